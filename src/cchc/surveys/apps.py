from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "cchc.surveys"
    verbose_name = _("Khảo sát sự hài lòng")

    def ready(self) -> None:
        from cchc.core import widgets as home
        from cchc.statistics import dashboard

        from . import dashboard as sipas_dashboard
        from . import indicators, reporting  # noqa: F401
        from .widgets import home_widgets

        reporting.register()
        home.register("surveys", home_widgets)
        dashboard.register(sipas_dashboard.SECTION)
