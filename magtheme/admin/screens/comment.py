"""One comment (``/wp-admin/comment.php``): edit it, reply to it, or confirm a row action.

WordPress's addresses: ``?action=editcomment&c=N`` shows the edit form (author name, email
and URL, the text, the status) and ``action=editedcomment`` saves it; ``action=replyto``
answers the comment (the list's reply form posts here, and a reply that fails comes back
here with its text kept); the list's row actions post ``action=approvecomment`` and the
rest, and a link to one of them (as WordPress's moderation emails send) asks first.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from flask import redirect, request
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.wrappers import Response

from ...comments.service import (
    MAX_LENGTHS,
    clean_text,
    is_email,
    normalize_url,
    sanitize_comment_html,
    set_comment_status,
    update_comment_count,
)
from ...content.comment import render_comment
from ...content.sanitize import comment_policy, site_allows_unfiltered_html
from ...dates import format_date, site_now
from ...models import Comment, Post, User, db
from ...numbers import parse_id
from ...options import load_options
from ...present import display_title_text
from ...visibility import now_gmt
from .. import access, forbidden, notify
from ..routes import admin_route
from . import page
from .comments import (
    ACTIONS,
    LIST_URL,
    ROW_ACTIONS,
    WP_APPROVED,
    back_to_list,
    finish,
    may_edit,
    perform,
    remember_status,
    with_query,
)


def came_from(default: str) -> str:
    """The page of the list a form was opened from (its ``redirect_to``, else the referrer)."""
    given = request.values.get("redirect_to")
    if not given and request.referrer:
        parts = urlsplit(request.referrer)
        given = parts.path + ("?" + parts.query if parts.query else "")
    target = access.safe_target(given, default)
    return target if target.startswith(LIST_URL) else default


def _one() -> tuple[Comment, Post | None] | Response:
    """The comment ``c`` names, if the person may edit it (else the refusal)."""
    comment_id = parse_id(request.args.get("c", "") or request.form.get("c", "")) or 0
    comment = db.session.get(Comment, comment_id) if comment_id else None
    if comment is None:
        return page(
            "admin/forbidden.html",
            status=404 if comment_id else 200,
            title="Edit Comment",
            message="Invalid comment ID.",
        )
    post = db.session.get(Post, comment.post_id)
    if not may_edit(comment, post):
        return forbidden("Sorry, you are not allowed to edit comments on this post.")
    return comment, post


@admin_route("/comment.php", "edit_posts")
def comment_screen() -> Response:
    """``action=editcomment`` (the edit form), ``replyto`` (a reply form), or a row action
    to confirm (WordPress's moderation emails link here)."""
    found = _one()
    if isinstance(found, Response):
        return found
    comment, post = found
    action = request.args.get("action", "editcomment")
    if action == "replyto":
        return _reply_form(comment, post)
    row = ROW_ACTIONS.get(action) or ACTIONS.get(action)
    if row is not None:
        return page(
            "admin/comment-confirm.html",
            title="Moderate Comment",
            comment=comment,
            post=post,
            action=row,
            post_title=display_title_text(post) if post is not None else "",
            content=_content(comment),
        )
    return _edit_form(comment, post)


@admin_route("/comment.php", "edit_posts", methods=("POST",))
def comment_action() -> Response:
    """One comment: a row action, the edit form, or a reply."""
    found = _one()
    if isinstance(found, Response):
        return found
    comment, post = found
    name = request.args.get("action") or request.form.get("action", "")
    if name == "editedcomment":
        return _save_edit(comment, post)
    if name == "replyto":
        return _save_reply(comment, post)
    action = ROW_ACTIONS.get(name) or ACTIONS.get(name)
    if action is None:
        notify("That action is not one this screen knows.", "error")
        return redirect(back_to_list(), 303)
    changed = perform(action, [comment])
    return finish(action, changed, [comment.id], 0, back_to_list())


def _content(comment: Comment) -> Markup:
    role = (
        db.session.scalar(select(User.role).where(User.id == comment.user_id))
        if comment.user_id
        else None
    )
    return render_comment(
        comment.content, comment_policy(role, unfiltered_html=site_allows_unfiltered_html())
    )


#: The edit form's fields (WordPress's names) and its status choices.
EDIT_FIELDS = ("newcomment_author", "newcomment_author_email", "newcomment_author_url", "content")
EDIT_STATUSES = (
    ("1", "approved", "Approved"),
    ("0", "pending", "Pending"),
    ("spam", "spam", "Spam"),
)


def _edit_form(
    comment: Comment,
    post: Post | None,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    if values is None:
        values = {
            "newcomment_author": comment.author_name,
            "newcomment_author_email": comment.author_email,
            "newcomment_author_url": comment.author_url,
            "content": comment.content,
            "comment_status": WP_APPROVED.get(comment.status, "0"),
        }
    return page(
        "admin/comment-edit.html",
        status=status,
        title="Edit Comment",
        comment=comment,
        post=post,
        post_title=display_title_text(post) if post is not None else "",
        errors=errors or {},
        values=values,
        statuses=EDIT_STATUSES,
        redirect_to=came_from(with_query(LIST_URL, p=comment.post_id)),
        date=f"{format_date(comment.date, 'M j, Y')} at {format_date(comment.date, 'g:i a')}",
    )


def edit_problems(values: Mapping[str, str]) -> tuple[dict[str, str], str]:
    """What is wrong with the edit form's *values* (field → message), and the URL to keep."""
    errors: dict[str, str] = {}
    if len(values["newcomment_author"]) > MAX_LENGTHS["author"]:
        errors["newcomment_author"] = f"Shorten the name to {MAX_LENGTHS['author']} characters."
    email = values["newcomment_author_email"]
    if len(email) > MAX_LENGTHS["email"]:
        errors["newcomment_author_email"] = (
            f"Shorten the email address to {MAX_LENGTHS['email']} characters."
        )
    elif email and not is_email(email):
        errors["newcomment_author_email"] = (
            "Enter a valid email address, such as ann@example.com, or leave it empty."
        )
    url = normalize_url(values["newcomment_author_url"])
    if url is None:
        errors["newcomment_author_url"] = (
            "Enter a web address starting with http:// or https://, or leave it empty."
        )
    elif len(url) > MAX_LENGTHS["url"]:
        errors["newcomment_author_url"] = (
            f"Shorten the web address to {MAX_LENGTHS['url']} characters."
        )
    if not values["content"]:
        errors["content"] = "Type the comment's text: a comment cannot be empty."
    elif len(values["content"]) > MAX_LENGTHS["comment"]:
        errors["content"] = f"Shorten the comment to {MAX_LENGTHS['comment']} characters."
    if values["comment_status"] not in {code for code, _s, _l in EDIT_STATUSES}:
        errors["comment_status"] = "Choose Approved, Pending or Spam."
    return errors, url or ""


def _save_edit(comment: Comment, post: Post | None) -> Response:
    if comment.status == "trash":
        notify("This comment is in the Trash. Restore it before editing it.", "error")
        return redirect(with_query(LIST_URL, comment_status="trash"), 303)
    form = request.form
    values = {name: clean_text(form.get(name)) for name in EDIT_FIELDS if name != "content"}
    values["content"] = clean_text(form.get("content"), multiline=True)
    values["comment_status"] = clean_text(form.get("comment_status"))
    errors, url = edit_problems(values)
    if errors:
        return _edit_form(comment, post, status=422, errors=errors, values=values)
    comment.author_name = values["newcomment_author"]
    comment.author_email = values["newcomment_author_email"]
    comment.author_url = url
    comment.content = sanitize_comment_html(values["content"])
    status = dict((code, ours) for code, ours, _l in EDIT_STATUSES)[values["comment_status"]]
    if status == "spam" and comment.status != "spam":
        remember_status([comment])
    # The same call as the list's actions: it saves the fields too and recounts the post.
    set_comment_status(db.session, [comment.id], status)
    notify("Comment updated.")
    return redirect(back_to_list(with_query(LIST_URL, p=comment.post_id)), 303)


def _reply_form(
    comment: Comment,
    post: Post | None,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    text: str = "",
) -> Response:
    return page(
        "admin/comment-reply.html",
        status=status,
        title="Reply to Comment",
        comment=comment,
        post=post,
        post_title=display_title_text(post) if post is not None else "",
        content=_content(comment),
        errors=errors or {},
        text=text,
        redirect_to=came_from(LIST_URL),
    )


def reply_problem(parent: Comment, post: Post | None, text: str) -> str | None:
    """Why a reply to *parent* cannot be posted (``wp_ajax_replyto_comment``'s checks)."""
    if post is None or post.status in ("draft", "pending", "trash", "auto-draft"):
        return "You can't reply to a comment on a draft post: publish the post first."
    if parent.status not in ("approved", "pending"):
        return "This comment is in the Spam or the Trash: restore it before replying."
    if not text:
        return "Type your reply: a reply cannot be empty."
    if len(text) > MAX_LENGTHS["comment"]:
        return f"Shorten the reply to {MAX_LENGTHS['comment']} characters."
    return None


def _save_reply(parent: Comment, post: Post | None) -> Response:
    text = clean_text(request.form.get("content"), multiline=True)
    problem = reply_problem(parent, post, text)
    if problem:
        return _reply_form(parent, post, status=422, errors={"content": problem}, text=text)
    assert post is not None
    signed = access.person()
    assert signed is not None
    user = signed.user
    now = now_gmt().replace(microsecond=0)
    approved_parent = parent.status == "pending"
    if approved_parent:
        # WordPress's "Approve and Reply": answering a held comment approves it.
        parent.status = "approved"
    reply = Comment(
        post_id=post.id,
        parent_id=parent.id,
        author_name=user.display_name or user.login,
        author_email=user.email,
        author_url=normalize_url(user.url or "") or "",
        author_ip=clean_text(request.remote_addr or "")[:100],
        agent=clean_text(request.headers.get("User-Agent", ""))[:254],
        date=site_now(load_options(), now).replace(tzinfo=None),
        date_gmt=now,
        content=sanitize_comment_html(text),
        status="approved",
        type="comment",
        user_id=user.id,
    )
    db.session.add(reply)
    db.session.flush()
    update_comment_count(db.session, post.id)
    db.session.commit()
    notify("Comment approved and reply posted." if approved_parent else "Reply posted.")
    return redirect(back_to_list(), 303)
