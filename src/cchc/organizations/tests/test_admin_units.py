"""Loading the real administrative units from ``vietnam-provinces``."""

import pytest
from django.core.management import CommandError, call_command

from cchc.core.models import AuditEvent
from cchc.organizations.admin_units import find_province, load_admin_units
from cchc.organizations.models import Agency, AgencyKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("given", ["92", "Cần Thơ", "can tho", "Thành phố Cần Thơ", "can_tho"])
def test_find_province_by_code_or_name(given):
    assert int(find_province(given).code) == 92


def test_load_creates_the_province_and_all_its_communes_once(capsys):
    call_command("orgs", "load-admin-units", "--province", "Cần Thơ")
    root = Agency.objects.get(kind=AgencyKind.PROVINCE)
    assert root.name == "Ủy ban nhân dân thành phố Cần Thơ"
    communes = Agency.objects.filter(kind=AgencyKind.COMMUNE)
    assert communes.count() == 103
    assert all(c.parent_id == root.pk for c in communes)
    assert communes.filter(name="Ủy ban nhân dân phường Ninh Kiều").exists()
    assert Agency.objects.search("phuong ninh kieu").count() == 1
    assert "thêm mới 104" in capsys.readouterr().out
    events = AuditEvent.objects.count()
    result = load_admin_units("92")
    assert (result.created, result.existing) == (0, 104)
    assert Agency.objects.count() == 104 and AuditEvent.objects.count() == events


def test_unknown_province_is_refused_and_nothing_written():
    with pytest.raises(CommandError, match="Không tìm thấy tỉnh/thành phố «Atlantis»") as exc:
        call_command("orgs", "load-admin-units", "--province", "Atlantis")
    assert exc.value.returncode == 2
    assert not Agency.objects.exists()
