"""``core.ratelimit``: one statement counts a hit, and a window that has ended starts again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cchc.core import ratelimit
from cchc.core.models import RateCounter

pytestmark = pytest.mark.django_db


def test_hits_are_counted_per_key_in_one_statement():
    assert ratelimit.hit("a", 60) == 1
    with CaptureQueriesContext(connection) as ctx:
        assert ratelimit.hit("a", 60) == 2
    assert len(ctx.captured_queries) == 1
    assert ratelimit.hit("b", 60) == 1
    assert RateCounter.objects.get(key="a").count == 2


def test_a_new_window_starts_at_one_once_the_old_one_ended():
    ratelimit.hit("a", 60)
    ratelimit.hit("a", 60)
    ended = timezone.now() - dt.timedelta(seconds=1)
    RateCounter.objects.filter(key="a").update(expires=ended)
    assert ratelimit.hit("a", 60) == 1
    row = RateCounter.objects.get(key="a")
    assert row.expires > timezone.now() + dt.timedelta(seconds=50)
    assert ratelimit.hit("a", 60) == 2
    assert RateCounter.objects.get(key="a").expires == row.expires  # the window is not moved


def test_purge_drops_only_ended_windows():
    ratelimit.hit("old", 60)
    ratelimit.hit("new", 60)
    RateCounter.objects.filter(key="old").update(expires=timezone.now() - dt.timedelta(seconds=1))
    assert ratelimit.purge() == 1
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["new"]
