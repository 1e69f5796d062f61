"""Theme packages: finding them, reading their manifests, and chaining child to parent."""

from __future__ import annotations

from .chain import TemplateChoice, ThemeChain, build_chain
from .discovery import discover_themes
from .manifest import Theme, ThemeError

__all__ = ["TemplateChoice", "Theme", "ThemeChain", "ThemeError", "build_chain", "discover_themes"]
