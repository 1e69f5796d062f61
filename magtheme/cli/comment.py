"""``magtheme comment …``: list and moderate comments, shaped like WP-CLI's ``wp comment``.

    magtheme comment list [--post ID] [--status S] [--format table|json|ids]
    magtheme comment approve|unapprove|spam|trash ID...
    magtheme comment delete ID...

Every change keeps the posts' approved-comment counts right.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import click
from sqlalchemy import select

from ..comments.service import delete_comments, set_comment_status
from ..models import Comment, db
from ..models.comments import COMMENT_STATUSES
from . import _app, _require_tables, emit_rows, main


@main.group()
def comment() -> None:
    """List and moderate comments."""


@comment.command("list")
@click.option("--post", "post_id", type=int, default=None, help="Only comments on this post ID.")
@click.option(
    "--status",
    type=click.Choice(COMMENT_STATUSES),
    default=None,
    help="Only comments with this status (default: any).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "ids"]), default="table")
def comment_list(post_id: int | None, status: str | None, fmt: str) -> None:
    """List comments, newest first: ID, post, author, date, status and an excerpt."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        stmt = select(Comment)
        if post_id is not None:
            stmt = stmt.where(Comment.post_id == post_id)
        if status:
            stmt = stmt.where(Comment.status == status)
        rows = db.session.scalars(stmt.order_by(Comment.date_gmt.desc(), Comment.id.desc())).all()
        items = [
            {
                "comment_ID": c.id,
                "comment_post_ID": c.post_id,
                "comment_parent": c.parent_id,
                "comment_author": c.author_name,
                "comment_author_email": c.author_email,
                "comment_date": c.date.isoformat(sep=" "),
                "comment_approved": c.status,
                "comment_content": c.content,
            }
            for c in rows
        ]
    columns = (
        "comment_ID",
        "comment_post_ID",
        "comment_author",
        "comment_date",
        "comment_approved",
    )
    table: dict[str, Any] = {key: itemgetter(key) for key in columns}
    table["excerpt"] = lambda row: " ".join(str(row["comment_content"]).split())[:40]
    emit_rows(items, fmt, "comment_ID", table)


def _change(ids: tuple[int, ...], status: str, verb: str) -> None:
    app = _app()
    _require_tables(app)
    with app.app_context():
        changed = {c.id for c in set_comment_status(db.session, ids, status)}
    _report(ids, changed, verb)


def _report(ids: tuple[int, ...], changed: set[int], verb: str) -> None:
    for comment_id in ids:
        if comment_id in changed:
            click.echo(f"Success: {verb} comment {comment_id}.")
    missing = [str(i) for i in ids if i not in changed]
    if missing:
        raise click.ClickException(f"no comment with ID {', '.join(missing)}.")


_IDS = click.argument("ids", nargs=-1, type=int, required=True)


@comment.command("approve")
@_IDS
def comment_approve(ids: tuple[int, ...]) -> None:
    """Approve comments (they show on the site and count)."""
    _change(ids, "approved", "Approved")


@comment.command("unapprove")
@_IDS
def comment_unapprove(ids: tuple[int, ...]) -> None:
    """Hold comments for moderation again."""
    _change(ids, "pending", "Unapproved")


@comment.command("spam")
@_IDS
def comment_spam(ids: tuple[int, ...]) -> None:
    """Mark comments as spam."""
    _change(ids, "spam", "Marked as spam")


@comment.command("trash")
@_IDS
def comment_trash(ids: tuple[int, ...]) -> None:
    """Move comments to the trash."""
    _change(ids, "trash", "Trashed")


@comment.command("delete")
@_IDS
def comment_delete(ids: tuple[int, ...]) -> None:
    """Delete comments for good (their replies move up a level)."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        deleted = set(delete_comments(db.session, ids))
    _report(ids, deleted, "Deleted")
