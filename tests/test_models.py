"""The content model behaves the same on every database."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from magtheme.models import Post, PostMeta, User, db
from tests.factories import make_post


def test_nul_characters_are_dropped_from_every_text_column(each_database_app: Flask) -> None:
    # PostgreSQL refuses U+0000 in text: without this a post, option or user with one was a 500.
    post = make_post("Ti\x00tle", content="a\x00b\x01c", excerpt="\x00")
    db.session.add(PostMeta(post_id=post.id, key="k\x00", value="v\x00v"))
    db.session.add(User(login="ann\x00", nicename="ann", display_name="A\x00nn"))
    db.session.commit()
    post.content = "again\x00"
    db.session.commit()
    db.session.expire_all()

    stored = db.session.get(Post, post.id)
    assert stored is not None
    assert (stored.title, stored.content, stored.excerpt) == ("Title", "again", "")
    meta = db.session.scalars(select(PostMeta).where(PostMeta.post_id == post.id)).one()
    assert (meta.key, meta.value) == ("k", "vv")
    user = db.session.scalars(select(User)).one()
    assert (user.login, user.display_name) == ("ann", "Ann")
