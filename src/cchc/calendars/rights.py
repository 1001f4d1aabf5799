"""Who may change a working-day calendar: every rule of the calendars app is here, built on
``cchc.accounts.scope``. Province administrators edit their province's calendar; the national
calendar (no agency) belongs to the administrators of every province alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc.accounts import scope

if TYPE_CHECKING:
    from cchc.accounts.models import User

    from .models import Calendar


def can_edit(user: User, calendar: Calendar) -> bool:
    if calendar.agency is None:
        return scope.can_administer(user)
    return scope.can_administer(user, calendar.agency)


def require_edit(user: User, calendar: Calendar) -> None:
    scope.require(can_edit(user, calendar), "Bạn không có quyền sửa lịch làm việc này.")
