"""Staff stories: the persona province, a commune desk's two officers on the list, and a
question bank imported from a real XLSX through the service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from cchc.accounts.models import Role, User
from cchc.testing.personas import PASSWORD

HEADER = ["STT", "Chủ đề", "Câu hỏi", "A", "B", "C", "D", "Đáp án"]


def bank_rows(n: int = 12) -> list[list]:
    """``n`` questions whose right answer is always the option "Đúng <i>"."""
    rows = []
    for i in range(1, n + 1):
        topic = "Cơ chế một cửa" if i % 2 else "Kỹ năng giao tiếp"
        options = [f"Sai {i}a", f"Đúng {i}", f"Sai {i}b", f"Sai {i}c"]
        rows.append([i, topic, f"Câu hỏi số {i} về nghiệp vụ Một cửa?", *options, "B"])
    return rows


def write_bank(path: Path, rows: list[list], header: list[str] = HEADER) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["NGÂN HÀNG CÂU HỎI KIỂM TRA KIẾN THỨC CÔNG CHỨC MỘT CỬA"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@dataclass
class Desk:
    lan: object  # StaffMember, passes twice
    minh: object  # StaffMember, fails
    lan_user: User
    minh_user: User


@pytest.fixture
def desk(province):
    """Two one-stop officers of the Ninh Kiều ward desk, registered by the ward's focal point."""
    from cchc.staff import services

    lan_user = User.objects.create_user(
        username="thilan",
        password=PASSWORD,
        role=Role.ONE_STOP,
        agency=province.commune_a,
        first_name="Lan",
        last_name="Trần Thị",
    )
    minh_user = User.objects.create_user(
        username="vanminh",
        password=PASSWORD,
        role=Role.ONE_STOP,
        agency=province.commune_a,
        first_name="Minh",
        last_name="Lê Văn",
    )
    lan = services.staff_register(
        actor=province.daumoi_xa,
        agency=province.commune_a,
        desk=province.desk_a,
        full_name="Trần Thị Lan",
        position="Công chức Tư pháp - Hộ tịch",
        date_from=dt.date(2024, 1, 2),
        user=lan_user,
    )
    minh = services.staff_register(
        actor=province.daumoi_xa,
        agency=province.commune_a,
        desk=province.desk_a,
        full_name="Lê Văn Minh",
        position="Công chức Địa chính",
        date_from=dt.date(2024, 1, 2),
        user=minh_user,
    )
    return Desk(lan=lan, minh=minh, lan_user=lan_user, minh_user=minh_user)


@pytest.fixture
def bank(province, tmp_path):
    from cchc.staff import services

    path = write_bank(tmp_path / "ngan-hang.xlsx", bank_rows(12))
    with path.open("rb") as f:
        imp = services.question_import_preview(actor=province.noivu, file=f, filename=path.name)
    services.question_import_commit(actor=province.noivu, imp=imp)
    return imp
