"""Comments (``/wp-admin/edit-comments.php``): moderate, reply to and edit comments.

WordPress's screen, its addresses and its words: the status views
(``comment_status=all|moderated|approved|spam|trash``, "All" being approved and pending),
search (``s``), one post's comments (``p``), pages of 20 (``paged``), the row actions at
``/wp-admin/comment.php?action=approvecomment&c=N`` (and ``unapprove``, ``spam``,
``unspam``, ``trash``, ``untrash``, ``delete``), bulk actions with ``action`` and
``delete_comments[]``. One comment's own screen (edit, reply, confirm) is :mod:`.comment`.

Anyone who may write posts opens the screen (``edit_posts``, WordPress's menu capability);
each comment is acted on only by whoever may edit it (``edit_comment``: the post's author,
editors and administrators), and only they see its author's email and address. Every change
goes through :mod:`magtheme.comments.service`, the functions ``magtheme comment …`` uses, so
the posts' comment counts and the page caches follow.

Decided differently from WordPress, which does these with JavaScript: row actions are
buttons (POST with the CSRF token), the reply form opens under the comment with a
``<details>`` and, when it fails, comes back on a page of its own with the text kept; "Undo"
after trashing or spamming is a button under the notice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import redirect, request
from markupsafe import Markup
from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.orm import aliased
from werkzeug.wrappers import Response

from ... import site
from ... import urls as links
from ...auth.capabilities import SiteFacts
from ...comments.service import (
    clean_text,
    delete_comments,
    set_comment_status,
    update_comment_count,
)
from ...content.comment import render_comment
from ...content.sanitize import comment_policy, site_allows_unfiltered_html
from ...dates import format_date
from ...models import Comment, CommentMeta, Post, User, db
from ...models.sqlite import folded_like
from ...numbers import parse_id, parse_int
from ...options import load_options
from ...present import display_title_text
from ...visibility import now_gmt
from ...wxr.plan import COMMENT_STATUS_MAP
from .. import access, forbidden, notify
from ..routes import admin_route
from . import page

LIST_URL = "/wp-admin/edit-comments.php"
PER_PAGE = 20

#: The status views: WordPress's ``comment_status`` value, its label, the statuses it shows.
VIEWS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("all", "All", ("approved", "pending")),
    ("moderated", "Pending", ("pending",)),
    ("approved", "Approved", ("approved",)),
    ("spam", "Spam", ("spam",)),
    ("trash", "Trash", ("trash",)),
)
_VIEW_STATUSES = {name: statuses for name, _label, statuses in VIEWS}

#: Where a trashed or spammed comment came from, as WordPress keeps it (comment meta).
TRASH_STATUS_META = "_wp_trash_meta_status"
TRASH_TIME_META = "_wp_trash_meta_time"
WP_APPROVED = {
    ours: theirs for theirs, ours in COMMENT_STATUS_MAP.items() if theirs != "post-trashed"
}


@dataclass(frozen=True)
class Action:
    """One thing done to comments: WordPress's bulk name, its row action, its words."""

    name: str
    label: str
    #: What a screen reader hears for the row's button (WordPress's ``aria-label``).
    aria: str
    #: The bulk actions menu's wording (None: not a bulk action).
    bulk: str | None
    #: The notice afterwards, one and many ("%d" is the count).
    one: str
    many: str

    @property
    def row(self) -> str:
        """The ``comment.php`` action (``approvecomment``)."""
        return f"{self.name}comment"

    def done(self, count: int) -> str:
        return (self.one if count == 1 else self.many) % count


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "approve",
            "Approve",
            "Approve this comment",
            "Approve",
            "%d comment approved.",
            "%d comments approved.",
        ),
        Action(
            "unapprove",
            "Unapprove",
            "Unapprove this comment",
            "Unapprove",
            "%d comment unapproved.",
            "%d comments unapproved.",
        ),
        Action(
            "spam",
            "Spam",
            "Mark this comment as spam",
            "Mark as Spam",
            "%d comment marked as spam.",
            "%d comments marked as spam.",
        ),
        Action(
            "unspam",
            "Not Spam",
            "Restore this comment from the spam",
            "Not Spam",
            "%d comment restored from the spam.",
            "%d comments restored from the spam.",
        ),
        Action(
            "trash",
            "Trash",
            "Move this comment to the Trash",
            "Move to Trash",
            "%d comment moved to the Trash.",
            "%d comments moved to the Trash.",
        ),
        Action(
            "untrash",
            "Restore",
            "Restore this comment from the Trash",
            "Restore",
            "%d comment restored from the Trash.",
            "%d comments restored from the Trash.",
        ),
        Action(
            "delete",
            "Delete Permanently",
            "Delete this comment permanently",
            "Delete Permanently",
            "%d comment permanently deleted.",
            "%d comments permanently deleted.",
        ),
    )
}
ROW_ACTIONS = {a.row: a for a in ACTIONS.values()}
#: After these, the notice offers to undo them (WordPress's "Undo" link).
_UNDO = {"trash": ("trashed", "untrash"), "spam": ("spammed", "unspam")}


def bulk_actions(view: str) -> list[Action]:
    """WordPress's bulk actions menu for *view* (``get_bulk_actions``)."""
    names: list[str] = []
    if view in ("all", "approved"):
        names.append("unapprove")
    if view in ("all", "moderated"):
        names.append("approve")
    if view in ("all", "moderated", "approved", "trash"):
        names.append("spam")
    if view == "trash":
        names.append("untrash")
    elif view == "spam":
        names.append("unspam")
    names.append("delete" if view in ("trash", "spam") else "trash")
    return [ACTIONS[n] for n in names]


def row_actions(status: str) -> list[Action]:
    """The buttons under a comment of *status* (``handle_row_actions``), reply and edit apart."""
    names: list[str] = []
    if status == "pending":
        names.append("approve")
    elif status == "approved":
        names.append("unapprove")
    names.append("unspam" if status == "spam" else "spam")
    if status == "trash":
        names.append("untrash")
    names.append("delete" if status in ("spam", "trash") else "trash")
    return [ACTIONS[n] for n in names]


# -- who may ----------------------------------------------------------------------------------


def _site_facts() -> SiteFacts:
    return SiteFacts.from_options(load_options(), site.registry())


def may_edit(comment: Comment, post: Post | None, facts: SiteFacts | None = None) -> bool:
    """``current_user_can('edit_comment', …)``: the comment's post decides."""
    return access.can(
        "edit_comment", comment, post=post, site=facts or _site_facts(), now=now_gmt()
    )


# -- the list ---------------------------------------------------------------------------------


@dataclass
class Row:
    """One comment of the list, with what the person may see and do."""

    comment: Comment
    post: Post
    can: bool
    can_edit_post: bool
    content: Markup
    post_title: str
    permalink: str
    parent_id: int | None
    parent_name: str
    author_url: str
    author_url_label: str
    date: str

    @property
    def id(self) -> int:
        return self.comment.id

    @property
    def status(self) -> str:
        return self.comment.status

    @property
    def actions(self) -> list[Action]:
        return row_actions(self.comment.status) if self.can else []

    @property
    def can_reply(self) -> bool:
        return self.can and self.comment.status in ("approved", "pending")


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(stmt: Select[Any], statuses: Sequence[str], post_id: int, search: str) -> Select[Any]:
    stmt = stmt.where(Comment.status.in_(statuses))
    if post_id:
        stmt = stmt.where(Comment.post_id == post_id)
    if search:
        # WordPress's comment search: the phrase in the author, email, URL, address or text.
        pattern = _like(search)
        stmt = stmt.where(
            or_(
                *(
                    folded_like(column, pattern)
                    for column in (
                        Comment.author_name,
                        Comment.author_email,
                        Comment.author_url,
                        Comment.author_ip,
                        Comment.content,
                    )
                )
            )
        )
    return stmt


def status_counts(post_id: int = 0) -> dict[str, int]:
    """``wp_count_comments``: comments per view (``all`` is approved plus pending)."""
    stmt = select(Comment.status, func.count()).group_by(Comment.status)
    if post_id:
        stmt = stmt.where(Comment.post_id == post_id)
    found: dict[str, int] = {str(s): int(n) for s, n in db.session.execute(stmt).all()}
    return {name: sum(found.get(s, 0) for s in statuses) for name, _l, statuses in VIEWS}


def _url_label(url: str) -> str:
    """The commenter's site as WordPress shows it: no scheme, no ``www.``, 50 characters."""
    label = url
    for prefix in ("https://", "http://"):
        if label.lower().startswith(prefix):
            label = label[len(prefix) :]
    if label.lower().startswith("www."):
        label = label[4:]
    return _excerpt(label.rstrip("/"), 50)


def _excerpt(text: str, length: int) -> str:
    """*text* cut to *length* characters with an ellipsis (``wp_html_excerpt``)."""
    return text if len(text) <= length else text[: length - 1] + "\u2026"


def _safe_url(url: str) -> str:
    """*url* when a browser may follow it from the admin (http or https), else ""."""
    scheme = urlsplit(url).scheme.lower() if url else ""
    return url if scheme in ("http", "https") else ""


def load_rows(
    statuses: Sequence[str], *, post_id: int, search: str, page_number: int
) -> tuple[list[Row], int]:
    """One page of comments, newest first, and how many match in all.

    A fixed number of statements whatever the page holds: the comments with their posts,
    parents and commenters' roles in one, the total in another, the posts' links in a few.
    """
    total = int(
        db.session.scalar(_filtered(select(func.count(Comment.id)), statuses, post_id, search)) or 0
    )
    parent = aliased(Comment)
    stmt: Select[Any] = (
        select(Comment, Post, User.role, parent.id, parent.author_name)  # type: ignore[assignment]
        .join(Post, Post.id == Comment.post_id)
        .outerjoin(User, (User.id == Comment.user_id) & (Comment.user_id != 0))
        .outerjoin(parent, (parent.id == Comment.parent_id) & (Comment.parent_id != 0))
    )
    stmt = (
        _filtered(stmt, statuses, post_id, search)
        .order_by(Comment.date_gmt.desc(), Comment.id.desc())
        .limit(PER_PAGE)
        .offset((page_number - 1) * PER_PAGE)
    )
    found: list[Any] = list(db.session.execute(stmt).all())
    linker = links.linker(load_options(), site.registry())
    # Every post's link data at once (parents, categories, authors the structure names).
    linker.lookup.preload([record[1] for record in found])
    facts = _site_facts()
    unfiltered = site_allows_unfiltered_html()
    rows: list[Row] = []
    for comment, post, role, parent_id, parent_name in found:
        permalink = str(linker.post(post))
        url = _safe_url(comment.author_url)
        rows.append(
            Row(
                comment=comment,
                post=post,
                can=may_edit(comment, post, facts),
                can_edit_post=access.can("edit_post", post, site=facts, now=now_gmt()),
                # Filtered by the trust of whoever wrote it, as on the site.
                content=render_comment(
                    comment.content, comment_policy(role, unfiltered_html=unfiltered)
                ),
                post_title=display_title_text(post),
                permalink=permalink,
                parent_id=parent_id,
                parent_name=parent_name or "Anonymous",
                author_url=url,
                author_url_label=_url_label(url),
                date=f"{format_date(comment.date, 'Y/m/d')} at {format_date(comment.date, 'g:i a')}",
            )
        )
    return rows, total


def pending_by_post(post_ids: Iterable[int]) -> dict[int, int]:
    """Pending comments of each post (the list's red bubble)."""
    ids = sorted(set(post_ids))
    if not ids:
        return {}
    stmt = (
        select(Comment.post_id, func.count())
        .where(Comment.post_id.in_(ids), Comment.status == "pending")
        .group_by(Comment.post_id)
    )
    return {int(p): int(n) for p, n in db.session.execute(stmt).all()}


#: Query values the list takes when they are left out.
_DEFAULTS = {"comment_status": "all", "p": 0, "s": "", "paged": 1}


def list_url(**args: Any) -> str:
    """The list with *args* in its query (values that are the defaults left out)."""
    query = {k: v for k, v in args.items() if v != _DEFAULTS.get(k, "")}
    return LIST_URL + ("?" + urlencode(query) if query else "")


def _undo(args: Mapping[str, str]) -> dict[str, Any] | None:
    """The Undo button after trashing or spamming (``trashed=N&ids=…`` in the address)."""
    ids = [i for i in (parse_id(p) for p in args.get("ids", "").split(",")) if i]
    for flag, action in _UNDO.values():
        if args.get(flag) and ids:
            return {"action": action, "ids": ids[: PER_PAGE * 5]}
    return None


@admin_route("/edit-comments.php", "edit_posts", menu="Comments")
def edit_comments() -> Response:
    """The comments, a page at a time, with their views, search and actions."""
    args = request.args
    view = args.get("comment_status", "all")
    if view not in _VIEW_STATUSES:
        view = "all"
    post_id = parse_id(args.get("p", "")) or 0
    search = clean_text(args.get("s", ""))[:200]
    page_number = parse_int(args.get("paged", "1"), minimum=1, maximum=100_000) or 1
    counts = status_counts(post_id)
    rows, total = load_rows(
        _VIEW_STATUSES[view], post_id=post_id, search=search, page_number=page_number
    )
    pages = max(1, -(-total // PER_PAGE))
    if page_number > pages:
        page_number = pages
        rows, total = load_rows(
            _VIEW_STATUSES[view], post_id=post_id, search=search, page_number=page_number
        )
    post = db.session.get(Post, post_id) if post_id else None
    post_title = _excerpt(display_title_text(post), 50) if post is not None else ""
    title = f"Comments on \u201c{post_title}\u201d" if post is not None else "Comments"
    base = {"comment_status": view, "p": post_id, "s": search}
    views = [
        {
            "label": label,
            "count": counts[name],
            "url": list_url(comment_status=name, p=post_id),
            "current": name == view,
        }
        for name, label, _statuses in VIEWS
    ]
    return page(
        "admin/comments.html",
        title=title,
        post=post,
        post_title=post_title,
        list_url=list_url,
        view=view,
        views=views,
        rows=rows,
        total=total,
        page_number=page_number,
        pages=pages,
        previous_url=list_url(**base, paged=page_number - 1) if page_number > 1 else "",
        next_url=list_url(**base, paged=page_number + 1) if page_number < pages else "",
        search=search,
        post_id=post_id,
        pending=pending_by_post(r.post.id for r in rows),
        bulk=bulk_actions(view),
        here=list_url(**base, paged=page_number),
        undo=_undo(args),
        empty="No comments awaiting moderation." if view == "moderated" else "No comments found.",
        columns=4 if post_id else 5,
    )


# -- acting on comments -----------------------------------------------------------------------


def back_to_list(default: str = LIST_URL) -> str:
    """Where the form came from (a page of the list), without the last action's notes."""
    target = access.safe_target(request.form.get("redirect_to"), default)
    if not target.startswith(LIST_URL):
        return default
    parts = urlsplit(target)
    kept = [
        (k, v)
        for k, v in parse_qsl(parts.query)
        if k not in ("trashed", "spammed", "ids", "approved", "deleted")
    ]
    return parts.path + ("?" + urlencode(kept) if kept else "")


def with_query(url: str, **args: Any) -> str:
    """*url* with *args* added to its query."""
    return url + ("&" if "?" in url else "?") + urlencode(args)


def remember_status(comments: Sequence[Comment]) -> None:
    """Keep where each comment was before the Trash or the spam (WordPress's trash meta)."""
    ids = [c.id for c in comments]
    db.session.execute(
        delete(CommentMeta).where(
            CommentMeta.comment_id.in_(ids),
            CommentMeta.key.in_((TRASH_STATUS_META, TRASH_TIME_META)),
        )
    )
    moment = str(int((now_gmt() - datetime(1970, 1, 1)).total_seconds()))
    for comment in comments:
        db.session.add_all(
            [
                CommentMeta(
                    comment_id=comment.id,
                    key=TRASH_STATUS_META,
                    value=WP_APPROVED.get(comment.status, "0"),
                ),
                CommentMeta(comment_id=comment.id, key=TRASH_TIME_META, value=moment),
            ]
        )


def _restore(comments: Sequence[Comment]) -> None:
    """Back to where each was before the Trash or the spam (pending when nobody knows),
    as ``wp_untrash_comment`` and ``wp_unspam_comment`` do; one transaction."""
    ids = [c.id for c in comments]
    before = dict(
        db.session.execute(
            select(CommentMeta.comment_id, CommentMeta.value).where(
                CommentMeta.comment_id.in_(ids), CommentMeta.key == TRASH_STATUS_META
            )
        ).all()
    )
    for comment in comments:
        was = COMMENT_STATUS_MAP.get(str(before.get(comment.id, "0")), "pending")
        comment.status = was if was != comment.status else "pending"
    db.session.execute(
        delete(CommentMeta).where(
            CommentMeta.comment_id.in_(ids),
            CommentMeta.key.in_((TRASH_STATUS_META, TRASH_TIME_META)),
        )
    )
    db.session.flush()
    for post_id in {c.post_id for c in comments}:
        update_comment_count(db.session, post_id)
    db.session.commit()


def perform(action: Action, comments: Sequence[Comment]) -> int:
    """Do *action* to *comments* (already checked); how many it changed."""
    if action.name == "untrash":
        comments = [c for c in comments if c.status == "trash"]
    elif action.name == "unspam":
        comments = [c for c in comments if c.status == "spam"]
    elif action.name == "delete":
        # Only from the Trash or the spam, as the screen offers it.
        comments = [c for c in comments if c.status in ("trash", "spam")]
    if not comments:
        return 0
    ids = [c.id for c in comments]
    if action.name in ("untrash", "unspam"):
        _restore(comments)
    elif action.name == "delete":
        delete_comments(db.session, ids)
    else:
        if action.name in ("trash", "spam"):
            remember_status([c for c in comments if c.status not in ("trash", "spam")])
        target = {
            "approve": "approved",
            "unapprove": "pending",
            "spam": "spam",
            "trash": "trash",
        }[action.name]
        set_comment_status(db.session, ids, target)
    return len(comments)


def _editable(ids: Iterable[int]) -> tuple[list[Comment], int]:
    """The comments of *ids* the person may edit, and how many of the others exist."""
    wanted = sorted(set(ids))[:1000]
    if not wanted:
        return [], 0
    found = db.session.execute(
        select(Comment, Post)
        .outerjoin(Post, Post.id == Comment.post_id)
        .where(Comment.id.in_(wanted))
    ).all()
    facts = _site_facts()
    mine = [c for c, p in found if may_edit(c, p, facts)]
    return mine, len(found) - len(mine)


#: Why an action changed none of the comments it was given.
_NOTHING = {
    "delete": "Nothing was deleted: only comments in the Trash or the Spam can be deleted "
    "permanently. Move them to the Trash first.",
    "untrash": "Nothing was restored: none of the comments chosen is in the Trash.",
    "unspam": "Nothing was restored: none of the comments chosen is marked as spam.",
}


def finish(action: Action, changed: int, ids: Sequence[int], refused: int, back: str) -> Response:
    """Say what *action* did (or why it did nothing) and go *back*, with the Undo's note
    after trashing or spamming *ids*."""
    if changed:
        notify(action.done(changed))
    elif ids:
        notify(_NOTHING.get(action.name, "Nothing was changed."), "error")
    elif not refused:
        notify("No such comment: it may have been deleted already.", "error")
    if refused:
        notify(
            f"{refused} {'comment was' if refused == 1 else 'comments were'} left alone: "
            "you may not edit comments on others' posts.",
            "error",
        )
    if changed and action.name in _UNDO:
        flag = _UNDO[action.name][0]
        back = with_query(back, **{flag: changed, "ids": ",".join(str(i) for i in ids)})
    return redirect(back, 303)


@admin_route("/edit-comments.php", "edit_posts", methods=("POST",))
def edit_comments_bulk() -> Response:
    """Bulk actions: ``action`` from the menu on the ``delete_comments[]`` ticked."""
    back = back_to_list()
    name = request.form.get("action", "-1")
    if name in ("-1", ""):
        name = request.form.get("action2", "-1")
    action = ACTIONS.get(name)
    raw = request.form.getlist("delete_comments[]") or request.form.getlist("delete_comments")
    ids = [i for i in (parse_id(v) for v in raw) if i]
    if action is None:
        notify("Choose an action from the Bulk actions menu, then Apply.", "error")
        return redirect(back, 303)
    if not ids:
        notify("Tick the comments to act on, then Apply.", "error")
        return redirect(back, 303)
    comments, refused = _editable(ids)
    if refused and not comments:
        return forbidden("Sorry, you are not allowed to edit comments on this post.")
    changed = perform(action, comments)
    return finish(action, changed, [c.id for c in comments], refused, back)
