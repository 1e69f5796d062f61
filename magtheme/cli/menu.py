"""``magtheme menu …``, shaped like WP-CLI's ``wp menu``.

    magtheme menu create NAME [--porcelain]
    magtheme menu list [--format table|json|ids]
    magtheme menu delete MENU...
    magtheme menu item add-post MENU POST_ID [--title= --link= --description= --attr-title=
                                             --target= --classes= --position= --parent-id=
                                             --porcelain]
    magtheme menu item add-term MENU TAXONOMY TERM_ID [the same options]
    magtheme menu item add-custom MENU TITLE LINK [the same options]
    magtheme menu item list MENU [--format table|json|ids]
    magtheme menu item update DB_ID [the same options, without --porcelain]
    magtheme menu item delete DB_ID...
    magtheme menu location list [--format table|json|ids]
    magtheme menu location assign MENU LOCATION
    magtheme menu location remove MENU LOCATION

MENU is a menu's term id, slug or name. Menus are stored as WordPress stores them
(:mod:`magtheme.menus.store`), so imported menus and these are the same thing. Every change
is checked whole before anything is written, in one transaction; a refusal is a usage error
(exit code 2) naming the argument and the accepted values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from ..menus import store
from ..menus.store import ItemChanges, MenuError
from ..models import Post, Term, db
from ..options import DEFAULT_THEME, load_options, update_options
from ..slugs import decode_slug
from . import Refused, _app, _require_tables, emit_rows, main

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "ids"]), default="table"
)
LOCATIONS_OPTION = "nav_menu_locations"


def _item_options(porcelain: bool = True, custom: bool = False) -> Callable[[Any], Any]:
    """WP-CLI's options of ``menu item add-…`` / ``update`` (``add-custom`` takes its title
    and link as arguments)."""

    def decorate(command: Any) -> Any:
        options = (
            []
            if custom
            else [
                click.option("--title", default=None, help="A title of its own for the item."),
                click.option("--link", default=None, help="The URL (custom links only)."),
            ]
        )
        options += [
            click.option("--description", default=None, help="The item's description."),
            click.option("--attr-title", default=None, help="The link's title attribute."),
            click.option(
                "--target",
                default=None,
                help="Where the link opens: " + ", ".join(t for t in store.TARGETS if t) + ".",
            ),
            click.option("--classes", default=None, help="CSS classes, space-separated."),
            click.option("--position", type=int, default=None, help="1-based place in the menu."),
            click.option("--parent-id", type=int, default=None, help="The item to hang under."),
        ]
        if porcelain:
            options.append(
                click.option("--porcelain", is_flag=True, help="Print only the new item's id.")
            )
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _changes(values: dict[str, Any]) -> ItemChanges:
    return ItemChanges(
        title=values.get("title"),
        link=values.get("link"),
        description=values.get("description"),
        attr_title=values.get("attr_title"),
        target=values.get("target"),
        classes=values.get("classes"),
        position=values.get("position"),
        parent_id=values.get("parent_id"),
    )


@contextmanager
def _site() -> Iterator[None]:
    """The site's app context; a refused change is an error naming the argument, nothing
    written."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        try:
            yield
        except MenuError as exc:
            db.session.rollback()
            raise Refused(str(exc), exc.param or None) from None


def _locations() -> list[tuple[str, str]]:
    """The active theme chain's menu locations, (id, description or name)."""
    from .. import appearance, site

    slug = str(load_options().get("stylesheet") or DEFAULT_THEME)
    chain = site.theme_chain(slug)
    declared = appearance.chain_declarations([t.manifest for t in chain.themes])
    return [
        (area.id, getattr(area, "description", "") or area.name) for area in declared.menu_locations
    ]


def _assigned() -> dict[str, int]:
    value = load_options().get(LOCATIONS_OPTION) or {}
    return {str(k): store._int(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _save_locations(locations: dict[str, int]) -> None:
    update_options({LOCATIONS_OPTION: locations}, commit=False)


def _registry() -> Any:
    from .. import site

    return site.registry()


@main.group()
def menu() -> None:
    """Navigation menus: create, list and delete menus, their items and locations."""


@menu.group("item")
def menu_item() -> None:
    """The items of a menu."""


@menu.group("location")
def menu_location() -> None:
    """The active theme's menu locations and the menus assigned to them."""


# -- menus ----------------------------------------------------------------------------------


@menu.command("create")
@click.argument("name")
@click.option("--porcelain", is_flag=True, help="Print only the new menu's id.")
def menu_create(name: str, porcelain: bool) -> None:
    """Create a menu called NAME."""
    with _site():
        created = store.create_menu(db.session, name)
        db.session.commit()
        menu_id = created.id
    click.echo(str(menu_id) if porcelain else f"Success: created menu {menu_id}.")


@menu.command("list")
@FORMAT
def menu_list(fmt: str) -> None:
    """Every menu: term_id, name, slug, locations and count."""
    with _site():
        assigned = _assigned()
        rows = [
            {
                "term_id": m.id,
                "name": m.name,
                "slug": decode_slug(m.slug),
                "locations": [slot for slot, menu_id in assigned.items() if menu_id == m.id],
                "count": store.menu_count(db.session, m),
            }
            for m in store.all_menus(db.session)
        ]
    emit_rows(
        rows,
        fmt,
        "term_id",
        {
            "term_id": lambda r: r["term_id"],
            "name": lambda r: r["name"],
            "slug": lambda r: r["slug"],
            "locations": lambda r: ", ".join(r["locations"]),
            "count": lambda r: r["count"],
        },
    )


@menu.command("delete")
@click.argument("menus", nargs=-1, required=True, metavar="MENU...")
def menu_delete(menus: tuple[str, ...]) -> None:
    """Delete menus (by id, slug or name), their items and their location assignments."""
    with _site():
        found = [store.menu_or_error(db.session, ref) for ref in menus]
        locations: dict[str, int] = _assigned()
        for each in {m.id: m for m in found}.values():
            locations = store.delete_menu(db.session, each, locations)
        _save_locations(locations)
        db.session.commit()
    click.echo(f"Success: deleted {len(set(menus))} of {len(menus)} menus.")


# -- items ----------------------------------------------------------------------------------


def _added(item: Post, porcelain: bool) -> None:
    click.echo(str(item.id) if porcelain else f"Success: added menu item {item.id}.")


def _warn_link(link: str | None) -> None:
    if link is not None:
        click.echo(
            "Warning: --link is used by custom links only; this item links to its "
            "object's own URL, as in WordPress.",
            err=True,
        )


@menu_item.command("add-post")
@click.argument("menu_ref", metavar="MENU")
@click.argument("post_id", type=int)
@_item_options()
def item_add_post(menu_ref: str, post_id: int, porcelain: bool, **values: Any) -> None:
    """Add post POST_ID (a post, page or any public type) to MENU."""
    with _site():
        found = store.menu_or_error(db.session, menu_ref)
        item = store.add_post_item(db.session, found, post_id, _changes(values), _registry())
        db.session.commit()
        _warn_link(values.get("link"))
        _added(item, porcelain)


@menu_item.command("add-term")
@click.argument("menu_ref", metavar="MENU")
@click.argument("taxonomy")
@click.argument("term_id", type=int)
@_item_options()
def item_add_term(
    menu_ref: str, taxonomy: str, term_id: int, porcelain: bool, **values: Any
) -> None:
    """Add the archive of term TERM_ID of TAXONOMY to MENU."""
    with _site():
        found = store.menu_or_error(db.session, menu_ref)
        item = store.add_term_item(
            db.session, found, taxonomy, term_id, _changes(values), _registry()
        )
        db.session.commit()
        _warn_link(values.get("link"))
        _added(item, porcelain)


@menu_item.command("add-custom")
@click.argument("menu_ref", metavar="MENU")
@click.argument("title")
@click.argument("link")
@_item_options(custom=True)
def item_add_custom(menu_ref: str, title: str, link: str, porcelain: bool, **values: Any) -> None:
    """Add a link titled TITLE to URL LINK to MENU."""
    with _site():
        found = store.menu_or_error(db.session, menu_ref)
        item = store.add_custom_item(db.session, found, title, link, _changes(values))
        db.session.commit()
        _added(item, porcelain)


@menu_item.command("list")
@click.argument("menu_ref", metavar="MENU")
@FORMAT
def item_list(menu_ref: str, fmt: str) -> None:
    """MENU's items in order: db_id, type, title, link, position (and more in JSON)."""
    from .. import urls

    with _site():
        found = store.menu_or_error(db.session, menu_ref)
        options = load_options()
        linker = urls.linker(options, _registry())
        rows = [_row(post, meta, linker) for post, meta in store.menu_items(db.session, found)]
    emit_rows(
        rows,
        fmt,
        "db_id",
        {
            "db_id": lambda r: r["db_id"],
            "type": lambda r: r["type"],
            "title": lambda r: r["title"],
            "link": lambda r: r["link"],
            "position": lambda r: r["position"],
        },
    )


def _row(post: Post, meta: dict[str, str], linker: Any) -> dict[str, Any]:
    kind = meta.get("_menu_item_type", "custom")
    obj = meta.get("_menu_item_object", "")
    object_id = store._int(meta.get("_menu_item_object_id"))
    title, link = post.title, meta.get("_menu_item_url", "")
    if kind == "post_type":
        target = db.session.get(Post, object_id)
        title = title or (target.title if target is not None else "")
        link = linker.post(target) if target is not None else ""
    elif kind == "taxonomy":
        term = db.session.get(Term, object_id)
        title = title or (term.name if term is not None else "")
        link = linker.term(term) if term is not None else ""
    elif kind == "post_type_archive":
        link = linker.post_type_archive(obj) or ""
    return {
        "db_id": post.id,
        "type": kind,
        "title": title,
        "link": link,
        "position": post.menu_order,
        "menu_item_parent": store._int(meta.get("_menu_item_menu_item_parent")),
        "object": obj,
        "object_id": object_id,
        "target": meta.get("_menu_item_target", ""),
        "attr_title": post.excerpt,
        "description": post.content.strip(),
        "classes": store.item_classes(meta),
        "status": post.status,
    }


@menu_item.command("update")
@click.argument("item_id", type=int, metavar="DB_ID")
@_item_options(porcelain=False)
def item_update(item_id: int, **values: Any) -> None:
    """Change menu item DB_ID: only what is given changes."""
    with _site():  # the site first: a broken configuration is reported before usage
        if all(v is None for v in values.values()):
            raise click.UsageError(
                "give at least one of --title, --link, --description, --attr-title, --target, "
                "--classes, --position, --parent-id."
            )
        store.update_item(db.session, item_id, _changes(values))
        db.session.commit()
    click.echo(f"Success: updated menu item {item_id}.")


@menu_item.command("delete")
@click.argument("item_ids", nargs=-1, required=True, type=int, metavar="DB_ID...")
def item_delete(item_ids: tuple[int, ...]) -> None:
    """Delete menu items; their sub-items move up to the deleted item's parent."""
    with _site():
        count = store.delete_items(db.session, list(dict.fromkeys(item_ids)))
        db.session.commit()
    click.echo(f"Success: deleted {count} of {len(item_ids)} menu items.")


# -- locations ------------------------------------------------------------------------------


@menu_location.command("list")
@FORMAT
def location_list(fmt: str) -> None:
    """The active theme's locations, with the menu assigned to each."""
    with _site():
        assigned = _assigned()
        names = {m.id: decode_slug(m.slug) for m in store.all_menus(db.session)}
        rows = [
            {
                "location": slot,
                "description": description,
                "menu": names.get(assigned.get(slot, 0), ""),
            }
            for slot, description in _locations()
        ]
    emit_rows(
        rows,
        fmt,
        "location",
        {
            "location": lambda r: r["location"],
            "description": lambda r: r["description"],
            "menu": lambda r: r["menu"],
        },
    )


@menu_location.command("assign")
@click.argument("menu_ref", metavar="MENU")
@click.argument("location")
def location_assign(menu_ref: str, location: str) -> None:
    """Show MENU at LOCATION (one of the active theme's locations)."""
    _change_location(store.assign_location, menu_ref, location)
    click.echo(f"Success: assigned {menu_ref} to {location}.")


@menu_location.command("remove")
@click.argument("menu_ref", metavar="MENU")
@click.argument("location")
def location_remove(menu_ref: str, location: str) -> None:
    """Take MENU off LOCATION."""
    _change_location(store.remove_location, menu_ref, location)
    click.echo(f"Success: removed {menu_ref} from {location}.")


def _change_location(change: Callable[..., Any], menu_ref: str, location: str) -> None:
    """Apply *change* (assign or remove) to the stored locations and save them."""
    with _site():
        found = store.menu_or_error(db.session, menu_ref)
        registered = [slot for slot, _ in _locations()]
        _save_locations(change(_assigned(), found, location, registered))
        db.session.commit()
