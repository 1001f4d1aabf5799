from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "cchc.dossiers"
    verbose_name = _("Hồ sơ thủ tục hành chính")

    def ready(self) -> None:
        # A calendar change re-sets the appointments of open dossiers (DOMAIN 6).
        from cchc.calendars import recompute

        from .services import recompute_due_dates

        recompute.register(recompute_due_dates)

        from . import checks  # noqa: F401 - registers the SITE_URL check
