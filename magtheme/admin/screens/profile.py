"""Profile (``/wp-admin/profile.php``): one's own name, email, password and sessions."""

from __future__ import annotations

from flask import redirect, request
from werkzeug.wrappers import Response

from ...auth import sessions
from ...auth.logins import email_problem
from ...auth.passwords import check_password, hash_password
from ...models import db
from ...visibility import now_gmt
from .. import access, notify
from ..routes import admin_route
from . import page

#: Shortest new password the profile form takes (WordPress only warns; it also refuses none).
MIN_PASSWORD = 8


def _form(status: int = 200, errors: dict[str, str] | None = None, **values: str) -> Response:
    signed = access.person()
    assert signed is not None
    return page(
        "admin/profile.html",
        status=status,
        title="Profile",
        errors=errors or {},
        values=values,
        user=signed.user,
        sessions=sessions.sessions_of(db.session, signed.id, now=now_gmt()),
        token_hash=sessions._digest(signed.token),
    )


@admin_route("/profile.php", "read", menu="Profile")
def profile() -> Response:
    """The form."""
    return _form()


@admin_route("/profile.php", "read", methods=("POST",))
def profile_save() -> Response:
    """Save name, email and (with the current password) a new password; or sign out the
    other sessions."""
    signed = access.person()
    assert signed is not None
    user = signed.user
    if request.form.get("action") == "destroy-sessions":
        ended = sessions.close_all(db.session, user.id, keep=signed.token)
        db.session.commit()
        notify(f"You are now logged out everywhere else ({ended} other sessions ended).")
        return redirect("/wp-admin/profile.php", 303)
    values = {
        "display_name": request.form.get("display_name", "").strip()[:250],
        "email": request.form.get("email", "").strip(),
        "first_name": request.form.get("first_name", "").strip()[:250],
        "last_name": request.form.get("last_name", "").strip()[:250],
    }
    errors: dict[str, str] = {}
    if not values["display_name"]:
        errors["display_name"] = "Give the name to show on the site."
    problem = email_problem(values["email"])
    if problem:
        errors["email"] = problem[0].upper() + problem[1:]
    new_password = request.form.get("pass1", "").strip()
    if new_password:
        if request.form.get("pass2", "").strip() != new_password:
            errors["pass2"] = "The two new passwords differ: type the same one in both boxes."
        elif len(new_password) < MIN_PASSWORD:
            errors["pass1"] = f"Use at least {MIN_PASSWORD} characters for a new password."
        if not check_password(request.form.get("current_pass", ""), user.password_hash):
            errors["current_pass"] = "Type your current password to set a new one."
    if errors:
        return _form(422, errors, **values)
    user.display_name = values["display_name"]
    user.email = values["email"]
    user.first_name = values["first_name"]
    user.last_name = values["last_name"]
    if new_password:
        user.password_hash = hash_password(new_password)
        # A new password ends every other session, as WordPress's does.
        sessions.close_all(db.session, user.id, keep=signed.token)
    db.session.commit()
    notify("Profile updated." + (" Your other sessions were logged out." if new_password else ""))
    return redirect("/wp-admin/profile.php", 303)
