"""The receipt printed from a real browser, and the pictures of the user guide."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from cchc.testing.fixtures import screenshot, soffice_path

from .test_documents_book import make_many
from .test_documents_forms import VN, dossier, history


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_print_receipt_and_book(province, page, login_page, tmp_path):
    d = dossier(province)
    history(d, province)
    make_many(province, 3, day=dt.date(2026, 1, 6))
    login_page(province.motcua)
    page.goto(page.base_url + reverse("dossiers_documents:receipt", args=[d.code]))
    assert page.locator("article.paper").count() == 2
    assert page.locator("[data-field=qr] svg").first.is_visible()
    screenshot(page, "dossier-forms-receipt")
    # What the printer gets: the A5 sheets without the application's bars.
    pdf = tmp_path / "receipt.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 2  # two A5 copies
    page.emulate_media(media="print")
    assert not page.locator(".topbar").is_visible()
    page.set_viewport_size({"width": 620, "height": 860})
    screenshot(page, "dossier-forms-receipt-print")
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 860})

    page.goto(page.base_url + reverse("dossiers_documents:control_sheet", args=[d.code]))
    assert page.locator("[data-field=events] tbody tr").count() == 4
    screenshot(page, "dossier-forms-control-sheet")

    book = reverse("dossiers_documents:tracking_book")
    page.goto(page.base_url + book)
    page.fill("#id_from", "2026-01-01")
    page.fill("#id_to", "2026-01-31")
    page.click("#book-filter button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#book tbody tr").count() == 4
    screenshot(page, "dossier-forms-tracking-book")
    with page.expect_download() as download:
        page.click("[data-testid=xlsx]")
    assert download.value.suggested_filename == "so-theo-doi-ho-so-20260101-20260131.xlsx"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_docx_in_the_official_format(province, page, tmp_path, client):
    """The DOCX of form 04, converted by LibreOffice and shown for the guide."""
    import subprocess

    soffice = soffice_path()
    d = dossier(
        province,
        apology_reason="Phải xác minh thông tin với cơ quan khác",
        apology_due_date=dt.date(2026, 2, 3),
        apologized_at=dt.datetime(2026, 1, 23, 10, 0, tzinfo=VN),
    )
    client.force_login(province.xuly)
    response = client.get(
        reverse("dossiers_documents:form", args=[d.code, "04"]), {"format": "docx"}
    )
    source = tmp_path / "mau-04.docx"
    source.write_bytes(response.content)
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
    pdf = tmp_path / "mau-04.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    page.goto(pdf.as_uri())
    page.wait_for_timeout(5000)  # the PDF viewer renders asynchronously
    screenshot(page, "dossier-forms-docx")
