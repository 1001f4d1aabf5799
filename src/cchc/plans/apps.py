from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "cchc.plans"
    verbose_name = _("Kế hoạch CCHC")

    def ready(self) -> None:
        from . import signals

        signals.connect()
