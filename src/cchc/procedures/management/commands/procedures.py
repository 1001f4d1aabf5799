"""``cchc procedures import FILE [--dry-run]``: the same preview and all-or-nothing commit as
the import page. A broken file prints a Vietnamese message on stderr, exit status 2, nothing
written."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from cchc.core.errors import DomainError

EXIT_USAGE = 2


class Command(BaseCommand):
    help = "Danh mục thủ tục hành chính: nhập từ tệp XLSX của CSDL quốc gia về TTHC."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Nhập danh mục thủ tục từ tệp XLSX.")
        imp.add_argument("file")
        imp.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra và xem trước, không ghi."
        )

    def fail(self, message: str) -> None:
        self.stderr.write(message)
        raise SystemExit(EXIT_USAGE)

    def handle(self, *args, **opts):
        from cchc.procedures.importer import commit_catalogue, read_catalogue

        path = Path(opts["file"])
        if not path.is_file():
            self.fail(f"Không tìm thấy tệp «{path}».")
        try:
            with path.open("rb") as fh:
                preview = read_catalogue(fh, filename=path.name)
        except DomainError as exc:
            self.fail(exc.message)
        self.stdout.write(
            f"Tệp {path.name}: dòng tiêu đề {preview.header_line}, {len(preview.rows)} thủ tục "
            f"(mới {preview.count('new')}, cập nhật {preview.count('update')}, "
            f"không đổi {preview.count('same')})."
        )
        for r in preview.review:
            for w in r.warnings:
                self.stdout.write(f"  Cần rà soát — dòng {r.line} ({r.code}): {w}")
        problems = [*preview.errors, *preview.row_errors]
        if problems:
            self.fail("Tệp có lỗi, chưa nhập gì:\n" + "\n".join(f"  {p}" for p in problems))
        if opts["dry_run"]:
            self.stdout.write("Chạy thử (--dry-run): không ghi gì vào cơ sở dữ liệu.")
            return
        try:
            result = commit_catalogue(preview, actor=None)
        except DomainError as exc:
            self.fail(exc.message)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập: thêm mới {result.created}, cập nhật {result.updated}, "
                f"không đổi {result.unchanged}."
            )
        )
