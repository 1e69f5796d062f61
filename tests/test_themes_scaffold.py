"""``theme new``: a starter theme and a child theme that render the site straight away."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from flask import Flask

from magtheme import site
from magtheme.cli import main
from magtheme.demo import load_demo
from magtheme.options import update_options
from magtheme.themes.manifest import read_theme
from magtheme.themes.scaffold import (
    ScaffoldError,
    _different_default,
    child_setting_override,
    new_theme,
)
from magtheme.themes.schema import MANIFEST_SCHEMA
from tests.conftest import write_theme


def manifest_of(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "theme.toml").read_text(encoding="utf-8"))


def switch_to(slug: str, template: str) -> None:
    update_options({"stylesheet": slug, "template": template})


def first_post_url(html: str) -> str:
    match = re.search(r'href="([^"]+)" rel="bookmark"', html)
    assert match, "the home page lists no post"
    return match.group(1)


@pytest.mark.parametrize(
    "slug", ["My Theme", "UPPER", "-dash", "_under", "a/b", "", "é", "x" * 65, "../up"]
)
def test_bad_slugs_are_refused(tmp_path: Path, slug: str) -> None:
    with pytest.raises(ScaffoldError, match="not a valid theme slug"):
        new_theme(slug, tmp_path)
    assert not any(tmp_path.iterdir())


def test_taken_slugs_are_refused(tmp_path: Path) -> None:
    new_theme("mine", tmp_path / "themes")
    with pytest.raises(ScaffoldError, match="already exists"):
        new_theme("mine", tmp_path / "themes")
    with pytest.raises(ScaffoldError, match="'classic' is already installed"):
        new_theme("classic", tmp_path / "themes", existing={"classic"})


def test_starter_manifest_is_complete_and_valid(tmp_path: Path) -> None:
    folder = new_theme("starter", tmp_path, name='My "Starter" \\ theme')
    data = manifest_of(folder)
    jsonschema.validate(data, MANIFEST_SCHEMA)
    assert data["name"] == 'My "Starter" \\ theme'
    assert {"name", "slug", "version", "description", "author", "license"} <= data.keys()
    assert data["menu_locations"] == [{"id": "primary", "name": "Primary menu"}]
    (control,) = data["settings"][0]["controls"]
    assert (control["id"], control["type"]) == ("accent_color", "color")
    assert "var(--mt-accent-color" in (folder / "static/css/style.css").read_text()
    for name in ("index", "single", "page", "404", "search", "archive", "base"):
        assert (folder / "templates" / f"{name}.html").is_file()
    for name in ("header", "footer", "content"):
        assert (folder / "templates" / "parts" / f"{name}.html").is_file()
    assert (folder / "screenshot.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert read_theme(folder).slug == "starter"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".magtheme-")]


def test_starter_theme_renders_the_demo_site(app: Flask) -> None:
    load_demo(pictures=False)
    new_theme("starter", Path(app.instance_path) / "themes")
    switch_to("starter", "starter")
    app.config["TEMPLATE_HEADER"] = True
    client = app.test_client()

    home = client.get("/")
    html = home.get_data(as_text=True)
    assert home.status_code == 200
    assert home.headers["X-Magtheme-Template"] == "starter:index.html"
    assert 'href="/themes/starter/static/css/style.css' in html
    assert '<body class="home blog' in html
    assert 'class="primary-menu"' in html  # menu("primary") from the demo's main menu
    assert 'aria-label="Pages"' in html  # paginate_links(): the demo has more than one page

    single = client.get(first_post_url(html))
    assert single.status_code == 200
    assert single.headers["X-Magtheme-Template"] == "starter:single.html"
    assert re.search(r'<article id="post-\d+" class="post-\d+ post type-post', single.text)
    assert '<h1 class="entry-title">' in single.text

    for url, template, status in [
        ("/about/", "page.html", 200),
        ("/?s=peace", "search.html", 200),
        ("/category/world/", "archive.html", 200),
        ("/no-such-page/", "404.html", 404),
        ("/page/2/", "index.html", 200),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert response.headers["X-Magtheme-Template"] == f"starter:{template}"


def test_starter_theme_passes_the_theme_check(tmp_path: Path) -> None:
    from magtheme.themes.check import check_theme as check

    new_theme("starter", tmp_path)
    write_theme(tmp_path, "plain", {"index.html": "x"})
    new_theme("kid", tmp_path, parent=read_theme(tmp_path / "plain"))
    themes = {slug: read_theme(tmp_path / slug) for slug in ("starter", "plain", "kid")}
    for slug in ("starter", "kid"):
        report = check(slug, themes)
        assert report.ok, report.errors


def test_child_of_classic_renders_like_classic(app: Flask) -> None:
    load_demo(pictures=False)
    themes = site.installed_themes(app)
    folder = new_theme("mychild", Path(app.instance_path) / "themes", parent=themes["classic"])
    data = manifest_of(folder)
    jsonschema.validate(data, MANIFEST_SCHEMA)
    assert data["parent"] == "classic"
    assert (folder / "templates").is_dir() and not any((folder / "templates").iterdir())
    assert (folder / "static" / "css" / "child.css").is_file()

    switch_to("mychild", "classic")
    app.config["TEMPLATE_HEADER"] = True
    client = app.test_client()
    home = client.get("/")
    assert home.status_code == 200
    assert home.headers["X-Magtheme-Template"] == "classic:index.html"
    assert "/themes/mychild/static/css/style.css" in home.text  # parent's file, child's URL
    url = first_post_url(home.text)
    assert client.get(url).status_code == 200

    # Overriding one template is adding one file.
    (folder / "templates" / "single.html").write_text(
        '{% extends "!classic/single.html" %}'
        '{% block content %}<p class="kicker">From the newsroom</p>{{ super() }}{% endblock %}'
    )
    app.extensions.pop("magtheme.chains", None)  # a running server re-reads on restart/debug
    single = client.get(url)
    assert single.headers["X-Magtheme-Template"] == "mychild:single.html"
    assert '<p class="kicker">From the newsroom</p>' in single.text
    assert '<h1 class="entry-title">' in single.text


PARENT_SETTINGS = """
[[settings]]
id = "layout"
title = "Layout"

  [[settings.controls]]
  id = "columns"
  type = "range"
  label = "Columns"
  default = 3
  min = 1
  max = 3

[[settings]]
id = "colors"
title = "Colors"

  [[settings.controls]]
  id = "accent_color"
  type = "color"
  label = "Accent"
  default = "#8a1c1c"
  help = "Links."
"""


def test_child_redeclares_one_parent_setting_with_a_new_default(tmp_path: Path) -> None:
    parent_dir = write_theme(tmp_path, "magazine", {"index.html": "m"})
    with (parent_dir / "theme.toml").open("a") as manifest:
        manifest.write(PARENT_SETTINGS)
    child = new_theme("mychild", tmp_path, parent=read_theme(parent_dir))
    data = manifest_of(child)
    jsonschema.validate(data, MANIFEST_SCHEMA)
    (section,) = data["settings"]
    assert (section["id"], section["title"]) == ("colors", "Colors")
    (control,) = section["controls"]
    assert control == {
        "id": "accent_color",
        "type": "color",
        "label": "Accent",
        "default": "#1c5d8a",  # not the parent's #8a1c1c
        "help": "Links.",
    }


def test_child_of_a_parent_without_settings_declares_none(tmp_path: Path) -> None:
    parent = read_theme(write_theme(tmp_path, "plain", {"index.html": "p"}))
    assert child_setting_override(parent) is None
    assert "settings" not in manifest_of(new_theme("kid", tmp_path, parent=parent))


@pytest.mark.parametrize(
    ("control", "expected"),
    [
        ({"type": "color", "default": "#8A1C1C"}, "#1c5d8a"),
        ({"type": "color"}, "#8a1c1c"),
        ({"type": "font", "default": "system"}, "sans-serif"),
        ({"type": "boolean", "default": True}, False),
        ({"type": "select", "default": "a", "choices": {"a": "A", "b": "B"}}, "b"),
        ({"type": "radio", "default": "a", "choices": {"a": "A"}}, None),
        ({"type": "number", "default": 3, "min": 1, "max": 3}, 2),
        ({"type": "range", "default": 10, "step": 5}, 15),
        ({"type": "number", "default": 1, "min": 1, "max": 1}, None),
        ({"type": "text", "default": "hello"}, None),
        ({"type": "image", "default": ""}, None),
    ],
)
def test_a_different_valid_default(control: dict[str, Any], expected: Any) -> None:
    assert _different_default(control) == expected


def test_theme_new_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(tmp_path / "site"))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    runner = CliRunner()
    result = runner.invoke(main, ["theme", "new", "mychild", "--parent", "classic"])
    assert result.exit_code == 0, result.output
    assert "a child theme of 'classic'" in result.output
    assert manifest_of(tmp_path / "site" / "themes" / "mychild")["parent"] == "classic"

    named = runner.invoke(main, ["theme", "new", "fresh", "--name", "Fresh Start"])
    assert named.exit_code == 0, named.output
    assert manifest_of(tmp_path / "site" / "themes" / "fresh")["name"] == "Fresh Start"

    for args, message in [
        (["theme", "new", "orphan", "--parent", "nope"], "parent theme 'nope' is not installed"),
        (["theme", "new", "classic"], "'classic' is already installed"),
        (["theme", "new", "Bad Slug"], "not a valid theme slug"),
    ]:
        refused = runner.invoke(main, args)
        assert refused.exit_code == 1 and message in refused.output, refused.output
