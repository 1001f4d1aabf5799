"""Login throttling against password guessing: too many failures for a username or from an
address within the window, and the login form refuses until the window passes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import LoginFailure


def client_ip(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "")[:64]


def is_locked(username: str, ip: str) -> bool:
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.LOGIN_FAILURE_LIMIT
    if username and recent.filter(username=username.lower()).count() >= limit:
        return True
    return bool(ip) and recent.filter(ip=ip).count() >= limit * 4


def record_failure(username: str, ip: str) -> None:
    LoginFailure.objects.create(username=(username or "").lower()[:150], ip=ip)


def clear(username: str) -> None:
    LoginFailure.objects.filter(username=(username or "").lower()).delete()
