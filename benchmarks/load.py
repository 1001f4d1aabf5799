"""Load test: the deployment's shape (gunicorn with 4 workers, one ``cchc db_worker``,
PostgreSQL holding the demo province and 1,000,000 dossiers) under 50 simulated users for
5 minutes, then the public lookup's throughput against a bare view on the same server.

    python benchmarks/load.py                        # build cchc_load, 50 users, 5 minutes
    python benchmarks/load.py --reuse                # keep the database of an earlier run
    python benchmarks/load.py --reuse --users 20 --minutes 1 --flood-seconds 15
    python benchmarks/load.py --reuse --flood-only   # only the lookup's throughput
    python benchmarks/load.py --reuse --flood-only --wrk   # the floods once more by wrk

The users (``benchmarks/load_users.py``, run by locust headless) are the desk officer
``motcua`` receiving dossiers through the real form, the processing officer ``xuly`` and the
leader ``lanhdao`` on their queues, dossier pages and the dashboard (each logged in through
the login form: session, CSRF), citizens on the public lookup (page and API) and an API client
with a token (``cchc tokens create noivu``). Printed: per page p50/p95/p99 in ms, requests and
failures; then requests per second of the lookup page, the lookup API and ``/healthz`` each
flooded alone by ``--flood-users`` users without pause, and the ratios; with ``--wrk`` the
same floods once more by ``wrk`` (when installed: ``apt-get install wrk``), whose client costs
the shared cores far less than locust's Python, so a cheap reference is not capped by its
client.

The reference is ``/healthz``: a view that returns a constant (no template, database, session
or cache) behind the same middleware as every page, so the ratio is what the lookup's own work
costs. The lookup counts every request against a per-address limit shared by the workers
(``caches["limits"]``); all the simulated citizens come from one address, so this run sets
``DOSSIER_LOOKUP_LIMIT`` for its server to a billion: the counting still happens (its cost is
measured), the refusal does not. Production keeps the default (20 per 10 minutes).

The server runs with ``DEBUG=0`` and the development profile (production's differences that
matter here are HTTPS-only cookies, which a plain-HTTP load test cannot send back), with Redis
as the deployment guide recommends (``--redis``, database 1 of the local Redis, emptied first):
the rate limits count there and the lookup's answers are kept there (``lookup_cache``). Before
the users start, each of the 2,000 dossiers drawn is looked up once (page and API), as its
citizen's first lookup, which reads PostgreSQL; the floods then measure the kept answers.
``--redis ''`` runs the deployment without Redis: limits in PostgreSQL, every lookup read from
it. Everything else comes from the environment as in a deployment (e.g. ``DB_CONN_MAX_AGE``).
Server logs go to ``var/load/``. Every process started here is stopped whatever happens.

The database (``--db``, default ``cchc_load`` on 127.0.0.1:5432, user postgres) is dropped and
rebuilt unless ``--reuse``: never point it at real data. Building 1,000,000 dossiers takes
several minutes (``cchc demo --no-serve --dossiers N``: bulk COPY, then the rollups rebuilt).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
VAR = ROOT / "var" / "load"
MIX = ["Desk", "Officer", "Leader", "Citizen", "ApiClient"]
FLOODS = [
    ("public lookup (page)", "LookupPageFlood"),
    ("public lookup (API)", "LookupApiFlood"),
    ("bare view (/healthz)", "Bare"),
]
TOKEN_USER = "noivu"  # province-wide reader, as a reporting system would be
LOOKUP_LIMIT_FOR_LOAD = 1_000_000_000


def server_env(db_url: str, redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CCHC_TESTING", "CCHC_PROFILE")}
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(
        DATABASE_URL=db_url,
        CCHC_VAR_DIR=str(VAR),
        DEBUG="0",
        DOSSIER_LOOKUP_LIMIT=str(LOOKUP_LIMIT_FOR_LOAD),
        PYTHONPATH=str(ROOT / "src"),
    )
    env.pop("CCHC_TASKS_IMMEDIATE", None)  # the worker does the background work, as deployed
    return env


def cchc(env: dict[str, str], *args: str) -> str:
    out = subprocess.run(
        [str(BIN / "cchc"), *args], env=env, check=True, stdout=subprocess.PIPE, text=True
    )
    return out.stdout


# -- the database ----------------------------------------------------------------------------


def prepare_database(db: str, dossiers: int, reuse: bool, env: dict[str, str]) -> None:
    import psycopg

    admin = "postgres://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        if reuse and exists:
            print(f"· reusing database {db} (migrating it to this checkout)")
            cchc(env, "migrate", "--verbosity", "0")
            return
        if reuse:
            sys.exit(f"--reuse: database {db} does not exist; run once without --reuse")
        print(f"· building database {db} with {dossiers:,} dossiers (several minutes)")
        conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
        conn.execute(f'CREATE DATABASE "{db}"')
    started = time.perf_counter()
    cchc(env, "migrate", "--verbosity", "0")
    print(cchc(env, "demo", "--no-serve", "--dossiers", str(dossiers)), end="")
    print(f"  built in {time.perf_counter() - started:,.0f} s")


def write_fixtures(env: dict[str, str], path: Path) -> dict[str, Any]:
    """What the simulated users pick from: dossiers each of them may open, dossiers to look up
    (code, last four phone digits), procedures the desk receives, an API token."""
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "CCHC_VAR_DIR", "DEBUG")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Q

    from cchc.accounts.models import ApiToken, User
    from cchc.demo.organizations import PASSWORD
    from cchc.dossiers import selectors, services
    from cchc.dossiers.models import Dossier
    from cchc.procedures.models import Procedure, ProcedureStatus

    users = {u.username: u for u in User.objects.filter(username__in=["motcua", "xuly", "noivu"])}
    visible = {
        name: list(
            selectors.search(user, selectors.Filters())
            .order_by("?")
            .values_list("code", flat=True)[:500]
        )
        for name, user in users.items()
    }
    desk = users["motcua"]
    procedures = [
        {"code": p.code, "documents": [d.name for d in p.documents.all()]}
        for p in Procedure.objects.filter(is_current=True, resolving_agency__isnull=False)
        .exclude(status__in=[ProcedureStatus.ABOLISHED, ProcedureStatus.DRAFT])
        .filter(Q(time_unit="days") | Q(time_unit="same_day"))
        .prefetch_related("documents")
        .order_by("code")
        if desk.agency is not None and not services.needs_resolving_agency(p, desk.agency)
    ][:10]
    lookups = [
        {"code": code, "phone": last4}
        for code, last4 in Dossier.objects.exclude(phone_last4="")
        .order_by("?")
        .values_list("code", "phone_last4")[:2000]
    ]
    _, token = ApiToken.issue(users[TOKEN_USER], name="benchmarks/load.py")
    today = dt.date.today()
    fixtures = {
        "password": PASSWORD,
        "visible": visible,
        "procedures": procedures,
        "lookups": lookups,
        "token": token,
        "token_user": TOKEN_USER,
        "stats_period": {"from": today.replace(month=1, day=1).isoformat(), "to": str(today)},
    }
    for what in ("procedures", "lookups", *(f"visible:{n}" for n in visible)):
        items = visible[what.split(":")[1]] if ":" in what else fixtures[what]
        if not items:
            sys.exit(f"nothing to draw from for {what}: is this the demo province?")
    connection.close()
    path.write_text(json.dumps(fixtures, ensure_ascii=False), encoding="utf-8")
    return fixtures


# -- the servers -----------------------------------------------------------------------------


class Processes:
    """Started processes, each in its own process group, stopped in reverse order."""

    def __init__(self) -> None:
        self.started: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = open(VAR / f"{name}.log", "wb")  # noqa: SIM115 (the child writes it until stopped)
        proc = subprocess.Popen(
            args, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append((name, proc))
        return proc

    def stop_all(self) -> None:
        for _name, proc in reversed(self.started):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for _name, proc in reversed(self.started):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.started.clear()


def warm(host: str, fixtures: Path) -> None:
    """Look up each drawn dossier once (page and API), as its citizen's first lookup does:
    the floods then measure the kept answers, the steady state of a busy day. What a first
    lookup costs is the database path, measured by ``--redis ''`` and ``benchmarks/lookup.py``."""
    from urllib.parse import urlencode

    lookups = json.loads(fixtures.read_text(encoding="utf-8"))["lookups"]
    started = time.perf_counter()
    for x in lookups:
        query = urlencode({"code": x["code"], "phone": x["phone"]})
        for path in ("/dossiers/tra-cuu/", "/api/v1/lookup"):
            with urllib.request.urlopen(f"{host}{path}?{query}", timeout=30) as r:
                r.read()
    print(f"· {len(lookups):,} dossiers looked up once in {time.perf_counter() - started:.0f} s")


def wait_for(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped (see {VAR / 'gunicorn.log'})")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"{url} did not answer in {seconds:.0f} s")


def locust(
    procs: Processes,
    host: str,
    classes: list[str],
    users: int,
    seconds: int,
    prefix: str,
    fixtures: Path,
) -> list[dict[str, str]]:
    env = dict(os.environ, CCHC_LOAD_FIXTURES=str(fixtures))
    proc = procs.start(
        prefix,
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "load_users.py"),
            "--headless",
            "--host",
            host,
            "--users",
            str(users),
            "--spawn-rate",
            str(max(1, users // 5)),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--csv",
            str(VAR / prefix),
            "--only-summary",
            *classes,
        ],
        env,
    )
    proc.wait()  # exit code 1 means failures, which the table shows
    with open(VAR / f"{prefix}_stats.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("CCHC_WRK_PATHS")) do paths[#paths + 1] = line end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def wrk(
    host: str, paths: list[str], users: int, seconds: int, name: str, stem: str
) -> dict[str, str]:
    """The same flood by ``wrk`` (C, one thread per core, no Python in the client): locust's
    own CPU on the server's cores caps a cheap address like ``/healthz`` more than a costly
    one, so both clients are reported. Returns a row shaped like locust's."""
    import re

    (VAR / f"{stem}.paths").write_text("\n".join(paths) + "\n", encoding="utf-8")
    (VAR / "wrk.lua").write_text(WRK_SCRIPT, encoding="utf-8")
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{users}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(VAR / "wrk.lua"),
            host,
        ],
        env=dict(os.environ, CCHC_WRK_PATHS=str(VAR / f"{stem}.paths")),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    (VAR / f"{stem}.wrk.txt").write_text(out, encoding="utf-8")

    def ms(pct: str) -> str:
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return "N/A"
        scale = {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
        return str(float(m.group(1)) * scale)

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = int(errors.group(1)) if errors else 0
    failed += sum(int(g) for g in socket.groups()) if socket else 0
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return {
        "Name": name,
        "Requests/s": rate.group(1) if rate else "0",
        "50%": ms("50"),
        "99%": ms("99"),
        "Failure Count": str(failed),
    }


# -- the report ------------------------------------------------------------------------------


def ms(row: dict[str, str], pct: str) -> str:
    value = row.get(pct, "N/A")
    return value if value in ("N/A", "") else f"{float(value):,.0f}"


def print_mix(rows: list[dict[str, str]], users: int, minutes: float) -> int:
    print(f"\nMixed load: {users} users for {minutes:g} min (times in ms)\n")
    print("| page | requests | failures | p50 | p95 | p99 | req/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    failures = 0
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "**all**" if row["Name"] == "Aggregated" else row["Name"]
        if row["Name"] != "Aggregated":
            failures += int(row["Failure Count"])
        print(
            f"| {name} | {int(row['Request Count']):,} | {int(row['Failure Count']):,} "
            f"| {ms(row, '50%')} | {ms(row, '95%')} | {ms(row, '99%')} "
            f"| {float(row['Requests/s']):.1f} |"
        )
    return failures


def print_floods(
    results: dict[str, dict[str, str]], users: int, seconds: int, client: str = "locust"
) -> int:
    bare = float(results[FLOODS[-1][0]]["Requests/s"])
    print(
        f"\nThroughput ({client}): each address alone, {users} users without pause "
        f"for {seconds} s\n"
    )
    print("| address | req/s | p50 ms | p99 ms | failures | vs bare view |")
    print("|---|---:|---:|---:|---:|---:|")
    failures = 0
    for name, _cls in FLOODS:
        row = results[name]
        rate = float(row["Requests/s"])
        failures += int(row["Failure Count"])
        print(
            f"| {name} | {rate:,.1f} | {ms(row, '50%')} | {ms(row, '99%')} "
            f"| {int(row['Failure Count']):,} | {rate / bare if bare else 0:.2f}× |"
        )
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="cchc_load", help="PostgreSQL database (127.0.0.1:5432)")
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep an existing database")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--flood-users", type=int, default=16)
    parser.add_argument("--flood-seconds", type=int, default=30)
    parser.add_argument(
        "--flood-only",
        action="store_true",
        help="skip the mixed load: only the throughput of the lookup against /healthz",
    )
    parser.add_argument(
        "--wrk", action="store_true", help="flood once more with wrk (when installed)"
    )
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/1",
        help="REDIS_URL of the server (emptied first); '' for a deployment without Redis",
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    VAR.mkdir(parents=True, exist_ok=True)
    db_url = f"postgres://postgres@127.0.0.1:5432/{args.db}"
    env = server_env(db_url, args.redis)
    if args.redis:
        import redis

        redis.Redis.from_url(args.redis).flushdb()  # no answer kept by an earlier run
    prepare_database(args.db, args.dossiers, args.reuse, env)
    fixtures = VAR / "fixtures.json"
    write_fixtures(env, fixtures)

    host = f"http://127.0.0.1:{args.port}"
    procs = Processes()
    # SIGTERM (a CI timeout, kill) must also stop the servers: make it unwind like Ctrl+C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        server = procs.start(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "cchc.wsgi:application",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                str(args.workers),
                "--timeout",
                "60",
            ],
            env,
        )
        procs.start("db_worker", [str(BIN / "cchc"), "db_worker"], env)
        wait_for(f"{host}/healthz", server)
        if args.redis:
            warm(host, fixtures)
        seconds = round(args.minutes * 60)
        mix = (
            []
            if args.flood_only
            else locust(procs, host, MIX, args.users, seconds, "mix", fixtures)
        )
        floods = {
            name: next(
                r
                for r in locust(
                    procs, host, [cls], args.flood_users, args.flood_seconds, cls, fixtures
                )
                if r["Name"] == name
            )
            for name, cls in FLOODS
        }
        by_wrk = {}
        if args.wrk:
            fx = json.loads(fixtures.read_text(encoding="utf-8"))
            wanted = {
                "public lookup (page)": [
                    f"/dossiers/tra-cuu/?code={x['code']}&phone={x['phone']}" for x in fx["lookups"]
                ],
                "public lookup (API)": [
                    f"/api/v1/lookup?code={x['code']}&phone={x['phone']}" for x in fx["lookups"]
                ],
                "bare view (/healthz)": ["/healthz"],
            }
            by_wrk = {
                name: wrk(host, wanted[name], args.flood_users, args.flood_seconds, name, cls)
                for name, cls in FLOODS
            }
    finally:
        procs.stop_all()
    failures = 0 if args.flood_only else print_mix(mix, args.users, args.minutes)
    failures += print_floods(floods, args.flood_users, args.flood_seconds)
    if by_wrk:
        failures += print_floods(by_wrk, args.flood_users, args.flood_seconds, "wrk")
    errors = (VAR / "gunicorn.log").read_text(errors="replace").count("Traceback")
    print(f"\nfailed requests: {failures}; tracebacks in var/load/gunicorn.log: {errors}")
    return 1 if failures or errors else 0


if __name__ == "__main__":
    sys.exit(main())
