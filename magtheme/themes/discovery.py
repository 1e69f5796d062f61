"""Finding installed themes.

Themes are found in the bundled ``themes/`` folder of the project and in the site's
``instance/themes/``; a site theme with the same slug as a bundled one replaces it (the site
owner's copy wins), and the replacement is reported so nobody wonders which one is live.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .manifest import Theme, ThemeError, read_theme

log = logging.getLogger(__name__)


def discover_themes(folders: list[Path]) -> dict[str, Theme]:
    """Every readable theme in *folders*, by slug; later folders override earlier ones."""
    found: dict[str, Theme] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for child in sorted(folder.iterdir()):
            if not (child / "theme.toml").is_file():
                continue
            try:
                theme = read_theme(child)
            except ThemeError as exc:
                log.warning("skipping theme: %s", exc)
                continue
            if theme.slug in found:
                log.warning(
                    "theme %r in %s replaces the one in %s",
                    theme.slug,
                    theme.path,
                    found[theme.slug].path,
                )
            found[theme.slug] = theme
    return found
