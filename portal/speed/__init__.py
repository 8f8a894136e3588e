"""The speed layer: everything that only makes the portal faster, in one place, explained in
docs/performance.md. Nothing here decides what anyone may see; each mechanism says how it is kept fresh.

- page_cache.py: public pages stored whole for visitors without a session, and values kept in memory
  under the cache's generation (renewed on publish, move, delete and licence/settings changes)
- known_routes.py: the page for an address found in one query instead of Wagtail's tree walk
- compiled_query.py: the queries asked on every request compiled to SQL once
- sessions.py: the session read together with the route
- cache.py: the Redis cache that answers "not cached" when Redis is down, instead of failing the page
- postgresql/: the database backend that checks a kept connection without a round trip
"""
