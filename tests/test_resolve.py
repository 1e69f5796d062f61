"""End to end: URL → routing → main query → hierarchy, as ``magtheme resolve`` reports it.

Each case is a URL and WordPress's effective candidate list for it (``.php`` → ``.html``),
on a site with a custom post type and taxonomy declared in ``config.toml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask

from magtheme import create_app
from magtheme.models import db
from magtheme.options import update_option
from magtheme.views.public import resolve_request
from tests.factories import make_post, make_term, make_user

CONFIG = """
[post_types.book]
public = true
has_archive = true
rewrite = { slug = "books" }
taxonomies = ["genre"]

[post_types.news_item]
public = true

[taxonomies.genre]
object_type = ["book"]
hierarchical = true
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, dict[str, int]]]:
    folder: Path = tmp_path_factory.mktemp("resolve-site")
    (folder / "config.toml").write_text(CONFIG)
    app = create_app(folder, {"TESTING": True})
    with app.app_context():
        db.create_all()
        writer = make_user("writer")
        news = make_term("News")
        emoji = make_term("Emoji", slug="news-%f0%9f%98%80")
        seven = make_term("Seven", slug="7")
        tag = make_term("Elections", taxonomy="post_tag")
        quote = make_term("Quote", taxonomy="post_format", slug="post-format-quote")
        scifi = make_term("Sci-fi", taxonomy="genre", slug="sci-fi")
        post = make_post(
            "Hello World",
            date=datetime(2024, 5, 11, 9, 0),
            author_id=writer.id,
            terms=[news, tag, quote],
        )
        about = make_post("About", post_type="page")
        team = make_post("Team", post_type="page", parent_id=about.id)
        wide = make_post(
            "Wide", post_type="page", meta={"_wp_page_template": "page-templates/full-width.php"}
        )
        privacy = make_post("Privacy Policy", post_type="page")
        image = make_post(
            "Photo",
            post_type="attachment",
            status="inherit",
            parent_id=post.id,
            mime_type="image/jpeg",
        )
        loose = make_post("Loose", post_type="attachment", status="inherit", mime_type="text/plain")
        diagram = make_post(
            "Diagram",
            post_type="attachment",
            status="inherit",
            parent_id=about.id,
            mime_type="image/svg+xml",
        )
        book = make_post("Dune", post_type="book", terms=[scifi])
        item = make_post("Flash", post_type="news_item")
        make_post("Old", date=datetime(2023, 1, 2), terms=[seven, emoji])
        update_option("wp_page_for_privacy_policy", privacy.id)
        update_option("posts_per_page", 1)
        ids = {
            "news": news.id,
            "emoji": emoji.id,
            "seven": seven.id,
            "tag": tag.id,
            "writer": writer.id,
            "post": post.id,
            "about": about.id,
            "team": team.id,
            "wide": wide.id,
            "privacy": privacy.id,
            "image": image.id,
            "book": book.id,
            "item": item.id,
            "loose": loose.id,
            "diagram": diagram.id,
            "scifi": scifi.id,
            "quote": quote.id,
        }
        db.session.remove()
    yield app, ids


def resolve(app: Flask, url: str) -> tuple[list[str], bool]:
    with app.app_context(), app.test_request_context(url):
        resolution = resolve_request()
        assert resolution.redirect is None, f"{url} redirects to {resolution.redirect}"
        assert resolution.choice is not None
        return list(resolution.choice.candidates), resolution.ctx.is_404


CASES = [
    ("/", ["front-page", "home", "index"]),
    ("/page/2/", ["front-page", "home", "index"]),
    (
        "/2024/05/11/hello-world/",
        ["single-post-hello-world", "single-post", "single", "singular", "index"],
    ),
    ("/about/", ["page-about", "page-{about}", "page", "singular", "index"]),
    ("/about/team/", ["page-team", "page-{team}", "page", "singular", "index"]),
    (
        "/wide/",
        ["page-templates/full-width", "page-wide", "page-{wide}", "page", "singular", "index"],
    ),
    (
        "/privacy-policy/",
        ["privacy-policy", "page-privacy-policy", "page-{privacy}", "page", "singular", "index"],
    ),
    (
        "/2024/05/11/hello-world/photo/",
        [
            "image-jpeg",
            "jpeg",
            "image",
            "attachment",
            "single-attachment-photo",
            "single-attachment",
            "single",
            "singular",
            "index",
        ],
    ),
    # An unattached attachment lives at /slug/ (found by the page rule); WordPress's status
    # check then makes it is_single like any attachment link.
    (
        "/loose/",
        [
            "text-plain",
            "plain",
            "text",
            "attachment",
            "single-attachment-loose",
            "single-attachment",
            "single",
            "singular",
            "index",
        ],
    ),
    # WordPress's odd case: an attachment of a page, under that page's path, stays is_page.
    (
        "/about/diagram/",
        [
            "image-svg+xml",
            "svg+xml",
            "image",
            "attachment",
            "page-diagram",
            "page-{diagram}",
            "page",
            "singular",
            "index",
        ],
    ),
    ("/category/news/", ["category-news", "category-{news}", "category", "archive", "index"]),
    (
        "/category/news-%F0%9F%98%80/",
        [
            "category-news-😀",
            "category-news-%f0%9f%98%80",
            "category-{emoji}",
            "category",
            "archive",
            "index",
        ],
    ),
    ("/category/7/", ["category-7", "category-{seven}", "category", "archive", "index"]),
    ("/tag/elections/", ["tag-elections", "tag-{tag}", "tag", "archive", "index"]),
    (
        "/type/quote/",
        [
            "taxonomy-post_format-post-format-quote",
            "taxonomy-post_format-{quote}",
            "taxonomy-post_format",
            "taxonomy",
            "archive-post",
            "archive",
            "index",
        ],
    ),
    ("/author/writer/", ["author-writer", "author-{writer}", "author", "archive", "index"]),
    ("/2024/", ["date", "archive", "index"]),
    ("/2024/05/", ["date", "archive", "index"]),
    ("/2024/05/11/", ["date", "archive", "index"]),
    ("/?s=hello", ["search", "index"]),
    ("/search/hello/", ["search", "index"]),
    ("/?s=dune&post_type=book", ["search", "archive-book", "archive", "index"]),
    ("/books/", ["archive-book", "archive", "index"]),
    ("/books/dune/", ["single-book-dune", "single-book", "single", "singular", "index"]),
    (
        "/news_item/flash/",
        ["single-news_item-flash", "single-news_item", "single", "singular", "index"],
    ),
    (
        "/genre/sci-fi/",
        [
            "taxonomy-genre-sci-fi",
            "taxonomy-genre-{scifi}",
            "taxonomy-genre",
            "taxonomy",
            "archive",
            "index",
        ],
    ),
    (
        "/2024/05/11/hello-world/embed/",
        [
            "embed-post-quote",
            "embed-post",
            "embed",
            "single-post-hello-world",
            "single-post",
            "single",
            "singular",
            "index",
        ],
    ),
    (
        "/about/embed/",
        ["embed-page", "embed", "page-about", "page-{about}", "page", "singular", "index"],
    ),
    ("/nothing-here/", ["404", "index"]),
]


@pytest.mark.parametrize(("url", "expected"), CASES, ids=[c[0] for c in CASES])
def test_resolve_matches_wordpress(
    site: tuple[Flask, dict[str, int]], url: str, expected: list[str]
) -> None:
    app, ids = site
    names = [name.format(**{k: str(v) for k, v in ids.items()}) + ".html" for name in expected]
    candidates, _ = resolve(app, url)
    assert candidates == names


def test_static_front_page_and_posts_page(tmp_path: Path) -> None:
    app = create_app(tmp_path, {"TESTING": True})
    with app.app_context():
        db.create_all()
        home = make_post("Welcome", post_type="page")
        blog = make_post("Blog", post_type="page")
        make_post("A post")
        update_option("show_on_front", "page")
        update_option("page_on_front", home.id)
        update_option("page_for_posts", blog.id)
        assert resolve(app, "/")[0] == [
            "front-page.html",
            "page-welcome.html",
            f"page-{home.id}.html",
            "page.html",
            "singular.html",
            "index.html",
        ]
        assert resolve(app, "/blog/")[0] == ["home.html", "index.html"]
        update_option("page_on_front", 0)
        assert resolve(app, "/")[0] == ["home.html", "index.html"]


def _front_page_list(page_id: int, slug: str) -> list[str]:
    return [
        "front-page.html",
        f"page-{slug}.html",
        f"page-{page_id}.html",
        "page.html",
        "singular.html",
        "index.html",
    ]


def test_paged_static_front_page_is_the_front_page(app: Flask) -> None:
    """WordPress's parse_query: /page/N/ of a static front page is that page (its part N)."""
    home = make_post("Welcome", post_type="page", content="one<!--nextpage-->two")
    make_post("A post")
    update_option("show_on_front", "page")
    update_option("page_on_front", home.id)
    for url in ("/page/2/", "/page/7/"):
        with app.test_request_context(url):
            resolution = resolve_request()
            assert resolution.redirect is None, url
            assert resolution.choice is not None
            ctx = resolution.ctx
            assert list(resolution.choice.candidates) == _front_page_list(home.id, "welcome")
            assert ctx.is_front_page and ctx.is_page and ctx.is_singular and ctx.is_paged
            assert not ctx.is_home and not ctx.is_404
            # The part shown: the one asked for, or the last when there are fewer.
            assert ctx.page == 2 and ctx.queried_object.id == home.id
    with app.test_request_context("/?paged=2"):
        assert resolve_request().redirect == "http://localhost/page/2/"
    # A part named by the request itself (?page=N) must exist, as in WordPress.
    with app.test_request_context("/?page=3"):
        assert resolve_request().ctx.is_404


def test_paged_front_page_shows_the_page_not_the_blog(probe_app: Flask) -> None:
    home = make_post("Welcome", post_type="page")
    make_post("A post")
    update_option("show_on_front", "page")
    update_option("page_on_front", home.id)
    response = probe_app.test_client().get("/page/2/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Welcome" in body and "A post" not in body


ATTACHMENT_LIST = [
    "image-png",
    "png",
    "image",
    "attachment",
    "single-attachment-{slug}",
    "single-attachment",
    "single",
    "singular",
    "index",
]


@pytest.mark.parametrize("structure", ["/%postname%/", "/%year%/%monthnum%/%day%/%postname%/"])
def test_attachments_at_their_pretty_urls(app: Flask, structure: str) -> None:
    """Every attachment link lands on the attachment's own list, whatever the structure.

    ``?attachment_id=N`` redirects to the pretty URL; that URL gets the attachment list
    and ``single-attachment-{slug}``, except WordPress's odd case (an attachment of a page
    under the page's path), which keeps the page list after the attachment list.
    """
    update_option("permalink_structure", structure)
    parent = make_post("Parent post")
    about = make_post("About", post_type="page")

    def attachment(title: str, parent_id: int = 0) -> int:
        post = make_post(
            title, post_type="attachment", status="inherit", mime_type="image/png",
            parent_id=parent_id or None,
        )  # fmt: skip
        return post.id

    cases = {
        attachment("Logo"): ATTACHMENT_LIST,
        attachment("Photo", parent.id): ATTACHMENT_LIST,
        attachment("Orphan", 999999): ATTACHMENT_LIST,  # parent gone: ?attachment_id= stays
        attachment("Chart", about.id): [
            *ATTACHMENT_LIST[:4], "page-{slug}", "page-{id}", "page", "singular", "index",
        ],
    }  # fmt: skip
    for attachment_id, expected in cases.items():
        url = f"/?attachment_id={attachment_id}"
        with app.test_request_context(url):
            target = resolve_request().redirect
        url = target.removeprefix("http://localhost") if target else url
        with app.test_request_context(url):
            resolution = resolve_request()
            assert resolution.redirect is None and resolution.choice is not None, url
            slug = resolution.ctx.queried_object.slug
            names = [n.format(slug=slug, id=attachment_id) + ".html" for n in expected]
            assert list(resolution.choice.candidates) == names, url


def test_a_post_beats_an_attachment_of_the_same_slug_under_postname(app: Flask) -> None:
    update_option("permalink_structure", "/%postname%/")
    post = make_post("Logo")
    make_post("Logo", post_type="attachment", status="inherit", mime_type="image/png")
    with app.test_request_context("/logo/"):
        ctx = resolve_request().ctx
    assert ctx.is_single and not ctx.is_attachment and ctx.queried_object.id == post.id
