"""Reads on the agency tree, already scoped to what the user may see. The rule is
``cchc.accounts.scope``, asked through the user (``user.agency_q``, ``user.can_see_agency``…):
accounts sits above organizations, so this app does not import it."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q, QuerySet

from cchc.core.errors import Forbidden, NotFound

from .models import Agency


def agencies_for(
    user, *, query: str = "", kind: str = "", include_archived: bool = True
) -> QuerySet[Agency]:
    qs = Agency.objects.filter(user.agency_q(field=""))
    if query:
        qs = qs.search(query)
    if kind:
        qs = qs.filter(kind=kind)
    if not include_archived:
        qs = qs.active()
    return qs.select_related("parent", "successor")


def agency_tree_for(
    user, *, query: str = "", kind: str = "", include_archived: bool = True
) -> list[Agency]:
    """The visible tree in path order; with a query or a kind, the matches and their
    ancestors (so a match is always shown in its place in the tree). Two queries at most."""
    base = agencies_for(user, include_archived=include_archived).annotate(
        member_count=Count("members", filter=Q(members__is_active=True))
    )
    if not query and not kind:
        return _tree_order(list(base))
    matches = agencies_for(user, query=query, kind=kind, include_archived=include_archived)
    rows = list(matches.values_list("pk", "path"))
    needed: set[int] = set()
    for _pk, path in rows:
        needed.update(int(p) for p in path.strip("/").split("/") if p)
    hits = {pk for pk, _path in rows}
    result = list(base.filter(pk__in=needed))
    for a in result:
        a.is_match = a.pk in hits
    return _tree_order(result)


def _tree_order(agencies: Sequence[Agency]) -> list[Agency]:
    """Depth-first, siblings by their order then name (the path only follows creation order:
    a province's communes are loaded before its departments)."""
    present = {a.pk for a in agencies}
    children: dict[int | None, list[Agency]] = {}
    for a in agencies:
        children.setdefault(a.parent_id if a.parent_id in present else None, []).append(a)
    for siblings in children.values():
        siblings.sort(key=lambda a: (a.sort_order, a.name))
    result: list[Agency] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        a = stack.pop()
        result.append(a)
        stack.extend(reversed(children.get(a.pk, [])))
    return result


def get_agency_for(user, pk: int) -> Agency:
    try:
        agency = Agency.objects.select_related("parent", "successor").get(pk=pk)
    except (Agency.DoesNotExist, ValueError) as exc:
        raise NotFound("Không tìm thấy cơ quan.") from exc
    if not user.can_see_agency(agency):
        raise Forbidden("Bạn không có quyền xem cơ quan này.")
    return agency


def get_agency_to_administer(user, pk: int) -> Agency:
    """The agency, if the user may change it (province administrators of its province)."""
    agency = get_agency_for(user, pk)
    if not user.can_administer(agency):
        raise Forbidden("Bạn không có quyền sửa cơ quan này.")
    return agency
