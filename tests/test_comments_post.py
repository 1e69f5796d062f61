"""``POST /wp-comments-post.php``: what a commenter (and a robot, and an attacker) sees."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from magtheme.comments.service import HONEYPOT_FIELD, TOKEN_FIELD, make_form_token
from magtheme.comments.threading import build_thread, visible_comments
from magtheme.models import Comment, Post, db
from magtheme.options import update_option
from magtheme.views.comments import ACTION_URL, COMMENTER_COOKIE, VISITOR_KEY, comment_form_data
from magtheme.visibility import now_gmt
from tests.factories import make_post


@pytest.fixture
def site(app: Flask) -> Flask:
    """A site where a new commenter's first comment is not held (most tests post one)."""
    update_option("comment_previously_approved", False)
    return app


@pytest.fixture
def client(site: Flask) -> FlaskClient:
    client = site.test_client()
    with client.session_transaction() as session:
        session[VISITOR_KEY] = "visitor-1"
    return client


_ip = {"n": 0}


def send(
    client: FlaskClient,
    post: Post,
    *,
    ip: str | None = None,
    token: str | None = None,
    **fields: str,
) -> TestResponse:
    """Post a comment as a person would: a form shown 10 s ago, a fresh address each time."""
    _ip["n"] += 1
    data = {
        "comment_post_ID": str(post.id),
        "comment_parent": "0",
        "author": "Ann Lee",
        "email": "ann@example.com",
        "url": "",
        "comment": "Hello there.",
        TOKEN_FIELD: token
        if token is not None
        else make_form_token(post.id, "visitor-1", now=now_gmt() - timedelta(seconds=10)),
    }
    data.update(fields)
    return client.post(
        ACTION_URL,
        data=data,
        environ_base={"REMOTE_ADDR": ip or f"198.51.100.{_ip['n'] % 250 + 1}"},
    )


def comments_of(post: Post) -> list[Comment]:
    db.session.expire_all()
    return list(
        db.session.scalars(select(Comment).where(Comment.post_id == post.id).order_by(Comment.id))
    )


def count(post: Post) -> int:
    db.session.expire_all()
    return db.session.get(Post, post.id).comment_count  # type: ignore[union-attr]


def test_an_approved_comment_sends_the_visitor_to_it(client: FlaskClient) -> None:
    post = make_post("Hello world", slug="hello-world")
    response = send(client, post)
    assert response.status_code == 303
    [comment] = comments_of(post)
    assert response.location.endswith(f"/hello-world/#comment-{comment.id}")
    assert comment.status == "approved" and comment.author_ip.startswith("198.51.100.")
    assert count(post) == 1


def test_a_held_comment_is_shown_to_its_author_only(client: FlaskClient, site: Flask) -> None:
    update_option("comment_moderation", True)
    post = make_post("Moderated", slug="moderated")
    response = send(client, post)
    [comment] = comments_of(post)
    assert comment.status == "pending" and count(post) == 0
    parts = urlsplit(response.location)
    assert parts.fragment == f"comment-{comment.id}"
    query = parse_qs(parts.query)
    assert query["unapproved"] == [str(comment.id)]
    proof = query["moderation-hash"][0]
    secret = site.secret_key
    assert [c.id for c in visible_comments([comment], viewer_hash=proof, secret=secret)] == [
        comment.id
    ]
    assert visible_comments([comment], viewer_hash=None, secret=secret) == []


@pytest.mark.parametrize("token", ["", "forged.token"])
def test_a_post_without_a_valid_token_is_refused_with_400(client: FlaskClient, token: str) -> None:
    post = make_post("CSRF")
    response = send(client, post, token=token)
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert comments_of(post) == []


def test_a_cross_site_post_without_the_visitor_cookie_is_refused(site: Flask) -> None:
    post = make_post("CSRF cookie")
    stranger = site.test_client()  # no session: the token cannot be the visitor's
    response = send(stranger, post)
    assert response.status_code == 400
    assert comments_of(post) == []


def test_a_refused_comment_reshows_the_form_with_the_text_kept(client: FlaskClient) -> None:
    post = make_post("Errors")
    response = send(client, post, email="not-an-email", comment="My <b>careful</b> words & more")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "My &lt;b&gt;careful&lt;/b&gt; words &amp; more</textarea>" in page
    assert 'aria-describedby="email-error"' in page
    assert '<span id="email-error" class="comment-form-field-error">' in page
    assert "Please enter a valid email address." in page
    assert f'name="{TOKEN_FIELD}" value="' in page  # a fresh token to send it again
    assert comments_of(post) == []


def test_closed_posts_refuse_comments(client: FlaskClient) -> None:
    post = make_post("Closed", comment_status="closed")
    response = send(client, post)
    assert response.status_code == 403
    assert "comments are closed" in response.get_data(as_text=True)


@pytest.mark.parametrize("post_id", ["0", "99999", "abc", "9" * 40, ""])
def test_unknown_posts_are_404(client: FlaskClient, post_id: str) -> None:
    response = client.post(ACTION_URL, data={"comment_post_ID": post_id, "comment": "x"})
    assert response.status_code == 404


def test_honeypot_is_set_aside_silently(client: FlaskClient) -> None:
    post = make_post("Honeypot", slug="honeypot")
    response = send(client, post, **{HONEYPOT_FIELD: "1 Main Street"})
    assert response.status_code == 303
    assert response.location.endswith("/honeypot/#comments")
    assert [c.status for c in comments_of(post)] == ["spam"]
    assert COMMENTER_COOKIE not in response.headers.get("Set-Cookie", "")


def test_sending_too_fast_is_refused_and_kept(client: FlaskClient) -> None:
    post = make_post("Fast")
    token = make_form_token(post.id, "visitor-1", now=now_gmt())
    response = send(client, post, token=token, comment="typed at robot speed")
    assert response.status_code == 422
    assert "typed at robot speed" in response.get_data(as_text=True)


def test_flood_gets_429(client: FlaskClient) -> None:
    post = make_post("Flood")
    assert send(client, post, ip="203.0.113.5", comment="one").status_code == 303
    response = send(client, post, ip="203.0.113.5", comment="two")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "15"
    assert "You are posting comments too quickly. Slow down." in response.get_data(as_text=True)


def test_duplicates_get_409(client: FlaskClient) -> None:
    post = make_post("Dup")
    assert send(client, post, comment="same").status_code == 303
    response = send(client, post, comment="same")
    assert response.status_code == 409
    assert "Duplicate comment detected" in response.get_data(as_text=True)


def test_a_5_mb_comment_is_refused_cleanly(client: FlaskClient) -> None:
    post = make_post("Huge")
    response = send(client, post, comment="x" * (5 * 1024 * 1024))
    assert response.status_code == 413
    assert "too long" in response.get_data(as_text=True)
    assert comments_of(post) == []


def test_a_comment_just_over_the_limit_is_refused_with_the_form(client: FlaskClient) -> None:
    post = make_post("Long")
    response = send(client, post, comment="y" * 65526)
    assert response.status_code == 422
    assert "Your comment is too long." in response.get_data(as_text=True)


def test_invalid_utf8_and_control_characters_do_not_crash(client: FlaskClient) -> None:
    post = make_post("Bytes")
    token = make_form_token(post.id, "visitor-1", now=now_gmt() - timedelta(seconds=10))
    body = (
        f"comment_post_ID={post.id}&{TOKEN_FIELD}={token}&author=%C3%28%00Ann%07"
        "&email=ann%40example.com&comment=%FF%FEbad%00bytes%1B%5B31m%0D%0Anext"
    ).encode()
    response = client.post(
        ACTION_URL,
        data=body,
        content_type="application/x-www-form-urlencoded",
        environ_base={"REMOTE_ADDR": "192.0.2.200"},
    )
    assert response.status_code == 303
    [comment] = comments_of(post)
    assert "\x00" not in comment.content + comment.author_name
    assert "\x1b" not in comment.content and "\r" not in comment.content
    assert "bad" in comment.content and "next" in comment.content


@pytest.mark.parametrize(
    "url",
    [
        "http://exa[mple.com",
        "http://example.com]/",
        "[::1",
        "http://[::1/",
        "https://[fe80::1%25eth0]x/",
        "http://[::1]x/",
        "http://[not-ipv6]/",
        "http://example.com:port/",
        "http://example.com:99999/",
        "http://[]/",
        "javascript:alert(1)",
        "http://exa mple.com/",
        "ftp://example.com/",
    ],
)
def test_a_website_address_that_is_not_one_is_a_422_beside_the_field(
    client: FlaskClient, url: str
) -> None:
    post = make_post("Links")
    response = send(client, post, url=url, comment="Kept text.")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'id="url-error"' in body and "Please enter a valid website address" in body
    assert "Kept text." in body  # the visitor's comment is shown again, not lost
    assert comments_of(post) == []


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("example.com", "http://example.com"),
        ("https://[::1]:8080/blog", "https://[::1]:8080/blog"),
        ("http://[fe80::1%25eth0]/", "http://[fe80::1%25eth0]/"),
        ("http://example.com/a?b=[c]", "http://example.com/a?b=[c]"),
    ],
)
def test_a_real_website_address_is_kept(client: FlaskClient, given: str, stored: str) -> None:
    post = make_post("Links ok")
    assert send(client, post, url=given).status_code == 303
    [comment] = comments_of(post)
    assert comment.author_url == stored


def test_xss_through_the_form_is_stored_sanitized(client: FlaskClient) -> None:
    post = make_post("XSS form")
    payload = (
        '<script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">a</a>'
        '<img src=x onerror=alert(1)><b onmouseover="x">b</b>'
    )
    assert send(client, post, comment=payload, author="<script>x</script>").status_code == 303
    [comment] = comments_of(post)
    lowered = comment.content.lower()
    assert "<script" not in lowered and "javascript:" not in lowered
    assert "onclick" not in lowered and "onerror" not in lowered and "<img" not in lowered
    assert "<b>b</b>" in comment.content


def test_name_email_and_site_are_remembered_only_with_consent(
    client: FlaskClient, site: Flask
) -> None:
    post = make_post("Cookies")
    response = send(client, post, comment="no consent")
    assert COMMENTER_COOKIE not in response.headers.get("Set-Cookie", "")
    response = send(
        client,
        post,
        comment="remember me",
        url="example.com",
        **{"wp-comment-cookies-consent": "yes"},
    )
    cookie = response.headers["Set-Cookie"]
    assert COMMENTER_COOKIE in cookie and "HttpOnly" in cookie
    assert "ann@example.com" not in cookie  # signed, and not readable at a glance
    with site.test_request_context(headers={"Cookie": cookie.split(";")[0]}):
        data = comment_form_data(post)
    values = {f["name"]: f["value"] for f in data["fields"]}
    assert values["author"] == "Ann Lee" and values["url"] == "http://example.com"
    assert data["cookies_consent"]["checked"] is True
    # Unticking the box forgets them.
    client.set_cookie(COMMENTER_COOKIE, cookie.split(";")[0].split("=", 1)[1])
    response = send(client, post, comment="forget me")
    assert f"{COMMENTER_COOKIE}=;" in response.headers["Set-Cookie"]


def test_comment_form_data_describes_the_form(site: Flask) -> None:
    post = make_post("Form")
    with site.test_request_context("/?replytocom=7"):
        data = comment_form_data(post, {"comment": "kept"}, {"comment": "Too short"})
    assert data["action"] == "/wp-comments-post.php" and data["open"] is True
    assert data["parent_id"] == 7
    assert [f["name"] for f in data["fields"]] == ["comment", "author", "email", "url"]
    assert [f["required"] for f in data["fields"]] == [True, True, True, False]
    assert data["fields"][0]["value"] == "kept" and data["fields"][0]["error"] == "Too short"
    assert data["token"]["name"] == TOKEN_FIELD and data["token"]["value"]
    assert data["honeypot"]["name"] == HONEYPOT_FIELD
    html = str(data["html"])
    assert 'action="/wp-comments-post.php"' in html and 'name="comment_parent" value="7"' in html
    closed = make_post("Closed form", comment_status="closed")
    with site.test_request_context("/"):
        closed_data = comment_form_data(closed)
    assert closed_data["open"] is False and "Comments are closed." in str(closed_data["html"])


def test_fifteen_comments_leave_the_right_counts_and_threads(
    client: FlaskClient, site: Flask
) -> None:
    """The issue's "Done when": 15 comments, some threaded, one held, one spam."""
    update_option("moderation_keys", "please-hold")
    post = make_post("Seed article", slug="seed-article")

    def posted(**fields: str) -> int:
        response = send(client, post, **fields)
        assert response.status_code == 303, response.get_data(as_text=True)
        return int(response.location.rsplit("-", 1)[1]) if "#comment-" in response.location else 0

    people = [(f"Reader {i}", f"reader{i}@example.com") for i in range(15)]

    def by(i: int, text: str, parent: int = 0, **extra: str) -> int:
        name, email = people[i]
        return posted(author=name, email=email, comment=text, comment_parent=str(parent), **extra)

    roots = [by(i, f"Top-level comment {i}") for i in range(8)]  # 8
    r1 = by(8, "Reply to 0", roots[0])  # 9
    r2 = by(9, "Reply to the reply", r1)  # 10
    by(10, "Another reply to 0", roots[0])  # 11
    by(11, "Reply to 3", roots[3])  # 12
    by(12, "Deeper still", r2)  # 13
    held = send(client, post, author="Hal", email="hal@example.com", comment="please-hold this")
    send(client, post, author="Bot", email="bot@example.com", **{HONEYPOT_FIELD: "x"})  # 15

    everything = comments_of(post)
    assert len(everything) == 15
    assert sorted(c.status for c in everything).count("approved") == 13
    assert [c.status for c in everything].count("pending") == 1
    assert [c.status for c in everything].count("spam") == 1
    assert count(post) == 13

    public = build_thread(visible_comments(everything, viewer_hash=None), depth=5)
    assert len(public) == 8
    assert sum(1 for root in public for _ in root.walk()) == 13
    first = public[0]
    assert [(n.comment.content, n.depth) for n in first.walk()] == [
        ("Top-level comment 0", 1),
        ("Reply to 0", 2),
        ("Reply to the reply", 3),
        ("Deeper still", 4),
        ("Another reply to 0", 2),
    ]

    proof = parse_qs(urlsplit(held.location).query)["moderation-hash"][0]
    own = visible_comments(everything, viewer_hash=proof, secret=site.secret_key)
    assert len(own) == 14
    mine = [n for n in build_thread(own, depth=5) if n.held]
    assert [n.comment.content for n in mine] == ["please-hold this"]
    assert not any(c.status == "spam" for c in own)


def test_the_plain_refusal_page_shows_a_marked_up_title_as_markup(site: Flask) -> None:
    # Without the theme's renderer (an app serving comments alone) the refusal page is plain.
    from magtheme.views.comments import RENDER_POST_EXTENSION

    site.extensions.pop(RENDER_POST_EXTENSION)
    client = site.test_client()
    with client.session_transaction() as session:
        session[VISITOR_KEY] = "visitor-1"
    post = make_post("Title <em>With</em> <script>alert(1)</script>Markup", slug="marked-up")
    response = send(client, post, comment="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Back to “Title <em>With</em>" in page
    assert "<script" not in page
