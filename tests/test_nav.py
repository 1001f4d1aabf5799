"""Every link in the top bar opens for the persona who sees it: no link leads to a refusal."""

import pytest
from bs4 import BeautifulSoup


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["admin", "noivu", "lanhdao", "daumoi", "motcua", "xuly", "motcua_xa", "lanhdao_xa"]
)
def test_every_nav_link_opens(province, client_as, who):
    client = client_as(getattr(province, who))
    home = client.get("/")
    assert home.status_code == 200
    links = [a["href"] for a in BeautifulSoup(home.content, "html.parser").select("nav.mainnav a")]
    assert len(links) >= 5
    for href in links:
        assert client.get(href).status_code == 200, href


@pytest.mark.django_db
def test_dashboard_link_only_for_those_who_may_open_it(province, client_as):
    def nav(user):
        html = client_as(user).get("/").content
        return {a.get_text() for a in BeautifulSoup(html, "html.parser").select("nav.mainnav a")}

    assert "Bảng điều hành" in nav(province.lanhdao)
    assert "Bảng điều hành" not in nav(province.motcua)
    assert "Báo cáo" not in nav(province.xuly)
