"""The receipt's QR and every SMS carry the public lookup address built from ``SITE_URL``:
in production it must be the province's public address, never a development one."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

DEV_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1", ""}


def site_url_problem(site_url: str) -> str | None:
    """Why ``site_url`` cannot be printed on a citizen's receipt, or None."""
    parts = urlsplit(site_url or "")
    if parts.scheme != "https":
        return "SITE_URL phải là địa chỉ https công khai (in trên mã QR giấy hẹn)."
    if (parts.hostname or "") in DEV_HOSTS or parts.port == 8000:
        return "SITE_URL đang là địa chỉ máy phát triển; đặt địa chỉ công khai của cổng."
    return None


@register(Tags.security)
def check_site_url(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not getattr(settings, "PRODUCTION", False):
        return []
    problem = site_url_problem(settings.SITE_URL)
    return [Error(problem, id="dossiers.E001")] if problem else []


# Backends whose entries another worker does not see: a change cleared in one worker would
# leave the others answering the old status.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches)
def check_lookup_cache(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    alias = settings.DOSSIER_LOOKUP_CACHE
    if not alias:
        return []
    if alias not in settings.CACHES:
        return [Error(f"DOSSIER_LOOKUP_CACHE «{alias}» không có trong CACHES.", id="dossiers.E002")]
    if settings.CACHES[alias]["BACKEND"] in PER_PROCESS_CACHES and not settings.TESTING:
        return [
            Error(
                f"DOSSIER_LOOKUP_CACHE «{alias}» là bộ nhớ đệm riêng từng tiến trình: mỗi worker "
                "sẽ giữ bản cũ của kết quả tra cứu. Dùng Redis (REDIS_URL) hoặc để trống.",
                id="dossiers.E003",
            )
        ]
    return []
