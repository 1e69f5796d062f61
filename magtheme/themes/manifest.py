"""Theme manifests (``theme.toml``) and theme discovery.

A theme is a folder with ``theme.toml`` and ``templates/``. Themes are found in the bundled
``themes/`` folder of the project and in the site's ``instance/themes/``; a site theme with
the same slug as a bundled one replaces it (the site owner's copy wins), and the replacement
is reported so nobody wonders which one is live.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class ThemeError(Exception):
    """A theme that cannot be used; the message names the theme, file and what to do."""


@dataclass(frozen=True)
class Theme:
    """One theme folder and what its manifest says."""

    slug: str
    path: Path
    name: str
    version: str = "0.0.0"
    description: str = ""
    parent: str | None = None
    manifest: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def templates_dir(self) -> Path:
        return self.path / "templates"

    @property
    def static_dir(self) -> Path:
        return self.path / "static"


def read_theme(path: Path) -> Theme:
    """Read ``path/theme.toml``; raise :class:`ThemeError` with file and line on bad input."""
    manifest_path = path / "theme.toml"
    try:
        data = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ThemeError(f"{manifest_path}: missing; every theme needs a theme.toml.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ThemeError(f"{manifest_path}: {exc}") from None
    except UnicodeDecodeError:
        raise ThemeError(f"{manifest_path}: not UTF-8 text.") from None
    slug = str(data.get("slug") or path.name)
    if not _SLUG.match(slug):
        raise ThemeError(
            f"{manifest_path}: slug {slug!r} must be lowercase letters, digits, '-' or '_'."
        )
    parent = data.get("parent") or None
    return Theme(
        slug=slug,
        path=path,
        name=str(data.get("name", slug)),
        version=str(data.get("version", "0.0.0")),
        description=str(data.get("description", "")),
        parent=str(parent) if parent else None,
        manifest=data,
    )


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
