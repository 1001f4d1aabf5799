from __future__ import annotations

from django.db.models import Count, QuerySet

from cchc.accounts import scope

from .models import Agency


def agencies_for(user, *, query: str = "", include_archived: bool = True) -> QuerySet[Agency]:
    qs = scope.scoped(Agency.objects.all(), user, field="")
    if query:
        qs = qs.search(query)
    if not include_archived:
        qs = qs.active()
    return qs.select_related("parent", "successor")


def agency_tree_for(user, *, query: str = "") -> list[Agency]:
    """The visible tree in path order; with a query, the matches and their ancestors."""
    qs = agencies_for(user).annotate(member_count=Count("members"))
    if not query:
        return list(qs)
    matches = list(qs.search(query))
    needed: set[int] = set()
    for a in matches:
        needed.update(int(p) for p in a.path.strip("/").split("/") if p)
    hits = {a.pk for a in matches}
    result = list(qs.filter(pk__in=needed))
    for a in result:
        a.is_match = a.pk in hits
    return result


def get_agency_for(user, pk: int) -> Agency:
    from cchc.core.errors import Forbidden, NotFound

    try:
        agency = Agency.objects.select_related("parent", "successor").get(pk=pk)
    except Agency.DoesNotExist:
        raise NotFound("Không tìm thấy cơ quan.")
    if not scope.can_see_agency(user, agency):
        raise Forbidden("Bạn không có quyền xem cơ quan này.")
    return agency
