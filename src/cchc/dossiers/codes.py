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
import functools
from typing import Any

from django.conf import settings
from django.db import connection

from cchc.core import rows
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


def _upsert(model, key: dict[str, Any], *, after: str = "") -> tuple[str, list[Any]]:
    """``INSERT … ON CONFLICT DO UPDATE SET last = last + 1`` on the counter row ``key`` of
    ``model`` (created at 1), and its parameters; with ``after``, the row is inserted once per
    row of that ``WITH`` name (one), so PostgreSQL runs that one first."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    cols = [qn(model._meta.get_field(k).column) for k in key]
    marks, values = [], []
    for v in key.values():
        if isinstance(v, tuple):  # (a scalar subquery, its parameter)
            marks.append(v[0])
            values.append(v[1])
        else:
            marks.append("%s")
            values.append(connection.ops.adapt_datefield_value(v) if isinstance(v, dt.date) else v)
    rows = (
        f"SELECT {', '.join(marks)}, 1 FROM {after}" if after else f"VALUES ({', '.join(marks)}, 1)"
    )
    sql = (
        f"INSERT INTO {table} ({', '.join(cols)}, {qn('last')}) {rows} "
        f"ON CONFLICT ({', '.join(cols)}) DO UPDATE SET {qn('last')} = {table}.{qn('last')} + 1"
    )
    return sql, values


def _take(model, key: dict[str, Any]) -> int:
    """Add one to the counter row ``key`` of ``model`` and return it, in one statement. The
    row stays locked until the caller's transaction ends (PostgreSQL's row lock, SQLite's
    single writer), so two receipts never share a number and an aborted one gives its number
    back."""
    sql, values = _upsert(model, key)
    with rows.cursor() as cur:
        cur.execute(f"{sql} RETURNING {connection.ops.quote_name('last')}", values)
        return int(cur.fetchone()[0])


def _daily_key(agency: Agency, day: dt.date) -> dict[str, Any]:
    """The daily counter's row: the agency owning the sequence (``sequence_agency``) is chosen
    inside the statement."""
    if not agency.electronic_id:
        return {"agency": agency.pk, "day": day}
    qn = connection.ops.quote_name
    owner = (
        f"(SELECT {qn('id')} FROM {qn(Agency._meta.db_table)} "
        f"WHERE {qn('electronic_id')} = %s ORDER BY {qn('depth')}, {qn('id')} LIMIT 1)"
    )
    return {"agency": (owner, agency.electronic_id), "day": day}


def next_code(agency: Agency, day: dt.date) -> str:
    """Take the next number of ``agency`` for ``day``; call inside the receipt transaction so
    an aborted receipt gives its number back."""
    return format_code(electronic_id(agency), day, _take(DailySequence, _daily_key(agency, day)))


def next_book_line(desk: Agency, year: int) -> tuple[str, int]:
    """The book (one per desk and year) and the next line in it, taken under a row lock like
    the code's daily sequence."""
    return f"{year}", _take(BookSequence, {"desk": desk.pk, "year": year})


def next_book_line_and_code(desk: Agency, day: dt.date) -> tuple[str, int, str]:
    """``next_book_line`` and ``next_code`` for a receipt at ``desk`` on ``day``, in that
    order. On PostgreSQL in one statement: the day's counter row is inserted from the book's
    ``WITH`` (so the book's row is always locked first, as in two statements, and two
    receipts cannot deadlock), one round trip of a receipt's saved."""
    if connection.vendor != "postgresql":
        book, line = next_book_line(desk, day.year)
        return book, line, next_code(desk, day)
    owner = _daily_key(desk, day)["agency"]
    subquery, agency = owner if isinstance(owner, tuple) else (None, owner)
    with rows.cursor() as cur:
        cur.execute(_book_and_day_sql(subquery), [desk.pk, day.year, agency, day])
        line, number = cur.fetchone()
    return f"{day.year}", int(line), format_code(electronic_id(desk), day, int(number))


@functools.cache
def _book_and_day_sql(owner: str | None) -> str:
    """Built once per form of the day's key (the agency itself, or the one owning its
    electronic ID)."""
    book_sql, _ = _upsert(BookSequence, {"desk": 0, "year": 0})
    agency: Any = (owner, "") if owner else 0
    day_sql, _ = _upsert(DailySequence, {"agency": agency, "day": dt.date.min}, after="book")
    last = connection.ops.quote_name("last")
    return (
        f"WITH book AS ({book_sql} RETURNING {last}) {day_sql} "
        f"RETURNING (SELECT {last} FROM book), {last}"
    )
