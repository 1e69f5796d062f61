"""Signed-in sessions: opened at sign-in, ended by signing out, by idling or by age.

The browser holds a random token (in Flask's signed, ``HttpOnly`` session cookie); the
database holds the token's SHA-256 with the session's times (:class:`LoginSession`). A
request is signed in while its token names a row that has neither idled out nor outlived its
lifetime, so signing out, a password change or an administrator's "sign out everywhere" ends
a session at once, on every worker, which a cookie alone cannot do.

The times, WordPress's where it has them (``wp_set_auth_cookie``: two days, fourteen with
"Remember Me"), plus an idle limit WordPress lacks:

=====================  ==========  ===================
                       lifetime    idle limit
=====================  ==========  ===================
signed in              2 days      2 hours
"Remember Me"          14 days     14 days
=====================  ==========  ===================

Every function takes *now* (UTC, naive, as the database keeps times) so tests choose it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from ..models import AnySession
from ..models.sessions import LoginSession


@dataclass(frozen=True)
class SessionTimes:
    """How long a session lives in all, and without a request."""

    lifetime: timedelta
    idle: timedelta


#: A plain sign-in, and one with "Remember Me" ticked.
SIGNED_IN = SessionTimes(lifetime=timedelta(days=2), idle=timedelta(hours=2))
REMEMBERED = SessionTimes(lifetime=timedelta(days=14), idle=timedelta(days=14))
#: A session's last-seen time is written at most this often (not on every request).
TOUCH_EVERY = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(
    db: AnySession,
    user_id: int,
    *,
    now: datetime,
    times: SessionTimes = SIGNED_IN,
    address: str = "",
    user_agent: str = "",
) -> str:
    """Start a session for *user_id*; the token to give the browser (never stored)."""
    token = secrets.token_urlsafe(32)
    db.add(
        LoginSession(
            user_id=user_id,
            token_hash=_digest(token),
            created_gmt=now,
            last_seen_gmt=now,
            expires_gmt=now + times.lifetime,
            idle_seconds=int(times.idle.total_seconds()),
            address=address[:45],
            user_agent=user_agent[:255],
        )
    )
    return token


def find_session(db: AnySession, token: str, *, now: datetime) -> LoginSession | None:
    """The live session *token* names, its last-seen time moved on; None when there is
    none, or it idled out or outlived its lifetime (then it is removed)."""
    if not token:
        return None
    row = db.scalar(select(LoginSession).where(LoginSession.token_hash == _digest(token)))
    if row is None:
        return None
    if now >= row.expires_gmt or now - row.last_seen_gmt >= timedelta(seconds=row.idle_seconds):
        db.delete(row)
        return None
    if now - row.last_seen_gmt >= TOUCH_EVERY:
        row.last_seen_gmt = now
    return row


def close_session(db: AnySession, token: str) -> None:
    """End the session *token* names (signing out)."""
    db.execute(delete(LoginSession).where(LoginSession.token_hash == _digest(token)))


def close_all(db: AnySession, user_id: int, *, keep: str | None = None) -> int:
    """End every session of *user_id* (but the one *keep* names); how many ended."""
    query = delete(LoginSession).where(LoginSession.user_id == user_id)
    if keep:
        query = query.where(LoginSession.token_hash != _digest(keep))
    return int(getattr(db.execute(query), "rowcount", 0) or 0)


def sessions_of(db: AnySession, user_id: int, *, now: datetime) -> list[LoginSession]:
    """*user_id*'s live sessions, most recently used first."""
    rows = db.scalars(
        select(LoginSession)
        .where(LoginSession.user_id == user_id, LoginSession.expires_gmt > now)
        .order_by(LoginSession.last_seen_gmt.desc())
    ).all()
    return [r for r in rows if now - r.last_seen_gmt < timedelta(seconds=r.idle_seconds)]


def forget_expired(db: AnySession, *, now: datetime) -> None:
    """Remove sessions past their lifetime (idle ones go when next looked up)."""
    db.execute(delete(LoginSession).where(LoginSession.expires_gmt <= now))
