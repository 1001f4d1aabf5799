"""Import of the procedure catalogue from the XLSX the national TTHC database exports and
provinces keep. Two steps: ``read_catalogue`` builds a preview (no writes: row-level errors
with their spreadsheet line numbers, and the texts we could not read for review), then
``commit_catalogue`` writes everything in one transaction, or nothing."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.db import transaction

from cchc.core import files
from cchc.core.errors import DomainError
from cchc.core.text import fold, format_int

from . import rights, timeparse
from .models import Procedure, ProcedureStatus

if TYPE_CHECKING:
    from cchc.accounts.models import User
    from cchc.core.imports import Progress

# folded header → column key; the first alias of each key is the required header's name.
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("ma thu tuc", "ma tthc", "ma so thu tuc", "ma"),
    "name": ("ten thu tuc", "ten tthc", "ten thu tuc hanh chinh"),
    "field": ("linh vuc",),
    "levels": ("cap thuc hien", "cap giai quyet"),
    "agency": ("co quan thuc hien", "co quan giai quyet"),
    "time": ("thoi han giai quyet", "thoi gian giai quyet"),
    "fees": ("phi, le phi", "phi le phi", "le phi", "phi"),
    "online": ("muc do dvc", "muc do dich vu cong", "muc do dvctt", "dich vu cong truc tuyen"),
    "result": ("ket qua thuc hien", "ket qua"),
}
REQUIRED = ("code", "name", "field", "levels", "agency", "time", "fees", "online")
LABELS = {
    "code": "Mã thủ tục",
    "name": "Tên thủ tục",
    "field": "Lĩnh vực",
    "levels": "Cấp thực hiện",
    "agency": "Cơ quan thực hiện",
    "time": "Thời hạn giải quyết",
    "fees": "Phí, lệ phí",
    "online": "Mức độ DVC",
}
JOB_KIND = "procedures.catalogue"
CODE_RE = re.compile(r"^\d{1,2}\.\d{6}$")
MAX_HEADER_SCAN = 30
# What the model's columns hold (fee_amount: 14 digits, time_amount: 6 digits with one decimal):
# a larger value must be a line-numbered error in the preview, not a crash at confirmation.
MAX_FEE = Decimal(10**13 - 1)
MAX_TIME = Decimal(99999)


def _norm_header(value: Any) -> str:
    return re.sub(r"[\s:*]+", " ", fold(str(value or ""))).strip(" .")


@dataclass
class RowPreview:
    line: int
    code: str
    name: str
    data: dict[str, Any] = field(default_factory=dict)
    action: str = "new"  # new | update | same
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class CatalogueImport:
    filename: str
    header_line: int = 0
    rows: list[RowPreview] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # file-level

    @property
    def row_errors(self) -> list[str]:
        return [f"Dòng {r.line}: {e}" for r in self.rows for e in r.errors]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.row_errors and bool(self.rows)

    @property
    def review(self) -> list[RowPreview]:
        return [r for r in self.rows if r.warnings]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action and not r.errors)


def _find_header(rows: list[tuple[int, tuple]]) -> tuple[int, dict[str, int]]:
    best: tuple[int, dict[str, int]] = (0, {})
    for i, row in rows:
        cols: dict[str, int] = {}
        for j, cell in enumerate(row):
            h = _norm_header(cell)
            for key, aliases in HEADERS.items():
                if key not in cols and h in aliases:
                    cols[key] = j
        if len(cols) > len(best[1]):
            best = (i, cols)
    return best


def _cell(row: tuple, cols: dict[str, int], key: str) -> str:
    j = cols.get(key)
    if j is None or j >= len(row) or row[j] is None:
        return ""
    value = row[j]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _resolve_agency(text: str, levels: list[str]):
    """The agency named in the sheet, when the tree has exactly that name; procedures every
    commune resolves ("UBND cấp xã") get an agency *kind* instead."""
    from cchc.organizations.models import Agency

    f = fold(text)
    if not f:
        return None, ""
    if re.search(r"\b(ubnd|uy ban nhan dan) (cap )?xa\b", f) or f in ("cap xa", "ubnd xa"):
        return None, "commune"
    first = re.split(r"[;\n]", text)[0]
    key = fold(first)
    for a in Agency.objects.search(first).only("id", "name", "short_name")[:20]:
        if fold(a.name) == key or (a.short_name and fold(a.short_name) == key):
            return a, ""
    return None, ""


def read_catalogue(
    file: str | IO[bytes] | bytes | files.Upload,
    filename: str = "",
    *,
    progress: Progress | None = None,
) -> CatalogueImport:
    """Preview of an import; reads the database (existing codes, agencies) but writes nothing.
    The workbook is streamed through the one upload reader (read-only, limits on size, rows,
    columns and time); a hostile or oversized file is a DomainError before any row is kept.
    ``progress`` (a background import) hears of every row read."""
    if isinstance(file, files.Upload):
        upload = file
    else:
        upload = files.load_upload(file, filename, kinds=("xlsx",))
    result = CatalogueImport(filename=upload.name or str(getattr(file, "name", "")))
    with files.open_xlsx(upload) as book:
        if not book.sheets:
            raise DomainError("Tệp Excel không có trang tính nào.")
        if progress is not None:
            progress.total(book.sheets[0].declared_rows)
        lines = book.sheets[0].rows()
        head: list[tuple[int, tuple]] = []
        for line, row in lines:
            head.append((line, row))
            if line >= MAX_HEADER_SCAN:
                break
        header_line, cols = _find_header(head)
        missing = [LABELS[k] for k in REQUIRED if k not in cols]
        if not header_line or missing:
            raise DomainError(
                "Không tìm thấy dòng tiêu đề của danh mục thủ tục; thiếu cột: "
                + ", ".join(f"«{m}»" for m in missing)
                + "."
            )
        result.header_line = header_line
        existing = {
            p.code: p for p in Procedure.objects.filter(is_current=True).select_related("field")
        }
        seen: dict[str, int] = {}
        for line, row in itertools.chain(head, lines):
            if progress is not None:
                progress.advance()
            if line <= header_line or not any(c not in (None, "") for c in row):
                continue
            result.rows.append(_read_row(line, row, cols, existing, seen))
    if not result.rows:
        result.errors.append("Tệp không có dòng thủ tục nào dưới dòng tiêu đề.")
    return result


def _read_row(line, row, cols, existing, seen) -> RowPreview:
    code, name = _cell(row, cols, "code"), _cell(row, cols, "name")
    r = RowPreview(line=line, code=code, name=name)
    if not code:
        r.errors.append("Thiếu mã thủ tục.")
    elif not CODE_RE.match(code):
        r.errors.append(f"Mã thủ tục «{code}» không đúng dạng (ví dụ 1.004227).")
    elif code in seen:
        r.errors.append(f"Mã thủ tục {code} trùng với dòng {seen[code]}.")
    else:
        seen[code] = line
    if not name:
        r.errors.append("Thiếu tên thủ tục.")
    field_name = _cell(row, cols, "field")
    if not field_name:
        r.errors.append("Thiếu lĩnh vực.")
    levels_text = _cell(row, cols, "levels")
    levels = timeparse.parse_levels(levels_text)
    if not levels:
        r.errors.append(f"Cấp thực hiện «{levels_text}» không đọc được.")
    agency_text = _cell(row, cols, "agency")
    time_text = _cell(row, cols, "time")
    t = timeparse.parse_time(time_text)
    if not t.ok or t.warning:
        r.warnings.append(f"Thời hạn «{time_text}»: {t.warning}")
    if t.unit in ("days", "hours") and t.amount is not None and t.amount <= 0:
        r.errors.append(f"Thời hạn «{time_text}» phải lớn hơn 0.")
    elif t.amount is not None and t.amount > MAX_TIME:
        r.errors.append(f"Thời hạn «{time_text}» quá lớn (tối đa {MAX_TIME} ngày/giờ).")
    fees_text = _cell(row, cols, "fees")
    fee = timeparse.parse_fee(fees_text)
    if not fee.ok or fee.warning:
        r.warnings.append(f"Phí, lệ phí «{fees_text}»: {fee.warning}")
    if fee.amount is not None and fee.amount > MAX_FEE:
        r.errors.append(
            f"Phí, lệ phí «{fees_text}» vượt quá giới hạn (tối đa {format_int(int(MAX_FEE))} đồng)."
        )
    online_text = _cell(row, cols, "online")
    online = timeparse.parse_online_level(online_text)
    if not online.ok:
        r.warnings.append(f"Mức độ DVC «{online_text}»: {online.warning}")
    if r.errors:
        return r
    agency, kind = _resolve_agency(agency_text, levels)
    if agency is None and not kind and agency_text:
        r.warnings.append(f"Cơ quan «{agency_text}» chưa có trong cây cơ quan; giữ nguyên văn.")
    r.data = {
        "name": name,
        "field_name": field_name,
        "levels": levels,
        "resolving_agency": agency,
        "resolving_agency_kind": kind,
        "resolving_agency_text": agency_text,
        "time_amount": t.amount,
        "time_unit": t.unit,
        "time_text": time_text,
        "fees_text": fees_text,
        "fee_amount": fee.amount,
        "online_level": online.level,
        "legacy_online_level": online.legacy,
        "result": _cell(row, cols, "result"),
    }
    old = existing.get(code)
    if old is not None and old.status == ProcedureStatus.ABOLISHED:
        r.errors.append(f"Thủ tục {code} đã bị bãi bỏ; không nhập lại được.")
        return r
    if old is None:
        r.action = "new"
    elif _same(old, r.data):
        r.action = "same"
    else:
        r.action = "update"
    return r


def _same(p: Procedure, data: dict[str, Any]) -> bool:
    def dec(v):
        return None if v is None else Decimal(v).normalize()

    return (
        p.name == data["name"]
        and fold(p.field.name) == fold(data["field_name"])
        and list(p.levels) == data["levels"]
        and p.resolving_agency_id
        == (data["resolving_agency"].pk if data["resolving_agency"] else None)
        and p.resolving_agency_kind == data["resolving_agency_kind"]
        and p.resolving_agency_text == data["resolving_agency_text"]
        and dec(p.time_amount) == dec(data["time_amount"])
        and p.time_unit == data["time_unit"]
        and p.time_text == data["time_text"]
        and p.fees_text == data["fees_text"]
        and dec(p.fee_amount) == dec(data["fee_amount"])
        and p.online_level == data["online_level"]
        and p.legacy_online_level == data["legacy_online_level"]
        and p.result == data["result"]
    )


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def commit_catalogue(preview: CatalogueImport, *, actor: User | None) -> ImportResult:
    """Write the previewed rows, all or nothing."""
    from . import services

    if not preview.ok:
        raise DomainError(
            "Tệp còn lỗi, chưa nhập gì: " + "; ".join([*preview.errors, *preview.row_errors][:10])
        )
    if actor is not None:
        rights.require_manage(actor, "Bạn không có quyền nhập danh mục thủ tục.")
    result = ImportResult()
    reason = f"Nhập từ tệp {preview.filename}"
    for r in preview.rows:
        if r.action == "same":
            result.unchanged += 1
            continue
        data = dict(r.data)
        data["field"] = services.field_get_or_create(name=data.pop("field_name"))
        current = Procedure.objects.filter(code=r.code, is_current=True).first()
        try:
            if current is None:
                services.procedure_create(
                    actor=actor,
                    code=r.code,
                    status=ProcedureStatus.ACTIVE,
                    reason=reason,
                    **data,
                )
                result.created += 1
            else:
                services.procedure_update(actor=actor, procedure=current, reason=reason, **data)
                result.updated += 1
        except DomainError as exc:
            raise DomainError(f"Dòng {r.line} ({r.code}): {exc.message} Chưa nhập gì.") from exc
    return result


# -- as a background import (cchc.core.imports) --------------------------------------------------


def preview_json(preview: CatalogueImport) -> dict[str, Any]:
    """What the job page shows; JSON, so a preview read by the worker waits in the database."""
    return {
        "header_line": preview.header_line,
        "errors": [*preview.errors, *preview.row_errors],
        "confirmable": preview.ok,
        "new": preview.count("new"),
        "update": preview.count("update"),
        "same": preview.count("same"),
        "review": len(preview.review),
        "rows": [
            {
                "line": r.line,
                "code": r.code,
                "name": r.name,
                "time_text": r.data.get("time_text", ""),
                "action": "error" if r.errors else r.action,
                "warnings": r.warnings,
            }
            for r in preview.rows
        ],
    }


def job_read(job: Any, upload: files.Upload, progress: Progress) -> dict[str, Any]:
    rights.require_manage(job.created_by, "Bạn không có quyền nhập danh mục thủ tục.")
    return preview_json(read_catalogue(upload, progress=progress))


def job_confirm(job: Any, upload: files.Upload, progress: Progress, actor: Any) -> dict[str, Any]:
    """The rows are read again, so what changed since the preview (a code added by someone
    else) is checked again; then written in one transaction."""
    from django.urls import reverse

    result = commit_catalogue(read_catalogue(upload, progress=progress), actor=actor)
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "url": reverse("procedures:index"),
    }
