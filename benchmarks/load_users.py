"""The simulated users of ``benchmarks/load.py`` (a locustfile; run it through load.py, which
prepares the database, the servers and the fixtures file these users read).

Mixed load (``Desk``, ``Officer``, ``Leader``, ``Citizen``, ``ApiClient``) is what a province's
staff and citizens do in a working day; the two ``*Flood`` users and ``Bare`` hit a single
address without pause, to compare the public lookup's throughput with a bare view's.

Each request is named after the page it stands for ("queue", "dossier page"…) so the table
groups the varying addresses of one page together. A response that is not what the page
should answer (a login form instead of the queue, a refused receipt) counts as a failure.
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path
from typing import Any

from locust import FastHttpUser, HttpUser, between, constant, task

FIXTURES: dict[str, Any] = json.loads(
    Path(os.environ["CCHC_LOAD_FIXTURES"]).read_text(encoding="utf-8")
)
PASSWORD = FIXTURES["password"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ERROR_ITEM = re.compile(r'class="errorlist[^>]*>\s*<li>(.*?)</li>', re.S)
GIVEN = ["An", "Bình", "Cúc", "Dũng", "Em", "Giang", "Hà", "Khánh", "Linh", "Minh"]


class Staff(HttpUser):
    """A signed-in officer: logs in once through the real form (session cookie, CSRF)."""

    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/login/", name="login form")
        token = CSRF_INPUT.search(page.text)
        with self.client.post(
            "/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/login/"},
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"login of {self.username} answered {r.status_code}")

    def page(self, url: str, name: str, expect: str = "") -> None:
        """GET a page that must answer 200 with ``expect`` in it (not a login form)."""
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{name}: HTTP {r.status_code}")
            elif expect and expect not in r.text:
                r.failure(f"{name}: {expect!r} missing")

    def dossier(self) -> None:
        code = random.choice(FIXTURES["visible"][self.username])
        self.page(f"/dossiers/d/{code}/", "dossier page", code)


class Desk(Staff):
    """The Centre's one-stop officer: receipts at the desk, the queue, a dossier."""

    weight = 2
    username = "motcua"

    @task(2)
    def receipt(self) -> None:
        form = self.client.get("/dossiers/receive/", name="receipt form")
        token = CSRF_INPUT.search(form.text)
        proc = random.choice(FIXTURES["procedures"])
        phone = f"09{random.randrange(10**8):08d}"
        with self.client.post(
            "/dossiers/receive/",
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "procedure_code": proc["code"],
                "applicant_kind": "person",
                "applicant_name": f"Nguyễn Văn {random.choice(GIVEN)}",
                "applicant_id_number": f"0{random.randrange(10**11):011d}",
                "applicant_address": "Phường Ninh Kiều, thành phố Cần Thơ",
                "applicant_phone": phone,
                "channel": "desk",
                "sets": "1",
                "components": proc["documents"][:2],
            },
            headers={"Referer": f"{self.host}/dossiers/receive/"},
            allow_redirects=False,
            name="desk receipt (POST)",
            catch_response=True,
        ) as r:
            location = r.headers.get("Location", "")
            if r.status_code != 302 or "/dossiers/d/" not in location:
                why = ERROR_ITEM.search(r.text)
                r.failure(f"receipt refused: HTTP {r.status_code} {why.group(1) if why else ''}")
                return
        self.page(location, "dossier page")

    @task(3)
    def queue(self) -> None:
        self.page("/dossiers/", "queue", "<table")

    @task(2)
    def open_dossier(self) -> None:
        self.dossier()


class Officer(Staff):
    """A department's processing officer: the queue, the agency's open dossiers, a dossier."""

    weight = 2
    username = "xuly"

    @task(3)
    def queue(self) -> None:
        self.page("/dossiers/", "queue", "<table")

    @task(1)
    def open_tab(self) -> None:
        self.page("/dossiers/?tab=open", "queue (open tab)", "<table")

    @task(3)
    def open_dossier(self) -> None:
        self.dossier()


class Leader(Staff):
    """A city leader: the home page and the dashboard."""

    weight = 1
    username = "lanhdao"

    @task(1)
    def home(self) -> None:
        self.page("/", "home")

    @task(2)
    def dashboard(self) -> None:
        self.page("/dashboard/", "dashboard")


def _lookup() -> dict[str, str]:
    return random.choice(FIXTURES["lookups"])


class Citizen(HttpUser):
    """A citizen looking up a dossier with its code and phone digits: page or API."""

    weight = 3
    wait_time = between(1, 3)

    @task(2)
    def lookup_page(self) -> None:
        hit = _lookup()
        with self.client.get(
            "/dossiers/tra-cuu/",
            params={"code": hit["code"], "phone": hit["phone"]},
            name="public lookup (page)",
            catch_response=True,
        ) as r:
            if r.status_code != 200 or hit["code"] not in r.text:
                r.failure(f"lookup page: HTTP {r.status_code}")

    @task(1)
    def lookup_api(self) -> None:
        hit = _lookup()
        with self.client.get(
            "/api/v1/lookup",
            params={"code": hit["code"], "phone": hit["phone"]},
            name="public lookup (API)",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                r.failure(f"lookup API: HTTP {r.status_code}")


class ApiClient(HttpUser):
    """Another system reading through the API with a token: lists, a dossier, statistics."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {FIXTURES['token']}"

    def api(self, url: str, name: str, params: dict[str, Any] | None = None) -> None:
        with self.client.get(url, params=params, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{name}: HTTP {r.status_code}")

    @task(2)
    def dossier_list(self) -> None:
        self.api("/api/v1/dossiers", "API dossier list", {"page_size": 50})

    @task(2)
    def dossier(self) -> None:
        code = random.choice(FIXTURES["visible"][FIXTURES["token_user"]])
        self.api(f"/api/v1/dossiers/{code}", "API dossier")

    @task(1)
    def statistics(self) -> None:
        self.api("/api/v1/reports/dossiers", "API statistics", FIXTURES["stats_period"])


# -- throughput: one address, no pause -------------------------------------------------------


class LookupPageFlood(FastHttpUser):
    wait_time = constant(0)

    @task
    def lookup(self) -> None:
        hit = _lookup()
        self.client.get(
            f"/dossiers/tra-cuu/?code={hit['code']}&phone={hit['phone']}",
            name="public lookup (page)",
        )


class LookupApiFlood(FastHttpUser):
    wait_time = constant(0)

    @task
    def lookup(self) -> None:
        hit = _lookup()
        self.client.get(
            f"/api/v1/lookup?code={hit['code']}&phone={hit['phone']}", name="public lookup (API)"
        )


class Bare(FastHttpUser):
    """``/healthz``: a view returning a constant, behind the same middleware as every page."""

    wait_time = constant(0)

    @task
    def bare(self) -> None:
        self.client.get("/healthz", name="bare view (/healthz)")
