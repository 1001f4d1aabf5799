"""Writes of the PAR index: importing a criteria set, and the yearly cycle (open → self-score →
submit → appraise → answer → final → publish). Each step locks its rows, checks the state and
the actor's right, changes, and writes an audit row (who, when, from, to, why) through
``cchc.core.audit``; bad input raises a Vietnamese ``DomainError`` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from cchc.accounts import scope
from cchc.core import audit, files
from cchc.core.errors import Conflict, DomainError, Forbidden, NotFound

from . import importing, rights, scoring
from .models import (
    CriteriaImport,
    CriteriaSet,
    Criterion,
    Cycle,
    CycleStatus,
    CycleUnit,
    Score,
    UnitStatus,
)

if TYPE_CHECKING:
    from cchc.accounts.models import User
    from cchc.organizations.models import Agency

logger = logging.getLogger(__name__)

EVIDENCE_TYPES = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".docx": b"PK",
    ".xlsx": b"PK",
}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
IMPORT_MAX_BYTES = 5 * 1024 * 1024


# -- criteria sets --------------------------------------------------------------------------


def criteria_import_preview(
    *, actor: User, file: Any, filename: str, year: int, title: str, province: Agency
) -> CriteriaImport:
    """Parse the file and keep its preview for a person to check; nothing else is written."""
    rights.require_home_affairs(actor)
    size = getattr(file, "size", None)
    if size is not None and size > IMPORT_MAX_BYTES:
        raise DomainError("Tệp quá lớn (tối đa 5 MB).")
    preview = importing.parse(file, filename)
    return CriteriaImport.objects.create(
        created_by=actor,
        province=province,
        year=year,
        title=title or f"Bộ tiêu chí Chỉ số CCHC năm {year}",
        filename=Path(filename).name[:255],
        preview=preview,
    )


CRITERIA_IMPORT_KIND = "indices.criteria"
IMPORT_LIMITS = files.Limits(max_bytes=IMPORT_MAX_BYTES, max_rows=importing.MAX_ROWS)


def criteria_import_job_read(job: Any, upload: files.Upload, progress: Any) -> dict[str, Any]:
    """The reading step of a criteria file uploaded through core's import jobs (in the
    background when large); Home Affairs then checks and commits it on the preview page, as
    for a short file. The year, title and province the form gave travel in ``job.params``."""
    import io

    from cchc.organizations.models import Agency

    pending = criteria_import_preview(
        actor=job.created_by,
        file=io.BytesIO(upload.data),
        filename=upload.name,
        year=int(job.params["year"]),
        title=str(job.params.get("title") or ""),
        province=Agency.objects.get(pk=job.params["province"]),
    )
    preview = pending.preview
    return {
        "criteria_import": pending.pk,
        "criteria": len(preview.get("tree") or []),
        "errors": len(preview.get("errors") or []),
    }


@transaction.atomic
def criteria_import_commit(*, actor: User, pending: CriteriaImport | int) -> CriteriaSet:
    """Create the set exactly as previewed, all or nothing."""
    rights.require_home_affairs(actor)
    row = CriteriaImport.objects.select_for_update().get(
        pk=pending if isinstance(pending, int) else pending.pk
    )
    if row.criteria_set_id:
        raise Conflict("Bộ tiêu chí này đã được nhập.")
    preview = row.preview
    if preview.get("errors"):
        raise DomainError(
            "Tệp còn lỗi, chưa nhập được:\n" + "\n".join(preview["errors"]), code="import_errors"
        )
    return criteria_set_create(
        actor=actor,
        province=row.province,
        year=row.year,
        title=row.title,
        source=row.filename,
        nodes=preview["nodes"],
        max_points=Decimal(str(preview["max_points"])),
        pending=row,
    )


@transaction.atomic
def criteria_set_create(
    *,
    actor: User | None,
    province: Agency,
    year: int,
    title: str,
    source: str = "",
    nodes: Sequence[dict[str, Any]],
    max_points: Decimal,
    pending: CriteriaImport | None = None,
) -> CriteriaSet:
    """``nodes`` as the importer gives them (id, parent, number, title, maximum, method...)."""
    if CriteriaSet.objects.filter(province=province, year=year, title=title).exists():
        raise Conflict(f"Đã có bộ tiêu chí «{title}» năm {year}.")
    cs = CriteriaSet.objects.create(
        province=province,
        year=year,
        title=title,
        source=source,
        max_points=max_points,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    made: dict[int, Criterion] = {}
    for order, n in enumerate(nodes):
        parent = made.get(n["parent"]) if n.get("parent") else None
        made[n["id"]] = Criterion.objects.create(
            criteria_set=cs,
            parent=parent,
            order=order,
            depth=int(n.get("depth", 0)),
            number=n["number"],
            title=n["title"],
            max_points=Decimal(str(n.get("maximum") or 0)),
            method=n.get("method", scoring.SELF),
            evidence_required=n.get("method", scoring.SELF) in (scoring.SELF, scoring.BONUS),
            evidence_hint=n.get("evidence_hint", ""),
            groups=list(n.get("groups", [])),
            indicator=n.get("indicator", ""),
            rule=n.get("rule") or {},
            needs_check=bool(n.get("check", False)),
        )
    if pending is not None:
        pending.criteria_set = cs
        pending.save(update_fields=["criteria_set"])
    audit.record(
        actor=actor,
        obj=cs,
        action="criteria_set_create",
        changes={"criteria": [None, len(made)], "max_points": [None, str(max_points)]},
        reason=source,
    )
    return cs


# -- the cycle ------------------------------------------------------------------------------


@transaction.atomic
def cycle_open(
    *,
    actor: User,
    criteria_set: CriteriaSet,
    units: Iterable[tuple[Agency, str, bool]],
    self_deadline: dt.date,
    council: Iterable[User] = (),
    answer_days: int = 5,
    bands: list[dict[str, Any]] | None = None,
) -> Cycle:
    """Home Affairs opens the year for (agency, group, ranked?) units in its scope."""
    rights.require_home_affairs(actor)
    units = list(units)
    if not units:
        raise DomainError("Phải chọn ít nhất một cơ quan, đơn vị được đánh giá.")
    for agency, group, _ranked in units:
        if not scope.can_see_agency(actor, agency):
            raise Forbidden(f"«{agency}» không thuộc phạm vi của bạn.")
        if not group:
            raise DomainError(f"«{agency}» chưa có nhóm xếp hạng.")
    if Cycle.objects.filter(criteria_set=criteria_set, year=criteria_set.year).exists():
        raise Conflict(f"Kỳ đánh giá năm {criteria_set.year} của bộ tiêu chí này đã mở.")
    if bands:
        _checked_bands(bands)
    cycle = Cycle.objects.create(
        criteria_set=criteria_set,
        year=criteria_set.year,
        self_deadline=self_deadline,
        answer_days=answer_days,
        bands=bands or scoring.bands_to_json(scoring.DEFAULT_BANDS),
        opened_by=actor,
    )
    cycle.council.set(list(council))
    tree = criteria_set.tree()
    leaves = {c.pk: c for c in criteria_set.criteria.all()}
    for agency, group, ranked in units:
        unit = CycleUnit.objects.create(cycle=cycle, agency=agency, group=group, ranked=ranked)
        Score.objects.bulk_create(
            Score(unit=unit, criterion=leaves[leaf]) for leaf in tree.applicable_leaves(group)
        )
    audit.record(
        actor=actor,
        obj=cycle,
        action="cycle_open",
        changes={
            "units": [None, [str(a) for a, _, _ in units]],
            "council": [None, [str(u) for u in cycle.council.all()]],
        },
    )
    return cycle


def _lock_unit(unit: CycleUnit | int) -> CycleUnit:
    pk = unit if isinstance(unit, int) else unit.pk
    return CycleUnit.objects.select_for_update().select_related("cycle", "agency").get(pk=pk)


def _lock_score(unit: CycleUnit, criterion: Criterion | int) -> Score:
    cid = criterion if isinstance(criterion, int) else criterion.pk
    try:
        return (
            Score.objects.select_for_update()
            .select_related("criterion")
            .get(unit=unit, criterion_id=cid)
        )
    except Score.DoesNotExist as exc:
        raise DomainError("Tiêu chí này không áp dụng cho đơn vị.") from exc


def _points(value: Any, criterion: Criterion, what: str) -> Decimal:
    try:
        pts = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation as exc:
        raise DomainError(f"{what} của tiêu chí {criterion.number} phải là số.") from exc
    if pts < 0:
        raise DomainError(f"{what} của tiêu chí {criterion.number} không được âm.")
    if pts > criterion.max_points:
        raise DomainError(
            f"{what} của tiêu chí {criterion.number} ({scoring.fmt(pts)}) vượt điểm tối đa "
            f"{scoring.fmt(criterion.max_points)}."
        )
    return pts


def _check_evidence_file(upload: Any) -> None:
    name = Path(getattr(upload, "name", "") or "").name
    ext = Path(name).suffix.lower()
    if ext not in EVIDENCE_TYPES:
        raise DomainError(f"Tệp «{name}» không được nhận: chỉ nhận PDF, DOCX, XLSX, PNG, JPG.")
    size = getattr(upload, "size", 0) or 0
    if size > EVIDENCE_MAX_BYTES:
        raise DomainError(f"Tệp «{name}» quá lớn (tối đa 10 MB).")
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(EVIDENCE_TYPES[ext]):
        raise DomainError(f"Nội dung tệp «{name}» không khớp với phần mở rộng {ext}.")


SELF_FIELDS = (
    "self_points",
    "explanation",
    "evidence_number",
    "evidence_date",
    "evidence_issuer",
    "evidence_location",
    "evidence_file",
)


@transaction.atomic
def score_self(
    *,
    actor: User,
    unit: CycleUnit | int,
    criterion: Criterion | int,
    points: Any,
    evidence_number: str = "",
    evidence_date: dt.date | None = None,
    evidence_issuer: str = "",
    evidence_location: str = "",
    evidence_file: Any = None,
    explanation: str = "",
) -> Score:
    """Save a draft self-score of one leaf, with its evidence or an explanation."""
    u = _lock_unit(unit)
    if not (scope.can_edit_reform(actor, u.agency) and actor.agency_id == u.agency_id):
        raise Forbidden("Chỉ đầu mối CCHC của chính đơn vị được tự chấm điểm của đơn vị.")
    if u.cycle.status != CycleStatus.OPEN or u.status != UnitStatus.DRAFT:
        raise Conflict("Đơn vị đã gửi kết quả tự chấm; không sửa được nữa.")
    s = _lock_score(u, criterion)
    if s.criterion.method not in scoring.UNIT_SCORED:
        raise DomainError(
            f"Tiêu chí {s.criterion.number} lấy điểm từ điều tra hoặc chỉ số; đơn vị không tự chấm."
        )
    before = audit.snapshot(s, SELF_FIELDS)
    s.self_points = _points(points, s.criterion, "Điểm tự chấm")
    s.evidence_number = evidence_number.strip()
    s.evidence_date = evidence_date
    s.evidence_issuer = evidence_issuer.strip()
    s.evidence_location = evidence_location.strip()
    s.explanation = explanation.strip()
    if evidence_file is not None:
        _check_evidence_file(evidence_file)
        s.evidence_file.save(Path(evidence_file.name).name, evidence_file, save=False)
    s.save()
    audit.record(
        actor=actor,
        obj=s,
        action="score_self",
        changes=audit.diff(before, audit.snapshot(s, SELF_FIELDS)),
    )
    return s


def missing(unit: CycleUnit) -> list[str]:
    """What stops a submission, in the order of the criteria: leaves without points, and
    points above zero without evidence or an explanation."""
    out = []
    for s in unit.scores.select_related("criterion").order_by("criterion__order"):
        c = s.criterion
        if c.method not in scoring.UNIT_SCORED:
            continue
        if s.self_points is None and c.method == scoring.SELF:
            out.append(f"{c.number} {c.title[:80]}: chưa chấm điểm.")
        elif (
            c.evidence_required
            and (s.self_points or 0) > 0
            and not s.has_evidence
            and not s.explanation
        ):
            out.append(
                f"{c.number} {c.title[:80]}: thiếu tài liệu kiểm chứng (số, ngày, cơ quan ban "
                f"hành) hoặc giải thích."
            )
    return out


@transaction.atomic
def unit_submit(*, actor: User, unit: CycleUnit | int) -> CycleUnit:
    """Submit once; what is missing is listed and nothing changes."""
    u = _lock_unit(unit)
    if not (scope.can_edit_reform(actor, u.agency) and actor.agency_id == u.agency_id):
        raise Forbidden("Chỉ đầu mối CCHC của chính đơn vị được gửi kết quả tự chấm.")
    if u.status != UnitStatus.DRAFT:
        raise Conflict("Đơn vị đã gửi kết quả tự chấm; mỗi kỳ chỉ gửi một lần.")
    gaps = missing(u)
    if gaps:
        raise DomainError("Chưa gửi được, còn thiếu:\n" + "\n".join(gaps), code="incomplete")
    u.status = UnitStatus.SUBMITTED
    u.submitted_at = timezone.now()
    u.save(update_fields=["status", "submitted_at"])
    audit.record(actor=actor, obj=u, action="unit_submit", changes={"status": ["draft", u.status]})
    return u


@transaction.atomic
def score_appraise(
    *,
    actor: User,
    unit: CycleUnit | int,
    criterion: Criterion | int,
    points: Any,
    comment: str = "",
) -> Score:
    u = _lock_unit(unit)
    rights.require_council(actor, u.cycle)
    if u.status != UnitStatus.SUBMITTED:
        raise Conflict("Chỉ thẩm định đơn vị đã gửi kết quả tự chấm và chưa kết thúc thẩm định.")
    s = _lock_score(u, criterion)
    if s.criterion.method not in scoring.UNIT_SCORED:
        raise DomainError(f"Tiêu chí {s.criterion.number} không do hội đồng chấm.")
    pts = _points(points, s.criterion, "Điểm thẩm định")
    if pts != s.self_points and not comment.strip():
        raise DomainError(
            f"Điểm thẩm định của tiêu chí {s.criterion.number} khác điểm tự chấm: cần ghi nhận xét."
        )
    before = audit.snapshot(s, ["appraised_points", "appraisal_comment"])
    s.appraised_points = pts
    s.appraisal_comment = comment.strip()
    s.save(update_fields=["appraised_points", "appraisal_comment", "updated_at"])
    audit.record(
        actor=actor,
        obj=s,
        action="score_appraise",
        changes=audit.diff(before, audit.snapshot(s, ["appraised_points", "appraisal_comment"])),
        reason=comment,
    )
    return s


@transaction.atomic
def appraisal_finish(
    *, actor: User, unit: CycleUnit | int, today: dt.date | None = None
) -> CycleUnit:
    """The council has re-scored every leaf: the unit sees the differences and may answer
    within the cycle's answer days."""
    u = _lock_unit(unit)
    rights.require_council(actor, u.cycle)
    if u.status != UnitStatus.SUBMITTED:
        raise Conflict("Đơn vị chưa gửi kết quả hoặc đã được thẩm định.")
    open_ = [
        f"{s.criterion.number}"
        for s in u.scores.select_related("criterion").order_by("criterion__order")
        if s.criterion.method in scoring.UNIT_SCORED and s.appraised_points is None
    ]
    if open_:
        raise DomainError("Còn tiêu chí chưa thẩm định: " + ", ".join(open_) + ".")
    day = today or timezone.localdate()
    u.status = UnitStatus.APPRAISED
    u.appraised_at = timezone.now()
    u.answer_deadline = day + dt.timedelta(days=u.cycle.answer_days)
    u.save(update_fields=["status", "appraised_at", "answer_deadline"])
    audit.record(
        actor=actor, obj=u, action="appraisal_finish", changes={"status": ["submitted", u.status]}
    )
    return u


@transaction.atomic
def unit_answer(
    *, actor: User, unit: CycleUnit | int, answers: dict[int, str], today: dt.date | None = None
) -> CycleUnit:
    """The unit answers the council once, before its deadline; ``answers`` by criterion id."""
    u = _lock_unit(unit)
    if not (scope.can_edit_reform(actor, u.agency) and actor.agency_id == u.agency_id):
        raise Forbidden("Chỉ đầu mối CCHC của chính đơn vị được giải trình.")
    if u.status == UnitStatus.ANSWERED:
        raise Conflict("Đơn vị đã giải trình; mỗi kỳ chỉ giải trình một lần.")
    if u.status != UnitStatus.APPRAISED:
        raise Conflict("Chỉ giải trình sau khi hội đồng thẩm định xong.")
    day = today or timezone.localdate()
    if u.answer_deadline and day > u.answer_deadline:
        raise DomainError(f"Đã quá hạn giải trình ({u.answer_deadline:%d/%m/%Y}).")
    texts = {int(k): v.strip() for k, v in answers.items() if v and v.strip()}
    if not texts:
        raise DomainError("Chưa có nội dung giải trình nào.")
    scores = {s.criterion_id: s for s in u.scores.select_for_update()}
    for cid, text in texts.items():
        s = scores.get(cid)
        if s is None:
            raise DomainError("Tiêu chí giải trình không thuộc đơn vị.")
        s.answer = text
        s.save(update_fields=["answer", "updated_at"])
        audit.record(actor=actor, obj=s, action="score_answer", changes={"answer": ["", text]})
    u.status = UnitStatus.ANSWERED
    u.answered_at = timezone.now()
    u.save(update_fields=["status", "answered_at"])
    audit.record(
        actor=actor, obj=u, action="unit_answer", changes={"status": ["appraised", u.status]}
    )
    return u


@transaction.atomic
def unit_finalise(
    *,
    actor: User,
    unit: CycleUnit | int,
    changes: dict[int, tuple[Any, str]] | None = None,
    today: dt.date | None = None,
) -> CycleUnit:
    """The council's final scores: the appraised points unless ``changes`` (criterion id →
    (points, why)) revise some after the unit's answer. An unanswered unit can be finalised
    once its answer deadline has passed."""
    u = _lock_unit(unit)
    rights.require_council(actor, u.cycle)
    day = today or timezone.localdate()
    if u.status == UnitStatus.APPRAISED and u.answer_deadline and day <= u.answer_deadline:
        raise Conflict("Đơn vị còn trong hạn giải trình; chưa chốt điểm được.")
    if u.status not in (UnitStatus.APPRAISED, UnitStatus.ANSWERED):
        raise Conflict("Chỉ chốt điểm sau thẩm định.")
    changes = changes or {}
    for s in u.scores.select_for_update().select_related("criterion"):
        before = s.final_points
        reason = ""
        if s.criterion_id in changes:
            value, reason = changes[s.criterion_id]
            if not reason.strip():
                raise DomainError(f"Cần ghi lý do sửa điểm tiêu chí {s.criterion.number}.")
            s.final_points = _points(value, s.criterion, "Điểm cuối cùng")
        elif s.criterion.method in scoring.UNIT_SCORED:
            s.final_points = s.appraised_points
        else:
            continue
        s.save(update_fields=["final_points", "updated_at"])
        audit.record(
            actor=actor,
            obj=s,
            action="score_final",
            changes={"final_points": [before, s.final_points]},
            reason=reason,
        )
    u.status = UnitStatus.FINAL
    u.finalised_at = timezone.now()
    u.save(update_fields=["status", "finalised_at"])
    audit.record(actor=actor, obj=u, action="unit_finalise", changes={"status": [None, u.status]})
    return u


@transaction.atomic
def computed_points_refresh(*, actor: User | None, cycle: Cycle | int) -> int:
    """Survey and indicator leaves take their points from the indicator registry (over the
    cycle's year); the unit never scores them. Returns how many scores changed."""
    from .upstream import indicators

    c = Cycle.objects.select_for_update().get(pk=cycle if isinstance(cycle, int) else cycle.pk)
    start, end = dt.date(c.year, 1, 1), dt.date(c.year, 12, 31)
    changed = 0
    scores = Score.objects.select_for_update().select_related("criterion", "unit__agency")
    for s in scores.filter(
        unit__cycle=c, criterion__method__in=(scoring.SURVEY, scoring.INDICATOR)
    ):
        crit = s.criterion
        key = crit.indicator or ("sipas" if crit.method == scoring.SURVEY else "")
        if not key:
            continue
        try:
            source = indicators.get(key)
        except NotFound:
            # Not registered (yet): the leaf stays "chưa có dữ liệu" on every page and is
            # left out of the unit's maximum, as a criterion with nothing to measure.
            logger.warning("PAR index criterion %s: indicator %r is not registered", crit, key)
            continue
        value = source.compute(s.unit.agency, start, end)
        rule = crit.rule or {"kind": "linear", "full_at": 100}
        pts = scoring.rule_points(rule, value, crit.max_points)
        if (pts, value) == (s.final_points, s.measured_value):
            continue
        before = s.final_points
        s.final_points = pts
        s.measured_value = value
        s.save(update_fields=["final_points", "measured_value", "updated_at"])
        audit.record(
            actor=actor,
            obj=s,
            action="score_computed",
            changes={"final_points": [before, pts], "measured_value": [None, value]},
            reason=f"Tính từ chỉ số «{key}»",
        )
        changed += 1
    return changed


def unit_totals(
    unit: CycleUnit, tree: scoring.Tree | None = None
) -> dict[int | None, scoring.Total]:
    """The one computation of a unit's points, maximum and index per node."""
    tree = tree or unit.cycle.criteria_set.tree()
    scores = list(unit.scores.all())
    pts = {s.criterion_id: s.counted_points for s in scores}
    nothing_measured = [
        s.criterion_id
        for s in scores
        if tree.nodes[s.criterion_id].method in (scoring.SURVEY, scoring.INDICATOR)
        and s.measured_value is None
    ]
    return scoring.totals(tree, unit.group, pts, nothing_measured)


def _checked_bands(bands: list[dict[str, Any]]) -> tuple[scoring.Band, ...]:
    try:
        parsed = scoring.bands_from_json(bands)
    except (scoring.RuleError, KeyError, InvalidOperation, ValueError) as exc:
        raise DomainError(f"Thang xếp loại không hợp lệ: {exc}.") from exc
    names = [b.name.strip() for b in parsed]
    if any(not n for n in names) or len(set(names)) != len(names):
        raise DomainError("Thang xếp loại không hợp lệ: mỗi mức cần một tên, không trùng nhau.")
    if any(not 0 <= b.minimum <= 100 for b in parsed) or parsed[-1].minimum != 0:
        raise DomainError(
            "Thang xếp loại không hợp lệ: ngưỡng từ 0 đến 100%, mức thấp nhất bắt đầu từ 0%."
        )
    return parsed


@transaction.atomic
def cycle_set_bands(*, actor: User, cycle: Cycle | int, bands: list[dict[str, Any]]) -> Cycle:
    """The province's decision may set its own bands ("Xuất sắc" from 90%, …): Home Affairs
    changes them until the results are published, when they rank the units."""
    rights.require_home_affairs(actor)
    c = Cycle.objects.select_for_update().get(pk=cycle if isinstance(cycle, int) else cycle.pk)
    if c.status == CycleStatus.PUBLISHED:
        raise Conflict("Kết quả đã công bố: không sửa được thang xếp loại.")
    new = scoring.bands_to_json(_checked_bands(bands))
    before = c.bands
    if new == before:
        return c
    c.bands = new
    c.save(update_fields=["bands"])
    audit.record(actor=actor, obj=c, action="cycle_bands", changes={"bands": [before, new]})
    return c


@transaction.atomic
def cycle_publish(
    *, actor: User, cycle: Cycle | int, decision_number: str = "", force: bool = False
) -> Cycle:
    """Rank within groups and publish. Every unit must be final (``force`` publishes the
    finished ones only, leaving the rest unranked)."""
    rights.require_home_affairs(actor)
    c = Cycle.objects.select_for_update().get(pk=cycle if isinstance(cycle, int) else cycle.pk)
    if c.status == CycleStatus.PUBLISHED:
        raise Conflict("Kết quả kỳ đánh giá này đã công bố.")
    units = list(c.units.select_related("agency").prefetch_related("scores"))
    pending = [u.agency.name for u in units if u.status != UnitStatus.FINAL]
    if pending and not force:
        raise DomainError("Còn đơn vị chưa chốt điểm: " + "; ".join(pending) + ".")
    computed_points_refresh(actor=actor, cycle=c)
    tree = c.criteria_set.tree()
    rows = []
    for u in units:
        u.refresh_from_db()
        t = unit_totals(u, tree)[None]
        u.points, u.maximum, u.index = t.points, t.maximum, t.index
        rows.append((u.pk, u.group, t.index if u.status == UnitStatus.FINAL else None, u.ranked))
    ranked = {r.key: r for r in scoring.rank(rows, c.band_list())}
    for u in units:
        r = ranked[u.pk]
        u.rank, u.band = r.rank, r.band
        u.save(update_fields=["points", "maximum", "index", "rank", "band"])
    c.status = CycleStatus.PUBLISHED
    c.published_at = timezone.now()
    c.decision_number = decision_number.strip()
    c.save(update_fields=["status", "published_at", "decision_number"])
    audit.record(
        actor=actor,
        obj=c,
        action="cycle_publish",
        changes={"status": ["open", "published"], "decision_number": ["", c.decision_number]},
    )
    return c
