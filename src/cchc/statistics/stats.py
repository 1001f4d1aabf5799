"""Dossier statistics of DOMAIN.md section 7, as pure formulas (no ORM).

For a period [``date_from``, ``date_to``] (both days included) and a set of dossiers:

* **received** = **carried over** (received before ``date_from`` and not finished before it) +
  **new** (received in the period, split by channel). 178.770 = 2.159 + 176.611 in seed 003.
* **resolved** = finished in the period = **early** + **on time** + **late**. The appointment
  that counts is ``due_date`` (set at receipt or when the clock restarts after a supplement);
  an apology's new date never turns a late dossier into an on-time one.
* **in progress** = received − resolved = dossiers open at the end of ``date_to`` =
  **not yet due** + **overdue**, both read **as of** min(``date_to``, today) (a period ending
  in the future is counted as of today): ``dossiers.rules.is_overdue_on``, the one definition —
  open, its clock running (not waiting for the citizen's supplement) and its ``due_date``
  before that day (one due on the day itself may still be returned that day). A dossier
  without a due date (procedures with no statutory time) is never overdue. The selectors read
  the prefix "at date_to" at that day: every other counter is dated today or earlier, so only
  the overdue counters differ.
* **late with apology** counts only apologies sent before their deadline (a late apology is
  kept on the dossier but does not meet the duty, DOMAIN 5).
* A dossier counts from its ``received_date`` unless it is still waiting at the desk for a
  complete file (status ``desk_supplement``: it has not been received yet, Decree 61/2018
  Art. 19); a finished dossier whose ``timeliness`` was left blank is classified by its dates.

Every figure is a difference of prefix sums of nine per-day counters (``contributions``), so
daily/monthly/yearly rollups answer any period exactly:

====================  ============================================================
counter (on day x)    +1 for a dossier when
====================  ============================================================
received              x = received_date
received_repeated     x = received_date and supplement_count ≥ 2
finished_<t>          x = finished_date and its timeliness is t (early/on_time/late)
finished_late_apology x = finished_date, late, and an apology was sent
finished_repeated     x = finished_date and supplement_count ≥ 2
overdue_start         x = max(due_date + 1, received_date), unless finished by due_date or
                      waiting for the citizen's supplement (its clock is stopped)
overdue_end           x = finished_date of a dossier that had started being overdue
received_desk_rep…    x = received_date and desk_supplement_count ≥ 2 (sent back at the desk)
finished_desk_rep…    x = finished_date and desk_supplement_count ≥ 2
====================  ============================================================

With P(c, d) = Σ counter c over days ≤ d and f = date_from − 1, t = date_to:
new = P(received, t) − P(received, f); carried = P(received, f) − P(finished, f);
resolved_t = P(finished_t, t) − P(finished_t, f); in progress = P(received, t) − P(finished, t);
overdue = P(overdue_start, t) − P(overdue_end, t); dossiers with ≥ 2 supplement requests among
those received = P(received_repeated, t) − P(finished_repeated, f).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cchc.core.text import format_int, format_percent

CHANNELS: tuple[str, ...] = ("desk", "online_full", "online_partial", "post")
ONLINE: frozenset[str] = frozenset({"online_full", "online_partial"})
TIMELINESS: tuple[str, ...] = ("early", "on_time", "late")
NOT_RECEIVED_STATUSES: frozenset[str] = frozenset({"desk_supplement"})
WAITING_STATUS = "supplement"

COUNTERS: tuple[str, ...] = (
    "received",
    "received_repeated",
    "finished_early",
    "finished_on_time",
    "finished_late",
    "finished_late_apology",
    "finished_repeated",
    "overdue_start",
    "overdue_end",
    "received_desk_repeated",
    "finished_desk_repeated",
)
FINISHED = ("finished_early", "finished_on_time", "finished_late")

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Record:
    """What statistics read from a dossier (the ``stat_snapshot`` contract)."""

    agency_id: int
    procedure_id: int
    channel: str
    level: str
    received_date: date | None
    due_date: date | None
    finished_date: date | None
    timeliness: str
    status: str
    apologized: bool
    supplement_count: int
    desk_supplement_count: int = 0

    @classmethod
    def from_snapshot(cls, snap: Mapping[str, Any]) -> Record:
        return cls(
            agency_id=snap["agency_id"],
            procedure_id=snap["procedure_id"],
            channel=snap["channel"],
            level=snap.get("level") or "",
            received_date=snap["received_date"],
            due_date=snap["due_date"],
            finished_date=snap["finished_date"],
            timeliness=snap.get("timeliness") or "",
            status=snap.get("status") or "",
            apologized=bool(snap.get("apologized")),
            supplement_count=int(snap.get("supplement_count") or 0),
            desk_supplement_count=int(snap.get("desk_supplement_count") or 0),
        )

    @property
    def counted(self) -> bool:
        # A dossier refused while its file was still incomplete at the desk was never received
        # (it has no finishing date): it is not in the statistics either.
        if self.status == "refused" and self.finished_date is None:
            return False
        return self.received_date is not None and self.status not in NOT_RECEIVED_STATUSES

    @property
    def key(self) -> tuple[int, int, str, str]:
        return (self.agency_id, self.procedure_id, self.level, self.channel)


def classify(finished: date, due: date | None, timeliness: str) -> str:
    """The timeliness a finished dossier counts under: the one fixed at finishing, or, when the
    service left it blank, the one its dates give against the counting appointment."""
    if timeliness in TIMELINESS:
        return timeliness
    if due is None or finished == due:
        return "on_time"
    return "early" if finished < due else "late"


def overdue_start(rec: Record) -> date | None:
    """First day at whose end the dossier is open with its due date passed, or None if never."""
    if not rec.counted or rec.due_date is None or rec.received_date is None:
        return None
    if rec.finished_date is not None and rec.finished_date <= rec.due_date:
        return None
    if rec.status == WAITING_STATUS:  # the clock is stopped while the citizen completes the file
        return None
    return max(rec.due_date + ONE_DAY, rec.received_date)


def contributions(rec: Record) -> list[tuple[date, str, int]]:
    """The per-day counter increments of one dossier (see the module docstring)."""
    if not rec.counted:
        return []
    assert rec.received_date is not None
    repeated = rec.supplement_count >= 2
    desk_repeated = rec.desk_supplement_count >= 2
    out = [(rec.received_date, "received", 1)]
    if repeated:
        out.append((rec.received_date, "received_repeated", 1))
    if desk_repeated:
        out.append((rec.received_date, "received_desk_repeated", 1))
    f = rec.finished_date
    if f is not None:
        kind = classify(f, rec.due_date, rec.timeliness)
        out.append((f, f"finished_{kind}", 1))
        if kind == "late" and rec.apologized:
            out.append((f, "finished_late_apology", 1))
        if repeated:
            out.append((f, "finished_repeated", 1))
        if desk_repeated:
            out.append((f, "finished_desk_repeated", 1))
    start = overdue_start(rec)
    if start is not None:
        out.append((start, "overdue_start", 1))
        if f is not None:
            out.append((f, "overdue_end", 1))
    return out


def delta(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> dict[tuple[tuple[int, int, str, str], date, str], int]:
    """Net counter changes of one dossier change, keyed by (group key, day, counter);
    zero entries dropped, so a change that moves no statistic writes nothing."""
    out: dict[tuple[tuple[int, int, str, str], date, str], int] = {}
    for snap, sign in ((before, -1), (after, 1)):
        if snap is None:
            continue
        rec = Record.from_snapshot(snap)
        for day, counter, n in contributions(rec):
            k = (rec.key, day, counter)
            out[k] = out.get(k, 0) + sign * n
    return {k: v for k, v in out.items() if v}


def _ratio(num: int, den: int) -> Decimal | None:
    """A percentage with two decimals, None when there is nothing to divide by."""
    if den == 0:
        return None
    return (Decimal(100) * num / den).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class DossierStats:
    """One row of a dossier statistics table; every count an int, rates in percent."""

    label: str = ""
    key: Any = None
    carried: int = 0
    new_desk: int = 0
    new_online_full: int = 0
    new_online_partial: int = 0
    new_post: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    late_with_apology: int = 0
    not_yet_due: int = 0
    overdue: int = 0
    repeated_supplement: int = 0
    repeated_desk_supplement: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    COUNT_FIELDS = (
        "carried",
        "new_desk",
        "new_online_full",
        "new_online_partial",
        "new_post",
        "early",
        "on_time",
        "late",
        "late_with_apology",
        "not_yet_due",
        "overdue",
        "repeated_supplement",
        "repeated_desk_supplement",
    )

    @property
    def new(self) -> int:
        return self.new_desk + self.new_online_full + self.new_online_partial + self.new_post

    @property
    def new_online(self) -> int:
        return self.new_online_full + self.new_online_partial

    @property
    def received(self) -> int:
        return self.carried + self.new

    @property
    def early_or_on_time(self) -> int:
        return self.early + self.on_time

    @property
    def resolved(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def in_progress(self) -> int:
        return self.not_yet_due + self.overdue

    @property
    def on_time_rate(self) -> Decimal | None:
        return _ratio(self.early_or_on_time, self.resolved)

    @property
    def online_share(self) -> Decimal | None:
        return _ratio(self.new_online, self.new)

    @property
    def apology_coverage(self) -> Decimal | None:
        return _ratio(self.late_with_apology, self.late)

    @property
    def repeated_supplement_share(self) -> Decimal | None:
        return _ratio(self.repeated_supplement, self.received)

    @property
    def balanced(self) -> bool:
        """The identity of section 7: received = carried + new = resolved + in progress."""
        return self.received == self.resolved + self.in_progress

    def add(self, other: DossierStats) -> None:
        for name in self.COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        """Plain ints (and rates as strings of the percentage) for JSON."""
        rate = {
            "on_time_rate": self.on_time_rate,
            "online_share": self.online_share,
            "apology_coverage": self.apology_coverage,
            "repeated_supplement_share": self.repeated_supplement_share,
        }
        return {
            "label": self.label,
            "key": self.key,
            "received": self.received,
            "carried": self.carried,
            "new": self.new,
            "new_by_channel": {
                "desk": self.new_desk,
                "online_full": self.new_online_full,
                "online_partial": self.new_online_partial,
                "post": self.new_post,
            },
            "resolved": self.resolved,
            "early": self.early,
            "on_time": self.on_time,
            "early_or_on_time": self.early_or_on_time,
            "late": self.late,
            "late_with_apology": self.late_with_apology,
            "in_progress": self.in_progress,
            "not_yet_due": self.not_yet_due,
            "overdue": self.overdue,
            "repeated_supplement": self.repeated_supplement,
            "repeated_desk_supplement": self.repeated_desk_supplement,
            **{k: (None if v is None else str(v)) for k, v in rate.items()},
        }

    def formatted(self) -> dict[str, str]:
        """Vietnamese display: 178.770, 82,03%."""
        out: dict[str, str] = {"label": self.label}
        for name in (
            "received",
            "carried",
            "new",
            "new_online",
            "resolved",
            "early_or_on_time",
            "late",
            "in_progress",
            "not_yet_due",
            "overdue",
            "repeated_supplement",
            "repeated_desk_supplement",
        ):
            out[name] = format_int(getattr(self, name))
        for name in ("on_time_rate", "online_share", "apology_coverage"):
            out[name] = format_percent(getattr(self, name))
        return out

    def sentence(self) -> str:
        """The sentence of seed 003's section g), filled with these numbers."""
        f = format_int
        return (
            f"Tiếp nhận {f(self.received)} hồ sơ, trong đó: {f(self.new)} hồ sơ mới tiếp nhận; "
            f"{f(self.carried)} hồ sơ từ kỳ trước chuyển qua. Đã giải quyết {f(self.resolved)} "
            f"hồ sơ ({f(self.early_or_on_time)} hồ sơ giải quyết đúng hạn; {f(self.late)} hồ sơ "
            f"giải quyết quá hạn); {f(self.in_progress)} hồ sơ đang giải quyết "
            f"({f(self.not_yet_due)} hồ sơ chưa đến hạn, {f(self.overdue)} hồ sơ đang giải "
            f"quyết quá hạn)."
        )


StatRow = DossierStats

Prefix = Mapping[str, int]


def from_prefixes(
    at_to: Mapping[str, Mapping[str, int]],
    before_from: Mapping[str, Mapping[str, int]],
    *,
    label: str = "",
    key: Any = None,
) -> DossierStats:
    """Statistics from prefix sums of the counters per channel: ``at_to[channel][counter]`` up
    to ``date_to`` included, ``before_from`` up to the day before ``date_from``."""
    s = DossierStats(label=label, key=key)
    zero: dict[str, int] = {}
    for ch in set(at_to) | set(before_from):
        t = at_to.get(ch, zero)
        f = before_from.get(ch, zero)

        def p(c: str, src: Mapping[str, int]) -> int:
            return int(src.get(c, 0) or 0)

        fin_t = sum(p(c, t) for c in FINISHED)
        fin_f = sum(p(c, f) for c in FINISHED)
        new = p("received", t) - p("received", f)
        if ch in CHANNELS:
            setattr(s, f"new_{ch}", getattr(s, f"new_{ch}") + new)
        else:  # an unknown channel still counts, with the desk (never silently dropped)
            s.new_desk += new
        s.carried += p("received", f) - fin_f
        s.early += p("finished_early", t) - p("finished_early", f)
        s.on_time += p("finished_on_time", t) - p("finished_on_time", f)
        s.late += p("finished_late", t) - p("finished_late", f)
        s.late_with_apology += p("finished_late_apology", t) - p("finished_late_apology", f)
        overdue = p("overdue_start", t) - p("overdue_end", t)
        s.overdue += overdue
        s.not_yet_due += p("received", t) - fin_t - overdue
        s.repeated_supplement += p("received_repeated", t) - p("finished_repeated", f)
        s.repeated_desk_supplement += p("received_desk_repeated", t) - p(
            "finished_desk_repeated", f
        )
    return s


def direct(
    records: Iterable[Record], date_from: date, date_to: date, today: date | None = None
) -> DossierStats:
    """The definitions applied dossier by dossier: the reference the rollups are tested
    against (and a readable statement of section 7). ``today`` (default: the local date) is
    what "overdue" is read as of when the period ends later."""
    from django.utils import timezone

    from cchc.dossiers.rules import is_overdue_on, overdue_as_of

    as_of = overdue_as_of(date_to, today or timezone.localdate())
    s = DossierStats()
    for r in records:
        if not r.counted:
            continue
        assert r.received_date is not None
        rd, fd = r.received_date, r.finished_date
        if rd > date_to or (fd is not None and fd < date_from):
            continue  # not handled in the period
        if rd < date_from:
            s.carried += 1
        else:
            ch = r.channel if r.channel in CHANNELS else "desk"
            setattr(s, f"new_{ch}", getattr(s, f"new_{ch}") + 1)
        if r.supplement_count >= 2:
            s.repeated_supplement += 1
        if r.desk_supplement_count >= 2:
            s.repeated_desk_supplement += 1
        if fd is not None and fd <= date_to:
            kind = classify(fd, r.due_date, r.timeliness)
            setattr(s, kind, getattr(s, kind) + 1)
            if kind == "late" and r.apologized:
                s.late_with_apology += 1
        elif is_overdue_on(
            as_of,
            r.due_date,
            received_date=rd,
            finished_date=fd,
            waiting_for_citizen=r.status == WAITING_STATUS,
        ):
            s.overdue += 1
        else:
            s.not_yet_due += 1
    return s


def prefix_sums(
    records: Iterable[Record], day: date, *, by: str | None = None
) -> dict[Any, dict[str, dict[str, int]]]:
    """Σ of each counter over days ≤ ``day`` per channel (and per ``by`` attribute): what the
    rollup tables return, computed from the records (used by tests and the recount)."""
    out: dict[Any, dict[str, dict[str, int]]] = {}
    for r in records:
        g = getattr(r, by) if by else None
        for d, c, n in contributions(r):
            if d <= day:
                ch = out.setdefault(g, {}).setdefault(r.channel, {})
                ch[c] = ch.get(c, 0) + n
    return out


def count_names() -> list[str]:
    return [f.name for f in fields(DossierStats) if f.name in DossierStats.COUNT_FIELDS]
