"""Loading real administrative units from the ``vietnam-provinces`` package (post-2025: 34
provinces and their communes/wards)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from cchc.core.errors import DomainError
from cchc.core.text import fold

from .models import Agency, AgencyKind


@dataclass
class LoadResult:
    province: Agency
    created: int
    existing: int


def find_province(code_or_name: str):
    from vietnam_provinces import Province

    wanted = fold(code_or_name).replace("tinh ", "").replace("thanh pho ", "").strip()
    for p in Province.iter_all():
        bare = fold(p.name).replace("tinh ", "").replace("thanh pho ", "")
        if wanted in {str(int(p.code)), f"{int(p.code):02d}", bare, fold(p.name), p.codename}:
            return p
    raise DomainError(
        f"Không tìm thấy tỉnh/thành phố «{code_or_name}». Nhập mã (ví dụ 92) hoặc tên "
        "(ví dụ Cần Thơ)."
    )


def _in_sentence(name: str) -> str:
    """ "Thành phố Cần Thơ" → "thành phố Cần Thơ", "Phường Ninh Kiều" → "phường Ninh Kiều":
    the unit word is lower-case after "Ủy ban nhân dân" (Decree 30/2020, Appendix II)."""
    return name[:1].lower() + name[1:] if name else name


def province_agency_code(province) -> str:
    return f"P{int(province.code):02d}"


@transaction.atomic
def load_admin_units(code_or_name: str, *, actor=None) -> LoadResult:
    """Create the province's People's Committee and one People's Committee per commune/ward.
    Idempotent: matched by administrative code, nothing is duplicated on a second run."""
    from vietnam_provinces import Ward

    from .services import agency_create

    province = find_province(code_or_name)
    created = existing = 0
    root = Agency.objects.filter(
        admin_code=str(int(province.code)), kind=AgencyKind.PROVINCE
    ).first()
    if root is None:
        root = agency_create(
            actor=actor,
            parent=None,
            code=province_agency_code(province),
            kind=AgencyKind.PROVINCE,
            name=f"Ủy ban nhân dân {_in_sentence(province.name)}",
            short_name=f"UBND {province.name.replace('Thành phố ', 'TP. ').replace('Tỉnh ', 'tỉnh ')}",
            admin_code=str(int(province.code)),
        )
        created += 1
    else:
        existing += 1
    have = set(
        Agency.objects.filter(kind=AgencyKind.COMMUNE, path__startswith=root.path).values_list(
            "admin_code", flat=True
        )
    )
    for order, ward in enumerate(Ward.iter_by_province(province.code), start=1):
        admin_code = str(int(ward.code))
        if admin_code in have:
            existing += 1
            continue
        agency_create(
            actor=actor,
            parent=root,
            code=f"X{int(ward.code):05d}",
            kind=AgencyKind.COMMUNE,
            name=f"Ủy ban nhân dân {_in_sentence(ward.name)}",
            short_name=f"UBND {_in_sentence(ward.name)}",
            admin_code=admin_code,
            sort_order=1000 + order,
        )
        created += 1
    return LoadResult(province=root, created=created, existing=existing)
