"""The agency tree's rules: paths follow moves, archive keeps history, successors chain."""

import datetime as dt

import pytest

from cchc.core.errors import DomainError, Forbidden
from cchc.core.models import AuditEvent
from cchc.organizations.models import Agency, AgencyKind
from cchc.organizations.services import (
    agency_archive,
    agency_create,
    agency_update,
    predecessors_closure,
    successors_chain,
)

pytestmark = pytest.mark.django_db


def test_moving_an_agency_moves_its_subtree(province):
    p = province
    agency_update(actor=p.noivu, agency=p.commune_a, parent=p.construction)
    p.desk_a.refresh_from_db()
    assert p.desk_a.is_within(p.construction) and p.desk_a.depth == 3
    assert p.desk_a.ancestors() == [p.province, p.construction, p.commune_a]


def test_an_agency_cannot_be_put_under_itself(province):
    with pytest.raises(DomainError, match="chính nó"):
        agency_update(actor=province.noivu, agency=province.commune_a, parent=province.desk_a)
    province.commune_a.refresh_from_db()
    assert province.commune_a.parent == province.province


def test_archive_with_successor_and_chains(province):
    p = province
    agency_archive(
        actor=p.noivu,
        agency=p.commune_b,
        valid_to=dt.date(2025, 6, 30),
        successor=p.commune_a,
        reason="Sáp nhập",
    )
    p.commune_b.refresh_from_db()
    assert p.commune_b.is_archived
    assert p.commune_b not in Agency.objects.active()
    assert p.commune_b in Agency.objects.active(on=dt.date(2025, 6, 30))
    assert successors_chain(p.commune_b) == [p.commune_a]
    assert predecessors_closure(p.commune_a) == [p.commune_b]
    event = AuditEvent.objects.get(object_id=str(p.commune_b.pk), action="update")
    assert event.changes["successor"] == [None, "Ủy ban nhân dân phường Ninh Kiều"]
    assert event.reason == "Sáp nhập"


def test_successor_cycles_are_refused(province):
    p = province
    agency_archive(
        actor=None, agency=p.commune_b, valid_to=dt.date(2025, 6, 30), successor=p.commune_a
    )
    with pytest.raises(DomainError, match="vòng lặp"):
        agency_archive(
            actor=None, agency=p.commune_a, valid_to=dt.date(2025, 7, 1), successor=p.commune_b
        )
    with pytest.raises(DomainError):
        agency_archive(
            actor=None, agency=p.commune_a, valid_to=dt.date(2025, 7, 1), successor=p.commune_a
        )


def test_end_before_start_is_refused(province):
    with pytest.raises(DomainError, match="sau ngày bắt đầu"):
        agency_update(
            actor=None,
            agency=province.justice,
            valid_from=dt.date(2025, 7, 1),
            valid_to=dt.date(2025, 1, 1),
        )


def test_duplicate_code_is_refused_and_nothing_written(province):
    before = Agency.objects.count()
    with pytest.raises(DomainError, match="đã được dùng"):
        agency_create(
            actor=province.noivu,
            parent=province.province,
            code="STP",
            kind=AgencyKind.DEPARTMENT,
            name="Sở Tư pháp 2",
        )
    assert Agency.objects.count() == before


def test_only_administrators_write(province):
    with pytest.raises(Forbidden):
        agency_create(
            actor=province.daumoi,
            parent=province.justice,
            code="STP-P1",
            kind=AgencyKind.DEPARTMENT_UNIT,
            name="Phòng Hành chính tư pháp",
        )
    with pytest.raises(Forbidden):
        agency_update(actor=province.lanhdao, agency=province.justice, name="Sở")
    assert not Agency.objects.filter(code="STP-P1").exists()
