"""``magtheme widget …`` and ``magtheme sidebar list``, shaped like WP-CLI's.

    magtheme widget list AREA [--format table|json|ids]
    magtheme widget add TYPE AREA [POSITION] [--FIELD=VALUE...]
    magtheme widget update ID --FIELD=VALUE...
    magtheme widget move ID [--position=N] [--sidebar-id=AREA]
    magtheme widget deactivate ID...
    magtheme widget delete ID...
    magtheme sidebar list [--format table|json|ids]

Areas are the active theme chain's (``theme.toml``) plus ``wp_inactive_widgets``. Every
change is checked whole before both options are written in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import click

from ..widgets import INSTANCES_OPTION, SIDEBARS_OPTION, default_registry
from ..widgets.service import active_areas, check_content, save_widgets, stored_widgets
from ..widgets.store import (
    INACTIVE,
    Instances,
    Sidebars,
    StoreError,
    add_widget,
    deactivate_widgets,
    delete_widgets,
    move_widget,
    unknown_types,
    update_widget,
)
from . import Refused, _app, _require_tables, emit_rows, main

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "ids"]), default="table"
)


def _areas() -> list[tuple[str, str]]:
    """The active chain's widget areas, (id, name), in order."""
    return [(area.id, area.name) for area in active_areas()]


def _apply(change: Callable[[Instances, Sidebars], tuple[dict[str, Any], str]]) -> None:
    """Run *change* on the stored widgets, then write the options it returns in one
    transaction and print its message; a refused change writes nothing."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        instances, sidebars = stored_widgets()
        try:
            values, message = change(instances, sidebars)
        except StoreError as exc:
            raise Refused(str(exc)) from None
        save_widgets(values)
    click.echo(message)


def _fields(args: Sequence[str]) -> dict[str, str]:
    """``--field=value`` pairs given after the arguments."""
    found: dict[str, str] = {}
    for arg in args:
        name, sep, value = arg.partition("=")
        if not name.startswith("--") or not sep or len(name) < 3:
            raise click.BadParameter(f"{arg!r} is not --FIELD=VALUE.", param_hint="settings")
        found[name[2:].replace("-", "_")] = value
    return found


@main.group()
def widget() -> None:
    """List, add, change, move and remove widgets."""


@main.group()
def sidebar() -> None:
    """The active theme's widget areas."""


@sidebar.command("list")
@FORMAT
def sidebar_list(fmt: str) -> None:
    """Each widget area of the active theme, and wp_inactive_widgets, with widget counts."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        instances, sidebars = stored_widgets()
        rows = [
            {"id": area, "name": name, "widgets": len(sidebars.get(area, []))}
            for area, name in [*_areas(), (INACTIVE, "Inactive widgets")]
        ]
        unknown = unknown_types(instances, default_registry())
    emit_rows(
        rows,
        fmt,
        "id",
        {"id": lambda r: r["id"], "name": lambda r: r["name"], "widgets": lambda r: r["widgets"]},
    )
    warn_unknown_types(unknown)


def warn_unknown_types(unknown: dict[str, str]) -> None:
    """Name each stored widget whose type no installed package provides (``{id: type}``)."""
    for instance_id, type_id in sorted(unknown.items()):
        click.echo(
            f"Warning: widget {instance_id!r} has unknown type {type_id!r} "
            "(is its package installed?); it is not shown.",
            err=True,
        )


@widget.command("list")
@click.argument("area")
@FORMAT
def widget_list(area: str, fmt: str) -> None:
    """The widgets of AREA in order: id, type, position and settings."""
    import json

    app = _app()
    _require_tables(app)
    with app.app_context():
        instances, sidebars = stored_widgets()
        known = [a for a, _ in _areas()]
        if area not in known and area != INACTIVE:
            raise Refused(
                f"unknown widget area {area!r}; the areas are: {', '.join([*known, INACTIVE])}.",
                "AREA",
            )
        rows = [
            {
                "id": instance_id,
                "type": (instances.get(instance_id) or {}).get("type", "?"),
                "position": number,
                "settings": (instances.get(instance_id) or {}).get("settings", {}),
            }
            for number, instance_id in enumerate(sidebars.get(area, []), start=1)
        ]
    emit_rows(
        rows,
        fmt,
        "id",
        {
            "id": lambda r: r["id"],
            "type": lambda r: r["type"],
            "position": lambda r: r["position"],
            "settings": lambda r: json.dumps(r["settings"], ensure_ascii=False),
        },
    )


@widget.command("add", context_settings={"ignore_unknown_options": True})
@click.argument("type_id", metavar="TYPE")
@click.argument("area")
@click.argument("rest", nargs=-1, type=click.UNPROCESSED)
def widget_add(type_id: str, area: str, rest: tuple[str, ...]) -> None:
    """Add a widget of TYPE to AREA at POSITION (default: last), with --FIELD=VALUE settings."""

    def change(instances: Instances, sidebars: Sidebars) -> tuple[dict[str, Any], str]:
        position: int | None = None
        args = list(rest)
        if args and not args[0].startswith("--"):
            try:
                position = int(args.pop(0))
            except ValueError:
                raise click.BadParameter(
                    f"{rest[0]!r} is not a number.", param_hint="POSITION"
                ) from None
        settings = _fields(args)
        instances, sidebars, new_id = add_widget(
            instances,
            sidebars,
            registry=default_registry(),
            areas=[a for a, _ in _areas()],
            type_id=type_id,
            area=area,
            position=position,
            settings=settings,
        )
        check_content(instances, new_id)
        saved = {INSTANCES_OPTION: instances, SIDEBARS_OPTION: sidebars}
        return saved, f"Success: added {new_id} to {area}."

    _apply(change)


@widget.command("update", context_settings={"ignore_unknown_options": True})
@click.argument("instance_id", metavar="ID")
@click.argument("rest", nargs=-1, type=click.UNPROCESSED)
def widget_update(instance_id: str, rest: tuple[str, ...]) -> None:
    """Change settings of widget ID with --FIELD=VALUE."""

    def change(instances: Instances, sidebars: Sidebars) -> tuple[dict[str, Any], str]:
        settings = _fields(rest)
        if not settings:
            raise click.UsageError("give at least one --FIELD=VALUE to change.")
        instances = update_widget(
            instances, registry=default_registry(), instance_id=instance_id, settings=settings
        )
        check_content(instances, instance_id)
        return {INSTANCES_OPTION: instances}, f"Success: updated {instance_id}."

    _apply(change)


@widget.command("move")
@click.argument("instance_id", metavar="ID")
@click.option("--position", type=int, default=None, help="1-based position (default: last).")
@click.option("--sidebar-id", "area", default=None, help="The area to move it to.")
def widget_move(instance_id: str, position: int | None, area: str | None) -> None:
    """Move widget ID to another position or area."""

    def change(instances: Instances, sidebars: Sidebars) -> tuple[dict[str, Any], str]:
        sidebars = move_widget(
            sidebars,
            instances=instances,
            areas=[a for a, _ in _areas()],
            instance_id=instance_id,
            area=area,
            position=position,
        )
        return {SIDEBARS_OPTION: sidebars}, f"Success: moved {instance_id}."

    _apply(change)


@widget.command("deactivate")
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
def widget_deactivate(ids: tuple[str, ...]) -> None:
    """Move widgets to wp_inactive_widgets, keeping their settings."""

    def change(instances: Instances, sidebars: Sidebars) -> tuple[dict[str, Any], str]:
        sidebars = deactivate_widgets(sidebars, instances=instances, ids=list(ids))
        return {SIDEBARS_OPTION: sidebars}, f"Success: deactivated {len(ids)} widget(s)."

    _apply(change)


@widget.command("delete")
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
def widget_delete(ids: tuple[str, ...]) -> None:
    """Delete widgets and their settings."""

    def change(instances: Instances, sidebars: Sidebars) -> tuple[dict[str, Any], str]:
        instances, sidebars = delete_widgets(instances, sidebars, ids=list(ids))
        saved = {INSTANCES_OPTION: instances, SIDEBARS_OPTION: sidebars}
        return saved, f"Success: deleted {len(ids)} widget(s)."

    _apply(change)
