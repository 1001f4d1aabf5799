"""The rating link goes out when a dossier's result is returned (``dossier_changed``)."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import receiver

from cchc.dossiers.models import Dossier, Status
from cchc.dossiers.signals import dossier_changed


@receiver(dossier_changed, sender=Dossier, dispatch_uid="evaluations-rating-link")
def offer_rating(sender, dossier, before, after, **kwargs) -> None:
    if after["status"] != Status.RETURNED or (before and before["status"] == Status.RETURNED):
        return
    from .services import send_rating_link

    pk = dossier.pk
    transaction.on_commit(lambda: send_rating_link(pk))


def lookup_link(dossier: Dossier) -> tuple[str, str] | None:
    """On the public lookup (the receipt's QR lands there): a returned, unrated dossier offers
    its signed rating link."""
    from django.utils.translation import gettext

    from .models import Rating
    from .services import rating_token

    if dossier.status != Status.RETURNED or Rating.objects.filter(dossier=dossier).exists():
        return None
    return gettext("Đánh giá mức độ hài lòng"), f"/danh-gia/r/{rating_token(dossier)}/"


def clear_lookup_link() -> None:
    """A rating given (or removed in the back office) takes the link off (or puts it back on)
    the lookup's kept answer."""
    from django.db.models.signals import post_delete, post_save

    from cchc.dossiers import lookup_cache

    from .models import Rating

    def changed(sender: type, instance: Rating, **_: object) -> None:
        lookup_cache.forget_on_commit(instance.dossier.code)

    post_save.connect(changed, sender=Rating, dispatch_uid="lookup-rating-saved")
    post_delete.connect(changed, sender=Rating, dispatch_uid="lookup-rating-deleted")
