"""theme.toml: schema and semantic validation, with the file and line of each offending key."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest

from magtheme.themes import ThemeError, discover_themes
from magtheme.themes.manifest import (
    CONTROL,
    DEFAULT,
    DUPLICATE,
    ENGINE,
    MISSING,
    REQUIRES,
    SCHEMA,
    SLUG,
    SYNTAX,
    ManifestError,
    Theme,
    TomlLocator,
    read_theme,
    validate_manifest,
)
from magtheme.themes.schema import Manifest

HEAD = 'name = "Good"\nslug = "good"\nversion = "1.0.0"\n'  # lines 1-3

SETTINGS = """\
[[settings]]
id = "colors"
title = "Colors"

[[settings.controls]]
id = "accent"
type = "color"
label = "Accent"
default = "#1a73e8"
"""  # lines 4-12 after HEAD: [[settings]] at 4, default at 12


def control(body: str) -> str:
    """A manifest with one more control ([[settings.controls]] at line 14, *body* from 15)."""
    return HEAD + SETTINGS + "\n[[settings.controls]]\n" + body


@pytest.mark.parametrize(
    ("text", "code", "line", "words"),
    [
        # TOML syntax: tomllib's own line.
        ('name = "Good\nslug = "good"\n', SYNTAX, 1, "at line 1"),
        (HEAD + "tags = [\n  'a',\n  'b'\n", SYNTAX, 6, "Unclosed array"),
        # Schema: missing, unknown, wrong type, not allowed, pattern.
        ('name = "Good"\nslug = "good"\n', SCHEMA, 1, "missing required key 'version'"),
        (HEAD + 'colour = "red"\n', SCHEMA, 4, "unknown key 'colour'"),
        (HEAD + "description = 3\n", SCHEMA, 4, "must be string, not an integer"),
        (HEAD + 'supports = ["dark-mode", "dark_mode"]\n', SCHEMA, 4, "Did you mean 'dark-mode'"),
        (HEAD.replace('"good"', '"Good Theme"'), SCHEMA, 2, "lowercase letters"),
        (
            control('id = "size"\ntype = "colour"\nlabel = "x"\n'),
            SCHEMA,
            16,
            "Did you mean 'color'",
        ),
        (control('id = "size"\ntype = "text"\n'), SCHEMA, 14, "missing required key 'label'"),
        (control('id = "size"\ntype = "text"\nlabel = "x"\nhelpp = "y"\n'), SCHEMA, 18, "'helpp'"),
        (HEAD + "[[widget_areas]]\nid = 'side'\n", SCHEMA, 4, "missing required key 'name'"),
        # Defaults must fit their type.
        (HEAD + SETTINGS.replace("#1a73e8", "blue"), DEFAULT, 12, "#rgb or #rrggbb"),
        (HEAD + SETTINGS.replace("#1a73e8", "#12345"), DEFAULT, 12, "not a color"),
        (
            control('id = "n"\ntype = "number"\nlabel = "N"\nmin = 1\nmax = 5\ndefault = 6\n'),
            DEFAULT,
            20,
            "outside min–max",
        ),
        (
            control('id = "n"\ntype = "range"\nlabel = "N"\nmin = 1\ndefault = 0\n'),
            DEFAULT,
            19,
            "outside",
        ),
        (
            control('id = "n"\ntype = "number"\nlabel = "N"\ndefault = "5"\n'),
            DEFAULT,
            18,
            "must be a number",
        ),
        (
            control('id = "b"\ntype = "boolean"\nlabel = "B"\ndefault = "yes"\n'),
            DEFAULT,
            18,
            "true or false",
        ),
        (
            control('id = "b"\ntype = "number"\nlabel = "B"\ndefault = true\n'),
            DEFAULT,
            18,
            "must be a number",
        ),
        (
            control(
                'id = "s"\ntype = "select"\nlabel = "S"\nchoices = { a = "A", b = "B" }\ndefault = "c"\n'
            ),
            DEFAULT,
            19,
            "not one of the choices (a, b)",
        ),
        (
            control(
                'id = "r"\ntype = "radio"\nlabel = "R"\nchoices = { left = "L" }\ndefault = "lft"\n'
            ),
            DEFAULT,
            19,
            "Did you mean 'left'",
        ),
        (
            control('id = "f"\ntype = "font"\nlabel = "F"\ndefault = "comic-sans"\n'),
            DEFAULT,
            18,
            "not a known font",
        ),
        (
            control('id = "t"\ntype = "text"\nlabel = "T"\nmax_length = 3\ndefault = "long"\n'),
            DEFAULT,
            19,
            "max_length",
        ),
        (
            control('id = "i"\ntype = "image"\nlabel = "I"\ndefault = 3\n'),
            DEFAULT,
            18,
            "must be a string",
        ),
        # Definitions that contradict themselves.
        (
            control('id = "n"\ntype = "number"\nlabel = "N"\nmin = 9\nmax = 1\n'),
            CONTROL,
            18,
            "min (9) is above max (1)",
        ),
        (control('id = "s"\ntype = "select"\nlabel = "S"\n'), CONTROL, 16, "needs choices"),
        # Ids unique: settings across sections, areas, locations.
        (
            HEAD + SETTINGS + '\n[[settings]]\nid = "more"\ntitle = "More"\n'
            'controls = [{ id = "accent", type = "text", label = "Again" }]\n',
            DUPLICATE,
            17,
            "setting id 'accent' is declared twice",
        ),
        (
            HEAD + SETTINGS + '\n[[settings]]\nid = "colors"\ntitle = "Again"\ncontrols = []\n',
            DUPLICATE,
            15,
            "section id 'colors'",
        ),
        (
            HEAD
            + "widget_areas = [\n  { id = 'side', name = 'A' },\n  { id = 'side', name = 'B' },\n]\n",
            DUPLICATE,
            6,
            "widget area id 'side'",
        ),
        (
            HEAD
            + "[[menu_locations]]\nid = 'top'\nname = 'A'\n[[menu_locations]]\nid = 'top'\nname = 'B'\n",
            DUPLICATE,
            8,
            "menu location id 'top'",
        ),
        # requires: a PEP 440 specifier the engine satisfies.
        (HEAD + 'requires = "the newest"\n', REQUIRES, 4, "not a version specifier"),
        (HEAD + 'requires = ">=99"\n', ENGINE, 4, "needs Magtheme >=99, and this is Magtheme"),
    ],
)
def test_each_problem_is_reported_at_its_line(text: str, code: str, line: int, words: str) -> None:
    _data, issues = validate_manifest(text, folder="good")
    assert [(i.code, i.line) for i in issues] == [(code, line)], issues
    assert words in issues[0].message


@pytest.mark.parametrize(
    "text",
    [
        HEAD,
        HEAD + 'requires = ">=0.1, <1"\n',
        control(
            'id = "n"\ntype = "range"\nlabel = "N"\nmin = 0\nmax = 10\nstep = 0.5\ndefault = 2.5\n'
        ),
        control('id = "s"\ntype = "select"\nlabel = "S"\nchoices = { a = "A" }\ndefault = "a"\n'),
        control('id = "f"\ntype = "font"\nlabel = "F"\ndefault = "serif"\n'),
        control('id = "c"\ntype = "color"\nlabel = "C"\ndefault = "#abc"\n'),
        control('id = "b"\ntype = "boolean"\nlabel = "B"\ndefault = false\n'),
        control('id = "t"\ntype = "text"\nlabel = "T"\n'),  # no default at all is fine
        HEAD
        + "[[widget_areas]]\nid = 'side'\nname = 'S'\n[[menu_locations]]\nid = 'side'\nname = 'S'\n",
    ],
)
def test_valid_manifests_have_no_issues(text: str) -> None:
    assert validate_manifest(text, folder="good")[1] == []


def test_requires_is_checked_against_the_given_engine() -> None:
    text = HEAD + 'requires = ">=2.0"\n'
    assert validate_manifest(text, folder="good", engine="2.1.0")[1] == []
    (issue,) = validate_manifest(text, folder="good", engine="1.9")[1]
    assert issue.code == ENGINE and "this is Magtheme 1.9" in issue.message


def test_slug_defaults_to_the_folder_name() -> None:
    text = 'name = "Good"\nversion = "1.0.0"\n'
    data, issues = validate_manifest(text, folder="my-theme")
    assert issues == [] and data["slug"] == "my-theme"
    _data, issues = validate_manifest(text, folder="My Theme")
    assert [(i.code, i.line) for i in issues] == [(SLUG, 1)]
    assert "folder name 'My Theme' is not a valid slug" in issues[0].message
    # An explicit slug may differ from the folder (a theme inside a Python package).
    assert validate_manifest(HEAD, folder="package_data")[1] == []


LOCATOR_DOC = """\
name = "X"   # a comment
"quoted key" = 1
a.b."c.d" = 2
text = \"\"\"several
lines ] } [ , with
brackets\"\"\"
lit = '''x'''
list = [
  1,  # ]
  [2, 3],
  { k = "v", n = { deep = true } },
]

[table.sub]
key = "v"

[[settings]]
id = "one"

[[settings.controls]]
id = "a"

[[settings.controls]]
id = "b"

[settings.extra]
x = 1

[[settings]]
id = "two"
controls = [
  { id = "c", default = "#fff" },
  { id = "d", default = 1 },
]
"""


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("name",), 1),
        (("quoted key",), 2),
        (("a", "b", "c.d"), 3),
        (("lit",), 7),
        (("list", 0), 9),
        (("list", 1, 1), 10),
        (("list", 2, "n", "deep"), 11),
        (("table", "sub", "key"), 15),
        (("table", "sub", "missing"), 14),  # falls back to the table header
        (("settings", 0), 17),
        (("settings", 0, "id"), 18),
        (("settings", 0, "controls", 0, "id"), 21),
        (("settings", 0, "controls", 1), 23),
        (("settings", 0, "controls", 1, "id"), 24),
        (("settings", 0, "extra", "x"), 27),
        (("settings", 1, "id"), 30),
        (("settings", 1, "controls", 0, "default"), 32),
        (("settings", 1, "controls", 1, "default"), 33),
        (("settings", 1, "controls", 1, "label"), 33),  # a missing key: its element's line
        (("nowhere",), 1),
    ],
)
def test_locator_finds_lines(path: tuple[str | int, ...], line: int) -> None:
    assert tomllib.loads(LOCATOR_DOC)  # a valid document
    assert TomlLocator(LOCATOR_DOC).line(path) == line


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.toml").write_text(text, encoding="utf-8")
    return folder


def test_read_theme_error_names_file_line_and_fix(tmp_path: Path) -> None:
    folder = write(tmp_path / "good", HEAD + SETTINGS.replace("#1a73e8", "blue"))
    with pytest.raises(ThemeError) as caught:
        read_theme(folder)
    message = str(caught.value)
    assert message.startswith(f"{folder / 'theme.toml'}:12: ")
    assert "settings[0].controls[0]" in message and "#rgb or #rrggbb" in message
    assert isinstance(caught.value, ManifestError) and caught.value.issues[0].code == DEFAULT


def test_read_theme_reports_every_problem(tmp_path: Path) -> None:
    folder = write(tmp_path / "good", HEAD + "colour = 1\nauthor = 2\n")
    with pytest.raises(ManifestError) as caught:
        read_theme(folder)
    assert [(i.code, i.line) for i in caught.value.issues] == [(SCHEMA, 4), (SCHEMA, 5)]
    assert len(str(caught.value).splitlines()) == 2


def test_read_theme_missing_and_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ManifestError) as caught:
        read_theme(tmp_path / "empty")
    assert caught.value.issues[0].code == MISSING
    folder = tmp_path / "latin"
    folder.mkdir()
    (folder / "theme.toml").write_bytes('name = "Café"\n'.encode("latin-1"))
    with pytest.raises(ManifestError) as caught:
        read_theme(folder)
    assert caught.value.issues[0].code == SYNTAX and "UTF-8" in str(caught.value)


def test_theme_carries_the_typed_manifest(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "good",
        HEAD + 'parent = "base"\n[[menu_locations]]\nid = "primary"\nname = "Primary"\n' + SETTINGS,
    )
    theme = read_theme(folder)
    assert isinstance(theme.info, Manifest)
    assert (theme.slug, theme.parent, theme.info.parent) == ("good", "base", "base")
    assert theme.info.settings["accent"].default == "#1a73e8"
    assert theme.info.settings["accent"].section == "colors"
    assert [a.id for a in theme.info.menu_locations] == ["primary"]
    assert theme.manifest["settings"][0]["id"] == "colors"


def test_a_theme_built_by_hand_still_has_info(tmp_path: Path) -> None:
    theme = Theme(slug="x", path=tmp_path, name="X", version="2.0", parent="y")
    assert (theme.info.slug, theme.info.version, theme.info.parent) == ("x", "2.0", "y")
    assert theme.info.settings == {}


def test_discovery_skips_an_invalid_theme_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path / "good", HEAD)
    write(tmp_path / "bad", HEAD.replace("good", "bad") + 'requires = ">=99"\n')
    with caplog.at_level(logging.WARNING):
        themes = discover_themes([tmp_path])
    assert list(themes) == ["good"]
    assert f"{tmp_path / 'bad' / 'theme.toml'}:4:" in caplog.text
