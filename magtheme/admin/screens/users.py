"""Users (``/wp-admin/users.php``): the site's people by role; Add New (``user-new.php``);
a person's page (``user-edit.php?user_id=N``): name, email, role, a new password; removing
people with their posts given to someone who stays.

Administrators only, as WordPress's ``list_users``/``create_users``/``edit_users``/
``promote_users``/``delete_users``. Everyone edits their own profile on ``profile.php``.
The rules are :mod:`magtheme.auth.people`'s: the last administrator stays one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, redirect, request
from sqlalchemy import func, or_, select
from werkzeug.wrappers import Response

from ...auth import sessions
from ...auth.logins import email_problem
from ...auth.passwords import hash_password
from ...auth.people import (
    MIN_PASSWORD,
    PeopleError,
    change_role,
    default_role,
    email_taken,
    new_person,
    remove_people,
)
from ...models import Post, db
from ...models.users import ROLES, User
from .. import access, forbidden, notify
from ..routes import admin_route
from . import page


@admin_route("/users.php", "list_users", menu="Users")
def users() -> Response:
    """Everyone, filtered by ``?role=`` and ``?s=``, with how many posts each wrote."""
    role = request.args.get("role", "")
    search = request.args.get("s", "").strip()[:100]
    query = select(User).order_by(User.login)
    if role in ROLES:
        query = query.where(User.role == role)
    if search:
        like = f"%{search}%"
        query = query.where(
            or_(User.login.ilike(like), User.email.ilike(like), User.display_name.ilike(like))
        )
    people = list(db.session.scalars(query.limit(500)))
    posts = dict(
        db.session.execute(
            select(Post.author_id, func.count())
            .where(
                Post.post_type == "post",
                Post.status == "publish",
                Post.author_id.in_([p.id for p in people]),
            )
            .group_by(Post.author_id)
        ).all()
    )
    counts = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    return page(
        "admin/users.html",
        title="Users",
        people=people,
        posts=posts,
        counts=counts,
        roles=ROLES,
        role=role,
        search=search,
        me=access.person().id,  # type: ignore[union-attr]
    )


def _new_form(
    status: int = 200, errors: dict[str, str] | None = None, values: dict[str, str] | None = None
) -> Response:
    return page(
        "admin/user_new.html",
        status=status,
        title="Add New User",
        roles=ROLES,
        values=values or {"role": default_role()},
        errors=errors or {},
        min_password=MIN_PASSWORD,
    )


@admin_route("/user-new.php", "create_users", menu="Add New User", parent="Users")
def user_new() -> Response:
    """The form."""
    return _new_form()


@admin_route("/user-new.php", "create_users", methods=("POST",))
def user_create() -> Response:
    """Add the person; with no mail to send, the password is the one typed here."""
    values = {
        k: request.form.get(k, "").strip()
        for k in ("user_login", "email", "first_name", "last_name", "display_name", "role")
    }
    password = request.form.get("pass1", "")
    errors: dict[str, str] = {}
    if request.form.get("pass2", "") != password:
        errors["pass2"] = "The two passwords differ: type the same one in both boxes."
    try:
        person = new_person(
            db.session,
            login=values["user_login"],
            email=values["email"],
            role=values["role"] or default_role(),
            password=password,
            now=datetime.now(UTC),
            display_name=values["display_name"],
            first_name=values["first_name"],
            last_name=values["last_name"],
        )
    except PeopleError as exc:
        errors = {**exc.errors, **errors}
    if errors:
        db.session.rollback()
        return _new_form(422, errors, values)
    db.session.commit()
    notify(f"New user created: {person.login} ({person.role}). Give them their password yourself.")
    return redirect(f"/wp-admin/user-edit.php?user_id={person.id}", 303)


def _person() -> User:
    raw = request.values.get("user_id", "")
    person = db.session.get(User, int(raw)) if raw.isdigit() and len(raw) < 12 else None
    if person is None:
        abort(404)
    return person


def _edit_form(
    person: User,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    return page(
        "admin/user_edit.html",
        status=status,
        title=f"Edit User {person.login}",
        person_edited=person,
        roles=ROLES,
        values=values
        or {
            "email": person.email,
            "display_name": person.display_name,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "role": person.role,
        },
        errors=errors or {},
        others=db.session.scalars(
            select(User).where(User.id != person.id).order_by(User.login)
        ).all(),
        post_count=db.session.scalar(select(func.count()).where(Post.author_id == person.id)) or 0,
        can_delete=access.can("delete_users") and person.id != access.person().id,  # type: ignore[union-attr]
    )


@admin_route("/user-edit.php", "edit_users")
def user_edit() -> Response:
    """``?user_id=N`` (one's own goes to the profile)."""
    if "user_id" not in request.args:
        return redirect("/wp-admin/users.php", 302)
    person = _person()
    if person.id == access.person().id:  # type: ignore[union-attr]
        return redirect("/wp-admin/profile.php", 302)
    return _edit_form(person)


@admin_route("/user-edit.php", "edit_users", methods=("POST",))
def user_save() -> Response:
    """Save name, email, role and (if typed) a new password; or remove the person."""
    person = _person()
    if person.id == access.person().id:  # type: ignore[union-attr]
        return forbidden("Change your own account on your profile.")
    if request.form.get("action") == "delete":
        if not access.can("delete_users"):
            return forbidden()
        raw = request.form.get("reassign", "")
        try:
            remove_people(db.session, [person.id], reassign=int(raw) if raw.isdigit() else None)
        except PeopleError as exc:
            db.session.rollback()
            return _edit_form(person, 422, exc.errors)
        login = person.login
        db.session.commit()
        notify(f"User {login} removed.")
        return redirect("/wp-admin/users.php", 303)
    values = {
        k: request.form.get(k, "").strip()
        for k in ("email", "display_name", "first_name", "last_name", "role")
    }
    errors: dict[str, str] = {}
    problem = email_problem(values["email"])
    if problem:
        errors["email"] = problem[0].upper() + problem[1:]
    elif (owner := email_taken(db.session, values["email"], but=person.id)) is not None:
        errors["email"] = f"{values['email']} is already the address of {owner}; give another."
    password = request.form.get("pass1", "")
    if password and (len(password) < MIN_PASSWORD or password != password.strip()):
        errors["pass1"] = (
            f"Give a password of at least {MIN_PASSWORD} characters, without spaces at its ends."
        )
    try:
        if values["role"] != person.role:
            if not access.can("promote_users"):
                errors["role"] = "You may not change roles."
            else:
                change_role(db.session, person, values["role"])
    except PeopleError as exc:
        errors.update(exc.errors)
    if errors:
        db.session.rollback()
        return _edit_form(person, 422, errors, values)
    person.email = values["email"]
    person.display_name = values["display_name"] or person.login
    person.first_name = values["first_name"]
    person.last_name = values["last_name"]
    if password:
        person.password_hash = hash_password(password)
        sessions.close_all(db.session, person.id)
    db.session.commit()
    notify(
        f"User {person.login} updated." + (" Their sessions were logged out." if password else "")
    )
    return redirect(f"/wp-admin/user-edit.php?user_id={person.id}", 303)
