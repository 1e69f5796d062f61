"""Navigation menus: WordPress's ``nav_menu`` terms and ``nav_menu_item`` posts.

A menu is a term of the ``nav_menu`` taxonomy; its items are ``nav_menu_item`` posts in that
term, ordered by ``menu_order``, whose meta says what each links to (a post, a term, a post
type archive or a custom URL) and which item it hangs under. Locations map a theme's slots
(``primary``, ``footer``) to menus through the ``nav_menu_locations`` option.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from .content.titles import title_html
from .models import AnySession, Post, PostMeta, Term, TermRelationship
from .visibility import is_visible, now_gmt


@dataclass
class MenuItem:
    """One menu entry as templates see it."""

    id: int
    title: str
    url: str
    target: str = ""
    classes: str = ""
    current: bool = False
    children: list[MenuItem] = field(default_factory=list)


def load_menu(
    session: AnySession,
    menu_id: int,
    linker: Any,
    current_url: str = "",
) -> list[MenuItem]:
    """The items of menu *menu_id* as a tree; four statements however long the menu is."""
    items = list(
        session.scalars(
            select(Post)
            .join(TermRelationship, TermRelationship.post_id == Post.id)
            .where(TermRelationship.term_id == menu_id, Post.post_type == "nav_menu_item")
            .where(Post.status == "publish")
            .order_by(Post.menu_order, Post.id)
        )
    )
    if not items:
        return []
    meta: dict[int, dict[str, str]] = {}
    for post_id, key, value in session.execute(
        select(PostMeta.post_id, PostMeta.key, PostMeta.value).where(
            PostMeta.post_id.in_([i.id for i in items]),
            PostMeta.key.like("\\_menu\\_item\\_%", escape="\\"),
        )
    ):
        meta.setdefault(post_id, {})[key] = value
    post_ids = {
        _int(m.get("_menu_item_object_id"))
        for m in meta.values()
        if m.get("_menu_item_type") == "post_type"
    }
    term_ids = {
        _int(m.get("_menu_item_object_id"))
        for m in meta.values()
        if m.get("_menu_item_type") == "taxonomy"
    }
    posts = (
        {p.id: p for p in session.scalars(select(Post).where(Post.id.in_(post_ids)))}
        if post_ids
        else {}
    )
    terms = (
        {t.id: t for t in session.scalars(select(Term).where(Term.id.in_(term_ids)))}
        if term_ids
        else {}
    )
    now = now_gmt()
    built: dict[int, MenuItem] = {}
    parents: dict[int, int] = {}
    for item in items:
        m = meta.get(item.id, {})
        kind = m.get("_menu_item_type", "custom")
        object_id = _int(m.get("_menu_item_object_id"))
        title, url = item.title, m.get("_menu_item_url", "")
        if kind == "post_type":
            target = posts.get(object_id)
            if target is None or not is_visible(target, now):
                continue  # WordPress drops items whose object is gone or not public
            title, url = title or target.title, linker.post(target)
        elif kind == "taxonomy":
            term = terms.get(object_id)
            if term is None:
                continue
            title, url = title or term.name, linker.term(term)
        elif kind == "post_type_archive":
            url = linker.post_type_archive(m.get("_menu_item_object", ""))
        built[item.id] = MenuItem(
            id=item.id,
            title=title_html(title),
            url=url,
            target=m.get("_menu_item_target", ""),
            classes=" ".join(m.get("_menu_item_classes", "").split()),
            current=bool(current_url) and url == current_url,
        )
        parents[item.id] = _int(m.get("_menu_item_menu_item_parent"))
    roots: list[MenuItem] = []
    for item_id, menu_item in built.items():
        parent = built.get(parents[item_id])
        (parent.children if parent is not None else roots).append(menu_item)
    return roots


def menu_for_location(
    session: AnySession,
    locations: Mapping[str, Any],
    location: str,
    linker: Any,
    current_url: str = "",
) -> list[MenuItem]:
    """The menu assigned to *location* (``[]`` when none is)."""
    menu_id = _int(str(locations.get(location, "") or ""))
    if not menu_id:
        return []
    return load_menu(session, menu_id, linker, current_url)


def _int(value: str | None) -> int:
    try:
        return int(str(value or "0").strip())
    except ValueError:
        return 0
