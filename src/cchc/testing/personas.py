"""Test personas: a small province with one named user per role (STYLE.md habit 9).

Tests read like stories: ``motcua_xa`` (a commune one-stop officer) cannot see the
Department of Justice's dossiers; ``noivu`` (Home Affairs) sees the whole province.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.accounts.models import Role, User
from cchc.organizations.models import Agency, AgencyKind
from cchc.organizations.services import agency_create

PASSWORD = "Cchc@2026-thu-nghiem"


@dataclass
class Province:
    province: Agency
    ppc_office: Agency
    home_affairs: Agency
    justice: Agency
    construction: Agency
    centre: Agency
    commune_a: Agency
    commune_b: Agency
    desk_a: Agency
    admin: User
    noivu: User
    lanhdao: User
    daumoi: User
    motcua: User
    xuly: User
    motcua_xa: User
    motcua_xa_b: User
    daumoi_xa: User
    lanhdao_xa: User


def _user(username: str, role: str, agency: Agency | None, full_name: str, **extra) -> User:
    first, _, last = full_name.rpartition(" ")
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@cchc.test",
        role=role,
        agency=agency,
        first_name=last,
        last_name=first,
        **extra,
    )
    return user


def build_province() -> Province:
    def make(parent, code, kind, name, short="", eid=""):
        return agency_create(
            actor=None,
            parent=parent,
            code=code,
            kind=kind,
            name=name,
            short_name=short,
            electronic_id=eid,
        )

    p = make(
        None,
        "P92",
        AgencyKind.PROVINCE,
        "Ủy ban nhân dân thành phố Cần Thơ",
        "UBND TP. Cần Thơ",
        "000.00.00.H10",
    )
    office = make(
        p,
        "VP",
        AgencyKind.PPC_OFFICE,
        "Văn phòng Ủy ban nhân dân thành phố",
        "VP UBND",
        "000.00.01.H10",
    )
    snv = make(p, "SNV", AgencyKind.DEPARTMENT, "Sở Nội vụ", "SNV", "000.00.03.H10")
    stp = make(p, "STP", AgencyKind.DEPARTMENT, "Sở Tư pháp", "STP", "000.00.04.H10")
    sxd = make(p, "SXD", AgencyKind.DEPARTMENT, "Sở Xây dựng", "SXD", "000.00.05.H10")
    centre = make(
        p,
        "TTPVHCC",
        AgencyKind.SERVICE_CENTRE,
        "Trung tâm Phục vụ hành chính công thành phố",
        "TTPVHCC",
        "000.00.20.H10",
    )
    xa_a = make(
        p,
        "X31117",
        AgencyKind.COMMUNE,
        "Ủy ban nhân dân phường Ninh Kiều",
        "UBND P. Ninh Kiều",
        "000.31.17.H10",
    )
    xa_b = make(
        p,
        "X31120",
        AgencyKind.COMMUNE,
        "Ủy ban nhân dân phường Cái Khế",
        "UBND P. Cái Khế",
        "000.31.20.H10",
    )
    desk_a = make(
        xa_a,
        "X31117-MC",
        AgencyKind.ONE_STOP_DESK,
        "Bộ phận Một cửa phường Ninh Kiều",
        "Một cửa Ninh Kiều",
        "000.31.17.H10",
    )
    return Province(
        province=p,
        ppc_office=office,
        home_affairs=snv,
        justice=stp,
        construction=sxd,
        centre=centre,
        commune_a=xa_a,
        commune_b=xa_b,
        desk_a=desk_a,
        admin=_user(
            "admin", Role.SYSTEM_ADMIN, None, "Quản Trị Viên", is_staff=True, is_superuser=True
        ),
        noivu=_user("noivu", Role.HOME_AFFAIRS, snv, "Nguyễn Thị Nội Vụ"),
        lanhdao=_user("lanhdao", Role.LEADER, p, "Trần Văn Lãnh Đạo"),
        daumoi=_user("daumoi", Role.FOCAL_POINT, stp, "Lê Thị Đầu Mối"),
        motcua=_user("motcua", Role.ONE_STOP, centre, "Phạm Văn Một Cửa"),
        xuly=_user("xuly", Role.PROCESSING, stp, "Hoàng Thị Xử Lý"),
        motcua_xa=_user("motcua_xa", Role.ONE_STOP, xa_a, "Võ Văn Xã A"),
        motcua_xa_b=_user("motcua_xa_b", Role.ONE_STOP, xa_b, "Đặng Thị Xã B"),
        daumoi_xa=_user("daumoi_xa", Role.FOCAL_POINT, xa_a, "Bùi Văn Đầu Mối Xã"),
        lanhdao_xa=_user("lanhdao_xa", Role.LEADER, xa_a, "Đỗ Văn Chủ Tịch Xã"),
    )
