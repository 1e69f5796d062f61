"""Magazine's footer grid: as many columns as widget areas with widgets, in both Magazine
and its child Magazine Dark (which replaces only the footer's last part, site-info)."""

from __future__ import annotations

import lxml.html
import pytest
from flask import Flask

from magtheme import site
from magtheme.models import db
from magtheme.options import forget_options, get_option, update_option
from magtheme.themes.activation import activate
from magtheme.widgets import default_registry
from magtheme.widgets.store import add_widgets

FOOTER_AREAS = ("footer-1", "footer-2", "footer-3")


def footer_of(app: Flask, theme: str, filled: tuple[str, ...]) -> lxml.html.HtmlElement:
    """The home page's footer with *theme* active and a widget in each of *filled*."""
    activate(theme, site.installed_themes(app))
    instances, sidebars = add_widgets(
        get_option("widget_instances") or {},
        get_option("sidebars_widgets") or {},
        registry=default_registry(),
        areas=list(FOOTER_AREAS),
        widgets=[("custom-html", area, {"content": f"<p>In {area}</p>"}) for area in filled],
    )
    update_option("widget_instances", instances)
    update_option("sidebars_widgets", sidebars)
    db.session.commit()
    forget_options()
    response = app.test_client().get("/")
    assert response.status_code == 200
    (footer,) = lxml.html.fromstring(response.get_data(as_text=True)).find_class("site-footer")
    return footer


@pytest.mark.parametrize("theme", ["magazine", "magazine-dark"])
@pytest.mark.parametrize(
    ("filled", "columns"),
    [
        (("footer-1",), 1),
        (("footer-3",), 1),
        (("footer-1", "footer-2"), 2),
        (("footer-1", "footer-3"), 2),
        (FOOTER_AREAS, 3),
    ],
)
def test_the_footer_grid_has_a_column_per_area_with_widgets(
    app: Flask, theme: str, filled: tuple[str, ...], columns: int
) -> None:
    footer = footer_of(app, theme, filled)
    (grid,) = footer.find_class("footer-widgets")
    assert grid.get("class").split() == ["footer-widgets", f"footer-columns-{columns}"]
    shown = grid.find_class("footer-column")
    assert len(shown) == columns
    # Each column keeps the number of its area, so its landmark names the same column.
    assert [c.get("aria-label") for c in shown] == [
        f"Footer, column {FOOTER_AREAS.index(area) + 1}" for area in filled
    ]
    assert [c.text_content().strip() for c in shown] == [f"In {area}" for area in filled]


@pytest.mark.parametrize("theme", ["magazine", "magazine-dark"])
def test_a_footer_without_widgets_has_no_grid(app: Flask, theme: str) -> None:
    footer = footer_of(app, theme, ())
    assert footer.find_class("footer-widgets") == []
    assert footer.find_class("site-info")
