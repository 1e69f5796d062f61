"""Switching themes loses nothing: widgets and menu locations follow, and come back."""

from __future__ import annotations

import json
from pathlib import Path
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
    map_nav_menu_locations,
    map_sidebars_widgets,
    plan_switch,
    restore_locations,
    restore_widgets,
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


# -- widgets: WordPress's wp_map_sidebars_widgets, as a table ------------------------------------
# Each row restates a case of WordPress's tests/phpunit/tests/widgets.php (named in the id);
# where WordPress's case has empty areas, widgets are added so the row shows where they go.

WIDGET_CASES = [
    pytest.param(
        {"unique-slug": ["a"]},
        ["primary"],
        None,
        {INACTIVE: [], "primary": ["a"]},
        id="test_one_sidebar_each",
    ),
    pytest.param(
        {"primary": ["a"], "secondary": ["b"], INACTIVE: []},
        ["primary", "secondary"],
        None,
        {INACTIVE: [], "primary": ["a"], "secondary": ["b"]},
        id="test_sidebars_with_same_slug",
    ),
    pytest.param(
        {"header": ["h"], "footer": ["f"]},
        ["primary", "secondary"],
        None,
        {INACTIVE: ["h", "f"], "primary": [], "secondary": []},
        id="test_sidebar_guessing (no group holds both header and primary)",
    ),
    pytest.param(
        {"top-menu": ["t"], "secondary": ["s"]},
        ["primary"],
        None,
        {INACTIVE: ["t", "s"], "primary": []},
        id="test_sidebar_guessing_one_menu_per_group",
    ),
    pytest.param(
        {"navigation-menu": ["n"], "top-menu": ["t"]},
        ["primary", "main"],
        None,
        {INACTIVE: ["n", "t"], "primary": [], "main": []},
        id="test_sidebar_guessing_one_menu_per_sidebar",
    ),
    pytest.param(
        {
            "sidebar-1": ["tag_cloud-1"],
            "sidebar-2": ["text-1"],
            "fantasy": ["archives-2"],
            INACTIVE: ["media_image-1"],
        },
        ["sidebar-1", "sidebar-2", "sidebar-3", "sidebar-4"],
        {
            "sidebar-1": ["tag_cloud-1"],
            "sidebar-2": [],
            "sidebar-3": ["unregistered_widget-1", "text-1", "media_image-1"],
            "sidebar-4": [],
            "orphaned_widgets_1": ["media_video-2"],
        },
        {
            INACTIVE: ["archives-2"],
            "sidebar-1": ["tag_cloud-1"],
            "sidebar-2": ["text-1"],
            "sidebar-3": ["media_image-1"],
            "sidebar-4": [],
        },
        id="test_retrieve_widgets_with_theme_mod",
    ),
    pytest.param(
        {
            "sidebar-1": ["tag_cloud-1"],
            "sidebar-2": ["text-1"],
            INACTIVE: ["search-2", "archives-2"],
            "orphaned_widgets_1": ["calendar-1"],
        },
        ["sidebar-1", "sidebar-2", "sidebar-3"],
        None,
        {
            INACTIVE: ["search-2", "archives-2", "calendar-1"],
            "sidebar-1": ["tag_cloud-1"],
            "sidebar-2": ["text-1"],
            "sidebar-3": [],
        },
        id="test_retrieve_widgets_move_orphaned_widgets_to_inactive",
    ),
    pytest.param(
        {"sidebar-1": ["tag_cloud-1"], "sidebar-2": ["text-1"], "fantasy": ["block-4"]},
        ["sidebar-1", "sidebar-2", "sidebar-3"],
        None,
        {
            INACTIVE: ["block-4"],
            "sidebar-1": ["tag_cloud-1"],
            "sidebar-2": ["text-1"],
            "sidebar-3": [],
        },
        id="test_retrieve_widgets_with_sidebars_widgets_not_matching_registered_sidebars",
    ),
    pytest.param(
        {"primary": ["a"], "bottom": ["b"]},
        ["sidebar-main", "footer-widgets"],
        None,
        {INACTIVE: [], "sidebar-main": ["a"], "footer-widgets": ["b"]},
        id="groups: primary is sidebar, bottom is footer (widgets.php's slug groups)",
    ),
    pytest.param(
        {"sidebar-1": ["a"], "footer": ["b"]},
        ["header", "sidebar"],
        None,
        {INACTIVE: [], "header": [], "sidebar": ["a", "b"]},
        id="groups: 'sidebar' is inside 'sidebar-2', so it takes the footer too",
    ),
]


@pytest.mark.parametrize(("existing", "registered", "previous", "expected"), WIDGET_CASES)
def test_map_sidebars_widgets(
    existing: dict[str, list[str]],
    registered: list[str],
    previous: dict[str, list[str]] | None,
    expected: dict[str, list[str]],
) -> None:
    assert map_sidebars_widgets(existing, registered, previous) == expected


# -- menus: WordPress's wp_map_nav_menu_locations, as a table -------------------------------------
# Each row restates a case of WordPress's tests/phpunit/tests/menu/nav-menu.php.

MENU_CASES = [
    pytest.param({}, {"unique-slug": 1}, ["primary"], {"primary": 1}, id="test_one_location_each"),
    pytest.param(
        {"primary": 1, "secondary": 2, "social": 3},
        {"primary": 1, "secondary": 2, "social": 3},
        ["primary", "secondary"],
        {"primary": 1, "secondary": 2},
        id="test_filter_registered_locations",
    ),
    pytest.param(
        {},
        {"primary": 1, "secondary": 2},
        ["primary", "secondary"],
        {"primary": 1, "secondary": 2},
        id="test_locations_with_same_slug",
    ),
    pytest.param(
        {"primary": 3},
        {"primary": 1, "secondary": 2},
        ["primary"],
        {"primary": 1},
        id="test_new_theme_previously_active",
    ),
    pytest.param(
        {},
        {"header": 1, "footer": 2},
        ["primary", "secondary"],
        {"primary": 1, "secondary": 2},
        id="test_location_guessing",
    ),
    pytest.param(
        {},
        {"top-menu": 1, "secondary": 2},
        ["primary"],
        {"primary": 1},
        id="test_location_guessing_one_menu_per_group",
    ),
    pytest.param(
        {},
        {"navigation-menu": 1, "top-menu": 2},
        ["primary", "main"],
        {"primary": 1, "main": 2},
        id="test_location_guessing_one_menu_per_location",
    ),
    pytest.param(
        {},
        {"main": 1, "secondary": 2, "tertiary": 3},
        ["primary", "1"],
        {"primary": 1},
        id="test_numerical_locations",
    ),
    pytest.param(
        {},
        {"social-links": 5, "primary": 1},
        ["social", "top"],
        {"social": 5, "top": 1},
        id="groups: social, and top is primary",
    ),
]


@pytest.mark.parametrize(("saved", "old", "registered", "expected"), MENU_CASES)
def test_map_nav_menu_locations(
    saved: dict[str, int], old: dict[str, int], registered: list[str], expected: dict[str, int]
) -> None:
    assert map_nav_menu_locations(saved, old, registered) == expected


# -- a returning theme gets its own layout back -------------------------------------------------


def test_a_returning_theme_gets_every_widget_back_where_it_was() -> None:
    mapped = {INACTIVE: ["x"], "sidebar": ["a", "b", "new"], "footer": []}
    saved = {"sidebar": ["b"], "footer": ["a"], INACTIVE: ["x"], "gone-area": ["x"]}
    assert restore_widgets(mapped, saved) == {
        INACTIVE: ["x"],
        "sidebar": ["b", "new"],
        "footer": ["a"],
    }


def test_a_returning_theme_gets_its_locations_back_and_its_empty_ones_stay_empty() -> None:
    mapped = {"primary": 1, "footer": 2}
    assert restore_locations(mapped, {"primary": 3, "footer": 0}, ["primary", "footer"]) == {
        "primary": 3
    }


THEMES = {
    "a": Declared(areas("sidebar-1", "footer"), areas("primary", "footer")),
    "b": Declared(areas("header", "sidebar"), areas("main")),
    "c": Declared(areas("main"), areas("top", "social")),
    "d": Declared((), ()),
    "e": Declared(areas("left", "right", "bottom"), areas("primary", "secondary", "social")),
}
WIDGETS = [f"text-{n}" for n in range(1, 9)]


@st.composite
def site_states(draw: st.DrawFn, slug: str) -> dict[str, Any]:
    """A stored layout of theme *slug*: its areas and inactive widgets, and its locations."""
    declared = THEMES[slug]
    slots = [area.id for area in declared.widget_areas] + [INACTIVE]
    widgets = draw(st.permutations(WIDGETS))
    sidebars: dict[str, list[str]] = {slot: [] for slot in slots}
    for widget in widgets:
        sidebars[draw(st.sampled_from(slots))].append(widget)
    locations = {loc.id: draw(st.integers(0, 3)) for loc in declared.menu_locations}
    return {
        "sidebars_widgets": sidebars,
        "nav_menu_locations": {k: v for k, v in locations.items() if v},
    }


def switch(options: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    values = plan_switch(THEMES[old], THEMES[new], old, new, options, menus={1, 2, 3})
    return {**options, **values}


@settings(max_examples=150)
@given(
    st.data(),
    st.sampled_from(sorted(THEMES)),
    st.lists(st.sampled_from(sorted(THEMES)), min_size=1, max_size=6),
)
def test_no_switch_ever_loses_a_widget(data: st.DataObject, first: str, path: list[str]) -> None:
    options = data.draw(site_states(first))
    current = first
    for slug in path:
        options = switch(options, current, slug)
        current = slug
        placed = [w for ws in options["sidebars_widgets"].values() for w in ws]
        assert sorted(placed) == sorted(WIDGETS)  # each widget exactly once
        assert set(options["sidebars_widgets"]) == {
            *(area.id for area in THEMES[slug].widget_areas),
            INACTIVE,
        }


@settings(max_examples=150)
@given(
    st.data(),
    st.sampled_from(sorted(THEMES)),
    st.lists(st.sampled_from(sorted(THEMES)), max_size=4),
    st.sampled_from(sorted(THEMES)),
)
def test_a_to_b_to_a_restores_every_widget_and_location(
    data: st.DataObject, first: str, history: list[str], other: str
) -> None:
    """Whatever the site did before, leaving a theme and coming back restores it exactly."""
    options = data.draw(site_states(first))
    current = first
    for slug in history:  # earlier visits leave remembered layouts behind
        options = switch(options, current, slug)
        current = slug
    before = {k: options[k] for k in ("sidebars_widgets", "nav_menu_locations")}
    back = switch(switch(options, current, other), other, current)
    assert back["sidebars_widgets"] == before["sidebars_widgets"]
    assert back["nav_menu_locations"] == before["nav_menu_locations"]


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
PLAIN = Declared(areas("blog-sidebar"), areas("main"))


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
    assert after["sidebars_widgets"] == {
        "blog-sidebar": ["a", "b"],
        INACTIVE: ["c"],
    }  # a slug group
    assert after["nav_menu_locations"] == {"main": main}
    assert after["theme_sidebars"]["magazine"] == {
        "sidebar": ["a", "b"],
        "footer-1": ["c"],
        INACTIVE: [],
    }

    update_option(
        "sidebars_widgets", {"blog-sidebar": ["c"], INACTIVE: ["a", "b"]}
    )  # owner's choice
    switch_appearance(PLAIN, MAGAZINE, "plain", "magazine")
    back = stored()
    assert back["sidebars_widgets"] == before["sidebars_widgets"]
    assert back["nav_menu_locations"] == before["nav_menu_locations"]

    switch_appearance(MAGAZINE, PLAIN, "magazine", "plain")
    assert stored()["sidebars_widgets"] == {"blog-sidebar": ["c"], INACTIVE: ["a", "b"]}


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


# -- end to end: magtheme theme activate ------------------------------------------------------


def test_theme_activate_round_trip_keeps_widgets_and_menus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from magtheme import create_app
    from magtheme.cli import main
    from magtheme.models import db
    from tests.conftest import write_theme

    site = tmp_path / "site"
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(site))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    declarations = {
        "mag": '[[widget_areas]]\nid = "sidebar"\nname = "Sidebar"\n'
        '[[widget_areas]]\nid = "footer"\nname = "Footer"\n'
        '[[menu_locations]]\nid = "primary"\nname = "Primary"\n',
        "plain": '[[widget_areas]]\nid = "blog-sidebar"\nname = "Blog"\n'
        '[[menu_locations]]\nid = "main"\nname = "Main"\n',
    }
    for slug, extra in declarations.items():
        folder = write_theme(site / "themes", slug, {"index.html": slug})
        with (folder / "theme.toml").open("a") as manifest:
            manifest.write(extra)

    def run(*args: str) -> None:
        result = runner.invoke(main, list(args))
        assert result.exit_code == 0, result.output

    def state() -> tuple[Any, Any]:
        app = create_app(site, {"TESTING": True})
        with app.app_context():
            value = (get_option("sidebars_widgets"), get_option("nav_menu_locations"))
            db.session.remove()
        return value

    run("theme", "activate", "mag")
    app = create_app(site, {"TESTING": True})
    with app.app_context():
        menu = make_term("Main menu", "nav_menu").id
        db.session.commit()
        db.session.remove()
    layout = {"sidebar": ["search-2", "text-3"], "footer": ["archives-4"], INACTIVE: ["text-5"]}
    run("option", "set", "sidebars_widgets", json.dumps(layout))
    run("option", "set", "nav_menu_locations", json.dumps({"primary": menu}))

    run("theme", "activate", "plain")
    assert state() == (
        {"blog-sidebar": ["search-2", "text-3"], INACTIVE: ["text-5", "archives-4"]},
        {"main": menu},
    )
    run("theme", "activate", "mag")
    assert state() == (layout, {"primary": menu})


def test_widgets_a_theme_did_not_show_stay_out_of_view_when_it_returns() -> None:
    # Magazine active, with widgets stored under Classic's "footer", which Magazine lacks.
    a = Declared(widget_areas=(Area("sidebar", "Sidebar"),), menu_locations=())
    b = Declared(
        widget_areas=(Area("sidebar", "Sidebar"), Area("footer", "Footer")), menu_locations=()
    )
    options: dict[str, object] = {
        "sidebars_widgets": {"sidebar": ["text-2"], "footer": ["search-2"], INACTIVE: []}
    }
    to_b = plan_switch(a, b, "magazine", "classic", options)
    assert to_b["sidebars_widgets"]["footer"] == ["search-2"]
    back = plan_switch(b, a, "classic", "magazine", {**options, **to_b})
    assert back["sidebars_widgets"]["sidebar"] == ["text-2"]
    assert back["sidebars_widgets"][INACTIVE] == ["search-2"]
