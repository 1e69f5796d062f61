"""Theme settings as pure functions: validation, inheritance, sync on activation, CSS."""

from __future__ import annotations

from typing import Any

import pytest

from magtheme.themes.schema import FONT_STACKS, Manifest, Section, Setting
from magtheme.themes.settings import (
    SET_ASIDE_KEY,
    TYPES_KEY,
    EffectiveValue,
    SettingError,
    css_custom_properties,
    default_errors,
    effective_values,
    resolve_values,
    schema_for_chain,
    sync_on_activation,
    validate_value,
    with_value,
    without_value,
)


def setting(id: str = "s", type: str = "text", **kw: Any) -> Setting:
    return Setting(id=id, type=type, label=id.title(), section="main", **kw)


TEXT = setting("title", "text")
SHORT = setting("title", "text", max_length=5)
AREA = setting("intro", "textarea")
COLOR = setting("accent", "color")
NUMBER = setting("columns", "number", min=1, max=6)
RANGE = setting("width", "range", min=0, max=100, step=5)
FINE = setting("ratio", "range", min=0, max=1, step=0.1)
UNBOUNDED = setting("offset", "number")
BOOLEAN = setting("dark", "boolean")
SELECT = setting("layout", "select", choices=(("wide", "Wide"), ("narrow", "Narrow")))
RADIO = setting("cols", "radio", choices=(("1", "One"), ("2", "Two")))
IMAGE = setting("logo", "image")
FONT = setting("body_font", "font")

GOOD = [
    (TEXT, "  Hello  ", "Hello"),
    (TEXT, "a\tb\nc", "a b c"),
    (TEXT, "bell\x07 and \x00nul", "bell and nul"),
    (TEXT, "abc\u202edef", "abcdef"),
    (TEXT, "<b>kept; escaped by templates</b>", "<b>kept; escaped by templates</b>"),
    (TEXT, "x" * 500, "x" * 500),
    (SHORT, "12345", "12345"),
    (AREA, "line 1\r\nline 2\x1b", "line 1\nline 2"),
    (COLOR, "#AbC", "#abc"),
    (COLOR, " #1A73E8 ", "#1a73e8"),
    (NUMBER, 3, 3),
    (NUMBER, "4", 4),
    (NUMBER, " 6 ", 6),
    (NUMBER, 2.5, 2.5),
    (NUMBER, "1e0", 1),
    (RANGE, 42, 40),
    (RANGE, "43", 45),
    (RANGE, 100, 100),
    (FINE, 0.3, 0.3),
    (FINE, "0.26", 0.3),
    (UNBOUNDED, "-12.5", -12.5),
    (BOOLEAN, True, True),
    (BOOLEAN, "yes", True),
    (BOOLEAN, "OFF", False),
    (BOOLEAN, "0", False),
    (BOOLEAN, 1, True),
    (SELECT, "narrow", "narrow"),
    (RADIO, "2", "2"),
    (RADIO, 2, "2"),
    (IMAGE, "/wp-content/uploads/2024/05/logo.png", "/wp-content/uploads/2024/05/logo.png"),
    (IMAGE, "/themes/classic/static/img/logo.svg", "/themes/classic/static/img/logo.svg"),
    (IMAGE, "https://cdn.example.com/a/logo.png?v=2", "https://cdn.example.com/a/logo.png?v=2"),
    (IMAGE, "", ""),
    (FONT, "serif", "serif"),
]


@pytest.mark.parametrize(("setting", "raw", "expected"), GOOD)
def test_validate_value_normalises_good_input(setting: Setting, raw: Any, expected: Any) -> None:
    value = validate_value(setting, raw)
    assert value == expected and type(value) is type(expected)


BAD = [
    (TEXT, 12, "MT-SETTING-TEXT"),
    (TEXT, None, "MT-SETTING-EMPTY"),
    (TEXT, "x" * 501, "MT-SETTING-TEXT-LENGTH"),
    (SHORT, "123456", "MT-SETTING-TEXT-LENGTH"),
    (AREA, "x" * 5001, "MT-SETTING-TEXT-LENGTH"),
    (COLOR, "red; } body{display:none", "MT-SETTING-COLOR"),
    (COLOR, "#12345g", "MT-SETTING-COLOR"),
    (COLOR, "red", "MT-SETTING-COLOR"),
    (COLOR, "#1234", "MT-SETTING-COLOR"),
    (COLOR, "rgb(0,0,0)", "MT-SETTING-COLOR"),
    (COLOR, "#fff</style><script>", "MT-SETTING-COLOR"),
    (COLOR, 0xFFFFFF, "MT-SETTING-COLOR"),
    (NUMBER, 1e9, "MT-SETTING-RANGE"),
    (NUMBER, "7", "MT-SETTING-RANGE"),
    (NUMBER, 0, "MT-SETTING-RANGE"),
    (NUMBER, "three", "MT-SETTING-NUMBER"),
    (NUMBER, "1_000", "MT-SETTING-NUMBER"),
    (NUMBER, "0x10", "MT-SETTING-NUMBER"),
    (NUMBER, "nan", "MT-SETTING-NUMBER"),
    (NUMBER, float("inf"), "MT-SETTING-NUMBER"),
    (NUMBER, True, "MT-SETTING-NUMBER"),
    (UNBOUNDED, 10**400, "MT-SETTING-NUMBER"),
    (UNBOUNDED, "1e400", "MT-SETTING-NUMBER"),
    (RANGE, -5, "MT-SETTING-RANGE"),
    (BOOLEAN, "maybe", "MT-SETTING-BOOLEAN"),
    (BOOLEAN, 2, "MT-SETTING-BOOLEAN"),
    (SELECT, "huge", "MT-SETTING-CHOICE"),
    (SELECT, "Wide", "MT-SETTING-CHOICE"),
    (SELECT, ["wide"], "MT-SETTING-CHOICE"),
    (RADIO, "3", "MT-SETTING-CHOICE"),
    (IMAGE, "javascript:alert(1)", "MT-SETTING-IMAGE"),
    (IMAGE, "JavaScript:alert", "MT-SETTING-IMAGE"),
    (IMAGE, "data:image/png;base64,AAAA", "MT-SETTING-IMAGE"),
    (IMAGE, "//evil.example/logo.png", "MT-SETTING-IMAGE"),
    (IMAGE, "/etc/passwd", "MT-SETTING-IMAGE"),
    (IMAGE, "/wp-content/uploads/../../config.py", "MT-SETTING-IMAGE"),
    (IMAGE, "/wp-content/uploads/%2e%2e/secret", "MT-SETTING-IMAGE"),
    (IMAGE, "/wp-content/uploads/a.png%0a", "MT-SETTING-IMAGE"),
    (IMAGE, '/wp-content/uploads/a.png" onerror="x', "MT-SETTING-IMAGE"),
    (IMAGE, "/wp-content/uploads/a.png);background:url(x", "MT-SETTING-IMAGE"),
    (IMAGE, "https://user:pw@example.com/a.png", "MT-SETTING-IMAGE"),
    (IMAGE, "ftp://example.com/a.png", "MT-SETTING-IMAGE"),
    (IMAGE, "/themes/../static/x.png", "MT-SETTING-IMAGE"),
    (IMAGE, "https://example.com/" + "a" * 2100, "MT-SETTING-IMAGE"),
    (FONT, "Comic Sans", "MT-SETTING-FONT"),
    (FONT, "serif; } body{display:none", "MT-SETTING-FONT"),
    (setting("x", "html"), "anything", "MT-SETTING-KIND"),
]


@pytest.mark.parametrize(("setting", "raw", "code"), BAD)
def test_validate_value_refuses_hostile_and_bad_input(
    setting: Setting, raw: Any, code: str
) -> None:
    with pytest.raises(SettingError) as info:
        validate_value(setting, raw)
    assert info.value.code == code
    assert info.value.setting_id == setting.id
    assert repr(setting.id) in str(info.value)


def test_refusal_says_what_is_accepted() -> None:
    with pytest.raises(SettingError, match="choose one of: wide, narrow"):
        validate_value(SELECT, "huge")
    with pytest.raises(SettingError, match="at least 1, at most 6"):
        validate_value(NUMBER, 1e9)
    with pytest.raises(SettingError, match="#rgb or #rrggbb"):
        validate_value(COLOR, "red; } body{display:none")


def manifest(slug: str, *settings: Setting, parent: str | None = None) -> Manifest:
    return Manifest(
        name=slug,
        slug=slug,
        version="1.0",
        parent=parent,
        sections=(Section("main", "Main", "", settings),),
    )


def test_schema_for_chain_child_overrides_and_inherits() -> None:
    grandparent = manifest("gp", setting("accent", "color", default="#000"), TEXT)
    parent = manifest("p", setting("accent", "color", default="#111"), SELECT, parent="gp")
    child = manifest(
        "c",
        setting("accent", "color", default="#222"),
        setting("title", "textarea"),
        FONT,
        parent="p",
    )
    schema = schema_for_chain([child, parent, grandparent])
    assert list(schema) == ["accent", "title", "layout", "body_font"]
    assert schema["accent"].default == "#222"
    assert schema["title"].type == "textarea"
    assert schema["layout"] is SELECT
    assert schema_for_chain([parent, grandparent])["accent"].default == "#111"


SCHEMA = {
    "accent": setting("accent", "color", default="#336699"),
    "layout": SELECT,
    "columns": setting("columns", "number", min=1, max=6, default=3),
    "logo": IMAGE,
}

EFFECTIVE = [
    ("defaults when nothing is stored", {}, {"accent": "#336699", "columns": 3, "logo": None}),
    (
        "own value wins",
        {"child": {"accent": "#ff0000"}, "parent": {"accent": "#00ff00"}},
        {"accent": "#ff0000"},
    ),
    (
        "parent's stored value before the default",
        {"parent": {"accent": "#00FF00"}},
        {"accent": "#00ff00"},
    ),
    ("nearest parent wins", {"parent": {"columns": 2}, "root": {"columns": 5}}, {"columns": 2}),
    (
        "invalid own value is ignored",
        {"child": {"layout": "gone"}, "parent": {"layout": "wide"}},
        {"layout": "wide"},
    ),
    (
        "invalid everywhere: the default",
        {"child": {"columns": 99}, "root": {"columns": "x"}},
        {"columns": 3},
    ),
    ("no default and nothing valid: None", {"child": {"layout": "gone"}}, {"layout": None}),
    (
        "a value saved for another type is ignored",
        {"child": {"columns": 4, TYPES_KEY: {"columns": "text"}}},
        {"columns": 3},
    ),
    (
        "bookkeeping keys are not settings",
        {"child": {SET_ASIDE_KEY: {"accent": {"color": "#000"}}}},
        {"accent": "#336699"},
    ),
]


@pytest.mark.parametrize(("case", "stored", "expected"), EFFECTIVE, ids=[c[0] for c in EFFECTIVE])
def test_effective_values(case: str, stored: dict[str, Any], expected: dict[str, Any]) -> None:
    values = effective_values(["child", "parent", "root"], SCHEMA, stored)
    assert set(values) == set(SCHEMA)
    for key, value in expected.items():
        assert values[key] == value, case


def test_resolve_values_names_the_source() -> None:
    resolved = resolve_values(
        ["child", "parent"], SCHEMA, {"child": {"columns": 2}, "parent": {"accent": "#000"}}
    )
    assert (resolved["columns"].source, resolved["accent"].source, resolved["logo"].source) == (
        "child",
        "parent",
        None,
    )


def test_a_setting_declared_not_to_inherit_keeps_the_childs_default() -> None:
    schema = {**SCHEMA, "accent": setting("accent", "color", default="#336699", inherit=False)}
    stored: dict[str, dict[str, Any]] = {"parent": {"accent": "#000000", "columns": 5}}
    owners = {"accent": "child", "columns": "parent", "layout": "parent", "logo": "parent"}
    # The child redeclared accent with inherit = false: the parent's stored colour stops at
    # the child's declaration; columns (inherited) still comes from the parent's value.
    resolved = resolve_values(["child", "parent"], schema, stored, declared_by=owners)
    assert resolved["accent"] == EffectiveValue("#336699", None)
    assert resolved["columns"] == EffectiveValue(5, "parent")
    # Without inherit = false, the parent's stored value is read, as for every setting.
    resolved = resolve_values(["child", "parent"], SCHEMA, stored, declared_by=owners)
    assert resolved["accent"] == EffectiveValue("#000000", "parent")
    # A value the child stores itself wins either way.
    stored["child"] = {"accent": "#123456"}
    resolved = resolve_values(["child", "parent"], schema, stored, declared_by=owners)
    assert resolved["accent"] == EffectiveValue("#123456", "child")


def test_invalid_default_is_never_returned_but_reported() -> None:
    schema = {"accent": setting("accent", "color", default="red")}
    assert effective_values(["t"], schema, {}) == {"accent": None}
    assert [e.code for e in default_errors(schema)] == ["MT-SETTING-COLOR"]


def typed(
    values: dict[str, Any], types: dict[str, str], aside: dict[str, Any] | None = None
) -> dict[str, Any]:
    mods: dict[str, Any] = {**values, TYPES_KEY: types}
    if aside:
        mods[SET_ASIDE_KEY] = aside
    return mods


SYNC_SCHEMA = {
    "accent": setting("accent", "color"),
    "layout": setting("layout", "select", choices=(("wide", "Wide"), ("boxed", "Boxed"))),
    "columns": setting("columns", "number", min=1, max=4),
    "tagline": setting("tagline", "text"),
}

SYNC = [
    # (case, stored, values, set_aside, reset)
    ("nothing stored: nothing to do", {}, {}, {}, ()),
    (
        "a new setting gets nothing stored",
        typed({"accent": "#fff"}, {"accent": "color"}),
        {"accent": "#fff"},
        {},
        (),
    ),
    (
        "a removed setting is set aside",
        typed({"accent": "#fff", "sidebar": True}, {"accent": "color", "sidebar": "boolean"}),
        {"accent": "#fff"},
        {"sidebar": {"boolean": True}},
        (),
    ),
    (
        "a retyped setting is set aside",
        typed({"tagline": 3}, {"tagline": "number"}),
        {},
        {"tagline": {"number": 3}},
        (),
    ),
    (
        "an invalid choice is reset",
        typed({"layout": "narrow"}, {"layout": "select"}),
        {},
        {},
        ("layout",),
    ),
    (
        "a number outside new bounds is reset",
        typed({"columns": 6}, {"columns": "number"}),
        {},
        {},
        ("columns",),
    ),
    (
        "a set-aside value comes back with its setting",
        typed({}, {}, {"tagline": {"text": "Hello"}}),
        {"tagline": "Hello"},
        {},
        (),
    ),
    (
        "a set-aside value of another type stays aside",
        typed({}, {}, {"columns": {"text": "three"}}),
        {},
        {"columns": {"text": "three"}},
        (),
    ),
    (
        "a retyped-back setting swaps values",
        typed({"tagline": 3}, {"tagline": "number"}, {"tagline": {"text": "Hello"}}),
        {"tagline": "Hello"},
        {"tagline": {"number": 3}},
        (),
    ),
    (
        "a set-aside value no longer valid stays aside",
        typed({}, {}, {"layout": {"select": "narrow"}}),
        {},
        {"layout": {"select": "narrow"}},
        (),
    ),
    (
        "untyped values (set by hand) are judged by the current type",
        {"accent": "#ABC", "layout": "huge", "gone": 1},
        {"accent": "#abc"},
        {"gone": {"unknown": 1}},
        ("layout",),
    ),
]


@pytest.mark.parametrize(
    ("case", "stored", "values", "set_aside", "reset"), SYNC, ids=[c[0] for c in SYNC]
)
def test_sync_on_activation(
    case: str,
    stored: dict[str, Any],
    values: dict[str, Any],
    set_aside: dict[str, Any],
    reset: tuple[str, ...],
) -> None:
    result = sync_on_activation(SYNC_SCHEMA, stored)
    assert (result.values, result.set_aside, result.reset) == (values, set_aside, reset), case
    # Whatever is kept is valid, and its type is recorded for the next sync.
    for key, value in result.values.items():
        assert validate_value(SYNC_SCHEMA[key], value) == value
        assert result.mods()[TYPES_KEY][key] == SYNC_SCHEMA[key].type


def test_sync_does_not_change_its_input() -> None:
    stored = typed({"sidebar": True}, {"sidebar": "boolean"}, {"tagline": {"text": "Hi"}})
    before = repr(stored)
    sync_on_activation(SYNC_SCHEMA, stored)
    assert repr(stored) == before


def test_a_removed_setting_survives_a_round_trip_through_versions() -> None:
    v1 = {"sidebar": setting("sidebar", "boolean")}
    v2: dict[str, Setting] = {}
    mods = with_value({}, v1["sidebar"], False)
    after_v2 = sync_on_activation(v2, mods)
    assert after_v2.values == {} and after_v2.moved == ("sidebar",)
    after_v1 = sync_on_activation(v1, after_v2.mods())
    assert after_v1.values == {"sidebar": False} and after_v1.restored == ("sidebar",)
    assert SET_ASIDE_KEY not in after_v1.mods()


def test_with_and_without_value_keep_bookkeeping() -> None:
    mods = with_value({SET_ASIDE_KEY: {"old": {"text": "x"}}}, COLOR, "#abc")
    assert mods == {
        "accent": "#abc",
        TYPES_KEY: {"accent": "color"},
        SET_ASIDE_KEY: {"old": {"text": "x"}},
    }
    assert without_value(mods, "accent") == {SET_ASIDE_KEY: {"old": {"text": "x"}}}


CSS_SCHEMA = {
    "accent_color": setting("accent_color", "color"),
    "link": setting("link", "color", css_var="--link-color"),
    "body_font": FONT,
    "columns": NUMBER,
    "tagline": TEXT,
}


def test_css_custom_properties_for_colors_and_fonts() -> None:
    css = css_custom_properties(
        CSS_SCHEMA,
        {
            "accent_color": "#aa3300",
            "link": "#00f",
            "body_font": "serif",
            "columns": 3,
            "tagline": "x",
        },
    )
    assert css == (
        ":root{--mt-accent-color:#aa3300;--link-color:#00f;--mt-body-font:"
        + FONT_STACKS["serif"]
        + "}"
    )


@pytest.mark.parametrize(
    "values",
    [
        {"accent_color": "red; } body{display:none"},
        {"accent_color": "#fff</style><script>alert(1)</script>"},
        {"body_font": "serif;}</style>"},
        {"accent_color": None, "body_font": None},
        {},
    ],
)
def test_css_custom_properties_leave_out_anything_unsafe(values: dict[str, Any]) -> None:
    assert css_custom_properties(CSS_SCHEMA, values) == ""


def test_css_custom_properties_output_cannot_break_out_of_style() -> None:
    values = {"accent_color": "#abc", "link": "#123456"}
    for font in FONT_STACKS:
        css = css_custom_properties(CSS_SCHEMA, {**values, "body_font": font})
        body = css.removeprefix(":root{").removesuffix("}")
        assert "<" not in css and "}" not in body
        assert [d.split(":", 1)[0] for d in body.split(";")] == [
            "--mt-accent-color",
            "--link-color",
            "--mt-body-font",
        ]
