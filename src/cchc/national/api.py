"""``POST /api/v1/national/batches``: a province uploads one batch (the tar ``national
export`` + ``pack_batch`` make) with its sender key; verified against the manifest before
anything is written. Only on a national instance (``NATIONAL_LAKE`` set)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import HttpBearer

from cchc.core.errors import DomainError, NotFound

from . import services
from .models import Sender


class SenderAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = Sender.objects.filter(digest=Sender.hash(token), revoked_at__isnull=True).first()
        return row


router = Router(tags=["national"])


class BatchOut(Schema):
    province: str
    batch: int
    until: str
    rows: dict[str, int]


class Error(Schema):
    message: str
    code: str


@router.post(
    "/batches",
    auth=SenderAuth(),
    response={201: BatchOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error},
    summary="Gửi một lô số liệu của tỉnh",
)
def upload(request: HttpRequest, archive: File[UploadedFile]) -> Any:
    lake_uri = getattr(settings, "NATIONAL_LAKE", "")
    if not lake_uri:
        raise NotFound("Hệ thống này không nhận số liệu toàn quốc.")
    sender: Sender = request.auth  # type: ignore[attr-defined]
    if archive.size and archive.size > services.MAX_UPLOAD:
        raise DomainError("Tệp tải lên quá lớn.", code="too_large")
    got = services.national_receive_upload(
        lake_uri=lake_uri, province=sender.province, archive=archive.read()
    )
    return Status(
        201,
        {
            "province": got.province,
            "batch": got.batch,
            "until": got.until.isoformat(),
            "rows": got.rows,
        },
    )
