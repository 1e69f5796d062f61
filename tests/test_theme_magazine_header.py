"""Magazine's chrome in the markup: today's date in the top bar, the header settings, the
dropdowns' mega menu (its stories loaded in a fixed number of statements), the scripts and
what works without them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from magtheme import site
from magtheme.dates import format_date, site_now, site_zone
from magtheme.menus.store import ItemChanges, add_term_item, find_menu
from magtheme.models import Term, db
from magtheme.options import forget_options, get_option, update_option
from magtheme.views import public
from tests.conftest import StatementCounter
from tests.factories import make_post
from tests.test_theme_magazine import page, set_mod, start_magazine
from tests.widgetkit import add_to_areas, widget_html


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return start_magazine(app)


def between(html: str, start: str, end: str) -> str:
    assert start in html, start
    return html.split(start, 1)[1].split(end, 1)[0]


# -- today() --------------------------------------------------------------------------------


def test_today_is_the_sites_local_time() -> None:
    late = datetime(2026, 1, 1, 23, 30)  # naive: UTC, as the database keeps it
    tokyo = site_now({"timezone_string": "Asia/Tokyo"}, late)
    assert tokyo.date().isoformat() == "2026-01-02" and tokyo.isoformat().endswith("+09:00")
    assert format_date(tokyo, "l, F j, Y") == "Friday, January 2, 2026"
    # No zone name: the UTC offset in hours; an unknown name falls back to it too.
    assert site_now({"gmt_offset": -5}, late).hour == 18
    assert site_now({"timezone_string": "Mars/Olympus", "gmt_offset": "5.5"}, late).minute == 0
    assert site_now({"timezone_string": "Mars/Olympus", "gmt_offset": "5.5"}, late).hour == 5
    assert site_zone({}) is UTC
    assert site_now({}, datetime(2026, 1, 1, 23, 30, tzinfo=UTC)).day == 1


def test_the_top_bar_shows_today_in_the_sites_time_zone(client: FlaskClient) -> None:
    # Kiritimati is UTC+14: most of the day its date is not UTC's.
    update_option("timezone_string", "Pacific/Kiritimati")
    forget_options()
    zone = ZoneInfo("Pacific/Kiritimati")
    before = datetime.now(zone)
    html = page(client, "/")
    after = datetime.now(zone)
    bar = between(
        html,
        '<div class="top-bar" role="region" aria-label="Today">',
        '<header class="site-header">',
    )
    shown = re.search(r'<p class="top-bar-date"><time datetime="([\d-]+)">([^<]+)</time></p>', bar)
    assert shown is not None
    assert shown.group(1) in {before.date().isoformat(), after.date().isoformat()}
    assert shown.group(2) in {format_date(d, "l, F j, Y") for d in (before, after)}
    set_mod("top_bar_date", "false")
    assert 'class="top-bar-date"' not in page(client, "/")


def test_the_top_bar_date_and_the_widgets_are_of_one_moment(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page reads the clock once: its top-bar date and its widgets' stories are of the same
    moment, so a page rendered as midnight passes never shows one day's date over the next
    day's stories (the moment here: a second before midnight in Tokyo, years from now)."""
    update_option("timezone_string", "Asia/Tokyo")
    moment = datetime(2040, 1, 1, 14, 59, 59)  # UTC: 23:59:59 on Sunday 1 January in Tokyo
    # Scheduled for a second earlier: shown from that moment on, by the widgets too.
    make_post("Filed before midnight", status="future", date=moment - timedelta(seconds=1))
    [latest] = add_to_areas(("recent-posts", "sidebar", {"title": "Latest"}))
    monkeypatch.setattr(public, "now_gmt", lambda: moment)
    html = page(client, "/")
    assert '<time datetime="2040-01-01">Sunday, January 1, 2040</time>' in html
    assert "Filed before midnight" in widget_html(html, latest)


# -- the top bar and the dark-mode switch ---------------------------------------------------


def test_the_dark_mode_switch_is_printed_hidden_and_the_bar_keeps_the_ticker(
    client: FlaskClient,
) -> None:
    bar = between(
        page(client, "/"), '<div class="top-bar" role="region" aria-label="Today">', "</header>"
    )
    assert '<button type="button" class="color-scheme-toggle" aria-pressed="false" hidden>' in bar
    assert 'data-magtheme-ticker="breaking"' in bar
    set_mod("dark_mode_toggle", "false")
    assert "color-scheme-toggle" not in page(client, "/")


def test_a_top_bar_with_nothing_but_the_switch_is_hidden_until_the_script_runs(
    client: FlaskClient,
) -> None:
    set_mod("top_bar_date", "false")
    set_mod("ticker_position", "hidden")
    # The demo's social menu is in the top bar too: take it away.
    locations = dict(get_option("nav_menu_locations") or {})
    update_option("nav_menu_locations", {**locations, "social": 0})
    forget_options()
    html = page(client, "/")
    assert (
        '<div class="top-bar" role="region" aria-label="Today" hidden data-shown-by-script>' in html
    )
    set_mod("dark_mode_toggle", "false")
    assert 'class="top-bar"' not in page(client, "/")


def test_the_remembered_scheme_is_applied_from_head_before_the_styles(
    client: FlaskClient,
) -> None:
    html = page(client, "/")
    head = between(html, "<head>", "</head>")
    scripts = re.findall(r"<script[^>]*>", head)
    # color-scheme.js is a file (nothing inline), loaded without defer or async, before
    # the stylesheet: it runs before the first paint. magazine.js waits for the document.
    assert scripts[0].startswith('<script src="/themes/magazine/static/js/color-scheme.js?v=')
    assert "defer" not in scripts[0] and "async" not in scripts[0]
    assert head.index("color-scheme.js") < head.index("magazine.css")
    assert any("/js/magazine.js?v=" in s and " defer" in s for s in scripts)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # no inline script at all
    source = client.get("/themes/magazine/static/js/color-scheme.js")
    assert source.status_code == 200 and b"localStorage" in source.data


# -- header settings ------------------------------------------------------------------------


def body_classes(html: str) -> set[str]:
    found = re.search(r'<body class="([^"]*)"', html)
    assert found is not None
    return set(found.group(1).split())


def test_header_settings_become_body_classes(client: FlaskClient) -> None:
    classes = body_classes(page(client, "/"))
    assert "header-left" in classes
    assert not classes & {"header-solid", "header-simple", "header-sticky", "header-short"}
    for setting in ("header_solid", "header_sticky", "short_header"):
        set_mod(setting, "true")
    set_mod("header_layout", "centered")
    classes = body_classes(page(client, "/"))
    assert {"header-centered", "header-solid", "header-sticky", "header-short"} <= classes


def test_the_simplified_header_is_for_inner_pages_only(client: FlaskClient) -> None:
    set_mod("header_simplified", "true")
    home = page(client, "/")
    assert "header-simple" not in body_classes(home)
    assert 'class="site-description"' in home  # the front page keeps its tagline
    for path in ("/category/world/", "/about/", "/?s=peace"):
        inner = page(client, path)
        assert "header-simple" in body_classes(inner), path
        assert 'class="site-description"' not in inner, path


@pytest.mark.parametrize(
    "setting", ["header_solid", "header_simplified", "header_sticky", "mega_menu"]
)
def test_a_header_switch_refuses_what_is_not_true_or_false(
    client: FlaskClient, setting: str
) -> None:
    with pytest.raises(ValueError, match="maybe"):
        set_mod(setting, "maybe")


def test_without_javascript_the_menu_opens_by_a_link_to_itself(client: FlaskClient) -> None:
    html = page(client, "/")
    assert '<a class="menu-toggle" href="#site-navigation">Menu</a>' in html
    assert '<div class="nav-bar" id="site-navigation">' in html
    assert '<a class="menu-close" href="#content">Close menu</a>' in html


# -- the mega menu --------------------------------------------------------------------------


def test_the_mega_menu_is_off_by_default(client: FlaskClient) -> None:
    html = page(client, "/")
    assert "mega-menu" not in html
    # The dropdown is WordPress's sub-menu, as before.
    world = between(html, 'id="menu-item-71"', "</li>\n<li")
    assert '<ul class="sub-menu">' in world and "Europe</a>" in world


def newest_titles(slug: str, count: int) -> list[str]:
    from magtheme.models import Post, TermRelationship

    term = db.session.scalars(select(Term).where(Term.slug == slug, Term.taxonomy == "category"))
    term_id = term.one().id
    rows = db.session.scalars(
        select(Post.title)
        .join(TermRelationship, TermRelationship.post_id == Post.id)
        .where(TermRelationship.term_id == term_id, Post.status == "publish")
        .order_by(Post.date.desc(), Post.id.desc())
        .limit(count)
    )
    return list(rows)


def test_a_category_item_shows_its_four_latest_stories(client: FlaskClient) -> None:
    set_mod("mega_menu", "true")
    html = page(client, "/")
    nav = between(html, '<nav class="primary-navigation"', "</nav>")
    world = between(nav, 'id="menu-item-71"', '<li id="menu-item-73"')
    assert 'class="menu-item menu-item-type-taxonomy menu-item-object-category' in world
    assert "has-mega-menu" in world
    panel = between(world, '<div class="mega-menu">', "</div>\n</div>")
    # Its sub-menu stays in the panel, then the stories, newest first, each with its image.
    assert panel.index("Europe</a>") < panel.index("Latest in World")
    stories = re.findall(r'<span class="mega-story-title">(.*?)</span>', panel)
    expected = newest_titles("world", 4)
    assert len(stories) == 4 and [s.replace("&#8217;", "’") for s in stories] == [
        t.replace("'", "’") for t in expected
    ]
    assert panel.count('<li class="mega-story"><a href="http') == 4
    assert panel.count('<img src="/wp-content/uploads/') == 4 and 'loading="lazy"' in panel
    # Items that are no category (Home, a page) get no panel.
    for item in ("menu-item-70", "menu-item-80"):
        assert "mega-menu" not in between(nav, f'id="{item}"', "</li>")
    # Other menus never get one: the footer and social menus are not the primary.
    assert html.count('<div class="mega-menu">') == len(re.findall(r"has-mega-menu", html))


def add_category_items(slugs: list[str]) -> None:
    menu = find_menu(db.session, "main-menu")
    assert menu is not None
    for slug in slugs:
        term = db.session.scalars(
            select(Term).where(Term.slug == slug, Term.taxonomy == "category")
        ).one()
        add_term_item(db.session, menu, "category", term.id, ItemChanges(), site.registry())
    db.session.commit()
    forget_options()


def test_mega_menu_statements_do_not_grow_with_its_items(
    client: FlaskClient, sql_counter: StatementCounter
) -> None:
    set_mod("mega_menu", "true")
    counts = []
    panels = []
    for more in ([], ["culture", "science", "football"]):
        add_category_items(more)
        client.get("/")  # what a process loads once
        sql_counter.reset()
        html = page(client, "/")
        counts.append(sql_counter.count)
        panels.append(html.count('<div class="mega-menu">'))
    # Every top-level category item has its panel: the demo's seven, then three more.
    assert panels[0] >= 5 and panels[1] == panels[0] + 3
    assert counts[0] == counts[1], counts
    set_mod("mega_menu", "false")
    client.get("/")
    sql_counter.reset()
    page(client, "/")
    # The stories of eight categories: a few statements at once (slugs, posts, images).
    assert counts[1] - sql_counter.count <= 4, (counts, sql_counter.count)
