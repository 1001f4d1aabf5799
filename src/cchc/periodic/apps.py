from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeriodicConfig(AppConfig):
    name = "cchc.periodic"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self) -> None:
        from cchc.core import widgets as home
        from cchc.statistics import dashboard

        from . import dashboard as periodic_dashboard
        from .widgets import home_widgets

        home.register("periodic", home_widgets)
        dashboard.register(periodic_dashboard.SECTION)
