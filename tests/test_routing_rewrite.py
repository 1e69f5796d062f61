"""Rewrite rules and parse_request against WordPress's behaviour, as case tables."""

from __future__ import annotations

from typing import Any

import pytest

from magtheme.routing.rewrite import (
    BadRequestPath,
    RewriteRules,
    build_permastructs,
    normalise_path,
    parse_request,
)
from magtheme.types import Registry, build_registry

DEFAULT = "/%year%/%monthnum%/%day%/%postname%/"
#: Pages that exist, for the verbose page-rule check.
PAGES = {"about", "about/team", "greek/%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2"}


def registry() -> Registry:
    return build_registry(
        {
            "book": {
                "public": True,
                "has_archive": True,
                "rewrite": {"slug": "books"},
                "taxonomies": ["genre"],
            },
            "secret": {"public": False},
        },
        {"genre": {"object_type": ["book"], "hierarchical": True}},
    )


REGISTRY = registry()


def parse(
    path: str,
    args: dict[str, str] | None = None,
    structure: str = DEFAULT,
    **options: Any,
) -> dict[str, str]:
    options["permalink_structure"] = structure
    rules = RewriteRules.build(options, REGISTRY)
    return parse_request(path, args or {}, rules, REGISTRY, lambda p: p in PAGES)


# -- WordPress's rule list -----------------------------------------------------------------------

#: The rules WordPress generates for the default structure with only built-in types
#: (``wp rewrite list``), in WordPress's order.
F = "(feed|rdf|rss|rss2|atom)"
WP_DEFAULT_RULES = [
    f"category/(.+?)/feed/{F}/?$", f"category/(.+?)/{F}/?$", "category/(.+?)/embed/?$",
    "category/(.+?)/page/?([0-9]{1,})/?$", "category/(.+?)/?$",
    f"tag/([^/]+)/feed/{F}/?$", f"tag/([^/]+)/{F}/?$", "tag/([^/]+)/embed/?$",
    "tag/([^/]+)/page/?([0-9]{1,})/?$", "tag/([^/]+)/?$",
    f"type/([^/]+)/feed/{F}/?$", f"type/([^/]+)/{F}/?$", "type/([^/]+)/embed/?$",
    "type/([^/]+)/page/?([0-9]{1,})/?$", "type/([^/]+)/?$",
    f"feed/{F}/?$", f"{F}/?$", "embed/?$", "page/?([0-9]{1,})/?$",
    f"comments/feed/{F}/?$", f"comments/{F}/?$", "comments/embed/?$",
    f"search/(.+)/feed/{F}/?$", f"search/(.+)/{F}/?$", "search/(.+)/embed/?$",
    "search/(.+)/page/?([0-9]{1,})/?$", "search/(.+)/?$",
    f"author/([^/]+)/feed/{F}/?$", f"author/([^/]+)/{F}/?$", "author/([^/]+)/embed/?$",
    "author/([^/]+)/page/?([0-9]{1,})/?$", "author/([^/]+)/?$",
    f"([0-9]{{4}})/([0-9]{{1,2}})/([0-9]{{1,2}})/feed/{F}/?$",
    f"([0-9]{{4}})/([0-9]{{1,2}})/([0-9]{{1,2}})/{F}/?$",
    "([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/embed/?$",
    "([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/page/?([0-9]{1,})/?$",
    "([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/?$",
    f"([0-9]{{4}})/([0-9]{{1,2}})/feed/{F}/?$", f"([0-9]{{4}})/([0-9]{{1,2}})/{F}/?$",
    "([0-9]{4})/([0-9]{1,2})/embed/?$", "([0-9]{4})/([0-9]{1,2})/page/?([0-9]{1,})/?$",
    "([0-9]{4})/([0-9]{1,2})/?$",
    f"([0-9]{{4}})/feed/{F}/?$", f"([0-9]{{4}})/{F}/?$", "([0-9]{4})/embed/?$",
    "([0-9]{4})/page/?([0-9]{1,})/?$", "([0-9]{4})/?$",
    "[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}/[^/]+/attachment/([^/]+)/?$",
    "[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}/[^/]+/attachment/([^/]+)/trackback/?$",
    f"[0-9]{{4}}/[0-9]{{1,2}}/[0-9]{{1,2}}/[^/]+/attachment/([^/]+)/feed/{F}/?$",
    f"[0-9]{{4}}/[0-9]{{1,2}}/[0-9]{{1,2}}/[^/]+/attachment/([^/]+)/{F}/?$",
    "[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}/[^/]+/attachment/([^/]+)/comment-page-([0-9]{1,})/?$",
    "[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}/[^/]+/attachment/([^/]+)/embed/?$",
    "([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/([^/]+)/embed/?$",
    "([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/([^/]+)/trackback/?$",
    f"([0-9]{{4}})/([0-9]{{1,2}})/([0-9]{{1,2}})/([^/]+)/feed/{F}/?$",
    f"([0-9]{{4}})/([0-9]{{1,2}})/([0-9]{{1,2}})/([^/]+)/{F}/?$",
    "([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/([^/]+)/page/?([0-9]{1,})/?$",
    "([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/([^/]+)/comment-page-([0-9]{1,})/?$",
    "([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/([^/]+)(?:/([0-9]+))?/?$",
    "[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}/[^/]+/([^/]+)/?$",
    "[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}/[^/]+/([^/]+)/trackback/?$",
    f"[0-9]{{4}}/[0-9]{{1,2}}/[0-9]{{1,2}}/[^/]+/([^/]+)/feed/{F}/?$",
    f"[0-9]{{4}}/[0-9]{{1,2}}/[0-9]{{1,2}}/[^/]+/([^/]+)/{F}/?$",
    "[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}/[^/]+/([^/]+)/comment-page-([0-9]{1,})/?$",
    "[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}/[^/]+/([^/]+)/embed/?$",
    "([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/comment-page-([0-9]{1,})/?$",
    "([0-9]{4})/([0-9]{1,2})/comment-page-([0-9]{1,})/?$",
    "([0-9]{4})/comment-page-([0-9]{1,})/?$",
    ".?.+?/attachment/([^/]+)/?$", ".?.+?/attachment/([^/]+)/trackback/?$",
    f".?.+?/attachment/([^/]+)/feed/{F}/?$", f".?.+?/attachment/([^/]+)/{F}/?$",
    ".?.+?/attachment/([^/]+)/comment-page-([0-9]{1,})/?$",
    ".?.+?/attachment/([^/]+)/embed/?$",
    "(.?.+?)/embed/?$", "(.?.+?)/trackback/?$", f"(.?.+?)/feed/{F}/?$", f"(.?.+?)/{F}/?$",
    "(.?.+?)/page/?([0-9]{1,})/?$", "(.?.+?)/comment-page-([0-9]{1,})/?$",
    "(.?.+?)(?:/([0-9]+))?/?$",
]  # fmt: skip


def test_default_rules_are_wordpress_rules_in_wordpress_order() -> None:
    rules = RewriteRules.build({"permalink_structure": DEFAULT}, build_registry())
    assert [rule.regex for rule in rules.rules] == WP_DEFAULT_RULES


def test_rule_queries_read_like_wordpress() -> None:
    rules = RewriteRules.build({"permalink_structure": DEFAULT}, build_registry())
    queries = {rule.regex: rule.query_string() for rule in rules.rules}
    assert queries["([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/([^/]+)(?:/([0-9]+))?/?$"] == (
        "year=$matches[1]&monthnum=$matches[2]&day=$matches[3]&name=$matches[4]&page=$matches[5]"
    )
    assert queries["comments/feed/(feed|rdf|rss|rss2|atom)/?$"] == (
        "feed=$matches[1]&withcomments=1"
    )


def test_custom_types_come_first_archives_before_permastructs() -> None:
    rules = [r.regex for r in RewriteRules.build({"permalink_structure": DEFAULT}, REGISTRY).rules]
    assert rules[:4] == [
        "books/?$",
        f"books/feed/{F}/?$",
        f"books/{F}/?$",
        "books/page/([0-9]{1,})/?$",
    ]
    # category, tag, post format, then the post type's singles, then the taxonomy.
    order = [rules.index(r) for r in ("category/(.+?)/?$", "tag/([^/]+)/?$", "type/([^/]+)/?$",
                                      "books/([^/]+)(?:/([0-9]+))?/?$", "genre/(.+?)/?$",
                                      "page/?([0-9]{1,})/?$")]  # fmt: skip
    assert order == sorted(order)
    assert not any(r.startswith("secret") for r in rules)  # not publicly queryable


def test_verbose_page_rules_come_before_post_rules() -> None:
    regexes = [r.regex for r in RewriteRules.build({"permalink_structure": "/%postname%/"},
                                                   build_registry()).rules]  # fmt: skip
    assert regexes.index("(.?.+?)(?:/([0-9]+))?/?$") < regexes.index("([^/]+)(?:/([0-9]+))?/?$")
    plain = RewriteRules.build({"permalink_structure": ""}, build_registry())
    assert plain.rules == () and not plain.using_permalinks


def test_rules_are_built_once() -> None:
    options = {"permalink_structure": DEFAULT}
    assert RewriteRules.build(options, REGISTRY) is RewriteRules.build(dict(options), registry())


@pytest.mark.parametrize(
    ("structure", "date", "author", "front"),
    [
        (DEFAULT, "/%year%/%monthnum%/%day%", "/author/%author%", "/"),
        ("/%postname%/", "/%year%/%monthnum%/%day%", "/author/%author%", "/"),
        ("/archives/%post_id%", "/archives/date/%year%/%monthnum%/%day%",
         "/archives/author/%author%", "/archives/"),
        ("/%post_id%/%postname%/", "/date/%year%/%monthnum%/%day%", "/author/%author%", "/"),
        ("/%day%/%monthnum%/%year%/%postname%/", "/%day%/%monthnum%/%year%",
         "/author/%author%", "/"),
        ("", "", "", ""),
    ],
)  # fmt: skip
def test_permastructs(structure: str, date: str, author: str, front: str) -> None:
    structs = build_permastructs({"permalink_structure": structure}, REGISTRY)
    assert (structs.date, structs.author, structs.front) == (date, author, front)


# -- URL → query vars ----------------------------------------------------------------------------

DEFAULT_CASES = [
    ("/", {}),
    ("/index.php", {}),
    ("/2024/01/02/hello/", {"year": "2024", "monthnum": "01", "day": "02", "name": "hello"}),
    ("/2024/01/02/hello", {"year": "2024", "monthnum": "01", "day": "02", "name": "hello"}),
    ("/2024/01/02/hello/2/",
     {"year": "2024", "monthnum": "01", "day": "02", "name": "hello", "page": "2"}),
    ("/2024/01/02/hello/embed/",
     {"year": "2024", "monthnum": "01", "day": "02", "name": "hello", "embed": "true"}),
    ("/2024/01/02/hello/feed/",
     {"year": "2024", "monthnum": "01", "day": "02", "name": "hello", "feed": "feed"}),
    ("/2024/01/02/hello/feed/atom/",
     {"year": "2024", "monthnum": "01", "day": "02", "name": "hello", "feed": "atom"}),
    ("/2024/01/02/hello/comment-page-3/",
     {"year": "2024", "monthnum": "01", "day": "02", "name": "hello", "cpage": "3"}),
    ("/2024/01/02/hello/trackback/",
     {"year": "2024", "monthnum": "01", "day": "02", "name": "hello", "tb": "1"}),
    ("/2024/01/02/hello/photo/", {"attachment": "photo"}),
    ("/2024/01/02/hello/attachment/photo/", {"attachment": "photo"}),
    ("/2024/01/02/hello/photo/embed/", {"attachment": "photo", "embed": "true"}),
    ("/2024/", {"year": "2024"}),
    ("/2024/05/", {"year": "2024", "monthnum": "05"}),
    ("/2024/05/06/", {"year": "2024", "monthnum": "05", "day": "06"}),
    ("/2024/05/page/2/", {"year": "2024", "monthnum": "05", "paged": "2"}),
    ("/2024/feed/", {"year": "2024", "feed": "feed"}),
    ("/page/2/", {"paged": "2"}),
    ("/feed/", {"feed": "feed"}),
    ("/rss2/", {"feed": "rss2"}),
    ("/comments/feed/", {"feed": "feed", "withcomments": "1"}),
    ("/category/news/", {"category_name": "news"}),
    ("/category/news/sport/", {"category_name": "news/sport"}),
    ("/category/news/sport/page/3/", {"category_name": "news/sport", "paged": "3"}),
    ("/category/news/feed/rss2/", {"category_name": "news", "feed": "rss2"}),
    ("/tag/red/", {"tag": "red"}),
    ("/tag/red/page/2/", {"tag": "red", "paged": "2"}),
    ("/type/aside/", {"post_format": "post-format-aside"}),
    ("/type/unknown/", {"post_format": "unknown"}),
    ("/author/admin/", {"author_name": "admin"}),
    ("/author/admin/page/2/", {"author_name": "admin", "paged": "2"}),
    ("/search/hello/", {"s": "hello"}),
    ("/search/hello+world/", {"s": "hello world"}),
    ("/search/hello%20world/page/2/", {"s": "hello world", "paged": "2"}),
    ("/about/", {"pagename": "about"}),
    ("/about/team/", {"pagename": "about/team"}),
    ("/about/team/2/", {"pagename": "about/team", "page": "2"}),
    ("/about/comment-page-2/", {"pagename": "about", "cpage": "2"}),
    ("/about/attachment/photo/", {"attachment": "photo"}),
    ("/no/such/thing/", {"pagename": "no/such/thing"}),  # not verbose: any path is a page
    ("/books/", {"post_type": "book"}),
    ("/books/page/2/", {"post_type": "book", "paged": "2"}),
    ("/books/feed/", {"post_type": "book", "feed": "feed"}),
    ("/books/dune/", {"book": "dune", "post_type": "book", "name": "dune"}),
    ("/books/dune/2/", {"book": "dune", "post_type": "book", "name": "dune", "page": "2"}),
    ("/books/dune/embed/", {"book": "dune", "post_type": "book", "name": "dune", "embed": "true"}),
    ("/books/dune/cover/", {"attachment": "cover"}),
    ("/genre/sf/", {"genre": "sf"}),
    ("/genre/sf/space-opera/", {"genre": "sf/space-opera"}),
    ("/genre/sf/page/2/", {"genre": "sf", "paged": "2"}),
    ("/secret/thing/", {"pagename": "secret/thing"}),
]  # fmt: skip


@pytest.mark.parametrize(("path", "expected"), DEFAULT_CASES)
def test_default_structure(path: str, expected: dict[str, str]) -> None:
    assert parse(path) == expected


POSTNAME_CASES = [
    ("/about/", {"pagename": "about"}),
    ("/about/team/", {"pagename": "about/team"}),
    ("/about/team/2/", {"pagename": "about/team", "page": "2"}),
    ("/about/feed/", {"pagename": "about", "feed": "feed"}),
    ("/hello/", {"name": "hello"}),
    ("/hello/3/", {"name": "hello", "page": "3"}),
    ("/hello/embed/", {"name": "hello", "embed": "true"}),
    ("/hello/photo/", {"attachment": "photo"}),
    ("/hello/attachment/photo/", {"attachment": "photo"}),
    ("/hello/comment-page-2/", {"name": "hello", "cpage": "2"}),
    ("/2024/05/", {"year": "2024", "monthnum": "05"}),
    ("/no/such/thing/", {"error": "404"}),
    ("/category/news/", {"category_name": "news"}),
]


@pytest.mark.parametrize(("path", "expected"), POSTNAME_CASES)
def test_postname_structure_uses_verbose_page_rules(path: str, expected: dict[str, str]) -> None:
    assert parse(path, structure="/%postname%/") == expected


def test_verbose_check_is_asked_only_for_page_rules() -> None:
    asked: list[str] = []
    rules = RewriteRules.build({"permalink_structure": "/%postname%/"}, REGISTRY)
    parse_request("/hello/", {}, rules, REGISTRY, lambda p: asked.append(p) or False)
    assert asked == ["hello"]
    asked.clear()
    parse_request("/category/news/", {}, rules, REGISTRY, lambda p: asked.append(p) or False)
    assert asked == []


@pytest.mark.parametrize(
    ("structure", "path", "expected"),
    [
        ("/archives/%post_id%", "/archives/12", {"p": "12"}),
        ("/archives/%post_id%", "/archives/12/2", {"p": "12", "page": "2"}),
        ("/archives/%post_id%", "/archives/12/photo", {"attachment": "photo"}),
        ("/archives/%post_id%", "/archives/date/2024/05",
         {"year": "2024", "monthnum": "05"}),
        ("/archives/%post_id%", "/archives/category/news", {"category_name": "news"}),
        ("/archives/%post_id%", "/archives/author/admin", {"author_name": "admin"}),
        ("/archives/%post_id%", "/archives/books/dune",
         {"book": "dune", "post_type": "book", "name": "dune"}),
        ("/archives/%post_id%", "/search/x", {"s": "x"}),
        ("/archives/%post_id%", "/about", {"pagename": "about"}),
        ("/%category%/%postname%/", "/about/", {"pagename": "about"}),
        ("/%category%/%postname%/", "/news/hello/", {"category_name": "news", "name": "hello"}),
        ("/%category%/%postname%/", "/news/sport/hello/",
         {"category_name": "news/sport", "name": "hello"}),
        ("/%category%/%postname%/", "/news/", {"category_name": "news"}),
        ("/%category%/%postname%/", "/news/hello/attachment/photo/", {"attachment": "photo"}),
        ("/%author%/%postname%/", "/admin/hello/", {"author_name": "admin", "name": "hello"}),
        ("/%author%/%postname%/", "/about/team/", {"pagename": "about/team"}),
        ("/%author%/%postname%/", "/admin/", {"author_name": "admin"}),
        ("/%post_id%/%postname%/", "/12/hello/", {"p": "12", "name": "hello"}),
        ("/%post_id%/%postname%/", "/date/2024/", {"year": "2024"}),
        ("/%year%/%monthnum%/%day%/%hour%/%minute%/%second%/",
         "/2024/01/02/03/04/05/",
         {"year": "2024", "monthnum": "01", "day": "02", "hour": "03", "minute": "04",
          "second": "05"}),
    ],
)  # fmt: skip
def test_other_structures(structure: str, path: str, expected: dict[str, str]) -> None:
    assert parse(path, structure=structure) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/topics/news/", {"category_name": "news"}),
        ("/topics/news/page/2/", {"category_name": "news", "paged": "2"}),
        ("/labels/red/", {"tag": "red"}),
        ("/category/news/", {"pagename": "category/news"}),
    ],
)
def test_category_and_tag_base(path: str, expected: dict[str, str]) -> None:
    assert parse(path, category_base="/topics", tag_base="labels") == expected


def test_bases_drop_the_front() -> None:
    # With a base of its own, the category archive leaves the structure's front (WordPress).
    assert parse("/topics/news", structure="/archives/%post_id%", category_base="/topics") == {
        "category_name": "news"
    }
    assert parse("/archives/category/news", structure="/archives/%post_id%") == {
        "category_name": "news"
    }


def test_static_front_page_comment_pages() -> None:
    assert parse("/comment-page-2/", page_on_front=7) == {"page_id": "7", "cpage": "2"}
    assert parse("/comment-page-2/") == {"pagename": "comment-page-2"}


# -- plain permalinks and the query string --------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "args", "expected"),
    [
        ("/", {"p": "12"}, {"p": "12"}),
        ("/", {"page_id": "2"}, {"page_id": "2"}),
        ("/", {"cat": "3"}, {"cat": "3"}),
        ("/", {"cat": "-3,4"}, {"cat": "-3,4"}),
        ("/", {"tag": "red"}, {"tag": "red"}),
        ("/", {"m": "202405"}, {"m": "202405"}),
        ("/", {"paged": "2"}, {"paged": "2"}),
        ("/", {"s": ""}, {"s": ""}),
        ("/", {"p": ""}, {}),
        ("/", {"post_type": "book"}, {"post_type": "book"}),
        ("/", {"post_type": "secret"}, {}),
        ("/", {"post_type": "nav_menu_item"}, {}),
        ("/", {"book": "dune"}, {"book": "dune", "post_type": "book", "name": "dune"}),
        ("/", {"genre": "sf space"}, {"genre": "sf+space"}),
        ("/", {"post_format": "quote"}, {"post_format": "post-format-quote"}),
        ("/", {"taxonomy": "genre", "term": "sf"}, {"taxonomy": "genre", "term": "sf"}),
        ("/", {"taxonomy": "nav_menu", "term": "main"}, {}),
        ("/", {"utm_source": "x", "orderby": "title"}, {}),
        ("/", {"name": "你好"}, {"name": "%e4%bd%a0%e5%a5%bd"}),
        ("/about/", {}, {"error": "404"}),
    ],
)
def test_plain_permalinks(path: str, args: dict[str, str], expected: dict[str, str]) -> None:
    assert parse(path, args, structure="") == expected


def test_query_string_beats_the_path() -> None:
    assert parse("/2024/01/02/hello/", {"name": "other", "paged": "3"}) == {
        "year": "2024",
        "monthnum": "01",
        "day": "02",
        "name": "other",
        "paged": "3",
    }
    assert parse("/category/news/", {"post_type": "book"}) == {
        "category_name": "news",
        "post_type": "book",
    }


# -- Unicode -------------------------------------------------------------------------------------

GREEK = "%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2"


@pytest.mark.parametrize(
    "path",
    [
        "/greek/επίπεδο-2/",
        f"/greek/{GREEK}/",
        f"/greek/{GREEK.upper().replace('-2', '-2')}/",
        "/greek/%CE%B5%cf%80%CE%AF%cf%80%ce%b5%ce%b4%ce%bf-2/",
    ],
)
def test_unicode_page_paths(path: str) -> None:
    assert parse(path, structure="/%postname%/") == {"pagename": f"greek/{GREEK}"}


def test_unicode_post_slug() -> None:
    expected = {"year": "2024", "monthnum": "01", "day": "02", "name": "%e4%bd%a0%e5%a5%bd"}
    assert parse("/2024/01/02/你好/") == expected
    assert parse("/2024/01/02/%E4%BD%A0%E5%A5%BD/") == expected
    assert parse("/tag/caf%C3%A9/") == {"tag": "caf%c3%a9"}


def test_normalise_path_keeps_separators_encoded() -> None:
    assert normalise_path("/a%2Fb/c d/%41/") == "/a%2fb/c%20d/A/"


# -- hostile input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "args", "message"),
    [
        ("/%zz/", {}, "%XX"),
        ("/abc%", {}, "%XX"),
        ("/%e4%bd/", {}, "UTF-8"),
        ("/%ff/", {}, "UTF-8"),
        ("/a%00b/", {}, "control character"),
        ("/a\nb/", {}, "control character"),
        ("/a%0d%0aSet-Cookie:x/", {}, "control character"),
        ("/" + "a" * 2001, {}, "longer than 2000"),
        ("/", {"p": "abc"}, "p must be"),
        ("/", {"p": "1 OR 1=1"}, "p must be"),
        ("/", {"p": "-1"}, "p must be"),
        ("/", {"p": "9" * 30}, "p must be"),
        ("/", {"page_id": "2x"}, "page_id must be"),
        ("/", {"attachment_id": "x"}, "attachment_id must be"),
        ("/", {"cat": "news"}, "cat must be"),
        ("/", {"author": "admin"}, "author must be"),
        ("/", {"paged": "0"}, "paged must be between"),
        ("/", {"paged": "-2"}, "paged must be"),
        ("/", {"paged": "two"}, "paged must be"),
        ("/", {"paged": "1000000001"}, "paged must be between"),
        ("/", {"paged": "9" * 400}, "paged must be"),
        ("/", {"paged": "２"}, "paged must be"),
        ("/", {"m": "2024-05"}, "m must be"),
        ("/", {"year": "twenty"}, "year must be"),
        ("/", {"s": "a\x00b"}, "control character"),
        ("/", {"name": "x" * 2001}, "longer than 2000"),
        ("/page/0/", {}, "paged must be between"),
        ("/page/99999999999/", {}, "paged must be between"),
        ("/archives/99999999999999999999999", {}, "p must be"),
    ],
)
def test_hostile_input_is_a_bad_request(path: str, args: dict[str, str], message: str) -> None:
    structure = "/archives/%post_id%" if path.startswith("/archives") else DEFAULT
    with pytest.raises(BadRequestPath, match=message):
        parse(path, args, structure=structure)


def test_bad_request_path_is_a_value_error() -> None:
    assert issubclass(BadRequestPath, ValueError)
