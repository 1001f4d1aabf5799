"""Signal receivers keeping the statistics rollups in step with dossier services.

The dossier services send ``dossier_changed`` inside their transaction, so the rollup rows are
written (or rolled back) together with the dossier row: statistics are never ahead of or
behind the dossiers they count.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from cchc.dossiers.signals import dossier_changed

from . import rollups


@receiver(dossier_changed, dispatch_uid="cchc.statistics.rollups")
def keep_rollups(
    sender: Any, *, before: dict | None = None, after: dict | None = None, **kwargs: Any
) -> None:
    rollups.apply(before, after)
