"""Appearance → Customize (``/wp-admin/customize.php``): the theme's settings beside a live
preview of the site.

The form is made from the shown theme's settings schema (``[[settings]]`` sections of
controls in its ``theme.toml``), one fieldset per section. The theme shown is the one being
previewed (Themes → Live Preview) or else the active one. Changing a value previews it: the
values are checked exactly as ``magtheme theme mod set`` checks them, kept in the admin's
preview (nothing stored), and the site beside the form reloads with them; with JavaScript off,
"Preview" does the same with a page load. Publish stores the values that differ from what
the theme shows now (and activates a previewed theme); Discard forgets them; Reset to
defaults forgets every value stored for the theme.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import jsonify, redirect, request
from werkzeug.wrappers import Response

from ... import site
from ...options import DEFAULT_THEME, load_options
from ...themes import mods
from ...themes.activation import activate
from ...themes.chain import ThemeChain
from ...themes.manifest import ThemeError
from ...themes.schema import FONT_STACKS, Setting
from ...themes.settings import SettingError, validate_value
from .. import notify, preview
from ..routes import admin_route
from . import page

#: Field names carry this prefix, so no setting id can collide with the form's own fields.
PREFIX = "mod."
#: Settings whose value is a structure, edited as JSON text.
STRUCTURED = ("sections", "category-colors")


@dataclass
class Control:
    """One setting as a form field: the setting, the text in the field, its error."""

    setting: Setting
    text: str
    error: str = ""

    @property
    def name(self) -> str:
        return PREFIX + self.setting.id

    @property
    def dom_id(self) -> str:
        return "setting-" + self.setting.id

    @property
    def checked(self) -> bool:
        return self.text == "true"

    @property
    def fonts(self) -> list[str]:
        return list(FONT_STACKS)


def _as_text(setting: Setting, value: Any) -> str:
    """A value as a field shows it (what :func:`validate_value` reads back)."""
    if setting.type in STRUCTURED:
        return json.dumps(value, ensure_ascii=False, indent=1) if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _shown_theme() -> str:
    asked = preview.wanted()
    if asked is not None and asked["theme"] in site.installed_themes():
        return str(asked["theme"])
    return str(load_options().get("stylesheet") or DEFAULT_THEME)


def _current(chain: ThemeChain) -> dict[str, Any]:
    """What the theme shows now: stored values, else the defaults (no preview laid over)."""
    return {key: item.value for key, item in mods.resolved_settings(chain).items()}


def _sections(chain: ThemeChain) -> list[tuple[str, str, list[Setting]]]:
    """(title, description, settings) per section, in the manifests' order, child first."""
    schema = mods.chain_schema(chain)
    seen: dict[str, tuple[str, str]] = {}
    for theme in chain.themes:
        for section in mods.theme_manifest(theme).sections:
            seen.setdefault(section.id, (section.title, section.description))
    groups = []
    for section_id, (title, description) in seen.items():
        settings = [s for s in schema.values() if s.section == section_id]
        if settings:
            groups.append((title, description, settings))
    return groups


def _submitted(chain: ThemeChain) -> tuple[dict[str, str], dict[str, Any], dict[str, str]]:
    """(typed text, values that differ from the current ones, errors) of the posted form."""
    schema = mods.chain_schema(chain)
    current = _current(chain)
    typed: dict[str, str] = {}
    changed: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for setting_id, setting in schema.items():
        sent = request.form.getlist(PREFIX + setting_id)
        if not sent:
            continue
        # A checkbox sends its hidden "false" first, then "true" when ticked: the last wins.
        raw = sent[-1]
        typed[setting_id] = raw
        if setting.type in STRUCTURED:
            if raw.strip() == "":
                value_in: Any = [] if setting.type == "sections" else {}
            else:
                try:
                    value_in = json.loads(raw)
                except json.JSONDecodeError as exc:
                    errors[setting_id] = f"{setting.label}: this is not JSON ({exc.msg})."
                    continue
        else:
            value_in = raw
        try:
            # An unchanged value is left alone: the site's checks (categories a home section
            # names) are for what the person changes, not for a theme default.
            if validate_value(setting, value_in) == current.get(setting_id):
                continue
            changed[setting_id] = mods.checked_value(chain, setting_id, value_in)
        except SettingError as exc:
            errors[setting_id] = str(exc)
    return typed, changed, errors


def _form(
    status: int = 200,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    slug = _shown_theme()
    chain = site.theme_chain(slug)
    active = str(load_options().get("stylesheet") or DEFAULT_THEME)
    asked = preview.wanted() or {}
    pending = dict(asked.get("settings") or {}) if asked.get("theme") == slug else {}
    current = _current(chain)
    typed = typed or {}
    errors = errors or {}
    groups = []
    for title, description, settings in _sections(chain):
        controls = []
        for setting in settings:
            if setting.id in typed:
                text = typed[setting.id]
            elif setting.id in pending:
                text = _as_text(setting, pending[setting.id])
            else:
                text = _as_text(setting, current.get(setting.id))
            controls.append(Control(setting, text, errors.get(setting.id, "")))
        groups.append({"title": title, "description": description, "controls": controls})
    return page(
        "admin/customize.html",
        status=status,
        title="Customize",
        theme_name=chain.active.name,
        slug=slug,
        is_active=slug == active,
        groups=groups,
        # Keyed by the field's id, so each message links to its field.
        errors={("setting-" + k if k else "customize-form"): v for k, v in errors.items()},
        pending=bool(pending) or slug != active,
        body_class="customize",
    )


@admin_route("/customize.php", "edit_theme_options", menu="Customize", parent="Appearance")
def customize() -> Response:
    """The form beside the preview."""
    return _form()


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@admin_route("/customize.php", "edit_theme_options", methods=("POST",))
def customize_save() -> Response:
    """Preview, Publish, Discard or Reset."""
    action = request.form.get("action", "preview")
    slug = _shown_theme()
    active = str(load_options().get("stylesheet") or DEFAULT_THEME)
    chain = site.theme_chain(slug)
    if action == "discard":
        preview.stop()
        notify("Changes discarded: the site shows what it showed before.")
        return redirect("/wp-admin/customize.php", 303)
    if action == "reset":
        removed = [key for key in mods.chain_schema(chain) if mods.remove_mod(slug, key)]
        preview.stop()
        notify(
            f"{chain.active.name}'s settings are back to their defaults "
            f"({len(removed)} stored value{'s' if len(removed) != 1 else ''} removed)."
        )
        return redirect("/wp-admin/customize.php", 303)
    typed, changed, errors = _submitted(chain)
    if errors:
        if _wants_json():
            return _json({"errors": {PREFIX + k: v for k, v in errors.items()}}, 422)
        return _form(422, typed, errors)
    if action == "preview":
        # Checked values; the public side checks them again on every request it shows.
        preview.start(slug, changed)
        if _wants_json():
            return _json({"changed": sorted(changed)}, 200)
        return redirect("/wp-admin/customize.php", 303)
    if action != "publish":
        return _form(422, typed, {"": f"Unknown action {action!r}."})
    schema = mods.chain_schema(chain)
    try:
        for setting_id, value in changed.items():
            mods.set_mod(slug, setting_id, value, schema)
        if slug != active:
            activate(slug, site.installed_themes())
    except (ThemeError, SettingError) as exc:
        return _form(422, typed, {"": str(exc)})
    preview.stop()
    names = ", ".join(schema[k].label for k in changed) or "no setting changed"
    switched = f" {chain.active.name} is now the active theme." if slug != active else ""
    notify(f"Published: {names}.{switched}")
    return redirect("/wp-admin/customize.php", 303)


def _json(data: dict[str, Any], status: int) -> Response:
    response = jsonify(data)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
