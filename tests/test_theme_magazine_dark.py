"""The bundled Magazine Dark theme, a child of Magazine: what it inherits, what it overrides,
its setting defaults and its stylesheet after the parent's. Its pages in Chromium, axe-core and
the Nu HTML checker are the browser suite's (``tests/browser/``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from magtheme import site
from magtheme.cli import main
from magtheme.demo import load_demo
from magtheme.models import db
from magtheme.options import forget_options
from magtheme.themes import discover_themes, mods
from magtheme.themes.activation import activate
from magtheme.themes.check import check_theme
from tests.checkers import PAGES, SEED_PATH
from tests.conftest import ROOT
from tests.widgetkit import add_to_areas

SLUG = "magazine-dark"


def start(app: Flask, slug: str = SLUG) -> FlaskClient:
    """The demo loaded and *slug* active, as `magtheme theme activate` leaves it."""
    load_demo()
    activate(slug, site.installed_themes(app))
    db.session.commit()
    return app.test_client()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return start(app)


def page(client: FlaskClient, path: str, status: int = 200) -> str:
    response = client.get(path, follow_redirects=True)
    assert response.status_code == status, (path, response.status_code)
    return response.get_data(as_text=True)


def set_mod(slug: str, setting: str, value: str) -> None:
    mods.set_mod(slug, setting, value, mods.chain_schema(site.theme_chain(slug)))
    db.session.commit()
    forget_options()


def html_tag(html: str) -> str:
    return html.split("<head>", 1)[0]


def test_magazine_dark_checks_clean() -> None:
    report = check_theme(SLUG, discover_themes([ROOT / "themes"]))
    assert report.findings == [], [str(f) for f in report.findings]


def test_every_template_it_does_not_override_comes_from_magazine(app: Flask) -> None:
    chain = site.theme_chain(SLUG, app)
    assert [t.slug for t in chain.themes] == [SLUG, "magazine"]
    own = {"base.html", "404.html", "parts/site-info.html"}
    parent_files = {
        p.relative_to(chain.themes[1].templates_dir).as_posix()
        for p in chain.themes[1].templates_dir.rglob("*.html")
    }
    for name in sorted(parent_files | own):
        expected = SLUG if name in own else "magazine"
        assert chain.locate([name]).theme == expected, name


@pytest.mark.parametrize("name", list(PAGES))
def test_every_kind_of_page_renders(client: FlaskClient, name: str) -> None:
    path, status = PAGES[name]
    html = page(client, path, status)
    assert "</footer>" in html and html.rstrip().endswith("</html>")
    # The parent's pages, around this theme's footer, dark by default whatever the device.
    assert '<header class="site-header">' in html and 'class="back-to-top"' in html
    assert ' data-theme="dark">\n<head>' in html, html[:120]


def test_an_article_is_magazines_article(client: FlaskClient) -> None:
    html = page(client, SEED_PATH)
    assert '<h1 class="entry-title">' in html and 'class="author-box"' in html
    assert html.count('class="comment-body') == 15


def test_the_404_page_shows_the_number_above_magazines_page(client: FlaskClient) -> None:
    html = page(client, "/no-such-story/", 404)
    number = html.index('<p class="error-code" aria-hidden="true">404</p>')
    assert number < html.index("Page not found</h1>") < html.index("Latest stories")


def test_the_footer_ends_with_the_colophon_and_keeps_the_footer_widgets(
    client: FlaskClient,
) -> None:
    add_to_areas(
        ("custom-html", "footer-2", {"content": "<p>Our newsletter comes out every Friday.</p>"})
    )
    html = page(client, "/")
    footer = html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]
    column = footer.split('aria-label="Footer, column 2"', 1)[1].split('<div class="colophon">')[0]
    assert "Our newsletter comes out every Friday." in column
    colophon = footer.split('<div class="colophon">', 1)[1]
    assert 'Powered by Magtheme <span aria-hidden="true">·</span> Magazine Dark' in colophon
    assert '<a class="back-to-top" href="#top">Back to top' in colophon
    assert html.count('class="site-info"') == 1  # the parent's line is replaced, not doubled


def test_its_stylesheet_follows_magazines_and_is_served(client: FlaskClient) -> None:
    html = page(client, "/")
    parent = html.index("/themes/magazine-dark/static/css/magazine.css?v=")
    own = re.search(r'href="(/themes/magazine-dark/static/css/dark\.css\?v=[0-9a-f]+)"', html)
    assert own and parent < own.start() and own.start() < html.index("</head>")
    response = client.get(own.group(1))
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert "--bg: #0d1117" in response.get_data(as_text=True)
    # The parent's file is served under the child's URL, unchanged.
    inherited = client.get("/themes/magazine-dark/static/css/magazine.css")
    assert inherited.status_code == 200
    assert inherited.get_data() == (ROOT / "themes/magazine/static/css/magazine.css").read_bytes()
    inherited.close()
    response.close()


def test_it_is_dark_in_its_own_colours_by_default(client: FlaskClient) -> None:
    html = page(client, "/")
    assert re.search(r'<html lang="[^"]*" data-theme="dark">', html_tag(html))
    assert '<meta name="color-scheme" content="dark">' in html
    assert "--mt-primary-color:#0b7285" in html and "--mt-secondary-color:#1b2333" in html
    # Magazine's other settings keep Magazine's defaults.
    assert "header-left" in html and 'class="top-bar"' in html


def test_its_defaults_can_be_changed_and_magazine_keeps_its_own(app: Flask) -> None:
    client = start(app)
    set_mod(SLUG, "color_scheme", "system")
    set_mod(SLUG, "primary_color", "#5a2d82")
    html = page(client, "/")
    assert "data-theme=" not in html_tag(html) and 'content="light dark"' in html
    assert "--mt-primary-color:#5a2d82" in html
    activate("magazine", site.installed_themes(app))
    db.session.commit()
    forget_options()
    html = page(client, "/")
    assert "--mt-primary-color:#b3001b" in html and "data-theme=" not in html_tag(html)
    assert "dark.css" not in html


def test_magazines_stored_values_carry_over_except_where_the_child_chose_its_own(
    app: Flask,
) -> None:
    client = start(app, "magazine")
    set_mod("magazine", "header_solid", "true")
    set_mod("magazine", "color_scheme", "light")
    set_mod("magazine", "primary_color", "#5a2d82")
    activate(SLUG, site.installed_themes(app))
    db.session.commit()
    forget_options()
    html = page(client, "/")
    # A setting the child does not redeclare: the owner's choice for Magazine carries over.
    assert "header-solid" in html
    # Settings the child redeclares with its own defaults: the child's defaults, not the
    # values stored for Magazine (a dark theme stays dark until its owner says otherwise).
    assert 'data-theme="dark"' in html_tag(html) and "--mt-primary-color:#0b7285" in html
    set_mod(SLUG, "color_scheme", "light")
    assert 'data-theme="light"' in html_tag(page(client, "/"))


#: In the guide's tutorial, each file of the theme: "`path`:", a blank line, then its code.
TUTORIAL_FILE = re.compile(
    r"^(?P<indent> *)`(?P<path>[\w./-]+)`:\n\n(?P=indent)```\w+\n(?P<body>.*?)^(?P=indent)```$",
    re.M | re.S,
)


def tutorial_files() -> dict[str, str]:
    guide = (ROOT / "docs" / "themes.md").read_text(encoding="utf-8")
    tutorial = guide.split("## Tutorial: a child theme in ten minutes", 1)[1]
    files = {}
    for found in TUTORIAL_FILE.finditer(tutorial):
        indent = len(found["indent"])
        lines = [line[indent:] for line in found["body"].splitlines()]
        files[found["path"]] = "\n".join(lines) + "\n"
    return files


def test_the_guides_tutorial_shows_every_file_of_the_theme_as_it_is() -> None:
    folder = ROOT / "themes" / SLUG
    bundled = {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in folder.rglob("*")
        if path.is_file() and path.suffix != ".png"
    }
    shown = tutorial_files()
    assert sorted(shown) == sorted(bundled)
    for path, text in bundled.items():
        assert shown[path] == text, f"the tutorial's {path} differs from themes/{SLUG}/{path}"


def test_the_tutorial_followed_under_another_slug_checks_clean(app: Flask) -> None:
    runner = CliRunner()
    made = runner.invoke(main, ["theme", "new", "night-desk", "--parent", "magazine"])
    assert made.exit_code == 0, made.output
    folder = Path(app.instance_path) / "themes" / "night-desk"
    (folder / "static" / "css" / "child.css").unlink()
    for path, text in tutorial_files().items():
        if path == "theme.toml":
            text = text.replace('name = "Magazine Dark"', 'name = "Night Desk"')
            text = text.replace('slug = "magazine-dark"', 'slug = "night-desk"')
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    report = check_theme("night-desk", site.installed_themes(app))
    assert report.findings == [], [str(f) for f in report.findings]
    client = start(app, "night-desk")
    html = page(client, "/no-such-story/", 404)
    assert '<p class="error-code" aria-hidden="true">404</p>' in html
    assert "/themes/night-desk/static/css/dark.css?v=" in html and 'data-theme="dark"' in html
