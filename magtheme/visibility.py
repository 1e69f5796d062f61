"""Who may see a post: the one place that rule lives.

Published posts are public. Scheduled (``future``) posts become public at their date with no
cron job. Drafts, pending, private and trashed posts are never public (there are no logged-in
readers yet). Attachments (``inherit``) follow their parent, or are public when unattached.
A password-protected post is *visible* (its title shows) but its content is withheld until the
password is given; that is decided by :func:`password_required`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from .models import Post

PUBLIC_STATUSES = ("publish", "future")


def now_gmt() -> datetime:
    """The current UTC time as a naive datetime, the form ``date_gmt`` is stored in."""
    return datetime.now(UTC).replace(tzinfo=None)


def visible_clause(now: datetime, model: Any = Post) -> ColumnElement[bool]:
    """SQL: the rows of *model* (``Post`` or an alias) the public may see."""
    return or_(
        model.status == "publish",
        and_(model.status == "future", model.date_gmt <= now),
    )


def is_visible(post: Any, now: datetime, parent: Any = None) -> bool:
    """Whether the public may see *post* (for attachments, give the parent if it has one)."""
    if post.status == "publish":
        return True
    if post.status == "future":
        return bool(post.date_gmt <= now)
    if post.status == "inherit" and post.post_type == "attachment":
        return parent is None or is_visible(parent, now)
    return False


def password_proof(post_id: int, password: str, secret: str | bytes) -> str:
    """What the visitor's (signed) cookie keeps once they gave the right password: a keyed
    hash, never the password. Changing the post's password makes old proofs worthless."""
    key = secret.encode() if isinstance(secret, str) else secret
    message = f"postpass|{post_id}|{password}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:40]


def unlocked(post: Any, proofs: Mapping[str, Any], secret: str | bytes) -> bool:
    """Whether the visitor may read *post*: it has no password, or they proved they know it."""
    if not post.password:
        return True
    proof = proofs.get(str(post.id))
    return isinstance(proof, str) and hmac.compare_digest(
        proof, password_proof(post.id, post.password, secret)
    )


def password_required(post: Any, given: str | None) -> bool:
    """Whether *post*'s content stays hidden: it has a password and *given* is not it."""
    return bool(post.password) and given != post.password
