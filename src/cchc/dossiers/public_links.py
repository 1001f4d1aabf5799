"""Links offered to the citizen on the public lookup of a dossier. Higher apps register
``fn(dossier) -> (label, url) | None`` in their ``AppConfig.ready`` (evaluations: "rate this
dossier" once its result is returned); the dossiers app never imports them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LinkFn = Callable[[Any], "tuple[str, str] | None"]

_registry: list[LinkFn] = []


def register(fn: LinkFn) -> LinkFn:
    """``fn(dossier)`` gives a (label, url) or None. Its answer is kept with the lookup's
    (``lookup_cache``): the registering app calls ``lookup_cache.forget_on_commit(code)`` when
    what decides the link changes (evaluations: a rating given or removed)."""
    if fn not in _registry:
        _registry.append(fn)
    return fn


def links_for(dossier: Any) -> list[dict[str, str]]:
    out = []
    for fn in _registry:
        link = fn(dossier)
        if link is not None:
            out.append({"label": str(link[0]), "url": link[1]})
    return out
