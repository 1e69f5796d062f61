"""``magtheme theme preview``: the site with another theme or changed settings, saved nowhere.

    magtheme theme preview [SLUG] [--set ID=VALUE]... [--url PATH [--output FILE]]
                           [--host HOST] [--port PORT]

Without ``--url`` it serves the preview (every page, link and asset of it) on a local address
until stopped; with ``--url`` it renders that one page and prints (or writes) its HTML. The
theme is the active one unless named; it must pass ``magtheme theme check`` as for
activation. Each ``--set`` is validated as ``magtheme theme mod set`` validates it, and every
refused value is reported at once. Nothing is stored: to keep a value, set it.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click
from flask import Flask
from werkzeug.wrappers import Response

from ..options import DEFAULT_THEME, get_option
from ..site import installed_themes, theme_chain
from ..themes import ThemeError
from ..themes.activation import default_checker, run_check
from ..themes.preview import Preview, PreviewError, begin_preview, validated_settings
from . import Refused, _app, _check_database, _require_tables
from .theme import theme

#: The header every previewed response carries, naming what it shows.
PREVIEW_HEADER = "X-Magtheme-Preview"


def _pairs(values: tuple[str, ...]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        setting_id, sep, raw = value.partition("=")
        if not sep or not setting_id.strip():
            raise Refused(
                f"{value!r} is not ID=VALUE (for example primary_color=#1f5fa8).", "--set"
            )
        pairs[setting_id.strip()] = raw
    return pairs


def build_preview(app: Flask, slug: str | None, sets: dict[str, str]) -> Preview:
    """The preview *slug* and *sets* ask for, checked as activation and ``mod set`` check."""
    with app.app_context():
        name = slug or str(get_option("stylesheet") or DEFAULT_THEME)
        themes = installed_themes(app)
        if name not in themes:
            known = ", ".join(sorted(themes)) or "none"
            raise Refused(f"there is no theme {name!r}; installed themes: {known}.", "SLUG")
        try:
            run_check(name, themes, default_checker(), refused="cannot be previewed")
            chain = theme_chain(name, app)
            values = validated_settings(chain, sets)
        except ThemeError as exc:
            raise click.ClickException(str(exc)) from None
        except PreviewError as exc:
            lines = "\n".join(f"  - {problem}" for problem in exc.problems)
            raise click.ClickException(
                f"nothing to preview; these values are refused:\n{lines}\n"
                f"See 'magtheme theme mod list {name}' for the settings and their values."
            ) from None
    return Preview(stylesheet=name, settings=values)


def install_preview(app: Flask, preview: Preview) -> None:
    """Make every request *app* answers show *preview*, marked so nothing caches it."""

    @app.before_request
    def _start() -> None:
        begin_preview(preview)

    @app.after_request
    def _mark(response: Response) -> Response:
        response.headers[PREVIEW_HEADER] = preview.describe()
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
        return response


def _keep_commands(preview: Preview, raw: dict[str, str], active: str) -> list[str]:
    """The commands that would make the preview the site."""
    slug = shlex.quote(str(preview.stylesheet))
    commands = [
        f"magtheme theme mod set {shlex.quote(key)} {shlex.quote(value)} --theme {slug}"
        for key, value in raw.items()
    ]
    if preview.stylesheet != active:
        commands.append(f"magtheme theme activate {slug}")
    return commands


@theme.command("preview")
@click.argument("slug", required=False)
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="ID=VALUE",
    help="A setting value to show (repeatable); validated, never stored.",
)
@click.option("--url", "url", default=None, help="Render this one page (a path such as /).")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --url: write the HTML here instead of printing it.",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int, envvar="PORT")
def preview_command(
    slug: str | None,
    sets: tuple[str, ...],
    url: str | None,
    output: Path | None,
    host: str,
    port: int,
) -> None:
    """Show the site with theme SLUG (default: the active one) and --set values, unsaved."""
    from ..serving import RequestHandler, local_address

    app = _app()
    _check_database(app)
    _require_tables(app)
    raw = _pairs(sets)
    preview = build_preview(app, slug, raw)
    install_preview(app, preview)
    if url is not None:
        if not url.startswith("/"):
            raise Refused(f"{url!r} is not a path on this site; give one such as /.", "--url")
        response = app.test_client().get(url)
        body = response.get_data()
        if output is not None:
            output.write_bytes(body)
            click.echo(f"Wrote {output} ({response.status}): {preview.describe()}.", err=True)
        else:
            sys.stdout.buffer.write(body)
        if response.status_code >= 400:
            raise SystemExit(1)
        return
    served = local_address(host, port)
    app.config["SITE_URL"] = app.config.get("SITE_URL") or served
    click.echo(f"Previewing {preview.describe()} on {served}/ (nothing is saved; Ctrl+C stops).")
    with app.app_context():
        active = str(get_option("stylesheet") or DEFAULT_THEME)
    for command in _keep_commands(preview, raw, active):
        click.echo(f"  keep it: {command}")
    app.run(host=host, port=port, request_handler=RequestHandler)
