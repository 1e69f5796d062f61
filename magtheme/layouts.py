"""Layouts: the custom templates a theme offers, and where one page puts its sidebar.

A theme declares custom templates in ``theme.toml`` (WordPress's ``Template Name:`` and
``Template Post Type:`` headers as manifest entries)::

    [[templates]]
    file = "full-width.html"
    name = "Full width"
    post_types = ["page", "post"]
    sidebar = "none"

A child theme offers its parents' templates too, its own declaration of a file winning
(WordPress's ``get_page_templates`` reads the child's and the parent's folders).

The sidebar placement of a page (``left``, ``right`` or ``none``) is decided by
:func:`choose_layout`, a pure function; the nearest of these wins:

1. the post's own choice, post meta ``_magtheme_sidebar``;
2. the ``sidebar`` key of the declared template that renders the page;
3. the theme's ``sidebar`` setting (a select or radio among left, right, none);
4. ``none`` when the theme declares no such setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .context import SIDEBAR_META, QueriedPost, QueryContext
from .themes import ThemeChain
from .themes.schema import SIDEBAR_PLACEMENTS, SIDEBAR_SETTING, CustomTemplate

#: Where a placement came from, nearest first.
SOURCES = ("post", "template", "theme", "default")


@dataclass(frozen=True)
class Layout:
    """The layout of one page: ``layout`` in templates."""

    #: ``left``, ``right`` or ``none``.
    sidebar: str
    #: Who chose the placement: ``post``, ``template``, ``theme`` or ``default``.
    source: str
    #: The template that renders the page (``full-width.html``).
    template: str = ""
    #: The declared name of that template when it is a custom template ("" otherwise).
    template_name: str = ""

    @property
    def has_sidebar(self) -> bool:
        return self.sidebar != "none"

    @property
    def body_classes(self) -> tuple[str, ...]:
        """``has-sidebar sidebar-left`` / ``has-sidebar sidebar-right`` / ``no-sidebar``."""
        if not self.has_sidebar:
            return ("no-sidebar",)
        return ("has-sidebar", f"sidebar-{self.sidebar}")

    def as_dict(self) -> dict[str, str]:
        return {
            "sidebar": self.sidebar,
            "source": self.source,
            "template": self.template,
            "template_name": self.template_name,
        }


def declared_templates(chain: ThemeChain) -> list[CustomTemplate]:
    """Every custom template the chain offers: the child's first, then each parent's new ones."""
    found: dict[str, CustomTemplate] = {}
    for theme in chain.themes:
        for template in theme.info.templates:
            found.setdefault(template.file, template)
    return list(found.values())


def templates_for(chain: ThemeChain, post_type: str) -> list[CustomTemplate]:
    """The custom templates a writer may pick for a post of *post_type*."""
    return [t for t in declared_templates(chain) if post_type in t.post_types]


def theme_sidebar(chain: ThemeChain, settings: dict[str, Any]) -> str | None:
    """The placement the theme's ``sidebar`` setting holds (None: the theme has none)."""
    if not any(SIDEBAR_SETTING in t.info.settings for t in chain.themes):
        return None
    value = settings.get(SIDEBAR_SETTING)
    return value if value in SIDEBAR_PLACEMENTS else None


def choose_layout(
    ctx: QueryContext,
    template: str,
    templates: Sequence[CustomTemplate],
    theme_placement: str | None,
) -> Layout:
    """The layout of a page rendered by *template*: post, then template, then theme setting.

    *templates* are the chain's declared custom templates; a declared template's ``sidebar``
    counts only when it is the template rendering the page (a post whose chosen file the
    theme lacks falls back to the hierarchy, and to the theme's placement with it).
    """
    declared = next((t for t in templates if t.file == template), None)
    name = declared.name if declared is not None else ""
    post = ctx.queried if ctx.is_singular else None
    if isinstance(post, QueriedPost) and post.sidebar in SIDEBAR_PLACEMENTS:
        return Layout(post.sidebar, "post", template, name)
    if declared is not None and declared.sidebar in SIDEBAR_PLACEMENTS:
        return Layout(declared.sidebar, "template", template, name)
    if theme_placement is not None:
        return Layout(theme_placement, "theme", template, name)
    return Layout("none", "default", template, name)


def page_layout(
    chain: ThemeChain, ctx: QueryContext, template: str, settings: dict[str, Any]
) -> Layout:
    """:func:`choose_layout` for a request of the active *chain* (*settings*: its values)."""
    return choose_layout(ctx, template, declared_templates(chain), theme_sidebar(chain, settings))


#: How ``magtheme resolve`` says where a placement came from.
_SOURCE_WORDS = {
    "post": f"the post's own choice ({SIDEBAR_META})",
    "template": "the template's sidebar key in theme.toml",
    "theme": f"the theme's {SIDEBAR_SETTING!r} setting",
    "default": f"the default: the theme declares no {SIDEBAR_SETTING!r} setting",
}


def describe_layout(layout: Layout) -> str:
    """The layout lines of ``magtheme resolve``."""
    name = f"{layout.template_name!r} (a custom template)" if layout.template_name else "—"
    return (
        f"Template name: {name}\nSidebar:   {layout.sidebar}, from {_SOURCE_WORDS[layout.source]}"
    )
