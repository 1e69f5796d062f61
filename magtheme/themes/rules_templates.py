"""Template rules of ``magtheme theme check``: what a theme's own templates use.

Every rule here reads the Jinja syntax tree, never the raw text: ``template_part("x")`` in a
comment is not a call, and ``<img`` inside ``{# … #}`` is not an image. A template is parsed
with its theme chain's own sandboxed environment, so the checker and the site agree on what
is valid. Names a template uses (parts, widget areas, menu locations, settings, templates it
extends) are resolved across the whole chain — a child theme may use its parent's.

The codes' levels, docs and fixes live in :data:`magtheme.themes.check.RULES`.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, nodes

from .chain import BUILTIN_DIR, inside
from .manifest import Theme

SYNTAX = "MT-TPL-SYNTAX"
INCLUDE_MISSING = "MT-TPL-INCLUDE-MISSING"
PART_MISSING = "MT-TPL-PART-MISSING"
AREA_UNDECLARED = "MT-TPL-AREA-UNDECLARED"
MENU_UNDECLARED = "MT-TPL-MENU-UNDECLARED"
SETTING_UNDECLARED = "MT-TPL-SETTING-UNDECLARED"
IMG_ALT = "MT-TPL-IMG-ALT"
OUTSIDE_THEME = "MT-TPL-OUTSIDE-THEME"

#: Every code this module reports.
TEMPLATE_CODES = (
    SYNTAX,
    INCLUDE_MISSING,
    PART_MISSING,
    AREA_UNDECLARED,
    MENU_UNDECLARED,
    SETTING_UNDECLARED,
    IMG_ALT,
    OUTSIDE_THEME,
)

# Methods of the settings mapping: ``theme.settings.get("x")`` is a lookup of "x", not of "get".
_MAPPING_METHODS = frozenset({"get", "items", "keys", "values"})


@dataclass(frozen=True)
class TemplateIssue:
    """One problem in one template: code, file (relative to the theme folder), line, message."""

    code: str
    file: str
    line: int | None
    message: str


def _names_in(folder: Path) -> frozenset[str]:
    if not folder.is_dir():
        return frozenset()
    return frozenset(
        p.relative_to(folder).as_posix() for p in folder.rglob("*.html") if p.is_file()
    )


@dataclass(frozen=True)
class Declarations:
    """What a theme chain offers its templates."""

    chain: tuple[str, ...]
    names: frozenset[str]  # template names of every theme in the chain and the built-ins
    by_theme: Mapping[str, frozenset[str]]  # each theme's own names, for "!parent/x.html"
    widget_areas: frozenset[str]
    menu_locations: frozenset[str]
    settings: frozenset[str]

    @classmethod
    def from_chain(cls, themes: Iterable[Theme]) -> Declarations:
        """Collect names and declarations from every theme of a resolved chain (child first)."""
        chain = list(themes)
        by_theme = {t.slug: _names_in(t.templates_dir) for t in chain}
        names = frozenset().union(*by_theme.values(), _names_in(BUILTIN_DIR))
        return cls(
            chain=tuple(t.slug for t in chain),
            names=names,
            by_theme=by_theme,
            widget_areas=frozenset(a.id for t in chain for a in t.info.widget_areas),
            menu_locations=frozenset(a.id for t in chain for a in t.info.menu_locations),
            settings=frozenset(s for t in chain for s in t.info.settings),
        )

    def has(self, name: str) -> bool:
        """Whether ``{% extends name %}`` / ``{% include name %}`` finds a template."""
        if name.startswith("!"):
            slug, _, rest = name[1:].partition("/")
            return rest in self.by_theme.get(slug, frozenset())
        return name in self.names

    @property
    def chain_label(self) -> str:
        return " → ".join(self.chain)


# ---------------------------------------------------------------------------------------------
# Links out of the theme


def outside_links(theme_folder: Path) -> list[tuple[str, str]]:
    """(file relative to the theme folder, where it leads) for each link under ``templates/``
    (a file or a folder, or ``templates/`` itself) whose real path leaves the theme folder.

    The folders are walked without following links, so a link to ``/`` costs one entry.
    """
    found: list[tuple[str, str]] = []
    templates = theme_folder / "templates"
    if templates.is_symlink() and not inside(templates, theme_folder):
        return [("templates", os.path.realpath(templates))]
    for root, dirs, files in os.walk(templates):
        for name in sorted([*dirs, *files]):
            path = Path(root, name)
            if path.is_symlink() and not inside(path, theme_folder):
                found.append((path.relative_to(theme_folder).as_posix(), os.path.realpath(path)))
    return found


def link_issues(theme_folder: Path) -> list[TemplateIssue]:
    """An error for each template, or folder of templates, that leads out of the theme."""
    return [
        TemplateIssue(
            OUTSIDE_THEME,
            file,
            None,
            f"a link to {target}, outside the theme folder; templates may only be files inside "
            "the theme (a template linked to /etc/passwd or the site's secret_key would print "
            "it). Replace the link with the file itself.",
        )
        for file, target in outside_links(theme_folder)
    ]


# ---------------------------------------------------------------------------------------------
# Parsing


def parse_templates(
    env: Environment, theme_folder: Path
) -> tuple[dict[str, nodes.Template], list[TemplateIssue]]:
    """Parse every ``templates/**/*.html`` of one theme; syntax errors keep Jinja's line.

    Returns the syntax trees of the files that parsed, by file (relative to the theme
    folder), and an issue for each that did not. A tree is also compiled (to Python source
    only, nothing runs) so unknown filters and tests are caught as they would be at render.
    """
    folder = theme_folder / "templates"
    trees: dict[str, nodes.Template] = {}
    issues: list[TemplateIssue] = []
    if not folder.is_dir():
        return trees, issues
    for path in sorted(p for p in folder.rglob("*.html") if p.is_file()):
        if not inside(path, theme_folder):
            continue  # never read: link_issues reports it
        name = path.relative_to(folder).as_posix()
        file = f"templates/{name}"
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            issues.append(TemplateIssue(SYNTAX, file, None, "not UTF-8 text; save it as UTF-8."))
            continue
        try:
            tree = env.parse(source, name, str(path))
            env.compile(source, name, str(path), raw=True)
        except TemplateSyntaxError as exc:
            message = f"{exc.message or 'syntax error'}; fix the template syntax."
            issues.append(TemplateIssue(SYNTAX, file, exc.lineno, message))
            continue
        trees[file] = tree
    return trees, issues


# ---------------------------------------------------------------------------------------------
# What templates use, checked against what the chain declares


_MISSING = object()  # an argument that was not given
_DYNAMIC = object()  # an argument known only at render time


def _argument(call: nodes.Call, index: int, keyword: str) -> object:
    """The constant value of a call's argument, :data:`_DYNAMIC`, or :data:`_MISSING`."""
    node: nodes.Expr | None = call.args[index] if len(call.args) > index else None
    for kw in call.kwargs:
        if kw.key == keyword:
            node = kw.value
    if node is None:
        return _DYNAMIC if (call.dyn_args or call.dyn_kwargs) else _MISSING
    if isinstance(node, nodes.Const):
        return node.value
    return _DYNAMIC


def _calls(tree: nodes.Template, helper: str) -> Iterator[nodes.Call]:
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == helper:
            yield call


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(options), n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


def _declared(options: frozenset[str]) -> str:
    return ", ".join(sorted(options)) or "none"


def template_issues(file: str, tree: nodes.Template, decl: Declarations) -> list[TemplateIssue]:
    """Every name *tree* uses that the chain in *decl* does not provide."""
    issues: list[TemplateIssue] = []
    issues += _part_issues(file, tree, decl)
    issues += _declaration_issues(file, tree, decl)
    issues += _setting_issues(file, tree, decl)
    issues += _include_issues(file, tree, decl)
    return issues


def _part_issues(file: str, tree: nodes.Template, decl: Declarations) -> Iterator[TemplateIssue]:
    for call in _calls(tree, "template_part"):
        slug = _argument(call, 0, "slug")
        if not isinstance(slug, str):
            continue  # computed at render time: nothing to check
        name = _argument(call, 1, "name")
        base = f"parts/{slug}.html"
        if name is _DYNAMIC:
            # Any parts/slug-*.html may answer, or parts/slug.html as the fallback.
            found = base in decl.names or any(
                n.startswith(f"parts/{slug}-") and n.endswith(".html") for n in decl.names
            )
            wanted = [base, f"parts/{slug}-<name>.html"]
        else:
            wanted = [base]
            if name is not _MISSING and name is not None and str(name) != "":
                wanted.insert(0, f"parts/{slug}-{name}.html")
            found = any(w in decl.names for w in wanted)
        if not found:
            parts = {n[6:-5] for n in decl.names if n.startswith("parts/")}
            yield TemplateIssue(
                PART_MISSING,
                file,
                call.lineno,
                f"template_part({slug!r}) finds no part: none of {', '.join(wanted)} is in "
                f"templates/ of {decl.chain_label}; add templates/{base} or fix the name."
                f"{_suggest(slug, parts)}",
            )


def _declaration_issues(
    file: str, tree: nodes.Template, decl: Declarations
) -> Iterator[TemplateIssue]:
    for helper, code, declared, table, noun in (
        ("widget_area", AREA_UNDECLARED, decl.widget_areas, "widget_areas", "widget area"),
        ("menu", MENU_UNDECLARED, decl.menu_locations, "menu_locations", "menu location"),
        ("nav_menu", MENU_UNDECLARED, decl.menu_locations, "menu_locations", "menu location"),
        ("has_nav_menu", MENU_UNDECLARED, decl.menu_locations, "menu_locations", "menu location"),
    ):
        for call in _calls(tree, helper):
            ident = _argument(call, 0, "id" if helper == "widget_area" else "location")
            if not isinstance(ident, str) or ident in declared:
                continue
            yield TemplateIssue(
                code,
                file,
                call.lineno,
                f"{helper}({ident!r}) uses a {noun} no theme.toml of {decl.chain_label} "
                f"declares (declared: {_declared(declared)}); add [[{table}]] with "
                f'id = "{ident}" and a name to theme.toml, or fix the id.'
                f"{_suggest(ident, declared)}",
            )


def _is_theme_settings(node: nodes.Node) -> bool:
    """``theme.settings`` (or ``theme["settings"]``)."""
    if isinstance(node, nodes.Getattr) and node.attr == "settings":
        owner = node.node
    elif (
        isinstance(node, nodes.Getitem)
        and isinstance(node.arg, nodes.Const)
        and node.arg.value == "settings"
    ):
        owner = node.node
    else:
        return False
    return isinstance(owner, nodes.Name) and owner.name == "theme"


def setting_references(tree: nodes.Template) -> Iterator[tuple[str, int]]:
    """(setting id, line) for each ``theme.settings.x``, ``theme.settings["x"]`` and
    ``theme.settings.get("x")`` in *tree*."""
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Call)):
        if isinstance(node, nodes.Call):
            target = node.node
            if (
                isinstance(target, nodes.Getattr)
                and target.attr == "get"
                and _is_theme_settings(target.node)
                and node.args
                and isinstance(node.args[0], nodes.Const)
                and isinstance(node.args[0].value, str)
            ):
                yield node.args[0].value, node.lineno
        elif isinstance(node, nodes.Getattr):
            if _is_theme_settings(node.node) and node.attr not in _MAPPING_METHODS:
                yield node.attr, node.lineno
        elif (
            isinstance(node, nodes.Getitem)
            and _is_theme_settings(node.node)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
        ):
            yield node.arg.value, node.lineno


def _setting_issues(file: str, tree: nodes.Template, decl: Declarations) -> Iterator[TemplateIssue]:
    for ident, line in setting_references(tree):
        if ident in decl.settings:
            continue
        yield TemplateIssue(
            SETTING_UNDECLARED,
            file,
            line,
            f"theme.settings.{ident} is not a setting of {decl.chain_label} "
            f"(declared: {_declared(decl.settings)}); declare it in a [[settings]] section's "
            f"controls in theme.toml, or fix the name.{_suggest(ident, decl.settings)}",
        )


def _include_issues(file: str, tree: nodes.Template, decl: Declarations) -> Iterator[TemplateIssue]:
    tags = (
        (nodes.Extends, "extends"),
        (nodes.Include, "include"),
        (nodes.Import, "import"),
        (nodes.FromImport, "from … import"),
    )
    for node_type, tag in tags:
        for node in tree.find_all(node_type):
            if isinstance(node, nodes.Include) and node.ignore_missing:
                continue
            target = node.template  # type: ignore[attr-defined]
            if isinstance(target, nodes.Const) and isinstance(target.value, str):
                options = [target.value]
            elif isinstance(target, nodes.List | nodes.Tuple) and all(
                isinstance(i, nodes.Const) for i in target.items
            ):
                options = [str(i.value) for i in target.items]  # type: ignore[attr-defined]
            else:
                continue  # computed at render time
            if any(decl.has(name) for name in options):
                continue
            yield TemplateIssue(
                INCLUDE_MISSING,
                file,
                node.lineno,
                f"{{% {tag} {' or '.join(repr(o) for o in options)} %}}: no such template in "
                f"templates/ of {decl.chain_label}; add it or fix the name "
                '("!parent-slug/name.html" picks a parent\'s own copy).',
            )


# ---------------------------------------------------------------------------------------------
# Images without alt text


class _ImageParser(HTMLParser):
    """Records the line of every ``<img>`` start tag that has no ``alt`` attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.missing_alt: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and not any(key == "alt" for key, _ in attrs):
            self.missing_alt.append(self.getpos()[0])


def html_skeleton(tree: nodes.Template) -> str:
    """The template's literal HTML, with a blank where Jinja code was, on its source lines.

    ``<img src="{{ url }}"{% if a %} alt="…"{% endif %}>`` is three pieces of template
    data; joined they read ``<img src=" " alt="…">`` — an image with alt text, as it will
    render. Newlines are padded back so the skeleton's line numbers are the source's (Jinja
    drops comments and tags, and the lines inside them).
    """
    pieces: list[str] = []
    line = 1
    for data in tree.find_all(nodes.TemplateData):
        if pieces:
            pieces.append(" ")
        if data.lineno > line:
            pieces.append("\n" * (data.lineno - line))
            line = data.lineno
        pieces.append(data.data)
        line += data.data.count("\n")
    return "".join(pieces)


def image_issues(file: str, tree: nodes.Template) -> list[TemplateIssue]:
    """A warning for each ``<img>`` written in the template without an ``alt`` attribute."""
    parser = _ImageParser()
    try:
        parser.feed(html_skeleton(tree))
        parser.close()
    except AssertionError:
        # html.parser gives up on some malformed markup (``<![`` sections); the images
        # before that point are reported, the rest is not HTML we can judge.
        pass
    return [
        TemplateIssue(
            IMG_ALT,
            file,
            line,
            '<img> has no alt attribute; describe the image (alt="…"), or write alt="" '
            "when it is decoration, so screen readers do not read out its file name.",
        )
        for line in parser.missing_alt
    ]
