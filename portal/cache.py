"""The cache backend: Django's Redis cache, made optional at run time.

Everything the portal keeps in Redis (stored public pages, Wagtail's site root paths, rate-limit counters)
can be rebuilt: when Redis is unreachable, reads miss and writes are dropped, with a warning in the log,
and the portal goes on serving every page uncached instead of failing.
"""

import logging

from django.core.cache.backends.redis import RedisCache
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


class ResilientRedisCache(RedisCache):
    get = _quietly(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _quietly(RedisCache.get_many, {})
    has_key = _quietly(RedisCache.has_key, False)
    set = _quietly(RedisCache.set, None)
    set_many = _quietly(RedisCache.set_many, lambda data, *args, **kwargs: list(data))
    add = _quietly(RedisCache.add, False)
    touch = _quietly(RedisCache.touch, False)
    delete = _quietly(RedisCache.delete, False)
    delete_many = _quietly(RedisCache.delete_many, None)
    clear = _quietly(RedisCache.clear, None)
    incr = _quietly(RedisCache.incr, None)
