"""The province's periodic report carries the citizen-voice figures when its section template
names them: feedback received and answered, dossier ratings, the SIPAS sentence and table."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document

from cchc.evaluations import services as evaluation_services
from cchc.feedback import services as feedback_services
from cchc.periodic import province_report as pr
from cchc.surveys import services
from cchc.surveys.models import Question
from cchc.testing.reports import report_period
from cchc.testing.voice import returned_dossier


@pytest.fixture
def year_period(province):
    return report_period(
        province,
        ["feedback", "ratings", "sipas"],
        year=timezone.localdate().year,
        section="procedures",
    )


def test_province_report_has_voice_figures(province, procs, year_period):
    p = province
    # Nothing yet: the report says so rather than print empty tables.
    empty = "\n".join(b.text for b in pr.build(year_period).blocks)
    assert "SIPAS): chưa có số liệu" in empty
    feedback_services.feedback_receive(
        kind="phan_anh",
        title="Chậm trả kết quả",
        content="Hẹn nhiều lần.",
        sender=feedback_services.Sender(name="A", phone="0912345678", address="B"),
        channel="web",
    )
    d = returned_dossier(p, procs.days)
    evaluation_services.rating_submit(dossier=d, level="very_satisfied", channel="online")
    survey = services.survey_create_sipas(actor=p.noivu, year=year_period.year, province=p.province)
    services.survey_set_status(actor=p.noivu, survey=survey, status="open")
    services.response_submit(
        survey=survey,
        answers={q.pk: 5 for q in Question.objects.filter(element__survey=survey)},
        channel="paper",
        agency=p.justice,
        actor=p.noivu,
    )
    report = pr.build(year_period)
    text = "\n".join(b.text for b in report.blocks)
    assert "đã tiếp nhận 1 phản ánh, kiến nghị" in text
    assert "đã đánh giá 1 hồ sơ: rất hài lòng 100,00%" in text
    assert f"Chỉ số SIPAS năm {survey.year} đạt 100,00%" in text and "1/1 đơn vị" in text
    table = next(t for t in report.tables if t.code == "sipas")
    assert table.rows[-1][1] == "Chỉ số SIPAS" and float(table.rows[-1][2]) == 100.0
    doc = Document(BytesIO(pr.to_docx(report)))
    body = "\n".join(par.text for par in doc.paragraphs)
    assert f"Chỉ số SIPAS năm {survey.year} đạt 100,00%" in body
