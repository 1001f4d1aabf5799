"""The one-stop forms filled from a dossier, as plain data both the HTML page and the DOCX read.

Two sets, chosen by the dossier's ``rule_set`` (its date of receipt, DOMAIN.md §5):
Circular 01/2018/TT-VPCP (Decree 61/2018) for dossiers received before 1/7/2025, forms 01–04 and
06–07; Circular 03/2025/TT-VPCP (Decree 118/2025) since, forms 01–07 with 05, the stop notice
(Decree 118/2025 lets the applicant ask to stop), and 04 becoming a request to extend the time.
The official texts are legal wording, so they stay in Vietnamese whatever the page language.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from cchc.core.officialdoc import place_date
from cchc.core.text import vn_date
from cchc.dossiers.models import Channel, Dossier, DossierEvent, RuleSet, SupplementRequest
from cchc.organizations.models import Agency

from .qr import lookup_url

DOTS = "…………………"

TITLES: dict[str, dict[str, str]] = {  # keyed by RuleSet values
    RuleSet.R2025: {
        "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "03": "Phiếu từ chối tiếp nhận, giải quyết hồ sơ",
        "04": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
        "05": "Thông báo dừng giải quyết hồ sơ",
        "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "07": "Sổ theo dõi hồ sơ",
    },
    RuleSet.R2018: {
        "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
        "04": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "07": "Sổ theo dõi hồ sơ",
    },
}
LEGAL_BASIS: dict[str, str] = {
    RuleSet.R2025: "Thông tư số 03/2025/TT-VPCP",
    RuleSet.R2018: "Thông tư số 01/2018/TT-VPCP",
}
# Forms filled from one dossier; 07 is the book of a desk over a period.
DOSSIER_FORMS = ("01", "02", "03", "04", "05", "06")

ACTION_LABELS = {
    "receive": "Tiếp nhận hồ sơ",
    "desk_supplement": "Yêu cầu bổ sung tại Một cửa",
    "transfer": "Chuyển xử lý",
    "request_supplement": "Yêu cầu bổ sung, hoàn thiện",
    "supplement_received": "Nhận hồ sơ bổ sung",
    "apologize": "Xin lỗi, hẹn lại",
    "stop": "Dừng giải quyết",
    "refuse": "Từ chối",
    "result_ready": "Có kết quả",
    "return": "Trả kết quả",
}


def forms_for(rule_set: str) -> list[tuple[str, str]]:
    """``[(number, title), ...]`` of the set a dossier is printed with."""
    titles = TITLES.get(rule_set, TITLES[RuleSet.R2025])
    return [(no, title) for no, title in titles.items()]


@dataclass
class Line:
    key: str
    label: str
    value: str


@dataclass
class Signer:
    title: str
    note: str = "(Ký và ghi rõ họ tên)"
    name: str = ""
    authority: str = ""


@dataclass
class Form:
    no: str
    rule_set: str
    title: str
    issuer: str
    parent: str
    place: str
    day: dt.date | None
    code: str
    summary: str = ""
    paper: str = "A4"
    intro: str = ""
    lines: list[Line] = field(default_factory=list)
    items_title: str = ""
    items: list[str] = field(default_factory=list)
    after: list[Line] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    signers: list[Signer] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=lambda: [""])
    notes: list[str] = field(default_factory=list)
    qr_url: str = ""

    @property
    def place_date(self) -> str:
        return place_date(self.place, self.day) if self.day else ""

    @property
    def legal_basis(self) -> str:
        return f"Mẫu số {self.no} – {LEGAL_BASIS.get(self.rule_set, '')}"

    def text(self) -> str:
        """Everything printed, for search and tests."""
        parts = [self.title, self.issuer, self.code, self.intro, self.items_title]
        parts += [f"{x.label}: {x.value}" for x in self.lines + self.after]
        parts += self.items + self.paragraphs + self.notes
        parts += [" ".join(r) for r in self.table_rows]
        return "\n".join(p for p in parts if p)


# ---- small formatters ---------------------------------------------------------------------


def local(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value is not None else None


def hour_minute_date(value: dt.datetime | None) -> str:
    """``09 giờ 30 phút, ngày 05/01/2026`` as the forms write a moment."""
    value = local(value)
    if value is None:
        return DOTS
    return f"{value:%H} giờ {value:%M} phút, ngày {vn_date(value)}"


def place_of(agency: Agency) -> str:
    """The place written before the date: the province's name without "Ủy ban nhân dân tỉnh"."""
    name = agency.name
    name = re.sub(r"^(Ủy ban nhân dân|UBND)\s+", "", name, flags=re.IGNORECASE)
    name = re.sub(r"^(tỉnh|thành phố|TP\.)\s+", "", name, flags=re.IGNORECASE)
    return name


def statutory_time(dossier: Dossier) -> str:
    proc = dossier.procedure
    if proc.time_unit == "same_day":
        return "Trong ngày"
    if proc.time_amount is None or proc.time_unit == "none":
        return proc.time_text or "Không quy định"
    amount = proc.time_amount
    number = f"{int(amount):02d}" if amount == int(amount) else str(amount).replace(".", ",")
    return f"{number} {proc.get_time_unit_display()}"


def component_text(item: Any) -> str:
    """Components are kept as the desk entered them: text, or a dict with a name and copies."""
    if isinstance(item, dict):
        name = str(item.get("name") or item.get("ten") or item.get("title") or "")
        extra = []
        kind = item.get("copy_type_display") or item.get("copy_type_label")
        if kind:
            extra.append(str(kind))
        copies = item.get("copies") or item.get("so_ban")
        if copies:
            extra.append(f"{int(copies):02d} bản")
        return f"{name} ({', '.join(extra)})" if extra else name
    return str(item)


def appointment_text(at: dt.datetime | None, day: dt.date | None) -> str:
    """The appointment's hour is written when the service set one; a date alone stays a
    date."""
    if at is not None:
        return hour_minute_date(at)
    return f"ngày {vn_date(day)}" if day else DOTS


def person_name(user: Any) -> str:
    if user is None:
        return ""
    full = f"{user.last_name} {user.first_name}".strip()
    return full or user.get_username()


def _applicant_lines(d: Dossier, *, with_code: bool = True) -> list[Line]:
    lines = []
    if with_code:
        lines.append(Line("code", "Mã hồ sơ", d.code))
    label = "Tổ chức" if d.applicant_kind == "organisation" else "Ông/Bà"
    lines += [
        Line("applicant", label, d.applicant_name),
        Line("id_number", "Số định danh cá nhân/Mã số", d.applicant_id_number or DOTS),
        Line("address", "Địa chỉ", d.applicant_address or DOTS),
        Line("phone", "Số điện thoại", d.applicant_phone or DOTS),
        Line("email", "Thư điện tử", d.applicant_email or DOTS),
        Line("request", "Nội dung yêu cầu giải quyết", d.procedure.name),
    ]
    return lines


def _base(d: Dossier, no: str, issuer: Agency, day: dt.date | None) -> Form:
    parent = issuer.parent
    return Form(
        no=no,
        rule_set=d.rule_set,
        title=TITLES.get(d.rule_set, TITLES[RuleSet.R2025])[no],
        issuer=issuer.name,
        parent=parent.name if parent is not None else "",
        place=place_of(d.desk.province),
        day=day,
        code=d.code,
    )


def _event(d: Dossier, action: str) -> DossierEvent | None:
    return d.events.filter(action=action).select_related("actor").order_by("-at", "-id").first()


# ---- the forms -----------------------------------------------------------------------------


def receipt(d: Dossier) -> Form:
    """Form 01: given to the applicant, a second copy travels with the dossier (Circular
    01/2018 Art. 5; Circular 03/2025 Appendix I): two copies on the printed page."""
    received = local(d.received_at)
    form = _base(d, "01", d.desk, received.date() if received else None)
    form.paper = "A5"
    form.intro = f"{d.desk.name} tiếp nhận hồ sơ của:"
    form.lines = _applicant_lines(d)
    form.items_title = "1. Thành phần hồ sơ nộp gồm:"
    form.items = [component_text(c) for c in d.components] or [DOTS]
    if d.return_by_post or d.channel == Channel.POST:
        where = "Nhận qua dịch vụ bưu chính công ích"
        if d.applicant_address:
            where += f" tại địa chỉ: {d.applicant_address}"
    else:
        where = f"Bộ phận Một cửa – {d.desk.name}"
    # A reprint shows the appointment given at receipt; a later one (the clock paused for a
    # supplement, a calendar change) and an apology's new date are written apart.
    first_at = d.first_due_at if d.first_due_date else d.due_at
    first_date = d.first_due_date or d.due_date
    due_text = appointment_text(first_at, first_date)
    later: list[Line] = []
    if d.due_date and first_date and d.due_date != first_date:
        why = (
            "tạm dừng chờ bổ sung, hoàn thiện hồ sơ"
            if d.supplements.filter(stage=SupplementRequest.Stage.PROCESSING).exists()
            else "lịch làm việc thay đổi"
        )
        later.append(
            Line(
                "due_later",
                "Thời gian trả kết quả sau điều chỉnh",
                f"{appointment_text(d.due_at, d.due_date)} (do {why})",
            )
        )
    if d.apology_due_date:
        later.append(
            Line(
                "apology_due",
                "Ngày hẹn lại theo văn bản xin lỗi",
                f"ngày {vn_date(d.apology_due_date)}",
            )
        )
    form.after = [
        Line("sets", "2. Số lượng hồ sơ", f"{d.sets:02d} (bộ)"),
        Line("statutory", "3. Thời gian giải quyết hồ sơ theo quy định", statutory_time(d)),
        Line("received_at", "4. Thời gian nhận hồ sơ", hour_minute_date(d.received_at)),
        Line("due_at", "5. Thời gian trả kết quả giải quyết hồ sơ", due_text),
        *later,
        Line("return_place", "6. Đăng ký nhận kết quả tại", where),
        Line(
            "book",
            "Vào Sổ theo dõi hồ sơ",
            f"Quyển số: {d.book_number or DOTS} – Số thứ tự: {d.book_line or DOTS}",
        ),
    ]
    form.signers = [
        Signer("Người nộp hồ sơ", name=d.applicant_name),
        Signer("Người tiếp nhận hồ sơ", name=person_name(d.received_by)),
    ]
    form.copies = ["Liên 1: Giao người nộp hồ sơ", "Liên 2: Lưu kèm hồ sơ tại Bộ phận Một cửa"]
    form.qr_url = lookup_url(d.code)
    form.notes = [
        f"Tra cứu tình trạng hồ sơ: {form.qr_url} (nhập mã hồ sơ và 4 số cuối điện thoại).",
    ]
    return form


def _latest_supplement(d: Dossier) -> SupplementRequest | None:
    return d.supplements.select_related("requested_by").order_by("-requested_at", "-id").first()


def supplement(d: Dossier) -> Form:
    """Form 02: what is missing and why, given once and completely (Decree 61/2018 Art. 19;
    Decree 118/2025): a second request is the failure seed 000 counts."""
    sr = _latest_supplement(d)
    at_desk = sr is None or sr.stage == SupplementRequest.Stage.DESK
    issuer = d.desk if at_desk else d.agency
    form = _base(d, "02", issuer, local(sr.requested_at).date() if sr else None)  # type: ignore[union-attr]
    form.intro = f"Ngày {vn_date(local(d.received_at))}, {d.desk.name} tiếp nhận hồ sơ của:"
    form.lines = _applicant_lines(d)
    form.items_title = "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:"
    items = [x.strip(" -•\t") for x in (sr.items.splitlines() if sr else []) if x.strip()]
    form.items = items or [DOTS]
    count = d.desk_supplement_count if at_desk else d.supplement_count
    form.after = [
        Line("reason", "Lý do", (sr.reason if sr else "") or DOTS),
        Line("count", "Lần yêu cầu bổ sung", f"{max(count, 1):02d}"),
    ]
    contact = person_name(sr.requested_by) if sr else ""
    phone = issuer.phone or DOTS
    form.paragraphs = [
        "Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ với "
        f"{contact or DOTS}, số điện thoại {phone} để được hướng dẫn."
    ]
    form.paragraphs.append(supplement_rule_paragraph(d, sr, at_desk))
    form.signers = [Signer("Người hướng dẫn", name=contact)]
    return form


def _legal_basis_of_supplement(d: Dossier) -> str:
    """Where the one-request, time-counts rule is written, by the dossier's rule set (DOMAIN 5
    [check the article numbers])."""
    if d.rule_set == RuleSet.R2018:
        return (
            "Điều 19 Nghị định số 61/2018/NĐ-CP, được sửa đổi, bổ sung bởi Nghị định số "
            "107/2021/NĐ-CP"
        )
    return "Nghị định số 118/2025/NĐ-CP"


def _days(value: Any) -> str:
    number = f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
    return number.replace(".", ",")


def supplement_rule_paragraph(d: Dossier, sr: SupplementRequest | None, at_desk: bool) -> str:
    """The rule that applies to this request, in the official wording: at the desk the time
    has not started; during processing the time already spent counts and the clock resumes
    with what is left, or (a specialised law, cited) restarts."""
    if at_desk:
        return (
            "Thời hạn giải quyết được tính từ ngày Bộ phận Một cửa tiếp nhận đủ hồ sơ theo quy "
            "định. Đề nghị ông/bà bổ sung, hoàn thiện đầy đủ các nội dung nêu trên trong một lần."
        )
    rule = (sr.rule if sr else "") or d.procedure.supplement_rule
    unit = d.procedure.get_time_unit_display()
    if rule == "restart":
        source = d.procedure.supplement_rule_source or DOTS
        return (
            "Cơ quan giải quyết yêu cầu bổ sung, hoàn thiện hồ sơ một lần, nêu đầy đủ các nội dung "
            "còn thiếu. Thời hạn giải quyết được tính lại từ đầu kể từ ngày cơ quan nhận đủ hồ sơ "
            f"bổ sung, hoàn thiện (căn cứ: {source})."
        )
    left = ""
    if sr is not None and sr.time_left is not None:
        left = (
            f" ({_days(sr.time_used)} {unit} đã giải quyết, còn lại {_days(sr.time_left)} {unit})"
        )
    return (
        "Cơ quan giải quyết yêu cầu bổ sung, hoàn thiện hồ sơ một lần, nêu đầy đủ các nội dung "
        "còn thiếu. Thời gian mà cơ quan đã giải quyết lần đầu được tính trong thời gian giải "
        "quyết hồ sơ; thời hạn giải quyết tạm dừng trong thời gian ông/bà bổ sung, hoàn thiện "
        "hồ sơ và được tính tiếp thời gian còn lại kể từ ngày cơ quan nhận đủ hồ sơ bổ sung, "
        f"hoàn thiện{left} (theo {_legal_basis_of_supplement(d)})."
    )


def refusal(d: Dossier) -> Form:
    """Form 03: the desk (or the resolving agency) refuses, with the reason in writing."""
    ev = _event(d, "refuse")
    by_desk = ev is None or ev.from_agency_id in (None, d.desk_id)
    issuer = d.desk if by_desk else d.agency
    day = local(ev.at).date() if ev else local(d.finished_at).date() if d.finished_at else None  # type: ignore[union-attr]
    form = _base(d, "03", issuer, day)
    form.intro = f"{d.desk.name} tiếp nhận hồ sơ của:"
    form.lines = _applicant_lines(d)
    form.paragraphs = [
        f"Qua xem xét, {issuer.name} thông báo không tiếp nhận, giải quyết hồ sơ này "
        "với lý do cụ thể như sau:",
        d.refusal_reason or (ev.note if ev else "") or DOTS,
        "Xin thông báo để ông/bà được biết và thực hiện./.",
    ]
    form.signers = [
        Signer(
            "Người tiếp nhận hồ sơ" if by_desk else "Thủ trưởng cơ quan",
            name=person_name(ev.actor) if ev else "",
        )
    ]
    return form


def apology(d: Dossier) -> Form:
    """Form 04: the late agency apologises and sets a new date, once (Decree 61/2018 Art. 19
    for the 2018 "phiếu xin lỗi và hẹn lại"; Decree 118/2025 asks to extend the time)."""
    ev = _event(d, "apologize")
    day = local(d.apologized_at or (ev.at if ev else None))
    form = _base(d, "04", d.agency, day.date() if day else None)
    form.intro = f"Kính gửi: {d.applicant_name}"
    form.lines = [
        Line("code", "Mã hồ sơ", d.code),
        Line("applicant", "Người nộp hồ sơ", d.applicant_name),
        Line("address", "Địa chỉ", d.applicant_address or DOTS),
        Line("phone", "Số điện thoại", d.applicant_phone or DOTS),
        Line("email", "Thư điện tử", d.applicant_email or DOTS),
        Line("request", "Nội dung yêu cầu giải quyết", d.procedure.name),
        Line("received_at", "Thời gian nhận hồ sơ", hour_minute_date(d.received_at)),
        Line("due_at", "Thời hạn trả kết quả đã hẹn", vn_date(d.due_date) or DOTS),
    ]
    reason = d.apology_reason or (ev.note if ev else "") or DOTS
    new_day = vn_date(d.apology_due_date) or DOTS
    form.paragraphs = [
        f"Đến nay, {d.agency.name} chưa trả kết quả giải quyết hồ sơ của ông/bà theo thời hạn "
        f"đã hẹn. Lý do: {reason}",
    ]
    if d.rule_set == RuleSet.R2025:
        form.paragraphs.append(
            f"{d.agency.name} xin lỗi ông/bà vì sự chậm trễ này và đề nghị ông/bà đồng ý gia hạn "
            f"thời gian giải quyết hồ sơ đến ngày {new_day}."
        )
    else:
        form.paragraphs.append(
            f"{d.agency.name} xin lỗi ông/bà và sẽ trả kết quả giải quyết hồ sơ vào ngày {new_day}."
        )
    form.paragraphs.append("Kính mong nhận được sự thông cảm của ông/bà./.")
    form.after = [Line("new_due", "Ngày hẹn trả kết quả mới", new_day)]
    form.signers = [
        Signer("Thủ trưởng cơ quan, đơn vị", note="(Ký, ghi rõ họ tên, đóng dấu)"),
    ]
    form.recipients = ["Như trên;", "Bộ phận Một cửa;", "Lưu: VT, hồ sơ."]
    return form


def stop_notice(d: Dossier) -> Form:
    """Form 05 (2025 set only): the agency stops at the applicant's request (Decree 118/2025)."""
    ev = _event(d, "stop")
    day = local(ev.at if ev else d.finished_at)
    form = _base(d, "05", d.agency, day.date() if day else None)
    form.intro = f"Kính gửi: {d.applicant_name}"
    form.lines = _applicant_lines(d)
    reason = d.stop_reason or (ev.note if ev else "") or DOTS
    form.paragraphs = [
        f"Ngày {vn_date(local(d.received_at))}, {d.desk.name} tiếp nhận hồ sơ nêu trên.",
        f"Theo đề nghị dừng giải quyết hồ sơ của ông/bà (lý do: {reason}), {d.agency.name} "
        f"thông báo dừng giải quyết hồ sơ kể từ ngày {vn_date(day) or DOTS}.",
        "Ông/bà nhận lại hồ sơ tại Bộ phận Một cửa nơi đã nộp hồ sơ./.",
    ]
    form.signers = [Signer("Thủ trưởng cơ quan, đơn vị", note="(Ký, ghi rõ họ tên, đóng dấu)")]
    form.recipients = ["Như trên;", "Bộ phận Một cửa;", "Lưu: VT, hồ sơ."]
    return form


def _judge(
    at: dt.datetime, deadline: dt.datetime | None, day_deadline: dt.date | None, hours: bool
) -> str:
    """Before, on or after a deadline: by the minute for procedures in hours, else by the day."""
    local_at = local(at)
    assert local_at is not None
    if hours and deadline is not None:
        if local_at.replace(tzinfo=None) > deadline:
            return "Quá hạn"
        return "Đúng hạn" if local_at.date() == deadline.date() else "Trước hạn"
    if day_deadline is None:
        return ""
    if local_at.date() < day_deadline:
        return "Trước hạn"
    return "Đúng hạn" if local_at.date() == day_deadline else "Quá hạn"


def event_result(d: Dossier, at: dt.datetime) -> str:
    """A hand-off compared with the appointment: before, on or after the due day."""
    return _judge(at, None, d.due_date, False)


def control_rows(d: Dossier, events: list[DossierEvent]) -> list[list[str]]:
    """One row per hand-off. Each hand-off ends the step the dossier was in: it is judged
    against that step's deadline as it stood then (``services.step_deadlines_at``: allowances
    cumulated, DOMAIN 4, moved by a paused supplement wait, or counted afresh from the return
    of the complete file where the procedure's rule restarts the time); hand-offs outside the
    steps (the desk's) against the appointment."""
    from cchc.dossiers import services

    supplements = list(d.supplements.all())
    in_hours = d.procedure.time_unit == "hours"
    rows = []
    current: int | None = None
    for n, ev in enumerate(events, start=1):
        giver_agency = ev.from_agency.name if ev.from_agency else d.desk.name
        taker_agency = ev.to_agency.name if ev.to_agency else ""
        agencies = f"Giao: {giver_agency}"
        if taker_agency:
            agencies += f"\nNhận: {taker_agency}"
        giver = person_name(ev.from_user or ev.actor)
        taker = person_name(ev.to_user) if ev.to_user else taker_agency
        note = ACTION_LABELS.get(ev.action, ev.action)
        if ev.step:
            note += f" (B{ev.step})"
        result = ""
        if ev.action in ("receive", "desk_supplement"):
            # At the desk the applicant hands the dossier to the receiving officer.
            agencies = f"Tiếp nhận: {d.desk.name}"
            giver, taker = d.applicant_name, person_name(ev.actor or d.received_by)
        elif current is not None and 1 <= current <= len(
            deadlines := services.step_deadlines_at(d, ev.at, supplements)
        ):
            deadline = deadlines[current - 1]
            result = _judge(ev.at, deadline, deadline.date(), in_hours)
            note += f"; hạn bước B{current}: {hour_minute_date_naive(deadline)}"
        else:
            result = event_result(d, ev.at)
        if ev.note:
            note += f": {ev.note}"
        if ev.action == "transfer" and ev.step:
            current = ev.step
        elif ev.action in ("result_ready", "refuse", "stop", "return"):
            current = None
        rows.append(
            [
                str(n),
                agencies,
                hour_minute_date(ev.at),
                giver,
                taker,
                result,
                note,
            ]
        )
    return rows


def hour_minute_date_naive(value: dt.datetime) -> str:
    return f"{value:%H} giờ {value:%M} phút, ngày {vn_date(value.date())}"


def control_sheet(d: Dossier) -> Form:
    """Form 06: one row per hand-off, who gave, who took, when, and whether it was in time
    (Circular 01/2018 Art. 9; Circular 03/2025): read from the dossier's event rows."""
    received = local(d.received_at)
    form = _base(d, "06", d.desk, received.date() if received else None)
    form.lines = [
        Line("code", "Mã hồ sơ", d.code),
        Line("applicant", "Kèm theo hồ sơ của", d.applicant_name),
        Line("request", "Nội dung yêu cầu giải quyết", d.procedure.name),
        Line("received_at", "Ngày, giờ nhận hồ sơ", hour_minute_date(d.received_at)),
        Line("due_at", "Ngày hẹn trả kết quả", vn_date(d.first_due_date or d.due_date) or DOTS),
        *(
            [Line("due_later", "Ngày hẹn trả sau điều chỉnh", vn_date(d.due_date))]
            if d.first_due_date and d.due_date and d.due_date != d.first_due_date
            else []
        ),
        Line("agency", "Cơ quan chủ trì giải quyết", d.agency.name),
    ]
    events = list(
        d.events.select_related("actor", "from_user", "to_user", "from_agency", "to_agency")
    )
    form.table_header = [
        "STT",
        "Tên cơ quan, đơn vị",
        "Thời gian giao, nhận hồ sơ",
        "Người giao",
        "Người nhận",
        "Kết quả giải quyết (trước hạn/đúng hạn/quá hạn)",
        "Ghi chú",
    ]
    form.table_rows = control_rows(d, events)
    form.copies = ["Liên: Lưu kèm hồ sơ tại Bộ phận Một cửa"]
    return form


BUILDERS = {
    "01": receipt,
    "02": supplement,
    "03": refusal,
    "04": apology,
    "05": stop_notice,
    "06": control_sheet,
}


def build(d: Dossier, no: str) -> Form | None:
    """The filled form, or None when the dossier's rule set has no such form (05 in 2018)."""
    if no not in BUILDERS or no not in TITLES.get(d.rule_set, {}):
        return None
    return BUILDERS[no](d)
