"""The demo site: a news magazine shipped as a WordPress export and loaded like any other.

``demo.xml`` is written by ``bench/make_demo.py``. WXR carries no options, so
:func:`load_demo` sets the two the demo needs after importing it, in the same
transaction: the privacy policy page and the primary menu location.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from ..models import db
from ..options import forget_options, get_option, update_option
from ..types import Registry
from ..wxr import ImportReport, import_document, read_wxr
from ..wxr.importer import site_timezone

#: The demo site's export (WXR 1.2).
DEMO_WXR: Path = Path(__file__).with_name("demo.xml")
#: The page that :func:`load_demo` makes the privacy policy.
PRIVACY_POLICY_SLUG = "privacy-policy"
#: The menu that :func:`load_demo` puts in the theme's ``primary`` location.
MAIN_MENU_SLUG = "main-menu"


def load_demo(*, registry: Registry | None = None) -> ImportReport:
    """Import the demo site, then point the privacy policy and primary menu at its content.

    Works on any site (IDs are remapped when content exists); all or nothing. Raises
    :class:`~magtheme.wxr.WXRError` like any import.
    """
    if registry is None:
        registry = current_app.extensions["magtheme.registry"]
    document = read_wxr(DEMO_WXR, timezone=site_timezone())
    privacy = next(
        item.post_id
        for item in document.items
        if item.post_type == "page" and item.slug == PRIVACY_POLICY_SLUG
    )
    try:
        report = import_document(document, registry=registry, commit=False)
        page_id = report.post_ids[privacy]
        menu_id = report.term_ids[("nav_menu", MAIN_MENU_SLUG)]
        locations = dict(get_option("nav_menu_locations") or {})
        locations["primary"] = menu_id
        report.options["wp_page_for_privacy_policy"] = update_option(
            "wp_page_for_privacy_policy", page_id, commit=False
        )
        report.options["nav_menu_locations"] = update_option(
            "nav_menu_locations", locations, commit=False
        )
        _place_demo_widgets(report)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        forget_options()
        raise
    return report


#: What a new site shows in classic's areas: (type, area, settings).
DEMO_WIDGETS: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("search", "sidebar", {}),
    ("recent-posts", "sidebar", {"number": 5, "show_date": True}),
    (
        "popular-posts",
        "sidebar",
        {"title": "Most discussed", "orderby": "comments", "period": "all"},
    ),
    ("recent-comments", "sidebar", {"number": 4}),
    ("categories", "sidebar", {"count": True}),
    ("archives", "footer", {}),
    ("tag-cloud", "footer", {}),
)


def _place_demo_widgets(report: ImportReport) -> None:
    """Put a few widgets in the sidebar and footer, unless the site has widgets already."""
    from ..widgets import INSTANCES_OPTION, SIDEBARS_OPTION, default_registry
    from ..widgets.store import add_widgets

    instances = dict(get_option(INSTANCES_OPTION) or {})
    if instances:
        return
    sidebars: dict[str, list[str]] = {
        k: list(v) for k, v in (get_option(SIDEBARS_OPTION) or {}).items() if isinstance(v, list)
    }
    instances, sidebars = add_widgets(
        instances,
        sidebars,
        registry=default_registry(),
        areas=["sidebar", "footer"],
        widgets=DEMO_WIDGETS,
    )
    report.options[INSTANCES_OPTION] = update_option(INSTANCES_OPTION, instances, commit=False)
    report.options[SIDEBARS_OPTION] = update_option(SIDEBARS_OPTION, sidebars, commit=False)


__all__ = ["DEMO_WXR", "MAIN_MENU_SLUG", "PRIVACY_POLICY_SLUG", "load_demo"]
