"""The deadline-phrase parser on every deadline cell of seeds 001 and 002, the phrases of
DOMAIN.md section 3 and the ones they imply; Hypothesis for rendered dates and random text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.calendars.workdays import build
from cchc.demo.data.plan_seeds import seed_001_rows, seed_002_rows
from cchc.plans.deadlines import Deadline, DeadlineKind, Milestone, parse_deadline, resolve_relative

K = DeadlineKind
D = dt.date


def Q(y: int, q: int) -> tuple[D, D]:  # noqa: N802
    ends = {1: D(y, 3, 31), 2: D(y, 6, 30), 3: D(y, 9, 30), 4: D(y, 12, 31)}
    return D(y, 3 * q - 2, 1), ends[q]


def M(y: int, m: int) -> tuple[D, D]:  # noqa: N802
    nxt = D(y + (m == 12), m % 12 + 1, 1)
    return D(y, m, 1), nxt - dt.timedelta(days=1)


def Y(y: int) -> tuple[D, D]:  # noqa: N802
    return D(y, 1, 1), D(y, 12, 31)


def period(label: str, span: tuple[D, D], recurrence: str = "") -> tuple:
    return (label, span[0], span[1], recurrence)


def fixed(label: str, due: D) -> tuple:
    return (label, None, due, "")


def every(recurrence: str, label: str = "", span: tuple[D | None, D | None] = (None, None)):
    return (label, span[0], span[1], recurrence)


# (text, kind, [(label, start, due, recurrence)], note) — every deadline cell of the seeds.
SEED_CASES: list[tuple[str, DeadlineKind, list[tuple], str]] = [
    # seed 001 (Sóc Trăng 2022)
    ("Theo quy định của Trung ương", K.CONDITIONAL, [("", None, None, "")], ""),
    (
        "- Kế hoạch UBND tỉnh trước ngày 30/01/2022\n- Báo cáo chậm nhất 10/12/2022",
        K.MILESTONES,
        [fixed("Kế hoạch UBND tỉnh", D(2022, 1, 30)), fixed("Báo cáo", D(2022, 12, 10))],
        "",
    ),
    ("Trong năm 2022", K.PERIOD, [period("", Y(2022))], ""),
    (
        "- Tháng 01/2022\n- Tháng 12/2022",
        K.MILESTONES,
        [period("", M(2022, 1)), period("", M(2022, 12))],
        "",
    ),
    (
        "- Tháng 01/2022\n- Trong năm 2022",
        K.MILESTONES,
        [period("", M(2022, 1)), period("", Y(2022))],
        "",
    ),
    ("Trong năm 2022 (nếu có)", K.PERIOD, [period("", Y(2022))], "nếu có"),
    (
        "Hàng quý và năm 2022",
        K.RECURRING,
        [every("quarterly"), period("", Y(2022))],
        "",
    ),
    ("Thường xuyên", K.RECURRING, [every("ongoing")], ""),
    ("Quý 2/2022", K.PERIOD, [period("", Q(2022, 2))], ""),
    ("Năm 2022", K.PERIOD, [period("", Y(2022))], ""),
    ("Tháng 12/2022", K.PERIOD, [period("", M(2022, 12))], ""),
    ("Quý I/2022", K.PERIOD, [period("", Q(2022, 1))], ""),
    (
        "- Tháng 12/2021\n- Tháng 12/2022",
        K.MILESTONES,
        [period("", M(2021, 12)), period("", M(2022, 12))],
        "",
    ),
    (
        "- Tháng 02/2022\n- Tháng 12/2022",
        K.MILESTONES,
        [period("", M(2022, 2)), period("", M(2022, 12))],
        "",
    ),
    (
        "- Tháng 03/2022\n- Tháng 12/2022",
        K.MILESTONES,
        [period("", M(2022, 3)), period("", M(2022, 12))],
        "",
    ),
    ("Quý 4/2022", K.PERIOD, [period("", Q(2022, 4))], ""),
    # seed 002 (Quảng Nam 2021)
    ("Năm 2021", K.PERIOD, [period("", Y(2021))], ""),
    ("Nhiệm vụ thường xuyên", K.RECURRING, [every("ongoing")], ""),
    ("Theo tiến độ Đề án", K.CONDITIONAL, [("", None, None, "")], ""),
    (
        "Sau khi có văn bản hướng dẫn của Bộ, ngành Trung ương",
        K.CONDITIONAL,
        [("", None, None, "")],
        "",
    ),
    ("Trong năm 2021", K.PERIOD, [period("", Y(2021))], ""),
    ("Quý II/2021", K.PERIOD, [period("", Q(2021, 2))], ""),
    ("Quý I/ 2021", K.PERIOD, [period("", Q(2021, 1))], ""),
    (
        "Năm 2021 và các năm tiếp theo",
        K.RECURRING,
        [every("yearly", span=Y(2021))],
        "",
    ),
    ("Quý I/2021", K.PERIOD, [period("", Q(2021, 1))], ""),
    ("Quý III/2021", K.PERIOD, [period("", Q(2021, 3))], ""),
    ("Quý II-III/2021", K.PERIOD, [("", D(2021, 4, 1), D(2021, 9, 30), "")], ""),
    (
        "Quý II và Quý IV/2021",
        K.MILESTONES,
        [period("", Q(2021, 2)), period("", Q(2021, 4))],
        "",
    ),
]

# DOMAIN.md section 3 and the issue, beyond the seeds' cells, and what they imply.
MORE_CASES: list[tuple[str, DeadlineKind, list[tuple], str]] = [
    ("31/01/2018", K.FIXED_DATE, [fixed("", D(2018, 1, 31))], ""),
    ("Tháng 01/2022", K.PERIOD, [period("", M(2022, 1))], ""),
    ("Hàng năm", K.RECURRING, [every("yearly")], ""),
    ("Năm 2018", K.PERIOD, [period("", Y(2018))], ""),
    ("Tùy theo tình hình thực tế...", K.CONDITIONAL, [("", None, None, "")], ""),
    (
        "- Ban hành Kế hoạch trước 31/01/2018 - Hoàn thành báo cáo trước 30/11/2018",
        K.MILESTONES,
        [fixed("Ban hành Kế hoạch", D(2018, 1, 31)), fixed("Hoàn thành báo cáo", D(2018, 11, 30))],
        "",
    ),
    (
        "- Kế hoạch UBND tỉnh trước ngày 30/01/2022 - Báo cáo chậm nhất 10/12/2022",
        K.MILESTONES,
        [fixed("Kế hoạch UBND tỉnh", D(2022, 1, 30)), fixed("Báo cáo", D(2022, 12, 10))],
        "",
    ),
    (
        "+ Ban hành Kế hoạch: trước 31/01/2018\n+ Hoàn thành báo cáo: trước 30/11/2018",
        K.MILESTONES,
        [fixed("Ban hành Kế hoạch", D(2018, 1, 31)), fixed("Hoàn thành báo cáo", D(2018, 11, 30))],
        "",
    ),
    (
        "• Kế hoạch: Tháng 01/2022 • Báo cáo: Quý IV/2022",
        K.MILESTONES,
        [period("Kế hoạch", M(2022, 1)), period("Báo cáo", Q(2022, 4))],
        "",
    ),
    ("trước ngày 30/01/2022", K.FIXED_DATE, [fixed("", D(2022, 1, 30))], ""),
    ("chậm nhất 10/12/2022", K.FIXED_DATE, [fixed("", D(2022, 12, 10))], ""),
    ("Trước ngày 15-3-22", K.FIXED_DATE, [fixed("", D(2022, 3, 15))], ""),
    ("30.6.2022", K.FIXED_DATE, [fixed("", D(2022, 6, 30))], ""),
    ("ngày 20 tháng 10 năm 2022", K.FIXED_DATE, [fixed("", D(2022, 10, 20))], ""),
    ("QUY II/2021", K.PERIOD, [period("", Q(2021, 2))], ""),
    ("QUÝ IV NĂM 2021", K.PERIOD, [period("", Q(2021, 4))], ""),
    ("quy 3 - 2022", K.PERIOD, [period("", Q(2022, 3))], ""),
    ("6 tháng đầu năm 2022", K.PERIOD, [("", D(2022, 1, 1), D(2022, 6, 30), "")], ""),
    ("6 tháng cuối năm 2022", K.PERIOD, [("", D(2022, 7, 1), D(2022, 12, 31), "")], ""),
    ("9 tháng đầu năm 2022", K.PERIOD, [("", D(2022, 1, 1), D(2022, 9, 30), "")], ""),
    ("Tháng 3-6/2022", K.PERIOD, [("", D(2022, 3, 1), D(2022, 6, 30), "")], ""),
    (
        "Tháng 6 và tháng 12/2022",
        K.MILESTONES,
        [period("", M(2022, 6)), period("", M(2022, 12))],
        "",
    ),
    ("Từ 01/3/2022 đến 31/3/2022", K.PERIOD, [("", D(2022, 3, 1), D(2022, 3, 31), "")], ""),
    ("Giai đoạn 2021-2025", K.PERIOD, [("", D(2021, 1, 1), D(2025, 12, 31), "")], ""),
    ("trước tháng 6/2022", K.FIXED_DATE, [fixed("", D(2022, 5, 31))], ""),
    ("Cuối quý II/2022", K.FIXED_DATE, [fixed("", D(2022, 6, 30))], ""),
    ("Cuối năm 2022", K.FIXED_DATE, [fixed("", D(2022, 12, 31))], ""),
    ("Hằng năm", K.RECURRING, [every("yearly")], ""),
    ("Hàng tháng", K.RECURRING, [every("monthly")], ""),
    ("Hàng quý", K.RECURRING, [every("quarterly")], ""),
    ("định kỳ 6 tháng", K.RECURRING, [every("half_yearly")], ""),
    ("Định kỳ hằng quý", K.RECURRING, [every("quarterly")], ""),
    ("thuong xuyen", K.RECURRING, [every("ongoing")], ""),
    ("THƯỜNG XUYÊN", K.RECURRING, [every("ongoing")], ""),
    ("Khi có yêu cầu của Bộ Nội vụ", K.CONDITIONAL, [("", None, None, "")], ""),
    ("Trước ngày 15/12 hàng năm", K.RECURRING, [every("yearly")], ""),
    ("ngày 05 hằng tháng", K.RECURRING, [every("monthly")], ""),
    ("Trước ngày 10 của tháng cuối quý", K.RECURRING, [every("quarterly")], ""),
    ("Quý I hàng năm", K.RECURRING, [every("yearly")], ""),
    ("Kiểm tra định kỳ 01 lần/năm", K.RECURRING, [every("yearly", "Kiểm tra")], ""),
    ("02 lần/năm", K.RECURRING, [every("half_yearly")], ""),
    ("06 tháng/lần", K.RECURRING, [every("half_yearly")], ""),
    ("Tháng 3/2023 - Tháng 5/2023", K.PERIOD, [("", D(2023, 3, 1), D(2023, 5, 31), "")], ""),
    ("Từ quý I/2023 đến quý III/2023", K.PERIOD, [("", D(2023, 1, 1), D(2023, 9, 30), "")], ""),
    (
        "- Tháng 3/2023 - Tháng 5/2023",
        K.MILESTONES,
        [period("", M(2023, 3)), period("", M(2023, 5))],
        "",
    ),
    ("Năm 2023-2025", K.PERIOD, [("", D(2023, 1, 1), D(2025, 12, 31), "")], ""),
    (
        "Quý I/2023 (báo cáo năm 2022)",
        K.PERIOD,
        [period("", Q(2023, 1))],
        "báo cáo năm 2022",
    ),
    (
        "Trước 30/6 và 30/12/2023",
        K.MILESTONES,
        [fixed("", D(2023, 6, 30)), fixed("", D(2023, 12, 30))],
        "",
    ),
    (
        "Quý II và tháng 12/2023",
        K.MILESTONES,
        [period("", Q(2023, 2)), period("", M(2023, 12))],
        "",
    ),
    (
        "Báo cáo quý trước ngày 15 tháng cuối quý; báo cáo năm trước ngày 15/11/2023",
        K.RECURRING,
        [every("quarterly", "Báo cáo quý"), fixed("báo cáo năm", D(2023, 11, 15))],
        "",
    ),
    ("ngày 30/6 năm 2023", K.FIXED_DATE, [fixed("", D(2023, 6, 30))], ""),
    ("Trước ngày 31 tháng 3 năm 2023", K.FIXED_DATE, [fixed("", D(2023, 3, 31))], ""),
    ("Tháng 1, 2, 3/2023", K.MILESTONES, [period("", M(2023, m)) for m in (1, 2, 3)], ""),
    ("Quý I-2023", K.PERIOD, [period("", Q(2023, 1))], ""),
    ("", K.UNSPECIFIED, [], ""),
    ("   ", K.UNSPECIFIED, [], ""),
    ("Chưa xác định", K.UNSPECIFIED, [], ""),
    ("31/02/2022", K.UNSPECIFIED, [], "31/02/2022: ngày 31/02 không hợp lệ"),
    ("Quý II", K.UNSPECIFIED, [], "Quý II: thiếu năm"),
    ("Tháng 13/2022", K.UNSPECIFIED, [], "Tháng 13/2022: tháng không hợp lệ"),
]


def _shape(deadline: Deadline) -> list[tuple]:
    return [(m.label, m.start, m.due, m.recurrence) for m in deadline.milestones]


@pytest.mark.parametrize(("text", "kind", "milestones", "note"), SEED_CASES + MORE_CASES)
def test_phrase(text: str, kind: DeadlineKind, milestones: list[tuple], note: str) -> None:
    result = parse_deadline(text)
    assert result.text == text
    assert result.kind == kind
    assert _shape(result) == milestones
    assert result.note == note


def test_every_deadline_cell_of_the_seeds_is_in_the_table() -> None:
    cells = {r.deadline_text for r in seed_001_rows() + seed_002_rows()}
    covered = {c[0] for c in SEED_CASES}
    assert cells == covered
    for text in cells:
        assert parse_deadline(text).kind != K.UNSPECIFIED, text


def test_flattened_cell_reads_like_the_paragraphs() -> None:
    a = parse_deadline("- Tháng 01/2022 - Tháng 12/2022")
    b = parse_deadline("- Tháng 01/2022\n- Tháng 12/2022")
    assert a.kind == b.kind == K.MILESTONES
    assert a.milestones == b.milestones


def test_conditional_keeps_its_condition() -> None:
    text = "Sau khi có văn bản hướng dẫn của Bộ, ngành Trung ương"
    (m,) = parse_deadline(text).milestones
    assert m.due is None
    assert m.event == text


def test_plan_year_fills_what_the_cell_leaves_out() -> None:
    assert _shape(parse_deadline("Quý II", year=2021)) == [period("", Q(2021, 2))]
    assert _shape(parse_deadline("Tháng 12", year=2022)) == [period("", M(2022, 12))]
    assert _shape(parse_deadline("trước 30/6", year=2022)) == [fixed("", D(2022, 6, 30))]
    assert _shape(parse_deadline("Trong năm", year=2022)) == [period("", Y(2022))]
    yearly = parse_deadline("Hàng năm", year=2022)
    assert yearly.kind == K.RECURRING
    assert _shape(yearly) == [every("yearly", span=Y(2022))]
    assert _shape(parse_deadline("Quý I hàng năm", year=2023)) == [
        every("yearly", span=(None, D(2023, 3, 31)))
    ]
    assert _shape(parse_deadline("Trước ngày 15/12 hàng năm", year=2023)) == [
        every("yearly", span=(None, D(2023, 12, 15)))
    ]
    # Ongoing and quarterly duties never get an invented date.
    assert _shape(parse_deadline("Thường xuyên", year=2022)) == [every("ongoing")]
    assert _shape(parse_deadline("Hàng quý", year=2022)) == [every("quarterly")]


# ------------------------------------------------------------------------------- relative

CAL = build([D(2022, 5, 2), D(2022, 5, 3)], first_year=2021, last_year=2023)


@pytest.mark.parametrize(
    ("text", "days", "unit", "event", "event_date", "due"),
    [
        (
            "chậm nhất sau 05 ngày làm việc kể từ ngày văn bản có hiệu lực",
            5,
            "working_days",
            "ngày văn bản có hiệu lực",
            D(2022, 4, 29),  # Friday; 30/4-1/5 on a weekend → days off 2-3/5
            D(2022, 5, 10),
        ),
        (
            "Chậm nhất sau 30 ngày làm việc kể từ ngày văn bản quy phạm pháp luật có hiệu lực",
            30,
            "working_days",
            "ngày văn bản quy phạm pháp luật có hiệu lực",
            D(2022, 1, 3),
            D(2022, 2, 14),
        ),
        (
            "trong vòng 30 ngày kể từ ngày Nghị định có hiệu lực",
            30,
            "days",
            "ngày Nghị định có hiệu lực",
            D(2022, 1, 15),
            D(2022, 2, 14),
        ),
        (
            "Trong thời hạn 03 tháng kể từ ngày Quyết định được ban hành",
            3,
            "months",
            "ngày Quyết định được ban hành",
            D(2021, 11, 30),
            D(2022, 2, 28),
        ),
        (
            "Ban hành kế hoạch trong 02 tuần sau khi nhận được hướng dẫn",
            14,
            "days",
            "nhận được hướng dẫn",
            D(2022, 3, 1),
            D(2022, 3, 15),
        ),
    ],
)
def test_relative(text, days, unit, event, event_date, due) -> None:  # noqa: ANN001
    result = parse_deadline(text)
    assert result.kind == K.RELATIVE
    (m,) = result.milestones
    assert m.due is None  # never an invented date before the event is recorded
    assert (m.relative_days, m.relative_unit, m.event) == (days, unit, event)
    assert resolve_relative(m, event_date, CAL) == due


def test_relative_keeps_its_label() -> None:
    (m,) = parse_deadline("Ban hành kế hoạch trong 02 tuần sau khi nhận được hướng dẫn").milestones
    assert m.label == "Ban hành kế hoạch"


def test_resolve_refuses_a_milestone_without_a_count() -> None:
    with pytest.raises(ValueError):
        resolve_relative(Milestone("", None, event="Sau khi có hướng dẫn"), D(2022, 1, 1), CAL)


# ------------------------------------------------------------------------------- properties

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))


@st.composite
def rendered_dates(draw) -> tuple[str, D]:  # noqa: ANN001
    d = draw(dates)
    fmt = draw(
        st.sampled_from(
            [
                "{D:02d}/{M:02d}/{Y}",
                "{D}/{M}/{Y}",
                "{D:02d}-{M:02d}-{Y}",
                "{D}.{M}.{Y}",
                "{D:02d}/{M:02d}/{y:02d}",
                "ngày {D} tháng {M} năm {Y}",
            ]
        )
    )
    prefix = draw(
        st.sampled_from(
            [
                "",
                "trước ngày ",
                "Trước ",
                "chậm nhất ",
                "CHẬM NHẤT NGÀY ",
                "truoc ngay ",
                "Hoàn thành trước ngày ",
                "- ",
            ]
        )
    )
    text = prefix + fmt.format(D=d.day, M=d.month, Y=d.year, y=d.year % 100)
    return text, d


@given(rendered_dates())
def test_rendered_dates_parse_back(case: tuple[str, D]) -> None:
    text, d = case
    result = parse_deadline(text)
    assert result.kind == K.FIXED_DATE, text
    assert [m.due for m in result.milestones] == [d]


@given(
    st.integers(2000, 2099),
    st.integers(1, 4),
    st.sampled_from(
        [
            "Quý {R}/{Y}",
            "Quý {q}/{Y}",
            "QUÝ {R} NĂM {Y}",
            "quy {R}/{Y}",
            "Quý {R}/ {Y}",
            "Trong quý {R} năm {Y}",
            "quý {q} - {Y}",
        ]
    ),
)
def test_rendered_quarters_parse_back(year: int, q: int, fmt: str) -> None:
    result = parse_deadline(fmt.format(R=_ROMAN[q], q=q, Y=year))
    assert result.kind == K.PERIOD
    assert _shape(result) == [period("", Q(year, q))]


@given(
    st.integers(2000, 2099),
    st.integers(1, 12),
    st.sampled_from(
        ["Tháng {m:02d}/{Y}", "tháng {m} năm {Y}", "THANG {m}/{Y}", "Trong tháng {m}/{Y}"]
    ),
)
def test_rendered_months_parse_back(year: int, month: int, fmt: str) -> None:
    result = parse_deadline(fmt.format(m=month, Y=year))
    assert result.kind == K.PERIOD
    assert _shape(result) == [period("", M(year, month))]


@given(st.integers(2000, 2099), st.sampled_from(["Năm {Y}", "Trong năm {Y}", "NĂM {Y}", "nam {Y}"]))
def test_rendered_years_parse_back(year: int, fmt: str) -> None:
    assert _shape(parse_deadline(fmt.format(Y=year))) == [period("", Y(year))]


_TOKENS = [
    "Quý",
    "quý",
    "II",
    "IV",
    "V",
    "/",
    "2022",
    "22",
    "-",
    "và",
    "tháng",
    "13",
    "00",
    "trước",
    "ngày",
    "31/02",
    "29/02/2023",
    "kể từ",
    "05 ngày làm việc",
    "(",
    ")",
    "\n",
    ";",
    "+",
    "•",
    "Hàng",
    "năm",
    "thường xuyên",
    "sau khi",
    "Theo",
    "9999",
    "0/0/0",
    "1.1.1",
    "6 tháng đầu",
    "chậm nhất",
    "đến",
    "các năm tiếp theo",
    "Ⅱ",
    "\u0301",
    "  ",
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_TOKENS), max_size=12).map(" ".join))
def test_token_soup_never_raises(text: str) -> None:
    result = parse_deadline(text)
    assert result.text == text
    assert isinstance(result.kind, DeadlineKind)
    if result.kind == K.UNSPECIFIED:
        assert result.milestones == ()


@settings(max_examples=300)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    result = parse_deadline(text)
    assert result.text == text
    for m in result.milestones:
        assert m.due is None or isinstance(m.due, D)
