"""Widgets and widget areas, WordPress's model.

Widget instances live in the option ``widget_instances`` (``{instance_id: {"type":
"recent-posts", "settings": {...}}}``) and their places in ``sidebars_widgets``
(``{area_id: [instance_id, ...], "wp_inactive_widgets": [...]}``). A theme declares its areas
in ``theme.toml`` and prints one with ``widget_area(id)``, which is :func:`render_widget_area`:
each widget's data loaded, rendered through ``widgets/<type>.html`` from the theme chain, and
wrapped the way WordPress wraps widgets, so WordPress CSS keeps working::

    <section id="recent-posts-2" class="widget widget_recent-posts widget_recent_entries">
    <h2 class="widget-title">Recent Posts</h2> … </section>
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any

from jinja2 import Template, TemplateNotFound
from markupsafe import Markup

from ..models import AnySession
from ..visibility import now_gmt
from . import popular as _popular  # noqa: F401  (registers popular-posts)
from .builtin import BUILTIN_WIDGETS, register_builtin_widgets
from .registry import (
    ENTRY_POINT_GROUP,
    Field,
    WidgetContext,
    WidgetError,
    WidgetRegistry,
    WidgetType,
    clean_settings,
    load_entry_point_widgets,
)

log = logging.getLogger(__name__)

#: WordPress's holding place for widgets that are in no area; never rendered.
INACTIVE = "wp_inactive_widgets"
#: The options widgets are stored in.
INSTANCES_OPTION = "widget_instances"
SIDEBARS_OPTION = "sidebars_widgets"

# Compiled default templates of extension widgets, per environment.
_fallbacks: weakref.WeakKeyDictionary[Any, dict[str, Template]] = weakref.WeakKeyDictionary()


@cache
def default_registry() -> WidgetRegistry:
    """The built-in widget types plus every installed package's (built once per process)."""
    registry = WidgetRegistry()
    register_builtin_widgets(registry)
    load_entry_point_widgets(registry)
    return registry


def area_instances(options: Mapping[str, Any], area_id: str) -> list[str]:
    """The instance ids placed in *area_id*, in order (``[]`` for the inactive widgets)."""
    if area_id == INACTIVE:
        return []
    sidebars = options.get(SIDEBARS_OPTION) or {}
    placed = sidebars.get(area_id) if isinstance(sidebars, Mapping) else None
    if not isinstance(placed, list):
        return []
    return [str(instance) for instance in placed]


def is_active_area(options: Mapping[str, Any], area_id: str) -> bool:
    """WordPress's is_active_sidebar: whether *area_id* has any widget placed in it."""
    return bool(area_instances(options, area_id))


def render_widget_area(
    area_id: str,
    *,
    chain: Any,
    session: AnySession,
    options: Mapping[str, Any],
    linker: Any,
    context: Mapping[str, Any] | None = None,
    registry: WidgetRegistry | None = None,
    now: datetime | None = None,
    current_url: str = "",
) -> Markup:
    """The widgets of area *area_id*, rendered and wrapped; ``""`` when it has none.

    *context* is the page's template variables: widget templates see them too, plus
    ``widget`` (``id``, ``type``, ``area``, ``title``, ``settings``) and what the widget's
    data function returned. Unknown widget types and missing instances are logged and
    skipped, so a removed extension never breaks a page.
    """
    placed = area_instances(options, area_id)
    if not placed:
        return Markup("")
    registry = registry or default_registry()
    instances = options.get(INSTANCES_OPTION) or {}
    page = dict(context or {})
    now = now or now_gmt()
    # What to render, in order; then each type's data loaded once for all its instances.
    slots: list[tuple[str, WidgetType, dict[str, Any]]] = []
    for instance_id in placed:
        stored = instances.get(instance_id) if isinstance(instances, Mapping) else None
        if not isinstance(stored, Mapping):
            log.warning(
                "widget area %r: widget %r is not in %s", area_id, instance_id, INSTANCES_OPTION
            )
            continue
        widget_type = registry.get(str(stored.get("type", "")))
        if widget_type is None:
            log.warning(
                "widget area %r: widget %r has unknown type %r (is its package installed?)",
                area_id,
                instance_id,
                stored.get("type"),
            )
            continue
        raw = stored.get("settings")
        settings = widget_type.clean(raw if isinstance(raw, Mapping) else {})
        slots.append((instance_id, widget_type, settings))
    widget_context = WidgetContext(
        linker=linker,
        options=options,
        now=now,
        current_url=current_url,
        query=page.get("query"),
        area=area_id,
    )
    loaded: dict[str, list[dict[str, Any] | None]] = {}
    for widget_type in {slot[1].type: slot[1] for slot in slots}.values():
        group = [settings for _id, kind, settings in slots if kind.type == widget_type.type]
        loaded[widget_type.type] = widget_type.load(session, group, widget_context)
    html: list[Markup] = []
    for instance_id, widget_type, settings in slots:
        data = loaded[widget_type.type].pop(0)
        if data is None:
            continue
        template = _widget_template(chain, widget_type)
        if template is None:
            continue
        title = widget_type.title(settings)
        variables = {
            **page,
            **data,
            "widget": {
                "id": instance_id,
                "type": widget_type.type,
                "area": area_id,
                "title": title,
                "settings": settings,
            },
        }
        body = Markup(template.render(variables))
        heading = Markup('<h2 class="widget-title">{}</h2>\n').format(title) if title else ""
        html.append(
            Markup('<section id="{}" class="widget {}">\n{}{}\n</section>').format(
                instance_id, widget_type.css_classes, heading, body.strip()
            )
        )
    return Markup("\n").join(html)


def _widget_template(chain: Any, widget_type: WidgetType) -> Template | None:
    """``widgets/<type>.html`` from the chain (child, parents, built-ins), else the type's own."""
    try:
        template: Template = chain.template(widget_type.template)
        return template
    except TemplateNotFound:
        pass
    if widget_type.default_template is None:
        log.error(
            "widget type %r has no template: add templates/%s to the theme",
            widget_type.type,
            widget_type.template,
        )
        return None
    compiled = _fallbacks.setdefault(chain.env, {})
    if widget_type.type not in compiled:
        compiled[widget_type.type] = chain.env.from_string(widget_type.default_template)
    return compiled[widget_type.type]


__all__ = [
    "BUILTIN_WIDGETS",
    "ENTRY_POINT_GROUP",
    "INACTIVE",
    "INSTANCES_OPTION",
    "SIDEBARS_OPTION",
    "Field",
    "WidgetContext",
    "WidgetError",
    "WidgetRegistry",
    "WidgetType",
    "area_instances",
    "clean_settings",
    "default_registry",
    "is_active_area",
    "load_entry_point_widgets",
    "register_builtin_widgets",
    "render_widget_area",
]
