"""The public lookup's answers, kept in the shared cache (Redis) when one is configured.

The lookup is the province's busiest public address (every receipt's QR code lands there) and
its answer changes only when its dossier does. Read from the database it cost about ten times a
bare view (a rate-limit write, the dossier with its procedure and agencies, its timeline, and
PostgreSQL planning each of them); from the cache it is one round trip to Redis
(``benchmarks/load.py``, issue 14).

Exactness: every change of a dossier (a ``Dossier`` saved or deleted, which every service of
this app does with each change, its timeline and supplement requests included) replaces its
entry by a *fence* once the change commits. While the fence stands (``FENCE_SECONDS``) a lookup
reads the database and stores nothing, so a lookup that read the row just before the change
committed cannot put the old answer back. What the answer shows of other tables says so too: a
procedure or agency saved (names, addresses) retires every entry at once (``NAMES_KEY``), and a
link offered by a higher app (``public_links``) calls ``forget`` when what it shows changes.

Only a positive answer is kept, under the dossier's code with the phone's last four digits
beside it: a wrong phone reads the entry and answers "not found" exactly as the database would,
and a dossier received after a miss is found at once. Without a shared cache (no Redis) nothing
is kept: an in-process cache would serve each gunicorn worker its own, stale, copy.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import transaction

KEY = "dossier-lookup:{}"
NAMES_KEY = "dossier-lookup:names"  # changes whenever a procedure or an agency is saved
FENCE = "fence"
# Longer than any lookup takes between reading the database and storing what it read.
FENCE_SECONDS = 10

Facts = dict[str, Any]


def cache() -> BaseCache | None:
    alias = settings.DOSSIER_LOOKUP_CACHE
    return caches[alias] if alias else None


def _key(code: str) -> str:
    return KEY.format(code.strip().upper())


@dataclass(frozen=True)
class Found:
    facts: Facts | None
    # The kept entry the facts came from ("" when read from the database): a page rendered
    # from them is kept under this stamp and is valid while the entry is.
    stamp: str = ""
    page: str | None = None  # the page kept for ``page_key`` from this very entry


def page_key(code: str, variant: str) -> str:
    """Where a rendered page of dossier ``code`` is kept; ``variant`` holds what else the page
    shows (the language, the address as typed)."""
    digest = hashlib.blake2b(variant.encode(), digest_size=12).hexdigest()
    return f"{_key(code)}:page:{digest}"


def keys(code: str, page: str | None = None) -> list[str]:
    """What ``read`` reads from the cache for ``code`` (and its kept ``page``)."""
    return [_key(code), NAMES_KEY] + ([page] if page else [])


def read(
    code: str,
    last4: str,
    load: Callable[[str, str], Facts | None],
    *,
    page: str | None = None,
    got: dict[str, Any] | None = None,
) -> Found:
    """The facts of dossier ``code`` for a citizen who gave ``last4``: from the cache, else
    ``load`` (the database), kept for the next lookup unless a change is fencing it. With
    ``page`` (a ``page_key``), the page kept from the same entry comes in the same round trip;
    ``got``: ``keys(code, page)`` already read by the caller (with its rate limit's count)."""
    c = cache()
    if c is None:
        return Found(load(code, last4))
    key = _key(code)
    if got is None:
        got = c.get_many(keys(code, page))
    entry, names = got.get(key), got.get(NAMES_KEY, "")
    if isinstance(entry, dict) and entry["names"] == names:
        if entry["last4"] != last4:
            return Found(None)
        kept = got.get(page) if page else None
        html = kept["html"] if isinstance(kept, dict) and kept["stamp"] == entry["stamp"] else None
        return Found(entry["facts"], entry["stamp"], html)
    facts = load(code, last4)
    if facts is None or entry == FENCE:
        return Found(facts)
    if entry is not None:  # kept before a procedure or agency changed
        c.delete(key)
    stamp = uuid.uuid4().hex
    # add(): a change that committed meanwhile has put its fence there, and the fence wins.
    kept_now = c.add(
        key,
        {"names": names, "last4": last4, "facts": facts, "stamp": stamp},
        settings.DOSSIER_LOOKUP_CACHE_SECONDS,
    )
    return Found(facts, stamp if kept_now else "")


def keep_page(key: str, stamp: str, html: str) -> None:
    """Keep a page rendered from the entry ``stamp`` (nothing when the facts were not kept)."""
    c = cache()
    if c is not None and stamp:
        c.set(key, {"stamp": stamp, "html": html}, settings.DOSSIER_LOOKUP_CACHE_SECONDS)


def forget(code: str) -> None:
    """After a change of dossier ``code`` committed: its next lookups read the database."""
    c = cache()
    if c is not None:
        c.set(_key(code), FENCE, FENCE_SECONDS)


def forget_on_commit(code: str) -> None:
    """``forget`` once the current transaction commits (at once outside one); nothing if it
    rolls back. A fence set before the commit could be overtaken by a lookup reading the old
    row and storing it after the fence expired."""
    if cache() is not None:
        transaction.on_commit(functools.partial(forget, code))


def forget_all() -> None:
    """A procedure or an agency changed: every kept answer may show its old name."""
    c = cache()
    if c is not None:
        c.set(NAMES_KEY, uuid.uuid4().hex, None)


def forget_all_on_commit(**_: Any) -> None:
    if cache() is not None:
        transaction.on_commit(forget_all)
