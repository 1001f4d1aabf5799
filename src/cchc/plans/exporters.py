"""Writing a plan's appendix table back to DOCX (official format) and XLSX.

(Interface first; the writers follow.)
"""

from __future__ import annotations

from typing import IO, Any


def write_docx(plan_dict: dict[str, Any], fileobj: IO[bytes] | Any) -> None:
    raise NotImplementedError


def write_xlsx(plan_dict: dict[str, Any], fileobj: IO[bytes] | Any) -> None:
    raise NotImplementedError
