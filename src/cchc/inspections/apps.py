from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "cchc.inspections"
    verbose_name = _("Kiểm tra CCHC")

    def ready(self) -> None:
        from . import conduct, indicators

        indicators.register_all()
        conduct.register()
