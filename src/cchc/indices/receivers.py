"""Keeps ``ServiceRollup`` in step with dossier services (inside their transaction)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from cchc.dossiers.signals import dossier_changed

from . import rollup


@receiver(dossier_changed, dispatch_uid="cchc.indices.rollup")
def keep_service_rollup(
    sender: Any,
    *,
    before: dict | None = None,
    after: dict | None = None,
    writes: Any = None,
    **kwargs: Any,
) -> None:
    rollup.apply(before, after, writes)
