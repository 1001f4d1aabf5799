"""The appendix task rows of seeds 001 and 002, and builders that type them into DOCX/XLSX.

(Interface first; the data follows.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SeedRow:
    section: str
    number: str
    title: str
    products: tuple[str, ...]
    lead_text: str
    coordinators_text: str
    deadline_text: str
    lead: tuple[str, ...] = ()
    coordinators: tuple[str, ...] = ()
    subsection: str = ""


def seed_001_rows() -> list[SeedRow]:
    return []


def seed_002_rows() -> list[SeedRow]:
    return []


def write_seed_docx(rows: list[SeedRow], path: Path | str) -> Path:
    raise NotImplementedError


def write_seed_xlsx(rows: list[SeedRow], path: Path | str) -> Path:
    raise NotImplementedError
