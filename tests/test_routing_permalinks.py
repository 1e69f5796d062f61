"""Permalinks against WordPress's own output, and the SQL lookup behind them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest

from magtheme.routing.permalinks import Linker, PermalinkError, validate_structure
from magtheme.routing.rewrite import RewriteRules, parse_request
from magtheme.types import Registry, build_registry
from tests.conftest import FIXTURES

FIXTURE = FIXTURES / "wordpress-theme-unit-test.wordpress-output.json"
WP_HOME = "http://127.0.0.1:8089"
HOME = "http://127.0.0.1:5000"
DEFAULT = "/%year%/%monthnum%/%day%/%postname%/"


@dataclass
class P:
    """A light post: the model's attribute names, nothing else."""

    id: int
    slug: str
    post_type: str = "post"
    status: str = "publish"
    parent_id: int = 0
    date: datetime = datetime(2024, 5, 6, 7, 8, 9)
    date_gmt: datetime = datetime(2024, 5, 6, 7, 8, 9)
    author_id: int | None = 1


@dataclass
class T:
    id: int
    slug: str
    taxonomy: str = "category"
    parent_id: int = 0


@dataclass
class U:
    id: int
    nicename: str


@dataclass
class FakeLookup:
    posts: dict[int, Any] = field(default_factory=dict)
    terms: dict[int, Any] = field(default_factory=dict)
    post_categories: dict[int, list[int]] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)

    def categories(self, post_id: int) -> list[Any]:
        return [self.terms[i] for i in self.post_categories.get(post_id, [])]

    def term(self, term_id: int) -> Any | None:
        return self.terms.get(term_id)

    def post(self, post_id: int) -> Any | None:
        return self.posts.get(post_id)

    def user_nicename(self, user_id: int) -> str:
        return self.users.get(user_id, "")


def registry() -> Registry:
    return build_registry(
        {
            "book": {"public": True, "has_archive": True, "rewrite": {"slug": "books"}},
            "guide": {"public": True, "hierarchical": True, "has_archive": "manuals"},
            "note": {"public": True, "rewrite": {"slug": "notes", "with_front": False}},
        },
        {"genre": {"object_type": ["book"], "hierarchical": True}},
    )


REGISTRY = registry()


def linker(lookup: FakeLookup | None = None, home: str = HOME, **options: Any) -> Linker:
    options.setdefault("permalink_structure", DEFAULT)
    options.setdefault("default_category", 1)
    return Linker(options, REGISTRY, lookup or FakeLookup(), home)


# -- WordPress's own permalinks for the Theme Unit Test ----------------------------------------


def _fixture() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text())
    return data


def _date(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


def _unit_test_site() -> tuple[FakeLookup, dict[str, Any], dict[str, str]]:
    """Light posts for every post, page and linked attachment; expected URLs by target."""
    data = _fixture()
    lookup = FakeLookup()
    for entry in data["posts"]:
        lookup.posts[entry["id"]] = P(
            entry["id"],
            entry["slug"],
            entry["post_type"],
            entry["status"],
            entry["parent"],
            _date(entry["date"]),
            _date(entry["date_gmt"]),
        )
    for key, target in data["targets"].items():
        if key.startswith("post:") and target["id"] not in lookup.posts:
            lookup.posts[target["id"]] = P(
                target["id"],
                target["slug"],
                target["type"],
                "inherit" if target["type"] == "attachment" else "publish",
                target["parent"],
                _date(target["date"]),
            )
    expected: dict[str, str] = {}
    for entry in data["posts"]:
        for url, target in entry["internal_links"].items():
            if "#" not in url and "#" not in target:
                expected[target] = url
    return lookup, data, expected


def test_every_post_and_page_has_wordpress_permalink() -> None:
    lookup, data, _ = _unit_test_site()
    assert data["wordpress"]["permalink_structure"] == DEFAULT
    link = linker(lookup, home=WP_HOME)
    mismatches = [
        (entry["id"], link.post(lookup.posts[entry["id"]]), entry["permalink"])
        for entry in data["posts"]
        if link.post(lookup.posts[entry["id"]]) != entry["permalink"]
    ]
    assert mismatches == []
    assert len(data["posts"]) == 72


def test_internal_link_targets_match_wordpress() -> None:
    """Attachment pages, date archives and tag archives as WordPress linked them."""
    lookup, _, expected = _unit_test_site()
    link = linker(lookup, home=WP_HOME)
    checked = 0
    for target, url in expected.items():
        kind, _, rest = target.partition(":")
        if kind == "post":
            got = link.post(lookup.posts[int(rest)])
        elif kind == "date":
            parts = [int(p) for p in rest.split("-")]
            got = [link.year, link.month, link.day][len(parts) - 1](*parts)
        elif kind == "term":
            taxonomy, slug = rest.split(":")
            got = link.term(T(0, slug, taxonomy))
        else:
            continue
        assert got == url, target
        checked += 1
    assert checked > 100


def test_wordpress_permalinks_route_back_to_their_objects() -> None:
    """Each permalink, parsed by the rewrite rules, names the post it came from."""
    lookup, data, _ = _unit_test_site()
    rules = RewriteRules.build({"permalink_structure": DEFAULT}, REGISTRY)
    for entry in data["posts"]:
        path = entry["permalink"].removeprefix(WP_HOME)
        query_vars = parse_request(
            path.split("?")[0], dict(_args(path)), rules, REGISTRY, lambda p: True
        )
        if entry["post_type"] == "page":
            uri = Linker({"permalink_structure": DEFAULT}, REGISTRY, lookup, "").page_uri(
                lookup.posts[entry["id"]]
            )
            assert query_vars == {"pagename": uri}
        elif entry["status"] != "publish":
            assert query_vars == {"p": str(entry["id"])}
        else:
            assert query_vars["name"] == entry["slug"]


def _args(path: str) -> list[tuple[str, str]]:
    query = path.partition("?")[2]
    return [tuple(pair.split("=", 1)) for pair in query.split("&") if pair]  # type: ignore[misc]


# -- plain permalinks ----------------------------------------------------------------------------


def test_plain_permalinks() -> None:
    lookup = FakeLookup(posts={9: P(9, "parent")})
    link = linker(lookup, permalink_structure="")
    assert link.post(P(1, "hello")) == f"{HOME}/?p=1"
    assert link.post(P(2, "about", "page")) == f"{HOME}/?page_id=2"
    assert link.post(P(3, "photo", "attachment", "inherit", 9)) == f"{HOME}/?attachment_id=3"
    assert link.term(T(3, "news")) == f"{HOME}/?cat=3"
    assert link.term(T(4, "red", "post_tag")) == f"{HOME}/?tag=red"
    assert link.term(T(5, "post-format-aside", "post_format")) == f"{HOME}/?post_format=aside"
    assert link.term(T(6, "sf", "genre")) == f"{HOME}/?genre=sf"
    assert link.author(U(1, "admin")) == f"{HOME}/?author=1"
    assert link.year(2024) == f"{HOME}/?m=2024"
    assert link.month(2024, 5) == f"{HOME}/?m=202405"
    assert link.day(2024, 5, 6) == f"{HOME}/?m=20240506"
    assert link.post_type_archive("book") == f"{HOME}/?post_type=book"
    assert link.post(P(7, "dune", "book")) == f"{HOME}/?book=dune"
    assert link.post(P(8, "dune", "book", "draft")) == f"{HOME}/?post_type=book&p=8"
    assert link.search("hello world") == f"{HOME}/?s=hello+world"
    assert link.home() == f"{HOME}/"


# -- pretty permalinks ---------------------------------------------------------------------------


def test_posts_that_are_not_public_get_plain_links() -> None:
    link = linker()
    assert link.post(P(1, "draft", status="draft")) == f"{HOME}/?p=1"
    assert link.post(P(2, "secret", status="private")) == f"{HOME}/?p=2"
    assert link.post(P(3, "soon", status="future")) == f"{HOME}/?p=3"
    assert link.post(P(4, "draft", "page", "draft")) == f"{HOME}/?page_id=4"
    assert link.post(P(5, "x", "nav_menu_item_unknown")) == f"{HOME}/?p=5"


def test_scheduled_post_whose_time_came_is_published_when_now_is_given() -> None:
    opts = {"permalink_structure": DEFAULT}
    due = P(3, "soon", status="future", date_gmt=datetime(2024, 1, 1))
    assert Linker(opts, REGISTRY, FakeLookup(), HOME, now=datetime(2025, 1, 1)).post(due) == (
        f"{HOME}/2024/05/06/soon/"
    )
    assert Linker(opts, REGISTRY, FakeLookup(), HOME, now=datetime(2023, 1, 1)).post(due) == (
        f"{HOME}/?p=3"
    )


@pytest.mark.parametrize(
    ("structure", "expected"),
    [
        (DEFAULT, "/2024/05/06/hello/"),
        ("/%postname%/", "/hello/"),
        ("/%postname%", "/hello"),
        ("/archives/%post_id%", "/archives/12"),
        ("/%year%/%monthnum%/%day%/%hour%/%minute%/%second%/", "/2024/05/06/07/08/09/"),
        ("/%category%/%postname%/", "/news/sport/hello/"),
        ("/%author%/%postname%/", "/jane/hello/"),
        ("/%post_id%-%postname%.html", "/12-hello.html"),
    ],
)
def test_post_structures(structure: str, expected: str) -> None:
    lookup = FakeLookup(
        terms={5: T(5, "news"), 7: T(7, "sport", parent_id=5), 9: T(9, "zeta")},
        post_categories={12: [9, 7]},
        users={1: "jane"},
    )
    assert linker(lookup, permalink_structure=structure).post(P(12, "hello")) == HOME + expected


def test_category_tag_uses_default_category_without_categories() -> None:
    lookup = FakeLookup(terms={1: T(1, "uncategorized")})
    link = linker(lookup, permalink_structure="/%category%/%postname%/")
    assert link.post(P(12, "hello")) == f"{HOME}/uncategorized/hello/"


def test_pages() -> None:
    lookup = FakeLookup(posts={1: P(1, "about", "page"), 2: P(2, "team", "page", parent_id=1)})
    link = linker(lookup)
    assert link.post(P(3, "jane", "page", parent_id=2)) == f"{HOME}/about/team/jane/"
    assert link.page_uri(P(3, "jane", "page", parent_id=2)) == "about/team/jane"
    # A loop in the parents ends the path instead of hanging.
    lookup.posts[1] = P(1, "about", "page", parent_id=2)
    assert link.page(P(2, "team", "page", parent_id=1)) == f"{HOME}/about/team/"


def test_static_front_page_and_posts_page() -> None:
    lookup = FakeLookup(posts={5: P(5, "blog", "page")})
    link = linker(lookup, show_on_front="page", page_on_front=4, page_for_posts=5)
    assert link.post(P(4, "home", "page")) == f"{HOME}/"
    assert link.post(P(5, "blog", "page")) == f"{HOME}/blog/"
    assert link.post_type_archive("post") == f"{HOME}/blog/"
    assert linker(lookup).post_type_archive("post") == HOME
    # page_on_front only counts with show_on_front = page.
    assert linker(lookup, page_on_front=4).post(P(4, "home", "page")) == f"{HOME}/home/"


def test_attachments() -> None:
    lookup = FakeLookup(
        posts={
            1: P(1, "hello"),
            2: P(2, "about", "page"),
            3: P(3, "draft", status="draft"),
        }
    )
    link = linker(lookup)
    assert link.post(P(10, "photo", "attachment", "inherit", 1)) == (
        f"{HOME}/2024/05/06/hello/photo/"
    )
    assert link.post(P(11, "123", "attachment", "inherit", 1)) == (
        f"{HOME}/2024/05/06/hello/attachment/123/"
    )
    assert link.post(P(12, "photo", "attachment", "inherit", 2)) == f"{HOME}/about/photo/"
    assert link.post(P(13, "loose", "attachment", "inherit")) == f"{HOME}/loose/"
    assert link.post(P(14, "hidden", "attachment", "inherit", 3)) == (f"{HOME}/?attachment_id=14")
    assert link.post(P(15, "gone", "attachment", "inherit", 99)) == f"{HOME}/?attachment_id=15"
    category = linker(lookup, permalink_structure="/%category%/%postname%/")
    lookup.terms[1] = T(1, "uncategorized")
    assert category.post(P(10, "photo", "attachment", "inherit", 1)) == (
        f"{HOME}/uncategorized/hello/attachment/photo/"
    )


def test_custom_post_types_and_taxonomies() -> None:
    lookup = FakeLookup(
        posts={20: P(20, "basics", "guide")},
        terms={30: T(30, "sf", "genre"), 31: T(31, "space", "genre", 30)},
    )
    link = linker(lookup)
    assert link.post(P(1, "dune", "book")) == f"{HOME}/books/dune/"
    assert link.post(P(2, "setup", "guide", parent_id=20)) == f"{HOME}/guide/basics/setup/"
    assert link.post_type_archive("book") == f"{HOME}/books/"
    assert link.post_type_archive("guide") == f"{HOME}/manuals/"
    assert link.post_type_archive("note") is None
    assert link.post_type_archive("nope") is None
    assert link.term(lookup.terms[31]) == f"{HOME}/genre/sf/space/"
    assert link.term(T(40, "post-format-aside", "post_format")) == f"{HOME}/type/aside/"
    archives = linker(lookup, permalink_structure="/archives/%post_id%")
    assert archives.post(P(1, "dune", "book")) == f"{HOME}/archives/books/dune"
    assert archives.post(P(3, "memo", "note")) == f"{HOME}/notes/memo"


@pytest.mark.parametrize(
    ("options", "kind", "expected"),
    [
        ({}, "category", "/category/news/sport/"),
        ({}, "tag", "/tag/red/"),
        ({}, "author", "/author/jane/"),
        ({}, "year", "/2024/"),
        ({}, "month", "/2024/05/"),
        ({}, "day", "/2024/05/06/"),
        ({}, "search", "/search/caf%C3%A9+a/b/"),
        ({"category_base": "/topics", "tag_base": "/labels"}, "category", "/topics/news/sport/"),
        ({"category_base": "/topics", "tag_base": "/labels"}, "tag", "/labels/red/"),
        ({"permalink_structure": "/archives/%post_id%"}, "category",
         "/archives/category/news/sport"),
        ({"permalink_structure": "/archives/%post_id%"}, "author", "/archives/author/jane"),
        ({"permalink_structure": "/archives/%post_id%"}, "year", "/archives/date/2024"),
        ({"permalink_structure": "/archives/%post_id%"}, "day", "/archives/date/2024/05/06"),
        ({"permalink_structure": "/archives/%post_id%"}, "search", "/search/caf%C3%A9+a/b"),
        ({"permalink_structure": "/%postname%/"}, "month", "/2024/05/"),
    ],
)  # fmt: skip
def test_archive_links(options: dict[str, Any], kind: str, expected: str) -> None:
    lookup = FakeLookup(terms={5: T(5, "news")}, users={1: "jane"})
    link = linker(lookup, **options)
    got = {
        "category": lambda: link.term(T(7, "sport", parent_id=5)),
        "tag": lambda: link.term(T(8, "red", "post_tag")),
        "author": lambda: link.author(U(1, "jane")),
        "year": lambda: link.year(2024),
        "month": lambda: link.month(2024, 5),
        "day": lambda: link.day(2024, 5, 6),
        "search": lambda: link.search("café a/b"),
    }[kind]()
    assert got == HOME + expected


def test_unicode_slugs_are_emitted_stored() -> None:
    link = linker(permalink_structure="/%postname%/")
    assert link.post(P(1, "%e4%bd%a0%e5%a5%bd")) == f"{HOME}/%e4%bd%a0%e5%a5%bd/"


# -- pieces of URLs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("structure", "url", "n", "expected"),
    [
        (DEFAULT, f"{HOME}/category/news/", 2, f"{HOME}/category/news/page/2/"),
        (DEFAULT, f"{HOME}/category/news/page/3/", 2, f"{HOME}/category/news/page/2/"),
        (DEFAULT, f"{HOME}/category/news/page/3/", 1, f"{HOME}/category/news/"),
        (DEFAULT, f"{HOME}/category/news/?orderby=title", 2,
         f"{HOME}/category/news/page/2/?orderby=title"),
        (DEFAULT, f"{HOME}/?s=x&paged=3", 2, f"{HOME}/page/2/?s=x"),
        (DEFAULT, HOME, 2, f"{HOME}/page/2/"),
        (DEFAULT, f"{HOME}/", 1, f"{HOME}/"),
        (DEFAULT, "/category/news/", 2, f"{HOME}/category/news/page/2/"),
        ("/archives/%post_id%", f"{HOME}/archives/category/news", 2,
         f"{HOME}/archives/category/news/page/2"),
        ("", f"{HOME}/?cat=3", 2, f"{HOME}/?cat=3&paged=2"),
        ("", f"{HOME}/?cat=3&paged=2", 1, f"{HOME}/?cat=3"),
        ("", f"{HOME}/", 3, f"{HOME}/?paged=3"),
    ],
)  # fmt: skip
def test_paged(structure: str, url: str, n: int, expected: str) -> None:
    assert linker(permalink_structure=structure).paged(url, n) == expected


def test_parts_embeds_and_comment_pages() -> None:
    link = linker()
    post = f"{HOME}/2024/05/06/hello/"
    assert link.part(post, 1) == post
    assert link.part(post, 2) == f"{HOME}/2024/05/06/hello/2/"
    assert link.part(f"{HOME}/", 2) == f"{HOME}/page/2/"
    assert link.part(f"{HOME}/?p=3", 2) == f"{HOME}/?p=3&page=2"
    assert link.embed(post) == f"{HOME}/2024/05/06/hello/embed/"
    assert link.embed(f"{HOME}/?p=3") == f"{HOME}/?p=3&embed=true"
    assert link.comment_page(post, 2) == f"{HOME}/2024/05/06/hello/comment-page-2/"
    assert link.comment_page(post, 3, max_page=3) == post
    oldest = linker(default_comments_page="oldest")
    assert oldest.comment_page(post, 1) == post
    assert oldest.comment_page(post, 2) == f"{HOME}/2024/05/06/hello/comment-page-2/"
    bare = linker(permalink_structure="/archives/%post_id%")
    assert bare.part(f"{HOME}/archives/3", 2) == f"{HOME}/archives/3/2"
    assert bare.comment_page(f"{HOME}/archives/3", 2) == f"{HOME}/archives/3/comment-page-2"
    plain = linker(permalink_structure="")
    assert plain.comment_page(f"{HOME}/?p=3", 2) == f"{HOME}/?p=3&cpage=2"


# -- validating the options ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("permalink_structure", "", ""),
        ("permalink_structure", "/", ""),
        ("permalink_structure", DEFAULT, DEFAULT),
        ("permalink_structure", "%postname%/", "/%postname%/"),
        ("permalink_structure", "//archives//%post_id%", "/archives/%post_id%"),
        ("permalink_structure", " /%category%/%postname%/# ", "/%category%/%postname%/"),
        ("permalink_structure", "/blog/%year%/%postname%.html", "/blog/%year%/%postname%.html"),
        ("category_base", "topics", "/topics"),
        ("category_base", "/topics/", "/topics"),
        ("category_base", "", ""),
        ("tag_base", "labels//x", "/labels/x"),
    ],
)  # fmt: skip
def test_validate_structure(name: str, value: str, expected: str) -> None:
    assert validate_structure(name, value) == expected


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("permalink_structure", "/%year%/%monthnum%/", "needs %postname% or %post_id%"),
        ("permalink_structure", "/blog/", "needs %postname% or %post_id%"),
        ("permalink_structure", "/%pagename%/", "unknown tag %pagename%"),
        ("permalink_structure", "/%tag%/%postname%/", "unknown tag %tag%"),
        ("permalink_structure", "/%postname%/?x=1", "may only use ASCII"),
        ("permalink_structure", "/αρθρα/%postname%/", "may only use ASCII"),
        ("permalink_structure", "/%E2%82%AC/%postname%/", "may only use ASCII"),
        ("permalink_structure", "/50%/%postname%/", "may only use ASCII"),
        ("category_base", "/%category%", "cannot contain structure tags"),
        ("tag_base", "a b", "may only use ASCII"),
        ("tag_base", "a\nb", "may only use ASCII"),
    ],
)
def test_validate_structure_rejects(name: str, value: str, message: str) -> None:
    with pytest.raises(PermalinkError, match=message) as raised:
        validate_structure(name, value)
    assert name.split("_")[0] in str(raised.value)
    assert isinstance(raised.value, ValueError)


# -- the SQL lookup --------------------------------------------------------------------------------


@pytest.fixture
def statements(app: Any) -> Any:
    """A list that collects every SQL statement run while the test body runs."""
    from sqlalchemy import event

    from magtheme.models import db

    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


def _site(n: int) -> list[Any]:
    """*n* posts of every kind: categorised posts, nested pages, attachments, two authors."""
    from sqlalchemy import select

    from magtheme.models import Post, db
    from tests.factories import make_post, make_term, make_user

    authors = [make_user(), make_user()]
    news = make_term("News", slug=f"news{n}")
    sport = make_term("Sport", slug=f"sport{n}", parent_id=news.id)
    ball = make_term("Ball", slug=f"ball{n}", parent_id=sport.id)
    about = make_post("About", post_type="page", slug="about")
    team = make_post("Team", post_type="page", slug="team", parent_id=about.id)
    ids = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            post = make_post(f"Post {i}", terms=[ball], author_id=authors[i % 2].id)
        elif kind == 1:
            post = make_post(f"Page {i}", post_type="page", parent_id=team.id)
        else:
            post = make_post(f"Photo {i}", post_type="attachment", status="inherit",
                             parent_id=ids[-2])  # fmt: skip
        ids.append(post.id)
    db.session.expire_all()
    return list(db.session.scalars(select(Post).where(Post.id.in_(ids)).order_by(Post.id)))


@pytest.mark.parametrize("structure", [DEFAULT, "/%category%/%postname%/", "/%author%/%postname%/"])
def test_preload_costs_the_same_for_10_and_100_posts(
    app: Any, statements: list[str], structure: str
) -> None:
    from magtheme.models import db
    from magtheme.routing.lookup import DbLookup

    costs = []
    links = []
    for n in (10, 100):
        posts = _site(n)
        statements.clear()
        lookup = DbLookup(db.session)
        lookup.preload(posts)
        link = Linker({"permalink_structure": structure}, REGISTRY, lookup, HOME)
        links.append([link.post(post) for post in posts])
        costs.append(len(statements))
    assert costs[0] == costs[1] == 4, costs
    if structure == "/%category%/%postname%/":
        assert links[0][0] == f"{HOME}/news10/sport10/ball10/post-0/"
    assert links[0][1] == f"{HOME}/about/team/page-1/"
    if structure == DEFAULT:
        assert links[0][2].endswith("/post-0/photo-2/")
    if structure == "/%author%/%postname%/":
        assert links[0][0].startswith(f"{HOME}/user") and links[0][0].endswith("/post-0/")


def test_lookup_answers_one_at_a_time_and_caches(app: Any, statements: list[str]) -> None:
    from magtheme.models import db
    from magtheme.routing.lookup import DbLookup
    from tests.factories import make_post, make_term, make_user

    user = make_user("carol", nicename="carol-n")
    parent = make_term("Parent", slug="parent")
    child = make_term("Child", slug="child", parent_id=parent.id)
    top = make_post("Top", post_type="page", slug="top")
    leaf = make_post("Leaf", post_type="page", slug="leaf", parent_id=top.id)
    post = make_post("Hello", terms=[child], author_id=user.id)
    user_id, parent_id, top_id, leaf_id, post_id = user.id, parent.id, top.id, leaf.id, post.id
    statements.clear()
    lookup = DbLookup(db.session)
    assert lookup.post(leaf_id) is not None
    assert lookup.post(top_id) is not None  # loaded with its child, no statement
    assert len(statements) == 1
    cats = lookup.categories(post_id)
    assert [c.slug for c in cats] == ["child"]
    assert lookup.term(parent_id) is not None
    assert len(statements) == 3
    assert lookup.user_nicename(user_id) == "carol-n"
    assert lookup.user_nicename(user_id) == "carol-n"
    assert lookup.post(99999) is None and lookup.post(99999) is None
    assert lookup.term(99999) is None
    assert lookup.user_nicename(99999) == ""
    assert len(statements) == 7


def test_get_page_by_path(app: Any) -> None:
    from magtheme.routing.lookup import get_page_by_path, page_exists_by_path
    from tests.factories import make_post

    about = make_post("About", post_type="page", slug="about")
    team = make_post("Team", post_type="page", slug="team", parent_id=about.id)
    make_post("Team elsewhere", post_type="page", slug="team")
    greek = make_post("Greek", post_type="page", slug="%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf")
    draft = make_post("Draft", post_type="page", slug="draft", status="draft")
    make_post("Gone", post_type="page", slug="gone", status="trash")
    photo = make_post("Photo", post_type="attachment", slug="photo", status="inherit",
                      parent_id=about.id)  # fmt: skip
    make_post("Dune", post_type="book", slug="dune")
    session = app.extensions["sqlalchemy"].session

    def found(path: str, post_type: Any = "page") -> int | None:
        page = get_page_by_path(session, path, post_type)
        return page.id if page is not None else None

    assert found("about/team") == team.id
    assert found("/about/team/") == team.id
    assert found("team") != team.id
    assert found("other/team") is None
    assert found("about/team/extra") is None
    assert found("επίπεδο") == greek.id
    assert found("%CE%B5%CF%80%CE%AF%CF%80%CE%B5%CE%B4%CE%BF") == greek.id
    assert found("About") == about.id
    assert found("about/photo") == photo.id
    assert found("about/photo", ["page"]) is None
    assert found("dune") is None
    assert found("dune", "book") is not None
    assert found("") is None
    assert page_exists_by_path(session, "about/team")
    assert page_exists_by_path(session, "draft") and draft.id
    assert not page_exists_by_path(session, "gone")
    # WordPress's verbose check takes attachments too: their status (inherit) is not skipped.
    assert page_exists_by_path(session, "about/photo")
    assert not page_exists_by_path(session, "about/photo", ["page"])
    assert not page_exists_by_path(session, "nothing/here")
