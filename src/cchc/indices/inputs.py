"""Inputs of the Decision 766 index that other apps own, offered as a registry.

The feedback (PAKN), per-dossier evaluation and payment data are not in this codebase yet; the
app that owns each fills its key in ``AppConfig.ready()``:

    from cchc.indices import inputs
    inputs.register("complaints", compute)   # compute(agency, date_from, date_to) -> Counts

Keys read by ``service.compute``: ``online_payment`` (paid online ÷ dossiers with a fee),
``digitised`` (digitised ÷ received), ``complaints`` (dossiers with a complaint or a "dislike"
rating ÷ finished). A key nobody registered is scored "chưa có dữ liệu", never zero.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from .service_index import Counts

Input = Callable[[Any, date, date], Counts | None]

KEYS = ("online_payment", "digitised", "complaints")
_REGISTRY: dict[str, Input] = {}


def register(key: str, compute: Input) -> None:
    if key not in KEYS:
        raise ValueError(f"unknown 766 input {key!r}; known: {', '.join(KEYS)}")
    _REGISTRY[key] = compute


def unregister(key: str) -> None:
    _REGISTRY.pop(key, None)


def get(key: str) -> Input | None:
    return _REGISTRY.get(key)
