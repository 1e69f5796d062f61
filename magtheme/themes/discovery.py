"""Finding installed themes: the bundled folder, the site's folder and installed packages.

Where themes come from, lowest precedence first:

1. **bundled** — the themes shipped with Magtheme (``classic`` …), :data:`BUNDLED_DIR`;
2. **installed packages** — Python distributions that declare an entry point in the group
   ``magtheme.themes`` (so ``pip install some-magtheme-theme`` makes a theme available);
3. **the site** — ``instance/themes/``, then any extra folders the site configures
   (``SITE_THEME_DIRS``), a later folder winning over an earlier one.

When two themes share a slug the higher one wins — **site > installed package > bundled** —
and a warning names both folders, so nobody wonders which copy is live. A folder whose
``theme.toml`` cannot be read is skipped with a warning; :func:`broken_themes` lists them.

The entry-point contract
------------------------

A package points at a theme folder, a folder holding ``theme.toml``, ``templates/`` … ::

    # pyproject.toml of the package
    [project.entry-points."magtheme.themes"]
    mytheme = "mytheme_pkg"                      # the package folder is the theme
    # or
    mytheme = "mytheme_pkg.themes:theme_path"    # a callable returning the folder

and ships the theme's files as package data (``theme.toml`` inside ``mytheme_pkg/``). The
entry point's value is loaded with :meth:`importlib.metadata.EntryPoint.load` and may resolve
to:

- a **module** (a package): the theme folder is the package's directory — the folder of its
  ``__init__.py`` (or the first ``__path__`` entry of a namespace package);
- a **callable** taking no arguments: it returns the theme folder as a ``str`` or path;
- a ``str`` or path object: the theme folder itself.

The slug is the one in ``theme.toml``; the entry point's name should match it (a warning says
so when it does not). A package that fails to import, or points at a folder without a readable
``theme.toml``, is skipped with a warning naming the entry point: one broken package never takes
the site down.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from types import ModuleType

from .manifest import Theme, ThemeError, read_theme

log = logging.getLogger(__name__)

#: The entry-point group installed theme packages declare.
ENTRY_POINT_GROUP = "magtheme.themes"


def _bundled_dir() -> Path:
    # A source checkout keeps the bundled themes in ``themes/`` beside the package; the wheel
    # carries the same folder inside the package as ``bundled_themes`` (see setup.py), since
    # an installed package has no checkout around it.
    package = Path(__file__).resolve().parent.parent
    shipped = package / "bundled_themes"
    return shipped if shipped.is_dir() else package.parent / "themes"


#: The folder of the themes shipped with Magtheme.
BUNDLED_DIR = _bundled_dir()


def _theme_folders(folder: Path) -> Iterable[Path]:
    """The sub-folders of *folder* that hold a ``theme.toml``, in name order."""
    if not folder.is_dir():
        return []
    return [child for child in sorted(folder.iterdir()) if (child / "theme.toml").is_file()]


def _add(found: dict[str, Theme], theme: Theme, where: str, origins: dict[str, str]) -> None:
    """Put *theme* in *found*, replacing (and reporting) any earlier theme with its slug."""
    earlier = found.get(theme.slug)
    if earlier is not None and earlier.path.resolve() != theme.path.resolve():
        log.warning(
            "theme %r: using %s (%s) instead of %s (%s); rename one slug to keep both.",
            theme.slug,
            theme.path,
            where,
            earlier.path,
            origins[theme.slug],
        )
    found[theme.slug] = theme
    origins[theme.slug] = where


def discover_themes(folders: Sequence[Path]) -> dict[str, Theme]:
    """Every readable theme in *folders*, by slug; later folders override earlier ones."""
    found: dict[str, Theme] = {}
    origins: dict[str, str] = {}
    for folder in folders:
        for child in _theme_folders(folder):
            try:
                theme = read_theme(child)
            except ThemeError as exc:
                log.warning("skipping theme: %s", exc)
                continue
            _add(found, theme, f"folder {folder}", origins)
    return found


def broken_themes(folders: Sequence[Path]) -> dict[Path, str]:
    """Theme folders in *folders* whose manifest cannot be read, with the reason."""
    broken: dict[Path, str] = {}
    for folder in folders:
        for child in _theme_folders(folder):
            try:
                read_theme(child)
            except ThemeError as exc:
                broken[child] = str(exc)
    return broken


def _entry_point_label(entry_point: metadata.EntryPoint) -> str:
    dist = getattr(entry_point, "dist", None)
    package = f" of package {dist.name!r}" if dist is not None else ""
    return f"entry point {entry_point.name!r} = {entry_point.value!r}{package}"


def entry_point_folder(entry_point: metadata.EntryPoint) -> Path:
    """The theme folder an entry point of ``magtheme.themes`` names (see the module docs).

    Raises :class:`ThemeError` when the value does not resolve to a folder.
    """
    label = _entry_point_label(entry_point)
    try:
        target = entry_point.load()
    except Exception as exc:  # third-party import code may raise anything
        raise ThemeError(f"{label}: cannot be loaded ({type(exc).__name__}: {exc}).") from None
    if isinstance(target, ModuleType):
        file = getattr(target, "__file__", None)
        paths = list(getattr(target, "__path__", []) or [])
        if file:
            folder = Path(file).parent
        elif paths:
            folder = Path(paths[0])
        else:
            raise ThemeError(f"{label}: module {target.__name__!r} has no folder on disk.")
    elif callable(target):
        try:
            result = target()
        except Exception as exc:  # third-party code may raise anything
            raise ThemeError(f"{label}: calling it failed ({type(exc).__name__}: {exc}).") from None
        if not isinstance(result, str | os.PathLike):
            raise ThemeError(
                f"{label}: the callable returned {type(result).__name__}, not a folder path."
            )
        folder = Path(result)
    elif isinstance(target, str | os.PathLike):
        folder = Path(target)
    else:
        raise ThemeError(
            f"{label}: resolves to a {type(target).__name__}; "
            "point it at a package, a callable returning a folder, or a folder path."
        )
    if not (folder / "theme.toml").is_file():
        raise ThemeError(
            f"{label}: {folder} has no theme.toml. "
            "Ship theme.toml inside the package (package data) or return the theme's folder."
        )
    return folder


def _entry_point_layer() -> list[tuple[Theme, str]]:
    """Each readable theme of an installed package, with its entry point's description."""
    layer: list[tuple[Theme, str]] = []
    # Looked up through the module so tests can monkeypatch importlib.metadata.entry_points.
    entry_points = metadata.entry_points(group=ENTRY_POINT_GROUP)
    for entry_point in sorted(entry_points, key=lambda e: (e.name, e.value)):
        try:
            theme = read_theme(entry_point_folder(entry_point))
        except ThemeError as exc:
            log.warning("skipping theme package: %s", exc)
            continue
        label = _entry_point_label(entry_point)
        if entry_point.name != theme.slug:
            log.warning(
                "%s: its theme.toml says slug %r, so that is the theme's name; "
                "name the entry point %r too.",
                label,
                theme.slug,
                theme.slug,
            )
        layer.append((theme, f"installed package, {label}"))
    return layer


def _folder_layer(folder: Path, where: str) -> list[tuple[Theme, str]]:
    return [(theme, where) for theme in discover_themes([folder]).values()]


def _merge(layers: Iterable[list[tuple[Theme, str]]]) -> dict[str, Theme]:
    found: dict[str, Theme] = {}
    origins: dict[str, str] = {}
    for layer in layers:
        for theme, where in layer:
            _add(found, theme, where, origins)
    return found


def entry_point_themes() -> dict[str, Theme]:
    """Themes of installed packages (entry-point group ``magtheme.themes``), by slug."""
    return _merge([_entry_point_layer()])


def discover_all(bundled: Path, site: Path, extra: Sequence[Path] = ()) -> dict[str, Theme]:
    """Every installed theme by slug: *bundled* < installed packages < *site* < *extra*.

    *bundled* is the project's ``themes/`` folder, *site* the site's ``instance/themes/`` and
    *extra* further site folders (``SITE_THEME_DIRS``). A slug found twice keeps the higher
    one, with a warning naming both folders.
    """
    layers = [_folder_layer(bundled, "bundled"), _entry_point_layer()]
    layers += [_folder_layer(folder, "site folder") for folder in (site, *extra)]
    return _merge(layers)
