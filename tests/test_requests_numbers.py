"""Numbers in URLs, query strings and forms: out of range is a 400 or a 404, never a 500.

Run on SQLite and on PostgreSQL, whose INTEGER columns refuse what SQLite takes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from magtheme.comments.service import TOKEN_FIELD, make_form_token
from magtheme.models import Comment, db
from magtheme.numbers import MAX_ID, is_id_list, parse_id, parse_int
from magtheme.options import update_option
from magtheme.views.comments import ACTION_URL, VISITOR_KEY
from magtheme.visibility import now_gmt
from tests.conftest import PROBE_TEMPLATES, write_theme
from tests.factories import make_post, make_term, make_user

#: Every kind of value that is not a small, plain, ASCII number.
ABSURD = [
    "99999999999999999999",
    "-99999999999999999999",
    str(2**31),
    str(2**31 - 1),
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    "-1",
    "-0",
    "1e5",
    " 1",
    "1 ",
    "+1",
    "0x10",
    "1_000",
    "\u0661",  # ARABIC-INDIC DIGIT ONE, which int() accepts
    "\uff11",  # FULLWIDTH DIGIT ONE
    "9" * 400,
    "",
    # in range for some vars, absurd for others (dates, m's 14 digits)
    "0",
    "00",
    "9999",
    "99999999999999",
    "20240231",
]

#: Integer query vars (WordPress's public ones Magtheme reads, plus replytocom).
QUERY_VARS = [
    "p", "page_id", "attachment_id", "tag_id", "cat", "author", "paged", "page", "cpage",
    "year", "monthnum", "day", "hour", "minute", "second", "m", "w", "replytocom",
]  # fmt: skip


@pytest.fixture
def site(each_database_app: Flask, tmp_path: Path) -> Flask:
    """A site on each database, with the cheap probe theme: hundreds of pages are asked for."""
    app = each_database_app
    write_theme(tmp_path / "themes", "probe", PROBE_TEMPLATES)
    app.config["SITE_THEME_DIRS"] = [str(tmp_path / "themes")]
    update_option("stylesheet", "probe")
    update_option("template", "probe")
    update_option("page_comments", True)
    update_option("comments_per_page", 1)
    update_option("comment_previously_approved", False)
    return app


def _content() -> dict[str, str]:
    author = make_user("writer")
    news = make_term("News")
    post = make_post("Hello", author_id=author.id, terms=[news], date=datetime(2024, 5, 11, 9, 0))
    for n in range(2):
        db.session.add(
            Comment(post_id=post.id, author_name=f"R{n}", content="Hi", status="approved")
        )
    make_post("Locked", password="sesame")
    db.session.commit()
    return {"post": str(post.id)}


def _urls(ids: dict[str, str], value: str) -> list[tuple[str, dict[str, str]]]:
    """Each place a number can sit in a URL, holding *value*."""
    urls: list[tuple[str, dict[str, str]]] = []
    for var in QUERY_VARS:
        urls.append(("/", {var: value}))
        urls.append(("/2024/05/11/hello/", {var: value}))
        urls.append(("/", {"p": ids["post"], var: value}))
    if value.strip() and "/" not in value and "?" not in value and "#" not in value:
        for path in (
            "/page/{}/",
            "/{}/",
            "/{}/05/",
            "/2024/{}/",
            "/2024/05/{}/",
            "/2024/05/11/hello/{}/",
            "/2024/05/11/hello/comment-page-{}/",
            "/category/news/page/{}/",
            "/author/writer/page/{}/",
            "/archives/{}",
        ):
            urls.append((path.format(value), {}))
    return urls


def _post(client: FlaskClient, ids: dict[str, str], value: str) -> list[tuple[str, object]]:
    token = make_form_token(int(ids["post"]), "visitor-1", now=now_gmt() - timedelta(seconds=10))
    comment = {
        "author": "Ann",
        "email": "ann@example.com",
        "comment": "A number.",
        TOKEN_FIELD: token,
    }
    return [
        (
            "postpass post_id",
            client.post("/postpass", data={"post_id": value, "post_password": "x"}),
        ),
        ("comment_post_ID", client.post(ACTION_URL, data={**comment, "comment_post_ID": value})),
        (
            "comment_parent",
            client.post(
                ACTION_URL,
                data={**comment, "comment_post_ID": ids["post"], "comment_parent": value},
            ),
        ),
    ]


def test_no_number_anywhere_in_a_request_makes_a_500(site: Flask) -> None:
    ids = _content()
    client = site.test_client()
    with client.session_transaction() as session:
        session[VISITOR_KEY] = "visitor-1"
    failures = []
    for value in ABSURD:
        for path, args in _urls(ids, value):
            response = client.get(path, query_string=args)
            if response.status_code >= 500:
                failures.append((path, args, response.status_code))
        update_option("permalink_structure", "/archives/%post_id%")
        for path, args in _urls(ids, value):
            if path.startswith("/archives/"):
                response = client.get(path, query_string=args)
                if response.status_code >= 500:
                    failures.append((path, args, response.status_code))
        update_option("permalink_structure", "/%year%/%monthnum%/%day%/%postname%/")
        for name, response in _post(client, ids, value):
            if response.status_code >= 500:  # type: ignore[attr-defined]
                failures.append((name, value, response.status_code))  # type: ignore[attr-defined]
    assert failures == []


@pytest.mark.parametrize("value", ["99999999999999999999", str(2**31), str(2**63), "-1", "\u0661"])
def test_an_id_out_of_range_names_nothing(site: Flask, value: str) -> None:
    """As WordPress answers an absurd ?p= or ?cat=: the theme's 404."""
    _content()
    client = site.test_client()
    signed = ("cat", "author")  # "-3" there means "not 3"
    for var in ("p", "page_id", "attachment_id", "tag_id", *signed):
        if var in signed and value == "-1":
            continue
        response = client.get("/", query_string={var: value})
        assert response.status_code == 404, (var, value)


@pytest.mark.parametrize("value", ["99999999999999999999", str(2**31), "1e5", "-1", "\u0661"])
def test_postpass_with_an_absurd_post_id_is_a_400_naming_the_field(site: Flask, value: str) -> None:
    response = site.test_client().post("/postpass", data={"post_id": value, "post_password": "x"})
    assert response.status_code == 400
    assert "post_id must be a post ID" in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["99999999999999999999", str(2**31), "-1", "\u0661", "abc"])
def test_a_reply_to_an_impossible_comment_is_a_400_with_a_message(site: Flask, value: str) -> None:
    ids = _content()
    client = site.test_client()
    with client.session_transaction() as session:
        session[VISITOR_KEY] = "visitor-1"
    (_, _, (_, response)) = _post(client, ids, value)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "does not name a comment" in response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert db.session.query(Comment).count() == 2  # nothing half-written


@pytest.mark.parametrize("value", ["99999999999999999999", str(2**31), "\u0661"])
def test_an_impossible_comment_post_id_is_a_404(site: Flask, value: str) -> None:
    ids = _content()
    (_, (_, response), _) = _post(site.test_client(), ids, value)
    assert response.status_code == 404  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0),
        ("7", 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("-1", None),
        ("-0", None),
        ("", None),
        (" 1", None),
        ("1 ", None),
        ("+1", None),
        ("1e5", None),
        ("1_000", None),
        ("\u0661", None),
        ("\uff11", None),
        ("1\n", None),
        ("9" * 400, None),
        (None, None),
        (7, None),
    ],
)
def test_parse_id_takes_only_plain_ascii_digits_in_range(
    value: object, expected: int | None
) -> None:
    assert parse_id(value) == expected


def test_parse_int_signed_ranges() -> None:
    assert parse_int("-0", minimum=-10, maximum=10) == 0
    assert parse_int("-10", minimum=-10, maximum=10) == -10
    assert parse_int("-11", minimum=-10, maximum=10) is None
    assert parse_int(str(2**63), minimum=0, maximum=2**63 - 1) is None


@pytest.mark.parametrize(
    ("value", "ok"),
    [("3", True), ("3,-7", True), ("-2", True), ("3,,4", False), ("3,", False), (",3", False),
     (str(2**31), False), ("-" + str(2**31), False), ("\u0661", False), ("", False)],
)  # fmt: skip
def test_id_lists(value: str, ok: bool) -> None:
    assert is_id_list(value) is ok
