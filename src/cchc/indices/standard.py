"""Criteria structures shipped as data (the demo loads them; a province edits or replaces them).

* ``PROVINCIAL_2022_2030``: the eight areas of the provincial PAR index under Decision
  876/QĐ-BNV (10/11/2022). DOMAIN 8 confirms the eight areas and the 100-point total; the
  maxima below are the 2017 provincial shape (Decision 2948/QĐ-BNV) because we could not read
  the 2022 maxima from a primary text: every row is marked [check] and is editable data.
* ``UNIT_SET``: a department/commune set in the shape of a province's decision (Hà Nội
  5666/QĐ-UBND: eight contents plus bonus and penalty points), with criteria that apply to
  one group only, indicator-computed and survey criteria. Illustrative: [check] against the
  province's own decision before use.

Rows: (number, title, maximum, method, groups, indicator, rule, check).
"""

from __future__ import annotations

from typing import Any

Row = tuple[str, str, float, str, tuple[str, ...], str, dict[str, Any], bool]

PROVINCIAL_2022_2030: list[Row] = [
    ("I", "Công tác chỉ đạo, điều hành cải cách hành chính", 10, "self", (), "", {}, True),
    (
        "II",
        "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
        10,
        "self",
        (),
        "",
        {},
        True,
    ),
    ("III", "Cải cách thủ tục hành chính", 14.5, "self", (), "", {}, True),
    ("IV", "Cải cách tổ chức bộ máy hành chính nhà nước", 11, "self", (), "", {}, True),
    ("V", "Cải cách chế độ công vụ", 16, "self", (), "", {}, True),
    ("VI", "Cải cách tài chính công", 7, "self", (), "", {}, True),
    ("VII", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", 16, "self", (), "", {}, True),
    (
        "VIII",
        "Tác động của cải cách hành chính đến người dân, tổ chức và các chỉ tiêu phát triển "
        "kinh tế - xã hội của tỉnh",
        15.5,
        "survey",
        (),
        "",
        {},
        True,
    ),
]

_D, _C = ("departments",), ("communes",)
LINEAR = "linear"

UNIT_SET: list[Row] = [
    ("I", "Công tác chỉ đạo, điều hành cải cách hành chính", 12, "self", (), "", {}, False),
    ("1.", "Kế hoạch cải cách hành chính năm", 4, "self", (), "", {}, False),
    ("1.1", "Ban hành kế hoạch CCHC năm đúng thời hạn", 2, "self", (), "", {}, False),
    (
        "1.2",
        "Mức độ hoàn thành kế hoạch CCHC",
        2,
        "indicator",
        (),
        "plan_milestones_done_rate",
        {"kind": LINEAR, "full_at": 100},
        False,
    ),
    ("2.", "Báo cáo CCHC định kỳ đầy đủ, đúng hạn", 3, "self", (), "", {}, False),
    ("3.", "Kiểm tra cải cách hành chính", 3, "self", (), "", {}, False),
    ("3.1", "Ban hành kế hoạch kiểm tra CCHC", 1, "self", (), "", {}, False),
    ("3.2", "Thực hiện kế hoạch kiểm tra, xử lý sau kiểm tra", 2, "self", (), "", {}, False),
    ("4.", "Tuyên truyền cải cách hành chính", 2, "self", (), "", {}, False),
    ("II", "Cải cách thể chế", 10, "self", (), "", {}, False),
    ("1.", "Tham mưu xây dựng văn bản quy phạm pháp luật", 5, "self", _D, "", {}, False),
    ("2.", "Rà soát, kiểm tra văn bản", 5, "self", (), "", {}, False),
    ("2.1", "Ban hành kế hoạch rà soát văn bản", 2, "self", (), "", {}, False),
    ("2.2", "Xử lý văn bản sau rà soát", 3, "self", (), "", {}, False),
    ("III", "Cải cách thủ tục hành chính", 20, "self", (), "", {}, False),
    ("1.", "Công khai thủ tục hành chính đầy đủ, đúng quy định", 5, "self", (), "", {}, False),
    (
        "2.",
        "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn",
        8,
        "indicator",
        (),
        "on_time_rate",
        {"kind": LINEAR, "full_at": 98},
        False,
    ),
    (
        "3.",
        "Tỷ lệ hồ sơ quá hạn có văn bản xin lỗi",
        3,
        "indicator",
        (),
        "apology_coverage",
        {"kind": "threshold", "at": 100},
        False,
    ),
    (
        "4.",
        "Tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính",
        4,
        "self",
        (),
        "",
        {},
        False,
    ),
    ("IV", "Cải cách tổ chức bộ máy hành chính", 10, "self", (), "", {}, False),
    ("1.", "Sắp xếp tổ chức bộ máy theo quy định", 5, "self", (), "", {}, False),
    ("2.", "Thực hiện phân cấp, ủy quyền", 5, "self", (), "", {}, False),
    ("V", "Cải cách chế độ công vụ", 12, "self", (), "", {}, False),
    ("1.", "Quản lý vị trí việc làm, biên chế", 6, "self", (), "", {}, False),
    ("2.", "Chấp hành kỷ luật, kỷ cương hành chính", 6, "self", (), "", {}, False),
    ("VI", "Cải cách tài chính công", 12, "self", (), "", {}, False),
    ("1.", "Thực hiện cơ chế tự chủ tài chính", 4, "self", _D, "", {}, False),
    ("2.", "Quản lý, sử dụng ngân sách xã đúng quy định", 4, "self", _C, "", {}, False),
    ("3.", "Công khai ngân sách", 4, "self", (), "", {}, False),
    ("VII", "Xây dựng chính quyền điện tử, chính quyền số", 13, "self", (), "", {}, False),
    (
        "1.",
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
        5,
        "indicator",
        (),
        "online_share",
        {"kind": LINEAR, "full_at": 50},
        False,
    ),
    ("2.", "Gửi, nhận văn bản điện tử có ký số", 8, "self", (), "", {}, False),
    (
        "VIII",
        "Mức độ hài lòng của người dân, tổ chức (điều tra xã hội học)",
        11,
        "survey",
        (),
        "sipas",
        {"kind": LINEAR, "full_at": 100},
        True,
    ),
    ("", "Điểm thưởng", 3, "bonus", (), "", {}, False),
    ("1.", "Sáng kiến CCHC được cấp có thẩm quyền công nhận", 2, "bonus", (), "", {}, False),
    ("2.", "Được khen thưởng về công tác CCHC", 1, "bonus", (), "", {}, False),
    ("", "Điểm trừ", 5, "penalty", (), "", {}, False),
    (
        "1.",
        "Cán bộ, công chức bị kỷ luật do vi phạm trong giải quyết TTHC",
        3,
        "penalty",
        (),
        "",
        {},
        False,
    ),
    ("2.", "Chậm gửi báo cáo CCHC", 2, "penalty", (), "", {}, False),
]


def to_nodes(rows: list[Row]) -> list[dict[str, Any]]:
    """The importer's node shape (``importing.parse()["nodes"]``), for ``criteria_set_create``."""
    nodes: list[dict[str, Any]] = []
    area: dict[str, Any] | None = None
    path: list[dict[str, Any]] = []
    special = ""
    for number, title, maximum, method, groups, indicator, rule, check in rows:
        is_area = number == "" or (number and number[0] in "IVX" and "." not in number)
        if is_area:
            depth = 0
            parent = None
            special = method if method in ("bonus", "penalty") else ""
            path = []
        else:
            depth = number.rstrip(".").count(".") + 1
            path = path[: depth - 1]
            parent = path[-1] if path else area
        node = {
            "id": len(nodes) + 1,
            "parent": parent["id"] if parent else None,
            "number": number or ("+" if method == "bonus" else "−"),
            "title": title,
            "maximum": float(maximum),
            "method": special or method,
            "groups": list(groups),
            "indicator": indicator,
            "rule": rule,
            "check": check,
            "evidence_hint": "",
            "depth": depth,
        }
        nodes.append(node)
        if is_area:
            area = node
        else:
            path.append(node)
    return nodes


# A small set for stories and tests: two areas, one criterion for departments only, one
# computed from the on-time indicator, a bonus block.
SMALL_SET: list[Row] = [
    ("I", "Công tác chỉ đạo, điều hành cải cách hành chính", 10, "self", (), "", {}, False),
    ("1.", "Ban hành kế hoạch CCHC năm đúng thời hạn", 6, "self", (), "", {}, False),
    ("2.", "Tham mưu xây dựng văn bản quy phạm pháp luật", 4, "self", _D, "", {}, False),
    ("II", "Cải cách thủ tục hành chính", 10, "self", (), "", {}, False),
    ("1.", "Công khai thủ tục hành chính đầy đủ, đúng quy định", 4, "self", (), "", {}, False),
    (
        "2.",
        "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn",
        6,
        "indicator",
        (),
        "on_time_rate",
        {"kind": LINEAR, "full_at": 98},
        False,
    ),
    ("", "Điểm thưởng", 2, "bonus", (), "", {}, False),
    ("1.", "Sáng kiến CCHC được công nhận", 2, "bonus", (), "", {}, False),
]
