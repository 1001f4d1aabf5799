from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cchc.accounts"
    verbose_name = _("Người dùng")

    def ready(self) -> None:
        from . import history

        # Who may read a change history: core asks, the rights live here.
        history.connect()
        # Who sees every file import (core asks): the system administrators.
        from cchc.core import imports

        from .models import Role

        imports.set_admin_rule(lambda user: user.is_superuser or user.role == Role.SYSTEM_ADMIN)
