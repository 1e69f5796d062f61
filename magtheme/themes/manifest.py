"""Reading one theme folder: its ``theme.toml`` manifest and where its files are."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
