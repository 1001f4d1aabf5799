"""Which commune an address names, the way people write addresses (pure, no ORM).

Applicants write "P. Ninh Kiều", "p.ninh kieu", "Phuong Ninh Kieu", "X. Phong Điền", "TT Cờ
Đỏ", "F1": without diacritics, abbreviated, with stray spaces, and often with the name of a
commune merged away in 2025. The official name reads "Ủy ban nhân dân phường Ninh Kiều". Both
sides are folded (``core.text.fold``) to words, the unit word ("phường", "xã", "thị trấn",
"đặc khu") is split from the place name, and a place name is looked for as whole words in the
address. A name found right after a unit word ("phường Ninh Kiều") is strong evidence; right
after a district's word ("quận Ninh Kiều", the pre-2025 district of the same name) it names
the district, not the commune, and does not count; alone ("12 Ninh Kiều") it is weak, and a
bare number ("Phường 1" alone as "1") never counts. The strongest evidence wins; ties are
returned together for the officer to choose: a guess is never forced.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from cchc.core.text import fold

# Unit words of communes as they are written, folded, longest first within a unit.
UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "phuong": ("phuong", "ph", "p", "f"),
    "xa": ("xa", "x"),
    "thi tran": ("thi tran", "tt"),
    "dac khu": ("dac khu", "dk"),
}
# Words that make the following name a district's or a province's (pre-2025 addresses).
OTHER_UNITS = ("quan", "q", "huyen", "h", "thi xa", "tx", "thanh pho", "tp", "tinh")
_AGENCY_PREFIXES = ("uy ban nhan dan ", "ubnd ")

# Strength of the evidence for one place in one address.
SAME_UNIT = 3  # "phường Ninh Kiều" for phường Ninh Kiều
OTHER_UNIT = 2  # "xã Ninh Kiều" for phường Ninh Kiều (a unit word, not this one)
BARE = 1  # "Ninh Kiều" with no unit word before it

K = TypeVar("K", bound=Hashable)

_SPLIT = re.compile(r"[^a-z0-9]+")
_GLUED = re.compile(r"^(p|f|x|q|h|tt|tx|tp)(\d+)$")  # "P1", "F12", "Q3": unit word glued on


def words(text: str) -> list[str]:
    """Folded words of an address or a name: diacritics, case, punctuation and stray spaces
    gone, and "P1"/"F.1" read as "p 1"."""
    result: list[str] = []
    for w in _SPLIT.split(fold(text)):
        if not w:
            continue
        glued = _GLUED.match(w)
        result.extend(glued.groups() if glued else (w,))
    return result


@dataclass(frozen=True)
class Place:
    """A commune's name split into its unit word ("phuong") and its bare name words."""

    unit: str
    name: tuple[str, ...]


def place_of(official_name: str) -> Place | None:
    """ "Ủy ban nhân dân phường Ninh Kiều" → Place("phuong", ("ninh", "kieu")); None when the
    name has no place in it."""
    text = fold(official_name)
    for prefix in _AGENCY_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
    found = words(text)
    for unit in UNIT_WORDS:
        unit_words = unit.split()
        if found[: len(unit_words)] == unit_words and len(found) > len(unit_words):
            return Place(unit, tuple(found[len(unit_words) :]))
    return Place("", tuple(found)) if found else None


def _unit_spellings() -> list[tuple[list[str], str | None]]:
    """Every unit word as words, longest first, so that "thị xã" (a town, district level) is
    read before "xã" and "thị trấn" before "tt": (words, commune unit, or None for others)."""
    found: list[tuple[list[str], str | None]] = [
        (spelling.split(), unit) for unit, spellings in UNIT_WORDS.items() for spelling in spellings
    ]
    found += [(other.split(), None) for other in OTHER_UNITS]
    return sorted(found, key=lambda item: -len(item[0]))


_UNIT_SPELLINGS = _unit_spellings()


def _unit_before(address: list[str], start: int) -> tuple[str, bool]:
    """The unit word ending right before ``address[start]``: (commune unit or "", whether a
    district's or province's word is there instead)."""
    for spelling, unit in _UNIT_SPELLINGS:
        if start >= len(spelling) and address[start - len(spelling) : start] == spelling:
            return (unit, False) if unit is not None else ("", True)
    return "", False


def strength(address: list[str], place: Place) -> int:
    """How strongly the address names the place (0: not at all)."""
    n = len(place.name)
    best = 0
    for i in range(len(address) - n + 1):
        if tuple(address[i : i + n]) != place.name:
            continue
        if i + n < len(address) and place.name[-1].isdigit() and address[i + n].isdigit():
            continue  # "phường 1" inside "phường 12"
        unit, other = _unit_before(address, i)
        if other:
            continue
        if unit:
            best = max(best, SAME_UNIT if unit == place.unit else OTHER_UNIT)
        elif not all(w.isdigit() for w in place.name):
            best = max(best, BARE)
    return best


def best_matches(address: str, places: Iterable[tuple[K, Place]]) -> list[K]:
    """The keys of the places the address names most strongly, in the order given (several
    keys may stand for one successor: the caller folds them); empty when none is named."""
    found = words(address)
    if not found:
        return []
    scored = [(strength(found, place), key) for key, place in places]
    top = max((s for s, _ in scored), default=0)
    if top == 0:
        return []
    return list(dict.fromkeys(key for s, key in scored if s == top))
