"""Realistic dossier history in bulk, for demos and load tests (``cchc demo-data``).

The numbers follow the province report of seed 003 (≈ 0,04–0,1% late, a few supplement
requests, online share rising) and the rules of ``rules.py``: the appointment is computed with
the same calendar and the same cut-off hour, vectorised with ``add_workdays_array``; a
supplement during processing pauses the clock (the working days used count, the appointment is
the day the file is back plus the days that were left); a late dossier carries its apology
(seed 000), most sent before the deadline (``DOSSIER_APOLOGY_LEAD_DAYS`` working days before the
appointment), some late (kept, marked, not counted as the duty met); some applicants were sent
back at the desk before their file was accepted (``desk_supplement_count``); timeliness compares
the finishing day with the appointment that counts, never with the apology's date. Codes
follow the form of their date (Circular 04/2025 from 25/01/2026).

Rows are written with one bulk statement stream per table (``executemany`` on SQLite, ``COPY``
on PostgreSQL): a million dossiers and their history rows in well under three minutes. The
generated rows are demo data, not service writes, so they carry no audit rows; the statistics
rollups are rebuilt at the end when the reports app offers ``rollups.rebuild()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cchc.calendars.selectors import default_calendar, get_work_calendar
from cchc.core.text import fold
from cchc.dossiers import codes, rules
from cchc.dossiers.models import DailySequence, Dossier, DossierEvent, Status
from cchc.organizations.models import Agency, AgencyKind
from cchc.procedures.models import OnlineLevel, Procedure, TimeUnit

D64 = "datetime64[D]"
S64 = "datetime64[s]"
UTC_OFFSET = np.timedelta64(7 * 3600, "s")  # Asia/Ho_Chi_Minh has no daylight saving

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Trương",
    "Đinh",
    "Lâm",
    "Mai",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Minh",
    "Ngọc",
    "Thanh",
    "Hoàng",
    "Hữu",
    "Đức",
    "Thu",
    "Kim",
    "Quốc",
    "Bảo",
    "Gia",
    "Xuân",
    "Thị",
    "Văn",
]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Khang",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Ngân",
    "Nhung",
    "Phong",
    "Phúc",
    "Quân",
    "Quyên",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Trinh",
    "Tuấn",
    "Vy",
    "Yến",
]
ORGS = ["Công ty TNHH", "Công ty cổ phần", "Hợp tác xã", "Doanh nghiệp tư nhân"]


@dataclass
class Options:
    n: int
    seed: int = 2026
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    late_rate: float = 0.001
    supplement_rate: float = 0.03
    repeated_supplement_rate: float = 0.003
    late_apology_rate: float = 0.2  # of apologies, recorded after their deadline
    desk_supplement_rate: float = 0.05  # sent back once at the desk before acceptance
    repeated_desk_supplement_rate: float = 0.008  # sent back two or more times
    refuse_rate: float = 0.004
    stop_rate: float = 0.002
    batch: int = 50_000
    drop_indexes: bool | None = None  # None: when the load is large against the table
    progress: Callable[[int], Any] | None = None  # called with rows written
    now: dt.datetime | None = None


@dataclass
class Catalogue:
    """What the generator draws from: procedures with where they are resolved and received."""

    proc_ids: np.ndarray
    proc_days: np.ndarray  # working days (0 = same day), -1 = no time limit
    proc_unit: list[str]
    proc_amount: list[Decimal | None]
    proc_online: list[str]
    proc_levels: list[list[str]]
    proc_weight: np.ndarray
    proc_agency: np.ndarray  # index into agencies, -1 = drawn among communes
    agencies: list[Agency]
    desk_of: np.ndarray  # per agency index: index of its desk
    seq_of: np.ndarray  # per agency index: index of the agency owning its code sequence
    commune_idx: np.ndarray
    extra: dict[str, Any] = field(default_factory=dict)


def build_catalogue() -> Catalogue:
    procs = list(
        Procedure.objects.filter(is_current=True)
        .exclude(time_unit=TimeUnit.UNSPECIFIED, time_amount__isnull=True)
        .select_related("resolving_agency")
        .order_by("code")
    )
    agencies = list(Agency.objects.active().order_by("path"))
    index = {a.pk: i for i, a in enumerate(agencies)}
    communes = [i for i, a in enumerate(agencies) if a.kind == AgencyKind.COMMUNE]
    centre_desk = next(
        (
            i
            for i, a in enumerate(agencies)
            if a.kind == AgencyKind.ONE_STOP_DESK
            and a.parent_id
            and agencies[index[a.parent_id]].kind == AgencyKind.SERVICE_CENTRE
            if a.parent_id in index
        ),
        None,
    )
    if centre_desk is None:
        centre_desk = next(
            (i for i, a in enumerate(agencies) if a.kind == AgencyKind.SERVICE_CENTRE), None
        )
    desk_of = np.arange(len(agencies))
    for i, a in enumerate(agencies):
        own_desk = next(
            (
                j
                for j, b in enumerate(agencies)
                if b.parent_id == a.pk and b.kind == AgencyKind.ONE_STOP_DESK
            ),
            None,
        )
        if own_desk is not None:
            desk_of[i] = own_desk
        elif a.kind != AgencyKind.COMMUNE and centre_desk is not None:
            desk_of[i] = centre_desk
    first_by_eid: dict[str, int] = {}
    for i, a in sorted(enumerate(agencies), key=lambda t: (t[1].depth, t[1].pk)):
        if a.electronic_id:
            first_by_eid.setdefault(a.electronic_id, i)
    seq_of = np.array(
        [
            first_by_eid.get(a.electronic_id, i) if a.electronic_id else i
            for i, a in enumerate(agencies)
        ]
    )
    rows = []
    for p in procs:
        if p.resolving_agency_id and p.resolving_agency_id in index:
            where = index[p.resolving_agency_id]
        elif p.resolving_agency_kind == AgencyKind.COMMUNE and communes:
            where = -1
        else:
            continue
        if p.time_unit == TimeUnit.SAME_DAY:
            days = 0
        elif p.time_unit == TimeUnit.WORKING_DAYS and p.time_amount is not None:
            days = int(np.ceil(float(p.time_amount)))
        elif p.time_unit == TimeUnit.WORKING_HOURS and p.time_amount is not None:
            days = max(1, int(np.ceil(float(p.time_amount) / 8)))
        else:
            days = -1
        rows.append((p, where, days))
    if not rows:
        raise ValueError("Chưa có thủ tục nào có cơ quan giải quyết để sinh hồ sơ mẫu.")
    rng = np.random.default_rng(len(rows))
    # A few procedures carry most dossiers (civil status, land, business registration).
    weight = rng.pareto(1.2, len(rows)) + 0.05
    return Catalogue(
        proc_ids=np.array([p.pk for p, _, _ in rows]),
        proc_days=np.array([d for _, _, d in rows]),
        proc_unit=[p.time_unit for p, _, _ in rows],
        proc_amount=[p.time_amount for p, _, _ in rows],
        proc_online=[p.online_level for p, _, _ in rows],
        proc_levels=[list(p.levels or []) for p, _, _ in rows],
        proc_weight=weight / weight.sum(),
        proc_agency=np.array([w for _, w, _ in rows]),
        agencies=agencies,
        desk_of=desk_of,
        seq_of=seq_of,
        commune_idx=np.array(communes, dtype=np.int64),
    )


def _local_seconds(days: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    return days.astype(D64).astype(S64) + (minutes * 60).astype("timedelta64[s]")


def generate(opts: Options, cat: Catalogue | None = None) -> dict[str, Any]:
    """Build every column as numpy arrays (local wall times in seconds)."""
    cat = cat or build_catalogue()
    rng = np.random.default_rng(opts.seed)
    n = opts.n
    now = opts.now or timezone.now()
    today = timezone.localtime(now).date()
    date_to = opts.date_to or today - dt.timedelta(days=1)
    date_from = opts.date_from or date_to - dt.timedelta(days=365)
    cal = get_work_calendar()
    cutoff = int(getattr(settings, "DOSSIER_CUTOFF_HOUR", 15))
    hours = rules.DEFAULT_HOURS

    p = rng.choice(len(cat.proc_ids), size=n, p=cat.proc_weight)
    where = cat.proc_agency[p]
    if cat.commune_idx.size:
        commune_w = rng.pareto(1.5, cat.commune_idx.size) + 0.2
        drawn = rng.choice(cat.commune_idx, size=n, p=commune_w / commune_w.sum())
        agency = np.where(where < 0, drawn, where)
    else:
        agency = where
    desk = cat.desk_of[agency]

    # Channels: online where the procedure offers it, a little public post everywhere.
    online = np.array([cat.proc_online[i] for i in range(len(cat.proc_ids))])[p]
    u = rng.random(n)
    channel = np.full(n, "desk", dtype=object)
    channel[(online == OnlineLevel.FULL) & (u < 0.45)] = "online_full"
    channel[(online == OnlineLevel.PARTIAL) & (u < 0.30)] = "online_partial"
    channel[u > 0.96] = "post"

    # Received: desk dossiers on working days in office hours (some after the cut-off);
    # online ones at any time, weekends and nights included.
    working = np.array(cal.working_days_in(date_from, date_to), dtype=D64)
    all_days = np.arange(np.datetime64(date_from, "D"), np.datetime64(date_to, "D") + 1)
    is_online = (channel == "online_full") | (channel == "online_partial")
    day = np.where(
        is_online & (rng.random(n) < 0.12),
        all_days[rng.integers(0, all_days.size, n)],
        working[rng.integers(0, working.size, n)],
    )
    minute = np.where(
        rng.random(n) < 0.55,
        rng.integers(7 * 60 + 30, 11 * 60 + 30, n),
        rng.integers(13 * 60 + 30, 17 * 60, n),
    )
    minute = np.where(is_online & (rng.random(n) < 0.25), rng.integers(0, 24 * 60, n), minute)
    received = _local_seconds(day, minute)
    order = np.argsort(received, kind="stable")
    p, agency, desk, channel, day, minute, received = (
        a[order] for a in (p, agency, desk, channel, day, minute, received)
    )

    # Effective receipt day (cut-off hour, days off) and the appointment, as rules.py.
    days_n = cat.proc_days[p]
    is_wd = np.isin(day, cal._working_days.astype(D64))  # type: ignore[attr-defined]
    late_hour = minute >= cutoff * 60
    eff = np.where(is_wd & ~late_hour, day, cal.add_workdays_array(day, np.ones(n, np.int64)))
    eff = eff.astype(D64)
    has_due = days_n >= 0
    due = cal.add_workdays_array(eff, np.maximum(days_n, 0)).astype(D64)
    # Procedures in hours: the exact rule, row by row (they are few).
    hour_rows = np.flatnonzero(
        np.array([cat.proc_unit[i] == TimeUnit.WORKING_HOURS for i in range(len(cat.proc_ids))])[p]
    )
    due_at = (due.astype(S64) + np.timedelta64(17 * 3600, "s")).astype(S64)
    for i in hour_rows:
        appt = rules.appointment(
            received[i].astype(dt.datetime), cat.proc_amount[p[i]], rules.HOURS, cal, cutoff, hours
        )
        due[i] = np.datetime64(appt.due_date, "D")
        due_at[i] = np.datetime64(appt.due_at, "s")
    clock_start = np.where(
        eff == day, received, eff.astype(S64) + np.timedelta64(7 * 3600 + 1800, "s")
    )

    first_due, first_due_at = due.copy(), due_at.copy()
    # Supplements during processing: the clock pauses and resumes with the working days left
    # (rules.time_used / time_left / resume_appointment). Only what has happened by now is
    # history: a request still waiting leaves the dossier in "supplement" with its old
    # appointment (the clock is stopped).
    budget = np.maximum(days_n, 0).astype(np.int64)
    paused = np.zeros(n, bool)
    in_days = np.array(
        [cat.proc_unit[i] == TimeUnit.WORKING_DAYS for i in range(len(cat.proc_ids))]
    )[p]
    now_local = np.datetime64(timezone.localtime(now).replace(tzinfo=None), "s")
    sup_count = np.zeros(n, np.int64)
    r = rng.random(n)
    sup_count[(r < opts.supplement_rate) & has_due & (days_n > 0)] = 1
    sup_count[(r < opts.repeated_supplement_rate) & has_due & (days_n > 0)] = 2
    sup_req = np.full((2, n), np.datetime64("NaT"), dtype=S64)
    sup_back = np.full((2, n), np.datetime64("NaT"), dtype=S64)
    in_sup = np.zeros(n, bool)
    start = eff.copy()
    for k in range(2):
        rows = np.flatnonzero(sup_count > k)
        if not rows.size:
            continue
        ask_day = cal.add_workdays_array(
            start[rows], rng.integers(0, np.maximum(days_n[rows], 1))
        ).astype(D64)
        back_day = ask_day + rng.integers(1, 12, rows.size).astype("timedelta64[D]")
        back_day = cal.add_workdays_array(back_day, np.zeros(rows.size, np.int64)).astype(D64)
        ask_t = ask_day.astype(S64) + np.timedelta64(10 * 3600, "s")
        ask_t = np.maximum(ask_t, received[rows] + np.timedelta64(3600, "s"))
        back_t = back_day.astype(S64) + np.timedelta64(9 * 3600, "s")
        back_t = np.maximum(back_t, ask_t + np.timedelta64(3600, "s"))
        back_day = back_t.astype(D64)
        happened = ask_t <= now_local
        done = happened & (back_t <= now_local)
        waiting = happened & ~done
        sup_count[rows[~happened]] = k
        sup_count[rows[waiting]] = k + 1
        in_sup[rows[waiting]] = True
        sup_req[k, rows[happened]] = ask_t[happened]
        d_rows = rows[done]
        sup_back[k, d_rows] = back_t[done]
        used = np.maximum(cal.workdays_between_array(start[d_rows], ask_day[done]), 0)
        budget[d_rows] = np.maximum(budget[d_rows] - used, 0)
        paused[d_rows] = in_days[d_rows]  # time_budget is in the procedure's unit
        start[d_rows] = back_day[done]  # received back at 9:00, before the cut-off
        due[d_rows] = cal.add_workdays_array(back_day[done], budget[d_rows]).astype(D64)
        due_at[d_rows] = due[d_rows].astype(S64) + np.timedelta64(17 * 3600, "s")
        clock_start[d_rows] = back_t[done]

    # Processing time: mostly well before the appointment; a few late.
    span = budget
    k_used = np.floor(span * rng.beta(2.0, 2.5, n)).astype(np.int64)
    late = (rng.random(n) < opts.late_rate) & has_due
    k_used = np.where(late, span + rng.integers(1, 6, n), k_used)
    finish_day = cal.add_workdays_array(start, k_used).astype(D64)
    finish_min = rng.integers(8 * 60, 16 * 60 + 30, n)
    finish = _local_seconds(finish_day, finish_min)
    last_mark = np.fmax(received, np.fmax(sup_back[0], sup_back[1]))
    finish = np.maximum(finish, last_mark + np.timedelta64(20 * 60, "s"))
    finish_day = finish.astype(D64)
    finished = (finish <= now_local) & ~in_sup

    outcome = rng.random(n)
    status = np.full(n, Status.RETURNED.value, dtype=object)
    refused = finished & (outcome < opts.refuse_rate)
    stopped = finished & ~refused & (outcome < opts.refuse_rate + opts.stop_rate)
    status[refused] = Status.REFUSED.value
    status[stopped] = Status.STOPPED.value
    picked_up = finish + rng.integers(0, 4 * 86400, n).astype("timedelta64[s]")
    ready = finished & ~refused & ~stopped & (picked_up > now_local)
    status[ready] = Status.RESULT_READY.value
    returned = finished & ~refused & ~stopped & ~ready
    status[~finished] = Status.IN_PROGRESS.value
    status[in_sup] = Status.SUPPLEMENT.value

    timeliness = np.full(n, "", dtype=object)
    fd = finish_day
    timeliness[finished & has_due & (fd < due)] = "early"
    timeliness[finished & has_due & (fd == due)] = "on_time"
    timeliness[finished & has_due & (fd > due)] = "late"
    timeliness[finished & ~has_due] = "on_time"
    # Seed 000: every late dossier carries its apology, most sent by the deadline
    # (rules.apology_deadline: lead working days before the appointment), some after it.
    apologized = finished & (timeliness == "late")
    apologized |= ~finished & has_due & (due < today) & (status != Status.SUPPLEMENT.value)
    wd = cal._working_days.astype(D64)  # type: ignore[attr-defined]
    lead = int(getattr(settings, "DOSSIER_APOLOGY_LEAD_DAYS", 1))
    pos = np.searchsorted(wd, due)
    deadline = wd[np.clip(pos - max(lead, 0), 0, wd.size - 1)]
    late_apology = rng.random(n) < opts.late_apology_rate
    apology_at = np.where(
        late_apology,
        due.astype(S64) + np.timedelta64(86400 + 10 * 3600, "s"),
        deadline.astype(S64) + np.timedelta64(15 * 3600, "s"),
    )
    apology_at = np.minimum(
        apology_at, np.where(finished, finish, now_local) - np.timedelta64(60, "s")
    )
    apology_at = np.maximum(apology_at, received + np.timedelta64(60, "s"))
    apology_late = apologized & (apology_at.astype(D64) > deadline)

    # Applicants sent back at the desk before their file was accepted (seed 000).
    r = rng.random(n)
    desk_count = np.zeros(n, np.int64)
    desk_count[r < opts.desk_supplement_rate] = 1
    desk_count[r < opts.repeated_desk_supplement_rate] = 2
    apology_day = cal.add_workdays_array(np.maximum(due, finish_day), rng.integers(1, 4, n)).astype(
        D64
    )

    return {
        "n": n,
        "cat": cat,
        "p": p,
        "agency": agency,
        "desk": desk,
        "channel": channel,
        "received": received,
        "received_day": day,
        "has_due": has_due,
        "due": due,
        "due_at": due_at,
        "clock_start": clock_start,
        "finished": finished,
        "finish": finish,
        "finish_day": finish_day,
        "status": status,
        "timeliness": timeliness,
        "returned": returned,
        "returned_at": np.minimum(picked_up, now_local),
        "apologized": apologized,
        "apology_at": apology_at,
        "apology_late": apology_late,
        "first_due": first_due,
        "first_due_at": first_due_at,
        "budget": budget,
        "paused": paused,
        "desk_count": desk_count,
        "apology_day": apology_day,
        "sup_count": sup_count,
        "sup_req": sup_req,
        "sup_back": sup_back,
        "rng": rng,
        "today": today,
    }


# -- writing ----------------------------------------------------------------------------------


def _utc_text(values: np.ndarray, mask: np.ndarray | None = None) -> list[str | None]:
    """Local wall seconds → 'YYYY-MM-DD HH:MM:SS+00:00' UTC text (None where masked/NaT)."""
    utc = values - UTC_OFFSET
    text = np.datetime_as_string(utc.astype("datetime64[s]"), unit="s")
    suffix = "+00" if connection.vendor == "postgresql" else ""  # SQLite: naive UTC text
    out = np.char.add(np.char.replace(text, "T", " "), suffix).astype(object)
    bad = np.isnat(values)
    if mask is not None:
        bad |= ~mask
    out[bad] = None
    return out.tolist()


def _date_text(values: np.ndarray, mask: np.ndarray | None = None) -> list[str | None]:
    out = np.datetime_as_string(values.astype(D64), unit="D").astype(object)
    bad = np.isnat(values)
    if mask is not None:
        bad |= ~mask
    out[bad] = None
    return out.tolist()


def _names(rng: np.random.Generator, n: int) -> tuple[list[str], list[str], np.ndarray]:
    fam = rng.integers(0, len(FAMILY), n)
    mid = rng.integers(0, len(MIDDLE), n)
    giv = rng.integers(0, len(GIVEN), n)
    f_fam = np.array([fold(x) for x in FAMILY], dtype=object)
    f_mid = np.array([fold(x) for x in MIDDLE], dtype=object)
    f_giv = np.array([fold(x) for x in GIVEN], dtype=object)
    names = (
        np.array(FAMILY, dtype=object)[fam]
        + " "
        + np.array(MIDDLE, dtype=object)[mid]
        + " "
        + np.array(GIVEN, dtype=object)[giv]
    )
    folded = f_fam[fam] + " " + f_mid[mid] + " " + f_giv[giv]
    return names.tolist(), folded.tolist(), giv


def dossier_rows(g: dict[str, Any], first_id: int, sequences: dict[tuple[int, str], int]):
    """Columns of the dossier table in model order, plus the codes (for the sequence table)."""
    n = g["n"]
    cat: Catalogue = g["cat"]
    rng: np.random.Generator = g["rng"]
    agencies = cat.agencies
    ids = np.arange(first_id, first_id + n)
    # Codes: per (sequence agency, day), numbered in order of receipt, after what exists.
    seq_agency = cat.seq_of[g["desk"]]
    day_text = np.datetime_as_string(g["received_day"], unit="D")
    key = np.char.add(np.char.add(seq_agency.astype(str), "|"), day_text)
    order = np.lexsort((g["received"], key))
    sorted_key = key[order]
    starts = np.r_[0, np.flatnonzero(sorted_key[1:] != sorted_key[:-1]) + 1]
    counts = np.diff(np.r_[starts, n])
    run = np.arange(n) - np.repeat(starts, counts)
    offsets = np.array(
        [sequences.get((int(k.split("|")[0]), k.split("|")[1]), 0) for k in sorted_key[starts]]
    )
    number = np.empty(n, np.int64)
    number[order] = run + 1 + np.repeat(offsets, counts)
    last = {
        (int(k.split("|")[0]), k.split("|")[1]): int(offsets[i] + counts[i])
        for i, k in enumerate(sorted_key[starts])
    }
    eids = np.array([codes.electronic_id(a) for a in agencies], dtype=object)[g["desk"]]
    yymmdd = np.array([t[2:4] + t[5:7] + t[8:10] for t in day_text.tolist()], dtype=object)
    system = codes.system_number()
    num_text = np.char.zfill(number.astype(str), 4).astype(object)
    # Circular 04/2025's system number only from 25/01/2026; before, the period's code.
    prefix = np.where(
        g["received_day"] >= np.datetime64(rules.CODE_2025_FROM, "D"), system, ""
    ).astype(object)
    code = (eids + "-" + yymmdd + "-" + prefix + num_text).tolist()

    names, folded, _ = _names(rng, n)
    phone = ("09" + np.char.zfill(rng.integers(0, 10**8, n).astype(str), 8).astype(object)).tolist()
    # Codes are ASCII: lower() is their folded form.
    search = [f"{c.lower()} {f} {ph}" for c, f, ph in zip(code, folded, phone, strict=True)]
    level_of_agency = np.array(
        ["commune" if a.kind == AgencyKind.COMMUNE else "province" for a in agencies], dtype=object
    )
    level = level_of_agency[g["agency"]]
    finished = g["finished"]
    status = g["status"]
    at_desk = finished
    current_agency = np.where(at_desk, g["desk"], g["agency"])
    agency_ids = np.array([a.pk for a in agencies])
    received = g["received"]
    rule_set = np.where(g["received_day"] >= np.datetime64("2025-07-01"), "2025", "2018").astype(
        object
    )
    cal = default_calendar()
    now_text = _utc_text(np.array([np.datetime64(timezone.localtime().replace(tzinfo=None), "s")]))[
        0
    ]
    apol = g["apologized"]
    cols: dict[str, list[Any]] = {
        "id": ids.tolist(),
        "code": code,
        "procedure_id": cat.proc_ids[g["p"]].tolist(),
        "desk_id": agency_ids[g["desk"]].tolist(),
        "agency_id": agency_ids[g["agency"]].tolist(),
        "level": level.tolist(),
        "calendar_code": [cal.code if cal else ""] * n,
        "rule_set": rule_set.tolist(),
        "applicant_kind": ["person"] * n,
        "applicant_name": names,
        "applicant_id_number": [""] * n,
        "applicant_address": [""] * n,
        "applicant_phone": phone,
        "applicant_email": [""] * n,
        "phone_last4": [x[-4:] for x in phone],
        "channel": g["channel"].tolist(),
        "return_by_post": [False] * n,
        "components": ["[]"] * n,
        "sets": [1] * n,
        "received_at": _utc_text(received),
        "received_date": _date_text(g["received_day"]),
        "received_by_id": [None] * n,
        "clock_start": _utc_text(g["clock_start"]),
        "time_budget": [
            str(b) if p else None
            for b, p in zip(g["budget"].tolist(), g["paused"].tolist(), strict=True)
        ],
        "first_due_at": _utc_text(g["first_due_at"], g["has_due"]),
        "first_due_date": _date_text(g["first_due"], g["has_due"]),
        "due_at": _utc_text(g["due_at"], g["has_due"]),
        "due_date": _date_text(g["due"], g["has_due"]),
        "apology_due_date": _date_text(g["apology_day"], apol),
        "apology_due_at": _utc_text(
            g["apology_day"].astype(S64) + np.timedelta64(17 * 3600, "s"), apol
        ),
        "apology_reason": np.where(apol, "Hồ sơ cần xác minh thêm", "").tolist(),
        "apologized_at": _utc_text(g["apology_at"], apol),
        "apology_late": (g["apology_late"] & apol).tolist(),
        "status": status.tolist(),
        "current_step": [None] * n,
        "step_due_at": [None] * n,
        "current_agency_id": agency_ids[current_agency].tolist(),
        "current_owner_id": [None] * n,
        "supplement_count": g["sup_count"].tolist(),
        "desk_supplement_count": g["desk_count"].tolist(),
        "supplement_started_at": _utc_text(
            g["sup_req"][np.maximum(g["sup_count"] - 1, 0), np.arange(n)],
            status == Status.SUPPLEMENT.value,
        ),
        "finished_at": _utc_text(g["finish"], finished),
        "finished_date": _date_text(g["finish_day"], finished),
        "timeliness": g["timeliness"].tolist(),
        "result_text": [""] * n,
        "returned_at": _utc_text(g["returned_at"], g["returned"]),
        "refusal_reason": np.where(
            status == Status.REFUSED.value, "Hồ sơ không đủ điều kiện giải quyết", ""
        ).tolist(),
        "stop_reason": np.where(
            status == Status.STOPPED.value, "Người nộp đề nghị dừng giải quyết", ""
        ).tolist(),
        "code_imported": [False] * n,
        "book_number": [""] * n,
        "book_line": [None] * n,
        "version": [1] * n,
        "search_text": search,
        "created_at": [now_text] * n,
        "updated_at": [now_text] * n,
    }
    return cols, last


def event_rows(g: dict[str, Any], first_id: int) -> dict[str, list[Any]]:
    """History rows: receipt, supplement requests and returns, apology, finish, return."""
    n = g["n"]
    ids = np.arange(first_id, first_id + n)
    cat: Catalogue = g["cat"]
    agency_ids = np.array([a.pk for a in cat.agencies])
    desk = agency_ids[g["desk"]]
    agency = agency_ids[g["agency"]]
    parts: list[dict[str, Any]] = []

    def add(mask, at, action, from_status, to_status, from_agency, to_agency, note=""):
        idx = np.flatnonzero(mask)
        parts.append(
            {
                "dossier_id": ids[idx],
                "at": at[idx],
                "action": action,
                "from_status": from_status,
                "to_status": to_status,
                "from_agency_id": None if from_agency is None else from_agency[idx],
                "to_agency_id": to_agency[idx],
                "note": note,
            }
        )

    everyone = np.ones(n, bool)
    for k in range(2):  # the visits at the desk before the file was accepted
        sent_back = g["desk_count"] > k
        at_desk = g["received"] - np.timedelta64((2 - k) * 2 * 86400, "s")
        add(
            sent_back,
            at_desk,
            "desk_supplement",
            "",
            "desk_supplement",
            None,
            desk,
            "Thiếu giấy tờ",
        )
    add(everyone, g["received"], "receive", "", "received", None, desk)
    # The hand-off to the resolving agency is implied (the finish row says where it went):
    # one row fewer per dossier keeps a million-dossier load within minutes.
    for k in range(2):
        asked = ~np.isnat(g["sup_req"][k])
        add(
            asked,
            g["sup_req"][k],
            "request_supplement",
            "in_progress",
            "supplement",
            agency,
            agency,
            "Bổ sung giấy tờ",
        )
        back = ~np.isnat(g["sup_back"][k])
        add(
            back,
            g["sup_back"][k],
            "supplement_received",
            "supplement",
            "in_progress",
            agency,
            agency,
        )
    add(g["apologized"], g["apology_at"], "apologize", "in_progress", "in_progress", agency, agency)
    status = g["status"]
    fin = g["finished"]
    for st, action in (
        (Status.REFUSED.value, "refuse"),
        (Status.STOPPED.value, "stop"),
    ):
        add(fin & (status == st), g["finish"], action, "in_progress", st, agency, desk)
    ready = fin & ((status == Status.RESULT_READY.value) | (status == Status.RETURNED.value))
    add(ready, g["finish"], "result_ready", "in_progress", "result_ready", agency, desk)
    add(g["returned"], g["returned_at"], "return", "result_ready", "returned", desk, desk)

    dossier_id = np.concatenate([x["dossier_id"] for x in parts])
    at = np.concatenate([x["at"] for x in parts])
    m = dossier_id.size
    cols: dict[str, list[Any]] = {
        "dossier_id": dossier_id.tolist(),
        "at": _utc_text(at),
        "actor_id": [None] * m,
        "action": [],
        "from_status": [],
        "to_status": [],
        "from_agency_id": [],
        "to_agency_id": [],
        "from_user_id": [None] * m,
        "to_user_id": [None] * m,
        "step": [None] * m,
        "note": [],
        "data": ["{}"] * m,
    }
    for x in parts:
        k = x["dossier_id"].size
        cols["action"] += [x["action"]] * k
        cols["from_status"] += [x["from_status"]] * k
        cols["to_status"] += [x["to_status"]] * k
        cols["from_agency_id"] += (
            [None] * k if x["from_agency_id"] is None else x["from_agency_id"].tolist()
        )
        cols["to_agency_id"] += x["to_agency_id"].tolist()
        cols["note"] += [x["note"]] * k
    return cols


def _chunks(cols: dict[str, list[Any]], size: int) -> Iterator[list[tuple]]:
    names = list(cols)
    total = len(cols[names[0]])
    for lo in range(0, total, size):
        yield list(zip(*(cols[c][lo : lo + size] for c in names), strict=True))


def _copy_column(values: list[Any]) -> list[str]:
    """One column in PostgreSQL COPY text form (generated values hold no tab or newline)."""
    if values and all(isinstance(v, str) for v in values[:100]) and None not in values:
        return values
    return [
        "\\N" if v is None else "t" if v is True else "f" if v is False else str(v) for v in values
    ]


def _copy_text(cols: dict[str, list[Any]], lo: int, hi: int) -> str:
    """Rows lo..hi as COPY text, column by column: the joins run in C."""
    columns = [_copy_column(c[lo:hi]) for c in cols.values()]
    return "\n".join(map("\t".join, zip(*columns, strict=True))) + "\n"


def write_table(model, cols: dict[str, list[Any]], batch: int, progress=None) -> None:
    table = model._meta.db_table
    names = list(cols)
    qn = connection.ops.quote_name
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            sql = f"COPY {qn(table)} ({', '.join(qn(c) for c in names)}) FROM STDIN"
            total = len(next(iter(cols.values())))
            with cur.cursor.copy(sql) as copy:
                for lo in range(0, total, batch):
                    hi = min(lo + batch, total)
                    copy.write(_copy_text(cols, lo, hi))
                    if progress:
                        progress(hi - lo)
        else:
            marks = ", ".join(["%s"] * len(names))
            sql = f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in names)}) VALUES ({marks})"
            for rows in _chunks(cols, batch):
                cur.executemany(sql, rows)
                if progress:
                    progress(len(rows))


@contextmanager
def _without_secondary_indexes(models: list, enabled: bool) -> Iterator[None]:
    """Drop the secondary indexes during a large load and build them again afterwards:
    building an index once from the loaded rows is many times faster than maintaining a dozen
    of them row by row. Unique and primary-key indexes stay (they guard the data)."""
    if not enabled:
        yield
        return
    tables = [m._meta.db_table for m in models]
    saved: list[tuple[str, str]] = []
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("PRAGMA cache_size=-400000")
            for table in tables:
                cur.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name=%s "
                    "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                    [table],
                )
                saved += cur.fetchall()
        elif connection.vendor == "postgresql":
            cur.execute("SET LOCAL synchronous_commit = off")
            cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
            # The generated rows reference existing procedures and agencies by construction;
            # where the role may (a superuser), skip the per-row foreign-key triggers.
            try:
                with transaction.atomic():
                    cur.execute("SET LOCAL session_replication_role = replica")
            except DatabaseError:
                pass
            for table in tables:
                cur.execute(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                    "JOIN pg_class c ON c.relname = i.indexname "
                    "JOIN pg_index x ON x.indexrelid = c.oid "
                    "WHERE i.tablename = %s AND NOT x.indisunique AND NOT x.indisprimary",
                    [table],
                )
                saved += cur.fetchall()
        for name, _ in saved:
            cur.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # Foreign keys are deferred: check them now, or PostgreSQL refuses to build an
            # index on a table with pending trigger events.
            cur.execute("SET LOCAL session_replication_role = origin")
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _, sql in saved:
            cur.execute(sql)
        if connection.vendor == "postgresql":
            for table in tables:
                cur.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _next_id(model) -> int:
    last = model.objects.order_by("-id").values_list("id", flat=True).first()
    return (last or 0) + 1


def _reset_sequence(model) -> None:
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(table)}))"
        )


def run(opts: Options) -> dict[str, int]:
    """Generate and write ``opts.n`` dossiers with their history; returns counts."""
    cat = build_catalogue()
    g = generate(opts, cat)
    existing = {
        (s.agency_id, s.day.isoformat()): s.last
        for s in DailySequence.objects.all().only("agency_id", "day", "last")
    }
    idx_of_pk = {a.pk: i for i, a in enumerate(cat.agencies)}
    sequences = {(idx_of_pk[a], d): v for (a, d), v in existing.items() if a in idx_of_pk}
    with transaction.atomic():
        first = _next_id(Dossier)
        cols, last = dossier_rows(g, first, sequences)
        ev = event_rows(g, first)
        big = opts.drop_indexes
        if big is None:
            big = opts.n >= 50_000 and opts.n >= Dossier.objects.count()
        with _without_secondary_indexes([Dossier, DossierEvent], big):
            write_table(Dossier, cols, opts.batch, opts.progress)
            write_table(DossierEvent, ev, opts.batch * 2)
        _reset_sequence(Dossier)
        _reset_sequence(DossierEvent)
        DailySequence.objects.bulk_create(
            [
                DailySequence(agency=cat.agencies[a], day=dt.date.fromisoformat(d), last=v)
                for (a, d), v in last.items()
            ],
            batch_size=5000,
            update_conflicts=True,
            unique_fields=["agency", "day"],
            update_fields=["last"],
        )
    return {"dossiers": opts.n, "events": len(ev["dossier_id"])}


def announce_bulk_load() -> None:
    """Bulk rows bypass the services' ``dossier_changed``: tell the listeners (the statistics
    rollups) to rebuild from the rows."""
    from cchc.dossiers.models import Dossier
    from cchc.dossiers.signals import dossiers_bulk_loaded

    dossiers_bulk_loaded.send(sender=Dossier)
