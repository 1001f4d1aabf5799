"""Feedback API (issue 11 item 4), mounted at ``/api/v1/feedback``: a public submission, the
public lookup and published answers, and the staff actions."""

from __future__ import annotations

from typing import Any

from ninja import Field, Router, Schema, Status

from cchc.accounts.models import User
from cchc.accounts.throttle import client_ip
from cchc.core import ratelimit
from cchc.core.errors import NotFound
from cchc.dossiers.models import Dossier
from cchc.organizations.models import Agency
from cchc.procedures.models import ProcedureField

from . import selectors, services
from .models import Channel, Feedback

router = Router(tags=["Phản ánh, kiến nghị"])


class SenderIn(Schema):
    name: str
    phone: str = ""
    address: str = ""
    email: str = ""


class FeedbackIn(Schema):
    kind: str = Field(description="phan_anh hoặc kien_nghi")
    title: str
    content: str
    sender: SenderIn
    agency: str | None = Field(None, description="Mã cơ quan tiếp nhận (không bắt buộc)")


class ActionIn(Schema):
    note: str = ""
    reason: str = ""
    to: str = Field("", description="Cơ quan có thẩm quyền nhận (chuyển)")
    answer: str = ""
    public_question: str = ""
    agency: str | None = Field(None, description="Mã cơ quan có thẩm quyền (phân loại)")
    field: str | None = Field(None, description="Mã lĩnh vực (phân loại)")
    official: str | None = Field(None, description="Tên đăng nhập cán bộ bị phản ánh")
    dossier: str | None = Field(None, description="Mã hồ sơ liên quan")
    about_official: bool = False
    version: int | None = None


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def serialize(fb: Feedback) -> dict[str, Any]:
    return {
        "code": fb.code,
        "kind": fb.kind,
        "channel": fb.channel,
        "status": fb.status,
        "status_label": str(fb.get_status_display()),
        "title": fb.title,
        "agency": fb.agency.code,
        "received_date": _iso(fb.received_date),
        "reject_due": _iso(fb.reject_due),
        "request_info_due": _iso(fb.request_info_due),
        "transfer_due": _iso(fb.transfer_due),
        "answer_due": _iso(fb.answer_due),
        "publish_due": _iso(fb.publish_due),
        "answered_date": _iso(fb.answered_date),
        "overdue": selectors.is_overdue(fb),
        "version": fb.version,
    }


def _agency(code: str | None) -> Agency | None:
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise NotFound(f"Không có cơ quan mã «{code}».")
    return agency


@router.post(
    "",
    auth=None,
    response={201: dict},
    summary="Gửi phản ánh, kiến nghị (công khai)",
    openapi_extra=ratelimit.OPENAPI_EXTRA,
)
def create(request, payload: FeedbackIn):
    """No account; the same per-address limit as the web form."""
    if not selectors.submit_allowed(client_ip(request)):
        raise selectors.RateLimited()
    fb = services.feedback_receive(
        kind=payload.kind,
        title=payload.title,
        content=payload.content,
        sender=services.Sender(**payload.sender.dict()),
        channel=Channel.API,
        agency=_agency(payload.agency),
    )
    return Status(201, serialize(fb))


@router.get(
    "/lookup",
    auth=None,
    response=dict,
    summary="Tra cứu phản ánh, kiến nghị",
    openapi_extra=ratelimit.OPENAPI_EXTRA,
)
def lookup(request, code: str = "", phone: str = ""):
    if not selectors.lookup_allowed(client_ip(request)):
        raise selectors.RateLimited()
    found = selectors.public_lookup(code, phone)
    if found is None:
        raise NotFound(selectors.NOT_FOUND)
    for key in ("received_date", "answer_due", "answered_date"):
        found[key] = _iso(found[key])
    found["timeline"] = [{**t, "at": _iso(t["at"])} for t in found["timeline"]]
    return found


@router.get("/published", auth=None, response=dict, summary="Dân hỏi – Chính quyền trả lời")
def published(request, q: str = "", agency: str = "", field: str = "", page: int = 1):
    field_obj = None
    if field:
        field_obj = ProcedureField.objects.filter(code=field).first()
        if field_obj is None:
            raise NotFound(f"Không có lĩnh vực mã «{field}».")
    qs = selectors.published(q=q, agency=_agency(agency), field=field_obj)
    page = max(1, page)
    rows = qs[(page - 1) * 50 : page * 50]
    results = []
    for fb in rows:
        item = selectors.public_item(fb)
        for key in ("received_date", "answered_date", "published_at"):
            item[key] = _iso(item[key])
        results.append(item)
    return {"count": qs.count(), "page": page, "results": results}


@router.get("", response=dict, summary="Danh sách phản ánh, kiến nghị (cán bộ)")
def list_feedback(request, q: str = "", status: str = "", overdue: bool = False, page: int = 1):
    qs = selectors.search(request.user, q=q, status=status, overdue=overdue)
    page = max(1, page)
    return {
        "count": qs.count(),
        "page": page,
        "results": [serialize(fb) for fb in qs[(page - 1) * 50 : page * 50]],
    }


@router.get("/{code}", response=dict, summary="Chi tiết phản ánh, kiến nghị (cán bộ)")
def get_feedback(request, code: str):
    fb = selectors.get_for_user(request.user, code)
    data = serialize(fb)
    data.update(
        content=fb.content,
        sender={
            "name": fb.sender_name,
            "phone": fb.sender_phone,
            "address": fb.sender_address,
            "email": fb.sender_email,
        },
        answer=fb.answer,
        history=[
            {
                "at": _iso(e.at),
                "action": e.action,
                "from_status": e.from_status or None,
                "to_status": e.to_status,
                "actor": e.actor.username if e.actor is not None else None,
                "note": e.note,
                "on_time": e.on_time,
            }
            for e in fb.events.select_related("actor")
        ],
    )
    return data


@router.post("/{code}/actions/{action}", response=dict, summary="Thao tác xử lý")
def act(request, code: str, action: str, payload: ActionIn):
    transition = services.TRANSITIONS.get(action)
    if transition is None:
        raise NotFound(f"Không có thao tác «{action}».")
    fb = selectors.get_for_user(request.user, code)
    kwargs: dict[str, Any] = {name: getattr(payload, name) for name in transition.texts}
    if action == "classify":
        kwargs["agency"] = _agency(payload.agency)
        if payload.field:
            kwargs["field"] = ProcedureField.objects.filter(code=payload.field).first()
            if kwargs["field"] is None:
                raise NotFound(f"Không có lĩnh vực mã «{payload.field}».")
        if payload.official:
            kwargs["official"] = User.objects.filter(username=payload.official).first()
            if kwargs["official"] is None:
                raise NotFound("Không có cán bộ này.")
        if payload.dossier:
            kwargs["dossier"] = Dossier.objects.filter(code=payload.dossier).first()
            if kwargs["dossier"] is None:
                raise NotFound(f"Không có hồ sơ mã «{payload.dossier}».")
        kwargs["about_official"] = payload.about_official
    service = services.ACTIONS[action]
    fb = service(actor=request.user, feedback=fb, expected_version=payload.version, **kwargs)
    return serialize(fb)
