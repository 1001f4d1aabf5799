"""Large imports through core's import jobs, run by the real ``db_worker`` loop in this process:
progress seen on the status page while the worker reads, the preview, the confirmation (all or
nothing), the Vietnamese error of a hostile file, the stored upload removed on every path
(success, row errors, failure, unexpected error, cancellation while queued and while running,
a worker killed mid-step, previews nobody confirmed, stray files) and who may see a job."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from cchc.accounts.models import Role, User
from cchc.core import files, imports
from cchc.core.models import AuditEvent, ImportJob, ImportState
from cchc.plans.models import Plan, PlanImport
from cchc.procedures.importer import LABELS, REQUIRED
from cchc.procedures.models import Procedure
from cchc.testing.tasks import run_ready_tasks

PROC_HEADER = ["STT", *(LABELS[k] for k in REQUIRED)]  # the importer's own column names
PLAN_HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"]
ROWS = 320


def _xlsx(header: list[str], rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def catalogue(n: int = ROWS) -> bytes:
    return _xlsx(
        PROC_HEADER,
        [
            [
                i + 1,
                f"1.{100000 + i:06d}",
                f"Thủ tục số {i + 1}",
                f"Lĩnh vực {i % 7}",
                "Cấp xã",
                "UBND cấp xã",
                "10 ngày làm việc",
                "Miễn lệ phí",
                "Toàn trình",
            ]
            for i in range(n)
        ],
    )


def appendix(n: int) -> bytes:
    return _xlsx(
        PLAN_HEADER,
        [
            [str(i + 1), f"Nhiệm vụ số {i + 1}", "Sở Tư pháp", "Sở Nội vụ", "Quý IV/2026"]
            for i in range(n)
        ],
    )


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def worker(settings, tmp_path):
    """The database task backend and ``run()``: one pass of the ``db_worker`` loop over the
    ready tasks (claim, run, record), in this process and this test's transaction."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = str(tmp_path)
    settings.IMPORT_INLINE_MAX_BYTES = 2000  # every file of these tests goes to the worker
    settings.IMPORT_PROGRESS_EVERY = 50
    return run_ready_tasks


class _OnProgress(logging.Handler):
    """Calls ``action`` at each progress save the worker logs: what a person polling the page
    (or clicking «Hủy») does while the worker reads."""

    def __init__(self, action) -> None:
        super().__init__(logging.INFO)
        self.action = action

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("import ") and "rows" in record.getMessage():
            self.action()


def _stored(tmp_path) -> list[Path]:
    return [p for p in Path(tmp_path).rglob("*") if p.is_file()]


def _upload(client, url, data, name, body, capture):
    with capture(execute=True):
        return client.post(url, {**data, "file": SimpleUploadedFile(name, body)})


def _job() -> ImportJob:
    return ImportJob.objects.get()


def test_a_large_catalogue_is_read_and_written_by_the_worker_with_progress(
    province, client_as, worker, tmp_path, django_capture_on_commit_callbacks
):
    c = client_as(province.noivu)
    r = _upload(
        c, reverse("procedures:import"), {}, "danh-muc.xlsx", catalogue(),
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    job = _job()
    assert r.status_code == 302 and r.url == reverse("core:import_job", args=[job.pk])
    assert job.state == ImportState.QUEUED and job.background
    assert len(_stored(tmp_path)) == 1
    page = soup(c.get(r.url))
    assert page.select_one("#import-state").get_text() == "Đang chờ xử lý"
    assert page.select_one("#import-status")["hx-trigger"] == "every 1s"

    status_url = reverse("core:import_status", args=[job.pk])
    seen: list[str] = []

    def poll() -> None:
        fragment = soup(c.get(status_url, headers={"HX-Request": "true"}))
        rows = fragment.select_one("#import-rows")
        if rows is not None:
            seen.append(rows.get_text())

    handler = _OnProgress(poll)
    logging.getLogger("cchc.core.imports").addHandler(handler)
    logger_level = logging.getLogger("cchc.core.imports").level
    logging.getLogger("cchc.core.imports").setLevel(logging.INFO)
    try:
        assert worker() == 1
    finally:
        logging.getLogger("cchc.core.imports").removeHandler(handler)
        logging.getLogger("cchc.core.imports").setLevel(logger_level)
    # The page showed the rows counting up while the worker read (321 declared rows).
    counts = [int(m.group(1)) for s in seen if (m := re.search(r"Đã xử lý (\d+)/", s))]
    assert len(counts) >= 5 and counts == sorted(counts) and counts[-1] >= 300, seen
    assert any("/321 dòng" in s for s in seen), seen

    done = c.get(status_url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    page = soup(c.get(reverse("core:import_job", args=[job.pk])))
    assert len(page.select("#preview-rows tbody tr")) == ROWS
    assert "Mới: 320" in page.select_one("#preview-summary").get_text()
    assert not Procedure.objects.exists() and len(_stored(tmp_path)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(page.select_one("#confirm-form")["action"])
    assert r.status_code == 302 and _job().state == ImportState.CONFIRMING
    assert not Procedure.objects.exists()  # the worker writes, not the request
    assert worker() == 1
    job = _job()
    assert job.state == ImportState.CONFIRMED and job.confirmed_by == province.noivu
    assert Procedure.objects.filter(is_current=True).count() == ROWS
    assert job.result["created"] == ROWS
    result = soup(c.get(reverse("core:import_job", args=[job.pk])))
    assert "thêm mới 320" in result.select_one("#import-result").get_text()
    assert not _stored(tmp_path) and not job.upload
    actions = set(AuditEvent.objects.filter(object_id=str(job.pk)).values_list("action", flat=True))
    assert actions == {"import_upload", "import_preview", "import_confirm"}


def test_a_large_plan_appendix_hands_over_to_the_plan_preview(
    province, client_as, worker, tmp_path, django_capture_on_commit_callbacks
):
    c = client_as(province.noivu)
    r = _upload(
        c, reverse("plans:import"), {"year": 2026}, "phu-luc.xlsx", appendix(120),
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    job = _job()
    assert r.url == reverse("core:import_job", args=[job.pk])
    assert not PlanImport.objects.exists()
    assert worker() == 1
    job = _job()
    imp = PlanImport.objects.get()
    assert job.state == ImportState.READY and job.rows_done == 120
    assert len(imp.preview["tasks"]) == 120 and imp.created_by == province.noivu
    # nothing left to confirm here: the stored file is gone, the plan page takes over
    assert not _stored(tmp_path)
    status = c.get(reverse("core:import_status", args=[job.pk]), headers={"HX-Request": "true"})
    assert status["HX-Redirect"] == reverse("plans:import_preview", args=[imp.pk])
    assert c.get(status["HX-Redirect"]).status_code == 200
    r = c.post(reverse("plans:import_preview", args=[imp.pk]), {})
    assert r.status_code == 302 and Plan.objects.get().tasks.count() == 120


def test_a_large_question_bank_hands_over_to_its_review_page(
    province, client_as, worker, tmp_path, django_capture_on_commit_callbacks
):
    from cchc.staff.models import Question, QuestionImport

    rows = [
        ["Một cửa", f"Câu hỏi số {i + 1}?", "Không làm gì", "Xin lỗi, hẹn lại", "B"]
        for i in range(150)
    ]
    c = client_as(province.noivu)
    r = _upload(
        c, reverse("staff:questions"), {}, "ngan-hang.xlsx",
        _xlsx(["Chủ đề", "Câu hỏi", "A", "B", "Đáp án"], rows),
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    job = _job()
    assert r.url == reverse("core:import_job", args=[job.pk]) and job.background
    assert worker() == 1
    job = _job()
    imp = QuestionImport.objects.get()
    assert job.state == ImportState.READY and job.rows_done == 150 and not _stored(tmp_path)
    review = reverse("staff:question_import", args=[imp.pk])
    assert imports.importer_for(job.kind).next_url(job) == review
    colleague = User.objects.create_user(
        username="noivu2", password="x", role=Role.HOME_AFFAIRS, agency=province.noivu.agency
    )
    assert client_as(colleague).get(review).status_code == 403
    c = client_as(province.noivu)  # one test client: logged in as the uploader again
    assert c.post(review).status_code == 302 and Question.objects.count() == 150


def test_a_large_criteria_appendix_hands_over_to_the_criteria_preview(
    province, client_as, worker, tmp_path, django_capture_on_commit_callbacks
):
    from cchc.indices import standard
    from cchc.indices.models import CriteriaImport, CriteriaSet
    from cchc.indices.tests.sample_files import write_xlsx

    body = write_xlsx(standard.UNIT_SET, tmp_path / "bo.xlsx").read_bytes()
    (tmp_path / "bo.xlsx").unlink()
    c = client_as(province.noivu)
    r = _upload(
        c, reverse("indices:import"), {"year": 2026, "title": "Bộ tiêu chí 2026"}, "bo.xlsx",
        body, django_capture_on_commit_callbacks,
    )  # fmt: skip
    job = _job()
    assert r.url == reverse("core:import_job", args=[job.pk]) and job.background
    assert not CriteriaImport.objects.exists()
    assert worker() == 1
    job = _job()
    pending = CriteriaImport.objects.get()
    assert job.state == ImportState.READY and not _stored(tmp_path)
    assert (pending.year, pending.title, pending.province) == (
        2026,
        "Bộ tiêu chí 2026",
        province.province,
    )
    assert not pending.preview["errors"]
    preview = reverse("indices:import_preview", args=[pending.pk])
    assert imports.importer_for(job.kind).next_url(job) == preview
    r = c.post(preview)
    assert r.status_code == 302
    assert CriteriaSet.objects.get().criteria.count() == len(standard.UNIT_SET)


def test_a_hostile_large_file_fails_in_the_worker_with_words_and_leaves_nothing(
    province, client_as, worker, tmp_path, settings, django_capture_on_commit_callbacks
):
    c = client_as(province.noivu)
    settings.IMPORT_PROGRESS_EVERY = 500
    body = catalogue(5200)  # more rows than an upload may hold (5.000)
    _upload(
        c, reverse("procedures:import"), {}, "qua-lon.xlsx", body,
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert worker() == 1
    job = _job()
    assert job.state == ImportState.FAILED
    assert "quá nhiều dòng" in job.error and "tối đa 5.000 dòng" in job.error
    page = soup(c.get(reverse("core:import_job", args=[job.pk])))
    assert "quá nhiều dòng" in page.select_one("#import-error").get_text()
    assert page.select_one("#confirm-form") is None
    assert not Procedure.objects.exists() and not _stored(tmp_path)


def test_rows_with_errors_are_shown_and_their_file_removed_at_once(
    province, client_as, worker, tmp_path, django_capture_on_commit_callbacks
):
    rows = [[1, "sai-ma", "Thủ tục", "Hộ tịch", "Cấp xã", "UBND cấp xã", "5 ngày", "Không", "1"]]
    body = _xlsx(PROC_HEADER, rows * 80)
    c = client_as(province.noivu)
    _upload(
        c, reverse("procedures:import"), {}, "loi.xlsx", body, django_capture_on_commit_callbacks
    )
    worker()
    job = _job()
    assert job.state == ImportState.READY and job.preview["confirmable"] is False
    assert not _stored(tmp_path)
    page = soup(c.get(reverse("core:import_job", args=[job.pk])))
    assert "không đúng dạng" in page.select_one("#import-errors").get_text()
    assert page.select_one("#confirm-form") is None
    assert c.post(reverse("core:import_confirm", args=[job.pk])).status_code == 409


def test_cancelled_while_queued_or_while_reading_the_file_goes(
    province, client_as, worker, tmp_path, django_capture_on_commit_callbacks
):
    c = client_as(province.noivu)
    _upload(
        c, reverse("procedures:import"), {}, "a.xlsx", catalogue(),
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    job = _job()
    r = c.post(reverse("core:import_cancel", args=[job.pk]), follow=True)
    assert "Đã hủy lượt nhập" in r.content.decode()
    assert _job().state == ImportState.CANCELLED and not _stored(tmp_path)
    assert worker() == 1  # the task finds the job cancelled and does nothing
    assert _job().state == ImportState.CANCELLED

    ImportJob.objects.all().delete()
    _upload(
        c, reverse("procedures:import"), {}, "b.xlsx", catalogue(),
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    job = _job()
    clicks = []

    def cancel_once() -> None:  # the person clicks «Hủy» while the worker reads
        if not clicks:
            clicks.append(c.post(reverse("core:import_cancel", args=[job.pk])).status_code)

    handler = _OnProgress(cancel_once)
    log = logging.getLogger("cchc.core.imports")
    level = log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        worker()
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
    job = _job()
    assert clicks == [302]
    assert job.state == ImportState.CANCELLED and job.rows_done < ROWS
    assert job.preview == {} and not _stored(tmp_path)


class _Boom(Exception):
    pass


def _explode(job, upload, progress):
    progress.total(10)
    progress.advance(5)
    raise _Boom("a bug in an importer")


def _killed(job, upload, progress):
    progress.total(10)
    raise KeyboardInterrupt  # the worker told to stop mid-step (Ctrl+C twice, SIGTERM)


@pytest.fixture
def broken_importers():
    """Importers registered the way apps register theirs, whose reading fails the way code and
    processes fail: a bug, a worker stopped mid-step."""
    for kind, read in (("test.bug", _explode), ("test.killed", _killed)):
        imports.register(
            imports.Importer(
                kind=kind,
                label="tệp thử",
                file_kinds=("xlsx",),
                read=read,
                confirm=lambda job, upload, progress, actor: {},
                template="procedures/_import_job.html",
            )
        )
    yield
    for kind in ("test.bug", "test.killed"):
        imports._REGISTRY.pop(kind)


def _start(province, kind: str) -> ImportJob:
    upload = files.load_upload(catalogue(20), "thu.xlsx", kinds=("xlsx",))
    return imports.import_start(actor=province.noivu, kind=kind, upload=upload, background=False)


def test_an_importer_bug_fails_the_job_with_words_and_removes_the_file(
    province, broken_importers, tmp_path, settings, caplog
):
    settings.MEDIA_ROOT = str(tmp_path)
    job = _start(province, "test.bug")
    assert job.state == ImportState.FAILED and job.error == imports.UNEXPECTED
    assert "a bug in an importer" in caplog.text  # the operator gets the traceback
    assert not _stored(tmp_path) and not job.upload


def test_a_worker_killed_mid_step_leaves_no_file_and_the_cleanup_fails_its_job(
    province, broken_importers, tmp_path, settings, client_as
):
    settings.MEDIA_ROOT = str(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        _start(province, "test.killed")
    job = _job()
    assert job.state == ImportState.RUNNING and not _stored(tmp_path)  # removed in `finally`
    # Nothing refreshes its heartbeat any more: after IMPORT_STALE_MINUTES it is abandoned.
    ImportJob.objects.update(updated_at=timezone.now() - dt.timedelta(minutes=31))
    out = io.StringIO()
    call_command("imports", "cleanup", stdout=out)
    assert "Bị gián đoạn: 1" in out.getvalue()
    job = _job()
    assert job.state == ImportState.FAILED and job.error == imports.INTERRUPTED


def test_the_page_of_an_abandoned_job_stops_polling(province, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    upload = files.load_upload(catalogue(20), "thu.xlsx", kinds=("xlsx",))
    job = imports.import_start(
        actor=province.noivu, kind="procedures.catalogue", upload=upload, background=True
    )
    # a worker took it, then died with the file still on disk
    ImportJob.objects.update(
        state=ImportState.RUNNING,
        started_at=timezone.now() - dt.timedelta(hours=1),
        updated_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert len(_stored(tmp_path)) == 1
    page = soup(client_as(province.noivu).get(reverse("core:import_job", args=[job.pk])))
    assert imports.INTERRUPTED in page.select_one("#import-error").get_text()
    assert not page.select_one("#import-status").has_attr("hx-get")
    assert not _stored(tmp_path)


def test_cleanup_expires_previews_fails_stuck_queues_and_removes_stray_files(
    province, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def start() -> ImportJob:
        upload = files.load_upload(catalogue(20), "thu.xlsx", kinds=("xlsx",))
        return imports.import_start(
            actor=province.noivu, kind="procedures.catalogue", upload=upload, background=True
        )

    waiting, ready, fresh = start(), start(), start()
    ImportJob.objects.filter(pk=ready.pk).update(
        state=ImportState.READY, updated_at=timezone.now() - dt.timedelta(hours=7)
    )
    ImportJob.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=7)
    )
    # a process killed between writing a file and saving its job; and one just being written
    old = default_storage.save("imports/mo-coi.xlsx", ContentFile(b"x"))
    default_storage.save("imports/dang-ghi.xlsx", ContentFile(b"x"))
    hour_ago = time.time() - 3600
    os.utime(default_storage.path(old), (hour_ago, hour_ago))
    counts = imports.import_cleanup()
    assert counts == {"interrupted": 0, "not_started": 1, "expired": 1, "files": 3}
    states = dict(ImportJob.objects.values_list("pk", "state"))
    assert states == {
        waiting.pk: ImportState.FAILED,
        ready.pk: ImportState.EXPIRED,
        fresh.pk: ImportState.QUEUED,
    }
    left = sorted(p.name for p in _stored(tmp_path))
    assert left == sorted([f"{fresh.pk}.xlsx", "dang-ghi.xlsx"])
    assert imports.import_cleanup() == {
        "interrupted": 0,
        "not_started": 0,
        "expired": 0,
        "files": 0,
    }


def test_only_the_uploader_and_administrators_see_a_job_its_preview_and_its_file(
    province, client_as, client, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    c = client_as(province.noivu)
    c.post(
        reverse("procedures:import"),
        {"file": SimpleUploadedFile("danh-muc.xlsx", catalogue(5))},
    )
    job = _job()
    assert job.state == ImportState.READY and not job.background  # a short file: read inline
    urls = {
        name: reverse(f"core:{name}", args=[job.pk])
        for name in ("import_job", "import_status", "import_file")
    }
    # another Home Affairs officer: same rights on the catalogue, not their file
    colleague = User.objects.create_user(
        username="noivu2", password="x", role=Role.HOME_AFFAIRS, agency=province.noivu.agency
    )
    other = client_as(colleague)
    for url in urls.values():
        assert other.get(url).status_code == 403
    assert other.post(reverse("core:import_confirm", args=[job.pk])).status_code == 403
    assert other.post(reverse("core:import_cancel", args=[job.pk])).status_code == 403
    assert _job().state == ImportState.READY and not Procedure.objects.exists()
    client.logout()
    assert client.get(urls["import_job"]).status_code == 302  # to the login page
    admin = client_as(province.admin)
    for url in urls.values():
        assert admin.get(url).status_code == 200
    c = client_as(province.noivu)  # one test client: logged in as the uploader again
    download = c.get(urls["import_file"])
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert (
        c.get(reverse("core:import_job", args=["00000000-0000-0000-0000-000000000000"])).status_code
        == 404
    )


def test_a_plan_preview_is_its_uploaders(province, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    c = client_as(province.noivu)
    r = c.post(
        reverse("plans:import"),
        {"file": SimpleUploadedFile("phu-luc.xlsx", appendix(3)), "year": 2026},
    )
    imp = PlanImport.objects.get()
    assert r.url == reverse("plans:import_preview", args=[imp.pk])  # short: straight there
    assert not _stored(tmp_path)
    colleague = User.objects.create_user(
        username="noivu2", password="x", role=Role.HOME_AFFAIRS, agency=province.noivu.agency
    )
    assert client_as(colleague).get(r.url).status_code == 403
    assert client_as(province.admin).get(r.url).status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_polls_a_background_import_to_its_preview_and_result(
    province, page, login_page, settings, tmp_path
):
    """The status fragment polled by htmx, then the page reloaded with the preview, confirmed,
    polled again to the result. The worker runs here between two polls: the browser's requests
    wait for this thread (``page.route``), so the live server and the worker never share the
    database connection at the same moment."""
    from django_tasks_db.models import DBTaskResult
    from playwright.sync_api import expect

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = str(tmp_path)
    settings.IMPORT_INLINE_MAX_BYTES = 2000

    def run_worker() -> None:
        assert DBTaskResult.objects.ready().count() == 1
        assert run_ready_tasks("browser-test-worker") == 1

    page.route("**/imports/*/status/", lambda route: route.continue_())
    login_page(province.noivu)
    page.goto(page.base_url + reverse("procedures:import"))
    path = tmp_path / "danh-muc.xlsx"
    path.write_bytes(catalogue(60))
    page.set_input_files("#id_file", str(path))
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#import-state")).to_have_text("Đang chờ xử lý")
    run_worker()
    expect(page.locator("#preview-rows tbody tr")).to_have_count(60)  # polled, then reloaded
    assert not Procedure.objects.exists()
    page.click("#confirm-form button[type=submit]")
    expect(page.locator("#import-state")).to_have_text("Đang ghi vào hệ thống")
    run_worker()
    expect(page.locator("#import-result")).to_contain_text("thêm mới 60")
    assert Procedure.objects.filter(is_current=True).count() == 60
    assert not _stored(tmp_path / "imports")
