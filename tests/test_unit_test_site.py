"""The WordPress Theme Unit Test export, imported and served: every public post answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from flask import Flask

from magtheme import create_app
from magtheme.models import db
from magtheme.wxr import import_wxr
from tests.conftest import unit_test_wxr

WP_HOME = "http://127.0.0.1:8089"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, list[dict]]]:
    wxr = unit_test_wxr()
    expected = json.loads(
        (wxr.parent / "wordpress-theme-unit-test.wordpress-output.json").read_text()
    )["posts"]
    folder = tmp_path_factory.mktemp("unit-test-site")
    app = create_app(folder, {"TESTING": True})
    with app.app_context():
        db.create_all()
        import_wxr(wxr, registry=app.extensions["magtheme.registry"])
        db.session.remove()
    yield app, expected


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_every_published_post_and_page_answers_200(site: tuple[Flask, list[dict]]) -> None:
    app, expected = site
    client = app.test_client()
    failures = []
    checked = 0
    for entry in expected:
        if entry["status"] != "publish":
            continue
        response = client.get(_path(entry["permalink"]))
        checked += 1
        if response.status_code != 200:
            failures.append((entry["id"], entry["permalink"], response.status_code))
    assert checked >= 69
    assert failures == []


def test_unpublished_posts_are_not_public(site: tuple[Flask, list[dict]]) -> None:
    app, expected = site
    client = app.test_client()
    hidden = [e for e in expected if e["status"] in ("draft", "future")]
    assert hidden
    for entry in hidden:
        assert client.get(f"/?p={entry['id']}").status_code == 404, entry["id"]


def test_password_protected_post_shows_form_not_content(site: tuple[Flask, list[dict]]) -> None:
    app, expected = site
    entry = next(e for e in expected if e["has_password"])
    body = app.test_client().get(_path(entry["permalink"])).get_data(as_text=True)
    assert 'name="post_password"' in body
    assert "Protected: Template: Password Protected" in body
    assert "This content is password protected" in body


def test_list_pages_answer(site: tuple[Flask, list[dict]]) -> None:
    app, _ = site
    client = app.test_client()
    for url in [
        "/",
        "/page/2/",
        "/category/uncategorized/",
        "/tag/content-2/",
        "/2013/01/",
        "/author/themedemos/",
        "/?s=content",
        "/type/quote/",
        "/category/parent/child-1/child-2/",
    ]:
        assert client.get(url).status_code == 200, url


def test_right_password_unlocks_and_the_cookie_never_holds_it(
    site: tuple[Flask, list[dict]],
) -> None:
    app, expected = site
    entry = next(e for e in expected if e["has_password"])
    client = app.test_client()
    url = _path(entry["permalink"])
    response = client.post(
        "/postpass", data={"post_id": entry["id"], "post_password": "wrong", "redirect_to": url}
    )
    assert response.status_code == 303
    assert 'name="post_password"' in client.get(url).get_data(as_text=True)
    client.post(
        "/postpass", data={"post_id": entry["id"], "post_password": "enter", "redirect_to": url}
    )
    body = client.get(url).get_data(as_text=True)
    assert 'name="post_password"' not in body
    cookie = client.get_cookie("session")
    assert cookie is not None
    import zlib
    from base64 import urlsafe_b64decode

    payload = cookie.value.lstrip(".").split(".")[0]
    raw = urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    text = (zlib.decompress(raw) if cookie.value.startswith(".") else raw).decode()
    assert "enter" not in text and "postpass" in text
