"""Menus as a visitor sees them: WordPress's classes, the current item, nesting, what is left
out, the fallback, the cost in statements and the Theme Unit Test's menus."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import html as lxml_html
from markupsafe import Markup

from magtheme.models import Post, Term, db
from magtheme.options import forget_options, update_option
from tests.conftest import StatementCounter, serve_site, unit_test_wxr, write_theme
from tests.factories import make_post, make_term

CONFIG = """
[post_types.book]
public = true
has_archive = true
rewrite = { slug = "books" }
taxonomies = ["genre"]

[taxonomies.genre]
object_type = ["book"]
hierarchical = true
"""

HELLO_DATE = datetime(2024, 1, 1, 12, 0)  # so its link is /2024/01/01/hello/
NO_CLASSES = 'a:1:{i:0;s:0:"";}'  # what WordPress stores for an item without classes


@pytest.fixture
def site(instance: Path) -> Iterator[Flask]:
    """A site with a ``book`` type (archive at /books/) and a hierarchical ``genre``; classic."""
    (instance / "config.toml").write_text(CONFIG)
    yield from serve_site(instance)


@pytest.fixture
def client(site: Flask) -> FlaskClient:
    return site.test_client()


def add_item(
    menu: Term,
    kind: str = "custom",
    obj: str = "custom",
    object_id: int = 0,
    *,
    title: str = "",
    url: str = "",
    parent: Post | None = None,
    order: int = 0,
    classes: str = NO_CLASSES,
    post_parent: int = 0,
    status: str = "publish",
    **meta: str,
) -> Post:
    """A menu item stored as WordPress stores one."""
    values = {
        "_menu_item_type": kind,
        "_menu_item_object": obj,
        "_menu_item_object_id": str(object_id),
        "_menu_item_menu_item_parent": str(parent.id if parent else 0),
        "_menu_item_url": url,
        "_menu_item_target": "",
        "_menu_item_classes": classes,
        "_menu_item_xfn": "",
        **{f"_menu_item_{k}": v for k, v in meta.items()},
    }
    item = make_post(
        "placeholder",
        slug=f"item-{order}",
        post_type="nav_menu_item",
        status=status,
        terms=[menu],
        menu_order=order,
        parent_id=post_parent,
        meta=values,
    )
    item.title = title  # WordPress leaves it empty when the object's own title is used
    db.session.commit()
    return item


def primary(menu: Term) -> None:
    update_option("nav_menu_locations", {"primary": menu.id})


@dataclass
class Entry:
    id: str
    classes: list[str]
    href: str
    attrs: dict[str, str]
    depth: int
    parent: str


def nav(client: FlaskClient, url: str = "/") -> dict[str, Entry]:
    """The primary navigation's items by title, as the page shows them."""
    response = client.get(url)
    assert response.status_code == 200, url
    doc = lxml_html.fromstring(response.get_data(as_text=True))
    found: dict[str, Entry] = {}
    for li in doc.xpath('//nav[contains(@class, "primary-navigation")]//li'):
        link = li.find("a")
        above = [a for a in li.iterancestors("li")]
        found[link.text_content()] = Entry(
            id=li.get("id", ""),
            classes=li.get("class", "").split(),
            href=link.get("href", ""),
            attrs=dict(link.attrib),
            depth=len(above),
            parent=above[0].find("a").text_content() if above else "",
        )
    return found


def base(kind: str, obj: str, item: Post) -> list[str]:
    return ["menu-item", f"menu-item-type-{kind}", f"menu-item-object-{obj}"]


def current_ones(entries: dict[str, Entry]) -> list[str]:
    return [title for title, e in entries.items() if e.attrs.get("aria-current") == "page"]


# -- kinds and classes ---------------------------------------------------------------------


def test_every_kind_of_item_links_to_its_object_with_wordpress_classes(
    client: FlaskClient,
) -> None:
    menu = make_term("Main", "nav_menu", slug="main")
    about = make_post("About", post_type="page")
    news = make_term("News")
    hello = make_post("Hello", terms=[news], date=HELLO_DATE)
    tag = make_term("Elections", taxonomy="post_tag")
    scifi = make_term("Sci-fi", taxonomy="genre", slug="sci-fi")
    items = {
        "Home": add_item(menu, url="http://localhost/", title="Home", order=1),
        "About": add_item(menu, "post_type", "page", about.id, order=2),
        "Hello": add_item(menu, "post_type", "post", hello.id, order=3),
        "News": add_item(menu, "taxonomy", "category", news.id, order=4),
        "Elections": add_item(menu, "taxonomy", "post_tag", tag.id, order=5),
        "Sci-fi": add_item(menu, "taxonomy", "genre", scifi.id, order=6),
        "Books": add_item(menu, "post_type_archive", "book", title="Books", order=7),
        "Docs": add_item(
            menu,
            url="https://docs.example/",
            title="Docs",
            order=8,
            classes='a:2:{i:0;s:3:"ext";i:1;s:3:"big";}',
        ),
    }
    primary(menu)
    entries = nav(client, "/about/")
    assert list(entries) == list(items)
    expected = {
        "Home": ["menu-item", "menu-item-type-custom", "menu-item-object-custom", "menu-item-home"],
        "About": base("post_type", "page", items["About"])
        + ["current-menu-item", "page_item", f"page-item-{about.id}", "current_page_item"],
        "Hello": base("post_type", "post", items["Hello"]),
        "News": base("taxonomy", "category", items["News"]),
        "Elections": base("taxonomy", "post_tag", items["Elections"]),
        "Sci-fi": base("taxonomy", "genre", items["Sci-fi"]),
        "Books": base("post_type_archive", "book", items["Books"]),
        "Docs": ["ext", "big", "menu-item", "menu-item-type-custom", "menu-item-object-custom"],
    }
    for title, classes in expected.items():
        item = items[title]
        assert entries[title].classes == [*classes, f"menu-item-{item.id}"], title
        assert entries[title].id == f"menu-item-{item.id}"
    assert entries["About"].href == "http://localhost/about/"
    assert entries["Hello"].href == "http://localhost/2024/01/01/hello/"
    assert entries["News"].href == "http://localhost/category/news/"
    assert entries["Elections"].href == "http://localhost/tag/elections/"
    assert entries["Sci-fi"].href == "http://localhost/genre/sci-fi/"
    assert entries["Books"].href == "http://localhost/books/"
    assert current_ones(entries) == ["About"]
    page = client.get("/about/").get_data(as_text=True)
    assert '<nav class="primary-navigation" aria-label="Primary">' in page
    assert '<ul id="menu-main" class="menu">' in page


def test_item_fields_title_attribute_target_rel_and_description(client: FlaskClient) -> None:
    menu = make_term("Main", "nav_menu")
    link = make_post(
        "Away",
        post_type="nav_menu_item",
        terms=[menu],
        excerpt="Leaves the site",
        content="Our friends",
        meta={
            "_menu_item_type": "custom",
            "_menu_item_object": "custom",
            "_menu_item_url": "https://friends.example/",
            "_menu_item_target": "_blank",
            "_menu_item_classes": NO_CLASSES,
        },
    )
    friend = add_item(
        menu, url="https://pal.example/", title="Pal", order=2, xfn="friend met", target="_blank"
    )
    bad = add_item(menu, url="javascript:alert(1)", title="Bad", order=3)
    privacy = make_post("Privacy", post_type="page")
    add_item(menu, "post_type", "page", privacy.id, order=4)
    update_option("wp_page_for_privacy_policy", privacy.id)
    primary(menu)
    entries = nav(client)
    assert entries["Privacy"].attrs["rel"] == "privacy-policy"
    assert "menu-item-privacy-policy" in entries["Privacy"].classes
    assert entries["Away"].attrs == {
        "title": "Leaves the site",
        "target": "_blank",
        "rel": "noopener",
        "href": "https://friends.example/",
    }
    assert entries["Pal"].attrs["rel"] == "friend met"
    assert entries["Bad"].href == ""
    assert link.id and friend.id and bad.id
    from magtheme import site as site_registry
    from magtheme.menus import PageMenus
    from magtheme.options import load_options
    from magtheme.urls import linker

    options = load_options()
    menus = PageMenus(db.session, options, linker(options, site_registry.registry()))
    away = menus.menu("primary")[0]
    assert (away.description, away.attr_title, away.rel, away.target) == (
        "Our friends",
        "Leaves the site",
        "noopener",
        "_blank",
    )


# -- current-ness ----------------------------------------------------------------------------


def test_nested_pages_mark_the_current_page_its_parent_and_ancestor(client: FlaskClient) -> None:
    menu = make_term("Main", "nav_menu")
    about = make_post("About", post_type="page")
    team = make_post("Team", post_type="page", parent_id=about.id)
    staff = make_post("Staff", post_type="page", parent_id=team.id)
    a = add_item(menu, "post_type", "page", about.id, order=1)
    t = add_item(menu, "post_type", "page", team.id, order=2, parent=a, post_parent=about.id)
    s = add_item(menu, "post_type", "page", staff.id, order=3, parent=t, post_parent=team.id)
    primary(menu)
    entries = nav(client, "/about/team/staff/")
    page = ["menu-item", "menu-item-type-post_type", "menu-item-object-page"]
    assert entries["About"].classes == [
        *page,
        "current-page-ancestor",
        "current-menu-ancestor",
        "current_page_ancestor",
        "menu-item-has-children",
        f"menu-item-{a.id}",
    ]
    assert entries["Team"].classes == [
        *page,
        "current-page-ancestor",
        "current-menu-ancestor",
        "current-menu-parent",
        "current-page-parent",
        "current_page_parent",
        "current_page_ancestor",
        "menu-item-has-children",
        f"menu-item-{t.id}",
    ]
    assert entries["Staff"].classes == [
        *page,
        "current-menu-item",
        "page_item",
        f"page-item-{staff.id}",
        "current_page_item",
        f"menu-item-{s.id}",
    ]
    assert [(e.depth, e.parent) for e in entries.values()] == [(0, ""), (1, "About"), (2, "Team")]
    assert current_ones(entries) == ["Staff"]
    body = client.get("/").get_data(as_text=True)
    assert '<ul class="sub-menu">' in body


def world_news_menu() -> tuple[Post, Post]:
    """A primary menu of category World and its child News, which holds the post Hello."""
    menu = make_term("Main", "nav_menu")
    world = make_term("World")
    news = make_term("News", parent_id=world.id)
    make_post("Hello", terms=[news], date=HELLO_DATE)
    w = add_item(menu, "taxonomy", "category", world.id, order=1)
    n = add_item(menu, "taxonomy", "category", news.id, order=2, parent=w, post_parent=world.id)
    primary(menu)
    return w, n


def test_a_post_marks_its_categories_as_parent_and_ancestor(client: FlaskClient) -> None:
    w, n = world_news_menu()
    entries = nav(client, "/2024/01/01/hello/")
    cat = ["menu-item", "menu-item-type-taxonomy", "menu-item-object-category"]
    assert entries["World"].classes == [
        *cat,
        "current-post-ancestor",
        "menu-item-has-children",
        f"menu-item-{w.id}",
    ]
    assert entries["News"].classes == [
        *cat,
        "current-post-ancestor",
        "current-menu-parent",
        "current-post-parent",
        f"menu-item-{n.id}",
    ]
    assert current_ones(entries) == []


def test_a_category_archive_is_current_and_its_parent_category_an_ancestor(
    client: FlaskClient,
) -> None:
    w, n = world_news_menu()
    entries = nav(client, "/category/world/news/")
    cat = ["menu-item", "menu-item-type-taxonomy", "menu-item-object-category"]
    assert entries["World"].classes == [
        *cat,
        "current-category-ancestor",
        "current-menu-ancestor",
        "current-menu-parent",
        "current-category-parent",
        "menu-item-has-children",
        f"menu-item-{w.id}",
    ]
    assert entries["News"].classes == [*cat, "current-menu-item", f"menu-item-{n.id}"]
    assert current_ones(entries) == ["News"]


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/tag/elections/", "Elections"),
        ("/genre/sci-fi/", "Sci-fi"),
        ("/books/", "Books"),
        ("/books/dune/", "Dune"),
        ("/contact/", "Contact link"),
        ("/2024/01/01/hello/", "Hello"),
    ],
)
def test_the_item_of_what_the_page_shows_is_current(
    client: FlaskClient, url: str, current: str
) -> None:
    menu = make_term("Main", "nav_menu")
    tag = make_term("Elections", taxonomy="post_tag")
    scifi = make_term("Sci-fi", taxonomy="genre", slug="sci-fi")
    hello = make_post("Hello", terms=[tag], date=HELLO_DATE)
    dune = make_post("Dune", post_type="book", terms=[scifi])
    make_post("Contact", post_type="page")
    # A tag with the id of the post: current-ness follows the queried object, not the number.
    add_item(menu, "taxonomy", "post_tag", tag.id, order=1)
    add_item(menu, "taxonomy", "genre", scifi.id, order=2)
    add_item(menu, "post_type_archive", "book", title="Books", order=3)
    add_item(menu, "post_type", "book", dune.id, order=4)
    add_item(menu, url="http://localhost/contact/", title="Contact link", order=5)
    add_item(menu, "post_type", "post", hello.id, order=6)
    primary(menu)
    entries = nav(client, url)
    assert current_ones(entries) == [current]
    assert "current-menu-item" in entries[current].classes
    others = [t for t, e in entries.items() if "current-menu-item" in e.classes and t != current]
    assert others == []


def test_the_front_page_and_the_page_for_posts(client: FlaskClient) -> None:
    menu = make_term("Main", "nav_menu")
    front = make_post("Welcome", post_type="page")
    blog = make_post("Blog", post_type="page")
    make_post("Hello", date=HELLO_DATE)
    f = add_item(menu, "post_type", "page", front.id, order=1)
    b = add_item(menu, "post_type", "page", blog.id, order=2)
    home = add_item(menu, url="http://localhost/", title="Home", order=3)
    update_option("show_on_front", "page")
    update_option("page_on_front", front.id)
    update_option("page_for_posts", blog.id)
    primary(menu)
    page = ["menu-item", "menu-item-type-post_type", "menu-item-object-page"]
    on_front = nav(client, "/")
    assert on_front["Welcome"].classes == [
        *page,
        "menu-item-home",
        "current-menu-item",
        "page_item",
        f"page-item-{front.id}",
        "current_page_item",
        f"menu-item-{f.id}",
    ]
    assert on_front["Home"].classes == [
        "menu-item",
        "menu-item-type-custom",
        "menu-item-object-custom",
        "current-menu-item",
        "current_page_item",
        "menu-item-home",
        f"menu-item-{home.id}",
    ]
    assert on_front["Blog"].classes == [*page, f"menu-item-{b.id}"]
    on_blog = nav(client, "/blog/")
    assert on_blog["Blog"].classes == [
        *page,
        "current-menu-item",
        "page_item",
        f"page-item-{blog.id}",
        "current_page_item",
        "current_page_parent",
        f"menu-item-{b.id}",
    ]
    assert current_ones(on_blog) == ["Blog"]
    on_post = nav(client, "/2024/01/01/hello/")
    assert on_post["Blog"].classes == [*page, "current_page_parent", f"menu-item-{b.id}"]
    assert current_ones(on_post) == []


# -- what is left out -------------------------------------------------------------------------


def test_items_of_gone_or_hidden_objects_disappear_and_their_children_move_up(
    client: FlaskClient,
) -> None:
    menu = make_term("Main", "nav_menu")
    shown = make_post("Shown", post_type="page")
    draft = make_post("Draft", post_type="page", status="draft")
    private = make_post("Private", post_type="page", status="private")
    trashed = make_post("Trashed", post_type="page", status="trash")
    gone = make_post("Gone", post_type="page")
    gone_term = make_term("Gone term")
    child_page = make_post("Child", post_type="page")
    grandchild_page = make_post("Grandchild", post_type="page")
    top = add_item(menu, "post_type", "page", shown.id, order=1)
    add_item(menu, "post_type", "page", draft.id, order=2)
    add_item(menu, "post_type", "page", private.id, order=3)
    lost = add_item(menu, "post_type", "page", trashed.id, order=4, parent=top)
    add_item(menu, "post_type", "page", gone.id, order=5)
    add_item(menu, "taxonomy", "category", gone_term.id, order=6)
    add_item(menu, "taxonomy", "post_tag", shown.id, order=7)  # no such tag
    child = add_item(menu, "post_type", "page", child_page.id, order=8, parent=lost)
    add_item(menu, "post_type", "page", grandchild_page.id, order=9, parent=child)
    add_item(menu, url="http://localhost/x/", title="Draft item", order=10, status="draft")
    add_item(menu, url="http://localhost/y/", title="Last", order=11)
    db.session.delete(gone)
    db.session.delete(gone_term)
    db.session.commit()
    primary(menu)
    entries = nav(client, "/child/")
    # WordPress's walker: orphans after the top level, flat.
    assert [(t, e.depth) for t, e in entries.items()] == [
        ("Shown", 0),
        ("Last", 0),
        ("Child", 0),
        ("Grandchild", 0),
    ]
    assert "menu-item-has-children" not in entries["Shown"].classes
    # The current item's chain still runs through the missing item, as WordPress reads it.
    assert "current-menu-ancestor" in entries["Shown"].classes
    assert current_ones(entries) == ["Child"]


# -- fallback, overriding, the helper's arguments ----------------------------------------------


THEMED_INDEX = (
    '{{ nav_menu("primary") }}|NOFALLBACK{{ nav_menu("primary", fallback=False) }}|'
    '{{ nav_menu("primary", container="div", menu_class="nav", depth=1) }}|'
    "HAS={{ has_nav_menu('primary') }}"
)


def themed_site(tmp_path: Path, instance: Path, templates: dict[str, str]) -> Iterator[Flask]:
    """A site whose theme (with *templates*) declares the ``primary`` location."""
    themes = tmp_path / "themes"
    folder = write_theme(themes, "mt", templates)
    with (folder / "theme.toml").open("a") as manifest:
        manifest.write('[[menu_locations]]\nid = "primary"\nname = "Primary"\n')
    for app in serve_site(instance, SITE_THEME_DIRS=[str(themes)]):
        update_option("stylesheet", "mt")
        update_option("template", "mt")
        yield app


@pytest.fixture
def themed(tmp_path: Path, instance: Path) -> Iterator[Flask]:
    """A site whose theme prints nav_menu() three ways."""
    yield from themed_site(tmp_path, instance, {"index.html": THEMED_INDEX})


def test_a_location_without_a_menu_lists_the_published_pages(themed: Flask) -> None:
    about = make_post("About", post_type="page", menu_order=2)
    team = make_post("Team", post_type="page", parent_id=about.id)
    make_post("Secret", post_type="page", status="draft")
    make_post("Contact", post_type="page", menu_order=1)
    body = themed.test_client().get("/").get_data(as_text=True)
    fallback, without, _shallow, has = body.split("|")
    assert fallback.startswith('<nav class="menu"><ul>\n<li class="page_item page-item-')
    assert [
        li.text_content().split("\n")[0]
        for li in lxml_html.fromstring(fallback).xpath("//ul[not(@class)]/li")
    ] == ["Contact", "About"]
    assert f"page-item-{about.id} page_item_has_children" in fallback
    assert f'<ul class="children">\n<li class="page_item page-item-{team.id}">' in fallback
    assert "Secret" not in fallback
    assert without == "NOFALLBACK"
    assert has == "HAS=False"


def test_depth_container_and_a_theme_override(themed: Flask, tmp_path: Path) -> None:
    menu = make_term("Main", "nav_menu", slug="main")
    top = add_item(menu, url="http://localhost/a/", title="A", order=1)
    add_item(menu, url="http://localhost/b/", title="B", order=2, parent=top)
    primary(menu)
    body = themed.test_client().get("/").get_data(as_text=True)
    full, _without, shallow, has = body.split("|")
    assert full.startswith('<nav class="menu-main-container"><ul id="menu-main" class="menu">')
    assert ">B</a>" in full
    # Each print of the same menu on one page gets its own id, as WordPress's does.
    assert shallow.startswith('<div class="menu-main-container"><ul id="menu-main-2" class="nav">')
    # Its children are not shown, so it does not say it has any (WordPress 6.2+).
    assert ">B</a>" not in shallow and "menu-item-has-children" not in shallow
    assert "menu-item-has-children" in full
    assert has == "HAS=True"


def test_a_theme_overrides_the_menu_markup(tmp_path: Path, instance: Path) -> None:
    override = "{% for item in items %}[{{ item.title }}:{{ item.classes }}]{% endfor %}"
    templates = {"index.html": '{{ nav_menu("primary") }}', "menus/nav-menu.html": override}
    for app in themed_site(tmp_path, instance, templates):
        menu = make_term("Main", "nav_menu", slug="main")
        top = add_item(menu, url="http://localhost/a/", title="A", order=1)
        primary(menu)
        assert app.test_client().get("/").get_data(as_text=True) == (
            f"[A:menu-item menu-item-type-custom menu-item-object-custom menu-item-{top.id}]"
        )


def test_nav_menu_refuses_an_unknown_container(themed: Flask) -> None:
    from magtheme.menus import PageMenus

    with pytest.raises(ValueError, match="container must be one of div, nav"):
        PageMenus(db.session, {}, None).nav_menu("primary", container="section")


# -- cost ----------------------------------------------------------------------------------------


def test_a_menu_costs_the_same_statements_whatever_its_length(
    client: FlaskClient, sql_counter: StatementCounter
) -> None:
    def statements(n: int) -> int:
        menu = make_term(f"Menu {n}", "nav_menu")
        parent_page = make_post(f"Parent {n}", post_type="page")
        previous = None
        for i in range(n // 3):
            page = make_post(f"Page {n}-{i}", post_type="page", parent_id=parent_page.id)
            category = make_term(f"Cat {n}-{i}")
            previous = add_item(menu, "post_type", "page", page.id, order=3 * i, parent=previous)
            add_item(menu, "taxonomy", "category", category.id, order=3 * i + 1)
            add_item(menu, url=f"http://localhost/{n}/{i}/", title=f"L{i}", order=3 * i + 2)
        primary(menu)
        client.get("/")  # options and theme warmed alike for both
        sql_counter.reset()
        body = client.get("/").get_data(as_text=True)
        assert body.count('class="menu-item ') == n
        return sql_counter.count

    assert statements(3) == statements(30)


# -- the Theme Unit Test export --------------------------------------------------------------


def test_the_theme_unit_test_menus_render_without_serialized_junk(site: Flask) -> None:
    from magtheme.wxr import import_wxr

    import_wxr(unit_test_wxr(), registry=site.extensions["magtheme.registry"])
    menus = db.session.scalars(
        db.select(Term).where(Term.taxonomy == "nav_menu").order_by(Term.id)
    ).all()
    assert len(menus) >= 5
    client = site.test_client()
    nested = 0
    for menu in menus:
        primary(menu)
        body = client.get("/").get_data(as_text=True)
        doc = lxml_html.fromstring(body)
        items = doc.xpath('//nav[contains(@class, "primary-navigation")]//li')
        if menu.count == 0:  # "Empty Menu": a location with an empty menu prints nothing
            assert not doc.xpath('//nav[contains(@class, "primary-navigation")]')
            continue
        assert items, menu.name
        for li in items:
            classes = li.get("class").split()
            assert classes[0] == "menu-item" or "menu-item" in classes, (menu.name, classes)
            assert all(c.replace("-", "").replace("_", "").isalnum() for c in classes), classes
            assert li.get("id") == f"menu-item-{classes[-1].removeprefix('menu-item-')}"
        nested += len(
            doc.xpath('//nav[contains(@class, "primary-navigation")]//ul[@class="sub-menu"]')
        )
        assert "a:1:{" not in body and "s:0:" not in body
    assert nested > 0


def test_the_cached_menu_widget_follows_menu_changes_and_the_page(client: FlaskClient) -> None:
    from magtheme.menus import store

    menu = make_term("Side", "nav_menu", slug="side")
    about = make_post("About", post_type="page")
    add_item(menu, "post_type", "page", about.id, order=1)
    update_option(
        "widget_instances",
        {"nav_menu-2": {"type": "custom-menu", "settings": {"nav_menu": menu.id}}},
    )
    update_option("sidebars_widgets", {"sidebar": ["nav_menu-2"]})

    def widget(url: str) -> str:
        forget_options()  # the test's app context outlives requests; a real one does not
        body = client.get(url).get_data(as_text=True)
        return body[
            body.index('id="nav_menu-2"') : body.index("</section>", body.index('id="nav_menu-2"'))
        ]

    assert 'aria-current="page">About</a>' in widget("/about/")
    assert "aria-current" not in widget("/")  # varies with the page, though cached
    store.add_custom_item(db.session, menu, "Shop", "https://shop.example/", store.ItemChanges())
    db.session.commit()
    assert ">Shop</a>" in widget("/")
    store.update_item(db.session, _first_item(menu), store.ItemChanges(title="Who we are"))
    db.session.commit()
    assert ">Who we are</a>" in widget("/")


def _first_item(menu: Term) -> int:
    from magtheme.menus import store

    return store.menu_items(db.session, menu)[0][0].id


def test_depth_shows_levels_as_wordpress_does() -> None:
    from magtheme.menus import shown_to_depth
    from magtheme.menus.tree import MenuItem

    def item(n: int, *children: MenuItem) -> MenuItem:
        has = " menu-item-has-children" if children else ""
        return MenuItem(
            n, Markup(str(n)), f"/{n}/", classes=f"menu-item{has}", children=list(children)
        )

    tree = [item(1, item(2, item(3))), item(4)]

    def shape(items: list[MenuItem]) -> list[Any]:
        return [(i.id, "menu-item-has-children" in i.classes, shape(i.children)) for i in items]

    assert shown_to_depth(tree, 0) is tree
    assert shape(shown_to_depth(tree, 2)) == [(1, True, [(2, False, [])]), (4, False, [])]
    assert shape(shown_to_depth(tree, 1)) == [(1, False, []), (4, False, [])]
    # -1: every item on one level, in order.
    assert shape(shown_to_depth(tree, -1)) == [
        (1, False, []),
        (2, False, []),
        (3, False, []),
        (4, False, []),
    ]
    assert shape(tree) == [(1, True, [(2, True, [(3, False, [])])]), (4, False, [])]
