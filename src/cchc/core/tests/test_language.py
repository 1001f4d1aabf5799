"""The language switch: a link that sets the visitor's language cookie and leads back."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

URL = reverse("core:language")


@pytest.mark.django_db
def test_a_public_page_sets_no_cookie_until_a_language_is_chosen(client):
    page = client.get("/login/")
    assert page.status_code == 200 and "hx-headers" not in page.content.decode()
    public = client.get(reverse("dossiers:lookup"))
    assert not public.cookies, public.cookies
    chosen = client.get(URL, {"language": "en", "next": "/login/?next=/plans/"})
    assert chosen.status_code == 302 and chosen["Location"] == "/login/?next=/plans/"
    cookie = chosen.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and not chosen.cookies.get(settings.CSRF_COOKIE_NAME)


@pytest.mark.parametrize(
    "query",
    [
        {"language": "fr", "next": "/login/"},  # not offered: nothing set
        {"language": "", "next": "/login/"},
    ],
)
def test_a_language_not_offered_changes_nothing(client, query):
    response = client.get(URL, query)
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:1"])
def test_it_leads_only_back_into_this_site(client, target):
    response = client.get(URL, {"language": "en", "next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_it_is_a_link_not_a_form(client):
    assert client.post(URL, {"language": "en", "next": "/"}).status_code == 405
