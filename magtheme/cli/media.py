"""``magtheme media …``: files as attachments, shaped like WP-CLI's ``wp media``.

    magtheme media import FILE... [--title=T] [--alt=A] [--post_id=ID] [--featured_image]
    magtheme media regenerate [ID...] [--only-missing]
    magtheme media image-size [--format table|json]

Sizes are WordPress's defaults plus the active theme's ``[[image_sizes]]``. An import takes
and refuses exactly what the admin's Add New Media File does (:mod:`magtheme.media.filetypes`):
the same types, the same size limit (``max_upload_mb``), the same messages.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask
from sqlalchemy import select

from ..models import Post, db
from ..options import DEFAULT_THEME, get_option
from . import Refused, _app, _require_tables, main


@main.group()
def media() -> None:
    """Import files, regenerate image sizes, list the sizes."""


def _uploads(app: Flask) -> Path:
    return Path(app.instance_path) / "uploads"


def _sizes(app: Flask):  # type: ignore[no-untyped-def]
    from .. import site
    from ..media.sizes import chain_sizes

    with app.app_context():
        return chain_sizes(site.theme_chain(str(get_option("stylesheet") or DEFAULT_THEME), app))


@media.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--title", default=None, help="The attachment's title (default: the file name).")
@click.option("--alt", default=None, help="Alternative text for the image.")
@click.option("--post_id", "post_id", type=int, default=0, help="Attach to this post ID.")
@click.option(
    "--featured_image", is_flag=True, help="Make it the featured image of --post_id's post."
)
def media_import(
    files: tuple[Path, ...], title: str | None, alt: str | None, post_id: int, featured_image: bool
) -> None:
    """Copy files into the uploads folder as attachments, images with every registered size.

    A file refused (a type the library does not take, too large, no such file) is named
    with the reason; the others are still imported, and the exit status is 1.
    """
    from ..config import ConfigError
    from ..media.editor import ImageError
    from ..media.filetypes import max_upload_bytes
    from ..media.library import import_file
    from ..wxr.importer import site_timezone

    if featured_image and not post_id:
        raise click.BadParameter("--featured_image needs --post_id=ID.", param_hint="--post_id")
    app = _app()
    _require_tables(app)
    sizes = _sizes(app)
    try:
        max_bytes = max_upload_bytes(app.config)
    except ConfigError as exc:
        raise Refused(str(exc)) from None
    refused = 0
    with app.app_context():
        for file in files:
            now = datetime.now(UTC)
            try:
                done = import_file(
                    db.session,
                    _uploads(app),
                    file,
                    sizes,
                    title=title,
                    alt=alt,
                    parent_id=post_id,
                    featured=featured_image,
                    max_bytes=max_bytes,
                    now=now.replace(tzinfo=None),
                    local_now=now.astimezone(site_timezone()).replace(tzinfo=None),
                    site_url=str(get_option("siteurl") or get_option("home") or ""),
                )
            except ImageError as exc:
                refused += 1
                click.echo(f"Error: {exc}", err=True)
                continue
            click.echo(f"Success: Imported file '{file}' as attachment ID {done.attachment_id}.")
    if refused:
        raise Refused(f"{refused} of {len(files)} files were not imported (see above).")


@media.command("regenerate")
@click.argument("ids", nargs=-1, type=int)
@click.option("--only-missing", is_flag=True, help="Only make the sizes an image lacks.")
def media_regenerate(ids: tuple[int, ...], only_missing: bool) -> None:
    """Make the images' sizes again for the active theme (all images when no ID is given)."""
    from ..media.editor import ImageError
    from ..media.library import regenerate

    app = _app()
    _require_tables(app)
    sizes = _sizes(app)
    failed = 0
    with app.app_context():
        stmt = select(Post).where(Post.post_type == "attachment", Post.mime_type.like("image/%"))
        if ids:
            stmt = stmt.where(Post.id.in_(ids))
        attachments = db.session.scalars(stmt.order_by(Post.id)).all()
        missing = sorted(set(ids) - {a.id for a in attachments})
        for attachment_id in missing:
            failed += 1
            click.echo(f"Error: there is no image attachment {attachment_id}.", err=True)
        if not attachments and not ids:
            click.echo("No images found.")
            return
        for n, attachment in enumerate(attachments, 1):
            try:
                done = regenerate(
                    db.session, _uploads(app), attachment, sizes, only_missing=only_missing
                )
            except ImageError as exc:
                failed += 1
                click.echo(f"Error: {exc}", err=True)
                continue
            made = ", ".join(done.made) or "nothing new"
            click.echo(f"{n}/{len(attachments)} Regenerated attachment {attachment.id}: {made}.")
    if failed:
        raise Refused(f"{failed} images were not regenerated (see above).")
    click.echo(f"Success: Regenerated {len(attachments)} of {len(attachments)} images.")


@media.command("image-size")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def media_image_size(fmt: str) -> None:
    """List the registered image sizes: name, width, height, crop."""
    app = _app()
    sizes = _sizes(app)
    rows = [
        {
            "name": s.name,
            "width": s.width,
            "height": s.height,
            "crop": "hard" if s.crop else "soft",
        }
        # Widest first, as WP-CLI lists them.
        for s in sorted(sizes.values(), key=lambda s: (-s.width, s.name))
    ]
    if fmt == "json":
        click.echo(json.dumps(rows))
        return
    click.echo("name\twidth\theight\tcrop")
    for row in rows:
        click.echo(f"{row['name']}\t{row['width']}\t{row['height']}\t{row['crop']}")
