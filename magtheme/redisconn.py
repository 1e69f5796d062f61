"""The site's Redis connection, when it has one.

A site uses Redis when ``redis_url`` is set in ``instance/config.toml`` or the environment
sets ``MAGTHEME_REDIS_URL`` (which wins)::

    redis_url = "redis://127.0.0.1:6379/0"

Whatever shares state between worker processes and machines (page-view counts, for one) asks
:func:`client` and falls back to per-process state when it returns ``None``. The client is
built once per app and process; the ``redis`` package is needed only by sites that set a URL
(``pip install 'magtheme[redis]'``).
"""

from __future__ import annotations

import importlib.util
import os
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import Flask

from .config import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    import redis

#: The schemes redis-py's ``from_url`` accepts.
SCHEMES = ("redis", "rediss", "unix")
#: Seconds to wait for Redis to connect or answer; a page never waits longer on it.
TIMEOUT = 0.5

_EXTENSION = "magtheme.redis"


def redis_url(config: dict[str, Any]) -> str | None:
    """``MAGTHEME_REDIS_URL``, else ``redis_url`` from config.toml, else None."""
    url = os.environ.get("MAGTHEME_REDIS_URL") or config.get("REDIS_URL")
    return str(url) if url else None


def check_url(url: Any, source: str) -> None:
    """Refuse a ``redis_url`` that is not a Redis URL, naming *source* and the schemes."""
    if not isinstance(url, str):
        raise ConfigError(f"{source}: redis_url must be text such as 'redis://host:6379/0'.")
    scheme = urlsplit(url).scheme
    if scheme not in SCHEMES:
        raise ConfigError(
            f"{source}: redis_url {url!r} cannot be used: the scheme must be one of "
            f"{', '.join(s + '://' for s in SCHEMES)}, as in 'redis://127.0.0.1:6379/0'."
        )
    if importlib.util.find_spec("redis") is None:
        raise ConfigError(
            f"{source}: redis_url is set but the redis package is not installed: "
            "pip install 'magtheme[redis]'."
        )


def client(app: Flask) -> redis.Redis | None:
    """The app's Redis client, or None when the site has no ``redis_url``.

    Connecting is lazy: a Redis that is down fails the command that needs it (a
    ``redis.RedisError``), never the app's start.
    """
    if _EXTENSION in app.extensions:
        found: redis.Redis | None = app.extensions[_EXTENSION]
        return found
    url = app.config.get("REDIS_URL")
    made: redis.Redis | None = None
    if url:
        try:
            import redis
        except ImportError:
            raise ConfigError(
                f"redis_url is set ({url!r}) but the redis package is not installed: "
                "pip install 'magtheme[redis]'."
            ) from None
        made = redis.Redis.from_url(
            url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT, decode_responses=True
        )
    app.extensions[_EXTENSION] = made
    return made


__all__ = ["SCHEMES", "check_url", "client", "redis_url"]
