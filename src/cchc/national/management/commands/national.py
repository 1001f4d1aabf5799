"""``cchc national export|report|ingest``: a province's Parquet export and the national
figures computed from a lake on DuckDB or Spark."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cchc.core.errors import DomainError
from cchc.core.text import format_decimal, format_int

from ... import selectors, services
from ...lake import LakeError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {text!r} (định dạng YYYY-MM-DD).") from exc


def _moment(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Mốc không hợp lệ: {text!r} (định dạng ISO 8601).") from exc
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _results_json(res: Any) -> dict[str, Any]:
    if res is None:
        return {"par": None, "sipas": None}
    d = res.as_dict()
    return {"par": d["par"], "sipas": d["sipas"]}


class Command(BaseCommand):
    help = "Xuất số liệu của tỉnh ra Parquet và tính số liệu toàn quốc (DuckDB hoặc Spark)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        e = sub.add_parser("export", help="Ghi một lô số liệu (đã ẩn danh) ra Parquet.")
        e.add_argument("--out", required=True, help="Thư mục hoặc địa chỉ fsspec.")
        e.add_argument("--since", help="Mốc bắt đầu (mặc định: mốc của lô trước).")
        e.add_argument("--full", action="store_true", help="Xuất toàn bộ, bỏ qua mốc.")
        r = sub.add_parser("report", help="Số liệu hồ sơ của các tỉnh từ kho Parquet.")
        r.add_argument("--source", required=True)
        r.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
        r.add_argument("--master", default="local[2]", help="Spark master, ví dụ local[2].")
        r.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        r.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
        r.add_argument("--by", choices=selectors.GROUPINGS, default="province")
        r.add_argument(
            "--year", type=int, help="Năm của kết quả Chỉ số CCHC, SIPAS (mặc định: năm của --to)."
        )
        r.add_argument("--json", action="store_true")
        i = sub.add_parser("ingest", help="Kiểm tra và ghi nhận các lô trong một kho dùng chung.")
        i.add_argument("--source", required=True)
        s = sub.add_parser("senders", help="Cấp khóa gửi số liệu cho một tỉnh (máy chủ toàn quốc).")
        s.add_argument("province", help="Mã tỉnh, ví dụ 92.")
        p = sub.add_parser("pack", help="Đóng gói một lô để gửi lên máy chủ toàn quốc.")
        p.add_argument("--source", required=True)
        p.add_argument("--batch", type=int, required=True)
        p.add_argument("--out", required=True, help="Tệp .tar.gz")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            getattr(self, f"do_{opts['action']}")(opts)
        except (DomainError, LakeError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from exc

    def do_export(self, opts: dict[str, Any]) -> None:
        since = _moment(opts["since"]) if opts["since"] else None
        b = services.national_export(out=opts["out"], since=since, full=opts["full"])
        self.stdout.write(
            f"Đã ghi lô {b.batch} của tỉnh {b.province}: "
            + ", ".join(f"{k} {format_int(v)} dòng" for k, v in b.rows.items())
            + f" (đến {timezone.localtime(b.until):%d/%m/%Y %H:%M})."
        )

    def do_report(self, opts: dict[str, Any]) -> None:
        f, t = _date(opts["date_from"]), _date(opts["date_to"])
        if f > t:
            raise CommandError("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
        rows = selectors.national_statistics(
            source=opts["source"], date_from=f, date_to=t, by=opts["by"],
            engine=opts["engine"], master=opts["master"],
        )  # fmt: skip
        index = {
            key: idx
            for key, _label, _counts, idx in selectors.national_service_index(
                source=opts["source"], date_from=f, date_to=t, by=opts["by"],
                engine=opts["engine"], master=opts["master"],
            )
        }  # fmt: skip
        year = opts["year"] or t.year
        results: dict[str, Any] = {}
        if opts["by"] in selectors.RESULT_GROUPINGS:
            found, _names = selectors.national_results(
                source=opts["source"], year=year, by=opts["by"],
                engine=opts["engine"], master=opts["master"],
            )  # fmt: skip
            results = {r.key: r for r in found}
        if opts["json"]:
            from cchc.indices.service_index import to_json

            payload = {
                "from": opts["date_from"],
                "to": opts["date_to"],
                "by": opts["by"],
                "engine": opts["engine"],
                "year": year,
                "rows": [
                    r.as_dict()
                    | {"service_index": to_json(index[r.key]) if r.key in index else None}
                    | _results_json(results.get(str(r.key)))
                    for r in rows[:-1]
                ],
                "total": rows[-1].as_dict(),
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        from cchc.statistics.management.commands.report import render_table

        self.stdout.write(render_table(rows, first_heading="Tỉnh / đơn vị"))
        self.stdout.write("")
        self.stdout.write("Chỉ số phục vụ (Quyết định 766), các tiêu chí có dữ liệu:")
        for r in rows[:-1]:
            idx = index.get(r.key)
            if idx is not None:
                self.stdout.write(
                    f"  {r.label}: {format_decimal(idx.points)}/"
                    f"{format_decimal(idx.maximum_with_data)} điểm"
                )
        self.stdout.write("")
        self.stdout.write(f"Kết quả Chỉ số CCHC và SIPAS năm {year} đã công bố:")
        for r in rows[:-1]:
            res = results.get(str(r.key))
            par = res.par if res is not None else None
            sipas = res.sipas if res is not None else None
            self.stdout.write(
                f"  {r.label}: Chỉ số CCHC bình quân "
                + (
                    f"{format_decimal(par.mean)}% ({format_int(par.units)} đơn vị)"
                    if par is not None and par.mean is not None
                    else "chưa công bố"
                )
                + "; SIPAS "
                + (f"{format_decimal(sipas)}%" if sipas is not None else "chưa công bố")
            )

    def do_ingest(self, opts: dict[str, Any]) -> None:
        got = services.national_ingest(source=opts["source"])
        for b in got:
            self.stdout.write(
                f"Tỉnh {b.province}, lô {b.batch}: {format_int(b.rows.get('dossiers', 0))} hồ sơ, "
                f"số liệu đến {timezone.localtime(b.until):%d/%m/%Y %H:%M}."
            )

    def do_senders(self, opts: dict[str, Any]) -> None:
        key = services.sender_add(province=opts["province"])
        self.stdout.write(key)

    def do_pack(self, opts: dict[str, Any]) -> None:
        from ...facts import province_code

        data = services.pack_batch(opts["source"], province_code(), opts["batch"])
        with open(opts["out"], "wb") as fh:
            fh.write(data)
        self.stdout.write(f"Đã đóng gói lô {opts['batch']}: {format_int(len(data))} byte.")
