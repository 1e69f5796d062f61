"""A theme chain: the active theme, its parents, and the engine's built-in templates.

The chain is one Jinja environment whose loader *is* the override rule: for each name the
child is tried, then each parent, then the built-ins (WordPress's theme-compat). Choosing
among hierarchy candidates walks the candidates in order and, for each, the chain in order
(WordPress's ``locate_template``), so a parent's ``category-news.html`` beats a child's
``category.html``.

A template is read only from inside its theme's folder: a template, part, include, import or
widget template whose real path (symbolic links followed) leads elsewhere — to
``/etc/passwd``, to the site's ``secret_key`` — is refused with :class:`TemplateOutsideTheme`,
as the static route refuses such files (:mod:`.assets`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    Template,
    TemplateError,
    select_autoescape,
)
from jinja2.loaders import split_template_path

from .manifest import Theme, ThemeError
from .sandbox import MagthemeSandbox

#: The engine's fallback templates (embeds), like WordPress's wp-includes/theme-compat.
BUILTIN_DIR = Path(__file__).resolve().parent.parent / "builtin_templates"
BUILTIN = "(built-in)"


def inside(path: str | Path, folder: str | Path) -> bool:
    """Whether the real path of *path* (links followed) is within the real path of *folder*."""
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


class TemplateOutsideTheme(TemplateError):
    """A template file is a link (or lies in a linked folder) leading out of its theme."""

    def __init__(self, name: str, filename: str, theme_folder: str) -> None:
        self.name = name
        self.filename = filename
        super().__init__(
            f"template {name!r} ({filename}) leads out of its theme folder {theme_folder} "
            f"(to {os.path.realpath(filename)}); templates may only be files inside the "
            "theme. Replace the link with the file itself."
        )


class ThemeLoader(FileSystemLoader):
    """A theme's ``templates/`` folder; refuses any file whose real path leaves *root*.

    *root* is the theme's folder (the built-ins' folder for them): a link from one of a
    theme's templates to another of its files is fine, one that leads anywhere else is not.
    """

    def __init__(self, searchpath: str | Path, root: str | Path) -> None:
        super().__init__(searchpath)
        self.root = os.path.realpath(root)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        # Checked before the file is read: a link to a FIFO or a huge file is never opened.
        for searchpath in self.searchpath:
            candidate = os.path.join(searchpath, *split_template_path(template))
            if os.path.isfile(candidate):
                if not inside(candidate, self.root):
                    raise TemplateOutsideTheme(template, os.path.normpath(candidate), self.root)
                break
        return super().get_source(environment, template)


@dataclass(frozen=True)
class TemplateChoice:
    """The outcome of a lookup: the name chosen and the theme that supplied it."""

    candidates: tuple[str, ...]
    template: str | None
    theme: str | None

    def as_dict(self) -> dict[str, object]:
        return {"candidates": list(self.candidates), "template": self.template, "theme": self.theme}


def manifest_mtime(theme: Theme) -> int:
    """When *theme*'s manifest last changed (0 when it has none): a reinstall changes it."""
    try:
        return (theme.path / "theme.toml").stat().st_mtime_ns
    except OSError:
        return 0


def resolve_chain(slug: str, themes: dict[str, Theme]) -> list[Theme]:
    """*slug* and its parents, child first; a missing parent or a cycle names the chain."""
    chain: list[Theme] = []
    current: str | None = slug
    while current is not None:
        if current in (t.slug for t in chain):
            names = " → ".join([*(t.slug for t in chain), current])
            raise ThemeError(f"theme {slug!r}: its parents loop ({names}).")
        theme = themes.get(current)
        if theme is None:
            if not chain:
                known = ", ".join(sorted(themes)) or "none"
                raise ThemeError(f"theme {slug!r} is not installed (installed: {known}).")
            names = " → ".join([*(t.slug for t in chain), current])
            raise ThemeError(
                f"theme {slug!r}: parent {current!r} is not installed ({names}). "
                "Install the parent or change 'parent' in theme.toml."
            )
        chain.append(theme)
        current = theme.parent
    return chain


class ThemeChain:
    """One theme chain's Jinja environment and template index. Build once, use per request."""

    def __init__(self, themes: list[Theme], *, auto_reload: bool = False) -> None:
        self.themes = themes
        self.auto_reload = auto_reload
        own = {t.slug: ThemeLoader(t.templates_dir, t.path) for t in themes}
        loaders: list[BaseLoader] = [
            PrefixLoader({f"!{slug}": loader for slug, loader in own.items()}, delimiter="/")
        ]
        loaders += own.values()
        loaders.append(ThemeLoader(BUILTIN_DIR, BUILTIN_DIR))
        self.env = MagthemeSandbox(
            loader=ChoiceLoader(loaders),
            autoescape=select_autoescape(default=True, default_for_string=True),
            auto_reload=auto_reload,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.source_of = self.source_of
        self._index = self._build_index()
        #: Each theme's manifest mtime when the chain was built (see site.theme_chain).
        self.built_mtimes = {t.slug: manifest_mtime(t) for t in themes}

    @property
    def active(self) -> Theme:
        return self.themes[0]

    def source_of(self, filename: str) -> tuple[str, str] | None:
        """(theme slug, file relative to its folder) of a template file of this chain."""
        path = os.path.normpath(filename)
        sources = [(t.slug, t.path) for t in self.themes] + [(BUILTIN, BUILTIN_DIR)]
        for label, folder in sources:
            root = os.path.normpath(folder)
            if path.startswith(root + os.sep):
                return label, Path(os.path.relpath(path, root)).as_posix()
        return None

    def _build_index(self) -> list[tuple[str, frozenset[str]]]:
        """Each source (theme slug or built-in) with the template names it holds."""
        sources = [(t.slug, t.templates_dir) for t in self.themes] + [(BUILTIN, BUILTIN_DIR)]
        index = []
        for label, folder in sources:
            names = (
                frozenset(
                    p.relative_to(folder).as_posix() for p in folder.rglob("*.html") if p.is_file()
                )
                if folder.is_dir()
                else frozenset()
            )
            index.append((label, names))
        return index

    def locate(self, candidates: Iterable[str]) -> TemplateChoice:
        """The first candidate any source of the chain has, tried candidate by candidate."""
        if self.auto_reload:
            self._index = self._build_index()
        names = tuple(candidates)
        for name in names:
            for label, available in self._index:
                if name in available:
                    return TemplateChoice(names, name, label)
        return TemplateChoice(names, None, None)

    def template(self, name: str) -> Template:
        return self.env.get_template(name)

    def part(self, slug: str, name: str | None = None) -> TemplateChoice:
        """WordPress's get_template_part: ``{slug}-{name}.html`` then ``{slug}.html``."""
        candidates = []
        if name is not None and str(name) != "":
            candidates.append(f"{slug}-{name}.html")
        candidates.append(f"{slug}.html")
        return self.locate(candidates)


def build_chain(slug: str, themes: dict[str, Theme], *, auto_reload: bool = False) -> ThemeChain:
    """The chain for the theme *slug*; raises :class:`ThemeError` when it cannot be built."""
    chain = resolve_chain(slug, themes)
    for theme in chain:
        if not theme.templates_dir.is_dir():
            raise ThemeError(f"theme {theme.slug!r}: {theme.templates_dir} is missing.")
    return ThemeChain(chain, auto_reload=auto_reload)
