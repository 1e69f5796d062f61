"""Users: add people, change their role, give them a password, remove them."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from magtheme.auth.passwords import check_password
from magtheme.auth.people import PeopleError, change_role, remove_people
from magtheme.models import Post, User, db

from .adminkit import make_person, post_form, sign_in, signed_in
from .factories import make_post

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return signed_in(app.test_client(), make_person("administrator", "ada"))


def test_add_someone_who_can_then_sign_in(app: Flask, admin: FlaskClient) -> None:
    sent = post_form(
        admin,
        "/wp-admin/user-new.php",
        {
            "user_login": "nia",
            "email": "nia@example.test",
            "role": "author",
            "pass1": "harbour lights",
            "pass2": "harbour lights",
        },
    )
    assert sent.status_code == 303
    assert "New user created: nia (author)." in admin.get(sent.headers["Location"]).text
    assert "nia" in admin.get("/wp-admin/users.php").text
    assert sign_in(app.test_client(), "nia", "harbour lights").status_code == 303


def test_every_problem_is_said_at_once(admin: FlaskClient) -> None:
    make_person("author", "taken")
    sent = post_form(
        admin,
        "/wp-admin/user-new.php",
        {
            "user_login": "taken",
            "email": "nope",
            "role": "king",
            "pass1": "short",
            "pass2": "other",
        },
    )
    assert sent.status_code == 422
    text = sent.text
    assert "The login &#39;taken&#39; is taken" in text
    assert "is not an email address" in text
    assert "There is no role" in text
    assert "The two passwords differ" in text
    assert 'value="nope"' in text


def test_change_a_role_and_a_password(app: Flask, admin: FlaskClient) -> None:
    al = make_person("author", "al")
    phone = signed_in(app.test_client(), al)
    sent = post_form(
        admin,
        "/wp-admin/user-edit.php",
        {
            "user_id": str(al.id),
            "email": "al@example.test",
            "display_name": "Al",
            "role": "editor",
            "pass1": "a fresh password",
        },
    )
    assert sent.status_code == 303
    db.session.expire_all()
    again = db.session.get(User, al.id)
    assert again.role == "editor" and check_password("a fresh password", again.password_hash)
    assert phone.get("/wp-admin/").status_code == 302  # the new password ended their session


def test_the_last_administrator_stays_one(admin: FlaskClient) -> None:
    bea = make_person("administrator", "bea")
    demoted = post_form(
        admin,
        "/wp-admin/user-edit.php",
        {"user_id": str(bea.id), "email": bea.email, "role": "editor"},
    )
    assert demoted.status_code == 303  # ada is still an administrator
    ada = db.session.scalar(select(User).where(User.login == "ada"))
    assert ada is not None
    with pytest.raises(PeopleError, match="only administrator"):
        change_role(db.session, ada, "editor")
    with pytest.raises(PeopleError, match="keep an administrator"):
        remove_people(db.session, [ada.id], reassign=None)


def test_removing_someone_gives_their_posts_away(app: Flask, admin: FlaskClient) -> None:
    al = make_person("author", "al")
    heir = make_person("editor", "eve")
    story = make_post("Al's story", author_id=al.id)
    refused = post_form(
        admin, "/wp-admin/user-edit.php", {"user_id": str(al.id), "action": "delete"}
    )
    assert refused.status_code == 422 and "choose who gets them" in refused.text
    done = post_form(
        admin,
        "/wp-admin/user-edit.php",
        {"user_id": str(al.id), "action": "delete", "reassign": str(heir.id)},
    )
    assert done.status_code == 303
    assert db.session.get(User, al.id) is None
    assert db.session.get(Post, story.id).author_id == heir.id


def test_an_editor_may_not_manage_people(app: Flask) -> None:
    client = signed_in(app.test_client(), make_person("editor", "eve"))
    assert client.get("/wp-admin/users.php").status_code == 403
    assert post_form(client, "/wp-admin/user-new.php", {"user_login": "x"}).status_code == 403
