"""Matching agency names written in plan tables to the agency tree. Pure: no ORM.

Plans name agencies the way officials type them: with or without diacritics, "UBND" for "Ủy ban
nhân dân", "Sở TT&TT", "Sở LĐ-TB&XH", a role in brackets ("Sở Nội vụ (chủ trì)"), the province
after the name or not ("Công an tỉnh", "Sở Tư pháp tỉnh Sóc Trăng"). ``normalise_agency_name``
folds all of these to one key. Mentions of a whole group ("Các sở, ban, ngành tỉnh", "UBND các
huyện, thị xã, thành phố", "Các cơ quan có liên quan") are not agencies: they come out with
status ``group`` and a group key that the plans app expands or keeps. A name that matches no
agency, or several, is never guessed: it is listed for a person to resolve before import.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from cchc.core.text import fold

# departments: sở, ban, ngành of the province; districts / communes: their People's Committees;
# public_units: public service units (đơn vị sự nghiệp, schools); central_agencies: central
# agencies located in the province (tax, police, social insurance...); all: every agency
# concerned.
GROUP_KEYS = ("departments", "districts", "communes", "public_units", "central_agencies", "all")

MATCHED = "matched"
AMBIGUOUS = "ambiguous"
UNMATCHED = "unmatched"
GROUP = "group"


@dataclass
class AgencyRef:
    id: int
    name: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()


@dataclass
class MatchResult:
    text: str
    agency_id: int | None
    candidates: list[int] = field(default_factory=list)
    status: str = UNMATCHED  # "matched" / "ambiguous" / "unmatched" / "group"
    group: str = ""  # one of GROUP_KEYS when status == "group"


# Abbreviations on folded text ("đ" is already "d"); the longest forms first.
_AND = r"\s*(?:[-&,]|va)?\s*"  # "TT&TT", "TT-TT", "TT và TT", "TTTT"
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (rf"ld{_AND}tb{_AND}xh", "lao dong thuong binh va xa hoi"),
    (rf"vh{_AND}tt{_AND}dl", "van hoa the thao va du lich"),
    (rf"nn{_AND}ptnt", "nong nghiep va phat trien nong thon"),
    (rf"tt{_AND}tt", "thong tin va truyen thong"),
    (rf"kh{_AND}dt", "ke hoach va dau tu"),
    (rf"kh{_AND}cn", "khoa hoc va cong nghe"),
    (rf"tn{_AND}mt", "tai nguyen va moi truong"),
    (rf"gd{_AND}dt", "giao duc va dao tao"),
    (rf"pt{_AND}th", "phat thanh va truyen hinh"),
    (rf"gt{_AND}vt", "giao thong van tai"),
    (r"ttpvhcc", "trung tam phuc vu hanh chinh cong"),
    (r"pvhcc", "phuc vu hanh chinh cong"),
    (r"tthcc", "trung tam hanh chinh cong"),
    (r"ubmttq", "uy ban mat tran to quoc"),
    (r"mttq", "mat tran to quoc"),
    (r"ubnd", "uy ban nhan dan"),
    (r"hdnd", "hoi dong nhan dan"),
    (r"bhxh", "bao hiem xa hoi"),
    (r"kbnn", "kho bac nha nuoc"),
    (r"bql", "ban quan ly"),
    (r"bcd", "ban chi dao"),
    (r"vp", "van phong"),
    (r"ca(?=\s+(?:tinh|huyen|tp|thanh pho|thi xa|tx|xa|phuong|quan)\b)|^ca$", "cong an"),
    (r"tw", "trung uong"),
    (r"tp", "thanh pho"),
    (r"tx", "thi xa"),
    (
        r"tt(?=\s+(?:hanh chinh|phuc vu|y te|cong nghe|truyen thong|dich vu|pvhcc|hcc)\b)",
        "trung tam",
    ),
    (r"cntt", "cong nghe thong tin"),
    (r"cchc", "cai cach hanh chinh"),
)
_ABBREV_RE = [(re.compile(rf"(?<![a-z0-9]){pat}(?![a-z0-9])"), rep) for pat, rep in _ABBREVIATIONS]


def normalise_agency_name(text: str) -> str:
    """One comparable key: folded, abbreviations expanded, roles in brackets and punctuation
    dropped ("UBND các huyện, thị xã, thành phố" → "uy ban nhan dan cac huyen thi xa thanh pho";
    "Sở TT&TT (chủ trì)" → "so thong tin va truyen thong")."""
    s = unicodedata.normalize("NFC", text or "")
    s = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", s)
    s = fold(s)
    for pattern, replacement in _ABBREV_RE:
        s = pattern.sub(replacement, s)
    # "Giám đốc Sở Nội vụ", "Chủ tịch UBND các huyện": the office holder stands for the agency.
    s = re.sub(
        r"^(?:pho\s+)?(?:giam doc|chu tich|thu truong|truong ban|chanh(?! an\b)|lanh dao|nguoi dung dau)"
        r"\s+(?=\S)",
        "",
        s.strip(),
    )
    s = re.sub(r"\s*[&+\-–/]\s*", " va ", s)
    s = re.sub(r"[^a-z0-9 ]", " ", s)
    s = re.sub(r"\b(va\s+)+", "va ", s)
    s = re.sub(r"\s+", " ", s).strip()
    # The many spellings of "the province's departments" end up as one phrase.
    s = re.sub(r"\b(?:so ban nganh|so nganh|so va nganh|so ban va nganh)\b", "so ban nganh", s)
    return s


def _key(text: str) -> str:
    """The name without the province it belongs to ("so tu phap tinh soc trang" → "so tu
    phap"): plans write "Sở Tư pháp" where the tree says "Sở Tư pháp tỉnh Sóc Trăng"; without
    "và", which spellings of one name use or leave out."""
    s = normalise_agency_name(text)
    s = re.sub(r"\s+tinh(?:\s+[a-z]+){0,5}$", "", s)
    # "Lao động - Thương binh và Xã hội", "Lao động, Thương binh và Xã hội", "LĐ-TB&XH" and
    # "Phát thanh-Truyền hình" / "Phát thanh và Truyền hình" differ only by "và".
    return " ".join(w for w in s.split() if w != "va")


_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("all", re.compile(r"^(?:cac )?uy ban nhan dan cac cap\b")),
    (
        "districts",
        re.compile(
            r"^(?:cac )?uy ban nhan dan (?:cap huyen|cac huyen|huyen (?:thi xa|thanh pho)|cac quan"
            r"|quan (?:va )?huyen)"
            r"|^(?:cac )?(?:huyen thi xa thanh pho|cap huyen)\b"
        ),
    ),
    (
        "communes",
        re.compile(
            r"^(?:cac )?uy ban nhan dan (?:cap xa|cac xa|xa phuong)|^(?:cac )?(?:cap xa|xa phuong"
            r" thi tran)\b"
        ),
    ),
    (
        "departments",
        re.compile(
            r"^(?:cac |tat ca cac )?(?:so ban nganh|co quan chuyen mon)\b|^cac so\b"
            r"|^so (?:co )?lien quan\b"
        ),
    ),
    (
        "central_agencies",
        re.compile(r"^(?:cac )?co quan (?:trung uong|nganh doc)|^cac co quan .*\btrung uong\b"),
    ),
    (
        "public_units",
        re.compile(r"^(?:cac )?(?:don vi su nghiep|co so giao duc|truong hoc|co so y te)"),
    ),
    (
        "all",
        re.compile(
            r"^(?:cac |tat ca cac |nhung )?(?:co quan|don vi|dia phuong|to chuc)\b"
            r"(?:.*\b(?:lien quan|dia phuong|don vi|co quan)\b|$)"
        ),
    ),
)


def group_of(text: str) -> str:
    """The group key of a mention such as "Các sở, ban, ngành tỉnh", or "" for one agency."""
    n = normalise_agency_name(text)
    for key, pattern in _GROUPS:
        if pattern.search(n):
            return key
    return ""


def match_agencies(names: list[str], agencies: list[AgencyRef]) -> list[MatchResult]:
    """One result per name, in order."""
    exact: dict[str, set[int]] = {}
    keyed: list[tuple[str, int]] = []
    for agency in agencies:
        for variant in (agency.name, agency.short_name, *agency.aliases):
            k = _key(variant) if variant else ""
            if k:
                exact.setdefault(k, set()).add(agency.id)
                keyed.append((k, agency.id))

    results: list[MatchResult] = []
    for name in names:
        k = _key(name)
        ids = sorted(exact.get(k, ()))
        if len(ids) == 1:
            results.append(MatchResult(name, ids[0], ids, MATCHED))
            continue
        if len(ids) > 1:
            results.append(MatchResult(name, None, ids, AMBIGUOUS))
            continue
        group = group_of(name)
        if group:
            results.append(MatchResult(name, None, [], GROUP, group))
            continue
        results.append(_near(name, k, keyed))
    return results


def _near(name: str, k: str, keyed: list[tuple[str, int]]) -> MatchResult:
    """Names that contain one another as whole words ("Sở Giáo dục" / "Sở Giáo dục và Đào
    tạo"): one agency whose name starts with the mention is taken; anything else is listed
    for a person to choose."""
    if not k or len(k.split()) < 2:
        return MatchResult(name, None, [], UNMATCHED)
    padded = f" {k} "
    prefix: set[int] = set()
    contained: set[int] = set()
    for other, agency_id in keyed:
        if f" {other} ".startswith(padded):
            prefix.add(agency_id)
        if padded in f" {other} " or f" {other} " in padded:
            contained.add(agency_id)
    if len(prefix) == 1:
        only = next(iter(prefix))
        return MatchResult(name, only, [only], MATCHED)
    if contained:
        return MatchResult(name, None, sorted(contained), AMBIGUOUS)
    return MatchResult(name, None, [], UNMATCHED)
