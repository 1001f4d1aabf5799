"""Vietnamese deadline phrases of reform-plan tables → kind and milestones. Pure: no Django.

(Interface first; the parser body follows.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class DeadlineKind(StrEnum):
    FIXED_DATE = "fixed_date"
    PERIOD = "period"
    MILESTONES = "milestones"
    RECURRING = "recurring"
    RELATIVE = "relative"
    CONDITIONAL = "conditional"
    UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class Milestone:
    label: str
    due: dt.date | None
    start: dt.date | None = None
    relative_days: int | None = None
    relative_unit: str = ""  # "working_days" / "days" / "months"
    event: str = ""  # the event a relative (or conditional) deadline counts from
    recurrence: str = ""  # "daily"/"weekly"/"monthly"/"quarterly"/"half_yearly"/"yearly"/"ongoing"


@dataclass(frozen=True)
class Deadline:
    text: str
    kind: DeadlineKind
    milestones: tuple[Milestone, ...]
    note: str = ""


class _Calendar(Protocol):
    def add_workdays(self, start: dt.date, n: int) -> dt.date: ...


def parse_deadline(text: str, *, year: int | None = None) -> Deadline:
    return Deadline(text=text or "", kind=DeadlineKind.UNSPECIFIED, milestones=())


def resolve_relative(m: Milestone, event_date: dt.date, calendar: _Calendar) -> dt.date:
    raise NotImplementedError
