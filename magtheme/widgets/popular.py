"""The ``popular-posts`` widget: the most read or most discussed posts over a period.

"Most read" sums the ``post_views`` table (counted by :mod:`magtheme.popularity`) over the
last day, week (7 days), month (30 days) or all time, by UTC day; "most discussed" counts the
approved comments made in the period, or for all time uses each post's ``comment_count``.
Only posts the public may see are listed (:mod:`magtheme.visibility`); a post nobody read (or
commented on) in the period is not.

Every instance of an area is loaded by one statement, a ``UNION ALL`` of one short ranked
branch per instance, plus one for the thumbnails when any instance shows them (and link
preloading when the permalinks need it, as for every post list).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, func, literal, select, union_all

from ..cache import EXPIRES
from ..dates import format_date
from ..models import AnySession, Comment, Post, PostViews
from ..routing.lookup import LINK_POST_COLUMNS
from ..visibility import visible_clause
from .builtin import TITLE, _post_title, preload_links, widget
from .postlists import Thumbnail, thumbnails
from .registry import Field, WidgetContext

#: Periods: how many UTC days back they reach (today included); None is all time.
PERIODS: dict[str, int | None] = {"day": 1, "week": 7, "month": 30, "all": None}
ORDERS = ("views", "comments")

_COLUMNS = (*LINK_POST_COLUMNS, Post.title, Post.password)


@dataclass
class PopularPost:
    """A post in the popular list: ``count`` is its views or comments in the period."""

    id: int
    title: str
    url: str
    date: datetime
    date_text: str
    count: int
    count_text: str
    thumbnail: Thumbnail | None = None
    current: bool = False


def _since_day(period: str, today: date) -> date | None:
    days = PERIODS[period]
    return None if days is None else today - timedelta(days=days - 1)


#: The moment "now" (UTC), the same for every instance of a statement.
_NOW: BindParameter[Any] = bindparam("now")


def ranked_branch(slot: int, orderby: str, all_time: bool, number: int) -> Select[Any]:
    """One instance's list: ``slot``, the post's columns and ``score``, best first, at most
    *number* rows. Bound parameters: ``now`` (visibility) and, unless *all_time*,
    ``since_<slot>`` (the period's first UTC day: a date for views, its midnight for
    comments)."""
    since: BindParameter[Any] = bindparam(f"since_{slot}")
    score: Any
    if orderby == "views":
        totals = select(PostViews.post_id, func.sum(PostViews.views).label("score"))
        if not all_time:
            totals = totals.where(PostViews.day >= since)
        ranked = totals.group_by(PostViews.post_id).subquery()
        score = ranked.c.score
        base = select(*_COLUMNS, score).join(ranked, ranked.c.post_id == Post.id)
    elif all_time:
        score = Post.comment_count
        base = select(*_COLUMNS, score.label("score")).where(Post.comment_count > 0)
    else:
        counted = (
            select(Comment.post_id, func.count(Comment.id).label("score"))
            .where(Comment.status == "approved", Comment.date_gmt >= since)
            .group_by(Comment.post_id)
            .subquery()
        )
        score = counted.c.score
        base = select(*_COLUMNS, score).join(counted, counted.c.post_id == Post.id)
    inner = (
        base.where(Post.post_type == "post", visible_clause(_NOW))  # type: ignore[arg-type]
        .order_by(score.desc(), Post.date.desc(), Post.id.desc())
        .limit(number)
        .subquery()
    )
    return select(literal(slot).label("slot"), inner)  # type: ignore[arg-type]


@lru_cache(maxsize=128)
def _statement(shapes: tuple[tuple[int, str, bool, int], ...]) -> Select[Any]:
    """The one statement for instances of these shapes, built once and kept (building a
    union of subqueries costs more than running it)."""
    union = union_all(*(ranked_branch(*shape) for shape in shapes)).subquery()
    return select(union).order_by(union.c.slot, union.c.score.desc(), union.c.date.desc())


def popular_rows(
    session: AnySession, specs: Sequence[tuple[str, str, int]], now: datetime
) -> list[list[Any]]:
    """The rows of each ``(orderby, period, number)`` in *specs*, in one statement.
    *now* is the UTC time (visibility, and where the periods end)."""
    if not specs:
        return []
    params: dict[str, Any] = {"now": now}
    shapes = []
    for slot, (orderby, period, number) in enumerate(specs):
        since = _since_day(period, now.date())
        shapes.append((slot, orderby, since is None, number))
        if since is not None:
            params[f"since_{slot}"] = (
                since if orderby == "views" else datetime(since.year, since.month, since.day)
            )
    found: list[list[Any]] = [[] for _ in specs]
    for row in session.execute(_statement(tuple(shapes)), params):
        found[row.slot].append(row)
    return found


def _count_text(orderby: str, count: int) -> str:
    if orderby == "views":
        return f"{count:,} view" if count == 1 else f"{count:,} views"
    return f"{count:,} comment" if count == 1 else f"{count:,} comments"


@widget(
    "popular-posts",
    name="Popular Posts",
    default_title="Popular Posts",
    many=True,
    depends=("posts", "comments", "views", "time"),
    vary=("page",),
    fields=[
        TITLE,
        Field(
            "orderby",
            "select",
            "Most",
            default="views",
            choices=(("views", "Read (page views)"), ("comments", "Commented")),
        ),
        Field(
            "period",
            "select",
            "Over",
            default="week",
            choices=(
                ("day", "Today"),
                ("week", "The last 7 days"),
                ("month", "The last 30 days"),
                ("all", "All time"),
            ),
        ),
        Field("number", "number", "Number of posts to show", default=5, min=1, max=20),
        Field("show_count", "boolean", "Show the number of views or comments", default=True),
        Field("show_thumbnail", "boolean", "Show featured images", default=False),
        Field("show_date", "boolean", "Display post date?", default=False),
    ],
)
def popular_posts(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """The most read or most commented public posts over a period. One statement for every
    instance, plus one for thumbnails when shown."""
    specs = [(str(s["orderby"]), str(s["period"]), int(s["number"])) for s in settings_list]
    found = popular_rows(session, specs, context.now)
    every = [row for rows in found for row in rows]
    preload_links(context.linker, every)
    wanted = [
        row.id
        for settings, rows in zip(settings_list, found, strict=True)
        if settings["show_thumbnail"]
        for row in rows
    ]
    images = thumbnails(session, wanted)
    date_format = str(context.options.get("date_format") or "F j, Y")
    # Periods are whole UTC days: at midnight the window moves on without any write.
    midnight = datetime.combine(context.now.date() + timedelta(days=1), datetime.min.time())
    results: list[dict[str, Any] | None] = []
    for settings, rows in zip(settings_list, found, strict=True):
        if not rows:
            results.append(None)
            continue
        posts = []
        for row in rows:
            url = context.linker.post(row)
            posts.append(
                PopularPost(
                    id=row.id,
                    title=_post_title(row),
                    url=url,
                    date=row.date,
                    date_text=format_date(row.date, date_format),
                    count=int(row.score),
                    count_text=_count_text(str(settings["orderby"]), int(row.score)),
                    thumbnail=images.get(row.id) if settings["show_thumbnail"] else None,
                    current=bool(context.current_url) and url == context.current_url,
                )
            )
        results.append(
            {
                "posts": posts,
                "orderby": settings["orderby"],
                "period": settings["period"],
                "show_count": settings["show_count"],
                "show_thumbnail": settings["show_thumbnail"],
                "show_date": settings["show_date"],
                **({} if settings["period"] == "all" else {EXPIRES: midnight}),
            }
        )
    return results


__all__ = ["PERIODS", "PopularPost", "Thumbnail", "popular_rows", "ranked_branch", "thumbnails"]
