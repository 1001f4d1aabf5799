"""SMS gateway interface. A province plugs its carrier's gateway in with SMS_BACKEND; the
default keeps messages in an outbox that administrators can read."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string


class BaseSmsBackend:
    def send(self, phone: str, body: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class OutboxBackend(BaseSmsBackend):
    def send(self, phone: str, body: str) -> None:
        from .models import SmsMessage

        SmsMessage.objects.create(phone=phone, body=body)


def send_sms(phone: str, body: str) -> None:
    if not phone:
        return
    backend: BaseSmsBackend = import_string(settings.SMS_BACKEND)()
    backend.send(phone, body)
