"""Fixed-window rate limits shared by every worker: ``hit(key, window)`` counts one action and
returns the count in the current window.

With the database (the default ``caches["limits"]``) the count is one statement on
``RateCounter``: ``INSERT … ON CONFLICT DO UPDATE … RETURNING``, a new window starting where the
old one expired. The database cache took ten statements and two commits for the same
(``add`` then ``incr``, each counting the whole table for its cull): on the public lookup, the
province's busiest address, that was most of the request (issue 14, ``benchmarks/load.py``).
With Redis configured for ``caches["limits"]``: ``SET NX`` and ``INCR`` in one script.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from typing import Any

from django.core.cache import BaseCache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.utils import timezone

from .models import RateCounter

# An API operation limited per client address says so (``openapi_extra=OPENAPI_EXTRA``): the
# schema documents the 429 it answers once over the limit, and no other operation's.
OPENAPI_MARK = "x-rate-limited"
OPENAPI_EXTRA = {OPENAPI_MARK: True}

PURGE_ONE_IN = 1000  # hits; each purge drops the rows of windows that have ended


@functools.cache
def _sql(vendor: str) -> str:
    q = connection.ops.quote_name
    t, key, count, expires = (q(n) for n in (RateCounter._meta.db_table, "key", "count", "expires"))
    # The right-hand sides read the row as it was (PostgreSQL and SQLite alike).
    return (
        f"INSERT INTO {t} ({key}, {count}, {expires}) VALUES (%s, 1, %s) "
        f"ON CONFLICT ({key}) DO UPDATE SET "
        f"{count} = CASE WHEN {t}.{expires} <= %s THEN 1 ELSE {t}.{count} + 1 END, "
        f"{expires} = CASE WHEN {t}.{expires} <= %s THEN excluded.{expires} "
        f"ELSE {t}.{expires} END "
        f"RETURNING {count}"
    )


# Start the window if there is none, count, and read the caller's keys: one command. As a
# pipeline (SET NX, INCR, MGET) redis-py packed and parsed three; on a kept public lookup that
# was a tenth of the request (issue 14, ``benchmarks/load.py``).
_COUNT_AND_READ = """
redis.call('SET', KEYS[1], 0, 'EX', ARGV[1], 'NX')
local count = redis.call('INCR', KEYS[1])
if #KEYS == 1 then return {count} end
return {count, redis.call('MGET', unpack(KEYS, 2))}
"""


@functools.lru_cache(maxsize=16)
def _script(client: Any) -> Any:
    """The script registered with one Redis client (``core.cache`` keeps one per server):
    redis-py runs it by its hash and loads it when the server does not know it yet."""
    return client.register_script(_COUNT_AND_READ)


def _count_and_read(limits: Any, key: str, window: int, names: list[str]) -> tuple[int, list]:
    """Count one action under ``key`` in the Redis of ``limits`` and read ``names`` (keys made
    by the same Redis's cache) there: the count and the raw values."""
    name = limits.make_and_validate_key(key)
    client = limits._cache.get_client(name, write=True)
    reply = _script(client)(keys=[name, *names], args=[window], client=client)
    return int(reply[0]), (reply[1] if names else [])


def hit(key: str, window: int) -> int:
    """Count one action under ``key``; the number of actions in its window, this one included."""
    limits = caches["limits"]
    if isinstance(limits, RedisCache):
        return _count_and_read(limits, key, window, [])[0]
    if not isinstance(limits, DatabaseCache):
        limits.add(key, 0, window)
        try:
            return int(limits.incr(key))
        except ValueError:  # expired between the two calls
            limits.set(key, 1, window)
            return 1
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    at, expires = adapt(now), adapt(now + dt.timedelta(seconds=window))
    with connection.cursor() as cur:
        cur.execute(_sql(connection.vendor), [key, expires, at, at])
        count = int(cur.fetchone()[0])
    if random.randrange(PURGE_ONE_IN) == 0:  # noqa: S311 - spreading work, not security
        purge(now)
    return count


def hit_and_read(
    key: str, window: int, cache: BaseCache | None, keys: list[str]
) -> tuple[int, dict[str, Any]]:
    """``hit(key, window)`` and ``cache.get_many(keys)`` together: one round trip when the
    limits and ``cache`` are the same Redis, as ``REDIS_URL`` configures them (the public
    lookup counts its client and reads its kept answer at once), else one after the other."""
    if cache is None or not keys:
        return hit(key, window), {}
    limits: Any = caches["limits"]  # Django's RedisCache: its servers and client are private
    kept: Any = cache
    both_redis = isinstance(limits, RedisCache) and isinstance(cache, RedisCache)
    if both_redis and limits._servers == kept._servers:
        made = {kept.make_and_validate_key(k): k for k in keys}
        count, values = _count_and_read(limits, key, window, list(made))
        loads = kept._cache._serializer.loads
        return count, {
            made[k]: loads(v) for k, v in zip(made, values, strict=True) if v is not None
        }
    return hit(key, window), cache.get_many(keys)


def purge(now: dt.datetime | None = None) -> int:
    """Drop the counters whose window has ended (a new hit starts at one all the same)."""
    return RateCounter.objects.filter(expires__lte=now or timezone.now()).delete()[0]
