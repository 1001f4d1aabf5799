"""Conduct records: what the system knows about how a person serves (seed 000, III.4: hotlines,
comment boxes, surveys; late dossiers; inspection findings).

``staff`` is lower than the apps that know these things (feedback, evaluations, inspections),
so it offers this registry and they fill it from their ``AppConfig.ready()``. Late dossiers come
from ``cchc.dossiers``, which is below ``staff``, so that source is registered here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import StaffMember


@dataclass(frozen=True)
class ConductItem:
    date: dt.date
    text: str
    url: str = ""
    negative: bool = True


@dataclass(frozen=True)
class ConductSource:
    key: str
    label: Any
    fetch: Callable[[StaffMember, dt.date, dt.date], list[ConductItem]]


_SOURCES: dict[str, ConductSource] = {}


def register(
    key: str, label: Any, fetch: Callable[[StaffMember, dt.date, dt.date], list[ConductItem]]
) -> ConductSource:
    """Add (or replace, so a reloaded module is harmless) a source of conduct records."""
    source = ConductSource(key, label, fetch)
    _SOURCES[key] = source
    return source


def sources() -> list[ConductSource]:
    return sorted(_SOURCES.values(), key=lambda s: s.key)


def records_for(
    staff: StaffMember, date_from: dt.date, date_to: dt.date
) -> list[tuple[ConductSource, list[ConductItem]]]:
    """Every source's items about the person, newest first within each source."""
    return [
        (s, sorted(s.fetch(staff, date_from, date_to), key=lambda i: i.date, reverse=True))
        for s in sources()
    ]


# -- late dossiers the person held --------------------------------------------------------


def late_dossiers(staff: StaffMember, date_from: dt.date, date_to: dt.date) -> list[ConductItem]:
    """Dossiers finished late (or still open past their date) that the person received, was
    handed (a ``DossierEvent`` to them) or holds now."""
    from django.db.models import Q
    from django.urls import reverse
    from django.utils import timezone

    from cchc.dossiers.models import OPEN_STATUSES, Dossier, Timeliness

    if staff.user_id is None:
        return []
    held = (
        Q(received_by_id=staff.user_id)
        | Q(events__to_user_id=staff.user_id)
        | Q(current_owner_id=staff.user_id)
    )
    today = timezone.localdate()
    late = Q(timeliness=Timeliness.LATE, finished_date__range=(date_from, date_to)) | Q(
        status__in=OPEN_STATUSES, due_date__lt=today, received_date__lte=date_to
    )
    rows = (
        Dossier.objects.filter(held & late)
        .distinct()
        .only("id", "code", "finished_date", "due_date", "procedure_id")
        .order_by("-due_date")[:200]
    )
    items = []
    for d in rows:
        when = d.finished_date or d.due_date or today
        text = _("Hồ sơ %(code)s giải quyết quá hạn (hẹn trả %(due)s)") % {
            "code": d.code,
            "due": d.due_date.strftime("%d/%m/%Y") if d.due_date else "—",
        }
        items.append(
            ConductItem(date=when, text=str(text), url=reverse("dossiers:detail", args=[d.code]))
        )
    return items


def register_builtin() -> None:
    register("dossiers_late", _("Hồ sơ trễ hẹn do cán bộ giữ"), late_dossiers)
