"""The indexes behind the lists at a million (issue 14) change how rows are found, never which:
the trigram search (FTS5 on SQLite, pg_trgm on PostgreSQL) finds what ``LIKE '%term%'`` per
folded term finds; "open at the end of a day" written as the indexed ``OpenUntil`` is the
``finished_date IS NULL OR finished_date > day`` it replaced; the late index's condition is the
late figure's definition; the hints and shortcuts of the counts and pages change no
figure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from cchc.core import keyset
from cchc.core.text import fold
from cchc.dossiers import selectors, services
from cchc.dossiers.models import (
    OPEN_STATUSES,
    QUEUE_STATUSES,
    Dossier,
    Status,
    finished_late_q,
)
from cchc.organizations.models import Agency

NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Đức",
    "Nguyễn Thị Vân",
    'O"Brien 50%_off',
    "Phạm Văn",
    "Hoàng Ngọc Ánh",
]
QUERIES = [
    "nguyen van",
    "Nguyễn Văn",
    "NGUYEN",
    "van",
    "an",  # shorter than a trigram: LIKE alone
    "a n",
    "đức",
    "duc",
    "thi binh",
    '"brien',
    "50%",
    "%_",
    "_o",
    '"',
    "ng van",
    "xyz",
    "  ",
    "0912",
]


def _plain(qs, text):
    for term in fold(text).split():
        qs = qs.filter(search_text__contains=term)
    return set(qs.values_list("code", flat=True))


@pytest.fixture
def named(province, procs):
    codes = []
    for i, name in enumerate(NAMES):
        codes.append(
            services.dossier_receive(
                actor=province.motcua,
                procedure=procs.days,
                applicant=services.Applicant(name=name, phone=f"0912 000 {i:03d}"),
            ).code
        )
    return codes


def test_text_search_finds_what_like_finds(province, named):
    for q in QUERIES:
        found = selectors.search(province.noivu, selectors.Filters(q=q))
        assert set(found.values_list("code", flat=True)) == _plain(Dossier.objects.all(), q), q
    assert selectors.search(province.noivu, selectors.Filters(q="nguyen van")).count() == 2
    assert selectors.search(province.noivu, selectors.Filters(q="50%_off")).count() == 1


def test_text_search_follows_renames_and_deletes(province, named):
    d = Dossier.objects.get(code=named[0])
    d.search_text = fold(f"{d.code} Bùi Thị Hoa")
    d.save()
    assert _plain(Dossier.objects.all(), "bui thi hoa") == {d.code}
    assert set(
        selectors.search(province.noivu, selectors.Filters(q="bui thi hoa")).values_list(
            "code", flat=True
        )
    ) == {d.code}
    still = selectors.search(province.noivu, selectors.Filters(q="nguyen van an"))
    assert d.code not in set(still.values_list("code", flat=True))
    Dossier.objects.filter(code=named[1]).delete()
    assert not selectors.search(province.noivu, selectors.Filters(q="tran thi binh")).exists()


def test_a_nul_never_reaches_the_index(province, named, client_as):
    """A request carrying a NUL is refused before any search (PostgreSQL refuses NUL in text);
    on SQLite the selector matches such a term with LIKE alone (FTS5 would cut it there)."""
    assert client_as(province.noivu).get("/dossiers/?q=nguyen%00").status_code == 400
    if connection.vendor == "sqlite":
        for q in ["nguyen\x00", "an\x00 van", "\x00"]:
            found = selectors.search(province.noivu, selectors.Filters(q=q))
            assert set(found.values_list("code", flat=True)) == _plain(Dossier.objects.all(), q)


def test_the_trigram_index_is_in_place(db):
    """A later migration that rebuilds the dossier table on SQLite drops its triggers: the
    search would then miss every new dossier, silently."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'dossiers_dossier'"
            )
            names = {r[0] for r in cur.fetchall()}
            assert {f"{selectors.FTS_TABLE}_{w}" for w in ("insert", "delete", "update")} <= names
        else:
            cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'dossier_search_trgm'")
            assert "gin_trgm_ops" in cur.fetchone()[0]


def test_open_until_is_the_open_definition(province, procs, named):
    ds = list(Dossier.objects.filter(code__in=named).order_by("id"))
    # finished on the 10th, on the 20th, and open
    day = dt.date(2024, 3, 10)
    Dossier.objects.filter(pk=ds[0].pk).update(received_date=dt.date(2024, 3, 1), finished_date=day)
    Dossier.objects.filter(pk=ds[1].pk).update(
        received_date=dt.date(2024, 3, 1), finished_date=dt.date(2024, 3, 20)
    )
    Dossier.objects.filter(pk=ds[2].pk).update(received_date=dt.date(2024, 3, 1))
    for as_of in [
        dt.date(2024, 3, 9),
        day,
        dt.date(2024, 3, 15),
        dt.date(2024, 3, 20),
        dt.date(2030, 1, 1),
        dt.date.max,
    ]:
        old = (
            selectors.counted_q()
            & Q(received_date__lte=as_of)
            & (Q(finished_date__isnull=True) | Q(finished_date__gt=as_of))
        )
        new = set(Dossier.objects.filter(selectors.open_on_q(as_of)).values_list("pk"))
        assert new == set(Dossier.objects.filter(old).values_list("pk")), as_of
        negated = set(Dossier.objects.exclude(selectors.open_on_q(as_of)).values_list("pk"))
        assert negated == set(Dossier.objects.exclude(old).values_list("pk")), as_of


def test_the_late_index_holds_the_late_figure_definition():
    index = next(i for i in Dossier._meta.indexes if i.name == "dossier_late_newest")
    assert index.condition == finished_late_q()
    since, until = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    assert finished_late_q() in selectors.figure_q("late", since, until, until).flatten()


def test_a_rare_status_is_the_plain_status(province, named):
    """``status_in`` only tells SQLite's planner the statuses are rare (``likelihood``)."""
    ds = list(Dossier.objects.filter(code__in=named).order_by("id"))
    for d, status in zip(ds, Status, strict=False):
        Dossier.objects.filter(pk=d.pk).update(status=status)
    for statuses in (QUEUE_STATUSES, OPEN_STATUSES, (Status.RETURNED,)):
        plain = Q(status__in=statuses)
        assert set(Dossier.objects.filter(selectors.status_in(statuses))) == set(
            Dossier.objects.filter(plain)
        )
        assert set(Dossier.objects.exclude(selectors.status_in(statuses))) == set(
            Dossier.objects.exclude(plain)
        )
    sql = str(Dossier.objects.filter(selectors.status_in(OPEN_STATUSES)).query)
    assert ("likelihood(" in sql) == (connection.vendor == "sqlite")


def test_a_scope_past_the_bound_is_known_from_what_it_resolves(province, named):
    """The whole list of a scope is past the bound once the dossiers its agencies resolve are
    (an index counts those); below it, or when they resolve none, every row is counted."""
    justice = selectors.search(province.daumoi, selectors.Filters())
    floor = selectors._resolved_floor(justice)
    assert floor is not None
    assert set(floor) <= set(justice) and floor.count() == len(named)
    assert not selectors.count(justice, bound=3).exact
    assert selectors.count(justice, bound=len(named)) == keyset.Count(len(named), True)
    # Received at the Centre for Justice: the Centre resolves none of them.
    centre = selectors.search(province.motcua, selectors.Filters())
    centre_floor = selectors._resolved_floor(centre)
    assert centre_floor is not None and centre_floor.count() == 0
    assert selectors.count(centre, bound=len(named)) == keyset.Count(len(named), True)
    assert not selectors.count(centre, bound=3).exact
    # Another filter has its own index; an unscoped list has no scope to narrow.
    assert selectors._resolved_floor(selectors.my_queue(province.xuly)) is None
    narrowed = selectors.search(province.daumoi, selectors.Filters(status=Status.RECEIVED))
    assert selectors._resolved_floor(narrowed) is None
    assert selectors._resolved_floor(selectors.search(province.admin, selectors.Filters())) is None


def test_a_page_reads_the_search_once(province, named):
    """The page's rows are loaded by their keys alone: the text search is not run again."""
    qs = selectors.with_urgency(selectors.search(province.noivu, selectors.Filters(q="nguyen")))
    with CaptureQueriesContext(connection) as ctx:
        page = keyset.page(qs, order=selectors.NEWEST_FIRST, size=1)
    assert (
        len(page.items) == 1
        and page.has_next
        and getattr(page.items[0], "urgency", None) is not None
    )
    assert sum("%nguyen%" in q["sql"] for q in ctx.captured_queries) == 1


def test_a_queue_is_counted_unsorted(province, named):
    """The queue's order starts with a computed urgency no index gives: counting in it would
    sort every row counted."""
    with CaptureQueriesContext(connection) as ctx:
        assert keyset.count(selectors.my_queue(province.motcua)).exact
    assert "ORDER BY" not in ctx.captured_queries[-1]["sql"]


def test_a_common_term_finds_what_like_finds(province, named, monkeypatch):
    """Past ``FTS_MANY`` matches the page tests each row of the list's order against the index
    (``+id IN``) and the count takes the matches from it: the same rows either way."""
    monkeypatch.setattr(selectors, "FTS_MANY", 1)
    for q in QUERIES:
        found = selectors.search(province.noivu, selectors.Filters(q=q))
        expected = _plain(Dossier.objects.all(), q)
        assert set(found.values_list("code", flat=True)) == expected, q
        assert selectors.count(found) == keyset.Count(len(expected), True), q
        page = keyset.page(found, order=selectors.NEWEST_FIRST, size=len(NAMES))
        assert {d.code for d in page} == expected, q
    if connection.vendor == "sqlite":
        sql = str(selectors.search(province.noivu, selectors.Filters(q="nguyen")).query)
        assert '+"dossiers_dossier"."id" IN (SELECT rowid' in sql


def test_a_code_typed_in_any_case_is_found_through_the_lookup_index(province, named):
    code = named[2]
    with CaptureQueriesContext(connection) as ctx:
        found = selectors.find_by_code(province.noivu, code.lower())
    assert found is not None and found.code == code
    assert 'UPPER("dossiers_dossier"."code")' in ctx.captured_queries[-1]["sql"]
    assert selectors.find_by_code(province.motcua_xa, code) is None


def test_a_scope_counts_a_common_term_as_like_does(province, named, monkeypatch):
    """A scoped list's count of a common term narrowed to the matches within the scope
    (SQLite, ``_matches_in_scope``) counts what ``LIKE`` finds in the scope, for a scope
    that resolves the dossiers, one that received them, one that has none and the province."""
    monkeypatch.setattr(selectors, "FTS_MANY", 1)
    monkeypatch.setattr(selectors, "SCOPE_FEW", 10**6)  # every scope is few: always narrowed
    d = Dossier.objects.get(code=named[0])
    Dossier.objects.filter(pk=d.pk).update(current_agency=province.motcua_xa.agency)
    for user in (province.daumoi, province.motcua, province.motcua_xa, province.noivu):
        for q in QUERIES:
            found = selectors.search(user, selectors.Filters(q=q))
            expected = _plain(selectors.visible(user), q)
            assert set(found.values_list("code", flat=True)) == expected, (user, q)
            with CaptureQueriesContext(connection) as ctx:
                assert selectors.count(found) == keyset.Count(len(expected), True), (user, q)
                assert selectors.count(found, exact=True) == keyset.Count(len(expected), True)
            narrowed = any("+rowid IN" in c["sql"] for c in ctx.captured_queries)
            if q == "nguyen van":  # two matches, more than FTS_MANY: a common term
                assert narrowed == (connection.vendor == "sqlite"), (user, q)
    assert _plain(selectors.visible(province.motcua_xa), "nguyen van") == {named[0]}


def test_a_large_scope_is_not_narrowed(province, named, monkeypatch):
    """The narrowing reads the scope's three index ranges: a scope holding many dossiers next
    to the matches is counted from the text index as before."""
    monkeypatch.setattr(selectors, "FTS_MANY", 1)
    ids = list(Agency.objects.values_list("pk", flat=True))
    if connection.vendor == "sqlite":
        # The province: every match is in it, more than ten times the two matches.
        assert not selectors._few_next_to(ids, '"nguyen"', "default")
        monkeypatch.setattr(selectors, "SCOPE_FEW", 10**6)
        assert selectors._few_next_to(ids, '"nguyen"', "default")
    assert not selectors._few_next_to([], '"nguyen"', "default")
