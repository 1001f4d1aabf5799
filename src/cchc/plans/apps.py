from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "cchc.plans"
    verbose_name = _("Kế hoạch CCHC")

    def ready(self) -> None:
        from cchc.core import widgets as home
        from cchc.statistics import dashboard

        from . import dashboard as plans_dashboard
        from . import signals, stats
        from .widgets import home_widgets

        signals.connect()
        home.register("plans", home_widgets)
        # The plan_* indicators of the statistics registry (plan targets, periodic reports).
        stats.register_indicators()
        dashboard.register(plans_dashboard.SECTION)
        dashboard.register(plans_dashboard.TARGETS_SECTION)
