"""Titles show their inline markup on pages and are plain text wherever markup cannot go."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from lxml import etree
from lxml import html as lxml_html

from magtheme.content.titles import TITLE_TAGS, title_html, title_text
from magtheme.models import Post
from magtheme.options import update_option
from magtheme.present import display_title, display_title_text
from tests.conftest import FIXTURES, ROOT
from tests.factories import make_post, make_term
from tests.xss import executable, vectors

MARKUP_TITLE = "Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>"
HOSTILE = [
    "<script>alert(1)</script>Title",
    "<img src=x onerror=alert(1)>Title",
    '<em onclick="alert(1)">Title</em>',
    '<b style="color:red" class="x">Title</b>',
    '<a href="javascript:alert(1)">Title</a>',
    'Title" onmouseover="alert(1)',
    "Title' onmouseover='alert(1)",
    "</title><script>alert(1)</script>",
    "<!-- a --><em>Title</em>",
    "<svg><em>Title</em></svg>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    *vectors(),
]


def _fixture_titles() -> list[dict[str, Any]]:
    """The fixture's posts as WordPress showed their titles (title) from the export (title_raw)."""
    name = "wordpress-theme-unit-test.wordpress-output.json"
    for folder in (ROOT / "tests" / "data", FIXTURES, ROOT.parent / "shared" / "fixtures"):
        if (folder / name).is_file():
            posts = json.loads((folder / name).read_text(encoding="utf-8"))["posts"]
            return [p for p in posts if p["title_raw"]]  # WordPress's theme says "Untitled"
    return []


class _Shape(HTMLParser):
    """The elements (with their attributes) and the text of an HTML fragment."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text = ""
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text += data


def _post(title: str, **fields: Any) -> Post:
    return Post(title=title, password=fields.get("password", ""), status="publish")


# --- The rule itself ------------------------------------------------------------------


@pytest.mark.parametrize("entry", _fixture_titles(), ids=lambda e: f"{e['id']}-{e['slug']}"[:60])
def test_every_fixture_title_shows_what_wordpress_shows(entry: dict[str, Any]) -> None:
    post = _post(entry["title_raw"], password="x" if entry["has_password"] else "")
    ours, theirs = _Shape(str(display_title(post))), _Shape(entry["title"])
    assert ours.tags == theirs.tags  # the same elements: <em>, <b>, <sup> …
    assert ours.text == theirs.text  # the same characters, curly quotes included
    assert display_title_text(post) == theirs.text


def test_the_markup_title_keeps_its_markup_and_its_text_has_none() -> None:
    assert str(title_html(MARKUP_TITLE)) == MARKUP_TITLE
    assert title_text(MARKUP_TITLE) == "Markup: Title With Markup"
    assert display_title_text(_post(MARKUP_TITLE, password="x")) == (
        "Protected: Markup: Title With Markup"
    )


@pytest.mark.parametrize("raw", HOSTILE)
def test_a_hostile_title_keeps_only_allowed_tags_and_no_quotes(raw: str) -> None:
    shown = str(title_html(raw))
    shape = _Shape(shown)
    assert {tag for tag, _ in shape.tags} <= TITLE_TAGS
    assert all(attrs == [] for _, attrs in shape.tags)
    assert executable(shown) == []
    assert '"' not in shown and "'" not in shown  # cannot end a quoted attribute


def test_text_in_a_title_stays_text() -> None:
    assert title_text("Tom & Jerry: 1 < 2") == "Tom & Jerry: 1 < 2"
    assert str(title_html("Tom & Jerry: 1 < 2")) == "Tom &#038; Jerry: 1 &lt; 2"
    assert title_text("&lt;em&gt; explained") == "<em> explained"
    assert str(title_html("&lt;em&gt; explained")) == "&lt;em&gt; explained"


# --- Through the site -------------------------------------------------------------------


def _page(client: Any, url: str) -> Any:
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200
    return lxml_html.fromstring(response.get_data(as_text=True))


@pytest.mark.usefixtures("classic")
def test_pages_show_the_markup_and_plain_text_where_markup_cannot_go(app: Flask) -> None:
    client = app.test_client()
    post = make_post(MARKUP_TITLE, slug="markup", content="Words.<!--more-->More.")
    make_post(MARKUP_TITLE, slug="file", post_type="attachment", status="inherit")
    single = _page(client, f"/?p={post.id}")
    heading = single.find_class("entry-title")[0]
    assert [e.tag for e in heading.iter()][1:] == ["em", "b", "sup"]
    assert heading.text_content() == "Markup: Title With Markup"
    assert single.findtext("head/title") == "Markup: Title With Markup – Magtheme"
    home = _page(client, "/")
    link = home.find_class("entry-title")[0].find("a")
    assert [e.tag for e in link.iter()][1:] == ["em", "b", "sup"]
    reader = home.find_class("more-link")[0].text_content()
    assert reader == "Continue reading “Markup: Title With Markup”"
    for page in (single, home):
        assert "&lt;" not in etree.tostring(page, encoding="unicode").split("<body")[1]
        assert "<em>" not in page.findtext("head/title")


@pytest.mark.usefixtures("classic")  # Classic's attachment page prints the image
@pytest.mark.parametrize("raw", [MARKUP_TITLE, *HOSTILE[:11]])
def test_an_attachment_alt_is_the_plain_title(app: Flask, raw: str) -> None:
    attachment = make_post(
        raw,
        slug="picture",
        post_type="attachment",
        status="inherit",
        mime_type="image/png",
        meta={"_wp_attached_file": "2024/01/picture.png"},
    )
    response = app.test_client().get(f"/?attachment_id={attachment.id}", follow_redirects=True)
    body = response.get_data(as_text=True)
    page = lxml_html.fromstring(body)
    assert [img.get("alt") for img in page.iter("img")] == [title_text(raw)]
    assert [(img.get("src") or "")[-11:] for img in page.iter("img")] == ["picture.png"]
    assert executable(_main(body)) == []


def _main(body: str) -> str:
    """The page's posts (the theme's own search and comment forms are not the title's)."""
    articles = lxml_html.fromstring(body).findall(".//main//article")
    assert articles
    return "".join(etree.tostring(a, encoding="unicode", method="html") for a in articles)


def test_hostile_titles_leave_nothing_executable_on_any_page(app: Flask) -> None:
    update_option("posts_per_page", len(HOSTILE))
    ids = [make_post(raw, slug=f"h{n}", content="x").id for n, raw in enumerate(HOSTILE)]
    client = app.test_client()
    assert executable(_main(client.get("/").get_data(as_text=True))) == []
    for post_id, raw in zip(ids[:12], HOSTILE[:12], strict=True):
        body = client.get(f"/?p={post_id}", follow_redirects=True).get_data(as_text=True)
        assert executable(_main(body)) == [], raw
        text = title_text(raw)
        document_title = lxml_html.fromstring(body).findtext("head/title")
        assert document_title == (f"{text} – Magtheme" if text else "Magtheme"), raw


def test_widgets_blocks_and_the_ticker_show_the_markup(probe_app: Flask) -> None:
    from magtheme.site import theme_chain

    news = make_term("Breaking News", slug="breaking-news")
    make_post(MARKUP_TITLE, slug="markup", terms=[news])
    update_option(
        "widget_instances",
        {"recent-posts-2": {"type": "recent-posts", "settings": {"title": "Latest"}}},
    )
    update_option("sidebars_widgets", {"sidebar": ["recent-posts-2"], "wp_inactive_widgets": []})
    chain = theme_chain("probe")
    (chain.active.templates_dir / "index.html").write_text(
        "<aside>{{ widget_area('sidebar') }}</aside>"
        "{% for item in ticker() %}<p class=ticker>{{ item.title }}</p>{% endfor %}"
        "{% for p in posts %}<article>{{ p.content }}</article>{% endfor %}"
    )
    probe_app.extensions.pop("magtheme.chains", None)
    make_post(MARKUP_TITLE, slug="about", post_type="page")
    make_post("List", slug="list", content="<!-- wp:latest-posts /--><!-- wp:page-list /-->")
    body = probe_app.test_client().get("/").get_data(as_text=True)
    page = lxml_html.fromstring(body)
    shown = [
        *page.xpath("//aside//li/a"),
        *page.find_class("ticker"),
        *page.find_class("wp-block-latest-posts__post-title"),
        *page.find_class("wp-block-pages-list__item__link"),
    ]
    markup = [e for e in shown if e.text_content() == "Markup: Title With Markup"]
    assert len(markup) == 4
    assert all([c.tag for c in e.iterdescendants()] == ["em", "b", "sup"] for e in markup)
    assert "&lt;em&gt;" not in body
