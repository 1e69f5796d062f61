"""``/favicon.ico``, which browsers ask every site for, answered as WordPress's
``do_favicon`` does: a redirect to the site icon's 32-pixel copy, or, without a site icon,
an icon of Magtheme's own (:func:`magtheme.siteicon.default_icon`; WordPress redirects to
its W logo), never a 404.

A real ``favicon.ico`` in the site folder wins, as a real file in WordPress's web root is
served by the web server before WordPress sees the request.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, current_app, redirect, request, send_from_directory
from werkzeug.wrappers import Response as BaseResponse

from ..models import db
from ..options import load_options
from ..siteicon import ICO_TYPE, default_icon, load_site_icon

FILE_NAME = "favicon.ico"
#: How long a browser may keep the default icon (a day, as for other static files).
MAX_AGE = 86400


def register(app: Flask) -> None:
    app.add_url_rule("/favicon.ico", "favicon", favicon_ico, methods=["GET", "HEAD"])


def favicon_ico() -> BaseResponse:
    folder = Path(current_app.instance_path)
    if (folder / FILE_NAME).is_file():
        return send_from_directory(folder, FILE_NAME, mimetype=ICO_TYPE)
    icon = load_site_icon(db.session, load_options())
    if icon is not None:
        return redirect(icon.url_for(32), code=302)
    body = default_icon()
    response = Response(b"" if request.method == "HEAD" else body, 200, content_type=ICO_TYPE)
    response.content_length = len(body)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response
