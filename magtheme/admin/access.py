"""Who is signed in, and the doors: ``/wp-login.php``, signing out, one-time links.

WordPress's sign-in page answers at ``/wp-login.php`` with its field names (``log``,
``pwd``, ``rememberme``, ``redirect_to``) and actions (``?action=logout``,
``?action=lostpassword``), so a password manager or a habit made on WordPress works here.
Flask-Login keeps the signed-in person per request; what it remembers in the cookie is the
session's token, which :mod:`magtheme.auth.sessions` checks against the database on every
request (idle limit, lifetime, signing out everywhere).

Decided differently from WordPress:

- a wrong login and a wrong password get the same message, so the form does not tell a
  stranger which logins exist (WordPress names the unknown login);
- failed sign-ins are throttled (:mod:`magtheme.auth.throttle`);
- "Lost your password?" cannot send mail: it says how an administrator or the command line
  sets a new one;
- ``magtheme user one-time-login`` prints a link that signs someone in once, within an hour
  (what ``make run`` prints for the demo's administrator).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import (
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
)
from flask_login import LoginManager, current_user, login_user, logout_user
from markupsafe import Markup
from sqlalchemy import func, or_, select
from werkzeug.wrappers import Response

from ..auth import sessions
from ..auth.capabilities import user_can
from ..auth.passwords import check_password, hash_password, needs_rehash
from ..auth.throttle import LoginThrottle, describe_wait
from ..models import AnySession, db
from ..models.users import User, UserMeta
from ..options import load_options
from ..visibility import now_gmt

#: The user meta a one-time sign-in link is kept in (its hash and when it ends).
LOGIN_LINK_META = "magtheme_login_link"
LOGIN_LINK_LIFETIME = timedelta(hours=1)
_THROTTLE = "magtheme.login_throttle"


@dataclass(eq=False)
class SignedIn:
    """The person a request is signed in as, for Flask-Login and :func:`user_can`."""

    user: User
    token: str
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def role(self) -> str:
        return self.user.role

    def get_id(self) -> str:
        # What Flask-Login keeps in the signed cookie: the session's token, not the user ID,
        # so ending the session in the database ends it in the browser too.
        return self.token


def person() -> SignedIn | None:
    """The signed-in person of this request, or None."""
    found = current_user._get_current_object()  # type: ignore[attr-defined]
    return found if isinstance(found, SignedIn) else None


def can(capability: str, obj: Any = None, **context: Any) -> bool:
    """May the signed-in person do *capability* (to *obj*)? False when nobody is."""
    return user_can(person(), capability, obj, **context)


def _load(token: str) -> SignedIn | None:
    row = sessions.find_session(db.session, token, now=now_gmt())
    if row is None:
        db.session.commit()  # an expired row was removed
        return None
    user = db.session.get(User, row.user_id)
    if db.session.dirty or db.session.deleted:
        db.session.commit()  # last-seen moved on
    return SignedIn(user, token) if user is not None else None


def throttle() -> LoginThrottle:
    """The app's sign-in throttle (in Redis when the site has a ``redis_url``)."""
    found = current_app.extensions.get(_THROTTLE)
    if found is None:
        found = LoginThrottle.from_url(current_app.config.get("REDIS_URL"))
        current_app.extensions[_THROTTLE] = found
    return found


def safe_target(target: str | None, default: str) -> str:
    """*target* when it is a path on this site (``wp_safe_redirect``'s rule), else *default*."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or any(c in target for c in "\r\n\t\\")
        or urlsplit(target).netloc
    ):
        return default
    return target


def login_url(redirect_to: str | None = None, **extra: str) -> str:
    """``/wp-login.php`` (with ``redirect_to`` and *extra* in the query)."""
    query = {"redirect_to": redirect_to} if redirect_to else {}
    query.update(extra)
    return "/wp-login.php" + ("?" + urlencode(query) if query else "")


def _find_user(db_session: AnySession, given: str) -> User | None:
    """The user whose login (or, as WordPress allows, email address) is *given*."""
    if not given:
        return None
    return db_session.scalar(
        select(User).where(or_(User.login == given, func.lower(User.email) == given.lower()))
    )


def sign_in(user: User, *, remember: bool) -> None:
    """Start a session for *user* in this browser (a fresh cookie: no fixation)."""
    session.clear()
    token = sessions.open_session(
        db.session,
        user.id,
        now=now_gmt(),
        times=sessions.REMEMBERED if remember else sessions.SIGNED_IN,
        address=request.remote_addr or "",
        user_agent=request.headers.get("User-Agent", ""),
    )
    db.session.commit()
    session.permanent = remember
    login_user(SignedIn(user, token))


def sign_out() -> None:
    """End this browser's session (in the database and the cookie)."""
    signed = person()
    if signed is not None:
        sessions.close_session(db.session, signed.token)
        db.session.commit()
    logout_user()
    session.clear()


def _landing(user: User) -> str:
    """Where someone goes after signing in without a ``redirect_to``: WordPress sends those
    who cannot edit posts to their profile."""
    return "/wp-admin/" if user_can(user, "edit_posts") else "/wp-admin/profile.php"


def _page(template: str, status: int = 200, **context: Any) -> Response:
    body = render_template(template, blogname=load_options().get("blogname", ""), **context)
    response = Response(body, status, content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def login_view() -> Response:
    """``/wp-login.php``: sign in, sign out, lost password, one-time links."""
    action = request.args.get("action", "login")
    if action == "logout":
        return _logout()
    if action == "lostpassword":
        return _page("admin/lostpassword.html", title="Lost your password?")
    if action == "link":
        return _one_time_link()
    if action != "login":
        abort(404)
    redirect_to = request.values.get("redirect_to", "")
    if request.method == "GET":
        if person() is not None and not request.args.get("reauth"):
            return redirect(safe_target(redirect_to, _landing(person().user)), 303)  # type: ignore[union-attr]
        notice = None
        if request.args.get("loggedout"):
            notice = "You are now logged out."
        elif request.args.get("expired"):
            notice = "Your session has expired. Please log in to continue where you left off."
        return _page("admin/login.html", title="Log In", notice=notice, redirect_to=redirect_to)
    return _submit_login(redirect_to)


def _submit_login(redirect_to: str) -> Response:
    login = request.form.get("log", "").strip()[:100]
    # WordPress trims a password's surrounding spaces when it hashes and when it checks.
    password = request.form.get("pwd", "").strip()
    remember = bool(request.form.get("rememberme"))
    address = request.remote_addr or ""
    form = {"log": login, "rememberme": remember, "redirect_to": redirect_to}
    problems = []
    if not login:
        problems.append("Enter your username or email address.")
    if not password:
        problems.append("Enter your password.")
    if problems:
        return _page("admin/login.html", 422, title="Log In", errors=problems, **form)
    wait = throttle().wait_seconds(login, address)
    if wait:
        response = _page(
            "admin/login.html",
            429,
            title="Log In",
            errors=[
                "Too many failed attempts to log in. Please try again in "
                f"{describe_wait(wait)}, or ask an administrator to set a new password."
            ],
            **form,
        )
        response.headers["Retry-After"] = str(wait)
        return response
    user = _find_user(db.session, login)
    try:
        good = user is not None and check_password(password, user.password_hash)
    except ValueError:
        good = False
    if user is None or not good:
        throttle().failed(login, address)
        return _page(
            "admin/login.html",
            422,
            title="Log In",
            errors=[
                Markup(
                    "The username or password you entered is incorrect. "
                    '<a href="/wp-login.php?action=lostpassword">Lost your password?</a>'
                )
            ],
            **form,
        )
    throttle().succeeded(login)
    if needs_rehash(user.password_hash):
        # A hash brought from WordPress (phpass, bcrypt) or made with older parameters.
        user.password_hash = hash_password(password)
    sign_in(user, remember=remember)
    return redirect(safe_target(redirect_to, _landing(user)), 303)


def _logout() -> Response:
    """WordPress signs out from a link with a nonce; here a link shows a button whose form
    carries the CSRF token, and the POST signs out."""
    if request.method == "GET":
        if person() is None:
            return redirect(login_url(loggedout="true"), 303)
        return _page("admin/logout.html", title="Log Out")
    sign_out()
    return redirect(login_url(loggedout="true"), 303)


def make_login_link(db_session: AnySession, user: User, *, now: datetime) -> str:
    """A new one-time sign-in key for *user* (replacing any earlier one); the caller adds
    it to ``/wp-login.php?action=link&key=…``."""
    key = secrets.token_urlsafe(24)
    value = json.dumps(
        {
            "hash": hashlib.sha256(key.encode()).hexdigest(),
            "expires": (now + LOGIN_LINK_LIFETIME).isoformat(),
        }
    )
    meta = db_session.scalar(
        select(UserMeta).where(UserMeta.user_id == user.id, UserMeta.key == LOGIN_LINK_META)
    )
    if meta is None:
        db_session.add(UserMeta(user_id=user.id, key=LOGIN_LINK_META, value=value))
    else:
        meta.value = value
    return f"{user.id}.{key}"


def use_login_link(db_session: AnySession, raw: str, *, now: datetime) -> User | None:
    """The user a one-time key signs in (the key is used up), or None."""
    user_part, _, key = raw.partition(".")
    if not user_part.isdigit() or not key or len(user_part) > 12:
        return None
    meta = db_session.scalar(
        select(UserMeta).where(UserMeta.user_id == int(user_part), UserMeta.key == LOGIN_LINK_META)
    )
    if meta is None:
        return None
    try:
        stored = json.loads(meta.value)
        expires = datetime.fromisoformat(stored["expires"])
        expected = str(stored["hash"])
    except (ValueError, KeyError, TypeError):
        return None
    if not secrets.compare_digest(expected, hashlib.sha256(key.encode()).hexdigest()):
        return None
    db_session.delete(meta)
    if now >= expires:
        return None
    return db_session.get(User, int(user_part))


def _one_time_link() -> Response:
    """GET shows a button (so a mail scanner fetching the link does not use it up); the
    POST, with the CSRF token, signs in."""
    key = request.values.get("key", "")
    if request.method == "GET":
        return _page("admin/link.html", title="Log In", key=key)
    user = use_login_link(db.session, key, now=now_gmt())
    db.session.commit()
    if user is None:
        return _page(
            "admin/login.html",
            422,
            title="Log In",
            errors=[
                Markup(
                    "This sign-in link has expired or was already used. Make a new one with "
                    "<code>magtheme user one-time-login LOGIN</code>, or log in below."
                )
            ],
        )
    sign_in(user, remember=False)
    return redirect(_landing(user), 303)


#: WordPress's ``wp_redirect_admin_locations``: these paths, when nothing else answers them,
#: lead to the admin or the sign-in page.
ADMIN_LOCATIONS = {
    "/admin": "/wp-admin/",
    "/dashboard": "/wp-admin/",
    "/wp-admin": "/wp-admin/",
    "/login": "/wp-login.php",
}


def admin_location(path: str) -> str | None:
    """Where WordPress sends a request for *path* that found nothing (or None)."""
    return ADMIN_LOCATIONS.get(path.rstrip("/") or "/")


def install(app: Flask) -> None:
    """Sign-in for *app*: Flask-Login, the cookie's flags, ``/wp-login.php``."""
    manager = LoginManager()
    manager.user_loader(_load)
    manager.init_app(app)
    # Flask's defaults exist (SameSite unset, 31 days): set ours unless the site chose.
    if app.config.get("SESSION_COOKIE_SAMESITE") is None:
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["PERMANENT_SESSION_LIFETIME"] = sessions.REMEMBERED.lifetime
    app.add_url_rule("/wp-login.php", "login", login_view, methods=["GET", "POST"])
    app.before_request(_forget_last_person)


def _forget_last_person() -> None:
    """Flask-Login keeps the person on ``g`` (and Flask-WTF the CSRF token), which lives as
    long as the app context; where one app context serves several requests (the CLI, a
    test), each request must find its own from its own cookie."""
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
