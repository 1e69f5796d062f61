"""Signed-in sessions: one row per browser someone signed in with.

WordPress keeps these as the ``session_tokens`` user meta; a table of its own lets a session be
found by its token in one indexed read and touched without rewriting the others.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from . import Base


class LoginSession(Base):
    """One signed-in browser. Only the token's SHA-256 is kept: a copy of the database does
    not let anyone sign in."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: UTC times: signed in, last request seen, and the latest it may live to.
    created_gmt: Mapped[datetime]
    last_seen_gmt: Mapped[datetime]
    expires_gmt: Mapped[datetime]
    #: Seconds without a request after which the session ends.
    idle_seconds: Mapped[int] = mapped_column(Integer)
    #: Where and with what it signed in (shown to the person, as WordPress's sessions list).
    address: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(255), default="")

    __table_args__ = (Index("ix_login_sessions_user", "user_id"),)

    def __repr__(self) -> str:
        return f"<LoginSession {self.id} user={self.user_id}>"
