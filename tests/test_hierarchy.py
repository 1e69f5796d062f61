"""The template hierarchy, checked against WordPress's own expected lists.

``CORE_CASES`` holds every hierarchy case of WordPress's core suite
(``tests/phpunit/tests/template.php``, 6.9) with ``.php`` read as ``.html``. Core logs only
the getters' lists, so each row here is the joined *effective* order: core's list, then
``index.html``, repeats dropped. ``EDGE_CASES`` covers the edges of the spec (§5, §9).
Contexts are built by hand with the flags WordPress would set (spec §3): what is tested is
the list building, not the query.
"""

from __future__ import annotations

from typing import Any

import pytest

from magtheme.context import (
    QueriedPost,
    QueriedPostType,
    QueriedTerm,
    QueriedUser,
    QueryContext,
)
from magtheme.hierarchy import (
    HIERARCHY_TYPES,
    HierarchyFilters,
    archive_candidates,
    attachment_candidates,
    author_candidates,
    category_candidates,
    custom_template,
    embed_candidates,
    explain,
    index_candidates,
    is_valid_template_path,
    page_candidates,
    post_type_archive_candidates,
    single_candidates,
    tag_candidates,
    taxonomy_candidates,
    template_candidates,
)

#: WordPress's fixtures name things "…-😀"; stored slugs hold the percent-encoded bytes.
ENC = "%f0%9f%98%80"


# -- Context builders: the flags WordPress's query sets for each kind of request (spec §3).


def page_ctx(post: QueriedPost, **flags: Any) -> QueryContext:
    return QueryContext(queried=post, is_page=True, is_singular=True, **flags)


def single_ctx(post: QueriedPost, **flags: Any) -> QueryContext:
    return QueryContext(queried=post, is_single=True, is_singular=True, **flags)


def attachment_ctx(post: QueriedPost, **flags: Any) -> QueryContext:
    return single_ctx(post, is_attachment=True, **flags)


def archive_ctx(flag: str, queried: Any = None, **flags: Any) -> QueryContext:
    flags[flag] = True
    return QueryContext(queried=queried, is_archive=True, **flags)


def page(id: int, slug: str, template: str = "") -> QueriedPost:
    return QueriedPost(id=id, post_type="page", slug=slug, page_template=template)


def post(slug: str, post_type: str = "post", id: int = 20, **fields: Any) -> QueriedPost:
    return QueriedPost(id=id, post_type=post_type, slug=slug, **fields)


def attachment(mime: str, slug: str = "photo", template: str = "") -> QueriedPost:
    return QueriedPost(
        id=30, post_type="attachment", slug=slug, mime_type=mime, page_template=template
    )


# The fixtures of WordPress's suite, with fixed IDs where WordPress's are generated.
PAGE_ON_FRONT = page(11, f"page-on-front-{ENC}")
PAGE_FOR_POSTS = page(12, f"page-for-posts-{ENC}")
PAGE = page(13, f"page-name-{ENC}", "templates/page.php")
POST = QueriedPost(
    id=14,
    post_type="post",
    slug=f"post-name-{ENC}",
    page_template="templates/post.php",
    post_format="quote",
    type_supports_formats=True,
)
PRIVACY_PAGE = page(15, "privacy-policy")
CPT = post(f"cpt-name-{ENC}", "cpt", id=16)
CPT_WITH_TEMPLATE = post(f"cpt-name-{ENC}", "cpt", id=16, page_template="templates/cpt.php")
# Core's "with template" attachment case hands add_post_meta a post object, so no meta is
# saved and no template is expected; the row keeps what core actually asserts.
ATTACHMENT = attachment("image/jpeg", f"attachment-name-{ENC}")

ATTACHMENT_CHAIN = [
    "image-jpeg.html",
    "jpeg.html",
    "image.html",
    "attachment.html",
    "single-attachment-attachment-name-😀.html",
    f"single-attachment-attachment-name-{ENC}.html",
    "single-attachment.html",
    "single.html",
    "singular.html",
    "index.html",
]
POST_CHAIN = [
    "templates/post.html",
    "single-post-post-name-😀.html",
    f"single-post-post-name-{ENC}.html",
    "single-post.html",
    "single.html",
    "singular.html",
    "index.html",
]
PAGE_CHAIN = [
    "templates/page.html",
    "page-page-name-😀.html",
    f"page-page-name-{ENC}.html",
    "page-13.html",
    "page.html",
    "singular.html",
    "index.html",
]
CPT_CHAIN = [
    "single-cpt-cpt-name-😀.html",
    f"single-cpt-cpt-name-{ENC}.html",
    "single-cpt.html",
    "single.html",
    "singular.html",
    "index.html",
]

CORE_CASES: dict[str, tuple[QueryContext, list[str]]] = {
    "404": (QueryContext(is_404=True), ["404.html", "index.html"]),
    "author": (
        archive_ctx("is_author", QueriedUser(id=3, nicename="foo")),
        ["author-foo.html", "author-3.html", "author.html", "archive.html", "index.html"],
    ),
    "category": (
        archive_ctx("is_category", QueriedTerm(id=4, taxonomy="category", slug=f"foo-{ENC}")),
        [
            "category-foo-😀.html",
            f"category-foo-{ENC}.html",
            "category-4.html",
            "category.html",
            "archive.html",
            "index.html",
        ],
    ),
    "tag": (
        archive_ctx("is_tag", QueriedTerm(id=5, taxonomy="post_tag", slug=f"foo-{ENC}")),
        ["tag-foo-😀.html", f"tag-foo-{ENC}.html", "tag-5.html", "tag.html"]
        + ["archive.html", "index.html"],
    ),
    "taxonomy": (
        archive_ctx("is_tax", QueriedTerm(id=6, taxonomy="taxo", slug=f"foo-{ENC}")),
        [
            "taxonomy-taxo-foo-😀.html",
            f"taxonomy-taxo-foo-{ENC}.html",
            "taxonomy-taxo-6.html",  # WordPress 6.9 added the term-ID step.
            "taxonomy-taxo.html",
            "taxonomy.html",
            "archive.html",
            "index.html",
        ],
    ),
    "date-year": (
        archive_ctx("is_date", is_year=True),
        ["date.html", "archive.html", "index.html"],
    ),
    "date-month": (
        archive_ctx("is_date", is_month=True),
        ["date.html", "archive.html", "index.html"],
    ),
    "date-day": (
        archive_ctx("is_date", is_day=True),
        ["date.html", "archive.html", "index.html"],
    ),
    "search": (QueryContext(is_search=True), ["search.html", "index.html"]),
    "front-page-posts-on-front": (
        QueryContext(is_home=True, is_front_page=True),
        ["front-page.html", "home.html", "index.html"],
    ),
    "front-page-page-on-front": (
        page_ctx(PAGE_ON_FRONT, is_front_page=True),
        [
            "front-page.html",
            "page-page-on-front-😀.html",
            f"page-page-on-front-{ENC}.html",
            "page-11.html",
            "page.html",
            "singular.html",
            "index.html",
        ],
    ),
    "home-page-on-front": (
        # The posts page: is_home, and neither is_page nor is_singular.
        QueryContext(is_home=True, is_posts_page=True, queried=PAGE_FOR_POSTS),
        ["home.html", "index.html"],
    ),
    "page": (page_ctx(PAGE), PAGE_CHAIN),
    "privacy": (
        page_ctx(PRIVACY_PAGE, is_privacy_policy=True),
        ["privacy-policy.html", "page-privacy-policy.html", "page-15.html", "page.html"]
        + ["singular.html", "index.html"],
    ),
    "single-post": (single_ctx(POST), POST_CHAIN),
    "single-cpt": (single_ctx(CPT), CPT_CHAIN),
    "single-cpt-with-template": (
        single_ctx(CPT_WITH_TEMPLATE),
        ["templates/cpt.html", *CPT_CHAIN],
    ),
    "attachment": (attachment_ctx(ATTACHMENT), ATTACHMENT_CHAIN),
    "attachment-with-template": (attachment_ctx(ATTACHMENT), ATTACHMENT_CHAIN),
    "embed-post": (
        single_ctx(POST, is_embed=True),
        ["embed-post-quote.html", "embed-post.html", "embed.html", *POST_CHAIN],
    ),
    "embed-page": (
        page_ctx(PAGE, is_embed=True),
        ["embed-page.html", "embed.html", *PAGE_CHAIN],
    ),
}

HELLO = post("hello-world", id=1)
BOOK = post("dune", "book", id=40)
QUOTE_TERM = QueriedTerm(id=9, taxonomy="post_format", slug="post-format-quote")
NEWS = QueriedTerm(id=3, taxonomy="category", slug="news")

EDGE_CASES: dict[str, tuple[QueryContext, list[str]]] = {
    # -- Front page, blog and privacy page.
    "front-page-posts-on-front-paged": (
        QueryContext(is_home=True, is_front_page=True, is_paged=True, paged=2),
        ["front-page.html", "home.html", "index.html"],
    ),
    "front-page-with-custom-template": (
        page_ctx(page(5, "home", "page-templates/landing.php"), is_front_page=True),
        ["front-page.html", "page-templates/landing.html", "page-home.html", "page-5.html"]
        + ["page.html", "singular.html", "index.html"],
    ),
    "front-page-that-is-privacy-page": (
        page_ctx(page(5, "privacy"), is_front_page=True, is_privacy_policy=True),
        ["front-page.html", "privacy-policy.html", "page-privacy.html", "page-5.html"]
        + ["page.html", "singular.html", "index.html"],
    ),
    "root-page-on-front-without-page": (QueryContext(is_home=True), ["home.html", "index.html"]),
    "posts-page-paged": (
        QueryContext(is_home=True, is_posts_page=True, is_paged=True, paged=3),
        ["home.html", "index.html"],
    ),
    # -- Singular.
    "single-post": (
        single_ctx(HELLO),
        ["single-post-hello-world.html", "single-post.html", "single.html"]
        + ["singular.html", "index.html"],
    ),
    "single-post-format-plays-no-part": (
        single_ctx(post("said", post_format="quote", type_supports_formats=True)),
        ["single-post-said.html", "single-post.html", "single.html", "singular.html"]
        + ["index.html"],
    ),
    "single-cpt": (
        single_ctx(BOOK),
        ["single-book-dune.html", "single-book.html", "single.html", "singular.html"]
        + ["index.html"],
    ),
    "single-cpt-underscore-name": (
        single_ctx(post("launch", "news_item")),
        ["single-news_item-launch.html", "single-news_item.html", "single.html"]
        + ["singular.html", "index.html"],
    ),
    "single-block-theme-template": (
        single_ctx(post("dune", "book", page_template="wide")),
        ["wide.html", "single-book-dune.html", "single-book.html", "single.html"]
        + ["singular.html", "index.html"],
    ),
    "child-page-own-slug-only": (
        page_ctx(page(42, "team")),
        ["page-team.html", "page-42.html", "page.html", "singular.html", "index.html"],
    ),
    "page-slug-same-as-id": (
        page_ctx(page(7, "7")),
        ["page-7.html", "page.html", "singular.html", "index.html"],
    ),
    "page-slug-zero-is-php-empty": (
        page_ctx(page(8, "0")),
        ["page-8.html", "page.html", "singular.html", "index.html"],
    ),
    # -- Attachments: attachment list, then the single list for type "attachment".
    "attachment-image-jpeg": (
        attachment_ctx(attachment("image/jpeg")),
        ["image-jpeg.html", "jpeg.html", "image.html", "attachment.html"]
        + ["single-attachment-photo.html", "single-attachment.html", "single.html"]
        + ["singular.html", "index.html"],
    ),
    "attachment-text-plain": (
        attachment_ctx(attachment("text/plain")),
        ["text-plain.html", "plain.html", "text.html", "attachment.html"]
        + ["single-attachment-photo.html", "single-attachment.html", "single.html"]
        + ["singular.html", "index.html"],
    ),
    "attachment-application-pdf": (
        attachment_ctx(attachment("application/pdf")),
        ["application-pdf.html", "pdf.html", "application.html", "attachment.html"]
        + ["single-attachment-photo.html", "single-attachment.html", "single.html"]
        + ["singular.html", "index.html"],
    ),
    "attachment-svg-subtype-verbatim": (
        attachment_ctx(attachment("image/svg+xml")),
        ["image-svg+xml.html", "svg+xml.html", "image.html", "attachment.html"]
        + ["single-attachment-photo.html", "single-attachment.html", "single.html"]
        + ["singular.html", "index.html"],
    ),
    "attachment-mime-without-subtype": (
        attachment_ctx(attachment("image")),
        ["image.html", "attachment.html", "single-attachment-photo.html"]
        + ["single-attachment.html", "single.html", "singular.html", "index.html"],
    ),
    "attachment-with-custom-template": (
        # A real _wp_page_template goes first in the single list, after attachment.html.
        attachment_ctx(attachment("image/png", template="templates/media.php")),
        ["image-png.html", "png.html", "image.html", "attachment.html"]
        + ["templates/media.html", "single-attachment-photo.html", "single-attachment.html"]
        + ["single.html", "singular.html", "index.html"],
    ),
    "attachment-of-a-page-under-its-path": (
        # /about/photo/ (a page's attachment, found by the page rule) is is_attachment +
        # is_page without is_single; an unattached one at /photo/ becomes is_single.
        page_ctx(attachment("image/gif"), is_attachment=True),
        ["image-gif.html", "gif.html", "image.html", "attachment.html", "page-photo.html"]
        + ["page-30.html", "page.html", "singular.html", "index.html"],
    ),
    # -- Term archives.
    "category-unicode-decoded-first": (
        archive_ctx("is_category", QueriedTerm(id=8, taxonomy="category", slug="%d0%b4%d0%b0")),
        ["category-да.html", "category-%d0%b4%d0%b0.html", "category-8.html"]
        + ["category.html", "archive.html", "index.html"],
    ),
    "tag-unicode-decoded-first": (
        archive_ctx("is_tag", QueriedTerm(id=8, taxonomy="post_tag", slug=f"x-{ENC}")),
        ["tag-x-😀.html", f"tag-x-{ENC}.html", "tag-8.html", "tag.html", "archive.html"]
        + ["index.html"],
    ),
    "category-slug-equals-id-collapsed": (
        archive_ctx("is_category", QueriedTerm(id=7, taxonomy="category", slug="7")),
        ["category-7.html", "category.html", "archive.html", "index.html"],
    ),
    "category-slug-zero-is-php-empty": (
        archive_ctx("is_category", QueriedTerm(id=12, taxonomy="category", slug="0")),
        ["category.html", "archive.html", "index.html"],
    ),
    "taxonomy-hyphenated-name": (
        archive_ctx("is_tax", QueriedTerm(id=21, taxonomy="product-cat", slug="shirts")),
        ["taxonomy-product-cat-shirts.html", "taxonomy-product-cat-21.html"]
        + ["taxonomy-product-cat.html", "taxonomy.html", "archive.html", "index.html"],
    ),
    "post-format-archive": (
        # The post-format request filter sets post_type=post ("post" has no archive).
        archive_ctx("is_tax", QUOTE_TERM, post_type="post"),
        ["taxonomy-post_format-post-format-quote.html", "taxonomy-post_format-9.html"]
        + ["taxonomy-post_format.html", "taxonomy.html", "archive-post.html", "archive.html"]
        + ["index.html"],
    ),
    "author-never-decoded": (
        archive_ctx("is_author", QueriedUser(id=2, nicename="j%c3%b6rg")),
        ["author-j%c3%b6rg.html", "author-2.html", "author.html", "archive.html", "index.html"],
    ),
    "date-time": (
        archive_ctx("is_date", is_time=True),
        ["date.html", "archive.html", "index.html"],
    ),
    # -- Post type archives and the post_type query var.
    "post-type-archive": (
        archive_ctx("is_post_type_archive", QueriedPostType(name="book"), post_type="book"),
        ["archive-book.html", "archive.html", "index.html"],
    ),
    "search": (QueryContext(is_search=True, search_terms=""), ["search.html", "index.html"]),
    "search-with-post-type-archive": (
        QueryContext(is_search=True, is_post_type_archive=True, is_archive=True, post_type="book"),
        ["search.html", "archive-book.html", "archive.html", "index.html"],
    ),
    "category-with-post-type-archive": (
        archive_ctx("is_category", NEWS, is_post_type_archive=True, post_type="book"),
        ["archive-book.html", "archive.html", "category-news.html", "category-3.html"]
        + ["category.html", "index.html"],
    ),
    # -- 404 and embeds.
    "404-paged": (QueryContext(is_404=True, is_paged=True), ["404.html", "index.html"]),
    "404-embed": (
        QueryContext(is_embed=True, is_404=True),
        ["embed.html", "404.html"] + ["index.html"],
    ),
    "embed-quote-post": (
        single_ctx(post("said", post_format="quote", type_supports_formats=True), is_embed=True),
        ["embed-post-quote.html", "embed-post.html", "embed.html", "single-post-said.html"]
        + ["single-post.html", "single.html", "singular.html", "index.html"],
    ),
    "embed-page-no-format-step": (
        page_ctx(page(5, "about"), is_embed=True),
        ["embed-page.html", "embed.html", "page-about.html", "page-5.html", "page.html"]
        + ["singular.html", "index.html"],
    ),
    "embed-cpt-without-format-support": (
        # A format term on a type without post-formats support is ignored.
        single_ctx(post("dune", "book", post_format="quote"), is_embed=True),
        ["embed-book.html", "embed.html", "single-book-dune.html", "single-book.html"]
        + ["single.html", "singular.html", "index.html"],
    ),
    # -- Custom templates that WordPress drops.
    "custom-template-default": (
        page_ctx(page(5, "about", "default")),
        ["page-about.html", "page-5.html", "page.html", "singular.html", "index.html"],
    ),
    "custom-template-traversal": (
        page_ctx(page(5, "about", "../evil.php")),
        ["page-about.html", "page-5.html", "page.html", "singular.html", "index.html"],
    ),
    "custom-template-drive-path": (
        page_ctx(page(5, "about", "C:/x.php")),
        ["page-about.html", "page-5.html", "page.html", "singular.html", "index.html"],
    ),
    "custom-template-double-traversal": (
        single_ctx(post("hello-world", page_template="sub/../../x.php")),
        ["single-post-hello-world.html", "single-post.html", "single.html"]
        + ["singular.html", "index.html"],
    ),
}


@pytest.mark.parametrize(("ctx", "expected"), CORE_CASES.values(), ids=CORE_CASES.keys())
def test_wordpress_core_cases(ctx: QueryContext, expected: list[str]) -> None:
    assert template_candidates(ctx) == expected


@pytest.mark.parametrize(("ctx", "expected"), EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_edge_cases(ctx: QueryContext, expected: list[str]) -> None:
    assert template_candidates(ctx) == expected


def test_every_case_ends_with_index_and_has_no_repeats() -> None:
    for ctx, _ in [*CORE_CASES.values(), *EDGE_CASES.values()]:
        names = template_candidates(ctx)
        assert names[-1] == "index.html"
        assert len(names) == len(set(names))


# -- Getters alone (spec §4).


def test_page_getter_alone() -> None:
    ctx = page_ctx(PAGE)
    assert page_candidates(ctx) == PAGE_CHAIN[:5]
    # Without a queried post only the generic name remains.
    assert page_candidates(QueryContext(is_page=True)) == ["page.html"]


def test_single_getter_alone() -> None:
    assert single_candidates(single_ctx(HELLO)) == [
        "single-post-hello-world.html",
        "single-post.html",
        "single.html",
    ]
    assert single_candidates(QueryContext(is_single=True)) == ["single.html"]


def test_term_getters_without_a_term() -> None:
    empty = QueryContext(is_archive=True)
    assert category_candidates(empty) == ["category.html"]
    assert tag_candidates(empty) == ["tag.html"]
    assert taxonomy_candidates(empty) == ["taxonomy.html"]
    assert author_candidates(empty) == ["author.html"]
    assert attachment_candidates(empty) == ["attachment.html"]
    assert embed_candidates(empty) == ["embed.html"]
    assert index_candidates(empty) == ["index.html"]


def test_attachment_without_mime_type_keeps_wordpress_empty_type_name() -> None:
    # WordPress builds "{type}.php" from an empty type too; the name simply never exists.
    assert attachment_candidates(attachment_ctx(attachment(""))) == [".html", "attachment.html"]


def test_archive_getter_uses_only_the_post_type_query_var() -> None:
    assert archive_candidates(archive_ctx("is_tax", QUOTE_TERM)) == ["archive.html"]
    assert archive_candidates(QueryContext(post_type="book")) == [
        "archive-book.html",
        "archive.html",
    ]


def test_post_type_archive_getter_gives_up_without_a_type() -> None:
    ctx = QueryContext(is_post_type_archive=True, is_archive=True)
    assert post_type_archive_candidates(ctx) == []
    assert template_candidates(ctx) == ["archive.html", "index.html"]


# -- Custom template values (spec §4 "Custom template").


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("", None),
        ("default", None),
        ("0", None),
        ("../evil.php", None),
        ("../", None),
        ("C:/x.php", None),
        ("c:\\x.php", None),
        ("sub/../../x.php", None),
        ("sub\\..\\..\\x.php", None),
        ("../../", None),
        ("a/../b.php", None),
        ("x/..//", None),  # Slashes collapse to "x/../": valid, but a directory.
        ("x/../", None),
        ("..", None),
        ("templates/page.php", "templates/page.html"),
        ("page-templates/full-width.php", "page-templates/full-width.html"),
        ("full-width", "full-width.html"),
        ("landing.html", "landing.html"),
        ("wide.php", "wide.html"),
    ],
)
def test_custom_template(stored: str, expected: str | None) -> None:
    assert custom_template(page(1, "p", stored)) == expected


@pytest.mark.parametrize(
    ("path", "valid"),
    [
        ("templates/page.php", True),
        ("x/../", True),
        ("x\\..\\", True),
        ("../", False),
        ("..\\", False),
        ("../x", False),
        ("x/../y", False),
        ("../../", False),
        ("C:/x.php", False),
        ("C:x.php", False),
        ("a:", False),
    ],
)
def test_is_valid_template_path(path: str, valid: bool) -> None:
    assert is_valid_template_path(path) is valid


# -- Filters: WordPress's {type}_template_hierarchy hooks.


def test_filter_changes_one_types_list_only() -> None:
    filters = HierarchyFilters()

    @filters.on("single")
    def landing_first(templates: list[str], ctx: QueryContext) -> list[str]:
        return ["landing.html", *templates]

    assert template_candidates(single_ctx(HELLO), filters) == [
        "landing.html",
        "single-post-hello-world.html",
        "single-post.html",
        "single.html",
        "singular.html",
        "index.html",
    ]
    # Pages go through the "page" filter, so they are untouched.
    assert template_candidates(page_ctx(page(5, "about")), filters) == template_candidates(
        page_ctx(page(5, "about"))
    )
    assert landing_first(["a"], QueryContext()) == ["landing.html", "a"]


def test_filters_chain_in_order_and_see_the_context() -> None:
    filters = HierarchyFilters()
    filters.add("category", lambda names, ctx: [f"{ctx.post_type}-first.html", *names])
    filters.add("category", lambda names, ctx: [n for n in names if n != "category.html"])
    ctx = archive_ctx("is_category", NEWS, post_type="book")
    assert explain(ctx, filters)[0] == (
        "category",
        ["book-first.html", "category-news.html", "category-3.html"],
    )


def test_archive_filter_covers_both_archive_getters() -> None:
    seen: list[list[str]] = []
    filters = HierarchyFilters()

    @filters.on("archive")
    def record(names: list[str], ctx: QueryContext) -> list[str]:
        seen.append(list(names))
        return names

    ctx = archive_ctx("is_post_type_archive", QueriedPostType("book"), post_type="book")
    template_candidates(ctx, filters)
    assert seen == [["archive-book.html", "archive.html"]] * 2


def test_filter_can_replace_index() -> None:
    filters = HierarchyFilters()
    filters.add("index", lambda names, ctx: ["fallback.html"])
    assert template_candidates(QueryContext(is_404=True), filters) == [
        "404.html",
        "fallback.html",
    ]


def test_filter_that_mutates_its_argument_does_not_leak() -> None:
    filters = HierarchyFilters()

    def clear(names: list[str], ctx: QueryContext) -> list[str]:
        names.clear()
        return ["x.html"]

    filters.add("search", clear)
    assert explain(QueryContext(is_search=True), filters)[0] == ("search", ["x.html"])


def test_unknown_filter_type_is_refused() -> None:
    filters = HierarchyFilters()
    with pytest.raises(ValueError, match="front_page"):
        filters.add("front_page", lambda names, ctx: names)
    with pytest.raises(ValueError, match="paged"):  # get_paged_template is deprecated.

        @filters.on("paged")
        def paged(names: list[str], ctx: QueryContext) -> list[str]:
            return names

    assert "frontpage" in HIERARCHY_TYPES and len(HIERARCHY_TYPES) == 17


# -- explain(): the per-getter view behind `magtheme resolve`.


def test_explain_lists_each_true_conditional_in_loader_order() -> None:
    ctx = archive_ctx("is_category", NEWS, is_post_type_archive=True, post_type="book")
    assert explain(ctx) == [
        ("archive", ["archive-book.html", "archive.html"]),
        ("category", ["category-news.html", "category-3.html", "category.html"]),
        ("archive", ["archive-book.html", "archive.html"]),
        ("index", ["index.html"]),
    ]


def test_explain_keeps_home_index_and_front_page_order() -> None:
    ctx = QueryContext(is_home=True, is_front_page=True)
    assert explain(ctx) == [
        ("frontpage", ["front-page.html"]),
        ("home", ["home.html", "index.html"]),
        ("index", ["index.html"]),
    ]


def test_explain_of_a_404_embed() -> None:
    assert explain(QueryContext(is_embed=True, is_404=True)) == [
        ("embed", ["embed.html"]),
        ("404", ["404.html"]),
        ("index", ["index.html"]),
    ]
