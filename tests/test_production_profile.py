"""The production profile (issue 14, finding 9): a weak SECRET_KEY is refused, sessions last a
working day, every page carries a Content-Security-Policy no template needs to break."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
STRONG = "k3Y-9fQ_z8LmN2pR7sT1vW4xY6aB0cD5eF8gH3jK7mN9pQ2rS4tU6vW8xZ"


def _settings_in(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cchc.settings'; "
        "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "CCHC_PROFILE")}
    full = {**clean, "PYTHONPATH": str(SRC), "ALLOWED_HOSTS": "cchc.example.vn", **env}
    return subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "key",
    [
        "",
        "short-key",
        "a" * 64,
        "ab" * 40,
        "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz",
        "django-insecure-" + STRONG,
    ],
)
def test_production_refuses_a_weak_secret_key(key):
    run = _settings_in({"CCHC_PROFILE": "production", "SECRET_KEY": key})
    assert run.returncode != 0 and "SECRET_KEY" in run.stderr, run.stderr[-500:]


def test_production_accepts_a_strong_key_and_sessions_last_a_working_day():
    run = _settings_in({"CCHC_PROFILE": "production", "SECRET_KEY": STRONG})
    assert run.returncode == 0, run.stderr[-500:]
    assert int(run.stdout.strip()) == 8 * 3600


def test_pages_carry_a_content_security_policy(client_as, province):
    response = client_as(province.motcua).get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "'unsafe-inline'" not in policy.split(";")[1]
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\b(src|nonce)=)[^>]*>", html)


def test_no_template_has_inline_script_or_handlers():
    """Inline handlers (onclick=…) and scripts without a nonce would be blocked by the policy."""
    offenders = []
    for path in SRC.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{path}: inline event handler")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "nonce=" not in tag and "application/json" not in tag:
                offenders.append(f"{path}: {tag}")
    assert not offenders, offenders


def test_make_demo_installs_only_runtime_dependencies():
    """Issue 14, operations: the test tools are not installed by ``make demo``."""
    root = SRC.parent
    demo = subprocess.run(
        ["make", "-n", "-B", "demo"], cwd=root, capture_output=True, text=True, timeout=60
    ).stdout
    test = subprocess.run(
        ["make", "-n", "-B", "test"], cwd=root, capture_output=True, text=True, timeout=60
    ).stdout
    assert "pip install --quiet -e ." in demo and "[dev]" not in demo
    assert "-e '.[dev]'" in test


def test_the_product_runs_without_the_dev_dependencies(tmp_path):
    """Every module outside the tests imports, and ``check`` passes, with the test tools absent."""
    code = """
import sys
for name in ["pytest", "playwright", "hypothesis", "bs4", "time_machine", "duckdb",
             "schemathesis", "mypy", "pytest_django"]:
    sys.modules[name] = None
import importlib, os, pkgutil
os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.settings"
import django
django.setup()
from django.core.management import call_command
call_command("check")
import cchc
for m in pkgutil.walk_packages(cchc.__path__, "cchc."):
    if ".tests" in m.name or m.name.startswith("cchc.testing") or ".migrations" in m.name:
        continue
    importlib.import_module(m.name)
print("ok")
"""
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CCHC_PROFILE")}
    env = {**clean, "PYTHONPATH": str(SRC), "CCHC_TESTING": "0", "CCHC_VAR_DIR": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0 and run.stdout.strip().endswith("ok"), run.stderr[-2000:]
