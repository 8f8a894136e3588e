"""Sessions: Django's cached_db engine (Redis in front of the database), whose Redis read can be made
ahead of time, in a round trip the request makes anyway.

Every signed-in page view reads its session from Redis, and the routing middleware reads the page cache's
generation and the page's route from Redis just before (portal/speed/known_routes.py): asking for the session
in that same `get_many` saves one round trip per signed-in request. What is read is exactly what `load` would
have read (the same cache, the same key); a session not found there is loaded as usual, from the database.
"""

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import DEFAULT_CACHE_ALIAS


class SessionStore(CachedDBStore):
    def key_to_read_ahead(self) -> str | None:
        """The cache key `load` will read, while the session is not loaded yet and has a key (never
        creates one). Only when sessions live in the default cache, the one read ahead."""
        if settings.SESSION_CACHE_ALIAS != DEFAULT_CACHE_ALIAS:
            return None
        if self.session_key is None or hasattr(self, "_session_cache"):
            return None
        return self.cache_key

    def read_ahead(self, data) -> None:
        """What the cache held under `key_to_read_ahead()`: used by the next `load` instead of reading it."""
        if data is not None:
            self._read_ahead = data

    def load(self):
        data = self.__dict__.pop("_read_ahead", None)
        return data if data is not None else super().load()
