"""Feeds bypass the theme and list the main query's posts, or a post's comments, as RSS 2.0."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from lxml import etree

from magtheme.models import Comment, db
from tests.factories import make_post, make_term


def _items(body: bytes) -> list[str]:
    root = etree.fromstring(body)
    return [i.findtext("title") for i in root.iter("item")]


def test_home_feed_lists_posts(probe_app: Flask) -> None:
    make_post("First", date=datetime(2024, 1, 1))
    make_post("Second", date=datetime(2024, 1, 2))
    make_post("Hidden", status="draft")
    response = probe_app.test_client().get("/feed/")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/rss+xml")
    assert _items(response.data) == ["Second", "First"]


def test_category_feed_and_protected_post(probe_app: Flask) -> None:
    news = make_term("News")
    make_post("Open", terms=[news], content="visible text")
    make_post("Locked", terms=[news], password="secret", content="hidden text")
    make_post("Elsewhere")
    body = probe_app.test_client().get("/category/news/feed/").data
    assert sorted(_items(body)) == ["Locked", "Open"]
    assert b"hidden text" not in body and b"visible text" in body


def test_post_comments_feed(probe_app: Flask) -> None:
    post = make_post("Talk", date=datetime(2024, 5, 11, 9))
    for n, status in enumerate(["approved", "approved", "spam", "pending"]):
        db.session.add(
            Comment(
                post_id=post.id,
                author_name=f"R{n}",
                content=f"c{n}",
                status=status,
                date=datetime(2024, 5, 12, n),
                date_gmt=datetime(2024, 5, 12, n),
            )
        )
    db.session.commit()
    client = probe_app.test_client()
    assert _items(client.get("/2024/05/11/talk/feed/").data) == ["By: R1", "By: R0"]
    assert _items(client.get("/comments/feed/").data) == ["By: R1", "By: R0"]
