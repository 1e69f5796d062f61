"""The outside checkers pages are run through, and the site they check.

axe-core (accessibility) and the Nu HTML checker (``vnu.jar``, validity) are npm packages that
``make checkers`` installs, at pinned versions, into ``.cache/node``. The tests that need them
skip, saying what to run, when they are missing; they never pass without checking.

The site is the demo (``magtheme.demo.load_demo``) with every built-in widget type placed in
classic's sidebar and footer as well (Magazine's sidebar and first footer column), so every
default template is on some page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from magtheme.demo import MAIN_MENU_SLUG, load_demo
from magtheme.models import Term
from magtheme.models import db as database
from magtheme.options import get_option, update_option
from magtheme.site import installed_themes
from magtheme.themes.activation import activate
from magtheme.widgets import default_registry
from magtheme.widgets.store import add_widgets
from tests.conftest import ROOT

NODE_MODULES = ROOT / ".cache" / "node" / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: The demo's seed article: 15 comments and the comment form.
SEED_SLUG = "putin-proposes-direct-peace-talks-with-ukraine-in-istanbul-to-restore-lasting-peace"
SEED_PATH = f"/2025/05/11/{SEED_SLUG}/"
#: The pages checked: name, path and the status each must answer with.
PAGES: dict[str, tuple[str, int]] = {
    "home": ("/", 200),
    "article": (SEED_PATH, 200),
    "category": ("/category/world/", 200),
    "search": ("/?s=peace", 200),
    "page": ("/about/", 200),
    "404": ("/no-such-story/", 404),
}

#: Settings the widget types need before they show anything, naming demo content.
WIDGET_SETTINGS: dict[str, dict[str, object]] = {
    "author-box": {"source": "user", "user": "amara"},
    "category-posts": {"category": "world", "show_author": True, "show_comment_count": True},
    "custom-html": {"content": "<p>Our newsletter comes out every Friday.</p>"},
    "social-links": {
        "mastodon": "https://mastodon.social/@meridian",
        "github": "https://github.com/meridian",
        "email": "desk@demo.magtheme.test",
    },
    "popular-posts": {"orderby": "comments", "period": "all", "show_thumbnail": True},
    "recent-posts": {"show_date": True},
}


def missing_tool(what: str, path: Path) -> str:
    """Why a checker cannot run, saying what to run to get it."""
    if shutil.which("npm") is None:
        return f"{what} is not installed at {path} and npm is missing: install npm, then run 'make checkers'"
    return f"{what} is not installed at {path}: run 'make checkers'"


def axe_or_skip() -> Path:
    """axe-core's script, or skip the test saying how to install it."""
    if not AXE_JS.is_file():
        pytest.skip(missing_tool("axe-core", AXE_JS))
    return AXE_JS


def vnu_or_skip() -> tuple[str, Path]:
    """The ``java`` command and the Nu checker's jar, or skip saying what is missing."""
    if not VNU_JAR.is_file():
        pytest.skip(missing_tool("The Nu HTML checker (vnu-jar)", VNU_JAR))
    java = shutil.which("java")
    if java is None:
        pytest.skip(
            "java is not on PATH: install a Java runtime, 11 or later "
            "(apt-get install -y default-jre-headless), for the Nu HTML checker"
        )
    return java, VNU_JAR


#: The bundled themes checked, and the two widget areas of each that get every widget type.
THEME_AREAS: dict[str, tuple[str, str]] = {
    "classic": ("sidebar", "footer"),
    "magazine": ("sidebar", "footer-1"),
}


def load_demo_with_every_widget(theme: str = "classic") -> None:
    """The demo site with *theme* active, plus one of every built-in widget type in two of
    its areas (:data:`THEME_AREAS`)."""
    load_demo()
    activate(theme, installed_themes())  # a new site has the default theme
    areas = THEME_AREAS[theme]
    menu = database.session.scalars(
        select(Term.id).filter_by(taxonomy="nav_menu", slug=MAIN_MENU_SLUG)
    ).one()
    settings = {**WIDGET_SETTINGS, "custom-menu": {"nav_menu": menu}}
    registry = default_registry()
    instances, sidebars = add_widgets(
        get_option("widget_instances") or {},
        get_option("sidebars_widgets") or {},
        registry=registry,
        areas=list(areas),
        widgets=[
            (widget_type.type, area, settings.get(widget_type.type))
            for widget_type in registry
            for area in areas
        ],
    )
    update_option("widget_instances", instances)
    update_option("sidebars_widgets", sidebars)


#: Widget types that show something on a single post only.
SINGLE_ONLY = ("related-posts-",)


def assert_page_holds_what_is_checked(name: str, html: str, theme: str = "classic") -> None:
    """Every placed widget is on the page, and the article has its comments and form, so a
    checker's silence is about all of them."""
    sidebars = get_option("sidebars_widgets") or {}
    absent = [
        instance
        for area in THEME_AREAS[theme]
        for instance in sidebars.get(area, [])
        if f'id="{instance}"' not in html
        # Related stories are a single post's: every other page rightly shows none.
        and not (instance.startswith(SINGLE_ONLY) and name != "article")
    ]
    assert not absent, f"the {name} page lacks the widgets {', '.join(absent)}"
    if name == "article":
        assert html.count('class="comment-body') == 15 and 'id="commentform"' in html, (
            "the article page lacks its 15 comments or its comment form"
        )
