"""Issue 14: the public lookup answered from Redis (``lookup_cache``), as a deployment with
``REDIS_URL`` runs it: no database on a kept answer, and never a stale one."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import run_checks
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.core import ratelimit
from cchc.dossiers import lookup_cache, selectors
from cchc.dossiers import services as s
from cchc.dossiers.models import Status

from .test_views import receive, soup

pytestmark = pytest.mark.django_db


def _status(response) -> str:
    found = soup(response).select_one("#lookup-status")
    assert found is not None, response.content.decode()[:500]
    return found.text


def test_a_kept_answer_reads_no_database_and_a_change_shows_at_once(
    redis_cache, province, procs, client, django_capture_on_commit_callbacks
):
    d = receive(province, procs.days)
    query = {"code": d.code.lower(), "phone": "0901 234 567"}
    page_url = reverse("dossiers:lookup")
    assert _status(client.get(page_url, query)) == "Đã tiếp nhận"
    assert client.get("/api/v1/lookup", query).json()["status"] == Status.RECEIVED
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(page_url, query)
        api = client.get("/api/v1/lookup", query)
    assert ctx.captured_queries == []
    assert _status(page) == "Đã tiếp nhận" and api.json()["code"] == d.code

    with django_capture_on_commit_callbacks(execute=True):  # the test's transaction stays open
        s.dossier_transfer(actor=province.motcua, dossier=d, note="Chuyển Sở Tư pháp")
    assert _status(client.get(page_url, query)) == str(Status.IN_PROGRESS.label)
    body = client.get("/api/v1/lookup", query).json()
    assert body["status"] == Status.IN_PROGRESS
    assert [t["action"] for t in body["timeline"]] == ["receive", "transfer"]

    # A wrong phone on a kept answer is the same "not found" as an unknown code.
    wrong = client.get("/api/v1/lookup", {"code": d.code, "phone": "1111"})
    unknown = client.get("/api/v1/lookup", {"code": "KHONG-CO", "phone": "4567"})
    assert wrong.status_code == unknown.status_code == 404 and wrong.json() == unknown.json()


def test_a_lookup_that_read_before_a_change_committed_keeps_nothing(
    redis_cache, province, procs, django_capture_on_commit_callbacks
):
    """The race the fence is for: a lookup reads the row, a change commits and fences the
    entry, then the lookup would store what it read. It must not: the next lookup reads the
    database and sees the change."""
    d = receive(province, procs.days)
    before = selectors._lookup_facts(d.code, "4567")
    assert before is not None and before["status"] == Status.RECEIVED
    with django_capture_on_commit_callbacks(execute=True):  # commits: fences the entry
        s.dossier_transfer(actor=province.motcua, dossier=d, note="")
    stale = lookup_cache.read(d.code, "4567", lambda code, last4: before)
    assert stale.stamp == ""  # returned to its caller, not kept
    found = selectors.public_lookup(d.code, "4567")
    assert found is not None and found["status"] == Status.IN_PROGRESS


def test_a_change_that_rolls_back_leaves_the_kept_answer(
    redis_cache, province, procs, django_capture_on_commit_callbacks
):
    from django.db import transaction

    d = receive(province, procs.days)
    assert selectors.public_lookup(d.code, "4567") is not None  # kept
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        s.dossier_transfer(actor=province.motcua, dossier=d, note="")
        raise RuntimeError
    assert callbacks == []
    with CaptureQueriesContext(connection) as ctx:
        found = selectors.public_lookup(d.code, "4567")
    assert found is not None and found["status"] == Status.RECEIVED and not ctx.captured_queries


def test_a_renamed_procedure_shows_at_once(
    redis_cache, province, procs, django_capture_on_commit_callbacks
):
    d = receive(province, procs.days)
    found = selectors.public_lookup(d.code, "4567")
    assert found is not None and found["procedure"] == procs.days.name
    procs.days.name = "Thủ tục đã đổi tên"
    with django_capture_on_commit_callbacks(execute=True):
        procs.days.save()
    found = selectors.public_lookup(d.code, "4567")
    assert found is not None and found["procedure"] == "Thủ tục đã đổi tên"


def test_a_kept_page_is_the_same_for_every_visitor_in_their_language_and_sets_no_cookie(
    redis_cache, province, procs
):
    d = receive(province, procs.days)
    query = {"code": d.code, "phone": "4567"}
    url = reverse("dossiers:lookup")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    rendered = first.get(url, query)  # renders and keeps the page
    with CaptureQueriesContext(connection) as ctx:
        kept = second.get(url, query)
    assert not ctx.captured_queries and _status(kept) == "Đã tiếp nhận"
    # Nothing of one visitor in it: no CSRF token, no cookie set, the same bytes for both.
    for response in (rendered, kept):
        assert not response.cookies and b"csrf" not in response.content.lower()
    assert kept.content == rendered.content
    # The language switch is a link on the kept page; the choice is the visitor's alone.
    link = soup(kept).select_one(".lang-switch a[data-lang=en]")
    switched = second.get(link["href"])
    assert switched.status_code == 302 and switched["Location"] == f"{url}?code={d.code}&phone=4567"
    english = second.get(url, query)
    assert _status(english) == "Received" and soup(english).html["lang"] == "en"
    assert _status(first.get(url, query)) == "Đã tiếp nhận"


def test_a_signed_in_officer_gets_the_page_with_the_menu(
    redis_cache, province, procs, client, client_as
):
    d = receive(province, procs.days)
    query = {"code": d.code, "phone": "4567"}
    client.get(reverse("dossiers:lookup"), query)  # kept for anonymous visitors
    page = client_as(province.motcua).get(reverse("dossiers:lookup"), query)
    assert "Đăng xuất" in page.content.decode() and _status(page) == "Đã tiếp nhận"


def test_the_limit_counts_in_redis_and_refuses_a_kept_answer_too(
    redis_cache, province, procs, client, settings
):
    """The count and the kept answer come in one round trip: once over the limit, even a right
    code and phone whose answer is kept get 429 (page and API)."""
    assert [ratelimit.hit("k", 60) for _ in range(3)] == [1, 2, 3]
    d = receive(province, procs.days)
    right = {"code": d.code, "phone": "4567"}
    settings.DOSSIER_LOOKUP_LIMIT = 4
    codes = [client.get("/api/v1/lookup", right).status_code for _ in range(2)]
    codes += [client.get("/api/v1/lookup", {"code": "A", "phone": "1234"}).status_code]
    codes += [client.get(reverse("dossiers:lookup"), right).status_code for _ in range(2)]
    assert codes == [200, 200, 404, 200, 429]
    refused = client.get("/api/v1/lookup", right)
    assert refused.status_code == 429 and d.code not in refused.content.decode()


def test_the_redis_count_keeps_its_window_and_survives_a_server_that_forgot_the_script(
    redis_cache,
):
    """The count is one script (``SET NX EX``, ``INCR``, ``MGET``): the first hit starts the
    window with its expiry, later hits keep it; a Redis restarted (scripts forgotten) gets the
    script again."""
    from django.core.cache import caches

    limits: Any = caches["limits"]
    name = limits.make_and_validate_key("w")
    client = limits._cache.get_client(name, write=True)
    assert ratelimit.hit("w", 60) == 1
    assert 0 < client.ttl(name) <= 60
    client.expire(name, 5)
    assert ratelimit.hit("w", 60) == 2 and client.ttl(name) <= 5  # the window is not extended
    client.script_flush()
    assert ratelimit.hit("w", 60) == 3


def test_the_redis_cache_keeps_its_client(redis_cache):
    from django.core.cache import cache

    cache.set("a", 1)
    assert cache.get("a") == 1
    redis: Any = cache
    client = redis._cache.get_client(write=True)
    assert redis._cache.get_client(write=True) is client


def test_a_per_process_cache_is_refused_outside_tests(settings):
    settings.TESTING = False
    settings.DOSSIER_LOOKUP_CACHE = "default"  # LocMemCache in this settings
    assert [m.id for m in run_checks() if (m.id or "").startswith("dossiers.E00")] == [
        "dossiers.E003"
    ]
    settings.DOSSIER_LOOKUP_CACHE = "nowhere"
    assert [m.id for m in run_checks() if (m.id or "").startswith("dossiers.E00")] == [
        "dossiers.E002"
    ]


def test_without_redis_every_lookup_reads_the_database(province, procs, settings):
    settings.DOSSIER_LOOKUP_CACHE = ""
    d = receive(province, procs.days)
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            assert selectors.public_lookup(d.code, "4567") is not None
        assert len(ctx.captured_queries) >= 2


@pytest.mark.parametrize(
    "data",
    [
        {"code": " 000.00.20.h10-261201-010001 ", "phone": "0901 234 567"},
        {"code": "X", "phone": "4567"},
        {"code": "", "phone": "4567"},
        {"code": "X" * 65, "phone": "4567"},
        {"code": "X", "phone": "456"},
        {"code": "X", "phone": "1" * 21},
        {"phone": "4567"},
    ],
)
def test_the_kept_pages_query_is_the_forms_cleaning(data):
    """The lookup answers a kept page from ``LookupForm.query`` without building the form:
    the same values, the same refusals."""
    from cchc.dossiers.forms import LookupForm

    form = LookupForm(data)
    expected = (form.cleaned_data["code"], form.cleaned_data["phone"]) if form.is_valid() else None
    assert LookupForm.query(data) == expected


def test_the_api_keeps_its_json_per_language(redis_cache, province, procs, client, settings):
    """The API's JSON is kept beside the answer like the page's HTML: a kept one reads no
    database and is the same answer, in the reader's language."""
    d = receive(province, procs.days)
    query = {"code": d.code, "phone": "0901 234 567"}
    first = client.get("/api/v1/lookup", query)
    with CaptureQueriesContext(connection) as ctx:
        kept = client.get("/api/v1/lookup", query)
    assert ctx.captured_queries == []
    assert kept["Content-Type"].startswith("application/json")
    assert kept.json() == first.json() and kept.json()["status_label"] == "Đã tiếp nhận"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = [client.get("/api/v1/lookup", query).json() for _ in range(2)]
    assert english[0] == english[1] and english[0]["status_label"] == "Received"
    wrong = client.get("/api/v1/lookup", {**query, "phone": "0000"})
    assert wrong.status_code == 404 and d.code not in wrong.content.decode()
