"""The ``ticker`` widget: one of the site's tickers (:mod:`magtheme.tickers`) in a widget area.

Its one setting names the ticker; the widget renders ``widgets/ticker.html``, which includes
``ticker.html``, so a theme that restyles its tickers restyles the widget too. One statement
per ticker widget (a ticker is its own query), plus link preloading when needed. Its output
is cached like every widget's and dropped when posts, terms or the clock (a scheduled post,
a story growing older than the ticker's maximum age) change what it shows.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from ..cache import EXPIRES
from ..models import AnySession
from .builtin import widget
from .registry import Field, WidgetContext

log = logging.getLogger(__name__)

# magtheme.tickers is imported when the widget renders: it imports this package's builtins.
DEFAULT_TICKER = "breaking"


def check_ticker(session: AnySession, settings: Mapping[str, Any]) -> list[str]:
    """The ticker a widget is saved with must be one of the site's."""
    from ..options import load_options
    from ..tickers import ticker_definitions

    name = str(settings.get("ticker") or DEFAULT_TICKER)
    names = sorted(ticker_definitions(load_options()))
    if name in names:
        return []
    return [
        f"there is no ticker {name!r}; the tickers are: {', '.join(names)} "
        "(make one with magtheme ticker create)."
    ]


@widget(
    "ticker",
    name="Ticker",
    default_title="",
    depends=("posts", "terms", "time"),
    check=check_ticker,
    fields=[
        Field("title", "text", "Title", default="", max_length=200),
        Field(
            "ticker",
            "text",
            "Ticker",
            default=DEFAULT_TICKER,
            max_length=64,
            help="The name of one of the site's tickers (magtheme ticker list).",
        ),
    ],
)
def ticker_widget(
    session: AnySession, settings: Mapping[str, Any], context: WidgetContext
) -> dict[str, Any] | None:
    """Breaking news: one of the site's tickers."""
    from ..tickers import load_ticker, ticker_definitions
    from ..views.tickers import script_url

    name = str(settings.get("ticker") or DEFAULT_TICKER)
    news = load_ticker(
        session, context.options, context.linker, name, now=context.now, script_url=script_url()
    )
    if news is None:
        log.warning(
            "ticker widget in %r: there is no ticker %r; the tickers are: %s",
            context.area,
            name,
            ", ".join(sorted(ticker_definitions(context.options))),
        )
        return None
    data: dict[str, Any] = {"news": news}
    hours = int(news.settings.get("max_age") or 0)
    dated = [item.date_gmt for item in news.items if item.date_gmt is not None]
    if hours and dated:
        # The oldest story leaves the ticker when it grows older than the maximum age.
        data[EXPIRES] = min(dated) + timedelta(hours=hours)
    return data
