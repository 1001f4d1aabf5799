"""``cchc backup [--output FILE]``: the database and uploaded files in one archive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand

from cchc.core.backup import backup


class Command(BaseCommand):
    help = "Sao lưu CSDL và tệp tải lên vào một tệp .tar.gz"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", help="tệp đích (mặc định cchc-YYYYmmdd-HHMMSS.tar.gz)"
        )

    def handle(self, *args, **options):
        name = options["output"] or f"cchc-{dt.datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        result = backup(Path(name))
        self.stdout.write(f"{result.path}: {result.rows} dòng dữ liệu, {result.files} tệp")
