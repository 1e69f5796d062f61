"""The breaking-news ticker: the newest posts of one category, for a strip across the page.

Themes that declare ``supports = ["ticker"]`` print ``ticker(count=5)`` (docs/themes.md). The
category is the ``ticker_category`` option (a category slug, ``breaking-news`` by default) or
the one a template names. When no such category exists the ticker shows the newest sticky
posts, then the newest posts, so a fresh site still has something to show; when it exists but
holds no public post, the ticker is empty and a theme hides it.

One SQL statement decides all of that (plus link preloading when the permalinks need it), a
union of three short index-ordered branches rather than one sort of every post: a ticker sits
on every page, so it must cost next to nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, exists, literal, select, union_all

from .content.titles import title_html
from .models import AnySession, Post, Term, TermRelationship
from .routing.lookup import LINK_POST_COLUMNS
from .slugs import encode_slug
from .visibility import PUBLIC_STATUSES, visible_clause
from .widgets.builtin import preload_links

#: The option naming the ticker's category, and its default.
TICKER_OPTION = "ticker_category"
DEFAULT_CATEGORY = "breaking-news"
#: Most items a ticker shows, whatever a template asks for.
MAX_ITEMS = 20

_COLUMNS = (*LINK_POST_COLUMNS, Post.title)


@cache
def _statement() -> Select[Any]:
    """The ticker's one statement, built once (building it costs more than running it).

    A union of short branches ranked 0 (the category's posts), 1 (sticky posts, only when the
    category does not exist) and 2 (the newest posts, likewise); each branch takes its
    newest ``:limit`` rows of one public status, so it walks the (type, status, date) index
    in date order instead of sorting every post. Visibility itself is visible_clause's rule.
    """
    slug: Any = bindparam("slug")
    now: Any = bindparam("now")  # visible_clause compares with it like with a datetime
    limit: Any = bindparam("limit")
    category_exists = exists().where(Term.taxonomy == "category", Term.slug == slug)
    in_category = Post.id.in_(
        select(TermRelationship.post_id)
        .join(Term, Term.id == TermRelationship.term_id)
        .where(Term.taxonomy == "category", Term.slug == slug)
    )
    ranked = (
        (0, in_category),
        (1, and_(~category_exists, Post.id.in_(bindparam("sticky", expanding=True)))),
        (2, ~category_exists),
    )
    branches: list[Any] = [
        select(  # type: ignore[arg-type]
            select(*_COLUMNS, literal(rank).label("rank"))
            .where(
                Post.post_type == "post",
                Post.status == status,
                visible_clause(now),
                Post.password == "",
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


@dataclass(frozen=True)
class TickerItem:
    """One headline: what ``ticker()`` returns a list of."""

    #: Safe HTML: the title's allowed inline markup is kept.
    title: str
    url: str
    date: datetime


def ticker_items(
    session: AnySession,
    options: Mapping[str, Any],
    linker: Any,
    *,
    category: str | None = None,
    count: int = 5,
    now: datetime,
) -> list[TickerItem]:
    """The newest public posts of category *category* (a slug), at most *count*.

    *category* defaults to the ``ticker_category`` option, then ``breaking-news``. If no
    category has that slug: the newest sticky posts first, then the newest others. Password
    protected posts are left out (a headline should lead somewhere readable). *now* is the
    UTC time scheduled posts are compared with.
    """
    slug = encode_slug(str(category or options.get(TICKER_OPTION) or DEFAULT_CATEGORY).strip())
    try:
        limit = min(max(int(count), 1), MAX_ITEMS)
    except (TypeError, ValueError):
        limit = 5
    sticky = [int(i) for i in options.get("sticky_posts") or [] if str(i).isdigit()]
    rows = session.execute(
        _statement(), {"slug": slug, "now": now, "limit": limit, "sticky": sticky}
    ).all()
    seen: set[int] = set()
    unique = []
    for row in rows:  # a sticky post is also among the newest: keep its first place
        if row.id not in seen:
            seen.add(row.id)
            unique.append(row)
    rows = unique[:limit]
    preload_links(linker, rows)
    return [
        TickerItem(title_html(row.title or "(no title)"), linker.post(row), row.date)
        for row in rows
    ]


__all__ = ["DEFAULT_CATEGORY", "MAX_ITEMS", "TICKER_OPTION", "TickerItem", "ticker_items"]
