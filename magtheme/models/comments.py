"""Threaded comments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from . import Base

#: Our names for WordPress's ``comment_approved`` values ``1``, ``0``, ``spam``, ``trash``.
COMMENT_STATUSES = ("approved", "pending", "spam", "trash")


class Comment(Base):
    """``wp_comments``: one comment, pingback or trackback."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    parent_id: Mapped[int] = mapped_column(Integer, default=0)
    author_name: Mapped[str] = mapped_column(String(250), default="")
    author_email: Mapped[str] = mapped_column(String(100), default="")
    author_url: Mapped[str] = mapped_column(String(200), default="")
    author_ip: Mapped[str] = mapped_column(String(100), default="")
    date: Mapped[datetime] = mapped_column(default=datetime(1970, 1, 1))
    date_gmt: Mapped[datetime] = mapped_column(default=datetime(1970, 1, 1))
    content: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending")
    #: ``comment`` (WordPress writes it as empty in old exports), ``pingback`` or ``trackback``.
    type: Mapped[str] = mapped_column(String(20), default="comment")
    user_id: Mapped[int] = mapped_column(Integer, default=0)
    agent: Mapped[str] = mapped_column(String(255), default="")

    __table_args__ = (
        Index("ix_comments_post_status_date", "post_id", "status", "date_gmt"),
        Index("ix_comments_status_date", "status", "date_gmt"),
        Index("ix_comments_parent", "parent_id"),
    )


class CommentMeta(Base):
    """``wp_commentmeta``."""

    __tablename__ = "commentmeta"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    value: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_commentmeta_comment_key", "comment_id", "key"),)
