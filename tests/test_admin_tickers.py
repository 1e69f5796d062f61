"""Appearance → Tickers: the same checks as ``magtheme ticker``, and the site follows."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from magtheme.options import forget_options, get_option
from magtheme.tickers import TICKERS_OPTION

from .adminkit import make_person, post_form, signed_in
from .factories import make_post, make_term

pytestmark = pytest.mark.usefixtures("app")
URL = "/wp-admin/tickers.php"


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return signed_in(app.test_client(), make_person("administrator", "ada"))


def _titles(client: FlaskClient, name: str = "breaking") -> list[str]:
    feed = client.get(f"/wp-json/magtheme/v1/tickers/{name}")
    assert feed.status_code == 200
    return [item["title"] for item in feed.json["items"]]


def test_breaking_is_listed_with_its_built_in_settings(admin: FlaskClient) -> None:
    page = admin.get(URL).text
    assert 'id="ticker-breaking">breaking <span class="description">(built in' in page
    assert 'name="label" value="BREAKING"' in page


def test_pointing_breaking_at_a_category(app: Flask, admin: FlaskClient) -> None:
    make_term("Sport")
    news = make_term("Harbour")
    make_post("Not this one", terms=[])
    make_post("Ferry returns", terms=[news])
    sent = post_form(
        admin,
        URL,
        {"action": "update", "ticker": "breaking", "source": "category", "term": "harbour"},
    )
    assert sent.status_code == 303
    assert "Ticker breaking updated." in admin.get(URL).text
    assert _titles(app.test_client()) == ["Ferry returns"]


def test_a_bad_value_is_refused_and_kept(admin: FlaskClient) -> None:
    sent = post_form(admin, URL, {"action": "update", "ticker": "breaking", "speed": "5"})
    assert sent.status_code == 422
    assert "speed must be between 10 and 400, not 5." in sent.text
    assert 'value="5"' in sent.text
    forget_options()
    assert not get_option(TICKERS_OPTION)


def test_a_tag_ticker_needs_its_tag(admin: FlaskClient) -> None:
    sent = post_form(admin, URL, {"action": "create", "ticker": "sport", "source": "tag"})
    assert sent.status_code == 422
    assert "A tag ticker needs term" in sent.text
    assert 'value="sport"' in sent.text


def test_create_and_delete_a_ticker(app: Flask, admin: FlaskClient) -> None:
    make_post("Latest thing")
    created = post_form(admin, URL, {"action": "create", "ticker": "sport", "label": "LIVE"})
    assert created.status_code == 303
    assert "Ticker sport created" in admin.get(URL).text
    assert _titles(app.test_client(), "sport") == ["Latest thing"]
    deleted = post_form(admin, URL, {"action": "delete", "ticker": "sport"})
    assert deleted.status_code == 303
    assert app.test_client().get("/wp-json/magtheme/v1/tickers/sport").status_code == 404


def test_a_bad_name_is_refused(admin: FlaskClient) -> None:
    sent = post_form(admin, URL, {"action": "create", "ticker": "Sport!"})
    assert sent.status_code == 422
    assert "must start with a lowercase letter" in sent.text
