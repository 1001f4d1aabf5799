"""Project-wide promises: the production profile passes ``check --deploy``, the shell switches
language, pages reference no CDN, the demo loads idempotently."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]


def test_production_profile_passes_check_deploy(tmp_path):
    env = {
        **os.environ,
        "CCHC_PROFILE": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "cchc.example.vn",
        "SITE_URL": "https://cchc.example.vn",  # printed on receipts' QR codes: must be https
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CCHC_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DEBUG", None)
    env.pop("CCHC_TESTING", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the Playwright fixtures
    result = subprocess.run(
        [sys.executable, "-m", "cchc.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_a_missing_secret_key(tmp_path):
    env = {**os.environ, "CCHC_PROFILE": "production", "PYTHONPATH": str(ROOT / "src")}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "cchc.manage", "check"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_language_switch_to_english_and_back(province, client_as):
    client = client_as(province.noivu)
    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert home.html["lang"] == "vi"
    assert "Cơ quan" in home.select_one("nav.mainnav").get_text()
    client.get(reverse("core:language"), {"language": "en", "next": "/"})
    page = BeautifulSoup(client.get(reverse("organizations:tree")).content, "html.parser")
    assert page.html["lang"] == "en"
    nav = page.select_one("nav.mainnav").get_text()
    assert "Agencies" in nav and "Users" in nav
    assert page.h1.get_text(strip=True).startswith("Agencies")
    client.get(reverse("core:language"), {"language": "vi", "next": "/"})
    assert "Cơ quan" in BeautifulSoup(client.get("/").content, "html.parser").nav.get_text()


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_until_english_is_chosen(client):
    """Accept-Language is not asked: the province's computers often run an English browser."""
    page = BeautifulSoup(
        client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content, "html.parser"
    )
    assert page.html["lang"] == "vi" and "Đăng nhập" in page.get_text()
    client.get(reverse("core:language"), {"language": "en", "next": "/login/"})
    page = BeautifulSoup(client.get("/login/", HTTP_ACCEPT_LANGUAGE="vi").content, "html.parser")
    assert page.html["lang"] == "en"


@pytest.mark.django_db
def test_pages_load_nothing_from_another_host(province, client_as):
    client = client_as(province.noivu)
    for url in (
        "/",
        reverse("organizations:tree"),
        reverse("accounts:users"),
        "/login/",
        "/api/v1/docs",
    ):
        html = client.get(url).content.decode()
        assert not re.search(r'(src|href)="(https?:)?//', html), url


@pytest.mark.django_db
def test_error_pages_are_vietnamese(province, client_as):
    response = client_as(province.motcua_xa).get(
        reverse("organizations:detail", args=[province.justice.pk])
    )
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
    assert client_as(province.noivu).get("/agencies/999999/").status_code == 404


@pytest.mark.django_db
def test_demo_loads_the_province_idempotently(capsys):
    from cchc.accounts.models import Role, User
    from cchc.organizations.models import Agency

    call_command("demo", "--no-serve")
    first = capsys.readouterr().out
    counts = (Agency.objects.count(), User.objects.count())
    call_command("demo", "--no-serve")
    assert (Agency.objects.count(), User.objects.count()) == counts
    assert "cchc-demo-2026" in first
    roles = dict(User.objects.values_list("username", "role"))
    personas = {
        "admin": Role.SYSTEM_ADMIN,
        "noivu": Role.HOME_AFFAIRS,
        "lanhdao": Role.LEADER,
        "daumoi": Role.FOCAL_POINT,
        "motcua": Role.ONE_STOP,
        "xuly": Role.PROCESSING,
    }
    assert {name: roles[name] for name in personas} == personas
    # The staff loader adds the other officers of the demo desks, nobody else.
    assert {roles[name] for name in set(roles) - set(personas)} == {Role.ONE_STOP}
    assert User.objects.get(username="daumoi").agency.name == "Sở Tư pháp"
    assert User.objects.get(username="motcua").agency.kind == "service_centre"
    assert User.objects.get(username="noivu").check_password("cchc-demo-2026")
    assert Agency.objects.filter(kind="commune").count() == 103
    assert Agency.objects.filter(kind__in=["department", "central", "ppc_office"]).count() >= 18
    assert Agency.objects.filter(electronic_id="").count() == 0
    eids = list(
        Agency.objects.exclude(kind="one_stop_desk").values_list("electronic_id", flat=True)
    )
    assert len(eids) == len(set(eids))
    assert all(re.fullmatch(r"000\.\d{2}\.\d{2}\.H10", e) for e in eids)
