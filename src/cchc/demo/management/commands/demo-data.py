"""``cchc demo-data --dossiers N [--seed S] [--from DATE --to DATE]``: bulk dossier history."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cchc.core.text import format_decimal, format_int
from cchc.demo import generator
from cchc.demo.guard import refuse_in_production


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày không hợp lệ: {text} (dạng 2025-12-31 hoặc 31/12/2025).")


class Command(BaseCommand):
    help = "Sinh lịch sử hồ sơ TTHC mẫu hàng loạt trên tỉnh mẫu (theo đúng quy tắc tính hạn)."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, required=True, help="Số hồ sơ cần sinh.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--from", dest="date_from", type=_date, default=None)
        parser.add_argument("--to", dest="date_to", type=_date, default=None)
        parser.add_argument("--batch", type=int, default=50_000)

    def handle(self, *args, **opts):
        refuse_in_production("demo-data")
        n = opts["dossiers"]
        if n <= 0:
            raise CommandError("Số hồ sơ phải lớn hơn 0.")
        if opts["date_from"] and opts["date_to"] and opts["date_from"] > opts["date_to"]:
            raise CommandError("Ngày bắt đầu phải trước ngày kết thúc.")
        started = time.perf_counter()
        with tqdm(total=n, unit="hồ sơ", disable=n < 5000) as bar:
            try:
                counts = generator.run(
                    generator.Options(
                        n=n,
                        seed=opts["seed"],
                        date_from=opts["date_from"],
                        date_to=opts["date_to"],
                        batch=opts["batch"],
                        progress=bar.update,
                    )
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        generator.announce_bulk_load()
        took = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sinh {format_int(counts['dossiers'])} hồ sơ, "
                f"{format_int(counts['events'])} dòng diễn biến trong "
                f"{format_decimal(took, 1)} giây" + "; đã tính lại số liệu thống kê."
            )
        )
