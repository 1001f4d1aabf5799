"""The formulas of DOMAIN.md section 7 (pure): the prefix-sum route the rollups take gives
exactly what the definitions give dossier by dossier, and the identities hold on every row."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.statistics import stats
from cchc.statistics.stats import DossierStats, Record

D0 = date(2020, 1, 1)


def rec(
    received,
    due=None,
    finished=None,
    *,
    timeliness="",
    status="in_progress",
    channel="desk",
    apologized=False,
    supplements=0,
    agency=1,
) -> Record:
    return Record(
        agency_id=agency,
        procedure_id=1,
        channel=channel,
        level="province",
        received_date=received,
        due_date=due,
        finished_date=finished,
        timeliness=timeliness,
        status=status,
        apologized=apologized,
        supplement_count=supplements,
    )


def via_prefixes(records, date_from, date_to) -> DossierStats:
    at_to = stats.prefix_sums(records, date_to).get(None, {})
    before = stats.prefix_sums(records, date_from - timedelta(days=1)).get(None, {})
    return stats.from_prefixes(at_to, before)


def d(n: int) -> date:
    return D0 + timedelta(days=n)


@pytest.mark.parametrize(
    "record, expect",
    [
        # carried over and resolved early in the period
        (rec(d(-5), d(3), d(2), timeliness="early"), {"carried": 1, "early": 1}),
        # finished before the period: not counted at all
        (rec(d(-5), d(3), d(-1), timeliness="on_time"), {}),
        # received after the period: not counted
        (rec(d(31), d(40)), {}),
        # new, open at the end, due on the last day: not yet due (may still be on time)
        (rec(d(1), d(30)), {"new_desk": 1, "not_yet_due": 1}),
        # new, open, due the day before the last day: overdue
        (rec(d(1), d(29)), {"new_desk": 1, "overdue": 1}),
        # finished after the period: still in progress at its end
        (rec(d(1), d(20), d(35), timeliness="late"), {"new_desk": 1, "overdue": 1}),
        # late, with an apology: the apology date does not make it on time
        (
            rec(d(1), d(3), d(9), timeliness="late", apologized=True),
            {"new_desk": 1, "late": 1, "late_with_apology": 1},
        ),
        # timeliness left blank: classified by dates
        (rec(d(1), d(3), d(3)), {"new_desk": 1, "on_time": 1}),
        (rec(d(1), d(3), d(4)), {"new_desk": 1, "late": 1}),
        # no due date (no statutory time): never overdue
        (rec(d(1)), {"new_desk": 1, "not_yet_due": 1}),
        # waiting at the desk for a complete file: not received yet
        (rec(d(1), status="desk_supplement"), {}),
        # two supplement requests
        (
            rec(d(1), d(9), d(8), timeliness="early", supplements=2, channel="online_full"),
            {"new_online_full": 1, "early": 1, "repeated_supplement": 1},
        ),
    ],
)
def test_each_rule(record, expect):
    lo, hi = d(0), d(30)
    want = DossierStats(**expect)
    for got in (stats.direct([record], lo, hi), via_prefixes([record], lo, hi)):
        assert {n: getattr(got, n) for n in DossierStats.COUNT_FIELDS} == {
            n: getattr(want, n) for n in DossierStats.COUNT_FIELDS
        }
        assert got.balanced


days = st.integers(min_value=-40, max_value=80)


@st.composite
def records(draw):
    r = draw(days)
    due = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=30)))
    fin = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=60)))
    return rec(
        d(r),
        None if due is None else d(r + due),
        None if fin is None else d(r + fin),
        timeliness=draw(st.sampled_from(["", "early", "on_time", "late"])),
        status=draw(st.sampled_from(["in_progress", "returned", "desk_supplement"])),
        channel=draw(st.sampled_from(stats.CHANNELS)),
        apologized=draw(st.booleans()),
        supplements=draw(st.integers(min_value=0, max_value=3)),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(records(), max_size=40), days, st.integers(min_value=0, max_value=60))
def test_prefix_sums_equal_definitions_and_identities_hold(recs, start, length):
    lo, hi = d(start), d(start + length)
    want = stats.direct(recs, lo, hi)
    got = via_prefixes(recs, lo, hi)
    assert got.as_dict() == want.as_dict()
    assert got.received == got.carried + got.new == got.resolved + got.in_progress
    assert 0 <= got.overdue <= got.in_progress
    assert got.late_with_apology <= got.late


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), records()), st.one_of(st.none(), records()))
def test_delta_is_after_minus_before(before, after):
    def snap(r):
        return (
            None
            if r is None
            else {
                "agency_id": r.agency_id,
                "procedure_id": r.procedure_id,
                "channel": r.channel,
                "level": r.level,
                "received_date": r.received_date,
                "due_date": r.due_date,
                "finished_date": r.finished_date,
                "timeliness": r.timeliness,
                "status": r.status,
                "apologized": r.apologized,
                "supplement_count": r.supplement_count,
            }
        )

    total: dict = {}
    for r, sign in ((before, -1), (after, 1)):
        if r is not None:
            for day, c, n in stats.contributions(r):
                k = (r.key, day, c)
                total[k] = total.get(k, 0) + sign * n
    assert stats.delta(snap(before), snap(after)) == {k: v for k, v in total.items() if v}
    assert stats.delta(snap(after), snap(after)) == {}


def test_rates_and_vietnamese_formatting():
    s = DossierStats(
        carried=2159,
        new_desk=100_000,
        new_online_full=50_000,
        new_online_partial=26_611,
        early=150_000,
        on_time=25_191,
        late=65,
        late_with_apology=60,
        not_yet_due=3494,
        overdue=20,
    )
    assert (s.received, s.resolved, s.in_progress) == (178_770, 175_256, 3_514)
    assert s.on_time_rate == Decimal("99.96")
    assert s.online_share == Decimal("43.38")
    assert s.apology_coverage == Decimal("92.31")
    f = s.formatted()
    assert f["received"] == "178.770" and f["on_time_rate"] == "99,96%"
    assert "Tiếp nhận 178.770 hồ sơ" in s.sentence()
    assert "3.494 hồ sơ chưa đến hạn, 20 hồ sơ đang giải quyết quá hạn" in s.sentence()
    assert DossierStats().on_time_rate is None
