"""``magtheme theme mod …``: read and change a theme's settings (WordPress's theme mods).

    magtheme theme mod list [SLUG] [--format table|json]
    magtheme theme mod get ID [--theme SLUG]
    magtheme theme mod set ID VALUE [--theme SLUG]
    magtheme theme mod remove ID [--theme SLUG]

The theme is the active one (option ``stylesheet``) unless named. Values are validated against
the theme chain's settings schema; a refused value is explained and nothing is stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from ..options import DEFAULT_THEME, get_option
from ..site import theme_chain
from ..themes import ThemeChain, ThemeError
from ..themes import mods as theme_mods
from ..themes.settings import SettingError
from . import Refused, _app, _require_tables
from .theme import theme

_THEME_OPTION = click.option(
    "--theme", "slug", default=None, help="The theme (default: the active theme)."
)


@contextmanager
def _chain(slug: str | None) -> Iterator[ThemeChain]:
    """The chain of *slug* (or the active theme) inside an app context, errors explained."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        name = slug or str(get_option("stylesheet") or DEFAULT_THEME)
        try:
            chain = theme_chain(name, app)
            yield chain
        except (ThemeError, SettingError) as exc:
            raise click.ClickException(str(exc)) from None


def _shown(value: Any) -> str:
    """A value as printed: text as it is, nothing as empty, anything else as JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)


def _source(chain: ThemeChain, source: str | None) -> str:
    if source is None:
        return "default"
    return "own" if source == chain.active.slug else f"parent ({source})"


@theme.group("mod")
def mod() -> None:
    """Read and change a theme's settings (WordPress's theme mods)."""


@mod.command("list")
@click.argument("slug", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def mod_list(slug: str | None, fmt: str) -> None:
    """Every setting of a theme: id, value, and where the value comes from."""
    with _chain(slug) as chain:
        resolved = theme_mods.resolved_settings(chain)
        rows = [
            {"id": key, "value": item.value, "source": _source(chain, item.source)}
            for key, item in resolved.items()
        ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        click.echo(f"Theme {chain.active.slug!r} declares no settings.")
        return
    click.echo("id\tvalue\tsource")
    for row in rows:
        click.echo(f"{row['id']}\t{_shown(row['value'])}\t{row['source']}")


@mod.command("get")
@click.argument("setting_id", metavar="ID")
@_THEME_OPTION
def mod_get(setting_id: str, slug: str | None) -> None:
    """Print the value a template sees for setting ID."""
    with _chain(slug) as chain:
        theme_mods.setting_for(theme_mods.chain_schema(chain), setting_id)
        value = theme_mods.theme_settings(chain)[setting_id]
    click.echo(_shown(value))


@mod.command("set")
@click.argument("setting_id", metavar="ID")
@click.argument("value")
@_THEME_OPTION
def mod_set(setting_id: str, value: str, slug: str | None) -> None:
    """Store VALUE for setting ID (validated first; a bad value is refused)."""
    with _chain(slug) as chain:
        try:
            theme_mods.checked_value(chain, setting_id, value)
        except theme_mods.SiteRefusal as exc:
            raise Refused(exc.detail, setting_id) from None
        stored = theme_mods.set_mod(
            chain.active.slug, setting_id, value, theme_mods.chain_schema(chain)
        )
    click.echo(f"Success: {setting_id} = {json.dumps(stored)} (theme {chain.active.slug}).")


@mod.command("remove")
@click.argument("setting_id", metavar="ID")
@_THEME_OPTION
def mod_remove(setting_id: str, slug: str | None) -> None:
    """Forget the theme's own value for setting ID: its parent's value or the default shows."""
    with _chain(slug) as chain:
        schema = theme_mods.chain_schema(chain)
        # A value the schema no longer declares may still be removed.
        if setting_id not in theme_mods.get_mods(chain.active.slug):
            theme_mods.setting_for(schema, setting_id)
        removed = theme_mods.remove_mod(chain.active.slug, setting_id)
        value = theme_mods.theme_settings(chain).get(setting_id)
    if removed:
        shows = f"; it now shows {json.dumps(value)}" if setting_id in schema else ""
        click.echo(f"Success: removed {setting_id}{shows}.")
    else:
        click.echo(f"{setting_id} had no value of its own in theme {chain.active.slug}.")
