"""Dossier codes per Circular 04/2025/TT-VPCP: ``<agency electronic ID>-YYMMDD-AAXXXX``, for
dossiers received from 25/01/2026 (the day the circular took effect). Dossiers received before
get the code of the period, ``<agency electronic ID>-YYMMDD-XXXX`` (``000.00.15.H29-230517-0003``,
DOMAIN 5); dossiers imported from an older system keep the code they had there.

``AA`` is the two-digit number of the system (setting ``DOSSIER_SYSTEM_NUMBER``, "01" by
default), ``XXXX`` the receiving agency's sequence of the day, at least four digits. The
sequence lives in ``DailySequence``, incremented under a row lock so that concurrent receipts
never share a number. Agencies that share one electronic ID (a commune and its one-stop desk)
share one sequence: it is kept on the highest agency carrying the ID.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from cchc.organizations.models import Agency

from . import rules
from .models import BookSequence, DailySequence


def system_number() -> str:
    return str(getattr(settings, "DOSSIER_SYSTEM_NUMBER", "01")).zfill(2)[-2:]


def electronic_id(agency: Agency) -> str:
    return agency.electronic_id or agency.code


def sequence_agency(agency: Agency) -> Agency:
    """The agency whose counter numbers codes with this agency's electronic ID."""
    if not agency.electronic_id:
        return agency
    return (
        Agency.objects.filter(electronic_id=agency.electronic_id).order_by("depth", "id").first()
        or agency
    )


def format_code(eid: str, day: dt.date, number: int, system: str | None = None) -> str:
    """The code of a dossier received on ``day``: Circular 04/2025's form from 25/01/2026, the
    period's form (no system number) before."""
    if rules.code_form_for(day) == "legacy":
        return f"{eid}-{day:%y%m%d}-{number:04d}"
    return f"{eid}-{day:%y%m%d}-{system or system_number()}{number:04d}"


def next_code(agency: Agency, day: dt.date) -> str:
    """Take the next number of ``agency`` for ``day``; call inside the receipt transaction so
    an aborted receipt gives its number back."""
    owner = sequence_agency(agency)
    with transaction.atomic():
        seq, _ = DailySequence.objects.select_for_update().get_or_create(agency=owner, day=day)
        seq.last += 1
        seq.save(update_fields=["last"])
    return format_code(electronic_id(agency), day, seq.last)


def next_book_line(desk: Agency, year: int) -> tuple[str, int]:
    """The book (one per desk and year) and the next line in it, taken under a row lock like
    the code's daily sequence."""
    with transaction.atomic():
        seq, _ = BookSequence.objects.select_for_update().get_or_create(desk=desk, year=year)
        seq.last += 1
        seq.save(update_fields=["last"])
    return f"{year}", seq.last
