"""The Dashboard (``/wp-admin/``): what the site holds, at a glance."""

from __future__ import annotations

from sqlalchemy import func, select
from werkzeug.wrappers import Response

from ...models import Comment, Post, db
from ...options import DEFAULT_THEME, load_options
from ..routes import admin_route
from . import page


def _counts() -> dict[str, int]:
    posts = dict(
        db.session.execute(
            select(Post.post_type, func.count())
            .where(Post.status == "publish", Post.post_type.in_(("post", "page")))
            .group_by(Post.post_type)
        ).all()
    )
    comments = dict(
        db.session.execute(select(Comment.status, func.count()).group_by(Comment.status)).all()
    )
    return {
        "posts": posts.get("post", 0),
        "pages": posts.get("page", 0),
        "comments": comments.get("approved", 0),
        "pending": comments.get("pending", 0),
    }


@admin_route("/", "read", menu="Dashboard")
def dashboard() -> Response:
    """At a glance: published posts and pages, comments (and how many wait), the theme."""
    return page(
        "admin/dashboard.html",
        title="Dashboard",
        counts=_counts(),
        theme=str(load_options().get("stylesheet") or DEFAULT_THEME),
    )


@admin_route("/index.php", "read")
def dashboard_index() -> Response:
    """WordPress's own address of the Dashboard."""
    return dashboard()
