"""Theme mods stored per theme: switching, child themes, activation sync, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask

from magtheme.cli import main
from magtheme.options import get_option, load_options, update_option
from magtheme.site import installed_themes
from magtheme.themes import ThemeChain, build_chain, mods
from magtheme.themes.settings import SettingError
from tests.conftest import StatementCounter, write_theme

ACCENT = """
[[settings]]
id = "colors"
title = "Colors"

  [[settings.controls]]
  id = "accent"
  type = "color"
  label = "Accent color"
  default = "{default}"
"""

LAYOUT = """
[[settings]]
id = "layout"
title = "Layout"

  [[settings.controls]]
  id = "layout"
  type = "select"
  label = "Layout"
  default = "{default}"
  choices = {{ {choices} }}

  [[settings.controls]]
  id = "columns"
  type = "number"
  label = "Columns"
  min = 1
  max = 4
  default = 2
"""


def theme_with(root: Path, slug: str, settings: str, parent: str | None = None) -> Path:
    """A theme folder whose theme.toml ends with *settings* (TOML)."""
    folder = write_theme(root, slug, {"index.html": slug}, parent=parent)
    manifest = folder / "theme.toml"
    manifest.write_text(manifest.read_text() + settings)
    return folder


def chain_of(app: Flask, slug: str) -> ThemeChain:
    """A freshly built chain (the theme files may have changed since the last one)."""
    return build_chain(slug, installed_themes(app))


def activate(app: Flask, slug: str, previous: ThemeChain | None) -> ThemeChain:
    chain = chain_of(app, slug)
    update_option("stylesheet", slug)
    mods.on_activate(chain, previous)
    return chain


@pytest.fixture
def themes(instance: Path) -> Path:
    folder = instance / "themes"
    theme_with(
        folder,
        "alpha",
        ACCENT.format(default="#336699")
        + LAYOUT.format(default="wide", choices='wide = "Wide", boxed = "Boxed"'),
    )
    theme_with(
        folder,
        "beta",
        ACCENT.format(default="#000000")
        + LAYOUT.format(default="grid", choices='grid = "Grid", list = "List"'),
    )
    theme_with(folder, "base", ACCENT.format(default="#111111"))
    theme_with(folder, "kid", ACCENT.format(default="#222222"), parent="base")
    theme_with(folder, "grandkid", "", parent="kid")
    return folder


def test_switching_away_and_back_restores_settings(app: Flask, themes: Path) -> None:
    alpha = activate(app, "alpha", None)
    mods.set_mod("alpha", "accent", "#AA3300", mods.chain_schema(alpha))
    mods.set_mod("alpha", "layout", "boxed", mods.chain_schema(alpha))

    beta = activate(app, "beta", alpha)
    # beta's "layout" has other choices: alpha's "boxed" means nothing to it.
    assert mods.theme_settings(beta) == {"accent": "#000000", "layout": "grid", "columns": 2}
    mods.set_mod("beta", "accent", "#00ff00", mods.chain_schema(beta))
    mods.set_mod("beta", "layout", "list", mods.chain_schema(beta))

    alpha = activate(app, "alpha", beta)
    assert mods.theme_settings(alpha) == {"accent": "#aa3300", "layout": "boxed", "columns": 2}
    beta = activate(app, "beta", alpha)
    assert mods.theme_settings(beta) == {"accent": "#00ff00", "layout": "list", "columns": 2}


def test_child_reads_parent_value_until_it_stores_its_own(app: Flask, themes: Path) -> None:
    kid, base = chain_of(app, "kid"), chain_of(app, "base")
    assert mods.theme_settings(kid)["accent"] == "#222222"  # the child's own default
    mods.set_mod("base", "accent", "#abcdef", mods.chain_schema(base))
    assert mods.theme_settings(kid)["accent"] == "#abcdef"  # the parent's stored value
    assert mods.resolved_settings(kid)["accent"].source == "base"
    mods.set_mod("kid", "accent", "#123456", mods.chain_schema(kid))
    assert mods.theme_settings(kid)["accent"] == "#123456"
    assert mods.theme_settings(base)["accent"] == "#abcdef"
    mods.remove_mod("kid", "accent")
    assert mods.theme_settings(kid)["accent"] == "#abcdef"


def test_reading_settings_adds_no_sql(
    app: Flask, themes: Path, sql_counter: StatementCounter
) -> None:
    grandkid = chain_of(app, "grandkid")
    mods.set_mod("base", "accent", "#abcdef", mods.chain_schema(grandkid))
    load_options()
    sql_counter.reset()
    assert mods.theme_settings(grandkid) == {"accent": "#abcdef"}
    assert sql_counter.count == 0


def test_a_bad_value_is_refused_and_nothing_is_stored(app: Flask, themes: Path) -> None:
    schema = mods.chain_schema(chain_of(app, "alpha"))
    mods.set_mod("alpha", "accent", "#aa3300", schema)
    with pytest.raises(SettingError, match="MT-SETTING-COLOR"):
        mods.set_mod("alpha", "accent", "red; } body{display:none", schema)
    with pytest.raises(SettingError, match="its settings are: accent, columns, layout"):
        mods.set_mod("alpha", "acent", "#fff", schema)
    assert mods.get_mods("alpha") == {"accent": "#aa3300"}


def test_settings_reach_css_as_custom_properties(app: Flask, themes: Path) -> None:
    alpha = chain_of(app, "alpha")
    mods.set_mod("alpha", "accent", "#AA3300", mods.chain_schema(alpha))
    assert mods.css_variables(alpha) == "<style>:root{--mt-accent:#aa3300}</style>"


def test_activation_syncs_with_a_new_version_of_the_theme(app: Flask, themes: Path) -> None:
    alpha = activate(app, "alpha", None)
    mods.set_mod("alpha", "layout", "boxed", mods.chain_schema(alpha))
    mods.set_mod("alpha", "columns", "3", mods.chain_schema(alpha))
    mods.set_mod("alpha", "accent", "#aa3300", mods.chain_schema(alpha))
    v1 = (themes / "alpha" / "theme.toml").read_text()

    # Version 2: no accent, columns retyped to text, "boxed" no longer a layout.
    v2 = v1.replace(ACCENT.format(default="#336699"), "")
    v2 = (
        v2.replace('boxed = "Boxed"', 'full = "Full"')
        .replace('type = "number"', 'type = "text"')
        .replace("min = 1\n  max = 4\n  default = 2", 'default = "two"')
    )
    (themes / "alpha" / "theme.toml").write_text(v2)
    result = mods.on_activate(chain_of(app, "alpha"))
    assert (result.reset, sorted(result.moved)) == (("layout",), ["accent", "columns"])
    assert mods.get_mods("alpha") == {}
    assert mods.theme_settings(chain_of(app, "alpha")) == {"layout": "wide", "columns": "two"}

    # Back to version 1: the set-aside values return; the reset one is gone for good.
    (themes / "alpha" / "theme.toml").write_text(v1)
    result = mods.on_activate(chain_of(app, "alpha"))
    assert sorted(result.restored) == ["accent", "columns"]
    assert mods.theme_settings(chain_of(app, "alpha")) == {
        "accent": "#aa3300",
        "layout": "wide",
        "columns": 3,
    }


def test_a_value_stored_by_hand_is_never_shown_when_invalid(app: Flask, themes: Path) -> None:
    update_option("theme_mods_alpha", {"accent": "javascript:alert(1)", "columns": 99})
    alpha = chain_of(app, "alpha")
    assert mods.theme_settings(alpha) == {"accent": "#336699", "layout": "wide", "columns": 2}
    mods.on_activate(alpha)
    assert get_option("theme_mods_alpha") == {}


# -- the command line -----------------------------------------------------------------------


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    site = tmp_path / "site"
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(site))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    theme_with(
        site / "themes",
        "paper",
        ACCENT.format(default="#336699")
        + LAYOUT.format(default="wide", choices='wide = "Wide", boxed = "Boxed"'),
    )
    theme_with(site / "themes", "paper-child", "", parent="paper")
    runner = CliRunner()
    invoke(runner, "init")
    invoke(runner, "option", "set", "stylesheet", "paper")
    return runner


def invoke(runner: CliRunner, *args: str, ok: bool = True) -> Result:
    result = runner.invoke(main, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_cli_set_get_list_round_trip(runner: CliRunner) -> None:
    assert invoke(runner, "theme", "mod", "get", "accent").output == "#336699\n"
    out = invoke(runner, "theme", "mod", "set", "accent", "#AA3300").output
    assert out.startswith('Success: accent = "#aa3300"')
    invoke(runner, "theme", "mod", "set", "columns", "3")
    assert invoke(runner, "theme", "mod", "get", "accent").output == "#aa3300\n"
    assert invoke(runner, "theme", "mod", "get", "columns").output == "3\n"
    lines = invoke(runner, "theme", "mod", "list").output.splitlines()
    assert lines == [
        "id\tvalue\tsource",
        "accent\t#aa3300\town",
        "layout\twide\tdefault",
        "columns\t3\town",
    ]
    child = json.loads(
        invoke(runner, "theme", "mod", "list", "paper-child", "--format", "json").output
    )
    assert child[0] == {"id": "accent", "value": "#aa3300", "source": "parent (paper)"}
    invoke(runner, "theme", "mod", "set", "accent", "#000", "--theme", "paper-child")
    assert (
        invoke(runner, "theme", "mod", "get", "accent", "--theme", "paper-child").output == "#000\n"
    )
    assert (
        'now shows "#aa3300"'
        in invoke(runner, "theme", "mod", "remove", "accent", "--theme", "paper-child").output
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set", "accent", "red; } body{display:none"), "is not a color"),
        (("set", "layout", "huge"), "choose one of: wide, boxed"),
        (("set", "columns", "1e9"), "at most 4"),
        (("set", "acent", "#fff"), "its settings are: accent, columns, layout"),
        (("get", "acent"), "no setting 'acent'"),
        (("list", "nosuch"), "'nosuch' is not installed"),
    ],
)
def test_cli_refuses_with_the_reason(
    runner: CliRunner, args: tuple[str, ...], message: str
) -> None:
    result = invoke(runner, "theme", "mod", *args, ok=False)
    assert result.exit_code == 1 and message in result.output
    assert invoke(runner, "theme", "mod", "get", "accent").output == "#336699\n"
