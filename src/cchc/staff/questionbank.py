"""Reading a question bank from XLSX or DOCX into a preview (no writes).

XLSX (and a table in DOCX): a header row naming the columns (any order, any case, with or
without diacritics): "Chủ đề", "Câu hỏi", "A" … "F" (or "Phương án A" …), "Đáp án".

DOCX paragraphs, the way banks are typed in Word::

    Chủ đề: Cơ chế một cửa
    Câu 1. Hồ sơ giải quyết quá hạn thì cơ quan phải làm gì?
    A. Không phải làm gì
    B. Gửi văn bản xin lỗi và hẹn lại ngày trả kết quả
    Đáp án: B

Every error names its place (spreadsheet line, table line or paragraph), in Vietnamese; the
bank is imported only when there is none (the importer in ``cchc.procedures.importer`` works
the same way). Workbooks are opened read-only, and both formats have size and row limits, so
an upload cannot exhaust the server.
"""

from __future__ import annotations

import re
from typing import IO, Any

from cchc.core import files
from cchc.core.errors import DomainError
from cchc.core.text import fold, format_int

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 3000
MAX_PARAGRAPHS = 30000
MAX_HEADER_SCAN = 20
LIMITS = files.Limits(max_bytes=MAX_BYTES, max_rows=MAX_PARAGRAPHS)
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


class _Bank:
    """Collects questions and errors; one check for every format."""

    def __init__(self, progress: Any = None) -> None:
        self.progress = progress  # a background import's ``cchc.core.imports.Progress``
        self.questions: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.seen: dict[str, str] = {}
        self.count = 0

    def add(
        self, place: str, line: int, topic: str, text: str, opts: list[tuple[str, str]], answer: str
    ) -> None:
        self.count += 1
        if self.progress is not None:
            self.progress.advance()
        if self.count > MAX_ROWS:
            raise DomainError(
                f"Tệp có quá nhiều câu hỏi: tối đa {format_int(MAX_ROWS)} câu hỏi mỗi lần nhập."
            )
        answer = answer.strip().upper().rstrip(".")
        filled = [(letter, o) for letter, o in opts if o]
        errors = []
        if not topic:
            errors.append("thiếu chủ đề.")
        if not text:
            errors.append("thiếu nội dung câu hỏi.")
        if len(filled) < 2:
            errors.append("cần ít nhất hai phương án trả lời.")
        if [letter for letter, _o in filled] != list(LETTERS[: len(filled)]):
            errors.append("các phương án phải liền nhau, bắt đầu từ A.")
        if not answer:
            errors.append("thiếu đáp án đúng.")
        elif answer not in [letter for letter, _o in filled]:
            errors.append(
                f"đáp án «{answer}» không phải một phương án đã ghi "
                f"({', '.join(letter for letter, _o in filled) or '—'})."
            )
        key = fold(text)
        if key and key in self.seen:
            errors.append(f"câu hỏi trùng với {self.seen[key].lower()}.")
        elif key:
            self.seen[key] = place
        self.errors.extend(f"{place}: {e}" for e in errors)
        if not errors:
            self.questions.append(
                {
                    "line": line,
                    "place": place,
                    "topic": topic,
                    "text": text,
                    "options": [o for _l, o in filled],
                    "answer": LETTERS.index(answer),
                    "key": answer,
                }
            )

    def result(self) -> dict[str, Any]:
        if not self.questions and not self.errors:
            self.errors.append("Tệp không có câu hỏi nào.")
        topics: dict[str, int] = {}
        for q in self.questions:
            topics[q["topic"]] = topics.get(q["topic"], 0) + 1
        return {"questions": self.questions, "errors": self.errors, "topics": topics}


def _read_rows(bank: _Bank, rows: Any, label: str) -> bool:
    """Rows of a grid (XLSX sheet or DOCX table); False when no header row was found."""
    header_line, cols = 0, {}
    options: list[str] = []
    for line, row in enumerate(rows, start=1):
        if not header_line:
            if line > MAX_HEADER_SCAN:
                return False
            found: dict[str, int] = {}
            for j, cell in enumerate(row):
                key = _header_key(cell)
                if key and key not in found:
                    found[key] = j
            if "text" in found and "answer" in found:
                header_line, cols = line, found
                options = [k for k in (f"opt_{c}" for c in LETTERS) if k in cols]
                missing = [
                    label_
                    for key, label_ in (("topic", "Chủ đề"), ("text", "Câu hỏi"))
                    if key not in cols
                ]
                if missing or len(options) < 2:
                    return False
            continue
        if not any(c not in (None, "") for c in row):
            continue

        def cell(key: str, row: Any = row, cols: dict[str, int] = cols) -> str:
            j = cols.get(key)
            return _text(row[j]) if j is not None and j < len(row) else ""

        bank.add(
            f"{label} {line}",
            line,
            cell("topic"),
            cell("text"),
            [(k[-1], cell(k)) for k in options],
            cell("answer"),
        )
    return bool(header_line)


NO_HEADER = (
    "Không tìm thấy dòng tiêu đề của ngân hàng câu hỏi: cần các cột «Chủ đề», «Câu hỏi», ít "
    "nhất hai phương án «A», «B» và «Đáp án»."
)


def read_xlsx(upload: files.Upload, progress: Any = None) -> dict[str, Any]:
    bank = _Bank(progress)
    with files.open_xlsx(upload) as book:
        if not book.sheets:
            raise DomainError(NO_HEADER)
        rows = (values for _line, values in book.sheets[0].rows())
        if not _read_rows(bank, rows, "Dòng"):
            raise DomainError(NO_HEADER)
    return bank.result()


_QUESTION = re.compile(r"^c[aâ]u\s*(?:h[oỏ]i\s*)?(\d+)\s*[.:)]\s*(.*)$", re.IGNORECASE)
_OPTION = re.compile(r"^([A-Fa-f])\s*[.)/:]\s*(.+)$")
_ANSWER = re.compile(r"^(?:đáp án(?: đúng)?|dap an)\s*[:.]?\s*(.*)$", re.IGNORECASE)
_TOPIC = re.compile(r"^(?:chủ đề|chu de|lĩnh vực)\s*[:.]\s*(.+)$", re.IGNORECASE)


def read_docx(upload: files.Upload, progress: Any = None) -> dict[str, Any]:
    document = files.open_docx(upload)
    bank = _Bank(progress)
    for t, table in enumerate(document.tables, start=1):
        if len(table.rows) > MAX_ROWS + MAX_HEADER_SCAN:
            raise DomainError(f"Bảng {t} quá lớn: tối đa {format_int(MAX_ROWS)} câu hỏi.")
        rows = ([c.text for c in row.cells] for row in table.rows)
        _read_rows(bank, rows, f"Bảng {t}, dòng")
    paragraphs = document.paragraphs
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise DomainError(f"Tài liệu quá dài: tối đa {format_int(MAX_PARAGRAPHS)} đoạn.")
    topic = ""
    current: dict[str, Any] | None = None

    def flush() -> None:
        if current is not None:
            bank.add(
                f"Đoạn {current['line']} (câu {current['number']})",
                current["line"],
                current["topic"],
                " ".join(current["text"]),
                current["options"],
                current["answer"],
            )

    for n, p in enumerate(paragraphs, start=1):
        text = " ".join(p.text.split())
        if not text:
            continue
        style = (p.style.name or "").lower() if p.style is not None else ""
        if m := _TOPIC.match(text):
            flush()
            current, topic = None, m.group(1).strip()
        elif style.startswith("heading") and not _QUESTION.match(text):
            flush()
            current, topic = None, text
        elif m := _QUESTION.match(text):
            flush()
            current = {
                "line": n,
                "number": m.group(1),
                "topic": topic,
                "text": [m.group(2).strip()],
                "options": [],
                "answer": "",
            }
        elif current is None:
            continue
        elif m := _ANSWER.match(text):
            current["answer"] = m.group(1)
        elif m := _OPTION.match(text):
            current["options"].append((m.group(1).upper(), m.group(2).strip()))
        elif not current["options"]:
            current["text"].append(text)  # a question over several paragraphs
    flush()
    if not bank.count:
        raise DomainError(
            "Không tìm thấy câu hỏi trong tài liệu: mỗi câu bắt đầu bằng «Câu 1.», các phương "
            "án «A.», «B.»…, rồi dòng «Đáp án: B»; hoặc một bảng có các cột «Chủ đề», «Câu "
            "hỏi», «A», «B»… và «Đáp án»."
        )
    return bank.result()


def read_bank(
    file: IO[bytes], *, filename: str = "", size: int | None = None, progress: Any = None
) -> dict[str, Any]:
    """``{"questions": [{line, place, topic, text, options, answer, key}], "errors": ["Dòng 5:
    …"], "topics": {name: count}}``. Raises DomainError when the file cannot be read at all."""
    if size is not None and size > MAX_BYTES:
        raise DomainError("Tệp quá lớn: ngân hàng câu hỏi tối đa 5 MB.")
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError("Tệp quá lớn: ngân hàng câu hỏi tối đa 5 MB.")
    # the one upload reader: type by name and content, zip-bomb guard, rows and time bounded
    upload = files.load_upload(data, filename, kinds=("xlsx", "docx"), limits=LIMITS)
    if upload.kind == "docx":
        return read_docx(upload, progress)
    return read_xlsx(upload, progress)
