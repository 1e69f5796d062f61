"""Trackback endpoints bypass the theme and never take a ping, as WordPress with pings closed."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask

from magtheme.views.trackback import CLOSED, NO_ID
from tests.factories import make_post

XML = "text/xml; charset=UTF-8"


@pytest.fixture
def site(probe_app: Flask) -> dict[str, str]:
    post = make_post("Hello", date=datetime(2020, 1, 1, 9, 0))
    make_post("About", post_type="page")
    make_post("Photo", post_type="attachment", status="inherit", parent_id=post.id)
    return {
        "/2020/01/01/hello/trackback/": "http://localhost/2020/01/01/hello/",
        f"/?p={post.id}&tb=1": "http://localhost/2020/01/01/hello/",
        "/2020/01/01/hello/?tb=1": "http://localhost/2020/01/01/hello/",
        "/about/trackback/": "http://localhost/about/",
        "/2020/01/01/hello/photo/trackback/": "http://localhost/2020/01/01/hello/photo/",
    }


def _error(response, message: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response.headers["Content-Type"] == XML
    assert response.get_data(as_text=True) == (
        '<?xml version="1.0" encoding="utf-8"?>\n<response>\n<error>1</error>\n'
        f"<message>{message}</message>\n</response>"
    )


def test_visiting_a_trackback_url_goes_to_the_post(probe_app: Flask, site: dict[str, str]) -> None:
    client = probe_app.test_client()
    for url, permalink in site.items():
        for method in ("GET", "HEAD"):
            response = client.open(url, method=method)
            assert response.status_code == 302, (method, url)
            assert response.headers["Location"] == permalink, url
            assert "TEMPLATE=" not in response.get_data(as_text=True)


def test_a_ping_is_refused_as_closed(probe_app: Flask, site: dict[str, str]) -> None:
    client = probe_app.test_client()
    pings = [
        {"url": "http://elsewhere.example/post", "title": "A reply", "blog_name": "Other"},
        {"url": "http://elsewhere.example/post", "title": "A reply", "excerpt": "Hi"},
        {"blog_name": "Only a name"},
    ]
    for url in site:
        for ping in pings:
            _error(client.post(url, data=ping), CLOSED)


def test_a_post_without_ping_fields_goes_to_the_post(
    probe_app: Flask, site: dict[str, str]
) -> None:
    response = probe_app.test_client().post("/2020/01/01/hello/trackback/", data={"x": "1"})
    assert response.status_code == 302
    assert response.headers["Location"] == "http://localhost/2020/01/01/hello/"


@pytest.mark.parametrize("url", ["/?tb=1", "/2020/01/?tb=1", "/2020/?tb=1"])
def test_a_trackback_without_a_post_needs_an_id(
    probe_app: Flask, site: dict[str, str], url: str
) -> None:
    client = probe_app.test_client()
    _error(client.get(url), NO_ID)
    _error(client.post(url, data={"url": "http://x.example/", "title": "t"}), NO_ID)


def test_a_trackback_for_a_missing_post_is_a_404(probe_app: Flask, site: dict[str, str]) -> None:
    client = probe_app.test_client()
    for method in ("GET", "POST"):
        response = client.open("/2020/01/01/nothing-here/trackback/", method=method)
        assert response.status_code == 404
        assert "TEMPLATE=404" in response.get_data(as_text=True)


def test_other_urls_still_refuse_post(probe_app: Flask, site: dict[str, str]) -> None:
    client = probe_app.test_client()
    for url in ("/", "/2020/01/01/hello/", "/about/"):
        response = client.post(url, data={"url": "http://x.example/", "title": "t"})
        assert response.status_code == 405, url
        assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}


def test_a_feed_wins_over_a_trackback(probe_app: Flask, site: dict[str, str]) -> None:
    response = probe_app.test_client().get("/feed/?tb=1")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/rss+xml")


def test_trackbacks_make_constant_sql(probe_app: Flask, site: dict[str, str], sql_counter) -> None:  # type: ignore[no-untyped-def]
    client = probe_app.test_client()
    url = "/2020/01/01/hello/trackback/"

    def count() -> int:
        client.post(url, data={"url": "http://x.example/", "title": "t"})
        sql_counter.reset()
        client.post(url, data={"url": "http://x.example/", "title": "t"})
        return sql_counter.count

    few = count()
    for n in range(20):
        make_post(f"Hello {n}", date=datetime(2020, 1, 1, 10))
    assert count() == few, sql_counter.statements
