"""Live preview on the real site, for the one person who asked for it.

An administrator who starts a preview (the Themes screen's "Live Preview", the customizer)
has it kept for them, server-side like WordPress's changesets (their user meta), and flagged
in their browser's session: from then on every page of the site they open in that browser —
and every link, form, feed and asset those pages lead to — renders with the previewed theme
and unsaved setting values (:mod:`magtheme.themes.preview`), until they activate, publish or
stop it. No other visitor's request carries that session, so everyone else keeps the active
theme. A preview is honoured only while its owner may still switch themes (or customize); a
previewed page is never cached or indexed, and says on its face that it is a preview, with
buttons to keep or leave it (not inside the customizer's frame, which has its own).
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, render_template, request, session
from sqlalchemy import delete, select
from werkzeug.wrappers import Response

from .. import site
from ..models import db
from ..models.users import UserMeta
from ..options import DEFAULT_THEME, load_options
from ..themes.preview import Preview, PreviewError, begin_preview, validated_settings
from . import access

#: The user meta holding a person's preview: ``{"theme": slug, "settings": {id: value}}``
#: (like WordPress's changesets, kept server-side: home sections outgrow a cookie).
META_KEY = "magtheme_preview"
#: The session flag saying this browser previews (so other requests read no meta).
SESSION_KEY = "magtheme_previewing"
#: The response header a previewed page carries (as ``magtheme theme preview``'s do).
PREVIEW_HEADER = "X-Magtheme-Preview"
#: Where a request keeps the preview it showed (the request's own: not ``g``, which may
#: outlive it).
_SHOWN = "magtheme.admin_preview"
_WANTED = "magtheme.preview_wanted"
_BODY = re.compile(rb"<body\b[^>]*>", re.I)


def _meta(user_id: int) -> UserMeta | None:
    return db.session.scalar(
        select(UserMeta).where(UserMeta.user_id == user_id, UserMeta.key == META_KEY)
    )


def start(theme: str, settings: dict[str, Any] | None = None) -> None:
    """Preview *theme* (with unsaved *settings*) for the signed-in person."""
    signed = access.person()
    assert signed is not None, "a preview belongs to someone signed in"
    value = json.dumps({"theme": theme, "settings": dict(settings or {})}, ensure_ascii=False)
    meta = _meta(signed.id)
    if meta is None:
        db.session.add(UserMeta(user_id=signed.id, key=META_KEY, value=value))
    else:
        meta.value = value
    db.session.commit()
    session[SESSION_KEY] = True
    request.environ.pop(_WANTED, None)


def stop() -> None:
    """End the signed-in person's preview."""
    signed = access.person()
    if signed is not None:
        db.session.execute(
            delete(UserMeta).where(UserMeta.user_id == signed.id, UserMeta.key == META_KEY)
        )
        db.session.commit()
    session.pop(SESSION_KEY, None)
    request.environ.pop(_WANTED, None)


def wanted() -> dict[str, Any] | None:
    """The preview the signed-in person asked for, if any (not yet checked)."""
    if not session.get(SESSION_KEY):
        return None
    if _WANTED not in request.environ:
        signed = access.person()
        meta = _meta(signed.id) if signed is not None else None
        found: Any = None
        if meta is not None:
            try:
                found = json.loads(meta.value)
            except ValueError:
                found = None
        ok = isinstance(found, dict) and isinstance(found.get("theme"), str)
        request.environ[_WANTED] = found if ok else None
    wanted_: dict[str, Any] | None = request.environ[_WANTED]
    return wanted_


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
    framed = request.headers.get("Sec-Fetch-Dest") == "iframe"
    if response.mimetype == "text/html" and not response.direct_passthrough and not framed:
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
