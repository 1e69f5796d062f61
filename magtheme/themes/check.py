"""``magtheme theme check``: validate a theme before it is activated, like Ghost's gscan.

:func:`check_theme` reads a theme's manifest, resolves its parents, parses every template of
its own with the chain's sandboxed Jinja environment and applies the rules of :data:`RULES`.
Each finding carries a rule code, a level, the file (relative to the theme folder), the line
and the rule's docs anchor. Errors make a theme unusable and block activation; warnings are
advice. Rules live in three places by area — the manifest's in :mod:`.manifest`, the
templates' in :mod:`.rules_templates`, the package's (files that must exist, sizes) here —
and are described once, in :data:`RULES`, from which ``docs/theme-check.md`` is generated.

Reports are cached in-process per (path, version, newest modification) of every theme of the
chain, so checking an unchanged theme again (on each activation) costs a few ``stat`` calls.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from .chain import BUILTIN, ThemeChain
from .manifest import MANIFEST_FILE, ManifestError, Theme, ThemeError, TomlLocator, read_theme
from .rules_names import RenderContext, name_issues, part_kwargs, related
from .rules_templates import (
    Declarations,
    image_issues,
    link_issues,
    outside_links,
    parse_templates,
    template_issues,
)

Level = Literal["error", "warning"]

DOCS = "docs/theme-check.md"
LARGE_STATIC = 1024 * 1024  # bytes: every visitor downloads a theme's CSS, fonts and images


@dataclass(frozen=True)
class Rule:
    """One check: its code, level, what it means and how to fix it."""

    code: str
    level: Level
    title: str
    fix: str

    @property
    def anchor(self) -> str:
        return self.code.lower()

    @property
    def docs(self) -> str:
        return f"{DOCS}#{self.anchor}"


def _rule(code: str, level: Level, title: str, fix: str) -> Rule:
    return Rule(code, level, title, " ".join(fix.split()))


#: Every rule, in the order the docs list them.
RULES: tuple[Rule, ...] = (
    _rule(
        "MT-MANIFEST-MISSING",
        "error",
        "The theme folder has no `theme.toml`.",
        """Every theme needs a `theme.toml` at the top of its folder with at least `name`,
        `slug` and `version`. `magtheme theme new SLUG` writes a working one.""",
    ),
    _rule(
        "MT-MANIFEST-SYNTAX",
        "error",
        "`theme.toml` is not valid TOML, or not UTF-8 text.",
        """The message carries the TOML parser's line and column. Common causes: a string
        without quotes, a missing `=`, a key given twice, a `[[table]]` header after a
        `key = [...]` of the same name. Save the file as UTF-8.""",
    ),
    _rule(
        "MT-MANIFEST-SCHEMA",
        "error",
        "A key of `theme.toml` is unknown, missing, of the wrong type or out of range.",
        """The message names the key as a path (`settings[1].controls[0].type`) with its
        line, and the allowed values where there is a list. The manifest reference in
        `docs/themes.md` lists every key and its type.""",
    ),
    _rule(
        "MT-MANIFEST-SLUG",
        "error",
        "There is no `slug` and the folder name is not a valid slug.",
        """A theme without `slug` takes its folder's name, which must then be lowercase
        letters, digits, `-` and `_`. Add `slug = "my-theme"` or rename the folder.""",
    ),
    _rule(
        "MT-MANIFEST-DEFAULT",
        "error",
        "A setting's `default` does not fit its type.",
        """`color`: `#rgb` or `#rrggbb`. `number`/`range`: a number within `min` and `max`.
        `boolean`: `true` or `false`. `select`/`radio`: one of the keys of `choices`.
        `font`: one of the safe fonts (`system`, `sans-serif`, `serif`, `humanist`,
        `geometric`, `old-style`, `slab`, `monospace`). `text`/`textarea`: a string no
        longer than `max_length`. `image`: a string.""",
    ),
    _rule(
        "MT-MANIFEST-CONTROL",
        "error",
        "A setting is defined inconsistently: `min` above `max`, or a select/radio without "
        "`choices`.",
        """Swap `min` and `max`, or give the control `choices = { value = "Label", … }`.""",
    ),
    _rule(
        "MT-MANIFEST-DUPLICATE",
        "error",
        "Two settings, sections, widget areas, menu locations or image sizes share an id.",
        """Setting ids are unique across *all* sections, because templates read them as
        `theme.settings.<id>` and the site stores them by id. Rename or remove one.""",
    ),
    _rule(
        "MT-MANIFEST-REQUIRES",
        "error",
        "`requires` is not a PEP 440 version specifier.",
        """Write the Magtheme versions the theme works with as a specifier, for example
        `requires = ">=0.1, <2"`.""",
    ),
    _rule(
        "MT-MANIFEST-ENGINE",
        "error",
        "The running Magtheme version is not one the theme's `requires` accepts.",
        """Use a release of the theme made for this Magtheme version, upgrade Magtheme, or
        (as the theme's author, after testing) widen `requires`.""",
    ),
    _rule(
        "MT-PARENT-MISSING",
        "error",
        "The theme's `parent` (or a parent's parent) is not installed.",
        """The message shows the chain up to the missing theme. Install the parent theme
        (in `instance/themes/` or as a package) or correct `parent` in `theme.toml`.""",
    ),
    _rule(
        "MT-PARENT-CYCLE",
        "error",
        "The parents loop back to a theme already in the chain.",
        """The message shows the loop. A chain must end at a theme without `parent`; remove
        or change `parent` in one of the manifests.""",
    ),
    _rule(
        "MT-TPL-NO-INDEX",
        "error",
        "No theme of the chain has `templates/index.html`.",
        """`index.html` is the last candidate of every request (WordPress's `index.php`);
        without it some pages cannot render. Add `templates/index.html`, or make the theme a
        child of one that has it.""",
    ),
    _rule(
        "MT-TPL-SYNTAX",
        "error",
        "A template does not parse (or uses an unknown filter or test).",
        """The message is Jinja's, at the line it gives: an unclosed `{% if %}`, a typo in a
        tag, an unknown filter. Every `.html` file under `templates/` is parsed, also those
        no page uses yet.""",
    ),
    _rule(
        "MT-TPL-INCLUDE-MISSING",
        "error",
        "A template extends, includes or imports a template the chain does not have.",
        """Add the template or fix its name. Names are relative to `templates/`;
        `{% extends "!parent-slug/single.html" %}` reaches a parent's own copy. Use
        `{% include "x.html" ignore missing %}` for an optional include.""",
    ),
    _rule(
        "MT-TPL-PART-MISSING",
        "error",
        '`template_part("x")` names a part no theme of the chain has.',
        """`template_part("x", "y")` looks for `parts/x-y.html`, then `parts/x.html`, in the
        theme and each parent. Add `templates/parts/x.html` (the fallback) or fix the
        name.""",
    ),
    _rule(
        "MT-TPL-AREA-UNDECLARED",
        "error",
        '`widget_area("id")` names a widget area no manifest of the chain declares.',
        """Declare it in `theme.toml` so site owners can put widgets in it:
        `[[widget_areas]]` with `id = "sidebar"` and `name = "Sidebar"`.""",
    ),
    _rule(
        "MT-TPL-MENU-UNDECLARED",
        "error",
        '`menu("id")` names a menu location no manifest of the chain declares.',
        """Declare it in `theme.toml` so site owners can assign a menu to it:
        `[[menu_locations]]` with `id = "primary"` and `name = "Primary menu"`.""",
    ),
    _rule(
        "MT-TPL-SETTING-UNDECLARED",
        "error",
        "A template reads `theme.settings.x` but no manifest of the chain declares `x`.",
        """Declare the setting under a `[[settings]]` section's `controls` (with its type,
        label and default), or fix the name. Settings of parent themes count.""",
    ),
    _rule(
        "MT-TPL-UNDEFINED-HELPER",
        "error",
        "A template calls a name no render gives it (`related_posts()`), or reads an attribute "
        "of one (`nothing.title`): the page fails when it is shown.",
        """The helpers and variables every template gets are listed in `docs/themes.md`
        (Template variables, Helpers); the message suggests the nearest one. A part also
        gets the keyword arguments `template_part("x", name=value)` passes it, and a template
        what the templates it extends or includes set. Fix the name, pass the value, or
        guard an optional name with `{% if name is defined %}`.""",
    ),
    _rule(
        "MT-TPL-UNDEFINED-VARIABLE",
        "warning",
        "A template prints or tests a name no render gives it: it reads as nothing.",
        """Usually a typo (`{{ titel }}`); the message suggests the nearest known name. A
        name tested with `is defined` or given a `|default(…)` is not reported, so a
        template that handles an optional variable stays clean.""",
    ),
    _rule(
        "MT-TPL-UNKNOWN-ATTRIBUTE",
        "warning",
        "A template reads an attribute the page's views do not have (`post.titel`, "
        "`site.nmae`): it reads as nothing.",
        """`post`, `posts`' items, `site`, `query` and the views they lead to (`post.author`,
        `post.categories`' items) have the attributes listed in `docs/themes.md`; the message
        lists them and suggests the nearest.""",
    ),
    _rule(
        "MT-TPL-CUSTOM-MISSING",
        "error",
        "A custom template listed in the manifest's `templates` does not exist.",
        """`file` is relative to `templates/` (`file = "page-wide.html"` is
        `templates/page-wide.html`) and may come from a parent. Add the file or correct
        `file`.""",
    ),
    _rule(
        "MT-LAYOUT-SECTION-AREA",
        "error",
        "A sections setting's default places a widget area the theme chain does not declare.",
        """A `widget-area` block's `settings.area` names one of the chain's `[[widget_areas]]`
        ids. Declare the area, or correct the id.""",
    ),
    _rule(
        "MT-TPL-OUTSIDE-THEME",
        "error",
        "A template, or a folder of templates, is a link that leads out of the theme folder.",
        """The site refuses to read it (a template linked to `/etc/passwd` or to the site's
        `secret_key` would print it to every visitor), and a theme with such a link cannot
        be installed or activated. Replace the link with a copy of the file. Links between
        files of the same theme are fine.""",
    ),
    _rule(
        "MT-TPL-NO-404",
        "warning",
        "No theme of the chain has `templates/404.html`.",
        """Without it a missing page renders with `index.html`, which then has to handle
        `query.is_404` itself. Add a `404.html` with a search form and a link home.""",
    ),
    _rule(
        "MT-TPL-NO-SEARCH",
        "warning",
        "No theme of the chain has `templates/search.html`.",
        """Search results then render with `index.html`. Add a `search.html` that shows
        what was searched for and what to do when nothing matched.""",
    ),
    _rule(
        "MT-TPL-NO-SINGLE",
        "warning",
        "No theme of the chain has `templates/single.html`.",
        """Single posts then render with `index.html`. Add a `single.html` for them.""",
    ),
    _rule(
        "MT-TPL-NO-PAGE",
        "warning",
        "No theme of the chain has `templates/page.html`.",
        """Pages then render with `singular.html` or `index.html`. Add a `page.html`.""",
    ),
    _rule(
        "MT-TPL-IMG-ALT",
        "warning",
        "An `<img>` written in a template has no `alt` attribute.",
        """Describe the image in `alt="…"`, or write `alt=""` when it is decoration, so
        screen readers do not read out its file name. Only images written in the template
        are checked, not those in post content.""",
    ),
    _rule(
        "MT-PKG-NO-SCREENSHOT",
        "warning",
        "The theme folder has no `screenshot.png`.",
        """The theme list shows it. Add a PNG of the theme rendering the demo site, 1200×900
        pixels, at the top of the theme folder (child themes need their own).""",
    ),
    _rule(
        "MT-STATIC-LARGE",
        "warning",
        "A file under `static/` is larger than 1 MiB.",
        """Every visitor downloads it. Compress images (WebP, AVIF, smaller dimensions),
        subset fonts, minify scripts, or serve large media from the site's uploads.""",
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


@dataclass(frozen=True)
class Finding:
    """One thing the checker found: rule code, level, message, where and the docs anchor."""

    code: str
    level: Level
    message: str
    file: str
    line: int | None
    docs: str

    @classmethod
    def of(cls, code: str, message: str, file: str, line: int | None = None) -> Finding:
        rule = RULES_BY_CODE[code]
        return cls(code, rule.level, message, file, line, rule.docs)

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def format(self) -> str:
        """``file:line: LEVEL CODE message (docs)``."""
        return f"{self.location}: {self.level.upper()} {self.code} {self.message} ({self.docs})"

    def __str__(self) -> str:
        return self.format()

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "level": self.level,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "docs": self.docs,
        }


@dataclass(frozen=True)
class CheckReport:
    """The outcome of checking one theme. ``ok`` is false when any finding is an error."""

    theme: str
    path: Path
    version: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """``classic 1.0.0: 1 error, 2 warnings``."""

        def count(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        label = f"{self.theme} {self.version}".strip()
        return (
            f"{label}: {count(len(self.errors), 'error')}, {count(len(self.warnings), 'warning')}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "theme": self.theme,
            "path": str(self.path),
            "version": self.version,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [f.as_dict() for f in self.findings],
        }


# ---------------------------------------------------------------------------------------------
# Checking


def check_theme(target: Path | str, themes: Mapping[str, Theme]) -> CheckReport:
    """Check the theme *target*: the slug of a theme in *themes*, or a theme folder.

    Parents are looked up in *themes* (a folder's own theme stands in for an installed one
    of the same slug). Raises :class:`ThemeError` only when *target* is neither an installed
    slug nor a folder; everything wrong with the theme itself is a finding of the report.
    """
    folder = _folder(target, themes)
    try:
        theme: Theme | None = read_theme(folder)
    except ManifestError as exc:
        theme, manifest_findings = None, _manifest_findings(exc)
    else:
        manifest_findings = []
    chain, complete, parent_findings = _resolve(folder, theme, themes)
    key = tuple((str(t.path.resolve()), t.version, _newest(t.path)) for t in chain)
    if theme is None:
        key += ((str(folder.resolve()), "", _newest(folder)),)
    cached = _CACHE.get(key)
    if cached is None:
        findings = manifest_findings + parent_findings
        findings += _run_rules(folder, chain, complete)
        findings.sort(key=lambda f: (f.file != MANIFEST_FILE, f.file, f.line or 0, f.code))
        cached = CheckReport(
            theme=theme.slug if theme else folder.name,
            path=folder,
            version=theme.version if theme else "",
            findings=findings,
        )
        _CACHE.put(key, cached)
    return replace(cached, findings=list(cached.findings))


def _folder(target: Path | str, themes: Mapping[str, Theme]) -> Path:
    if isinstance(target, str) and target in themes:
        return themes[target].path
    folder = Path(target)
    if folder.is_dir():
        return folder.resolve()
    known = ", ".join(sorted(themes)) or "none"
    raise ThemeError(
        f"{str(target)!r} is neither an installed theme (installed: {known}) nor a theme folder."
    )


def _manifest_findings(exc: ManifestError) -> list[Finding]:
    return [Finding.of(i.code, i.message, MANIFEST_FILE, i.line) for i in exc.issues]


def _manifest_line(folder: Path, path: tuple[str | int, ...]) -> int | None:
    try:
        return TomlLocator((folder / MANIFEST_FILE).read_text(encoding="utf-8")).line(path)
    except (OSError, UnicodeDecodeError):
        return None


def _resolve(
    folder: Path, theme: Theme | None, themes: Mapping[str, Theme]
) -> tuple[list[Theme], bool, list[Finding]]:
    """The chain to check with (child first), whether it is complete, and parent findings.

    With an unreadable manifest the chain is the folder alone, as a provisional theme, so
    its templates can still be parsed; rules that need declarations then do not run.
    """
    if theme is None:
        return [Theme(slug=folder.name, path=folder, name=folder.name)], False, []
    chain = [theme]
    while (parent := chain[-1].parent) is not None:
        slugs = [t.slug for t in chain]
        label = " → ".join([*slugs, parent])
        if parent in slugs or parent not in themes:
            # Reported at the theme's own 'parent' key, the one link its author controls.
            line = _manifest_line(folder, ("parent",))
        if parent in slugs:
            message = (
                f"the parents loop ({label}); change 'parent' in theme.toml so the chain "
                "ends at a theme without one."
            )
            return chain, False, [Finding.of("MT-PARENT-CYCLE", message, MANIFEST_FILE, line)]
        found = themes.get(parent)
        if found is None:
            known = ", ".join(sorted(themes)) or "none"
            message = (
                f"parent {parent!r} is not installed ({label}); install it or change "
                f"'parent' in theme.toml (installed: {known})."
            )
            return chain, False, [Finding.of("MT-PARENT-MISSING", message, MANIFEST_FILE, line)]
        chain.append(found)
    return chain, True, []


def _run_rules(folder: Path, chain: list[Theme], complete: bool) -> list[Finding]:
    """Every rule that can run: file rules always, chain rules when the chain is complete."""
    try:
        theme_chain = ThemeChain(chain)
    except OSError:
        # A folder without a theme.toml cannot even make a provisional chain: what is left
        # to check are its files.
        return list(_package_findings(folder))
    trees, syntax = parse_templates(theme_chain.env, folder)
    findings = [Finding.of(i.code, i.message, i.file, i.line) for i in link_issues(folder)]
    findings += [Finding.of(i.code, i.message, i.file, i.line) for i in syntax]
    for file, tree in trees.items():
        findings += [
            Finding.of(i.code, i.message, i.file, i.line) for i in image_issues(file, tree)
        ]
    findings += _package_findings(folder)
    if complete:
        decl = Declarations.from_chain(chain)
        context = _render_context(theme_chain, trees)
        for file, tree in trees.items():
            issues = template_issues(file, tree, decl) + name_issues(file, tree, context)
            findings += [Finding.of(i.code, i.message, i.file, i.line) for i in issues]
        findings += _chain_findings(folder, theme_chain)
        findings += _parent_link_findings(folder, chain[1:])
    return findings


def _render_context(chain: ThemeChain, own: dict[str, Any]) -> RenderContext:
    """What renders give the chain's templates, with what its templates set and pass.

    The parents' templates count (a child's part may be included by a parent's template);
    their own problems are reported when the parents are checked.
    """
    trees = dict(own)
    for parent in chain.themes[1:]:
        parent_trees, _syntax = parse_templates(chain.env, parent.path)
        for file, tree in parent_trees.items():
            trees.setdefault(file, tree)
    return replace(
        RenderContext.of(chain.env),
        related=related(trees),
        part_kwargs=part_kwargs(trees.values()),
    )


def _parent_link_findings(folder: Path, parents: list[Theme]) -> Iterator[Finding]:
    """A parent's templates that lead out of its folder would be served by this theme too."""
    for parent in parents:
        for file, target in outside_links(parent.path):
            yield Finding.of(
                "MT-TPL-OUTSIDE-THEME",
                f"parent {parent.slug!r} has {file}, a link to {target}, outside its folder; "
                f"run 'magtheme theme check {parent.slug}' and replace the link with the file.",
                MANIFEST_FILE,
                _manifest_line(folder, ("parent",)),
            )


#: Templates a theme chain should have: name → (rule code, what happens without it).
EXPECTED_TEMPLATES = {
    "index.html": ("MT-TPL-NO-INDEX", "add templates/index.html, the fallback of every page."),
    "404.html": ("MT-TPL-NO-404", "missing pages fall back to index.html; add templates/404.html."),
    "search.html": (
        "MT-TPL-NO-SEARCH",
        "search results fall back to index.html; add templates/search.html.",
    ),
    "single.html": (
        "MT-TPL-NO-SINGLE",
        "posts fall back to index.html; add templates/single.html.",
    ),
    "page.html": ("MT-TPL-NO-PAGE", "pages fall back to index.html; add templates/page.html."),
}


def _chain_findings(folder: Path, themes_chain: ThemeChain) -> Iterator[Finding]:
    """Templates the chain should have, and the custom templates the manifest promises."""
    label = " → ".join(t.slug for t in themes_chain.themes)
    for name, (code, advice) in EXPECTED_TEMPLATES.items():
        choice = themes_chain.locate([name])
        if choice.theme is None or choice.theme == BUILTIN:
            yield Finding.of(code, f"no {name} in {label}; {advice}", f"templates/{name}")
    for i, custom in enumerate(themes_chain.active.info.templates):
        choice = themes_chain.locate([custom.file])
        if choice.theme is None or choice.theme == BUILTIN:
            yield Finding.of(
                "MT-TPL-CUSTOM-MISSING",
                f"custom template {custom.name!r} points to templates/{custom.file}, which no "
                f"theme of {label} has; add the file or correct 'file' (it is relative to "
                "templates/).",
                MANIFEST_FILE,
                _manifest_line(folder, ("templates", i, "file")),
            )

    yield from _section_area_findings(folder, themes_chain, label)


def _section_area_findings(folder: Path, themes_chain: ThemeChain, label: str) -> Iterator[Finding]:
    """``widget-area`` blocks of the active theme's sections defaults that name no area."""
    areas = {
        str(area.get("id"))
        for theme in themes_chain.themes
        for area in theme.manifest.get("widget_areas", ())
    }
    for s, section in enumerate(themes_chain.active.manifest.get("settings", ())):
        for c, control in enumerate(section.get("controls", ())):
            if control.get("type") != "sections" or not isinstance(control.get("default"), list):
                continue
            for b, block in enumerate(control["default"]):
                settings = block.get("settings") if isinstance(block, dict) else None
                if block.get("type") != "widget-area" or not isinstance(settings, dict):
                    continue
                area = settings.get("area")
                if area not in areas:
                    yield Finding.of(
                        "MT-LAYOUT-SECTION-AREA",
                        f"setting {control.get('id')!r}: block {b + 1} places widget area "
                        f"{area!r}, which no theme of {label} declares; declare it in "
                        f"[[widget_areas]] or use one of: {', '.join(sorted(areas)) or 'none'}.",
                        MANIFEST_FILE,
                        _manifest_line(folder, ("settings", s, "controls", c, "default", b)),
                    )


def _package_findings(folder: Path) -> Iterator[Finding]:
    """The theme's own files: a screenshot, and no oversized static files."""
    if not (folder / "screenshot.png").is_file():
        yield Finding.of(
            "MT-PKG-NO-SCREENSHOT",
            "no screenshot.png; add a 1200×900 PNG of the theme at the top of its folder.",
            "screenshot.png",
        )
    static = folder / "static"
    if static.is_dir():
        for path in sorted(static.rglob("*")):
            if path.is_file() and (size := path.stat().st_size) > LARGE_STATIC:
                yield Finding.of(
                    "MT-STATIC-LARGE",
                    f"{size / LARGE_STATIC:.1f} MiB, over the 1 MiB limit; every visitor "
                    "downloads it — compress, resize or subset it.",
                    path.relative_to(folder).as_posix(),
                )


# ---------------------------------------------------------------------------------------------
# The in-process cache


def _newest(folder: Path) -> int:
    """The newest modification time (ns) of *folder*, its subfolders and its files.

    Folders count too: deleting a file changes its folder's time, not any file's.
    """
    newest = 0
    for root, _dirs, files in os.walk(folder):
        try:
            newest = max(newest, os.stat(root).st_mtime_ns)
            for name in files:
                newest = max(newest, os.stat(os.path.join(root, name)).st_mtime_ns)
        except OSError:
            continue  # a file vanished while we looked: the next check sees the change
    return newest


class _ReportCache:
    """A small, thread-safe LRU of reports by fingerprint."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], CheckReport] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> CheckReport | None:
        with self._lock:
            report = self._items.get(key)
            if report is not None:
                self._items.move_to_end(key)
            return report

    def put(self, key: tuple[Any, ...], report: CheckReport) -> None:
        with self._lock:
            self._items[key] = report
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_CACHE = _ReportCache()


def clear_check_cache() -> None:
    """Forget every cached report (tests; after editing a theme within one clock tick)."""
    _CACHE.clear()


# ---------------------------------------------------------------------------------------------
# The docs, from the table

_DOCS_HEADER = """\
# Theme check rules

<!-- Generated from RULES in magtheme/themes/check.py; do not edit by hand. Regenerate with:
     .venv/bin/python -m magtheme.themes.check > docs/theme-check.md -->

`magtheme theme check SLUG|PATH [--json]` checks a theme the way WordPress's Theme Check and
Ghost's gscan do: it reads `theme.toml`, resolves the parent themes, parses every template
of the theme with the same sandboxed Jinja environment the site uses, and reports each
problem with its file and line, a rule code and a link to the rule below.

- **Errors** make a theme unusable: `magtheme theme activate` refuses a theme with errors,
  and `magtheme theme check` exits with status 1.
- **Warnings** are advice: the theme works, but something a visitor or a site owner expects
  is missing.

A child theme is checked for its own files; the parts, widget areas, menu locations,
settings and templates it uses may come from any theme of its chain. When `theme.toml`
cannot be read, or a parent is missing, only the rules about the theme's own files run
(template syntax, images without alt text, the screenshot, large static files) — fix the
manifest first, then check again.
"""


def rules_markdown() -> str:
    """``docs/theme-check.md``: every rule of :data:`RULES` with its anchor and its fix."""
    lines = [_DOCS_HEADER, "| code | level | what it means |", "|---|---|---|"]
    lines += [f"| [{r.code}](#{r.anchor}) | {r.level} | {r.title} |" for r in RULES]
    for rule in RULES:
        lines += ["", f"## {rule.code}", "", f"**{rule.level.capitalize()}.** {rule.title}"]
        lines += ["", rule.fix]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(rules_markdown(), end="")
