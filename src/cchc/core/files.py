"""The one reader of files users upload and the one writer of files they download.

Why one module: a 1.7 KB workbook declaring the range ``A1:XFD1048576`` grew a worker to 14.5 GB
through ``load_workbook`` in normal mode, and an applicant named ``=HYPERLINK(…)`` became a live
formula in an export. Every importer reads through :func:`load_upload` + :func:`open_xlsx` /
:func:`open_docx` / :func:`read_csv` (whitelisted types, limits on size, rows, columns and wall
time, a zip-bomb guard before any XML is parsed, text normalised to NFC), and every exporter
writes text cells through :func:`xlsx_save` / :func:`xlsx_cell` / :func:`write_csv` (OWASP
"CSV injection": a text cell never becomes a formula).

The reader keeps the file in memory (at most ``Limits.max_bytes``), so there is no temporary
file to forget; an upload that must wait for a worker or a confirmation is kept by an import job
(:mod:`cchc.core.imports`), which removes it whatever happens.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from cchc.core.errors import DomainError

MB = 1024 * 1024


class FileRejected(DomainError):
    """An uploaded file that is not of an accepted type, too large, or hostile; nothing read."""

    def __init__(self, message: str, *, code: str = "file_rejected") -> None:
        super().__init__(message, code=code)


@dataclass(frozen=True)
class Limits:
    """What one upload may cost. The defaults fit a province's catalogue (about 2,000
    procedures) and a plan appendix (a few hundred tasks) with room to spare."""

    max_bytes: int = 10 * MB
    max_rows: int = 5000
    max_cols: int = 100
    max_seconds: float = 20.0
    # zip containers (XLSX, DOCX): declared sizes are checked before any member is parsed
    max_uncompressed: int = 80 * MB
    max_ratio: int = 200
    max_members: int = 2000
    max_merged: int = 20000


DEFAULT_LIMITS = Limits()

KIND_LABELS = {
    "xlsx": "tệp Excel (XLSX)",
    "docx": "tài liệu Word (DOCX)",
    "csv": "tệp CSV",
}
_EXTENSIONS = {"xlsx": (".xlsx", ".xlsm"), "docx": (".docx",), "csv": (".csv", ".txt")}
_OLD_OFFICE = {".xls": "xlsx", ".doc": "docx"}
#: Suffixes that say what a file is: one of them that is not accepted refuses the file; any other
#: name (".bin", none: a browser or a script that forgot it) lets the content decide.
_NAMED_TYPES = {
    *(e for exts in _EXTENSIONS.values() for e in exts),
    *_OLD_OFFICE,
    *[
        ".pdf",
        ".html",
        ".htm",
        ".xhtml",
        ".svg",
        ".xml",
        ".js",
        ".exe",
        ".zip",
        ".rar",
        ".7z",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".odt",
        ".ods",
        ".odp",
        ".rtf",
        ".ppt",
        ".pptx",
        ".json",
        ".sh",
        ".bat",
        ".msi",
        ".dll",
    ],
}


@dataclass
class Upload:
    """An accepted upload: its original name, its sniffed kind and its bytes."""

    name: str
    kind: str
    data: bytes
    limits: Limits = DEFAULT_LIMITS

    @property
    def what(self) -> str:
        return f"tệp «{self.name}»" if self.name else "tệp tải lên"


def nfc(text: str) -> str:
    """Vietnamese typed on macOS or copied from PDFs arrives decomposed (NFD): "ế" as e + two
    combining marks. Stored as is, it never matches the same word typed on Windows."""
    return unicodedata.normalize("NFC", text)


# -- accepting an upload ---------------------------------------------------------------------------


def _read_bounded(source: Any, limits: Limits) -> tuple[bytes, str]:
    """The bytes of a path, an uploaded file or a file object, refusing more than max_bytes
    without reading them all."""
    if isinstance(source, bytes):
        data, name = source, ""
    elif isinstance(source, str | Path):
        path = Path(source)
        name = path.name
        try:
            with path.open("rb") as fh:
                data = fh.read(limits.max_bytes + 1)
        except OSError as exc:
            raise FileRejected(f"Không mở được tệp «{name}»: {exc.strerror or exc}.") from exc
    else:
        name = Path(str(getattr(source, "name", "") or "")).name
        size = getattr(source, "size", None)
        if isinstance(size, int) and size > limits.max_bytes:
            data = b"x" * (limits.max_bytes + 1)
        else:
            if hasattr(source, "seek"):
                source.seek(0)
            data = source.read(limits.max_bytes + 1)
            if isinstance(data, str):
                data = data.encode()
    if len(data) > limits.max_bytes:
        raise FileRejected(
            f"Tệp «{name or 'tải lên'}» quá lớn: tối đa {limits.max_bytes // MB} MB.",
            code="file_too_large",
        )
    return data, name


def sniff(data: bytes) -> str:
    """The kind the content says, whatever the name says: "xlsx", "docx", "csv" or ""."""
    if data[:4] == b"PK\x03\x04":
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return ""
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return ""
    head = data[:4096]
    if b"\x00" in head:
        return ""
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a multibyte character cut at the end is fine
            return ""
        text = head[: exc.start].decode("utf-8-sig", errors="strict")
    if re.match(r"\s*<", text):  # HTML, SVG, XML
        return ""
    return "csv"


def load_upload(
    source: Any,
    filename: str = "",
    *,
    kinds: Sequence[str] = ("xlsx", "docx", "csv"),
    limits: Limits = DEFAULT_LIMITS,
) -> Upload:
    """Accept a file of one of ``kinds``: the name's extension and the sniffed content must
    agree, zip containers pass the bomb guard. Raises :class:`FileRejected` with a message for
    the person who uploaded it."""
    data, own_name = _read_bounded(source, limits)
    name = filename or own_name
    suffix = Path(name.lower()).suffix
    accepted = " hoặc ".join(KIND_LABELS[k] for k in kinds)
    if suffix in _OLD_OFFICE and _OLD_OFFICE[suffix] in kinds:
        new = _OLD_OFFICE[suffix]
        raise FileRejected(
            f"Tệp «{name}» là định dạng Office cũ: hãy mở bằng Word/Excel hoặc LibreOffice và "
            f"lưu lại dưới dạng .{new} rồi tải lên lại.",
            code="file_type",
        )
    by_name = next((k for k in kinds if suffix in _EXTENSIONS[k]), "")
    if suffix in _NAMED_TYPES and not by_name:
        raise FileRejected(
            f"Tệp «{name}» không phải {accepted} nên không được nhận.", code="file_type"
        )
    if not data:
        raise FileRejected(f"Tệp «{name or 'tải lên'}» rỗng.", code="file_empty")
    kind = sniff(data)
    if kind not in kinds or (by_name and kind != by_name):
        raise FileRejected(
            f"Nội dung tệp «{name or 'tải lên'}» không phải {KIND_LABELS.get(by_name, accepted)}"
            f" (tệp hỏng hoặc đổi đuôi).",
            code="file_type",
        )
    upload = Upload(name=name, kind=kind, data=data, limits=limits)
    if kind in ("xlsx", "docx"):
        check_zip(upload)
    return upload


def check_zip(upload: Upload) -> None:
    """A zip bomb expands a few kilobytes into gigabytes of XML. The declared sizes bound what
    ``zipfile`` will ever read, so checking them before parsing is enough."""
    limits = upload.limits
    try:
        infos = zipfile.ZipFile(io.BytesIO(upload.data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FileRejected(
            f"{upload.what.capitalize()} bị hỏng (không mở được).", code="file_type"
        ) from exc
    if len(infos) > limits.max_members:
        raise FileRejected(f"{upload.what.capitalize()} có quá nhiều thành phần.", code="zip_bomb")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > limits.max_uncompressed or (info.file_size > MB and ratio > limits.max_ratio):
            raise FileRejected(
                f"{upload.what.capitalize()} giải nén ra quá lớn (tệp nén bất thường, có thể là "
                f"tệp độc hại): tối đa {limits.max_uncompressed // MB} MB sau giải nén.",
                code="zip_bomb",
            )


# -- reading ---------------------------------------------------------------------------------------


class _Clock:
    def __init__(self, upload: Upload) -> None:
        self.upload = upload
        self.deadline = time.monotonic() + upload.limits.max_seconds

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise FileRejected(
                f"Đọc {self.upload.what} quá {self.upload.limits.max_seconds:g} giây: tệp quá "
                "lớn hoặc quá phức tạp; hãy chia nhỏ tệp.",
                code="file_too_slow",
            )


def _too_many_rows(upload: Upload, where: str) -> FileRejected:
    return FileRejected(
        f"{upload.what.capitalize()} có quá nhiều dòng ({where}): tối đa "
        f"{upload.limits.max_rows:,} dòng; hãy chia nhỏ tệp.".replace(",", "."),
        code="too_many_rows",
    )


def _too_many_cols(upload: Upload, where: str) -> FileRejected:
    return FileRejected(
        f"{upload.what.capitalize()} có quá nhiều cột ({where}): tối đa "
        f"{upload.limits.max_cols} cột.",
        code="too_many_cols",
    )


def _clean(value: Any) -> Any:
    return nfc(value) if isinstance(value, str) else value


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3}[0-9]{1,7}:[A-Z]{1,3}[0-9]{1,7})"')


@dataclass
class XlsxSheet:
    title: str
    _book: XlsxBook
    _ws: Any

    @property
    def declared_rows(self) -> int | None:
        """The rows the sheet says it holds, capped by the limit: an estimate for a progress
        bar only (a dimension bomb lies about it), never a bound on what is read."""
        try:
            declared = self._ws.max_row
        except Exception:  # noqa: BLE001 - a missing or broken dimension is "unknown"
            return None
        if not isinstance(declared, int) or declared < 1:
            return None
        return min(declared, self._book.upload.limits.max_rows)

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """``(line, values)`` with trailing empty cells dropped, strings in NFC. The declared
        dimension is ignored (it is what the dimension bomb lies about): rows are streamed as
        they are in the file and counted against the limits."""
        upload, clock = self._book.upload, self._book.clock
        limits = upload.limits
        self._ws.reset_dimensions()
        for line, values in enumerate(self._ws.iter_rows(values_only=True), start=1):
            if line > limits.max_rows:
                raise _too_many_rows(upload, f"trang «{self.title}»")
            if line % 64 == 0:
                clock.tick()
            end = len(values)
            while end and values[end - 1] in (None, ""):
                end -= 1
            if end > limits.max_cols:
                raise _too_many_cols(upload, f"trang «{self.title}», dòng {line}")
            yield line, tuple(_clean(v) for v in values[:end])

    def merged_ranges(self) -> list[tuple[int, int, int, int]]:
        """``(min_row, min_col, max_row, max_col)`` of the merged ranges, read by scanning the
        sheet's XML (read-only mode does not parse them), clipped to the limits."""
        from openpyxl.utils.cell import range_boundaries

        upload, limits = self._book.upload, self._book.upload.limits
        found: set[tuple[int, int, int, int]] = set()

        def add(ref: bytes) -> None:
            min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
            found.add(
                (min_row, min_col, min(max_row, limits.max_rows), min(max_col, limits.max_cols))
            )
            if len(found) > limits.max_merged:
                raise FileRejected(
                    f"{upload.what.capitalize()} có quá nhiều ô gộp.", code="too_many_merged"
                )

        archive = self._book.workbook._archive
        with archive.open(self._ws._worksheet_path) as src:
            tail = b""
            while chunk := src.read(MB):
                self._book.clock.tick()
                buf = tail + chunk
                cut = max(len(buf) - 200, 0)  # a match starting before cut ends inside buf
                for m in _MERGE_RE.finditer(buf):
                    if m.start() < cut:
                        add(m.group(1))
                tail = buf[cut:]
            for m in _MERGE_RE.finditer(tail):
                add(m.group(1))
        return sorted(set(found))


@dataclass
class XlsxBook:
    upload: Upload
    workbook: Any
    clock: _Clock
    sheets: list[XlsxSheet] = field(default_factory=list)


@contextmanager
def open_xlsx(upload: Upload) -> Iterator[XlsxBook]:
    """The workbook in openpyxl's read-only (streaming) mode, with computed values only."""
    from openpyxl import load_workbook

    if upload.kind != "xlsx":
        raise FileRejected(f"{upload.what.capitalize()} không phải {KIND_LABELS['xlsx']}.")
    clock = _Clock(upload)
    try:
        wb = load_workbook(io.BytesIO(upload.data), read_only=True, data_only=True)
    except FileRejected:
        raise
    except Exception as exc:  # openpyxl raises anything on a damaged file; the user gets words
        raise FileRejected(
            f"Không đọc được {upload.what} như {KIND_LABELS['xlsx']}: tệp hỏng ({type(exc).__name__})."
        ) from exc
    try:
        book = XlsxBook(upload=upload, workbook=wb, clock=clock)
        book.sheets = [
            XlsxSheet(title=nfc(ws.title), _book=book, _ws=ws)
            for ws in wb.worksheets
            if hasattr(ws, "_worksheet_path")  # chartsheets have no rows
        ]
        yield book
    finally:
        wb.close()


def open_docx(upload: Upload) -> Any:
    """The python-docx ``Document``, after the zip guard, with its tables checked against the
    row and column limits (a ``gridSpan`` of a million would otherwise make a million cells)."""
    import docx
    from docx.oxml.ns import qn

    if upload.kind != "docx":
        raise FileRejected(f"{upload.what.capitalize()} không phải {KIND_LABELS['docx']}.")
    clock = _Clock(upload)
    try:
        document = docx.Document(io.BytesIO(upload.data))
    except Exception as exc:  # python-docx raises anything on a damaged file
        raise FileRejected(
            f"Không đọc được {upload.what} như {KIND_LABELS['docx']}: tệp hỏng ({type(exc).__name__})."
        ) from exc
    limits = upload.limits
    rows = 0
    for t_index, tbl in enumerate(document.element.body.iter(qn("w:tbl")), start=1):
        for r_index, tr in enumerate(tbl.iterchildren(qn("w:tr")), start=1):
            rows += 1
            if rows > limits.max_rows:
                raise _too_many_rows(upload, f"bảng {t_index}")
            if rows % 64 == 0:
                clock.tick()
            width = 0
            tr_pr = tr.find(qn("w:trPr"))
            if tr_pr is not None:
                for tag in ("w:gridBefore", "w:gridAfter"):
                    el = tr_pr.find(qn(tag))
                    if el is not None:
                        width += _int_attr(el.get(qn("w:val")))
            for tc in tr.iterchildren(qn("w:tc")):
                span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                width += _int_attr(span.get(qn("w:val"))) if span is not None else 1
            if width > limits.max_cols:
                raise _too_many_cols(upload, f"bảng {t_index}, dòng {r_index}")
    return document


def _int_attr(value: str | None) -> int:
    try:
        return max(int(value or "1"), 1)
    except ValueError:
        return 1


def read_csv(upload: Upload) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` of a CSV in UTF-8 (with or without BOM), separated by ``;`` (what
    Excel writes with Vietnamese settings), ``,`` or tab, whichever the first line uses most."""
    if upload.kind != "csv":
        raise FileRejected(f"{upload.what.capitalize()} không phải {KIND_LABELS['csv']}.")
    try:
        text = upload.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRejected(
            f"{upload.what.capitalize()} không phải văn bản UTF-8: hãy lưu lại bằng "
            "«CSV UTF-8» trong Excel.",
            code="file_encoding",
        ) from exc
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    clock = _Clock(upload)
    limits = upload.limits
    csv.field_size_limit(limits.max_bytes)
    reader = csv.reader(io.StringIO(nfc(text), newline=""), delimiter=delimiter)
    try:
        for line, cells in enumerate(reader, start=1):
            if line > limits.max_rows:
                raise _too_many_rows(upload, "CSV")
            if line % 64 == 0:
                clock.tick()
            if len(cells) > limits.max_cols:
                raise _too_many_cols(upload, f"dòng {line}")
            yield line, cells
    except csv.Error as exc:
        raise FileRejected(f"{upload.what.capitalize()} sai định dạng CSV: {exc}.") from exc


# -- writing ---------------------------------------------------------------------------------------

#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def formula_safe(text: str) -> str:
    """The text as it must appear in a CSV cell: a leading apostrophe when a spreadsheet would
    otherwise evaluate it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _as_plain_string(cell: Any) -> Any:
    if isinstance(cell.value, str):
        cell.data_type = "s"  # openpyxl makes every "=..." string a formula; this keeps it text
    return cell


def xlsx_cell(ws: Any, value: Any, **style: Any) -> Any:
    """A cell for a write-only sheet: text stays text (stored as a string, never a formula)."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = _xlsx_text(value)
    cell = WriteOnlyCell(ws, value=value)
    for key, val in style.items():
        setattr(cell, key, val)
    return _as_plain_string(cell)


def xlsx_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    """A row for ``ws.append`` on a write-only sheet, cheap enough for 100,000 rows: plain
    values stay plain, only a text a spreadsheet would evaluate becomes a string-typed cell."""
    out: list[Any] = []
    for value in values:
        if isinstance(value, str):
            value = _xlsx_text(value)
            if value.startswith("="):
                from openpyxl.cell import WriteOnlyCell

                value = _as_plain_string(WriteOnlyCell(ws, value=value))
        out.append(value)
    return out


_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_text(text: str) -> str:
    return _ILLEGAL_XLSX.sub("", nfc(text))


def xlsx_save(workbook: Any, out: IO[bytes] | str | Path) -> None:
    """Save a (normal-mode) workbook after making every text cell a plain string: whatever a
    person typed (an applicant's name, a task, an agency), nothing in our exports is a formula."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = _xlsx_text(cell.value)
                    _as_plain_string(cell)
    workbook.save(out)


def write_xlsx(
    out: IO[bytes] | str | Path,
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
) -> None:
    """A plain workbook, one sheet per ``(title, header, rows)``, header in bold, streamed."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title=_xlsx_text(title)[:31] or "Sheet")
        ws.append([xlsx_cell(ws, h, font=bold) for h in header])
        for row in rows:
            ws.append([xlsx_cell(ws, v) for v in row])
    wb.save(out)


def csv_value(value: Any) -> str:
    """How a value reads in a Vietnamese spreadsheet: dates dd/mm/yyyy, decimal comma, no
    thousands separator (so it stays a number), text formula-safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return formula_safe(nfc(str(value)))


def write_csv(out: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """CSV as Excel opens it in Vietnam: UTF-8 with BOM, ``;`` between cells, decimal comma."""
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_value(h) for h in header])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])


# -- attachments (evidence, report annexes): accepted by name and content, served as downloads ----

#: The only files people may attach, with the type they are served as. No HTML, SVG or XML: a
#: browser would run their scripts on our origin.
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc/.xls
_MAGIC = {
    ".pdf": (b"%PDF",),
    ".doc": (_OLE,),
    ".xls": (_OLE,),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
MAX_ATTACHMENT_BYTES = 20 * MB


def check_attachment(upload: Any, *, max_bytes: int = MAX_ATTACHMENT_BYTES) -> str:
    """The clean file name of an acceptable attachment: its extension is whitelisted and its
    first bytes are that type's (an HTML page renamed ``.pdf`` is refused). Raises FileRejected."""
    name = Path(str(getattr(upload, "name", "") or "tep")).name[:200]
    suffix = Path(name.lower()).suffix
    if suffix not in ATTACHMENT_TYPES:
        raise FileRejected(
            f"Chỉ nhận tệp PDF, Word, Excel, OpenDocument, JPG hoặc PNG: tệp «{name}» không được "
            "nhận.",
            code="file_type",
        )
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise FileRejected(
            f"Tệp «{name}» quá lớn: tối đa {max_bytes // MB} MB.", code="file_too_large"
        )
    if not size:
        raise FileRejected(f"Tệp «{name}» rỗng.", code="file_empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if isinstance(head, str):
        head = head.encode()
    if not head.startswith(_MAGIC[suffix]):
        raise FileRejected(
            f"Nội dung tệp «{name}» không đúng định dạng {suffix} (tệp hỏng hoặc đổi đuôi).",
            code="file_type",
        )
    return name


def serve_attachment(field_file: Any, filename: str) -> Any:
    """The response for a stored upload, always after the caller checked the right: a download
    (never rendered inline), a whitelisted type, ``nosniff`` and a sandbox. With
    ``FILES_ACCEL_REDIRECT`` set (production behind nginx), the proxy sends the bytes from an
    ``internal`` location and the worker is free at once."""
    from urllib.parse import quote

    from django.conf import settings
    from django.http import FileResponse, Http404, HttpResponse
    from django.utils.http import content_disposition_header

    suffix = Path(filename.lower()).suffix
    content_type = ATTACHMENT_TYPES.get(suffix, "application/octet-stream")
    prefix = getattr(settings, "FILES_ACCEL_REDIRECT", "")
    response: HttpResponse | FileResponse
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name)
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        try:
            handle = field_file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle, as_attachment=True, filename=filename, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
