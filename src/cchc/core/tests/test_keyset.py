"""Keyset pages (``core.keyset``) on the SMS outbox's rows: every row once, in order, across
pages whose sort keys are equal, NULL or changing under inserts; a tampered cursor refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cchc.core import keyset
from cchc.core.models import SmsMessage

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _rows(n: int, *, same_time: int = 4, sent_every: int = 3) -> list[SmsMessage]:
    """``n`` messages: groups of ``same_time`` share a timestamp; one in ``sent_every`` sent."""
    return SmsMessage.objects.bulk_create(
        SmsMessage(
            created_at=T0 + dt.timedelta(minutes=i // same_time),
            phone=f"09{i:08d}",
            body=f"tin {i}",
            sent_at=T0 + dt.timedelta(hours=i % 5) if i % sent_every == 0 else None,
        )
        for i in range(n)
    )


def _walk(qs, order, size):
    seen: list[int] = []
    cursor: str | None = ""
    pages = 0
    while True:
        p = keyset.page(qs, order=order, cursor=cursor, size=size)
        seen += [m.pk for m in p]
        pages += 1
        if not p.has_next:
            return seen, p, pages
        cursor = p.next_cursor


@pytest.mark.parametrize(
    "order",
    [
        ("-created_at", "-id"),
        ("created_at",),  # the id is added, in the last key's direction
        ("sent_at", "-created_at"),  # a nullable key: NULLs last
        ("-sent_at", "phone"),
    ],
)
@pytest.mark.parametrize("size", [1, 3, 7, 50])
def test_pages_hold_every_row_once_in_order(db, order, size):
    _rows(23)
    qs = SmsMessage.objects.all()
    expected = [m.pk for m in keyset.page(qs, order=order, size=1000)]
    seen, last, pages = _walk(qs, order, size)
    assert seen == expected
    assert len(set(seen)) == 23
    assert pages == max(1, -(-23 // size))
    # And back from the last page to the first by the previous cursors.
    back, p = [m.pk for m in last], last
    while p.has_previous:
        p = keyset.page(qs, order=order, cursor=p.previous_cursor, size=size)
        back = [m.pk for m in p] + back
    assert back == expected


def test_nulls_sort_last_on_every_database(db):
    _rows(9)
    rows = list(keyset.page(SmsMessage.objects.all(), order=("sent_at",), size=20))
    sent = [m.sent_at for m in rows]
    assert sent.index(None) == 3 and all(s is None for s in sent[3:])
    assert sent[:3] == sorted(sent[:3])


def test_rows_written_meanwhile_neither_repeat_nor_hide_the_rest(db):
    _rows(20, same_time=5)
    qs = SmsMessage.objects.all()
    order = ("-created_at", "-id")
    before = [m.pk for m in keyset.page(qs, order=order, size=100)]
    first = keyset.page(qs, order=order, size=6)
    # Newer rows, and rows sharing the sort key of the page's last row, arrive meanwhile.
    SmsMessage.objects.create(created_at=timezone.now(), phone="0911111111", body="mới")
    SmsMessage.objects.create(created_at=first.items[-1].created_at, phone="0922", body="cùng")
    seen = [m.pk for m in first]
    cursor = first.next_cursor
    while cursor:
        p = keyset.page(qs, order=order, cursor=cursor, size=6)
        seen += [m.pk for m in p]
        cursor = p.next_cursor
    assert len(seen) == len(set(seen))
    assert [pk for pk in seen if pk in before] == before


def test_first_page_has_no_previous_and_the_last_no_next(db):
    _rows(5)
    p = keyset.page(SmsMessage.objects.order_by("-created_at", "-id"), size=5)
    assert not p.has_previous and not p.has_next and len(p) == 5
    assert not keyset.page(SmsMessage.objects.none().order_by("-id"), size=5).items


@pytest.mark.parametrize(
    "cursor",
    [
        "không-phải-base64",
        "W10",  # []
        "WyJhIixbMV1d",  # one value for two keys
        "WyJ4IixbIjIwMjYtMDMtMDJUMDk6MDA6MDArMDA6MDAiLDFdXQ",  # unknown direction
        "WyJhIixbIm5vdCBhIGRhdGUiLDFdXQ",  # not a date
        "WyJhIixbbnVsbCwxXV0",  # NULL for a key that cannot be NULL
        "WyJhIixbIjIwMjYtMDMtMDJUMDk6MDA6MDArMDA6MDAiLHRydWVdXQ",  # a boolean for the id
    ],
)
def test_a_tampered_cursor_is_refused(db, cursor):
    with pytest.raises(keyset.BadCursor):
        keyset.page(SmsMessage.objects.all(), order=("-created_at", "-id"), cursor=cursor)


def test_an_ordering_on_a_relation_or_an_unknown_name_is_a_programming_error(db):
    with pytest.raises(ValueError):
        keyset.page(SmsMessage.objects.all(), order=("nothing",))


def test_count_is_exact_up_to_the_bound_then_estimated(db):
    _rows(30)
    assert keyset.count(SmsMessage.objects.all(), bound=30) == keyset.Count(30, True)
    assert keyset.count(SmsMessage.objects.filter(sent_at__isnull=True), bound=30).n == 20
    over = keyset.count(SmsMessage.objects.all(), bound=10)
    assert not over.exact and over.n >= 10
    assert keyset.count(SmsMessage.objects.all(), exact=True, bound=10) == keyset.Count(30, True)


def test_the_pager_links_keep_the_filters_and_drop_the_page_number(db, rf):
    _rows(12)
    p = keyset.page(SmsMessage.objects.order_by("-created_at", "-id"), size=5)
    links = keyset.pager_links(rf.get("/x/", {"q": "tin", "page": "3"}), p)
    assert set(links) == {"next"}
    assert links["next"].startswith("?q=tin&cursor=") and "page=" not in links["next"]
    second = keyset.page(
        SmsMessage.objects.order_by("-created_at", "-id"), cursor=p.next_cursor, size=5
    )
    links = keyset.pager_links(rf.get("/x/", {"q": "tin", "cursor": p.next_cursor}), second)
    assert set(links) == {"first", "previous", "next"} and links["first"] == "?q=tin"
