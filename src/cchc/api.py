"""The REST API root, ``/api/v1/``. Each app that has an API adds a ``router`` in its own
``api.py``; the list below mounts them, so apps never edit this file beyond one line."""

from __future__ import annotations

from importlib import import_module

from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from cchc.core.errors import DomainError


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``cchc tokens create``."""

    def authenticate(self, request: HttpRequest, token: str):
        from cchc.accounts.models import ApiToken

        row = (
            ApiToken.objects.select_related("user", "user__agency")
            .filter(digest=ApiToken.hash(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


api = NinjaAPI(
    title="CCHC API",
    version="1",
    description="API của hệ thống quản lý cải cách hành chính (CCHC).",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    auth=[TokenAuth(), django_auth],
)


def _error(request, message: str, status: int, code: str, **extra):
    return api.create_response(request, {"message": message, "code": code, **extra}, status=status)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return _error(request, exc.message, exc.status, exc.code)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return _error(
        request,
        "Chưa xác thực: thiếu mã truy cập hoặc mã truy cập không hợp lệ.",
        401,
        "unauthenticated",
    )


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return _error(request, "Dữ liệu gửi lên không hợp lệ.", 422, "invalid", errors=exc.errors)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    messages = {404: "Không tìm thấy.", 403: "Bạn không có quyền thực hiện thao tác này."}
    return _error(request, messages.get(exc.status_code, str(exc)), exc.status_code, "error")


# (mount prefix, module) — each module defines ``router``.
ROUTERS = [
    ("", "cchc.accounts.api"),
    ("/agencies", "cchc.organizations.api"),
    ("/calendars", "cchc.calendars.api"),
    ("/procedures", "cchc.procedures.api"),
    ("", "cchc.dossiers.api"),
    ("/plans", "cchc.plans.api"),
    ("/reports", "cchc.reports.api"),
    ("/indices", "cchc.indices.api"),
]

for prefix, module_name in ROUTERS:
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        continue
    api.add_router(prefix, module.router)
