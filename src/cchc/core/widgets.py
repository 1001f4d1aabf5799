"""Home-page widgets. Core offers the registry; each app registers the function that gives its
widgets (``provider(request) -> list of {"title", "value", "url"}``) from its
``AppConfig.ready()``, so the home page never reaches into the apps above core. Widgets show in
the order apps are installed (``INSTALLED_APPS``), i.e. the dependency order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

Widget = dict[str, Any]
Provider = Callable[[HttpRequest], list[Widget]]

_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Add (or replace, so a second ``ready()`` is harmless) the widgets of an app."""
    _PROVIDERS[name] = provider


def for_request(request: HttpRequest) -> list[Widget]:
    result: list[Widget] = []
    for provider in _PROVIDERS.values():
        result.extend(provider(request))
    return result
