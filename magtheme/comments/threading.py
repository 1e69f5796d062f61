"""Comment threads and pages: pure functions over comments already loaded.

WordPress's rules (``Walker_Comment``, ``wp_list_comments``, ``get_comment_pages_count``):

* threads nest up to ``thread_comments_depth``; replies below the deepest level are shown
  as siblings right after their parent at that level, never dropped or moved to the end;
* with threading off (depth 1) every comment is one flat list, oldest first;
* a reply whose parent is not among the comments shown (held, spam, deleted) is not shown;
* pages hold top-level comments; page 1 always holds the *oldest* ones, and
  ``default_comments_page = newest`` makes the last page the one shown by default;
* ``comment_order = desc`` reverses the top-level comments of a page; replies stay
  oldest first under their parent.

Comments are any objects with ``id``, ``parent_id``, ``status`` and ``date_gmt`` (the
``Comment`` model, or a plain record in tests).
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


class CommentLike(Protocol):
    """What threading needs to know about a comment."""

    id: int
    parent_id: int
    status: str
    date_gmt: datetime


@dataclass
class Node:
    """One comment in a thread: its replies below it, its depth from 1."""

    comment: Any
    depth: int = 1
    children: list[Node] = field(default_factory=list)
    #: The visitor's own comment still awaiting moderation (shown with a notice).
    held: bool = False

    @property
    def id(self) -> int:
        return int(self.comment.id)

    def can_reply(self, max_depth: int) -> bool:
        """Whether a reply link belongs under this comment (``comment_reply_link``'s rule)."""
        return not self.held and max_depth > 1 and self.depth < max_depth

    def walk(self) -> Iterable[Node]:
        """This node and every reply under it, in display order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class CommentPage:
    """One page of a thread: its top-level nodes, its number (from 1) and the page count."""

    nodes: list[Node]
    page: int
    total_pages: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.total_pages


def _chronological(comment: Any) -> tuple[datetime, int]:
    return (comment.date_gmt, int(comment.id))


def build_thread(comments: Iterable[Any], *, depth: int, order: str = "asc") -> list[Node]:
    """The comments as a list of top-level nodes with their replies.

    *depth* is ``thread_comments_depth`` (1 or less: a flat list), *order* is
    ``comment_order`` (``asc`` or ``desc``, applied to top-level comments only).
    """
    ordered = sorted(comments, key=_chronological)
    if depth <= 1:
        flat = [Node(c, 1, held=bool(getattr(c, "_held", False))) for c in ordered]
        return flat[::-1] if order == "desc" else flat
    present = {int(c.id) for c in ordered}
    children: dict[int, list[Any]] = {}
    roots: list[Any] = []
    for comment in ordered:
        parent = int(comment.parent_id or 0)
        if parent and parent != int(comment.id) and parent in present:
            children.setdefault(parent, []).append(comment)
        elif not parent:
            roots.append(comment)
        # else: an orphan (its parent is not shown), which WordPress's walker leaves out.

    def place(comment: Any, level: int, siblings: list[Node], seen: set[int]) -> None:
        if int(comment.id) in seen:  # a parent loop in bad data: show each comment once
            return
        seen.add(int(comment.id))
        node = Node(comment, level, held=bool(getattr(comment, "_held", False)))
        siblings.append(node)
        for reply in children.get(int(comment.id), []):
            if level < depth:
                place(reply, level + 1, node.children, seen)
            else:
                # At the deepest level replies follow their parent as siblings.
                place(reply, level, siblings, seen)

    nodes: list[Node] = []
    seen: set[int] = set()
    for root in roots:
        place(root, 1, nodes, seen)
    return nodes[::-1] if order == "desc" else nodes


def page_count(top_level: int, per_page: int) -> int:
    """How many pages *top_level* comments fill (at least one)."""
    if per_page <= 0:
        return 1
    return max(1, math.ceil(top_level / per_page))


def paginate(
    nodes: Sequence[Node],
    *,
    per_page: int,
    page: int | None = None,
    default_page: str = "newest",
    order: str = "asc",
) -> CommentPage:
    """The page *page* of a thread (``None``: the default page), top-level comments per page.

    Pages count from the oldest comments whatever the order, as WordPress's ``cpage`` does;
    a page number past the end gives the last page.
    """
    chronological = sorted(nodes, key=lambda n: _chronological(n.comment))
    total = page_count(len(chronological), per_page)
    if page is None:
        page = total if default_page == "newest" else 1
    page = min(max(1, page), total)
    if per_page > 0:
        chunk = chronological[(page - 1) * per_page : page * per_page]
    else:
        chunk = chronological
    if order == "desc":
        chunk = chunk[::-1]
    return CommentPage(list(chunk), page, total)


def reply_url(permalink: str, comment_id: int) -> str:
    """WordPress's reply link: the post with ``?replytocom=ID#respond`` (works without script)."""
    base, _, _fragment = permalink.partition("#")
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}replytocom={int(comment_id)}#respond"


def moderation_hash(comment: Any, secret: str | bytes) -> str:
    """The proof, sent only to its author, that lets them see their held comment.

    WordPress signs the comment's date (``wp_hash( comment_date_gmt )``); we sign its ID
    and date with the site's secret key, so one hash never unlocks another comment.
    """
    key = secret.encode() if isinstance(secret, str) else secret
    date = comment.date_gmt.isoformat() if comment.date_gmt else ""
    message = f"comment-moderation|{int(comment.id)}|{date}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def visible_comments(
    all_comments: Iterable[Any], *, viewer_hash: str | None, secret: str | bytes = b""
) -> list[Any]:
    """The comments a visitor sees: approved ones, plus their own held one.

    *viewer_hash* is the ``moderation-hash`` from the URL the commenter was sent to after
    posting; the held comment it matches is marked ``held=True`` (its ``_held`` attribute),
    so templates can say it awaits moderation. Spam and trash are never visible.
    """
    visible: list[Any] = []
    for comment in all_comments:
        if comment.status == "approved":
            visible.append(comment)
        elif (
            comment.status == "pending"
            and viewer_hash
            and hmac.compare_digest(moderation_hash(comment, secret), viewer_hash)
        ):
            comment._held = True
            visible.append(comment)
    return visible
