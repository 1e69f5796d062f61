"""Previews: the site as it would look with another theme or unsaved settings, stored nowhere.

WordPress's customizer shows a theme and changed settings before they are published. Here a
:class:`Preview` names a theme to show instead of the active one and setting values to lay
over that theme's stored ones; every value is validated exactly as ``magtheme theme mod set``
validates it (the site checks included), so a preview can show nothing a save would refuse.

A preview lives in the request (its WSGI environ, so it ends with the request even where one
app context serves several): :func:`begin_preview` starts it for the current request, and the page's theme chain (:func:`preview_stylesheet`) and ``theme.settings``
(:func:`overlay`) follow it. Nothing is written, and nothing rendered in a preview enters a
shared cache (widget output is rendered afresh). ``magtheme theme preview`` serves or renders
a preview from the command line; the admin's customizer (still to come) is to drive the
same layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import has_request_context, request

from .chain import ThemeChain
from .settings import SettingError


@dataclass(frozen=True)
class Preview:
    """What a preview changes: the theme shown (None: the active one) and setting values."""

    stylesheet: str | None = None
    #: Validated values by setting id, laid over the shown theme's own.
    settings: Mapping[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """One line for people: ``theme magazine with primary_color="#123456"``."""
        import json

        theme = f"theme {self.stylesheet}" if self.stylesheet else "the active theme"
        if not self.settings:
            return theme
        changes = ", ".join(f"{k}={json.dumps(v)}" for k, v in self.settings.items())
        return f"{theme} with {changes}"


class PreviewError(ValueError):
    """A preview that cannot be shown: every refused value, each naming its setting."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def validated_settings(chain: ThemeChain, raw: Mapping[str, Any]) -> dict[str, Any]:
    """*raw* (setting id → value, text as typed) checked against *chain*'s schema and the
    site; :class:`PreviewError` listing every refused value, so one try shows all mistakes."""
    from .mods import checked_value

    values: dict[str, Any] = {}
    problems: list[str] = []
    for setting_id, value in raw.items():
        try:
            values[setting_id] = checked_value(chain, setting_id, value)
        except SettingError as exc:
            problems.append(str(exc))
    if problems:
        raise PreviewError(problems)
    return values


#: Where a request keeps its preview.
_ENVIRON_KEY = "magtheme.preview"


def begin_preview(preview: Preview) -> None:
    """Show *preview* for the rest of the current request."""
    request.environ[_ENVIRON_KEY] = preview


def current_preview() -> Preview | None:
    """The preview of the current request, or None (outside requests too)."""
    if not has_request_context():
        return None
    preview = request.environ.get(_ENVIRON_KEY)
    return preview if isinstance(preview, Preview) else None


def preview_stylesheet() -> str | None:
    """The theme a preview shows instead of the active one, or None."""
    preview = current_preview()
    return preview.stylesheet if preview is not None else None


def overlay(chain: ThemeChain, values: dict[str, Any]) -> dict[str, Any]:
    """*values* (``theme.settings`` of *chain*) with the current preview's values laid over,
    when the preview is of *chain*'s theme (or of the active theme)."""
    preview = current_preview()
    if preview is None or not preview.settings:
        return values
    shown = preview.stylesheet
    if shown is None:
        from ..options import DEFAULT_THEME, load_options

        shown = str(load_options().get("stylesheet") or DEFAULT_THEME)
    if shown != chain.active.slug:
        return values
    return {**values, **{k: v for k, v in preview.settings.items() if k in values}}


__all__ = [
    "Preview",
    "PreviewError",
    "begin_preview",
    "current_preview",
    "overlay",
    "preview_stylesheet",
    "validated_settings",
]
