"""The REST API root, ``/api/v1/``. Each app that has an API defines a ``router`` in its own
``api.py``; the lines at the end mount them, so an app adds one import and one line here."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from cchc.accounts import api as accounts_api
from cchc.calendars import api as calendars_api
from cchc.core.errors import DomainError
from cchc.dossiers import api as dossiers_api
from cchc.organizations import api as organizations_api
from cchc.plans import api as plans_api
from cchc.procedures import api as procedures_api
from cchc.statistics import api as statistics_api


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


# Each app's router, mounted explicitly: a missing module is an error, not a silent gap.
api.add_router("", accounts_api.router)
api.add_router("/agencies", organizations_api.router)
api.add_router("/calendars", calendars_api.router)
api.add_router("/procedures", procedures_api.router)
api.add_router("", dossiers_api.router)
api.add_router("/plans", plans_api.router)
api.add_router("/reports", statistics_api.router)
