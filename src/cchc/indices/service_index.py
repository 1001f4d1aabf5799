"""The Decision 766/QĐ-TTg service index (DOMAIN 5), pure: counts in, points out.

100 points per agency and province: disclosure 18, progress 20, online service 22 (online
service 12 + online payment 10), digitisation 22, satisfaction 18. Each component is split into
measures; each measure is a ratio of two counts (``Counts``) turned into points by a rule of
``scoring.rule_points``. The split and the rules below are transcribed from the Government
Office's formula note as DOMAIN 5 gives it; what we could not confirm from a primary text is
marked ``check=True`` and shown with [check] on every page, and the whole table is data
(``ServiceRules`` in the database overrides it per province).

A measure without data (no dossier finished, no feedback app feeding the complaint count) gives
``None`` points: shown as "chưa có dữ liệu", left out of the maximum reached, never a zero.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .scoring import ZERO, percent, q2, rule_points

# -- which dossiers count ---------------------------------------------------------------------


def on_time_766(
    *, finished: date, due: date | None, timeliness: str, supplement_count: int
) -> bool:
    """On time for Decision 766: finished by the appointment that counts, and asked for a
    supplement at most once. The citizen's waiting time is already out of ``due``: the
    dossiers app moves the appointment by the time the clock was stopped for a supplement
    (DOMAIN 5 and 7), so the one place that subtracts waiting time is the dossier's own due
    date. More than one supplement request counts as late whatever the dates say."""
    if supplement_count > 1:
        return False
    if timeliness in ("early", "on_time"):
        return True
    if timeliness == "late":
        return False
    return due is None or finished <= due


# -- counts and rules -----------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """numerator ÷ denominator, e.g. dossiers on time ÷ dossiers finished."""

    numerator: int
    denominator: int
    # A measure combining a count with a rate read elsewhere (satisfaction: 100% − late share −
    # the share of dislike ratings) carries its value here; the counts stay what they are.
    value: Decimal | None = None

    @property
    def rate(self) -> Decimal | None:
        if self.value is not None:
            return max(self.value, Decimal(0))
        return percent(Decimal(self.numerator), Decimal(self.denominator))


@dataclass(frozen=True)
class Measure:
    key: str
    component: str
    label: str
    maximum: Decimal
    rule: dict[str, Any]
    numerator_label: str
    denominator_label: str
    check: bool = True
    lower_is_better: bool = False


COMPONENTS: tuple[tuple[str, str, Decimal], ...] = (
    ("disclosure", "Công khai, minh bạch", Decimal(18)),
    ("progress", "Tiến độ giải quyết", Decimal(20)),
    ("online", "Dịch vụ trực tuyến", Decimal(22)),
    ("digitisation", "Số hóa hồ sơ", Decimal(22)),
    ("satisfaction", "Mức độ hài lòng", Decimal(18)),
)

DEFAULT_MEASURES: tuple[Measure, ...] = (
    Measure(
        "published_on_time",
        "disclosure",
        "Thủ tục được công bố trước ngày có hiệu lực",
        Decimal(18),
        {"kind": "linear", "full_at": 100},
        "mục công bố đúng hạn",
        "mục công bố",
    ),
    Measure(
        "on_time",
        "progress",
        "Hồ sơ giải quyết đúng hạn (trừ thời gian chờ bổ sung; bổ sung quá 1 lần là trễ hạn)",
        Decimal(20),
        {"kind": "linear", "full_at": 100},
        "hồ sơ đúng hạn",
        "hồ sơ đã giải quyết",
        check=False,
    ),
    Measure(
        "online_share",
        "online",
        "Hồ sơ tiếp nhận trực tuyến (đủ điểm khi ≥ 50%)",
        Decimal(6),
        {"kind": "linear", "full_at": 50},
        "hồ sơ trực tuyến",
        "hồ sơ tiếp nhận",
    ),
    Measure(
        "online_procedures",
        "online",
        "Thủ tục có phát sinh hồ sơ trực tuyến (đủ điểm khi ≥ 80%)",
        Decimal(6),
        {"kind": "linear", "full_at": 80},
        "thủ tục có hồ sơ trực tuyến",
        "thủ tục có hồ sơ",
    ),
    Measure(
        "online_payment",
        "online",
        "Hồ sơ thanh toán trực tuyến",
        Decimal(10),
        {"kind": "linear", "full_at": 50},
        "hồ sơ thanh toán trực tuyến",
        "hồ sơ có phí, lệ phí",
    ),
    Measure(
        "digitised",
        "digitisation",
        "Hồ sơ được số hóa, tái sử dụng kết quả (đủ điểm khi ≥ 80%)",
        Decimal(22),
        {"kind": "linear", "full_at": 80},
        "hồ sơ số hóa",
        "hồ sơ tiếp nhận",
    ),
    Measure(
        "satisfaction",
        "satisfaction",
        "100% − (tỷ lệ trễ hạn + tỷ lệ phản ánh, không hài lòng) (đủ điểm khi ≥ 90%)",
        Decimal(18),
        # Without a registered "complaints" input, the dislike share is read from this
        # indicator of the registry (per-dossier ratings "Chưa hài lòng").
        {"kind": "linear", "full_at": 90, "dislike_indicator": "rating_unsatisfied_share"},
        "hồ sơ không trễ hạn, không bị phản ánh",
        "hồ sơ đã giải quyết",
    ),
)


def measures_from_json(data: Sequence[Mapping[str, Any]] | None) -> tuple[Measure, ...]:
    """The province's own table (a list of measure dicts) or the default one."""
    if not data:
        return DEFAULT_MEASURES
    return tuple(
        Measure(
            key=str(m["key"]),
            component=str(m["component"]),
            label=str(m["label"]),
            maximum=Decimal(str(m["maximum"])),
            rule=dict(m["rule"]),
            numerator_label=str(m.get("numerator_label", "")),
            denominator_label=str(m.get("denominator_label", "")),
            check=bool(m.get("check", True)),
        )
        for m in data
    )


def measures_to_json(measures: tuple[Measure, ...] = DEFAULT_MEASURES) -> list[dict[str, Any]]:
    return [
        {
            "key": m.key,
            "component": m.component,
            "label": m.label,
            "maximum": float(m.maximum),
            "rule": copy.deepcopy(m.rule),
            "numerator_label": m.numerator_label,
            "denominator_label": m.denominator_label,
            "check": m.check,
        }
        for m in measures
    ]


DEFAULT_LEAD_DAYS = 5  # [check] DOMAIN 5: published ≥ 5 working days before it takes effect


def lead_days(measures: tuple[Measure, ...] | None) -> int:
    """Days (calendar, as ``service`` compares the dates) a publication must precede the date
    it takes effect: the disclosure rule's ``lead_days``; the national figures read it too."""
    for m in measures or ():
        if m.key == "published_on_time":
            return int(m.rule.get("lead_days", DEFAULT_LEAD_DAYS))
    return DEFAULT_LEAD_DAYS


def satisfaction(late: Counts, complaints: Counts | None, dislike: Decimal | None) -> Counts | None:
    """The satisfaction measure: 100% − (late share + complaint share) over the finished
    dossiers (``late``: late ÷ finished). With a complaint count it stays counts; without one,
    the share of "dislike" ratings (a percentage read elsewhere) is subtracted from the rate.
    None (no data) when nothing finished or neither is known."""
    if late.denominator == 0:
        return None
    if complaints is not None:
        bad = min(late.denominator, late.numerator + complaints.numerator)
        return Counts(late.denominator - bad, late.denominator)
    if dislike is None:
        return None
    late_rate = late.rate or Decimal(0)
    return Counts(
        late.denominator - late.numerator,
        late.denominator,
        value=Decimal(100) - late_rate - dislike,
    )


# -- scoring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureResult:
    measure: Measure
    counts: Counts | None
    points: Decimal | None  # None: no data

    @property
    def lost(self) -> Decimal | None:
        return None if self.points is None else self.measure.maximum - self.points


@dataclass
class ComponentResult:
    key: str
    label: str
    maximum: Decimal
    measures: list[MeasureResult] = field(default_factory=list)

    @property
    def points(self) -> Decimal | None:
        got = [m.points for m in self.measures if m.points is not None]
        return q2(sum(got, ZERO)) if got else None

    @property
    def maximum_with_data(self) -> Decimal:
        return sum((m.measure.maximum for m in self.measures if m.points is not None), ZERO)


@dataclass
class ServiceIndex:
    components: list[ComponentResult]

    @property
    def points(self) -> Decimal:
        return q2(sum((c.points or ZERO for c in self.components), ZERO))

    @property
    def maximum(self) -> Decimal:
        return sum((c.maximum for c in self.components), ZERO)

    @property
    def maximum_with_data(self) -> Decimal:
        return sum((c.maximum_with_data for c in self.components), ZERO)

    @property
    def index_with_data(self) -> Decimal | None:
        """Points over the maximum of the measures that had data, in percent."""
        return percent(self.points, self.maximum_with_data)


def score(
    counts: Mapping[str, Counts | None], measures: tuple[Measure, ...] = DEFAULT_MEASURES
) -> ServiceIndex:
    """Points of every measure from its counts (a missing key or None: no data)."""
    comps: dict[str, ComponentResult] = {}
    for key, label, maximum in COMPONENTS:
        comps[key] = ComponentResult(key, label, maximum)
    for m in measures:
        c = counts.get(m.key)
        value = c.rate if c is not None else None
        pts = rule_points(m.rule, value, m.maximum)
        comp = comps.setdefault(m.component, ComponentResult(m.component, m.component, ZERO))
        comp.measures.append(MeasureResult(m, c, pts))
    return ServiceIndex(list(comps.values()))


def to_json(result: ServiceIndex) -> dict[str, Any]:
    """The shape ``cchc indices service --json`` prints and the API returns."""

    def num(d: Decimal | None) -> float | None:
        return None if d is None else float(d)

    return {
        "points": num(result.points),
        "maximum": num(result.maximum),
        "maximum_with_data": num(result.maximum_with_data),
        "index_with_data": num(result.index_with_data),
        "components": [
            {
                "key": c.key,
                "label": c.label,
                "maximum": num(c.maximum),
                "points": num(c.points),
                "measures": [
                    {
                        "key": m.measure.key,
                        "label": m.measure.label,
                        "maximum": num(m.measure.maximum),
                        "rule": m.measure.rule,
                        "check": m.measure.check,
                        "points": num(m.points),
                        "no_data": m.points is None,
                        "numerator": m.counts.numerator if m.counts else None,
                        "denominator": m.counts.denominator if m.counts else None,
                        "rate": num(m.counts.rate) if m.counts else None,
                        "numerator_label": m.measure.numerator_label,
                        "denominator_label": m.measure.denominator_label,
                    }
                    for m in c.measures
                ],
            }
            for c in result.components
        ],
    }
