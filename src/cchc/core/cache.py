"""Django's Redis cache, keeping its ``redis.Redis`` clients.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every call, on the
same connection pool; building one fills its table of response callbacks (about 170 entries).
On a cached public lookup (a rate-limit count and one read) that was half of the time spent
with Redis (issue 14, ``benchmarks/load.py``). A client is safe to share between threads (its
pool hands out the connections), so one per pool serves every call.

Its keys are not checked against memcached's limits (``validate_key``).
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _Client(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django: Any = self  # the parent's pool and client class are not in its type stubs
        pool = django._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = django._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _Client

    def validate_key(self, key: str) -> None:
        """Nothing to check: Django's base class warns about keys memcached would refuse
        (over 250 characters, spaces, control characters), which Redis stores as they are,
        walking every character of every key (a kept public lookup makes four)."""
