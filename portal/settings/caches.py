"""Caches and sessions: the shared cache (Redis when REDIS_URL is set, else this process's memory), each
process's own local cache, and sessions read through the cache."""

from portal.settings.environment import env

# Sessions are read from the cache (Redis in production) and written through to the database, which keeps
# them when the cache is flushed or down.
# Django's cached_db, read ahead with the route (portal/speed/sessions.py).
SESSION_ENGINE = "portal.speed.sessions"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.speed.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Fail fast when Redis is down: the portal then serves uncached (portal/speed/cache.py).
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each process's own memory, for what is keyed by the shared cache's generation (portal/speed/page_cache.py):
# the parts of signed-in pages that every reader shares, and the header's links, read without a round trip.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "clase-local",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
