"""Browser stories: the desk receives a dossier, the citizen finds it on the public page."""

from __future__ import annotations

import pytest

from cchc.dossiers import services as s
from cchc.dossiers.models import Dossier
from cchc.testing.fixtures import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_receive_at_the_desk_and_look_it_up(province, procs, page, login_page):
    p = province
    login_page(p.motcua)
    page.goto(page.base_url + "/dossiers/receive/")
    page.fill("#id_procedure_code", "ly lich")
    page.click(".procedure-results button[data-code='1.000001']")
    page.wait_for_selector(".checklist[data-procedure='1.000001']")
    page.check("text=Tờ khai yêu cầu cấp phiếu")
    page.fill("#id_applicant_name", "Lê Văn Cường")
    page.fill("#id_applicant_id_number", "092090009999")
    page.fill("#id_applicant_address", "12 Nguyễn Trãi, phường Ninh Kiều")
    page.fill("#id_applicant_phone", "0987 654 321")
    screenshot(page, "dossiers-receive")
    page.click("#receive-submit")
    page.wait_for_selector("#dossier-code")
    d = Dossier.objects.get()
    assert page.text_content("#dossier-code") == d.code
    assert d.components == ["Tờ khai yêu cầu cấp phiếu"]
    screenshot(page, "dossiers-detail")
    # The receipt and appointment slip (form 01) prints from the dossier page.
    assert d.code in (page.get_attribute("#receipt-link", "href") or "")
    page.click("#receipt-link")
    page.wait_for_load_state("networkidle")
    assert d.code in page.content()

    # The citizen, not logged in, on the public lookup page.
    page.context.clear_cookies()
    page.goto(page.base_url + "/dossiers/lookup/")
    page.fill("#id_code", d.code)
    page.fill("#id_phone", "4321")
    page.click("#lookup-form button")
    page.wait_for_selector("#lookup-result")
    assert page.text_content("#lookup-status") == "Đã tiếp nhận"
    assert "Lê Văn Cường" not in page.content()
    screenshot(page, "dossiers-lookup")


def test_officer_queue_and_htmx_action(province, procs, page, login_page):
    p = province
    d = s.dossier_receive(
        actor=p.motcua, procedure=procs.days, applicant=s.Applicant(name="Trần Thị Bình")
    )
    s.dossier_transfer(actor=p.motcua, dossier=d, to_user=p.xuly)
    login_page(p.xuly)
    page.goto(page.base_url + "/dossiers/")
    page.wait_for_selector(f"text={d.code}")
    screenshot(page, "dossiers-queue")
    page.click(f"text={d.code}")
    page.click("details[data-action='result-ready'] summary")
    page.fill(
        "details[data-action='result-ready'] input[name=result]", "Phiếu lý lịch tư pháp số 15"
    )
    page.click("details[data-action='result-ready'] button")
    page.wait_for_selector("#dossier-status:has-text('Đã có kết quả')")
    screenshot(page, "dossiers-result-ready")
    assert Dossier.objects.get(pk=d.pk).status == "result_ready"
