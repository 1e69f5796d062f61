"""Layouts: declared custom templates, sidebar placement, home-page sections and their commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from magtheme import site
from magtheme.cli import main
from magtheme.models import Post, PostMeta, Term, db
from magtheme.options import update_option
from magtheme.sections import SectionsError, validate_sections
from magtheme.themes import mods
from magtheme.themes.manifest import validate_manifest
from magtheme.wxr import import_wxr
from tests.conftest import StatementCounter, serve_site, write_theme
from tests.factories import make_post, make_term
from tests.test_wxr_import import AUTHOR, item, write_wxr

LAYOUT_MANIFEST = """
[[widget_areas]]
id = "sidebar"
name = "Sidebar"

[[widget_areas]]
id = "home"
name = "Home"

[[settings]]
id = "layout"
title = "Layout"

  [[settings.controls]]
  id = "sidebar"
  type = "radio"
  label = "Sidebar"
  default = "right"
  choices = { left = "Left", right = "Right", none = "None" }

  [[settings.controls]]
  id = "home_sections"
  type = "sections"
  label = "Home page sections"
  default = []

[[templates]]
file = "full-width.html"
name = "Full width"
post_types = ["page", "post"]
sidebar = "none"

[[templates]]
file = "landing.html"
name = "Landing"
"""

PROBE = "|{{ layout.sidebar }}|{{ layout.source }}|{{ layout.template_name }}|{{ body_class() }}"
TEMPLATES = {
    "index.html": "TEMPLATE=index" + PROBE + "|{{ home_sections('home_sections') }}",
    "single.html": "TEMPLATE=single" + PROBE,
    "page.html": "TEMPLATE=page" + PROBE,
    "full-width.html": "TEMPLATE=full-width" + PROBE,
    "landing.html": "TEMPLATE=landing" + PROBE,
}


def layout_theme(root: Path, slug: str = "lay") -> Path:
    folder = write_theme(root, slug, TEMPLATES)
    with (folder / "theme.toml").open("a") as manifest:
        manifest.write(LAYOUT_MANIFEST)
    return folder


@pytest.fixture
def lay_app(tmp_path: Path, instance: Path) -> Iterator[Flask]:
    """A site whose active theme declares templates, a sidebar setting and sections."""
    themes = tmp_path / "themes"
    layout_theme(themes)
    write_theme(themes, "kid", {}, parent="lay")
    for app in serve_site(instance, SITE_THEME_DIRS=[str(themes)]):
        update_option("stylesheet", "lay")
        update_option("template", "lay")
        yield app


def page(client: FlaskClient, url: str) -> list[str]:
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200, response.data
    return response.get_data(as_text=True).split("|")


# -- manifest ----------------------------------------------------------------------------


BASE = 'name = "T"\nslug = "t"\nversion = "1.0.0"\n'


@pytest.mark.parametrize(
    ("toml", "line", "message"),
    [
        (
            '[[templates]]\nfile = "a.html"\nname = "A"\n[[templates]]\nfile = "a.html"\nname = "B"\n',
            8,
            "template file 'a.html' is declared twice (templates[0] and templates[1])",
        ),
        (
            '[[templates]]\nfile = "a.html"\nname = "A"\nsidebar = "top"\n',
            7,
            "templates[0].sidebar = 'top' is not allowed. Use one of: left, right, none.",
        ),
        (
            '[[templates]]\nfile = "a.html"\nname = "A"\npost_types = ["Post!"]\n',
            7,
            "templates[0].post_types[0] = 'Post!' is not valid: it must be a post type name",
        ),
        (
            '[[templates]]\nfile = "templates/a.php"\nname = "A"\n',
            5,
            "it must be a path under templates/ such as page-wide.html",
        ),
        (
            '[[settings]]\nid = "l"\ntitle = "L"\n[[settings.controls]]\nid = "sidebar"\n'
            'type = "select"\nlabel = "S"\nchoices = { left = "L", top = "T" }\n',
            11,
            "make it a select or radio whose choices are among left, right, none (not top)",
        ),
        (
            '[[settings]]\nid = "l"\ntitle = "L"\n[[settings.controls]]\nid = "home"\n'
            'type = "sections"\nlabel = "S"\ndefault = [{ type = "carousel" }]\n',
            11,
            "block 1: 'carousel' is not a widget type; use one of",
        ),
        (
            '[[settings]]\nid = "l"\ntitle = "L"\n[[settings.controls]]\nid = "home"\n'
            'type = "sections"\nlabel = "S"\n'
            'default = [{ type = "hero", settings = { count = 50 } }]\n',
            11,
            "block 1 (hero): count must be between 1 and 10, not 50.",
        ),
    ],
)
def test_manifest_refuses_bad_layout_declarations(toml: str, line: int, message: str) -> None:
    _data, issues = validate_manifest(BASE + toml, folder="t")
    assert issues, "expected a problem"
    assert any(message in issue.message and issue.line == line for issue in issues), [
        (issue.line, issue.message) for issue in issues
    ]


def test_theme_check_reports_a_declared_template_that_is_missing(
    tmp_path: Path, instance: Path
) -> None:
    folder = layout_theme(tmp_path / "themes")
    (folder / "templates" / "landing.html").unlink()
    runner = CliRunner(env={"MAGTHEME_INSTANCE": str(instance)})
    for _app in serve_site(instance, SITE_THEME_DIRS=[str(tmp_path / "themes")]):
        result = runner.invoke(main, ["theme", "check", str(folder)])
    assert "templates/landing.html" in result.output, result.output


# -- custom templates --------------------------------------------------------------------


def test_page_and_post_templates_are_chosen_first(lay_app: Flask) -> None:
    wide_page = make_post("Wide", post_type="page", meta={"_wp_page_template": "full-width.html"})
    landing = make_post("Land", post_type="page", meta={"_wp_page_template": "landing.html"})
    wide_post = make_post("Story", meta={"_wp_page_template": "full-width.html"})
    plain = make_post("Plain", meta={"_wp_page_template": "default"})
    db.session.commit()
    client = lay_app.test_client()
    assert page(client, f"/?page_id={wide_page.id}")[:4] == [
        "TEMPLATE=full-width",
        "none",
        "template",
        "Full width",
    ]
    assert page(client, f"/?page_id={landing.id}")[0] == "TEMPLATE=landing"
    assert page(client, f"/?p={wide_post.id}")[0] == "TEMPLATE=full-width"
    assert page(client, f"/?p={plain.id}")[:4] == ["TEMPLATE=single", "right", "theme", ""]


def test_a_post_template_imported_from_wxr_renders_when_the_theme_has_it(
    lay_app: Flask, tmp_path: Path
) -> None:
    def meta(value: str) -> str:
        return (
            "<wp:postmeta><wp:meta_key>_wp_page_template</wp:meta_key>"
            f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        )

    wxr = write_wxr(
        tmp_path,
        AUTHOR
        + item(101, "Wide story", extra=meta("full-width.php"))
        + item(102, "Odd story", extra=meta("page-templates/gallery.php"))
        + item(103, "Plain story", extra=meta("default")),
    )
    import_wxr(wxr, registry=lay_app.extensions["magtheme.registry"])
    db.session.commit()
    client = lay_app.test_client()
    ids = dict(
        db.session.execute(
            select(PostMeta.value, PostMeta.post_id).where(PostMeta.key == "_wp_page_template")
        ).all()
    )
    assert page(client, f"/?p={ids['full-width.php']}")[:2] == ["TEMPLATE=full-width", "none"]
    # A template this theme does not have, and "default": the ordinary single hierarchy.
    assert page(client, f"/?p={ids['page-templates/gallery.php']}")[:2] == [
        "TEMPLATE=single",
        "right",
    ]
    assert page(client, f"/?p={ids['default']}")[0] == "TEMPLATE=single"


def test_a_child_theme_offers_and_renders_its_parents_templates(lay_app: Flask) -> None:
    from magtheme.layouts import templates_for

    update_option("stylesheet", "kid")
    chain = site.theme_chain("kid")
    assert [t.file for t in templates_for(chain, "post")] == ["full-width.html"]
    assert [t.file for t in templates_for(chain, "page")] == ["full-width.html", "landing.html"]
    post = make_post("Story", meta={"_wp_page_template": "full-width.html"})
    db.session.commit()
    assert page(lay_app.test_client(), f"/?p={post.id}")[:4] == [
        "TEMPLATE=full-width",
        "none",
        "template",
        "Full width",
    ]


# -- sidebar placement -------------------------------------------------------------------


def test_sidebar_precedence_post_then_template_then_theme(lay_app: Flask) -> None:
    plain = make_post("Plain")
    wide = make_post("Wide", meta={"_wp_page_template": "full-width.html"})
    chosen = make_post(
        "Chosen", meta={"_wp_page_template": "full-width.html", "_magtheme_sidebar": "left"}
    )
    db.session.commit()
    client = lay_app.test_client()
    plain_page = page(client, f"/?p={plain.id}")
    assert plain_page[1:3] == ["right", "theme"]
    assert "has-sidebar sidebar-right" in plain_page[4]
    wide_page = page(client, f"/?p={wide.id}")
    assert wide_page[1:3] == ["none", "template"]
    assert "no-sidebar" in wide_page[4].split() and "has-sidebar" not in wide_page[4]
    chosen_page = page(client, f"/?p={chosen.id}")
    assert chosen_page[1:3] == ["left", "post"]
    assert "has-sidebar sidebar-left" in chosen_page[4]
    mods.set_mod("lay", "sidebar", "none", mods.chain_schema(site.theme_chain("lay")))
    db.session.commit()
    assert page(client, f"/?p={plain.id}")[1:3] == ["none", "theme"]
    assert page(client, "/")[1:3] == ["none", "theme"]


@pytest.mark.usefixtures("classic")
def test_classic_places_its_sidebar_as_the_setting_says(app: Flask) -> None:
    update_option("sidebars_widgets", {"sidebar": ["search-2"]})
    update_option("widget_instances", {"search-2": {"type": "search", "settings": {}}})
    post = make_post("Story")
    db.session.commit()
    client = app.test_client()
    html = client.get(f"/?p={post.id}", follow_redirects=True).get_data(as_text=True)
    assert 'class="site-body has-sidebar sidebar-right"' in html
    assert 'aria-label="Sidebar"' in html
    schema = mods.chain_schema(site.theme_chain("classic"))
    mods.set_mod("classic", "sidebar", "left", schema)
    db.session.commit()
    assert 'class="site-body has-sidebar sidebar-left"' in client.get(
        f"/?p={post.id}", follow_redirects=True
    ).get_data(as_text=True)
    mods.set_mod("classic", "sidebar", "none", schema)
    db.session.commit()
    html = client.get(f"/?p={post.id}", follow_redirects=True).get_data(as_text=True)
    assert 'class="site-body"' in html and 'aria-label="Sidebar"' not in html
    assert "no-sidebar" in html


# -- sections ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[{", "not JSON"),
        ({"type": "hero"}, "must be a list of blocks"),
        ([{"type": "slider"}], "block 1: 'slider' is not a widget type; use one of"),
        ([{"type": "hero", "settings": {"source": "random"}}], "source must be one of"),
        ([{"type": "hero", "settings": {"speed": 3}}], "unknown settings speed; its settings"),
        ([{"type": "widget-area"}], "settings.area must name a widget area"),
        ([{"type": "hero", "where": "top"}], "unknown keys where"),
    ],
)
def test_sections_values_are_checked_with_each_widget_types_schema(
    value: object, message: str
) -> None:
    with pytest.raises(SectionsError, match=message):
        validate_sections(value)


def test_sections_are_stored_whole(app: Flask) -> None:
    assert validate_sections('[{"type": "hero", "settings": {"count": "2"}}]') == [
        {"type": "hero", "settings": {"title": "", "source": "sticky", "category": "", "count": 2}}
    ]


def _sections(app: Flask, posts: int) -> None:
    news = make_term("News")
    image = make_post("Pic", post_type="attachment", status="inherit", mime_type="image/jpeg")
    db.session.add(PostMeta(post_id=image.id, key="_wp_attached_file", value="2024/pic.jpg"))
    ids = []
    for n in range(posts):
        post = make_post(f"Story {n}", terms=[news], meta={"_thumbnail_id": str(image.id)})
        ids.append(post.id)
    update_option("sticky_posts", ids[:2])
    update_option("sidebars_widgets", {"home": ["text-2"]})
    update_option("widget_instances", {"text-2": {"type": "text", "settings": {"text": "Hi"}}})
    blocks = [
        {"type": "hero", "settings": {"source": "sticky", "count": 3}},
        {"type": "hero", "settings": {"source": "category", "category": "news", "count": 8}},
        {"type": "recent-posts", "settings": {"title": "Latest", "number": 8}},
        {"type": "widget-area", "settings": {"area": "home"}},
    ]
    schema = mods.chain_schema(site.theme_chain("lay"))
    mods.set_mod("lay", "home_sections", json.dumps(blocks), schema)
    db.session.commit()


@pytest.mark.parametrize("posts", [3, 9])
def test_sections_render_in_order_through_the_widget_machinery(lay_app: Flask, posts: int) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    _sections(lay_app, posts)
    client = lay_app.test_client()
    html = client.get("/").get_data(as_text=True)
    order = [
        html.index(mark)
        for mark in (
            'id="home_sections-1"',
            'id="home_sections-2"',
            'id="home_sections-3"',
            "section-area-home",
        )
    ]
    assert order == sorted(order)
    assert 'class="widget widget_hero"' in html
    assert 'src="/wp-content/uploads/2024/pic.jpg"' in html
    assert html.count('class="hero-post') == 2 + min(posts, 8)
    assert '<h2 class="widget-title">Latest</h2>' in html and "Hi" in html
    counter = StatementCounter()
    event.listen(Engine, "before_cursor_execute", counter)
    try:
        assert client.get("/").get_data(as_text=True) == html
    finally:
        event.remove(Engine, "before_cursor_execute", counter)
    # Output comes from the widget cache: a second page view loads no section data.
    assert not any("_thumbnail_id" in s for s in counter.statements), counter.statements
    # Invalidated exactly: a new sticky post shows at once.
    fresh = make_post("Breaking", meta={"_thumbnail_id": "0"})
    db.session.commit()
    update_option("sticky_posts", [fresh.id])
    db.session.commit()
    assert "Breaking" in client.get("/").get_data(as_text=True).split('id="home_sections-2"')[0]


def test_sections_cost_the_same_statements_however_many_posts(
    tmp_path: Path, instance: Path, sql_counter: StatementCounter
) -> None:
    themes = tmp_path / "themes"
    layout_theme(themes)
    counts = []
    # The cache off, so every render loads every section's data.
    for app in serve_site(instance, SITE_THEME_DIRS=[str(themes)], WIDGET_CACHE_SIZE=0):
        update_option("stylesheet", "lay")
        update_option("template", "lay")
        _sections(app, 2)
        client = app.test_client()
        client.get("/")  # warm what a process loads once (the theme index)
        for posts in (2, 8):
            if posts == 8:
                news = db.session.scalars(select(Term).where(Term.slug == "news")).one()
                image = db.session.scalars(select(Post).where(Post.title == "Pic")).one()
                for n in range(6):
                    make_post(f"More {n}", terms=[news], meta={"_thumbnail_id": str(image.id)})
                db.session.commit()
                client.get("/")
            sql_counter.reset()
            html = client.get("/").get_data(as_text=True)
            assert html.count('class="hero-post') == 2 + posts
            assert html.count('src="/wp-content/uploads/2024/pic.jpg"') == 2 + posts
            counts.append(sql_counter.count)
    assert counts[0] == counts[1], counts


@pytest.mark.usefixtures("classic")
def test_classic_home_shows_sections_only_when_configured(app: Flask) -> None:
    make_post("Only story")
    db.session.commit()
    client = app.test_client()
    assert "home-sections" not in client.get("/").get_data(as_text=True)
    schema = mods.chain_schema(site.theme_chain("classic"))
    mods.set_mod(
        "classic", "home_sections", '[{"type": "hero", "settings": {"source": "latest"}}]', schema
    )
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert '<div class="home-sections">' in html and "widget_hero" in html
    assert "home-sections" not in client.get("/?paged=2").get_data(as_text=True)


def test_setting_a_bad_sections_value_is_refused_by_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = _runner(tmp_path, monkeypatch)
    result = run(
        runner,
        "theme",
        "mod",
        "set",
        "home_sections",
        '[{"type": "hero", "settings": {"count": 0}}]',
        ok=False,
        code=1,
    )
    assert "block 1 (hero): count must be between 1 and 10, not 0" in result.output


def test_sections_naming_what_the_site_lacks_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = _runner(tmp_path, monkeypatch)
    before = run(runner, "theme", "mod", "get", "home_sections").output
    blocks = (
        '[{"type": "widget-area", "settings": {"area": "footer"}},'
        ' {"type": "category-posts", "settings": {"category": "sport"}},'
        ' {"type": "hero", "settings": {"source": "category"}}]'
    )
    result = run(runner, "theme", "mod", "set", "home_sections", blocks, ok=False, code=1)
    out = " ".join(result.output.split())
    assert (
        "block 1 (widget-area): the theme has no widget area 'footer'; its areas are sidebar, home"
        in out
    )
    assert "block 2 (category-posts): there is no category 'sport'" in out
    assert "block 3 (hero): category is needed when source is category" in out
    assert run(runner, "theme", "mod", "get", "home_sections").output == before
    fine = '[{"type": "widget-area", "settings": {"area": "home"}}]'
    run(runner, "theme", "mod", "set", "home_sections", fine)


# -- the command line --------------------------------------------------------------------


def _runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    folder = tmp_path / "site"
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(folder))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    layout_theme(folder / "themes")
    result = runner.invoke(main, ["theme", "activate", "lay"])
    assert result.exit_code == 0, result.output
    return runner


def run(runner: CliRunner, *args: str, ok: bool = True, code: int = 2) -> Result:
    result = runner.invoke(main, list(args))
    assert (result.exit_code == 0) is ok, result.output
    if not ok:
        assert result.exit_code == code and "Traceback" not in result.output, result.output
    return result


def _new_post(runner: CliRunner, post_type: str) -> int:
    from magtheme.cli import _app

    app = _app()
    with app.app_context():
        post = make_post("Story", post_type=post_type)
        db.session.commit()
        return post.id


def test_post_update_sets_template_and_sidebar_and_resolve_reports_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = _runner(tmp_path, monkeypatch)
    post_id = _new_post(runner, "post")
    # ``?p=ID`` redirects to the pretty permalink, which is what resolve then explains.
    found = json.loads(run(runner, "resolve", f"http://localhost/?p={post_id}", "--json").output)
    url = found["redirect"]
    layout = json.loads(run(runner, "resolve", url, "--json").output)["layout"]
    assert layout == {
        "sidebar": "right",
        "source": "theme",
        "template": "single.html",
        "template_name": "",
    }
    run(runner, "post", "update", str(post_id), "--page_template=full-width.html")
    data = json.loads(run(runner, "resolve", url, "--json").output)
    assert data["template"] == "full-width.html"
    assert data["layout"]["sidebar"] == "none" and data["layout"]["source"] == "template"
    run(runner, "post", "update", str(post_id), "--sidebar=left")
    text = run(runner, "resolve", url).output
    assert "Template name: 'Full width' (a custom template)" in text
    assert "Sidebar:   left, from the post's own choice (_magtheme_sidebar)" in text
    run(runner, "post", "update", str(post_id), "--sidebar=default", "--page_template=default")
    text = run(runner, "resolve", url).output
    assert "Template:  single.html" in text
    assert "Sidebar:   right, from the theme's 'sidebar' setting" in text


@pytest.mark.parametrize(
    ("post_type", "args", "message"),
    [
        (
            "post",
            ("--page_template=landing.html",),
            "theme 'lay' declares 'landing.html' only for page; for a post use one of: "
            "full-width.html, default.",
        ),
        (
            "page",
            ("--page_template=wide.html",),
            "theme 'lay' declares no template 'wide.html'; for a page use one of: "
            "full-width.html, landing.html, default.",
        ),
        ("post", ("--sidebar=top",), "'top' is not one of 'left', 'right', 'none', 'default'"),
        ("post", (), "give --page_template=FILE or --sidebar=PLACEMENT"),
    ],
)
def test_post_update_refuses_what_the_theme_does_not_offer(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    post_type: str,
    args: tuple[str, ...],
    message: str,
) -> None:
    runner = _runner(tmp_path, monkeypatch)
    post_id = _new_post(runner, post_type)
    result = run(runner, "post", "update", str(post_id), *args, ok=False)
    assert message in " ".join(result.output.split()), result.output


def test_post_update_names_a_missing_post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = _runner(tmp_path, monkeypatch)
    result = run(runner, "post", "update", "999", "--sidebar=left", ok=False)
    assert "there is no post with ID 999" in result.output


@pytest.mark.parametrize(
    ("post_type", "stored", "classes"),
    [
        ("post", "", ["post-template-default"]),
        ("page", "default", ["page-template-default"]),
        (
            "post",
            "page-templates/full-width.php",
            [
                "post-template",
                "post-template-page-templates",
                "post-template-full-width",
                # WordPress keeps the "/" until sanitize_html_class drops it.
                "post-template-page-templatesfull-width-php",
            ],
        ),
        (
            "page",
            "wide.html",
            ["page-template", "page-template-wide-html", "page-template-wide-html"],
        ),
    ],
)
def test_template_body_classes_are_wordpress_s(
    post_type: str, stored: str, classes: list[str]
) -> None:
    from magtheme.render import template_classes

    assert template_classes(post_type, stored) == classes


def test_a_post_with_a_template_gets_its_body_classes(lay_app: Flask) -> None:
    story = make_post("Story", meta={"_wp_page_template": "full-width.html"})
    about = make_post("About", post_type="page")
    db.session.commit()
    client = lay_app.test_client()
    story_classes = page(client, f"/?p={story.id}")[4].split()
    assert story_classes[:4] == [
        "post-template",
        "post-template-full-width-html",
        "single",
        "single-post",
    ]
    assert story_classes[-1] == "no-sidebar"
    about_classes = page(client, f"/?page_id={about.id}")[4].split()
    assert about_classes[:3] == ["page-template-default", "page", f"page-id-{about.id}"]
