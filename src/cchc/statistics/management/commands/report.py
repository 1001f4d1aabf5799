"""``cchc report dossiers`` prints the dossier statistics the pages show; ``cchc report
rebuild`` recomputes the rollups from the dossier rows (after bulk imports)."""

from __future__ import annotations

import json
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.core.errors import DomainError
from cchc.core.text import format_int, format_percent

COLUMNS = [
    # (heading, attribute, percent?)
    ("Tiếp nhận", "received", False),
    ("Kỳ trước chuyển qua", "carried", False),
    ("Mới tiếp nhận", "new", False),
    ("Trực tuyến", "new_online", False),
    ("Đã giải quyết", "resolved", False),
    ("Trước hạn, đúng hạn", "early_or_on_time", False),
    ("Quá hạn", "late", False),
    ("Đang giải quyết", "in_progress", False),
    ("Chưa đến hạn", "not_yet_due", False),
    ("Quá hạn (đang GQ)", "overdue", False),
    ("Tỷ lệ đúng hạn", "on_time_rate", True),
    ("Tỷ lệ trực tuyến", "online_share", True),
    ("Xin lỗi/quá hạn", "apology_coverage", True),
    ("Bổ sung ≥ 2 lần (khi giải quyết)", "repeated_supplement", False),
    ("Trả lại tại Một cửa ≥ 2 lần", "repeated_desk_supplement", False),
]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {text!r} (định dạng YYYY-MM-DD).") from exc


def render_table(rows, first_heading: str = "Đơn vị") -> str:
    """A plain-text table, numbers in Vietnamese format (178.770, 99,96%)."""
    head = [first_heading, *(c[0] for c in COLUMNS)]
    body = []
    for r in rows:
        cells = [r.label]
        for _, attr, pct in COLUMNS:
            v = getattr(r, attr)
            cells.append(format_percent(v) if pct else format_int(v))
        body.append(cells)
    widths = [max(len(str(x[i])) for x in [head, *body]) for i in range(len(head))]
    lines = [
        "  ".join(
            (str(c).ljust(w) if i == 0 else str(c).rjust(w))
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )
        for cells in [head, *body]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Thống kê hồ sơ TTHC và dựng lại số liệu tổng hợp."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        d = sub.add_parser("dossiers", help="Thống kê hồ sơ của một kỳ (như trên trang báo cáo).")
        d.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        d.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
        d.add_argument("--agency", help="Mã cơ quan (gồm cả các đơn vị trực thuộc).")
        d.add_argument("--level", help="Cấp: province, commune...")
        d.add_argument("--group", help="Nhóm xếp hạng của đơn vị.")
        d.add_argument("--field", help="Mã lĩnh vực.")
        d.add_argument("--procedure", help="Mã thủ tục.")
        d.add_argument("--channel", help="desk, online_full, online_partial, post")
        d.add_argument(
            "--by", choices=["agency", "level", "field", "procedure", "channel", "month"]
        )
        d.add_argument("--json", action="store_true", help="In JSON (số nguyên thuần).")
        sub.add_parser("rebuild", help="Tính lại toàn bộ số liệu tổng hợp từ các hồ sơ.")

    def handle(self, *args, **opts) -> None:
        if opts["action"] == "rebuild":
            from cchc.statistics import rollups

            started = time.perf_counter()
            counts = rollups.rebuild()
            self.stdout.write(
                f"Đã dựng lại số liệu tổng hợp: {format_int(counts['coarse'])} dòng theo cơ "
                f"quan, {format_int(counts['procedure'])} dòng theo thủ tục "
                f"({time.perf_counter() - started:.1f} giây)."
            )
            return
        from cchc.statistics.selectors import dossier_stats

        try:
            rows = dossier_stats(
                None,
                date_from=_date(opts["date_from"]),
                date_to=_date(opts["date_to"]),
                agency=opts["agency"],
                level=opts["level"],
                group=opts["group"],
                field=opts["field"],
                procedure=opts["procedure"],
                channel=opts["channel"],
                by=opts["by"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if opts["json"]:
            payload = {
                "from": opts["date_from"],
                "to": opts["date_to"],
                "agency": opts["agency"],
                "by": opts["by"],
                "rows": [r.as_dict() for r in rows[:-1]],
                "total": rows[-1].as_dict(),
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(render_table(rows))
        self.stdout.write("")
        self.stdout.write(rows[-1].sentence())
