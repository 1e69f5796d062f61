"""The site's own address: from the ``home`` option, never from the request's ``Host``.

WordPress builds every link, redirect and feed URL from its ``home`` option
(``home_url()``). The ``Host`` header is whatever the client chose to send: building URLs
from it lets anyone put their own host into a cached page, a feed or a redirect. So every
absolute URL Magtheme makes starts from :func:`home_url`:

1. the ``home`` option, else ``siteurl`` (each only when it is an absolute http(s) URL);
2. else ``SITE_URL`` (``site_url`` in ``config.toml``, or ``MAGTHEME_SITE_URL``);
3. else the address ``magtheme run`` serves on, else :data:`DEFAULT_SITE_URL`.

``SITE_TRUSTED_HOSTS`` (``trusted_hosts = ["example.com", ".example.org"]`` in ``config.toml``;
a leading dot also accepts subdomains) answers 400 to a request naming any other host. A
``Host`` header that is not a host name at all is a 400 whatever the configuration, as HTTP
requires.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from werkzeug.exceptions import BadRequest
from werkzeug.sansio.utils import host_is_trusted

#: The address links use when nothing is configured (a test client, a bare WSGI server).
DEFAULT_SITE_URL = "http://localhost"


def address_problem(url: str) -> str | None:
    """Why *url* cannot be a site's address (``None`` when it can): it must be an absolute
    http(s) URL with a valid host, and no query or fragment."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError as exc:
        return f"it is not a URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return "it must start with http:// or https://"
    if "@" in parts.netloc or parts.query or parts.fragment:
        return "it must not hold a user name, a query string or a fragment"
    if not host_is_trusted(parts.netloc.lower()):
        return "it must name a host, such as https://example.com"
    return None


def configured_url(app: Flask | None = None) -> str:
    """The configured address (``SITE_URL``), or :data:`DEFAULT_SITE_URL`."""
    app = app or current_app
    return str(app.config.get("SITE_URL") or DEFAULT_SITE_URL).rstrip("/")


def home_url(options: Mapping[str, Any]) -> str:
    """The site's address without a trailing slash: ``home``, ``siteurl``, then the
    configured address."""
    for name in ("home", "siteurl"):
        value = str(options.get(name) or "").strip()
        if not value:
            continue
        problem = address_problem(value)
        if problem is None:
            return value.rstrip("/")
        current_app.logger.warning(
            "the %s option %r is not used: %s. Fix it with: magtheme option set %s URL",
            name,
            value,
            problem,
            name,
        )
    return configured_url()


def current_url(options: Mapping[str, Any], path: str, *, query: bool = True) -> str:
    """The URL of this request on the site's own address: ``home_url`` + *path* (the raw,
    still percent-encoded path) and, when *query*, the query string as sent."""
    url = home_url(options) + path
    query_string = request.query_string.decode("latin-1")
    return f"{url}?{query_string}" if query and query_string else url


def check_host() -> None:
    """``before_request``: refuse a malformed ``Host`` header, or one ``trusted_hosts`` lacks."""
    host = request.environ.get("HTTP_HOST")
    if not host:
        return  # none (HTTP/1.0) or empty (allowed by HTTP): nothing is built from it anyway
    if not host_is_trusted(host.lower()):
        raise BadRequest(f"The Host header “{host}” is not a host name.")
    trusted = current_app.config.get("SITE_TRUSTED_HOSTS")
    if trusted and not host_is_trusted(host.lower(), trusted):
        raise _untrusted_host(host)


def _untrusted_host(host: str) -> BadRequest:
    current_app.logger.warning(
        "refused a request for host %r: it is not in trusted_hosts (config.toml)", host
    )
    return BadRequest(f"This site does not answer for the host “{host}”.")


def register(app: Flask) -> None:
    """Check every request's host before anything else runs."""
    app.before_request_funcs.setdefault(None, []).insert(0, check_host)


__all__ = [
    "DEFAULT_SITE_URL",
    "address_problem",
    "check_host",
    "configured_url",
    "current_url",
    "home_url",
    "register",
]
