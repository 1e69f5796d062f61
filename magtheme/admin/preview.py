"""Live preview on the real site, for the one person who asked for it.

An administrator who starts a preview (the Themes screen's "Live Preview", the customizer)
gets it kept in their own signed session cookie: from then on, every page of the site they
open — and every link, form, feed and asset those pages lead to — renders with the previewed
theme and unsaved setting values (:mod:`magtheme.themes.preview`), until they activate,
publish or stop it. Nobody else's requests carry that cookie, so every other visitor keeps
the active theme. A preview is honoured only while the cookie's owner may still switch themes
(or customize), and a previewed page is never cached or indexed and says on its face that it
is a preview, with buttons to keep or leave it.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, render_template, request, session
from werkzeug.wrappers import Response

from .. import site
from ..options import DEFAULT_THEME, load_options
from ..themes.preview import Preview, PreviewError, begin_preview, validated_settings
from . import access

#: Where the session keeps the preview: ``{"theme": slug, "settings": {id: text}}``.
SESSION_KEY = "magtheme_preview"
#: The response header a previewed page carries (as ``magtheme theme preview``'s do).
PREVIEW_HEADER = "X-Magtheme-Preview"
#: Where a request keeps the preview it showed (the request's own: not ``g``, which may
#: outlive it).
_SHOWN = "magtheme.admin_preview"
_BODY = re.compile(rb"<body\b[^>]*>", re.I)


def start(theme: str, settings: dict[str, str] | None = None) -> None:
    """Preview *theme* (with unsaved *settings*, typed text by id) for this browser."""
    session[SESSION_KEY] = {"theme": theme, "settings": dict(settings or {})}


def stop() -> None:
    """End this browser's preview."""
    session.pop(SESSION_KEY, None)


def wanted() -> dict[str, Any] | None:
    """The preview this browser asked for, if any (not yet checked)."""
    found = session.get(SESSION_KEY)
    return found if isinstance(found, dict) and found.get("theme") else None


def _apply() -> None:
    """Before a public request: show the asker's preview, if they may still see it."""
    if request.blueprint == "admin" or request.endpoint in (None, "login", "static"):
        return
    asked = wanted()
    if asked is None or not (access.can("switch_themes") or access.can("customize")):
        return
    slug = str(asked["theme"])
    themes = site.installed_themes()
    if slug not in themes:
        return
    chain = site.theme_chain(slug)
    try:
        values = validated_settings(chain, dict(asked.get("settings") or {}))
    except PreviewError:
        values = {}  # a value the site no longer accepts: show the theme without it
    preview = Preview(stylesheet=slug, settings=values)
    begin_preview(preview)
    request.environ[_SHOWN] = (preview, themes[slug].name)


def _mark(response: Response) -> Response:
    """After a previewed request: never cached, never indexed, and a bar saying so."""
    found = request.environ.get(_SHOWN)
    if found is None:
        return response
    preview, name = found
    response.headers[PREVIEW_HEADER] = preview.describe()
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    if response.mimetype == "text/html" and not response.direct_passthrough:
        active = str(load_options().get("stylesheet") or DEFAULT_THEME)
        bar = render_template(
            "admin/preview_bar.html",
            name=name,
            slug=preview.stylesheet,
            changed=bool(preview.settings),
            is_active=preview.stylesheet == active,
        ).encode("utf-8")
        body = response.get_data()
        match = _BODY.search(body)
        if match is not None:
            response.set_data(body[: match.end()] + bar + body[match.end() :])
    return response


def install(app: Flask) -> None:
    """Let previews follow their asker around the public site."""
    app.before_request(_apply)
    app.after_request(_mark)
