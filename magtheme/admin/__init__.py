"""The site owner's admin at ``/wp-admin/``: sign-in, screens, and the rules they share.

Every admin screen is a server-rendered page behind a sign-in; each declares the capability
it needs (:mod:`magtheme.admin.routes`), and every state-changing request of the whole app
carries a CSRF token (Flask-WTF), except the public forms WordPress leaves open to anyone:
comments, post passwords and trackbacks, which have checks of their own.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, flash, get_flashed_messages, has_request_context, redirect, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.wrappers import Response

from ..options import load_options
from . import access, preview
from .routes import MENU_LINKS, ROUTES, blueprint, route_for

csrf = CSRFProtect()

#: The largest request body taken unless the site sets ``max_content_length``.
MAX_REQUEST = 64 * 1024 * 1024

#: The public forms that take posts from anyone, as WordPress's do (no nonce).
PUBLIC_FORMS = ("postpass", "comment_post", "trackback")


class SiteSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, marked ``Secure`` whenever the request came over HTTPS or the
    site's address is ``https://`` (a cookie that signs someone in never travels in clear)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        if super().get_cookie_secure(app):
            return True
        if not has_request_context():
            return False
        home = str(load_options().get("home") or app.config.get("SITE_URL") or "")
        return request.is_secure or home.startswith("https://")


def notify(message: str, category: str = "success") -> None:
    """Say on the next screen what an action did (or, as ``"error"``, what went wrong)."""
    flash(message, category)


#: WordPress's order of the admin menu; entries not named here follow, as declared.
MENU_ORDER = (
    "Dashboard",
    "Posts",
    "Media",
    "Pages",
    "Comments",
    "Appearance",
    "Users",
    "Profile",
    "Tools",
    "Settings",
)

#: The order of submenu entries, WordPress's where it has them; others follow as declared.
SUBMENU_ORDER = (
    "All Posts",
    "Add New Post",
    "Categories",
    "Tags",
    "Add New Media File",
    "Add New Page",
    "Customize",
    "Widgets",
    "Menus",
    "Tickers",
    "Add New Theme",
    "Export",
    "Add New User",
    "Reading",
    "Discussion",
    "Permalinks",
)


def _menu() -> list[dict[str, Any]]:
    """The admin menu the signed-in person may use: top entries with their submenus."""
    tops: dict[str, dict[str, Any]] = {}
    children: list[tuple[str, dict[str, Any]]] = []
    here = request.full_path.rstrip("?")
    entries = [
        (r.menu, "/wp-admin" + r.rule, r.capability, r.parent, r.endpoint)
        for r in ROUTES.values()
        if r.menu is not None
    ] + [(title, url, cap, parent, None) for title, (url, cap, parent) in MENU_LINKS.items()]
    # The entry for this page: the link naming exactly this address, else the screen's own.
    exact = {url for _t, url, _c, _p, _e in entries if url == here}
    for title, url, capability, parent, endpoint in entries:
        if not access.can(capability):
            continue
        current = url == here if exact else (endpoint is not None and request.endpoint == endpoint)
        item = {"title": title, "url": url, "current": current, "children": []}
        if parent:
            children.append((parent, item))
        else:
            tops[title] = item
    for parent, item in children:
        top = tops.get(parent)
        if top is None:  # the person may not open the parent screen: the entry stands alone
            tops[str(item["title"])] = item
            continue
        top["children"].append(item)
        top["open"] = top.get("open") or item["current"]
    rank = {title: n for n, title in enumerate(MENU_ORDER)}
    sub = {title: n for n, title in enumerate(SUBMENU_ORDER)}
    for top in tops.values():
        top["children"].sort(key=lambda e: sub.get(e["title"], len(sub)))
    return sorted(tops.values(), key=lambda e: rank.get(e["title"], len(rank)))


def _guard() -> Response | None:
    """Every admin screen: signed in (else to the sign-in page), and allowed (else 403)."""
    if request.endpoint == "admin.static":
        return None  # the admin's stylesheet, which the sign-in page needs too
    signed = access.person()
    if signed is None:
        return redirect(access.login_url(request.full_path.rstrip("?"), reauth="1"), 302)
    route = route_for(request.endpoint)
    if route is not None and not access.can(route.capability):
        return forbidden()
    return None


blueprint.before_request(_guard)


def forbidden(message: str = "Sorry, you are not allowed to access this page.") -> Response:
    """WordPress's refusal, as a page with the admin around it (403)."""
    from .screens import page

    return page("admin/forbidden.html", status=403, title="Not allowed", message=message)


def _csrf_failed(error: CSRFError) -> Response:
    from .screens import page

    cookies = bool(request.cookies)
    reason = (
        "Your browser sent no cookies: the admin needs them. Allow cookies for this site "
        "and try again."
        if not cookies
        else "The form was open too long, or was sent from another page. Go back, reload "
        "the page and try again."
    )
    return page(
        "admin/expired.html",
        status=400,
        title="Something went wrong",
        message="The link you followed has expired.",
        reason=reason,
        chrome=access.person() is not None,
    )


def register(app: Flask) -> None:
    """Attach sign-in and the admin to *app*."""
    from . import screens  # noqa: F401  (declares the screens on the blueprint)

    app.session_interface = SiteSessionInterface()
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        # No request body past this (413): the largest upload the admin takes, and then some.
        app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # a token lives as long as the session
    csrf.init_app(app)
    for endpoint in PUBLIC_FORMS:
        view = app.view_functions.get(endpoint)
        if view is not None:
            csrf.exempt(view)
    access.install(app)
    preview.install(app)
    app.register_blueprint(blueprint)
    app.register_error_handler(CSRFError, _csrf_failed)
    app.jinja_env.globals.setdefault("admin_menu", _menu)
    app.jinja_env.globals.setdefault("admin_notices", get_flashed_messages)


__all__ = ["csrf", "forbidden", "notify", "register"]
