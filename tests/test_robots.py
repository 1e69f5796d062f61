"""/robots.txt: WordPress's virtual file, the sitemap line once there is one, a real file wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from magtheme.options import update_option
from magtheme.views.robots import robots_text

PUBLIC = "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"


def test_a_public_site_gets_wordpress_default_rules(probe_app: Flask) -> None:
    for method in ("GET", "HEAD"):
        response = probe_app.test_client().open("/robots.txt", method=method)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert response.get_data(as_text=True) == ("" if method == "HEAD" else PUBLIC)


@pytest.mark.parametrize("value", [0, "0", False])
def test_a_site_that_discourages_search_engines_disallows_everything(
    probe_app: Flask, value: object
) -> None:
    update_option("blog_public", value)
    response = probe_app.test_client().get("/robots.txt")
    assert response.get_data(as_text=True) == "User-agent: *\nDisallow: /\n"


def test_rules_sit_under_the_site_path() -> None:
    options = {"siteurl": "https://example.test/blog/", "blog_public": "1"}
    assert robots_text(options) == (
        "User-agent: *\nDisallow: /blog/wp-admin/\nAllow: /blog/wp-admin/admin-ajax.php\n"
    )


def test_no_sitemap_line_while_the_site_has_no_sitemap(probe_app: Flask) -> None:
    assert "Sitemap" not in probe_app.test_client().get("/robots.txt").get_data(as_text=True)


def test_the_sitemap_is_named_once_a_route_serves_it(probe_app: Flask) -> None:
    probe_app.add_url_rule("/wp-sitemap.xml", "sitemap", lambda: "<sitemapindex/>")
    update_option("home", "https://news.example")
    body = probe_app.test_client().get("/robots.txt").get_data(as_text=True)
    assert body == PUBLIC + "\nSitemap: https://news.example/wp-sitemap.xml\n"
    update_option("blog_public", 0)
    body = probe_app.test_client().get("/robots.txt").get_data(as_text=True)
    assert "Sitemap" not in body  # WordPress names no sitemap for a hidden site


def test_a_real_file_in_the_site_folder_wins(probe_app: Flask) -> None:
    real = "User-agent: BadBot\nDisallow: /\n"
    (Path(probe_app.instance_path) / "robots.txt").write_text(real)
    response = probe_app.test_client().get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == real


def test_robots_txt_never_reaches_the_theme(probe_app: Flask) -> None:
    from tests.factories import make_post

    make_post("robots.txt", post_type="page", slug="robots-txt")
    body = probe_app.test_client().get("/robots.txt").get_data(as_text=True)
    assert body == PUBLIC and "TEMPLATE=" not in body


def test_robots_txt_reads_only_the_options(probe_app: Flask, sql_counter) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_post

    for n in range(5):
        make_post(f"Post {n}")
    client = probe_app.test_client()
    client.get("/robots.txt")
    sql_counter.reset()
    client.get("/robots.txt")
    assert sql_counter.count <= 1, sql_counter.statements
