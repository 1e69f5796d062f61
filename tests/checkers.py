"""The outside checkers pages are run through, and the site they check.

axe-core (accessibility) and the Nu HTML checker (``vnu.jar``, validity) are npm packages that
``make checkers`` installs, at pinned versions, into ``.cache/node``. The tests that need them
skip, saying what to run, when they are missing; they never pass without checking.

The site is the demo (``magtheme.demo.load_demo``) with every built-in widget type placed in
two widget areas of the active theme as well (classic's sidebar and footer, Magazine's sidebar
and first footer column; see :func:`checked_areas`), so every default template is on some page.
The browser suite (``tests/browser/``) serves it in every bundled theme.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from magtheme.demo import MAIN_MENU_SLUG, load_demo
from magtheme.models import Term
from magtheme.models import db as database
from magtheme.options import get_option, update_option
from magtheme.site import installed_themes, theme_chain
from magtheme.themes.activation import activate
from magtheme.widgets import default_registry
from magtheme.widgets.store import add_widgets
from tests.conftest import ROOT

NODE_MODULES = ROOT / ".cache" / "node" / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def bundled_themes() -> list[str]:
    """The slugs of the themes in ``themes/``, read from their manifests: a theme added there
    is checked without naming it anywhere in the tests."""
    manifests = sorted((ROOT / "themes").glob("*/theme.toml"))
    return [tomllib.loads(m.read_text(encoding="utf-8"))["slug"] for m in manifests]


#: The demo's seed article: 15 comments and the comment form.
SEED_SLUG = "putin-proposes-direct-peace-talks-with-ukraine-in-istanbul-to-restore-lasting-peace"
SEED_PATH = f"/2025/05/11/{SEED_SLUG}/"
#: The pages checked: name, path and the status each must answer with. The article is the
#: seed breaking story; the tag, author and search pages list it among others.
PAGES: dict[str, tuple[str, int]] = {
    "home": ("/", 200),
    "article": (SEED_PATH, 200),
    "category": ("/category/world/", 200),
    "tag": ("/tag/ukraine/", 200),
    "author": ("/author/amara/", 200),
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


def checked_areas(theme: str) -> tuple[str, ...]:
    """The two widget areas of *theme* (its own or inherited) that get every widget type: its
    ``sidebar`` and its first footer area, or, for a theme without them, its first two."""
    declared = [area.id for t in theme_chain(theme).themes for area in t.info.widget_areas]
    declared = list(dict.fromkeys(declared))  # a child may declare its parent's areas again
    chosen = [area for area in declared if area == "sidebar"]
    chosen += [area for area in declared if area.startswith("footer")][:1]
    if len(chosen) < 2:
        chosen += [area for area in declared if area not in chosen][: 2 - len(chosen)]
    return tuple(chosen)


def titled(settings: dict[str, object] | None, name: str, area: str) -> dict[str, object]:
    """A widget's settings with a title naming its type and *area*, as a site owner titles
    widgets of a kind shown twice on a page: the demo's own (untitled) search widget and the
    header's breaking ticker are on the same pages, and two landmarks of one role and one
    name are two that nobody can tell apart."""
    return {**(settings or {}), "title": f"{name} ({area})"}


def load_demo_with_every_widget(theme: str = "classic") -> None:
    """The demo site with *theme* active, plus one of every built-in widget type in two of
    its areas (:func:`checked_areas`)."""
    load_demo()
    activate(theme, installed_themes())  # a new site has the default theme
    areas = checked_areas(theme)
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
            (widget_type.type, area, titled(settings.get(widget_type.type), widget_type.name, area))
            for widget_type in registry
            for area in areas
        ],
    )
    update_option("widget_instances", instances)
    update_option("sidebars_widgets", sidebars)


#: Widget types that show something on a single post only.
SINGLE_ONLY = ("related-posts-",)


def placed_widgets(theme: str) -> dict[str, list[str]]:
    """The widget instances in *theme*'s checked areas, by area (read in an app context)."""
    sidebars = get_option("sidebars_widgets") or {}
    return {area: list(sidebars.get(area, [])) for area in checked_areas(theme)}


def page_lacks(name: str, html: str, placed: Mapping[str, Sequence[str]]) -> str:
    """What the *name* page lacks of what is checked (the *placed* widgets; the article's
    comments and form), or "" when it holds all of it."""
    absent = [
        instance
        for instances in placed.values()
        for instance in instances
        if f'id="{instance}"' not in html
        # Related stories are a single post's: every other page rightly shows none.
        and not (instance.startswith(SINGLE_ONLY) and name != "article")
    ]
    if absent:
        return f"the {name} page lacks the widgets {', '.join(absent)}"
    if name == "article" and not (
        html.count('class="comment-body') == 15 and 'id="commentform"' in html
    ):
        return "the article page lacks its 15 comments or its comment form"
    return ""


def assert_page_holds_what_is_checked(name: str, html: str, theme: str = "classic") -> None:
    """Every placed widget is on the page, and the article has its comments and form, so a
    checker's silence is about all of them (read in the site's app context)."""
    lacks = page_lacks(name, html, placed_widgets(theme))
    assert not lacks, lacks


def run_vnu(java: str, jar: Path, files: Sequence[Path]) -> list[dict[str, Any]]:
    """The Nu HTML checker's errors about *files*, all checked in one run of the jar (starting
    Java is most of the time a run takes). Each message names its file in ``url``."""
    run = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # The report goes to stderr, {"messages": [...]}; the exit status is 1 when there are errors.
    if not run.stderr.strip():
        raise RuntimeError(f"the Nu HTML checker printed no report (exit {run.returncode})")
    messages: list[dict[str, Any]] = json.loads(run.stderr)["messages"]
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    if run.returncode != 0 and not errors:
        raise RuntimeError(f"the Nu HTML checker failed (exit {run.returncode}): {run.stderr}")
    return errors
