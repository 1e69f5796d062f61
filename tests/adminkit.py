"""Signing people in to the admin, in tests.

Hashing a password with argon2 takes tens of milliseconds on purpose; every test person gets
the one hash of :data:`PASSWORD` made once per process.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from magtheme.auth.passwords import hash_password
from magtheme.models import User

from .factories import make_user

PASSWORD = "correct horse battery staple"
#: Every role, the least able last, and "anonymous" (nobody signed in).
ROLES = ("administrator", "editor", "author", "contributor", "subscriber")

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@lru_cache(maxsize=1)
def password_hash() -> str:
    return hash_password(PASSWORD)


def make_person(role: str, login: str = "", **fields: Any) -> User:
    """A user with *role* whose password is :data:`PASSWORD`."""
    return make_user(login or role, role=role, password_hash=password_hash(), **fields)


def token_in(response: TestResponse) -> str:
    """The CSRF token of the first form in *response*."""
    found = _TOKEN.search(response.get_data(as_text=True))
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def csrf_token(client: FlaskClient) -> str:
    """A CSRF token for *client*'s session (any admin form's token serves every form)."""
    response = client.get("/wp-login.php?reauth=1")
    return token_in(response)


def sign_in(
    client: FlaskClient, login: str, password: str = PASSWORD, **extra: str
) -> TestResponse:
    """Submit the sign-in form as a browser would (after loading it)."""
    data = {"log": login, "pwd": password, "csrf_token": csrf_token(client), **extra}
    return client.post("/wp-login.php", data=data)


def signed_in(client: FlaskClient, user: User) -> FlaskClient:
    """*client*, signed in as *user* (asserting it worked)."""
    response = sign_in(client, user.login)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return client


def post_form(client: FlaskClient, url: str, data: dict[str, Any] | None = None) -> TestResponse:
    """POST *data* to *url* with the session's CSRF token, as the admin's forms do."""
    return client.post(url, data={"csrf_token": csrf_token(client), **(data or {})})
