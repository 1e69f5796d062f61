"""Theme packages: finding them, reading their manifests, and chaining child to parent."""

from __future__ import annotations

from .chain import TemplateChoice, ThemeChain, build_chain
from .manifest import Theme, ThemeError, discover_themes

__all__ = ["TemplateChoice", "Theme", "ThemeChain", "ThemeError", "build_chain", "discover_themes"]
