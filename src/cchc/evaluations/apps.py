from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "cchc.evaluations"
    verbose_name = _("Đánh giá giải quyết thủ tục hành chính")

    def ready(self) -> None:
        from cchc.dossiers import public_links

        from . import conduct, indicators, receivers, reporting  # noqa: F401

        public_links.register(receivers.lookup_link)
        receivers.clear_lookup_link()
        reporting.register()
        conduct.register()  # unsatisfied ratings on the staff card
