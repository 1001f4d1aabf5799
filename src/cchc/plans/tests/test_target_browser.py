"""Browser story: the Department of Justice's focal point enters the actual of a target no
indicator measures, with a report attached, and sees it counted with its evidence."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cchc.plans import services
from cchc.plans.models import TargetActual


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_focal_point_enters_an_actual_with_evidence(page, login_page, tmp_path, settings):
    from cchc.testing.personas import build_province

    settings.MEDIA_ROOT = tmp_path / "media"
    p = build_province()
    today = timezone.localdate()
    plan = services.plan_create(
        actor=p.noivu, agency=p.province, title=f"Kế hoạch CCHC năm {today.year}", year=today.year
    )
    target = services.target_create(
        actor=p.noivu,
        plan=plan,
        sentence="100% văn bản quy phạm pháp luật được rà soát kịp thời.",
        value=100,
        unit="%",
        comparison=">=",
        responsible=[p.justice],
    )
    report = tmp_path / "bao-cao-ra-soat.pdf"
    report.write_bytes(b"%PDF-1.7 bao cao ra soat van ban")
    login_page(p.daumoi)
    page.goto(f"{page.base_url}/plans/{plan.pk}/targets/")
    row = page.locator(f"#target-{target.pk}")
    assert "chưa có số liệu" in row.inner_text()
    row.locator("summary").click()
    form = page.locator(f"#actual-form-{target.pk}")
    form.locator(f"#id_t{target.pk}-value").fill("100")
    form.locator(f"#id_t{target.pk}-as_of").fill(today.strftime("%d/%m/%Y"))
    form.locator(f"#id_t{target.pk}-document_ref").fill("Báo cáo số 12/BC-STP")
    form.locator(f"#id_t{target.pk}-files").set_input_files(str(report))
    form.locator("button[type=submit]").click()
    page.wait_for_selector(f"#target-{target.pk} .verdict .badge.ok")
    text = page.locator(f"#target-{target.pk}").inner_text()
    assert "\t100%\t" in text and "Báo cáo số 12/BC-STP" in text and "Lê Thị Đầu Mối" in text
    assert page.locator(f"#target-{target.pk} a:text-is('bao-cao-ra-soat.pdf')").count() == 1
    entry = TargetActual.objects.get()
    assert entry.entered_by == p.daumoi and entry.files.get().name == "bao-cao-ra-soat.pdf"
