"""Login throttling against password guessing: too many failures for a username or from an
address within the window, and the login form refuses until the window passes."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging

from django.conf import settings
from django.utils import timezone

from .models import LoginFailure

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The client's address, not the proxy's: behind nginx every request has nginx's
    REMOTE_ADDR, and a limit on it would be a limit on the whole province. Only the entries the
    ``TRUSTED_PROXY_COUNT`` proxies appended are believed; what the client sent is not."""
    remote = request.META.get("REMOTE_ADDR") or ""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        chain = [a.strip() for a in forwarded.split(",") if a.strip()] + [remote]
        candidate = chain[-(hops + 1)] if len(chain) > hops else chain[0]
        try:
            remote = str(ipaddress.ip_address(candidate))
        except ValueError:
            logger.warning(
                "X-Forwarded-For entry %r is not an address; using REMOTE_ADDR", candidate
            )
    return remote[:64]


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
