"""Importing a criteria set from a DOCX/XLSX appendix: the tree, the CLI's dry run, errors."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.core.errors import DomainError
from cchc.indices import importing, services, standard
from cchc.indices.models import CriteriaSet, Criterion

from .sample_files import write_docx, write_xlsx


def flat(tree, out=None):
    out = [] if out is None else out
    for n in tree:
        out.append((n["number"], n["maximum"], n["method"], tuple(n.get("groups", ()))))
        flat(n.get("children", []), out)
    return out


def expected():
    return [
        (n["number"], n["maximum"], n["method"], tuple(n["groups"]))
        for n in standard.to_nodes(standard.UNIT_SET)
    ]


@pytest.mark.parametrize(
    "writer,name", [(write_docx, "bo-tieu-chi.docx"), (write_xlsx, "bo-tieu-chi.xlsx")]
)
def test_reads_the_unit_set(tmp_path, writer, name):
    path = writer(standard.UNIT_SET, tmp_path / name)
    preview = importing.parse(str(path), name)
    assert preview["errors"] == []
    assert flat(preview["tree"]) == expected()
    assert preview["areas"] == 8 and preview["max_points"] == 100
    assert preview["criteria"] == 19
    split = [n for n in preview["nodes"] if n["number"] == "3."][0]
    assert split["title"] == "Kiểm tra cải cách hành chính"  # the row a page break split
    on_time = next(n for n in preview["nodes"] if n["indicator"] == "on_time_rate")
    assert on_time["rule"] == {"kind": "linear", "full_at": 98.0}


def test_cli_dry_run_json_writes_nothing(db, tmp_path):
    path = write_docx(standard.UNIT_SET, tmp_path / "bo.docx")
    out = StringIO()
    call_command(
        "indices", "import", str(path), "--year", "2025", "--dry-run", "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert set(data) == {"areas", "criteria", "leaves", "max_points", "tree"}
    assert data["areas"] == 8 and data["max_points"] == 100.0
    assert data["leaves"] == sum(
        1
        for n in standard.to_nodes(standard.UNIT_SET)
        if not any(m["parent"] == n["id"] for m in standard.to_nodes(standard.UNIT_SET))
    )
    first = data["tree"][0]
    assert (first["number"], first["maximum"], first["method"]) == ("I", 12.0, "self")
    assert first["title"] == "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"
    assert CriteriaSet.objects.count() == 0


def test_points_that_do_not_add_up_are_refused_with_the_line(province, tmp_path):
    rows = [
        r if r[0] != "1.1" or "Ban hành kế hoạch CCHC" not in r[1] else (*r[:2], 3, *r[3:])
        for r in standard.UNIT_SET
    ]
    path = write_xlsx(rows, tmp_path / "sai.xlsx")
    pending = services.criteria_import_preview(
        actor=province.noivu,
        file=path.open("rb"),  # noqa: SIM115 - the service reads it
        filename="sai.xlsx",
        year=2025,
        title="",
        province=province.province,
    )
    errors = pending.preview["errors"]
    assert any(
        "Phụ lục!A" in e
        and "«1. Kế hoạch cải cách hành chính năm» có điểm tối đa 4 nhưng các tiêu chí con cộng lại 5"
        in e
        for e in errors
    )
    with pytest.raises(DomainError) as exc:
        services.criteria_import_commit(actor=province.noivu, pending=pending)
    assert "Tệp còn lỗi" in exc.value.message
    assert CriteriaSet.objects.count() == 0 and Criterion.objects.count() == 0


def test_bad_cells_and_files(tmp_path):
    rows = [
        r if r[0] != "2." or "Rà soát" not in r[1] else (r[0], r[1], 5, *r[3:])
        for r in standard.UNIT_SET
    ]
    rows.insert(3, ("1.1.1.1", "Quá sâu mà không có cấp trên", 1, "self", (), "", {}, False))
    path = write_docx(rows, tmp_path / "x.docx")
    errors = importing.parse(str(path), "x.docx")["errors"]
    assert any(
        e.startswith("Bảng 1, dòng") and "«1.1.1.1» không có tiêu chí cấp trên" in e for e in errors
    )
    other = tmp_path / "khong-phai.docx"
    import docx

    d = docx.Document()
    d.add_paragraph("Không có bảng")
    d.save(str(other))
    assert "không có bảng" in importing.parse(str(other), "khong-phai.docx")["errors"][0]
    txt = tmp_path / "a.txt"
    txt.write_text("xin chào")
    assert (
        "chỉ nhận tệp Word (DOCX) hoặc tệp Excel (XLSX)"
        in importing.parse(str(txt), "a.txt")["errors"][0]
    )


def test_commit_creates_the_tree_once(province, tmp_path):
    path = write_docx(standard.UNIT_SET, tmp_path / "bo.docx")
    pending = services.criteria_import_preview(
        actor=province.noivu,
        file=path.open("rb"),  # noqa: SIM115 - the service reads it
        filename="bo.docx",
        year=2025,
        title="Bộ tiêu chí sở, xã 2025",
        province=province.province,
    )
    cs = services.criteria_import_commit(actor=province.noivu, pending=pending)
    assert cs.criteria.count() == len(standard.UNIT_SET)
    assert cs.max_points == 100
    tree = cs.tree()
    from decimal import Decimal

    from cchc.indices import scoring

    assert scoring.unit_maximum(tree, "departments") == Decimal(96)
    assert scoring.unit_maximum(tree, "communes") == Decimal(91)
    with pytest.raises(DomainError):
        services.criteria_import_commit(actor=province.noivu, pending=pending)
    with pytest.raises(DomainError):
        services.criteria_import_preview(
            actor=province.daumoi,
            file=path.open("rb"),  # noqa: SIM115 - the service reads it
            filename="bo.docx",
            year=2025,
            title="",
            province=province.province,
        )


ROMAN = ["I", "II", "III", "IV", "V", "VI"]


@st.composite
def criteria_sets(draw):
    """A random set in the appendix shape: areas, criteria, sub-criteria, points in halves;
    every parent's maximum is the sum of its children's."""
    rows: list[standard.Row] = []
    for a in range(draw(st.integers(1, 4))):
        area_rows: list[standard.Row] = []
        area_total = Decimal(0)
        for c in range(1, draw(st.integers(1, 4)) + 1):
            subs = [Decimal(draw(st.integers(1, 8))) / 2 for _ in range(draw(st.integers(0, 3)))]
            total = sum(subs, Decimal(0)) if subs else Decimal(draw(st.integers(1, 8))) / 2
            area_rows.append(
                (f"{c}.", f"Tiêu chí {a}.{c}", float(total), "self", (), "", {}, False)
            )
            for s, pts in enumerate(subs, start=1):
                area_rows.append(
                    (
                        f"{c}.{s}",
                        f"Tiêu chí thành phần {a}.{c}.{s}",
                        float(pts),
                        "self",
                        (),
                        "",
                        {},
                        False,
                    )
                )
            area_total += total
        rows.append((ROMAN[a], f"Lĩnh vực {a}", float(area_total), "self", (), "", {}, False))
        rows.extend(area_rows)
    return rows


@settings(max_examples=12, deadline=None)
@given(rows=criteria_sets(), docx=st.booleans())
def test_round_trip_of_random_sets(rows, docx):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        name = "bo.docx" if docx else "bo.xlsx"
        path = (write_docx if docx else write_xlsx)(
            rows, Path(tmp) / name, split_at=-1, repeat_header_at=len(rows) // 2
        )
        preview = importing.parse(str(path), name)
    assert preview["errors"] == []
    want = [(n["number"], n["maximum"]) for n in standard.to_nodes(rows)]
    assert [(n["number"], n["maximum"]) for n in preview["nodes"]] == want
    assert preview["max_points"] == sum(r[2] for r in rows if r[0] in ROMAN)
