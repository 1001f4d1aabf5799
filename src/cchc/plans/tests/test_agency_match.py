"""Agency names as plans write them, matched to the agency tree."""

from __future__ import annotations

import pytest

from cchc.demo.data.plan_seeds import seed_001_rows, seed_002_rows
from cchc.plans.agency_match import (
    GROUP_KEYS,
    AgencyRef,
    match_agencies,
    normalise_agency_name,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Nội vụ", "so noi vu"),
        ("SỞ NỘI VỤ", "so noi vu"),
        ("so noi vu", "so noi vu"),
        ("Sở Nội vụ (chủ trì)", "so noi vu"),
        ("UBND tỉnh", "uy ban nhan dan tinh"),
        ("VP UBND tỉnh", "van phong uy ban nhan dan tinh"),
        ("Sở TT&TT", "so thong tin va truyen thong"),
        ("Sở TT và TT", "so thong tin va truyen thong"),
        ("Sở VH,TT&DL", "so van hoa the thao va du lich"),
        ("Sở LĐTB&XH", "so lao dong thuong binh va xa hoi"),
        ("Sở NN và PTNT", "so nong nghiep va phat trien nong thon"),
        ("TT PVHCC tỉnh", "trung tam phuc vu hanh chinh cong tinh"),
        ("Sở Tư pháp", "so tu phap"),  # "tp" alone is Thành phố, never inside a word
        ("Sở KH&ĐT", "so ke hoach va dau tu"),
        ("Sở LĐ-TB&XH", "so lao dong thuong binh va xa hoi"),
        ("Sở Lao động, Thương binh và Xã hội", "so lao dong thuong binh va xa hoi"),
        ("Sở NN&PTNT", "so nong nghiep va phat trien nong thon"),
        ("Sở TN&MT", "so tai nguyen va moi truong"),
        ("Sở GD&ĐT", "so giao duc va dao tao"),
        ("Sở VHTT&DL", "so van hoa the thao va du lich"),
        ("Sở KH&CN", "so khoa hoc va cong nghe"),
        ("BHXH tỉnh", "bao hiem xa hoi tinh"),
        ("CA tỉnh", "cong an tinh"),
        ("tất cả các cơ quan", "tat ca cac co quan"),  # "cả" is not "CA"
        ("Đài PT-TH tỉnh", "dai phat thanh va truyen hinh tinh"),
        ("Các sở, ban, ngành tỉnh", "cac so ban nganh tinh"),
        ("Các Sở, ngành", "cac so ban nganh"),
        ("Sở ban ngành", "so ban nganh"),
        ("Giám đốc Sở Nội vụ", "so noi vu"),
        ("Chánh Văn phòng UBND tỉnh", "van phong uy ban nhan dan tinh"),
        ("Thủ trưởng các sở, ban, ngành", "cac so ban nganh"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise_agency_name(text) == expected


TREE = [
    AgencyRef(1, "Sở Nội vụ tỉnh Sóc Trăng"),
    AgencyRef(2, "Sở Tư pháp"),
    AgencyRef(3, "Văn phòng Ủy ban nhân dân tỉnh"),
    AgencyRef(4, "Sở Thông tin và Truyền thông", short_name="Sở TT&TT"),
    AgencyRef(5, "Sở Lao động - Thương binh và Xã hội"),
    AgencyRef(6, "Công an tỉnh Sóc Trăng"),
    AgencyRef(7, "Đài Phát thanh và Truyền hình tỉnh"),
    AgencyRef(8, "Sở Kế hoạch và Đầu tư"),
    AgencyRef(9, "Sở Giáo dục và Đào tạo"),
    AgencyRef(10, "Ủy ban nhân dân tỉnh Sóc Trăng", aliases=("UBND tỉnh",)),
    AgencyRef(11, "Ủy ban nhân dân huyện Châu Thành"),
    AgencyRef(12, "Ủy ban nhân dân huyện Châu Thành"),  # two provinces' namesakes
    AgencyRef(13, "Trung tâm Phục vụ hành chính công", short_name="TTPVHCC"),
]


@pytest.mark.parametrize(
    ("name", "status", "agency_id", "group"),
    [
        ("Sở Nội vụ", "matched", 1, ""),
        ("SO NOI VU (chủ trì)", "matched", 1, ""),
        ("Sở Tư pháp tỉnh Sóc Trăng", "matched", 2, ""),
        ("VP UBND tỉnh", "matched", 3, ""),
        ("Văn phòng UBND tỉnh", "matched", 3, ""),
        ("Sở TT&TT", "matched", 4, ""),
        ("Sở Thông tin và truyền thông", "matched", 4, ""),
        ("Sở LĐ-TB&XH", "matched", 5, ""),
        ("Sở Lao động, Thương binh và Xã hội", "matched", 5, ""),
        ("Công an tỉnh", "matched", 6, ""),
        ("Đài Phát thanh-Truyền hình tỉnh", "matched", 7, ""),
        ("Sở kế hoạch và Đầu tư", "matched", 8, ""),
        ("Sở Giáo dục", "matched", 9, ""),
        ("UBND tỉnh", "matched", 10, ""),
        ("TTPVHCC", "matched", 13, ""),
        ("UBND huyện Châu Thành", "ambiguous", None, ""),
        ("Sở Đất đai", "unmatched", None, ""),
        ("Bưu điện tỉnh", "unmatched", None, ""),
        ("Các sở, ban, ngành tỉnh", "group", None, "departments"),
        ("Sở, ban ngành", "group", None, "departments"),
        ("Các cơ quan chuyên môn thuộc UBND tỉnh", "group", None, "departments"),
        ("UBND các huyện, thị xã, thành phố", "group", None, "districts"),
        ("UBND cấp huyện", "group", None, "districts"),
        ("UBND cấp xã", "group", None, "communes"),
        ("UBND các xã, phường, thị trấn", "group", None, "communes"),
        ("Các đơn vị sự nghiệp công lập", "group", None, "public_units"),
        ("Các cơ quan, đơn vị", "group", None, "all"),
        ("Các cơ quan có liên quan", "group", None, "all"),
        ("UBND huyện, thành phố", "group", None, "districts"),
        ("Ủy ban nhân dân quận-huyện", "group", None, "districts"),
        ("Chủ tịch UBND các huyện, thị xã, thành phố", "group", None, "districts"),
        ("Giám đốc Sở Tư pháp", "matched", 2, ""),
        ("Các cơ quan Trung ương đóng trên địa bàn tỉnh", "group", None, "central_agencies"),
        ("Trung tâm PVHCC tỉnh", "matched", 13, ""),
        ("UBND các cấp", "group", None, "all"),
    ],
)
def test_match(name: str, status: str, agency_id: int | None, group: str) -> None:
    (result,) = match_agencies([name], TREE)
    assert (result.text, result.status, result.agency_id, result.group) == (
        name,
        status,
        agency_id,
        group,
    )


def test_ambiguous_lists_the_candidates() -> None:
    (result,) = match_agencies(["UBND huyện Châu Thành"], TREE)
    assert result.candidates == [11, 12]


def test_every_agency_mention_of_the_seeds_is_classified() -> None:
    names = sorted(
        {n for r in seed_001_rows() + seed_002_rows() for n in (*r.lead, *r.coordinators)}
    )
    results = match_agencies(names, TREE)
    assert len(results) == len(names)
    groups = {r.text: r.group for r in results if r.status == "group"}
    assert set(groups.values()) <= set(GROUP_KEYS)
    # Group mentions never come out as unmatched names for a person to resolve.
    unmatched = sorted(r.text for r in results if r.status == "unmatched")
    assert unmatched == [
        "Báo Quảng Nam",
        "Bưu điện tỉnh",
        "Sở Giao thông vận tải",
        "Sở Khoa học và Công nghệ",
        "Sở Tài chính",
        "Sở Tài nguyên và Môi trường",
        "Sở Xây dựng",
        "Sở Y tế",
        "Sở Đất đai",
        "Sửa đổi, bổ sung",
    ]


def test_order_and_empty_tree() -> None:
    results = match_agencies(["Sở Nội vụ", "Các sở, ban, ngành"], [])
    assert [r.status for r in results] == ["unmatched", "group"]
