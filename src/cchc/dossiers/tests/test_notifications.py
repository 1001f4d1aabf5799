"""Notifications leave the request: a task queued on commit per message, with its id, a
bounded number of attempts recorded on the row, failures logged; the officer's action stands
whatever the gateway does (tests run tasks with the immediate backend, as settings do)."""

from __future__ import annotations

import logging

import pytest
import time_machine

from cchc.core.models import SmsMessage
from cchc.core.sms import BaseSmsBackend
from cchc.dossiers import services as s
from cchc.dossiers.models import Notification, Status

from .conftest import at

pytestmark = pytest.mark.django_db
APPLICANT = s.Applicant(name="Nguyễn Văn An", id_number="092090001234", phone="0901234567")


def receive(p, proc):
    with time_machine.travel(at(2024, 3, 4, 9), tick=False):
        return s.dossier_receive(actor=p.motcua, procedure=proc, applicant=APPLICANT)


class BrokenGateway(BaseSmsBackend):
    """A carrier's gateway that is down."""

    def send(self, phone: str, body: str) -> None:
        raise ConnectionError("SMS gateway unreachable")


def test_a_gateway_failure_never_fails_the_officers_action(
    province, procs, settings, django_capture_on_commit_callbacks, caplog
):
    """The notification is a task queued on commit: the gateway raising is logged and recorded
    on the notification, retried a bounded number of times, and the change stands."""
    settings.SMS_BACKEND = f"{__name__}.BrokenGateway"
    settings.DOSSIER_NOTIFY_ATTEMPTS = 3
    p = province
    with (
        caplog.at_level(logging.WARNING, logger="cchc.dossiers.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        d = receive(p, procs.days)
    d.refresh_from_db()
    assert d.status == Status.RECEIVED and d.events.count() == 1
    n = Notification.objects.get(dossier=d)
    assert (n.kind, n.state, n.attempts) == ("receive", Notification.State.FAILED, 3)
    assert n.task_id and "ConnectionError: SMS gateway unreachable" in n.last_error
    assert not SmsMessage.objects.exists()
    failures = [r for r in caplog.records if "lỗi lần" in r.getMessage()]
    assert [r.getMessage().split("lỗi lần ")[1][:3] for r in failures] == ["1/3", "2/3", "3/3"]


def test_a_notification_is_sent_once_with_its_task_id(
    province, procs, django_capture_on_commit_callbacks, mailoutbox
):
    p = province
    applicant = s.Applicant(name="Trần Thị Bình", phone="0912345678", email="binh@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        d = s.dossier_receive(actor=p.motcua, procedure=procs.days, applicant=applicant)
    n = Notification.objects.get(dossier=d)
    assert (n.state, n.attempts) == (Notification.State.SENT, 1) and n.task_id and n.sent_at
    assert SmsMessage.objects.count() == 1 and len(mailoutbox) == 1
    # A second delivery of the same row (a worker retrying a finished task) sends nothing.
    assert s.deliver_notification(n.pk, task_id="again") == Notification.State.SENT
    assert SmsMessage.objects.count() == 1 and len(mailoutbox) == 1


DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_with_the_database_queue_the_task_is_written_in_the_changes_transaction(
    province, procs, settings, django_capture_on_commit_callbacks
):
    """As deployed (``django_tasks_db``): the task row commits with the receipt, nothing waits
    for the commit (one commit per change, issue 14), and a receipt that fails leaves neither
    its notification nor its task behind."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_QUEUE
    with django_capture_on_commit_callbacks() as callbacks:
        d = receive(province, procs.days)
    assert callbacks == []
    n = Notification.objects.get(dossier=d)
    task = DBTaskResult.objects.get()
    assert task.task_path.endswith("send_notification") and task.args_kwargs["args"] == [n.pk]

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        receive(province, procs.days)
        raise Abort
    assert DBTaskResult.objects.count() == 1 and Notification.objects.count() == 1
