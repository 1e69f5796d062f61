"""Every admin route, for every role: exactly what the role's capabilities allow.

The routes are read from the app's URL map, so a screen added later is walked too; a view
under ``/wp-admin`` that was not declared with a capability fails here.
"""

from __future__ import annotations

import pytest
from flask import Flask

from magtheme.admin.routes import ROUTES
from magtheme.auth.capabilities import role_caps

from .adminkit import ROLES, csrf_token, make_person, signed_in

pytestmark = pytest.mark.usefixtures("app")


def _admin_rules(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, path, method) of every admin view in the URL map."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin.") or rule.endpoint == "admin.static":
            continue
        assert not rule.arguments, f"{rule.rule}: admin screens take query arguments instead"
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, rule.rule, method))
    return found


def test_every_admin_view_declares_a_capability(app: Flask) -> None:
    rules = _admin_rules(app)
    assert len(rules) >= 4
    for endpoint, path, method in rules:
        assert endpoint in ROUTES, f"{method} {path} was not declared with admin_route"
        route = ROUTES[endpoint]
        assert method in route.methods
        assert any(route.capability in role_caps(role) for role in ROLES), (
            f"{path} needs {route.capability!r}, which no role holds"
        )


def test_strangers_are_sent_to_sign_in(app: Flask) -> None:
    client = app.test_client()
    for _endpoint, path, method in _admin_rules(app):
        if method == "GET":
            response = client.get(path)
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/wp-login.php?redirect_to="), path
        else:
            # With a valid token but nobody signed in: still the sign-in page, nothing done.
            response = client.open(path, method=method, data={"csrf_token": csrf_token(client)})
            assert response.status_code == 302, f"{method} {path}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_its_capabilities_allow(app: Flask, role: str) -> None:
    client = signed_in(app.test_client(), make_person(role))
    held = role_caps(role)
    for endpoint, path, method in _admin_rules(app):
        allowed = ROUTES[endpoint].capability in held
        if method == "GET":
            response = client.get(path)
            status = response.status_code
            if allowed and status == 302:
                # A screen that needs its query (post.php without ?post=) goes where
                # WordPress sends it, never to the sign-in page.
                assert response.headers["Location"].startswith("/wp-admin/"), path
                continue
            assert (status == 200) if allowed else (status == 403), f"{role}: GET {path} {status}"
        elif not allowed:
            response = client.open(path, method=method, data={"csrf_token": csrf_token(client)})
            assert response.status_code == 403, f"{role}: {method} {path}"
            assert "Sorry, you are not allowed" in response.text


@pytest.mark.parametrize("role", ["administrator", "subscriber"])
def test_every_state_changing_route_wants_a_csrf_token(app: Flask, role: str) -> None:
    client = signed_in(app.test_client(), make_person(role))
    changing = [r for r in _admin_rules(app) if r[2] != "GET"]
    assert changing, "the admin has forms"
    # A real token, but another browser's.
    stolen = csrf_token(app.test_client())
    for _endpoint, path, method in changing:
        for data in ({}, {"csrf_token": "forged"}, {"csrf_token": stolen}):
            response = client.open(path, method=method, data=data)
            assert response.status_code == 400, f"{method} {path} with {data}"
            assert "The link you followed has expired." in response.text
    # The sign-in form and signing out want one too.
    for path in ("/wp-login.php", "/wp-login.php?action=logout", "/wp-login.php?action=link"):
        assert client.post(path, data={"log": "x", "pwd": "y"}).status_code == 400
