"""Keyset pagination for every list that can grow large (issue 14, "Lists at a million").

``OFFSET n`` makes the database walk and drop ``n`` rows, so page 20,000 of a million dossiers
costs as much as reading them all; a page number also shifts under inserts (a row appears
twice or never). A keyset page instead starts strictly after the sort key of the last row
shown, ``WHERE (received_at, id) < (:last_at, :last_id) ORDER BY received_at DESC, id DESC
LIMIT 51``, which an index on the sort key answers by reading 51 rows whatever the depth.

The cursor carries the last row's sort values (opaque base64 of JSON, checked against the
fields' types on the way back), so a tampered cursor is refused, never a silent first page.
The primary key ends every ordering: equal sort keys never duplicate or skip a row.

Counting a million rows is the other cost of a list: ``count`` gives the exact figure up to a
bound and past it an estimate (the planner's row estimate on PostgreSQL, "more than" the bound
on SQLite, which keeps none). A list that must show an exact figure (the list behind a
statistic) asks for ``exact=True``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections
from django.db.models import F, Model, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.db.models.sql.where import WhereNode

from .errors import DomainError

M = TypeVar("M", bound=Model)

COUNT_BOUND = 10_000  # counted exactly up to here; past it, estimated


class BadCursor(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "Con trỏ phân trang không hợp lệ; vui lòng tải lại danh sách từ trang đầu.",
            code="bad_cursor",
        )


@dataclass(frozen=True)
class Key:
    """One sort key: a concrete field or an annotation of the queryset."""

    name: str
    descending: bool
    nullable: bool
    field: Any  # the model field or the annotation's output field, to parse cursor values


@dataclass
class Page(Generic[M]):
    items: list[M]
    next_cursor: str | None
    previous_cursor: str | None
    size: int

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def object_list(self) -> list[M]:  # the name templates written for Paginator use
        return self.items


def _keys(qs: QuerySet, order: Sequence[str]) -> list[Key]:
    names = [o.lstrip("-") for o in order]
    pk = qs.model._meta.pk
    assert pk is not None
    if pk.name not in names and "pk" not in names:
        # The primary key breaks ties, in the direction of the last key.
        order = [*order, ("-" if order and order[-1].startswith("-") else "") + pk.name]
    keys = []
    for o in order:
        name = o.lstrip("-")
        if name == "pk":
            name = pk.name
        if name in qs.query.annotations:
            field = qs.query.annotations[name].output_field
        else:
            try:
                field = qs.model._meta.get_field(name)
            except FieldDoesNotExist:
                raise ValueError(
                    f"keyset order on {name!r}: not a field or an annotation"
                ) from None
            if field.is_relation:
                raise ValueError(f"keyset order on {name!r}: use the column ({name}_id)")
        keys.append(Key(name, o.startswith("-"), bool(field.null), field))
    return keys


def _order_by(keys: Sequence[Key], backwards: bool) -> list[OrderBy]:
    """NULLs sort last going forwards on both databases (SQLite's default is first); a
    column that cannot be NULL gets no NULLS clause, so PostgreSQL still uses its index."""
    out = []
    for k in keys:
        desc = k.descending != backwards
        if not k.nullable:
            out.append(F(k.name).desc() if desc else F(k.name).asc())
        elif backwards:
            out.append(
                F(k.name).desc(nulls_first=True) if desc else F(k.name).asc(nulls_first=True)
            )
        else:
            out.append(F(k.name).desc(nulls_last=True) if desc else F(k.name).asc(nulls_last=True))
    return out


_NOTHING = Q(pk__in=[])


def _after(keys: Sequence[Key], values: Sequence[Any], backwards: bool) -> Q:
    """Rows strictly after ``values`` in the order (before it when ``backwards``):
    for keys k1..kn, ``k1 > v1 OR (k1 = v1 AND (k2 > v2 OR (…)))``, with NULL last."""
    cond = _NOTHING
    for k, v in reversed(list(zip(keys, values, strict=True))):
        desc = k.descending != backwards
        nulls_first = k.nullable and backwards
        if v is None:
            beyond = Q(**{f"{k.name}__isnull": False}) if nulls_first else _NOTHING
            equal = Q(**{f"{k.name}__isnull": True})
        else:
            beyond = Q(**{f"{k.name}__{'lt' if desc else 'gt'}": v})
            if k.nullable and not nulls_first:
                beyond |= Q(**{f"{k.name}__isnull": True})
            equal = Q(**{k.name: v})
        cond = beyond | (equal & cond)
    first, v = keys[0], values[0]
    if v is not None and not first.nullable:
        # The same bound on the leading key alone: an index range, not a filter on every row
        # from the start (PostgreSQL does not derive it from the OR above).
        desc = first.descending != backwards
        cond &= Q(**{f"{first.name}__{'lte' if desc else 'gte'}": v})
    return cond


def _encode(keys: Sequence[Key], row: Model, backwards: bool) -> str:
    values = []
    for k in keys:
        v = getattr(row, k.name)
        values.append(v.isoformat() if hasattr(v, "isoformat") else v)
    raw = json.dumps(["b" if backwards else "a", values], default=str, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(keys: Sequence[Key], cursor: str) -> tuple[bool, list[Any]]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        direction, values = json.loads(raw)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise BadCursor() from None
    if direction not in ("a", "b") or not isinstance(values, list) or len(values) != len(keys):
        raise BadCursor()
    parsed: list[Any] = []
    for k, v in zip(keys, values, strict=True):
        if v is None:
            if not k.nullable:
                raise BadCursor()
            parsed.append(None)
            continue
        if not isinstance(v, (str, int)) or isinstance(v, bool) or len(str(v)) > 200:
            raise BadCursor()
        try:
            parsed.append(k.field.to_python(v))
        except (ValidationError, ValueError, TypeError):
            raise BadCursor() from None
        if parsed[-1] is None:
            raise BadCursor()
    return direction == "b", parsed


def page(
    qs: QuerySet[M],
    *,
    order: Sequence[str] | None = None,
    cursor: str | None = "",
    size: int = 50,
) -> Page[M]:
    """One page of ``qs`` in ``order`` (default: the queryset's own ``order_by`` of plain
    names), after or before ``cursor``; ``size`` + 1 rows are read to know whether more
    follow. A bad cursor raises ``BadCursor``."""
    if order is None:
        order = [o for o in qs.query.order_by if isinstance(o, str)]
        if len(order) != len(qs.query.order_by):
            raise ValueError("keyset page: pass ``order`` for an ordering by expressions")
    keys = _keys(qs, order)
    backwards = False
    if cursor:
        backwards, values = _decode(keys, cursor)
        qs = qs.filter(_after(keys, values, backwards))
    # Two steps: the keys of the page first (narrow rows: the database sorts or walks the index
    # without the joins), then those rows with their related objects.
    ids = list(
        qs.select_related(None)
        .order_by(*_order_by(keys, backwards))
        .values_list("pk", flat=True)[: size + 1]
    )
    more = len(ids) > size
    ids = ids[:size]
    # The rows by their keys alone: the list's filters chose them already, and one of them
    # may cost more than the 50 rows (a text search reads its whole index again).
    rows_qs = qs.order_by()
    rows_qs.query.where = WhereNode()
    found = {row.pk: row for row in rows_qs.filter(pk__in=ids)}
    rows = [found[pk] for pk in ids if pk in found]
    if backwards:
        rows.reverse()
    # Going forwards, a cursor was given: there is a page before. Going backwards, the page we
    # came from follows.
    has_next = more if not backwards else bool(rows)
    has_previous = bool(cursor) and bool(rows) if not backwards else more
    return Page(
        items=rows,
        next_cursor=_encode(keys, rows[-1], False) if has_next and rows else None,
        previous_cursor=_encode(keys, rows[0], True) if has_previous and rows else None,
        size=size,
    )


@dataclass(frozen=True)
class Count:
    """How many rows a list holds: ``exact`` or, past the bound, an estimate (``at_least``
    when the database gave none: SQLite)."""

    n: int
    exact: bool
    at_least: bool = False


def _computed_first(qs: QuerySet) -> bool:
    order = qs.query.order_by
    if not order:
        return False
    first = order[0]
    if isinstance(first, str):
        return first.lstrip("-") in qs.query.annotations
    return not isinstance(getattr(first, "expression", None), F)


def count(
    qs: QuerySet,
    *,
    exact: bool = False,
    bound: int = COUNT_BOUND,
    floor: QuerySet | None = None,
) -> Count:
    """The rows of ``qs``: exact when asked or when there are at most ``bound`` (counting stops
    there), else the planner's estimate on PostgreSQL or "at least ``bound``" on SQLite.

    ``floor``, a subset of ``qs`` the database counts from an index alone, is counted first:
    past the bound, so is ``qs``, whose own rows may have to be read one by one from the
    table to find ``bound`` of them (a commune's dossiers, one in twenty of the province's,
    took 110 ms)."""
    if exact:
        return Count(qs.count(), True)
    connection = connections[qs.db]
    if floor is not None and _bounded(floor.order_by(), bound) > bound:
        # The floor's estimate too: the planner reckons its one indexed filter better than
        # the list's own (an OR over three agencies' columns was 15 times the rows).
        return _past(floor, bound)
    # On SQLite the list's own order is kept: the planner then counts along the plan it found
    # for the page (an index in that order), where without it SQLite, which keeps no
    # histogram, may choose to scan the whole table for a filter it believes unselective. An
    # order that starts with a computed value (the queue's urgency) no index gives: it would
    # only sort the rows counted. PostgreSQL picks the cheapest way to its first rows from its
    # statistics; an order there made it sort every row of the filter (96 ms for the last
    # month's 80,000 at a million).
    if connection.vendor != "sqlite" or _computed_first(qs):
        qs = qs.order_by()
    counted = _bounded(qs, bound)
    if counted <= bound:
        return Count(counted, True)
    return _past(qs, bound)


def _bounded(qs: QuerySet, bound: int) -> int:
    return qs.select_related(None).values("pk")[: bound + 1].count()


def _past(qs: QuerySet, bound: int) -> Count:
    """A list known to hold more than ``bound`` rows: the planner's estimate on PostgreSQL,
    "more than ``bound``" on SQLite, which keeps none."""
    connection = connections[qs.db]
    if connection.vendor == "postgresql":
        sql, params = qs.order_by().query.sql_with_params()
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cur.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return Count(max(int(plan[0]["Plan"]["Plan Rows"]), bound + 1), False)
    return Count(bound, False, at_least=True)


def from_request(
    request, qs: QuerySet[M], *, order: Sequence[str] | None = None, size: int = 50
) -> Page[M]:
    """The page a list view shows: ``?cursor=`` from the pager's links (``pager_links``)."""
    return page(qs, order=order, cursor=request.GET.get("cursor", ""), size=size)


def pager_links(request, p: Page) -> dict[str, str]:
    """The addresses of the pages before and after, the list's other parameters kept (an old
    ``page=`` number dropped): what ``core/_pager.html`` shows."""
    params = request.GET.copy()
    params.pop("page", None)
    links = {}
    for name, cursor in (("previous", p.previous_cursor), ("next", p.next_cursor)):
        if cursor:
            params["cursor"] = cursor
            links[name] = "?" + params.urlencode()
    params.pop("cursor", None)
    if p.previous_cursor:
        links["first"] = "?" + params.urlencode()
    return links
