"""Where the checkout is and how the settings read the environment, for every settings module.

What differs between machines (addresses, keys, buckets, servers) comes from environment variables only;
these helpers read them as text, flags and lists.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def origin_of(url: str) -> list[str]:
    """The scheme and host of an address, as a content security policy names a source; none if it has none."""
    parts = urlsplit(url or "")
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []
