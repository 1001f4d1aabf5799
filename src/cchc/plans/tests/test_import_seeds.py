"""Seeds 001 and 002's appendices, typed into DOCX and XLSX by plansparse's builders, import
with every row, agency and deadline right; the CLI prints the preview; bad files write nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cchc.core.text import fold
from cchc.demo.data import plan_seeds as seed_tables
from cchc.organizations.models import AgencyKind
from cchc.organizations.services import agency_create
from cchc.plans import importing, services
from cchc.plans.deadlines import parse_deadline
from cchc.plans.models import Milestone, Plan, PlanImport, Task
from cchc.testing import html

pytestmark = pytest.mark.django_db

# The agencies the two appendices name, as a province's tree would hold them.
TREE = [
    ("VP", AgencyKind.PPC_OFFICE, "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh"),
    ("SNV", AgencyKind.DEPARTMENT, "Sở Nội vụ", "SNV"),
    ("STP", AgencyKind.DEPARTMENT, "Sở Tư pháp", "STP"),
    ("STC", AgencyKind.DEPARTMENT, "Sở Tài chính", "STC"),
    ("STTTT", AgencyKind.DEPARTMENT, "Sở Thông tin và Truyền thông", "Sở TT&TT"),
    ("SKHCN", AgencyKind.DEPARTMENT, "Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("SYT", AgencyKind.DEPARTMENT, "Sở Y tế", "SYT"),
    ("SGDDT", AgencyKind.DEPARTMENT, "Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
    ("SKHDT", AgencyKind.DEPARTMENT, "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"),
    ("SLDTBXH", AgencyKind.DEPARTMENT, "Sở Lao động, Thương binh và Xã hội", "Sở LĐTBXH"),
    ("SGTVT", AgencyKind.DEPARTMENT, "Sở Giao thông vận tải", "Sở GTVT"),
    ("SXD", AgencyKind.DEPARTMENT, "Sở Xây dựng", "SXD"),
    ("STNMT", AgencyKind.DEPARTMENT, "Sở Tài nguyên và Môi trường", "Sở TN&MT"),
    ("CAT", AgencyKind.CENTRAL, "Công an tỉnh", "CAT"),
    ("BDT", AgencyKind.CENTRAL, "Bưu điện tỉnh", "Bưu điện tỉnh"),
    ("BAO", AgencyKind.PUBLIC_SERVICE, "Báo Quảng Nam", "Báo Quảng Nam"),
    ("DPTTH", AgencyKind.PUBLIC_SERVICE, "Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH tỉnh"),
]
# How the seeds write them → agency code.
WRITTEN = {
    "van phong ubnd tinh": "VP",
    "van phong uy ban nhan dan tinh": "VP",
    "dai phat thanh-truyen hinh tinh": "DPTTH",
    "dai phat thanh - truyen hinh tinh": "DPTTH",
    "buu dien tinh.": "BDT",
    **{fold(name): code for code, _k, name, _s in TREE},
}


@pytest.fixture
def tree(db):
    province = agency_create(
        actor=None,
        parent=None,
        code="P94",
        kind=AgencyKind.PROVINCE,
        name="Ủy ban nhân dân tỉnh Sóc Trăng",
        short_name="UBND tỉnh",
    )
    made: dict[str, Any] = {"P94": province}
    for code, kind, name, short in TREE:
        made[code] = agency_create(
            actor=None, parent=province, code=code, kind=kind, name=name, short_name=short
        )
    from cchc.accounts.models import Role, User

    made["user"] = User.objects.create_user(
        username="snv", password="x", role=Role.HOME_AFFAIRS, agency=made["SNV"]
    )
    return made


def rows_of(seed: str):
    rows = getattr(seed_tables, f"seed_{seed}_rows")()
    assert rows, f"no rows read from seed {seed}"
    return rows


def expected_names(row, field: str) -> list[str]:
    names = list(getattr(row, field))
    return names or ([getattr(row, f"{field}_text")] if getattr(row, f"{field}_text") else [])


def check_plan(plan: Plan, rows, tree, year: int) -> None:
    tasks = list(
        Task.objects.filter(plan=plan)
        .select_related("area")
        .prefetch_related("products", "lead_links__agency", "coordinators", "milestones")
        .order_by("order")
    )
    assert len(tasks) == len(rows)
    assert [a.name for a in plan.areas.all()] == list(dict.fromkeys(r.section for r in rows))
    by_pk = {a.pk: code for code, a in tree.items() if code != "user"}
    for row, task in zip(rows, tasks, strict=True):
        where = f"{row.section} / {row.number} {row.title[:40]}"
        assert task.area.name == row.section, where
        assert task.number == row.number, where
        assert task.content == row.title, where
        assert task.subsection == row.subsection, where
        assert [p.name for p in task.products.all()] == list(row.products), where
        assert task.deadline_text == row.deadline_text, where
        for field, got in (
            ("lead", [by_pk[link.agency_id] for link in task.lead_links.all()]),
            ("coordinators", sorted(by_pk[a.pk] for a in task.coordinators.all())),
        ):
            want: list[str] = []
            kept: list[str] = []
            for raw in expected_names(row, field):
                code = WRITTEN.get(fold(importing.split_role(raw)[0]))
                (want if code else kept).append(code or raw)
            if field == "coordinators":
                lead_codes = {by_pk[link.agency_id] for link in task.lead_links.all()}
                want = sorted(set(want) - lead_codes)
            else:
                want = list(dict.fromkeys(want))
            assert got == want, (where, field)
            for raw in kept:  # group mentions and names of no agency stay as written
                assert raw in task.group_mentions or raw in task.unresolved_names, (where, raw)
        assert not any(
            WRITTEN.get(fold(importing.split_role(n)[0])) for n in task.unresolved_names
        ), where
        parsed = parse_deadline(row.deadline_text, year=year)
        assert task.deadline_kind == str(parsed.kind), where
        assert [(m.label, m.due) for m in task.milestones.all()] == [
            (m.label, m.due) for m in parsed.milestones
        ] or (not parsed.milestones and [m.due for m in task.milestones.all()] == [None]), where


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("seed,year", [("001", 2022), ("002", 2021)])
def test_seed_appendix_imports_every_row_agency_and_deadline(seed, year, fmt, tree, tmp_path):
    rows = rows_of(seed)
    writer = getattr(seed_tables, f"write_seed_{fmt}")
    path = writer(rows, tmp_path / f"seed{seed}.{fmt}")
    with open(path, "rb") as fh:
        imp = services.plan_import_start(
            actor=tree["user"], agency=tree["P94"], year=year, file=fh, filename=path.name
        )
    still_open = importing.open_names(imp.preview, imp.preview["mapping"])
    assert not [n for n in still_open if WRITTEN.get(fold(n))], still_open
    plan = services.plan_import_commit(actor=tree["user"], plan_import=imp)
    check_plan(plan, rows, tree, year)


def test_seed_001_known_cells(tree, tmp_path):
    rows = rows_of("001")
    path = seed_tables.write_seed_docx(rows, tmp_path / "s.docx")
    with open(path, "rb") as fh:
        imp = services.plan_import_start(
            actor=tree["user"], agency=tree["P94"], year=2022, file=fh, filename="s.docx"
        )
    plan = services.plan_import_commit(actor=tree["user"], plan_import=imp)
    two = Task.objects.get(plan=plan, deadline_text__contains="30/01/2022")
    assert two.deadline_kind == "milestones"
    assert [m.due for m in two.milestones.all()] == [dt.date(2022, 1, 30), dt.date(2022, 12, 10)]
    q2 = Task.objects.get(plan=plan, deadline_text="Quý 2/2022")
    assert [m.due for m in q2.milestones.all()] == [dt.date(2022, 6, 30)]
    assert [lk.agency for lk in q2.lead_links.all()] == [tree["SNV"]]
    recurring = Task.objects.filter(plan=plan, deadline_text="Thường xuyên")
    assert recurring and all(t.deadline_kind == "recurring" for t in recurring)
    health = Task.objects.get(plan=plan, content__contains="dịch vụ y tế công")
    assert {lk.agency.code for lk in health.lead_links.all()} == {"SYT", "SGDDT"}


def test_cli_dry_run_json(tree, tmp_path, capsys):
    rows = rows_of("001")
    path = seed_tables.write_seed_xlsx(rows, tmp_path / "s.xlsx")
    out = io.StringIO()
    call_command("plans", "import", str(path), "--year", "2022", "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"sections", "tasks"}
    assert data["sections"] == list(dict.fromkeys(r.section for r in rows))
    assert len(data["tasks"]) == len(rows)
    first = data["tasks"][0]
    assert list(first) == [
        "section",
        "number",
        "title",
        "products",
        "lead",
        "coordinators",
        "deadline_text",
        "deadline_kind",
        "milestones",
    ]
    for task, row in zip(data["tasks"], rows, strict=True):
        assert (task["section"], task["number"], task["title"]) == (
            row.section,
            row.number,
            row.title,
        )
        for m in task["milestones"]:
            assert set(m) == {"label", "date"}
            assert m["date"] is None or dt.date.fromisoformat(m["date"]).year in (2021, 2022)
    assert Plan.objects.count() == 0 and PlanImport.objects.count() == 0


def test_cli_imports_without_dry_run(tree, tmp_path):
    rows = rows_of("002")
    path = seed_tables.write_seed_docx(rows, tmp_path / "s.docx")
    out = io.StringIO()
    call_command(
        "plans", "import", str(path), "--year", "2021", "--agency", "P94", "--json", stdout=out
    )
    result = json.loads(out.getvalue())
    plan = Plan.objects.get(pk=result["plan"])
    assert result["tasks"] == len(rows) == plan.tasks.count()
    check_plan(plan, rows, tree, 2021)


def _malformed_files(tmp_path):
    import docx
    import openpyxl

    d = docx.Document()
    d.add_paragraph("Kế hoạch không có bảng phụ lục")
    d.save(tmp_path / "no-table.docx")
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Một ô"
    wb.save(tmp_path / "no-header.xlsx")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "notes.txt").write_text("không phải bảng")
    return ["no-table.docx", "no-header.xlsx", "broken.docx", "notes.txt"]


def test_cli_malformed_files_exit_2_and_write_nothing(tree, tmp_path, capsys):
    for name in _malformed_files(tmp_path):
        with pytest.raises(SystemExit) as exc:
            call_command("plans", "import", str(tmp_path / name), "--year", "2022")
        assert exc.value.code == 2, name
        err = capsys.readouterr().err
        assert err.strip(), name
        assert any(ch in err for ch in "ăâđêôơưáàảãạ"), err  # a Vietnamese message
    assert (
        Plan.objects.count() == 0 and Task.objects.count() == 0 and Milestone.objects.count() == 0
    )


def test_upload_malformed_files_write_nothing(tree, tmp_path, client):
    client.force_login(tree["user"])
    for name in _malformed_files(tmp_path):
        data = (tmp_path / name).read_bytes()
        resp = client.post(
            reverse("plans:import"), {"file": SimpleUploadedFile(name, data), "year": 2022}
        )
        assert resp.status_code == 200 and "errorlist" in resp.content.decode(), name
    assert PlanImport.objects.count() == 0 and Plan.objects.count() == 0


def test_preview_page_lists_names_to_resolve_then_commits(tree, tmp_path, client):
    rows = rows_of("001")
    path = seed_tables.write_seed_docx(rows, tmp_path / "s.docx")
    tree["SYT"].delete()  # an agency missing from the tree: its name must be resolved by hand
    client.force_login(tree["user"])
    resp = client.post(
        reverse("plans:import"),
        {"file": SimpleUploadedFile("s.docx", path.read_bytes()), "year": 2022},
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    imp = PlanImport.objects.get()
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(resp["Location"]).content.decode(), "html.parser")
    tasks = page.select("#preview-tasks tbody tr")
    assert len(tasks) == len(rows)
    unmatched = [
        tr for tr in page.select("#agency-names tbody tr") if tr["data-status"] == "unmatched"
    ]
    names = [tr.select("td")[0].get_text() for tr in unmatched]
    assert "Sở Y tế" in names
    select = html.one(unmatched[names.index("Sở Y tế")], "select")
    resp = client.post(resp["Location"], {html.attr(select, "name"): str(tree["SGDDT"].pk)})
    plan = Plan.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("plans:plan", args=[plan.pk])
    health = Task.objects.get(plan=plan, content__contains="dịch vụ y tế công")
    assert [lk.agency.code for lk in health.lead_links.all()] == ["SGDDT"]
    imp.refresh_from_db()
    assert imp.status == "committed" and imp.plan == plan
    resp = client.post(reverse("plans:import_preview", args=[imp.pk]), {})
    assert Plan.objects.count() == 1  # a second commit does nothing
