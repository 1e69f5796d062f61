"""``magtheme theme list|activate|install|delete|new``: manage a site's themes.

    magtheme theme list [--json]                    slug, name, version, parent, active, valid
    magtheme theme activate SLUG                    refused (nothing changes) if SLUG has errors
    magtheme theme install ZIP|TAR|DIR [--force]    checked before anything is written
    magtheme theme delete SLUG [--yes]              never the active theme or one of its parents
    magtheme theme new SLUG [--parent P] [--name N] a starter theme, or a child of P

Themes installed, deleted or created here live in the site's ``instance/themes/``.
Every refusal is a one-line message and exit status 1.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from flask import Flask
from sqlalchemy import inspect

from .. import site
from ..models import db
from ..options import DEFAULT_THEME, get_option
from ..themes.activation import Checker, activate, default_checker
from ..themes.catalog import install_validator, theme_cards
from ..themes.chain import build_chain
from ..themes.install import delete_theme, install_theme
from ..themes.manifest import Theme, ThemeError
from ..themes.scaffold import new_theme
from . import _app, _require_tables
from .theme import theme


def _site_themes_dir(app: Flask) -> Path:
    return Path(app.instance_path) / "themes"


def _installed(app: Flask) -> dict[str, Theme]:
    with app.app_context():
        return site.installed_themes(app)


def _active_slug(app: Flask) -> str:
    """The active theme (option ``stylesheet``); the default before the site has tables."""
    with app.app_context():
        if not inspect(db.engine).has_table("options"):
            return str(DEFAULT_THEME)
        return str(get_option("stylesheet") or DEFAULT_THEME)


def _message(exc: Exception) -> str:
    """A refusal as one line (a check report lists findings on the lines after it)."""
    return str(exc).strip()


def _validity(slug: str, themes: Mapping[str, Theme], check: Checker | None) -> tuple[bool, str]:
    """Whether *slug* may be activated, and the first reason when not."""
    try:
        build_chain(slug, dict(themes))
    except ThemeError as exc:
        return False, str(exc)
    if check is None:
        return True, ""
    report = check(slug, themes)
    first = str(report.errors[0]) if report.errors else ""
    return bool(report.ok), first


@theme.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def theme_list(as_json: bool) -> None:
    """List installed themes: slug, name, version, parent, active, valid."""
    app = _app()
    active = _active_slug(app)
    with app.app_context():
        cards = theme_cards(app, active)
    cards = sorted(cards, key=lambda c: (c.broken, c.slug))
    rows: list[dict[str, Any]] = [
        {
            "slug": c.slug,
            "name": c.name,
            "version": c.version,
            "parent": c.parent,
            "active": c.active,
            "valid": c.valid,
            "problem": c.errors[0] if c.errors else "",
            "path": str(c.path),
        }
        for c in cards
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    header = ("slug", "name", "version", "parent", "active", "valid")
    table = [header] + [
        (
            r["slug"],
            r["name"],
            r["version"],
            r["parent"] or "-",
            "yes" if r["active"] else "",
            "yes" if r["valid"] else "NO",
        )
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(header))]
    for line in table:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
    for r in rows:
        if not r["valid"]:
            click.echo(f"{r['slug']}: {r['problem'].splitlines()[0]}", err=True)


@theme.command("activate")
@click.argument("slug")
def theme_activate(slug: str) -> None:
    """Switch the site to theme SLUG (refused, changing nothing, if it has errors)."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        themes = site.installed_themes(app)
        try:
            result = activate(slug, themes)
        except ThemeError as exc:
            raise click.ClickException(_message(exc)) from None
    if not result.changed:
        click.echo(f"Theme {slug!r} is already active.")
        return
    parent = f" (parent theme {result.template!r})" if result.template != slug else ""
    click.echo(
        f"Success: switched to {slug!r}{parent}; it was {result.previous_stylesheet!r}. "
        "The running site serves it from the next request."
    )


@theme.command("install")
@click.argument("zip_file", metavar="ZIP|TAR|DIR", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace an installed theme with the same slug.")
def theme_install(zip_file: Path, force: bool) -> None:
    """Install a theme (a zip or tar archive, or a folder) into the site's themes folder."""
    app = _app()
    dest = _site_themes_dir(app)
    themes = _installed(app)
    check = default_checker()

    try:
        with app.app_context():
            installed = install_theme(
                zip_file,
                dest,
                force=force,
                installed=themes,
                validate=install_validator(themes, check),
            )
    except ThemeError as exc:
        raise click.ClickException(_message(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot install into {dest}: {exc}") from None
    click.echo(
        f"Success: installed {installed.slug!r} ({installed.name} {installed.version}) in "
        f"{installed.path}. Activate it with 'magtheme theme activate {installed.slug}'."
    )


@theme.command("delete")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def theme_delete(slug: str, yes: bool) -> None:
    """Delete the site theme SLUG (never the active theme or one of its parents)."""
    app = _app()
    themes = _installed(app)
    active = _active_slug(app)
    dest = _site_themes_dir(app)
    target = themes.get(slug)
    if not yes and target is not None:
        click.confirm(f"Delete theme {slug!r} and every file in {target.path}?", abort=True)
    try:
        delete_theme(slug, themes, active_slug=active, dest=dest)
    except ThemeError as exc:
        raise click.ClickException(_message(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot delete {slug!r}: {exc}") from None
    click.echo(f"Success: deleted theme {slug!r}.")


@theme.command("new")
@click.argument("slug")
@click.option("--parent", "parent_slug", default=None, help="Make a child theme of this theme.")
@click.option("--name", default=None, help="The theme's display name.")
def theme_new(slug: str, parent_slug: str | None, name: str | None) -> None:
    """Create a working starter theme, or a child theme of --parent, in instance/themes."""
    app = _app()
    themes = _installed(app)
    parent = None
    if parent_slug is not None:
        parent = themes.get(parent_slug)
        if parent is None:
            known = ", ".join(sorted(themes)) or "none"
            raise click.ClickException(
                f"parent theme {parent_slug!r} is not installed (installed: {known})."
            )
    try:
        folder = new_theme(
            slug, _site_themes_dir(app), parent=parent, name=name, existing=themes.keys()
        )
    except ThemeError as exc:
        raise click.ClickException(_message(exc)) from None
    kind = f"a child theme of {parent_slug!r}" if parent_slug else "a starter theme"
    click.echo(
        f"Success: created {slug!r}, {kind}, in {folder}. "
        f"Activate it with 'magtheme theme activate {slug}'."
    )
