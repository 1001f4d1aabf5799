"""The REST API root, ``/api/v1/``. Each app that has an API defines a ``router`` in its own
``api.py``; the lines at the end mount them, so an app adds one import and one line here."""

from __future__ import annotations

import logging

from django.db import DataError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from cchc.accounts import api as accounts_api
from cchc.calendars import api as calendars_api
from cchc.core import ratelimit
from cchc.core.errors import DomainError
from cchc.dossiers import api as dossiers_api
from cchc.evaluations import api as evaluations_api
from cchc.feedback import api as feedback_api
from cchc.indices import api as indices_api
from cchc.inspections import api as inspections_api
from cchc.national import api as national_api
from cchc.organizations import api as organizations_api
from cchc.plans import api as plans_api
from cchc.procedures import api as procedures_api
from cchc.staff import api as staff_api
from cchc.statistics import api as statistics_api
from cchc.surveys import api as surveys_api

logger = logging.getLogger("cchc.api")


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


ERROR_SCHEMA = {
    "type": "object",
    "required": ["message", "code"],
    "properties": {
        "message": {"type": "string", "description": "Thông báo tiếng Việt cho người dùng"},
        "code": {"type": "string", "description": "Mã lỗi ổn định cho chương trình"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}
ERROR_RESPONSES = {
    "400": "Yêu cầu không hợp lệ (quy tắc nghiệp vụ, giá trị ngoài giới hạn, ký tự NUL)",
    "401": "Chưa xác thực: thiếu mã truy cập hoặc mã không hợp lệ",
    "403": "Không có quyền",
    "404": "Không tìm thấy (hoặc ngoài phạm vi được xem)",
    "409": "Trạng thái hiện tại không cho phép thao tác (ví dụ người khác vừa xử lý trước)",
    "422": "Dữ liệu gửi lên sai kiểu hoặc thiếu trường",
    "429": "Quá nhiều yêu cầu từ một địa chỉ",
}


class CchcAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Every operation documents the errors every operation can answer, with their one JSON
        shape: clients (and the schemathesis run in the test suite) can rely on it."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        ref = {"$ref": "#/components/schemas/Error"}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, text in ERROR_RESPONSES.items():
                    if status == "401" and not operation.get("security"):
                        continue
                    if status == "429" and not operation.get(ratelimit.OPENAPI_MARK):
                        continue
                    responses.setdefault(
                        status,
                        {"description": text, "content": {"application/json": {"schema": ref}}},
                    )
        return schema


api = CchcAPI(
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


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, "Không tìm thấy.", 404, "not_found")


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def out_of_range(request, exc):
    """An id or a number beyond what the database stores (SQLite's 64-bit integers, a
    PostgreSQL bigint or numeric field) is the caller's mistake, not a server error."""
    return _error(request, "Giá trị vượt quá giới hạn cho phép.", 400, "out_of_range")


@api.exception_handler(Exception)
def unexpected_error(request, exc: Exception):
    """A bug must still answer the API's JSON (never Django's HTML 500 page); logged in full."""
    logger.exception("API %s %s failed", request.method, request.path)
    return _error(request, "Lỗi hệ thống; đã ghi nhận để xử lý.", 500, "server_error")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    messages = {404: "Không tìm thấy.", 403: "Bạn không có quyền thực hiện thao tác này."}
    return _error(request, messages.get(exc.status_code, str(exc)), exc.status_code, "error")


# Each app's router, mounted explicitly (order matters for the shared prefixes): a missing
# module is an error, not a silent gap.
api.add_router("", accounts_api.router)
api.add_router("/agencies", organizations_api.router)
api.add_router("/calendars", calendars_api.router)
api.add_router("/procedures", procedures_api.router)
api.add_router("", dossiers_api.router)
api.add_router("/plans", plans_api.router)
api.add_router("/indices", indices_api.router)
api.add_router("/reports", statistics_api.router)
api.add_router("/staff", staff_api.router)
api.add_router("/inspections", inspections_api.router)
api.add_router("/feedback", feedback_api.router)
api.add_router("/evaluations", evaluations_api.router)
api.add_router("/surveys", surveys_api.router)
api.add_router("/national", national_api.router)
