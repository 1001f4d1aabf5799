"""The demo province and every generator of sample data: the top of the dependency order, so
it may import any app, and no app imports it (tests may).

``cchc demo`` runs the loaders listed in ``cchc.demo.loaders.LOADERS``, in that order. A
loader is a module of this package with ``load(ctx: DemoContext) -> None`` that is idempotent
(a second run neither fails nor duplicates) and reads what earlier loaders left in ``ctx``
(``province``, ``agencies``, ``calendar``, ``password``…). To add an area: write
``cchc/demo/<area>.py`` with ``load``, import it in ``loaders.py`` and put it in ``LOADERS``
after the areas it builds on.

Also here: ``generator`` (bulk dossier history for ``cchc demo-data`` and the benchmarks),
``synth`` (the numpy dossier sample behind the statistics tests and benchmarks),
``national_lake`` (the synthetic national Parquet lake) and ``data/`` (the plan appendix tables
of the user's seed documents).
"""

from __future__ import annotations

from typing import Any


class DemoContext(dict):
    """Shared between loaders: the province, its agencies and users, options."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc
