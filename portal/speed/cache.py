"""The cache backend: Django's Redis cache, made optional at run time.

Everything the portal keeps in Redis (stored public pages, Wagtail's site root paths, rate-limit counters)
can be rebuilt: when Redis is unreachable, reads miss and writes are dropped, with a warning in the log,
and the portal goes on serving every page uncached instead of failing. So does a value this release cannot
read: one written by an earlier release, whose classes have since moved or gone (a page kept with the site
of a route, say), is a miss, not an error on every page until the cache is flushed.
"""

import logging
import pickle

from django.core.cache.backends.redis import RedisCache, RedisCacheClient, RedisSerializer
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _quietly(method, fallback):
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE:
            logger.warning("Redis is unreachable: %s skipped, serving uncached", method.__name__)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    wrapper.__name__ = method.__name__
    return wrapper


class ReadableOrMissing(RedisSerializer):
    """Django's serializer (pickle), but a value that cannot be unpickled here reads as missing."""

    def loads(self, data):
        try:
            return super().loads(data)
        except (ImportError, AttributeError, EOFError, TypeError, pickle.UnpicklingError):
            logger.warning("A cached value this release cannot read was taken as missing", exc_info=True)
            return None


class OneClientPerPool(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every command, and redis-py rebuilds its table of
    response callbacks each time (about 0.1 ms of Python, several times per request). A `redis.Redis` is
    safe to share between threads (every command takes a connection from the pool), so one per pool does."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientPerPool
        self._options = {"serializer": ReadableOrMissing, **self._options}

    get = _quietly(RedisCache.get, lambda key, default=None, version=None: default)
    # A new empty answer each time: callers fill it in with what they computed instead.
    _get_many = _quietly(RedisCache.get_many, lambda keys, version=None: {})

    def get_many(self, keys, version=None):
        # A value this release cannot read comes back as None: left out, as Django leaves out a missing key.
        found = self._get_many(keys, version=version)
        return {key: value for key, value in found.items() if value is not None}

    has_key = _quietly(RedisCache.has_key, False)
    set = _quietly(RedisCache.set, None)
    set_many = _quietly(RedisCache.set_many, lambda data, *args, **kwargs: list(data))
    add = _quietly(RedisCache.add, False)
    touch = _quietly(RedisCache.touch, False)
    delete = _quietly(RedisCache.delete, False)
    delete_many = _quietly(RedisCache.delete_many, None)
    clear = _quietly(RedisCache.clear, None)
    incr = _quietly(RedisCache.incr, None)
