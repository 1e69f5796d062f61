"""Tools → Export (``/wp-admin/export.php``): the site as a WordPress export file (WXR 1.2).

The form is WordPress's: everything, or one content type, narrowed by author, category, dates
and status. "Download Export File" answers with the file itself (streamed, named as WordPress
names it), made by the same functions as ``magtheme export``.
"""

from __future__ import annotations

from datetime import date

from flask import request, stream_with_context
from sqlalchemy import select
from werkzeug.wrappers import Response

from ... import site
from ...models import Term, User, db
from ...models.content import POST_STATUSES
from ...options import load_options
from ...wxr.export import (
    ExportError,
    export_filename,
    export_filters,
    exportable_types,
    iter_export,
)
from ..routes import admin_route
from . import page


def _form(status: int = 200, errors: dict[str, str] | None = None) -> Response:
    registry = site.registry()
    types = [(name, registry.post_types[name].label or name) for name in exportable_types(registry)]
    return page(
        "admin/export.html",
        status=status,
        title="Export",
        types=types,
        authors=db.session.scalars(select(User).order_by(User.display_name)).all(),
        categories=db.session.scalars(
            select(Term).where(Term.taxonomy == "category").order_by(Term.name)
        ).all(),
        statuses=[s for s in POST_STATUSES if s not in ("inherit", "auto-draft")],
        values=request.args,
        errors=errors or {},
    )


@admin_route("/export.php", "export", menu="Export", parent="Tools")
def export() -> Response:
    """The form; with ``?download`` the file."""
    if "download" not in request.args:
        return _form()
    content = request.args.get("content", "all")
    try:
        filters = export_filters(
            site.registry(),
            post_types=[] if content == "all" else [content],
            start_date=request.args.get("start_date") or None,
            end_date=request.args.get("end_date") or None,
            author=request.args.get("author") or None,
            category=request.args.get("category") or None,
            post_status=request.args.get("post_status") or None,
        )
    except ExportError as exc:
        return _form(422, {exc.param: str(exc)[0].upper() + str(exc)[1:]})
    name = export_filename(str(load_options().get("blogname") or ""), date.today())
    body = stream_with_context(iter_export(filters, registry=site.registry()))
    response = Response(body, mimetype="text/xml", content_type="text/xml; charset=UTF-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@admin_route("/tools.php", "export", menu="Tools")
def tools() -> Response:
    """Tools: what there is to do with the whole site."""
    return page("admin/tools.html", title="Tools")
