"""The theme designer's guide stays true: its examples parse, every widget type and setting is
documented, and every command the guide and README name is in ``magtheme --help``."""

from __future__ import annotations

import re
import tomllib

import pytest
from click.testing import CliRunner

from magtheme.cli import main
from magtheme.themes.chain import ThemeChain
from magtheme.widgets import default_registry
from tests.conftest import ROOT

GUIDE = (ROOT / "docs" / "themes.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", GUIDE, re.S)
#: The types with a row of their own in the guide's widget table (the rest are WordPress's,
#: described together, or have a section of their own).
TABLE_ROW = re.compile(r"^\| `(?P<type>[a-z-]+)` \|(?P<row>.*)$", re.M)


@pytest.mark.parametrize(
    ("number", "source"),
    [(n, body) for n, (kind, body) in enumerate(BLOCKS) if kind in ("jinja", "html")],
)
def test_every_template_example_parses_in_the_sandbox(number: int, source: str) -> None:
    ThemeChain([]).env.parse(source)


@pytest.mark.parametrize(
    ("number", "source"), [(n, body) for n, (kind, body) in enumerate(BLOCKS) if kind == "toml"]
)
def test_every_manifest_example_is_toml(number: int, source: str) -> None:
    tomllib.loads(source)


def test_every_widget_type_and_its_settings_are_documented() -> None:
    rows = {m["type"]: m["row"] for m in TABLE_ROW.finditer(GUIDE)}
    for widget_type in default_registry():
        assert f"`{widget_type.type}`" in GUIDE, widget_type.type
        row = rows.get(widget_type.type)
        if row is None:
            continue
        for spec in widget_type.fields:
            assert f"`{spec.id}`" in row, f"{widget_type.type}: setting {spec.id} undocumented"


@pytest.mark.parametrize(
    ("group", "commands"),
    [
        ((), ("widget", "sidebar", "menu", "ticker", "theme", "post", "views", "resolve")),
        (("widget",), ("list", "add", "update", "move", "deactivate", "delete")),
        (("sidebar",), ("list",)),
        (("menu",), ("create", "list", "delete", "item", "location")),
        (("ticker",), ("list", "create", "update", "delete")),
        (("theme", "mod"), ("list", "get", "set")),
        (("post",), ("list", "create", "update", "get", "delete")),
        (("term",), ("create", "list", "update", "delete")),
    ],
)
def test_help_lists_the_commands(group: tuple[str, ...], commands: tuple[str, ...]) -> None:
    output = CliRunner().invoke(main, [*group, "--help"]).output
    listed = re.findall(r"^  (\S+)", output.split("Commands:")[1], re.M)
    assert set(commands) <= set(listed), listed
