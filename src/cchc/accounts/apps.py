from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cchc.accounts"
    verbose_name = _("Người dùng")

    def ready(self) -> None:
        from . import history

        # Who may read a change history: core asks, the rights live here.
        history.connect()
        checks.register(check_required_roles)
        # Who sees every file import (core asks): the system administrators.
        from cchc.core import imports

        from .models import Role

        imports.set_admin_rule(lambda user: user.is_superuser or user.role == Role.SYSTEM_ADMIN)


def check_required_roles(app_configs, **kwargs):
    """A misspelt role in CCHC_TOTP_REQUIRED_ROLES would silently require nothing."""
    from django.conf import settings

    from .models import Role

    unknown = sorted(set(settings.TOTP_REQUIRED_ROLES) - set(Role.values))
    if not unknown:
        return []
    return [
        checks.Error(
            f"CCHC_TOTP_REQUIRED_ROLES names unknown roles: {', '.join(unknown)}",
            hint=f"Use role codes among: {', '.join(Role.values)}",
            id="cchc.accounts.E001",
        )
    ]
