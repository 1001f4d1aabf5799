"""``cchc plans import FILE --year YYYY [--agency CODE] [--dry-run] [--json]`` and
``cchc plans digest [--now]``.

Without ``--dry-run`` the import commits at once; agency names that match no agency (or
several) are not guessed: they stay on the task as written, are listed on stderr, and a person
assigns them on the task page. ``--strict`` refuses the import instead (exit 3)."""

from __future__ import annotations

import json
import sys
from typing import NoReturn

from django.core.management.base import BaseCommand

from cchc.core.errors import DomainError
from cchc.organizations.models import Agency


class Command(BaseCommand):
    help = "Kế hoạch CCHC: nhập phụ lục nhiệm vụ từ DOCX/XLSX; gửi thư tổng hợp nhiệm vụ quá hạn."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Nhập phụ lục kế hoạch.")
        imp.add_argument("file")
        imp.add_argument("--year", type=int, required=True)
        imp.add_argument("--agency", help="Mã cơ quan ban hành (mặc định: UBND tỉnh).")
        imp.add_argument("--dry-run", action="store_true", help="Chỉ đọc, không ghi gì.")
        imp.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
        imp.add_argument("--title", default="")
        imp.add_argument("--number", default="")
        imp.add_argument(
            "--strict", action="store_true", help="Từ chối nếu còn tên cơ quan chưa xác định."
        )
        dig = sub.add_parser("digest", help="Gửi thư nhiệm vụ quá hạn cho đầu mối các cơ quan.")
        dig.add_argument("--now", action="store_true", help="Chạy ngay thay vì đưa vào hàng đợi.")
        dig.add_argument("--date", help="Ngày tính quá hạn (YYYY-MM-DD), mặc định hôm nay.")
        sub.add_parser(
            "recompute",
            help="Tính lại hạn của các mốc tính từ sự kiện sau khi lịch làm việc thay đổi.",
        )

    def handle(self, *args, **opts):
        if opts["action"] == "digest":
            return self.digest(opts)
        if opts["action"] == "recompute":
            from cchc.plans.services import relative_milestones_recompute

            self.stdout.write(f"Đã tính lại {relative_milestones_recompute()} thời hạn.")
            return None
        return self.import_(opts)

    def digest(self, opts):
        from cchc.plans.tasks import send_overdue_digest

        if opts["now"]:
            n = send_overdue_digest.call(opts["date"])
            self.stdout.write(f"Đã gửi {n} thư.")
        else:
            result = send_overdue_digest.enqueue(opts["date"])
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")

    def fail(self, message: str, code: int = 2) -> NoReturn:
        self.stderr.write(message)
        sys.exit(code)

    def import_(self, opts):
        from cchc.plans import importing, services

        if opts["agency"]:
            agency = Agency.objects.filter(code=opts["agency"]).first()
            if agency is None:
                self.fail(f"Không có cơ quan mã «{opts['agency']}».")
        else:
            agency = Agency.objects.filter(parent__isnull=True).order_by("path").first()
            if agency is None:
                self.fail("Chưa có cây cơ quan: hãy tạo UBND tỉnh trước.")
        path = opts["file"]
        try:
            with open(path, "rb") as fh:
                preview = services.plan_preview(
                    file=fh,
                    filename=path,
                    year=opts["year"],
                    agencies=Agency.objects.subtree_of(agency.province).active(),
                )
        except FileNotFoundError:
            self.fail(f"Không tìm thấy tệp «{path}».")
        except DomainError as exc:
            self.fail(exc.message)
        mapping = importing.default_mapping(preview)
        unresolved = importing.open_names(preview, mapping)
        if opts["dry_run"]:
            if opts["json"]:
                self.stdout.write(
                    json.dumps(importing.dry_run_json(preview), ensure_ascii=False, indent=2)
                )
            else:
                self.stdout.write(
                    f"{len(preview['sections'])} lĩnh vực, {len(preview['tasks'])} nhiệm vụ "
                    f"(chưa ghi gì)."
                )
            for name in unresolved:
                self.stderr.write(f"Chưa xác định cơ quan: {name}")
            return
        if unresolved and opts["strict"]:
            self.fail(
                "Còn tên cơ quan chưa xác định: " + "; ".join(unresolved) + ". Không nhập gì.", 3
            )
        try:
            plan = services.plan_import_rows(
                actor=None,
                agency=agency,
                year=opts["year"],
                preview=preview,
                mapping=mapping,
                title=opts["title"],
                number=opts["number"],
                source_name=path.rsplit("/", 1)[-1],
            )
        except DomainError as exc:
            self.fail(exc.message)
        result = {
            "plan": plan.pk,
            "sections": len(preview["sections"]),
            "tasks": plan.tasks.count(),
            "unresolved": unresolved,
        }
        if opts["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(
                f"Đã nhập kế hoạch #{plan.pk}: {result['sections']} lĩnh vực, {result['tasks']} nhiệm vụ."
            )
        for name in unresolved:
            self.stderr.write(f"Chưa xác định cơ quan (giữ nguyên văn): {name}")
