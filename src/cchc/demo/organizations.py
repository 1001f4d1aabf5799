"""The demo province: Cần Thơ (code 92) after the 2025 merger, its communes from
``vietnam-provinces``, the city's departments, central agencies located in the city, public
service units, the Public Administration Service Centre, and one user per role.

Idempotent: agencies are matched by code and users by username, so a second run changes
nothing (it only resets the demo password)."""

from __future__ import annotations

from cchc.accounts.models import Role, User
from cchc.accounts.services import user_create, user_update
from cchc.organizations.admin_units import load_admin_units
from cchc.organizations.models import Agency, AgencyKind
from cchc.organizations.services import agency_create, agency_update

PROVINCE = "92"
PASSWORD = "cchc-demo-2026"

K = AgencyKind
# (code, kind, name, short name, electronic-ID middle group, parent code or None = province)
AGENCIES: list[tuple[str, str, str, str, str, str | None]] = [
    ("VP", K.PPC_OFFICE, "Văn phòng Ủy ban nhân dân thành phố", "VP UBND", "01", None),
    ("SNV", K.DEPARTMENT, "Sở Nội vụ", "SNV", "03", None),
    ("STP", K.DEPARTMENT, "Sở Tư pháp", "STP", "04", None),
    ("STC", K.DEPARTMENT, "Sở Tài chính", "STC", "05", None),
    ("SXD", K.DEPARTMENT, "Sở Xây dựng", "SXD", "06", None),
    ("SNNMT", K.DEPARTMENT, "Sở Nông nghiệp và Môi trường", "SNN&MT", "07", None),
    ("SYT", K.DEPARTMENT, "Sở Y tế", "SYT", "08", None),
    ("SGDDT", K.DEPARTMENT, "Sở Giáo dục và Đào tạo", "SGD&ĐT", "09", None),
    ("SCT", K.DEPARTMENT, "Sở Công Thương", "SCT", "10", None),
    ("SVHTTDL", K.DEPARTMENT, "Sở Văn hóa, Thể thao và Du lịch", "SVHTT&DL", "11", None),
    ("SKHCN", K.DEPARTMENT, "Sở Khoa học và Công nghệ", "SKH&CN", "12", None),
    ("SDTTG", K.DEPARTMENT, "Sở Dân tộc và Tôn giáo", "SDT&TG", "13", None),
    ("TTTP", K.DEPARTMENT, "Thanh tra thành phố", "TTTP", "14", None),
    (
        "BQLKCN",
        K.DEPARTMENT,
        "Ban Quản lý các khu chế xuất và công nghiệp",
        "BQL KCX&CN",
        "15",
        None,
    ),
    ("CATP", K.CENTRAL, "Công an thành phố", "CATP", "16", None),
    ("THUE", K.CENTRAL, "Thuế thành phố Cần Thơ", "Thuế TP", "17", None),
    ("BHXH", K.CENTRAL, "Bảo hiểm xã hội thành phố Cần Thơ", "BHXH TP", "18", None),
    ("KBNN", K.CENTRAL, "Kho bạc Nhà nước khu vực Cần Thơ", "KBNN", "19", None),
    (
        "TTPVHCC",
        K.SERVICE_CENTRE,
        "Trung tâm Phục vụ hành chính công thành phố",
        "TTPVHCC",
        "20",
        None,
    ),
    (
        "TTPVHCC-MC",
        K.ONE_STOP_DESK,
        "Bộ phận tiếp nhận và trả kết quả – Trung tâm Phục vụ hành chính công",
        "Một cửa TTPVHCC",
        "20",
        "TTPVHCC",
    ),
    (
        "VPDKDD",
        K.PUBLIC_SERVICE,
        "Văn phòng Đăng ký đất đai thành phố",
        "VPĐKĐĐ",
        "07",
        "SNNMT",
    ),
    ("CDC", K.PUBLIC_SERVICE, "Trung tâm Kiểm soát bệnh tật thành phố", "CDC", "08", "SYT"),
    (
        "TTTGPL",
        K.PUBLIC_SERVICE,
        "Trung tâm Trợ giúp pháp lý nhà nước",
        "TT TGPL",
        "04",
        "STP",
    ),
    (
        "TTDVVL",
        K.PUBLIC_SERVICE,
        "Trung tâm Dịch vụ việc làm thành phố",
        "TT DVVL",
        "03",
        "SNV",
    ),
]
# Unit electronic IDs nest under their department's group: 000.07.xx for SNN&MT's units.
UNIT_SUFFIX = {"TTPVHCC-MC": "01", "VPDKDD": "21", "CDC": "21", "TTTGPL": "21", "TTDVVL": "21"}
# Communes given a one-stop desk in the demo (the first wards of the list).
DESK_COMMUNES = 4

USERS = [
    # username, role, agency code (None = whole system), family + middle name, given name, position
    ("admin", Role.SYSTEM_ADMIN, None, "Quản trị", "Hệ thống", "Quản trị hệ thống"),
    ("noivu", Role.HOME_AFFAIRS, "SNV", "Nguyễn Thị", "Thu Hà", "Chuyên viên phòng CCHC"),
    ("lanhdao", Role.LEADER, "P92", "Trần Văn", "Minh", "Phó Chủ tịch UBND thành phố"),
    ("daumoi", Role.FOCAL_POINT, "STP", "Lê Thị", "Ngọc Lan", "Chuyên viên Văn phòng Sở"),
    ("motcua", Role.ONE_STOP, "TTPVHCC", "Phạm Văn", "Hùng", "Công chức tiếp nhận"),
    ("xuly", Role.PROCESSING, "STP", "Hoàng Thị", "Mai", "Chuyên viên phòng Hành chính tư pháp"),
]


def _eid(group: str, unit: str = "00") -> str:
    return f"000.{group}.{unit}.H10"


def _ensure(code: str, parent: Agency | None, **fields) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        return agency_create(actor=None, parent=parent, code=code, **fields)
    wanted = {**fields, "parent": parent} if parent is not None else fields
    changed = {k: v for k, v in wanted.items() if getattr(agency, k) != v}
    if changed:
        agency = agency_update(actor=None, agency=agency, reason="Nạp dữ liệu mẫu", **changed)
    return agency


def load(ctx) -> None:
    result = load_admin_units(PROVINCE)
    root = result.province
    agencies: dict[str, Agency] = {}
    root = _ensure(
        root.code, None, electronic_id=_eid("00"), address="2 Hòa Bình, phường Ninh Kiều"
    )
    agencies[root.code] = root
    for order, (code, kind, name, short, group, parent_code) in enumerate(AGENCIES, start=1):
        parent = agencies[parent_code] if parent_code else root
        agencies[code] = _ensure(
            code,
            parent,
            kind=kind,
            name=name,
            short_name=short,
            electronic_id=_eid(group, UNIT_SUFFIX.get(code, "00")),
            sort_order=order,
        )
    communes = list(
        Agency.objects.filter(kind=AgencyKind.COMMUNE, path__startswith=root.path).order_by(
            "sort_order", "pk"
        )
    )
    for i, commune in enumerate(communes, start=1):
        # 000.3x.yy.H10: communes numbered in the official list's order, 100 per group.
        eid = _eid(f"{30 + i // 100:02d}", f"{i % 100:02d}")
        if commune.electronic_id != eid:
            commune = agency_update(
                actor=None, agency=commune, electronic_id=eid, reason="Nạp dữ liệu mẫu"
            )
        agencies[commune.code] = commune
        if i <= DESK_COMMUNES:
            place = commune.name.removeprefix("Ủy ban nhân dân ")
            desk = _ensure(
                f"{commune.code}-MC",
                commune,
                kind=AgencyKind.ONE_STOP_DESK,
                name=f"Bộ phận Một cửa {place}",
                short_name=f"Một cửa {place}",
                electronic_id=eid,
                sort_order=1,
            )
            agencies[desk.code] = desk

    users: dict[str, User] = {}
    for username, role, agency_code, family, given, position in USERS:
        agency = agencies[agency_code] if agency_code else None
        fields = {
            "agency": agency,
            "role": role,
            "last_name": family,
            "first_name": given,
            "position": position,
            "email": f"{username}@cchc.example.vn",
        }
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(actor=None, username=username, password=PASSWORD, **fields)
        else:
            changed = {k: v for k, v in fields.items() if getattr(user, k) != v}
            if changed:
                user = user_update(actor=None, user=user, reason="Nạp dữ liệu mẫu", **changed)
            if not user.check_password(PASSWORD):
                user.set_password(PASSWORD)
                user.save(update_fields=["password"])
        if role == Role.SYSTEM_ADMIN and not (user.is_superuser and user.is_staff):
            User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
            user.refresh_from_db()
        users[username] = user

    ctx["province"] = root
    ctx["agencies"] = agencies
    ctx["users"] = users
    ctx["password"] = PASSWORD
    ctx.stdout.write(
        f"  {root.name}: {len(agencies)} cơ quan, đơn vị ({len(communes)} xã, phường); "
        f"{len(users)} người dùng mẫu"
    )
