"""Fixtures of the plans tests: the persona province plus the departments the seeds' tables
name, and a small plan imported through the real service."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.organizations.models import AgencyKind
from cchc.organizations.services import agency_create

# (code, name, short name) of departments the seeds' appendices assign tasks to.
DEPARTMENTS = [
    ("STC", "Sở Tài chính", "STC"),
    ("STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("SYT", "Sở Y tế", "SYT"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"),
    ("SLDTBXH", "Sở Lao động, Thương binh và Xã hội", "Sở LĐTBXH"),
]


@pytest.fixture
def departments(province):
    made = {}
    for code, name, short in DEPARTMENTS:
        made[code] = agency_create(
            actor=None,
            parent=province.province,
            code=code,
            kind=AgencyKind.DEPARTMENT,
            name=name,
            short_name=short,
        )
    return made


def small_preview() -> dict:
    """Three tasks in two areas, as ``importing.build_preview`` shapes them."""
    return {
        "sections": ["Cải cách thể chế", "Cải cách thủ tục hành chính"],
        "tasks": [
            {
                "section": "Cải cách thể chế",
                "number": "1.",
                "title": "Xây dựng Kế hoạch rà soát văn bản quy phạm pháp luật",
                "products": ["Kế hoạch của UBND tỉnh", "Báo cáo kết quả thực hiện"],
                "lead": ["Sở Tư pháp"],
                "coordinators": ["Sở Nội vụ", "UBND cấp huyện", "Sở Ma"],
                "deadline_text": "- Kế hoạch trước ngày 30/01/2026 - Báo cáo chậm nhất 10/12/2026",
                "deadline_kind": "milestones",
                "milestones": [
                    {"label": "Kế hoạch", "date": "2026-01-30"},
                    {"label": "Báo cáo", "date": "2026-12-10"},
                ],
                "source": "Bảng 1, dòng 2",
            },
            {
                "section": "Cải cách thể chế",
                "number": "2.",
                "title": "Ban hành quy định chi tiết Luật",
                "products": ["Quyết định của UBND tỉnh"],
                "lead": ["Sở Tư pháp"],
                "coordinators": [],
                "deadline_text": "Chậm nhất sau 05 ngày làm việc kể từ ngày Luật có hiệu lực",
                "deadline_kind": "relative",
                "milestones": [
                    {
                        "label": "",
                        "date": None,
                        "relative_days": 5,
                        "relative_unit": "working_days",
                        "event": "ngày Luật có hiệu lực",
                    }
                ],
                "source": "Bảng 1, dòng 3",
            },
            {
                "section": "Cải cách thủ tục hành chính",
                "number": "1.",
                "title": "Công bố thủ tục hành chính mới",
                "products": ["Quyết định công bố"],
                "lead": ["Sở Xây dựng (chủ trì phần xây dựng)"],
                "coordinators": ["Văn phòng UBND tỉnh"],
                "deadline_text": "Quý I/2026",
                "deadline_kind": "period",
                "milestones": [{"label": "", "date": "2026-03-31", "start": "2026-01-01"}],
                "source": "Bảng 1, dòng 5",
            },
        ],
        "names": {
            "Sở Tư pháp": {"status": "matched", "agency_id": None, "candidates": [], "group": ""},
            "Sở Nội vụ": {"status": "matched", "agency_id": None, "candidates": [], "group": ""},
            "UBND cấp huyện": {
                "status": "group",
                "agency_id": None,
                "candidates": [],
                "group": "districts",
            },
            "Sở Ma": {"status": "unmatched", "agency_id": None, "candidates": [], "group": ""},
            "Sở Xây dựng": {"status": "matched", "agency_id": None, "candidates": [], "group": ""},
            "Văn phòng UBND tỉnh": {
                "status": "ambiguous",
                "agency_id": None,
                "candidates": [],
                "group": "",
            },
        },
        "warnings": [],
    }


@pytest.fixture
def plan(province):
    from cchc.plans import services

    p = province
    mapping = {
        "Sở Tư pháp": p.justice.pk,
        "Sở Nội vụ": p.home_affairs.pk,
        "Sở Xây dựng": p.construction.pk,
        "Văn phòng UBND tỉnh": p.ppc_office.pk,
    }
    return services.plan_import_rows(
        actor=p.noivu,
        agency=p.province,
        year=2026,
        preview=small_preview(),
        mapping=mapping,
        title="Kế hoạch CCHC năm 2026",
        number="182/KH-UBND",
        decided_on=dt.date(2025, 12, 28),
    )


def task_of(plan, number: str, section_word: str):
    return plan.tasks.get(number=number, area__name__icontains=section_word)
