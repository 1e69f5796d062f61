"""Appearance → Widgets: every action changes what the public site shows, at once."""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest
from flask import Flask
from flask.testing import FlaskClient

from magtheme.options import forget_options, get_option, update_options

from .adminkit import csrf_token, make_person, post_form, signed_in
from .factories import make_post, make_term

pytestmark = pytest.mark.usefixtures("app")

URL = "/wp-admin/widgets.php"


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return signed_in(app.test_client(), make_person("administrator", "ada"))


def _place(sidebars: dict[str, list[str]], **instances: tuple[str, dict[str, Any]]) -> None:
    """Store widgets as instance id → (type, settings), placed as *sidebars* says."""
    update_options(
        {
            "widget_instances": {
                key.replace("_", "-"): {"type": kind, "settings": settings}
                for key, (kind, settings) in instances.items()
            },
            "sidebars_widgets": sidebars,
        }
    )
    forget_options()


def _three_texts() -> None:
    _place(
        {"sidebar": ["text-2", "text-3", "text-4"]},
        text_2=("text", {"title": "Alpha", "text": "a"}),
        text_3=("text", {"title": "Beta", "text": "b"}),
        text_4=("text", {"title": "Gamma", "text": "c"}),
    )


def shown(app: Flask, where: str = "sidebar") -> list[str]:
    """The ids of the widgets a visitor's home page shows in the sidebar (or a footer
    column, "footer-1"), in order."""
    tree = lxml.html.fromstring(app.test_client().get("/").text)
    if where == "sidebar":
        boxes = tree.xpath('//aside[contains(@class, "site-sidebar")]')
    else:
        label = f"Footer, column {where.rsplit('-', 1)[1]}"
        boxes = tree.xpath(f'//div[contains(@class, "footer-column")][@aria-label="{label}"]')
    if not boxes:
        return []
    return [str(s.get("id")) for s in boxes[0].xpath('.//section[contains(@class, "widget ")]')]


def _stored() -> tuple[dict[str, Any], dict[str, list[str]]]:
    forget_options()
    return get_option("widget_instances") or {}, get_option("sidebars_widgets") or {}


def _area_ids(page: str, area: str) -> list[str]:
    """The widget ids the screen lists in *area*, in order."""
    tree = lxml.html.fromstring(page)
    return [str(li.get("data-widget")) for li in tree.xpath(f'//ol[@data-sidebar="{area}"]/li')]


def test_the_screen_shows_the_themes_areas_the_inactive_widgets_and_the_types(
    admin: FlaskClient,
) -> None:
    _place(
        {"sidebar": ["text-2"], "wp_inactive_widgets": ["search-2"]},
        text_2=("text", {"title": "Hello"}),
        search_2=("search", {}),
    )
    page = admin.get(URL)
    assert page.status_code == 200
    text = page.text
    for name in ("Sidebar", "Home page", "Footer, first column", "Inactive Widgets"):
        assert f'>{name} <span class="count">' in text
    assert "Beside stories and lists on wide screens, after them on small ones." in text
    assert _area_ids(text, "sidebar") == ["text-2"]
    assert _area_ids(text, "wp_inactive_widgets") == ["search-2"]
    assert '<h3 id="widget-text-2-title">Text: Hello</h3>' in text
    assert "<summary>Recent Posts</summary>" in text
    assert "The newest public posts, of one category when set." in text
    assert "Clear Inactive Widgets" in text
    assert '<a href="/wp-admin/widgets.php" aria-current="page">Widgets</a>' in text


def test_adding_places_the_type_last_in_its_area_with_its_defaults(
    app: Flask, admin: FlaskClient
) -> None:
    make_post("Harbour reopens")  # a recent posts list without posts shows nothing
    sent = post_form(admin, URL, {"action": "add", "type": "recent-posts", "sidebar": "sidebar"})
    assert sent.status_code == 303
    assert sent.headers["Location"].endswith("/wp-admin/widgets.php#widget-recent-posts-2")
    assert "Widget added to Sidebar: Recent Posts." in admin.get(URL).text
    post_form(admin, URL, {"action": "add", "type": "search", "sidebar": "sidebar"})
    assert shown(app) == ["recent-posts-2", "search-2"]
    instances, _ = _stored()
    assert instances["recent-posts-2"]["settings"]["number"] == 5
    refused = post_form(admin, URL, {"action": "add", "type": "weather", "sidebar": "sidebar"})
    assert refused.status_code == 422
    assert "Unknown widget type &#39;weather&#39;; the types are:" in refused.text


def test_adding_to_a_footer_column_shows_it_there(app: Flask, admin: FlaskClient) -> None:
    post_form(admin, URL, {"action": "add", "type": "search", "sidebar": "footer-2"})
    assert shown(app, "footer-2") == ["search-2"]
    assert shown(app) == []


def test_saving_settings_changes_what_the_site_shows(app: Flask, admin: FlaskClient) -> None:
    post_form(admin, URL, {"action": "add", "type": "text", "sidebar": "sidebar"})
    sent = post_form(
        admin,
        URL,
        {
            "action": "save",
            "widget": "text-2",
            "field.title": "Harbour notes",
            "field.text": "High tide at six.",
            "field.filter": "false",
        },
    )
    assert sent.status_code == 303
    assert "Widget saved: Text “Harbour notes”." in admin.get(URL).text
    home = app.test_client().get("/").text
    assert "Harbour notes" in home and "High tide at six." in home
    assert _stored()[0]["text-2"]["settings"]["filter"] is False
    # A ticked box sends its hidden "false" and then "true": the last one counts.
    post_form(admin, URL, {"action": "save", "widget": "text-2", "field.filter": ["false", "true"]})
    settings = _stored()[0]["text-2"]["settings"]
    assert settings["filter"] is True and settings["title"] == "Harbour notes"


def test_bad_settings_are_refused_with_messages_beside_their_fields_and_kept(
    app: Flask, admin: FlaskClient
) -> None:
    make_post("Harbour reopens")
    _place({"sidebar": ["recent-posts-2"]}, recent_posts_2=("recent-posts", {"title": "Quayside"}))
    sent = post_form(
        admin,
        URL,
        {
            "action": "save",
            "widget": "recent-posts-2",
            "field.title": "Ferry desk",
            "field.number": "50",
            "field.show_date": "false",
        },
    )
    assert sent.status_code == 422
    text = sent.text
    message = "Number of posts to show: number must be between 1 and 20, not 50."
    assert f'<a href="#widget-recent-posts-2-number">{message}</a>' in text
    assert f'<p class="field-error" id="widget-recent-posts-2-number-error">{message}</p>' in text
    assert (
        'id="widget-recent-posts-2-number" name="field.number" '
        'aria-describedby="widget-recent-posts-2-number-error" aria-invalid="true" value="50"'
    ) in text
    assert 'value="Ferry desk"' in text
    assert '<details class="widget-settings" open>' in text
    assert _stored()[0]["recent-posts-2"]["settings"]["title"] == "Quayside"
    home = app.test_client().get("/").text
    assert "Quayside" in home and "Ferry desk" not in home


def test_settings_the_sites_content_makes_wrong_are_refused_as_the_command_line_refuses(
    admin: FlaskClient,
) -> None:
    make_term("Harbour", slug="harbour")
    _place({"sidebar": ["recent-posts-2"]}, recent_posts_2=("recent-posts", {}))
    sent = post_form(
        admin, URL, {"action": "save", "widget": "recent-posts-2", "field.category": "nowhere"}
    )
    assert sent.status_code == 422
    assert "Widget type &#39;recent-posts&#39;: there is no category &#39;nowhere&#39;" in sent.text
    assert "harbour" in sent.text
    assert 'value="nowhere"' in sent.text
    ok = post_form(
        admin, URL, {"action": "save", "widget": "recent-posts-2", "field.category": "harbour"}
    )
    assert ok.status_code == 303


def test_move_up_and_down_within_an_area(app: Flask, admin: FlaskClient) -> None:
    _three_texts()
    sent = post_form(admin, URL, {"action": "down", "widget": "text-2"})
    assert sent.status_code == 303
    assert "Widget moved: Text “Alpha” is now 2 of 3 in Sidebar." in admin.get(URL).text
    assert shown(app) == ["text-3", "text-2", "text-4"]
    post_form(admin, URL, {"action": "up", "widget": "text-4"})
    assert shown(app) == ["text-3", "text-4", "text-2"]
    first = post_form(admin, URL, {"action": "up", "widget": "text-3"})
    assert first.status_code == 422
    assert "Text “Beta” is already first in Sidebar." in first.text
    last = post_form(admin, URL, {"action": "down", "widget": "text-2"})
    assert last.status_code == 422 and "already last" in last.text


def test_move_to_another_area_and_to_the_inactive_widgets(app: Flask, admin: FlaskClient) -> None:
    _three_texts()
    sent = post_form(admin, URL, {"action": "move", "widget": "text-3", "sidebar": "footer-1"})
    assert sent.status_code == 303
    assert "Widget moved: Text “Beta” is now 1 of 1 in Footer, first column." in (
        admin.get(URL).text
    )
    assert shown(app) == ["text-2", "text-4"] and shown(app, "footer-1") == ["text-3"]
    post_form(admin, URL, {"action": "move", "widget": "text-2", "sidebar": "wp_inactive_widgets"})
    assert shown(app) == ["text-4"]
    page = admin.get(URL).text
    assert "is now 1 of 1 in Inactive Widgets." in page
    assert _area_ids(page, "wp_inactive_widgets") == ["text-2"]
    # Kept with its settings, it comes back as it was.
    post_form(admin, URL, {"action": "move", "widget": "text-2", "sidebar": "sidebar"})
    assert shown(app) == ["text-4", "text-2"]
    assert "Alpha" in app.test_client().get("/").text
    refused = post_form(admin, URL, {"action": "move", "widget": "text-2", "sidebar": "attic"})
    assert refused.status_code == 422
    assert "Unknown widget area &#39;attic&#39;; the areas are: sidebar, home" in refused.text


def test_delete_removes_the_widget_and_its_settings(app: Flask, admin: FlaskClient) -> None:
    _three_texts()
    sent = post_form(admin, URL, {"action": "delete", "widget": "text-3"})
    assert sent.status_code == 303
    assert "Widget deleted: Text “Beta”." in admin.get(URL).text
    assert shown(app) == ["text-2", "text-4"]
    instances, sidebars = _stored()
    assert "text-3" not in instances and sidebars["sidebar"] == ["text-2", "text-4"]
    gone = post_form(admin, URL, {"action": "delete", "widget": "text-3"})
    assert gone.status_code == 422 and "there is no widget" in gone.text.lower()


def test_clear_inactive_widgets_deletes_them_and_nothing_else(
    app: Flask, admin: FlaskClient
) -> None:
    _place(
        {"sidebar": ["text-2"], "wp_inactive_widgets": ["text-3", "search-2"]},
        text_2=("text", {"title": "Alpha"}),
        text_3=("text", {"title": "Beta"}),
        search_2=("search", {}),
    )
    post_form(admin, URL, {"action": "move", "widget": "text-3", "sidebar": "sidebar"})
    assert shown(app) == ["text-2", "text-3"]
    sent = post_form(admin, URL, {"action": "clear-inactive"})
    assert sent.status_code == 303
    page = admin.get(URL).text
    assert "Inactive widgets cleared: 1 widget deleted." in page
    assert "Clear Inactive Widgets" not in page  # nothing left to clear
    instances, sidebars = _stored()
    assert sorted(instances) == ["text-2", "text-3"] and sidebars["wp_inactive_widgets"] == []
    assert shown(app) == ["text-2", "text-3"]


def test_widgets_a_theme_switch_left_without_an_area_wait_among_the_inactive(
    admin: FlaskClient,
) -> None:
    post_form(admin, URL, {"action": "add", "type": "search", "sidebar": "home"})
    post_form(admin, "/wp-admin/themes.php", {"action": "activate", "theme": "classic"})
    page = admin.get(URL).text
    assert "The widget areas of Classic, the active theme." in page
    assert ">Home page <span" not in page
    assert _area_ids(page, "wp_inactive_widgets") == ["search-2"]


def test_the_classic_themes_sidebar_shows_what_is_added(classic: Flask) -> None:
    client = signed_in(classic.test_client(), make_person("administrator", "ada"))
    post_form(client, URL, {"action": "add", "type": "text", "sidebar": "sidebar"})
    post_form(client, URL, {"action": "save", "widget": "text-2", "field.title": "Ferry times"})
    home = lxml.html.fromstring(classic.test_client().get("/").text)
    headings = home.xpath('//section[@id="text-2"]/h2[@class="widget-title"]/text()')
    assert headings == ["Ferry times"]


def test_the_drag_and_drop_move_answers_json_with_the_new_place(
    app: Flask, admin: FlaskClient
) -> None:
    _three_texts()
    token = csrf_token(admin)
    json_headers = {"Accept": "application/json"}
    moved = admin.post(
        URL,
        data={
            "csrf_token": token,
            "action": "move",
            "widget": "text-4",
            "sidebar": "sidebar",
            "position": "1",
        },
        headers=json_headers,
    )
    assert moved.status_code == 200
    assert moved.json == {
        "message": "Widget moved: Text “Gamma” is now 1 of 3 in Sidebar.",
        "widget": "text-4",
        "sidebar": "sidebar",
        "position": 1,
    }
    assert shown(app) == ["text-4", "text-2", "text-3"]
    across = admin.post(
        URL,
        data={
            "csrf_token": token,
            "action": "move",
            "widget": "text-2",
            "sidebar": "footer-3",
            "position": "9",
        },
        headers=json_headers,
    )
    assert across.json["sidebar"] == "footer-3" and across.json["position"] == 1
    assert shown(app, "footer-3") == ["text-2"]
    bad = admin.post(
        URL,
        data={
            "csrf_token": token,
            "action": "move",
            "widget": "text-3",
            "sidebar": "sidebar",
            "position": "0",
        },
        headers=json_headers,
    )
    assert bad.status_code == 422
    assert bad.json == {"errors": ["Position must be 1 or more, not 0."]}
    assert shown(app) == ["text-4", "text-3"]


def test_each_widget_is_a_named_region_with_named_buttons(admin: FlaskClient) -> None:
    _three_texts()
    page = admin.get(URL).text
    assert '<section aria-labelledby="widget-text-3-title">' in page
    assert '<h3 id="widget-text-3-title">Text: Beta</h3>' in page
    up = (
        '<button type="submit" class="button" name="action" value="up"><span aria-hidden="true">'
        '↑</span> Move<span class="visually-hidden"> Text “Beta”</span> up</button>'
    )
    assert up in page
    assert 'Move<span class="visually-hidden"> Text “Alpha”</span> up' not in page  # first
    assert 'Move<span class="visually-hidden"> Text “Gamma”</span> down' not in page  # last
    assert 'id="widgets-status" class="widgets-status" role="status" aria-live="polite"' in page
    assert "widgets.js" in page
    tree = lxml.html.fromstring(page)
    for control in tree.xpath("//input[not(@type='hidden')] | //select | //textarea"):
        assert tree.xpath(f'//label[@for="{control.get("id")}"]'), control.get("id")


def test_a_widget_of_an_uninstalled_type_is_shown_and_can_be_deleted(admin: FlaskClient) -> None:
    _place({"sidebar": ["weather-2"]}, weather_2=("weather", {"title": "Rain"}))
    page = admin.get(URL).text
    assert "weather (unknown type): Rain" in page
    assert "no installed package provides this type" in page
    edit = post_form(admin, URL, {"action": "save", "widget": "weather-2", "field.title": "x"})
    assert edit.status_code == 422 and "can be moved or deleted, not edited" in edit.text
    assert post_form(admin, URL, {"action": "delete", "widget": "weather-2"}).status_code == 303
    assert "weather-2" not in _stored()[0]


@pytest.mark.parametrize("role", ["editor", "author", "subscriber"])
def test_only_those_who_edit_theme_options_may_use_it(app: Flask, role: str) -> None:
    _three_texts()
    client = signed_in(app.test_client(), make_person(role, "pat"))
    assert client.get(URL).status_code == 403
    refused = post_form(client, URL, {"action": "delete", "widget": "text-2"})
    assert refused.status_code == 403
    assert "text-2" in _stored()[0]
