"""Where a 404 should have gone: WordPress's old-slug redirect and its permalink guess.

Both run only for a request that found nothing (``is_404``) and named a post by its slug
(the ``name`` query var, or the last part of ``pagename`` or ``attachment``). In WordPress's
order:

1. :func:`old_slug_url` (``wp_old_slug_redirect``): a post that was renamed or redated keeps
   its old URLs. The ``_wp_old_slug`` and ``_wp_old_date`` post meta record them (WordPress
   writes them on every change, and exports carry them). Never for pages or other
   hierarchical types.
2. :func:`moved_url` (Magtheme's own): a URL an earlier permalink setting made. The caller
   reads the request again under that setting; this answers the URL, under today's
   setting, of what that reading found (a post with its part, feed or embed; a category,
   tag or author archive with its page).
3. :func:`guess_url` (``redirect_guess_404_permalink``, WordPress 6.1's loose guess): a
   public post whose slug *starts with* the name, narrowed by the post type and the year,
   month and day the URL gave. A post asked for at a ``<!--nextpage-->`` part it does not
   have goes to the post itself, as ``redirect_canonical`` strips such parts.

Each answers the absolute URL to 301 to, or ``None``. The query string's other arguments are
kept; the ones the redirect consumed are not. The SQL is the lookup's
(:class:`~magtheme.routing.lookup.DbLookup`), a constant handful of statements.

Where this knowingly differs from WordPress:

- An old slug only leads to a post anyone may see (WordPress would send a visitor to a
  draft's ``?p=`` address and reveal that it exists).
- A guessed or old-slug URL with a page number or a feed is built with the permalink's own
  form, so plain permalinks get ``&paged=2``, not ``?p=5/page/2/``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from .permalinks import Linker, add_query_arg, trailingslashit

#: A request's year, month and day (0 where not given): both redirects narrow by them.
DateParts = tuple[int, int, int]

#: The query args a redirect consumes; any other one the request carried is kept.
_CONSUMED = (
    "page", "paged", "feed", "p", "page_id", "attachment_id", "attachment", "pagename",
    "name", "post_type", "embed", "tb",
)  # fmt: skip


class NotFoundLookup(Protocol):
    """The data both redirects need (``DbLookup`` answers it from SQL). Names come as the
    request gave them; the lookup sanitizes them as WordPress's ``sanitize_title_for_query``.
    """

    def old_slug_post(self, post_type: str, name: str, date: DateParts) -> int: ...

    def old_date_post(self, post_type: str, name: str, date: DateParts) -> int: ...

    def guess_post(
        self, name: str, post_types: Sequence[str], date: DateParts, now: datetime
    ) -> int: ...

    def post(self, post_id: int) -> Any | None: ...


def requested_name(query_vars: dict[str, str]) -> str:
    """The slug a request asked for, as WordPress's ``get_posts`` leaves the ``name`` var:
    ``name`` itself, else the last part of ``pagename`` or ``attachment``."""
    for var in ("name", "pagename", "attachment"):
        value = query_vars.get(var, "").strip("/")
        if value:
            return posixpath.basename(value)
    return ""


def _int(value: Any) -> int:
    try:
        return int(str(value or "0"))
    except ValueError:
        return 0


def _date(query_vars: dict[str, str]) -> DateParts:
    return (
        _int(query_vars.get("year")),
        _int(query_vars.get("monthnum")),
        _int(query_vars.get("day")),
    )


def _with_query(url: str, requested: str) -> str:
    """*url* plus the requested query args the redirect did not consume or set itself."""
    own = {pair.split("=", 1)[0] for pair in urlsplit(url).query.split("&") if pair}
    for pair in urlsplit(requested).query.split("&"):
        name, _, value = pair.partition("=")
        if name and name not in own and name not in _CONSUMED:
            url = add_query_arg(url, name, value)
    return url


def _differs(url: str, requested: str, linker: Linker) -> str | None:
    """*url*, unless it is the very URL requested (never redirect a page to itself)."""
    parts = urlsplit(requested)
    if not parts.netloc:
        requested = (
            linker.home_url + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        )
    return None if url == requested else url


def old_slug_url(requested: str, ctx: Any, linker: Linker, lookup: NotFoundLookup) -> str | None:
    """``wp_old_slug_redirect``: the current URL of a post the 404 named by an old slug or
    an old date, or ``None``."""
    query_vars = dict(getattr(ctx, "query_vars", None) or {})
    name = requested_name(query_vars)
    if not getattr(ctx, "is_404", False) or not name:
        return None
    if query_vars.get("post_type"):
        post_type = query_vars["post_type"]
    elif query_vars.get("attachment"):
        post_type = "attachment"
    elif query_vars.get("pagename"):
        post_type = "page"
    else:
        post_type = "post"
    pt = linker.registry.post_type(post_type)
    if pt is None or pt.hierarchical:
        return None
    date = _date(query_vars)
    post_id = lookup.old_slug_post(post_type, name, date) or lookup.old_date_post(
        post_type, name, date
    )
    post = lookup.post(post_id) if post_id else None
    if post is None or not linker.is_publicly_viewable(post):
        return None
    url = linker.post(post)
    paged = _int(query_vars.get("paged"))
    if paged > 1:
        url = linker.paged(url, paged)
    elif getattr(ctx, "is_embed", False):
        url = linker.embed(url)
    return _differs(_with_query(url, requested), requested, linker)


def _comments_feed(linker: Linker, url: str, feed: str) -> str:
    """``get_post_comments_feed_link`` from the post's permalink *url*."""
    suffix = "" if feed in ("", "feed", "rss2") else f"/{feed}"
    if linker.using_permalinks and "?" not in url:
        return linker.user_trailingslashit(trailingslashit(url) + "feed" + suffix)
    return add_query_arg(url, "feed", feed or "rss2")


def moved_url(requested: str, then: Any, linker: Linker) -> str | None:
    """Where the thing *then* found now lives: *then* is the main query of this request
    read under an earlier permalink setting; *linker* makes today's URLs. ``None`` for what
    has no URL of its own to move to (the home page, a search, a date archive)."""
    query_vars = dict(getattr(then, "query_vars", None) or {})
    found = getattr(then, "queried_object", None)
    if getattr(then, "is_404", False) or found is None:
        return None
    feed = query_vars.get("feed", "")
    if getattr(then, "is_singular", False):
        url = linker.post(found)
        page = _int(query_vars.get("page"))
        if feed:
            url = _comments_feed(linker, url, feed)
        elif getattr(then, "is_embed", False):
            url = linker.embed(url)
        elif page > 1:
            url = linker.part(url, page)
    elif any(getattr(then, f, False) for f in ("is_category", "is_tag", "is_tax", "is_author")):
        url = linker.author(found) if getattr(then, "is_author", False) else linker.term(found)
        if feed:
            url = _comments_feed(linker, url, feed)  # the same shape: <archive>/feed/
        elif _int(query_vars.get("paged")) > 1:
            url = linker.paged(url, _int(query_vars.get("paged")))
    else:
        return None
    return _differs(_with_query(url, requested), requested, linker)


def guess_url(requested: str, ctx: Any, linker: Linker, lookup: NotFoundLookup) -> str | None:
    """``redirect_guess_404_permalink``: the URL of a public post whose slug starts with the
    name the 404 asked for, or ``None``."""
    query_vars = dict(getattr(ctx, "query_vars", None) or {})
    name = requested_name(query_vars)
    if not getattr(ctx, "is_404", False) or not name:
        return None
    registry = linker.registry
    # Types a search can return and a visitor can open; a post_type var must be one.
    types = [pt for pt in registry.searchable_post_types() if linker.is_viewable_type(pt)]
    if query_vars.get("post_type"):
        if query_vars["post_type"] not in types:
            return None
        types = [query_vars["post_type"]]
    now = linker.now or datetime.now(UTC).replace(tzinfo=None)
    post_id = lookup.guess_post(name, types, _date(query_vars), now)
    post = lookup.post(post_id) if post_id else None
    if post is None:
        return None
    permalink = linker.post(post)
    url = permalink
    page = _int(query_vars.get("page"))
    if query_vars.get("feed"):
        url = _comments_feed(linker, url, query_vars["feed"])
    elif page > 1:
        url = linker.part(url, page)
    target = _differs(_with_query(url, requested), requested, linker)
    if target is None and url != permalink:
        # The very post, at a part it does not have: redirect_canonical strips the part.
        target = _differs(_with_query(permalink, requested), requested, linker)
    return target


__all__ = ["NotFoundLookup", "guess_url", "moved_url", "old_slug_url", "requested_name"]
