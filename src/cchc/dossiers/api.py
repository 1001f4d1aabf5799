"""Dossier API (issue 4, "API"): receipt, actions, reads, public lookup. Mounted at the API
root, so the paths are ``/api/v1/dossiers…`` and ``/api/v1/lookup``."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema, Status
from pydantic import create_model

from cchc.accounts.models import User
from cchc.accounts.throttle import client_ip
from cchc.core import keyset, ratelimit
from cchc.core.errors import DomainError, NotFound
from cchc.organizations.models import Agency
from cchc.procedures.models import Procedure

from . import lookup_cache, selectors, services
from .models import ACTION_LABELS, Dossier
from .transitions import Arg, ArgKind

JSON = "application/json; charset=utf-8"

router = Router(tags=["Hồ sơ TTHC"])


class ApplicantIn(Schema):
    name: str
    kind: str = "person"
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


class DossierIn(Schema):
    procedure: str = Field(description="Mã thủ tục, ví dụ 1.004227")
    applicant: ApplicantIn
    channel: str = "desk"
    desk: str | None = Field(None, description="Mã cơ quan/bộ phận tiếp nhận (mặc định: của bạn)")
    resolving_agency: str | None = Field(
        None, description="Mã nơi giải quyết: bắt buộc với thủ tục cấp xã nhận ngoài xã"
    )
    components: list[str] = []
    sets: int = 1
    return_by_post: bool = False
    received_at: dt.datetime | None = Field(
        None, description="Chỉ người có quyền nhập hồ sơ lịch sử (chuyển từ hệ thống cũ)."
    )
    note: str = ""


# The actions' body: every argument of every row of the transition table, by kind.
_ARG_TYPES: dict[ArgKind, tuple[Any, Any]] = {
    ArgKind.TEXT: (str, ""),
    ArgKind.LONG_TEXT: (str, ""),
    ArgKind.DATE: (dt.date | None, None),
    ArgKind.AGENCY: (str | None, Field(None, description="Mã cơ quan")),
    ArgKind.USER: (str | None, Field(None, description="Tên đăng nhập")),
    ArgKind.STEP: (int | None, Field(None, description="Bước xử lý (1 = B1)")),
}


def _action_fields() -> dict[str, Any]:
    fields: dict[str, Any] = {
        "at": (dt.datetime | None, Field(None, description="Chỉ khi nhập lịch sử hồ sơ.")),
        "version": (
            int | None,
            Field(None, description="Phiên bản đã đọc; khác phiên bản hiện tại → 409"),
        ),
    }
    for t in services.TRANSITIONS.values():
        for arg in t.args:
            fields.setdefault(arg.name, _ARG_TYPES[arg.kind])
    return fields


if TYPE_CHECKING:

    class ActionIn(Schema):
        at: dt.datetime | None
        version: int | None

else:
    ActionIn = create_model("ActionIn", __base__=Schema, **_action_fields())


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def serialize(d: Dossier) -> dict[str, Any]:
    return {
        "code": d.code,
        "status": d.status,
        "status_label": str(d.get_status_display()),
        "procedure": d.procedure.code,
        "procedure_name": d.procedure.name,
        "agency": d.agency.code,
        "desk": d.desk.code,
        "current_agency": d.current_agency.code if d.current_agency else None,
        "current_owner": d.current_owner.username if d.current_owner else None,
        "current_step": d.current_step,
        "channel": d.channel,
        "level": d.level,
        "rule_set": d.rule_set,
        "received_at": _iso(d.received_at),
        "received_date": _iso(d.received_date),
        "due_at": _iso(d.due_at),
        "due_date": _iso(d.due_date),
        "first_due_date": _iso(d.first_due_date),
        "apology_due_date": _iso(d.apology_due_date),
        "apologized_at": _iso(d.apologized_at),
        "apology_late": d.apology_late,
        "finished_date": _iso(d.finished_date),
        "timeliness": d.timeliness or None,
        "returned_at": _iso(d.returned_at),
        "supplement_count": d.supplement_count,
        "repeated_supplement": d.is_repeated_supplement,
        "desk_supplement_count": d.desk_supplement_count,
        "repeated_desk_supplement": d.is_repeated_desk_supplement,
        "code_imported": d.code_imported,
        "version": d.version,
    }


def _agency(code: str | None) -> Agency | None:
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise NotFound(f"Không có cơ quan mã «{code}».")
    return agency


def _procedure(code: str, day: dt.date | None) -> Procedure:
    qs = Procedure.objects.filter(code=code)
    if day is not None:
        # History: the version in force on the day the dossier was received.
        in_force = (
            qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .order_by("-version")
            .first()
        )
        if in_force is not None:
            return in_force
    proc = qs.filter(is_current=True).first() or qs.order_by("-version").first()
    if proc is None:
        raise NotFound(f"Không có thủ tục mã «{code}».")
    return proc


@router.post("/dossiers", response={201: dict}, summary="Tiếp nhận hồ sơ")
def create_dossier(request, payload: DossierIn):
    received_day = None
    if payload.received_at is not None:
        received_day = services.local(
            payload.received_at
            if payload.received_at.tzinfo
            else services.aware(payload.received_at)  # type: ignore[arg-type]
        ).date()
    d = services.dossier_receive(
        actor=request.user,
        procedure=_procedure(payload.procedure, received_day),
        applicant=services.Applicant.from_dict(payload.applicant.dict()),
        channel=payload.channel,
        desk=_agency(payload.desk),
        components=payload.components,
        sets=payload.sets,
        return_by_post=payload.return_by_post,
        received_at=payload.received_at,
        note=payload.note,
        resolving_agency=_agency(payload.resolving_agency),
    )
    return Status(201, serialize(d))


PAGE_MAX = 100_000  # pages beyond are refused (422), not computed into an absurd OFFSET
OFFSET_MAX = 10_000  # the old page numbers reach this many rows; past it, the cursor


@router.get(
    "/dossiers",
    response=dict,
    summary="Danh sách hồ sơ (lọc, phân trang theo con trỏ)",
    description=(
        "Trang theo con trỏ: gọi không có `cursor`, rồi gửi lại `next_cursor` (hoặc "
        "`previous_cursor`) của câu trả lời làm `cursor` để lấy trang sau (trang trước); "
        "`next_cursor` là `null` ở trang cuối. Thứ tự: mới tiếp nhận trước, hồ sơ cùng thời "
        "điểm theo mã nội bộ, nên không hồ sơ nào lặp lại hay bị bỏ sót giữa các trang kể cả "
        "khi có hồ sơ mới. `count` đếm chính xác đến 10.000 hồ sơ (`count_exact` = `true`); "
        "quá mức đó là số ước lượng (`count_exact` = `false`). Cách cũ `page` + `page_size` "
        "vẫn dùng được trong 10.000 hồ sơ đầu; sâu hơn phải dùng con trỏ (lỗi 400)."
    ),
)
def list_dossiers(
    request,
    q: str = "",
    status: str = "",
    channel: str = "",
    agency: str = "",
    procedure: str = "",
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
    late: bool = False,
    repeated_supplement: bool = False,
    cursor: str = Query("", max_length=2000, description="`next_cursor`/`previous_cursor`"),
    limit: int = Query(50, ge=1, le=200, description="Số hồ sơ một trang"),
    page: int = Query(1, ge=1, le=PAGE_MAX, description="Cách cũ: số trang"),
    page_size: int = Query(50, ge=1, le=200, description="Cách cũ: cỡ trang"),
):
    qs = selectors.search(
        request.user,
        selectors.Filters(
            q=q,
            status=status,
            channel=channel,
            agency=_agency(agency),
            procedure=procedure,
            received_from=received_from,
            received_to=received_to,
            late=late,
            repeated=repeated_supplement,
        ),
    )
    # The old parameters stay for the clients that send them (a page number, bounded).
    by_page = "page" in request.GET and not cursor
    size = limit if "limit" in request.GET or "page_size" not in request.GET else page_size
    counted = selectors.count(qs)
    body: dict[str, Any] = {"count": counted.n, "count_exact": counted.exact, "limit": size}
    if by_page:
        if page * size > OFFSET_MAX:
            raise DomainError(
                f"Số trang chỉ dùng được trong {OFFSET_MAX:,} hồ sơ đầu; "
                "sâu hơn, dùng con trỏ (cursor) của câu trả lời trước.".replace(",", "."),
                code="offset_too_deep",
            )
        rows = list(qs[(page - 1) * size : page * size])
        body.update(page=page, page_size=size, next_cursor=None, previous_cursor=None)
    else:
        found = keyset.page(qs, order=selectors.NEWEST_FIRST, cursor=cursor, size=size)
        rows = found.items
        body.update(next_cursor=found.next_cursor, previous_cursor=found.previous_cursor)
    body["results"] = [serialize(d) for d in rows]
    return body


@router.get("/dossiers/{code}", response=dict, summary="Chi tiết hồ sơ và diễn biến")
def get_dossier(request, code: str):
    d = selectors.get_for_user(request.user, code)
    data = serialize(d)
    data["applicant"] = selectors.applicant_for(request.user, d, channel="api")
    data["components"] = d.components
    data["apology_reason"] = d.apology_reason
    data["history"] = [
        {
            "at": _iso(e.at),
            "action": e.action,
            "label": ACTION_LABELS.get(e.action, e.action),
            "actor": e.actor.username if e.actor_id else None,
            "from_status": e.from_status or None,
            "to_status": e.to_status or None,
            "from_agency": e.from_agency.code if e.from_agency_id else None,
            "to_agency": e.to_agency.code if e.to_agency_id else None,
            "to_user": e.to_user.username if e.to_user_id else None,
            "step": e.step,
            "note": e.note,
        }
        for e in selectors.timeline(d).select_related("from_agency")
    ]
    return data


def _argument(arg: Arg, value: Any) -> Any:
    if arg.required and value in (None, ""):
        raise DomainError(f"Phải có «{arg.label}» ({arg.name}).")
    if arg.kind == ArgKind.AGENCY:
        return _agency(value)
    if arg.kind == ArgKind.USER and value:
        user = User.objects.filter(username=value).select_related("agency").first()
        if user is None:
            raise NotFound("Không có người nhận này.")
        return user
    return value


@router.post(
    "/dossiers/{code}/actions/{action}",
    response=dict,
    summary="Thao tác trên hồ sơ",
    description="Thao tác: "
    + "; ".join(
        f"`{t.slug}` ({t.label}: {', '.join(a.name for a in t.args) or '—'})"
        for t in services.TRANSITIONS.values()
    ),
)
def act(request, code: str, action: str, payload: ActionIn):
    t = services.BY_SLUG.get(action)
    if t is None:
        raise NotFound(f"Không có thao tác «{action}».")
    d = selectors.get_for_action(request.user, code, payload.version)
    kwargs = {arg.name: _argument(arg, getattr(payload, arg.name)) for arg in t.args}
    # Without a version from the client, the one just read stands for it: of two concurrent
    # requests the second to lock gets the race's 409, whatever its rights would now say.
    version = payload.version if payload.version is not None else d.version
    d = t.service(actor=request.user, dossier=d, at=payload.at, expected_version=version, **kwargs)
    return serialize(d)


@router.get(
    "/lookup",
    auth=None,
    response=dict,
    summary="Tra cứu công khai",
    openapi_extra=ratelimit.OPENAPI_EXTRA,
)
def lookup(request, code: str = "", phone: str = ""):
    """Code plus the last four digits of the phone; the same answer for an unknown code and a
    wrong phone; no personal data; rate-limited per address. The JSON of a found dossier is
    kept beside its cached answer, per language, as the lookup page keeps its HTML: a kept
    lookup is one round trip to Redis and no serialising (issue 14)."""
    body_key = (
        lookup_cache.page_key(code, f"{get_language()}|api")
        if code and lookup_cache.cache() is not None
        else None
    )
    found = selectors.public_lookup_found(code, phone, body_key, client=client_ip(request))
    if found.facts is None:
        raise NotFound(selectors.NOT_FOUND)
    if found.page is not None and body_key is not None:
        return HttpResponse(found.page, content_type=JSON)
    answer = selectors.lookup_answer(found)
    assert answer is not None
    answer["timeline"] = [
        {"at": _iso(t["at"]), "action": t["action"], "label": t["label"]}
        for t in answer["timeline"]
    ]
    for key in (
        "received_date",
        "due_date",
        "apology_due_date",
        "finished_date",
        "returned_at",
        "clock_stopped_since",
        "collect_from",
    ):
        answer[key] = _iso(answer[key])
    body = json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
    if body_key is not None:
        lookup_cache.keep_page(body_key, found.stamp, body)
    return HttpResponse(body, content_type=JSON)
