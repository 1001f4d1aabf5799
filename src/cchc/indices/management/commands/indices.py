"""``cchc indices import FILE --year YYYY [--title T] [--province CODE] [--dry-run] [--json]``,
``cchc indices service --from D --to D [--agency CODE] [--json]`` and
``cchc indices rebuild`` (the 766 rollup from the dossier rows)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.core.errors import DomainError
from cchc.organizations.models import Agency


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày «{text}» không đúng dạng YYYY-MM-DD hoặc dd/mm/yyyy.")


class Command(BaseCommand):
    help = "Chỉ số CCHC: nhập bộ tiêu chí; tính Chỉ số phục vụ (Quyết định 766/QĐ-TTg)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Nhập bộ tiêu chí từ DOCX/XLSX.")
        imp.add_argument("file")
        imp.add_argument("--year", type=int, required=True)
        imp.add_argument("--title", default="")
        imp.add_argument("--province", help="Mã UBND tỉnh (mặc định: tỉnh duy nhất).")
        imp.add_argument("--dry-run", action="store_true", help="Chỉ đọc, không ghi gì.")
        imp.add_argument("--json", action="store_true")
        svc = sub.add_parser("service", help="Chỉ số phục vụ theo Quyết định 766.")
        svc.add_argument("--from", dest="date_from", required=True)
        svc.add_argument("--to", dest="date_to", required=True)
        svc.add_argument("--agency", help="Mã cơ quan (mặc định: toàn tỉnh).")
        svc.add_argument("--json", action="store_true")
        sub.add_parser("rebuild", help="Tính lại bảng tổng hợp của Chỉ số phục vụ.")

    def handle(self, *args, **opts):
        if opts["action"] == "import":
            return self.import_(opts)
        if opts["action"] == "rebuild":
            from cchc.indices import rollup

            self.stdout.write(f"Đã tính lại {rollup.rebuild()} dòng tổng hợp.")
            return None
        return self.service(opts)

    def _province(self, code: str | None) -> Agency:
        if code:
            found = Agency.objects.filter(code=code).first()
            if found is None:
                raise CommandError(f"Không có cơ quan mã «{code}».")
            return found
        roots = list(Agency.objects.filter(parent__isnull=True)[:2])
        if len(roots) != 1:
            raise CommandError("Cần --province: có nhiều (hoặc không có) UBND tỉnh.")
        return roots[0]

    def import_(self, opts):
        from cchc.indices import importing, services

        path = Path(opts["file"])
        if not path.exists():
            raise CommandError(f"Không có tệp «{path}».")
        preview = importing.parse(str(path), path.name)
        if preview["errors"]:
            for e in preview["errors"]:
                self.stderr.write(e)
            sys.exit(2)
        if opts["json"]:
            self.stdout.write(json.dumps(importing.dry_run_json(preview), ensure_ascii=False))
        else:
            self.stdout.write(
                f"{preview['areas']} lĩnh vực, {preview['criteria']} tiêu chí, "
                f"{preview['leaves']} tiêu chí chấm điểm, tổng {preview['max_points']} điểm."
            )
        if opts["dry_run"]:
            return
        nodes = preview["nodes"]
        from decimal import Decimal

        try:
            cs = services.criteria_set_create(
                actor=None,
                province=self._province(opts["province"]),
                year=opts["year"],
                title=opts["title"] or f"Bộ tiêu chí Chỉ số CCHC năm {opts['year']}",
                source=path.name,
                nodes=nodes,
                max_points=Decimal(str(preview["max_points"])),
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if not opts["json"]:
            self.stdout.write(f"Đã nhập bộ tiêu chí #{cs.pk}.")

    def service(self, opts):
        from cchc.indices import service, service_index

        f, t = _date(opts["date_from"]), _date(opts["date_to"])
        if t < f:
            raise CommandError("Ngày kết thúc phải sau ngày bắt đầu.")
        agency = None
        if opts["agency"]:
            agency = Agency.objects.filter(code=opts["agency"]).first()
            if agency is None:
                raise CommandError(f"Không có cơ quan mã «{opts['agency']}».")
        result, _counts = service.compute(agency, f, t)
        data = {
            "agency": agency.code if agency else None,
            "from": f.isoformat(),
            "to": t.isoformat(),
            **service_index.to_json(result),
        }
        if agency is None or agency.parent_id is None:
            # The province's figure, then each ranking group's (departments, communes...).
            from cchc.organizations.models import AgencyGroup

            data["groups"] = []
            for g in AgencyGroup:
                if not g.value:
                    continue
                by_group, _ = service.compute(agency, f, t, group=g.value, province=agency)
                row = service_index.to_json(by_group)
                data["groups"].append({"group": g.value, "label": str(g.label), **row})
        if opts["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for c in data["components"]:
            pts = "chưa có dữ liệu" if c["points"] is None else c["points"]
            self.stdout.write(f"{c['label']}: {pts} / {c['maximum']}")
        self.stdout.write(f"Tổng: {data['points']} / {data['maximum']}")
