"""The issue's "Done when" walk in a real browser, as citizens and staff would do it: a
petition filed on the public page, classified, answered and published; a dossier rated from
the receipt's QR; a SIPAS sample drawn, answered on the link and on paper, and the figures on
the survey page and the home dashboard. Bad input is refused with a Vietnamese message and
changes nothing. The screenshots illustrate the user guide."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from docx import Document

from cchc.core.models import SmsMessage
from cchc.dossiers.documents.qr import lookup_url
from cchc.evaluations import services as evaluation_services
from cchc.evaluations.models import Rating
from cchc.feedback.models import Feedback
from cchc.surveys.models import Response
from cchc.testing.fixtures import screenshot
from cchc.testing.voice import returned_dossier, seed_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fast_form(settings, tmp_path, transactional_db):
    seed_reference_data()  # migration rows an earlier transactional test flushed
    settings.FEEDBACK_MIN_FILL_SECONDS = 1
    settings.FEEDBACK_ATTACHMENT_MAX_BYTES = 1024  # small, so an oversized file is cheap to make
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    from django.core.cache import caches

    caches["limits"].clear()  # the per-address limit counts every earlier test's posts too


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_citizen_voice_walk(province, procs, page, login_page, tmp_path):
    p = province
    base = page.base_url

    # -- a petition on the public page -------------------------------------------------------
    page.goto(base + "/feedback/gui/")
    page.check("input[name=kind][value=kien_nghi]")
    page.fill("#id_title", "Đề nghị niêm yết mức lệ phí tại quầy")
    page.fill("#id_content", "Không thấy bảng niêm yết lệ phí ở Bộ phận Một cửa.")
    page.fill("#id_sender_name", "Nguyễn Thị Lan")
    page.fill("#id_sender_address", "15 Trần Hưng Đạo, Ninh Kiều")
    exe = tmp_path / "bang-phi.exe"
    exe.write_bytes(b"MZ\x90\x00 not a document")
    page.set_input_files("#id_attachments", str(exe))
    page.wait_for_timeout(1100)
    page.click("#feedback-submit")
    page.wait_for_selector(".has-error")  # the phone is missing
    assert Feedback.objects.count() == 0
    page.fill("#id_sender_phone", "0903 111 222")
    page.set_input_files("#id_attachments", str(exe))
    page.wait_for_timeout(1100)
    page.click("#feedback-submit")
    page.wait_for_selector("#form-error")
    assert "không được nhận" in page.text_content("#form-error")
    assert Feedback.objects.count() == 0
    big = tmp_path / "ban-scan.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 2048)
    page.set_input_files("#id_attachments", str(big))
    page.wait_for_timeout(1100)
    page.click("#feedback-submit")
    page.wait_for_selector("#form-error")
    assert "quá lớn" in page.text_content("#form-error")
    assert Feedback.objects.count() == 0
    pdf = tmp_path / "anh-chup.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.set_input_files("#id_attachments", str(pdf))
    screenshot(page, "feedback-submit")
    page.wait_for_timeout(1100)
    page.click("#feedback-submit")
    page.wait_for_selector("#feedback-code, #form-error")
    assert page.locator("#form-error").count() == 0, page.text_content("#form-error")
    code = page.text_content("#feedback-code").strip()
    fb = Feedback.objects.get()
    assert fb.code == code and fb.attachments.count() == 1
    assert SmsMessage.objects.filter(phone="0903 111 222", body__contains=code).exists()

    # -- staff classify, answer and publish ---------------------------------------------------
    login_page(p.noivu)
    page.goto(base + "/feedback/")
    page.click(f"text={code}")
    page.select_option("#cl-agency", str(p.centre.pk))
    page.click("details[data-action=classify] button")
    page.wait_for_selector("#feedback-status:has-text('Đang xử lý')")
    page.fill("#an-text", "Trung tâm đã niêm yết bảng phí, lệ phí tại các quầy.")
    page.click("details[data-action=answer] button")
    page.wait_for_selector("#feedback-status:has-text('Đã trả lời')")
    screenshot(page, "feedback-detail")
    page.fill("#pb-question", "Đề nghị niêm yết mức lệ phí tại quầy.")
    page.click("details[data-action=publish] button")
    page.wait_for_selector("#feedback-status:has-text('Đã công khai')")

    # -- on the public page, found without diacritics, no personal data -----------------------
    page.context.clear_cookies()
    page.goto(base + "/feedback/dan-hoi-chinh-quyen-tra-loi/")
    page.fill("#id_q", "niem yet le phi")
    page.wait_for_selector(f"article[data-code='{code}']")
    assert "Nguyễn Thị Lan" not in page.content() and "0903" not in page.content()
    screenshot(page, "feedback-public")

    # -- a citizen scans the receipt's QR and rates the dossier -------------------------------
    d = returned_dossier(p, procs.days, phone="0912 000 111")
    page.goto(base + _path(lookup_url(d.code)))
    page.fill("#id_phone", "0111")
    page.click("#lookup-form button")
    page.click("a[data-link=public]")
    page.wait_for_selector("#rate-form")
    rate_url = page.url
    page.click("label[data-level=unsatisfied]")
    page.click("#rate-submit")
    page.wait_for_selector("#rate-error")  # asks why
    assert Rating.objects.count() == 0
    page.click("label[data-level=very_satisfied]")
    screenshot(page, "evaluations-rate")
    page.click("#rate-submit")
    page.wait_for_selector("#rate-thanks")
    assert Rating.objects.get().level == "very_satisfied"
    page.goto(rate_url)  # a second rating
    assert "một lần" in page.text_content("#rate-error")
    page.goto(rate_url.rstrip("/")[:-4] + "abcd/")  # a forged token
    assert "không hợp lệ" in page.text_content("#rate-error")
    assert Rating.objects.count() == 1

    # ... and at the desk's tablet, bound by its device token.
    d2 = returned_dossier(p, procs.days, phone="0912 000 222")
    _kiosk, raw = evaluation_services.kiosk_issue(actor=p.noivu, desk=p.centre, name="Quầy 1")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(base + f"/danh-gia/kiosk/{raw}/")
    page.click(f"a[data-code='{d2.code}']")
    page.click("label[data-level=satisfied]")
    screenshot(page, "evaluations-kiosk")
    page.click("#rate-submit")
    page.wait_for_selector("#rate-thanks")
    page.set_viewport_size({"width": 1280, "height": 860})

    # -- a SIPAS sample, answers on the link and on paper ---------------------------------------
    returned_dossier(p, procs.days, phone="0912 000 333")
    login_page(p.noivu)
    page.goto(base + "/khao-sat/")
    page.click("#survey-create button")
    page.wait_for_selector("#survey-sample")
    page.fill("#seed", "2026")
    page.click("#draw-sample")
    page.wait_for_selector("#sample-info")
    assert "2026" in page.text_content("#sample-info")
    invite = SmsMessage.objects.filter(body__contains="/khao-sat/s/").order_by("id")[0]
    link = _path(invite.body.rsplit(" ", 1)[-1])

    page.context.clear_cookies()
    page.goto(base + link)
    page.click("#answer-submit")  # nothing answered
    page.wait_for_selector("#answer-error")
    assert Response.objects.count() == 0
    for radio in page.locator("input[type=radio][value='4']").all():
        radio.check()
    page.click("#answer-submit")
    page.wait_for_selector("#answer-done")
    page.goto(base + link)
    assert "một lần" in page.text_content("#answer-error")

    login_page(p.noivu)
    page.goto(base + "/khao-sat/")
    page.click("#survey-list a")
    page.click("#entry-link")
    page.select_option("#e-agency", str(p.justice.pk))
    page.click("input.digit >> nth=0")
    page.keyboard.type("555552222255555")
    screenshot(page, "surveys-entry")
    page.keyboard.press("Enter")
    page.wait_for_selector("#entry-saved")
    assert Response.objects.count() == 2
    page.click("input.digit >> nth=0")
    page.keyboard.type("59")
    page.keyboard.press("Enter")  # unanswered questions: refused, nothing saved
    page.wait_for_selector("#entry-error")
    assert Response.objects.count() == 2

    page.go_back()
    page.reload()
    page.click("#publish-results")
    page.wait_for_selector("#sipas-value")
    sipas = page.text_content("#sipas-value").strip()
    assert sipas == "90,00%"  # staff 50%, the other four elements 100%
    assert page.text_content("#units-reaching").strip() == "1/1"
    screenshot(page, "surveys-results")

    # -- the figures on the dashboard (home page) ---------------------------------------------
    page.context.clear_cookies()
    login_page(p.lanhdao)
    page.goto(base + "/")
    assert page.text_content("#widget-sipas").strip() == sipas
    screenshot(page, "surveys-home-widget")

    # -- ... and in the province report (DOCX) ----------------------------------------------------
    period = _year_report_period(p)
    page.context.clear_cookies()
    login_page(p.noivu)
    docx = page.request.get(base + f"/reports/periods/{period.pk}/province.docx")
    assert docx.ok
    text = "\n".join(par.text for par in Document(BytesIO(docx.body())).paragraphs)
    assert f"đạt {sipas}" in text and "1/1 đơn vị" in text
    assert "đã tiếp nhận 1 phản ánh, kiến nghị" in text


def _year_report_period(p):
    from django.utils import timezone

    from cchc.organizations.models import AgencyKind
    from cchc.periodic import services as periodic
    from cchc.periodic.models import PeriodType, ReportKind, ReportSectionTemplate

    kind = ReportKind.objects.create(
        code="CCHC-NAM",
        name="Báo cáo CCHC năm",
        period_type=PeriodType.YEAR,
        province=p.province,
        agency_kinds=[AgencyKind.DEPARTMENT.value],
        signer_title="CHỦ TỊCH",
    )
    ReportSectionTemplate.objects.create(
        kind=kind,
        order=1,
        code="procedures",
        title="Cải cách thủ tục hành chính",
        tables=["feedback", "ratings", "sipas"],
    )
    return periodic.period_open(kind=kind, year=timezone.localdate().year, number=1, actor=None)
