"""The site's people, as services: add someone, change their role, remove them.

The Users screens call these; every check answers with a message per field
(:class:`PeopleError`), so a form shows every problem at once and nothing is written.
``magtheme user`` keeps its own command-line wording but shares the rules that matter:
:func:`unique_nicename`, :func:`default_role`, and that the last administrator can be neither
demoted nor removed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update

from ..models import AnySession, Post
from ..models.sessions import LoginSession
from ..models.users import ROLES, User, UserMeta
from ..options import get_option
from ..slugs import sanitize_title
from .logins import email_problem, login_problem
from .passwords import hash_password

#: Shortest password the screens take for someone new (WordPress warns; it refuses none).
MIN_PASSWORD = 8


class PeopleError(ValueError):
    """A change refused: *errors* maps each field (``user_login``, ``email``…) to what to fix."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


def default_role() -> str:
    """The ``default_role`` option, WordPress's "New User Default Role" (subscriber)."""
    value = get_option("default_role")
    return value if isinstance(value, str) and value in ROLES else "subscriber"


def unique_nicename(session: AnySession, login: str) -> str:
    """``wp_insert_user``'s nicename: the login as a slug (50 characters), ``-2``, ``-3``…"""
    base = sanitize_title(login)[:50] or "user"
    taken = set(session.scalars(select(User.nicename).where(User.nicename.like(f"{base}%"))))
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate, n = base[: 50 - len(suffix)] + suffix, n + 1
    return candidate


def email_taken(session: AnySession, email: str, but: int = 0) -> str | None:
    """The login of whoever else has *email* (compared without case), or None."""
    return session.scalar(
        select(User.login).where(func.lower(User.email) == email.lower(), User.id != but)
    )


def new_person(
    session: AnySession,
    *,
    login: str,
    email: str,
    role: str,
    password: str,
    now: datetime,
    display_name: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Add someone (not committed); :class:`PeopleError` lists every problem."""
    errors: dict[str, str] = {}
    problem = login_problem(login)
    if problem:
        errors["user_login"] = _sentence(problem)
    elif session.scalar(select(User.id).where(User.login == login)):
        errors["user_login"] = f"The login {login!r} is taken; choose another."
    problem = email_problem(email)
    if problem:
        errors["email"] = _sentence(problem)
    elif (owner := email_taken(session, email)) is not None:
        errors["email"] = f"{email} is already the address of {owner}; give another."
    if role not in ROLES:
        errors["role"] = f"There is no role {role!r}; choose one of {', '.join(ROLES)}."
    if len(password.strip()) < MIN_PASSWORD or password != password.strip():
        errors["pass1"] = (
            f"Give a password of at least {MIN_PASSWORD} characters, without spaces at its ends."
        )
    if errors:
        raise PeopleError(errors)
    person = User(
        login=login,
        email=email,
        nicename=unique_nicename(session, login),
        display_name=display_name.strip() or login,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
        password_hash=hash_password(password),
        registered=now.replace(microsecond=0, tzinfo=None),
    )
    session.add(person)
    session.flush()
    return person


def _administrators(session: AnySession) -> set[int]:
    return set(session.scalars(select(User.id).where(User.role == "administrator")))


def change_role(session: AnySession, person: User, role: str) -> None:
    """Give *person* *role*; the site's last administrator keeps theirs."""
    if role not in ROLES:
        raise PeopleError({"role": f"There is no role {role!r}; choose one of {', '.join(ROLES)}."})
    if person.role == "administrator" and role != "administrator":
        if _administrators(session) == {person.id}:
            raise PeopleError(
                {
                    "role": f"{person.login} is the site's only administrator; make someone "
                    "else an administrator first."
                }
            )
    person.role = role


def remove_people(session: AnySession, ids: Sequence[int], *, reassign: int | None) -> None:
    """Remove *ids*, their posts going to *reassign* (required when they have posts)."""
    if not ids:
        raise PeopleError({"users": "Tick the people to remove."})
    admins = _administrators(session)
    if admins and admins <= set(ids):
        raise PeopleError({"users": "The site must keep an administrator; keep one of them."})
    has_posts = session.scalar(select(func.count()).where(Post.author_id.in_(ids)))
    if reassign is not None:
        if reassign in ids or session.get(User, reassign) is None:
            raise PeopleError({"reassign": "Give the posts to someone who stays."})
        session.execute(update(Post).where(Post.author_id.in_(ids)).values(author_id=reassign))
    elif has_posts:
        raise PeopleError({"reassign": "They have posts: choose who gets them."})
    session.execute(delete(LoginSession).where(LoginSession.user_id.in_(ids)))
    session.execute(delete(UserMeta).where(UserMeta.user_id.in_(ids)))
    session.execute(delete(User).where(User.id.in_(ids)))
