"""``cchc inspections coverage --year YYYY [--province CODE] [--json]``: the share of
departments and communes the year's plan inspects, against its target."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from cchc.core.text import format_percent
from cchc.organizations.models import Agency


class Command(BaseCommand):
    help = "Kiểm tra CCHC: độ bao phủ của kế hoạch kiểm tra năm."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        cov = sub.add_parser("coverage", help="Tỷ lệ sở, ngành và UBND cấp xã được kiểm tra.")
        cov.add_argument("--year", type=int, required=True)
        cov.add_argument("--province", help="Mã UBND tỉnh (mặc định: tỉnh duy nhất).")
        cov.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args, **opts):
        from cchc.inspections.selectors import coverage_for_year

        province = None
        if opts["province"]:
            province = Agency.objects.filter(code=opts["province"]).first()
            if province is None:
                raise CommandError(f"Không có cơ quan mã «{opts['province']}».")
        result = coverage_for_year(opts["year"], province)
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        for label, group in (
            ("Sở, ban, ngành", result.departments),
            ("UBND cấp xã", result.communes),
        ):
            self.stdout.write(
                f"{label}: {group.planned}/{group.total} ({format_percent(group.share * 100)})"
            )
        verdict = "đạt" if result.ok else "CHƯA ĐẠT"
        self.stdout.write(f"Mục tiêu {format_percent(result.target * 100)}: {verdict}.")
