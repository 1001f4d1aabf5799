"""The staff card's conduct records gather what citizens said about the officer: an
unsatisfied rating of a dossier they handled and a hotline complaint naming them (seed 000,
III.4); both apps fill ``cchc.staff.conduct``'s registry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cchc.evaluations import services
from cchc.feedback import services as fs
from cchc.staff import conduct
from cchc.staff import services as staff_services
from cchc.testing.voice import returned_dossier

pytestmark = pytest.mark.django_db


def test_low_rating_and_feedback_on_the_staff_card(province, procs, client_as):
    d = returned_dossier(province, procs.days)
    rating = services.rating_submit(
        dossier=d, level="unsatisfied", channel="online", reason="Hướng dẫn không rõ ràng"
    )
    officer = rating.officer
    member = staff_services.staff_register(
        actor=province.noivu,
        agency=officer.agency,
        full_name=officer.get_full_name(),
        position="Chuyên viên",
        date_from=dt.date(2024, 1, 2),
        user=officer,
    )
    case = fs.feedback_receive(
        actor=province.noivu,
        kind="phan_anh",
        channel="hotline",
        title="Cán bộ chậm trả lời điện thoại",
        content="Gọi nhiều lần không ai nghe máy.",
        sender=fs.Sender(name="Nguyễn Văn Dân", phone="0912 345 678"),
    )
    fs.feedback_classify(actor=province.noivu, feedback=case, official=officer)
    today = timezone.localdate()
    records = dict(
        (s.key, items) for s, items in conduct.records_for(member, today.replace(day=1), today)
    )
    assert [i.text for i in records["evaluations_unsatisfied"]] == [
        f"{d.code}: Hướng dẫn không rõ ràng"
    ]
    assert [i.text for i in records["feedback_about_official"]] == [
        f"{case.code}: Cán bộ chậm trả lời điện thoại"
    ]
    card = client_as(province.noivu).get(f"/staff/{member.pk}/").content.decode()
    assert "Hướng dẫn không rõ ràng" in card and "Cán bộ chậm trả lời điện thoại" in card
