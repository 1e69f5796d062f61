"""Widgets: the registry, the built-in widgets and widget areas."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from markupsafe import Markup

from magtheme import site
from magtheme import urls as links
from magtheme.models import db
from magtheme.options import load_options, update_option
from magtheme.themes import ThemeChain, build_chain, discover_themes
from magtheme.visibility import now_gmt
from magtheme.widgets import (
    INACTIVE,
    Field,
    WidgetError,
    WidgetRegistry,
    clean_settings,
    default_registry,
    load_entry_point_widgets,
    render_widget_area,
)
from magtheme.widgets.builtin import plain_text_html
from tests.conftest import StatementCounter, write_theme
from tests.factories import make_post, make_term

HOME = "http://example.test"


@pytest.fixture
def chain(app: Flask, tmp_path: Path) -> ThemeChain:
    """A child theme whose parent restyles the text widget."""
    write_theme(
        tmp_path,
        "parent",
        {
            "index.html": "x",
            "widgets/text.html": '<div class="parent-text">{{ content }}|{{ site_name }}</div>',
        },
    )
    write_theme(tmp_path, "child", {}, parent="parent")
    return build_chain("child", discover_themes([tmp_path]))


def place(*widgets: tuple[str, str, str, dict[str, Any]]) -> None:
    """Store widgets as (area, instance id, type, settings), in order."""
    instances: dict[str, Any] = {}
    sidebars: dict[str, list[str]] = {}
    for area, instance, kind, settings in widgets:
        instances[instance] = {"type": kind, "settings": settings}
        sidebars.setdefault(area, []).append(instance)
    update_option("widget_instances", instances)
    update_option("sidebars_widgets", sidebars)


def render(
    chain: ThemeChain,
    area: str = "sidebar",
    *,
    registry: WidgetRegistry | None = None,
    **context: Any,
) -> Markup:
    options = load_options()
    linker = links.linker({**options, "home": HOME}, site.registry())
    return render_widget_area(
        area,
        chain=chain,
        session=db.session,
        options=options,
        linker=linker,
        context=context,
        registry=registry,
        current_url=context.pop("current_url", ""),
    )


def squash(html: str) -> str:
    return re.sub(r"\s*\n\s*", "", html)


# -- areas --------------------------------------------------------------------------------


def test_an_area_without_widgets_renders_nothing(chain: ThemeChain) -> None:
    assert render(chain) == ""
    place(("footer", "text-1", "text", {"text": "hi"}))
    assert render(chain, "sidebar") == ""
    assert isinstance(render(chain, "sidebar"), Markup)


def test_inactive_widgets_are_never_shown(chain: ThemeChain) -> None:
    place((INACTIVE, "text-1", "text", {"text": "hidden"}))
    assert render(chain, INACTIVE) == ""


def test_widgets_are_wrapped_like_wordpress(chain: ThemeChain) -> None:
    make_post("Hello")
    place(
        ("sidebar", "text-2", "text", {"title": "About <us>", "text": "Hi"}),
        ("sidebar", "recent-posts-3", "recent-posts", {}),
        ("sidebar", "search-4", "search", {}),
    )
    html = render(chain, site_name="Daily")
    sections = re.findall(r'<section id="([^"]+)" class="([^"]+)">', html)
    assert sections == [
        ("text-2", "widget widget_text"),
        ("recent-posts-3", "widget widget_recent-posts widget_recent_entries"),
        ("search-4", "widget widget_search"),
    ]
    assert '<h2 class="widget-title">About &lt;us&gt;</h2>' in html
    assert '<h2 class="widget-title">Recent Posts</h2>' in html  # WordPress's default title
    search = html[html.index('id="search-4"') :]
    assert "widget-title" not in search  # no title, no heading


def test_a_theme_restyles_a_widget_and_children_inherit_it(chain: ThemeChain) -> None:
    place(("sidebar", "text-1", "text", {"text": "a <b>"}))
    assert '<div class="parent-text"><p>a &lt;b&gt;</p>|Daily</div>' in render(
        chain, site_name="Daily"
    )


def test_unknown_types_and_missing_instances_are_skipped_and_logged(
    chain: ThemeChain, caplog: pytest.LogCaptureFixture
) -> None:
    place(
        ("sidebar", "weather-1", "weather", {}),
        ("sidebar", "text-2", "text", {"text": "still here"}),
    )
    sidebars = load_options()["sidebars_widgets"]
    update_option("sidebars_widgets", {"sidebar": ["gone-9", *sidebars["sidebar"]]})
    with caplog.at_level(logging.WARNING, logger="magtheme.widgets"):
        html = render(chain)
    assert "still here" in html and html.count("<section") == 1
    assert "unknown type 'weather'" in caplog.text
    assert "'gone-9' is not in widget_instances" in caplog.text


# -- built-in widgets ---------------------------------------------------------------------


def test_text_is_escaped_and_made_into_paragraphs() -> None:
    assert plain_text_html("One <b>\nline two\n\n\nThree & four") == (
        "<p>One &lt;b&gt;<br>\nline two</p>\n<p>Three &amp; four</p>"
    )
    assert plain_text_html("a\n\nb", paragraphs=False) == "a\n\nb"


def test_recent_posts_lists_only_public_posts_newest_first(chain: ThemeChain) -> None:
    now = now_gmt()
    make_post("Old", date=datetime(2024, 1, 1))
    make_post("New", date=datetime(2024, 3, 1))
    make_post("Secret", password="x", date=datetime(2024, 2, 1))
    make_post("Draft", status="draft", date=datetime(2024, 4, 1))
    make_post("Private", status="private", date=datetime(2024, 4, 1))
    make_post("Soon", status="future", date=now + timedelta(days=1))
    make_post("Due", status="future", date=now - timedelta(minutes=1))
    make_post("About", post_type="page", date=datetime(2024, 5, 1))
    place(("sidebar", "recent-posts-2", "recent-posts", {"number": 3, "show_date": True}))
    html = render(chain)
    assert re.findall(r'<a href="[^"]+">([^<]+)</a>', html) == ["Due", "New", "Protected: Secret"]
    assert '<a href="http://example.test/2024/03/01/new/">New</a>' in html
    assert '<span class="post-date">March 1, 2024</span>' in html


@pytest.mark.parametrize(("number", "shown"), [(1, 1), (50, 20), ("x", 5), (0, 1)])
def test_recent_posts_number_stays_within_bounds(
    chain: ThemeChain, number: Any, shown: int
) -> None:
    for i in range(25):
        make_post(f"Story {i}")
    place(("sidebar", "recent-posts-2", "recent-posts", {"number": number}))
    assert render(chain).count("<li>") == shown


def test_categories_with_counts_and_hierarchy(chain: ThemeChain) -> None:
    world = make_term("World")
    europe = make_term("Europe", parent_id=world.id)
    france = make_term("France", parent_id=europe.id)
    sport = make_term("Sport")
    make_term("Empty")
    make_post("Paris", terms=[france])
    make_post("Match", terms=[sport])
    make_post("Match 2", terms=[sport])
    place(("sidebar", "categories-2", "categories", {"count": True, "hierarchical": True}))
    html = squash(render(chain))
    assert "Empty" not in html
    assert (
        f'<li class="cat-item cat-item-{world.id}"><a href="http://example.test/category/world/">'
        f'World</a> (0)<ul class="children"><li class="cat-item cat-item-{europe.id}">'
    ) in html
    assert '<a href="http://example.test/category/world/europe/france/">France</a> (1)' in html
    assert (
        f'cat-item-{sport.id}"><a href="http://example.test/category/sport/">Sport</a> (2)' in html
    )
    place(("sidebar", "categories-2", "categories", {}))
    flat = squash(render(chain))
    assert re.findall(r">([A-Za-z]+)</a>", flat) == ["France", "Sport"]  # empty ones hidden
    assert "(1)" not in flat


def test_the_current_category_is_marked(chain: ThemeChain) -> None:
    news = make_term("News")
    local = make_term("Local", parent_id=news.id)
    make_post("A", terms=[local])
    place(("sidebar", "categories-2", "categories", {"hierarchical": True}))
    query = SimpleNamespace(queried_object=SimpleNamespace(id=local.id, taxonomy="category"))
    html = render(chain, query=query)
    assert f'class="cat-item cat-item-{local.id} current-cat"' in html
    assert f'class="cat-item cat-item-{news.id} current-cat-parent current-cat-ancestor"' in html


def test_tag_cloud_sizes_by_use_and_sorts_by_name(chain: ThemeChain) -> None:
    tags = {name: make_term(name, "post_tag") for name in ("zebra", "apple", "mango")}
    for i, (name, uses) in enumerate((("zebra", 9), ("apple", 1), ("mango", 3))):
        for j in range(uses):
            make_post(f"{name} {j} {i}", terms=[tags[name]])
    make_term("unused", "post_tag")
    place(("sidebar", "tag-cloud-2", "tag-cloud", {"count": True}))
    html = render(chain)
    assert re.findall(r'aria-label="(\w+) \((\d+) items?\)"', html) == [
        ("apple", "1"),
        ("mango", "3"),
        ("zebra", "9"),
    ]
    sizes = re.findall(r"font-size: ([\d.]+)pt", html)
    assert sizes[0] == "8" and sizes[2] == "22" and 8 < float(sizes[1]) < 22
    assert '<span class="tag-link-count"> (9)</span>' in html
    assert '<h2 class="widget-title">Tags</h2>' in html


def test_archives_are_monthly_and_count_public_posts(chain: ThemeChain) -> None:
    make_post("A", date=datetime(2024, 5, 2))
    make_post("B", date=datetime(2024, 5, 30))
    make_post("C", date=datetime(2023, 12, 31))
    make_post("D", status="draft", date=datetime(2022, 1, 1))
    place(("sidebar", "archives-2", "archives", {"count": True}))
    html = render(chain, current_url="http://example.test/2023/12/")
    assert squash(html).count("<li>") == 2
    assert '<a href="http://example.test/2024/05/">May 2024</a>&nbsp;(2)' in html
    assert (
        '<a href="http://example.test/2023/12/" aria-current="page">December 2023</a>&nbsp;(1)'
        in html
    )
    assert "2022" not in html


def test_pages_as_a_tree_with_exclusions_and_current_page(chain: ThemeChain) -> None:
    about = make_post("About", post_type="page", menu_order=2)
    team = make_post("Team", post_type="page", parent_id=about.id)
    contact = make_post("Contact", post_type="page", menu_order=1)
    make_post("Hidden", post_type="page", status="draft")
    place(("sidebar", "pages-2", "pages", {"sortby": "menu_order", "exclude": str(contact.id)}))
    query = SimpleNamespace(
        queried_object=SimpleNamespace(id=team.id, post_type="page", parent_id=about.id)
    )
    html = squash(render(chain, query=query))
    assert "Contact" not in html and "Hidden" not in html
    assert (
        f'<li class="page_item page-item-{about.id} page_item_has_children current_page_ancestor '
        f'current_page_parent"><a href="http://example.test/about/">About</a>'
        f'<ul class="children"><li class="page_item page-item-{team.id} current_page_item">'
        f'<a href="http://example.test/about/team/" aria-current="page">Team</a>'
    ) in html


def test_custom_menu_shows_a_nav_menu(chain: ThemeChain) -> None:
    menu = make_term("Footer links", "nav_menu", slug="footer-links")
    make_post(
        "Home",
        post_type="nav_menu_item",
        terms=[menu],
        meta={"_menu_item_type": "custom", "_menu_item_url": "http://example.test/"},
    )
    category = make_term("News")
    place(
        ("sidebar", "nav_menu-2", "custom-menu", {"title": "Links", "nav_menu": menu.id}),
        ("sidebar", "nav_menu-3", "custom-menu", {"nav_menu": 0}),
        ("sidebar", "nav_menu-4", "custom-menu", {"nav_menu": category.id}),
    )
    html = render(chain, current_url="http://example.test/")
    assert html.count("<section") == 1
    assert 'class="widget widget_custom-menu widget_nav_menu"' in html
    # A copy of a menu the page may show already: classes, but no id to repeat.
    assert '<nav class="menu-footer-links-container" aria-label="Links">\n<ul class="menu">' in html
    assert ' id="menu-' not in html
    assert (
        'class="menu-item menu-item-type-custom menu-item-object-custom current-menu-item '
        'current_page_item menu-item-home menu-item-1"><a href="http://example.test/" '
        'aria-current="page">Home</a>'
    ) in html


def test_search_form_keeps_the_search(chain: ThemeChain) -> None:
    place(("sidebar", "search-2", "search", {}))
    html = render(chain, query=SimpleNamespace(search='a "b"'))
    assert 'action="http://example.test/"' in html
    assert 'value="a &#34;b&#34;" name="s"' in html


def test_widgets_cost_a_fixed_number_of_statements(
    chain: ThemeChain, sql_counter: StatementCounter
) -> None:
    def count(n: int) -> int:
        parent = make_term(f"Parent {n}")
        for i in range(n):
            child = make_term(f"Child {n}-{i}", parent_id=parent.id)
            tag = make_term(f"tag {n}-{i}", "post_tag")
            page = make_post(f"Page {n}-{i}", post_type="page")
            make_post(f"Sub {n}-{i}", post_type="page", parent_id=page.id)
            make_post(f"Post {n}-{i}", terms=[child, tag], date=datetime(2020 + i, 1 + i, 1))
        place(
            ("sidebar", "recent-posts-2", "recent-posts", {"number": 20}),
            ("sidebar", "categories-2", "categories", {"hierarchical": True}),
            ("sidebar", "tag-cloud-2", "tag-cloud", {}),
            ("sidebar", "archives-2", "archives", {}),
            ("sidebar", "pages-2", "pages", {}),
        )
        load_options()
        sql_counter.reset()
        html = render(chain)
        assert html.count("<section") == 5
        return sql_counter.count

    assert count(2) == count(8)


# -- settings -------------------------------------------------------------------------------

FIELDS = (
    Field("title", "text", "Title", default="", max_length=5),
    Field("number", "number", "Number", default=5, min=1, max=20),
    Field("show", "boolean", "Show", default=False),
    Field("order", "select", "Order", default="a", choices=(("a", "A"), ("b", "B"))),
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ({}, {"title": "", "number": 5, "show": False, "order": "a"}),
        (
            {"title": "Hi", "number": "7", "show": "on", "order": "b", "junk": 1},
            {"title": "Hi", "number": 7, "show": True, "order": "b"},
        ),
        (
            {"title": "toolong", "number": 99, "show": "maybe", "order": "z"},
            {"title": "toolo", "number": 20, "show": False, "order": "a"},
        ),
        ({"number": -3, "show": 0}, {"title": "", "number": 1, "show": False, "order": "a"}),
        ({"number": "many"}, {"title": "", "number": 5, "show": False, "order": "a"}),
    ],
)
def test_stored_settings_are_made_whole(raw: dict[str, Any], clean: dict[str, Any]) -> None:
    assert clean_settings(FIELDS, raw) == clean


def test_strict_settings_name_every_problem() -> None:
    with pytest.raises(WidgetError) as caught:
        clean_settings(FIELDS, {"number": 99, "order": "z", "show": "maybe"}, strict=True)
    message = str(caught.value)
    assert "number must be between 1 and 20, not 99." in message
    assert "order must be one of a, b, not 'z'." in message
    assert "show must be true or false" in message
    assert clean_settings(FIELDS, {"number": "3"}, strict=True)["number"] == 3


# -- the registry and extension packages ------------------------------------------------------


def test_the_default_registry_has_the_built_in_widgets() -> None:
    types = {widget.type for widget in default_registry()}
    assert types >= {
        "search",
        "text",
        "recent-posts",
        "categories",
        "tag-cloud",
        "archives",
        "pages",
        "custom-menu",
    }


def test_a_type_id_is_registered_once() -> None:
    registry = WidgetRegistry()

    @registry.widget("clock")
    def clock(session: Any, settings: Any, context: Any) -> dict[str, Any]:
        return {}

    with pytest.raises(WidgetError, match=r"'clock' is already registered \(by .*clock\)"):
        registry.widget("clock")(clock)
    registry.widget("clock", replace=True)(clock)
    with pytest.raises(WidgetError, match="lowercase"):
        registry.widget("Clock!")(clock)


class FakeEntryPoint:
    def __init__(self, name: str, target: Any) -> None:
        self.name, self.value, self._target = name, f"pkg_{name}:register", target

    def load(self) -> Any:
        if isinstance(self._target, Exception):
            raise self._target
        return self._target


def test_packages_register_widgets_through_entry_points(
    chain: ThemeChain, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def register(registry: WidgetRegistry) -> None:
        @registry.widget(
            "weather",
            name="Weather",
            fields=[Field("city", "text", "City", default="Paris")],
            default_template="<p>Sunny in {{ city }}</p>",
        )
        def weather(session: Any, settings: Any, context: Any) -> dict[str, Any]:
            return {"city": settings["city"]}

        @registry.widget("no-template")
        def no_template(session: Any, settings: Any, context: Any) -> dict[str, Any]:
            return {}

    entries = [
        FakeEntryPoint("weather", register),
        FakeEntryPoint("broken", ImportError("No module named 'pkg_broken'")),
    ]
    monkeypatch.setattr("magtheme.extensions.entry_points", lambda group: entries)
    registry = WidgetRegistry()
    with caplog.at_level(logging.ERROR):
        assert load_entry_point_widgets(registry) == ["weather"]
    assert "widget package 'broken'" in caplog.text and "pkg_broken" in caplog.text
    place(
        ("sidebar", "weather-1", "weather", {"city": "Lyon <3"}),
        ("sidebar", "no-template-1", "no-template", {}),
    )
    with caplog.at_level(logging.ERROR):
        html = render(chain, registry=registry)
    assert "<p>Sunny in Lyon &lt;3</p>" in html
    assert html.count("<section") == 1
    assert "add templates/widgets/no-template.html" in caplog.text


def test_a_many_widget_type_loads_all_its_instances_at_once(chain: ThemeChain) -> None:
    """A type registered with many=True is called once per area with every instance's
    settings, and each instance gets its own result in its own place."""
    registry = WidgetRegistry()
    calls: list[list[str]] = []

    @registry.widget(
        "echo",
        fields=[Field("word", "text", "Word", default="")],
        many=True,
        default_template="<p>{{ word }}</p>",
    )
    def echo(session: Any, settings_list: Any, context: Any) -> list[dict[str, Any] | None]:
        calls.append([s["word"] for s in settings_list])
        return [{"word": s["word"].upper()} if s["word"] else None for s in settings_list]

    place(
        ("sidebar", "echo-1", "echo", {"word": "one"}),
        ("sidebar", "text-2", "text", {"text": "between"}),
        ("sidebar", "echo-3", "echo", {"word": ""}),
        ("sidebar", "echo-4", "echo", {"word": "four"}),
    )
    registry.register(default_registry().get("text"))  # type: ignore[arg-type]
    html = render(chain, registry=registry)
    assert calls == [["one", "", "four"]]
    assert html.index("ONE") < html.index("between") < html.index("FOUR")
    assert 'id="echo-3"' not in html  # None shows nothing


def test_a_widget_type_must_name_known_dependencies() -> None:
    registry = WidgetRegistry()
    with pytest.raises(WidgetError, match="depends names 'weather'; the topics are posts"):
        registry.widget("odd", depends=("weather",))(lambda s, st, c: {})
