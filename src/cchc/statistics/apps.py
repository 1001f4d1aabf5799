from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "cchc.statistics"
    verbose_name = _("Thống kê")

    def ready(self) -> None:
        from cchc.core import widgets as home

        from . import dashboard, indicators, receivers
        from .widgets import home_widgets

        home.register("statistics", home_widgets)

        # Rollups follow every dossier change and every bulk load (cchc.dossiers.signals).
        receivers.connect()
        indicators.register_dossier_indicators()
        dashboard.register_dossier_sections()

        # The list behind a figure shows the figure from the rollups (issue 14: lists at a
        # million rows count nothing on a page).
        from cchc.dossiers.selectors import FIGURE_COUNTERS

        from .selectors import figure_count

        FIGURE_COUNTERS[:] = [figure_count]
