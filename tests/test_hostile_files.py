"""Each hostile file, uploaded to each importer, gets a clear Vietnamese error within bounded
memory and time, and nothing is written (issue 14, finding 1).

Memory is the process's peak resident size (``VmHWM``, reset through ``/proc/self/clear_refs``
before each upload), so lxml's and openpyxl's C allocations count too.
"""

from __future__ import annotations

import contextlib
import io
import re
import time
import zipfile
from copy import deepcopy
from pathlib import Path

import pytest
from django.urls import reverse

from cchc.plans.models import Plan, PlanImport
from cchc.procedures.importer import LABELS, REQUIRED
from cchc.procedures.models import Procedure

MB = 1024 * 1024
MEMORY_LIMIT = 512 * MB
TIME_LIMIT = 60.0  # seconds, generous for a loaded CI machine; the readers stop at 20 s

PLAN_HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"]
PROC_HEADER = ["STT", *(LABELS[k] for k in REQUIRED)]  # the importer's own column names


def _status_kb(field: str) -> int:
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.M).group(1))  # type: ignore[union-attr]


def _xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rezip(data: bytes, edit) -> bytes:
    """Rewrite a zip member by member through ``edit(name, bytes) -> bytes``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, edit(info.filename, src.read(info.filename)), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def dimension_bomb(header: list[str], row: list[str]) -> bytes:
    """The 1.7 KB workbook that grew a worker to 14.5 GB: a sheet declaring A1:XFD1048576."""

    def edit(name: str, body: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', body)
        return body

    return _rezip(_xlsx([header, row]), edit)


def far_cell(header: list[str]) -> bytes:
    """Not a lie this time: one real cell at the last row and column."""

    def edit(name: str, body: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            cell = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            return body.replace(b"</sheetData>", cell + b"</sheetData>")
        return body

    return _rezip(_xlsx([header, ["1", "Rà soát", "Sở Tư pháp", "", "2026"]]), edit)


def zip_bomb(kind: str) -> bytes:
    """A valid document plus a member that inflates 300 KB into 300 MB."""
    if kind == "xlsx":
        base = _xlsx([PLAN_HEADER])
        member = "xl/worksheets/sheet1.xml"
    else:
        base = _docx_bytes([PLAN_HEADER])
        member = "word/document.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename != member:
                dst.writestr(info, body, zipfile.ZIP_DEFLATED)
                continue
            closing = body.rfind(b"</")  # still well-formed XML: the padding is whitespace
            big = zipfile.ZipInfo(member)
            big.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(big, "w", force_zip64=True) as fh:
                fh.write(body[:closing])
                block = b" " * MB
                for _ in range(300):
                    fh.write(block)
                fh.write(body[closing:])
    return out.getvalue()


def _docx_bytes(rows: list[list[str]], repeat_last: int = 0) -> bytes:
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    last = table._tbl.tr_lst[-1]
    for _ in range(repeat_last):
        table._tbl.append(deepcopy(last))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def big_table(kind: str, header: list[str], row: list[str]) -> bytes:
    """A well-formed 10,000-row table."""
    if kind == "docx":
        return _docx_bytes([header, row], repeat_last=10_000)
    return _xlsx([header] + [row] * 10_000)


HOSTILE = {
    "far-cell.xlsx": lambda h, r: far_cell(h),
    "zip-bomb.xlsx": lambda h, r: zip_bomb("xlsx"),
    "zip-bomb.docx": lambda h, r: zip_bomb("docx"),
    "10000-rows.xlsx": lambda h, r: big_table("xlsx", h, r),
    "10000-rows.docx": lambda h, r: big_table("docx", h, r),
    "page.html": lambda h, r: b"<html><script>alert(1)</script></html>",
    "page-renamed.xlsx": lambda h, r: b"<html><script>alert(1)</script></html>",
    "image.svg": lambda h, r: b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "old-excel.xls": lambda h, r: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
}
MESSAGES = re.compile(
    r"Chỉ nhận|quá nhiều|quá lớn|quá nhiều cột|giải nén ra quá lớn|không được nhận|không phải|định dạng "
    r"Office cũ|quá .* giây"
)


def _upload(
    client, url: str, data: dict, name: str, body: bytes, follow: bool = False, on_commit=None
):
    """Post the file; with ``on_commit`` (pytest-django's capture fixture) the background read a
    large file goes to runs too, inside the measured time and memory, before any page is read."""
    f = io.BytesIO(body)
    f.name = name
    before = _status_kb("VmRSS") * 1024
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current RSS
    started = time.monotonic()
    with on_commit(execute=True) if on_commit else contextlib.nullcontext():
        response = client.post(url, {**data, "file": f})
    elapsed = time.monotonic() - started
    grew = _status_kb("VmHWM") * 1024 - before
    if follow and response.status_code == 302:
        response = client.get(response.url, follow=True)
    return response, elapsed, grew


PLAN_ROW = ["1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Sở Nội vụ", "Quý IV/2026"]
PROC_ROW = ["1", "1.001193", "Đăng ký khai sinh", "Hộ tịch", "Cấp xã", "UBND cấp xã"]
PROC_ROW += ["Trong ngày", "Miễn lệ phí", "Toàn trình"]
BANK_HEADER = ["Chủ đề", "Câu hỏi", "A", "B", "Đáp án"]
BANK_ROW = ["Một cửa", "Hồ sơ quá hạn thì làm gì?", "Không làm gì", "Xin lỗi, hẹn lại", "B"]


def _nothing_written() -> bool:
    """No plan, procedure, criteria set or question bank. (The indices importer keeps every
    preview, refused ones included, with their errors: a preview row is not an import.)"""
    from cchc.indices.models import CriteriaSet
    from cchc.staff.models import QuestionImport

    return not (
        PlanImport.objects.exists()
        or Plan.objects.exists()
        or Procedure.objects.exists()
        or CriteriaSet.objects.exists()
        or QuestionImport.objects.exists()
    )


# Every importer of user files: (url, persona, form fields, header, a valid row).
IMPORTERS = {
    "plans": ("plans:import", "noivu", {"year": 2026}, PLAN_HEADER, PLAN_ROW),
    "procedures": ("procedures:import", "admin", {}, PROC_HEADER, PROC_ROW),
    "indices": ("indices:import", "noivu", {"year": 2026}, PLAN_HEADER, PLAN_ROW),
    "question-bank": ("staff:questions", "noivu", {}, BANK_HEADER, BANK_ROW),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("importer", sorted(IMPORTERS))
def test_importers_refuse_hostile_files(
    importer, name, province, client_as, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Refused with a Vietnamese message, in the request or (a large file) by the background
    task; nothing written, no file left."""
    settings.MEDIA_ROOT = str(tmp_path)
    url, persona, data, header, row = IMPORTERS[importer]
    c = client_as(getattr(province, persona))
    body = HOSTILE[name](header, row)
    response, elapsed, grew = _upload(
        c, reverse(url), data, name, body, follow=True, on_commit=django_capture_on_commit_callbacks
    )
    assert response.status_code in (200, 400)
    text = response.content.decode()
    assert MESSAGES.search(text), text[:3000]
    assert elapsed < TIME_LIMIT and grew < MEMORY_LIMIT, (elapsed, grew // MB)
    assert _nothing_written()
    assert not any(Path(tmp_path).rglob("*.*"))


@pytest.mark.slow
def test_the_dimension_bomb_is_read_as_what_it_holds(province, client_as, settings, tmp_path):
    """The declared range is a lie: ignored, the two real rows are read, in bounded memory."""
    settings.MEDIA_ROOT = str(tmp_path)
    body = dimension_bomb(PLAN_HEADER, PLAN_ROW)
    assert len(body) < 10_000
    c = client_as(province.noivu)
    response, elapsed, grew = _upload(
        c, reverse("plans:import"), {"year": 2026}, "dimension-bomb.xlsx", body
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert elapsed < TIME_LIMIT and grew < MEMORY_LIMIT, (elapsed, grew // MB)
    assert len(PlanImport.objects.get().preview["tasks"]) == 1

    c = client_as(province.admin)
    body = dimension_bomb(PROC_HEADER, PROC_ROW)
    response, elapsed, grew = _upload(
        c, reverse("procedures:import"), {}, "dimension-bomb.xlsx", body, follow=True
    )
    assert response.status_code == 200
    assert elapsed < TIME_LIMIT and grew < MEMORY_LIMIT, (elapsed, grew // MB)
    assert "1.001193" in response.content.decode()
