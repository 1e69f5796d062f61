"""Widget instances and their places, changed as WP-CLI's ``wp widget`` changes them.

The functions here are pure: they take the stored options ``widget_instances`` and
``sidebars_widgets`` and return new ones, or raise :class:`StoreError` naming what is wrong
and what is accepted, before anything changes. Instance ids are WordPress's,
``<type>-<n>`` with *n* unique per type.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .registry import WidgetError, WidgetRegistry

#: WordPress's holding place for widgets that are in no area.
INACTIVE = "wp_inactive_widgets"

Instances = dict[str, dict[str, Any]]
Sidebars = dict[str, list[str]]


class StoreError(ValueError):
    """A widget change that cannot be made; the message says what and what is accepted."""


def next_instance_id(instances: Mapping[str, Any], type_id: str) -> str:
    """``<type>-<n>``, *n* one more than the highest of that type (WordPress starts at 2)."""
    pattern = re.compile(rf"^{re.escape(type_id)}-(\d+)$")
    numbers = [int(m.group(1)) for key in instances if (m := pattern.match(key))]
    return f"{type_id}-{max(numbers, default=1) + 1}"


def _check_area(area: str, areas: Sequence[str]) -> None:
    if area not in areas and area != INACTIVE:
        accepted = ", ".join([*areas, INACTIVE])
        raise StoreError(f"unknown widget area {area!r}; the areas are: {accepted}.")


def _settings(
    registry: WidgetRegistry, type_id: str, raw: Mapping[str, Any], base: Mapping[str, Any]
) -> dict[str, Any]:
    widget_type = registry.get(type_id)
    if widget_type is None:
        accepted = ", ".join(sorted(t.type for t in registry))
        raise StoreError(f"unknown widget type {type_id!r}; the types are: {accepted}.")
    fields = {field.id: field for field in widget_type.fields}
    unknown = [name for name in raw if name not in fields]
    if unknown:
        accepted = ", ".join(f"{f.id} ({f.type})" for f in widget_type.fields) or "none"
        raise StoreError(
            f"widget type {type_id!r} has no field {', '.join(map(repr, unknown))}; "
            f"its fields are: {accepted}."
        )
    try:
        return widget_type.clean({**base, **raw}, strict=True)
    except WidgetError as exc:
        raise StoreError(f"widget type {type_id!r}: {exc}") from None


def add_widget(
    instances: Mapping[str, Any],
    sidebars: Mapping[str, Sequence[str]],
    *,
    registry: WidgetRegistry,
    areas: Sequence[str],
    type_id: str,
    area: str,
    position: int | None = None,
    settings: Mapping[str, Any] | None = None,
) -> tuple[Instances, Sidebars, str]:
    """A new widget of *type_id* in *area* at *position* (1-based; default last)."""
    _check_area(area, areas)
    clean = _settings(registry, type_id, settings or {}, {})
    new_instances: Instances = copy.deepcopy(dict(instances))
    new_sidebars: Sidebars = {key: list(value) for key, value in sidebars.items()}
    instance_id = next_instance_id(new_instances, type_id)
    new_instances[instance_id] = {"type": type_id, "settings": clean}
    placed = new_sidebars.setdefault(area, [])
    placed.insert(_index(position, len(placed)), instance_id)
    return new_instances, new_sidebars, instance_id


def add_widgets(
    instances: Mapping[str, Any],
    sidebars: Mapping[str, Sequence[str]],
    *,
    registry: WidgetRegistry,
    areas: Sequence[str],
    widgets: Iterable[tuple[str, str, Mapping[str, Any] | None]],
) -> tuple[Instances, Sidebars]:
    """Several new widgets, each ``(type, area, settings)`` placed last in its area, in order
    (:func:`add_widget` for each; the first refused one raises and nothing is returned)."""
    new_instances: Instances = copy.deepcopy(dict(instances))
    new_sidebars: Sidebars = {key: list(value) for key, value in sidebars.items()}
    for type_id, area, settings in widgets:
        new_instances, new_sidebars, _ = add_widget(
            new_instances,
            new_sidebars,
            registry=registry,
            areas=areas,
            type_id=type_id,
            area=area,
            settings=settings,
        )
    return new_instances, new_sidebars


def update_widget(
    instances: Mapping[str, Any],
    *,
    registry: WidgetRegistry,
    instance_id: str,
    settings: Mapping[str, Any],
) -> Instances:
    """*instance_id* with *settings* changed (the others kept)."""
    stored = _stored(instances, instance_id)
    clean = _settings(registry, str(stored.get("type")), settings, stored.get("settings") or {})
    new_instances: Instances = copy.deepcopy(dict(instances))
    new_instances[instance_id]["settings"] = clean
    return new_instances


def move_widget(
    sidebars: Mapping[str, Sequence[str]],
    *,
    instances: Mapping[str, Any],
    areas: Sequence[str],
    instance_id: str,
    area: str | None = None,
    position: int | None = None,
) -> Sidebars:
    """*instance_id* moved to *area* (default: where it is) at *position* (default: last)."""
    _stored(instances, instance_id)
    current = next((key for key, ids in sidebars.items() if instance_id in ids), INACTIVE)
    target = area or current
    _check_area(target, areas)
    new_sidebars = {key: [w for w in ids if w != instance_id] for key, ids in sidebars.items()}
    placed = new_sidebars.setdefault(target, [])
    placed.insert(_index(position, len(placed)), instance_id)
    return new_sidebars


def deactivate_widgets(
    sidebars: Mapping[str, Sequence[str]], *, instances: Mapping[str, Any], ids: Sequence[str]
) -> Sidebars:
    """*ids* moved to the end of the inactive widgets, kept with their settings."""
    for instance_id in ids:
        _stored(instances, instance_id)
    new_sidebars = {key: [w for w in placed if w not in ids] for key, placed in sidebars.items()}
    new_sidebars.setdefault(INACTIVE, []).extend(dict.fromkeys(ids))
    return new_sidebars


def delete_widgets(
    instances: Mapping[str, Any], sidebars: Mapping[str, Sequence[str]], *, ids: Sequence[str]
) -> tuple[Instances, Sidebars]:
    """*ids* removed from their areas and from ``widget_instances``."""
    for instance_id in ids:
        _stored(instances, instance_id)
    new_instances = {key: value for key, value in instances.items() if key not in ids}
    new_sidebars = {key: [w for w in placed if w not in ids] for key, placed in sidebars.items()}
    return copy.deepcopy(new_instances), new_sidebars


def unknown_types(instances: Mapping[str, Any], registry: WidgetRegistry) -> dict[str, str]:
    """Stored widgets whose type no installed package provides: ``{instance id: type}``."""
    return {
        key: str(value.get("type") if isinstance(value, Mapping) else value)
        for key, value in instances.items()
        if not isinstance(value, Mapping) or str(value.get("type")) not in registry
    }


def _stored(instances: Mapping[str, Any], instance_id: str) -> Mapping[str, Any]:
    stored = instances.get(instance_id)
    if not isinstance(stored, Mapping):
        known = ", ".join(sorted(instances)) or "none"
        raise StoreError(f"there is no widget {instance_id!r}; the widgets are: {known}.")
    return stored


def _index(position: int | None, length: int) -> int:
    if position is None:
        return length
    if position < 1:
        raise StoreError(f"position must be 1 or more, not {position}.")
    return min(position - 1, length)
