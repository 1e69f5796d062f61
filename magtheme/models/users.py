"""Users: authors, editors, administrators."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from . import Base

#: WordPress's default roles, most capable first.
ROLES = ("administrator", "editor", "author", "contributor", "subscriber")


class User(Base):
    """``wp_users`` plus the profile fields WordPress keeps in user meta."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(60), unique=True)
    #: The URL slug (``/author/{nicename}/``).
    nicename: Mapped[str] = mapped_column(String(50), index=True)
    display_name: Mapped[str] = mapped_column(String(250), default="")
    first_name: Mapped[str] = mapped_column(String(250), default="")
    last_name: Mapped[str] = mapped_column(String(250), default="")
    email: Mapped[str] = mapped_column(String(100), default="")
    url: Mapped[str] = mapped_column(String(100), default="")
    registered: Mapped[datetime] = mapped_column(default=datetime(1970, 1, 1))
    role: Mapped[str] = mapped_column(String(20), default="author")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    #: The biographical info (WordPress's ``description`` user meta).
    bio: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.login!r}>"


class UserMeta(Base):
    """``wp_usermeta``: anything else about a user."""

    __tablename__ = "usermeta"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    value: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_usermeta_user_key", "user_id", "key"),)
