"""Evidence uploads: whitelisted by name and content, served only through the checked view as
a download with a safe type (issue 14, finding 3)."""

from __future__ import annotations

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.plans.models import EvidenceFile, ProgressReport
from cchc.plans.tests.conftest import task_of
from cchc.plans.tests.test_pages import JUNE


def _report(client, task, province, upload):
    m = task.milestones.get(label="Kế hoạch")
    return client.post(
        reverse("plans:report", args=[task.pk]),
        {
            "milestone": m.pk,
            "agency": province.justice.pk,
            "status": "done",
            "percent": 100,
            "done_at": "2026-01-28",
            "note": "Đã ban hành",
            "files": [upload],
        },
    )


@time_machine.travel(JUNE, tick=False)
@pytest.mark.parametrize(
    "name, body",
    [
        ("xss.html", b"<html><script>alert(document.cookie)</script></html>"),
        ("xss.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("renamed.pdf", b"<html><script>alert(1)</script></html>"),
        ("empty.pdf", b""),
    ],
)
def test_hostile_evidence_is_refused(plan, province, client_as, settings, tmp_path, name, body):
    settings.MEDIA_ROOT = tmp_path
    task = task_of(plan, "1.", "thể chế")
    c = client_as(province.daumoi)
    resp = _report(c, task, province, SimpleUploadedFile(name, body))
    assert resp.status_code in (200, 400)
    assert not ProgressReport.objects.exists() and not EvidenceFile.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


@time_machine.travel(JUNE, tick=False)
def test_evidence_is_a_checked_download(plan, province, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = task_of(plan, "1.", "thể chế")
    c = client_as(province.daumoi)
    resp = _report(c, task, province, SimpleUploadedFile("kh.pdf", b"%PDF-1.7 minh chung"))
    assert resp.status_code == 302
    ev = EvidenceFile.objects.get()
    url = reverse("plans:evidence", args=[ev.pk])
    got = c.get(url)
    assert got.status_code == 200
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"].startswith("attachment")
    assert got["X-Content-Type-Options"] == "nosniff"
    assert b"".join(got.streaming_content) == b"%PDF-1.7 minh chung"
    # the stored path is not served by anyone: not to another agency, not anonymously
    assert client_as(province.motcua_xa).get(url).status_code == 403
    c.logout()
    assert c.get(url).status_code == 302  # to the login page
    assert c.get(settings.MEDIA_URL + ev.file.name).status_code == 404

    settings.FILES_ACCEL_REDIRECT = "/_protected"
    got = client_as(province.daumoi).get(url)
    assert got["X-Accel-Redirect"] == f"/_protected/{ev.file.name}"
    assert got.content == b"" and got["Content-Disposition"].startswith("attachment")
