"""The admin's screens, one module each; :func:`page` renders one inside the admin's frame."""

from __future__ import annotations

from typing import Any

from flask import render_template
from werkzeug.wrappers import Response

from ...options import load_options
from .. import access


def page(template: str, *, status: int = 200, title: str, **context: Any) -> Response:
    """*template* with the admin's frame (menu, notices, the person), never cached, never
    indexed, never framed by another site."""
    context.setdefault("chrome", True)
    body = render_template(
        template,
        title=title,
        blogname=load_options().get("blogname", ""),
        person=access.person(),
        **context,
    )
    response = Response(body, status, content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


from . import (  # noqa: E402,F401  (declare their routes)
    comment,
    comments,
    customize,
    dashboard,
    export,
    media,
    menus,
    posts,
    profile,
    settings_general,
    terms,
    themes,
    tickers,
    users,
    widgets,
)

# isort: split
# Submenus are ordered by admin.SUBMENU_ORDER; these sit under General's "Settings".
from . import settings_reading, settings_discussion, settings_permalink  # noqa: E402,F401,I001
