from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "cchc.inspections"
    verbose_name = _("Kiểm tra CCHC")

    def ready(self) -> None:
        from cchc.core import widgets as home

        from . import conduct, indicators, reporting
        from .widgets import home_widgets

        indicators.register_all()
        reporting.register()
        conduct.register()
        home.register("inspections", home_widgets)
