"""Reading a question bank from XLSX into a preview (no writes).

One sheet, a header row naming the columns (any order, any case, with or without
diacritics): "Chủ đề", "Câu hỏi", "A" … "F" (or "Phương án A" …), "Đáp án". Every error names
its spreadsheet line, in Vietnamese; the bank is imported only when there is none (the
importer in ``cchc.procedures.importer`` works the same way). The workbook is opened
read-only with a size and a row limit, so an upload cannot exhaust the server.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO, Any

from cchc.core.errors import DomainError
from cchc.core.text import fold, format_int

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 3000
MAX_HEADER_SCAN = 20
LETTERS = "ABCDEF"


def _header_key(value: Any) -> str | None:
    h = re.sub(r"[\s:*.]+", " ", fold(str(value or ""))).strip()
    if h in ("chu de", "linh vuc", "nhom"):
        return "topic"
    if h in ("cau hoi", "noi dung cau hoi", "noi dung"):
        return "text"
    if h in ("dap an", "dap an dung"):
        return "answer"
    m = re.fullmatch(r"(?:phuong an |lua chon )?([a-f])", h)
    if m:
        return "opt_" + m.group(1).upper()
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def read_bank(file: IO[bytes], *, size: int | None = None) -> dict[str, Any]:
    """``{"questions": [{line, topic, text, options, answer}], "errors": ["Dòng 5: …"],
    "topics": {name: count}}``. Raises DomainError when the file cannot be read at all."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if size is not None and size > MAX_BYTES:
        raise DomainError("Tệp quá lớn: ngân hàng câu hỏi tối đa 5 MB.")
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DomainError(
            "Tệp không đọc được: không phải tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng."
        ) from exc
    questions: list[dict[str, Any]] = []
    errors: list[str] = []
    try:
        ws = wb.worksheets[0]
        header_line, cols = 0, {}
        for i, row in enumerate(ws.iter_rows(max_row=MAX_HEADER_SCAN, values_only=True), 1):
            found = {}
            for j, cell in enumerate(row):
                key = _header_key(cell)
                if key and key not in found:
                    found[key] = j
            if "text" in found and "answer" in found:
                header_line, cols = i, found
                break
        options = [k for k in (f"opt_{c}" for c in LETTERS) if k in cols]
        missing = [
            label
            for key, label in (("topic", "Chủ đề"), ("text", "Câu hỏi"), ("answer", "Đáp án"))
            if key not in cols
        ]
        if not header_line or missing or len(options) < 2:
            raise DomainError(
                "Không tìm thấy dòng tiêu đề của ngân hàng câu hỏi: cần các cột «Chủ đề», "
                "«Câu hỏi», ít nhất hai phương án «A», «B» và «Đáp án»."
            )
        seen: dict[str, int] = {}
        count = 0
        for line, row in enumerate(
            ws.iter_rows(min_row=header_line + 1, values_only=True), start=header_line + 1
        ):
            if not any(c not in (None, "") for c in row):
                continue
            count += 1
            if count > MAX_ROWS:
                raise DomainError(
                    f"Tệp có quá nhiều dòng: tối đa {format_int(MAX_ROWS)} câu hỏi mỗi lần nhập."
                )

            def cell(key: str, row: tuple = row) -> str:
                j = cols.get(key)
                return _text(row[j]) if j is not None and j < len(row) else ""

            topic, text, answer = cell("topic"), cell("text"), cell("answer").upper()
            opts = [(k[-1], cell(k)) for k in options]
            filled = [(letter, o) for letter, o in opts if o]
            row_errors = []
            if not topic:
                row_errors.append("thiếu chủ đề.")
            if not text:
                row_errors.append("thiếu nội dung câu hỏi.")
            if len(filled) < 2:
                row_errors.append("cần ít nhất hai phương án trả lời.")
            if [letter for letter, _o in filled] != [letter for letter, _o in opts][: len(filled)]:
                row_errors.append("các phương án phải liền nhau, bắt đầu từ A.")
            if not answer:
                row_errors.append("thiếu đáp án đúng.")
            elif answer not in [letter for letter, _o in filled]:
                row_errors.append(
                    f"đáp án «{answer}» không phải một phương án đã ghi "
                    f"({', '.join(letter for letter, _o in filled) or '—'})."
                )
            key = fold(text)
            if key and key in seen:
                row_errors.append(f"câu hỏi trùng với dòng {seen[key]}.")
            elif key:
                seen[key] = line
            errors.extend(f"Dòng {line}: {e}" for e in row_errors)
            if not row_errors:
                questions.append(
                    {
                        "line": line,
                        "topic": topic,
                        "text": text,
                        "options": [o for _l, o in filled],
                        "answer": LETTERS.index(answer),
                        "key": answer,
                    }
                )
    finally:
        wb.close()
    if not questions and not errors:
        errors.append("Tệp không có câu hỏi nào dưới dòng tiêu đề.")
    topics: dict[str, int] = {}
    for q in questions:
        topics[q["topic"]] = topics.get(q["topic"], 0) + 1
    return {"questions": questions, "errors": errors, "topics": topics}
