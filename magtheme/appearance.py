"""What happens to widgets and menus when the site switches themes: nothing is lost.

Two pure functions restate WordPress's own rules, case for case:

- :func:`map_sidebars_widgets` is ``wp_map_sidebars_widgets``: when the old and the new
  theme have one area each, its widgets move over; otherwise areas with the same id keep
  theirs; then areas whose ids share a word of one of WordPress's groups
  (:data:`SIDEBAR_GROUPS`) are paired; everything else waits among the inactive widgets
  (``wp_inactive_widgets``). The arrangement the new theme had when it was last active
  fills the areas the mapping left empty.
- :func:`map_nav_menu_locations` is ``wp_map_nav_menu_locations``: one location each, then
  the same id, then :data:`LOCATION_GROUPS`.

Magtheme promises one thing more than WordPress: **a theme the site used before gets its
own layout back**, whole. WordPress only refills the areas its guesses left empty, so a
round trip A → B → A can leave widgets in the wrong area or a location with another menu;
here :func:`restore_widgets` and :func:`restore_locations` put the theme's saved layout
back on top of the mapping (widgets added meanwhile stay where the mapping put them).
Unlike WordPress, no widget is ever dropped (WordPress drops widgets whose type is not
registered; Magtheme keeps them, and the page skips them).

:func:`plan_switch` combines them (pure); :func:`switch_appearance` reads the options and
writes the answer in one transaction. Each theme's layout is remembered by slug in the
options ``theme_sidebars`` and ``theme_menu_locations`` when the site leaves it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .themes.schema import Area

#: WordPress's holding place for widgets that are in no area.
INACTIVE = "wp_inactive_widgets"
#: WordPress's prefix of the areas that hold widgets of areas no longer registered.
ORPHANED = "orphaned_widgets"

#: WordPress's groups of widget-area slugs that mean the same place (wp_map_sidebars_widgets).
SIDEBAR_GROUPS: tuple[tuple[str, ...], ...] = (
    ("sidebar", "primary", "main", "right"),
    ("second", "left"),
    ("sidebar-2", "footer", "bottom"),
    ("header", "top"),
)

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


def _alike(a: str, b: str) -> bool:
    """WordPress's test (``stripos`` both ways): one slug contains the other, any case."""
    a, b = a.casefold(), b.casefold()
    return a in b or b in a


def _numeric(slug: str) -> bool:
    """WordPress registers numeric ids as integers, which only ever equal a slug exactly."""
    return slug.isdigit()


def _matches(location: str, slug: str) -> bool:
    return location == slug if _numeric(location) else _alike(location, slug)


def _group_matches(
    groups: Sequence[Sequence[str]],
    registered: Sequence[str],
    remaining: Mapping[str, Any],
    alike: Callable[[str, str], bool],
) -> Iterator[tuple[str, str]]:
    """WordPress's pass over its slug groups: for each group's slug, in order, and each new
    slot *alike* it, the first old slot of *remaining* with content that is *alike* a slug of
    the same group. The caller takes that slot out of *remaining* before the next is sought."""
    for group in groups:
        for slug in group:
            for new in registered:
                if not alike(new, slug):
                    continue
                match = next(
                    (
                        old
                        for old, value in remaining.items()
                        if value and any(alike(old, other) for other in group)
                    ),
                    None,
                )
                if match is not None:
                    yield new, match


# -- widgets -------------------------------------------------------------------------------


def map_sidebars_widgets(
    existing: Mapping[str, Sequence[str]],
    registered: Sequence[str],
    previous: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, list[str]]:
    """WordPress's ``wp_map_sidebars_widgets``, rule for rule.

    *existing* is the ``sidebars_widgets`` of the theme being left, *registered* the new
    theme's area ids in order, *previous* the new theme's arrangement from when it was last
    active (``None`` if never). The answer has ``wp_inactive_widgets`` first, then every
    registered area:

    1. inactive and ``orphaned_widgets*`` widgets stay inactive;
    2. if exactly one area is left and the new theme has exactly one, it takes them all
       (and nothing else happens, as in WordPress);
    3. areas with the same id keep their widgets;
    4. for each group of :data:`SIDEBAR_GROUPS`, each slug, each new area containing (or
       contained in) that slug takes the widgets of the first remaining non-empty old area
       matching any slug of the group, then the next new area is tried;
    5. what is left becomes inactive;
    6. *previous* fills new areas the mapping left empty; a widget it holds that is now in
       another area stays there, one that is inactive comes back. (WordPress also drops
       widgets that no longer exist; here that is every widget not in *existing*.)
    """
    result: dict[str, list[str]] = {INACTIVE: []}
    if not existing:
        return result
    known = {str(w) for widgets in existing.values() for w in widgets or ()}
    remaining: dict[str, list[str]] = {}
    for area, widgets in existing.items():
        if area == INACTIVE or area.startswith(ORPHANED):
            result[INACTIVE].extend(str(w) for w in widgets or ())
        else:
            remaining[area] = [str(w) for w in widgets or ()]

    if len(remaining) == 1 and len(registered) == 1:
        result[registered[0]] = remaining.popitem()[1]
        return result

    for area in registered:
        if area in remaining:
            result[area] = remaining.pop(area)
        else:
            result.setdefault(area, [])

    if remaining:
        for new, match in _group_matches(SIDEBAR_GROUPS, registered, remaining, _alike):
            result[new] = result[new] + remaining.pop(match)

    for widgets in remaining.values():
        result[INACTIVE].extend(widgets)

    if previous is None:
        return result
    old = {
        area: [str(w) for w in widgets if str(w) in known]
        for area, widgets in previous.items()
        if widgets and not area.startswith(ORPHANED) and not (result.get(area))
    }
    # Restoring into an area the new theme does not have would hide the widget: skip it.
    old = {area: widgets for area, widgets in old.items() if area in result and widgets}
    for area, widgets in old.items():
        snapshot = {key: list(value) for key, value in result.items()}
        for new, placed in snapshot.items():
            for widget in widgets:
                if widget not in placed:
                    continue
                if new == INACTIVE:
                    if widget in result[INACTIVE]:
                        result[INACTIVE].remove(widget)
                elif widget in old[area]:
                    old[area].remove(widget)
    result.update(old)
    return result


def restore_widgets(
    mapped: Mapping[str, Sequence[str]], saved: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """*mapped*, with a returning theme's *saved* layout put back as it was.

    Every widget the saved layout holds goes back where it was, in its saved order: into
    its area if the theme still has it, or among the inactive widgets. Widgets the saved
    layout does not know (added under another theme) stay where the mapping put them,
    after the restored ones. Widgets deleted since are skipped.
    """
    result = {area: [str(w) for w in widgets] for area, widgets in mapped.items()}
    result.setdefault(INACTIVE, [])
    present = {w for widgets in result.values() for w in widgets}
    restored: dict[str, list[str]] = {}
    for area, widgets in saved.items():
        target = area if area in result else INACTIVE
        for widget in widgets:
            if str(widget) in present:
                restored.setdefault(target, []).append(str(widget))
    restored = {area: list(dict.fromkeys(widgets)) for area, widgets in restored.items()}
    moving: set[str] = set()
    for widgets in restored.values():
        moving.update(widgets)
    for area in result:
        kept = [w for w in result[area] if w not in moving]
        result[area] = restored.get(area, []) + kept
    return result


def theme_arrangement(
    areas: Sequence[Area], sidebars: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """What to remember of a theme when the site leaves it: its areas and inactive widgets.

    Widgets stored under an area the theme does not declare were not shown by it: they are
    remembered among its inactive widgets, so coming back does not bring them into view.
    """
    declared = {area.id for area in areas}
    kept = {area.id: [str(w) for w in sidebars.get(area.id) or ()] for area in areas}
    kept[INACTIVE] = [str(w) for w in sidebars.get(INACTIVE) or ()]
    for area, widgets in sidebars.items():
        if area not in declared and area != INACTIVE:
            kept[INACTIVE].extend(str(w) for w in widgets)
    return kept


# -- menus ---------------------------------------------------------------------------------


def map_nav_menu_locations(
    new_locations: Mapping[str, int],
    old_locations: Mapping[str, int],
    registered: Sequence[str],
) -> dict[str, int]:
    """WordPress's ``wp_map_nav_menu_locations``, rule for rule.

    *new_locations* is what the new theme had when last active (``{}`` if never),
    *old_locations* the assignments of the theme being left, *registered* the new theme's
    location ids in order:

    1. only registered locations of *new_locations* are kept;
    2. with no old assignments, that is the answer;
    3. one old assignment and one registered location: it moves over;
    4. the same id takes the old assignment (over what the new theme had);
    5. for each group of :data:`LOCATION_GROUPS`, each slug, each registered location
       containing (or contained in) that slug takes the first remaining old assignment whose
       location matches any slug of the group; each old assignment is used once. Numeric ids
       only match a slug equal to them.
    """
    result = {slot: menu for slot, menu in new_locations.items() if slot in registered}
    old = dict(old_locations)
    if not old:
        return result
    if len(old) == 1 and len(registered) == 1:
        result[registered[0]] = old.popitem()[1]
        return result
    for location in registered:
        if location in old:
            result[location] = old.pop(location)
    if not old:
        return result
    for new, match in _group_matches(LOCATION_GROUPS, registered, old, _matches):
        result[new] = old.pop(match)
    return result


def restore_locations(
    mapped: Mapping[str, int], saved: Mapping[str, int], registered: Sequence[str]
) -> dict[str, int]:
    """*mapped*, with a returning theme's *saved* assignments put back (they win).

    Saved assignments come back whole, declared or not, so a theme that prints a location
    it forgot to declare still gets its menu back. A saved ``0`` is a location the theme
    had and left empty: it is empty again. Locations the theme did not have then keep what
    the mapping gave them.
    """
    result = dict(mapped)
    for slot, menu in saved.items():
        if menu:
            result[slot] = menu
        else:
            result.pop(slot, None)
    order = [slot for slot in registered if slot in result]
    order += [slot for slot in result if slot not in order]
    return {slot: result[slot] for slot in order}


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
    """The four options after switching from *old_slug* to *new_slug* (pure).

    *menus*, when given, are the menu ids that still exist; assignments to others are
    dropped (the menu is gone, there is nothing to show).
    """
    old_areas = tuple(old.widget_areas) if old is not None else ()
    old_locations = tuple(old.menu_locations) if old is not None else ()
    new_areas = [area.id for area in new.widget_areas]
    new_slots = [location.id for location in new.menu_locations]
    sidebars = _sidebars(options.get(SIDEBARS_OPTION))
    # WordPress's sidebars_widgets lists every registered area, empty ones too; a stored
    # option may lack them, and that would change WordPress's one-area-each rule.
    for area in old_areas:
        sidebars.setdefault(area.id, [])
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
        theme_sidebars[old_slug] = theme_arrangement(old_areas, sidebars)
        # Every assignment, declared or not, and 0 for each declared location left empty.
        theme_locations[old_slug] = {
            **{location.id: 0 for location in old_locations},
            **assigned,
        }

    saved_sidebars = theme_sidebars.get(new_slug)
    new_sidebars = map_sidebars_widgets(sidebars, new_areas, saved_sidebars)
    if saved_sidebars is not None:
        new_sidebars = restore_widgets(new_sidebars, saved_sidebars)
    new_sidebars = _keep_every_widget(new_sidebars, sidebars, new_areas)

    def usable(locations: Mapping[str, int]) -> dict[str, int]:
        return {
            slot: menu
            for slot, menu in locations.items()
            if menu > 0 and (menus is None or menu in menus)
        }

    saved_locations = theme_locations.get(new_slug)
    new_locations = map_nav_menu_locations(
        usable(saved_locations or {}), usable(assigned), new_slots
    )
    if saved_locations is not None:
        # A menu deleted since cannot come back: the mapping's answer stands there.
        still = {
            slot: menu for slot, menu in saved_locations.items() if not menu or usable({slot: menu})
        }
        new_locations = restore_locations(new_locations, still, new_slots)
    new_locations = usable(new_locations)
    return {
        SIDEBARS_OPTION: new_sidebars,
        LOCATIONS_OPTION: new_locations,
        THEME_SIDEBARS_OPTION: theme_sidebars,
        THEME_LOCATIONS_OPTION: theme_locations,
    }


def _keep_every_widget(
    mapped: Mapping[str, Sequence[str]],
    before: Mapping[str, Sequence[str]],
    areas: Sequence[str],
) -> dict[str, list[str]]:
    """The stored form: each new area then the inactive widgets, every widget once.

    A widget the mapping did not place in one of *areas* (in an area the theme does not
    have) joins the inactive widgets, so a switch never loses one.
    """
    result: dict[str, list[str]] = {area: [] for area in areas}
    seen: set[str] = set()
    for area in areas:
        for widget in mapped.get(area, ()):
            if widget not in seen:
                seen.add(widget)
                result[area].append(widget)
    inactive: list[str] = []
    every = [*mapped.get(INACTIVE, ())]
    every += [w for widgets in before.values() for w in widgets]
    for widget in every:
        if widget not in seen:
            seen.add(widget)
            inactive.append(widget)
    result[INACTIVE] = inactive
    return result


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
    "SIDEBAR_GROUPS",
    "Declarations",
    "Declared",
    "chain_declarations",
    "map_nav_menu_locations",
    "map_sidebars_widgets",
    "plan_switch",
    "restore_locations",
    "restore_widgets",
    "switch_appearance",
    "theme_arrangement",
]
