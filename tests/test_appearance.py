"""Switching themes loses nothing: widgets and menu locations follow, and come back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from magtheme import options as options_module
from magtheme.appearance import (
    INACTIVE,
    Declared,
    chain_declarations,
    remap_menu_locations,
    remap_widgets,
    switch_appearance,
)
from magtheme.options import get_option, load_options, update_option
from magtheme.themes.schema import Area, parse_manifest
from tests.factories import make_term


def areas(*specs: str) -> tuple[Area, ...]:
    """Areas from "id" or "id:Name" strings."""
    found = []
    for spec in specs:
        area_id, _, name = spec.partition(":")
        found.append(Area(area_id, name or area_id.title()))
    return tuple(found)


# -- widgets: WordPress's retrofit_widgets, as a table -------------------------------------------

WIDGET_CASES = [
    pytest.param(
        areas("sidebar", "footer"),
        areas("sidebar", "footer"),
        {"sidebar": ["a", "b"], "footer": ["c"], INACTIVE: ["d"]},
        None,
        {"sidebar": ["a", "b"], "footer": ["c"], INACTIVE: ["d"]},
        id="same ids stay",
    ),
    pytest.param(
        areas("sidebar", "footer"),
        areas("sidebar"),
        {"sidebar": ["a"], "footer": ["c"], INACTIVE: ["d"]},
        None,
        {"sidebar": ["a"], INACTIVE: ["d", "c"]},
        id="a vanished area's widgets wait among the inactive",
    ),
    pytest.param(
        areas("sidebar-1:Main Sidebar", "footer:Footer"),
        areas("aside:main  SIDEBAR", "bottom:Bottom"),
        {"sidebar-1": ["a"], "footer": ["b"]},
        None,
        {"aside": ["a"], "bottom": [], INACTIVE: ["b"]},
        id="same name, case and spaces ignored",
    ),
    pytest.param(
        areas("sidebar-1:Sidebar"),
        areas("blog:Blog column"),
        {"sidebar-1": ["a", "b"]},
        None,
        {"blog": ["a", "b"], INACTIVE: []},
        id="the only area of each theme",
    ),
    pytest.param(
        areas("sidebar"),
        (),
        {"sidebar": ["a"], INACTIVE: ["z"]},
        None,
        {INACTIVE: ["z", "a"]},
        id="a theme without areas",
    ),
    pytest.param(
        areas("sidebar"),
        areas("left", "right"),
        {"sidebar": ["a", "b", "c"], INACTIVE: []},
        {"left": ["b"], "right": ["deleted"], "gone-area": ["a"]},
        {"left": ["b"], "right": [], INACTIVE: ["a", "c"]},
        id="a theme's remembered arrangement comes back, deleted widgets do not",
    ),
    pytest.param(
        areas("sidebar"),
        areas("sidebar"),
        {"sidebar": ["new", "a"], INACTIVE: ["b"]},
        {"sidebar": ["a", "b"]},
        {"sidebar": ["a", "b"], INACTIVE: ["new"]},
        id="a remembered arrangement comes back as it was",
    ),
    pytest.param(
        areas("sidebar"),
        areas("sidebar", "old-footer"),
        {"sidebar": ["a"], "old-footer": ["f"], "stale": ["s"]},
        None,
        {"sidebar": ["a"], "old-footer": ["f"], INACTIVE: ["s"]},
        id="areas the old theme did not declare follow their id too",
    ),
    pytest.param(
        areas("sidebar"),
        areas("sidebar"),
        {"sidebar": ["a", "a"], INACTIVE: ["a", "b", "b"]},
        None,
        {"sidebar": ["a"], INACTIVE: ["b"]},
        id="every widget once",
    ),
]


@pytest.mark.parametrize(("old", "new", "sidebars", "remembered", "expected"), WIDGET_CASES)
def test_remap_widgets(
    old: Sequence[Area],
    new: Sequence[Area],
    sidebars: Mapping[str, list[str]],
    remembered: Mapping[str, list[str]] | None,
    expected: dict[str, list[str]],
) -> None:
    assert remap_widgets(old, new, sidebars, remembered) == expected


AREA_IDS = st.sampled_from(["sidebar", "footer", "header", "left", INACTIVE])
WIDGETS = st.lists(st.sampled_from([f"w{i}" for i in range(8)]), max_size=6)


@settings(deadline=None)  # Hypothesis's per-example time limit would be a timed assertion
@given(
    old=st.lists(AREA_IDS.filter(lambda a: a != INACTIVE), unique=True),
    new=st.lists(AREA_IDS.filter(lambda a: a != INACTIVE), unique=True),
    sidebars=st.dictionaries(AREA_IDS, WIDGETS),
    remembered=st.none() | st.dictionaries(AREA_IDS, WIDGETS),
)
def test_no_widget_is_ever_lost_or_doubled(
    old: list[str],
    new: list[str],
    sidebars: dict[str, list[str]],
    remembered: dict[str, list[str]] | None,
) -> None:
    result = remap_widgets(areas(*old), areas(*new), sidebars, remembered)
    placed = [widget for widgets in result.values() for widget in widgets]
    assert sorted(placed) == sorted({w for ws in sidebars.values() for w in ws})
    assert set(result) == {*new, INACTIVE}


# -- menus: WordPress's wp_map_nav_menu_locations, as a table -------------------------------------

MENU_CASES = [
    pytest.param(
        areas("primary", "footer"),
        areas("primary", "social"),
        {"primary": 3, "footer": 4},
        None,
        None,
        {"primary": 3},
        id="the same id keeps its menu",
    ),
    pytest.param(
        areas("top-bar", "extra"),
        areas("nav"),
        {"top-bar": 3},
        None,
        None,
        {"nav": 3},
        id="the only menu to the only location",
    ),
    pytest.param(
        areas("menu-a:Main Menu", "x:Other"),
        areas("site:main menu", "y:Why"),
        {"menu-a": 3, "x": 4},
        None,
        None,
        {"site": 3},
        id="same name",
    ),
    pytest.param(
        areas("primary", "footer"),
        areas("main", "bottom-links"),
        {"primary": 1, "footer": 2},
        None,
        None,
        {"main": 1, "bottom-links": 2},
        id="primary is main, footer is bottom",
    ),
    pytest.param(
        areas("primary", "secondary"),
        areas("header-menu", "footer-menu"),
        {"primary": 1, "secondary": 2},
        None,
        None,
        {"header-menu": 1, "footer-menu": 2},
        id="slugs that contain a group's slug",
    ),
    pytest.param(
        areas("social-links", "primary"),
        areas("social", "top"),
        {"social-links": 5, "primary": 1},
        None,
        None,
        {"social": 5, "top": 1},
        id="social",
    ),
    pytest.param(
        areas("primary"),
        areas("main", "header"),
        {"primary": 1},
        None,
        None,
        {"main": 1},
        id="an old assignment is used once",
    ),
    pytest.param(
        areas("footer"),
        areas("primary", "sidebar-nav"),
        {"footer": 2},
        None,
        None,
        {},
        id="no likeness, no assignment",
    ),
    pytest.param(
        areas("primary"),
        areas("primary"),
        {"primary": 3},
        {"primary": 7},
        None,
        {"primary": 7},
        id="the theme's remembered assignment wins",
    ),
    pytest.param(
        areas("primary"),
        areas("primary"),
        {"primary": 3},
        {"primary": 7},
        {3},
        {"primary": 3},
        id="a deleted menu is not restored",
    ),
    pytest.param(
        areas("primary"),
        (),
        {"primary": 3},
        {"primary": 9},
        None,
        {"primary": 9},
        id="remembered assignments return whole, declared or not",
    ),
    pytest.param(
        areas("primary"),
        areas("primary"),
        {"primary": 0},
        None,
        None,
        {},
        id="no menu is no assignment",
    ),
]


@pytest.mark.parametrize(("old", "new", "assigned", "remembered", "menus", "expected"), MENU_CASES)
def test_remap_menu_locations(
    old: Sequence[Area],
    new: Sequence[Area],
    assigned: Mapping[str, int],
    remembered: Mapping[str, int] | None,
    menus: set[int] | None,
    expected: dict[str, int],
) -> None:
    assert remap_menu_locations(old, new, assigned, remembered, menus=menus) == expected


# -- what a chain declares ----------------------------------------------------------------------


def test_a_child_theme_keeps_its_parents_areas_and_locations() -> None:
    child = {"widget_areas": [{"id": "sidebar", "name": "Child sidebar"}]}
    parent = {
        "widget_areas": [{"id": "sidebar", "name": "Sidebar"}, {"id": "footer", "name": "Footer"}],
        "menu_locations": [{"id": "primary", "name": "Primary"}],
    }
    declared = chain_declarations([child, parent])
    assert declared.widget_areas == (Area("sidebar", "Child sidebar"), Area("footer", "Footer"))
    assert declared.menu_locations == (Area("primary", "Primary"),)


# -- the service ----------------------------------------------------------------------------------

MAGAZINE = Declared(areas("sidebar", "footer-1:Footer"), areas("primary", "footer"))
PLAIN = Declared(areas("aside:Sidebar"), areas("main"))


def stored() -> dict[str, Any]:
    load_options()
    return {
        name: get_option(name)
        for name in (
            "sidebars_widgets",
            "nav_menu_locations",
            "theme_sidebars",
            "theme_menu_locations",
        )
    }


def test_switching_away_and_back_restores_everything(app: Flask) -> None:
    main, footer = make_term("Main", "nav_menu").id, make_term("Foot", "nav_menu").id
    update_option("sidebars_widgets", {"sidebar": ["a", "b"], "footer-1": ["c"], INACTIVE: []})
    update_option("nav_menu_locations", {"primary": main, "footer": footer})
    before = stored()

    switch_appearance(MAGAZINE, PLAIN, "magazine", "plain")
    after = stored()
    assert after["sidebars_widgets"] == {"aside": ["a", "b"], INACTIVE: ["c"]}  # same name
    assert after["nav_menu_locations"] == {"main": main}
    assert after["theme_sidebars"]["magazine"] == {"sidebar": ["a", "b"], "footer-1": ["c"]}

    update_option("sidebars_widgets", {"aside": ["c"], INACTIVE: ["a", "b"]})  # owner's choice
    switch_appearance(PLAIN, MAGAZINE, "plain", "magazine")
    back = stored()
    assert back["sidebars_widgets"] == before["sidebars_widgets"]
    assert back["nav_menu_locations"] == before["nav_menu_locations"]

    switch_appearance(MAGAZINE, PLAIN, "magazine", "plain")
    assert stored()["sidebars_widgets"] == {"aside": ["c"], INACTIVE: ["a", "b"]}


def test_a_typed_manifest_works_and_the_first_switch_has_no_old_theme(app: Flask) -> None:
    manifest = parse_manifest(
        {
            "name": "Magazine",
            "slug": "magazine",
            "version": "1.0.0",
            "widget_areas": [{"id": "sidebar", "name": "Sidebar"}],
        }
    )
    update_option("sidebars_widgets", {"sidebar": ["a"], "other": ["b"]})
    switch_appearance(None, manifest, None, "magazine")
    assert stored()["sidebars_widgets"] == {"sidebar": ["a"], INACTIVE: ["b"]}


def test_assignments_to_deleted_menus_are_dropped(app: Flask) -> None:
    kept = make_term("Kept", "nav_menu").id
    update_option("nav_menu_locations", {"primary": kept, "footer": 999})
    switch_appearance(MAGAZINE, MAGAZINE, "magazine", "magazine-child")
    assert stored()["nav_menu_locations"] == {"primary": kept}


def test_the_switch_is_one_transaction(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    update_option("sidebars_widgets", {"sidebar": ["a"]})
    before = stored()
    real = options_module.update_option
    calls = {"n": 0}

    def failing(name: str, value: Any, *, commit: bool = True) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise options_module.OptionError("disk full")
        return real(name, value, commit=commit)

    monkeypatch.setattr(options_module, "update_option", failing)
    with pytest.raises(options_module.OptionError):
        switch_appearance(MAGAZINE, PLAIN, "magazine", "plain")
    monkeypatch.undo()
    options_module.forget_options()
    assert stored() == before
