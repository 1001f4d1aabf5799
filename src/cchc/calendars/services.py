"""Writes on calendars. Every change is audited on the calendar, invalidates the cached
``WorkCalendar`` and, after commit, enqueues the recomputation of open deadlines."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F

from cchc.accounts import scope
from cchc.core import audit
from cchc.core.errors import DomainError, NotFound

from . import selectors
from .models import Calendar, CalendarOverride, OverrideKind
from .national import NATIONAL_CODE, NATIONAL_NAME, NATIONAL_OVERRIDES

if TYPE_CHECKING:
    from cchc.accounts.models import User

OVERRIDE_FIELDS = ("date", "kind", "name", "document_number", "document_date", "note")


def can_edit(user: Any, calendar: Calendar) -> bool:
    """Province administrators edit their province's calendar and the national one."""
    if calendar.agency_id is None:
        return scope.can_administer(user)
    return scope.can_administer(user, calendar.agency)


def _changed(calendar: Calendar, dates: list[dt.date]) -> None:
    """Bump the revision (other processes' caches see it) and schedule the recomputation."""
    Calendar.objects.filter(pk=calendar.pk).update(revision=F("revision") + 1)
    code = calendar.code
    iso = [d.isoformat() for d in dates]
    derived = list(Calendar.objects.filter(base=calendar).values_list("code", flat=True))

    def after_commit() -> None:
        from .tasks import recompute_open_deadlines

        selectors.clear_cache()
        for c in [code, *derived]:
            recompute_open_deadlines.enqueue(c, iso)

    transaction.on_commit(after_commit)


@transaction.atomic
def override_set(
    *,
    actor: User,
    calendar: Calendar,
    date: dt.date,
    kind: str,
    name: str = "",
    document_number: str = "",
    document_date: dt.date | None = None,
    note: str = "",
    reason: str = "",
) -> CalendarOverride:
    """Make ``date`` an extra day off or an extra working day (replacing an override there)."""
    calendar = Calendar.objects.select_for_update().get(pk=calendar.pk)
    if actor is not None:
        scope.require(can_edit(actor, calendar), "Bạn không có quyền sửa lịch làm việc này.")
    if kind not in OverrideKind.values:
        raise DomainError("Loại ngày điều chỉnh không hợp lệ.")
    if not (selectors.FIRST_YEAR <= date.year <= selectors.LAST_YEAR):
        raise DomainError(
            f"Ngày phải trong khoảng năm {selectors.FIRST_YEAR}–{selectors.LAST_YEAR}."
        )
    if document_date is not None and document_date > date + dt.timedelta(days=366):
        raise DomainError("Ngày văn bản không hợp lý.")
    if kind == OverrideKind.WORKING_DAY and not name.strip() and not document_number.strip():
        raise DomainError("Ngày làm việc bù cần ghi tên hoặc số văn bản làm căn cứ.")
    existing = CalendarOverride.objects.filter(calendar=calendar, date=date).first()
    before = audit.snapshot(existing, OVERRIDE_FIELDS) if existing else {}
    row = existing or CalendarOverride(calendar=calendar, date=date)
    row.kind = kind
    row.name = name.strip()
    row.document_number = document_number.strip()
    row.document_date = document_date
    row.note = note.strip()
    row.save()
    after = audit.snapshot(row, OVERRIDE_FIELDS)
    audit.record(
        actor=actor,
        obj=calendar,
        action="override_update" if existing else "override_add",
        changes=audit.diff(before, after) if existing else after,
        reason=reason,
    )
    _changed(calendar, [date])
    return row


@transaction.atomic
def override_remove(*, actor: User, calendar: Calendar, date: dt.date, reason: str = "") -> None:
    calendar = Calendar.objects.select_for_update().get(pk=calendar.pk)
    if actor is not None:
        scope.require(can_edit(actor, calendar), "Bạn không có quyền sửa lịch làm việc này.")
    row = CalendarOverride.objects.filter(calendar=calendar, date=date).first()
    if row is None:
        raise NotFound(f"Ngày {date:%d/%m/%Y} không có điều chỉnh nào.")
    before = audit.snapshot(row, OVERRIDE_FIELDS)
    row.delete()
    audit.record(actor=actor, obj=calendar, action="override_remove", changes=before, reason=reason)
    _changed(calendar, [date])


@transaction.atomic
def calendar_seed_national(*, actor: User | None = None) -> Calendar:
    """Create the national calendar ``vn`` with its overrides (idempotent: existing rows, maybe
    edited by the province, are left as they are)."""
    cal = Calendar.objects.filter(code=NATIONAL_CODE).first()
    if cal is None:
        cal = Calendar.objects.create(
            code=NATIONAL_CODE,
            name=NATIONAL_NAME,
            is_default=not Calendar.objects.filter(is_default=True).exists(),
        )
        audit.record(actor=actor, obj=cal, action="create", changes={"code": cal.code})
    added = []
    for o in NATIONAL_OVERRIDES:
        _, created = CalendarOverride.objects.get_or_create(
            calendar=cal,
            date=o.date,
            defaults=dict(
                kind=o.kind,
                name=o.name,
                document_number=o.document_number,
                document_date=o.document_date,
                note=o.note,
            ),
        )
        if created:
            added.append(o.date)
    if added:
        audit.record(
            actor=actor,
            obj=cal,
            action="seed",
            changes={"added": [d.isoformat() for d in added]},
        )
        _changed(cal, added)
    return cal
