from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "cchc.inspections"
    verbose_name = _("Kiểm tra CCHC")

    def ready(self) -> None:
        from cchc.core import widgets as home

        from .widgets import home_widgets

        home.register("inspections", home_widgets)
        from . import conduct, indicators

        indicators.register_all()
        conduct.register()
