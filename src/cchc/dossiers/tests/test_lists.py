"""The dossier lists at any size (issue 14): keyset pages on the page and in the API, every
dossier once across pages whose receipt times are equal, an old page number bounded, the list
behind a figure counting exactly the figure."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from cchc.dossiers import services, views
from cchc.dossiers.models import Dossier

from .conftest import at


def _receive(province, procs, n: int) -> list[str]:
    codes = [
        services.dossier_receive(
            actor=province.motcua,
            procedure=procs.days,
            applicant=services.Applicant(name=f"Nguyễn Văn {i}"),
        ).code
        for i in range(n)
    ]
    # Three share one receipt time: their order comes from the id alone.
    Dossier.objects.filter(code__in=codes[2:5]).update(received_at=at(2024, 3, 4, 10))
    return codes


def _api_walk(client, url: str) -> tuple[list[str], int]:
    seen, pages, body = [], 0, client.get(url).json()
    while True:
        seen += [d["code"] for d in body["results"]]
        pages += 1
        if body["next_cursor"] is None:
            return seen, pages
        body = client.get(f"{url}&cursor={body['next_cursor']}").json()


def test_api_cursor_pages_hold_every_dossier_once_even_when_one_arrives(
    province, procs, api_client
):
    codes = _receive(province, procs, 7)
    c = api_client(province.noivu)
    first = c.get("/api/v1/dossiers?limit=2").json()
    assert first["count"] == 7 and first["count_exact"] is True and first["limit"] == 2
    assert first["previous_cursor"] is None
    _receive(province, procs, 1)  # newer than all: before the first page, never in the walk
    seen = [d["code"] for d in first["results"]]
    cursor = first["next_cursor"]
    while cursor:
        body = c.get("/api/v1/dossiers", {"limit": 2, "cursor": cursor}).json()
        seen += [d["code"] for d in body["results"]]
        cursor = body["next_cursor"]
    assert sorted(seen) == sorted(codes) and len(seen) == len(set(seen))
    walked, pages = _api_walk(c, "/api/v1/dossiers?limit=3&agency=STP")
    assert len(walked) == 8 and pages == 3


def test_api_previous_cursor_returns_the_page_before(province, procs, api_client):
    _receive(province, procs, 5)
    c = api_client(province.noivu)
    one = c.get("/api/v1/dossiers?limit=2").json()
    two = c.get("/api/v1/dossiers", {"limit": 2, "cursor": one["next_cursor"]}).json()
    back = c.get("/api/v1/dossiers", {"limit": 2, "cursor": two["previous_cursor"]}).json()
    assert [d["code"] for d in back["results"]] == [d["code"] for d in one["results"]]


def test_api_old_page_numbers_work_within_the_bound_only(province, procs, api_client):
    _receive(province, procs, 3)
    c = api_client(province.noivu)
    body = c.get("/api/v1/dossiers?page=2&page_size=2").json()
    assert body["page"] == 2 and len(body["results"]) == 1
    r = c.get("/api/v1/dossiers?page=101&page_size=100")
    assert r.status_code == 400 and r.json()["code"] == "offset_too_deep"
    r = c.get("/api/v1/dossiers?cursor=xyz")
    assert r.status_code == 400 and r.json()["code"] == "bad_cursor"


def test_the_list_page_walks_by_cursor(province, procs, client_as, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    codes = _receive(province, procs, 7)
    client = client_as(province.noivu)
    seen, url = [], "/dossiers/?tab=all"
    while url:
        page = BeautifulSoup(client.get(url).content, "html.parser")
        count = page.select_one("#result-count")
        assert count is not None and count["data-count"] == "7" and count["data-exact"] == "1"
        seen += [a.get_text() for a in page.select("#dossier-list .code-cell a")]
        nxt = page.select_one("[data-pager] a[data-page=next]")
        url = f"/dossiers/{nxt['href']}" if nxt else ""
    assert sorted(seen) == sorted(codes) and len(seen) == 7
    assert client.get("/dossiers/?tab=all&cursor=xyz").status_code == 400


@pytest.mark.parametrize("tab", ["queue", "open", "late", "repeated", "all"])
def test_every_tab_answers_with_its_pager(province, procs, client_as, tab):
    _receive(province, procs, 2)
    r = client_as(province.motcua).get(f"/dossiers/?tab={tab}")
    assert r.status_code == 200
    assert BeautifulSoup(r.content, "html.parser").select_one("#result-count") is not None
