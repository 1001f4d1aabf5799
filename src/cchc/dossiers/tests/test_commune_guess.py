"""Which commune resolves a commune procedure received at the city's Centre, guessed from the
applicant's address as people write it: without diacritics, "P."/"X."/"TT", odd spaces and
case, the name of a commune merged in 2025 (its successor is guessed). A district's name of the
same words ("quận Ninh Kiều") is not the commune. An ambiguous address offers the candidates;
nothing is ever guessed as the Centre."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cchc.dossiers import places, selectors
from cchc.organizations.models import AgencyKind
from cchc.organizations.services import agency_archive, agency_create

from .conftest import at
from .test_views import soup

pytestmark = pytest.mark.django_db
MERGED_ON = dt.date(2025, 6, 30)  # the old communes ended with the 2025 reorganisation


@pytest.fixture
def communes(province):
    """Cần Thơ after 1/7/2025, with some of the communes merged away."""
    p = province

    def commune(code, name, short):
        return agency_create(
            actor=None,
            parent=p.province,
            code=code,
            kind=AgencyKind.COMMUNE,
            name=f"Ủy ban nhân dân {name}",
            short_name=f"UBND {short}",
        )

    c = {
        "ninh_kieu": p.commune_a,
        "cai_khe": p.commune_b,
        "tan_an": commune("X31135", "phường Tân An", "P. Tân An"),
        "xa_tan_an": commune("X31900", "xã Tân An", "X. Tân An"),
        "binh_thuy": commune("X31150", "phường Bình Thủy", "P. Bình Thủy"),
        "phong_dien": commune("X31300", "xã Phong Điền", "X. Phong Điền"),
    }
    for code, name, successor in [
        ("X31123", "phường Xuân Khánh", c["ninh_kieu"]),
        ("X31126", "phường Thới Bình", c["ninh_kieu"]),
        ("X31114", "phường An Hòa", c["cai_khe"]),
        ("X31299", "thị trấn Phong Điền", c["phong_dien"]),
    ]:
        old = commune(code, name, name)
        agency_archive(actor=None, agency=old, valid_to=MERGED_ON, successor=successor)
    return c


ADDRESSES = [
    # what the applicant wrote, the commune guessed (or the candidates offered)
    ("12 Nguyễn Trãi, phường Ninh Kiều, thành phố Cần Thơ", ["ninh_kieu"]),
    ("12 nguyen trai, p.ninh kieu", ["ninh_kieu"]),
    ("12 Nguyễn Trãi P. Ninh Kiều", ["ninh_kieu"]),
    ("12 NGUYỄN TRÃI,   PHƯỜNG   NINH  KIỀU", ["ninh_kieu"]),
    ("số 5 hẻm 3, Phuong Cai Khe, Q. Ninh Kieu", ["cai_khe"]),  # Q. = the old district
    ("Đường Ninh Kiều, phường Cái Khế", ["cai_khe"]),  # a street of the same name
    ("Ấp Mỹ Ái, X. Phong Điền, H. Phong Điền", ["phong_dien"]),
    ("ap My Ai, xa phong dien", ["phong_dien"]),
    ("Khu vực 2, TT Phong Điền, huyện Phong Điền", ["phong_dien"]),  # merged thị trấn
    ("45 đường 30/4, phường Xuân Khánh, quận Ninh Kiều", ["ninh_kieu"]),  # merged in 2025
    ("Khu vực 1, P. An Hòa, Q. Ninh Kiều", ["cai_khe"]),
    ("88 Trần Văn Khéo, p thoi binh", ["ninh_kieu"]),
    ("Phuong Binh Thuy", ["binh_thuy"]),
    ("ấp Tân Lợi, xã Tân An", ["xa_tan_an"]),
    ("KV Thạnh Mỹ, Phường Tân An", ["tan_an"]),
    ("123 Tân An, Cần Thơ", ["tan_an", "xa_tan_an"]),  # which Tân An: the officer chooses
    ("phường Ninh Kiều (cũ: phường Tân An)", ["ninh_kieu", "tan_an"]),
    ("Trần Hưng Đạo, thành phố Cần Thơ", []),
    ("quận Ninh Kiều", []),  # the district, not a commune
    ("", []),
]


@time_machine.travel(at(2026, 3, 2, 9), tick=False)
@pytest.mark.parametrize(("address", "expected"), ADDRESSES)
def test_guess_from_what_people_write(province, procs, communes, address, expected):
    guess = selectors.guess_resolving_agency(procs.commune, province.centre, address)
    names = sorted(communes[k].name for k in expected)
    assert [a.name for a in guess.candidates] == names
    assert guess.agency == (communes[expected[0]] if len(expected) == 1 else None)
    assert province.centre not in guess.candidates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P1, Q3", ["p", "1", "q", "3"]),
        ("F.12 ,  Q.Bình Thạnh", ["f", "12", "q", "binh", "thanh"]),
        ("TT.Cờ Đỏ", ["tt", "co", "do"]),
    ],
)
def test_words_split_abbreviations_glued_to_numbers(text, expected):
    assert places.words(text) == expected


def test_numbered_wards_need_their_unit_word():
    ward_1 = places.place_of("Ủy ban nhân dân phường 1")
    assert ward_1 == places.Place("phuong", ("1",))
    assert places.strength(places.words("P1, Q3"), ward_1) == places.SAME_UNIT
    assert places.strength(places.words("F.1"), ward_1) == places.SAME_UNIT
    assert places.strength(places.words("phường 12"), ward_1) == 0
    assert places.strength(places.words("số 1 Lê Lợi"), ward_1) == 0


def test_a_town_is_not_a_commune():
    """ "thị xã" (a district-level town before 2025) ends in "xã" but is not one."""
    tan_an = places.place_of("Ủy ban nhân dân xã Tân An")
    assert tan_an is not None
    assert places.strength(places.words("ấp 3, thị xã Tân An"), tan_an) == 0
    assert places.strength(places.words("ấp 3, TX Tân An"), tan_an) == 0
    assert places.strength(places.words("ấp 3, xã Tân An"), tan_an) == places.SAME_UNIT


@time_machine.travel(at(2026, 3, 2, 9), tick=False)
def test_receive_page_offers_the_candidates_and_never_the_centre(
    province, procs, communes, client_as
):
    c = client_as(province.motcua)
    data = {
        "procedure_code": procs.commune.code,
        "applicant_kind": "person",
        "applicant_name": "Lê Văn Cường",
        "applicant_phone": "0987654321",
        "channel": "desk",
        "sets": 1,
    }
    page = soup(c.post(reverse("dossiers:receive"), {**data, "applicant_address": "p.xuan khanh"}))
    assert page.select_one("#id_resolving_agency option[selected]")["value"] == str(
        communes["ninh_kieu"].pk
    )
    page = soup(c.post(reverse("dossiers:receive"), {**data, "applicant_address": "123 Tân An"}))
    assert page.select_one("#id_resolving_agency option[selected]")["value"] == ""
    ask = page.select_one("#resolving-agency").text
    assert "có thể thuộc nhiều nơi" in ask
    assert communes["tan_an"].name in ask and communes["xa_tan_an"].name in ask
    offered = [o["value"] for o in page.select("#id_resolving_agency option") if o["value"]]
    assert str(province.centre.pk) not in offered
    # Merged communes are not offered: only those in force resolve dossiers.
    assert all(o.text.strip() != "Ủy ban nhân dân phường Xuân Khánh" for o in page.select("option"))
