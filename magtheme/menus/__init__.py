"""Navigation menus: WordPress's ``nav_menu`` terms and ``nav_menu_item`` posts.

A menu is a term of the ``nav_menu`` taxonomy; its items are ``nav_menu_item`` posts in that
term, ordered by ``menu_order``, whose meta says what each links to (a post, a term, a post
type archive or a custom URL) and which item it hangs under. Locations map a theme's slots
(``primary``, ``footer``, declared in ``theme.toml``) to menus through the
``nav_menu_locations`` option.

- :mod:`.tree` reads a menu into the tree templates see (:class:`MenuItem`);
- :mod:`.classes` is WordPress's ``_wp_menu_item_classes_by_context``, a pure function;
- :mod:`.store` creates, changes and deletes menus, items and location assignments;
- :class:`PageMenus` is what one page render gets: ``menu(location)``, the tree, and
  ``nav_menu(location, …)``, WordPress's ``wp_nav_menu`` markup through the theme's
  ``menus/nav-menu.html`` (or the built-in one), with ``wp_page_menu``'s list of pages as
  the fallback when the location has no menu.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from jinja2 import TemplateNotFound
from markupsafe import Markup

from ..models import AnySession
from ..types import Registry
from ..visibility import now_gmt
from .classes import Shown
from .tree import (
    MenuInfo,
    MenuItem,
    load_menu,
    load_menu_infos,
    load_menus,
    php_list,
    shown_for,
)

#: The templates ``nav_menu()`` renders (a theme overrides them in ``templates/menus/``).
NAV_MENU_TEMPLATE = "menus/nav-menu.html"
PAGE_MENU_TEMPLATE = "menus/page-menu.html"
#: The containers ``wp_nav_menu`` allows (``wp_nav_menu_container_allowedtags``).
CONTAINERS = ("div", "nav")


def menu_for_location(
    session: AnySession,
    locations: Mapping[str, Any],
    location: str,
    linker: Any,
    current_url: str = "",
) -> list[MenuItem]:
    """The menu assigned to *location* (``[]`` when none is)."""
    menu_id = location_menu_id(locations, location)
    if not menu_id:
        return []
    return load_menu(session, menu_id, linker, current_url)


def location_menu_id(locations: Any, location: str) -> int:
    """The menu id *locations* (the ``nav_menu_locations`` option) assigns to *location*."""
    if not isinstance(locations, Mapping):
        return 0
    try:
        return int(str(locations.get(location, "") or "0").strip())
    except ValueError:
        return 0


HAS_CHILDREN = "menu-item-has-children"


def shown_to_depth(items: list[MenuItem], depth: int) -> list[MenuItem]:
    """*items* as ``wp_nav_menu(depth=…)`` shows them: all levels (0), the first *depth*
    levels, or every item on one level (-1). Items on the deepest level shown lose
    ``menu-item-has-children``, since their children are not there (WordPress 6.2's
    ``wp_nav_menu_remove_menu_item_has_children_class``). The loaded tree is not changed.
    """
    if depth == 0:
        return items

    def trimmed(item: MenuItem, children: list[MenuItem]) -> MenuItem:
        classes = " ".join(c for c in item.classes.split() if c != HAS_CHILDREN)
        return replace(item, classes=classes, children=children)

    if depth < 0:
        flat: list[MenuItem] = []

        def walk(level: list[MenuItem]) -> None:
            for item in level:
                flat.append(trimmed(item, []))
                walk(item.children)

        walk(items)
        return flat

    def cut(level: list[MenuItem], at: int) -> list[MenuItem]:
        if at >= depth:
            return [trimmed(item, []) for item in level]
        return [replace(item, children=cut(item.children, at + 1)) for item in level]

    return cut(items, 1)


class PageMenus:
    """The menus of one page render: each location read once, however often it is printed.

    *query* is the page's main query (what decides which item is current), *chain* the
    active theme chain (for the templates of :meth:`nav_menu`).
    """

    def __init__(
        self,
        session: AnySession,
        options: Mapping[str, Any],
        linker: Any,
        *,
        query: Any = None,
        registry: Registry | None = None,
        current_url: str = "",
        chain: Any = None,
        now: datetime | None = None,
    ) -> None:
        self.session = session
        self.options = options
        self.linker = linker
        self.query = query
        self.registry = registry if registry is not None else getattr(linker, "registry", None)
        self.current_url = current_url
        self.chain = chain
        self.now = now or now_gmt()
        self._shown: Shown | None = None
        self._menus: dict[int, tuple[MenuInfo | None, list[MenuItem]]] = {}
        self._used_ids: list[str] = []

    @property
    def shown(self) -> Shown:
        if self._shown is None:
            self._shown = shown_for(self.session, self.query, self.registry, self.current_url)
        return self._shown

    def load(self, menu_id: int) -> tuple[MenuInfo | None, list[MenuItem]]:
        """Menu *menu_id* and its item tree (read once per page). The first menu asked for
        brings the menus of every location the theme declares with it, in one set of
        statements: a header, a footer and a social menu cost what one does."""
        if menu_id not in self._menus:
            wanted = {menu_id} | self._declared_menu_ids()
            wanted = {i for i in wanted if i and i not in self._menus}
            infos = load_menu_infos(self.session, wanted)
            trees = (
                load_menus(
                    self.session,
                    list(infos),
                    self.linker,
                    shown=self.shown,
                    registry=self.registry,
                    now=self.now,
                )
                if infos
                else {}
            )
            for wanted_id in wanted | {menu_id}:
                info = infos.get(wanted_id)
                self._menus[wanted_id] = (info, trees.get(wanted_id, []) if info else [])
        return self._menus[menu_id]

    def _declared_menu_ids(self) -> set[int]:
        """The menus assigned to the locations the active theme chain declares."""
        locations = self.options.get("nav_menu_locations")
        declared = {
            str(location.id)
            for theme in getattr(self.chain, "themes", ())
            for location in theme.info.menu_locations
        }
        return {location_menu_id(locations, name) for name in declared}

    def menu(self, location: str) -> list[MenuItem]:
        """The ``menu(location)`` helper: the tree of the location's menu, ``[]`` when none."""
        menu_id = location_menu_id(self.options.get("nav_menu_locations"), str(location))
        return self.load(menu_id)[1]

    def has_menu(self, location: str) -> bool:
        """WordPress's ``has_nav_menu``: whether a menu is assigned to *location*."""
        menu_id = location_menu_id(self.options.get("nav_menu_locations"), str(location))
        return bool(menu_id) and self.load(menu_id)[0] is not None

    def nav_menu(
        self,
        location: str,
        *,
        container: str = "nav",
        container_class: str = "",
        container_id: str = "",
        container_aria_label: str = "",
        menu_class: str = "menu",
        menu_id: str = "",
        depth: int = 0,
        fallback: bool = True,
        page_context: Mapping[str, Any] | None = None,
    ) -> Markup:
        """WordPress's ``wp_nav_menu(theme_location=…)`` markup for *location*.

        ``<nav class="menu-{slug}-container"><ul id="menu-{slug}" class="menu"><li
        id="menu-item-N" class="…"><a …>`` through ``menus/nav-menu.html``. With no menu
        assigned (or an assigned menu that no longer exists), the published pages through
        ``menus/page-menu.html`` (``wp_page_menu``), unless *fallback* is false; a menu
        whose items are all gone prints nothing, as WordPress does for a theme location.
        """
        if container not in (*CONTAINERS, ""):
            raise ValueError(
                f"nav_menu(): container must be one of {', '.join(CONTAINERS)} or '' "
                f"(none), not {container!r}"
            )
        try:
            depth = int(depth)
        except (TypeError, ValueError):
            raise ValueError(f"nav_menu(): depth must be a whole number, not {depth!r}") from None
        menu_number = location_menu_id(self.options.get("nav_menu_locations"), str(location))
        info, items = self.load(menu_number)
        args = {
            "location": str(location),
            "container": container,
            "container_class": container_class,
            "container_id": container_id,
            "container_aria_label": container_aria_label,
            "menu_class": menu_class,
            "menu_id": menu_id,
            "depth": depth,
        }
        variables = dict(page_context or {})
        if info is None:
            if not fallback:
                return Markup("")
            pages = self._pages()
            if not pages:
                return Markup("")
            variables.update(pages=pages, args=args)
            return self._render(PAGE_MENU_TEMPLATE, variables)
        if not items:
            return Markup("")
        items = shown_to_depth(items, depth)
        args["menu_id"] = menu_id or self._unique_id(f"menu-{info.slug}")
        args["container_class"] = container_class or f"menu-{info.slug}-container"
        variables.update(menu=info, items=items, args=args)
        return self._render(NAV_MENU_TEMPLATE, variables)

    def _unique_id(self, wanted: str) -> str:
        """``menu-{slug}``, then ``menu-{slug}-1``… when a page prints one menu twice."""
        found = wanted
        while found in self._used_ids:
            number = re.search(r"-(\d+)$", found)
            found = (
                found[: number.start()] + f"-{int(number.group(1)) + 1}" if number else f"{found}-1"
            )
        self._used_ids.append(found)
        return found

    def _pages(self) -> list[Any]:
        """Published pages as a tree in menu order (the pages widget's data, shared)."""
        from ..widgets.builtin import pages
        from ..widgets.registry import WidgetContext

        context = WidgetContext(
            linker=self.linker,
            options=self.options,
            now=self.now,
            current_url=self.current_url,
            query=self.query,
        )
        found = pages(self.session, [{"sortby": "menu_order", "exclude": ""}], context)
        return list(found[0]["pages"]) if found and found[0] else []

    def _render(self, name: str, variables: dict[str, Any]) -> Markup:
        if self.chain is None:
            raise TemplateNotFound(name)
        return Markup(self.chain.template(name).render(variables))


__all__ = [
    "CONTAINERS",
    "NAV_MENU_TEMPLATE",
    "PAGE_MENU_TEMPLATE",
    "MenuInfo",
    "MenuItem",
    "PageMenus",
    "load_menu",
    "location_menu_id",
    "menu_for_location",
    "php_list",
]
