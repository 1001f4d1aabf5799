import pytest

from cchc.dossiers.tests.conftest import calendar, procs  # noqa: F401 - shared fixtures


@pytest.fixture(autouse=True)
def every_unit_shown(settings):
    """The stories here count a handful of forms per unit to check the arithmetic; hiding
    small units (anonymity) is pinned by its own test with the real threshold."""
    settings.SURVEY_MIN_GROUP_RESPONSES = 1
