"""How long reading a procedure catalogue takes by file size, to place the line between a file
read in the request and one read by the worker (``IMPORT_INLINE_MAX_BYTES``), and what the import
job costs on top of the reading (the stored upload, the job row, the audit, progress saves).

    python benchmarks/imports.py                      # SQLite in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench python benchmarks/imports.py

Reference: iterating the same workbook's rows with openpyxl in read-only mode (what any reader
pays). The database is migrated and procedures are deleted first: never point it at real data.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
os.environ.setdefault("CCHC_TASKS_IMMEDIATE", "1")
if not os.environ.get("DATABASE_URL"):
    os.environ["CCHC_VAR_DIR"] = tempfile.mkdtemp(prefix="cchc-bench-")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="cchc-bench-media-"))

SIZES = (100, 500, 1000, 2000, 4000)
REPEAT = 3


def workbook(n: int) -> bytes:
    from openpyxl import Workbook

    from cchc.procedures.importer import LABELS, REQUIRED

    wb = Workbook()
    ws = wb.active
    ws.append(["STT", *(LABELS[k] for k in REQUIRED)])  # the importer's own column names
    agencies = ("UBND cấp xã", "Sở Tư pháp", "Sở Xây dựng")
    for i in range(n):
        ws.append(
            [
                i + 1,
                f"1.{100000 + i:06d}",
                f"Cấp giấy phép xây dựng nhà ở riêng lẻ số {i + 1}",
                f"Lĩnh vực {i % 40}",
                "Cấp tỉnh" if i % 3 else "Cấp xã",
                agencies[i % 3],
                "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
                "200.000 đồng/lần/người",
                "Toàn trình",
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def best(fn) -> float:
    times = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from openpyxl import load_workbook

    from cchc.accounts.models import User
    from cchc.core import files, imports
    from cchc.core.models import ImportJob
    from cchc.procedures import importer
    from cchc.testing.personas import build_province

    if not User.objects.filter(username="noivu").exists():
        build_province()
    actor = User.objects.get(username="noivu")

    def bare(data: bytes) -> None:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for _row in wb.worksheets[0].iter_rows(values_only=True):
            pass
        wb.close()

    def job(data: bytes) -> None:
        upload = files.load_upload(data, "danh-muc.xlsx", kinds=("xlsx",))
        done = imports.import_start(
            actor=actor, kind=importer.JOB_KIND, upload=upload, background=False
        )
        assert done.state == "ready", done.error
        imports.import_cancel(actor=actor, job=done)  # removes the stored file

    print(
        f"Procedure catalogue preview by size, best of {REPEAT} ({os.environ.get('DATABASE_URL', 'SQLite')})"
    )
    print()
    print(
        "| rows | XLSX | openpyxl rows (ref) | read_catalogue | ratio | import job, inline | job / read |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in SIZES:
        data = workbook(n)
        t_ref = best(lambda data=data: bare(data))
        t_read = best(lambda data=data: importer.read_catalogue(data, "danh-muc.xlsx"))
        t_job = best(lambda data=data: job(data))
        print(
            f"| {n:,} | {len(data) // 1024:,} KB | {t_ref:.2f} s | {t_read:.2f} s | "
            f"{t_read / t_ref:.1f}× | {t_job:.2f} s | {t_job / t_read:.2f}× |".replace(",", ".")
        )
    ImportJob.objects.all().delete()


if __name__ == "__main__":
    main()
