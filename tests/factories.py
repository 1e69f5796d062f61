"""Small builders for test content. Each commits, so the app sees it on the next request."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from magtheme.models import Post, PostMeta, Term, TermRelationship, User, db

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def make_user(login: str = "", **fields: Any) -> User:
    login = login or f"user{_next()}"
    fields.setdefault("nicename", login)
    fields.setdefault("display_name", login.title())
    fields.setdefault("email", f"{login}@example.test")
    user = User(login=login, **fields)
    db.session.add(user)
    db.session.commit()
    return user


def make_term(name: str, taxonomy: str = "category", slug: str = "", **fields: Any) -> Term:
    term = Term(name=name, taxonomy=taxonomy, slug=slug or name.lower().replace(" ", "-"), **fields)
    db.session.add(term)
    db.session.commit()
    return term


def make_post(
    title: str = "",
    *,
    slug: str = "",
    post_type: str = "post",
    status: str = "publish",
    date: datetime | None = None,
    terms: list[Term] = (),  # type: ignore[assignment]
    meta: dict[str, str] | None = None,
    **fields: Any,
) -> Post:
    n = _next()
    title = title or f"Post {n}"
    date = date or datetime(2024, 1, 1, 12, 0, 0) + timedelta(minutes=n)
    post = Post(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        post_type=post_type,
        status=status,
        date=date,
        date_gmt=date,
        modified=date,
        modified_gmt=date,
        **fields,
    )
    db.session.add(post)
    db.session.flush()
    for term in terms:
        db.session.add(TermRelationship(post_id=post.id, term_id=term.id))
        if status == "publish":
            term.count += 1
    for key, value in (meta or {}).items():
        db.session.add(PostMeta(post_id=post.id, key=key, value=value))
    db.session.commit()
    return post
