"""Signal receivers keeping the statistics rollups in step with dossier services.

The dossier services send ``dossier_changed`` inside their transaction, so the rollup rows are
written (or rolled back) together with the dossier row: statistics are never ahead of or
behind the dossiers they count.
"""

from __future__ import annotations

from typing import Any

from cchc.dossiers.signals import dossier_changed, dossiers_bulk_loaded

from . import rollups


def keep_rollups(
    sender: Any,
    *,
    before: dict | None = None,
    after: dict | None = None,
    writes: Any = None,
    **kwargs: Any,
) -> None:
    rollups.apply(before, after, writes)


def rebuild_rollups(sender: Any, **kwargs: Any) -> None:
    """Bulk rows bypassed ``dossier_changed``: recount the rollups from the dossier rows."""
    rollups.rebuild()


def connect() -> None:
    dossier_changed.connect(keep_rollups, dispatch_uid="cchc.statistics.rollups")
    dossiers_bulk_loaded.connect(rebuild_rollups, dispatch_uid="cchc.statistics.rebuild")
