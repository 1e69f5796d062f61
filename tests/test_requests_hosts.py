"""The site's own address: links, redirects and feeds never carry the request's Host."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from magtheme import create_app
from magtheme.comments.service import TOKEN_FIELD, make_form_token
from magtheme.config import ConfigError
from magtheme.models import Comment, db
from magtheme.options import store_option, update_option
from magtheme.serving import local_address
from magtheme.views.comments import ACTION_URL, VISITOR_KEY
from magtheme.visibility import now_gmt
from tests.factories import make_post, make_term

#: Hosts a client may claim that are well formed: the site answers, on its own address.
FOREIGN_HOSTS = ["evil.example", "EVIL.example:8443", "127.0.0.1:1", "[::1]:80"]
#: Host headers that are not host names at all: 400, never a broken Location.
MALFORMED_HOSTS = ["a b", "evil.example/x", "[::1", "évil.example", "a:99999", "a:b", "x@y", "a,b"]


def _site(app: Flask) -> dict[str, int]:
    """Enough content that every kind of link appears: 12 posts (two pages), a category,
    a page, approved comments."""
    update_option("posts_per_page", 10)
    update_option("comment_previously_approved", False)
    news = make_term("News")
    posts = [
        make_post(f"Story {n}", terms=[news], date=datetime(2024, 5, 1 + n, 9, 0))
        for n in range(12)
    ]
    page = make_post("About", post_type="page")
    locked = make_post("Locked", password="sesame", date=datetime(2024, 6, 1, 9, 0))
    db.session.add(Comment(post_id=posts[0].id, author_name="Ann", content="Hi", status="approved"))
    db.session.commit()
    return {"post": posts[0].id, "page": page.id, "locked": locked.id}


def _responses(client: FlaskClient, ids: dict[str, int], host: str) -> dict[str, object]:
    """One response of every kind a visitor can get, all sent with Host: *host*."""
    with client.session_transaction() as session:
        session[VISITOR_KEY] = "visitor-1"
    # The test client keeps cookies per host: give the visitor's to the host they claim.
    cookie = client.get_cookie("session")
    assert cookie is not None
    try:
        domain = urlsplit(f"//{host}").hostname or ""
    except ValueError:  # a malformed host (answered 400 before any cookie is read)
        domain = ""
    client.set_cookie("session", cookie.value, domain=domain or "localhost")
    headers = {"Host": host}
    token = make_form_token(ids["post"], "visitor-1", now=now_gmt() - timedelta(seconds=10))
    return {
        "home page": client.get("/", headers=headers),
        "second page": client.get("/page/2/", headers=headers),
        "single post": client.get("/2024/05/01/story-0/", headers=headers),
        "page": client.get("/about/", headers=headers),
        "category": client.get("/category/news/", headers=headers),
        "search": client.get("/?s=story", headers=headers),
        "404 page": client.get("/no/such/thing/", headers=headers),
        "robots.txt": client.get("/robots.txt", headers=headers),
        "trackback 302": client.get("/2024/05/01/story-0/trackback/", headers=headers),
        "plain link 301": client.get(f"/?p={ids['post']}", headers=headers),
        "page link 301": client.get(f"/?page_id={ids['page']}", headers=headers),
        "canonical 301": client.get("/2024/05/01/story-0", headers=headers),
        "feed": client.get("/feed/", headers=headers),
        "comments feed": client.get("/comments/feed/", headers=headers),
        "post comments feed": client.get("/2024/05/01/story-0/feed/", headers=headers),
        "category feed": client.get("/category/news/feed/", headers=headers),
        "comment redirect": client.post(
            ACTION_URL,
            data={
                "comment_post_ID": str(ids["post"]),
                "author": "Bo",
                "email": "bo@example.com",
                "comment": "A reply.",
                TOKEN_FIELD: token,
            },
            headers=headers,
        ),
        "refused comment": client.post(
            ACTION_URL,
            data={"comment_post_ID": str(ids["post"]), "comment": "", TOKEN_FIELD: token},
            headers=headers,
        ),
        "postpass redirect": client.post(
            "/postpass",
            data={
                "post_id": str(ids["locked"]),
                "post_password": "sesame",
                "redirect_to": "/2024/06/01/locked/",
            },
            headers=headers,
        ),
        "postpass elsewhere": client.post(
            "/postpass",
            data={"post_id": str(ids["locked"]), "redirect_to": "//evil.example/"},
            headers=headers,
        ),
    }


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
def test_no_response_carries_the_host_a_client_sent(app: Flask, host: str) -> None:
    ids = _site(app)
    update_option("home", "https://news.example.org")
    app.add_url_rule("/wp-sitemap.xml", "sitemap", lambda: "<sitemapindex/>")
    responses = _responses(app.test_client(), ids, host)
    for kind, response in responses.items():
        assert response.status_code < 500, kind  # type: ignore[attr-defined]
        text = response.get_data(as_text=True) + str(response.headers)  # type: ignore[attr-defined]
        assert host.lower() not in text.lower(), kind
        location = response.headers.get("Location")  # type: ignore[attr-defined]
        if location is not None:
            assert location.startswith("https://news.example.org/"), (kind, location)
    home = responses["home page"].get_data(as_text=True)  # type: ignore[attr-defined]
    assert 'href="https://news.example.org/2024/05/12/story-11/"' in home
    assert "https://news.example.org/page/2/" in home  # pagination
    feed = responses["feed"].get_data(as_text=True)  # type: ignore[attr-defined]
    assert 'href="https://news.example.org/feed/"' in feed  # atom:link rel=self
    robots = responses["robots.txt"].get_data(as_text=True)  # type: ignore[attr-defined]
    assert "Sitemap: https://news.example.org/wp-sitemap.xml" in robots
    comment = responses["comment redirect"]
    assert comment.status_code == 303, comment.get_data(as_text=True)  # type: ignore[attr-defined]
    assert responses["postpass elsewhere"].headers["Location"] == "https://news.example.org/"  # type: ignore[attr-defined]


@pytest.mark.parametrize("host", MALFORMED_HOSTS)
def test_a_malformed_host_header_is_a_400_that_says_so(app: Flask, host: str) -> None:
    ids = _site(app)
    for kind, response in _responses(app.test_client(), ids, host).items():
        assert response.status_code == 400, kind  # type: ignore[attr-defined]
        assert "Location" not in response.headers, kind  # type: ignore[attr-defined]
        assert "is not a host name" in response.get_data(as_text=True), kind  # type: ignore[attr-defined]


def test_without_a_home_option_links_use_the_configured_address(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MAGTHEME_SITE_URL", raising=False)
    (instance / "config.toml").write_text('site_url = "http://blog.example.net:8080/"\n')
    app = create_app(instance, {"TESTING": True})
    with app.app_context():
        db.create_all()
        make_post("Hello", date=datetime(2024, 5, 11, 9, 0))
        db.session.commit()
        client = app.test_client()
        response = client.get("/?p=1", headers={"Host": "evil.example"})
        assert response.headers["Location"] == "http://blog.example.net:8080/2024/05/11/hello/"
        # The home option, once set, wins; siteurl stands in for an unset home.
        update_option("siteurl", "https://www.example.net")
        db.session.commit()
        assert client.get("/?p=1").headers["Location"].startswith("https://www.example.net/")
        update_option("home", "https://example.net")
        db.session.commit()
        assert client.get("/?p=1").headers["Location"].startswith("https://example.net/")
        db.session.remove()


def test_a_bare_site_links_to_localhost_never_the_host_header(app: Flask) -> None:
    make_post("Hello", date=datetime(2024, 5, 11, 9, 0))
    response = app.test_client().get("/?p=1", headers={"Host": "evil.example"})
    assert response.headers["Location"] == "http://localhost/2024/05/11/hello/"


def test_a_home_option_that_is_not_an_address_is_not_used(app: Flask) -> None:
    make_post("Hello", date=datetime(2024, 5, 11, 9, 0))
    # Stored by an older version or by hand: option set refuses it now.
    store_option("home", "javascript:alert(1)")
    db.session.commit()
    response = app.test_client().get("/?p=1", headers={"Host": "evil.example"})
    assert response.headers["Location"] == "http://localhost/2024/05/11/hello/"


def test_trusted_hosts_refuse_every_other_host(instance: Path) -> None:
    (instance / "config.toml").write_text('trusted_hosts = ["example.org", ".example.net"]\n')
    app = create_app(instance, {"TESTING": True})
    with app.app_context():
        db.create_all()
        make_post("Hello")
        db.session.commit()
        client = app.test_client()
        for host in ("example.org", "example.org:8080", "www.example.net", "EXAMPLE.ORG"):
            assert client.get("/", headers={"Host": host}).status_code == 200, host
        for host in ("evil.example", "example.org.evil.example", "localhost", "notexample.net"):
            response = client.get("/", headers={"Host": host})
            assert response.status_code == 400, host
            assert f"does not answer for the host “{host}”" in response.get_data(as_text=True)
            response = client.post("/postpass", data={"post_id": "1"}, headers={"Host": host})
            assert response.status_code == 400 and "Location" not in response.headers
        db.session.remove()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('site_url = "example.com"', "must start with http:// or https://"),
        ('site_url = "http://"', "must name a host"),
        ('site_url = "http://a b/"', "must name a host"),
        ('site_url = "http://[::1/"', "it is not a URL"),
        ('site_url = "https://example.com/?x=1"', "must not hold"),
        ("site_url = 5", "it is not text"),
        ('trusted_hosts = "example.com"', "trusted_hosts must be a list of host names"),
        ("trusted_hosts = [1]", "trusted_hosts must be a list of host names"),
    ],
)
def test_a_bad_address_in_config_toml_is_a_clear_error(
    instance: Path, toml: str, message: str
) -> None:
    (instance / "config.toml").write_text(toml + "\n")
    with pytest.raises(ConfigError, match="config.toml") as caught:
        create_app(instance)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("host", "port", "url"),
    [
        ("127.0.0.1", 5000, "http://127.0.0.1:5000"),
        ("0.0.0.0", 8000, "http://127.0.0.1:8000"),
        ("::", 8000, "http://127.0.0.1:8000"),
        ("::1", 5001, "http://[::1]:5001"),
        ("localhost", 80, "http://localhost:80"),
        ("bad host", 5000, "http://127.0.0.1:5000"),
    ],
)
def test_magtheme_run_links_to_the_address_it_serves(host: str, port: int, url: str) -> None:
    assert local_address(host, port) == url
