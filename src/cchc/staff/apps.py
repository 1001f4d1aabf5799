from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "cchc.staff"
    verbose_name = _("Cán bộ Một cửa")

    def ready(self) -> None:
        from cchc.core import widgets as home

        from . import conduct, indicators, reporting
        from .widgets import home_widgets

        indicators.register_all()
        reporting.register()
        conduct.register_builtin()
        home.register("staff", home_widgets)
