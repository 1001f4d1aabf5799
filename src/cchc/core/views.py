from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from . import audit, widgets
from . import history as history_rules

logger = logging.getLogger(__name__)


@login_required
def home(request):
    return render(request, "core/home.html", {"widgets": widgets.for_request(request)})


@login_required
def history(request, app_label: str, model: str, object_id: str):
    try:
        model_cls = apps.get_model(app_label, model)
    except LookupError as exc:
        raise Http404 from exc
    obj = model_cls._default_manager.filter(pk=object_id).first()
    if obj is None:
        raise Http404
    if not history_rules.can_read(request.user, obj):
        raise PermissionDenied
    events = list(audit.history_for(obj)[:500])
    for event in events:
        event.action_label = ACTION_LABELS.get(event.action, event.action)
        event.change_rows = [
            (_field_label(model_cls, name), _shown_change(values))
            for name, values in event.changes.items()
        ]
    back = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    return render(request, "core/history.html", {"object": obj, "events": events, "back": back})


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _shown(value: Any) -> Any:
    """A value of the audit trail as officials read it: dd/mm/yyyy, "có"/"không"."""
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%H:%M %d/%m/%Y")
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(str(_shown(v)) for v in value)
    return value


def _shown_change(values: Any) -> Any:
    """``[before, after]`` pairs keep their shape for the template; each side is shown."""
    if isinstance(values, list) and len(values) == 2:
        return [None if v is None else _shown(v) for v in values]
    return _shown(values)


# Actions the foundation records; other apps' actions show as recorded.
ACTION_LABELS = {
    "create": _("Tạo mới"),
    "update": _("Cập nhật"),
    "archive": _("Lưu trữ"),
    "deactivate": _("Khóa tài khoản"),
    "activate": _("Mở khóa tài khoản"),
    "set_password": _("Đặt mật khẩu"),
    "password_reset_sent": _("Gửi thư đặt lại mật khẩu"),
    "import_upload": _("Tải tệp lên"),
    "import_preview": _("Đọc xong tệp (xem trước)"),
    "import_confirm": _("Xác nhận nhập"),
    "import_failed": _("Không nhập được"),
    "import_cancel": _("Hủy lượt nhập"),
    "import_expire": _("Hết hạn xác nhận"),
    "otp_enrol": _("Bật xác thực hai bước"),
    "otp_disable": _("Tắt xác thực hai bước"),
    "otp_reset": _("Gỡ xác thực hai bước"),
    "otp_failed": _("Nhập sai mã xác thực"),
    "otp_backup_used": _("Dùng mã dự phòng"),
    "otp_backup_codes": _("Tạo mã dự phòng mới"),
}


def _field_label(model_cls, name: str) -> str:
    try:
        field = model_cls._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since the event, or a computed key
        return name
    # A reverse relation (a plan's "areas") has no verbose name of its own.
    return str(getattr(field, "verbose_name", name))


def within_site(request, target: str, default: str) -> str:
    """``target`` (a form's or a link's ``next``) when it is a path of this site, else
    ``default``: an attacker's link must not bounce a user to a look-alike site, whatever
    scheme or host its text smuggles in."""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_GET
def language(request):
    """The language switch is a pair of links, not a form. Choosing a language changes nothing
    but a cookie of the visitor's own browser, which the POST and token Django's
    ``set_language`` asks for do not need to guard; without a token in every page's header,
    a public page (the lookup a receipt's QR code opens) sets no cookie until its visitor
    chooses a language, and one kept copy of it serves every visitor (issue 14). The links
    carry ``rel=nofollow`` for crawlers; ``next`` only leads back into this site."""
    response = HttpResponseRedirect(within_site(request, request.GET.get("next", ""), "/"))
    code = request.GET.get("language", "")
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def healthz(request):
    """Liveness: the process answers. No database: a restart would not fix a database outage."""
    return HttpResponse("ok", content_type="text/plain")


WORKER_STALE = dt.timedelta(minutes=5)


def _check_worker() -> tuple[bool, str]:
    """The ``db_worker`` is alive when no task has waited for it longer than WORKER_STALE.
    A heartbeat task is enqueued at most once a minute so there is always something to wait."""
    from django.conf import settings
    from django.core.cache import caches

    from .tasks import HEARTBEAT_KEY, heartbeat

    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return True, "tasks run in the web process (" + backend.rsplit(".", 1)[-1] + ")"
    from django_tasks_db.models import DBTaskResult

    limits = caches["limits"]
    if limits.add("worker-heartbeat-enqueued", 1, 60):
        heartbeat.enqueue()
    now = timezone.now()
    first = (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", "run_after")
        .first()
    )
    oldest = None
    if first is not None:  # a deferred task waits from its run_after, not from its enqueueing
        enqueued, run_after = first
        oldest = run_after if enqueued < run_after <= now else enqueued
    last = limits.get(HEARTBEAT_KEY)
    if oldest is not None and now - oldest > WORKER_STALE:
        return False, f"a task has waited since {oldest.isoformat()} (last heartbeat {last})"
    return True, f"last heartbeat {last}"


def readyz(request):
    """Readiness for the load balancer and monitoring: database, shared cache, task worker.
    503 with what failed, so the operator knows where to look."""
    checks: dict[str, dict[str, object]] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True}
    except DatabaseError as exc:
        checks["database"] = {"ok": False, "detail": str(exc)[:200]}
    try:
        from django.core.cache import caches

        limits = caches["limits"]
        limits.set("readyz-probe", request.request_id if hasattr(request, "request_id") else 1, 30)
        checks["cache"] = {"ok": limits.get("readyz-probe") is not None}
    except Exception as exc:  # any backend's failure is a "not ready", reported, never raised
        logger.exception("readyz: cache check failed")
        checks["cache"] = {"ok": False, "detail": str(exc)[:200]}
    if checks["database"]["ok"]:
        try:
            ok, detail = _check_worker()
            checks["worker"] = {"ok": ok, "detail": detail}
        except DatabaseError as exc:
            checks["worker"] = {"ok": False, "detail": str(exc)[:200]}
    else:
        checks["worker"] = {"ok": False, "detail": "database unavailable"}
    ready = all(c["ok"] for c in checks.values())
    return JsonResponse({"ready": ready, "checks": checks}, status=200 if ready else 503)


def server_error(request):
    """The 500 page in Vietnamese with the request id an operator can find in the logs."""
    from django.template import loader

    template = loader.get_template("500.html")
    rid = getattr(request, "request_id", "")
    return HttpResponse(template.render({"request_id": rid}), status=500)


# -- file imports (cchc.core.imports) ----------------------------------------------------------


def _import_context(request, job) -> dict[str, Any]:
    from . import imports

    importer = imports.importer_for(job.kind)
    next_url = importer.next_url(job) if importer.next_url and job.state == "ready" else ""
    return {
        "job": job,
        "importer": importer,
        "next_url": next_url,
        "can_confirm": importer.confirm is not None
        and job.state == "ready"
        and job.preview.get("confirmable", True) is not False
        and bool(job.upload.name),
        "can_cancel": job.state in ("queued", "running", "ready"),
    }


@login_required
def import_job(request, pk):
    """A job's page: its progress while the worker reads or writes, then the preview with the
    confirm button, then the result or the error."""
    from . import imports

    job = imports.job_for(request.user, pk)
    ctx = _import_context(request, job)
    if ctx["next_url"]:  # read, and the importer's own page takes over (plans, question bank)
        return redirect(ctx["next_url"])
    return render(request, "core/import_job.html", ctx)


@login_required
def import_status(request, pk):
    """The polled fragment. When the work is over, htmx reloads the page (or goes on to the
    importer's own page) instead of swapping a fragment in."""
    from . import imports

    job = imports.job_for(request.user, pk)
    ctx = _import_context(request, job)
    response = render(request, "core/_import_status.html", ctx)
    if request.htmx and not job.is_active:
        if ctx["next_url"]:
            response["HX-Redirect"] = ctx["next_url"]
        else:
            response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def import_confirm(request, pk):
    from django.contrib import messages

    from . import imports
    from .refusals import refusal_shown

    job = imports.job_for(request.user, pk)
    data = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    with refusal_shown(request):
        job = imports.import_confirm(actor=request.user, job=job, data=data)
        if job.state == "confirmed" and job.result.get("url"):
            messages.success(request, _import_result_message(job))
            return redirect(job.result["url"])
    return redirect("core:import_job", pk=job.pk)


def _import_result_message(job) -> str:
    from django.utils.translation import gettext

    result = job.result
    if "created" in result:
        return gettext("Đã nhập: thêm mới %(c)d, cập nhật %(u)d, không đổi %(s)d.") % {
            "c": result.get("created", 0),
            "u": result.get("updated", 0),
            "s": result.get("unchanged", 0),
        }
    return gettext("Đã nhập tệp «%(f)s».") % {"f": job.filename}


@login_required
@require_POST
def import_cancel(request, pk):
    from django.contrib import messages
    from django.utils.translation import gettext

    from . import imports
    from .refusals import refusal_shown

    job = imports.job_for(request.user, pk)
    with refusal_shown(request):
        imports.import_cancel(actor=request.user, job=job)
        messages.success(request, gettext("Đã hủy lượt nhập; tệp đã được xóa."))
    return redirect("core:import_job", pk=job.pk)


@login_required
def import_file(request, pk):
    """The uploaded file itself, to its uploader and administrators only, while it is kept."""
    from . import files, imports

    job = imports.job_for(request.user, pk)
    if not job.upload.name:
        raise Http404
    return files.serve_attachment(job.upload, job.filename)
