"""Posts → Categories and Tags: add, edit, nest, delete, through the term service."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from magtheme.models import Term, db

from .adminkit import make_person, post_form, signed_in
from .factories import make_post, make_term

pytestmark = pytest.mark.usefixtures("app")
URL = "/wp-admin/edit-tags.php"


@pytest.fixture
def editor(app: Flask) -> FlaskClient:
    return signed_in(app.test_client(), make_person("editor", "eve"))


def test_add_a_category_and_a_child(app: Flask, editor: FlaskClient) -> None:
    sent = post_form(editor, URL, {"taxonomy": "category", "name": "World"})
    assert sent.status_code == 303
    world = db.session.scalar(select(Term).where(Term.name == "World"))
    assert world is not None and world.slug == "world"
    post_form(editor, URL, {"taxonomy": "category", "name": "Europe", "parent": str(world.id)})
    listed = editor.get(URL + "?taxonomy=category").text
    assert "Category added." in listed
    assert listed.index(">World</a>") < listed.index("— <a") < listed.index(">Europe</a>")
    europe = db.session.scalar(select(Term).where(Term.name == "Europe"))
    make_post("Brussels", terms=[europe])
    assert app.test_client().get("/category/world/europe/").status_code == 200


def test_a_duplicate_is_refused_with_what_was_typed(editor: FlaskClient) -> None:
    make_term("News")
    sent = post_form(editor, URL, {"taxonomy": "category", "name": "News", "description": "Again"})
    assert sent.status_code == 422
    assert "already exists" in sent.text and ">Again</textarea>" in sent.text


def test_edit_and_delete_a_tag(editor: FlaskClient) -> None:
    tag = make_term("Ferry", taxonomy="post_tag")
    form = editor.get(f"/wp-admin/term.php?taxonomy=post_tag&tag_ID={tag.id}")
    assert form.status_code == 200 and 'value="Ferry"' in form.text
    post_form(
        editor,
        URL,
        {
            "taxonomy": "post_tag",
            "tag_ID": str(tag.id),
            "action": "editedtag",
            "name": "Ferries",
            "slug": "ferries",
        },
    )
    db.session.expire_all()
    assert db.session.get(Term, tag.id).slug == "ferries"
    post_form(editor, URL, {"taxonomy": "post_tag", "tag_ID": str(tag.id), "action": "delete"})
    assert db.session.get(Term, tag.id) is None


def test_an_author_may_not_manage_terms(app: Flask) -> None:
    client = signed_in(app.test_client(), make_person("author", "al"))
    assert client.get(URL + "?taxonomy=category").status_code == 403
    assert post_form(client, URL, {"taxonomy": "category", "name": "Mine"}).status_code == 403
