"""Taking a comment: every validation, spam and moderation rule, as case tables."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from magtheme.comments import avatar
from magtheme.comments.service import (
    HONEYPOT_FIELD,
    REFUSALS,
    TOKEN_FIELD,
    CommentResult,
    count_links,
    delete_comments,
    is_email,
    make_form_token,
    moderation_reason,
    normalize_url,
    set_comment_status,
    submit_comment,
)
from magtheme.content.comment import render_comment
from magtheme.models import Comment, Post, db
from magtheme.options import update_option
from tests.factories import make_post

NOW = datetime(2024, 6, 1, 12, 0, 0)
VISITOR = "visitor-key"


@pytest.fixture
def site(app: Flask) -> Flask:
    """A site where only the rule under test applies: no flood limit, no first-comment hold."""
    update_option("comment_rate_limit", 0)
    update_option("comment_previously_approved", False)
    return app


def submit(
    post: Post | None,
    *,
    now: datetime = NOW,
    age: float = 10,
    ip: str = "192.0.2.1",
    visitor: str = VISITOR,
    password: str | None = None,
    **fields: Any,
) -> CommentResult:
    form = {
        "comment_post_ID": str(post.id if post else 0),
        "comment_parent": "0",
        "author": "Ann Lee",
        "email": "ann@example.com",
        "url": "",
        "comment": "A fine article.",
    }
    form.update({k: v for k, v in fields.items() if k != "token"})
    form[TOKEN_FIELD] = fields.get(
        "token",
        make_form_token(post.id if post else 0, visitor, now=now - timedelta(seconds=age)),
    )
    return submit_comment(
        form,
        post=post,
        remote_addr=ip,
        user_agent="pytest",
        now=now,
        cookie_key=visitor,
        password=password,
    )


def statuses(post: Post) -> list[str]:
    return list(
        db.session.scalars(
            select(Comment.status).where(Comment.post_id == post.id).order_by(Comment.id)
        )
    )


# -- validation -----------------------------------------------------------------------------

#: form fields → the fields with an error (empty: accepted).
VALIDATION = [
    ({}, set()),
    ({"author": ""}, {"author"}),
    ({"email": ""}, {"email"}),
    ({"author": "", "email": "", "comment": ""}, {"author", "email", "comment"}),
    ({"email": "not-an-email"}, {"email"}),
    ({"email": "a@b"}, {"email"}),
    ({"email": "ann@@example.com"}, {"email"}),
    ({"email": "x" * 95 + "@example.com"}, {"email"}),
    ({"url": "javascript:alert(1)"}, {"url"}),
    ({"url": "ftp://example.com/"}, {"url"}),
    ({"url": "data:text/html,<script>"}, {"url"}),
    ({"url": "example.com"}, set()),
    ({"url": "https://example.com/me"}, set()),
    ({"url": "https://example.com/" + "a" * 200}, {"url"}),
    ({"comment": ""}, {"comment"}),
    ({"comment": "   \n\t "}, {"comment"}),
    ({"comment": "x" * 65525}, set()),
    ({"comment": "x" * 65526}, {"comment"}),
    ({"author": "n" * 246}, {"author"}),
    ({"comment_parent": "99999"}, {"comment_parent"}),
]


@pytest.mark.parametrize(("fields", "bad"), VALIDATION)
def test_validation(site: Flask, fields: dict[str, str], bad: set[str]) -> None:
    post = make_post("Validated")
    result = submit(post, **fields)
    assert set(result.errors) == bad
    if bad:
        assert result.status == "refused"
        assert result.http_status in (403, 422)
        assert statuses(post) == []
        # The visitor's text comes back for the form.
        # (never more of it than a comment may hold).
        kept = fields.get("comment", "A fine article.").strip()[:65525]
        assert result.values["comment"] == kept
    else:
        assert result.status == "approved"


def test_name_and_email_are_optional_when_the_site_says_so(site: Flask) -> None:
    update_option("require_name_email", False)
    post = make_post("Anonymous welcome")
    assert submit(post, author="", email="").status == "approved"
    # An email given must still be valid.
    assert set(submit(post, author="", email="nope", comment="other").errors) == {"email"}


def test_website_gets_a_scheme_like_esc_url(site: Flask) -> None:
    post = make_post("Sites")
    result = submit(post, url="example.com/me")
    assert result.comment is not None and result.comment.author_url == "http://example.com/me"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", ""), ("http://a.example", "http://a.example"), ("JavaScript:x", None), ("http://", None)],
)
def test_normalize_url(value: str, expected: str | None) -> None:
    assert normalize_url(value) == expected


@pytest.mark.parametrize(
    ("value", "ok"),
    [("ann@example.com", True), ("a.b+c@sub.example.org", True), ("a@b.c", False)]
    + [(".a@example.com", False), ("a..b@example.com", False), ("a@-x.com", False)],
)
def test_is_email(value: str, ok: bool) -> None:
    assert is_email(value) is ok


# -- where comments may go ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("post_fields", "code"),
    [
        ({"comment_status": "closed"}, "MT-COMMENT-CLOSED"),
        ({"status": "draft"}, "MT-COMMENT-NOT-FOUND"),
        ({"status": "private"}, "MT-COMMENT-NOT-FOUND"),
        ({"status": "future", "date": NOW + timedelta(days=1)}, "MT-COMMENT-NOT-FOUND"),
        ({"password": "sesame"}, "MT-COMMENT-PASSWORD"),
    ],
)
def test_refused_where_comments_cannot_go(
    site: Flask, post_fields: dict[str, Any], code: str
) -> None:
    post = make_post("Closed", **post_fields)
    result = submit(post)
    assert result.codes == [code]
    assert result.http_status == REFUSALS[code].status
    assert statuses(post) == []


def test_the_right_password_opens_a_protected_post(site: Flask) -> None:
    post = make_post("Protected", password="sesame")
    assert submit(post, password="wrong").codes == ["MT-COMMENT-PASSWORD"]
    assert submit(post, password="sesame").status == "approved"


def test_comments_close_automatically_after_n_days(site: Flask) -> None:
    update_option("close_comments_for_old_posts", True)
    update_option("close_comments_days_old", 14)
    old = make_post("Old", date=NOW - timedelta(days=15))
    recent = make_post("Recent", date=NOW - timedelta(days=13))
    assert submit(old).codes == ["MT-COMMENT-CLOSED"]
    assert submit(recent).status == "approved"


# -- CSRF and fill time -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    ["", "garbage", "W1siMSJd.forged", None],
)
def test_a_form_without_a_valid_token_is_refused(site: Flask, token: str | None) -> None:
    post = make_post("Tokens")
    if token is None:  # a token made for another post
        token = make_form_token(post.id + 1, VISITOR, now=NOW - timedelta(seconds=10))
    result = submit(post, token=token)
    assert result.codes == ["MT-COMMENT-TOKEN"]
    assert result.http_status == 400
    assert "security token" in result.errors["form"]


def test_a_token_is_bound_to_the_visitor(site: Flask) -> None:
    post = make_post("Bound")
    stolen = make_form_token(post.id, "someone-else", now=NOW - timedelta(seconds=10))
    assert submit(post, token=stolen).codes == ["MT-COMMENT-TOKEN"]
    assert submit(post, visitor="").codes == ["MT-COMMENT-TOKEN"]


def test_an_old_form_is_shown_again_to_be_resent(site: Flask) -> None:
    post = make_post("Stale")
    result = submit(post, age=3 * 24 * 3600)
    assert result.codes == ["MT-COMMENT-EXPIRED"]
    assert result.http_status == 422


@pytest.mark.parametrize(("age", "taken"), [(0, False), (2.5, False), (3, True), (60, True)])
def test_minimum_fill_time(site: Flask, age: float, taken: bool) -> None:
    post = make_post("Quick")
    result = submit(post, age=age)
    assert result.ok is taken
    if not taken:
        assert result.codes == ["MT-COMMENT-TOO-FAST"]


# -- spam -------------------------------------------------------------------------------------


def test_honeypot_is_spam_silently(site: Flask) -> None:
    post = make_post("Honey")
    result = submit(post, **{HONEYPOT_FIELD: "http://spam.example"})
    assert result.status == "spam" and result.ok and not result.errors
    assert result.reason == "MT-COMMENT-SPAM-HONEYPOT"
    assert statuses(post) == ["spam"]
    assert db.session.get(Post, post.id).comment_count == 0  # type: ignore[union-attr]


def test_disallowed_keys_are_spam(site: Flask) -> None:
    update_option("disallowed_keys", "\n  casino \n")
    post = make_post("Blocked")
    assert submit(post, comment="Best CASINO bonus").status == "spam"
    assert submit(post, email="casino@example.com", comment="hi").status == "spam"
    assert submit(post, comment="nothing to see").status == "approved"


def test_flood_check_per_address(app: Flask) -> None:
    update_option("comment_previously_approved", False)
    post = make_post("Flood")
    assert submit(post, comment="one").status == "approved"
    again = submit(post, comment="two", now=NOW + timedelta(seconds=5))
    assert again.codes == ["MT-COMMENT-FLOOD"] and again.http_status == 429
    assert again.errors["form"] == "You are posting comments too quickly. Slow down."
    assert submit(post, comment="other address", ip="192.0.2.9").status == "approved"
    assert submit(post, comment="later", now=NOW + timedelta(seconds=16)).status == "approved"


def test_duplicate_comment(site: Flask) -> None:
    post = make_post("Dupes")
    assert submit(post, comment="Same words").status == "approved"
    again = submit(post, comment="Same words")
    assert again.codes == ["MT-COMMENT-DUPLICATE"] and again.http_status == 409
    assert again.errors["comment"].startswith("Duplicate comment detected")
    # Someone else may say the same thing.
    other = submit(post, comment="Same words", author="Bob", email="bob@example.com")
    assert other.status == "approved"


# -- moderation -------------------------------------------------------------------------------

BASE = {"comment_moderation": False, "comment_max_links": 2, "moderation_keys": ""}

#: (options, comment fields, previously approved) → reason held (None: approved).
MODERATION = [
    ({}, {}, True, None),
    ({"comment_moderation": True}, {}, True, "MT-COMMENT-HELD-MODERATION"),
    ({}, {"content": "see http://a.example.com"}, True, None),
    (
        {},
        {"content": "http://a.example.com and http://b.example.org"},
        True,
        "MT-COMMENT-HELD-LINKS",
    ),
    (
        {},
        {"content": '<a href="http://a.example">a</a> <a href="/b">b</a>'},
        True,
        "MT-COMMENT-HELD-LINKS",
    ),
    ({"comment_max_links": 0}, {"content": "http://a.example http://b.example"}, True, None),
    ({"comment_max_links": 5}, {"content": "http://a.example http://b.example"}, True, None),
    ({"moderation_keys": "viagra\n"}, {"content": "cheap VIAGRA"}, True, "MT-COMMENT-HELD-KEYWORD"),
    ({"moderation_keys": "192.0.2."}, {"ip": "192.0.2.7"}, True, "MT-COMMENT-HELD-KEYWORD"),
    (
        {"moderation_keys": "evil.example"},
        {"url": "http://evil.example"},
        True,
        "MT-COMMENT-HELD-KEYWORD",
    ),
    ({"moderation_keys": "Bot"}, {"agent": "SpamBot/1.0"}, True, "MT-COMMENT-HELD-KEYWORD"),
    ({"moderation_keys": "\n\n"}, {}, True, None),
    ({"comment_previously_approved": True}, {}, False, "MT-COMMENT-HELD-FIRST"),
    ({"comment_previously_approved": True}, {}, True, None),
    ({"comment_previously_approved": False}, {}, False, None),
]


@pytest.mark.parametrize(("options", "fields", "known", "reason"), MODERATION)
def test_moderation_rules(
    app: Flask, options: dict[str, Any], fields: dict[str, str], known: bool, reason: str | None
) -> None:
    comment = {
        "author": "Ann",
        "email": "ann@example.com",
        "url": "",
        "content": "Nice.",
        "ip": "203.0.113.1",
        "agent": "Firefox",
    }
    comment.update(fields)
    result = moderation_reason(**comment, previously_approved=known, options={**BASE, **options})
    assert result == reason


def test_first_comment_is_held_then_the_commenter_is_trusted(app: Flask) -> None:
    update_option("comment_rate_limit", 0)
    post = make_post("Newcomers")
    first = submit(post, comment="Hello, first time here")
    assert first.status == "pending" and first.reason == "MT-COMMENT-HELD-FIRST"
    assert first.moderation_hash
    assert submit(post, comment="Still waiting?").status == "pending"
    assert first.comment is not None
    set_comment_status(db.session, [first.comment.id], "approved")
    assert submit(post, comment="Thanks for approving").status == "approved"
    # Same email, another name: not the same commenter to WordPress.
    assert submit(post, author="Impostor", comment="hi").status == "pending"


def test_links_count_as_shown(app: Flask) -> None:
    assert count_links("no links") == 0
    assert count_links("www.example.com and https://example.org/") == 2
    assert count_links('<a href="http://x.example">x</a>') == 1


# -- threads ----------------------------------------------------------------------------------


def test_replies_must_answer_an_approved_comment_of_the_same_post(site: Flask) -> None:
    post, other = make_post("Thread"), make_post("Elsewhere")
    root = submit(post, comment="root").comment
    foreign = submit(other, comment="root elsewhere").comment
    assert root and foreign
    assert submit(post, comment="reply", comment_parent=str(root.id)).status == "approved"
    assert submit(post, comment="cross", comment_parent=str(foreign.id)).codes == [
        "MT-COMMENT-PARENT"
    ]
    set_comment_status(db.session, [root.id], "pending")
    assert submit(post, comment="to held", comment_parent=str(root.id)).codes == [
        "MT-COMMENT-PARENT"
    ]


def test_depth_limit(site: Flask) -> None:
    update_option("thread_comments_depth", 3)
    post = make_post("Deep")
    parent = 0
    for level in range(1, 4):
        result = submit(post, comment=f"level {level}", comment_parent=str(parent))
        assert result.status == "approved", result.errors
        assert result.comment is not None
        parent = result.comment.id
    too_deep = submit(post, comment="level 4", comment_parent=str(parent))
    assert too_deep.codes == ["MT-COMMENT-DEPTH"]
    assert "comment_parent" in too_deep.errors


def test_no_replies_when_threading_is_off(site: Flask) -> None:
    update_option("thread_comments", False)
    post = make_post("Flat")
    root = submit(post, comment="root").comment
    assert root is not None
    assert submit(post, comment="reply", comment_parent=str(root.id)).codes == ["MT-COMMENT-DEPTH"]


# -- counts -----------------------------------------------------------------------------------


def test_counts_follow_every_status_change(site: Flask) -> None:
    post = make_post("Counted")

    def count() -> int:
        db.session.expire_all()
        return db.session.get(Post, post.id).comment_count  # type: ignore[union-attr]

    ids = [submit(post, comment=f"comment {i}").comment.id for i in range(4)]  # type: ignore[union-attr]
    assert count() == 4
    set_comment_status(db.session, ids[:1], "spam")
    assert count() == 3
    set_comment_status(db.session, ids[1:2], "trash")
    set_comment_status(db.session, ids[2:3], "pending")
    assert count() == 1
    set_comment_status(db.session, ids[:3], "approved")
    assert count() == 4
    delete_comments(db.session, ids[:2])
    assert count() == 2


def test_deleting_a_comment_moves_its_replies_up(site: Flask) -> None:
    post = make_post("Orphans")
    root = submit(post, comment="root").comment
    assert root is not None
    middle = submit(post, comment="middle", comment_parent=str(root.id)).comment
    assert middle is not None
    leaf = submit(post, comment="leaf", comment_parent=str(middle.id)).comment
    assert leaf is not None
    delete_comments(db.session, [middle.id])
    db.session.expire_all()
    assert db.session.get(Comment, leaf.id).parent_id == root.id  # type: ignore[union-attr]


# -- hostile input ----------------------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<svg onload="alert(1)">',
    "<b onmouseover=alert(1)>bold</b>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<<script>script>alert(1)<</script>/script>",
    '<a title="x" onclick="alert(1)" href="http://ok.example">ok</a>',
    '<blockquote cite="javascript:alert(1)">q</blockquote>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '"><script>alert(1)</script>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<!--<script>alert(1)</script>-->",
    "<scr\x00ipt>alert(1)</script>",
]


def executable_parts(html: str) -> list[str]:
    """What in *html* could run script: script-like elements, on* handlers, script URLs."""
    found: list[str] = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style", "iframe", "object", "embed", "svg", "math", "img"):
                found.append(f"<{tag}>")
            for name, value in attrs:
                if name.startswith("on"):
                    found.append(f"{tag} {name}")
                squashed = re.sub(r"[\x00-\x20]", "", unescape(value or "")).lower()
                if squashed.startswith(("javascript:", "vbscript:", "data:")):
                    found.append(f"{tag} {name}={value}")

    Finder().feed(html)
    return found


@pytest.mark.parametrize("payload", XSS)
def test_xss_payloads_are_stored_and_shown_harmless(site: Flask, payload: str) -> None:
    post = make_post("XSS")
    result = submit(post, comment=f"Look: {payload}", author=payload[:60])
    assert result.comment is not None
    assert executable_parts(result.comment.content) == []
    assert executable_parts(str(render_comment(result.comment.content))) == []


def test_links_are_nofollow_ugc_when_shown(site: Flask) -> None:
    post = make_post("Links")
    update_option("comment_max_links", 0)
    result = submit(
        post, comment='<a href="http://ok.example" rel="me">ok</a> and http://b.example.com'
    )
    assert result.comment is not None
    shown = str(render_comment(result.comment.content))
    assert shown.count('rel="nofollow ugc"') == 2


@pytest.mark.parametrize(
    "text",
    [
        "a\x00b\x07c\x1bd",
        "tab\there",
        "line\r\nbreak\rold mac",
        "\ud800 lone surrogate",
        "\ufffd\ufffd",
    ],
)
def test_control_characters_are_dropped(site: Flask, text: str) -> None:
    post = make_post("Control")
    result = submit(post, comment=text, author=f"Name {text}")
    assert result.comment is not None
    stored = result.comment.content + result.comment.author_name
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in stored)
    assert "\r" not in stored and "\ud800" not in stored


# -- avatars ----------------------------------------------------------------------------------


def test_avatar_is_local_labelled_and_stable() -> None:
    svg = str(avatar("Ann Lee", "ann@example.com"))
    assert svg.startswith("<svg") and 'aria-label="Ann Lee"' in svg and ">AL<" in svg
    assert "ann@example.com" not in svg and "http://" not in svg.replace("http://www.w3.org", "")
    assert svg == str(avatar("Ann Lee", "ANN@example.com "))
    assert svg != str(avatar("Ann Lee", "other@example.com"))


@pytest.mark.parametrize(
    ("name", "letters"), [("", "?"), ("élodie", "É"), ("Jean-Luc Picard", "JP"), ("  ", "?")]
)
def test_avatar_initials(name: str, letters: str) -> None:
    assert f">{letters}<" in str(avatar(name, ""))


def test_avatar_escapes_the_name_and_draws_identicons() -> None:
    svg = str(avatar('<script>"x"', "a@example.com", size=32, style="identicon"))
    assert "<script" not in svg and 'width="32"' in svg and "<rect" in svg


def test_the_xss_checker_itself_catches_script() -> None:
    assert executable_parts('<a href=" jav&#x09;ascript:x">') != []
    assert executable_parts('<b onclick="x">') == ["b onclick"]
    assert executable_parts("<script>") == ["<script>"]
