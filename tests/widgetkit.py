"""What the widget tests share: a plain theme, widgets placed in its sidebar, the sidebar
rendered as one request would."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from magtheme import site
from magtheme import urls as links
from magtheme.models import db
from magtheme.options import forget_options, get_option, load_options, update_option
from magtheme.themes import ThemeChain, build_chain, discover_themes
from magtheme.widgets import default_registry, render_widget_area
from magtheme.widgets.store import add_widgets
from tests.conftest import write_theme

#: The clock the widget tests render at.
NOW = datetime(2026, 5, 20, 12, 0, 0)


def plain_chain(folder: Path) -> ThemeChain:
    """A theme of one template, so only the built-in widget templates render."""
    write_theme(folder, "plain", {"index.html": "x"})
    return build_chain("plain", discover_themes([folder]))


def place(*widgets: tuple[str, str, dict[str, Any]]) -> None:
    """Store widgets as (instance id, type, settings), in order, in the sidebar."""
    update_option("widget_instances", {i: {"type": kind, "settings": s} for i, kind, s in widgets})
    update_option("sidebars_widgets", {"sidebar": [i for i, _k, _s in widgets]})


def place_type(type_id: str, *widgets: tuple[str, dict[str, Any]]) -> None:
    """Store widgets of one type as (instance id, settings), in order, in the sidebar."""
    place(*((instance, type_id, settings) for instance, settings in widgets))


def add_to_areas(*widgets: tuple[str, str, dict[str, Any]]) -> list[str]:
    """Add widgets as (type, area, settings), each last in its area after those the site has
    there already, as the admin adds them; the new instances' ids, in order (the options are
    forgotten, for the next request)."""
    stored = get_option("widget_instances") or {}
    instances, sidebars = add_widgets(
        stored,
        get_option("sidebars_widgets") or {},
        registry=default_registry(),
        areas=sorted({area for _type, area, _settings in widgets}),
        widgets=widgets,
    )
    update_option("widget_instances", instances)
    update_option("sidebars_widgets", sidebars)
    forget_options()
    return [instance for instance in instances if instance not in stored]


def render(chain: ThemeChain, now: datetime | None = NOW, **kwargs: Any) -> str:
    """The sidebar as one request renders it: options loaded afresh, a new linker."""
    forget_options()
    options = load_options()
    return str(
        render_widget_area(
            "sidebar",
            chain=chain,
            session=db.session,
            options=options,
            linker=links.linker(options, site.registry()),
            now=now,
            **kwargs,
        )
    )


def widget_html(html: str, instance: str) -> str:
    """The ``<section>`` of widget *instance* in *html* (the test fails when it is absent)."""
    match = re.search(rf'<section id="{instance}".*?</section>', html, re.S)
    assert match, f"{instance} not rendered"
    return match.group(0)
