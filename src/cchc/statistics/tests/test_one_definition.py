"""One definition per figure (DOMAIN 7), on a generated province.

* "Overdue" is one function: open, not waiting for the citizen, appointment passed as of
  min(period end, today). The statistics (rollups), the dossier list behind the figure and the
  rule applied dossier by dossier agree, and a half-year ending in the future is counted as of
  today (it used to count every open dossier whose appointment fell before the period's end).
* Every figure on the home page and the dashboard links to the list behind it, and that list
  counts exactly the figure, for every persona.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from bs4 import BeautifulSoup

from cchc.demo import generator
from cchc.dossiers.models import Dossier, Status
from cchc.dossiers.selectors import FIGURES, figure_q
from cchc.dossiers.signals import stat_snapshot
from cchc.dossiers.tests.conftest import at, calendar, procs  # noqa: F401 (fixtures)
from cchc.statistics import stats
from cchc.statistics.selectors import dossier_stats

NOW = at(2026, 9, 15, 10)  # a Tuesday
TODAY = NOW.date()
PERSONAS = (
    "admin",
    "noivu",
    "lanhdao",
    "daumoi",
    "motcua",
    "xuly",
    "motcua_xa",
    "motcua_xa_b",
    "daumoi_xa",
    "lanhdao_xa",
)


@pytest.fixture
def generated(province, procs):  # noqa: F811
    with time_machine.travel(NOW, tick=False):
        generator.run(
            generator.Options(
                n=3000,
                seed=11,
                date_from=dt.date(2025, 11, 1),
                date_to=TODAY,
                now=NOW,
                late_rate=0.03,
                supplement_rate=0.06,
            )
        )
        generator.announce_bulk_load()
    return province


@pytest.fixture
def today():
    with time_machine.travel(NOW, tick=False):
        yield TODAY


def test_half_year_ending_in_the_future_counts_overdue_as_of_today(generated, today):
    records = [stats.Record.from_snapshot(stat_snapshot(d)) for d in Dossier.objects.all()]
    future = dossier_stats(None, date_from=dt.date(2026, 7, 1), date_to=dt.date(2026, 12, 31))[-1]
    now = dossier_stats(None, date_from=dt.date(2026, 7, 1), date_to=today)[-1]
    listed = Dossier.objects.filter(figure_q("overdue", dt.date(2026, 7, 1), dt.date(2026, 12, 31)))
    assert future.overdue == now.overdue == listed.count()
    assert future.as_dict() == now.as_dict() | {"label": future.label}
    assert future.as_dict() == stats.direct(
        records, dt.date(2026, 7, 1), dt.date(2026, 12, 31), today
    ).as_dict() | {"label": future.label}
    # The old reading (appointment before the period's end) counted open dossiers not yet due.
    old = Dossier.objects.filter(
        status__in=[Status.RECEIVED, Status.IN_PROGRESS, Status.SUPPLEMENT],
        due_date__lt=dt.date(2026, 12, 31),
    ).count()
    assert old > future.overdue
    assert future.balanced and future.in_progress == future.not_yet_due + future.overdue


def test_a_dossier_waiting_for_the_citizen_is_not_overdue(generated, today, procs):  # noqa: F811
    """Received 3/8/2026 (5 days, due 10/8), supplement asked 5/8 and not back yet: its
    appointment has passed but its clock is stopped, so no page counts it overdue."""
    from cchc.dossiers import services as s

    p = generated
    before = dossier_stats(None, date_from=dt.date(2026, 7, 1), date_to=today)[-1]
    d = s.dossier_receive(
        actor=p.admin,
        procedure=procs.days,
        applicant=s.Applicant(name="Trần Thị Bé", phone="0912000111"),
        desk=p.centre,
        received_at=at(2026, 8, 3, 9),
    )
    d = s.dossier_transfer(actor=p.admin, dossier=d, at=at(2026, 8, 3, 10))
    d = s.dossier_request_supplement(actor=p.admin, dossier=d, items="Tờ khai", at=at(2026, 8, 5))
    assert d.due_date < today and d.status == Status.SUPPLEMENT and not s.is_overdue(d)
    after = dossier_stats(None, date_from=dt.date(2026, 7, 1), date_to=today)[-1]
    assert after.overdue == before.overdue and after.not_yet_due == before.not_yet_due + 1
    listed = Dossier.objects.filter(figure_q("overdue", dt.date(2026, 7, 1), today))
    assert not listed.filter(pk=d.pk).exists() and listed.count() == after.overdue


@pytest.mark.parametrize(
    "period",
    [
        (dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
        (dt.date(2025, 12, 15), dt.date(2026, 6, 14)),
        (dt.date(2026, 9, 1), dt.date(2026, 9, 30)),
    ],
    ids=lambda p: f"{p[0]:%d%m%Y}-{p[1]:%d%m%Y}",
)
def test_every_figure_of_the_statistics_is_its_list(generated, today, period):
    lo, hi = period
    row = dossier_stats(None, date_from=lo, date_to=hi)[-1]
    for name in FIGURES:
        if name == "late_or_overdue":
            expected = row.late + row.overdue
        else:
            expected = getattr(row, name)
        assert Dossier.objects.filter(figure_q(name, lo, hi)).count() == expected, name


def test_apology_coverage_can_fall_below_100(generated, today):
    row = dossier_stats(None, date_from=dt.date(2025, 11, 1), date_to=today)[-1]
    assert row.late > row.late_with_apology > 0
    assert row.apology_coverage is not None and row.apology_coverage < 100
    assert row.repeated_desk_supplement > 0


def _count(html_value: str) -> int:
    return int(re.sub(r"\D", "", html_value) or 0)


def _list_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    page = BeautifulSoup(response.content, "html.parser")
    return int(_attr(page.select_one("#result-count"), "data-count"))


def _attr(tag: Any, name: str) -> str:
    assert tag is not None
    return str(tag[name])


@pytest.mark.parametrize("who", PERSONAS)
def test_every_figure_on_home_and_dashboard_opens_a_list_of_that_many(
    generated, today, client_as, who
):
    user = getattr(generated, who)
    client = client_as(user)
    walked = 0
    home = BeautifulSoup(client.get("/").content, "html.parser")
    for value in home.select("[data-figure]"):
        section = value.find_parent("section")
        assert section is not None
        link = section.select_one("a[data-figure-link]")
        n = int(_attr(value, "data-count"))
        assert _count(value.get_text()) == n
        assert _list_count(client, _attr(link, "href")) == n, (who, value["data-figure"])
        walked += 1
    response = client.get("/dashboard/")
    if response.status_code == 200:
        page = BeautifulSoup(response.content, "html.parser")
        for a in page.select("a[data-figure]"):
            n = int(_attr(a, "data-count"))
            assert _count(a.get_text()) == n
            href = _attr(a, "href")
            assert _list_count(client, href) == n, (who, a["data-figure"], href)
            walked += 1
        from cchc.statistics.dashboard import Dashboard, figures

        figs = figures(Dashboard(user, today))
        bars = [*figs["months_new"], *figs["months_resolved"], *figs["procedures"]]
        bars += [a["late_or_overdue"] for a in figs["agencies"]]
        for n, url in bars:
            assert _list_count(client, url) == n, (who, url)
            walked += 1
        assert walked > 20
    else:
        assert response.status_code == 403
    assert walked >= 1
