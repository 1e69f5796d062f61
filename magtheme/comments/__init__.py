"""Comments: taking them (``service``), threading and paging them (``threading``), and the
commenters' locally drawn avatars (``avatars``).

The HTTP side lives in ``magtheme.views.comments`` (WordPress's ``/wp-comments-post.php``),
the command line in ``magtheme.cli.comment``.
"""

from __future__ import annotations

from .avatars import avatar
from .service import (
    COMMENT_OPTIONS,
    REFUSALS,
    CommentResult,
    comments_open,
    delete_comments,
    set_comment_status,
    submit_comment,
    update_comment_count,
)
from .threading import (
    CommentPage,
    Node,
    build_thread,
    moderation_hash,
    paginate,
    reply_url,
    visible_comments,
)

__all__ = [
    "COMMENT_OPTIONS",
    "REFUSALS",
    "CommentPage",
    "CommentResult",
    "Node",
    "avatar",
    "build_thread",
    "comments_open",
    "delete_comments",
    "moderation_hash",
    "paginate",
    "reply_url",
    "set_comment_status",
    "submit_comment",
    "update_comment_count",
    "visible_comments",
]
