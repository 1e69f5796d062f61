"""Making and changing menus, stored exactly as WordPress (and so a WXR export) stores them.

A menu is a ``nav_menu`` term; an item is a published ``nav_menu_item`` post in it, with
``menu_order`` its position, ``post_content`` its description, ``post_excerpt`` its title
attribute, ``post_parent`` its object's parent, and the ``_menu_item_*`` meta of
``wp_update_nav_menu_item`` (classes PHP-serialized, as WordPress writes arrays). Locations
are the ``nav_menu_locations`` option. Imported menus and menus made here are the same thing.

Every function checks everything first and raises :class:`MenuError` (naming the bad value
and the accepted ones) before it changes anything; the caller commits. Changes to these rows
bump the ``menus`` cache topic through :mod:`magtheme.cache`'s session events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import phpserialize  # type: ignore[import-untyped]
from sqlalchemy import delete, func, select

from ..content.sanitize import url_is_allowed
from ..models import AnySession, Post, PostMeta, Term, TermRelationship
from ..slugs import decode_slug, encode_slug, sanitize_title
from ..types import Registry
from ..visibility import now_gmt
from .tree import php_list, sanitize_html_class

#: Link targets an item may have ("" is the same window).
TARGETS = ("", "_blank", "_self", "_parent", "_top")
#: Post types whose posts cannot be menu items.
_NOT_LINKABLE = ("nav_menu_item", "revision", "customize_changeset", "wp_navigation")


class MenuError(ValueError):
    """A menu change refused; ``param`` names the argument that was wrong."""

    def __init__(self, message: str, param: str = "") -> None:
        super().__init__(message)
        self.param = param


@dataclass(frozen=True)
class ItemChanges:
    """What ``menu item add-…`` and ``update`` may set (None: leave as it is)."""

    title: str | None = None
    link: str | None = None
    description: str | None = None
    attr_title: str | None = None
    target: str | None = None
    classes: str | None = None
    position: int | None = None
    parent_id: int | None = None


# -- menus ----------------------------------------------------------------------------------


def find_menu(session: AnySession, ref: str) -> Term | None:
    """WordPress's ``wp_get_nav_menu_object``: a menu by term id, then slug, then name."""
    ref = str(ref).strip()
    if not ref:
        return None
    menus = select(Term).where(Term.taxonomy == "nav_menu")
    if ref.isdigit():
        found = session.scalar(menus.where(Term.id == int(ref)))
        if found is not None:
            return found
    found = session.scalar(menus.where(Term.slug == encode_slug(ref)))
    if found is None:
        found = session.scalar(menus.where(Term.name == ref).order_by(Term.id))
    return found


def menu_or_error(session: AnySession, ref: str, param: str = "MENU") -> Term:
    """The menu *ref* names, or :class:`MenuError` listing the menus there are."""
    found = find_menu(session, ref)
    if found is None:
        names = [
            f"{m.id} ({decode_slug(m.slug)})"
            for m in session.scalars(
                select(Term).where(Term.taxonomy == "nav_menu").order_by(Term.name)
            )
        ]
        there = ", ".join(names) if names else "none yet (magtheme menu create NAME)"
        raise MenuError(f"no menu {ref!r} (by id, slug or name); the menus are: {there}.", param)
    return found


def all_menus(session: AnySession) -> list[Term]:
    """Every menu, by name (``wp_get_nav_menus``)."""
    return list(
        session.scalars(select(Term).where(Term.taxonomy == "nav_menu").order_by(Term.name))
    )


def create_menu(session: AnySession, name: str) -> Term:
    """``wp_create_nav_menu``: a new, empty menu; names are unique among menus."""
    name = name.strip()
    if not name:
        raise MenuError("a menu needs a name.", "NAME")
    taken = session.scalar(select(Term).where(Term.taxonomy == "nav_menu", Term.name == name))
    if taken is not None:
        raise MenuError(
            f"the menu name {name!r} conflicts with menu {taken.id}; pick another name.", "NAME"
        )
    base = sanitize_title(name) or "menu"
    slug, number = base, 1
    while session.scalar(
        select(Term.id).where(Term.taxonomy == "nav_menu", Term.slug == encode_slug(slug))
    ):
        number += 1
        slug = f"{base}-{number}"
    menu = Term(taxonomy="nav_menu", name=name, slug=encode_slug(slug))
    session.add(menu)
    session.flush()
    return menu


def delete_menu(session: AnySession, menu: Term, locations: Mapping[str, Any]) -> dict[str, int]:
    """``wp_delete_nav_menu``: the menu, its items, and its assignments (set to 0).

    Returns the new ``nav_menu_locations`` value."""
    item_ids = list(
        session.scalars(select(TermRelationship.post_id).where(TermRelationship.term_id == menu.id))
    )
    if item_ids:
        session.execute(delete(PostMeta).where(PostMeta.post_id.in_(item_ids)))
        session.execute(delete(TermRelationship).where(TermRelationship.post_id.in_(item_ids)))
        session.execute(
            delete(Post).where(Post.id.in_(item_ids), Post.post_type == "nav_menu_item")
        )
    session.execute(delete(TermRelationship).where(TermRelationship.term_id == menu.id))
    session.delete(menu)
    session.flush()
    return {
        str(slot): 0 if _int(value) == menu.id else _int(value)
        for slot, value in dict(locations or {}).items()
    }


# -- items ----------------------------------------------------------------------------------


def menu_items(session: AnySession, menu: Term) -> list[tuple[Post, dict[str, str]]]:
    """A menu's items in order, whatever their status, with their ``_menu_item_*`` meta."""
    posts = list(
        session.scalars(
            select(Post)
            .join(TermRelationship, TermRelationship.post_id == Post.id)
            .where(TermRelationship.term_id == menu.id, Post.post_type == "nav_menu_item")
            .order_by(Post.menu_order, Post.id)
        )
    )
    meta = _meta(session, [p.id for p in posts])
    return [(post, meta.get(post.id, {})) for post in posts]


def add_post_item(
    session: AnySession, menu: Term, post_id: int, changes: ItemChanges, registry: Registry
) -> Post:
    """``menu item add-post``: an item linking to post *post_id* (any public type)."""
    target = session.get(Post, post_id)
    linkable = [
        pt.name for pt in registry.post_types.values() if pt.public and pt.name not in _NOT_LINKABLE
    ]
    if target is None:
        raise MenuError(f"there is no post {post_id}.", "POST_ID")
    if target.post_type not in linkable:
        raise MenuError(
            f"post {post_id} is a {target.post_type!r}; menu items link to posts of the types "
            f"{', '.join(linkable)}.",
            "POST_ID",
        )
    return _add(
        session,
        menu,
        changes,
        kind="post_type",
        obj=target.post_type,
        object_id=target.id,
        object_title=target.title,
        object_parent=target.parent_id or 0,
    )


def add_term_item(
    session: AnySession,
    menu: Term,
    taxonomy: str,
    term_id: int,
    changes: ItemChanges,
    registry: Registry,
) -> Post:
    """``menu item add-term``: an item linking to a term's archive."""
    public = [t.name for t in registry.taxonomies.values() if t.public]
    if taxonomy not in public:
        raise MenuError(
            f"unknown taxonomy {taxonomy!r}; the taxonomies are: {', '.join(public)}.", "TAXONOMY"
        )
    term = session.get(Term, term_id)
    if term is None or term.taxonomy != taxonomy:
        raise MenuError(f"there is no {taxonomy} term {term_id}.", "TERM_ID")
    return _add(
        session,
        menu,
        changes,
        kind="taxonomy",
        obj=taxonomy,
        object_id=term.id,
        object_title=term.name,
        object_parent=term.parent_id or 0,
    )


def add_custom_item(
    session: AnySession, menu: Term, title: str, link: str, changes: ItemChanges
) -> Post:
    """``menu item add-custom``: a link to any URL."""
    if not title.strip():
        raise MenuError("a custom link needs a title.", "TITLE")
    _check_link(link, "LINK")
    changes = ItemChanges(**{**changes.__dict__, "title": title, "link": link})
    return _add(session, menu, changes, kind="custom", obj="custom", object_id=0)


def update_item(session: AnySession, item_id: int, changes: ItemChanges) -> Post:
    """``menu item update``: change what is given, keep the rest."""
    item = item_or_error(session, item_id)
    meta = _meta(session, [item.id]).get(item.id, {})
    menu = _menu_of(session, item.id)
    kind = meta.get("_menu_item_type", "custom")
    if changes.link is not None and kind == "custom":
        _check_link(changes.link, "--link")
    _check_common(session, menu, changes, item_id=item.id)
    if changes.title is not None:
        if kind == "custom" and not changes.title.strip():
            raise MenuError("a custom link needs a title.", "--title")
        item.title = changes.title
    if changes.description is not None:
        item.content = changes.description
    if changes.attr_title is not None:
        item.excerpt = changes.attr_title
    values: dict[str, str] = {}
    if changes.link is not None and kind == "custom":
        values["_menu_item_url"] = changes.link.strip()
    if changes.target is not None:
        values["_menu_item_target"] = changes.target
    if changes.classes is not None:
        values["_menu_item_classes"] = _serialized_classes(changes.classes)
    if changes.parent_id is not None:
        values["_menu_item_menu_item_parent"] = str(changes.parent_id)
    _set_meta(session, item.id, values)
    item.modified = item.modified_gmt = now_gmt()
    if changes.position is not None and menu is not None:
        _place(session, menu, item, changes.position)
    session.flush()
    return item


def delete_items(session: AnySession, item_ids: Sequence[int]) -> int:
    """``menu item delete``: the items go; their children move up to the item's parent."""
    items = [item_or_error(session, item_id, "DB_ID") for item_id in item_ids]
    gone = {item.id for item in items}
    parents = {
        item.id: _int(_meta(session, [item.id]).get(item.id, {}).get("_menu_item_menu_item_parent"))
        for item in items
    }

    def surviving_parent(item_id: int) -> int:
        seen: set[int] = set()
        parent = parents.get(item_id, 0)
        while parent in gone and parent not in seen:
            seen.add(parent)
            parent = parents.get(parent, 0)
        return parent

    children = session.execute(
        select(PostMeta).where(
            PostMeta.key == "_menu_item_menu_item_parent",
            PostMeta.value.in_([str(i) for i in gone]),
        )
    ).scalars()
    for child in children:
        if child.post_id not in gone:
            child.value = str(surviving_parent(int(child.value)))
    for item in items:
        menu = _menu_of(session, item.id)
        if menu is not None and item.status == "publish":
            menu.count = max(0, (menu.count or 0) - 1)
    session.flush()
    ids = sorted(gone)
    session.execute(delete(PostMeta).where(PostMeta.post_id.in_(ids)))
    session.execute(delete(TermRelationship).where(TermRelationship.post_id.in_(ids)))
    session.execute(delete(Post).where(Post.id.in_(ids), Post.post_type == "nav_menu_item"))
    return len(items)


def item_or_error(session: AnySession, item_id: int, param: str = "DB_ID") -> Post:
    item = session.get(Post, item_id)
    if item is None or item.post_type != "nav_menu_item":
        raise MenuError(f"{item_id} is not a menu item (see magtheme menu item list MENU).", param)
    return item


# -- locations ------------------------------------------------------------------------------


def assign_location(
    locations: Mapping[str, Any], menu: Term, location: str, registered: Sequence[str]
) -> dict[str, int]:
    """``menu location assign``: the new ``nav_menu_locations``."""
    _check_location(location, registered)
    found = {str(k): _int(v) for k, v in dict(locations or {}).items()}
    found[location] = menu.id
    return found


def remove_location(
    locations: Mapping[str, Any], menu: Term, location: str, registered: Sequence[str]
) -> dict[str, int]:
    """``menu location remove``: the location left without a menu (it must have *menu*)."""
    found = {str(k): _int(v) for k, v in dict(locations or {}).items()}
    if found.get(location) != menu.id:
        _check_location(location, registered)
        raise MenuError(f"menu {menu.name!r} is not assigned to location {location!r}.", "LOCATION")
    found[location] = 0
    return found


def _check_location(location: str, registered: Sequence[str]) -> None:
    if location not in registered:
        there = ", ".join(registered) if registered else "none (the theme declares none)"
        raise MenuError(
            f"unknown location {location!r}; the active theme's locations are: {there}.",
            "LOCATION",
        )


# -- the writing ----------------------------------------------------------------------------


def _add(
    session: AnySession,
    menu: Term,
    changes: ItemChanges,
    *,
    kind: str,
    obj: str,
    object_id: int,
    object_title: str = "",
    object_parent: int = 0,
) -> Post:
    _check_common(session, menu, changes)
    title = changes.title or ""
    if kind != "custom" and title == object_title:
        title = ""  # WordPress keeps the object's own title by leaving the item's empty
    description = changes.description or ""
    if kind != "custom" and not title and not description:
        description = " "  # as wp_update_nav_menu_item stores it
    now = now_gmt()
    item = Post(
        post_type="nav_menu_item",
        status="publish",
        title=title,
        content=description,
        excerpt=changes.attr_title or "",
        parent_id=object_parent,
        menu_order=0,
        comment_status="closed",
        ping_status="closed",
        date=now,
        date_gmt=now,
        modified=now,
        modified_gmt=now,
    )
    session.add(item)
    session.flush()
    item.slug = str(item.id)
    session.add(TermRelationship(post_id=item.id, term_id=menu.id))
    menu.count = (menu.count or 0) + 1
    url = (changes.link or "").strip() if kind == "custom" else ""
    _set_meta(
        session,
        item.id,
        {
            "_menu_item_type": kind,
            "_menu_item_menu_item_parent": str(changes.parent_id or 0),
            "_menu_item_object_id": str(object_id if kind != "custom" else item.id),
            "_menu_item_object": obj,
            "_menu_item_target": changes.target or "",
            "_menu_item_classes": _serialized_classes(changes.classes or ""),
            "_menu_item_xfn": "",
            "_menu_item_url": url,
        },
    )
    _place(session, menu, item, changes.position)
    session.flush()
    return item


def _check_common(
    session: AnySession, menu: Term | None, changes: ItemChanges, item_id: int = 0
) -> None:
    if changes.target is not None and changes.target not in TARGETS:
        raise MenuError(
            f"target {changes.target!r} is not one of: {', '.join(t or '(empty)' for t in TARGETS)}.",
            "--target",
        )
    if changes.classes is not None:
        bad = [c for c in changes.classes.split() if sanitize_html_class(c) != c]
        if bad:
            raise MenuError(
                f"{', '.join(map(repr, bad))} cannot be a class (letters, digits, - and _).",
                "--classes",
            )
    if changes.position is not None and changes.position < 1:
        raise MenuError(f"position {changes.position} is not 1 or more.", "--position")
    if changes.parent_id:
        parent = session.get(Post, changes.parent_id)
        parent_menu = _menu_of(session, changes.parent_id) if parent is not None else None
        if (
            parent is None
            or parent.post_type != "nav_menu_item"
            or menu is None
            or parent_menu is None
            or parent_menu.id != menu.id
        ):
            raise MenuError(
                f"{changes.parent_id} is not an item of menu {menu.name if menu else '?'!r}.",
                "--parent-id",
            )
        if item_id and (
            changes.parent_id == item_id or _descends(session, changes.parent_id, item_id)
        ):
            raise MenuError(
                f"item {item_id} cannot hang under {changes.parent_id}, which is itself or "
                "one of its own sub-items.",
                "--parent-id",
            )


def _check_link(link: str, param: str) -> None:
    if not link.strip():
        raise MenuError("a custom link needs a URL.", param)
    if not url_is_allowed(link.strip()):
        raise MenuError(
            f"{link!r} is not a link WordPress allows (http, https, mailto, tel, a relative "
            "path…).",
            param,
        )


def _descends(session: AnySession, item_id: int, ancestor: int) -> bool:
    """Whether *item_id* hangs (at any depth) under *ancestor*."""
    seen: set[int] = set()
    current = item_id
    while current and current not in seen:
        seen.add(current)
        value = session.scalar(
            select(PostMeta.value).where(
                PostMeta.post_id == current, PostMeta.key == "_menu_item_menu_item_parent"
            )
        )
        current = _int(value)
        if current == ancestor:
            return True
    return False


def _place(session: AnySession, menu: Term, item: Post, position: int | None) -> None:
    """Put *item* at 1-based *position* (default: last) and number the menu 1, 2, 3…"""
    others = [p for p, _ in menu_items(session, menu) if p.id != item.id]
    index = len(others) if position is None else min(max(position, 1) - 1, len(others))
    others.insert(index, item)
    for number, post in enumerate(others, start=1):
        if post.menu_order != number:
            post.menu_order = number


def _serialized_classes(classes: str) -> str:
    """The classes as WordPress stores them: a PHP-serialized array (``[""]`` when none)."""
    words = classes.split() or [""]
    return phpserialize.dumps(dict(enumerate(words))).decode("utf-8")


def _set_meta(session: AnySession, post_id: int, values: Mapping[str, str]) -> None:
    if not values:
        return
    existing = {
        m.key: m
        for m in session.scalars(
            select(PostMeta).where(PostMeta.post_id == post_id, PostMeta.key.in_(list(values)))
        )
    }
    for key, value in values.items():
        if key in existing:
            existing[key].value = value
        else:
            session.add(PostMeta(post_id=post_id, key=key, value=value))


def _meta(session: AnySession, post_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    ids = list(post_ids)
    found: dict[int, dict[str, str]] = {}
    if not ids:
        return found
    for post_id, key, value in session.execute(
        select(PostMeta.post_id, PostMeta.key, PostMeta.value).where(
            PostMeta.post_id.in_(ids), PostMeta.key.like("\\_menu\\_item\\_%", escape="\\")
        )
    ):
        found.setdefault(post_id, {})[key] = value
    return found


def _menu_of(session: AnySession, item_id: int) -> Term | None:
    return session.scalar(
        select(Term)
        .join(TermRelationship, TermRelationship.term_id == Term.id)
        .where(TermRelationship.post_id == item_id, Term.taxonomy == "nav_menu")
    )


def item_classes(meta: Mapping[str, str]) -> str:
    """An item's own classes, space-separated (for listings)."""
    return " ".join(php_list(meta.get("_menu_item_classes", "")))


def menu_count(session: AnySession, menu: Term) -> int:
    """How many items a menu has (any status)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(TermRelationship)
            .where(TermRelationship.term_id == menu.id)
        )
        or 0
    )


def _int(value: Any) -> int:
    try:
        return int(str(value or "0").strip())
    except ValueError:
        return 0
