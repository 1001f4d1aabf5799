import pytest


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # Tests roll the database back; a cached WorkCalendar must not outlive its rows.
    from cchc.calendars.selectors import clear_cache

    clear_cache()
    yield
    clear_cache()
