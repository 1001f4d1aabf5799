from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit


@login_required
def home(request):
    return render(request, "core/home.html", {"widgets": home_widgets(request)})


def home_widgets(request) -> list[dict]:
    """Each app may add dashboard widgets with a ``home_widgets(request)`` in ``widgets.py``."""
    from importlib import import_module

    result: list[dict] = []
    for app in ("dossiers", "plans", "statistics", "feedback", "surveys", "staff", "inspections"):
        try:
            module = import_module(f"cchc.{app}.widgets")
        except ModuleNotFoundError:
            continue
        result.extend(module.home_widgets(request))
    return result


def can_read_history(user, obj) -> bool:
    """Who may read an object's audit trail: the object's own ``history_visible_to(user)``
    when it has one, else whoever sees its agency (administrators for the rest). Pages offer
    the history link only when this allows it (``{% history_url %}``)."""
    from cchc.accounts import scope

    checker = getattr(obj, "history_visible_to", None)
    if checker is not None:
        return bool(checker(user))
    agency = getattr(obj, "agency", None)
    if obj.__class__.__name__ == "Agency":
        agency = obj
    if agency is not None:
        return scope.can_see_agency(user, agency)
    return scope.can_administer(user)


@login_required
def history(request, app_label: str, model: str, object_id: str):
    try:
        model_cls = apps.get_model(app_label, model)
    except LookupError as exc:
        raise Http404 from exc
    obj = model_cls._default_manager.filter(pk=object_id).first()
    if obj is None:
        raise Http404
    if not can_read_history(request.user, obj):
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
}


def _field_label(model_cls, name: str) -> str:
    try:
        return str(model_cls._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field removed since the event, or a computed key
        return name


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
