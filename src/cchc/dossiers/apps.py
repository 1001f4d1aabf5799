from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "cchc.dossiers"
    verbose_name = _("Hồ sơ thủ tục hành chính")

    def ready(self) -> None:
        from cchc.calendars import recompute
        from cchc.core import widgets as home

        from .services import recompute_due_dates
        from .widgets import home_widgets

        # A calendar change re-sets the appointments of open dossiers (DOMAIN 6).
        recompute.register(recompute_due_dates)
        home.register("dossiers", home_widgets)

        from . import checks  # noqa: F401 - registers the SITE_URL and lookup cache checks

        _clear_lookups_on_change()


def _clear_lookups_on_change() -> None:
    """The public lookup's cached answers (``lookup_cache``) follow every saved or deleted
    dossier (each service saves the dossier with its timeline and supplement requests) and
    every procedure or agency saved (the names and addresses the answer shows). Receivers
    here, not calls in each service: an edit through the back office clears them too."""
    from django.db.models.signals import post_delete, post_save

    from cchc.organizations.models import Agency
    from cchc.procedures.models import Procedure

    from . import lookup_cache
    from .models import Dossier

    def dossier_saved(sender: type, instance: Dossier, created: bool = False, **_: object) -> None:
        if not created:  # a new code had no answer to keep
            lookup_cache.forget_on_commit(instance.code)

    post_save.connect(dossier_saved, sender=Dossier, dispatch_uid="lookup-dossier-saved")
    post_delete.connect(dossier_saved, sender=Dossier, dispatch_uid="lookup-dossier-deleted")
    for model in (Procedure, Agency):
        post_save.connect(
            lookup_cache.forget_all_on_commit, sender=model, dispatch_uid=f"lookup-{model}"
        )
