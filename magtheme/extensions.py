"""Code extensions come from installed Python packages, through entry points.

A package declares, in its ``pyproject.toml``, a function that takes a registry::

    [project.entry-points."magtheme.shortcodes"]
    my-shortcodes = "my_package.shortcodes:register"

Groups: ``magtheme.themes`` (theme folders, see themes/discovery.py), ``magtheme.widgets``,
``magtheme.shortcodes`` and ``magtheme.blocks``. Themes themselves never carry code.
"""

from __future__ import annotations

import logging
from importlib.metadata import entry_points
from typing import Any

log = logging.getLogger(__name__)


def load_entry_points(group: str, registry: Any, kind: str) -> list[str]:
    """Let every installed package of entry-point *group* register into *registry*.

    Each entry point names a function that takes the registry. A package that fails to load
    or register is logged (naming the package and the error) and skipped, so one broken
    extension cannot take the site down. Returns the names of the entry points loaded.
    """
    loaded = []
    for entry in sorted(entry_points(group=group), key=lambda e: e.name):
        where = f"{entry.name} = {entry.value}"
        try:
            register = entry.load()
            if not callable(register):
                raise TypeError(f"it is not a function that takes the {kind} registry")
            register(registry)
        except Exception as exc:  # a third-party package: report it, keep the site up
            log.error("%s package %r (%s) was not loaded: %s", kind, entry.name, where, exc)
            continue
        loaded.append(entry.name)
    return loaded
