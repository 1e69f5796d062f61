"""Reading one theme folder: its ``theme.toml`` manifest and where its files are.

A manifest is checked in three steps, each reported with the file and line of the offending
key and what to do about it:

1. TOML syntax (tomllib's own line and column);
2. :data:`~magtheme.themes.schema.MANIFEST_SCHEMA` (JSON Schema, Draft 2020-12);
3. what a schema cannot say: each setting's default fits its type, ids are unique, and
   ``requires`` is a PEP 440 specifier the running engine satisfies.

tomllib keeps no positions, so :class:`TomlLocator` scans the text once more and maps every
key and array element to the line where it starts (``settings[1].controls[0].default`` → 42).
:func:`validate_manifest` is pure (text in, data and issues out); :func:`read_theme` is the
thin layer that reads the file and raises.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from .schema import (
    FONT_STACKS,
    MANIFEST_SCHEMA,
    SIDEBAR_PLACEMENTS,
    SIDEBAR_SETTING,
    Manifest,
    parse_manifest,
)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

MANIFEST_FILE = "theme.toml"

# Rule codes this module reports; their levels, docs and fixes are in check.RULES.
MISSING = "MT-MANIFEST-MISSING"
SYNTAX = "MT-MANIFEST-SYNTAX"
SCHEMA = "MT-MANIFEST-SCHEMA"
SLUG = "MT-MANIFEST-SLUG"
DEFAULT = "MT-MANIFEST-DEFAULT"
CONTROL = "MT-MANIFEST-CONTROL"
DUPLICATE = "MT-MANIFEST-DUPLICATE"
REQUIRES = "MT-MANIFEST-REQUIRES"
ENGINE = "MT-MANIFEST-ENGINE"

#: Every code :func:`validate_manifest` and :func:`read_theme` may report.
MANIFEST_CODES = (MISSING, SYNTAX, SCHEMA, SLUG, DEFAULT, CONTROL, DUPLICATE, REQUIRES, ENGINE)

_VALIDATOR = Draft202012Validator(MANIFEST_SCHEMA)

#: What the schema's patterns mean, in words.
_PATTERN_WORDS = {
    "^[a-z0-9_-]{1,20}$": "a post type name such as page or post",
    "^[a-z][a-z0-9_-]{0,63}$": "a lowercase letter, then lowercase letters, digits, '-' or '_'",
    "^[a-z0-9][a-z0-9_-]{0,63}$": "lowercase letters, digits, '-' or '_' (at most 64)",
    r"^\d+(\.\d+){0,2}([.-]?[a-z0-9.]+)?$": "a version such as 1.0.0 or 2.1-beta1",
    "^--[a-z][a-z0-9-]{0,63}$": "a CSS custom property name such as --accent-color",
    r"^[a-z0-9_/-]+\.html$": "a path under templates/ such as page-wide.html",
}


class ThemeError(Exception):
    """A theme that cannot be used; the message names the theme, file and what to do."""


@dataclass(frozen=True)
class ManifestIssue:
    """One problem in a manifest: its rule code, the line (1-based) and what to do."""

    code: str
    line: int | None
    message: str

    def format(self, file: Path | str) -> str:
        where = f"{file}:{self.line}" if self.line else f"{file}"
        return f"{where}: {self.message}"


class ManifestError(ThemeError):
    """A ``theme.toml`` that cannot be read; :attr:`issues` holds every problem found."""

    def __init__(self, path: Path, issues: Sequence[ManifestIssue]) -> None:
        self.path = path
        self.issues = list(issues)
        super().__init__("\n".join(issue.format(path) for issue in self.issues))


@dataclass(frozen=True)
class Theme:
    """One theme folder and what its manifest says (``info`` is the typed manifest)."""

    slug: str
    path: Path
    name: str
    version: str = "0.0.0"
    description: str = ""
    parent: str | None = None
    manifest: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # Filled from the fields above when not given, so code can always read ``theme.info``.
    info: Manifest = field(default=None, compare=False, hash=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.info is None:
            minimal = Manifest(
                name=self.name,
                slug=self.slug,
                version=self.version,
                description=self.description,
                parent=self.parent,
            )
            object.__setattr__(self, "info", minimal)

    @property
    def templates_dir(self) -> Path:
        return self.path / "templates"

    @property
    def static_dir(self) -> Path:
        return self.path / "static"

    @property
    def manifest_path(self) -> Path:
        return self.path / MANIFEST_FILE


def engine_version() -> str:
    """The running Magtheme version (imported late: this module loads during ``magtheme``'s)."""
    import magtheme

    return str(magtheme.__version__)


def read_theme(path: Path, *, engine: str | None = None) -> Theme:
    """Read and validate ``path/theme.toml``.

    Raises :class:`ManifestError` (a :class:`ThemeError`) naming the file, the line of each
    offending key and what to do. *engine* is the Magtheme version ``requires`` is checked
    against (default: the running one).
    """
    manifest_path = path / MANIFEST_FILE
    try:
        text = manifest_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        issue = ManifestIssue(MISSING, None, "missing; every theme needs a theme.toml manifest.")
        raise ManifestError(manifest_path, [issue]) from None
    except UnicodeDecodeError:
        issue = ManifestIssue(SYNTAX, None, "not UTF-8 text; save the file as UTF-8.")
        raise ManifestError(manifest_path, [issue]) from None
    data, issues = validate_manifest(text, folder=path.name, engine=engine)
    if issues:
        raise ManifestError(manifest_path, issues)
    info = parse_manifest(data)
    return Theme(
        slug=info.slug,
        path=path,
        name=info.name,
        version=info.version,
        description=info.description,
        parent=info.parent,
        manifest=data,
        info=info,
    )


def validate_manifest(
    text: str, *, folder: str, engine: str | None = None
) -> tuple[dict[str, Any], list[ManifestIssue]]:
    """The manifest *text* of a theme in folder *folder*: its data and every problem in it.

    A manifest without ``slug`` takes the folder's name. Semantic checks run only on data
    that passed the schema (they rely on its types); issues come sorted by line.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+), column (\d+)", str(exc))
        line = int(found.group(1)) if found else None
        if line is None and "end of document" in str(exc):
            line = max(1, len(text.splitlines()))  # an unclosed array, table or string
        message = f"TOML syntax error: {exc}. Fix the syntax (see https://toml.io)."
        return {}, [ManifestIssue(SYNTAX, line, message)]
    locator = TomlLocator(text)
    issues: list[ManifestIssue] = []
    if "slug" not in data:
        if _SLUG.match(folder):
            data["slug"] = folder
        else:
            issues.append(
                ManifestIssue(
                    SLUG,
                    1,
                    f"no slug is given and the folder name {folder!r} is not a valid slug; "
                    "add slug = \"…\" (lowercase letters, digits, '-' or '_').",
                )
            )
    issues += _schema_issues(data, locator, skip_required={"slug"} if issues else set())
    if not issues:
        issues += _semantic_issues(data, locator, engine or engine_version())
    issues.sort(key=lambda i: (i.line or 0, i.code))
    return data, issues


# ---------------------------------------------------------------------------------------------
# Schema errors, said for people


def dotted(path: Sequence[str | int]) -> str:
    """``("settings", 1, "controls", 0, "default")`` → ``settings[1].controls[0].default``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _kind(value: Any) -> str:
    """The TOML word for a Python value's type."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def _suggest(word: str, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


def _schema_issues(
    data: dict[str, Any], locator: TomlLocator, skip_required: set[str]
) -> list[ManifestIssue]:
    issues: list[ManifestIssue] = []
    for error in _VALIDATOR.iter_errors(data):
        path = tuple(error.absolute_path)
        for key_path, message in _explain(error, path, skip_required):
            issues.append(ManifestIssue(SCHEMA, locator.line(key_path), message))
    return issues


def _explain(
    error: ValidationError, path: tuple[str | int, ...], skip_required: set[str]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(where, message) pairs for one schema error; messages end with what to do."""
    where = dotted(path) or "the top level"
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        # jsonschema reports each missing key as its own error: "'name' is a required property".
        quoted = re.match(r"^'([^']+)'", str(error.message))
        name = quoted.group(1) if quoted else str(error.message)
        if name not in skip_required:
            table = f" in {where}" if path else ""
            yield path, f"missing required key {name!r}{table}; add {name} = …"
        return
    if error.validator == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        for extra in sorted(k for k in value if k not in known):
            yield (
                (*path, extra),
                f"unknown key {extra!r} in {where}.{_suggest(extra, known)} "
                f"Known keys: {', '.join(known)}.",
            )
        return
    if error.validator == "enum":
        options = [str(o) for o in error.validator_value]
        hint = _suggest(str(value), options)
        yield path, f"{where} = {value!r} is not allowed.{hint} Use one of: {', '.join(options)}."
        return
    if error.validator == "type":
        wanted = error.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        yield path, f"{where} must be {wanted}, not {_kind(value)}; change its value."
        return
    if error.validator == "pattern":
        words = _PATTERN_WORDS.get(error.validator_value, f"the pattern {error.validator_value}")
        yield path, f"{where} = {value!r} is not valid: it must be {words}."
        return
    if error.validator == "uniqueItems":
        yield path, f"{where} lists the same value twice; remove the repeat."
        return
    yield path, f"{where}: {error.message}; change the value to fit."


# ---------------------------------------------------------------------------------------------
# What the schema cannot say


def _semantic_issues(
    data: dict[str, Any], locator: TomlLocator, engine: str
) -> list[ManifestIssue]:
    issues: list[ManifestIssue] = []

    def add(code: str, path: tuple[str | int, ...], message: str) -> None:
        issues.append(ManifestIssue(code, locator.line(path), message))

    seen_settings: dict[str, str] = {}
    for s, section in enumerate(data.get("settings", ())):
        for c, control in enumerate(section.get("controls", ())):
            here: tuple[str | int, ...] = ("settings", s, "controls", c)
            sid = control["id"]
            if sid in seen_settings:
                add(
                    DUPLICATE,
                    (*here, "id"),
                    f"setting id {sid!r} is declared twice (also at {seen_settings[sid]}); "
                    "setting ids must be unique across sections — rename one.",
                )
            else:
                seen_settings[sid] = dotted(here)
            for code, key, message in control_problems(control):
                add(code, (*here, key), f"{dotted(here)} ({sid!r}): {message}")
    for key, noun in (
        ("settings", "section id"),
        ("widget_areas", "widget area id"),
        ("menu_locations", "menu location id"),
        ("image_sizes", "image size name"),
    ):
        seen: dict[str, int] = {}
        id_key = "name" if key == "image_sizes" else "id"
        for i, item in enumerate(data.get(key, ())):
            ident = item[id_key]
            if ident in seen:
                add(
                    DUPLICATE,
                    (key, i, id_key),
                    f"{noun} {ident!r} is declared twice ({key}[{seen[ident]}] and {key}[{i}]); "
                    "rename or remove one.",
                )
            else:
                seen[ident] = i
    seen_files: dict[str, int] = {}
    for i, template in enumerate(data.get("templates", ())):
        file = template["file"]
        if file in seen_files:
            add(
                DUPLICATE,
                ("templates", i, "file"),
                f"template file {file!r} is declared twice (templates[{seen_files[file]}] and "
                f"templates[{i}]); list a file once, with every post type it serves.",
            )
        else:
            seen_files[file] = i
    requires = data.get("requires", "").strip()
    if requires:
        try:
            spec = SpecifierSet(requires)
        except InvalidSpecifier:
            add(
                REQUIRES,
                ("requires",),
                f"requires = {requires!r} is not a version specifier; "
                'write the Magtheme versions the theme works with, e.g. requires = ">=0.1, <2".',
            )
        else:
            if not _satisfies(spec, engine):
                add(
                    ENGINE,
                    ("requires",),
                    f"the theme needs Magtheme {requires}, and this is Magtheme {engine}; "
                    "use a release of the theme made for this version, or upgrade Magtheme.",
                )
    return issues


def _satisfies(spec: SpecifierSet, engine: str) -> bool:
    try:
        return spec.contains(Version(engine), prereleases=True)
    except InvalidVersion:
        return True  # a development checkout with no clean version: do not lock themes out


def control_problems(control: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(code, key, message) for a setting whose definition or default does not hold up."""
    kind = control["type"]
    problems: list[tuple[str, str, str]] = []
    low, high = control.get("min"), control.get("max")
    if low is not None and high is not None and low > high:
        problems.append((CONTROL, "min", f"min ({low}) is above max ({high}); swap them."))
    choices = control.get("choices") or {}
    if control["id"] == SIDEBAR_SETTING:
        wrong = [str(c) for c in choices if c not in SIDEBAR_PLACEMENTS]
        if kind not in ("select", "radio") or wrong:
            problems.append(
                (
                    CONTROL,
                    "choices" if wrong else "type",
                    f"the {SIDEBAR_SETTING!r} setting places the sidebar: make it a select or "
                    f"radio whose choices are among {', '.join(SIDEBAR_PLACEMENTS)}"
                    + (f" (not {', '.join(wrong)})" if wrong else "")
                    + ".",
                )
            )
    if kind == "sections" and "choices" in control:
        problems.append((CONTROL, "choices", "a sections setting takes no choices; remove them."))
    if kind in ("select", "radio") and not choices:
        problems.append(
            (CONTROL, "type", f'a {kind} needs choices = {{ value = "Label", … }}; add them.')
        )
    if "default" in control:
        reason = default_problem(control)
        if reason:
            problems.append((DEFAULT, "default", reason))
    return problems


def _control_setting(control: dict[str, Any]) -> Any:
    from .schema import _setting

    return _setting(control, "")


def default_problem(control: dict[str, Any]) -> str | None:
    """Why a control's ``default`` does not fit its type, or ``None`` when it does."""
    kind, value = control["type"], control["default"]
    if kind == "sections":
        from ..sections import sections_problem  # the widget registry loads late

        return sections_problem(value)
    if kind == "category-colors":
        from .settings import SettingError, validate_value

        try:
            validate_value(_control_setting(control), value)
        except SettingError as exc:
            return f"default: {str(exc).split(': ', 1)[-1]}"
        return None
    if isinstance(value, dict):
        return f"default must not be a table for a {kind} setting; give one value."
    if isinstance(value, list):
        return f"default must not be a list for a {kind} setting; give one value."
    shown = f"default {value!r}"
    if kind == "boolean":
        return None if isinstance(value, bool) else f"{shown} must be true or false."
    if kind in ("number", "range"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{shown} must be a number."
        low, high = control.get("min"), control.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"{low if low is not None else '…'}–{high if high is not None else '…'}"
            return f"{shown} is outside min–max ({bounds}); pick a value inside."
        return None
    if not isinstance(value, str):
        return f"{shown} must be a string for a {kind} setting."
    if kind == "color" and not _COLOR.match(value):
        return f'{shown} is not a color; write #rgb or #rrggbb, e.g. "#1a73e8".'
    if kind in ("select", "radio"):
        choices = [str(c) for c in control.get("choices") or {}]
        if choices and value not in choices:
            return (
                f"{shown} is not one of the choices ({', '.join(choices)}); use one of them."
                f"{_suggest(value, choices)}"
            )
    if kind == "font" and value not in FONT_STACKS:
        return (
            f"{shown} is not a known font; use one of {', '.join(FONT_STACKS)}."
            f"{_suggest(value, list(FONT_STACKS))}"
        )
    max_length = control.get("max_length")
    if kind in ("text", "textarea") and max_length and len(value) > max_length:
        return f"{shown} is longer than max_length ({max_length}); shorten it."
    return None


# ---------------------------------------------------------------------------------------------
# Where a key is: a small TOML scanner that records lines


class TomlLocator:
    """Maps key paths of a TOML document to the line (1-based) where each starts.

    Understands tables, ``[[arrays of tables]]``, dotted and quoted keys, inline tables and
    arrays spanning lines, and every string form. Only for text tomllib has already accepted:
    it reads structure, not values.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: dict[tuple[str | int, ...], int] = {}
        self._newlines = [i for i, ch in enumerate(text) if ch == "\n"]
        self._tables: dict[tuple[str | int, ...], int] = {}  # array of tables → element count
        try:
            self._document()
        except (IndexError, ValueError):  # pragma: no cover - tomllib accepted the text
            pass

    def line(self, path: Sequence[str | int]) -> int:
        """The line of *path*, or of its nearest enclosing key or table (1 for the top)."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 1

    # scanning ---------------------------------------------------------------------------

    def _line_at(self, pos: int) -> int:
        return bisect_right(self._newlines, pos - 1) + 1

    def _peek(self, s: str) -> bool:
        return self.text.startswith(s, self.pos)

    def _skip(self, newlines: bool) -> None:
        """Skip blanks (and, when *newlines*, line ends and comments)."""
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in " \t" or (newlines and ch in "\r\n"):
                self.pos += 1
            elif ch == "#" and newlines:
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            else:
                return

    def _document(self) -> None:
        table: tuple[str | int, ...] = ()
        while True:
            self._skip(newlines=True)
            if self.pos >= len(self.text):
                return
            line = self._line_at(self.pos)
            if self._peek("[["):
                self.pos += 2
                keys = self._key()
                self.pos = self.text.index("]]", self.pos) + 2
                table = self._open(keys, line, new_element=True)
            elif self._peek("["):
                self.pos += 1
                keys = self._key()
                self.pos = self.text.index("]", self.pos) + 1
                table = self._open(keys, line, new_element=False)
            else:
                self._pair(table)
            self._skip(newlines=False)
            if self._peek("#"):
                self._skip(newlines=True)

    def _open(self, keys: list[str], line: int, new_element: bool) -> tuple[str | int, ...]:
        """The path a ``[table]`` or ``[[table]]`` header opens (arrays → their last element)."""
        path: tuple[str | int, ...] = ()
        for n, key in enumerate(keys):
            path = (*path, key)
            self.lines.setdefault(path, line)
            last = n == len(keys) - 1
            if last and new_element:
                index = self._tables.get(path, 0)
                self._tables[path] = index + 1
                path = (*path, index)
                self.lines[path] = line
            elif path in self._tables:
                path = (*path, self._tables[path] - 1)
        return path

    def _pair(self, table: tuple[str | int, ...]) -> None:
        line = self._line_at(self.pos)
        path = table
        for key in self._key():
            path = (*path, key)
            self.lines.setdefault(path, line)
        self._skip(newlines=False)
        self.pos += 1  # '='
        self._skip(newlines=False)
        self._value(path)

    def _key(self) -> list[str]:
        keys = []
        while True:
            self._skip(newlines=False)
            ch = self.text[self.pos]
            if ch in "\"'":
                start = self.pos
                self._string()
                keys.append(tomllib.loads(f"k = {self.text[start : self.pos]}")["k"])
            else:
                found = re.compile(r"[A-Za-z0-9_-]+").match(self.text, self.pos)
                if found is None:
                    raise ValueError("not a key")
                keys.append(found.group())
                self.pos = found.end()
            self._skip(newlines=False)
            if not self._peek("."):
                return keys
            self.pos += 1

    def _string(self) -> None:
        text = self.text
        for quote in ('"""', "'''"):
            if self._peek(quote):
                i = self.pos + 3
                while not text.startswith(quote, i):
                    i += 2 if (quote == '"""' and text[i] == "\\") else 1
                i += 3
                while i < len(text) and text[i] == quote[0] and i - self.pos < 8:
                    i += 1  # up to two quotes may end the content: """a"""""
                self.pos = i
                return
        quote = text[self.pos]
        i = self.pos + 1
        while text[i] != quote:
            i += 2 if (quote == '"' and text[i] == "\\") else 1
        self.pos = i + 1

    def _value(self, path: tuple[str | int, ...]) -> None:
        ch = self.text[self.pos]
        if ch in "\"'":
            self._string()
        elif ch == "[":
            self.pos += 1
            index = 0
            while True:
                self._skip(newlines=True)
                if self._peek("]"):
                    self.pos += 1
                    return
                element = (*path, index)
                self.lines.setdefault(element, self._line_at(self.pos))
                self._value(element)
                index += 1
                self._skip(newlines=True)
                if self._peek(","):
                    self.pos += 1
        elif ch == "{":
            self.pos += 1
            while True:
                self._skip(newlines=True)
                if self._peek("}"):
                    self.pos += 1
                    return
                self._pair(path)
                self._skip(newlines=True)
                if self._peek(","):
                    self.pos += 1
        else:
            end = re.compile(r"[,\]}\n#]").search(self.text, self.pos)
            self.pos = len(self.text) if end is None else end.start()
