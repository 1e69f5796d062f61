"""Appearance → Customize: a form from the theme's schema beside a live, unsaved preview."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from magtheme.options import forget_options, get_option
from magtheme.themes import mods

from .adminkit import make_person, post_form, signed_in
from .factories import make_term

pytestmark = pytest.mark.usefixtures("app")

URL = "/wp-admin/customize.php"


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return signed_in(app.test_client(), make_person("administrator", "ada"))


def _preview(client: FlaskClient, **values: str) -> object:
    return post_form(
        client, URL, {"action": "preview", **{f"mod.{k}": v for k, v in values.items()}}
    )


def test_the_form_is_the_themes_schema_in_its_sections(admin: FlaskClient) -> None:
    page = admin.get(URL)
    assert page.status_code == 200
    text = page.text
    assert "<h1>Customize: Magazine" in text
    for section in ("Colors", "Header", "Layout", "Articles"):
        assert f"<h2>{section}</h2>" in text
    assert '<input type="color" id="setting-primary_color" name="mod.primary_color"' in text
    assert 'value="#b3001b"' in text
    assert 'name="mod.home_sections"' in text and "category-posts" in text
    assert '<iframe id="customize-frame" src="/"' in text


def test_a_preview_shows_the_value_to_its_admin_only_and_stores_nothing(
    app: Flask, admin: FlaskClient
) -> None:
    sent = _preview(admin, primary_color="#123456")
    assert sent.status_code == 303
    assert "#123456" in admin.get("/").text
    assert "#123456" not in app.test_client().get("/").text
    assert mods.get_mods("magazine") == {}
    form = admin.get(URL).text
    assert 'value="#123456"' in form and "Unpublished changes" in form


def test_the_live_preview_answers_json(admin: FlaskClient) -> None:
    token = admin.get(URL).text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    ok = admin.post(
        URL,
        data={"csrf_token": token, "action": "preview", "mod.primary_color": "#224466"},
        headers={"Accept": "application/json"},
    )
    assert ok.status_code == 200 and ok.json == {"changed": ["primary_color"]}
    bad = admin.post(
        URL,
        data={"csrf_token": token, "action": "preview", "mod.primary_color": "red"},
        headers={"Accept": "application/json"},
    )
    assert bad.status_code == 422
    assert "primary_color" in bad.json["errors"]["mod.primary_color"]
    assert "#224466" in admin.get("/").text  # the good preview stays


def test_a_refused_value_keeps_what_was_typed(admin: FlaskClient) -> None:
    sent = _preview(admin, primary_color="crimson", home_sections="[{not json")
    assert sent.status_code == 422
    text = sent.text
    assert 'value="crimson"' in text and "[{not json" in text
    assert "this is not JSON" in text
    assert 'aria-invalid="true"' in text
    assert mods.get_mods("magazine") == {}


def test_publish_stores_only_what_changed(app: Flask, admin: FlaskClient) -> None:
    sent = post_form(admin, URL, {"action": "publish", "mod.primary_color": "#0b5394"})
    assert sent.status_code == 303
    assert "Published: Primary color." in admin.get(URL).text
    assert mods.get_mods("magazine").get("primary_color") == "#0b5394"
    stored = {k for k in mods.get_mods("magazine") if not k.startswith("_")}
    assert stored == {"primary_color"}
    assert "#0b5394" in app.test_client().get("/").text


def test_publishing_a_previewed_theme_activates_it(app: Flask, admin: FlaskClient) -> None:
    post_form(admin, "/wp-admin/themes.php", {"action": "preview", "theme": "classic"})
    form = admin.get(URL).text
    assert "Customize: Classic" in form and "Activate &amp; Publish" in form
    assert post_form(admin, URL, {"action": "publish"}).status_code == 303
    forget_options()
    assert get_option("stylesheet") == "classic"
    assert "Classic is now the active theme." in admin.get(URL).text


def test_discard_forgets_the_preview(admin: FlaskClient) -> None:
    _preview(admin, primary_color="#123456")
    assert post_form(admin, URL, {"action": "discard"}).status_code == 303
    assert "#123456" not in admin.get("/").text
    assert mods.get_mods("magazine") == {}


def test_reset_to_defaults(admin: FlaskClient) -> None:
    post_form(admin, URL, {"action": "publish", "mod.primary_color": "#0b5394"})
    assert post_form(admin, URL, {"action": "reset"}).status_code == 303
    assert "back to their defaults (1 stored value removed)" in admin.get(URL).text
    assert "primary_color" not in mods.get_mods("magazine")


def test_values_are_kept_per_theme(admin: FlaskClient) -> None:
    post_form(admin, URL, {"action": "publish", "mod.primary_color": "#0b5394"})
    post_form(admin, "/wp-admin/themes.php", {"action": "activate", "theme": "classic"})
    post_form(admin, "/wp-admin/themes.php", {"action": "activate", "theme": "magazine"})
    assert 'value="#0b5394"' in admin.get(URL).text


def test_home_sections_are_edited_here(admin: FlaskClient) -> None:
    make_term("Harbour News", slug="harbour")
    sections = [{"type": "category-posts", "settings": {"category": "harbour", "count": 2}}]
    sent = _preview(admin, home_sections=json.dumps(sections))
    assert sent.status_code == 303
    unknown = [{"type": "category-posts", "settings": {"category": "nowhere", "count": 2}}]
    refused = _preview(admin, home_sections=json.dumps(unknown))
    assert refused.status_code == 422
    assert "nowhere" in refused.text
    published = post_form(
        admin, URL, {"action": "publish", "mod.home_sections": json.dumps(sections)}
    )
    assert published.status_code == 303
    assert mods.get_mods("magazine")["home_sections"][0]["settings"]["category"] == "harbour"


def test_a_boolean_unticks(admin: FlaskClient) -> None:
    post_form(admin, URL, {"action": "publish", "mod.short_header": ["false", "true"]})
    assert mods.get_mods("magazine")["short_header"] is True
    post_form(admin, URL, {"action": "publish", "mod.short_header": "false"})
    assert mods.get_mods("magazine")["short_header"] is False


def test_the_preview_bar_stays_out_of_the_customizers_frame(admin: FlaskClient) -> None:
    _preview(admin, primary_color="#123456")
    framed = admin.get("/", headers={"Sec-Fetch-Dest": "iframe"})
    assert "#123456" in framed.text and "magtheme-preview-bar" not in framed.text
    assert "Back to the Customizer" in admin.get("/").text
