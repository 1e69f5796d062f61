"""After an import on PostgreSQL, new rows without an ID get free ones (sequences moved)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from magtheme.comments.service import TOKEN_FIELD, make_form_token
from magtheme.models import (
    Comment,
    CommentMeta,
    Post,
    PostMeta,
    Term,
    User,
    UserMeta,
    db,
)
from magtheme.options import update_option
from magtheme.views.comments import ACTION_URL, VISITOR_KEY
from magtheme.visibility import now_gmt
from magtheme.wxr import import_wxr
from magtheme.wxr.sequences import advance_sequences
from tests.test_wxr_import import AUTHOR, item, registry, write_wxr


def small_export(folder: Path) -> Path:
    """Rows with explicit IDs in every kind of table an import writes."""
    comment = (
        "<wp:comment><wp:comment_id>40</wp:comment_id><wp:comment_author>Ann</wp:comment_author>"
        "<wp:comment_date>2024-03-02 10:00:00</wp:comment_date>"
        "<wp:comment_content>Hi</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
        "<wp:commentmeta><wp:meta_key>k</wp:meta_key><wp:meta_value>v</wp:meta_value>"
        "</wp:commentmeta></wp:comment>"
    )
    term = (
        "<wp:category><wp:term_id>70</wp:term_id><wp:category_nicename>news</wp:category_nicename>"
        "<wp:cat_name>News</wp:cat_name></wp:category>"
    )
    author = AUTHOR.replace("<wp:author_login>", "<wp:author_id>9</wp:author_id><wp:author_login>")
    meta = "<wp:postmeta><wp:meta_key>k</wp:meta_key><wp:meta_value>v</wp:meta_value></wp:postmeta>"
    body = author + term + item(1, "One", extra=comment + meta) + item(2, "Two")
    return write_wxr(folder, body)


def test_a_visitor_comment_and_a_new_post_after_importing_the_unit_test(
    pg_app: Flask, tmp_path: Path
) -> None:
    from tests.conftest import unit_test_wxr

    report = import_wxr(unit_test_wxr(), registry=registry(pg_app))
    assert report.ids_kept["comments"] and report.sequences["comments"] == max(
        report.comment_ids.values()
    )
    update_option("comment_previously_approved", False)
    client = pg_app.test_client()
    with client.session_transaction() as session:
        session[VISITOR_KEY] = "visitor-1"
    post_id = 1148  # the export's "Template: Comments", comments open
    response = client.post(
        ACTION_URL,
        data={
            "comment_post_ID": str(post_id),
            "comment_parent": "0",
            "author": "Ann Lee",
            "email": "ann@example.com",
            "url": "",
            "comment": "First comment after the move.",
            TOKEN_FIELD: make_form_token(
                post_id, "visitor-1", now=now_gmt() - timedelta(seconds=10)
            ),
        },
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    new = db.session.scalars(select(Comment).filter_by(author_name="Ann Lee")).one()
    assert new.id > max(report.comment_ids.values()) and new.post_id == post_id
    post = Post(title="Written after the import", slug="after", status="publish")
    db.session.add(post)
    db.session.commit()
    assert post.id > max(report.post_ids.values())


def test_every_table_an_import_writes_takes_new_rows_afterwards(
    pg_app: Flask, tmp_path: Path
) -> None:
    report = import_wxr(small_export(tmp_path), registry=registry(pg_app))
    assert report.post_ids == {1: 1, 2: 2} and report.comment_ids == {40: 40}
    assert {"posts", "postmeta", "comments", "commentmeta", "terms", "users"} <= set(
        report.sequences
    )
    user = User(login="later", nicename="later")
    db.session.add(user)
    db.session.flush()
    post = Post(title="Later", author_id=user.id)
    term = Term(taxonomy="category", slug="later", name="Later")
    db.session.add_all([post, term])
    db.session.flush()
    comment = Comment(post_id=post.id, author_name="Bo")
    db.session.add_all([comment, PostMeta(post_id=post.id, key="k", value="v")])
    db.session.flush()
    db.session.add_all(
        [
            CommentMeta(comment_id=comment.id, key="k", value="v"),
            UserMeta(user_id=user.id, key="k", value="v"),
        ]
    )
    db.session.commit()
    assert (user.id, post.id, term.id, comment.id) == (10, 3, 71, 41)


def test_sequences_never_move_backwards(pg_app: Flask, tmp_path: Path) -> None:
    import_wxr(small_export(tmp_path), registry=registry(pg_app))
    for title in ("a", "b", "c"):
        db.session.add(Post(title=title))
    db.session.commit()
    db.session.execute(Post.__table__.delete().where(Post.title.in_(("b", "c"))))
    db.session.commit()
    advance_sequences(db.session)
    post = Post(title="d")
    db.session.add(post)
    db.session.commit()
    assert post.id == 6  # after c (5), not after the largest remaining ID (3)


def test_databases_without_sequences_are_left_alone(app: Flask, tmp_path: Path) -> None:
    report = import_wxr(small_export(tmp_path), registry=registry(app))
    if db.engine.dialect.name != "postgresql":
        assert report.sequences == {} and advance_sequences(db.session) == {}
    post = Post(title="Later")
    db.session.add(post)
    db.session.commit()
    assert post.id == 3
