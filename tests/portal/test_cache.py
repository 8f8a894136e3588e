"""The cache backend (portal/speed/cache.py) against the Redis server on this machine (its own database
number)."""

import pytest
import redis

from portal.speed.cache import ResilientRedisCache

DATABASE = 13
# One test process at a time on that database (tests/courses/test_page_cache.py uses it too).
pytestmark = pytest.mark.xdist_group("redis-database-13")


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


def test_while_redis_is_down_every_read_is_a_fresh_miss():
    """The answer to a read while Redis is down is a new empty one each time: a caller that fills it in
    (the listings add the cards they rendered) must not hand its values to the next read, which would serve
    another request's or another moment's content while Redis stays down."""
    down = ResilientRedisCache("redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.25}})
    first = down.get_many(["card:0:1"])
    first["card:0:1"] = "<article>another request's card</article>"

    assert down.get_many(["card:0:1"]) == {}
    assert down.get("card:0:1") is None


def test_a_value_written_by_an_earlier_release_whose_classes_moved_reads_as_missing(shared_cache):
    """After a release that moved a class (a page model to another module), what the previous release left
    in Redis (a route kept with its site and root page, pickled under the old path) must not fail every
    request until the cache is flushed: it is a miss, and the page is routed and kept afresh."""
    cache, server = shared_cache
    cache.set("fresh", {"page": 1})
    # What pickle writes for an instance of courses.models.pages.HomePage, a module gone since.
    moved = b"\x80\x02ccourses.models.pages\nHomePage\n)\x81."
    server.set(cache.make_and_validate_key("route"), moved)

    assert cache.get("route") is None
    assert cache.get_many(["route", "fresh"]) == {"fresh": {"page": 1}}
