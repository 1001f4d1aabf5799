"""Imports of user files, large ones in the background: one mechanism for every importer.

Why: a province's whole procedure catalogue (about 2,000 rows) or a long plan appendix takes
seconds to read and check, longer than a web request should wait; and a file kept between a
preview and its confirmation must not outlive its use, whatever happens to the worker.

How it works:

- an app registers an :class:`Importer` in its ``AppConfig.ready()`` (core is the lowest app and
  knows none of them): how to read the file into a JSON preview, how to confirm it (all or
  nothing, in the app's own transactional service), and the template that shows the preview;
- :func:`import_start` stores the accepted upload privately (under ``MEDIA_ROOT/imports``, never
  served as such), creates an :class:`~cchc.core.models.ImportJob` and reads the file at once
  when it is small (``IMPORT_INLINE_MAX_BYTES``: what people expect from a short file is the
  preview on the next page), else enqueues :func:`cchc.core.tasks.run_import` for the
  ``db_worker``; the status page polls the job with htmx;
- the reading step reports :class:`Progress` every ``IMPORT_PROGRESS_EVERY`` rows; each report
  is also the job's heartbeat and the point where a cancellation stops it;
- the stored upload is removed as soon as the job no longer needs it: after a failure, a
  cancellation, a preview that cannot be confirmed, a confirmation, in the step's ``finally``;
  :func:`import_cleanup` (``cchc imports cleanup``, the worker's heartbeat, and every import
  task's start) fails jobs a dead worker abandoned, expires previews nobody confirmed and
  removes files no open job owns.

Only the person who uploaded a file, and administrators, see its job, its preview and the file.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

from . import audit, files
from .errors import Conflict, DomainError, Forbidden, NotFound
from .models import IMPORT_OPEN_STATES, ImportJob, ImportState

logger = logging.getLogger(__name__)

#: Folder under MEDIA_ROOT where uploads wait for their job.
IMPORTS_DIR = "imports"

INTERRUPTED = (
    "Việc đọc hoặc ghi tệp bị gián đoạn (tiến trình nền dừng giữa chừng); không có gì được ghi "
    "vào hệ thống. Hãy tải tệp lên lại."
)
NOT_STARTED = (
    "Tiến trình nền chưa xử lý tệp sau {hours} giờ; tệp đã được xóa. Hãy báo quản trị viên "
    "kiểm tra tiến trình nền (db_worker) rồi tải tệp lên lại."
)
UNEXPECTED = (
    "Lỗi hệ thống khi xử lý tệp; không có gì được ghi vào hệ thống. Lỗi đã được ghi lại để quản "
    "trị viên kiểm tra; hãy thử lại sau."
)
NOT_QUEUED = (
    "Không đưa được tệp vào hàng đợi xử lý nền; tệp đã được xóa. Hãy thử lại sau hoặc báo "
    "quản trị viên."
)


class ImportCancelled(Exception):
    """The job left the state its step runs in (cancelled, expired): the step stops."""


Reader = Callable[[ImportJob, files.Upload, "Progress"], dict[str, Any]]
Confirmer = Callable[[ImportJob, files.Upload, "Progress", Any], dict[str, Any]]


@dataclass(frozen=True)
class Importer:
    """What an app tells core about one of its importers.

    ``read`` returns the JSON preview (it may write the app's own preview row, never the data
    itself) and raises ``DomainError`` with a message for the person; a preview with
    ``"confirmable": False`` (row errors) is shown but its file is removed at once. ``confirm``
    writes everything in one transaction and returns what the result page shows; an importer
    without one hands over to its own page (``next_url``) once the preview exists."""

    kind: str
    label: str | Promise
    file_kinds: tuple[str, ...]
    read: Reader
    template: str
    confirm: Confirmer | None = None
    next_url: Callable[[ImportJob], str] | None = None
    limits: files.Limits = files.DEFAULT_LIMITS


_REGISTRY: dict[str, Importer] = {}
_ADMIN_RULE: dict[str, Callable[[Any], bool]] = {}


def register(importer: Importer) -> None:
    _REGISTRY[importer.kind] = importer


def importer_for(kind: str) -> Importer:
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise LookupError(f"no importer registered for {kind!r}") from None


def set_admin_rule(rule: Callable[[Any], bool]) -> None:
    """Who administers the system (sees every job): decided by the accounts app."""
    _ADMIN_RULE["rule"] = rule


def is_admin(user: Any) -> bool:
    rule = _ADMIN_RULE.get("rule")
    return bool(getattr(user, "is_authenticated", False) and rule is not None and rule(user))


def can_see(user: Any, job: ImportJob) -> bool:
    """The uploader and administrators: a preview shows the file's content, which may be a
    draft nobody else should read yet."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (job.created_by_id is not None and job.created_by_id == user.pk) or is_admin(user)


# -- progress ----------------------------------------------------------------------------------


class Progress:
    """Rows done out of rows expected, saved every ``every`` rows with a conditional update: the
    save is the job's heartbeat, and finding the job no longer in ``state`` (cancelled by the
    person, failed by the cleanup) stops the step."""

    def __init__(self, job_id: Any, state: str, *, every: int | None = None) -> None:
        self.job_id = job_id
        self.state = state
        self.every = max(1, every or settings.IMPORT_PROGRESS_EVERY)
        self.done = 0
        self.expected: int | None = None
        self._saved = 0

    def total(self, rows: int | None) -> None:
        """Rows expected (an estimate is fine: the page shows it, the done count corrects it)."""
        self.expected = rows
        self.save()

    def advance(self, rows: int = 1) -> None:
        self.done += rows
        if self.done - self._saved >= self.every:
            self.save()

    def save(self) -> None:
        total = self.expected
        if total is not None and self.done > total:
            total = self.done
        updated = ImportJob.objects.filter(pk=self.job_id, state=self.state).update(
            rows_done=self.done, rows_total=total, updated_at=timezone.now()
        )
        self._saved = self.done
        if not updated:
            raise ImportCancelled(str(self.job_id))
        logger.info("import %s: %s/%s rows", self.job_id, self.done, total or "?")


# -- starting, running, confirming, cancelling -------------------------------------------------


def background_for(size: int) -> bool:
    """Small files are read in the request (the person sees the preview on the next page, as
    before); larger ones go to the worker so no request waits for seconds."""
    return size > settings.IMPORT_INLINE_MAX_BYTES


def import_start(
    *,
    actor: Any,
    kind: str,
    upload: files.Upload,
    params: dict[str, Any] | None = None,
    background: bool | None = None,
) -> ImportJob:
    """Keep an accepted upload for its importer and read it: now when it is small, in the
    background otherwise. Returns the job (refreshed when it ran here)."""
    importer = importer_for(kind)
    if upload.kind not in importer.file_kinds:
        raise DomainError(f"{upload.what.capitalize()} không phải loại tệp được nhận ở đây.")
    if background is None:
        background = background_for(len(upload.data))
    job = ImportJob(
        kind=kind,
        created_by=actor if getattr(actor, "pk", None) else None,
        filename=(upload.name or "tep")[:255],
        size=len(upload.data),
        params=params or {},
        background=background,
    )
    name = default_storage.save(f"{IMPORTS_DIR}/{job.pk}.{upload.kind}", ContentFile(upload.data))
    try:
        with transaction.atomic():
            job.upload.name = name
            job.save(force_insert=True)
            audit.record(
                actor=actor,
                obj=job,
                action="import_upload",
                changes={"filename": [None, job.filename], "size": [None, job.size]},
            )
            if background:
                transaction.on_commit(lambda: _enqueue(job.pk, "read"))
    except BaseException:
        default_storage.delete(name)
        raise
    if not background:
        import_run(job.pk, "read")
        job.refresh_from_db()
    return job


def _enqueue(job_id: Any, step: str) -> None:
    from .tasks import run_import

    try:
        run_import.enqueue(str(job_id), step)
    except Exception:  # noqa: BLE001 - the person reads why on the job page; the file goes
        logger.exception("import %s: could not enqueue the %s step", job_id, step)
        _fail(job_id, NOT_QUEUED, states=(ImportState.QUEUED, ImportState.CONFIRMING))
        _remove_upload(job_id)


def import_run(job_id: Any, step: str) -> str:
    """One step of a job, as the worker (or the request, for a small file) runs it. Claims the
    job with a conditional update, so a step runs once even when enqueued twice."""
    if step not in ("read", "confirm"):
        raise ValueError(step)
    import_cleanup()  # a worker that starts after a crash clears what the dead one left
    now = timezone.now()
    if step == "read":
        state = ImportState.RUNNING
        claimed = ImportJob.objects.filter(pk=job_id, state=ImportState.QUEUED).update(
            state=state, started_at=now, updated_at=now
        )
    else:
        state = ImportState.CONFIRMING
        claimed = ImportJob.objects.filter(pk=job_id, state=state, started_at__isnull=True).update(
            started_at=now, updated_at=now
        )
    if not claimed:
        return "skipped"
    job = ImportJob.objects.select_related("created_by", "confirmed_by").get(pk=job_id)
    importer = importer_for(job.kind)
    progress = Progress(job.pk, state)
    outcome = "failed"
    try:
        upload = _load(job, importer)
        if step == "read":
            preview = importer.read(job, upload, progress)
            outcome = _finish(job, state, ImportState.READY, progress, preview=preview)
            if outcome == "ready":
                audit.record(
                    actor=job.created_by,
                    obj=job,
                    action="import_preview",
                    changes={"rows": [None, progress.done]},
                )
        else:
            assert importer.confirm is not None  # import_confirm refuses importers without
            result = importer.confirm(job, upload, progress, job.confirmed_by)
            outcome = _finish(job, state, ImportState.CONFIRMED, progress, result=result)
            if outcome == "confirmed":
                audit.record(
                    actor=job.confirmed_by,
                    obj=job,
                    action="import_confirm",
                    changes={k: [None, v] for k, v in result.items() if isinstance(v, int)},
                )
    except ImportCancelled:
        outcome = "cancelled"
    except DomainError as exc:
        _fail(job.pk, exc.message, states=(state,))
    except Exception:  # noqa: BLE001 - the person gets words, the operator the traceback
        logger.exception("import %s: the %s step failed", job.pk, step)
        _fail(job.pk, UNEXPECTED, states=(state,))
    finally:
        # Whatever happened (an error, a cancellation, the worker told to stop), the file stays
        # only for a preview that waits for its confirmation.
        if not _needs_upload(job.pk, importer):
            _remove_upload(job.pk)
    return outcome


def _load(job: ImportJob, importer: Importer) -> files.Upload:
    if not job.upload.name:
        raise DomainError("Tệp tải lên không còn trên máy chủ; hãy tải lên lại.")
    try:
        with job.upload.open("rb") as fh:
            return files.load_upload(
                fh, job.filename, kinds=importer.file_kinds, limits=importer.limits
            )
    except FileNotFoundError:
        raise DomainError("Tệp tải lên không còn trên máy chủ; hãy tải lên lại.") from None


def _finish(
    job: ImportJob,
    state: str,
    to: str,
    progress: Progress,
    *,
    preview: dict[str, Any] | None = None,
    result: dict[str, Any] | None = None,
) -> str:
    fields: dict[str, Any] = {
        "state": to,
        "rows_done": progress.done,
        "rows_total": progress.done,
        "updated_at": timezone.now(),
    }
    if preview is not None:
        fields["preview"] = preview
    if result is not None:
        fields["result"] = result
        fields["finished_at"] = timezone.now()
    if not ImportJob.objects.filter(pk=job.pk, state=state).update(**fields):
        return "cancelled"
    return str(to)


def _needs_upload(job_id: Any, importer: Importer) -> bool:
    row = ImportJob.objects.filter(pk=job_id).values("state", "preview").first()
    if row is None or importer.confirm is None:
        return False
    if row["state"] == ImportState.READY:
        return (row["preview"] or {}).get("confirmable", True) is not False
    return row["state"] == ImportState.CONFIRMING


def _fail(job_id: Any, message: str, *, states: tuple[str, ...]) -> bool:
    updated = ImportJob.objects.filter(pk=job_id, state__in=states).update(
        state=ImportState.FAILED,
        error=message,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if updated:
        job = ImportJob.objects.get(pk=job_id)
        audit.record(
            actor=None, obj=job, action="import_failed", changes={"error": [None, message]}
        )
    return bool(updated)


def _remove_upload(job_id: Any) -> None:
    name = ImportJob.objects.filter(pk=job_id).values_list("upload", flat=True).first()
    if name:
        default_storage.delete(name)
        ImportJob.objects.filter(pk=job_id, upload=name).update(upload="")


def import_confirm(*, actor: Any, job: ImportJob, data: dict[str, Any] | None = None) -> ImportJob:
    """Write a previewed file, all or nothing: now for a small file, in the background for a
    large one (the rows are read again: what changed since the preview is checked again)."""
    if not can_see(actor, job):
        raise Forbidden("Chỉ người tải tệp lên hoặc quản trị viên được xác nhận lượt nhập này.")
    importer = importer_for(job.kind)
    if importer.confirm is None:
        raise Conflict("Lượt nhập này được xác nhận ở trang của nó.")
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.state != ImportState.READY:
            raise Conflict(
                f"Lượt nhập không còn chờ xác nhận (trạng thái: {locked.get_state_display()})."
            )
        if locked.preview.get("confirmable", True) is False or not locked.upload.name:
            raise Conflict("Tệp còn lỗi, không xác nhận được; hãy sửa tệp và tải lên lại.")
        locked.state = ImportState.CONFIRMING
        locked.confirmed_by = actor
        locked.params = {**locked.params, "confirm": data or {}}
        locked.started_at = None
        locked.rows_done = 0
        locked.updated_at = timezone.now()
        locked.save(
            update_fields=[
                "state",
                "confirmed_by",
                "params",
                "started_at",
                "rows_done",
                "updated_at",
            ]
        )
        if locked.background:
            transaction.on_commit(lambda: _enqueue(locked.pk, "confirm"))
    if not locked.background:
        import_run(locked.pk, "confirm")
    locked.refresh_from_db()
    return locked


def import_cancel(*, actor: Any, job: ImportJob) -> ImportJob:
    """Stop a job and remove its file. A confirmation already writing cannot be stopped: it is
    one transaction and ends whole or not at all."""
    if not can_see(actor, job):
        raise Forbidden("Chỉ người tải tệp lên hoặc quản trị viên được hủy lượt nhập này.")
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.state == ImportState.CONFIRMING:
            raise Conflict("Đang ghi vào hệ thống; không hủy được nữa.")
        if locked.state not in IMPORT_OPEN_STATES:
            raise Conflict(f"Lượt nhập đã kết thúc (trạng thái: {locked.get_state_display()}).")
        before = locked.state
        locked.state = ImportState.CANCELLED
        locked.finished_at = locked.updated_at = timezone.now()
        locked.save(update_fields=["state", "finished_at", "updated_at"])
        audit.record(
            actor=actor,
            obj=locked,
            action="import_cancel",
            changes={"state": [before, "cancelled"]},
        )
    # A step still reading holds the bytes in memory; the file can go now.
    _remove_upload(locked.pk)
    return locked


# -- reading -----------------------------------------------------------------------------------


def job_for(user: Any, pk: Any) -> ImportJob:
    """The job, when ``user`` may see it; a job a dead worker left running is failed first so
    the page never polls forever."""
    job = ImportJob.objects.filter(pk=pk).select_related("created_by").first()
    if job is None:
        raise NotFound("Không tìm thấy lượt nhập tệp.")
    if not can_see(user, job):
        raise Forbidden("Chỉ người tải tệp lên hoặc quản trị viên xem được lượt nhập này.")
    if job.state in (ImportState.RUNNING, ImportState.CONFIRMING) and _fail_stale(job.pk):
        job.refresh_from_db()
    return job


# -- cleanup -----------------------------------------------------------------------------------


def _stale_before(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(minutes=settings.IMPORT_STALE_MINUTES)


def _fail_stale(job_id: Any, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    stale = ImportJob.objects.filter(
        pk=job_id,
        state__in=(ImportState.RUNNING, ImportState.CONFIRMING),
        started_at__isnull=False,
        updated_at__lt=_stale_before(now),
    ).exists()
    if not stale:
        return False
    failed = _fail(job_id, INTERRUPTED, states=(ImportState.RUNNING, ImportState.CONFIRMING))
    _remove_upload(job_id)
    return failed


def import_cleanup(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Everything an import can leave behind, whatever happened to it:

    - jobs whose worker died mid-step (no heartbeat for ``IMPORT_STALE_MINUTES``) fail; their
      writes, one transaction, were rolled back with the dead process;
    - jobs still queued after ``IMPORT_KEEP_HOURS`` (no worker running) fail;
    - previews nobody confirmed within ``IMPORT_KEEP_HOURS`` expire;
    - every file of a job in none of the open states, and every file in the folder no job owns
      (a process killed between writing the file and saving its job), is removed.

    Safe to run at any time and from several processes: every change is a conditional update."""
    now = now or timezone.now()
    keep = now - dt.timedelta(hours=settings.IMPORT_KEEP_HOURS)
    counts = {"interrupted": 0, "not_started": 0, "expired": 0, "files": 0}
    for pk in ImportJob.objects.filter(
        state__in=(ImportState.RUNNING, ImportState.CONFIRMING),
        started_at__isnull=False,
        updated_at__lt=_stale_before(now),
    ).values_list("pk", flat=True):
        counts["interrupted"] += _fail_stale(pk, now)
    waiting = ImportJob.objects.filter(created_at__lt=keep).filter(
        state=ImportState.QUEUED
    ) | ImportJob.objects.filter(
        state=ImportState.CONFIRMING, started_at__isnull=True, updated_at__lt=keep
    )
    message = NOT_STARTED.format(hours=settings.IMPORT_KEEP_HOURS)
    for pk in waiting.values_list("pk", flat=True):
        counts["not_started"] += _fail(
            pk, message, states=(ImportState.QUEUED, ImportState.CONFIRMING)
        )
    for job in ImportJob.objects.filter(state=ImportState.READY, updated_at__lt=keep):
        if ImportJob.objects.filter(pk=job.pk, state=ImportState.READY).update(
            state=ImportState.EXPIRED, finished_at=now, updated_at=now
        ):
            counts["expired"] += 1
            audit.record(
                actor=None, obj=job, action="import_expire", changes={"state": ["ready", "expired"]}
            )
    for pk in (
        ImportJob.objects.exclude(upload="")
        .exclude(state__in=IMPORT_OPEN_STATES)
        .values_list("pk", flat=True)
    ):
        _remove_upload(pk)
        counts["files"] += 1
    counts["files"] += _remove_orphans(now)
    if any(counts.values()):
        logger.info("import cleanup: %s", counts)
    return counts


def _remove_orphans(now: dt.datetime) -> int:
    try:
        _dirs, names = default_storage.listdir(IMPORTS_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    owned = set(
        ImportJob.objects.filter(state__in=IMPORT_OPEN_STATES)
        .exclude(upload="")
        .values_list("upload", flat=True)
    )
    removed = 0
    for name in names:
        path = str(PurePosixPath(IMPORTS_DIR) / name)
        if path in owned:
            continue
        try:
            modified = default_storage.get_modified_time(path)
        except FileNotFoundError:
            continue
        # A file younger than the stale delay may belong to a job whose row is not committed yet.
        if modified < _stale_before(now):
            default_storage.delete(path)
            removed += 1
    return removed
