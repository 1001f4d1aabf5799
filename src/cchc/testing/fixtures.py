"""pytest fixtures shared by every app (loaded from the root conftest)."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API in tests


@functools.cache
def screenshot_dir() -> Path:
    """Where browser tests save their pictures: ``CCHC_SCREENSHOTS`` (``make docs`` points it at
    docs/img to refresh the guide), else a fresh temporary folder, so an ordinary test run never
    rewrites the tracked images."""
    configured = os.environ.get("CCHC_SCREENSHOTS", "")
    folder = Path(configured) if configured else Path(tempfile.mkdtemp(prefix="cchc-shots-"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.ConnectionError:
        return False


@pytest.fixture(scope="session")
def redis_url():
    """A Redis for the tests of the production cache: the machine's (``REDIS_URL``, else
    127.0.0.1:6379), or a throwaway ``redis-server`` when none answers. Tests keep their keys
    apart by prefix (``redis_cache``) and never flush: the SQLite and PostgreSQL runs share it."""
    import socket
    import subprocess
    import time

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    if _redis_answers(url):
        yield url
        return
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: scripts/ensure-system-packages.sh installs it"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            if _redis_answers(url):
                break
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def redis_cache(redis_url, settings):
    """Both caches on Redis, as a deployment with ``REDIS_URL`` has them, under a key prefix
    of this test's own."""
    import uuid

    redis = {
        "BACKEND": "cchc.core.cache.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    settings.CACHES = {"default": redis, "limits": redis}
    settings.DOSSIER_LOOKUP_CACHE = "default"
    return redis


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Vietnamese: a request with the English cookie leaves English active
    in the thread (LocaleMiddleware activates it and nothing resets it), which would leak into
    the next test's lazy strings."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def province(db):
    from .personas import build_province

    return build_province()


@pytest.fixture
def client_as(client):
    """``client_as(user)`` logs the test client in as that persona."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_client(client):
    """``api_client(user)`` → a client sending a fresh bearer token for that user."""
    from cchc.accounts.models import ApiToken

    def make(user):
        _, raw = ApiToken.issue(user, name="test")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return make


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def soffice_path() -> str:
    """LibreOffice, which turns our DOCX into PDF for the tests that read the printed page;
    missing, the test fails: ``scripts/ensure-system-packages.sh`` installs it."""
    path = shutil.which("soffice")
    assert path, "LibreOffice (soffice) missing: scripts/ensure-system-packages.sh installs it"
    return path


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        pytest.fail(
            "chromium is not installed: scripts/ensure-system-packages.sh (run by `make test`) installs Debian's chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="vi-VN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base_url = live_server.url  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture
def login_page(page):
    """``login_page(user)`` signs in through the real login form."""
    from .personas import PASSWORD

    def do(user, password: str = PASSWORD):
        page.goto(page.base_url + "/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return do


def screenshot(page, name: str) -> Path:
    """Save a picture for the user guide as NAME.png in ``screenshot_dir()``; ``make docs``
    retakes docs/img/NAME.png on the current product, so the pictures never go stale."""
    path = screenshot_dir() / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
