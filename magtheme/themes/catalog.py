"""The site's installed themes as people see them: one card per theme, with its check.

``magtheme theme list`` and the admin's Themes screen show the same facts from here: name,
version, author, parent, whether it is active, and what ``magtheme theme check`` finds (a
theme with errors cannot be activated or previewed; its card says why, file and line).
Folders that are not themes at all (a broken ``theme.toml``) get a card too, so nothing
installed is invisible.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask

from .. import site
from .activation import Checker, default_checker
from .chain import build_chain
from .discovery import broken_themes
from .manifest import Theme, ThemeError


@dataclass
class ThemeCard:
    """One installed theme (or a folder that fails to be one)."""

    slug: str
    name: str
    version: str
    author: str
    description: str
    parent: str | None
    path: Path
    active: bool
    #: The check's findings; errors forbid activating and previewing.
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Where the theme lives: the site's own folder (may be deleted) or elsewhere.
    in_site_folder: bool = False
    #: A folder that is not a theme at all (its ``theme.toml`` cannot be read).
    broken: bool = False

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def screenshot(self) -> Path | None:
        shot = self.path / "screenshot.png"
        return shot if shot.is_file() else None


def _findings(
    slug: str, themes: Mapping[str, Theme], check: Checker | None
) -> tuple[list[str], list[str]]:
    try:
        build_chain(slug, dict(themes))
    except ThemeError as exc:
        return [str(exc)], []
    if check is None:
        return [], []
    report = check(slug, themes)
    # A checker promises errors; the engine's own (check_theme) also lists warnings.
    warnings = getattr(report, "warnings", [])
    return [str(f) for f in report.errors], [str(f) for f in warnings]


def theme_cards(app: Flask, active: str, *, check: Checker | None = None) -> list[ThemeCard]:
    """Every installed theme, the active one first, then by name; broken folders last."""
    check = check or default_checker()
    themes = site.installed_themes(app)
    site_dir = (Path(app.instance_path) / "themes").resolve()
    cards = []
    for slug, theme in themes.items():
        errors, warnings = _findings(slug, themes, check)
        cards.append(
            ThemeCard(
                slug=slug,
                name=theme.name,
                version=theme.version,
                author=str(theme.manifest.get("author") or ""),
                description=theme.description,
                parent=theme.parent,
                path=theme.path,
                active=slug == active,
                errors=errors,
                warnings=warnings,
                in_site_folder=theme.path.resolve().parent == site_dir,
            )
        )
    cards.sort(key=lambda c: (not c.active, c.name.lower(), c.slug))
    for folder, reason in sorted(broken_themes(site.theme_folders(app)).items()):
        cards.append(
            ThemeCard(
                slug=folder.name,
                name="",
                version="",
                author="",
                description="",
                parent=None,
                path=folder,
                active=folder.name == active and folder.name not in themes,
                errors=[reason],
                in_site_folder=folder.resolve().parent == site_dir,
                broken=True,
            )
        )
    return cards


def install_validator(
    themes: Mapping[str, Theme], check: Checker | None
) -> Callable[[Theme], None]:
    """What ``install_theme`` runs on an unpacked upload: refuse it, listing every error the
    check finds, before anything reaches the site's themes folder."""

    def validate(candidate: Theme) -> None:
        if check is None:
            return
        report = check(candidate.slug, {**themes, candidate.slug: candidate})
        if report.ok:
            return
        count = len(report.errors)
        findings = "\n".join(f"  - {finding}" for finding in report.errors)
        raise ThemeError(
            f"the theme has {count} error{'s' if count != 1 else ''} and was not installed:\n"
            f"{findings}\nFix them (run 'magtheme theme check' on the unpacked folder) and "
            "upload it again."
        )

    return validate
