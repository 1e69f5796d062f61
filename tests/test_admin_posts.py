"""Posts and Pages: the lists and the editor, with each role's rights."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from magtheme.models import Post, db

from .adminkit import make_person, post_form, signed_in
from .factories import make_post, make_term

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def editor(app: Flask) -> FlaskClient:
    return signed_in(app.test_client(), make_person("editor", "eve"))


def _write(client: FlaskClient, **fields: object) -> object:
    data = {"post_type": "post", "post_title": "Harbour reopens", "post_content": "<p>At last.</p>"}
    data.update({k: v for k, v in fields.items()})
    return post_form(client, "/wp-admin/post.php", data)


def test_write_and_publish_a_post(app: Flask, editor: FlaskClient) -> None:
    news = make_term("News")
    sent = _write(
        editor, publish="1", **{"post_category[]": str(news.id)}, tags_input="ferry, port"
    )
    assert sent.status_code == 303
    edit_url = sent.headers["Location"]
    assert "Post published." in editor.get(edit_url).text
    post = db.session.scalar(select(Post).where(Post.title == "Harbour reopens"))
    assert post is not None and post.status == "publish"
    visitor = app.test_client()
    assert "Harbour reopens" in visitor.get("/").text
    assert "Harbour reopens" in visitor.get("/category/news/").text
    assert "Harbour reopens" in visitor.get("/tag/ferry/").text


def test_a_draft_is_saved_not_published(app: Flask, editor: FlaskClient) -> None:
    sent = _write(editor, action="editpost", post_status="draft")
    assert "Post draft saved." in editor.get(sent.headers["Location"]).text
    assert "Harbour reopens" not in app.test_client().get("/").text


def test_a_future_date_schedules(editor: FlaskClient) -> None:
    sent = _write(editor, publish="1", post_date="2099-05-01T09:30")
    assert "Post scheduled for May 1, 2099 at 09:30." in editor.get(sent.headers["Location"]).text


def test_a_contributor_submits_for_review(app: Flask) -> None:
    client = signed_in(app.test_client(), make_person("contributor", "cal"))
    form = client.get("/wp-admin/post-new.php").text
    assert "Submit for Review" in form and 'value="publish"' not in form
    sent = _write(client, publish="1")
    assert "Post submitted for review." in client.get(sent.headers["Location"]).text
    assert (
        db.session.scalar(select(Post.status).where(Post.title == "Harbour reopens")) == "pending"
    )


def test_an_author_may_not_edit_anothers_post(app: Flask) -> None:
    owner = make_person("author", "ann")
    theirs = make_post("Ann's story", author_id=owner.id)
    client = signed_in(app.test_client(), make_person("author", "bob"))
    assert client.get(f"/wp-admin/post.php?post={theirs.id}&action=edit").status_code == 403
    refused = post_form(
        client, "/wp-admin/post.php", {"post_ID": str(theirs.id), "post_title": "Mine now"}
    )
    assert refused.status_code == 403
    assert db.session.get(Post, theirs.id).title == "Ann's story"


def test_errors_keep_what_was_typed(editor: FlaskClient) -> None:
    sent = _write(editor, post_title="", post_content="", post_date="someday")
    assert sent.status_code == 422
    assert "someday" in sent.text


def test_preview_shows_the_content_sanitized(app: Flask) -> None:
    client = signed_in(app.test_client(), make_person("author", "al"))
    shown = _write(
        client, action="preview", post_content='<p onclick="x()">Hi<script>alert(1)</script></p>'
    )
    assert shown.status_code == 200
    frame = shown.text.split('srcdoc="', 1)[1].split('"></iframe>', 1)[0]
    assert "Hi" in frame and "script" not in frame and "onclick" not in frame
    assert "<iframe" in shown.text and " sandbox " in shown.text
    assert db.session.scalar(select(Post).where(Post.title == "Harbour reopens")) is None


def test_the_list_filters_and_counts(editor: FlaskClient) -> None:
    news = make_term("News")
    make_post("Alpha", terms=[news], date=datetime(2024, 3, 1))
    make_post("Beta", date=datetime(2024, 4, 1))
    make_post("Gamma", status="draft", date=datetime(2024, 4, 2))
    page = editor.get("/wp-admin/edit.php").text
    assert "All (3)" in page and "Published (2)" in page and "Drafts (1)" in page
    assert all(t in page for t in ("Alpha", "Beta", "Gamma"))
    by_cat = editor.get(f"/wp-admin/edit.php?cat={news.id}").text
    assert "Alpha" in by_cat and "Beta" not in by_cat
    by_month = editor.get("/wp-admin/edit.php?m=202404").text
    assert "Beta" in by_month and "Alpha" not in by_month
    drafts = editor.get("/wp-admin/edit.php?post_status=draft").text
    assert "Gamma" in drafts and "Beta" not in drafts
    found = editor.get("/wp-admin/edit.php?s=alph").text
    assert "Alpha" in found and "Beta" not in found


def test_the_list_costs_the_same_however_long(editor: FlaskClient, sql_counter: object) -> None:
    for n in range(3):
        make_post(f"Few {n}")
    editor.get("/wp-admin/edit.php")
    sql_counter.reset()  # type: ignore[attr-defined]
    editor.get("/wp-admin/edit.php")
    few = sql_counter.count  # type: ignore[attr-defined]
    for n in range(15):
        make_post(f"Many {n}", terms=[make_term(f"T{n}")])
    editor.get("/wp-admin/edit.php")
    sql_counter.reset()  # type: ignore[attr-defined]
    editor.get("/wp-admin/edit.php")
    assert sql_counter.count == few  # type: ignore[attr-defined]


def test_trash_restore_and_bulk_delete(app: Flask, editor: FlaskClient) -> None:
    one, two = make_post("One"), make_post("Two")
    bulk = post_form(
        editor, "/wp-admin/edit.php", {"action": "trash", "post[]": [str(one.id), str(two.id)]}
    )
    assert bulk.status_code == 303
    assert "2 posts moved to the Trash." in editor.get("/wp-admin/edit.php").text
    assert "One" not in app.test_client().get("/").text
    post_form(editor, "/wp-admin/post.php", {"post_ID": str(one.id), "action": "untrash"})
    db.session.expire_all()
    assert db.session.get(Post, one.id).status == "publish"
    post_form(editor, "/wp-admin/edit.php", {"action": "delete", "post[]": str(two.id)})
    assert db.session.get(Post, two.id) is None


def test_pages_have_their_own_list_and_attributes(editor: FlaskClient) -> None:
    parent = make_post("About", post_type="page")
    form = editor.get("/wp-admin/post-new.php?post_type=page").text
    assert "Page attributes" in form and 'name="post_parent"' in form
    sent = post_form(
        editor,
        "/wp-admin/post.php",
        {"post_type": "page", "post_title": "Team", "post_parent": str(parent.id), "publish": "1"},
    )
    assert sent.status_code == 303
    listed = editor.get("/wp-admin/edit.php?post_type=page").text
    assert "Team" in listed and "About" in listed
    assert db.session.scalar(select(Post.parent_id).where(Post.title == "Team")) == parent.id


def test_compare_and_restore_a_revision(editor: FlaskClient) -> None:
    sent = _write(editor, publish="1", post_content="<p>First words.</p>")
    post_id = int(sent.headers["Location"].split("post=")[1].split("&")[0])
    post_form(
        editor,
        "/wp-admin/post.php",
        {
            "post_ID": str(post_id),
            "post_title": "Harbour reopens",
            "post_content": "<p>Second.</p>",
            "publish": "1",
        },
    )
    form = editor.get(f"/wp-admin/post.php?post={post_id}&action=edit").text
    first = form.split("/wp-admin/revision.php?revision=")[-1].split('"', 1)[0]
    compared = editor.get(f"/wp-admin/revision.php?revision={first}")
    assert compared.status_code == 200
    assert '<span class="del">-&lt;p&gt;First words.&lt;/p&gt;</span>' in compared.text
    restored = post_form(editor, "/wp-admin/revision.php", {"revision": first})
    assert restored.status_code == 303
    db.session.expire_all()
    assert db.session.get(Post, post_id).content == "<p>First words.</p>"
