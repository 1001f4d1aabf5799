"""Reading the task tables of reform-plan appendices from DOCX and XLSX. Pure: no ORM.

(Interface first; the reader body follows.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any


@dataclass
class TaskRow:
    section: str
    number: str
    title: str
    products: list[str]
    lead: list[str]
    coordinators: list[str]
    deadline_text: str
    source: str  # "Bảng 1, dòng 14" / "Sheet1!A14"
    subsection: str = ""  # "10. Công tác tuyên truyền ..." when the task sits under a heading row


@dataclass
class PlanTable:
    sections: list[str] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class TableError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_docx(fileobj_or_path: Any) -> PlanTable:
    raise TableError("Chưa hỗ trợ.")


def read_xlsx(fileobj_or_path: Any) -> PlanTable:
    raise TableError("Chưa hỗ trợ.")


def read_any(path_or_file: str | IO[bytes] | Any, filename: str) -> PlanTable:
    name = filename.lower()
    if name.endswith(".docx"):
        return read_docx(path_or_file)
    if name.endswith(".xlsx"):
        return read_xlsx(path_or_file)
    raise TableError(f"Tệp «{filename}» không phải DOCX hoặc XLSX.")


def split_agencies(cell: str) -> list[str]:
    return [p.strip() for p in (cell or "").split(";") if p.strip()]
