"""Home-page sections: a theme setting whose value is an ordered list of widget blocks.

A ``sections`` setting holds blocks, each a registered widget type and its settings, or a
widget area placed as a block::

    [
      {"type": "hero", "settings": {"source": "sticky", "count": 3}},
      {"type": "recent-posts", "settings": {"title": "Latest", "number": 6}},
      {"type": "widget-area", "settings": {"area": "home"}}
    ]

Values are checked against each widget type's own schema (:func:`validate_sections`), and a
template prints them with ``home_sections('home_sections')``, which renders the blocks through
the widget machinery (:func:`magtheme.widgets.render_slots`): same templates, same cache, the
data of each widget type loaded once for all its blocks.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from markupsafe import Markup

from .widgets import WidgetError, WidgetRegistry, WidgetSlot, default_registry, render_slots
from .widgets import render_widget_area as _render_area

log = logging.getLogger(__name__)

#: The block type that places a widget area (setting ``area``: the area's id).
AREA_BLOCK = "widget-area"
#: Most blocks one sections setting holds.
MAX_SECTIONS = 30


class SectionsError(ValueError):
    """A sections value that cannot be stored; the message names the block and the problem."""


def _accepted(registry: WidgetRegistry) -> str:
    return ", ".join([*(t.type for t in registry), AREA_BLOCK])


def validate_sections(raw: Any, registry: WidgetRegistry | None = None) -> list[dict[str, Any]]:
    """*raw* (a list, or its JSON text) as stored blocks, each settings made whole.

    Raises :class:`SectionsError` naming the block (1-based), its type and what is wrong.
    """
    registry = registry or default_registry()
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else []
        except json.JSONDecodeError as exc:
            raise SectionsError(f"the value is not JSON ({exc.msg} at {exc.pos})") from None
    if not isinstance(raw, list):
        raise SectionsError("the value must be a list of blocks")
    if len(raw) > MAX_SECTIONS:
        raise SectionsError(f"{len(raw)} blocks is too many; at most {MAX_SECTIONS}")
    blocks: list[dict[str, Any]] = []
    for number, block in enumerate(raw, start=1):
        if not isinstance(block, Mapping):
            raise SectionsError(f"block {number} must be a table with type and settings")
        extra = sorted(str(k) for k in block if k not in ("type", "settings"))
        if extra:
            raise SectionsError(
                f"block {number} has unknown keys {', '.join(extra)}; a block has type and settings"
            )
        kind = block.get("type")
        settings = block.get("settings", {})
        if not isinstance(settings, Mapping):
            raise SectionsError(f"block {number} ({kind!r}): settings must be a table")
        if kind == AREA_BLOCK:
            area = settings.get("area")
            if not isinstance(area, str) or not area.strip():
                raise SectionsError(
                    f"block {number} ({AREA_BLOCK}): settings.area must name a widget area"
                )
            blocks.append({"type": AREA_BLOCK, "settings": {"area": area.strip()}})
            continue
        widget_type = registry.get(str(kind)) if isinstance(kind, str) else None
        if widget_type is None:
            raise SectionsError(
                f"block {number}: {kind!r} is not a widget type; use one of {_accepted(registry)}"
            )
        unknown = sorted(str(k) for k in settings if k not in {f.id for f in widget_type.fields})
        if unknown:
            known = ", ".join(f.id for f in widget_type.fields) or "none"
            raise SectionsError(
                f"block {number} ({kind}): unknown settings {', '.join(unknown)}; "
                f"its settings are {known}"
            )
        try:
            clean = widget_type.clean(settings, strict=True)
        except WidgetError as exc:
            raise SectionsError(f"block {number} ({kind}): {exc}") from None
        blocks.append({"type": kind, "settings": clean})
    return blocks


def check_sections(
    blocks: list[dict[str, Any]],
    *,
    areas: Any,
    session: Any,
    registry: WidgetRegistry | None = None,
) -> list[str]:
    """What the site makes wrong in validated *blocks*: a widget area the theme does not
    declare (*areas*: the chain's area ids), a category or user that does not exist (each
    widget type's own check). Run when a person saves the setting, never when rendering."""
    registry = registry or default_registry()
    declared = list(areas)
    problems: list[str] = []
    for number, block in enumerate(blocks, start=1):
        kind, settings = block["type"], block["settings"]
        if kind == AREA_BLOCK:
            if settings["area"] not in declared:
                known = ", ".join(declared) if declared else "none: it declares no widget areas"
                problems.append(
                    f"block {number} ({AREA_BLOCK}): the theme has no widget area "
                    f"{settings['area']!r}; its areas are {known}"
                )
            continue
        widget_type = registry.get(kind)
        for problem in widget_type.problems(session, settings) if widget_type else []:
            problems.append(f"block {number} ({kind}): {problem.rstrip('.')}")
    return problems


def sections_problem(value: Any) -> str | None:
    """Why *value* cannot be a sections setting's default, or None when it can."""
    try:
        validate_sections(value)
    except SectionsError as exc:
        return f"default: {exc}."
    return None


def render_sections(
    blocks: Any,
    *,
    setting_id: str,
    chain: Any,
    session: Any,
    options: Mapping[str, Any],
    linker: Any,
    context: Mapping[str, Any] | None = None,
    current_url: str = "",
    registry: WidgetRegistry | None = None,
    now: datetime | None = None,
) -> Markup:
    """The stored *blocks* of sections setting *setting_id*, rendered in order, as they are
    at *now* (UTC; the clock when None).

    Widget blocks render as widgets of a pseudo-area named after the setting (instance ids
    ``{setting_id}-1``, ``-2`` …); a block whose type is no longer installed is logged and
    left out, like a widget.
    """
    registry = registry or default_registry()
    slots: list[WidgetSlot] = []
    order: list[tuple[str, Any]] = []
    for number, block in enumerate(blocks if isinstance(blocks, list) else [], start=1):
        if not isinstance(block, Mapping):
            continue
        raw = block.get("settings")
        settings = raw if isinstance(raw, Mapping) else {}
        if block.get("type") == AREA_BLOCK:
            order.append(("area", str(settings.get("area", ""))))
            continue
        widget_type = registry.get(str(block.get("type", "")))
        if widget_type is None:
            log.warning(
                "sections %r: block %d has unknown type %r", setting_id, number, block.get("type")
            )
            continue
        order.append(("slot", len(slots)))
        slot = WidgetSlot(
            setting_id, f"{setting_id}-{number}", widget_type, widget_type.clean(settings)
        )
        slots.append(slot)
    html = (
        render_slots(
            slots,
            area_id=setting_id,
            chain=chain,
            session=session,
            options=options,
            linker=linker,
            context=context,
            now=now,
            current_url=current_url,
        )
        if slots
        else []
    )
    parts: list[Markup] = []
    for kind, ref in order:
        if kind == "slot":
            if html[ref]:
                parts.append(Markup(html[ref]))
            continue
        area = _render_area(
            ref,
            chain=chain,
            session=session,
            options=options,
            linker=linker,
            context=context,
            registry=registry,
            now=now,
            current_url=current_url,
        )
        if area:
            parts.append(
                Markup('<div class="widget-area section-area section-area-{}">\n{}\n</div>').format(
                    ref, area
                )
            )
    return Markup("\n").join(parts)
