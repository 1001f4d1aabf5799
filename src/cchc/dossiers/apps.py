from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "cchc.dossiers"
    verbose_name = _("Hồ sơ thủ tục hành chính")

    def ready(self) -> None:
        # A calendar change re-sets the appointments of open dossiers (DOMAIN 6). The calendars
        # app offers ``recompute.register(fn)`` once it has it; until then nothing to hook.
        try:
            from cchc.calendars import recompute
        except ImportError:
            return
        register = getattr(recompute, "register", None)
        if register is not None:
            from .services import recompute_due_dates

            register(recompute_due_dates)
