"""Tools → Export: the same WXR file as ``magtheme export``, downloaded."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree

from magtheme.cli import main

from .adminkit import make_person, signed_in
from .factories import make_post, make_term

pytestmark = pytest.mark.usefixtures("app")

WP = "{http://wordpress.org/export/1.2/}"


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return signed_in(app.test_client(), make_person("administrator", "ada"))


def test_the_form_offers_the_types_and_filters(admin: FlaskClient) -> None:
    make_term("News")
    page = admin.get("/wp-admin/export.php").text
    assert 'value="all" checked' in page and 'value="page"' in page
    assert '<option value="news">News</option>' in page
    assert "Download Export File" in page


def test_the_download_is_a_wordpress_export(admin: FlaskClient) -> None:
    news = make_term("News")
    make_post("In the news", terms=[news])
    make_post("A page", post_type="page")
    got = admin.get("/wp-admin/export.php?download=true&content=all")
    assert got.status_code == 200
    assert got.headers["Content-Disposition"].startswith('attachment; filename="')
    assert got.headers["Content-Disposition"].endswith('.xml"')
    root = etree.fromstring(got.data)
    assert root.findtext(f"channel/{WP}wxr_version") == "1.2"
    titles = sorted(item.findtext("title") for item in root.iter("item"))
    assert titles == ["A page", "In the news"]
    only_posts = etree.fromstring(admin.get("/wp-admin/export.php?download=1&content=post").data)
    assert [i.findtext("title") for i in only_posts.iter("item")] == ["In the news"]


def test_the_screen_and_the_command_write_the_same_items(admin: FlaskClient) -> None:
    make_post("Same either way")
    screen = etree.fromstring(admin.get("/wp-admin/export.php?download=1").data)
    command = etree.fromstring(CliRunner().invoke(main, ["export"]).output.encode())

    def ids(root: etree._Element) -> list[str | None]:
        return [i.findtext(f"{WP}post_id") for i in root.iter("item")]

    assert ids(screen) == ids(command) != []


def test_a_bad_filter_is_refused_with_the_form_kept(admin: FlaskClient) -> None:
    got = admin.get("/wp-admin/export.php?download=1&start_date=2024-05-01&end_date=2024-01-01")
    assert got.status_code == 422
    assert "swap them" in got.text
    assert 'value="2024-05-01"' in got.text
