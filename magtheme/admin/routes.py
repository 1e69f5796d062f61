"""The admin's routes and what each needs: one table, read by the screens and the tests.

Every admin view is declared with :func:`admin_route`, naming the capability a person must
hold to open it (WordPress's ``add_menu_page`` capability; checks on one object, such as
``edit_post`` for *this* post, happen inside the view). The table lets the tests walk every
route and prove each role gets exactly what its capabilities allow, and lets the menu show a
person only the screens they may open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Blueprint

#: The admin lives where WordPress's does, so people's bookmarks and habits keep working.
blueprint = Blueprint(
    "admin",
    __name__,
    url_prefix="/wp-admin",
    template_folder="templates",
    static_folder="static",
    static_url_path="/magtheme-static",
)

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class AdminRoute:
    """One admin URL: its endpoint, the capability it needs and the methods it answers."""

    endpoint: str
    rule: str
    capability: str
    methods: tuple[str, ...]
    #: Shown in the admin menu under this title (None: reached from another screen).
    menu: str | None = None
    #: The menu title of the screen it sits under (a submenu entry), if any.
    parent: str | None = None


#: endpoint ("admin.themes") → its route, in the order the menu shows them.
ROUTES: dict[str, AdminRoute] = {}


def admin_route(
    rule: str,
    capability: str,
    *,
    methods: tuple[str, ...] = ("GET",),
    menu: str | None = None,
    parent: str | None = None,
) -> Callable[[F], F]:
    """Declare an admin view at ``/wp-admin{rule}`` needing *capability*."""

    def decorate(view: F) -> F:
        endpoint = f"admin.{view.__name__}"
        ROUTES[endpoint] = AdminRoute(endpoint, rule, capability, methods, menu, parent)
        blueprint.add_url_rule(rule, view.__name__, view, methods=list(methods))
        return view

    return decorate


#: Menu entries that are another address of a declared screen (Pages is ``edit.php`` for
#: pages): title → (url, capability, parent title or None).
MENU_LINKS: dict[str, tuple[str, str, str | None]] = {}


def menu_link(title: str, url: str, capability: str, parent: str | None = None) -> None:
    """Show *title* in the admin menu, leading to *url* (a declared screen with its query)."""
    MENU_LINKS[title] = (url, capability, parent)


def route_for(endpoint: str | None) -> AdminRoute | None:
    """The declared route of *endpoint*, if it is an admin screen."""
    return ROUTES.get(endpoint or "")
