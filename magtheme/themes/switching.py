"""What follows a theme switch: the listeners of :data:`magtheme.signals.theme_activated`.

Each concern stays in its own module as a pure function plus a small service (settings in
:mod:`magtheme.themes.mods`, widgets and menu locations in :mod:`magtheme.appearance`); this
module only connects them to the switch, so an extension can listen the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import appearance
from ..signals import theme_activated
from . import mods
from .chain import ThemeChain, resolve_chain
from .manifest import Theme, ThemeError


@theme_activated.connect
def sync_settings(sender: Any, *, chain: ThemeChain, **_: Any) -> None:
    """The new theme's stored settings are checked against its schema (new, retyped, removed)."""
    mods.on_activate(chain)


@theme_activated.connect
def carry_appearance(
    sender: Any,
    *,
    previous: str,
    current: str,
    chain: ThemeChain,
    themes: Mapping[str, Theme],
    **_: Any,
) -> None:
    """Widgets and menu locations follow the switch, and come back when switching back."""
    old: appearance.Declared | None = None
    if previous in themes:
        try:
            old = appearance.chain_declarations(
                [t.manifest for t in resolve_chain(previous, dict(themes))]
            )
        except ThemeError:
            old = None  # the old theme is broken or gone; its areas can only go inactive
    new = appearance.chain_declarations([t.manifest for t in chain.themes])
    appearance.switch_appearance(old, new, previous or None, current)
