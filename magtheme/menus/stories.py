"""``menu_stories(items)``: the latest stories of the categories a menu's items link to.

What a mega menu shows under a section's name: for each item of *items* (one level of a
menu tree, usually the top level of ``menu('primary')`` or the ``items`` a menu template
gets) that links to a category, that category's newest public posts with their featured
images. Every category is loaded at once, in a fixed number of statements however many
items there are: the categories' slugs, then :func:`~magtheme.widgets.postlists.load_lists`
(one ``UNION ALL`` of a short branch per category, then the images). A page asking again
for the same items and count gets the first answer, without a statement.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy import select

from ..models import AnySession, Term
from ..slugs import decode_slug
from ..visibility import now_gmt
from ..widgets.postlists import ListedPost, ListSpec, load_lists
from ..widgets.registry import WidgetContext

#: The most stories a category's panel may ask for.
MAX_STORIES = 10
#: Where one request keeps its answers (the WSGI environ: gone with the request).
_MEMO = "magtheme.menu_stories"


def category_items(items: Iterable[Any]) -> list[Any]:
    """The items (of one level, children not searched) that link to a category."""
    return [
        item
        for item in items
        if getattr(item, "type", "") == "taxonomy"
        and getattr(item, "object", "") == "category"
        and int(getattr(item, "object_id", 0) or 0) > 0
    ]


def load_menu_stories(
    session: AnySession,
    items: Iterable[Any],
    context: WidgetContext,
    count: int = 4,
) -> dict[int, list[ListedPost]]:
    """Menu item id → the newest *count* stories of the category it links to (with their
    featured images); items with no such category, or an empty one, are left out."""
    wanted = category_items(items)
    count = min(max(int(count), 1), MAX_STORIES)
    if not wanted:
        return {}
    slugs = dict(
        session.execute(
            select(Term.id, Term.slug).where(
                Term.id.in_(sorted({int(item.object_id) for item in wanted})),
                Term.taxonomy == "category",
            )
        ).all()
    )
    listed = [item for item in wanted if int(item.object_id) in slugs]
    specs = [
        ListSpec(
            source="category",
            term=decode_slug(slugs[int(item.object_id)]),
            count=count,
            thumbnails=True,
        )
        for item in listed
    ]
    lists = load_lists(session, specs, context) if specs else []
    return {item.id: posts for item, posts in zip(listed, lists, strict=True) if posts}


def menu_stories(
    items: Any, linker: Any, count: Any = 4, *, now: datetime | None = None
) -> dict[int, list[ListedPost]]:
    """The ``menu_stories(items, count=4)`` helper for the request being rendered, the
    stories visible at *now* (UTC; the clock when None)."""
    from ..models import db
    from ..options import load_options

    try:
        count = int(count)
    except (TypeError, ValueError):
        raise ValueError(f"menu_stories(): count must be a whole number, not {count!r}") from None
    items = list(items or [])
    key = (tuple(getattr(item, "id", 0) for item in items), count)
    memo: dict[Any, dict[int, list[ListedPost]]] = {}
    if has_request_context():
        memo = request.environ.setdefault(_MEMO, {})
        if key in memo:
            return memo[key]
    context = WidgetContext(linker=linker, options=load_options(), now=now or now_gmt())
    found = load_menu_stories(db.session, items, context, count)
    memo[key] = found
    return found


__all__ = ["MAX_STORIES", "category_items", "load_menu_stories", "menu_stories"]
