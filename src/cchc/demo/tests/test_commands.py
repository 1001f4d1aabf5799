"""The demo commands refuse a production database, with a Vietnamese message and no write."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from cchc.dossiers.models import Dossier
from cchc.organizations.models import Agency

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("command", "args"), [("demo-data", ["--dossiers", "10"]), ("demo", ["--no-serve"])]
)
def test_demo_commands_refuse_production(settings, command, args):
    settings.PRODUCTION = True
    with pytest.raises(CommandError) as refused:
        call_command(command, *args)
    assert f"Không chạy lệnh {command} khi CCHC_PROFILE=production" in str(refused.value)
    assert not Dossier.objects.exists()
    assert not Agency.objects.exists()
