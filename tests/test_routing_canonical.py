"""Canonical redirects, as redirect_canonical makes them, as a case table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from magtheme.context import QueryContext
from magtheme.routing.canonical import canonical_url
from magtheme.routing.permalinks import Linker
from magtheme.types import build_registry
from tests.test_routing_permalinks import FakeLookup, P, T, U

HOME = "http://127.0.0.1:5000"
DEFAULT = "/%year%/%monthnum%/%day%/%postname%/"
REGISTRY = build_registry(
    {"book": {"public": True, "has_archive": True, "rewrite": {"slug": "books"}}}, {}
)

HELLO = P(12, "hello", date=datetime(2024, 5, 6, 7, 8, 9))
DRAFT = P(13, "draft", status="draft")
ABOUT = P(2, "about", "page")
HOME_PAGE = P(4, "home", "page")
BLOG = P(5, "blog", "page")
PHOTO = P(10, "photo", "attachment", "inherit", parent_id=12)
NEWS = T(3, "news")
RED = T(7, "red", "post_tag")
ASIDE = T(8, "post-format-aside", "post_format")
JANE = U(1, "jane")
BOOK = REGISTRY.post_type("book")


def lookup() -> FakeLookup:
    return FakeLookup(
        posts={p.id: p for p in (HELLO, DRAFT, ABOUT, HOME_PAGE, BLOG, PHOTO)},
        terms={NEWS.id: NEWS, RED.id: RED, ASIDE.id: ASIDE},
        post_categories={12: [3]},
        users={1: "jane"},
    )


def ctx(obj: Any = None, qv: dict[str, str] | None = None, **flags: Any) -> QueryContext:
    context = QueryContext(query_vars=dict(qv or {}), queried_object=obj)
    for name, value in flags.items():
        setattr(context, name, value)
    if context.is_single or context.is_page:
        context.is_singular = True
    if "paged" in (qv or {}):
        context.paged = int((qv or {})["paged"])
    return context


def single(qv: dict[str, str], obj: Any = HELLO) -> QueryContext:
    return ctx(obj, qv, is_single=True)


def home(qv: dict[str, str] | None = None) -> QueryContext:
    return ctx(None, qv, is_home=True, is_front_page=True)


def canonical(requested: str, context: QueryContext, **options: Any) -> str | None:
    options.setdefault("permalink_structure", DEFAULT)
    linker = Linker(options, REGISTRY, lookup(), HOME)
    result = canonical_url(requested, context, linker)
    return result.removeprefix(HOME) if result is not None else None


CASES: list[tuple[str, QueryContext, str | None]] = [
    # plain links become pretty
    ("/?p=12", single({"p": "12"}), "/2024/05/06/hello/"),
    ("/?p=12&utm_source=x", single({"p": "12"}), "/2024/05/06/hello/?utm_source=x"),
    ("/?utm_source=x&p=12&b=%20c", single({"p": "12"}), "/2024/05/06/hello/?utm_source=x&b=%20c"),
    ("/?name=hello", single({"name": "hello"}), "/2024/05/06/hello/"),
    ("/?p=12&page=2", single({"p": "12", "page": "2"}), "/2024/05/06/hello/2/"),
    ("/?p=12&cpage=2", single({"p": "12", "cpage": "2"}), "/2024/05/06/hello/?cpage=2"),
    ("/?p=12&feed=rss2", single({"p": "12", "feed": "rss2"}), "/2024/05/06/hello/feed/"),
    ("/?page_id=2", ctx(ABOUT, {"page_id": "2"}, is_page=True), "/about/"),
    ("/?attachment_id=10", ctx(PHOTO, {"attachment_id": "10"}, is_single=True,
                               is_attachment=True), "/2024/05/06/hello/photo/"),
    ("/?cat=3", ctx(NEWS, {"cat": "3"}, is_category=True, is_archive=True), "/category/news/"),
    ("/?cat=3&paged=2", ctx(NEWS, {"cat": "3", "paged": "2"}, is_category=True),
     "/category/news/page/2/"),
    ("/?cat=3&orderby=title", ctx(NEWS, {"cat": "3"}, is_category=True),
     "/category/news/?orderby=title"),
    ("/?cat=3,4", ctx(NEWS, {"cat": "3,4"}, is_category=True), None),
    ("/?tag=red", ctx(RED, {"tag": "red"}, is_tag=True), "/tag/red/"),
    ("/?author=1", ctx(JANE, {"author": "1"}, is_author=True), "/author/jane/"),
    ("/?author=1&paged=2", ctx(JANE, {"author": "1", "paged": "2"}, is_author=True),
     "/author/jane/page/2/"),
    ("/?m=2024", ctx(None, {"m": "2024"}, is_date=True, is_year=True), "/2024/"),
    ("/?m=202405", ctx(None, {"m": "202405"}, is_date=True, is_month=True), "/2024/05/"),
    ("/?m=20240506", ctx(None, {"m": "20240506"}, is_date=True, is_day=True), "/2024/05/06/"),
    ("/?year=2024&monthnum=5", ctx(None, {"year": "2024", "monthnum": "5"}, is_date=True,
                                   is_month=True), "/2024/05/"),
    ("/?paged=2", home({"paged": "2"}), "/page/2/"),
    ("/?post_type=book", ctx(BOOK, {"post_type": "book"}, is_post_type_archive=True,
                             is_archive=True), "/books/"),
    ("/?feed=rss2", ctx(None, {"feed": "rss2"}, is_feed=True), "/feed/"),
    ("/?feed=atom", ctx(None, {"feed": "atom"}, is_feed=True), "/feed/atom/"),
    ("/?p=", home(), "/"),
    # pretty URLs that are a little off
    ("/2024/05/06/hello", single({"year": "2024", "monthnum": "05", "day": "06",
                                  "name": "hello"}), "/2024/05/06/hello/"),
    ("/2024/05/07/hello/", single({"year": "2024", "monthnum": "05", "day": "07",
                                   "name": "hello"}), "/2024/05/06/hello/"),
    ("/2023/05/06/hello/2/", single({"year": "2023", "monthnum": "05", "day": "06",
                                     "name": "hello", "page": "2"}), "/2024/05/06/hello/2/"),
    ("/2024/05/06/hello/1/", single({"year": "2024", "monthnum": "05", "day": "06",
                                     "name": "hello", "page": "1"}), "/2024/05/06/hello/"),
    ("/page/1/", home({"paged": "1"}), "/"),
    ("/category/news/page/1/", ctx(NEWS, {"category_name": "news", "paged": "1"},
                                   is_category=True), "/category/news/"),
    ("/category/news", ctx(NEWS, {"category_name": "news"}, is_category=True),
     "/category/news/"),
    ("/about", ctx(ABOUT, {"pagename": "about"}, is_page=True), "/about/"),
    # already canonical
    ("/", home(), None),
    ("/2024/05/06/hello/", single({"year": "2024", "monthnum": "05", "day": "06",
                                   "name": "hello"}), None),
    ("/2024/05/06/hello/2/", single({"year": "2024", "monthnum": "05", "day": "06",
                                     "name": "hello", "page": "2"}), None),
    ("/2024/05/06/hello/?utm_source=x", single({"year": "2024", "monthnum": "05", "day": "06",
                                                "name": "hello"}), None),
    ("/2024/05/06/hello/photo/", ctx(PHOTO, {"attachment": "photo"}, is_single=True,
                                     is_attachment=True), None),
    ("/about/", ctx(ABOUT, {"pagename": "about"}, is_page=True), None),
    ("/category/news/page/2/", ctx(NEWS, {"category_name": "news", "paged": "2"},
                                   is_category=True), None),
    ("/category/news/?post_type=book", ctx(NEWS, {"category_name": "news", "post_type": "book"},
                                           is_category=True, is_post_type_archive=True), None),
    ("/page/2/", home({"paged": "2"}), None),
    ("/feed/", ctx(None, {"feed": "feed"}, is_feed=True), None),
    ("/books/", ctx(BOOK, {"post_type": "book"}, is_post_type_archive=True), None),
    # never redirected
    ("/?s=hello", ctx(None, {"s": "hello"}, is_search=True), None),
    ("/?s=hello&paged=2", ctx(None, {"s": "hello", "paged": "2"}, is_search=True), None),
    ("/search/hello", ctx(None, {"s": "hello"}, is_search=True), None),
    ("/?p=999", ctx(None, {"p": "999"}, is_404=True), None),
    ("/2024/05/06/nothing", ctx(None, {"name": "nothing"}, is_404=True), None),
    ("/?p=13", single({"p": "13"}, DRAFT), None),
    ("/?p=12&preview=true", single({"p": "12", "preview": "true"}), None),
]  # fmt: skip


@pytest.mark.parametrize(("requested", "context", "expected"), CASES)
def test_default_structure(requested: str, context: QueryContext, expected: str | None) -> None:
    assert canonical(requested, context) == expected


def test_static_front_page() -> None:
    options = {"show_on_front": "page", "page_on_front": 4, "page_for_posts": 5}
    front = ctx(HOME_PAGE, {"page_id": "4"}, is_page=True, is_front_page=True)
    assert canonical("/?page_id=4", front, **options) == "/"
    assert canonical("/home/", ctx(HOME_PAGE, {"pagename": "home"}, is_page=True,
                                   is_front_page=True), **options) == "/"  # fmt: skip
    assert canonical("/", ctx(HOME_PAGE, {"page_id": "4"}, is_page=True, is_front_page=True),
                     **options) is None  # fmt: skip
    paged_front = ctx(HOME_PAGE, {"page_id": "4", "page": "2"}, is_page=True, is_front_page=True)
    assert canonical("/?page=2", paged_front, **options) == "/page/2/"
    posts_page = ctx(BLOG, {"page_id": "5"}, is_home=True, is_posts_page=True)
    assert canonical("/?page_id=5", posts_page, **options) == "/blog/"
    assert canonical("/blog/", ctx(BLOG, {"pagename": "blog"}, is_home=True), **options) is None


def test_structure_without_trailing_slash() -> None:
    structure = {"permalink_structure": "/archives/%post_id%"}
    assert canonical("/?p=12", single({"p": "12"}), **structure) == "/archives/12"
    assert canonical("/archives/12/", single({"p": "12"}), **structure) == "/archives/12"
    assert canonical("/archives/12", single({"p": "12"}), **structure) is None
    news = ctx(NEWS, {"cat": "3", "paged": "2"}, is_category=True)
    assert canonical("/?cat=3&paged=2", news, **structure) == "/archives/category/news/page/2"
    assert canonical("/?m=202405", ctx(None, {"m": "202405"}, is_month=True), **structure) == (
        "/archives/date/2024/05"
    )
    assert canonical("/", home(), **structure) is None
    assert canonical("/?paged=3", home({"paged": "3"}), **structure) == "/page/3"


def test_category_in_the_post_structure() -> None:
    structure = {"permalink_structure": "/%category%/%postname%/"}
    right = single({"category_name": "news", "name": "hello"})
    wrong = single({"category_name": "sport", "name": "hello"})
    assert canonical("/news/hello/", right, **structure) is None
    assert canonical("/sport/hello/", wrong, **structure) == "/news/hello/"


def test_comment_pages_become_paths_when_comments_are_paged() -> None:
    context = single({"p": "12", "cpage": "2"})
    assert canonical("/?p=12&cpage=2", context, page_comments=True) == (
        "/2024/05/06/hello/comment-page-2/"
    )


def test_plain_permalinks_never_redirect() -> None:
    assert canonical("/?p=12", single({"p": "12"}), permalink_structure="") is None


def test_unicode_paths_compare_as_stored() -> None:
    post = P(20, "%e4%bd%a0%e5%a5%bd")
    qv = {"name": "%e4%bd%a0%e5%a5%bd"}
    structure = {"permalink_structure": "/%postname%/"}
    assert canonical("/你好/", single(qv, post), **structure) is None
    assert canonical("/%E4%BD%A0%E5%A5%BD/", single(qv, post), **structure) is None
    assert canonical("/?p=20", single({"p": "20"}, post), **structure) == "/%e4%bd%a0%e5%a5%bd/"
    assert canonical("/你好", single(qv, post), **structure) == "/%e4%bd%a0%e5%a5%bd/"


def test_absolute_requests_and_internal_query_vars() -> None:
    assert canonical(f"{HOME}/?p=12", single({"p": "12"})) == "/2024/05/06/hello/"
    root = home({"_root": "1"})
    assert canonical("/", root) is None
