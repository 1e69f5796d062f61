"""The ``recent-comments`` widget: WordPress's Recent Comments ("author on post title").

Only approved comments (not pingbacks or trackbacks) on posts the public may see are
listed: a comment on a private, scheduled, draft or password-protected post never shows.
Every instance of an area is loaded by one statement (the largest number any of them
asks for), plus link preloading when the permalinks need it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup
from sqlalchemy import or_, select

from ..content.text import wp_strip_all_tags
from ..dates import format_date
from ..models import AnySession, Comment, Post
from ..routing.lookup import LINK_POST_COLUMNS
from ..visibility import visible_clause
from .builtin import TITLE, _post_title, preload_links, widget
from .registry import Field, WidgetContext

#: How many words an excerpt keeps.
EXCERPT_WORDS = 20


@dataclass
class RecentComment:
    """A comment in the list: its author, the post it is on and the link to it."""

    id: int
    author: str
    author_url: str
    post_title: Markup
    url: str
    date: datetime
    date_text: str
    excerpt: str


def _excerpt(content: str) -> str:
    """The comment as plain text (the template escapes it), cut to EXCERPT_WORDS words."""
    words = wp_strip_all_tags(content, remove_breaks=True).split()
    cut = " ".join(words[:EXCERPT_WORDS])
    return cut + "…" if len(words) > EXCERPT_WORDS else cut


@widget(
    "recent-comments",
    name="Recent Comments",
    classname="widget_recent_comments",
    default_title="Recent Comments",
    many=True,
    depends=("comments", "posts", "time"),
    fields=[
        TITLE,
        Field("number", "number", "Number of comments to show", default=5, min=1, max=20),
        Field("show_excerpt", "boolean", "Show an excerpt of each comment", default=False),
    ],
)
def recent_comments(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """The newest approved comments on public posts. One statement for every instance."""
    largest = max(int(s["number"]) for s in settings_list)
    rows = session.execute(
        select(
            Comment.id.label("comment_id"),
            Comment.author_name,
            Comment.author_url,
            Comment.content,
            Comment.date.label("comment_date"),
            *LINK_POST_COLUMNS,
            Post.title,
            Post.password,
        )
        .join(Post, Post.id == Comment.post_id)
        .where(
            Comment.status == "approved",
            or_(Comment.type == "comment", Comment.type == ""),
            visible_clause(context.now),
            Post.password == "",
        )
        .order_by(Comment.date_gmt.desc(), Comment.id.desc())
        .limit(largest)
    ).all()
    if not rows:
        return [None] * len(settings_list)
    preload_links(context.linker, rows)
    date_format = str(context.options.get("date_format") or "F j, Y")
    found = [
        RecentComment(
            id=row.comment_id,
            author=row.author_name or "Anonymous",
            author_url=row.author_url or "",
            post_title=_post_title(row),
            url=f"{context.linker.post(row)}#comment-{row.comment_id}",
            date=row.comment_date,
            date_text=format_date(row.comment_date, date_format),
            excerpt=_excerpt(row.content or ""),
        )
        for row in rows
    ]
    return [
        {"comments": found[: int(s["number"])], "show_excerpt": s["show_excerpt"]}
        for s in settings_list
    ]


__all__ = ["RecentComment", "recent_comments"]
