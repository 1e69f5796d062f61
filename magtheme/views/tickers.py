"""Each ticker's JSON feed, and the script that refreshes tickers from it.

``GET /wp-json/magtheme/v1/tickers/<name>`` answers (HEAD too)::

    {"name": "breaking", "label": "BREAKING", "refresh": 60,
     "items": [{"id": 7, "title": "Plain text", "title_html": "Safe <em>HTML</em>",
                "url": "https://…", "date": "2026-12-02T19:48:00+00:00"}]}

The feed is computed on every request (one options statement and one ticker statement), so
a story published now, or a scheduled one whose time came, is in the very next answer. Its
strong ``ETag`` is a digest of the body, so a refresh that finds nothing new is a ``304``
with no body; ``Cache-Control`` lets a shared cache keep it for half the refresh interval
(the script itself always revalidates). An unknown ticker is a JSON ``404``.

The script is an engine asset, ``/magtheme/static/ticker.js?v=<hash>`` (:func:`script_url`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, request
from werkzeug.wrappers import Response as BaseResponse

from .. import site
from .. import urls as links
from ..dates import format_date
from ..models import db
from ..options import load_options
from ..themes.assets import IMMUTABLE, SHORT, file_hash, mime_type
from ..tickers import DEFAULT_TICKER, Ticker, load_ticker, ticker_definitions
from ..visibility import now_gmt

log = logging.getLogger(__name__)

#: The engine's own static files (the ticker script).
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
SCRIPT = "ticker.js"
#: Longest a shared cache may keep a feed, whatever the refresh interval.
MAX_FEED_AGE = 300


def register(app: Flask) -> None:
    app.add_url_rule(
        "/wp-json/magtheme/v1/tickers/<name>", "ticker_feed", ticker_feed, methods=["GET"]
    )
    app.add_url_rule(
        "/magtheme/static/<path:filename>", "engine_static", engine_static, methods=["GET"]
    )


def script_url() -> str:
    """The ticker script's URL, with its content hash so it may be cached for a year."""
    return f"/magtheme/static/{SCRIPT}?v={file_hash(STATIC_DIR / SCRIPT)}"


def feed_document(ticker: Ticker) -> dict[str, object]:
    """What the feed of *ticker* says."""
    return {
        "name": ticker.name,
        "label": ticker.label,
        "refresh": ticker.refresh,
        "items": [
            {
                "id": item.id,
                "title": item.title_text,
                "title_html": item.title,
                "url": item.url,
                "date": item.iso_date,
            }
            for item in ticker.items
        ],
    }


def feed_max_age(refresh: int) -> int:
    """How long a shared cache may keep a feed: half its refresh interval, within bounds."""
    if refresh <= 0:
        return MAX_FEED_AGE
    return max(1, min(refresh // 2, MAX_FEED_AGE))


def ticker_feed(name: str) -> BaseResponse:
    options = load_options()
    linker = links.linker(options, site.registry())
    ticker = load_ticker(db.session, options, linker, name, now=now_gmt())
    if ticker is None:
        known = sorted(ticker_definitions(options))
        return _json(
            {
                "code": "magtheme_ticker_not_found",
                "message": f"There is no ticker {name!r}; the tickers are: {', '.join(known)}.",
                "tickers": known or [DEFAULT_TICKER],
            },
            404,
        )
    body = json.dumps(feed_document(ticker), ensure_ascii=False, separators=(",", ":"))
    response = _json_text(body, 200)
    response.set_etag(hashlib.blake2b(body.encode(), digest_size=16).hexdigest())
    response.headers["Cache-Control"] = f"public, max-age={feed_max_age(ticker.refresh)}"
    response.headers["Vary"] = "Accept-Encoding"
    return response.make_conditional(request)


def engine_static(filename: str) -> BaseResponse:
    """A file of the engine's ``static/`` folder (only the files it ships; nothing else)."""
    if filename != SCRIPT:
        abort(404)
    path = STATIC_DIR / SCRIPT
    hashed = request.args.get("v") == file_hash(path)
    response = Response(path.read_bytes(), content_type=mime_type(path))
    response.headers["Cache-Control"] = IMMUTABLE if hashed else SHORT
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.set_etag(file_hash(path))
    return response.make_conditional(request)


def _json(document: object, status: int) -> Response:
    return _json_text(json.dumps(document, ensure_ascii=False), status)


def _json_text(body: str, status: int) -> Response:
    response = Response(body, status=status, mimetype="application/json")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def ticker_helper(
    chain: Any, options: Mapping[str, Any], linker: Any, now: datetime | None = None
) -> Callable[..., Ticker]:
    """The ``ticker()`` template helper of one render, its stories those visible at *now*
    (UTC; the clock when None).

    ``ticker('breaking')`` is that ticker (:class:`~magtheme.tickers.Ticker`); the old call
    ``ticker(count=5, category='local')`` still works and means the ``breaking`` ticker with
    those settings. An unknown name is logged and gives an empty ticker, so a page still
    renders. Printing the result renders ``ticker.html`` from the theme chain.
    """
    time_format = str(options.get("time_format") or "g:i a")

    def render(news: Ticker) -> str:
        template = chain.template("ticker.html")
        variables = {"news": news, "format_time": lambda dt: format_date(dt, time_format)}
        return str(template.render(variables))

    def ticker(
        name: str | int = DEFAULT_TICKER, count: int | None = None, category: str | None = None
    ) -> Ticker:
        if isinstance(name, int):  # ticker(5): the old positional count
            count, name = name, DEFAULT_TICKER
        overrides: dict[str, Any] = {}
        if count is not None:
            overrides["count"] = count
        if category:
            overrides.update(source="category", term=category)
        name = str(name)
        found = load_ticker(
            db.session,
            options,
            linker,
            name,
            now=now or now_gmt(),
            overrides=overrides,
            renderer=render,
            script_url=script_url(),
        )
        if found is None:
            log.warning(
                "ticker(%r): there is no such ticker; the tickers are: %s",
                name,
                ", ".join(sorted(ticker_definitions(options))),
            )
            return Ticker(name=name, settings={}, items=())
        return found

    return ticker
