"""Feeds bypass the theme and list the main query's posts, or a post's comments, as RSS 2.0."""

from __future__ import annotations

import itertools
from datetime import datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from magtheme.feeds import html_text, plain_text, xml_chars
from magtheme.models import Comment, db
from magtheme.options import update_option
from tests.factories import make_post, make_term, make_user
from tests.xss import executable, vectors

VECTORS = vectors()
_serial = itertools.count()


def _items(body: bytes) -> list[str]:
    root = etree.fromstring(body)
    return [i.findtext("title") for i in root.iter("item")]


def test_home_feed_lists_posts(probe_app: Flask) -> None:
    make_post("First", date=datetime(2024, 1, 1))
    make_post("Second", date=datetime(2024, 1, 2))
    make_post("Hidden", status="draft")
    response = probe_app.test_client().get("/feed/")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/rss+xml")
    assert _items(response.data) == ["Second", "First"]


def test_category_feed_and_protected_post(probe_app: Flask) -> None:
    news = make_term("News")
    make_post("Open", terms=[news], content="visible text")
    make_post("Locked", terms=[news], password="secret", content="hidden text")
    make_post("Elsewhere")
    body = probe_app.test_client().get("/category/news/feed/").data
    assert sorted(_items(body)) == ["Open", "Protected: Locked"]  # get_the_title_rss
    assert b"hidden text" not in body and b"visible text" in body


def test_post_comments_feed(probe_app: Flask) -> None:
    post = make_post("Talk", date=datetime(2024, 5, 11, 9))
    for n, status in enumerate(["approved", "approved", "spam", "pending"]):
        db.session.add(
            Comment(
                post_id=post.id,
                author_name=f"R{n}",
                content=f"c{n}",
                status=status,
                date=datetime(2024, 5, 12, n),
                date_gmt=datetime(2024, 5, 12, n),
            )
        )
    db.session.commit()
    client = probe_app.test_client()
    assert _items(client.get("/2024/05/11/talk/feed/").data) == ["By: R1", "By: R0"]
    assert _items(client.get("/comments/feed/").data) == ["By: R1", "By: R0"]


# --- Nothing in a feed turns back into markup -------------------------------------------


class _Markup(HTMLParser):
    """Everything an HTML parser would make an element (or comment, declaration…) of."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.text = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(f"<{tag} {attrs}>")

    def handle_comment(self, data: str) -> None:
        self.found.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.found.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.found.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.found.append(f"<![{data}]>")

    def handle_data(self, data: str) -> None:
        self.text += data


TEXT_ELEMENTS = ("title", "description", "{http://purl.org/dc/elements/1.1/}creator", "category")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def _leaks(body: bytes) -> dict[str, list[str]]:
    """Markup a feed reader would find in the feed's text elements, or executable HTML in
    ``content:encoded``, by element text."""
    root = etree.fromstring(body)  # strict: a feed that is not well-formed XML fails here
    leaks: dict[str, list[str]] = {}
    for element in root.iter(*TEXT_ELEMENTS):
        if found := _Markup(element.text or "").found:
            leaks[element.text or ""] = found
    for element in root.iter(CONTENT):
        if found := executable(element.text or ""):
            leaks[element.text or ""] = found
    return leaks


def test_an_escaped_tag_in_content_reaches_readers_as_text(probe_app: Flask) -> None:
    make_post("Escaped", content="Look: &lt;img src=x onerror=alert(1)&gt; &amp; more")
    root = etree.fromstring(probe_app.test_client().get("/feed/").data)
    description = root.findtext("channel/item/description") or ""
    parsed = _Markup(description)
    assert parsed.found == []
    assert parsed.text == "Look: <img src=x onerror=alert(1)> & more"


def test_titles_in_feeds_are_plain_text(probe_app: Flask) -> None:
    make_post("Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>", slug="markup")
    make_post("&lt;script&gt;alert(1)&lt;/script&gt;Escaped", slug="escaped")
    titles = _items(probe_app.test_client().get("/feed/").data)
    assert titles == ["Escaped", "Markup: Title With Markup"]


@pytest.mark.parametrize("field", ["content", "excerpt", "title", "category", "author"])
def test_no_vector_becomes_markup_in_the_posts_feed(probe_app: Flask, field: str) -> None:
    update_option("posts_per_rss", len(VECTORS))
    for n, vector in enumerate(VECTORS):
        fields: dict[str, Any] = {"slug": f"v{n}", "content": "Body text."}
        if field == "category":
            fields["terms"] = [make_term(vector[:200], slug=f"c{n}")]  # the column's size
        elif field == "author":
            fields["author_id"] = make_user(f"u{n}", display_name=vector[:250]).id
        elif field == "title":
            fields["title"] = vector
        else:
            fields[field] = vector
        make_post(fields.pop("title", f"Post {n}"), **fields)
    body = probe_app.test_client().get("/feed/").data
    assert len(etree.fromstring(body).findall("channel/item")) == len(VECTORS)
    assert _leaks(body) == {}


@pytest.mark.parametrize("field", ["content", "author_name"])
def test_no_vector_becomes_markup_in_the_comments_feed(probe_app: Flask, field: str) -> None:
    update_option("posts_per_rss", len(VECTORS))
    post = make_post("Talk", slug="talk")
    for vector in VECTORS:
        # author_name is a column of 250 characters; content is text of any length.
        values = {"content": "A comment.", "author_name": "Reader"}
        values[field] = vector[:250] if field == "author_name" else vector
        db.session.add(
            Comment(post_id=post.id, status="approved", date=datetime(2024, 5, 12), **values)
        )
    db.session.commit()
    body = probe_app.test_client().get("/comments/feed/").data
    assert len(etree.fromstring(body).findall("channel/item")) == len(VECTORS)
    assert _leaks(body) == {}


def _refused(query_var: str) -> bool:
    """Whether the router answers 404 for this query variable (control characters, U+FFFD)."""
    return any(
        ord(c) < 32 or ord(c) == 127 or 0x80 <= ord(c) < 0xA0 or c == "\ufffd" for c in query_var
    )


def test_no_vector_in_a_search_becomes_markup(probe_app: Flask) -> None:
    client = probe_app.test_client()
    searched = 0
    for vector in VECTORS:
        response = client.get(f"/?s={quote(vector, safe='')}&feed=rss2")
        if _refused(vector):
            assert response.status_code == 404, vector
            continue
        assert response.status_code == 200, vector
        assert _leaks(response.data) == {}, vector
        searched += 1
    assert searched > len(VECTORS) * 0.9


# --- Nothing XML cannot hold reaches a feed ---------------------------------------------

#: What XML 1.0 forbids, or nearly: controls, non-characters, the edges of its ranges.
EDGES = ["\uffff", "\ufffe", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x85"]
EDGES += ["\ud7ff", "\ue000", "\ufffd", "\U0010ffff", "<", "&", "]", ">", "\r", "\t"]
#: Any text a database can store (PostgreSQL refuses NUL in text), biased towards EDGES.
#: (Lists joined, not st.text: st.text merges an alphabet into one range and loses the bias.)
STORABLE = st.lists(
    st.one_of(
        st.sampled_from(EDGES),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    min_size=1,
    max_size=30,
).map("".join)
FEED_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _strict(response: Any) -> Any:
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/rss+xml")
    return etree.fromstring(response.data)  # strict: raises on anything not well-formed


@given(text=st.text(st.characters(blacklist_categories=()), max_size=50))
def test_xml_chars_keeps_exactly_what_xml_allows(text: str) -> None:
    kept = xml_chars(text)
    allowed = {0x9, 0xA, 0xD}
    assert kept == "".join(
        c
        for c in text
        if ord(c) in allowed
        or 0x20 <= ord(c) <= 0xD7FF
        or 0xE000 <= ord(c) <= 0xFFFD
        or ord(c) >= 0x10000
    )
    element = etree.Element("t")
    element.text = kept  # lxml refuses what XML cannot hold
    assert etree.fromstring(etree.tostring(element, encoding="UTF-8")).text == (kept or None)


@FEED_SETTINGS
@given(title=STORABLE, content=STORABLE, excerpt=STORABLE, guid=STORABLE, slug=STORABLE)
def test_any_post_text_gives_a_well_formed_feed(
    probe_app: Flask, title: str, content: str, excerpt: str, guid: str, slug: str
) -> None:
    make_post(title, slug=slug, content=content, excerpt=excerpt, guid=guid)
    root = _strict(probe_app.test_client().get("/feed/"))
    assert root.find("channel/item") is not None


@FEED_SETTINGS
@given(name=STORABLE, display_name=STORABLE, blogname=STORABLE)
def test_any_name_gives_a_well_formed_feed(
    probe_app: Flask, name: str, display_name: str, blogname: str
) -> None:
    update_option("blogname", blogname)
    update_option("blogdescription", blogname)
    term = make_term(name, slug=f"t{next(_serial)}")
    author = make_user(f"a{next(_serial)}", display_name=display_name)
    make_post(terms=[term], author_id=author.id)
    client = probe_app.test_client()
    for url in ("/feed/", f"/category/{term.slug}/feed/", f"/author/{author.nicename}/feed/"):
        _strict(client.get(url))


@FEED_SETTINGS
@given(author=STORABLE, content=STORABLE, url=STORABLE)
def test_any_comment_gives_a_well_formed_feed(
    probe_app: Flask, author: str, content: str, url: str
) -> None:
    post = make_post(slug=f"p{next(_serial)}", date=datetime(2024, 5, 11))
    db.session.add(
        Comment(
            post_id=post.id,
            author_name=author,
            author_url=url,
            content=content,
            status="approved",
            date=datetime(2024, 5, 12),
            date_gmt=datetime(2024, 5, 12),
        )
    )
    db.session.commit()
    client = probe_app.test_client()
    _strict(client.get("/comments/feed/"))
    _strict(client.get(f"/2024/05/11/{post.slug}/feed/"))


@FEED_SETTINGS
@given(
    terms=st.lists(
        st.one_of(st.sampled_from([*EDGES, "\x00"]), st.characters(blacklist_categories=("Cs",))),
        min_size=1,
    ).map("".join)
)
def test_any_search_gives_a_well_formed_feed(probe_app: Flask, terms: str) -> None:
    make_post("Something to find")
    client = probe_app.test_client()
    encoded = quote(terms, safe="")
    for url in (f"/?s={encoded}&feed=rss2", f"/search/{encoded}/feed/"):
        response = client.get(url)
        if _refused(terms):  # the router refuses control characters before any query
            assert response.status_code == 404
        else:
            _strict(response)


@pytest.mark.parametrize("url", ["/?s=%EF%BF%BF&feed=rss2", "/search/%EF%BF%BE/feed/"])
def test_a_non_character_in_a_search_feed(probe_app: Flask, url: str) -> None:
    root = _strict(probe_app.test_client().get(url))
    assert "\uffff" not in (root.findtext("channel/title") or "")


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("Tom &amp; Jerry: 1 < 2", "Tom & Jerry: 1 < 2"),
        ("<b>Bold</b> &lt;i&gt;revealed&lt;/i&gt; tags", "Bold revealed tags"),
        ("&lt;img src=x onerror=alert(1)&gt;", ""),
        ("&amp;lt;b&amp;gt; stays text", "&lt;b&gt; stays text"),
        ("&lt;&lt;b&gt;script&gt;x", "x"),
    ],
)
def test_plain_text_leaves_nothing_a_reader_would_parse(markup: str, text: str) -> None:
    assert plain_text(markup) == text
    assert _Markup(plain_text(markup)).found == []


MARKUPISH = st.lists(
    st.one_of(
        st.sampled_from(["<", ">", "&", "&lt;", "&gt;", "&amp;", "/", "!", "?", "-", '"']),
        st.sampled_from(["a", "b", "img", "script", " ", "\n", "x=1"]),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=40,
).map("".join)


@given(text=MARKUPISH)
def test_no_text_survives_plain_text_or_html_text_as_markup(text: str) -> None:
    assert _Markup(plain_text(text)).found == []
    shown = _Markup(html_text(text))
    assert shown.found == [] and shown.text == text
