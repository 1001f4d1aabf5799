"""Writes on surveys: create the SIPAS design, draw a sample (seeded, stratified by agency),
invite the sampled citizens, record answers from the link, paper or phone."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from cchc.accounts import scope
from cchc.core import audit
from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.core.sms import send_sms
from cchc.dossiers.models import Dossier
from cchc.dossiers.models import Status as DossierStatus
from cchc.organizations.models import Agency

from . import sampling
from .designs import SIPAS_ELEMENTS
from .models import (
    Answer,
    Element,
    Question,
    Respondent,
    Response,
    ResponseChannel,
    Sample,
    Survey,
    SurveyKind,
    SurveyStatus,
)

ANSWERED = "Phiếu khảo sát này đã được trả lời; mỗi người chỉ trả lời một lần. Xin cảm ơn."
BAD_LINK = "Đường dẫn khảo sát không hợp lệ."
CLOSED = "Cuộc khảo sát chưa mở hoặc đã kết thúc."


def can_manage(user: Any, survey: Survey | None = None) -> bool:
    """Home Affairs runs surveys for the province (DOMAIN 1)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not (user.is_superuser or user.is_province_wide):
        return False
    return survey is None or scope.can_see_agency(user, survey.province)


def can_enter(user: Any, survey: Survey) -> bool:
    """Interviewers typing paper and phone answers: Home Affairs and focal points."""
    if can_manage(user, survey):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role == "focal_point"
        and user.agency_id
        and user.agency.path.startswith(survey.province.path)
    )


@transaction.atomic
def survey_create_sipas(
    *,
    actor: Any,
    year: int,
    province: Agency,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    code: str = "",
    name: str = "",
) -> Survey:
    """The default SIPAS survey of a year, with its five elements and fifteen questions."""
    if actor is not None and not can_manage(actor):
        raise Forbidden("Chỉ Sở Nội vụ tổ chức khảo sát.")
    if not 2000 <= year <= 2100:
        raise DomainError("Năm khảo sát không hợp lệ.")
    code = (code or f"SIPAS-{year}").strip()
    if Survey.objects.filter(code=code).exists():
        raise Conflict(f"Đã có cuộc khảo sát mã «{code}».")
    survey = Survey.objects.create(
        code=code,
        name=name or f"Khảo sát mức độ hài lòng về sự phục vụ hành chính năm {year}",
        kind=SurveyKind.SIPAS,
        year=year,
        province=province,
        period_from=period_from or dt.date(year, 1, 1),
        period_to=period_to or dt.date(year, 12, 31),
    )
    for order, (ecode, ename, questions) in enumerate(SIPAS_ELEMENTS, start=1):
        el = Element.objects.create(survey=survey, order=order, code=ecode, name=ename)
        for qorder, (measure, text) in enumerate(questions, start=1):
            Question.objects.create(element=el, order=qorder, text=text, measure=measure)
    audit.record(actor=actor, obj=survey, action="survey.create", changes={"code": [None, code]})
    return survey


@transaction.atomic
def survey_set_status(*, actor: Any, survey: Survey, status: str, published: bool | None = None):
    if not can_manage(actor, survey):
        raise Forbidden()
    if status not in SurveyStatus.values:
        raise DomainError("Trạng thái không hợp lệ.")
    s = Survey.objects.select_for_update().get(pk=survey.pk)
    before = audit.snapshot(s, ["status", "published"])
    s.status = status
    if published is not None:
        s.published = published
    s.save(update_fields=["status", "published"])
    audit.record(
        actor=actor,
        obj=s,
        action="survey.status",
        changes=audit.diff(before, audit.snapshot(s, ["status", "published"])),
    )
    return s


def population(survey: Survey) -> dict[int, list[int]]:
    """The period's transactions: dossiers of the province whose result was ready or returned
    within the survey period, grouped by resolving agency (the strata)."""
    rows = Dossier.objects.filter(
        agency__path__startswith=survey.province.path,
        status__in=[DossierStatus.RESULT_READY, DossierStatus.RETURNED],
        finished_date__gte=survey.period_from,
        finished_date__lte=survey.period_to,
    ).values_list("agency_id", "pk")
    strata: dict[int, list[int]] = defaultdict(list)
    for agency_id, pk in rows:
        strata[agency_id].append(pk)
    return dict(strata)


@transaction.atomic
def sample_draw(*, actor: Any, survey: Survey, seed: int | None = None) -> Sample:
    """n = ⌈N/(1+N·e²)⌉ drawn at random within each agency in proportion to its dossiers; the
    seed is stored, so the same draw can be repeated and checked."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if actor is not None and not can_manage(actor, survey):
        raise Forbidden("Chỉ Sở Nội vụ chọn mẫu khảo sát.")
    if survey.status == SurveyStatus.CLOSED:
        raise Conflict(CLOSED)
    if Respondent.objects.filter(sample__survey=survey, answered_at__isnull=False).exists():
        raise Conflict("Đã có người trả lời theo mẫu hiện tại; không chọn lại mẫu được.")
    strata = population(survey)
    total = sum(len(v) for v in strata.values())
    if total == 0:
        raise DomainError("Không có hồ sơ nào trong kỳ khảo sát để chọn mẫu.")
    if seed is None:
        seed = secrets.randbelow(2**31)
    n = sampling.sample_size(total, survey.margin)
    picked = sampling.draw(strata, n, seed)
    Sample.objects.filter(survey=survey).delete()
    sample = Sample.objects.create(
        survey=survey,
        seed=seed,
        population=total,
        margin=survey.margin,
        size=n,
        drawn_at=timezone.now(),
        drawn_by=actor if getattr(actor, "pk", None) else None,
    )
    number = 0
    respondents = []
    for agency_id in sorted(picked):
        for dossier_id in picked[agency_id]:
            number += 1
            respondents.append(
                Respondent(
                    sample=sample,
                    number=number,
                    dossier_id=dossier_id,
                    agency_id=agency_id,
                    token=secrets.token_urlsafe(18),
                )
            )
    Respondent.objects.bulk_create(respondents)
    if survey.status == SurveyStatus.DRAFT:
        survey.status = SurveyStatus.OPEN
        survey.save(update_fields=["status"])
    audit.record(
        actor=actor,
        obj=survey,
        action="survey.sample",
        changes={"seed": [None, seed], "population": [None, total], "size": [None, n]},
    )
    pk = sample.pk
    transaction.on_commit(lambda: invite(pk))
    return sample


def answer_url(token: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/khao-sat/s/{token}/"


def invite(sample_id: int) -> int:
    """SMS or e-mail with the personal link to every sampled citizen not yet invited."""
    sent = 0
    rows = Respondent.objects.filter(sample_id=sample_id, invited_at__isnull=True).select_related(
        "dossier", "sample__survey"
    )
    for r in rows:
        d = r.dossier
        if d is None or not (d.applicant_phone or d.applicant_email):
            continue
        body = (
            f"Mời Ông/Bà tham gia khảo sát mức độ hài lòng ({r.sample.survey.name}): "
            f"{answer_url(r.token)}"
        )
        if d.applicant_phone:
            send_sms(d.applicant_phone, body)
        if d.applicant_email:
            send_mail(
                f"[{settings.SITE_NAME}] Khảo sát mức độ hài lòng",
                body,
                None,
                [d.applicant_email],
                fail_silently=True,
            )
        Respondent.objects.filter(pk=r.pk).update(invited_at=timezone.now())
        sent += 1
    return sent


def respondent_for_token(token: str) -> Respondent:
    r = (
        Respondent.objects.select_related("sample__survey", "agency")
        .filter(token=token or "")
        .first()
    )
    if r is None:
        raise DomainError(BAD_LINK, code="bad_link")
    return r


def _values(survey: Survey, answers: Mapping[int, Any]) -> dict[Question, int]:
    questions = list(Question.objects.filter(element__survey=survey))
    out: dict[Question, int] = {}
    missing = []
    for q in questions:
        raw = answers.get(q.pk)
        if raw is None or raw == "":
            missing.append(q)
            continue
        try:
            value = int(str(raw))
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            raise DomainError(f"Câu «{q.text}»: chỉ nhận mức từ 1 đến 5.", code="answer_value")
        out[q] = value
    if missing:
        raise DomainError(
            f"Còn {len(missing)} câu chưa trả lời (câu đầu tiên: «{missing[0].text}»).",
            code="answer_missing",
        )
    unknown = set(answers) - {q.pk for q in questions}
    if unknown:
        raise DomainError("Có câu trả lời không thuộc phiếu khảo sát.")
    return out


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    answers: Mapping[int, Any],
    channel: str,
    agency: Agency | None = None,
    respondent: Respondent | None = None,
    actor: Any = None,
) -> Response:
    """Record one filled questionnaire. From a sampled citizen's link, or typed by an
    interviewer (with the paper's number when it belongs to the sample). Once per respondent;
    the response keeps no link to the respondent."""
    if channel not in ResponseChannel.values:
        raise DomainError("Hình thức trả lời không hợp lệ.")
    if channel != ResponseChannel.LINK and not can_enter(actor, survey):
        raise Forbidden("Bạn không có quyền nhập phiếu khảo sát.")
    s = Survey.objects.select_for_update().get(pk=survey.pk)
    if s.status != SurveyStatus.OPEN:
        raise Conflict(CLOSED, code="closed")
    if respondent is not None:
        respondent = Respondent.objects.select_for_update().get(pk=respondent.pk)
        if respondent.sample.survey_id != s.pk:
            raise DomainError(BAD_LINK)
        if respondent.answered_at is not None:
            raise Conflict(ANSWERED, code="answered")
        agency = respondent.agency
    if agency is None:
        raise DomainError("Phải chọn cơ quan được khảo sát.", code="agency")
    if not agency.path.startswith(s.province.path):
        raise DomainError("Cơ quan không thuộc tỉnh của cuộc khảo sát.")
    values = _values(s, answers)
    response = Response.objects.create(survey=s, agency=agency, channel=channel)
    Answer.objects.bulk_create(
        Answer(response=response, question=q, value=v) for q, v in values.items()
    )
    if respondent is not None:
        Respondent.objects.filter(pk=respondent.pk).update(answered_at=timezone.now())
    # The audit row names the survey, not the response, so answers stay anonymous.
    audit.record(
        actor=actor,
        obj=s,
        action="survey.response",
        changes={"channel": [None, channel], "agency": [None, agency.code]},
    )
    return response


def margin_decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except (ArithmeticError, ValueError) as exc:
        raise DomainError("Sai số phải là số, ví dụ 0.05.") from exc
    if not Decimal(0) < value < Decimal("0.5"):
        raise DomainError("Sai số phải lớn hơn 0 và nhỏ hơn 0,5.")
    return value
