"""``magtheme post update``: a post's layout, shaped like WP-CLI's ``wp post update``.

    magtheme post update ID [--page_template=FILE|default] [--sidebar=left|right|none|default]

``--page_template`` takes a custom template the active theme chain declares for the post's
type (``[[templates]]`` in ``theme.toml``), stored in ``_wp_page_template`` as WordPress does;
``default`` forgets the choice. ``--sidebar`` stores the post's own sidebar placement
(``_magtheme_sidebar``); ``default`` forgets it, so the template's or the theme's applies.
"""

from __future__ import annotations

import click
from sqlalchemy import delete, select

from ..context import SIDEBAR_META
from ..layouts import declared_templates, templates_for
from ..models import Post, PostMeta, db
from ..options import DEFAULT_THEME, load_options
from ..themes.schema import SIDEBAR_PLACEMENTS
from . import _app, _require_tables, post

PAGE_TEMPLATE_META = "_wp_page_template"
DEFAULT = "default"


@post.command("update")
@click.argument("post_id", metavar="ID", type=int)
@click.option(
    "--page_template",
    "page_template",
    default=None,
    metavar="FILE",
    help="A custom template the theme declares for the post's type, or 'default'.",
)
@click.option(
    "--sidebar",
    type=click.Choice([*SIDEBAR_PLACEMENTS, DEFAULT]),
    default=None,
    help="The post's own sidebar placement; 'default' leaves it to the template and theme.",
)
def post_update(post_id: int, page_template: str | None, sidebar: str | None) -> None:
    """Set post ID's custom template and sidebar placement."""
    app = _app()  # a broken site configuration is reported first, as by every command
    if page_template is None and sidebar is None:
        raise click.UsageError("give --page_template=FILE or --sidebar=PLACEMENT (or both).")
    _require_tables(app)
    from .. import site

    with app.app_context():
        row = db.session.get(Post, post_id)
        if row is None or row.post_type in ("revision", "nav_menu_item"):
            raise click.BadParameter(f"there is no post with ID {post_id}.", param_hint="ID")
        if page_template is not None and page_template != DEFAULT:
            slug = str(load_options().get("stylesheet") or DEFAULT_THEME)
            chain = site.theme_chain(slug)
            offered = [t.file for t in templates_for(chain, row.post_type)]
            if page_template not in offered:
                elsewhere = [t for t in declared_templates(chain) if t.file == page_template]
                why = (
                    f"theme {slug!r} declares {page_template!r} only for "
                    f"{', '.join(elsewhere[0].post_types)}"
                    if elsewhere
                    else f"theme {slug!r} declares no template {page_template!r}"
                )
                raise click.BadParameter(
                    f"{why}; for a {row.post_type} use one of: {', '.join([*offered, DEFAULT])}.",
                    param_hint="--page_template",
                )
        changes = {PAGE_TEMPLATE_META: page_template, SIDEBAR_META: sidebar}
        for key, value in changes.items():
            if value is None:
                continue
            db.session.execute(
                delete(PostMeta).where(PostMeta.post_id == row.id, PostMeta.key == key)
            )
            if value != DEFAULT:
                db.session.add(PostMeta(post_id=row.id, key=key, value=value))
        db.session.flush()
        stored = dict(
            db.session.execute(
                select(PostMeta.key, PostMeta.value).where(
                    PostMeta.post_id == row.id, PostMeta.key.in_(changes)
                )
            ).all()
        )
        db.session.commit()
    shown = ", ".join(f"{key}={stored.get(key, DEFAULT)}" for key in changes)
    click.echo(f"Success: updated post {post_id} ({shown}).")
