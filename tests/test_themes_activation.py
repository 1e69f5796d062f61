"""Switching themes: atomic, refused on errors, seen by every app on the next request."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask

from magtheme import create_app, site
from magtheme.cli import main
from magtheme.demo import load_demo
from magtheme.models import db
from magtheme.options import DEFAULT_THEME, forget_options, get_option, load_options, update_option
from magtheme.themes import Theme, ThemeError, mods
from magtheme.themes.activation import activate
from magtheme.widgets import default_registry
from magtheme.widgets.store import add_widgets
from tests.conftest import write_theme


@dataclass
class FakeReport:
    errors: Sequence[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def passing(slug: str, themes: Mapping[str, Theme]) -> FakeReport:
    return FakeReport()


def real_checker() -> Any:
    from magtheme.themes.check import check_theme

    return check_theme


def site_dir(app: Flask) -> Path:
    return Path(app.instance_path) / "themes"


def active() -> tuple[str, str]:
    options = load_options()
    return options["stylesheet"], options["template"]


@pytest.fixture
def themes(app: Flask) -> dict[str, Theme]:
    root = site_dir(app)
    write_theme(root, "marker", {"index.html": "MARKER THEME"})
    write_theme(root, "kid", {"index.html": "KID THEME"}, parent="marker")
    write_theme(root, "grandkid", {}, parent="kid")
    write_theme(root, "orphan", {"index.html": "x"}, parent="missing")
    write_theme(root, "loop-a", {"index.html": "a"}, parent="loop-b")
    write_theme(root, "loop-b", {"index.html": "b"}, parent="loop-a")
    write_theme(root, "broken", {"index.html": "{% if %}never{% endif %}"})
    return site.installed_themes(app)


@pytest.mark.parametrize(
    ("slug", "stylesheet", "template"),
    [
        ("marker", "marker", "marker"),
        ("kid", "kid", "marker"),
        ("grandkid", "grandkid", "marker"),  # template is the root of the chain
    ],
)
def test_activate_writes_both_options(
    themes: dict[str, Theme], slug: str, stylesheet: str, template: str
) -> None:
    result = activate(slug, themes, check=passing)
    assert active() == (stylesheet, template)
    assert (result.previous_stylesheet, result.previous_template) == (DEFAULT_THEME, DEFAULT_THEME)
    assert (result.stylesheet, result.template) == (stylesheet, template)
    assert [t.slug for t in result.chain.themes][-1] == template
    assert result.changed


def test_activating_the_active_theme_changes_nothing(themes: dict[str, Theme]) -> None:
    assert not activate(DEFAULT_THEME, themes, check=passing).changed
    assert active() == (DEFAULT_THEME, DEFAULT_THEME)


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("nope", "'nope' is not installed"),
        ("orphan", r"parent 'missing' is not installed \(orphan → missing\)"),
        ("loop-a", r"loop \(loop-a → loop-b → loop-a\)"),
    ],
)
def test_a_theme_whose_chain_cannot_be_built_is_refused(
    themes: dict[str, Theme], slug: str, message: str
) -> None:
    with pytest.raises(ThemeError, match=message):
        activate(slug, themes, check=passing)
    assert active() == (DEFAULT_THEME, DEFAULT_THEME)


def test_check_errors_refuse_the_switch_and_the_site_keeps_serving(
    app: Flask, themes: dict[str, Theme]
) -> None:
    client = app.test_client()
    before = client.get("/no-such-page/").get_data(as_text=True)
    calls: list[str] = []

    def failing(slug: str, themes: Mapping[str, Theme]) -> FakeReport:
        calls.append(slug)
        return FakeReport(["index.html:1: ERROR MT-X one", "parts/a.html:3: ERROR MT-Y two"])

    with pytest.raises(ThemeError) as caught:
        activate("marker", themes, check=failing)
    message = str(caught.value)
    assert calls == ["marker"]
    assert "'marker' was not activated: the check found 2 errors" in message
    assert "  - index.html:1: ERROR MT-X one\n  - parts/a.html:3: ERROR MT-Y two" in message
    assert "keeps its current theme" in message
    assert active() == (DEFAULT_THEME, DEFAULT_THEME)
    assert client.get("/no-such-page/").get_data(as_text=True) == before
    assert "MARKER" not in before


def test_the_real_checker_refuses_a_template_syntax_error(
    app: Flask, themes: dict[str, Theme]
) -> None:
    real_checker()
    with pytest.raises(ThemeError, match=r"(?s)'broken' was not activated.*index\.html:1"):
        activate("broken", themes)  # the default checker
    assert active() == (DEFAULT_THEME, DEFAULT_THEME)
    activate("marker", themes)  # a clean theme passes the same checker
    assert active() == ("marker", "marker")


def test_another_app_on_the_same_database_sees_the_switch(
    app: Flask, instance: Path, themes: dict[str, Theme]
) -> None:
    # Two app objects stand for two workers of one site: they share only the database.
    other = create_app(instance, {"TESTING": True})
    other_client = other.test_client()
    assert "MARKER THEME" not in other_client.get("/").get_data(as_text=True)

    activate("marker", themes, check=passing)

    assert other_client.get("/").get_data(as_text=True) == "MARKER THEME"
    activate("kid", themes, check=passing)
    assert other_client.get("/").get_data(as_text=True) == "KID THEME"
    with other.app_context():
        assert get_option("stylesheet") == "kid"
        db.session.remove()


def test_a_failed_write_changes_nothing(
    themes: dict[str, Theme], monkeypatch: pytest.MonkeyPatch
) -> None:
    from magtheme import options

    real_store = options.store_option
    written: list[str] = []

    def flaky(name: str, value: Any) -> None:
        if written:
            raise RuntimeError("disk full")
        written.append(name)
        real_store(name, value)

    monkeypatch.setattr(options, "store_option", flaky)
    with pytest.raises(RuntimeError, match="disk full"):
        activate("kid", themes, check=passing)
    assert written  # the first option was written in the transaction, then rolled back
    monkeypatch.undo()
    options.forget_options()
    assert active() == (DEFAULT_THEME, DEFAULT_THEME)


# ---------- commands ----------


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(tmp_path / "site"))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code == 0, result.output
    write_theme(tmp_path / "site" / "themes", "marker", {"index.html": "MARKER"})
    write_theme(tmp_path / "site" / "themes", "kid", {}, parent="marker")
    write_theme(tmp_path / "site" / "themes", "orphan", {"index.html": "x"}, parent="missing")
    return CliRunner()


def stored_stylesheet(tmp_path: Path) -> str:
    app = create_app(tmp_path / "site", {"TESTING": True})
    with app.app_context():
        value = str(get_option("stylesheet"))
        db.session.remove()
    return value


def test_activate_command(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["theme", "activate", "kid"])
    assert result.exit_code == 0, result.output
    assert f"switched to 'kid' (parent theme 'marker'); it was '{DEFAULT_THEME}'" in result.output
    assert stored_stylesheet(tmp_path) == "kid"

    refused = runner.invoke(main, ["theme", "activate", "orphan"])
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: theme 'orphan': parent 'missing' is not installed")
    assert stored_stylesheet(tmp_path) == "kid"

    again = runner.invoke(main, ["theme", "activate", "kid"])
    assert again.exit_code == 0 and "already active" in again.output


def test_list_command(runner: CliRunner, tmp_path: Path) -> None:
    import json

    broken = write_theme(tmp_path / "site" / "themes", "broken", {"index.html": "x"})
    (broken / "theme.toml").write_text('name = "oops\n')
    assert runner.invoke(main, ["theme", "activate", "kid"]).exit_code == 0
    result = runner.invoke(main, ["theme", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["slug"]: row for row in json.loads(result.stdout)}
    assert rows["kid"] == {
        **rows["kid"],
        "name": "Kid",
        "version": "1.0.0",
        "parent": "marker",
        "active": True,
        "valid": True,
    }
    assert rows["classic"]["active"] is False and rows["classic"]["valid"] is True
    assert rows["orphan"]["valid"] is False and "missing" in rows["orphan"]["problem"]
    assert rows["broken"]["valid"] is False

    table = runner.invoke(main, ["theme", "list"])
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["slug", "name", "version", "parent", "active", "valid"]
    assert ["kid", "Kid", "1.0.0", "marker", "yes", "yes"] in [line.split() for line in lines]


# ---------- switching among the bundled themes: classic, magazine and its child magazine-dark ----------


def switch_to(app: Flask, slug: str) -> str:
    """Activate a bundled theme as `magtheme theme activate` does; the home page it serves."""
    activate(slug, site.installed_themes(app))
    db.session.commit()
    forget_options()
    response = app.test_client().get("/")
    assert response.status_code == 200, slug
    return response.get_data(as_text=True)


def set_mod(slug: str, setting: str, value: str) -> None:
    mods.set_mod(slug, setting, value, mods.chain_schema(site.theme_chain(slug)))
    db.session.commit()
    forget_options()


def footer_of(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


def scheme_of(html: str) -> str | None:
    found = re.search(r'<html lang="[^"]*"(?: data-theme="(\w+)")?>', html)
    assert found, html[:200]
    return found.group(1)


def test_magazine_and_magazine_dark_share_widgets_and_menus_and_keep_their_settings(
    app: Flask,
) -> None:
    load_demo()
    switch_to(app, "magazine")
    instances, sidebars = add_widgets(
        get_option("widget_instances") or {},
        get_option("sidebars_widgets") or {},
        registry=default_registry(),
        areas=["footer-1"],
        widgets=[("custom-html", "footer-1", {"content": "<p>Letters to the editor</p>"})],
    )
    update_option("widget_instances", instances)
    update_option("sidebars_widgets", sidebars)
    main_menu = get_option("nav_menu_locations")["primary"]
    update_option("nav_menu_locations", {**get_option("nav_menu_locations"), "footer": main_menu})
    set_mod("magazine", "short_header", "yes")
    sidebar = list(get_option("sidebars_widgets")["sidebar"])
    assert sidebar

    # The child: the same areas and locations, so everything stays where it was.
    dark = switch_to(app, "magazine-dark")
    assert "Letters to the editor" in footer_of(dark) and 'aria-label="Footer"' in footer_of(dark)
    assert all(f'id="{widget}"' in dark for widget in sidebar)
    assert 'id="site-navigation"' in dark and ">Politics</a>" in dark
    assert scheme_of(dark) == "dark" and "header-short" in dark  # its default, Magazine's value
    set_mod("magazine-dark", "color_scheme", "light")
    set_mod("magazine-dark", "ticker_position", "hidden")

    # Away to classic and back: each Magazine keeps its own settings, the footer its widget.
    assert "/themes/classic/" in switch_to(app, "classic")
    dark = switch_to(app, "magazine-dark")
    assert scheme_of(dark) == "light" and "magtheme-ticker" not in dark
    assert "Letters to the editor" in footer_of(dark) and "header-short" in dark
    assert all(f'id="{widget}"' in dark for widget in sidebar)
    magazine = switch_to(app, "magazine")
    assert scheme_of(magazine) is None and "magtheme-ticker" in magazine
    assert "Letters to the editor" in footer_of(magazine) and "back-to-top" not in magazine
    assert "header-short" in magazine and 'aria-label="Footer"' in footer_of(magazine)


def test_the_activate_command_names_magazine_dark_s_parent(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["theme", "activate", "magazine-dark"])
    assert result.exit_code == 0, result.output
    assert (
        f"switched to 'magazine-dark' (parent theme 'magazine'); it was '{DEFAULT_THEME}'"
        in result.output
    )
    assert stored_stylesheet(tmp_path) == "magazine-dark"
    rows = {
        row["slug"]: row
        for row in json.loads(runner.invoke(main, ["theme", "list", "--json"]).stdout)
    }
    assert rows["magazine-dark"]["parent"] == "magazine" and rows["magazine-dark"]["valid"]
