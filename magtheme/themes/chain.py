"""A theme chain: the active theme, its parents, and the engine's built-in templates.

The chain is one Jinja environment whose loader *is* the override rule: for each name the
child is tried, then each parent, then the built-ins (WordPress's theme-compat). Choosing
among hierarchy candidates walks the candidates in order and, for each, the chain in order
(WordPress's ``locate_template``), so a parent's ``category-news.html`` beats a child's
``category.html``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    Template,
    select_autoescape,
)

from .manifest import Theme, ThemeError
from .sandbox import MagthemeSandbox

#: The engine's fallback templates (embeds), like WordPress's wp-includes/theme-compat.
BUILTIN_DIR = Path(__file__).resolve().parent.parent / "builtin_templates"
BUILTIN = "(built-in)"


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
        loaders: list[BaseLoader] = [
            PrefixLoader(
                {f"!{t.slug}": FileSystemLoader(t.templates_dir) for t in themes}, delimiter="/"
            )
        ]
        loaders += [FileSystemLoader(t.templates_dir) for t in themes]
        loaders.append(FileSystemLoader(BUILTIN_DIR))
        self.env = MagthemeSandbox(
            loader=ChoiceLoader(loaders),
            autoescape=select_autoescape(default=True, default_for_string=True),
            auto_reload=auto_reload,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._index = self._build_index()
        #: Each theme's manifest mtime when the chain was built (see site.theme_chain).
        self.built_mtimes = {t.slug: manifest_mtime(t) for t in themes}

    @property
    def active(self) -> Theme:
        return self.themes[0]

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
