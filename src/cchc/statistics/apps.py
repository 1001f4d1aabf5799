from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "cchc.statistics"
    verbose_name = _("Thống kê")

    def ready(self) -> None:
        # Rollups follow every dossier change (see cchc.dossiers.signals).
        from . import receivers  # noqa: F401
