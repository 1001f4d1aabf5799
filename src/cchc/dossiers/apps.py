from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "cchc.dossiers"
    verbose_name = _("Hồ sơ thủ tục hành chính")

    def ready(self) -> None:
        from cchc.calendars import recompute
        from cchc.core import widgets as home

        from .services import recompute_due_dates
        from .widgets import home_widgets

        # A calendar change re-sets the appointments of open dossiers (DOMAIN 6).
        recompute.register(recompute_due_dates)
        home.register("dossiers", home_widgets)

        from . import checks  # noqa: F401 - registers the SITE_URL check
