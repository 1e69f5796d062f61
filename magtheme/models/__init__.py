"""The content model, WordPress's tables in SQLAlchemy 2 form.

WordPress's names are kept where a WordPress person would look for them (``post_type``,
``menu_order``, ``comment_status``, ``post_parent`` as ``parent_id``), Python's conventions
everywhere else. One difference by design: WordPress's ``wp_terms`` and
``wp_term_taxonomy`` are one table here, since WordPress stopped sharing terms across
taxonomies in 4.2 and a term's ID is what every URL and export uses.
"""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)

#: What services accept: a plain session or Flask-SQLAlchemy's scoped one.
AnySession = Session | scoped_session[Any]

from . import sqlite as _sqlite  # noqa: E402,F401  (registers unicode_like on SQLite)
from .comments import Comment, CommentMeta  # noqa: E402
from .content import Post, PostMeta  # noqa: E402
from .options import Option  # noqa: E402
from .sessions import LoginSession  # noqa: E402
from .taxonomy import Term, TermRelationship  # noqa: E402
from .users import User, UserMeta  # noqa: E402
from .views import PostViews  # noqa: E402

__all__ = [
    "AnySession",
    "Base",
    "Comment",
    "CommentMeta",
    "LoginSession",
    "Option",
    "Post",
    "PostMeta",
    "PostViews",
    "Term",
    "TermRelationship",
    "User",
    "UserMeta",
    "db",
]


@event.listens_for(Base, "before_insert", propagate=True)
@event.listens_for(Base, "before_update", propagate=True)
def _drop_nul_characters(mapper: Any, connection: Any, target: Any) -> None:
    """No stored text holds U+0000, on any database.

    PostgreSQL refuses it in text columns (a 500 for a form field sent with ``%00``), and
    WordPress's kses removes it from everything it filters; dropping it everywhere keeps
    a site the same on SQLite, PostgreSQL and MySQL.
    """
    for attr in mapper.column_attrs:
        value = getattr(target, attr.key, None)
        if isinstance(value, str) and "\x00" in value:
            setattr(target, attr.key, value.replace("\x00", ""))
