"""Breaking-news tickers: named strips of headlines, each with its own source and settings.

A site's tickers are the option ``magtheme_tickers`` (``{name: settings}``); the settings are
checked by the same :class:`~magtheme.widgets.registry.Field` rules as widget settings
(:data:`TICKER_FIELDS`). A ticker named ``breaking`` always exists: until the site defines
one, it is the newest posts of the category named by the ``ticker_category`` option
(``breaking-news`` by default), falling back to the newest sticky posts, then the newest
posts, when no such category exists, so a fresh site still has something to show.

Templates print one with ``ticker('breaking')`` (:class:`Ticker`), a widget area with the
``ticker`` widget; each ticker has a JSON feed the ticker script refreshes from
(:mod:`magtheme.views.tickers`).

One SQL statement loads a ticker (plus link preloading when the permalinks need it), a union
of short index-ordered branches rather than one sort of every post: a ticker sits on every
page, so it must cost next to nothing.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup
from sqlalchemy import Select, and_, bindparam, exists, literal, select, true, union_all

from .content.titles import title_html
from .models import AnySession, Post, Term, TermRelationship
from .routing.lookup import LINK_POST_COLUMNS
from .slugs import encode_slug
from .visibility import PUBLIC_STATUSES, visible_clause
from .widgets.builtin import preload_links
from .widgets.registry import Field, WidgetError, clean_settings

log = logging.getLogger(__name__)

#: The option holding the site's tickers: ``{name: settings}``.
TICKERS_OPTION = "magtheme_tickers"
#: The ticker every site has, and what ``ticker()`` shows without a name.
DEFAULT_TICKER = "breaking"
#: The option naming the default ticker's category (until the site changes that ticker),
#: and its default.
TICKER_OPTION = "ticker_category"
DEFAULT_CATEGORY = "breaking-news"
#: Most items a ticker shows, and most posts a hand-picked ticker may name.
MAX_ITEMS = 20
MAX_PICKED = 50
#: Where a ticker's feed and the ticker script are served.
FEED_PATH = "/wp-json/magtheme/v1/tickers/"

SOURCES = ("category", "tag", "sticky", "latest", "posts")
DIRECTIONS = ("auto", "left", "right")
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,63}$")

#: A ticker's settings, validated like widget settings.
TICKER_FIELDS: tuple[Field, ...] = (
    Field(
        "source",
        "select",
        "Source",
        default="category",
        choices=(
            ("category", "The newest posts of a category"),
            ("tag", "The newest posts of a tag"),
            ("sticky", "The newest sticky posts"),
            ("latest", "The newest posts"),
            ("posts", "Hand-picked posts, in the order given"),
        ),
    ),
    Field(
        "term",
        "text",
        "Category or tag slug",
        default="",
        max_length=200,
        help="For source category (empty: the ticker_category option) or tag (required).",
    ),
    Field(
        "posts",
        "text",
        "Post IDs",
        default="",
        max_length=1000,
        help="For source posts: IDs separated by commas or spaces.",
    ),
    Field("count", "number", "Number of stories", default=5, min=1, max=MAX_ITEMS),
    Field(
        "max_age",
        "number",
        "Maximum age in hours",
        default=0,
        min=0,
        max=24 * 366,
        help="Only stories published in the last N hours; 0 for no limit.",
    ),
    Field("label", "text", "Label", default="BREAKING", max_length=40),
    Field("speed", "number", "Speed (pixels per second)", default=60, min=10, max=400),
    Field(
        "direction",
        "select",
        "Direction",
        default="auto",
        choices=(
            ("auto", "Toward the start of a line (left in English, right in Arabic)"),
            ("left", "Right to left"),
            ("right", "Left to right"),
        ),
    ),
    Field(
        "refresh",
        "number",
        "Refresh interval (seconds)",
        default=60,
        min=0,
        max=3600,
        help="How often open pages fetch new stories; 0 to never refresh.",
    ),
)
FIELD_IDS = tuple(f.id for f in TICKER_FIELDS)


class TickerError(ValueError):
    """A ticker change that cannot be made; the message says what and what is accepted."""


# -- settings ---------------------------------------------------------------------------------


def picked_ids(text: Any) -> list[int]:
    """The post IDs of a ``posts`` setting (``"12, 15 9"``), in order, duplicates dropped."""
    found: list[int] = []
    for part in str(text or "").replace(",", " ").split():
        if not part.isdigit():
            raise TickerError(f"posts must be post IDs separated by commas, not {part!r}.")
        number = int(part)
        if number not in found:
            found.append(number)
    return found


def check_settings(raw: Mapping[str, Any], base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """*raw* over *base* as a ticker's settings, strictly: every problem named, or raise.

    Unknown settings, invalid values and settings that do not fit the source (a tag ticker
    without a tag, hand-picked posts that are not IDs) are refused with what is accepted.
    """
    unknown = [name for name in raw if name not in FIELD_IDS]
    if unknown:
        raise TickerError(
            f"unknown ticker setting {', '.join(map(repr, unknown))}; the settings are: "
            f"{', '.join(FIELD_IDS)}."
        )
    try:
        clean = clean_settings(TICKER_FIELDS, {**(base or {}), **raw}, strict=True)
    except WidgetError as exc:
        raise TickerError(str(exc)) from None
    clean["term"] = str(clean["term"]).strip()
    source = clean["source"]
    if source == "tag" and not clean["term"]:
        raise TickerError("a tag ticker needs term, the tag's slug.")
    if source not in ("category", "tag") and "term" in raw and clean["term"]:
        raise TickerError(f"term is only used by the category and tag sources, not {source}.")
    ids = picked_ids(clean["posts"])
    if source == "posts" and not ids:
        raise TickerError("a posts ticker needs posts, the IDs of the posts to show.")
    if len(ids) > MAX_PICKED:
        raise TickerError(f"posts may name at most {MAX_PICKED} posts, not {len(ids)}.")
    clean["posts"] = ",".join(map(str, ids))
    if not str(clean["label"]).strip():
        raise TickerError("label must not be empty (the default is BREAKING).")
    return clean


def ticker_definitions(options: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every ticker of the site, name → cleaned settings, ``breaking`` included.

    Stored settings are cleaned leniently (an invalid value becomes its default), so a
    ticker stored by an older version still renders.
    """
    stored = options.get(TICKERS_OPTION)
    found: dict[str, dict[str, Any]] = {DEFAULT_TICKER: clean_settings(TICKER_FIELDS, {})}
    if isinstance(stored, Mapping):
        for name, raw in stored.items():
            if _NAME.match(str(name)) and isinstance(raw, Mapping):
                found[str(name)] = clean_settings(TICKER_FIELDS, raw)
    return found


def is_stored(options: Mapping[str, Any], name: str) -> bool:
    """Whether *name* is defined by the site (``breaking`` exists either way)."""
    stored = options.get(TICKERS_OPTION)
    return isinstance(stored, Mapping) and name in stored


# -- changes: pure functions over the stored option --------------------------------------------


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise TickerError(
            f"ticker name {name!r} must start with a lowercase letter and hold only lowercase "
            "letters, digits and '-' (at most 64)."
        )


def _stored(stored: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    return {
        str(k): dict(v) for k, v in copy.deepcopy(dict(stored or {})).items() if isinstance(v, dict)
    }


def create_ticker(
    stored: Mapping[str, Any] | None, name: str, settings: Mapping[str, Any]
) -> dict[str, dict[str, Any]]:
    """The stored tickers with a new one, *name*; refused when it exists (``breaking`` may be
    created once, replacing the built-in default)."""
    _check_name(name)
    tickers = _stored(stored)
    if name in tickers:
        raise TickerError(f"there is already a ticker {name!r}; use update to change it.")
    tickers[name] = check_settings(settings)
    return tickers


def update_ticker(
    stored: Mapping[str, Any] | None, name: str, settings: Mapping[str, Any]
) -> dict[str, dict[str, Any]]:
    """The stored tickers with *settings* of *name* changed, the others kept."""
    tickers = _stored(stored)
    if name not in tickers and name != DEFAULT_TICKER:
        raise TickerError(_unknown(name, tickers))
    base = tickers.get(name, {})
    if "source" in settings and settings["source"] != base.get("source"):
        # A new source starts from its own defaults for what only the old one used.
        base = {k: v for k, v in base.items() if k not in ("term", "posts")}
    tickers[name] = check_settings(settings, base)
    return tickers


def delete_ticker(stored: Mapping[str, Any] | None, name: str) -> dict[str, dict[str, Any]]:
    """The stored tickers without *name* (``breaking`` then returns to the built-in default)."""
    tickers = _stored(stored)
    if name not in tickers:
        if name == DEFAULT_TICKER:
            raise TickerError(
                f"{DEFAULT_TICKER!r} is built in and has its default settings; there is "
                "nothing to delete."
            )
        raise TickerError(_unknown(name, tickers))
    del tickers[name]
    return tickers


def _unknown(name: str, tickers: Mapping[str, Any]) -> str:
    known = ", ".join(sorted({DEFAULT_TICKER, *tickers}))
    return f"there is no ticker {name!r}; the tickers are: {known}."


# -- loading ------------------------------------------------------------------------------------

_COLUMNS = (*LINK_POST_COLUMNS, Post.title)


def _in_term(taxonomy: str, slug: Any) -> Any:
    return Post.id.in_(
        select(TermRelationship.post_id)
        .join(Term, Term.id == TermRelationship.term_id)
        .where(Term.taxonomy == taxonomy, Term.slug == slug)
    )


@cache
def _statement(source: str, aged: bool) -> Select[Any]:
    """The statement of a *source* ticker, built once (building it costs more than running it).

    A union of short branches, each taking its newest ``:limit`` rows of one public status,
    so each walks the (type, status, date) index in date order instead of sorting every
    post. A category ticker ranks the category's posts 0, and when the category does not
    exist, the sticky posts 1 and the newest posts 2. Visibility is visible_clause's rule;
    *aged* adds ``date_gmt >= :since``.
    """
    slug: Any = bindparam("slug")
    now: Any = bindparam("now")  # visible_clause compares with it like with a datetime
    limit: Any = bindparam("limit")
    sticky = Post.id.in_(bindparam("sticky", expanding=True))
    ranked: tuple[tuple[int, Any], ...]
    if source == "category":
        missing = ~exists().where(Term.taxonomy == "category", Term.slug == slug)
        ranked = (
            (0, _in_term("category", slug)),
            (1, and_(missing, sticky)),
            (2, missing),
        )
    elif source == "tag":
        ranked = ((0, _in_term("post_tag", slug)),)
    elif source == "sticky":
        ranked = ((0, sticky),)
    else:
        ranked = ((0, true()),)
    since: Any = Post.date_gmt >= bindparam("since") if aged else true()
    branches: list[Any] = [
        select(  # type: ignore[arg-type]
            select(*_COLUMNS, literal(rank).label("rank"))
            .where(
                Post.post_type == "post",
                Post.status == status,
                visible_clause(now),
                Post.password == "",
                since,
                condition,
            )
            .order_by(Post.date.desc(), Post.id.desc())
            .limit(limit)
            .subquery()
        )
        for rank, condition in ranked
        for status in PUBLIC_STATUSES
    ]
    union = union_all(*branches).subquery()
    return select(union).order_by(union.c.rank, union.c.date.desc(), union.c.id.desc())


@cache
def _picked_statement(aged: bool) -> Select[Any]:
    """Hand-picked posts: the public ones among ``:ids`` (any public post type)."""
    since: Any = Post.date_gmt >= bindparam("since") if aged else true()
    now: Any = bindparam("now")
    columns: list[Any] = [*_COLUMNS, literal(0).label("rank")]
    statement: Select[Any] = select(*columns).where(
        Post.id.in_(bindparam("ids", expanding=True)),
        Post.post_type.not_in(("attachment", "revision", "nav_menu_item")),
        visible_clause(now),
        Post.password == "",
        since,
    )
    return statement


@dataclass(frozen=True)
class TickerItem:
    """One headline."""

    #: Safe HTML: the title's allowed inline markup is kept.
    title: str
    url: str
    #: The post's date, in the site's time zone (as ``post.date`` everywhere).
    date: datetime
    #: The same instant in UTC.
    date_gmt: datetime | None = None
    id: int = 0

    @property
    def title_text(self) -> str:
        """The title as plain text (for the feed and for attributes)."""
        return Markup(self.title).striptags()

    @property
    def iso_date(self) -> str:
        """The date as ISO 8601 with its UTC offset."""
        moment = self.date_gmt or self.date
        return moment.replace(tzinfo=UTC).isoformat()


def load_items(
    session: AnySession,
    options: Mapping[str, Any],
    linker: Any,
    settings: Mapping[str, Any],
    *,
    now: datetime,
) -> list[TickerItem]:
    """The items of a ticker with cleaned *settings*, newest first (hand-picked: as given).

    Password protected posts are left out (a headline should lead somewhere readable).
    *now* is the UTC time scheduled posts and the maximum age are compared with.
    """
    source = str(settings.get("source") or "category")
    try:
        limit = min(max(int(settings.get("count", 5)), 1), MAX_ITEMS)
    except (TypeError, ValueError):
        limit = 5
    hours = int(settings.get("max_age") or 0)
    params: dict[str, Any] = {"now": now}
    if hours:
        params["since"] = now - timedelta(hours=hours)
    if source == "posts":
        try:
            ids = picked_ids(settings.get("posts"))[:MAX_PICKED]
        except TickerError:
            ids = []
        if not ids:
            return []
        found = {
            row.id: row
            for row in session.execute(_picked_statement(bool(hours)), {**params, "ids": ids})
        }
        rows = [found[i] for i in ids if i in found][:limit]
    else:
        term = str(settings.get("term") or "").strip()
        if source == "category" and not term:
            term = str(options.get(TICKER_OPTION) or DEFAULT_CATEGORY).strip()
        sticky = [int(i) for i in options.get("sticky_posts") or [] if str(i).isdigit()]
        params.update(slug=encode_slug(term), limit=limit, sticky=sticky)
        rows = []
        seen: set[int] = set()
        for row in session.execute(_statement(source, bool(hours)), params):
            if row.id not in seen:  # a sticky post is also among the newest: keep its first place
                seen.add(row.id)
                rows.append(row)
        rows = rows[:limit]
    preload_links(linker, rows)
    return [
        TickerItem(
            title_html(row.title or "(no title)"), linker.post(row), row.date, row.date_gmt, row.id
        )
        for row in rows
    ]


def ticker_items(
    session: AnySession,
    options: Mapping[str, Any],
    linker: Any,
    *,
    category: str | None = None,
    count: int = 5,
    now: datetime,
) -> list[TickerItem]:
    """The newest public posts of category *category* (a slug; default the ``ticker_category``
    option, then ``breaking-news``), at most *count*; without such a category, the newest
    sticky posts, then the newest others."""
    settings = {"source": "category", "term": category or "", "count": count}
    return load_items(session, options, linker, settings, now=now)


# -- what templates get -------------------------------------------------------------------------


@dataclass(frozen=True)
class Ticker:
    """What ``ticker(name)`` returns: the ticker's label, settings and items.

    Iterating it gives its items and it is false when it has none, so templates written
    for the list ``ticker()`` used to return keep working. Printed (``{{ ticker('breaking')
    }}``) it renders ``ticker.html`` from the theme chain.
    """

    name: str
    settings: Mapping[str, Any]
    items: tuple[TickerItem, ...]
    feed_url: str = ""
    script_url: str = ""
    renderer: Callable[[Ticker], str] | None = field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        return str(self.settings.get("label") or "BREAKING")

    @property
    def refresh(self) -> int:
        return int(self.settings.get("refresh") or 0)

    @property
    def speed(self) -> int:
        return int(self.settings.get("speed") or 60)

    @property
    def direction(self) -> str:
        return str(self.settings.get("direction") or "auto")

    def __iter__(self) -> Iterator[TickerItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __html__(self) -> str:
        return self.renderer(self) if self.renderer is not None else ""


def load_ticker(
    session: AnySession,
    options: Mapping[str, Any],
    linker: Any,
    name: str = DEFAULT_TICKER,
    *,
    now: datetime,
    overrides: Mapping[str, Any] | None = None,
    renderer: Callable[[Ticker], str] | None = None,
    script_url: str = "",
) -> Ticker | None:
    """Ticker *name* with its items, or None when the site has no such ticker.

    *overrides* replace settings for this render (the ``count`` and ``category`` of the old
    ``ticker(count=5, category=...)`` call), checked leniently.
    """
    settings = ticker_definitions(options).get(name)
    if settings is None:
        return None
    if overrides:
        settings = clean_settings(TICKER_FIELDS, {**settings, **overrides})
    items = load_items(session, options, linker, settings, now=now)
    # Root-relative (the site's own path prefix kept), so the script fetches its own origin.
    home = getattr(linker, "home", None)
    base = urlsplit(str(home())).path.rstrip("/") if callable(home) else ""
    return Ticker(
        name=name,
        settings=settings,
        items=tuple(items),
        feed_url=f"{base}{FEED_PATH}{name}",
        script_url=script_url,
        renderer=renderer,
    )


__all__ = [
    "DEFAULT_CATEGORY",
    "DEFAULT_TICKER",
    "DIRECTIONS",
    "FEED_PATH",
    "MAX_ITEMS",
    "SOURCES",
    "TICKERS_OPTION",
    "TICKER_FIELDS",
    "TICKER_OPTION",
    "Ticker",
    "TickerError",
    "TickerItem",
    "check_settings",
    "create_ticker",
    "delete_ticker",
    "is_stored",
    "load_items",
    "load_ticker",
    "picked_ids",
    "ticker_definitions",
    "ticker_items",
    "update_ticker",
]
