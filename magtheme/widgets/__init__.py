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

import functools
import logging
import weakref
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinja2 import Template, TemplateError, TemplateNotFound
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from ..cache import (
    EXPIRES,
    WidgetCache,
    options_digest,
    page_key,
    settings_key,
    template_identity,
    time_epoch,
    topic_versions,
    widget_cache,
)
from ..models import AnySession
from ..visibility import now_gmt
from . import author as _author  # noqa: F401  (registers author-box)
from . import comments as _comments  # noqa: F401  (registers recent-comments)
from . import hero as _hero  # noqa: F401  (registers hero)
from . import html as _html  # noqa: F401  (registers custom-html)
from . import popular as _popular  # noqa: F401  (registers popular-posts)
from . import posts as _posts  # noqa: F401  (registers recent-posts, category-posts)
from . import social as _social  # noqa: F401  (registers social-links)
from . import ticker as _ticker  # noqa: F401  (registers ticker)
from .builtin import BUILTIN_WIDGETS, register_builtin_widgets
from .registry import (
    DEFAULT_TITLE,
    ENTRY_POINT_GROUP,
    TITLE_URL,
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


@functools.cache
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
    cache: WidgetCache | None = None,
) -> Markup:
    """The widgets of area *area_id*, rendered and wrapped; ``""`` when it has none.

    *context* is the page's template variables: widget templates see them too, plus
    ``widget`` (``id``, ``type``, ``area``, ``title``, ``settings``) and what the widget's
    data function returned. Unknown widget types and missing instances are logged and
    skipped, so a removed extension never breaks a page; so is a widget whose data or
    template raises.

    Output comes from *cache* (default: this app's, :func:`magtheme.cache.widget_cache`)
    when nothing it is made of changed; the data of the widgets that are not cached is
    loaded per type, all instances of a type at once.
    """
    placed = area_instances(options, area_id)
    if not placed:
        return Markup("")
    registry = registry or default_registry()
    instances = options.get(INSTANCES_OPTION) or {}
    slots = _slots(area_id, placed, instances, registry)
    html = render_slots(
        slots,
        area_id=area_id,
        chain=chain,
        session=session,
        options=options,
        linker=linker,
        context=context,
        now=now,
        current_url=current_url,
        cache=cache,
    )
    return Markup("\n").join(Markup(part) for part in html if part)


def render_widget(
    type_id: str,
    settings: Mapping[str, Any] | None,
    *,
    instance: str,
    chain: Any,
    session: AnySession,
    options: Mapping[str, Any],
    linker: Any,
    context: Mapping[str, Any] | None = None,
    registry: WidgetRegistry | None = None,
    now: datetime | None = None,
    current_url: str = "",
) -> Markup:
    """One widget outside any area, WordPress's ``the_widget()``: type *type_id* with
    *settings* (cleaned like stored ones: a bad value becomes the field's default, and is
    logged), wrapped and cached like an area's widget under the id *instance*, as it is at
    *now* (UTC; the clock when None). An unknown type is logged and shows nothing."""
    registry = registry or default_registry()
    widget_type = registry.get(str(type_id))
    if widget_type is None:
        log.warning(
            "the_widget(%r): no such widget type; the types are: %s",
            type_id,
            ", ".join(t.type for t in registry),
        )
        return Markup("")
    raw = dict(settings or {})
    try:
        clean = widget_type.clean(raw, strict=True)
    except WidgetError as exc:
        log.warning("the_widget(%r): %s (defaults used instead)", type_id, exc)
        clean = widget_type.clean(raw)
    slot = WidgetSlot("", instance, widget_type, clean)
    html = render_slots(
        [slot],
        area_id="",
        chain=chain,
        session=session,
        options=options,
        linker=linker,
        context=context,
        now=now,
        current_url=current_url,
    )
    return Markup(html[0] or "")


def render_slots(
    slots: list[WidgetSlot],
    *,
    area_id: str,
    chain: Any,
    session: AnySession,
    options: Mapping[str, Any],
    linker: Any,
    context: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    current_url: str = "",
    cache: WidgetCache | None = None,
) -> list[str | None]:
    """Each of *slots* rendered and wrapped (None for one that shows nothing), in order.

    What :func:`render_widget_area` does once it knows an area's widgets; home-page sections
    (:mod:`magtheme.sections`) render their blocks through it too, cached the same way.
    """
    cache = cache if cache is not None else widget_cache()
    page = dict(context or {})
    now = now or now_gmt()
    widget_context = WidgetContext(
        linker=linker,
        options=options,
        now=now,
        current_url=current_url,
        query=page.get("query"),
        area=area_id,
    )
    keys = _Keys(chain, session, options, linker, widget_context, cache)
    html: list[str | None] = [None] * len(slots)
    missing: list[tuple[int, Template, Hashable]] = []
    for index, slot in enumerate(slots):
        try:
            template = _widget_template(chain, slot.type)
        except TemplateError as exc:
            _failed(slot, "its template", exc)
            continue
        if template is None:
            continue
        key = keys.key(slot, template)
        cached = cache.get(key, now)
        if cached is not None:
            html[index] = cached
        else:
            missing.append((index, template, key))
    # Each type's data loaded once for all its instances that were not cached.
    loaded: dict[int, dict[str, Any] | None] = {}
    for widget_type, group in _by_type(slots, [index for index, *_ in missing]):
        try:
            results = widget_type.load(session, [slots[i].settings for i in group], widget_context)
        except SQLAlchemyError:
            raise  # the database's trouble is the page's (503), not one widget's
        except Exception as exc:  # noqa: BLE001 - one broken widget must not break the page
            for i in group:
                _failed(slots[i], "its data", exc)
            continue
        loaded.update(zip(group, results, strict=True))
    for index, template, key in missing:
        if index not in loaded:
            continue
        slot = slots[index]
        data = loaded[index]
        try:
            rendered = "" if data is None else _render(slot, template, page, data)
        except SQLAlchemyError:
            raise
        except Exception as exc:  # noqa: BLE001 - one broken widget must not break the page
            _failed(slot, "its template", exc)
            continue
        expires = data.get(EXPIRES) if data is not None else None
        cache.put(key, rendered, expires if isinstance(expires, datetime) else None)
        html[index] = rendered
    return html


@dataclass(frozen=True)
class WidgetSlot:
    """One widget placed in an area (or a section), with its type and cleaned settings."""

    area: str
    instance: str
    type: WidgetType
    settings: dict[str, Any]


def _slots(
    area_id: str, placed: list[str], instances: Any, registry: WidgetRegistry
) -> list[WidgetSlot]:
    """What to render, in order; missing instances and unknown types logged and left out."""
    slots: list[WidgetSlot] = []
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
        slots.append(WidgetSlot(area_id, instance_id, widget_type, settings))
    return slots


def _by_type(slots: list[WidgetSlot], indexes: list[int]) -> list[tuple[WidgetType, list[int]]]:
    """*indexes* grouped by widget type, types in order of first appearance."""
    groups: dict[str, tuple[WidgetType, list[int]]] = {}
    for index in indexes:
        widget_type = slots[index].type
        groups.setdefault(widget_type.type, (widget_type, []))[1].append(index)
    return list(groups.values())


class _Keys:
    """Cache keys for one area render: what is the same for every widget is computed once."""

    def __init__(
        self,
        chain: Any,
        session: AnySession,
        options: Mapping[str, Any],
        linker: Any,
        context: WidgetContext,
        cache: WidgetCache,
    ) -> None:
        self.chain = chain
        self.cache = cache
        self.session = session
        self.options = options
        self.context = context
        home = getattr(linker, "home", None)
        self.site = (options_digest(options), str(home()) if callable(home) else "")
        self._page: Hashable | None = None
        self._time: Hashable | None = None

    def key(self, slot: WidgetSlot, template: Template) -> Hashable:
        widget_type = slot.type
        depends = widget_type.depends
        page: Hashable = None
        if "page" in widget_type.vary:
            if self._page is None:
                self._page = page_key(self.context.current_url, self.context.query)
            page = self._page
        time: Hashable = None
        if "time" in depends:
            if self._time is None:
                self._time = time_epoch(self.options, self.session, self.context.now, self.cache)
            time = self._time
        return (
            widget_type.type,
            slot.instance,
            slot.area,
            settings_key(slot.settings),
            template_identity(self.chain, template),
            self.site,
            page,
            topic_versions(self.options, [t for t in depends if t != "time"]),
            time,
        )


def _render(
    slot: WidgetSlot, template: Template, page: Mapping[str, Any], data: Mapping[str, Any]
) -> str:
    """One widget's template output in WordPress's wrapper."""
    widget_type = slot.type
    title = widget_type.title(slot.settings)
    if not str(slot.settings.get("title") or "").strip() and data.get(DEFAULT_TITLE):
        title = str(data[DEFAULT_TITLE])
    variables = {
        **page,
        **{name: value for name, value in data.items() if name != EXPIRES},
        "widget": {
            "id": slot.instance,
            "type": widget_type.type,
            "area": slot.area,
            "title": title,
            "settings": slot.settings,
        },
    }
    body = Markup(template.render(variables))
    title_url = data.get(TITLE_URL)
    heading = Markup("")
    if title and title_url:
        heading = Markup('<h2 class="widget-title"><a href="{}">{}</a></h2>\n').format(
            title_url, title
        )
    elif title:
        heading = Markup('<h2 class="widget-title">{}</h2>\n').format(title)
    return str(
        Markup('<section id="{}" class="widget {}">\n{}{}\n</section>').format(
            slot.instance, widget_type.css_classes, heading, body.strip()
        )
    )


def _failed(slot: WidgetSlot, what: str, error: BaseException) -> None:
    """Log a widget left out because *what* raised (the rest of the area still renders)."""
    log.error(
        "widget area %r: widget %r (type %r) left out, %s raised %s: %s",
        slot.area,
        slot.instance,
        slot.type.type,
        what,
        type(error).__name__,
        error,
        exc_info=error,
    )


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
    "WidgetSlot",
    "WidgetType",
    "area_instances",
    "clean_settings",
    "default_registry",
    "is_active_area",
    "load_entry_point_widgets",
    "register_builtin_widgets",
    "render_slots",
    "render_widget",
    "render_widget_area",
]
