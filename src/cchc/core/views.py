from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import audit, widgets
from . import history as history_rules


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
            (_field_label(model_cls, name), values) for name, values in event.changes.items()
        ]
    back = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    return render(request, "core/history.html", {"object": obj, "events": events, "back": back})


# Actions the foundation records; other apps' actions show as recorded.
ACTION_LABELS = {
    "create": _("Tạo mới"),
    "update": _("Cập nhật"),
    "archive": _("Lưu trữ"),
    "deactivate": _("Khóa tài khoản"),
    "activate": _("Mở khóa tài khoản"),
    "set_password": _("Đặt mật khẩu"),
    "password_reset_sent": _("Gửi thư đặt lại mật khẩu"),
}


def _field_label(model_cls, name: str) -> str:
    try:
        field = model_cls._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since the event, or a computed key
        return name
    # A reverse relation (a plan's "areas") has no verbose name of its own.
    return str(getattr(field, "verbose_name", name))


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
