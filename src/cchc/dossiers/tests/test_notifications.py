"""Notifications leave the request: the change writes its notification row (the outbox), a
drain task woken on commit sends what waits, a bounded number of attempts recorded on the row,
failures logged; the officer's action stands whatever the gateway does (tests run tasks with
the immediate backend, as settings do, unless they say otherwise)."""

from __future__ import annotations

import logging

import pytest
import time_machine

from cchc.core.models import SmsMessage
from cchc.core.sms import BaseSmsBackend
from cchc.dossiers import services as s
from cchc.dossiers.models import Notification, Status
from cchc.testing.tasks import run_ready_tasks

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
    """The notification is sent by a task woken on commit: the gateway raising is logged and
    recorded on the notification, retried a bounded number of times, and the change stands."""
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
DRAIN = "cchc.dossiers.tasks.send_queued_notifications"


def test_with_the_database_queue_a_burst_of_receipts_leaves_one_drain_task(
    province, procs, settings, django_capture_on_commit_callbacks
):
    """As deployed (``django_tasks_db``): a receipt writes its notification, not a task, in its
    transaction; after its commit it wakes the drain, writing a task only when none waits."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_QUEUE
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            receive(province, procs.days)
    assert Notification.objects.filter(state=Notification.State.QUEUED).count() == 3
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.status, task.args_kwargs["args"]) == (DRAIN, "READY", [])


def test_a_running_drain_does_not_count_as_waiting(
    province, procs, settings, django_capture_on_commit_callbacks
):
    """A drain a worker has claimed may have read the outbox before this receipt committed: the
    receipt then writes a new one (no lost wake-up)."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_QUEUE
    with django_capture_on_commit_callbacks(execute=True):
        receive(province, procs.days)
    DBTaskResult.objects.update(status="RUNNING")
    with django_capture_on_commit_callbacks(execute=True):
        receive(province, procs.days)
    assert sorted(DBTaskResult.objects.values_list("task_path", "status")) == [
        (DRAIN, "READY"),
        (DRAIN, "RUNNING"),
    ]
    # A task of another kind waiting does not stand in for the drain either.
    DBTaskResult.objects.filter(status="READY").update(
        task_path="cchc.dossiers.tasks.send_notification", args_kwargs={"args": [0], "kwargs": {}}
    )
    with django_capture_on_commit_callbacks(execute=True):
        receive(province, procs.days)
    assert DBTaskResult.objects.filter(task_path=DRAIN, status="READY").count() == 1


def test_the_drain_sends_every_queued_notification_once(
    province, procs, settings, django_capture_on_commit_callbacks, mailoutbox
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_QUEUE
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            receive(province, procs.days)
    first = Notification.objects.order_by("pk")[0]
    assert s.deliver_notification(first.pk, task_id="by-hand") == Notification.State.SENT
    assert SmsMessage.objects.count() == 1
    assert run_ready_tasks() == 1
    drain = DBTaskResult.objects.get()
    assert (drain.status, drain.return_value) == ("SUCCESSFUL", 2)
    assert SmsMessage.objects.count() == 3
    sent = Notification.objects.filter(state=Notification.State.SENT)
    assert sent.count() == 3 and set(sent.values_list("attempts", flat=True)) == {1}
    assert set(sent.exclude(pk=first.pk).values_list("task_id", flat=True)) == {str(drain.id)}
    # Two drains at once (a second one woken while the first ran) find nothing left to send.
    assert s.deliver_queued_notifications(task_id="second") == 0
    assert SmsMessage.objects.count() == 3


def test_one_notifications_unexpected_failure_does_not_stop_the_drain(
    province, procs, monkeypatch, caplog
):
    for _ in range(3):
        receive(province, procs.days)  # callbacks not run: three notifications wait
    ids = list(Notification.objects.order_by("pk").values_list("pk", flat=True))
    deliver = s.deliver_notification

    def flaky(pk, *, task_id=""):
        if pk == ids[0]:
            raise RuntimeError("database hiccup")
        return deliver(pk, task_id=task_id)

    monkeypatch.setattr(s, "deliver_notification", flaky)
    with caplog.at_level(logging.ERROR, logger="cchc.dossiers.services"):
        assert s.deliver_queued_notifications(task_id="t") == 3
    states = dict(Notification.objects.values_list("pk", "state"))
    assert [states[pk] for pk in ids] == ["queued", "sent", "sent"]
    assert any("lỗi ngoài dự kiến" in r.getMessage() for r in caplog.records)


def test_a_receipt_that_rolls_back_leaves_no_notification_and_wakes_nothing(
    province, procs, settings, django_capture_on_commit_callbacks
):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_QUEUE

    class Abort(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abort),
        transaction.atomic(),
    ):
        receive(province, procs.days)
        raise Abort
    assert callbacks == []
    assert not DBTaskResult.objects.exists() and not Notification.objects.exists()
