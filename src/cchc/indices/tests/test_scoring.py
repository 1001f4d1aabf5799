"""The pure scoring module: rules, the shrinking maximum, sums, bands, ranking."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.indices import scoring
from cchc.indices.scoring import Node, Tree


def small_tree() -> Tree:
    return Tree.of(
        [
            Node(1, None, "I", "Chỉ đạo", D(10), order=1),
            Node(2, 1, "1.", "Kế hoạch", D(6), order=2),
            Node(3, 2, "1.1", "Ban hành", D(2), order=3),
            Node(4, 2, "1.2", "Hoàn thành", D(4), order=4),
            Node(5, 1, "2.", "Văn bản QPPL", D(4), groups=("departments",), order=5),
            Node(6, None, "II", "Thủ tục", D(10), order=6),
            Node(7, 6, "1.", "Công khai", D(10), order=7),
            Node(8, None, "+", "Điểm thưởng", D(2), method=scoring.BONUS, order=8),
            Node(9, 8, "1.", "Sáng kiến", D(2), method=scoring.BONUS, order=9),
            Node(10, None, "−", "Điểm trừ", D(3), method=scoring.PENALTY, order=10),
            Node(11, 10, "1.", "Kỷ luật", D(3), method=scoring.PENALTY, order=11),
        ]
    )


def test_maximum_shrinks_by_criteria_that_do_not_apply():
    t = small_tree()
    assert scoring.unit_maximum(t, "departments") == D(20)
    assert scoring.unit_maximum(t, "communes") == D(16)
    assert 5 not in t.applicable_leaves("communes")


def test_index_per_area_and_criterion_with_bonus_and_penalty():
    t = small_tree()
    pts = {3: D(2), 4: D(3), 5: D(4), 7: D(5), 9: D(1), 11: D(2)}
    tot = scoring.totals(t, "departments", pts)
    assert tot[2].points == D(5) and tot[2].maximum == D(6)
    assert tot[2].index == D("83.33")
    assert tot[1].points == D(9) and tot[1].index == D("90.00")
    # 14 earned + 1 bonus − 2 penalty over a maximum of 20.
    assert tot[None].points == D(13) and tot[None].maximum == D(20)
    assert tot[None].bonus == D(1) and tot[None].penalty == D(2)
    assert tot[None].index == D("65.00")
    # The commune does not see criterion 2 of area I: its index is over 16.
    com = scoring.totals(t, "communes", pts)
    assert 5 not in com and com[None].maximum == D(16)


def test_points_above_maximum_are_capped_and_missing_count_zero():
    t = small_tree()
    tot = scoring.totals(t, "departments", {3: D(99)})
    assert tot[3].points == D(2)
    assert tot[None].points == D(2)


def test_check_sums_names_the_node():
    t = Tree.of(
        [Node(1, None, "I", "A", D(10)), Node(2, 1, "1.", "a", D(4)), Node(3, 1, "2.", "b", D(5))]
    )
    problems = scoring.check_sums(t, D(10))
    assert len(problems) == 1
    assert "«I A» có điểm tối đa 10 nhưng các tiêu chí con cộng lại 9" in problems[0].message
    assert scoring.check_sums(small_tree(), D(20)) == []
    assert (
        "Tổng điểm tối đa ghi trong tệp là 21" in scoring.check_sums(small_tree(), D(21))[0].message
    )


@pytest.mark.parametrize(
    "rule,value,expected",
    [
        ({"kind": "linear", "full_at": 98}, D(99), D(8)),
        ({"kind": "linear", "full_at": 98}, D(98), D(8)),
        ({"kind": "linear", "full_at": 98}, D(49), D(4)),
        ({"kind": "linear", "full_at": 50}, D(25), D(4)),
        ({"kind": "threshold", "at": 100}, D("99.99"), D(0)),
        ({"kind": "threshold", "at": 100}, D(100), D(8)),
        ({"kind": "steps", "steps": [[90, 0.5], [95, 1]]}, D(92), D(4)),
        ({"kind": "steps", "steps": [[90, 0.5], [95, 1]]}, D(80), D(0)),
        ({"kind": "inverse_linear", "zero_at": 10}, D(5), D(4)),
        ({"kind": "inverse_linear", "zero_at": 10}, D(12), D(0)),
    ],
)
def test_rules(rule, value, expected):
    assert scoring.rule_points(rule, value, D(8)) == expected


def test_rule_without_value_is_no_data_and_unknown_kind_fails():
    assert scoring.rule_points({"kind": "linear"}, None, D(8)) is None
    with pytest.raises(scoring.RuleError):
        scoring.rule_points({"kind": "guess"}, D(1), D(8))


@settings(deadline=None)
@given(
    value=st.decimals(min_value=-50, max_value=500, places=2),
    full=st.decimals(min_value=1, max_value=100, places=0),
    maximum=st.decimals(min_value=0, max_value=30, places=1),
)
def test_linear_rule_is_within_bounds_and_monotone(value, full, maximum):
    rule = {"kind": "linear", "full_at": float(full)}
    pts = scoring.rule_points(rule, value, maximum)
    assert pts is not None and D(0) <= pts <= maximum
    higher = scoring.rule_points(rule, value + 1, maximum)
    assert higher is not None and higher >= pts


@settings(deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=5, places=2), min_size=4, max_size=4))
def test_totals_never_exceed_maximum_and_index_at_most_100(points):
    t = small_tree()
    leaves = [3, 4, 5, 7]
    tot = scoring.totals(t, "departments", dict(zip(leaves, points, strict=True)))
    assert tot[None].points <= tot[None].maximum + D(2)  # bonus only can pass it
    for nid, total in tot.items():
        if nid is not None and total.maximum:
            assert total.index is not None and D(0) <= total.index <= D(100)


def test_seed_003_bands_and_labels():
    b = scoring.DEFAULT_BANDS
    assert scoring.band_for(D("90.01"), b) == "Rất tốt"
    assert scoring.band_for(D(90), b) == "Tốt"
    assert scoring.band_for(D(80), b) == "Tốt"
    assert scoring.band_for(D("79.99"), b) == "Khá"
    assert scoring.band_for(D(65), b) == "Khá"
    assert scoring.band_for(D(50), b) == "Trung bình"
    assert scoring.band_for(D("49.99"), b) == "Kém"
    assert scoring.band_for(None, b) == ""
    labels = [scoring.band_label(x, b[i - 1] if i else None) for i, x in enumerate(b)]
    assert labels == [
        "Chỉ số CCHC trên 90%",
        "Chỉ số CCHC từ 80% đến 90%",
        "Chỉ số CCHC từ 65% đến dưới 80%",
        "Chỉ số CCHC từ 50% đến dưới 65%",
        "Chỉ số CCHC dưới 50%",
    ]
    assert scoring.bands_from_json(scoring.bands_to_json(b)) == b
    with pytest.raises(scoring.RuleError):
        scoring.bands_from_json([{"name": "A", "min": 10}, {"name": "B", "min": 20}])


def test_rank_within_groups_ties_and_unranked():
    rows = [
        ("a", "departments", D(91), True),
        ("b", "departments", D(85), True),
        ("c", "departments", D(85), True),
        ("d", "departments", D(70), True),
        ("e", "departments", D(99), False),  # scored, not ranked (seed 003 footnote 14)
        ("x", "communes", D(60), True),
    ]
    r = {x.key: x for x in scoring.rank(rows, scoring.DEFAULT_BANDS)}
    assert [r[k].rank for k in "abcd"] == [1, 2, 2, 4]
    assert r["e"].rank is None and r["e"].band == "Rất tốt"
    assert r["x"].rank == 1 and r["x"].band == "Trung bình"
    table = scoring.band_table(r.values(), scoring.DEFAULT_BANDS, ["departments", "communes"])
    assert table == [[1, 0, 1], [2, 0, 2], [1, 0, 1], [0, 1, 1], [0, 0, 0]]


@settings(deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=30))
def test_rank_is_a_competition_ranking(indices):
    rows = [(i, "g", v, True) for i, v in enumerate(indices)]
    ranked = scoring.rank(rows, scoring.DEFAULT_BANDS)
    for x in ranked:
        assert x.rank == 1 + sum(1 for v in indices if v > x.index)


def test_numbering_and_points_parsing():
    assert scoring.number_level("IV") == ("area", 0)
    assert scoring.number_level("II.") == ("area", 0)
    assert scoring.number_level("1.") == ("dotted", 1)
    assert scoring.number_level("1.1") == ("dotted", 2)
    assert scoring.number_level("1.1.1") == ("dotted", 3)
    assert scoring.number_level("a)") == ("letter", 0)
    assert scoring.number_level("Tổng") is None
    assert scoring.parse_points("12,5") == D("12.5")
    assert scoring.parse_points("2 điểm") == D(2)
    assert scoring.parse_points("-3") == D(3)
    assert scoring.parse_points("") is None and scoring.parse_points("hai") is None
    assert scoring.fmt(D("14.50")) == "14,5" and scoring.fmt(D("10.00")) == "10"


def test_losses_against_last_year():
    now = {"1.": ("Kế hoạch", D(4), D(6)), "2.": ("QPPL", D(4), D(4))}
    before = {"1.": ("Kế hoạch", D(5), D(6))}
    out = scoring.losses(now, before)
    assert out[0].number == "1." and out[0].lost == D(2) and out[0].change == D(1)
    assert out[1].lost == D(0) and out[1].lost_last_year is None
