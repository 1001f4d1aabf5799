"""Every page a persona reaches from the home page speaks Vietnamese and opens.

The demo province is loaded (a few dozen dossiers, the plan, the periodic reports); then, as each
of its accounts, the Django test client follows every link, every htmx ``hx-get`` and every GET
form (submitted with its default values) from the home page, and fails on:

- a link, GET form or htmx fetch that answers 403, 404 or 500, and a POST form whose action
  does not resolve (a button the user is offered must lead somewhere the user may go);
- English words of Django's defaults left in the Vietnamese UI ("Submit", "---------", "None"…),
- ISO dates (``2026-01-31``) in visible text and input values: dates read ``dd/mm/yyyy``.

Each persona opens at most a few pages per view and query shape (``SAMPLES``), so paging, filters
and a thousand dossiers do not multiply the crawl; downloads are fetched (their status counts)
but not parsed.
"""

from __future__ import annotations

import io
import re
from collections import Counter, deque
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from cchc.testing.voice import seed_reference_data

ENGLISH = {
    "Submit",
    "Save",
    "Cancel",
    "Search",
    "Next",
    "Previous",
    "None",
    "True",
    "False",
    "Page",
    "of",
    "Yes",
    "No",
    "Delete",
    "Edit",
    "Back",
    "Home",
    "Login",
    "Logout",
    "Unknown",
    "Filter",
    "Clear",
    "Choose",
    "Browse",
}
EMPTY_CHOICE = "---------"
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
WORD = re.compile(r"[A-Za-z]+")
# Not pages of the Vietnamese UI: the back office (Django admin), the JSON API and its docs,
# static files, the language switch (a link for people, rel=nofollow: a crawler following it
# would go on in English) and sign-out (POST only).
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/i18n/", "/accounts/logout")
BAD = {403, 404, 500}
SAMPLES = 2  # pages per view and query shape: a dossier in two states, not all of them
MAX_PAGES = 600


def _shape(url: str) -> tuple[str, tuple[str, ...]]:
    parts = urlsplit(url)
    try:
        view = resolve(parts.path).view_name
    except Resolver404:
        view = parts.path  # a broken link: its own shape, fetched and reported
    return view, tuple(sorted({k for k, _v in parse_qsl(parts.query)}))


def _internal(base: str, href: str | None) -> str | None:
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        path = urlsplit(base).path
    elif parts.path.startswith("/"):
        path = parts.path
    else:
        path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + parts.path
    if path.startswith(SKIP_PREFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _get_form_url(base: str, form: Tag) -> str | None:
    action = _internal(base, str(form.get("action") or "") or base)
    if action is None:
        return None
    values = []
    for field in form.select("input[name], select[name], textarea[name]"):
        name = str(field["name"])
        if field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            values.append((name, str(chosen.get("value", "")) if chosen else ""))
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                values.append((name, str(field.get("value", "on"))))
        elif field.get("type") not in ("submit", "button", "file"):
            values.append((name, str(field.get("value", "") or field.get_text())))
    path = urlsplit(action).path
    return path + ("?" + urlencode(values) if values else "")


def _language_problems(soup: BeautifulSoup) -> list[str]:
    for hidden in soup(["script", "style", "template", "noscript"]):
        hidden.decompose()
    problems = []
    text = soup.get_text(" ")
    values = [
        str(i.get("value", ""))
        for i in soup.select("input")
        if i.get("type") not in ("hidden", "checkbox", "radio")
    ]
    values += [o.get_text() for o in soup.select("option")]
    for where, content in [("text", text), *(("input", v) for v in values)]:
        words = set(WORD.findall(content)) & ENGLISH
        if words:
            problems.append(f"English in {where}: {sorted(words)}")
        if EMPTY_CHOICE in content:
            problems.append(f"'{EMPTY_CHOICE}' in {where}")
        for iso in ISO_DATE.findall(content):
            problems.append(f"ISO date {iso} in {where}")
    return problems


def crawl(client: Client) -> list[str]:
    failures: list[str] = []
    queue = deque(["/"])
    seen = {"/"}
    shapes: Counter[tuple[str, tuple[str, ...]]] = Counter([_shape("/")])

    def add(target: str | None) -> None:
        if target and target not in seen and shapes[_shape(target)] < SAMPLES:
            seen.add(target)
            shapes[_shape(target)] += 1
            queue.append(target)

    visited = 0
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        visited += 1
        response = client.get(url)
        if response.status_code in BAD:
            failures.append(f"{url} answers {response.status_code}")
            continue
        if response.status_code in (301, 302):
            add(_internal(url, response.headers.get("Location")))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        found = [_internal(url, str(a.get("href") or "")) for a in soup.select("a[href]")]
        found += [_internal(url, str(e.get("hx-get") or "")) for e in soup.select("[hx-get]")]
        for form in soup.select("form"):
            if str(form.get("method", "get")).lower() == "post":
                action = _internal(url, str(form.get("action") or "") or url)
                if action is not None:
                    try:
                        resolve(urlsplit(action).path)
                    except Resolver404:
                        failures.append(f"{url}: a form posts to {action}, which does not exist")
            else:
                found.append(_get_form_url(url, form))
        for target in found:
            add(target)
        failures += [f"{url}: {p}" for p in _language_problems(soup)]
    return failures


@pytest.mark.slow
@pytest.mark.django_db
def test_every_page_is_vietnamese_and_opens_for_every_persona():
    from cchc.accounts.models import User

    seed_reference_data()  # migration rows an earlier transactional test flushed
    call_command("demo", "--no-serve", "--dossiers", "40", stdout=io.StringIO())
    personas = list(User.objects.filter(is_active=True).order_by("username"))
    assert len(personas) >= 6
    failures = []
    for user in personas:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        failures += [f"{user.username} {line}" for line in crawl(client)]
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(sorted(set(failures))[:200])
