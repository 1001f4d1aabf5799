"""Server time of every dossier list page and API list at a million dossiers, against a bare
``Dossier.objects`` slice of 50 rows measured in the same run (issue 14, "Lists at a million").

    python benchmarks/lists.py                      # SQLite in var/bench-lists (kept)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_lists_bench python benchmarks/lists.py
    python benchmarks/lists.py -n 100000            # a smaller province

The province is built once (the test personas and six procedures) and the dossiers are written
by the demo generator's bulk path (``COPY`` / ``executemany``, not the services): a second run
on the same database reuses them. Never point it at real data.

Each row is the median of ``--repeat`` requests through Django's test client, in-process (no
network, no web server): the server's own time, templates and serialisation included.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
os.environ.setdefault("CCHC_TASKS_IMMEDIATE", "1")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("CCHC_VAR_DIR", str(ROOT / "var" / "bench-lists"))
    Path(os.environ["CCHC_VAR_DIR"]).mkdir(parents=True, exist_ok=True)


DEEP = 20_000  # the row a deep cursor starts after (or the last row of a smaller database)
DEEP_LABEL = "…(hàng 20.000)"


def setup(n: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from _bench import province_and_procedures

    from cchc.dossiers.models import Dossier

    province_and_procedures()
    have = Dossier.objects.count()
    if have < n:
        from cchc.demo import generator

        start = time.perf_counter()
        generator.run(generator.Options(n=n - have, seed=have + 1))
        generator.announce_bulk_load()  # the statistics rollups the figures' lists count from
        print(f"wrote {n - have:,} dossiers in {time.perf_counter() - start:.0f} s")
    from django.db import connection

    with connection.cursor() as cur:
        # PostgreSQL: VACUUM too, as autovacuum does after a bulk load in production (the
        # visibility map lets a count read an index alone); a test server may run without it.
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def median_ms(fn, repeat: int) -> float:
    fn()  # warm up: caches, the first connection, compiled templates
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(repeat: int) -> list[tuple[str, float]]:
    import datetime as dt

    from django.test import Client
    from django.utils import timezone

    from cchc.accounts.models import ApiToken, User
    from cchc.core import keyset
    from cchc.dossiers import selectors
    from cchc.dossiers.models import Dossier

    rows: list[tuple[str, float]] = []

    def bare():
        assert len(list(Dossier.objects.all()[:50])) == 50

    rows.append(("Dossier.objects.all()[:50] (tham chiếu)", median_ms(bare, repeat)))

    province = User.objects.get(username="noivu")  # Home Affairs: the whole province
    rows_in = selectors.search(province, selectors.Filters())
    deep = rows_in[min(DEEP, rows_in.count() - 1)]
    keys = keyset._keys(Dossier.objects.all(), selectors.NEWEST_FIRST)
    deep_cursor = keyset._encode(keys, deep, False)
    today = timezone.localdate()
    year = f"from={dt.date(today.year - 1, today.month, 1)}&to={today}"

    web = Client()
    web.force_login(province)
    pages = [
        ("noivu", "/dossiers/?tab=all"),
        ("noivu", f"/dossiers/?tab=all&cursor={deep_cursor}"),
        ("noivu", "/dossiers/?tab=open"),
        ("noivu", "/dossiers/?tab=late"),
        ("noivu", "/dossiers/?tab=repeated"),
        ("noivu", "/dossiers/?tab=all&status=in_progress"),
        ("noivu", "/dossiers/?tab=all&channel=online_full"),
        ("noivu", "/dossiers/?tab=all&q=nguyen+van"),
        ("noivu", "/dossiers/?tab=all&q=nguyen"),  # a common term: one dossier in twenty
        ("noivu", f"/dossiers/?figure=received&{year}"),
        ("noivu", f"/dossiers/?figure=overdue&{year}"),
        ("noivu", f"/dossiers/?figure=late&{year}&agency=STP"),
        ("xuly", "/dossiers/?tab=queue"),
        ("motcua", "/dossiers/?tab=queue"),
        ("daumoi", "/dossiers/?tab=all"),
        ("motcua_xa", "/dossiers/?tab=all"),
        ("motcua_xa", "/dossiers/?tab=all&q=nguyen"),
        ("admin", "/dossiers/sms/"),
    ]
    clients = {"noivu": web}
    for who, url in pages:
        if who not in clients:
            clients[who] = Client()
            clients[who].force_login(User.objects.get(username=who))
        c = clients[who]

        def get(c=c, url=url):
            r = c.get(url)
            assert r.status_code == 200, (url, r.status_code)

        label = url.replace(deep_cursor, DEEP_LABEL)[:60]
        rows.append((f"{label} [{who}]", median_ms(get, repeat)))

    _, raw = ApiToken.issue(province, name="bench-lists")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for url in [
        "/api/v1/dossiers?limit=50",
        f"/api/v1/dossiers?limit=50&cursor={deep_cursor}",
        "/api/v1/dossiers?limit=50&status=in_progress",
        "/api/v1/dossiers?limit=50&agency=STP",
        f"/api/v1/dossiers?limit=50&received_from={today - dt.timedelta(days=30)}",
        "/api/v1/dossiers?limit=50&late=true",
        "/api/v1/dossiers?limit=50&repeated_supplement=true",
        "/api/v1/dossiers?limit=50&q=tran+thi",
        "/api/v1/dossiers?page=100&page_size=50",
    ]:

        def get_api(url=url):
            r = api.get(url)
            assert r.status_code == 200, (url, r.status_code, r.content[:200])

        label = url.replace(deep_cursor, DEEP_LABEL)
        rows.append((label, median_ms(get_api, repeat)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=1_000_000, help="dossiers in the database")
    parser.add_argument("--repeat", type=int, default=7, help="requests per measurement")
    args = parser.parse_args()
    setup(args.n)
    from django.db import connection

    from cchc.dossiers.models import Dossier

    rows = measure(args.repeat)
    ref = rows[0][1]
    total = Dossier.objects.count()
    print(f"\nLists on {connection.vendor}, {total:,} dossiers (median of {args.repeat})\n")
    print(f"| {'page / call':<66} | {'ms':>7} | {'vs slice':>8} |")
    print(f"|{'-' * 68}|{'-' * 9}|{'-' * 10}|")
    for name, ms in rows:
        print(f"| {name:<66} | {ms:>7.1f} | {ms / ref:>7.1f}x |")


if __name__ == "__main__":
    main()
