"""Posts of every type (post, page, attachment, nav_menu_item, custom) and their meta."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from . import Base

#: WordPress's post statuses.
POST_STATUSES = (
    "publish",
    "future",
    "draft",
    "pending",
    "private",
    "trash",
    "inherit",
    "auto-draft",
)


class Post(Base):
    """One row of WordPress's ``wp_posts``: any post type, any status."""

    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_type: Mapped[str] = mapped_column(String(20), default="post")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    #: ``post_name``; stored percent-encoded (lowercase hex) like WordPress's.
    slug: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    excerpt: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int] = mapped_column(Integer, default=0)
    menu_order: Mapped[int] = mapped_column(Integer, default=0)
    password: Mapped[str] = mapped_column(String(255), default="")
    comment_status: Mapped[str] = mapped_column(String(20), default="open")
    ping_status: Mapped[str] = mapped_column(String(20), default="open")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    #: Local (site timezone) and UTC dates, as WordPress keeps both.
    date: Mapped[datetime] = mapped_column(default=datetime(1970, 1, 1))
    date_gmt: Mapped[datetime] = mapped_column(default=datetime(1970, 1, 1))
    modified: Mapped[datetime] = mapped_column(default=datetime(1970, 1, 1))
    modified_gmt: Mapped[datetime] = mapped_column(default=datetime(1970, 1, 1))
    guid: Mapped[str] = mapped_column(String(255), default="")
    mime_type: Mapped[str] = mapped_column(String(100), default="")
    #: Approved comments, kept up to date like WordPress's ``comment_count``.
    comment_count: Mapped[int] = mapped_column(Integer, default=0)

    author = relationship("User", lazy="raise_on_sql", foreign_keys=[author_id])
    meta = relationship(
        "PostMeta", lazy="raise_on_sql", cascade="all, delete-orphan", back_populates="post"
    )

    __table_args__ = (
        # WordPress's type_status_date: every list of posts filters and sorts by these.
        Index("ix_posts_type_status_date", "post_type", "status", "date", "id"),
        Index("ix_posts_slug", "slug", "post_type"),
        Index("ix_posts_parent", "parent_id", "post_type"),
        Index("ix_posts_author", "author_id", "post_type", "status", "date"),
    )

    def __repr__(self) -> str:
        return f"<Post {self.id} {self.post_type}/{self.status} {self.slug!r}>"


class PostMeta(Base):
    """``wp_postmeta``: free-form key/value pairs on a post (``_thumbnail_id``, …)."""

    __tablename__ = "postmeta"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    value: Mapped[str] = mapped_column(Text, default="")

    post = relationship("Post", back_populates="meta", lazy="raise_on_sql")

    __table_args__ = (
        Index("ix_postmeta_post_key", "post_id", "key"),
        Index("ix_postmeta_key", "key"),
    )
