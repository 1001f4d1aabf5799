"""The bulk generator obeys the same rules as the services (small N)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from django.core.management import call_command

from cchc.calendars.selectors import get_work_calendar
from cchc.demo import generator
from cchc.dossiers import rules, services
from cchc.dossiers.models import DailySequence, Dossier, DossierEvent, Status
from cchc.dossiers.tests import conftest as dossier_fixtures

# The dossiers app's fixtures (pytest finds them as module attributes).
calendar = dossier_fixtures.calendar
procs = dossier_fixtures.procs
at = dossier_fixtures.at


def test_generated_history_is_consistent(province, procs):
    opts = generator.Options(
        n=4000,
        seed=7,
        date_from=dt.date(2024, 1, 2),
        date_to=dt.date(2024, 12, 31),
        now=at(2025, 1, 3, 12),
        late_rate=0.01,
        supplement_rate=0.05,
        drop_indexes=True,  # the large-load path: indexes dropped and built again
    )
    counts = generator.run(opts)
    assert Dossier.objects.count() == 4000 and counts["events"] == DossierEvent.objects.count()
    cal = get_work_calendar()
    rows = list(Dossier.objects.select_related("procedure"))
    assert len({d.code for d in rows}) == 4000
    late = [d for d in rows if d.timeliness == "late"]
    assert late and all(d.apologized_at and d.apology_due_date for d in late)
    for d in rows:
        # Received in 2024: the code of the period, before Circular 04/2025 (DOMAIN 5).
        assert re.fullmatch(r"[0-9A-Z.]+-\d{6}-\d{4,}", d.code)
        assert not re.fullmatch(r"[0-9A-Z.]+-\d{6}-01\d{4}", d.code)
        assert d.code.split("-")[1] == d.received_date.strftime("%y%m%d")
        assert (d.finished_date is None) == (
            d.status in Status.IN_PROGRESS + Status.SUPPLEMENT
            or d.status in (Status.IN_PROGRESS, Status.SUPPLEMENT)
        )
        if d.finished_date:
            assert d.finished_date >= d.received_date
            assert d.timeliness == rules.timeliness(d.finished_date, d.due_date)
        if d.supplement_count == 0 and d.procedure.time_unit != rules.HOURS:
            # The appointment is exactly the one the services would set.
            appt = rules.appointment(
                services.local(d.received_at),
                d.procedure.time_amount,
                d.procedure.time_unit,
                cal,
                15,
            )
            assert appt.due_date == d.due_date, d.code
        if d.apologized_at is not None and d.due_date is not None:
            # Late apologies are exactly those after rules.apology_deadline.
            deadline = rules.apology_deadline(d.due_date, 1, cal)
            on = services.local(d.apologized_at).date()
            assert d.apology_late == rules.is_apology_late(on, deadline), d.code
        if (
            d.supplement_count == 1
            and d.time_budget is not None
            and d.status != "supplement"
            and d.procedure.time_unit == rules.DAYS
        ):
            # The clock paused: the appointment is the day back plus the days that were left.
            back = d.events.get(action="supplement_received").at
            asked = d.events.get(action="request_supplement").at
            start = rules.effective_receipt_day(services.local(d.received_at), cal, 15)
            used = cal.workdays_between(start, services.local(asked).date())
            assert d.time_budget is not None and d.procedure.time_amount is not None
            left = max(0, int(d.procedure.time_amount) - used)
            assert int(d.time_budget) == left, d.code
            assert d.due_date == cal.add_workdays(services.local(back).date(), left), d.code
            assert d.first_due_date != d.due_date or left == int(d.procedure.time_amount)
    assert any(d.apology_late for d in late) and any(not d.apology_late for d in late)
    assert any(d.desk_supplement_count >= 2 for d in rows)
    assert any(d.time_budget is not None for d in rows)
    kinds = Counter(d.channel for d in rows)
    assert kinds["desk"] > kinds["post"] > 0
    assert any(d.supplement_count >= 2 for d in rows)
    per_dossier = Counter(DossierEvent.objects.values_list("dossier_id", flat=True))
    finished = {d.pk for d in rows if d.finished_date}
    assert len(per_dossier) == 4000  # every dossier has its receipt row
    assert min(per_dossier[pk] for pk in finished) >= 2  # ... and finished ones their finish
    assert DossierEvent.objects.filter(action="apologize").count() >= len(late)
    # The desk's next receipt continues the day's sequence without a clash.
    last = max(DailySequence.objects.all(), key=lambda s: (s.day, s.last))
    assert last.last >= 1
    again = generator.run(
        generator.Options(
            n=50,
            seed=8,
            date_from=dt.date(2024, 12, 30),
            date_to=dt.date(2024, 12, 31),
            now=at(2025, 1, 3, 12),
        )
    )
    assert again["dossiers"] == 50 and Dossier.objects.count() == 4050
    from django.db import connection

    with connection.cursor() as cur:
        names = {
            i["columns"][0] if len(i["columns"]) == 1 else tuple(i["columns"])
            for i in connection.introspection.get_constraints(cur, Dossier._meta.db_table).values()
            if i["index"]
        }
    # The indexes dropped for the load are back.
    assert {"due_date", "received_date", ("agency_id", "status", "due_date")} <= names


def test_command(province, procs):
    call_command(
        "demo-data",
        "--dossiers",
        "200",
        "--seed",
        "3",
        "--from",
        "2024-03-01",
        "--to",
        "31/03/2024",
    )
    assert Dossier.objects.filter(received_date__month=3).count() == 200


def test_demo_loader_is_idempotent(province, procs):
    import io

    from cchc.demo import DemoContext
    from cchc.demo import dossiers as demo

    users = {u: getattr(province, u) for u in ("motcua", "xuly")}
    ctx = DemoContext(stdout=io.StringIO(), dossiers=300, users=users)
    demo.load(ctx)
    assert Dossier.objects.count() == 305
    queue = Dossier.objects.filter(current_owner=province.xuly, status=Status.IN_PROGRESS)
    assert queue.count() == 3
    demo.load(ctx)
    assert Dossier.objects.count() == 305
