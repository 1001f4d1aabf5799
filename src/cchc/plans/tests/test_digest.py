"""The weekly digest: each lead agency's focal point gets its own overdue milestones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from cchc.accounts.models import Role, User
from cchc.plans import services
from cchc.plans.tasks import send_overdue_digest

from .conftest import task_of

pytestmark = pytest.mark.django_db


def test_digest_goes_to_each_lead_agency_focal_point(plan, province):
    User.objects.create_user(
        username="daumoi_xd",
        email="xd@cchc.test",
        role=Role.FOCAL_POINT,
        agency=province.construction,
    )
    t = task_of(plan, "1.", "thể chế")
    services.progress_report(
        actor=province.daumoi,
        task=t,
        agency=province.justice,
        milestone=t.milestones.get(label="Kế hoạch"),
        status="done",
        percent=100,
        done_at=dt.date(2026, 1, 29),
    )
    n = send_overdue_digest.call("2026-06-15")
    assert n == 1  # Justice's only overdue milestone is done; Construction's Q1 one is late
    (msg,) = mail.outbox
    assert msg.to == ["xd@cchc.test"]
    assert "Công bố thủ tục hành chính mới" in msg.body and "31/03/2026" in msg.body
    assert "Kế hoạch CCHC năm 2026" in msg.body


def test_digest_command_enqueues_and_sends(plan, province):
    # Justice's focal point (daumoi) has the 30/01 milestone overdue on 15/06.
    call_command("plans", "digest", "--date", "2026-06-15")
    assert [m.to for m in mail.outbox] == [["daumoi@cchc.test"]]
    assert "Kế hoạch" in mail.outbox[0].body and "quá 136 ngày" in mail.outbox[0].body
    mail.outbox.clear()
    call_command("plans", "digest", "--now", "--date", "2026-01-02")
    assert mail.outbox == []
