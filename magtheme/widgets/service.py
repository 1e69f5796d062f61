"""The site's widgets as stored: read from and written to its options.

What ``magtheme widget …`` and Appearance → Widgets share, so the two accept and refuse
exactly the same changes: the active theme's widget areas, the stored ``widget_instances``
and ``sidebars_widgets``, the content check a person's settings must pass, and the one
transaction a change is written in. The changes themselves are the pure functions of
:mod:`magtheme.widgets.store`.

Written widgets show on the next page at once: the options are read afresh by every
request, and a widget's cached output is keyed by its instance, area and settings
(:mod:`magtheme.cache`), so moved, changed or new widgets are never served from an old entry.

Every function here needs an app context.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..models import db
from ..options import DEFAULT_THEME, load_options, update_options
from ..themes.schema import Area
from . import INSTANCES_OPTION, SIDEBARS_OPTION, default_registry
from .store import Instances, Sidebars, StoreError


def active_areas() -> list[Area]:
    """The active theme chain's widget areas (child first, then its parents'), in order."""
    from .. import appearance, site  # site imports the widgets package

    slug = str(load_options().get("stylesheet") or DEFAULT_THEME)
    chain = site.theme_chain(slug)
    declared = appearance.chain_declarations([t.manifest for t in chain.themes])
    return list(declared.widget_areas)


def stored_widgets() -> tuple[Instances, Sidebars]:
    """Copies of ``widget_instances`` and ``sidebars_widgets`` as stored (read defensively)."""
    options = load_options()
    instances = options.get(INSTANCES_OPTION)
    sidebars = options.get(SIDEBARS_OPTION)
    return (
        dict(instances) if isinstance(instances, dict) else {},
        {
            str(k): [str(w) for w in v]
            for k, v in (sidebars if isinstance(sidebars, dict) else {}).items()
            if isinstance(v, list)
        },
    )


def check_content(instances: Mapping[str, Any], instance_id: str) -> None:
    """Refuse settings the site's content makes wrong (an author box's user must exist),
    with :class:`StoreError` naming the type and every problem."""
    stored = instances[instance_id]
    widget_type = default_registry().get(str(stored["type"]))
    problems = widget_type.problems(db.session, stored["settings"]) if widget_type else []
    if problems:
        raise StoreError(f"widget type {stored['type']!r}: {' '.join(problems)}")


def save_widgets(values: Mapping[str, Any]) -> None:
    """Write the changed widget options (``widget_instances``, ``sidebars_widgets``) in one
    transaction; nothing is written when one is refused."""
    try:
        update_options(values, commit=False)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


__all__ = ["active_areas", "check_content", "save_widgets", "stored_widgets"]
