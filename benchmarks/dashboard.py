"""Benchmark: the leaders' dashboard and the province's six-month report (DOCX + XLSX) at
volume, against the naive way (counting the dossier rows with the ORM) in the same run.

    python benchmarks/dashboard.py --rows 1000000 [--repeat 5]

Reuses ``benchmarks/report.py``'s province (40 units in four groups, 300 procedures) and
generated dossiers (received 2018–2020); ``DATABASE_URL`` picks the database. Prints the
median of warm runs of each step and its ratio to the naive by-agency count.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report as base  # noqa: E402 - benchmarks/report.py sets up paths and settings

TODAY = date(2020, 12, 31)


def timed(fn, repeat: int) -> tuple[float, object]:
    fn()  # warm
    runs, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), result


def scene(root):
    from cchc.accounts.models import Role, User
    from cchc.periodic import services as periodic
    from cchc.periodic.models import PeriodType, ReportKind, ReportSectionTemplate

    leader = User.objects.filter(username="bench-leader").first() or User.objects.create_user(
        username="bench-leader", password="x", role=Role.LEADER, agency=root
    )
    kind, created = ReportKind.objects.get_or_create(
        code="BENCH-6T",
        defaults={
            "name": "Báo cáo CCHC 6 tháng (benchmark)",
            "period_type": PeriodType.HALF_YEAR,
            "province": root,
            "agency_groups": ["departments", "districts"],
        },
    )
    if created:
        for order, (level, code, title, tables) in enumerate(
            [
                (1, "direction", "Công tác chỉ đạo, điều hành", ["reporting", "par_index"]),
                (1, "results", "Kết quả thực hiện", []),
                (2, "procedures", "Cải cách thủ tục hành chính", ["procedures", "dossiers"]),
            ],
            start=1,
        ):
            ReportSectionTemplate.objects.create(
                kind=kind, order=order, level=level, code=code, title=title, tables=tables
            )
    period = periodic.period_open(kind=kind, year=2020, number=1, actor=None)
    return leader, period


def naive_by_agency(root):
    """What a page without rollups would run: count the rows per agency."""
    from django.db.models import Count, Q

    from cchc.dossiers.models import Dossier

    f, t = date(2020, 1, 1), TODAY
    return list(
        Dossier.objects.filter(agency__path__startswith=root.path, received_date__lte=t)
        .exclude(finished_date__lt=f)
        .values("agency_id")
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=Q(timeliness="late", finished_date__gte=f)),
            overdue=Count("pk", filter=Q(finished_date__isnull=True, due_date__lt=t)),
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    base.setup_django()
    from django.db import connection

    from cchc.periodic import province_report as pr
    from cchc.statistics import views
    from cchc.statistics.dashboard import Dashboard

    root, units, procs = base.universe()
    base.load(args.rows, units, procs)
    leader, period = scene(root)

    from django.core.cache import cache

    def dashboard():
        d = Dashboard(leader, today=TODAY)
        return views.tables(d)  # every registered section's numbers

    def dashboard_cold():
        cache.clear()
        return dashboard()

    rows = []
    ref, _ = timed(lambda: naive_by_agency(root), args.repeat)
    rows.append(("naive ORM count by agency (reference)", ref))
    t, _ = timed(dashboard_cold, args.repeat)
    rows.append(("dashboard, cache empty: every chart", t))
    t, _ = timed(dashboard, args.repeat)
    rows.append(("dashboard, reloaded (cached tables)", t))
    t, built = timed(lambda: pr.build(period), args.repeat)
    rows.append(("province report: build (all tables)", t))
    t, _ = timed(lambda: pr.to_docx(built), args.repeat)
    rows.append(("province report: DOCX", t))
    t, _ = timed(lambda: pr.to_xlsx(built), args.repeat)
    rows.append(("province report: XLSX", t))
    print(f"\n{args.rows:,} dossiers on {connection.vendor}, median of {args.repeat} warm runs\n")
    print(f"{'step':<42} {'ms':>10} {'÷ reference':>12}")
    for name, secs in rows:
        print(f"{name:<42} {secs * 1000:>10.1f} {secs / ref:>12.3f}")


if __name__ == "__main__":
    main()
