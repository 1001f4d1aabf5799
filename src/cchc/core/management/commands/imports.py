"""``cchc imports cleanup``: fail imports a dead worker abandoned, expire previews nobody
confirmed, remove every uploaded file no open import needs.

The worker's heartbeat and every import task already run it; a cron line keeps it running when
no task comes (``*/15 * * * * cchc imports cleanup``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Nhập tệp: dọn các lượt nhập bị gián đoạn, hết hạn và các tệp tải lên không còn dùng."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("cleanup", help="Dọn các lượt nhập bị gián đoạn, hết hạn và tệp thừa.")

    def handle(self, *args, **opts):
        from cchc.core.imports import import_cleanup

        counts = import_cleanup()
        self.stdout.write(
            f"Bị gián đoạn: {counts['interrupted']}; chưa được xử lý: {counts['not_started']}; "
            f"hết hạn: {counts['expired']}; tệp đã xóa: {counts['files']}."
        )
