from cchc.accounts import scope
from cchc.organizations.models import Agency
from cchc.organizations.selectors import agencies_for


def test_subtree_and_scope(province):
    p = province
    assert set(p.province.subtree()) >= {p.justice, p.commune_a, p.desk_a}
    assert p.desk_a.is_within(p.commune_a) and p.desk_a.is_within(p.province)
    assert not p.justice.is_within(p.commune_a)
    # Home Affairs sees the whole province; a commune officer only their commune.
    assert agencies_for(p.noivu).count() == Agency.objects.count()
    assert set(agencies_for(p.motcua_xa)) == {p.commune_a, p.desk_a}
    assert not scope.can_see_agency(p.motcua_xa, p.justice)
    assert scope.can_administer(p.noivu) and not scope.can_administer(p.daumoi)


def test_unaccented_search(province):
    assert list(Agency.objects.search("so noi vu")) == [province.home_affairs]
    assert list(Agency.objects.search("SỞ TƯ PHÁP")) == [province.justice]
