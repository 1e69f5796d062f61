"""The development server's request handler, passing the request target on byte for byte.

Werkzeug's server reads the request line as latin-1 (as ``http.server`` does) and then
encodes that text as UTF-8 again for ``RAW_URI``, ``REQUEST_URI``, ``PATH_INFO`` and
``QUERY_STRING``: a path sent as raw UTF-8 (``/日本語/``, as browsers and curl may send it)
reaches the site double-encoded and 404s, while its percent-encoded twin works. This
handler sets them as PEP 3333 and gunicorn do: the bytes as sent, as latin-1 text.

:class:`PlainQueryString` (installed by ``create_app`` whatever the server) percent-encodes
the bytes of a query string that are not ASCII: Werkzeug decodes a query string as strict
UTF-8, so a raw ``\xff`` byte in ``?s=`` was a 500 while its ``%FF`` twin was a search.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote_to_bytes

from werkzeug.serving import WSGIRequestHandler

from .hosts import address_problem

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: What a query string keeps as it is: ASCII, less controls and space (RFC 3986 + "%").
_QUERY_SAFE = "!#$%&'()*+,/:;=?@[]~-._|^`{}\"\\<>"


class RequestHandler(WSGIRequestHandler):
    """``WSGIRequestHandler`` whose environ carries the request target as sent."""

    def make_environ(self) -> dict[str, object]:  # type: ignore[override]
        environ: dict[str, object] = dict(super().make_environ())
        # ``self.path`` is the request target decoded as latin-1: one character per byte.
        target = self.path
        if target.startswith("/"):  # origin form; absolute-form targets stay as Werkzeug made them
            path, _, query = target.partition("?")
            environ["RAW_URI"] = environ["REQUEST_URI"] = target
            environ["PATH_INFO"] = unquote_to_bytes(path).decode("latin-1")
            environ["QUERY_STRING"] = query
        return environ


class PlainQueryString:
    """WSGI wrapper: a query string's non-ASCII bytes become ``%XX`` (the same text once
    decoded as UTF-8; an invalid byte becomes U+FFFD instead of an exception)."""

    def __init__(self, wsgi_app: WSGIApplication) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        query = environ.get("QUERY_STRING", "")
        if query and not query.isascii():
            environ["QUERY_STRING"] = quote(query.encode("latin-1", "replace"), safe=_QUERY_SAFE)
        return self.wsgi_app(environ, start_response)


def local_address(host: str, port: int) -> str:
    """The URL a person on this machine opens for a server bound to *host*:*port*."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104  (naming the wildcard, not binding it)
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    url = f"http://{host}:{port}"
    return url if address_problem(url) is None else "http://127.0.0.1:" + str(port)


__all__ = ["PlainQueryString", "RequestHandler", "local_address"]
