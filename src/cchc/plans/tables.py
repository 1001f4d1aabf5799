"""Reading the task tables of reform-plan appendices from DOCX and XLSX. Pure: no ORM.

Provinces lay the appendix out in several ways, and a reader tuned to one breaks on the next:

* Quảng Nam 2021 (seed 002): ``TT | Nội dung, nhiệm vụ | Sản phẩm | Thời gian hoàn thành | Cơ
  quan chủ trì thực hiện | Cơ quan phối hợp thực hiện``; areas are rows with a roman number
  (``I``) whose title spans the table; a numbered row with nothing but a title (``10 Công tác
  tuyên truyền``) heads lettered tasks (``a)``, ``b)``); the header row repeats on every page
  and a row broken by a page continues in a row with no number.
* Sóc Trăng 2022 (seed 001): ``Nhiệm vụ chung | Nhiệm vụ cụ thể | Sản phẩm | Cơ quan chủ trì |
  Cơ quan phối hợp | Thời gian thực hiện``; the area is a first column merged down its tasks,
  the number is written inside the task text (``1. Xây dựng ...``) and a sub-row (``- Kế hoạch
  theo dõi ...``) shares the merged products and agencies of the row above.

So columns are found by the words of the header row (not by position), sections come either
from section rows or from a section column, merged cells (DOCX spans, XLSX merged ranges) give
their top-left value to every cell they cover, and the rest of the document (letterheads, the
signature block) is skipped because it has no such header.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from cchc.core import files
from cchc.core.text import fold

logger = logging.getLogger(__name__)


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
    """A file that is not a plan table; ``message`` says what and where, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------------------------
# A table as a grid of cell texts, whatever the file format.


@dataclass
class _Grid:
    name: str  # "Bảng 2" / "Sheet1"
    rows: list[list[str]]
    spans: list[list[int]]  # per cell: an id shared by the cells of one horizontal merge
    sources: list[str]


_ROLE_ORDER = ("number", "section", "title", "products", "lead", "coordinators", "deadline")


def _role(header: str) -> str:
    f = fold(header).strip(" .:")
    if not f or len(f) > 80:
        return ""
    if re.search(r"hinh thuc (?:van ban|san pham)", f):
        return "products"
    if "chi tieu" in f and "san pham" not in f:
        return ""  # a targets table ("Nội dung chỉ tiêu"), not a task table
    if re.search(r"ghi chu|kinh phi|du toan|nguon von|cap trinh|cap ban hanh", f):
        return "ignore"
    if "phoi hop" in f:
        return "coordinators"
    if re.fullmatch(r"(?:thoi gian |ngay )?bat dau|tu ngay", f):
        return "ignore"  # the start column of "Thời gian: bắt đầu | hoàn thành"
    if re.search(
        r"thoi gian|thoi han|tien do|hoan thanh|ket thuc|moc|den ngay|han\b", f
    ) and not re.search(r"chu tri|co quan|don vi", f):
        return "deadline"
    if "chu tri" in f:
        return "lead"
    if re.search(r"san pham|ket qua", f):
        return "products"
    if re.search(r"thuc hien|don vi|co quan|trach nhiem|phan cong", f) and "noi dung" not in f:
        return "lead_weak"
    if re.fullmatch(
        r"(?:cac )?(?:linh vuc(?: cai cach)?|nhiem vu chung|nhom nhiem vu|noi dung chung)", f
    ):
        return "section"
    if re.search(r"noi dung|nhiem vu|cong viec|hoat dong|giai phap|de an|\bten\b", f):
        return "title"
    if re.fullmatch(r"(?:s\.?\s*)?t\.?\s*t|so thu tu|thu tu|so tt|so", f):
        return "number"
    return ""


def _header_roles(row: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    titles: list[int] = []
    for i, text in enumerate(row):
        r = _role(text)
        if r == "title" and i not in titles and (not titles or row[i] != row[titles[-1]]):
            titles.append(i)
        if r and r not in roles:
            roles[r] = i
    # "Nội dung | Nhiệm vụ cụ thể": the specific column holds the task, the other the area.
    specific = [i for i in titles if re.search(r"cu the|chi tiet", fold(row[i]))]
    if len(titles) > 1 and specific:
        roles["title"] = specific[0]
        roles.setdefault("section", next(i for i in titles if i != specific[0]))
    # "Cơ quan thực hiện" is the lead column unless another column says "chủ trì".
    weak = roles.pop("lead_weak", None)
    if weak is not None and "lead" not in roles:
        roles["lead"] = weak
    roles.pop("ignore", None)
    return roles


def _is_header(row: list[str]) -> bool:
    # Header cells are short labels; a task row mentioning "nhiệm vụ" and "kết quả" is not one.
    if any(len(c) > 60 for c in row) or any(re.search(r"\d{1,2}/\d{2,4}", c) for c in row):
        return False
    roles = _header_roles(row)
    return "title" in roles and len(roles) >= 3 and ("lead" in roles or "deadline" in roles)


_COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?\.?")


def _is_column_numbers(row: list[str]) -> bool:
    cells = [c for c in row if c]
    return len(cells) >= 3 and all(_COLUMN_NUMBER.fullmatch(c) for c in cells)


def _combine_header(top: list[str], below: list[str]) -> dict[str, int] | None:
    """A second header row ("Chủ trì" | "Phối hợp" under "Cơ quan thực hiện")."""
    labels = [c for c in below if c.strip()]
    if not labels or not all(_role(c) for c in labels) or any(len(c) > 60 for c in labels):
        return None
    combined = [b if _role(b) else t for t, b in zip(top, below, strict=False)]
    roles = _header_roles(combined)
    return roles if len(roles) >= len(_header_roles(top)) else None


# --------------------------------------------------------------------------------------------
# Numbers, bullets and lists in cells.

_ROMAN_RE = re.compile(r"(?:PHẦN\s+|Phần\s+)?([IVXLC]+|[A-Z])[.)]?")
_NUMBER_PREFIX = re.compile(
    r"((?:\d+(?:\.\d+)*|[a-zđ]|[IVXLC]+|[A-Z])[.)]|\d+(?:\.\d+)+|\d+|[-+•*–])\s+(?=\S)"
)
_BULLET = re.compile(r"^\s*[-+•*–·]\s*")


def _split_number(text: str) -> tuple[str, str]:
    m = _NUMBER_PREFIX.match(text)
    # A bare "1 Xây dựng" is a number only before a capital: "02 đơn vị ..." is a quantity.
    if m and (not m.group(1).isdigit() or text[m.end()].isupper()):
        return m.group(1), text[m.end() :].strip()
    return "", text.strip()


def _is_section_number(number: str) -> bool:
    return bool(_ROMAN_RE.fullmatch(number.strip()))


def _is_caps(text: str) -> bool:
    """ "CẢI CÁCH THỂ CHẾ": an area heading whatever its number."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _is_child_number(number: str, parent: str) -> bool:
    n = number.strip()
    if re.fullmatch(r"[a-zđ][.)]?|[-+•*–]", n):
        return True
    p = parent.strip().rstrip(".)")
    return bool(p) and n.startswith(p + ".") and len(n.rstrip(".)")) > len(p) + 1


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _split_products(text: str) -> list[str]:
    items: list[str] = []
    for para in _paragraphs(text):
        bulleted = bool(_BULLET.match(para))
        para = _BULLET.sub("", para)
        # A cell flattened to one line: "- Kế hoạch - Báo cáo kết quả".
        parts = _split_flat_bullets(para) if bulleted else [para]
        for part in parts:
            for piece in part.split(";"):
                piece = piece.strip(" ,;\t")
                if piece:
                    items.append(piece)
    return items


def _split_flat_bullets(para: str) -> list[str]:
    """ "Kế hoạch - Báo cáo kết quả" → two items; "kinh tế - xã hội" stays one (lower case)."""
    parts: list[str] = []
    for piece in re.split(r"\s+[-+•–]\s+", para):
        if parts and not piece[:1].isupper():
            parts[-1] = f"{parts[-1]} - {piece}"
        else:
            parts.append(piece)
    return parts


# Names of departments with a comma inside: protected from the comma split.
_COMMA_NAMES = (
    "Lao động, Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hoá, Thể thao và Du lịch",
)
_GROUP_WORDS = {
    "ban",
    "nganh",
    "so",
    "huyen",
    "thi",
    "xa",
    "thanh",
    "pho",
    "phuong",
    "tran",
    "quan",
    "don",
    "vi",
    "dia",
    "co",
    "doan",
    "the",
    "hoi",
    "cac",
    "tinh",
    "cap",
    "va",
}
_HEAD = re.compile(
    r"(?:các|những|sở|ubnd|ủy ban|uỷ ban|văn phòng|vp|công an|bưu điện|báo|đài|ban|trung tâm|"
    r"hội|liên|cục|chi cục|kho bạc|bảo hiểm|bhxh|ngân hàng|viện|trường|bệnh viện|đoàn|mặt trận|"
    r"thanh tra|tòa án|viện kiểm sát|hđnd|hội đồng|tỉnh|thành|huyện|phòng|bộ|đơn vị|cơ quan)\b",
    re.IGNORECASE,
)


def split_agencies(cell: str) -> list[str]:
    """Agency mentions of a lead/coordinator cell, as written (roles in brackets kept)."""
    text = unicodedata.normalize("NFC", cell or "")
    for i, name in enumerate(_COMMA_NAMES):
        text = re.sub(re.escape(name), f"\x00{i}\x00", text, flags=re.IGNORECASE)
    # A cell flattened from two paragraphs: "... cấp xã Các đơn vị sự nghiệp".
    text = re.sub(r"(?<=[a-zà-ỹđ])\s+(?=Các\s)", "\n", text)
    chunks: list[str] = []
    for para in re.split(r"[\n;]", text):
        para = _BULLET.sub("", para).strip(" .,;")
        if not para:
            continue
        for piece in re.split(r"\s+phối hợp với\s+|\s+[-–]\s+(?=" + _AGENCY_WORD + ")", para):
            chunks.extend(_split_and(piece))
    out: list[str] = []
    for chunk in chunks:
        out.extend(_split_commas(chunk))
    restored = []
    for item in out:
        for i, name in enumerate(_COMMA_NAMES):
            item = item.replace(f"\x00{i}\x00", name)
        item = item.strip(" .,;:-")
        if item:
            restored.append(item)
    return restored


# Words that start an agency's name: "Sở Nội vụ - Sở Tài chính" is two agencies, "Sở Lao động
# - Thương binh và Xã hội" is one.
_AGENCY_WORD = (
    r"(?:Sở|UBND|Ủy ban|Uỷ ban|Văn phòng|Công an|Ban|Trung tâm|Cục|Chi cục|Kho bạc|Bảo hiểm|"
    r"Thanh tra|Báo|Đài|Bưu điện|Các|các)\b"
)


def _split_and(piece: str) -> list[str]:
    """Split on "và" only where a new agency starts ("Sở Nội vụ và các đơn vị ...").

    "Sở Thông tin và Truyền thông" never splits (no agency word after "và"), and "trực thuộc
    tỉnh ... và UBND cấp huyện" is one coordinated object, kept whole.
    """
    parts: list[str] = []
    rest = piece
    while True:
        m = re.search(r"\s+và\s+(?=" + _AGENCY_WORD + ")", rest)
        if not m or "truc thuoc" in fold(rest[: m.start()]):
            break
        parts.append(rest[: m.start()])
        rest = rest[m.end() :]
    parts.append(rest)
    return [p.strip() for p in parts if p.strip()]


def _split_commas(chunk: str) -> list[str]:
    colon = re.match(r"^(Các|các)?\s*(Sở|Ban|Phòng)\s*:\s*(.+)$", chunk)
    if colon:
        kind = colon.group(2)
        return [f"{kind} {p.strip()}" for p in colon.group(3).split(",") if p.strip()]
    items: list[str] = []
    for frag in chunk.split(","):
        frag = frag.strip()
        if not frag:
            continue
        words = fold(frag).split()
        only_group_words = set(words) <= _GROUP_WORDS
        starts_new = words[0] in ("cac", "nhung") or (
            (frag[:1].isupper() or bool(_HEAD.match(frag))) and not only_group_words
        )
        if items and re.match(r"cấp\s+\w+", frag) and " cấp " in f" {items[-1]} ":
            base = items[-1][: items[-1].rindex("cấp ")].rstrip()
            items.append(f"{base} {frag}")
        elif items and not starts_new:
            items[-1] = f"{items[-1]}, {frag}"
        else:
            items.append(frag)
    return items


_ROLE_LABEL = re.compile(r"(?:^|\n|;|\.)\s*[-+•]?\s*(chủ trì|phối hợp)\s*:\s*", re.IGNORECASE)
_COORD_ROLE = re.compile(r"\(\s*(?:cơ quan |đơn vị )?phối hợp\s*\)", re.IGNORECASE)


def _agencies(lead_cell: str, coord_cell: str) -> tuple[list[str], list[str]]:
    """Lead and coordinating agencies, also when one "Cơ quan thực hiện" column holds both
    ("Chủ trì: Sở Nội vụ; Phối hợp: Sở Tư pháp" or "Sở Tài chính (phối hợp)")."""
    lead_text, coord_text = lead_cell, coord_cell
    parts = _ROLE_LABEL.split(lead_cell)
    if len(parts) > 1:
        lead_text = parts[0]
        extra: list[str] = []
        for role, text in zip(parts[1::2], parts[2::2], strict=False):
            if fold(role) == "chu tri":
                lead_text = f"{lead_text}\n{text}"
            else:
                extra.append(text)
        coord_text = "\n".join([coord_cell, *extra])
    lead = split_agencies(lead_text)
    coordinators = split_agencies(coord_text)
    moved = [a for a in lead if _COORD_ROLE.search(a)]
    if moved and len(moved) < len(lead):
        lead = [a for a in lead if a not in moved]
        coordinators = coordinators + moved
    return lead, coordinators


# --------------------------------------------------------------------------------------------
# Grid → tasks.


@dataclass
class _Work:
    section: str
    number: str
    title: str
    products: str
    lead: str
    coordinators: str
    deadline: str
    source: str
    subsection: str = ""


@dataclass
class _State:
    table: PlanTable
    section: str = ""
    subsection: str = ""
    subsection_number: str = ""
    pending: _Work | None = None  # a numbered row with a title only: a heading or a bare task
    work: list[_Work] = field(default_factory=list)
    last_was_header: bool = False


def _add_section(state: _State, title: str) -> None:
    title = title.strip()
    _flush_pending(state, as_task=True)
    state.section = title
    state.subsection = state.subsection_number = ""
    if title and title not in state.table.sections:
        state.table.sections.append(title)


def _flush_pending(state: _State, *, as_task: bool) -> None:
    p = state.pending
    state.pending = None
    if p is None:
        return
    if as_task:
        state.table.warnings.append(f"{p.source}: nhiệm vụ «{p.number}» chưa có cơ quan chủ trì.")
        state.work.append(p)


def _cell(row: list[str], roles: dict[str, int], role: str) -> str:
    i = roles.get(role)
    return row[i].strip() if i is not None and i < len(row) else ""


def _read_rows(grid: _Grid, roles: dict[str, int], start: int, state: _State) -> None:
    for r in range(start, len(grid.rows)):
        row = grid.rows[r]
        source = grid.sources[r]
        if not any(row):
            continue
        if _is_header(row):
            state.last_was_header = True
            continue
        if _is_column_numbers(row):
            continue
        labels = [c for c in row if c.strip()]
        if state.last_was_header and all(_role(c) for c in labels) and len(labels) >= 2:
            continue  # the second line of a two-line header repeated on a new page
        state.last_was_header = False

        spans = grid.spans[r]
        title_col = roles.get("title", -1)
        values = {}
        for role in _ROLE_ORDER:
            col = roles.get(role, -1)
            spilled = (
                role not in ("title", "section")
                and 0 <= col < len(spans)
                and 0 <= title_col < len(spans)
                and spans[col] == spans[title_col]
            )
            values[role] = "" if spilled else _cell(row, roles, role)
        distinct = {c.strip() for c in row if c.strip()}
        merged_across = len(distinct) == 1 and len(set(spans)) < len(spans)

        if "section" in roles and values["section"]:
            sec_no, sec_title = _split_number(values["section"])
            sec = sec_title if _is_section_number(sec_no) else values["section"]
            if sec != state.section:
                _add_section(state, sec)

        number = values["number"]
        title = values["title"]
        if merged_across:
            title = next(iter(distinct))
            number = ""
        if not number or number == title:
            number, title = _split_number(title) if title else ("", "")
        elif re.match(re.escape(number.rstrip(".)")) + r"[.)]?\s", title):
            title = _split_number(title)[1]  # "1 | 1. Rà soát ...": the number typed twice
        payload = any(values[k] for k in ("products", "lead", "coordinators", "deadline"))
        if merged_across:
            payload = False

        if not payload and (
            _is_section_number(number) or (merged_across and not number) or _is_caps(title)
        ):
            _add_section(state, title or number)
            continue
        if not title and not payload:
            continue
        if not number and not values["lead"] and not values["deadline"]:
            target = state.pending or (state.work[-1] if state.work else None)
            if target is not None:
                _continue(target, title, values)
                continue
        if number and title and not payload:
            _flush_pending(state, as_task=True)
            state.pending = _Work(state.section, number, title, "", "", "", "", source)
            continue
        if state.pending is not None:
            if _is_child_number(number, state.pending.number):
                p = state.pending
                state.pending = None
                state.subsection = f"{p.number.rstrip('.)')}. {p.title}"
                state.subsection_number = p.number
            else:
                _flush_pending(state, as_task=True)
        elif state.subsection and not _is_child_number(number, state.subsection_number):
            state.subsection = state.subsection_number = ""
        work = _Work(
            state.section,
            number,
            title,
            values["products"],
            values["lead"],
            values["coordinators"],
            values["deadline"],
            source,
            state.subsection,
        )
        previous = state.work[-1] if state.work else None
        if not work.lead and re.fullmatch(r"[-+•*–]", number) and previous and previous.lead:
            # A "- ..." sub-row under a task: its agency cells were merged with the row above,
            # and a PDF-to-Word conversion leaves them empty.
            work.lead, work.coordinators = previous.lead, work.coordinators or previous.coordinators
            state.table.warnings.append(
                f"{source}: dòng «{number} {title[:40]}» lấy cơ quan chủ trì, phối hợp của dòng trên."
            )
        if not work.lead:
            state.table.warnings.append(f"{source}: nhiệm vụ «{number}» chưa có cơ quan chủ trì.")
        state.work.append(work)


def _continue(target: _Work, title: str, values: dict[str, str]) -> None:
    """A row broken by a page: its text continues the previous row's cells."""

    def join(a: str, b: str) -> str:
        return f"{a} {b}".strip() if a and b else (a or b)

    target.title = join(target.title, title)
    target.products = join(target.products, values["products"])
    target.coordinators = join(target.coordinators, values["coordinators"])


def _read_grids(grids: list[_Grid], what: str) -> PlanTable:
    state = _State(table=PlanTable())
    roles: dict[str, int] | None = None
    width = 0
    found_header = False
    for grid in grids:
        start = None
        for r, row in enumerate(grid.rows[:40]):
            if _is_header(row):
                roles = _header_roles(row)
                start = r + 1
                if start < len(grid.rows):
                    better = _combine_header(row, grid.rows[start])
                    if better:
                        roles = better
                        start += 1
                width = len(row)
                found_header = True
                break
        if start is None:
            # A table split by a page break into two tables keeps the first one's columns.
            if roles is None or not grid.rows or len(grid.rows[0]) != width:
                continue
            first = grid.rows[0]
            if any(_role(c) == "number" for c in first):
                continue  # another table's own header ("STT | Chỉ tiêu | ..."): not ours
            start = 0
        _read_rows(grid, roles, start, state)  # type: ignore[arg-type]
    _flush_pending(state, as_task=True)
    if not found_header:
        raise TableError(
            f"Không tìm thấy dòng tiêu đề của bảng nhiệm vụ trong {what} (cần các cột như "
            "«STT», «Nội dung/Nhiệm vụ», «Sản phẩm», «Cơ quan chủ trì», «Cơ quan phối hợp», "
            "«Thời gian hoàn thành»)."
        )
    orphans = [w for w in state.work if not w.section]
    if orphans and all(w.subsection for w in orphans):
        # Areas numbered 1, 2 ... with tasks 1.1, 1.2 and no roman rows: the headings are the
        # areas.
        for w in state.work:
            if w.subsection and not w.section:
                w.section = w.subsection.partition(". ")[2]
                w.subsection = ""
        ordered = [w.section for w in state.work if w.section] + state.table.sections
        state.table.sections = list(dict.fromkeys(ordered))
    for w in state.work:
        lead, coordinators = _agencies(w.lead, w.coordinators)
        state.table.tasks.append(
            TaskRow(
                section=w.section,
                number=w.number,
                title=w.title,
                products=_split_products(w.products),
                lead=lead,
                coordinators=coordinators,
                deadline_text="\n".join(_paragraphs(w.deadline)),
                source=w.source,
                subsection=w.subsection,
            )
        )
    if not state.table.tasks:
        raise TableError(f"Bảng nhiệm vụ trong {what} có dòng tiêu đề nhưng không có nhiệm vụ nào.")
    return state.table


# --------------------------------------------------------------------------------------------
# File formats.


def _accept(source: Any, filename: str, kinds: tuple[str, ...]) -> files.Upload:
    """Through the one upload reader (type whitelist, size and zip-bomb limits)."""
    try:
        return files.load_upload(source, filename, kinds=kinds)
    except files.FileRejected as exc:
        raise TableError(exc.message) from exc


def _list_value(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rem = divmod(value - 1, 26)
            letters = chr(97 + rem) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        from cchc.plans.exporters import roman

        text = roman(value)
        return text.lower() if fmt == "lowerRoman" else text
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


class _Numbering:
    """Word's automatic list numbers ("1.", "a)") are not in the text of a paragraph: an STT
    column typed with the numbering button looks empty to a plain reader. Render them."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except NotImplementedError:  # python-docx cannot create the missing part: no numbering
            return
        abstract: dict[str | None, dict[int, tuple[str, str, int]]] = {}
        for an in root.findall(qn("w:abstractNum")):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in an.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                    text.get(qn("w:val"), "") if text is not None else "",
                    int(start.get(qn("w:val"), "1")) if start is not None else 1,
                )
            abstract[an.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.levels[num.get(qn("w:numId")) or ""] = abstract.get(ref.get(qn("w:val")), {})

    def label(self, paragraph: Any) -> str:
        p_pr = paragraph._p.pPr
        num_pr = p_pr.numPr if p_pr is not None else None
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        levels = self.levels.get(num_id)
        if not levels:
            return ""
        ilvl = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        counts = self.counters.setdefault(num_id, [0] * 10)
        fmt, text, start = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else start
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = 0
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            k_fmt, _text, k_start = levels.get(k, ("decimal", "", 1))
            return _list_value(counts[k] or k_start, k_fmt)

        return re.sub(r"%(\d)", render, text).strip()


def read_docx(fileobj_or_path: Any, filename: str = "") -> PlanTable:
    """Every table of the document with a task header (and its page-split continuations)."""
    grids, what = docx_grids(fileobj_or_path, filename)
    try:
        return _read_grids(grids, what)
    except TableError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged table must give a message, never a 500
        logger.warning("damaged table in %s", what, exc_info=True)
        raise TableError(f"Không đọc được bảng trong {what}: {exc}.") from exc


def docx_grids(fileobj_or_path: Any, filename: str = "") -> tuple[list[_Grid], str]:
    """Every table of a DOCX as a grid of cell texts (merged cells repeated, automatic list
    numbers rendered), with how to name the file in messages. Other readers (the index
    criteria importer) build on this."""
    from docx.table import Table

    upload = _accept(fileobj_or_path, filename, ("docx",))
    what = upload.what
    try:
        document = files.open_docx(upload)
    except files.FileRejected as exc:
        raise TableError(exc.message) from exc
    try:
        grids: list[_Grid] = []
        tables: list[Table] = list(document.tables)
        if not tables:
            raise TableError(
                f"{what.capitalize()} không có bảng nào: phụ lục nhiệm vụ phải là một bảng."
            )
        numbering = _Numbering(document)
        rendered: dict[Any, str] = {}  # holds the <w:tc> elements: one text per merged cell

        def cell_text(cell: Any) -> str:
            tc = cell._tc
            if tc not in rendered:
                lines = []
                for p in cell.paragraphs:
                    label, text = numbering.label(p), p.text.strip()
                    lines.append(f"{label} {text}".strip() if label else text)
                rendered[tc] = files.nfc("\n".join(lines).strip())
            return rendered[tc]

        for t_index, table in enumerate(tables, start=1):
            rows: list[list[str]] = []
            spans: list[list[int]] = []
            sources: list[str] = []
            for r_index, row in enumerate(table.rows, start=1):
                cells = list(row.cells)
                texts = ["" for _ in range(row.grid_cols_before)]
                ids = [-1 - i for i in range(row.grid_cols_before)]
                for cell in cells:
                    texts.append(cell_text(cell))
                    ids.append(id(cell._tc))
                texts += ["" for _ in range(row.grid_cols_after)]
                ids += [-100 - i for i in range(row.grid_cols_after)]
                rows.append(texts)
                spans.append(ids)
                sources.append(f"Bảng {t_index}, dòng {r_index}")
            grids.append(_Grid(f"Bảng {t_index}", rows, spans, sources))
        return grids, what
    except TableError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged table must give a message, never a 500
        logger.warning("damaged table in %s", what, exc_info=True)
        raise TableError(f"Không đọc được bảng trong {what}: {exc}.") from exc


def _xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").strip()


def read_xlsx(fileobj_or_path: Any, filename: str = "") -> PlanTable:
    """Every sheet with a task header; a merged range gives its top-left value to all cells."""
    grids, what = xlsx_grids(fileobj_or_path, filename)
    try:
        return _read_grids(grids, what)
    except TableError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet must give a message, never a 500
        raise TableError(f"Không đọc được bảng trong {what}: {exc}.") from exc


def xlsx_grids(fileobj_or_path: Any, filename: str = "") -> tuple[list[_Grid], str]:
    """Every sheet of an XLSX as a grid. Streamed in read-only mode: the declared dimension is
    ignored, rows and columns limited; a merged range gives its top-left value to all cells."""
    from openpyxl.utils import get_column_letter

    upload = _accept(fileobj_or_path, filename, ("xlsx",))
    what = upload.what
    try:
        with files.open_xlsx(upload) as book:
            grids: list[_Grid] = []
            for sheet in book.sheets:
                rows = [[_xlsx_text(v) for v in values] for _line, values in sheet.rows()]
                merged = sheet.merged_ranges()
                max_row = len(rows)
                max_col = max([len(r) for r in rows] + [c2 for _r1, _c1, _r2, c2 in merged] + [0])
                if max_row == 0:
                    continue
                for line in rows:
                    line.extend([""] * (max_col - len(line)))
                spans = [[r * 10000 + c for c in range(max_col)] for r in range(max_row)]
                for min_row, min_col, max_r, max_c in merged:
                    if min_row > max_row:
                        continue
                    top = rows[min_row - 1][min_col - 1]
                    for r in range(min_row, min(max_r, max_row) + 1):
                        for c in range(min_col, max_c + 1):
                            rows[r - 1][c - 1] = top
                            spans[r - 1][c - 1] = (r - 1) * 10000 + min_col - 1
                sources = [f"{sheet.title}!{get_column_letter(1)}{r + 1}" for r in range(max_row)]
                grids.append(_Grid(sheet.title, rows, spans, sources))
            return grids, what
    except TableError:
        raise
    except files.FileRejected as exc:
        raise TableError(exc.message) from exc
    except Exception as exc:  # noqa: BLE001 - a damaged sheet must give a message, never a 500
        raise TableError(f"Không đọc được bảng trong {what}: {exc}.") from exc


def read_any(path_or_file: Any, filename: str) -> PlanTable:
    """By the file's content (the name must agree); anything but DOCX and XLSX is refused with
    a message (old .doc/.xls files with how to convert them)."""
    upload = _accept(path_or_file, filename, ("docx", "xlsx"))
    if upload.kind == "docx":
        return read_docx(upload.data, upload.name)
    return read_xlsx(upload.data, upload.name)


def grids_any(path_or_file: Any, filename: str) -> tuple[list[_Grid], str]:
    """The grids of a DOCX or XLSX file, chosen as ``read_any`` chooses."""
    upload = _accept(path_or_file, filename, ("docx", "xlsx"))
    if upload.kind == "docx":
        return docx_grids(upload.data, upload.name)
    return xlsx_grids(upload.data, upload.name)


Grid = _Grid
