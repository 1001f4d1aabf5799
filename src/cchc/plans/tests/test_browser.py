"""Browser story: Home Affairs imports the province's plan through the preview page, resolves
an agency name, commits, opens the overview and a task; the screenshots illustrate the guide."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.demo.data import plan_seeds as seed_tables
from cchc.organizations.models import Agency, AgencyKind
from cchc.organizations.services import agency_create
from cchc.plans.models import Milestone, Plan
from cchc.testing.fixtures import screenshot

from .conftest import DEPARTMENTS


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_through_preview_then_overview(page, login_page, tmp_path):
    rows = seed_tables.seed_001_rows()
    from cchc.testing.personas import build_province

    p = build_province()
    for code, name, short in DEPARTMENTS:
        if code != "SYT":  # left out on purpose: the person resolves "Sở Y tế" by hand
            agency_create(
                actor=None,
                parent=p.province,
                code=code,
                kind=AgencyKind.DEPARTMENT,
                name=name,
                short_name=short,
            )
    path = seed_tables.write_seed_docx(rows, tmp_path / "phu-luc-ke-hoach-2022.docx")
    login_page(p.noivu)
    page.goto(page.base_url + "/plans/import/")
    assert page.request.get(page.base_url + "/static/cchc/css/app.css").status == 200
    page.set_input_files("#id_file", str(path))
    page.fill("#id_year", "2022")
    page.fill("#id_title", "Kế hoạch cải cách hành chính năm 2022")
    page.fill("#id_number", "182/KH-UBND")
    screenshot(page, "plans-import-upload")
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#preview-tasks")
    row = page.locator('#agency-names tr:has(td:text-is("Sở Y tế"))')
    row.scroll_into_view_if_needed()
    screenshot(page, "plans-import-preview")
    sgd = Agency.objects.get(code="SGDDT")
    row.locator("select").select_option(value=str(sgd.pk))
    page.click("#commit")
    page.wait_for_selector("#areas")
    plan = Plan.objects.get()
    assert plan.tasks.count() == len(rows)
    # Justice reports two milestones done, one of them late, so the overview shows both.
    from cchc.plans import services

    dated = Milestone.objects.filter(task__plan=plan, due__isnull=False).order_by("due")[:4]
    for done, m in enumerate(dated):
        due = m.due
        assert due is not None
        lead = m.task.lead_links.first()
        agency = lead.agency if lead else None
        if agency is None:
            services.task_update(actor=p.noivu, task=m.task, leads=[p.justice])
            agency = p.justice
        services.progress_report(
            actor=p.noivu,
            task=m.task,
            agency=agency,
            milestone=m,
            status="done",
            percent=100,
            done_at=due if done % 2 == 0 else due + dt.timedelta(days=9),
            evidence_number=f"{10 + done}/BC-STP",
        )
    page.reload()
    assert page.locator("[data-count=done]").inner_text() == "2"
    assert page.locator("#areas tbody tr").count() == len({r.section for r in rows})
    screenshot(page, "plans-overview")
    page.goto(page.base_url + f"/plans/{plan.pk}/tasks/")
    page.fill("#id_q", "ra soat")
    page.wait_for_timeout(800)
    assert page.locator("#task-rows tr.task-row").count() >= 1
    screenshot(page, "plans-task-list")
    page.locator("#task-rows tr.task-row a").first.click()
    page.wait_for_selector("#milestones")
    screenshot(page, "plans-task")
