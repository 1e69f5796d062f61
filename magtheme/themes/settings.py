"""Theme settings (WordPress's theme mods) as pure functions: validate, inherit, sync, print.

Nothing here touches Flask or the database. :mod:`magtheme.themes.mods` stores what these
functions return; everything that decides *what* is stored or shown lives here, so it can be
tested with case tables:

- :func:`validate_value` turns what a person typed (or what was stored) into a normalised
  value, or refuses it with a :class:`SettingError` that names the setting, says what was
  wrong and what is accepted. Nothing invalid is ever returned.
- :func:`schema_for_chain` merges a theme chain's declarations (a child overrides a parent).
- :func:`resolve_values` / :func:`effective_values` pick each setting's value: the active
  theme's own stored value, then the nearest parent's, then the default.
- :func:`sync_on_activation` checks a theme's stored values against its current schema.
- :func:`css_custom_properties` prints color and font settings as CSS custom properties.

A theme's stored mods are one JSON object (option ``theme_mods_{slug}``)::

    {"accent": "#aa3300", "columns": 3,
     "_types": {"accent": "color", "columns": "number"},
     "_set_aside": {"layout": {"text": "wide"}}}

Setting ids never start with ``_`` (the manifest schema requires a lowercase letter first), so
the bookkeeping keys cannot collide with a setting. ``_types`` records the type each value was
validated against, which is how a sync tells a retyped setting from an unchanged one whatever
theme was active before; ``_set_aside`` keeps values of removed or retyped settings by id and
type, so they come back when the setting does.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from .schema import (
    CATEGORY_COLOR_CONTRAST,
    FONT_STACKS,
    MAX_CATEGORY_COLORS,
    Manifest,
    Setting,
)

TYPES_KEY = "_types"
SET_ASIDE_KEY = "_set_aside"

#: Longest text accepted when a setting declares no ``max_length``.
DEFAULT_MAX_LENGTH = {"text": 500, "textarea": 5000}
#: Longest image URL accepted.
MAX_URL_LENGTH = 2048
#: Numbers beyond this are refused even without bounds: floats stay exact, JSON stays sane.
NUMBER_LIMIT = 1e15

_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})
# Characters an image URL may hold: no quotes, parentheses, spaces, backslashes, angle
# brackets, semicolons or braces, so a value is harmless in an attribute *and* in CSS url().
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~/%?#&=+,:@!]*")
_THEME_STATIC = re.compile(r"/themes/[a-z0-9][a-z0-9_-]{0,63}/static/")
_UPLOADS = "/wp-content/uploads/"
# Bidirectional overrides and isolates (the "Trojan Source" characters).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_CSS_VAR = re.compile(r"--[a-z][a-z0-9-]{0,63}")
# What must never reach a <style> element from a value: the end of a declaration, of a
# rule, of the element, or a CSS escape.
_CSS_UNSAFE = re.compile(r"[<>;{}\\]")


class SettingError(ValueError):
    """A value a setting cannot take; the message says which setting, what and what is accepted.

    ``code`` is the rule (``MT-SETTING-…``), ``setting_id`` the setting concerned.
    """

    def __init__(self, setting_id: str, code: str, message: str) -> None:
        super().__init__(f"{message} [{code}]")
        self.setting_id = setting_id
        self.code = code


def _shown(raw: Any) -> str:
    """*raw* as it goes into a message: repr, control characters escaped, kept short."""
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "..."


def _refuse(setting: Setting, code: str, problem: str, accepted: str) -> SettingError:
    return SettingError(
        setting.id, code, f"setting {setting.id!r} ({setting.type}): {problem}; {accepted}."
    )


# -- validation, one function per type -------------------------------------------------------


def _clean_text(text: str, *, multiline: bool) -> str:
    """Drop control characters, lone surrogates and bidi overrides; keep newlines if asked."""
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    else:
        text = text.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    kept = []
    for char in text:
        if char in _BIDI:
            continue
        category = unicodedata.category(char)
        if category == "Cs" or (category == "Cc" and not (multiline and char in "\n\t")):
            continue
        kept.append(char)
    cleaned = "".join(kept)
    return cleaned.strip() if not multiline else cleaned


def _text(setting: Setting, raw: Any) -> str:
    if not isinstance(raw, str):
        raise _refuse(setting, "MT-SETTING-TEXT", f"{_shown(raw)} is not text", "give a string")
    value = _clean_text(raw, multiline=setting.type == "textarea")
    limit = setting.max_length or DEFAULT_MAX_LENGTH[setting.type]
    if len(value) > limit:
        raise _refuse(
            setting,
            "MT-SETTING-TEXT-LENGTH",
            f"the text is {len(value)} characters long",
            f"at most {limit} are accepted",
        )
    return value


def _color(setting: Setting, raw: Any) -> str:
    if isinstance(raw, str) and _COLOR.fullmatch(raw.strip()):
        return raw.strip().lower()
    raise _refuse(
        setting,
        "MT-SETTING-COLOR",
        f"{_shown(raw)} is not a color",
        "use a hex color #rgb or #rrggbb, like #1a73e8",
    )


def _bounds_text(setting: Setting) -> str:
    parts = []
    if setting.min is not None:
        parts.append(f"at least {setting.min:g}")
    if setting.max is not None:
        parts.append(f"at most {setting.max:g}")
    if setting.step is not None:
        parts.append(f"in steps of {setting.step:g}")
    return "a number " + (", ".join(parts) if parts else f"between ±{NUMBER_LIMIT:g}")


def _snap(setting: Setting, number: float) -> float:
    """*number* moved to the nearest step (counted from ``min``), kept within the bounds."""
    step = setting.step
    if not step:
        return number
    base = setting.min if setting.min is not None else 0.0
    snapped = base + math.floor((number - base) / step + 0.5) * step
    if setting.max is not None and snapped > setting.max:
        snapped -= step
    return snapped


def _number(setting: Setting, raw: Any) -> int | float:
    number: float | None = None
    if isinstance(raw, bool):
        number = None  # True is an int in Python, but not a number a person meant
    elif isinstance(raw, int | float):
        number = float(raw) if abs(raw) <= NUMBER_LIMIT else math.inf
    elif isinstance(raw, str) and _NUMBER.fullmatch(raw.strip()):
        number = float(raw.strip())
    if number is None or not math.isfinite(number) or abs(number) > NUMBER_LIMIT:
        raise _refuse(
            setting, "MT-SETTING-NUMBER", f"{_shown(raw)} is not a number", _bounds_text(setting)
        )
    if (setting.min is not None and number < setting.min) or (
        setting.max is not None and number > setting.max
    ):
        raise _refuse(
            setting,
            "MT-SETTING-RANGE",
            f"{number:g} is out of bounds",
            _bounds_text(setting),
        )
    # Rounding keeps 0.1 steps from printing as 0.30000000000000004; whole numbers are ints.
    value = round(float(_snap(setting, number)), 10)
    return int(value) if value.is_integer() else value


def _boolean(setting: Setting, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise _refuse(
        setting,
        "MT-SETTING-BOOLEAN",
        f"{_shown(raw)} is not yes or no",
        "use true/false, yes/no, on/off or 1/0",
    )


def _choice(setting: Setting, raw: Any) -> str:
    keys = [key for key, _label in setting.choices]
    # A TOML default may be a bare integer for a choice key like "2".
    key = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw
    if isinstance(key, str) and key in keys:
        return key
    raise _refuse(
        setting,
        "MT-SETTING-CHOICE",
        f"{_shown(raw)} is not one of its choices",
        "choose one of: " + ", ".join(keys),
    )


def _image(setting: Setting, raw: Any) -> str:
    accepted = (
        f"use a path under {_UPLOADS} or /themes/<slug>/static/, or an http(s) URL "
        "(an empty value means no image)"
    )
    if not isinstance(raw, str):
        raise _refuse(setting, "MT-SETTING-IMAGE", f"{_shown(raw)} is not a URL", accepted)
    url = raw.strip()
    if url == "":
        return ""
    problem = _image_problem(url)
    if problem:
        raise _refuse(setting, "MT-SETTING-IMAGE", f"{_shown(raw)} {problem}", accepted)
    return url


def _image_problem(url: str) -> str | None:
    """Why *url* cannot be an image setting, or None when it can."""
    if len(url) > MAX_URL_LENGTH:
        return f"is longer than {MAX_URL_LENGTH} characters"
    if not _URL_CHARS.fullmatch(url):
        return "holds characters a URL may not (spaces, quotes, brackets, ';' or '\\')"
    decoded = unquote(url)
    if any(unicodedata.category(c) == "Cc" for c in decoded) or "\\" in decoded:
        return "hides control characters or backslashes"
    parts = urlsplit(url)
    if parts.scheme:
        if parts.scheme.lower() not in ("http", "https"):
            return f"uses the {parts.scheme}: scheme"
        if not parts.hostname or "@" in parts.netloc:
            return "has no host, or has a user name in it"
        return None
    if url.startswith("//"):
        return "is a protocol-relative URL"
    if not (url.startswith(_UPLOADS) or _THEME_STATIC.match(url)):
        return "is not under the uploads or a theme's static folder"
    segments = decoded.split("?", 1)[0].split("#", 1)[0].split("/")
    if any(segment in (".", "..") for segment in segments) or "//" in decoded:
        return "climbs out of its folder"
    return None


def _font(setting: Setting, raw: Any) -> str:
    if isinstance(raw, str) and raw.strip() in FONT_STACKS:
        return raw.strip()
    raise _refuse(
        setting,
        "MT-SETTING-FONT",
        f"{_shown(raw)} is not a known font",
        "choose one of: " + ", ".join(FONT_STACKS),
    )


def _sections(setting: Setting, raw: Any) -> list[dict[str, Any]]:
    from ..sections import SectionsError, validate_sections  # widgets load late

    try:
        return validate_sections(raw)
    except SectionsError as exc:
        raise _refuse(
            setting,
            "MT-SETTING-SECTIONS",
            str(exc),
            'give a JSON list of blocks such as [{"type": "hero", "settings": {"count": 3}}]',
        ) from None


#: A category slug a ``category-colors`` setting accepts: what WordPress makes of a name in
#: ASCII (lowercase letters, digits, ``-`` and ``_``), so it is also a safe CSS class name.
_CATEGORY_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,199}")
_LONG_COLOR = re.compile(r"#[0-9a-f]{6}")
_CATEGORY_EXAMPLE = 'give {"world": "#1f5fa8"} or world=#1f5fa8, politics=#8a1538'


def _luminance(color: str) -> float:
    """WCAG's relative luminance of a ``#rrggbb`` color."""
    channels = []
    for i in (1, 3, 5):
        c = int(color[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _long_color(color: str) -> str:
    """``#rgb`` as ``#rrggbb``, lowercase."""
    color = color.strip().lower()
    return "#" + "".join(ch * 2 for ch in color[1:]) if len(color) == 4 else color


def contrast_with_white(color: str) -> float:
    """The contrast ratio of white text on *color* (``#rgb`` or ``#rrggbb``), 1–21."""
    return 1.05 / (_luminance(_long_color(color)) + 0.05)


def _category_pairs(setting: Setting, raw: Any) -> list[tuple[Any, Any]]:
    """The (slug, color) pairs of *raw*: a table, its JSON, or ``slug=#hex, slug=#hex``."""
    if isinstance(raw, str):
        text = raw.strip()
        if not text.startswith(("{", "[")):
            pairs: list[tuple[Any, Any]] = []
            for item in filter(None, (part.strip() for part in re.split(r"[,\n]", text))):
                slug, sep, color = item.partition("=")
                if not sep:
                    raise _refuse(
                        setting,
                        "MT-SETTING-CATEGORY-COLORS",
                        f"{_shown(item)} has no '='",
                        "write each category as slug=#rrggbb, separated by commas",
                    )
                pairs.append((slug.strip(), color.strip()))
            return pairs
        try:
            raw = json.loads(text)
        except ValueError as exc:
            raise _refuse(
                setting,
                "MT-SETTING-CATEGORY-COLORS",
                f"the JSON cannot be read ({exc})",
                _CATEGORY_EXAMPLE,
            ) from None
    if not isinstance(raw, Mapping):
        raise _refuse(
            setting,
            "MT-SETTING-CATEGORY-COLORS",
            f"{_shown(raw)} is not a table of categories and colors",
            _CATEGORY_EXAMPLE,
        )
    return list(raw.items())


def _category_colors(setting: Setting, raw: Any) -> dict[str, str]:
    """A table category slug → ``#rrggbb`` (lowercase), each dark enough for white text."""
    colors: dict[str, str] = {}
    for slug, color in _category_pairs(setting, raw):
        if not isinstance(slug, str) or not _CATEGORY_SLUG.fullmatch(slug):
            raise _refuse(
                setting,
                "MT-SETTING-CATEGORY-SLUG",
                f"{_shown(slug)} is not a category slug",
                "use the category's slug: lowercase letters, digits, '-' and '_' (world, "
                "tech-news)",
            )
        if slug in colors:
            raise _refuse(
                setting,
                "MT-SETTING-CATEGORY-SLUG",
                f"the category {slug!r} is given twice",
                "give each category one color",
            )
        if not isinstance(color, str) or not _COLOR.fullmatch(color.strip()):
            raise _refuse(
                setting,
                "MT-SETTING-CATEGORY-COLOR",
                f"{_shown(color)} (for {slug!r}) is not a color",
                "use a hex color #rgb or #rrggbb, like #1f5fa8",
            )
        value = _long_color(color)
        ratio = contrast_with_white(value)
        if ratio < CATEGORY_COLOR_CONTRAST:
            raise _refuse(
                setting,
                "MT-SETTING-CATEGORY-CONTRAST",
                f"{value} (for {slug!r}) is too light for the white text of a label on it "
                f"(contrast {ratio:.1f}:1)",
                f"choose a darker color, with at least {CATEGORY_COLOR_CONTRAST}:1 against white",
            )
        colors[slug] = value
    if len(colors) > MAX_CATEGORY_COLORS:
        raise _refuse(
            setting,
            "MT-SETTING-CATEGORY-COLORS",
            f"{len(colors)} categories are given",
            f"at most {MAX_CATEGORY_COLORS} are accepted",
        )
    return colors


_VALIDATORS = {
    "text": _text,
    "textarea": _text,
    "color": _color,
    "number": _number,
    "range": _number,
    "boolean": _boolean,
    "select": _choice,
    "radio": _choice,
    "image": _image,
    "font": _font,
    "sections": _sections,
    "category-colors": _category_colors,
}


def validate_value(setting: Setting, raw: Any) -> Any:
    """The normalised value *raw* gives *setting*, or :class:`SettingError` saying why not.

    Strings are accepted for every type, so what a person types on the command line works
    (``"12"`` for a number, ``"yes"`` for a boolean). Colors come back lowercased, numbers
    snapped to their step (whole numbers as ``int``), text without control characters.
    """
    validator = _VALIDATORS.get(setting.type)
    if validator is None:
        raise SettingError(
            setting.id,
            "MT-SETTING-KIND",
            f"setting {setting.id!r} has the unknown type {setting.type!r}; "
            f"a setting type is one of: {', '.join(_VALIDATORS)}.",
        )
    if raw is None:
        raise _refuse(setting, "MT-SETTING-EMPTY", "no value was given", "give a value")
    return validator(setting, raw)


def default_value(setting: Setting) -> Any:
    """The setting's default, normalised; None when it has none or it is not valid."""
    if setting.default is None:
        return None
    try:
        return validate_value(setting, setting.default)
    except SettingError:
        return None


def default_errors(schema: Mapping[str, Setting]) -> list[SettingError]:
    """Why each declared default that its own setting refuses is refused (for theme checks)."""
    errors = []
    for setting in schema.values():
        if setting.default is None:
            continue
        try:
            validate_value(setting, setting.default)
        except SettingError as exc:
            errors.append(exc)
    return errors


# -- the schema of a chain, and the values a chain shows ------------------------------------


def schema_for_chain(manifests: Sequence[Manifest]) -> dict[str, Setting]:
    """Every setting of a theme chain (manifests child first); a child's declaration wins.

    A child that redeclares a parent's setting (same id) replaces it whole — type, bounds,
    choices and default. The parent's order is kept; a child's new settings come after.
    """
    schema: dict[str, Setting] = {}
    for manifest in reversed(manifests):
        schema.update(manifest.settings)
    return schema


@dataclass(frozen=True)
class EffectiveValue:
    """A setting's value as a template sees it, and where it came from.

    ``source`` is the slug of the theme whose stored value it is, or None for the default.
    """

    value: Any
    source: str | None


def stored_values(mods: Mapping[str, Any]) -> dict[str, Any]:
    """The setting values of a stored mods object, bookkeeping keys left out."""
    return {key: value for key, value in mods.items() if not key.startswith("_")}


def _stored_types(mods: Mapping[str, Any]) -> dict[str, str]:
    types = mods.get(TYPES_KEY)
    if not isinstance(types, Mapping):
        return {}
    return {str(k): v for k, v in types.items() if isinstance(v, str)}


def _stored_set_aside(mods: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    aside = mods.get(SET_ASIDE_KEY)
    if not isinstance(aside, Mapping):
        return {}
    return {str(k): dict(v) for k, v in aside.items() if isinstance(v, Mapping)}


def _stored_value(setting: Setting, mods: Mapping[str, Any]) -> tuple[bool, Any]:
    """(True, value) when *mods* holds a value valid for *setting*, else (False, None)."""
    if setting.id not in mods:
        return False, None
    saved_type = _stored_types(mods).get(setting.id)
    if saved_type is not None and saved_type != setting.type:
        return False, None
    try:
        return True, validate_value(setting, mods[setting.id])
    except SettingError:
        return False, None


def resolve_values(
    chain_slugs: Sequence[str],
    schema: Mapping[str, Setting],
    stored: Mapping[str, Mapping[str, Any]],
    declared_by: Mapping[str, str] | None = None,
) -> dict[str, EffectiveValue]:
    """Each setting's value and source: own stored value, nearest parent's, else the default.

    *chain_slugs* is the chain child first; *stored* maps a slug to that theme's stored mods.
    A stored value that is no longer valid (or was saved for another type) is skipped.
    *declared_by* maps a setting to the nearest theme that declares it (see
    :func:`declaring_themes`): for a setting declared with ``inherit = false``, values stored
    for the themes above that one are not read (the declaring theme's default wins).
    """
    resolved = {}
    for setting_id, setting in schema.items():
        owner = None if setting.inherit else (declared_by or {}).get(setting_id)
        for slug in chain_slugs:
            found, value = _stored_value(setting, stored.get(slug) or {})
            if found:
                resolved[setting_id] = EffectiveValue(value, slug)
                break
            if slug == owner:
                resolved[setting_id] = EffectiveValue(default_value(setting), None)
                break
        else:
            resolved[setting_id] = EffectiveValue(default_value(setting), None)
    return resolved


def declaring_themes(slugs: Sequence[str], manifests: Sequence[Manifest]) -> dict[str, str]:
    """Setting id → the slug of the nearest theme (child first) whose manifest declares it."""
    owners: dict[str, str] = {}
    for slug, manifest in zip(slugs, manifests, strict=True):
        for setting_id in manifest.settings:
            owners.setdefault(setting_id, slug)
    return owners


def effective_values(
    chain_slugs: Sequence[str],
    schema: Mapping[str, Setting],
    stored: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """``theme.settings``: each setting's value (see :func:`resolve_values`)."""
    return {key: item.value for key, item in resolve_values(chain_slugs, schema, stored).items()}


# -- changing a theme's stored mods ---------------------------------------------------------


def pack_mods(
    values: Mapping[str, Any],
    types: Mapping[str, str],
    set_aside: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """The stored JSON object for these values, their types and what is set aside."""
    mods: dict[str, Any] = dict(values)
    recorded = {key: types[key] for key in values if key in types}
    if recorded:
        mods[TYPES_KEY] = recorded
    if set_aside:
        mods[SET_ASIDE_KEY] = {key: dict(by_type) for key, by_type in set_aside.items()}
    return mods


def with_value(mods: Mapping[str, Any], setting: Setting, value: Any) -> dict[str, Any]:
    """*mods* with *value* (already validated) stored for *setting*."""
    values = stored_values(mods)
    types = _stored_types(mods)
    values[setting.id] = value
    types[setting.id] = setting.type
    return pack_mods(values, types, _stored_set_aside(mods))


def without_value(mods: Mapping[str, Any], setting_id: str) -> dict[str, Any]:
    """*mods* with no stored value for *setting_id* (its default or a parent's shows again)."""
    values = stored_values(mods)
    values.pop(setting_id, None)
    return pack_mods(values, _stored_types(mods), _stored_set_aside(mods))


@dataclass(frozen=True)
class SyncResult:
    """A theme's stored mods after :func:`sync_on_activation`.

    ``values`` are the kept (normalised) values, ``set_aside`` every value kept aside by id
    then type, ``reset`` the ids whose invalid values were dropped, ``moved`` the ids set
    aside by this sync and ``restored`` those brought back from an earlier one.
    """

    values: dict[str, Any]
    set_aside: dict[str, dict[str, Any]]
    reset: tuple[str, ...] = ()
    moved: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()
    types: dict[str, str] = field(default_factory=dict)

    def mods(self) -> dict[str, Any]:
        """The JSON object to store."""
        return pack_mods(self.values, self.types, self.set_aside)


#: The type recorded for a value stored without one (written by hand), when it is set aside.
UNKNOWN_TYPE = "unknown"


def sync_on_activation(schema: Mapping[str, Setting], stored: Mapping[str, Any]) -> SyncResult:
    """Check a theme's stored mods against its current *schema* (the chain's, child first).

    - a new setting gets nothing stored: its default (or a parent's value) applies when read;
    - a value whose setting was removed, or whose recorded type differs from the setting's
      type now, is set aside under its id and type — kept, never lost;
    - a set-aside value whose setting is back with the same type, and valid, is restored;
    - a value of an unchanged setting that is no longer valid (a choice that was removed, a
      number outside new bounds) is reset: dropped and listed in ``reset``.

    Values stored without a recorded type (by hand) are judged against the current type.
    """
    types = _stored_types(stored)
    set_aside = _stored_set_aside(stored)
    values: dict[str, Any] = {}
    kept_types: dict[str, str] = {}
    reset: list[str] = []
    moved: list[str] = []
    for setting_id, raw in stored_values(stored).items():
        setting = schema.get(setting_id)
        saved_type = types.get(setting_id)
        if setting is None or (saved_type is not None and saved_type != setting.type):
            set_aside.setdefault(setting_id, {})[saved_type or UNKNOWN_TYPE] = raw
            moved.append(setting_id)
            continue
        try:
            values[setting_id] = validate_value(setting, raw)
        except SettingError:
            reset.append(setting_id)
            continue
        kept_types[setting_id] = setting.type
    restored = []
    for setting_id, by_type in list(set_aside.items()):
        setting = schema.get(setting_id)
        # A value just moved aside may make room for an older one of the type now declared.
        if setting is None or setting_id in values:
            continue
        for saved_type in (setting.type, UNKNOWN_TYPE):
            if saved_type not in by_type:
                continue
            try:
                values[setting_id] = validate_value(setting, by_type[saved_type])
            except SettingError:
                continue  # still not valid: it stays aside for a later version
            kept_types[setting_id] = setting.type
            del by_type[saved_type]
            if not by_type:
                del set_aside[setting_id]
            restored.append(setting_id)
            break
    return SyncResult(
        values=values,
        set_aside=set_aside,
        reset=tuple(reset),
        moved=tuple(moved),
        restored=tuple(restored),
        types=kept_types,
    )


# -- CSS custom properties ------------------------------------------------------------------


def css_var_name(setting: Setting) -> str:
    """The custom property a color, font or category-colors setting becomes: ``css_var``,
    else ``--mt-<id>``."""
    return setting.css_var or "--mt-" + setting.id.replace("_", "-")


def css_custom_properties(schema: Mapping[str, Setting], values: Mapping[str, Any]) -> str:
    """A ``:root{…}`` rule with one custom property per color and font setting that has a value.

    Fonts become their :data:`FONT_STACKS` stack. A ``category-colors`` setting adds one rule
    per category after it, ``.category-world{--mt-category-colors:#1f5fa8}``. Every value is
    validated again here, and anything that could end a declaration, a rule or the
    ``<style>`` element is left out, so the result is safe inside ``<style>``. ``""`` when no
    such setting has a value.
    """
    declarations = []
    rules = []
    for setting_id, setting in schema.items():
        if setting.type == "category-colors" and values.get(setting_id):
            rules += _category_rules(setting, values[setting_id])
            continue
        if setting.type not in ("color", "font") or values.get(setting_id) is None:
            continue
        try:
            value = validate_value(setting, values[setting_id])
        except SettingError:
            continue
        css = FONT_STACKS[value] if setting.type == "font" else value
        name = css_var_name(setting)
        # Validated values cannot trip this; it guards the one place values meet CSS.
        if not _CSS_VAR.fullmatch(name) or _CSS_UNSAFE.search(css):
            continue
        declarations.append(f"{name}:{css}")
    root = ":root{" + ";".join(declarations) + "}" if declarations else ""
    return root + "".join(rules)


def _category_rules(setting: Setting, value: Any) -> list[str]:
    """``.category-<slug>{--mt-<id>:#rrggbb}`` for each category of a ``category-colors``
    value: the class WordPress's post_class and body_class give a post and an archive of
    that category, and the one a theme puts on a label."""
    try:
        colors = validate_value(setting, value)
    except SettingError:
        return []
    name = css_var_name(setting)
    if not _CSS_VAR.fullmatch(name):
        return []
    return [
        f".category-{slug}{{{name}:{color}}}"
        for slug, color in colors.items()
        if _CATEGORY_SLUG.fullmatch(slug) and _LONG_COLOR.fullmatch(color)
    ]


def known_ids(schema: Iterable[str]) -> str:
    """The ids of a schema, for messages."""
    ids = sorted(schema)
    return ", ".join(ids) if ids else "none (this theme declares no settings)"
