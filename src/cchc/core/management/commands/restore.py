"""``cchc restore ARCHIVE [--force]``: replace the database and uploaded files with a backup."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.core.backup import restore
from cchc.core.errors import DomainError


class Command(BaseCommand):
    help = "Khôi phục CSDL và tệp tải lên từ bản sao lưu (từ chối CSDL đang có dữ liệu)"

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--force", action="store_true", help="xóa dữ liệu hiện có rồi khôi phục"
        )

    def handle(self, *args, **options):
        try:
            result = restore(Path(options["archive"]), force=options["force"])
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        self.stdout.write(f"Đã khôi phục {result.rows} dòng dữ liệu và {result.files} tệp.")
