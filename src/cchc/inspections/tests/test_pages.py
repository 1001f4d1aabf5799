"""Inspection pages, API, CLI and the conclusion notice."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone
from docx import Document

from cchc.inspections import services
from cchc.inspections.models import Checklist, Inspection, Remedy
from cchc.testing.fixtures import soffice_path

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def concluded(province, units):
    plan = services.plan_create(
        actor=province.noivu, agency=province.province, year=2026, number="12/KH-SNV"
    )
    checklist = Checklist.objects.get(area="procedures")
    inspection = services.inspection_schedule(
        actor=province.noivu,
        plan=plan,
        agency=province.commune_a,
        date_from=dt.date(2026, 3, 2),
        date_to=dt.date(2026, 3, 3),
        lead=province.noivu,
        members=[province.daumoi],
        checklists=[checklist],
    )
    for item in checklist.items.all():
        services.checklist_record(
            actor=province.noivu, inspection=inspection, item=item, result="met"
        )
    finding = services.finding_add(
        actor=province.noivu,
        inspection=inspection,
        area="procedures",
        severity="moderate",
        text="Còn 03 hồ sơ trễ hẹn chưa có văn bản xin lỗi",
    )
    services.remedy_add(
        actor=province.noivu,
        finding=finding,
        text="Gửi văn bản xin lỗi đối với 100% hồ sơ trễ hẹn",
        owner=province.commune_a,
        owner_person="Bùi Văn Đầu Mối Xã",
        working_days=10,
        start=dt.date(2026, 3, 3),
    )
    services.inspection_conclude(
        actor=province.noivu,
        inspection=inspection,
        concluded_on=dt.date(2026, 3, 3),
        number="15/TB-SNV",
        summary="UBND phường Ninh Kiều thực hiện tương đối tốt công tác CCHC.",
    )
    return inspection


def test_plan_page_warns_below_target_and_suggests(province, units, client_as):
    c = client_as(province.noivu)
    r = c.post(
        "/inspections/", {"year": 2026, "title": "", "number": "12/KH-SNV", "target_share": "0.3"}
    )
    plan_url = r.url
    page = soup(c.get(plan_url))
    assert "chưa đạt tỷ lệ tối thiểu" in page.select_one("#coverage-warning").text
    assert len(page.select("#suggestions li")) == 20
    r = c.post(
        plan_url,
        {
            "agency": units.communes[0].pk,
            "kind": "reform",
            "date_from": "2026-04-01",
            "date_to": "2026-04-02",
            "lead": province.noivu.pk,
            "checklists": [Checklist.objects.values_list("pk", flat=True)[0]],
        },
    )
    assert r.status_code == 302
    page = soup(c.get(plan_url))
    assert page.select_one('#coverage tr[data-group="communes"]').select("td")[2].text == "1"
    # Out-of-year date: refused with a message, nothing written.
    r = c.post(
        plan_url,
        {
            "agency": units.communes[1].pk,
            "kind": "reform",
            "date_from": "2025-04-01",
            "date_to": "2025-04-02",
        },
    )
    assert "trong năm 2026" in r.content.decode() and Inspection.objects.count() == 1
    # Focal points read the plan but may not add to it.
    focal = client_as(province.daumoi)
    assert focal.get(plan_url).status_code == 200
    assert focal.post(plan_url, {"agency": units.communes[1].pk}).status_code == 403


def test_remedy_without_owner_gets_a_message(province, units, client_as):
    plan = services.plan_create(actor=province.noivu, agency=province.province, year=2026)
    inspection = services.inspection_schedule(
        actor=province.noivu,
        plan=plan,
        agency=province.commune_a,
        date_from=dt.date(2026, 3, 2),
        date_to=dt.date(2026, 3, 2),
    )
    c = client_as(province.noivu)
    c.post(
        f"/inspections/{inspection.pk}/findings/",
        {"area": "direction", "severity": "minor", "text": "Chưa ban hành kế hoạch tuyên truyền"},
    )
    finding = inspection.findings.get()
    r = c.post(
        f"/inspections/findings/{finding.pk}/remedies/",
        {"text": "Ban hành kế hoạch", "owner": "", "working_days": "5"},
    )
    assert r.status_code == 400
    assert "phải có đơn vị chịu trách nhiệm" in soup(r).select_one(".remedy-form .msg-error").text
    assert Remedy.objects.count() == 0


def test_conclusion_docx(province, concluded, client_as, tmp_path):
    r = client_as(province.noivu).get(f"/inspections/{concluded.pk}/thong-bao-ket-luan.docx")
    assert r.status_code == 200 and r["Content-Type"].endswith("document")
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "THÔNG BÁO" in text.upper()
    assert (
        "Kết luận kiểm tra công tác cải cách hành chính tại Ủy ban nhân dân phường Ninh Kiều"
        in text
    )
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "15/TB-SNV" in " ".join(cells)
    assert "Gửi văn bản xin lỗi đối với 100% hồ sơ trễ hẹn" in cells
    assert "17/03/2026" in cells  # 10 working days from 3/3/2026
    # A team member from another agency may download it; another unit's officer may not.
    assert (
        client_as(province.daumoi)
        .get(f"/inspections/{concluded.pk}/thong-bao-ket-luan.docx")
        .status_code
        == 200
    )
    assert (
        client_as(province.motcua_xa_b)
        .get(f"/inspections/{concluded.pk}/thong-bao-ket-luan.docx")
        .status_code
        == 403
    )


@pytest.mark.slow
def test_conclusion_opens_in_libreoffice(province, concluded, tmp_path):
    soffice = soffice_path()
    from cchc.inspections.docx import conclusion_notice

    source = tmp_path / "thong-bao.docx"
    source.write_bytes(conclusion_notice(concluded))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert (tmp_path / "thong-bao.pdf").read_bytes().startswith(b"%PDF")


def test_overdue_queue_and_follow_up_page(province, concluded, client_as):
    Remedy.objects.update(due_date=timezone.localdate() - dt.timedelta(days=3))
    unit = client_as(province.daumoi_xa)
    page = soup(unit.get("/inspections/remedies/?overdue=1"))
    assert page.select("#remedies tr.overdue")
    home = soup(unit.get("/"))
    assert "Biện pháp khắc phục sau kiểm tra quá hạn" in home.text
    remedy = Remedy.objects.get()
    r = unit.post(
        f"/inspections/remedies/{remedy.pk}/follow-up/",
        {
            "note": "Đã gửi văn bản xin lỗi",
            "done_on": timezone.localdate().isoformat(),
            "next": "/inspections/remedies/?overdue=1",
        },
    )
    assert r.url == "/inspections/remedies/?overdue=1"
    remedy.refresh_from_db()
    assert remedy.status == "done"
    assert (
        client_as(province.daumoi)
        .post(f"/inspections/remedies/{remedy.pk}/follow-up/", {"note": "x"})
        .status_code
        == 404
    )  # Justice does not even see it


def test_cli_coverage_json(province, units, capsys):
    plan = services.plan_create(actor=province.noivu, agency=province.province, year=2026)
    for unit in units.departments[:3] + units.communes[:2]:
        services.inspection_schedule(
            actor=province.noivu,
            plan=plan,
            agency=unit,
            date_from=dt.date(2026, 5, 4),
            date_to=dt.date(2026, 5, 5),
        )
    call_command("inspections", "coverage", "--year", "2026", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "departments": {"total": 10, "planned": 3, "share": 0.3},
        "communes": {"total": 10, "planned": 2, "share": 0.2},
        "target": 0.3,
        "ok": False,
    }
    call_command("inspections", "coverage", "--year", "2027", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["departments"] == {"total": 10, "planned": 0, "share": 0.0} and not out["ok"]


def test_api_plans_and_remedies(province, units, api_client):
    c = api_client(province.noivu)
    r = c.post("/api/v1/inspections/plans", {"year": 2026}, content_type="application/json")
    assert r.status_code == 201 and r.json()["coverage"]["ok"] is False
    plan_id = r.json()["id"]
    r = c.post(
        f"/api/v1/inspections/plans/{plan_id}/inspections",
        {"agency_id": units.departments[0].pk, "date_from": "2026-06-01", "date_to": "2026-06-02"},
        content_type="application/json",
    )
    assert r.status_code == 201
    detail = c.get(f"/api/v1/inspections/plans/{plan_id}").json()
    assert detail["coverage"]["departments"]["planned"] == 1
    focal = api_client(province.daumoi)
    r = focal.post("/api/v1/inspections/plans", {"year": 2027}, content_type="application/json")
    assert r.status_code == 403 and "Sở Nội vụ" in r.json()["message"]
    assert focal.get("/api/v1/inspections/remedies?overdue=true").json() == []


def test_remedy_queue_queries_do_not_grow(
    province, concluded, client_as, django_assert_max_num_queries
):
    finding = concluded.findings.get()
    for i in range(10):
        Remedy.objects.create(
            finding=finding,
            text=f"Biện pháp {i}",
            owner=province.commune_a,
            due_date=dt.date(2026, 4, 1),
        )
    c = client_as(province.noivu)
    with django_assert_max_num_queries(12):
        page = c.get("/inspections/remedies/")
    assert len(soup(page).select("#remedies tbody tr")) == 11
