"""The province's periodic report (seed 003), assembled from the indicators and the agencies'
accepted sections, issued as an official DOCX (Decree 30/2020, via ``core.officialdoc``) and an
XLSX holding every table.

``build()`` gathers the content once (a ``ProvinceReport`` of blocks and tables); the two
writers only lay it out, so the DOCX and the XLSX always carry the same numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from cchc.core import files
from cchc.core.text import format_int, format_percent, vn_date
from cchc.plans.dashboard import plan_progress, plan_targets
from cchc.statistics.dashboard import stat_value

from . import selectors as sel
from .models import ReportPeriod, ReportStatus

if TYPE_CHECKING:
    from cchc.organizations.models import Agency

PAR_BANDS = [
    ("Chỉ số CCHC trên 90%", "Rất tốt"),
    ("Chỉ số CCHC từ 80% đến 90%", "Tốt"),
    ("Chỉ số CCHC từ 65% đến dưới 80%", "Khá"),
    ("Chỉ số CCHC từ 50% đến dưới 65%", "Trung bình"),
    ("Chỉ số CCHC dưới 50%", "Kém"),
]
LEVEL_LABELS = {
    "province": "Cấp tỉnh",
    "district": "Cấp huyện",
    "commune": "Cấp xã",
    "central": "Trung ương",
}


class Pct(float):
    """A percentage (82.03), printed 82,03%."""


@dataclass
class ReportTable:
    code: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    widths: list[float] | None = None


@dataclass
class Block:
    kind: str  # heading | paragraph | table
    text: str = ""
    level: int = 1
    runs: list[tuple[str, str]] | None = None
    table: ReportTable | None = None
    footnotes: list[str] = field(default_factory=list)
    italic: bool = False


@dataclass
class ProvinceReport:
    period: ReportPeriod
    issuer: str
    place: str
    number: str
    day: date
    summary: str
    blocks: list[Block] = field(default_factory=list)
    closing: str = ""
    authority: str = ""
    deputy: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[ReportTable]:
        return [b.table for b in self.blocks if b.table is not None]

    @property
    def filename(self) -> str:
        return (
            f"bao-cao-cchc-{self.period.year}-{self.period.kind.period_type}-{self.period.number}"
        )


def place_of(agency: Agency) -> str:
    """'Ủy ban nhân dân thành phố Cần Thơ' → 'Cần Thơ' (the place line of Decree 30)."""
    name = re.sub(r"^(ủy|uỷ) ban nhân dân\s+", "", agency.name, flags=re.IGNORECASE)
    name = re.sub(r"^(ubnd)\s+", "", name, flags=re.IGNORECASE)
    return re.sub(r"^(tỉnh|thành phố|tp\.)\s+", "", name, flags=re.IGNORECASE).strip()


def whole_of(agency: Agency) -> str:
    """'Toàn tỉnh' or 'Toàn thành phố' (a centrally-run city reports as a city)."""
    return "Toàn thành phố" if "thành phố" in agency.name.lower() else "Toàn tỉnh"


# --- the tables --------------------------------------------------------------------------


def _groups(province: Agency) -> list[tuple[str, str]]:
    from cchc.organizations.models import Agency, AgencyGroup

    present = set(
        Agency.objects.subtree_of(province).exclude(group="").values_list("group", flat=True)
    )
    return [(g.value, str(g.label)) for g in AgencyGroup if g.value and g.value in present]


def dossier_table(period: ReportPeriod) -> tuple[ReportTable, Any]:
    """Seed 003's dossier figures by unit group (columns) and for the whole province."""
    province = period.kind.province
    start, end = period.start, period.end
    total_rows = sel.dossier_stats(None, agency=province, date_from=start, date_to=end)
    total = total_rows[-1] if total_rows else None
    columns: list[tuple[str, Any]] = []
    for code, label in _groups(province):
        found = sel.dossier_stats(None, agency=province, group=code, date_from=start, date_to=end)
        columns.append((label, found[-1] if found else None))
    keys = [k for k, _, _ in sel.DOSSIER_FIGURES]
    grouped = {k: sum((stat_value(r, k) or 0) for _, r in columns) for k in keys}
    other = {k: (stat_value(total, k) or 0) - grouped[k] for k in keys if k != "on_time_rate"}
    header = ["STT", "Chỉ tiêu", *[label for label, _ in columns]]
    if any(other.values()):
        header.append("Khác")
    header.append(whole_of(province))
    rows: list[list[Any]] = []
    for i, (key, label, unit) in enumerate(sel.DOSSIER_FIGURES, start=1):
        values: list[Any] = [stat_value(r, key) for _, r in columns]
        if any(other.values()):
            values.append(None if unit == "pct" else other[key])
        values.append(stat_value(total, key))
        if unit == "pct":
            values = [None if v is None else Pct(v) for v in values]
        rows.append([i, label, *values])
    table = ReportTable(
        code="dossiers",
        title="Kết quả giải quyết hồ sơ thủ tục hành chính",
        header=header,
        rows=rows,
    )
    return table, total


def dossier_sentence(total: Any, whole: str = "Toàn tỉnh") -> str:
    """The paragraph of seed 003, section II.2.g, written from the figures (one definition
    each: ``statistics``): received = new + carried; resolved, of which early or on time with
    the rate; late with the apologies sent in time; in progress = not yet due + overdue (as of
    min(period end, today)); repeated supplement requests, at the desk and in processing."""
    v = lambda key: format_int(int(stat_value(total, key) or 0))  # noqa: E731
    pct = lambda key: format_percent(stat_value(total, key) or 0)  # noqa: E731
    online = int(stat_value(total, "new_online") or 0)
    text = (
        f"Trong kỳ, {whole.lower()} tiếp nhận {v('received')} hồ sơ TTHC (bao gồm cả hồ sơ "
        f"giải quyết theo cơ chế một cửa, một cửa liên thông; theo dịch vụ công trực tuyến), "
        f"trong đó: {v('new')} hồ sơ mới tiếp nhận"
    )
    if online:
        text += f" ({format_int(online)} hồ sơ trực tuyến, chiếm {pct('online_share')})"
    text += (
        f"; {v('carried')} hồ sơ từ kỳ trước chuyển qua. Đã giải quyết {v('resolved')} hồ sơ, "
        f"trước hạn và đúng hạn {v('early_or_on_time')} hồ sơ, đạt {pct('on_time_rate')}; "
        f"quá hạn {v('late')} hồ sơ"
    )
    if int(stat_value(total, "late") or 0):
        text += (
            f" (có văn bản xin lỗi gửi trước hạn {v('late_with_apology')} hồ sơ, đạt "
            f"{pct('apology_coverage')})"
        )
    text += (
        f". Đang giải quyết {v('in_progress')} hồ sơ (trong đó: {v('not_yet_due')} hồ sơ chưa "
        f"đến hạn, {v('overdue')} hồ sơ đang giải quyết quá hạn)."
    )
    repeated = int(stat_value(total, "repeated_supplement") or 0)
    desk = int(stat_value(total, "repeated_desk_supplement") or 0)
    if repeated or desk:
        text += (
            f" Hồ sơ phải bổ sung từ 2 lần trở lên: {format_int(desk)} hồ sơ tại Bộ phận Một cửa "
            f"trước khi tiếp nhận, {format_int(repeated)} hồ sơ trong quá trình giải quyết."
        )
    return text


def procedure_table(period: ReportPeriod) -> tuple[ReportTable, dict[str, Any]]:
    counts = sel.procedure_counts()
    levels = [
        lv for lv in ("province", "district", "commune", "central") if lv in counts["by_level"]
    ]
    rows: list[list[Any]] = [
        [i, LEVEL_LABELS[lv], counts["by_level"][lv]] for i, lv in enumerate(levels, start=1)
    ]
    rows.append(["", "Tổng số thủ tục đang thực hiện", counts["total"]])
    rows.append(["", "Trong đó: dịch vụ công trực tuyến toàn trình", counts["online"]["full"]])
    rows.append(["", "Dịch vụ công trực tuyến một phần", counts["online"]["partial"]])
    table = ReportTable(
        code="procedures",
        title="Thủ tục hành chính đang thực hiện theo cấp",
        header=["STT", "Cấp thực hiện", "Số thủ tục"],
        rows=rows,
        widths=[15, 110, 40],
    )
    return table, counts


def procedure_sentence(counts: dict[str, Any]) -> str:
    """Procedures in force by level and by online service, with the old levels 3 and 4 where
    the catalogue still records them (seed 003: "571 TTHC ở mức độ 3 và 193 TTHC ở mức độ 4")."""
    parts = [
        f"{LEVEL_LABELS[lv].lower()} {format_int(n)} thủ tục"
        for lv, n in counts["by_level"].items()
        if lv in LEVEL_LABELS
    ]
    text = (
        f"Tổng số TTHC đã được công bố, công khai còn hiệu lực thi hành tính đến thời điểm báo "
        f"cáo là {format_int(counts['total'])} thủ tục"
    )
    if parts:
        text += ", trong đó: " + "; ".join(parts)
    online = counts.get("online", {})
    text += (
        f". Về dịch vụ công trực tuyến: {format_int(online.get('full', 0))} thủ tục trực tuyến "
        f"toàn trình, {format_int(online.get('partial', 0))} thủ tục trực tuyến một phần"
    )
    legacy = counts.get("legacy", {})
    if legacy.get(3) or legacy.get(4):
        text += (
            f" (theo mức độ trước đây: {format_int(legacy.get(3, 0))} thủ tục mức độ 3, "
            f"{format_int(legacy.get(4, 0))} thủ tục mức độ 4)"
        )
    return text + "."


def plans_issued_blocks(period: ReportPeriod) -> list[Block]:
    """Seed 003: "đã có 30/30 sở ngành và UBND cấp huyện ban hành kế hoạch", with the
    breakdown by kind of agency in a footnote, from the plans recorded for the year."""
    from cchc.plans.models import Plan, PlanStatus

    from . import services as periodic

    expected = list(periodic.expected_agencies(period.kind, period.end))
    if not expected:
        return []
    issued = set(
        Plan.objects.filter(agency__in=expected, year=period.year)
        .exclude(status=PlanStatus.DRAFT)
        .values_list("agency_id", flat=True)
    )
    by_kind: dict[str, list[int]] = {}
    for a in expected:
        label = str(a.get_kind_display())
        counts = by_kind.setdefault(label, [0, 0])
        counts[0] += a.pk in issued
        counts[1] += 1
    detail = "; ".join(f"{n}/{m} {label.lower()}" for label, (n, m) in by_kind.items())
    missing = [a.name for a in expected if a.pk not in issued]
    notes = [f"Bao gồm: {detail}."]
    if missing:
        notes.append("Chưa ban hành kế hoạch: " + "; ".join(missing) + ".")
    text = (
        f"Đến nay đã có {format_int(len(issued))}/{format_int(len(expected))} cơ quan, đơn vị "
        f"ban hành kế hoạch triển khai thực hiện nhiệm vụ CCHC năm {period.year}."
    )
    return [Block("paragraph", text=text, footnotes=notes)]


def reporting_blocks(period: ReportPeriod, day: date) -> list[Block]:
    rates = sel.completeness(period)
    sent = [r.agency.name for r in rates.rows if r.received]
    missing = [a.name for a in rates.missing]
    text = (
        f"Đến ngày {vn_date(day)}, đã có {format_int(rates.received)}/"
        f"{format_int(rates.expected)} cơ quan gửi báo cáo {period.label}, trong đó "
        f"{format_int(rates.on_time)} cơ quan gửi đúng hạn và {format_int(rates.accepted)} báo "
        f"cáo đã được Sở Nội vụ tiếp nhận."
    )
    notes = []
    if sent:
        notes.append("Đã gửi báo cáo: " + "; ".join(sent) + ".")
    if missing:
        notes.append("Chưa gửi báo cáo: " + "; ".join(missing) + ".")
    return [Block("paragraph", text=text, footnotes=notes)]


# Higher apps (``indices``) give the PAR index band table (seed 003): ``fn(period)`` returns
# None (nothing published yet) or {"title", "header", "rows", "note"}. A registry, because the
# report sits below the app that owns the scores.
_PAR_INDEX_TABLES: list[Any] = []


def register_par_index_table(fn: Any) -> None:
    if fn not in _PAR_INDEX_TABLES:
        _PAR_INDEX_TABLES.append(fn)


# Tables other higher apps give the report (feedback, ratings, SIPAS): a section template names
# the code in its ``tables``; ``fn(period, day) -> list[Block]``.
_TABLES: dict[str, Any] = {}


def register_table(code: str, fn: Any) -> None:
    _TABLES[code] = fn


def par_index_blocks(period: ReportPeriod | None = None) -> list[Block]:
    """PAR index bands by unit group (seed 003's table) from the indices app; until a year's
    scores are published the report says so rather than print an empty table."""
    for fn in _PAR_INDEX_TABLES if period is not None else []:
        data = fn(period)
        if data is None:
            continue
        table = ReportTable(
            code="par_index", title=data["title"], header=data["header"], rows=data["rows"]
        )
        return [Block("table", table=table, footnotes=[data["note"]] if data.get("note") else [])]
    return [
        Block(
            "paragraph",
            text="Kết quả xếp hạng Chỉ số cải cách hành chính theo nhóm cơ quan, đơn vị: "
            "chưa có số liệu.",
            italic=True,
        )
    ]


def plan_blocks(period: ReportPeriod) -> list[Block]:
    rows = plan_progress(None, period.kind.province, year=period.year)
    if not rows:
        return []
    table = ReportTable(
        code="plans",
        title="Tiến độ thực hiện nhiệm vụ kế hoạch CCHC theo lĩnh vực",
        header=[
            "STT",
            "Lĩnh vực",
            "Số nhiệm vụ",
            "Mốc đã hoàn thành",
            "Mốc quá hạn",
            "Tỷ lệ hoàn thành (mốc)",
        ],
        rows=[
            [i, r["area"], r["total"], r["done"], r["overdue"], Pct(r["rate"])]
            for i, r in enumerate(rows, start=1)
        ],
    )
    return [Block("table", table=table)]


def target_blocks(period: ReportPeriod, day: date) -> list[Block]:
    """The year plan's targets with their actuals as of the period's end (the one definition,
    ``plans.selectors.target_rows``): a sentence counting met, not met and not yet known, the
    table, and for each hand-entered figure its source as a footnote (seed 003 cites its
    sources in footnotes)."""
    as_of = min(period.end, timezone.localdate())
    plan, rows = plan_targets(period.kind.province, year=period.year, as_of=as_of)
    if plan is None or not rows:
        return []
    counts = {v: sum(r.verdict == v for r in rows) for v in ("met", "not_met", "no_data")}
    text = (
        f"Kế hoạch CCHC năm {period.year} đề ra {format_int(len(rows))} chỉ tiêu; tính đến "
        f"ngày {vn_date(as_of)}: {format_int(counts['met'])} chỉ tiêu đạt, "
        f"{format_int(counts['not_met'])} chỉ tiêu chưa đạt, {format_int(counts['no_data'])} "
        f"chỉ tiêu chưa có số liệu."
    )
    notes = [
        f"Chỉ tiêu {i}: {r.evidence_text}"
        for i, r in enumerate(rows, start=1)
        if r.source == "manual"
    ]
    measured = [r for r in rows if r.source == "indicator"]
    if measured:
        notes.insert(
            0,
            "Số liệu đo tự động từ Hệ thống quản lý CCHC, tính từ đầu năm đến ngày "
            f"{vn_date(as_of)}: "
            + "; ".join(f"chỉ tiêu {rows.index(r) + 1}" for r in measured)
            + ".",
        )
    table = ReportTable(
        code="plan_targets",
        title=f"Kết quả thực hiện các chỉ tiêu Kế hoạch CCHC năm {period.year}",
        header=["STT", "Chỉ tiêu", "Mục tiêu", "Thực tế", "Đánh giá"],
        rows=[
            [i, r.target.sentence, r.goal_text, r.actual_text or "—", r.verdict_text or "—"]
            for i, r in enumerate(rows, start=1)
        ],
        widths=[12, 88, 22, 22, 21],
    )
    return [Block("paragraph", text=text), Block("table", table=table, footnotes=notes)]


# --- assembly ------------------------------------------------------------------------------


def _accepted_texts(period: ReportPeriod) -> dict[int, list[tuple[str, str]]]:
    from .models import AgencyReportSection

    texts: dict[int, list[tuple[str, str]]] = {}
    sections = (
        AgencyReportSection.objects.filter(
            report__period=period, report__status=ReportStatus.ACCEPTED
        )
        .exclude(text="")
        .select_related("report__agency")
        .order_by("template__order", "report__agency__path")
    )
    for s in sections:
        texts.setdefault(s.template_id, []).append((s.report.agency.name, s.text))
    return texts


def _sentences(text: str) -> list[str]:
    flat = " ".join(p.strip() for p in re.split(r"\r?\n", text) if p.strip())
    return [x.strip() for x in re.split(r"(?<=[.;!?])\s+", flat) if x.strip()]


def narrative_blocks(template: Any, texts: list[tuple[str, str]]) -> list[Block]:
    """The agencies' accepted text of one section, summarised for the reform area instead of
    pasted one after another (seed 003 writes one account per area, the units in footnotes):
    an opening says how many units reported; each distinct leading point is written once and
    the units that reported it go to its footnote."""
    if not texts:
        return []
    points: dict[str, tuple[str, list[str]]] = {}
    for agency_name, text in texts:
        for sentence in _sentences(text)[:3]:  # the leading points of each unit's account
            key = re.sub(r"\W+", " ", sentence.lower()).strip()
            _first, names = points.setdefault(key, (sentence, []))
            if agency_name not in names:
                names.append(agency_name)
    units = sorted({name for name, _ in texts})
    title = template.title or ""
    about = f" về {title[0].lower()}{title[1:]}" if title else ""
    blocks = [
        Block(
            "paragraph",
            text=f"{format_int(len(units))} cơ quan, đơn vị báo cáo kết quả{about}:",
            footnotes=["Gồm: " + "; ".join(units) + "."],
        )
    ]
    for sentence, names in points.values():
        if not sentence.endswith((".", ";", "!", "?")):
            sentence += "."
        blocks.append(Block("paragraph", text=f"- {sentence}", footnotes=["; ".join(names) + "."]))
    return blocks


def build(period: ReportPeriod, *, day: date | None = None) -> ProvinceReport:
    kind = period.kind
    province = kind.province
    issuer = province.name
    number = (
        f"{period.doc_number}/{kind.doc_symbol}"
        if period.doc_number
        else f"     /{kind.doc_symbol}"
    )
    title_lines = [ln.strip() for ln in kind.signer_title.splitlines() if ln.strip()]
    report = ProvinceReport(
        period=period,
        issuer=issuer,
        place=place_of(province),
        number=number,
        day=day or period.doc_date or timezone.localdate(),
        summary=kind.title.format(period=period.label),
        authority=kind.signing_capacity,
        deputy=title_lines[0] if len(title_lines) > 1 else "",
        signer_title=title_lines[-1] if title_lines else "",
        signer_name=kind.signer_name,
        recipients=[ln.strip() for ln in kind.recipients.splitlines() if ln.strip()],
    )
    fill = {"issuer": issuer, "period": period.label}
    if kind.opening:
        report.blocks.append(Block("paragraph", text=kind.opening.format(**fill)))
    texts = _accepted_texts(period)
    for template in kind.sections.all():
        report.blocks.append(Block("heading", text=template.title, level=template.level))
        for table_code in template.tables:
            report.blocks.extend(_table_blocks(table_code, period, report.day))
        report.blocks.extend(narrative_blocks(template, texts.get(template.pk, [])))
    if kind.closing:
        report.closing = kind.closing.format(**fill)
    return report


def _table_blocks(code: str, period: ReportPeriod, day: date) -> list[Block]:
    if code == "dossiers":
        table, total = dossier_table(period)
        return [
            Block(
                "paragraph",
                text=dossier_sentence(total, whole_of(period.kind.province)),
                footnotes=[
                    f"Số liệu tổng hợp từ Hệ thống quản lý CCHC, tính từ ngày "
                    f"{vn_date(period.start)} đến ngày {vn_date(period.end)}."
                ],
            ),
            Block("table", table=table),
        ]
    if code == "procedures":
        table, counts = procedure_table(period)
        return [Block("paragraph", text=procedure_sentence(counts)), Block("table", table=table)]
    if code == "reporting":
        return reporting_blocks(period, day)
    if code == "par_index":
        return par_index_blocks(period)
    if code == "plans":
        return plans_issued_blocks(period) + plan_blocks(period) + target_blocks(period, day)
    if code in _TABLES:
        return list(_TABLES[code](period, day))
    # A section naming a table no installed app gives would print a report with a hole in it.
    raise ImproperlyConfigured(
        f"Mục «{code}» của mẫu báo cáo không ứng với bảng số liệu nào; các bảng có: "
        f"{', '.join(sorted(known_tables()))}."
    )


BUILTIN_TABLES = ("dossiers", "procedures", "reporting", "par_index", "plans")


def known_tables() -> set[str]:
    """Every code a section template may name: this module's own and the registered ones."""
    return {*BUILTIN_TABLES, *_TABLES}


# --- writers -------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if isinstance(value, Pct):
        return format_percent(float(value))
    return value


def to_docx(report: ProvinceReport) -> bytes:
    from cchc.core.officialdoc import OfficialDocument

    doc = OfficialDocument(
        agency=report.issuer,
        number=report.number,
        place=report.place,
        date=report.day,
        kind="Báo cáo",
        summary=report.summary,
    )
    for block in report.blocks:
        paragraph = None
        if block.kind == "heading":
            paragraph = doc.heading(block.text, level=block.level)
        elif block.kind == "paragraph":
            paragraph = doc.paragraph(block.runs or block.text, italic=block.italic)
        elif block.kind == "table" and block.table is not None:
            t = block.table
            caption = doc.paragraph(t.title, bold=True, align="center", indent=False, size=13)
            rows = [[_cell(v) for v in row] for row in t.rows]
            align = ["center", "left"] + ["right"] * (len(t.header) - 2)
            doc.table(rows, header=t.header, widths=t.widths, align=align)
            paragraph = caption
        for note in block.footnotes:
            doc.footnote(note, paragraph)
    if report.closing:
        doc.paragraph(report.closing)
    doc.signature(
        title=report.signer_title,
        authority=report.authority,
        deputy=report.deputy,
        name=report.signer_name,
    )
    if report.recipients:
        doc.recipients(report.recipients)
    return doc.to_bytes()


def to_xlsx(report: ProvinceReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for i, table in enumerate(report.tables, start=1):
        ws = wb.create_sheet(f"{i}. {table.code}"[:31])
        ws.append([table.title])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([f"{report.summary} – {report.issuer}"])
        ws.append(table.header)
        for cell in ws[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for row in table.rows:
            ws.append([float(v) if isinstance(v, Pct) else v for v in row])
            for value, cell in zip(row, ws[ws.max_row], strict=False):
                if isinstance(value, Pct):
                    cell.number_format = '0.00"%"'
                elif isinstance(value, int) and not isinstance(value, bool):
                    cell.number_format = "#,##0"
        ws.column_dimensions["B"].width = 48
        for col in "CDEFGHIJ":
            ws.column_dimensions[col].width = 16
    if not wb.sheetnames:
        wb.create_sheet("Trống")
    buffer = BytesIO()
    files.xlsx_save(wb, buffer)
    return buffer.getvalue()
