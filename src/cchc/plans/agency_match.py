"""Matching agency names written in plan tables to the agency tree. Pure: no ORM.

(Interface first; the matcher body follows.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc.core.text import fold

GROUP_KEYS = ("departments", "districts", "communes", "public_units", "all")


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
    status: str = "unmatched"  # "matched" / "ambiguous" / "unmatched" / "group"
    group: str = ""  # one of GROUP_KEYS when status == "group"


def normalise_agency_name(text: str) -> str:
    return fold(text)


def match_agencies(names: list[str], agencies: list[AgencyRef]) -> list[MatchResult]:
    return [MatchResult(text=n, agency_id=None) for n in names]
