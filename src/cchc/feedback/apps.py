from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "cchc.feedback"
    verbose_name = _("Phản ánh, kiến nghị")

    def ready(self) -> None:
        from cchc.core import widgets as home

        # Figures for plan targets and reports (the indicator registry of the statistics app).
        from . import conduct, indicators, reporting  # noqa: F401
        from .widgets import home_widgets

        reporting.register()
        home.register("feedback", home_widgets)
        conduct.register()  # feedback about an official on the staff card
