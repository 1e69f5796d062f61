"""Appearance → Menus (``/wp-admin/nav-menus.php``): build menus from pages, posts,
categories, tags and links, nest them, and put them in the theme's locations.

Every change goes through :mod:`magtheme.menus.store`, as ``magtheme menu`` does: one
transaction per action, checked first. The structure is edited without JavaScript: each
item's title (and a custom link's address) in one "Save Menu" form whose buttons also move an
item up or down among its siblings, into the item above it (a sub-item) or out of its parent.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import redirect, request
from sqlalchemy import select
from werkzeug.wrappers import Response

from ... import appearance, site
from ...menus import store
from ...menus.store import ItemChanges, MenuError
from ...models import Post, Term, db
from ...options import DEFAULT_THEME, load_options, update_options
from .. import notify
from ..routes import admin_route
from . import page

LOCATIONS_OPTION = "nav_menu_locations"
#: How many recent posts the "Posts" box offers.
RECENT = 20


def _locations() -> list[tuple[str, str]]:
    chain = site.theme_chain(str(load_options().get("stylesheet") or DEFAULT_THEME))
    declared = appearance.chain_declarations([t.manifest for t in chain.themes])
    return [(a.id, getattr(a, "description", "") or a.name) for a in declared.menu_locations]


def _assigned() -> dict[str, int]:
    value = load_options().get(LOCATIONS_OPTION) or {}
    return {str(k): store._int(v) for k, v in value.items()} if isinstance(value, dict) else {}


@dataclass
class Row:
    """One item of the structure, with its depth and what it links to."""

    post: Post
    meta: dict[str, str]
    depth: int
    kind: str
    label: str
    original: str

    @property
    def parent(self) -> int:
        return store._int(self.meta.get("_menu_item_menu_item_parent"))


def _rows(menu: Term) -> list[Row]:
    """The menu's items in tree order (parents before children), each with its depth."""
    items = store.menu_items(db.session, menu)
    by_parent: dict[int, list[tuple[Post, dict[str, str]]]] = {}
    ids = {p.id for p, _ in items}
    for post, meta in items:
        parent = store._int(meta.get("_menu_item_menu_item_parent"))
        by_parent.setdefault(parent if parent in ids else 0, []).append((post, meta))
    originals = _originals(items)
    out: list[Row] = []

    def walk(parent: int, depth: int) -> None:
        for post, meta in by_parent.get(parent, []):
            kind = meta.get("_menu_item_type", "custom")
            obj = meta.get("_menu_item_object", "custom")
            label = {
                "custom": "Custom Link",
                "taxonomy": {"category": "Category", "post_tag": "Tag"}.get(obj, obj),
            }.get(kind, obj.title())
            original = originals.get(post.id, "")
            out.append(Row(post, meta, depth, kind, label, original))
            walk(post.id, depth + 1)

    walk(0, 0)
    return out


def _originals(items: list[tuple[Post, dict[str, str]]]) -> dict[int, str]:
    """Each item's object's own title (a page's, a category's): what it shows untitled."""
    post_ids = {
        store._int(m.get("_menu_item_object_id")): p.id
        for p, m in items
        if m.get("_menu_item_type") == "post_type"
    }
    term_ids = {
        store._int(m.get("_menu_item_object_id")): p.id
        for p, m in items
        if m.get("_menu_item_type") == "taxonomy"
    }
    found: dict[int, str] = {}
    if post_ids:
        for obj in db.session.scalars(select(Post).where(Post.id.in_(post_ids))):
            found[post_ids[obj.id]] = obj.title
    if term_ids:
        for term in db.session.scalars(select(Term).where(Term.id.in_(term_ids))):
            found[term_ids[term.id]] = term.name
    return found


def _screen(status: int = 200, errors: list[str] | None = None) -> Response:
    menus = store.all_menus(db.session)
    wanted = request.args.get("menu", "")
    menu = next((m for m in menus if str(m.id) == wanted), menus[0] if menus else None)
    assigned = _assigned()
    return page(
        "admin/menus.html",
        status=status,
        title="Menus",
        menus=menus,
        menu=menu,
        rows=_rows(menu) if menu is not None else [],
        locations=_locations(),
        assigned=assigned,
        pages=db.session.scalars(
            select(Post)
            .where(Post.post_type == "page", Post.status == "publish")
            .order_by(Post.title)
        ).all(),
        posts=db.session.scalars(
            select(Post)
            .where(Post.post_type == "post", Post.status == "publish")
            .order_by(Post.date.desc())
            .limit(RECENT)
        ).all(),
        categories=db.session.scalars(
            select(Term).where(Term.taxonomy == "category").order_by(Term.name)
        ).all(),
        tags=db.session.scalars(
            select(Term).where(Term.taxonomy == "post_tag").order_by(Term.name).limit(100)
        ).all(),
        errors=errors or [],
    )


@admin_route("/nav-menus.php", "edit_theme_options", menu="Menus", parent="Appearance")
def menus() -> Response:
    """The menu chosen (``?menu=ID``, else the first), its items and the boxes to add more."""
    return _screen()


def _back(menu: Term | None) -> Response:
    return redirect("/wp-admin/nav-menus.php" + (f"?menu={menu.id}" if menu else ""), 303)


@admin_route("/nav-menus.php", "edit_theme_options", methods=("POST",))
def menus_save() -> Response:
    """Create or delete a menu, add items, save the structure and the locations."""
    action = "delete" if request.form.get("delete") else request.form.get("action", "")
    try:
        if action == "create":
            menu = store.create_menu(db.session, request.form.get("menu-name", ""))
            db.session.commit()
            notify(f"Menu {menu.name} created. Add items to it from the boxes beside it.")
            return _back(menu)
        menu = store.menu_or_error(db.session, request.form.get("menu", ""), "menu")
        if action == "delete":
            name = menu.name
            locations = store.delete_menu(db.session, menu, _assigned())
            update_options({LOCATIONS_OPTION: locations}, commit=False)
            db.session.commit()
            notify(f"Menu {name} deleted.")
            return _back(None)
        if action == "add-items":
            added = _add_items(menu)
            db.session.commit()
            notify(
                f"{added} {'item' if added == 1 else 'items'} added to {menu.name}."
                if added
                else "Tick the items to add, or give a custom link."
            )
            return _back(menu)
        if action == "save":
            said = _save_structure(menu)
            db.session.commit()
            notify(said)
            return _back(menu)
    except MenuError as exc:
        db.session.rollback()
        return _screen(422, [str(exc)[0].upper() + str(exc)[1:]])
    return _screen(422, [f"Unknown action {action!r}."])


def _add_items(menu: Term) -> int:
    registry = site.registry()
    added = 0
    for key in ("page", "post"):
        for raw in request.form.getlist(f"add-{key}[]"):
            if raw.isdigit():
                store.add_post_item(db.session, menu, int(raw), ItemChanges(), registry)
                added += 1
    for taxonomy in ("category", "post_tag"):
        for raw in request.form.getlist(f"add-{taxonomy}[]"):
            if raw.isdigit():
                store.add_term_item(db.session, menu, taxonomy, int(raw), ItemChanges(), registry)
                added += 1
    url = request.form.get("custom-url", "").strip()
    text = request.form.get("custom-text", "").strip()
    if url or text:
        store.add_custom_item(db.session, menu, text, url, ItemChanges())
        added += 1
    return added


def _save_structure(menu: Term) -> str:
    """Titles, links and removals from the form, then the one move a button asked for, then
    the locations ticked for this menu."""
    rows = _rows(menu)
    removed = {int(v) for v in request.form.getlist("remove") if v.isdigit()}
    for row in rows:
        if row.post.id in removed:
            continue
        title = request.form.get(f"item-title-{row.post.id}")
        url = request.form.get(f"item-url-{row.post.id}") if row.kind == "custom" else None
        if title is not None and title != (row.post.title or ""):
            if row.kind != "custom" and title == row.original:
                title = ""
            store.update_item(db.session, row.post.id, ItemChanges(title=title))
        if url is not None and url != row.meta.get("_menu_item_url", ""):
            store.update_item(db.session, row.post.id, ItemChanges(link=url))
    said = f"{menu.name} has been updated."
    if removed:
        store.delete_items(db.session, sorted(removed & {r.post.id for r in rows}))
        said = f"{len(removed)} {'item' if len(removed) == 1 else 'items'} removed. " + said
    move = request.form.get("move", "")
    if move:
        _move(menu, move)
        said = "Item moved. " + said
    registered = [slot for slot, _ in _locations()]
    ticked = set(request.form.getlist("locations[]"))
    locations = _assigned()
    for slot in registered:
        if slot in ticked:
            locations = store.assign_location(locations, menu, slot, registered)
        elif locations.get(slot) == menu.id:
            locations = store.remove_location(locations, menu, slot, registered)
    update_options({LOCATIONS_OPTION: locations}, commit=False)
    return said


def _move(menu: Term, move: str) -> None:
    """``up-ID``, ``down-ID``, ``in-ID`` (under the sibling above) or ``out-ID``."""
    how, _, raw = move.partition("-")
    db.session.flush()
    rows = _rows(menu)
    flat = [post.id for post in store_order(menu)]
    row = next((r for r in rows if str(r.post.id) == raw), None)
    if row is None:
        raise MenuError("That item is no longer in the menu; reload the page.", "move")
    siblings = [r for r in rows if r.parent == row.parent]
    index = next(i for i, r in enumerate(siblings) if r.post.id == row.post.id)
    if how in ("up", "down"):
        other = index - 1 if how == "up" else index + 1
        if 0 <= other < len(siblings):
            position = flat.index(siblings[other].post.id) + 1
            store.update_item(db.session, row.post.id, ItemChanges(position=position))
    elif how == "in" and index > 0:
        store.update_item(
            db.session, row.post.id, ItemChanges(parent_id=siblings[index - 1].post.id)
        )
    elif how == "out" and row.parent:
        parent = next((r for r in rows if r.post.id == row.parent), None)
        store.update_item(
            db.session, row.post.id, ItemChanges(parent_id=parent.parent if parent else 0)
        )


def store_order(menu: Term) -> list[Post]:
    """The menu's items in their stored (``menu_order``) order."""
    return [post for post, _ in store.menu_items(db.session, menu)]
