"""The cache backend (portal/speed/cache.py) against the Redis server on this machine (its own database
number)."""

import pytest
import redis

from portal.speed.cache import ResilientRedisCache

DATABASE = 13


@pytest.fixture
def shared_cache():
    server = redis.Redis(host="127.0.0.1", port=6379, db=DATABASE)
    server.flushdb()
    yield ResilientRedisCache(f"redis://127.0.0.1:6379/{DATABASE}", {}), server
    server.flushdb()


def _connections_to(server):
    return [entry for entry in server.client_list() if int(entry["db"]) == DATABASE]


def test_every_command_goes_through_the_same_client(shared_cache):
    """Building a redis-py client per command cost about 0.1 ms of Python each, several times a request."""
    cache, _server = shared_cache
    cache.set("greeting", "hola")
    assert cache.get("greeting") == "hola"
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


def test_a_connection_dropped_by_redis_is_opened_again_by_the_next_command(shared_cache):
    """A Redis restart (or a connection closed by a proxy) costs nothing but a reconnection: the shared
    client is not broken for the rest of the process's life."""
    cache, server = shared_cache
    cache.set("greeting", "hola")
    assert cache.get("greeting") == "hola"
    for entry in _connections_to(server):
        server.client_kill_filter(_id=entry["id"])
    assert cache.get("greeting") == "hola"
    cache.set("greeting", "olá")
    assert cache.get("greeting") == "olá"
