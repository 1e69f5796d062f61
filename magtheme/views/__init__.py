"""Public views: one view answers every public URL (route → query → hierarchy → render)."""

from __future__ import annotations

from flask import Flask


def register_views(app: Flask) -> None:
    """Attach the public site to *app*."""
    from . import comments, favicon, public, robots, tickers, trackback

    public.register(app)
    comments.register(app)
    robots.register(app)
    favicon.register(app)
    trackback.register(app)
    tickers.register(app)
