"""``magtheme export``: the site as a WordPress export (WXR 1.2), like WP-CLI's ``wp export``.

    magtheme export [--post_type T[,T…]] [--start_date YYYY-MM-DD] [--end_date YYYY-MM-DD]
                    [--author LOGIN|ID] [--category SLUG] [--post_status S]
                    [--skip_comments] [--output FILE]

The file goes to standard output (``magtheme export > site.xml``) or, with ``--output``, to
FILE, which is written whole or not at all. Filters are checked before anything is
written; a bad one is refused with a line saying what to write instead (exit status 1).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from ..models import db
from ..wxr.export import ExportError, export_filters, write_export, write_export_file
from . import Refused, _app, _check_database, _require_tables, main


@main.command("export")
@click.option(
    "--post_type",
    "post_types",
    multiple=True,
    metavar="TYPE[,TYPE…]",
    help="Only posts of these types (repeat, or separate with commas). Default: every type.",
)
@click.option("--start_date", default=None, metavar="YYYY-MM-DD", help="Posts dated on or after.")
@click.option("--end_date", default=None, metavar="YYYY-MM-DD", help="Posts dated on or before.")
@click.option("--author", default=None, metavar="LOGIN|ID", help="Only this author's posts.")
@click.option("--category", default=None, metavar="SLUG", help="Only posts in this category.")
@click.option("--post_status", default=None, metavar="STATUS", help="Only posts in this status.")
@click.option("--skip_comments", is_flag=True, help="Leave the comments out.")
@click.option(
    "--output",
    "-o",
    default=None,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to FILE (whole or not at all) instead of standard output.",
)
def export(
    post_types: tuple[str, ...],
    start_date: str | None,
    end_date: str | None,
    author: str | None,
    category: str | None,
    post_status: str | None,
    skip_comments: bool,
    output: Path | None,
) -> None:
    """Export posts, pages, media, menus, comments, terms and authors as WXR 1.2.

    WordPress's importer (Tools → Import → WordPress) and 'magtheme import' read the file.
    It holds no options: widgets, menu locations, theme settings, tickers and reading
    settings stay behind, as in any WordPress export.
    """
    app = _app()
    _check_database(app)
    _require_tables(app)
    if output is not None:
        folder = output.parent if str(output.parent) else Path(".")
        if not folder.is_dir():
            raise Refused(f"the folder {folder} does not exist; create it first.", "--output")
        if not os.access(folder, os.W_OK):
            raise Refused(f"the folder {folder} is not writable.", "--output")
    with app.app_context():
        registry = app.extensions["magtheme.registry"]
        try:
            filters = export_filters(
                registry,
                post_types=post_types,
                start_date=start_date,
                end_date=end_date,
                author=author,
                category=category,
                post_status=post_status,
                skip_comments=skip_comments,
            )
        except ExportError as exc:
            raise Refused(str(exc), f"--{exc.param}") from None
        try:
            if output is None:
                write_export(sys.stdout.buffer, filters, registry=registry)
                sys.stdout.buffer.flush()
            else:
                written = write_export_file(output, filters, registry=registry)
                click.echo(f"Success: wrote {output} ({written:,} bytes).", err=True)
        except SQLAlchemyError as exc:
            db.session.rollback()
            reason = getattr(exc, "orig", None) or exc
            written_to = (
                f"nothing was written to {output}" if output else "the output is incomplete"
            )
            raise click.ClickException(
                f"the database could not be read ({reason}); {written_to}. "
                "Check MAGTHEME_DATABASE_URL and try again."
            ) from None
        except OSError as exc:
            target = output if output is not None else "standard output"
            raise click.ClickException(
                f"cannot write to {target} ({exc.strerror or exc}); check the path and free space."
            ) from None
