from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "cchc.reports"
    verbose_name = _("Thống kê, báo cáo")

    def ready(self) -> None:
        # Rollups follow every dossier change (see cchc.dossiers.signals).
        from . import receivers  # noqa: F401
