"""A failed render is never cached: when the database fails while a post is formatted, the
page does not claim success, and the next request formats the post fully."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from magtheme.models import db
from tests.factories import make_post


@pytest.fixture
def site(probe_app: Flask) -> Iterator[Flask]:
    from magtheme.site import theme_chain

    chain = theme_chain("probe")
    (chain.active.templates_dir / "index.html").write_text(
        "{% for p in posts %}<article>{{ p.content }}</article>{% endfor %}"
    )
    probe_app.extensions.pop("magtheme.chains", None)
    # Answer errors as the site does instead of raising them into the test.
    probe_app.config["PROPAGATE_EXCEPTIONS"] = False
    yield probe_app


@contextmanager
def failing(matches: Callable[[str], bool], times: int = 1) -> Iterator[list[str]]:
    """The database answers the next *times* statements that *matches* selects with the
    driver's own OperationalError, as a dropped connection does."""
    failed: list[str] = []
    dbapi: Any = db.engine.dialect.loaded_dbapi

    def fail(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if len(failed) < times and matches(statement):
            failed.append(statement)
            raise dbapi.OperationalError("server closed the connection unexpectedly")

    event.listen(db.engine, "before_cursor_execute", fail)
    try:
        yield failed
    finally:
        event.remove(db.engine, "before_cursor_execute", fail)


def _get(app: Flask, post_id: int) -> tuple[int, str]:
    response = app.test_client().get(f"/?p={post_id}", follow_redirects=True)
    return response.status_code, response.get_data(as_text=True)


def _end_request() -> None:
    """What the end of a real request does with the session (tests keep one app context)."""
    db.session.remove()


def _gallery_post() -> int:
    host = make_post("Album", content="Look:\n\n[gallery]\n\nThe end.", date=datetime(2024, 1, 1))
    for name in ("one", "two"):
        make_post(
            name,
            post_type="attachment",
            status="inherit",
            parent_id=host.id,
            mime_type="image/jpeg",
            meta={
                "_wp_attached_file": f"2024/01/{name}.jpg",
                "_wp_attachment_metadata": json.dumps({"width": 600, "height": 400}),
            },
        )
    return host.id


def _is_gallery_query(statement: str) -> bool:
    return "mime_type LIKE" in statement


def test_a_gallery_whose_query_failed_is_not_served_raw_nor_cached(site: Flask) -> None:
    post_id = _gallery_post()
    with failing(_is_gallery_query) as failed:
        status, body = _get(site, post_id)
    assert failed, "the gallery's query was not reached"
    assert status == 503  # the site's answer to a database failure
    assert "[gallery]" not in body
    _end_request()
    status, body = _get(site, post_id)
    assert status == 200
    assert "[gallery]" not in body
    assert 'class="gallery ' in body and "one.jpg" in body and "two.jpg" in body


def test_a_dynamic_block_whose_query_failed_is_not_left_out_silently(site: Flask) -> None:
    post_id = make_post(
        "Index",
        content="<!-- wp:paragraph --><p>Months:</p><!-- /wp:paragraph -->\n"
        '<!-- wp:archives {"showPostCounts":true} /-->',
        date=datetime(2024, 3, 5),
    ).id
    with failing(lambda statement: "GROUP BY" in statement) as failed:
        status, body = _get(site, post_id)
    assert failed, "the archives block's query was not reached"
    assert status == 503  # the site's answer to a database failure
    assert "<p>Months:</p>" not in body  # no page that looks complete without its block
    _end_request()
    status, body = _get(site, post_id)
    assert status == 200
    assert "wp-block-archives" in body and "March 2024" in body


def test_a_feed_whose_content_query_failed_is_not_a_success(site: Flask) -> None:
    _gallery_post()
    with failing(_is_gallery_query) as failed:
        response = site.test_client().get("/feed/")
    assert failed
    assert response.status_code == 503
    assert b"[gallery]" not in response.data
    _end_request()
    response = site.test_client().get("/feed/")
    assert response.status_code == 200
    assert b"[gallery]" not in response.data and b"one.jpg" in response.data


def test_output_of_a_failing_handler_is_shown_but_never_kept(site: Flask) -> None:
    """A broken extension does not take the page down, and its failure does not stick."""
    from magtheme.content.pipeline import _shortcodes

    registry = _shortcodes()[0]
    calls = {"n": 0}

    def flaky(attrs: dict[str, str], content: str | None, tag: str, context: Any) -> str:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("the weather service is down")
        return "<span>Sunny</span>"

    registry.add("weather-probe", flaky)
    try:
        post = make_post("Weather", content="Today: [weather-probe]", date=datetime(2024, 1, 1))
        status, body = _get(site, post.id)
        assert status == 200 and "[weather-probe]" in body
        status, body = _get(site, post.id)
        assert status == 200 and "<span>Sunny</span>" in body
        status, body = _get(site, post.id)
        assert calls["n"] == 2, "the good output is cached"
    finally:
        registry.remove("weather-probe")
