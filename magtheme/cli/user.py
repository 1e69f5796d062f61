"""``magtheme user …``: the site's people, shaped like WP-CLI's ``wp user``.

    magtheme user create USER_LOGIN USER_EMAIL [--role= --user_pass= --display_name=
                                                --first_name= --last_name= --porcelain]
    magtheme user list [--role= --field= --fields= --format table|json|csv|ids|count]
    magtheme user get USER [--field= --fields= --format table|json|csv]
    magtheme user update USER... [--user_pass= --user_email= --display_name= --role= …]
    magtheme user set-role USER [ROLE]
    magtheme user reset-password USER... [--porcelain] [--show-password] [--skip-email]
    magtheme user delete USER... [--reassign=USER_ID] [--yes]

USER is an ID, an email address or a login. There is no mail here: a password the command
makes up (``create`` without ``--user_pass``, ``reset-password``) is printed once, and never
stored but as its hash; no command prints a hash. Every refusal says what was wrong, changes
nothing and exits with status 1.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import click
from sqlalchemy import delete, func, select, update

from ..auth.logins import email_problem, login_problem
from ..auth.passwords import hash_password
from ..auth.people import default_role, unique_nicename
from ..auth.sessions import close_all
from ..models import Post, db
from ..models.users import ROLES, User, UserMeta
from ..slugs import sanitize_title
from . import Refused, _app, _require_tables, main

#: What ``list`` and ``get`` can show, WP-CLI's names. ``user_pass`` is not among them.
FIELDS = {
    "ID": lambda u: u.id,
    "user_login": lambda u: u.login,
    "user_nicename": lambda u: u.nicename,
    "user_email": lambda u: u.email,
    "user_url": lambda u: u.url,
    "user_registered": lambda u: u.registered.isoformat(sep=" "),
    "display_name": lambda u: u.display_name,
    "first_name": lambda u: u.first_name,
    "last_name": lambda u: u.last_name,
    "roles": lambda u: u.role,
}
DEFAULT_FIELDS = ("ID", "user_login", "display_name", "user_email", "user_registered", "roles")
#: ``wp_generate_password``'s characters (with its "special" ones) and WP-CLI's length.
PASSWORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + "!@#$%^&*()"
GENERATED_LENGTH = 24

_USERS = click.argument("users", nargs=-1, required=True, metavar="USER...")


@main.group()
def user() -> None:
    """Manage the site's people: create, list, change, delete (WP-CLI's ``wp user``)."""


# -- creating ------------------------------------------------------------------------------


@user.command("create")
@click.argument("user_login")
@click.argument("user_email")
@click.option("--role", default=None, help="One of: " + ", ".join(ROLES) + ".")
@click.option("--user_pass", default=None, help="The password (else one is made up and shown).")
@click.option("--display_name", default=None, help="The name shown on the site (else the login).")
@click.option("--first_name", default="")
@click.option("--last_name", default="")
@click.option("--porcelain", is_flag=True, help="Print only the new user's ID.")
def user_create(
    user_login: str,
    user_email: str,
    role: str | None,
    user_pass: str | None,
    display_name: str | None,
    first_name: str,
    last_name: str,
    porcelain: bool,
) -> None:
    """Create a user. Without --user_pass a strong password is made up and printed once."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        _check(login_problem(user_login), "USER_LOGIN")
        _check_email(user_email, "USER_EMAIL")
        role = role if role is not None else _default_role()
        _check_role(role, "--role")
        generated = user_pass is None
        password = _new_password() if user_pass is None else user_pass
        password_hash = _hash(password)
        if db.session.scalar(select(User.id).where(User.login == user_login)):
            raise Refused(
                f"the login {user_login!r} is taken; choose another "
                "(magtheme user list shows those in use).",
                "USER_LOGIN",
            )
        person = User(
            login=user_login,
            email=user_email,
            nicename=_unique_nicename(user_login),
            display_name=user_login if display_name is None else display_name,
            first_name=first_name,
            last_name=last_name,
            role=role,
            password_hash=password_hash,
            registered=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
        )
        db.session.add(person)
        db.session.commit()
        user_id = person.id
    if porcelain:
        click.echo(user_id)
        if generated:  # WP-CLI would lose it; stderr keeps stdout the ID alone for scripts.
            click.echo(f"Password: {password}", err=True)
        return
    click.echo(f"Success: Created user {user_id}.")
    if generated:
        click.echo(f"Password: {password}")


# -- reading -------------------------------------------------------------------------------


@user.command("list")
@click.option("--role", default=None, help="Only people with this role.")
@click.option("--field", default=None, help="Print this one field of each user.")
@click.option("--fields", default=None, help="Comma-separated fields to show.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "ids", "count"]),
    default="table",
)
def user_list(role: str | None, field: str | None, fields: str | None, fmt: str) -> None:
    """List users, by login: ID, login, display name, email, registered, role."""
    app = _app()
    _require_tables(app)
    columns = _columns(field, fields)
    with app.app_context():
        stmt = select(User).order_by(User.login)
        if role is not None:
            _check_role(role, "--role")
            stmt = stmt.where(User.role == role)
        people = list(db.session.scalars(stmt))
    if fmt == "ids":
        click.echo(" ".join(str(p.id) for p in people))
    elif fmt == "count":
        click.echo(len(people))
    elif field is not None and fmt == "table":
        for person in people:
            click.echo(FIELDS[field](person))
    else:
        _emit([{c: FIELDS[c](p) for c in columns} for p in people], columns, fmt)


@user.command("get")
@click.argument("user_ref", metavar="USER")
@click.option("--field", default=None, help="Print only this field.")
@click.option("--fields", default=None, help="Comma-separated fields to show.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
def user_get(user_ref: str, field: str | None, fields: str | None, fmt: str) -> None:
    """Show one user (never the password or its hash)."""
    app = _app()
    _require_tables(app)
    columns = _columns(field, fields, every=True)
    with app.app_context():
        person = _find(user_ref)
        row = {c: FIELDS[c](person) for c in columns}
    if field is not None:
        click.echo(json.dumps(row[field]) if fmt == "json" else row[field])
    elif fmt == "table":
        click.echo("Field\tValue")
        for key, value in row.items():
            click.echo(f"{key}\t{value}")
    elif fmt == "json":
        click.echo(json.dumps(row, ensure_ascii=False))
    else:
        _emit([row], columns, "csv")


# -- changing ------------------------------------------------------------------------------


@user.command("update")
@_USERS
@click.option("--user_pass", default=None, help="A new password.")
@click.option("--user_email", default=None, help="A new email address.")
@click.option("--display_name", default=None)
@click.option("--first_name", default=None)
@click.option("--last_name", default=None)
@click.option("--user_url", default=None, help="The person's website.")
@click.option("--user_nicename", default=None, help="The slug of their author archive.")
@click.option("--role", default=None, help="One of: " + ", ".join(ROLES) + ".")
@click.option("--skip-email", is_flag=True, help="Accepted for WP-CLI's sake (no mail here).")
def user_update(users: tuple[str, ...], skip_email: bool, **changes: str | None) -> None:
    """Change users' fields, password or role."""
    app = _app()
    _require_tables(app)
    wanted = {key: value for key, value in changes.items() if value is not None}
    if not wanted:
        # A command line with nothing to do is click's usage error (exit 2), as elsewhere.
        raise click.UsageError(
            "nothing to change; give at least one of --"
            + ", --".join(changes)
            + " (see magtheme user update --help)."
        )
    with app.app_context():
        people = _find_many(users)
        if "user_email" in wanted:
            _check_email(wanted["user_email"] or "", "--user_email", people)
            if len(people) > 1:
                raise Refused("an email address belongs to one user; update one at a time.")
        if "role" in wanted:
            _check_role(wanted["role"] or "", "--role")
            if wanted["role"] != "administrator":
                _keep_an_administrator(people, "change the role of")
        if "user_nicename" in wanted:
            nicename = sanitize_title(wanted["user_nicename"] or "")[:50]
            if not nicename:
                raise Refused("a nicename needs letters or digits, e.g. jane.", "--user_nicename")
            wanted["user_nicename"] = nicename
        password_hash = _hash(wanted["user_pass"] or "") if "user_pass" in wanted else None
        attributes = {
            "user_email": "email",
            "display_name": "display_name",
            "first_name": "first_name",
            "last_name": "last_name",
            "user_url": "url",
            "user_nicename": "nicename",
            "role": "role",
        }
        for person in people:
            for option, attribute in attributes.items():
                if option in wanted:
                    setattr(person, attribute, wanted[option])
            if password_hash is not None:
                person.password_hash = password_hash
                close_all(db.session, person.id)
        db.session.commit()
        ids = [p.id for p in people]
    for user_id in ids:
        click.echo(f"Success: Updated user {user_id}.")


@user.command("set-role")
@click.argument("user_ref", metavar="USER")
@click.argument("role", required=False)
def user_set_role(user_ref: str, role: str | None) -> None:
    """Give a user a role (without ROLE, the site's default role)."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        role = role if role is not None else _default_role()
        _check_role(role, "ROLE")
        person = _find(user_ref)
        if role != "administrator":
            _keep_an_administrator([person], "change the role of")
        person.role = role
        db.session.commit()
        click.echo(f"Success: Added {person.login} ({person.id}) to this site as {role}.")


@user.command("reset-password")
@_USERS
@click.option("--porcelain", is_flag=True, help="Print only the new passwords, one a line.")
@click.option("--show-password", is_flag=True, help="Accepted: the password is always shown.")
@click.option("--skip-email", is_flag=True, help="Accepted: there is no mail to skip.")
def user_reset_password(
    users: tuple[str, ...], porcelain: bool, show_password: bool, skip_email: bool
) -> None:
    """Give users new, made-up passwords. With no mail to send them, each is printed once:
    pass it on to its owner yourself."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        people = _find_many(users)
        fresh = []
        for person in people:
            password = _new_password()
            person.password_hash = _hash(password)
            # A new password ends the sessions signed in with the old one.
            close_all(db.session, person.id)
            fresh.append((person.login, password))
        db.session.commit()
    for login, password in fresh:
        if porcelain:
            click.echo(password)
        else:
            click.echo(f"Success: Reset password for {login}.")
            click.echo(f"Password: {password}")


@user.command("one-time-login")
@click.argument("user_ref", metavar="USER")
@click.option("--porcelain", is_flag=True, help="Print only the link.")
def user_one_time_login(user_ref: str, porcelain: bool) -> None:
    """Print a link that signs USER in once, within an hour (making a new one voids the
    last). For a forgotten password, or the first sign-in of a new site."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        link = login_link(_find(user_ref))
        db.session.commit()
    click.echo(link if porcelain else f"Success: Log in once, within an hour: {link}")


def login_link(person: User) -> str:
    """A one-time sign-in link for *person* on the site's address."""
    from ..admin.access import make_login_link
    from ..hosts import home_url
    from ..options import load_options
    from ..visibility import now_gmt

    key = make_login_link(db.session, person, now=now_gmt())
    return f"{home_url(load_options())}/wp-login.php?action=link&key={key}"


def first_administrator() -> User | None:
    """The site's first administrator (lowest ID), if it has one."""
    return db.session.scalar(
        select(User).where(User.role == "administrator").order_by(User.id).limit(1)
    )


@user.command("delete")
@_USERS
@click.option("--reassign", type=int, default=None, help="The user ID to give their posts to.")
@click.option("--yes", is_flag=True, help="Accepted for WP-CLI's sake (nothing is asked).")
def user_delete(users: tuple[str, ...], reassign: int | None, yes: bool) -> None:
    """Delete users, giving their posts to --reassign.

    WP-CLI deletes the posts of a user deleted without --reassign. Magtheme cannot delete
    posts yet, so it refuses to delete someone who has posts unless --reassign says who gets
    them.
    """
    app = _app()
    _require_tables(app)
    with app.app_context():
        people = _find_many(users)
        ids = [p.id for p in people]
        _keep_an_administrator(people, "delete")
        if reassign is not None:
            heir = db.session.get(User, reassign)
            if heir is None:
                raise Refused(
                    f"there is no user with ID {reassign} to give the posts to "
                    "(magtheme user list shows the IDs).",
                    "--reassign",
                )
            if reassign in ids:
                raise Refused(
                    "the user who gets the posts cannot be one being deleted.", "--reassign"
                )
            db.session.execute(
                update(Post).where(Post.author_id.in_(ids)).values(author_id=reassign)
            )
        else:
            _refuse_if_they_have_posts(people)
        db.session.execute(delete(UserMeta).where(UserMeta.user_id.in_(ids)))
        db.session.execute(delete(User).where(User.id.in_(ids)))
        db.session.commit()
    for user_id in ids:
        click.echo(f"Success: Removed user {user_id} from this site.")


# -- helpers -------------------------------------------------------------------------------


def _check(problem: str | None, param: str) -> None:
    if problem is not None:
        raise Refused(problem, param)


def _check_email(email: str, param: str, owners: Iterable[User] = ()) -> None:
    """A valid address no one else has (compared without case, as MySQL does for WordPress)."""
    _check(email_problem(email), param)
    mine = [p.id for p in owners]
    taken = db.session.scalar(
        select(User.login).where(func.lower(User.email) == email.lower(), User.id.not_in(mine))
    )
    if taken is not None:
        raise Refused(f"{email} is already the address of {taken}; give another.", param)


def _check_role(role: str, param: str) -> None:
    if role not in ROLES:
        raise Refused(f"there is no role {role!r}; choose one of {', '.join(ROLES)}.", param)


def _default_role() -> str:
    return default_role()


def _hash(password: str) -> str:
    if password != password.strip():
        raise Refused(
            "a password may not begin or end with spaces (WordPress trims them away, so "
            "it could never be typed back); remove them.",
            "--user_pass",
        )
    try:
        return hash_password(password)
    except ValueError as exc:
        raise Refused(str(exc), "--user_pass") from None


def _new_password() -> str:
    return "".join(secrets.choice(PASSWORD_CHARS) for _ in range(GENERATED_LENGTH))


def _unique_nicename(login: str) -> str:
    return unique_nicename(db.session, login)


def _find(ref: str) -> User:
    """The user *ref* names: an ID, else an email address, else a login (WP-CLI's order)."""
    person = db.session.get(User, int(ref)) if ref.isdigit() else None
    if person is None and "@" in ref:
        person = db.session.scalar(select(User).where(func.lower(User.email) == ref.lower()))
    if person is None:
        person = db.session.scalar(select(User).where(User.login == ref))
    if person is None:
        raise Refused(
            f"there is no user {ref!r}; give an ID, email address or login "
            "(magtheme user list shows them).",
            "USER",
        )
    return person


def _find_many(refs: Iterable[str]) -> list[User]:
    people: dict[int, User] = {}
    for ref in refs:
        person = _find(ref)
        people.setdefault(person.id, person)
    return list(people.values())


def _keep_an_administrator(people: list[User], verb: str) -> None:
    """Refuse to leave the site without an administrator (no one could manage it)."""
    leaving = {p.id for p in people if p.role == "administrator"}
    if not leaving:
        return
    others = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == "administrator", User.id.not_in(leaving))
    )
    if not others:
        raise Refused(
            f"cannot {verb} the site's last administrator; make someone else an administrator "
            "first (magtheme user set-role USER administrator)."
        )


def _refuse_if_they_have_posts(people: list[User]) -> None:
    counts = dict(
        db.session.execute(
            select(Post.author_id, func.count())
            .where(Post.author_id.in_([p.id for p in people]))
            .group_by(Post.author_id)
        ).all()
    )
    authors = [f"{p.login} has {counts[p.id]}" for p in people if counts.get(p.id)]
    if authors:
        raise Refused(
            f"{'; '.join(authors)} posts. Pass --reassign=USER_ID to give them to another "
            "user (Magtheme does not delete posts with their author)."
        )


def _columns(field: str | None, fields: str | None, every: bool = False) -> tuple[str, ...]:
    asked = [field] if field else [f.strip() for f in fields.split(",")] if fields else None
    columns = tuple(asked) if asked else tuple(FIELDS) if every else DEFAULT_FIELDS
    for column in columns:
        if column == "user_pass":
            raise Refused(
                "user_pass is never shown: it is a password hash. To give someone a new "
                "password, use magtheme user reset-password USER.",
                "--field" if field else "--fields",
            )
        if column not in FIELDS:
            raise Refused(
                f"there is no field {column!r}; choose from {', '.join(FIELDS)}.",
                "--field" if field else "--fields",
            )
    return columns


def _emit(rows: list[dict[str, Any]], columns: tuple[str, ...], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(out.getvalue(), nl=False)
        return
    click.echo("\t".join(columns))
    for row in rows:
        click.echo("\t".join(str(row[c]) for c in columns))
