"""Sample data never goes into a production database."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError

MESSAGE = (
    "Không chạy lệnh {command} khi CCHC_PROFILE=production: dữ liệu mẫu (hồ sơ, người dùng, "
    "mật khẩu mẫu) sẽ lẫn vào dữ liệu thật. Hãy dùng một cơ sở dữ liệu thử nghiệm."
)


def refuse_in_production(command: str) -> None:
    if settings.PRODUCTION:
        raise CommandError(MESSAGE.format(command=command))
