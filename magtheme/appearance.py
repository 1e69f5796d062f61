"""What happens to widgets and menus when the site switches themes: nothing is lost.

Two pure functions decide, in the spirit of WordPress's ``retrofit_widgets`` /
``wp_map_sidebars_widgets`` and ``wp_map_nav_menu_locations``, and one thin service stores
their answer:

- :func:`remap_widgets`: widgets stay in areas whose id the new theme has, follow an area with
  the same name, move between the only areas of two one-area themes, and otherwise wait among
  the inactive widgets (``wp_inactive_widgets``) — never deleted.
- :func:`remap_menu_locations`: a location keeps its menu when the new theme has the same id;
  otherwise it follows the only location, a location with the same name, or one with a
  similar slug (``primary`` ↔ ``main``, ``header``…; ``footer`` ↔ ``secondary``…).
- Either way, each theme's own arrangement is remembered when the site leaves it (options
  ``theme_sidebars`` and ``theme_menu_locations``, by theme slug) and wins when it comes back.
- :func:`switch_appearance` reads the options, applies both, and writes them in one
  transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .themes.schema import Area

#: WordPress's holding place for widgets that are in no area.
INACTIVE = "wp_inactive_widgets"

#: WordPress's groups of menu-location slugs that mean the same place (wp_map_nav_menu_locations).
LOCATION_GROUPS: tuple[tuple[str, ...], ...] = (
    ("primary", "menu-1", "main", "header", "navigation", "top"),
    ("secondary", "menu-2", "footer", "subsidiary", "bottom"),
    ("social",),
)

#: The options the switch reads and writes.
SIDEBARS_OPTION = "sidebars_widgets"
LOCATIONS_OPTION = "nav_menu_locations"
THEME_SIDEBARS_OPTION = "theme_sidebars"
THEME_LOCATIONS_OPTION = "theme_menu_locations"


class Declarations(Protocol):
    """What a theme declares that the switch needs: a typed Manifest has both."""

    @property
    def widget_areas(self) -> Sequence[Area]: ...

    @property
    def menu_locations(self) -> Sequence[Area]: ...


@dataclass(frozen=True)
class Declared:
    """A theme chain's widget areas and menu locations (see :func:`chain_declarations`)."""

    widget_areas: tuple[Area, ...] = ()
    menu_locations: tuple[Area, ...] = ()


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _areas(raw: Iterable[Any]) -> tuple[Area, ...]:
    """Areas from manifest tables, skipping entries without an id (validation reports them)."""
    found: dict[str, Area] = {}
    for item in raw or ():
        if isinstance(item, Area):
            found.setdefault(item.id, item)
        elif isinstance(item, Mapping) and item.get("id"):
            area_id = str(item["id"])
            name = str(item.get("name") or area_id)
            found.setdefault(area_id, Area(area_id, name, str(item.get("description", ""))))
    return tuple(found.values())


def chain_declarations(manifests: Sequence[Mapping[str, Any]]) -> Declared:
    """The areas and locations of a theme chain (child first): a child keeps its parents'.

    A child theme that declares an area id its parent declares replaces it; areas only the
    parent declares still exist (WordPress registers both themes' sidebars and menus).
    """
    areas: dict[str, Area] = {}
    locations: dict[str, Area] = {}
    for manifest in manifests:
        for area in _areas(manifest.get("widget_areas", ())):
            areas.setdefault(area.id, area)
        for area in _areas(manifest.get("menu_locations", ())):
            locations.setdefault(area.id, area)
    return Declared(tuple(areas.values()), tuple(locations.values()))


# -- widgets -------------------------------------------------------------------------------


def remap_widgets(
    old_areas: Sequence[Area],
    new_areas: Sequence[Area],
    sidebars: Mapping[str, Sequence[str]],
    remembered: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, list[str]]:
    """Where every widget goes when the theme declaring *old_areas* gives way to *new_areas*.

    *sidebars* is the current ``sidebars_widgets``; *remembered* the new theme's own
    arrangement from when the site last used it (``None`` if it never was). The result has a
    (possibly empty) list for every new area plus ``wp_inactive_widgets``, and every widget
    of *sidebars* exactly once:

    1. a theme coming back gets its remembered arrangement back as it was (widgets deleted
       since excepted), as WordPress restores a theme's ``sidebars_widgets``;
    2. otherwise each area's widgets (areas the old theme did not declare too) go to the
       area with the same id; else the one with the same name (case and spaces ignored);
       else, when each theme has exactly one area, to that one;
    3. everything else, inactive widgets included, goes to ``wp_inactive_widgets``.
    """
    existing = {str(w) for placed in sidebars.values() for w in placed or ()}
    new_ids = [area.id for area in new_areas]
    result: dict[str, list[str]] = {area_id: [] for area_id in new_ids}
    placed: set[str] = set()

    def put(area_id: str, widget: str) -> None:
        if widget not in placed:
            placed.add(widget)
            result[area_id].append(widget)

    if remembered is not None:
        for area_id, widgets in remembered.items():
            if area_id in result:
                for widget in widgets or ():
                    if str(widget) in existing:
                        put(area_id, str(widget))
    else:
        old_names = {area.id: area.name for area in old_areas}
        new_by_name: dict[str, str] = {}
        for area in new_areas:
            new_by_name.setdefault(_name_key(area.name), area.id)
        single = new_ids[0] if len(old_areas) == 1 and len(new_areas) == 1 else None
        for area_id, widgets in sidebars.items():
            if area_id == INACTIVE:
                continue
            target = area_id if area_id in result else None
            if target is None and area_id in old_names:
                target = new_by_name.get(_name_key(old_names[area_id]))
            if target is None and single is not None and area_id == old_areas[0].id:
                target = single
            if target is not None:
                for widget in widgets or ():
                    put(target, str(widget))

    result[INACTIVE] = []
    for widgets in sidebars.values():
        for widget in widgets or ():
            put(INACTIVE, str(widget))
    # Inactive widgets first as they were, then the ones that just lost their area.
    before = [str(w) for w in sidebars.get(INACTIVE) or () if str(w) in result[INACTIVE]]
    result[INACTIVE] = list(dict.fromkeys(before + result[INACTIVE]))
    return result


def theme_arrangement(
    areas: Sequence[Area], sidebars: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """What to remember of a theme when the site leaves it: its own areas' widgets."""
    return {area.id: [str(w) for w in sidebars.get(area.id) or ()] for area in areas}


# -- menus ---------------------------------------------------------------------------------


def _similar(a: str, b: str) -> bool:
    """WordPress's test: one slug contains the other, ignoring case."""
    a, b = a.casefold(), b.casefold()
    return a in b or b in a


def remap_menu_locations(
    old_locations: Sequence[Area],
    new_locations: Sequence[Area],
    assigned: Mapping[str, int],
    remembered: Mapping[str, int] | None = None,
    *,
    menus: Collection[int] | None = None,
) -> dict[str, int]:
    """Which menu each of *new_locations* shows after the switch.

    *assigned* is the current ``nav_menu_locations``; *remembered* the new theme's own from
    when the site last used it; *menus*, when given, the menu ids that still exist (others
    are dropped). In order, each old assignment used at most once:

    1. the new theme's remembered assignments win (all of them, so a theme that prints a
       location it forgot to declare still gets its menu back);
    2. the same location id;
    3. when one location had a menu and the new theme has one location, that one;
    4. a location with the same name (case and spaces ignored);
    5. WordPress's slug groups: a new and an old location whose slugs contain (or are
       contained in) slugs of the same group — ``primary``/``main``/``header``/``top``…,
       ``secondary``/``footer``/``bottom``…, ``social``.
    """

    def usable(menu: Any) -> int:
        try:
            menu_id = int(menu or 0)
        except (TypeError, ValueError):
            return 0
        return menu_id if menu_id > 0 and (menus is None or menu_id in menus) else 0

    new_ids = [location.id for location in new_locations]
    result: dict[str, int] = {}
    for slot, menu in (remembered or {}).items():
        if usable(menu):  # the theme's own past, restored whole (declared or not)
            result[slot] = usable(menu)

    available = {loc: usable(menu) for loc, menu in assigned.items() if usable(menu)}

    def assign(new: str, old: str) -> None:
        result[new] = available.pop(old)

    for new in new_ids:
        if new not in result and new in available:
            assign(new, new)
    if len(available) == 1 and len(new_ids) == 1 and new_ids[0] not in result:
        assign(new_ids[0], next(iter(available)))
    old_names = {location.id: _name_key(location.name) for location in old_locations}
    for location in new_locations:
        if location.id in result:
            continue
        match = next(
            (old for old in available if old_names.get(old) == _name_key(location.name)), None
        )
        if match is not None:
            assign(location.id, match)
    for group in LOCATION_GROUPS:
        for new in new_ids:
            if new in result or not any(_similar(new, slug) for slug in group):
                continue
            match = next(
                (old for old in available if any(_similar(old, slug) for slug in group)), None
            )
            if match is not None:
                assign(new, match)
    order = new_ids + [slot for slot in result if slot not in new_ids]
    return {slot: result[slot] for slot in order if slot in result}


# -- the service -------------------------------------------------------------------------------


def plan_switch(
    old: Declarations | None,
    new: Declarations,
    old_slug: str | None,
    new_slug: str,
    options: Mapping[str, Any],
    *,
    menus: Collection[int] | None = None,
) -> dict[str, Any]:
    """The four options after switching from *old_slug* to *new_slug* (pure)."""
    old_areas = tuple(old.widget_areas) if old is not None else ()
    old_locations = tuple(old.menu_locations) if old is not None else ()
    sidebars = _sidebars(options.get(SIDEBARS_OPTION))
    assigned = _locations(options.get(LOCATIONS_OPTION))
    theme_sidebars = {
        str(slug): _sidebars(value)
        for slug, value in _mapping(options.get(THEME_SIDEBARS_OPTION)).items()
    }
    theme_locations = {
        str(slug): _locations(value)
        for slug, value in _mapping(options.get(THEME_LOCATIONS_OPTION)).items()
    }
    if old_slug:
        theme_sidebars[old_slug] = theme_arrangement(old_areas, sidebars) if old_areas else {}
        # Every assignment, declared or not: a theme that prints menu("primary") without
        # declaring it still gets its menu back.
        theme_locations[old_slug] = dict(assigned)
    new_sidebars = remap_widgets(
        old_areas, tuple(new.widget_areas), sidebars, theme_sidebars.get(new_slug)
    )
    new_locations = remap_menu_locations(
        old_locations,
        tuple(new.menu_locations),
        assigned,
        theme_locations.get(new_slug),
        menus=menus,
    )
    return {
        SIDEBARS_OPTION: new_sidebars,
        LOCATIONS_OPTION: new_locations,
        THEME_SIDEBARS_OPTION: theme_sidebars,
        THEME_LOCATIONS_OPTION: theme_locations,
    }


def switch_appearance(
    old_theme_manifest: Declarations | None,
    new_theme_manifest: Declarations,
    old_slug: str | None,
    new_slug: str,
    *,
    commit: bool = True,
) -> dict[str, Any]:
    """Carry widgets and menus over to the theme being activated; returns what was stored.

    The manifests are anything with ``widget_areas`` and ``menu_locations`` (a typed
    :class:`~magtheme.themes.schema.Manifest`, or :func:`chain_declarations` of a chain so a
    child keeps its parents' areas). All four options are written in one transaction; pass
    ``commit=False`` to make the switch part of a larger one (activation).
    """
    from sqlalchemy import select

    from .models import Term, db
    from .options import load_options, update_option

    options = load_options()
    menus = set(db.session.scalars(select(Term.id).where(Term.taxonomy == "nav_menu")))
    values = plan_switch(
        old_theme_manifest, new_theme_manifest, old_slug, new_slug, options, menus=menus
    )
    try:
        for name, value in values.items():
            update_option(name, value, commit=False)
        if commit:
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return values


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _sidebars(value: Any) -> dict[str, list[str]]:
    """A stored ``sidebars_widgets``, read defensively (WordPress keeps ``array_version``)."""
    return {
        str(area): [str(w) for w in widgets]
        for area, widgets in _mapping(value).items()
        if isinstance(widgets, list)
    }


def _locations(value: Any) -> dict[str, int]:
    found = {}
    for location, menu in _mapping(value).items():
        try:
            found[str(location)] = int(menu)
        except (TypeError, ValueError):
            continue
    return found


__all__ = [
    "INACTIVE",
    "LOCATION_GROUPS",
    "Declarations",
    "Declared",
    "chain_declarations",
    "plan_switch",
    "remap_menu_locations",
    "remap_widgets",
    "switch_appearance",
    "theme_arrangement",
]
