"""Appearance → Widgets (``/wp-admin/widgets.php``): WordPress's classic widgets screen.

The active theme's widget areas, each with its widgets in order, and WordPress's Inactive
Widgets (kept with their settings, shown nowhere: what a theme switch left without an area,
and what was moved there); the widget types to add, each with its description. A widget is
added with its type's defaults, last in the chosen area; its settings form is made from the
type's fields; it moves up, down or to another area with buttons (the keyboard's way, and
the way without JavaScript), or by drag and drop (``widgets.js`` posts the same move with a
position); Delete removes it and its settings, as WordPress's does; Clear Inactive Widgets
deletes every inactive one.

Every change goes through the functions ``magtheme widget add|update|move|delete`` uses
(:mod:`magtheme.widgets.store` and :mod:`magtheme.widgets.service`), so the screen refuses
exactly what the command line refuses, and is written in one transaction; the public site
shows it on its next page (see :mod:`magtheme.widgets.service`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import jsonify, redirect, request
from werkzeug.wrappers import Response

from ... import site
from ...options import DEFAULT_THEME, load_options
from ...themes.schema import Area
from ...widgets import INSTANCES_OPTION, SIDEBARS_OPTION, default_registry
from ...widgets.registry import Field, WidgetError, WidgetType
from ...widgets.service import active_areas, check_content, save_widgets, stored_widgets
from ...widgets.store import (
    INACTIVE,
    Instances,
    Sidebars,
    StoreError,
    add_widget,
    delete_widgets,
    move_widget,
    update_widget,
)
from .. import notify
from ..routes import admin_route
from . import page

URL = "/wp-admin/widgets.php"
#: Settings fields carry this prefix, so no field id can collide with the form's own fields.
PREFIX = "field."
#: WordPress's name and description of the inactive area.
INACTIVE_AREA = Area(
    INACTIVE,
    "Inactive Widgets",
    "Kept with their settings but shown nowhere: widgets a theme switch left without an "
    "area, and widgets moved here. Move one to an area to show it again.",
)


@dataclass
class Control:
    """One setting of a widget as a form field: the field, the text in it, its error."""

    field: Field
    dom_id: str
    text: str
    error: str = ""

    @property
    def name(self) -> str:
        return PREFIX + self.field.id

    @property
    def checked(self) -> bool:
        return self.text == "true"

    @property
    def described(self) -> str:
        """The ids of the help and error paragraphs, for ``aria-describedby``."""
        ids = [self.dom_id + "-help"] if self.field.help else []
        if self.error:
            ids.append(self.dom_id + "-error")
        return " ".join(ids)


@dataclass
class Row:
    """One placed widget as the screen shows it."""

    id: str
    type_id: str
    type_name: str
    #: Its title setting ("" when it has none); headings and buttons name the widget by it.
    title: str
    known: bool
    position: int
    count: int
    controls: list[Control] = field(default_factory=list)
    #: Its settings form opens (a refused save shows it again with what was typed).
    open: bool = False

    @property
    def label(self) -> str:
        """How buttons name it: "Recent Posts", or "Recent Posts “Latest news”"."""
        return f"{self.type_name} “{self.title}”" if self.title else self.type_name

    @property
    def heading(self) -> str:
        return f"{self.type_name}: {self.title}" if self.title else self.type_name

    @property
    def form_id(self) -> str:
        return f"widget-{self.id}-form"


@dataclass
class AreaBox:
    """One widget area (or the inactive widgets) with its rows."""

    area: Area
    rows: list[Row]

    @property
    def id(self) -> str:
        return self.area.id


def _as_text(value: Any) -> str:
    """A stored value as its field shows it (what :meth:`Field.coerce` reads back)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _first_sentence(text: str) -> str:
    """A type's description up to its first full stop (the rest is for developers)."""
    head, dot, _rest = text.partition(". ")
    return head + "." if dot else text


def _row(
    instance_id: str,
    stored: Mapping[str, Any],
    position: int,
    count: int,
    typed: Mapping[str, str] | None,
    errors: Mapping[str, str],
) -> Row:
    type_id = str(stored.get("type", ""))
    widget_type = default_registry().get(type_id)
    raw = stored.get("settings")
    settings = raw if isinstance(raw, Mapping) else {}
    if widget_type is None:
        title = str(settings.get("title") or "").strip()
        return Row(instance_id, type_id, f"{type_id} (unknown type)", title, False, position, count)
    clean = widget_type.clean(settings)
    controls = []
    for spec in widget_type.fields:
        dom_id = f"widget-{instance_id}-{spec.id}"
        text = typed[spec.id] if typed and spec.id in typed else _as_text(clean[spec.id])
        controls.append(Control(spec, dom_id, text, errors.get(dom_id, "")))
    title = str(clean.get("title") or "").strip()
    return Row(
        instance_id,
        type_id,
        widget_type.name,
        title,
        True,
        position,
        count,
        controls,
        open=typed is not None,
    )


def _screen(
    status: int = 200,
    errors: Mapping[str, str] | list[str] | None = None,
    typed: tuple[str, dict[str, str]] | None = None,
) -> Response:
    """The screen; *typed* is ``(instance id, {field: text})`` of a refused save."""
    instances, sidebars = stored_widgets()
    areas = active_areas()
    field_errors = errors if isinstance(errors, Mapping) else {}
    boxes = []
    for area in [*areas, INACTIVE_AREA]:
        placed = [w for w in sidebars.get(area.id, []) if isinstance(instances.get(w), Mapping)]
        rows = [
            _row(
                instance_id,
                instances[instance_id],
                number,
                len(placed),
                typed[1] if typed and typed[0] == instance_id else None,
                field_errors,
            )
            for number, instance_id in enumerate(placed, start=1)
        ]
        boxes.append(AreaBox(area, rows))
    types = sorted(default_registry(), key=lambda t: t.name.lower())
    slug = str(load_options().get("stylesheet") or DEFAULT_THEME)
    return page(
        "admin/widgets.html",
        status=status,
        title="Widgets",
        theme_name=site.theme_chain(slug).active.name,
        boxes=boxes,
        targets=[*areas, INACTIVE_AREA],
        types=[(t, _first_sentence(t.description)) for t in types],
        errors=errors or {},
    )


@admin_route("/widgets.php", "edit_theme_options", menu="Widgets", parent="Appearance")
def widgets() -> Response:
    """The areas, their widgets and the widget types to add."""
    return _screen()


class Refused(Exception):
    """A change the screen will not make: messages (or field id → message), and for a
    refused save, the widget and what was typed."""

    def __init__(
        self,
        errors: Mapping[str, str] | list[str],
        typed: tuple[str, dict[str, str]] | None = None,
    ) -> None:
        super().__init__(errors)
        self.errors = errors
        self.typed = typed


@dataclass(frozen=True)
class Done:
    """A change made: the options to write, what to tell the person, where to look."""

    values: dict[str, Any]
    message: str
    widget: str = ""
    sidebar: str = ""
    position: int = 0


Handler = Callable[[Instances, Sidebars, list[Area]], Done]


def _sentence(message: str) -> str:
    """A store message ("unknown widget area …") as the screen says it."""
    return message[:1].upper() + message[1:]


def _area_name(area_id: str, areas: list[Area]) -> str:
    return next((a.name for a in [*areas, INACTIVE_AREA] if a.id == area_id), area_id)


def _label(instances: Instances, instance_id: str) -> str:
    stored = instances.get(instance_id) or {}
    widget_type = default_registry().get(str(stored.get("type", "")))
    name = widget_type.name if widget_type else str(stored.get("type", instance_id))
    title = str((stored.get("settings") or {}).get("title") or "").strip()
    return f"{name} “{title}”" if title else name


def _known(instances: Instances, instance_id: str) -> str:
    """*instance_id*, if the site has that widget."""
    if not isinstance(instances.get(instance_id), Mapping):
        raise Refused([f"There is no widget {instance_id!r}; reload the screen and try again."])
    return instance_id


def _placed(sidebars: Sidebars, instance_id: str) -> tuple[str, int, int]:
    """(area, 1-based position, count there) of a placed widget."""
    for area, ids in sidebars.items():
        if instance_id in ids:
            return area, ids.index(instance_id) + 1, len(ids)
    raise Refused([f"Widget {instance_id!r} is in no area; reload the screen and try again."])


def _add(instances: Instances, sidebars: Sidebars, areas: list[Area]) -> Done:
    type_id = request.form.get("type", "")
    area = request.form.get("sidebar", "")
    instances, sidebars, new_id = add_widget(
        instances,
        sidebars,
        registry=default_registry(),
        areas=[a.id for a in areas],
        type_id=type_id,
        area=area,
    )
    check_content(instances, new_id)
    widget_type = default_registry().get(type_id)
    name = widget_type.name if widget_type else type_id
    return Done(
        {INSTANCES_OPTION: instances, SIDEBARS_OPTION: sidebars},
        f"Widget added to {_area_name(area, areas)}: {name}.",
        new_id,
        area,
        len(sidebars[area]),
    )


def _typed(widget_type: WidgetType) -> dict[str, str]:
    """The posted text of each of the type's fields (a checkbox's last value wins: its hidden
    "false" comes first, then "true" when ticked)."""
    typed = {}
    for spec in widget_type.fields:
        sent = request.form.getlist(PREFIX + spec.id)
        if sent:
            typed[spec.id] = sent[-1]
    return typed


def _save(instances: Instances, sidebars: Sidebars, areas: list[Area]) -> Done:
    instance_id = _known(instances, request.form.get("widget", ""))
    type_id = str(instances[instance_id].get("type", ""))
    widget_type = default_registry().get(type_id)
    if widget_type is None:
        raise Refused(
            [
                f"Widget {instance_id!r} is of type {type_id!r}, which no installed package "
                "provides: it can be moved or deleted, not edited."
            ]
        )
    typed = _typed(widget_type)
    try:
        instances = update_widget(
            instances, registry=default_registry(), instance_id=instance_id, settings=typed
        )
        check_content(instances, instance_id)
    except StoreError as exc:
        # The refusal is the command line's; each field's own message is placed beside it.
        errors: dict[str, str] = {}
        for spec in widget_type.fields:
            if spec.id not in typed:
                continue
            try:
                spec.coerce(typed[spec.id])
            except WidgetError as problem:
                errors[f"widget-{instance_id}-{spec.id}"] = f"{spec.label}: {problem}"
        errors = errors or {f"widget-{instance_id}-form": _sentence(str(exc))}
        raise Refused(errors, (instance_id, typed)) from None
    return Done(
        {INSTANCES_OPTION: instances},
        f"Widget saved: {_label(instances, instance_id)}.",
        instance_id,
    )


def _moved(instances: Instances, sidebars: Sidebars, areas: list[Area], instance_id: str) -> str:
    area, position, count = _placed(sidebars, instance_id)
    return (
        f"Widget moved: {_label(instances, instance_id)} is now {position} of {count} "
        f"in {_area_name(area, areas)}."
    )


def _move(instances: Instances, sidebars: Sidebars, areas: list[Area]) -> Done:
    """To an area (``sidebar``), at ``position`` (1-based; default last): the Move button's
    and the drag and drop script's action."""
    instance_id = request.form.get("widget", "")
    area = request.form.get("sidebar") or None
    text = request.form.get("position", "").strip()
    try:
        position = int(text) if text else None
    except ValueError:
        raise Refused([f"Position must be a whole number (1 is first), not {text!r}."]) from None
    sidebars = move_widget(
        sidebars,
        instances=instances,
        areas=[a.id for a in areas],
        instance_id=instance_id,
        area=area,
        position=position,
    )
    where, number, _count = _placed(sidebars, instance_id)
    return Done(
        {SIDEBARS_OPTION: sidebars},
        _moved(instances, sidebars, areas, instance_id),
        instance_id,
        where,
        number,
    )


def _step(offset: int) -> Handler:
    """Up (-1) or down (+1) one place within the widget's area."""

    def step(instances: Instances, sidebars: Sidebars, areas: list[Area]) -> Done:
        instance_id = _known(instances, request.form.get("widget", ""))
        area, position, count = _placed(sidebars, instance_id)
        target = position + offset
        if not 1 <= target <= count:
            end = "first" if offset < 0 else "last"
            raise Refused(
                [f"{_label(instances, instance_id)} is already {end} in {_area_name(area, areas)}."]
            )
        sidebars = move_widget(
            sidebars,
            instances=instances,
            areas=[a.id for a in areas],
            instance_id=instance_id,
            area=area,
            position=target,
        )
        return Done(
            {SIDEBARS_OPTION: sidebars},
            _moved(instances, sidebars, areas, instance_id),
            instance_id,
            area,
            target,
        )

    return step


def _delete(instances: Instances, sidebars: Sidebars, areas: list[Area]) -> Done:
    instance_id = request.form.get("widget", "")
    label = _label(instances, instance_id)
    area = next((a for a, ids in sidebars.items() if instance_id in ids), "")
    instances, sidebars = delete_widgets(instances, sidebars, ids=[instance_id])
    return Done(
        {INSTANCES_OPTION: instances, SIDEBARS_OPTION: sidebars},
        f"Widget deleted: {label}.",
        sidebar=area,
    )


def _clear_inactive(instances: Instances, sidebars: Sidebars, areas: list[Area]) -> Done:
    ids = [w for w in sidebars.get(INACTIVE, []) if w in instances]
    instances, sidebars = delete_widgets(instances, sidebars, ids=ids)
    sidebars[INACTIVE] = []  # ids left without settings go too
    count = f"{len(ids)} widget{'s' if len(ids) != 1 else ''} deleted"
    return Done(
        {INSTANCES_OPTION: instances, SIDEBARS_OPTION: sidebars},
        f"Inactive widgets cleared: {count}.",
        sidebar=INACTIVE,
    )


#: The screen's actions, by the ``action`` its buttons send.
ACTIONS: dict[str, Handler] = {
    "add": _add,
    "save": _save,
    "move": _move,
    "up": _step(-1),
    "down": _step(+1),
    "delete": _delete,
    "clear-inactive": _clear_inactive,
}


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _json(data: dict[str, Any], status: int) -> Response:
    response = jsonify(data)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@admin_route("/widgets.php", "edit_theme_options", methods=("POST",))
def widgets_action() -> Response:
    """Add, Save, Move (to an area and position), Up, Down, Delete, Clear Inactive Widgets.

    Answers JSON (``message``, ``widget``, ``sidebar``, ``position``; or ``errors`` with
    422) when asked for it, as the drag and drop script does; otherwise the screen again."""
    action = request.form.get("action", "")
    handler = ACTIONS.get(action)
    try:
        if handler is None:
            raise Refused([f"Unknown action {action!r}: use the screen's buttons."])
        instances, sidebars = stored_widgets()
        try:
            done = handler(instances, sidebars, active_areas())
        except StoreError as exc:
            raise Refused([_sentence(str(exc))]) from None
    except Refused as refused:
        if _wants_json():
            errors = refused.errors
            listed = list(errors.values()) if isinstance(errors, Mapping) else list(errors)
            return _json({"errors": listed}, 422)
        return _screen(422, refused.errors, refused.typed)
    save_widgets(done.values)
    if _wants_json():
        return _json(
            {
                "message": done.message,
                "widget": done.widget,
                "sidebar": done.sidebar,
                "position": done.position,
            },
            200,
        )
    notify(done.message)
    anchor = f"#widget-{done.widget}" if done.widget else f"#area-{done.sidebar}"
    return redirect(URL + (anchor if anchor != "#area-" else ""), 303)
