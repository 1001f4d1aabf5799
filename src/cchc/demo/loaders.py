"""The demo loaders, in the order ``cchc demo`` runs them (see the package docstring).

Imported only by the command (the loaders import models, which the package itself must not do
before Django's app registry is ready)."""

from __future__ import annotations

from types import ModuleType

from . import (
    calendars,
    dossiers,
    indices,
    organizations,
    periodic,
    plans,
    procedures,
    staff,
    voice,
)

LOADERS: list[ModuleType] = [
    organizations,  # the province, its agencies and the demo users
    calendars,  # the national working-day calendar
    procedures,  # the catalogue (needs the agencies)
    dossiers,  # dossier history and open dossiers (needs procedures and the calendar)
    plans,  # the 2026 reform plan with progress (needs the agencies and users)
    periodic,  # report kinds, periods and a few agency reports
    voice,  # feedback, ratings and surveys (needs dossiers; fills plan targets, report sections)
    indices,  # the PAR index structure and a scored year (needs the agencies)
    staff,  # one-stop officers, tests, conduct records and inspections (needs the desks)
]
