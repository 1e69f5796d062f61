"""Signing in and out of the admin: /wp-login.php, sessions, throttling, CSRF, links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from magtheme.admin.access import make_login_link, use_login_link
from magtheme.auth import sessions
from magtheme.auth.passwords import check_password, phpass_crypt
from magtheme.cli import main
from magtheme.models import LoginSession, User, db
from magtheme.options import forget_options, update_option
from magtheme.visibility import now_gmt

from .adminkit import PASSWORD, csrf_token, make_person, post_form, sign_in, signed_in
from .factories import make_post

pytestmark = pytest.mark.usefixtures("app")


def test_the_admin_sends_strangers_to_sign_in_and_back(client: FlaskClient) -> None:
    make_person("administrator", "ada")
    response = client.get("/wp-admin/profile.php")
    assert response.status_code == 302
    assert response.headers["Location"] == (
        "/wp-login.php?redirect_to=%2Fwp-admin%2Fprofile.php&reauth=1"
    )
    login_page = client.get(response.headers["Location"])
    assert 'name="redirect_to" value="/wp-admin/profile.php"' in login_page.text
    signed = sign_in(client, "ada", redirect_to="/wp-admin/profile.php")
    assert signed.status_code == 303
    assert signed.headers["Location"] == "/wp-admin/profile.php"
    assert client.get("/wp-admin/profile.php").status_code == 200


@pytest.mark.parametrize("login", ["ada", "nobody"])
def test_a_wrong_login_or_password_gets_one_message(client: FlaskClient, login: str) -> None:
    make_person("administrator", "ada")
    response = sign_in(client, login, "not the password")
    assert response.status_code == 422
    assert "The username or password you entered is incorrect." in response.text
    assert f'value="{login}"' in response.text  # what was typed is kept
    assert client.get("/wp-admin/").status_code == 302


def test_empty_fields_say_what_is_missing(client: FlaskClient) -> None:
    response = client.post("/wp-login.php", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 422
    assert "Enter your username or email address." in response.text
    assert "Enter your password." in response.text


def test_an_email_address_signs_in_too(client: FlaskClient) -> None:
    make_person("editor", "eve", email="Eve@Example.test")
    assert sign_in(client, "eve@example.test").status_code == 303


def test_a_wordpress_phpass_hash_signs_in_and_is_rehashed(client: FlaskClient) -> None:
    setting = "$P$B" + "abcdefgh"
    raw = phpass_crypt(PASSWORD.encode(), setting)
    assert raw is not None
    user = make_person("author", "wp")
    user.password_hash = raw.decode()
    db.session.commit()
    assert sign_in(client, "wp").status_code == 303
    db.session.expire_all()
    stored = db.session.get(User, user.id).password_hash
    assert stored.startswith("$argon2id$")
    assert check_password(PASSWORD, stored)


def test_the_landing_page_follows_the_role(client: FlaskClient, app: Flask) -> None:
    make_person("subscriber", "sam")
    assert sign_in(client, "sam").headers["Location"] == "/wp-admin/profile.php"
    other = app.test_client()
    make_person("contributor", "cat")
    assert sign_in(other, "cat").headers["Location"] == "/wp-admin/"


@pytest.mark.parametrize(
    "target", ["https://evil.test/", "//evil.test/x", "/\\evil.test", "javascript:alert(1)"]
)
def test_redirect_to_never_leaves_the_site(client: FlaskClient, target: str) -> None:
    make_person("administrator", "ada")
    assert sign_in(client, "ada", redirect_to=target).headers["Location"] == "/wp-admin/"


def test_the_cookie_is_httponly_and_samesite(client: FlaskClient) -> None:
    make_person("administrator", "ada")
    cookie = sign_in(client, "ada").headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http on a plain-http site
    assert "Expires" not in cookie  # gone when the browser closes


def test_remember_me_keeps_the_cookie_and_https_makes_it_secure(app: Flask) -> None:
    make_person("administrator", "ada")
    client = app.test_client()
    token = csrf_token(client)
    response = client.post(
        "/wp-login.php",
        data={"log": "ada", "pwd": PASSWORD, "rememberme": "forever", "csrf_token": token},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/wp-login.php"},
    )
    assert response.status_code == 303
    cookie = response.headers["Set-Cookie"]
    assert "Expires" in cookie and "Secure" in cookie
    row = db.session.scalar(select(LoginSession))
    assert row is not None and row.expires_gmt - row.created_gmt == timedelta(days=14)


def test_an_https_site_address_makes_the_cookie_secure(client: FlaskClient) -> None:
    update_option("home", "https://news.example")
    forget_options()
    make_person("administrator", "ada")
    assert "Secure" in sign_in(client, "ada").headers["Set-Cookie"]


def test_an_idle_session_ends(client: FlaskClient) -> None:
    user = make_person("administrator", "ada")
    signed_in(client, user)
    row = db.session.scalar(select(LoginSession))
    assert row is not None
    row.last_seen_gmt -= sessions.SIGNED_IN.idle + timedelta(seconds=1)
    db.session.commit()
    assert client.get("/wp-admin/").status_code == 302
    assert db.session.scalar(select(LoginSession)) is None


def test_sessions_idle_out_and_age_out() -> None:
    now = now_gmt()
    user = make_person("author", "al")
    token = sessions.open_session(db.session, user.id, now=now)
    db.session.commit()
    later = now + timedelta(hours=1)
    assert sessions.find_session(db.session, token, now=later) is not None
    # Kept alive by use, it still ends at its lifetime.
    step = now
    while step < now + sessions.SIGNED_IN.lifetime - timedelta(hours=1):
        step += timedelta(hours=1)
        assert sessions.find_session(db.session, token, now=step) is not None
    assert sessions.find_session(db.session, token, now=now + sessions.SIGNED_IN.lifetime) is None
    assert sessions.find_session(db.session, "made-up", now=now) is None


def test_signing_out_ends_the_session(client: FlaskClient) -> None:
    user = make_person("editor", "eve")
    signed_in(client, user)
    confirm = client.get("/wp-login.php?action=logout")
    assert confirm.status_code == 200 and "Do you really want to log out?" in confirm.text
    response = post_form(client, "/wp-login.php?action=logout")
    assert response.headers["Location"] == "/wp-login.php?loggedout=true"
    assert "You are now logged out." in client.get(response.headers["Location"]).text
    assert client.get("/wp-admin/").status_code == 302
    assert db.session.scalar(select(LoginSession)) is None


def test_a_post_without_a_csrf_token_is_refused(client: FlaskClient) -> None:
    user = make_person("editor", "eve")
    signed_in(client, user)
    response = client.post("/wp-login.php?action=logout")
    assert response.status_code == 400
    assert "The link you followed has expired." in response.text
    assert client.get("/wp-admin/").status_code == 200  # still signed in


def test_a_sign_in_without_cookies_says_so(app: Flask) -> None:
    make_person("editor", "eve")
    response = app.test_client().post("/wp-login.php", data={"log": "eve", "pwd": PASSWORD})
    assert response.status_code == 400
    assert "Your browser sent no cookies" in response.text


def test_public_forms_need_no_token(client: FlaskClient) -> None:
    post = make_post("Open", comment_status="open")
    response = client.post("/postpass", data={"post_id": str(post.id), "post_password": "x"})
    assert response.status_code == 303


def test_failed_sign_ins_are_throttled_per_account(app: Flask) -> None:
    make_person("administrator", "ada")
    client = app.test_client()
    for _ in range(5):
        assert sign_in(client, "ada", "wrong").status_code == 422
    response = sign_in(client, "ada")  # even the right password waits
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Too many failed attempts to log in" in response.text
    # From elsewhere too: the limit is the account's.
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    assert sign_in(elsewhere, "ada").status_code == 429


def test_failed_sign_ins_are_throttled_per_address(app: Flask) -> None:
    make_person("administrator", "ada")
    client = app.test_client()
    for n in range(20):
        assert sign_in(client, f"guess{n}", "wrong").status_code == 422
    assert sign_in(client, "ada").status_code == 429
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    assert sign_in(elsewhere, "ada").status_code == 303


def test_a_success_forgets_the_accounts_failures(client: FlaskClient) -> None:
    make_person("administrator", "ada")
    for _ in range(4):
        sign_in(client, "ada", "wrong")
    assert sign_in(client, "ada").status_code == 303
    post_form(client, "/wp-login.php?action=logout")
    for _ in range(4):
        assert sign_in(client, "ada", "wrong").status_code == 422
    assert sign_in(client, "ada").status_code == 303


def test_a_one_time_link_signs_in_once(client: FlaskClient) -> None:
    make_person("administrator", "ada")
    result = CliRunner().invoke(main, ["user", "one-time-login", "ada", "--porcelain"])
    assert result.exit_code == 0, result.output
    link = result.output.strip()
    assert "/wp-login.php?action=link&key=" in link
    key = link.split("key=", 1)[1]
    page = client.get(f"/wp-login.php?action=link&key={key}")
    assert page.status_code == 200 and "This link signs you in once." in page.text
    assert db.session.scalar(select(LoginSession)) is None  # looking does not use it
    used = post_form(client, "/wp-login.php?action=link", {"key": key})
    assert used.status_code == 303 and used.headers["Location"] == "/wp-admin/"
    assert client.get("/wp-admin/").status_code == 200
    again = post_form(app_client(client), "/wp-login.php?action=link", {"key": key})
    assert again.status_code == 422 and "expired or was already used" in again.text


def app_client(client: FlaskClient) -> FlaskClient:
    return client.application.test_client()


def test_a_one_time_link_expires() -> None:
    user = make_person("administrator", "ada")
    now = now_gmt()
    key = make_login_link(db.session, user, now=now)
    assert use_login_link(db.session, key, now=now + timedelta(hours=1)) is None
    fresh = make_login_link(db.session, user, now=now)
    assert use_login_link(db.session, fresh + "x", now=now) is None
    assert use_login_link(db.session, "12.nonsense", now=now) is None


def test_run_prints_the_first_administrators_link(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Flask, "run", lambda *a, **k: None)
    none_yet = CliRunner().invoke(main, ["run", "--port", "5091", "--login-link"])
    assert "No administrator yet" in none_yet.output
    make_person("editor", "eve")
    make_person("administrator", "ada")
    result = CliRunner().invoke(main, ["run", "--port", "5091", "--login-link"])
    assert result.exit_code == 0, result.output
    assert "log in as ada" in result.output
    assert "http://127.0.0.1:5091/wp-login.php?action=link&key=" in result.output


def test_a_new_password_ends_the_other_sessions(app: Flask) -> None:
    user = make_person("author", "al")
    laptop, phone = signed_in(app.test_client(), user), signed_in(app.test_client(), user)
    response = post_form(
        laptop,
        "/wp-admin/profile.php",
        {
            "display_name": "Al",
            "email": "al@example.test",
            "pass1": "a much better password",
            "pass2": "a much better password",
            "current_pass": PASSWORD,
        },
    )
    assert response.status_code == 303
    assert "Profile updated." in laptop.get("/wp-admin/profile.php").text
    assert phone.get("/wp-admin/").status_code == 302
    assert laptop.get("/wp-admin/").status_code == 200


def test_a_refused_profile_keeps_what_was_typed(client: FlaskClient) -> None:
    signed_in(client, make_person("author", "al"))
    response = post_form(
        client,
        "/wp-admin/profile.php",
        {"display_name": "Al Kindi", "email": "not-an-address", "pass1": "short", "pass2": "x"},
    )
    assert response.status_code == 422
    text = response.text
    assert 'value="Al Kindi"' in text and 'value="not-an-address"' in text
    assert "is not an email address" in text
    assert "The two new passwords differ" in text
    assert "Type your current password" in text


def test_reset_password_ends_sessions(client: FlaskClient) -> None:
    signed_in(client, make_person("author", "al"))
    assert CliRunner().invoke(main, ["user", "reset-password", "al"]).exit_code == 0
    assert client.get("/wp-admin/").status_code == 302


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/admin/", "/wp-admin/"),
        ("/admin", "/wp-admin/"),
        ("/dashboard/", "/wp-admin/"),
        ("/login/", "/wp-login.php"),
        ("/login", "/wp-login.php"),
    ],
)
def test_wordpress_short_addresses_lead_to_the_admin(
    client: FlaskClient, path: str, target: str
) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == target


def test_a_page_named_login_wins_over_the_short_address(client: FlaskClient) -> None:
    make_post("Login", post_type="page", slug="login")
    assert client.get("/login/").status_code == 200


def test_signed_in_people_see_their_name_and_the_menu(client: FlaskClient) -> None:
    signed_in(client, make_person("subscriber", "sam", display_name="Sam Vimes"))
    page = client.get("/wp-admin/profile.php")
    assert "Howdy, <a" in page.text and "Sam Vimes" in page.text
    assert '<a href="/wp-admin/profile.php" aria-current="page">Profile</a>' in page.text
    assert page.headers["Cache-Control"] == "no-store"


def test_the_sign_in_page_gets_its_stylesheet(client: FlaskClient) -> None:
    page = client.get("/wp-login.php").text
    href = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    sheet = client.get(href)
    assert sheet.status_code == 200 and sheet.mimetype == "text/css"
