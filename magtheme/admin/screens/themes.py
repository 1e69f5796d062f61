"""Appearance → Themes (``/wp-admin/themes.php``): every installed theme as a card; live
preview, activate, delete; and Add New (``theme-install.php``): upload a zip.

Every action goes through the same services as ``magtheme theme activate|install|delete``,
so the screen refuses exactly what the command line refuses, with the same messages (the
theme check's findings, file and line).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import current_app, redirect, request, send_file
from werkzeug.wrappers import Response

from ... import site
from ...options import DEFAULT_THEME, load_options
from ...themes.activation import activate, default_checker, run_check
from ...themes.catalog import ThemeCard, install_validator, theme_cards
from ...themes.install import delete_theme, install_theme
from ...themes.manifest import ThemeError
from .. import access, forbidden, notify, preview
from ..routes import admin_route
from . import page

#: The largest theme upload taken (the archive; its unpacked size is checked on install).
MAX_UPLOAD = 50 * 1024 * 1024


def _active() -> str:
    return str(load_options().get("stylesheet") or DEFAULT_THEME)


def _screen(status: int = 200, errors: list[str] | None = None) -> Response:
    cards = theme_cards(current_app, _active())
    previewing = preview.wanted()
    return page(
        "admin/themes.html",
        status=status,
        title="Themes",
        cards=cards,
        errors=errors or [],
        previewing=_name_of(previewing["theme"], cards) if previewing else None,
        can_install=access.can("install_themes"),
        can_delete=access.can("delete_themes"),
    )


def _name_of(slug: str, cards: list[ThemeCard]) -> str:
    return next((c.name for c in cards if c.slug == slug and c.name), slug)


@admin_route("/themes.php", "switch_themes", menu="Appearance")
def themes() -> Response:
    """The cards."""
    return _screen()


@admin_route("/themes.php", "switch_themes", methods=("POST",))
def themes_action() -> Response:
    """Live Preview, Activate, Delete, Stop previewing: the card's buttons."""
    action = request.form.get("action", "")
    slug = request.form.get("theme", "")
    installed = site.installed_themes()
    if action == "stop-preview":
        preview.stop()
        notify("Preview ended: you see the site as everyone does.")
        return redirect("/wp-admin/themes.php", 303)
    if slug not in installed:
        return _screen(422, [f"There is no installed theme {slug!r}; pick one of the cards."])
    name = installed[slug].name
    try:
        if action == "preview":
            run_check(slug, installed, default_checker(), refused="cannot be previewed")
            preview.start(slug)
            return redirect("/wp-admin/customize.php", 303)
        if action == "activate":
            result = activate(slug, installed)
            preview.stop()
            notify(
                f"New theme activated: {name}. Widgets and menus moved to its places."
                if result.changed
                else f"{name} is already the active theme."
            )
            return redirect("/wp-admin/themes.php", 303)
        if action == "delete":
            if not access.can("delete_themes"):
                return forbidden()
            delete_theme(
                slug,
                installed,
                active_slug=_active(),
                dest=Path(current_app.instance_path) / "themes",
            )
            if (preview.wanted() or {}).get("theme") == slug:
                preview.stop()
            notify(f"Theme deleted: {name}.")
            return redirect("/wp-admin/themes.php", 303)
    except ThemeError as exc:
        return _screen(422, str(exc).splitlines())
    return _screen(422, [f"Unknown action {action!r}: use the buttons on a theme's card."])


@admin_route("/theme-screenshot.php", "switch_themes")
def theme_screenshot() -> Response:
    """A theme's ``screenshot.png`` (``?theme=slug``; the active theme's without one)."""
    slug = request.args.get("theme") or _active()
    theme = site.installed_themes().get(slug)
    shot = theme.path / "screenshot.png" if theme is not None else None
    if shot is None or not shot.is_file():
        return Response("No screenshot.", 404, content_type="text/plain; charset=utf-8")
    response = send_file(shot, mimetype="image/png", max_age=300)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _upload_form(status: int = 200, errors: list[str] | None = None) -> Response:
    return page(
        "admin/theme_install.html",
        status=status,
        title="Upload Theme",
        errors=errors or [],
        max_mb=MAX_UPLOAD // (1024 * 1024),
    )


@admin_route("/theme-install.php", "install_themes", menu="Add New Theme", parent="Appearance")
def theme_install() -> Response:
    """The upload form."""
    return _upload_form()


@admin_route("/theme-install.php", "install_themes", methods=("POST",))
def theme_upload() -> Response:
    """Install the uploaded archive, checked first; refused with the checker's messages."""
    upload = request.files.get("themezip")
    if upload is None or not upload.filename:
        return _upload_form(422, ["Choose a theme's .zip file to upload."])
    installed = site.installed_themes()
    with tempfile.TemporaryDirectory(prefix="magtheme-upload-") as folder:
        # The archive's own name, minus any path, is what the messages show.
        archive = Path(folder) / (Path(upload.filename.replace("\\", "/")).name or "theme.zip")
        upload.save(archive)
        if archive.stat().st_size > MAX_UPLOAD:
            return _upload_form(413, [f"The file is larger than {MAX_UPLOAD // (1024 * 1024)} MB."])
        try:
            theme = install_theme(
                archive,
                Path(current_app.instance_path) / "themes",
                installed=installed,
                validate=install_validator(installed, default_checker()),
            )
        except ThemeError as exc:
            return _upload_form(422, str(exc).splitlines())
    notify(f"Theme installed: {theme.name} {theme.version}. Preview or activate it below.")
    return redirect("/wp-admin/themes.php", 303)
