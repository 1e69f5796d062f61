"""Per-app site state built once: themes, the active chain, rewrite rules.

Everything here is cached on the app and rebuilt only when what it depends on changes (the
active theme option, the permalink options), so a request never re-reads a theme folder
outside debug mode, and a theme switched by the command line is picked up on the next request.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from .hierarchy import HierarchyFilters
from .themes import Theme, ThemeChain, build_chain
from .themes.chain import manifest_mtime
from .themes.discovery import BUNDLED_DIR, discover_all
from .types import Registry


def registry(app: Flask | None = None) -> Registry:
    app = app or current_app
    reg: Registry = app.extensions["magtheme.registry"]
    return reg


def hierarchy_filters(app: Flask | None = None) -> HierarchyFilters:
    app = app or current_app
    filters: HierarchyFilters = app.extensions.setdefault(
        "magtheme.hierarchy_filters", HierarchyFilters()
    )
    return filters


def theme_folders(app: Flask | None = None) -> list[Path]:
    """Bundled themes first, then the site's own (which win on a shared slug)."""
    app = app or current_app
    folders = [BUNDLED_DIR, Path(app.instance_path) / "themes"]
    folders += [Path(p) for p in app.config.get("SITE_THEME_DIRS", [])]
    return folders


def installed_themes(app: Flask | None = None) -> dict[str, Theme]:
    """Bundled < installed packages (entry points) < the site's folders (see discovery)."""
    app = app or current_app
    bundled, site_dir, *extra = theme_folders(app)
    return discover_all(bundled, site_dir, extra)


def theme_chain(slug: str, app: Flask | None = None) -> ThemeChain:
    """The cached chain for theme *slug* (rebuilt on every call in debug mode)."""
    app = app or current_app
    debug = bool(app.debug or app.config.get("TEMPLATES_AUTO_RELOAD"))
    cache: dict[str, ThemeChain] = app.extensions.setdefault("magtheme.chains", {})
    chain = cache.get(slug)
    if debug or chain is None or not _still_current(chain):
        chain = cache[slug] = build_chain(slug, installed_themes(app), auto_reload=debug)
    return chain


def _still_current(chain: ThemeChain) -> bool:
    """Whether no theme of *chain* was replaced on disk (a reinstall, say) since it was built.

    One stat per theme of the chain: the manifest's modification time.
    """
    return all(manifest_mtime(t) == chain.built_mtimes.get(t.slug) for t in chain.themes)
