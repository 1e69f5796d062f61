"""The ``magtheme`` command, shaped like WP-CLI.

    magtheme init [--demo-if-empty]      create the database (and load the demo site)
    magtheme run [--port N] [--debug]    serve the site
    magtheme option get|set NAME [VALUE]
    magtheme post list [--post_type T] [--status S]
    magtheme post create|update|get|delete   write posts and pages (cli/post_edit.py)
    magtheme term create|list|update|delete  categories, tags, terms (cli/term.py)
    magtheme import FILE.xml [--author-role ROLE] [--role LOGIN=ROLE]
    magtheme export [--post_type T] [--start_date D] [--end_date D] [--author A] [--output F]
    magtheme media import|regenerate|image-size   images and their sizes (cli/media.py)
    magtheme resolve URL [--json]        which template renders URL, and why
    magtheme user create|list|get|update|set-role|reset-password|delete   people (cli/user.py)

The site is chosen by ``MAGTHEME_INSTANCE`` and ``MAGTHEME_DATABASE_URL``.
"""

from __future__ import annotations

import json
import sys
from operator import itemgetter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from flask import Flask
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from ..app import create_app
from ..config import ConfigError
from ..models import Post, db
from ..models.users import ROLES
from ..options import OptionError, get_option, update_option


class Refused(click.ClickException):
    """A command that was understood but refused: exit status 1, as WP-CLI's errors.

    *param* names the argument or option at fault (``--count``, ``LOCATION``). Exit status 2
    stays click's: a command line it could not parse (a missing argument, an unknown option,
    a value of the wrong type, nothing to change).
    """

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(f"Invalid value for {param}: {message}" if param else message)


def _app() -> Flask:
    try:
        return create_app()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _check_database(app: Flask) -> None:
    """Fail with a message naming the database when it cannot be opened."""
    with app.app_context():
        url = db.engine.url.render_as_string(hide_password=True)
        try:
            db.session.execute(select(1))
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc)
            raise click.ClickException(
                f"cannot open the database {url} ({reason}). "
                "Check MAGTHEME_DATABASE_URL or MAGTHEME_INSTANCE."
            ) from None


def emit_rows(rows: list[dict[str, Any]], fmt: str, id_key: str, table: dict[str, Any]) -> None:
    """Print *rows* as WP-CLI does: JSON, the IDs alone, or a tab-separated table whose
    columns are *table* (heading → function of a row)."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False))
    elif fmt == "ids":
        click.echo(" ".join(str(row[id_key]) for row in rows))
    else:
        click.echo("\t".join(table))
        for row in rows:
            click.echo("\t".join(str(column(row)) for column in table.values()))


def _require_tables(app: Flask) -> None:
    with app.app_context():
        if not inspect(db.engine).has_table("posts"):
            raise click.ClickException("this site has no database yet; run 'magtheme init' first.")


@click.group()
@click.version_option(package_name="magtheme")
def main() -> None:
    """Magtheme: WordPress's theme system, done again in Python."""


@main.command()
@click.option("--demo-if-empty", is_flag=True, help="Load the demo site when there is no content.")
@click.option("--demo", is_flag=True, help="Load the demo site (refused when content exists).")
def init(demo_if_empty: bool, demo: bool) -> None:
    """Create the site's database tables (safe to run again)."""
    app = _app()
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _check_database(app)
    with app.app_context():
        db.create_all()
        has_content = bool(db.session.scalar(select(func.count()).select_from(Post)))
        click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")
        if (demo or demo_if_empty) and not has_content:
            from ..demo import load_demo

            report = load_demo()
            click.echo(f"Demo site loaded: {report.summary()}")
        elif demo:
            raise click.ClickException("the site already has content; the demo was not loaded.")


def _print_login_link(app: Flask) -> None:
    """The admin's door for whoever just started the site: a one-time link for its first
    administrator, or how to make one."""
    from .user import first_administrator, login_link

    with app.app_context():
        admin = first_administrator()
        if admin is None:
            click.echo(
                "No administrator yet: make one with "
                "magtheme user create LOGIN EMAIL --role=administrator, then log in at "
                "/wp-login.php"
            )
            return
        login, link = admin.login, login_link(admin)
        db.session.commit()
    click.echo(f"Admin: log in as {login} (once, within an hour): {link}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int, envvar="PORT")
@click.option("--debug", is_flag=True, help="Reload code and templates as they change.")
@click.option(
    "--login-link", is_flag=True, help="Print a one-time link signing in the first administrator."
)
def run(host: str, port: int, debug: bool, login_link: bool) -> None:
    """Serve the site (development server).

    Links use the ``home`` option, else ``site_url`` from config.toml, else the address
    served here; never the Host header a browser sends.
    """
    from ..hosts import home_url
    from ..options import load_options
    from ..serving import RequestHandler, local_address

    app = _app()
    _check_database(app)
    _require_tables(app)
    served = local_address(host, port)
    app.config["SITE_URL"] = app.config.get("SITE_URL") or served
    with app.app_context():
        links = home_url(load_options())
    click.echo(f"Serving {get_blogname(app)} on {served}/ (links use {links}/)")
    if login_link:
        _print_login_link(app)
    app.run(host=host, port=port, debug=debug, use_reloader=debug, request_handler=RequestHandler)


def get_blogname(app: Flask) -> str:
    with app.app_context():
        return str(get_option("blogname"))


@main.group()
def option() -> None:
    """Read and change site options (WordPress's option names)."""


@option.command("get")
@click.argument("name")
def option_get(name: str) -> None:
    app = _app()
    _require_tables(app)
    with app.app_context():
        value = get_option(name)
    if value is None:
        raise click.ClickException(f"there is no option {name!r}.")
    click.echo(value if isinstance(value, str) else json.dumps(value))


@option.command("set")
@click.argument("name")
@click.argument("value")
def option_set(name: str, value: str) -> None:
    app = _app()
    _require_tables(app)
    with app.app_context():
        try:
            parsed: Any = json.loads(value) if value[:1] in "[{" else value
            stored = update_option(name, parsed)
        except (OptionError, ValueError) as exc:
            raise click.ClickException(str(exc)) from None
        if name == "widget_instances" and isinstance(stored, dict):
            from ..widgets import default_registry
            from ..widgets.store import unknown_types
            from .widget import warn_unknown_types

            warn_unknown_types(unknown_types(stored, default_registry()))
    click.echo(f"Success: {name} = {json.dumps(stored)}")


@main.group()
def post() -> None:
    """Work with posts of every type."""


@post.command("list")
@click.option("--post_type", "post_type", default="post", show_default=True)
@click.option("--status", default=None, help="Only this status (default: any).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "ids"]), default="table")
def post_list(post_type: str, status: str | None, fmt: str) -> None:
    """List posts: ID, title, slug, date, status."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        stmt = select(Post).where(Post.post_type == post_type)
        if status:
            stmt = stmt.where(Post.status == status)
        rows = db.session.scalars(stmt.order_by(Post.date.desc(), Post.id.desc())).all()
        items = [
            {
                "ID": p.id,
                "post_title": p.title,
                "post_name": p.slug,
                "post_date": p.date.isoformat(sep=" "),
                "post_status": p.status,
            }
            for p in rows
        ]
    columns = ("ID", "post_title", "post_name", "post_date", "post_status")
    emit_rows(items, fmt, "ID", {key: itemgetter(key) for key in columns})


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--author-role",
    default="author",
    show_default=True,
    type=click.Choice(ROLES),
    help="Role of each user the import creates (WXR carries no roles).",
)
@click.option(
    "--role",
    "role_pairs",
    multiple=True,
    metavar="LOGIN=ROLE",
    help="Role of one new user, by login (repeatable): --role jane=editor.",
)
def import_(file: Path, author_role: str, role_pairs: tuple[str, ...]) -> None:
    """Import a WordPress export (WXR) file.

    Importing the same file again adds only what the site does not have yet. Users the
    site already has keep their role; new ones get --author-role or their --role. An
    editor's or administrator's HTML is shown unfiltered only when the site allows
    unfiltered HTML, so grant those roles only to people you trust.
    """
    from ..wxr import WXRError, import_wxr

    roles = _parse_roles(role_pairs)
    app = _app()
    _check_database(app)
    with app.app_context():
        db.create_all()
        try:
            report = import_wxr(
                file,
                registry=app.extensions["magtheme.registry"],
                author_role=author_role,
                roles=roles,
            )
        except WXRError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Success: imported {file}: {report.summary()}")


def _parse_roles(pairs: tuple[str, ...]) -> dict[str, str]:
    """``("jane=editor", …)`` → ``{"jane": "editor"}``, or a usage error naming the pair."""
    roles: dict[str, str] = {}
    for pair in pairs:
        login, sep, role = pair.partition("=")
        login, role = login.strip(), role.strip()
        if not sep or not login or role not in ROLES:
            raise click.BadParameter(
                f"{pair!r}: write LOGIN=ROLE with ROLE one of {', '.join(ROLES)}.",
                param_hint="--role",
            )
        roles[login] = role
    return roles


@main.command()
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def resolve(url: str, as_json: bool) -> None:
    """Which template renders URL: the candidates, the template chosen, its theme."""
    app = _app()
    _require_tables(app)
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # e.g. "Invalid IPv6 URL" for a stray "[" in the host
        raise click.BadParameter(f"{url!r} is not a URL: {exc}.", param_hint="URL") from None
    path = parts.path or "/"
    target = path + (f"?{parts.query}" if parts.query else "")
    from ..layouts import describe_layout, page_layout
    from ..themes import mods
    from ..views.public import active_chain, resolve_request

    with app.test_request_context(
        target, base_url=f"{parts.scheme or 'http'}://{parts.netloc or 'localhost'}"
    ):
        resolution = resolve_request()
        status = 404 if resolution.ctx.is_404 else 200
        if resolution.redirect is not None:
            if as_json:
                click.echo(
                    json.dumps(
                        {"redirect": resolution.redirect, "status": resolution.redirect_status}
                    )
                )
            else:
                click.echo(f"{resolution.redirect_status} redirect to {resolution.redirect}")
            return
        if resolution.feed:
            if as_json:
                click.echo(
                    json.dumps(
                        {
                            "feed": True,
                            "template": None,
                            "theme": None,
                            "candidates": [],
                            "status": 200,
                        }
                    )
                )
            else:
                click.echo("A feed: served as RSS 2.0, bypassing the theme (like WordPress).")
            return
        if resolution.trackback:
            if as_json:
                click.echo(json.dumps({"trackback": True, "template": None, "status": 200}))
            else:
                click.echo("A trackback endpoint: answered without the theme (like WordPress).")
            return
        assert resolution.choice is not None
        result = resolution.choice
        layout = None
        if result.template is not None:
            chain = active_chain()
            settings = mods.theme_settings(chain)
            layout = page_layout(chain, resolution.ctx, result.template, settings)
    payload = result.as_dict()
    payload["status"] = status
    payload["layout"] = layout.as_dict() if layout is not None else None
    if as_json:
        click.echo(json.dumps(payload))
        return
    click.echo(f"URL:       {url}  ({status})")
    click.echo("Candidates:")
    for name in result.candidates:
        mark = "→" if name == result.template else " "
        click.echo(f"  {mark} {name}")
    click.echo(f"Template:  {result.template}")
    click.echo(f"Theme:     {result.theme}")
    if layout is not None:
        click.echo(describe_layout(layout))


def _register_subcommands() -> None:
    """Attach the command families that live in modules of their own (each adds itself)."""
    from . import (  # noqa: F401
        comment,
        export,
        media,
        menu,
        post_edit,
        term,
        theme_check,
        theme_manage,
        theme_mod,
        theme_preview,
        ticker,
        user,
        views,
        widget,
    )
    from .theme import theme

    main.add_command(theme)


_register_subcommands()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
