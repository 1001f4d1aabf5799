"""CPU per public lookup against a bare view, in one process: what each request costs this
Django process plus its PostgreSQL backend, read from the kernel's counters, so the figures
hold on a machine shared with other work (``load.py`` measures the same pages over HTTP,
where neighbours move the numbers).

    python benchmarks/lookup.py                      # the database load.py built (cchc_load)
    python benchmarks/lookup.py --db hotpath_load --rounds 7

Four ways, each against ``/healthz`` (a view that returns a constant behind the same
middleware): the lookup page and the lookup API, read from PostgreSQL on every request (a
deployment without Redis), then kept in Redis (``lookup_cache``, database 1 of the local
Redis, emptied first), once each of the drawn dossiers has been looked up. Printed: ms of CPU
per request (Django, PostgreSQL, together) and the ratio of ``/healthz``'s total to each.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="cchc_load", help="PostgreSQL database with dossiers")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/1")
    parser.add_argument("-n", type=int, default=300, help="requests per round and way")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the least CPU counts")
    args = parser.parse_args()
    results: dict[str, tuple[float, float]] = {}
    for label, redis_url in (("PostgreSQL", ""), ("Redis", args.redis)):
        results.update(measure(args.db, redis_url, label, args.n, args.rounds))
    print(f"\nCPU per request, {args.n} requests × best of {args.rounds} rounds ({args.db})\n")
    print("| request | Django ms | PostgreSQL ms | total ms | /healthz ÷ this |")
    print("|---|---:|---:|---:|---:|")
    for name, (py, pg) in results.items():
        ref = results[name.split(" · ")[0] + " · /healthz"]
        print(f"| {name} | {py:.2f} | {pg:.2f} | {py + pg:.2f} | {sum(ref) / (py + pg):.2f}× |")


def measure(db: str, redis_url: str, label: str, n: int, rounds: int) -> dict:
    """In a child process: settings are read once per process."""
    import json
    import subprocess

    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{db}",
        DEBUG="0",
        DJANGO_SETTINGS_MODULE="cchc.settings",
        DOSSIER_LOOKUP_LIMIT="1000000000",
        PYTHONPATH=str(ROOT / "src"),
        REDIS_URL=redis_url,
    )
    env.pop("CCHC_TESTING", None)
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(n), str(rounds)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {f"{label} · {k}": tuple(v) for k, v in json.loads(out.splitlines()[-1]).items()}


def child(n: int, rounds: int) -> None:
    import json

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from cchc.dossiers.models import Dossier

    if os.environ.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    drawn = list(
        Dossier.objects.exclude(phone_last4="")
        .order_by("-id")
        .values_list("code", "phone_last4")[1000:1200]
    )
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        backend = cur.fetchone()[0]
    tick = os.sysconf("SC_CLK_TCK")

    def pg_cpu() -> float:
        fields = Path(f"/proc/{backend}/stat").read_text().split(")")[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    codes = itertools.cycle(drawn)

    def page() -> str:
        code, last4 = next(codes)
        return f"/dossiers/tra-cuu/?code={code}&phone={last4}"

    def api() -> str:
        code, last4 = next(codes)
        return f"/api/v1/lookup?code={code}&phone={last4}"

    ways = {"/healthz": lambda: "/healthz", "lookup page": page, "lookup API": api}
    client = Client()
    for url in ways.values():
        for _ in range(len(drawn)):  # every drawn dossier looked up once: kept, with Redis
            assert client.get(url()).status_code == 200
    best = {name: (9e9, 9e9) for name in ways}
    for _ in range(rounds):
        for name, url in ways.items():
            cpu, pg = time.process_time(), pg_cpu()
            for _ in range(n):
                client.get(url())
            took = ((time.process_time() - cpu) / n * 1e3, (pg_cpu() - pg) / n * 1e3)
            best[name] = min(best[name], took, key=sum)
    print(json.dumps(best))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
