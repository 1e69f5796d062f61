"""Exporting a site as WXR 1.2: the file's shape, its filters, and import → export → import."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from lxml import etree
from sqlalchemy import select

from magtheme import create_app
from magtheme.models import (
    Comment,
    CommentMeta,
    Option,
    Post,
    PostMeta,
    Term,
    TermRelationship,
    User,
    db,
)
from magtheme.options import forget_options, update_option
from magtheme.types import Registry
from magtheme.wxr import import_wxr, read_wxr
from magtheme.wxr.export import (
    ExportError,
    ExportFilters,
    export_filename,
    export_filters,
    iter_export,
    write_export,
    write_export_file,
)
from magtheme.wxr.writer import NAMESPACES, cdata
from tests import postgres
from tests.conftest import unit_test_wxr
from tests.factories import make_post, make_term, make_user

#: Every import and export of these tests happens "now" at this moment.
NOW = datetime(2025, 6, 1, 12, 0, 0)
WP = NAMESPACES["wp"]
NS = {prefix: uri for prefix, uri in NAMESPACES.items()}


def registry(app: Flask) -> Registry:
    found: Registry = app.extensions["magtheme.registry"]
    return found


def export_bytes(app: Flask, filters: ExportFilters | None = None) -> bytes:
    stream = io.BytesIO()
    write_export(stream, filters, registry=registry(app), now=NOW)
    return stream.getvalue()


def parse(data: bytes) -> etree._Element:
    """The export parsed strictly (no recovery): any malformed byte fails the test."""
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, recover=False))


def item_ids(root: etree._Element) -> list[int]:
    return [int(i) for i in root.xpath("/rss/channel/item/wp:post_id/text()", namespaces=NS)]


# -- the file ----------------------------------------------------------------------------


def test_the_file_declares_every_namespace_wordpress_uses_and_version_1_2(app: Flask) -> None:
    make_post("Hello")
    root = parse(export_bytes(app))
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.nsmap == {
        "excerpt": "http://wordpress.org/export/1.2/excerpt/",
        "content": "http://purl.org/rss/1.0/modules/content/",
        "wfw": "http://wellformedweb.org/CommentAPI/",
        "dc": "http://purl.org/dc/elements/1.1/",
        "wp": "http://wordpress.org/export/1.2/",
    }
    channel = root.find("channel")
    assert channel is not None
    assert channel.findtext(f"{{{WP}}}wxr_version") == "1.2"
    assert channel.findtext("pubDate") == "Sun, 01 Jun 2025 12:00:00 +0000"
    assert [child.tag for child in channel][:8] == [
        "title",
        "link",
        "description",
        "pubDate",
        "language",
        f"{{{WP}}}wxr_version",
        f"{{{WP}}}base_site_url",
        f"{{{WP}}}base_blog_url",
    ]


def test_cdata_end_markers_and_control_characters_in_content_survive(app: Flask) -> None:
    tricky = "a ]]> b ]]]]> c <![CDATA[ d & <b>e</b>\x01\x0b"
    make_post("Tricky ]]> title", content=tricky, excerpt="x]]>y")
    data = export_bytes(app)
    assert b"]]]]><![CDATA[>" in data  # split as WordPress's wxr_cdata splits it
    item = parse(data).find("channel/item")
    assert item is not None
    content = item.findtext(f"{{{NS['content']}}}encoded")
    # XML 1.0 cannot hold U+0001 or U+000B: dropped, everything else kept byte for byte.
    assert content == "a ]]> b ]]]]> c <![CDATA[ d & <b>e</b>"
    assert item.findtext(f"{{{NS['excerpt']}}}encoded") == "x]]>y"
    assert item.findtext("title") == "Tricky ]]> title"


def test_cdata_splits_exactly_like_wordpress() -> None:
    assert cdata("") == "<![CDATA[]]>"
    assert cdata("]]>") == "<![CDATA[]]]]><![CDATA[>]]>"


def test_an_item_holds_wordpress_fields_terms_meta_and_comments(app: Flask) -> None:
    author = make_user("jane", bio="Writes.")
    news = make_term("News")
    post = make_post(
        "Story",
        author_id=author.id,
        terms=[news],
        meta={"_edit_lock": "1700000000:1", "_thumbnail_id": "7", "color": "red"},
        guid="http://old.test/?p=1",
    )
    comment = Comment(
        post_id=post.id,
        author_name="Ann",
        author_url="http://ann.test/?a=1&b=2",
        content="Nice",
        status="approved",
        date=NOW,
        date_gmt=NOW,
    )
    spam = Comment(post_id=post.id, author_name="Bot", content="Buy", status="spam")
    db.session.add_all([comment, spam])
    db.session.flush()
    db.session.add(CommentMeta(comment_id=comment.id, key="rating", value="5"))
    db.session.commit()
    update_option("sticky_posts", [post.id])
    forget_options()
    root = parse(export_bytes(app))
    item = root.find("channel/item")
    assert item is not None

    def wp(name: str) -> str | None:
        return item.findtext(f"{{{WP}}}{name}")

    assert wp("post_id") == str(post.id) and wp("post_type") == "post"
    assert wp("is_sticky") == "1" and wp("status") == "publish"
    assert item.findtext(f"{{{NS['dc']}}}creator") == "jane"
    assert item.find("guid").get("isPermaLink") == "false"  # type: ignore[union-attr]
    assert item.findtext("guid") == "http://old.test/?p=1"
    assert [(c.get("domain"), c.get("nicename"), c.text) for c in item.findall("category")] == [
        ("category", "news", "News")
    ]
    meta = [
        (m.findtext(f"{{{WP}}}meta_key"), m.findtext(f"{{{WP}}}meta_value"))
        for m in item.findall(f"{{{WP}}}postmeta")
    ]
    assert meta == [("_thumbnail_id", "7"), ("color", "red")]  # no _edit_lock
    comments = item.findall(f"{{{WP}}}comment")
    assert [c.findtext(f"{{{WP}}}comment_author") for c in comments] == ["Ann"]  # no spam
    assert comments[0].findtext(f"{{{WP}}}comment_approved") == "1"
    assert comments[0].findtext(f"{{{WP}}}comment_author_url") == "http://ann.test/?a=1&b=2"
    assert comments[0].findtext(f"{{{WP}}}commentmeta/{{{WP}}}meta_value") == "5"
    authors = root.findall(f"channel/{{{WP}}}author")
    assert [a.findtext(f"{{{WP}}}author_description") for a in authors] == ["Writes."]


def test_categories_come_parents_first(app: Flask) -> None:
    # By name, "Alpha" (a child of "Zulu") would come first: its parent must come before it.
    zulu = make_term("Zulu")
    make_term("Alpha", parent_id=zulu.id)
    root = parse(export_bytes(app))
    slugs = root.xpath("/rss/channel/wp:category/wp:category_nicename/text()", namespaces=NS)
    parents = root.xpath("/rss/channel/wp:category/wp:category_parent/text()", namespaces=NS)
    assert slugs == ["zulu", "alpha"]
    assert parents == ["", "zulu"]


def test_menus_are_declared_as_nav_menu_terms_and_their_items_exported(app: Flask) -> None:
    menu = make_term("Main", taxonomy="nav_menu")
    page = make_post("About", post_type="page")
    make_post(
        "About",
        post_type="nav_menu_item",
        slug="",
        terms=[menu],
        meta={
            "_menu_item_type": "post_type",
            "_menu_item_object": "page",
            "_menu_item_object_id": str(page.id),
            "_menu_item_menu_item_parent": "0",
        },
    )
    root = parse(export_bytes(app))
    terms = root.findall(f"channel/{{{WP}}}term")
    assert [
        (t.findtext(f"{{{WP}}}term_taxonomy"), t.findtext(f"{{{WP}}}term_slug")) for t in terms
    ] == [("nav_menu", "main")]
    menu_item = root.xpath("/rss/channel/item[wp:post_type='nav_menu_item']", namespaces=NS)[0]
    assert menu_item.find("category").get("domain") == "nav_menu"


def test_attachments_carry_their_file_url(app: Flask) -> None:
    make_post(
        "Photo",
        post_type="attachment",
        status="inherit",
        meta={"_wp_attached_file": "2024/05/photo.jpg"},
        guid="http://old.test/photo.jpg",
    )
    root = parse(export_bytes(app))
    url = root.findtext(f"channel/item/{{{WP}}}attachment_url")
    assert url == "http://localhost/wp-content/uploads/2024/05/photo.jpg"


def test_revisions_and_auto_drafts_are_left_out(app: Flask) -> None:
    kept = make_post("Kept")
    make_post("Draft in progress", status="auto-draft")
    make_post("Old version", post_type="revision", status="inherit", parent_id=kept.id)
    assert item_ids(parse(export_bytes(app))) == [kept.id]


def test_the_file_comes_a_piece_at_a_time(app: Flask) -> None:
    """One piece per item after the channel's: a response can stream a large site."""
    for n in range(250):
        make_post(f"Post {n}", content="x" * 1000)
    pieces = list(iter_export(registry=registry(app), now=NOW))
    items = [p for p in pieces if p.lstrip().startswith("<item>")]
    assert len(items) == 250 and all(p.count("<item>") == 1 for p in items)
    assert len(pieces[0]) < 5000 and pieces[-1] == "</channel>\n</rss>\n"


def test_writing_to_a_file_leaves_nothing_behind_when_it_fails(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_post("One")
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "site.xml"
    target.write_bytes(b"previous export")

    def broken(*args: Any, **kwargs: Any) -> Iterator[str]:
        yield "<?xml"
        raise RuntimeError("disk gone")

    monkeypatch.setattr("magtheme.wxr.export.iter_export", broken)
    with pytest.raises(RuntimeError):
        write_export_file(target, registry=registry(app), now=NOW)
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in folder.iterdir()] == ["site.xml"]


def test_the_download_name_is_wordpress_s() -> None:
    assert export_filename("Theme Unit Test Data", NOW.date()) == (
        "themeunittestdata.WordPress.2025-06-01.xml"
    )
    assert export_filename("", NOW.date()) == "WordPress.2025-06-01.xml"


# -- filters ------------------------------------------------------------------------------


@pytest.fixture
def mixed_site(app: Flask) -> dict[str, Any]:
    """Posts and pages by two authors over three months, in two categories."""
    ann, bob = make_user("ann"), make_user("bob")
    news, sport = make_term("News"), make_term("Sport")
    tag = make_term("Rain", taxonomy="post_tag")
    posts = {
        "jan-news": make_post(date=datetime(2024, 1, 31, 23, 59), author_id=ann.id, terms=[news]),
        "feb-sport": make_post(date=datetime(2024, 2, 1, 0, 0), author_id=bob.id, terms=[sport]),
        "feb-draft": make_post(
            date=datetime(2024, 2, 15), status="draft", author_id=ann.id, terms=[news, tag]
        ),
        "mar-page": make_post(date=datetime(2024, 3, 1), post_type="page", author_id=bob.id),
        "mar-news": make_post(
            date=datetime(2024, 3, 31, 23, 59, 59), author_id=bob.id, terms=[news]
        ),
    }
    return {"users": {"ann": ann, "bob": bob}, "posts": posts, "terms": [news, sport, tag]}


def exported(app: Flask, **raw: Any) -> etree._Element:
    return parse(export_bytes(app, export_filters(registry(app), **raw)))


def names(site: dict[str, Any], root: etree._Element) -> list[str]:
    by_id = {post.id: name for name, post in site["posts"].items()}
    return [by_id[i] for i in item_ids(root)]


def test_everything_by_default(app: Flask, mixed_site: dict[str, Any]) -> None:
    root = exported(app)
    assert names(mixed_site, root) == list(mixed_site["posts"])
    assert root.xpath("count(/rss/channel/wp:category)", namespaces=NS) == 2
    assert root.xpath("count(/rss/channel/wp:tag)", namespaces=NS) == 1


def test_post_type_filter_selects_that_type_and_declares_no_terms(
    app: Flask, mixed_site: dict[str, Any]
) -> None:
    root = exported(app, post_types=["page"])
    assert names(mixed_site, root) == ["mar-page"]
    # export_wp(): only an export of everything declares the site's terms.
    assert root.xpath("count(/rss/channel/wp:category | /rss/channel/wp:tag)", namespaces=NS) == 0
    assert root.xpath("/rss/channel/wp:author/wp:author_login/text()", namespaces=NS) == ["bob"]
    both = exported(app, post_types=["post,page"])
    assert names(mixed_site, both) == list(mixed_site["posts"])


def test_date_range_is_whole_days_of_post_date_inclusive(
    app: Flask, mixed_site: dict[str, Any]
) -> None:
    root = exported(app, start_date="2024-02-01", end_date="2024-03-31")
    assert names(mixed_site, root) == ["feb-sport", "feb-draft", "mar-page", "mar-news"]
    assert names(mixed_site, exported(app, end_date="2024-01-31")) == ["jan-news"]
    assert names(mixed_site, exported(app, start_date="2024-03-02")) == ["mar-news"]


def test_author_filter_takes_a_login_or_an_id(app: Flask, mixed_site: dict[str, Any]) -> None:
    by_login = exported(app, author="ann")
    assert names(mixed_site, by_login) == ["jan-news", "feb-draft"]
    assert by_login.xpath("/rss/channel/wp:author/wp:author_login/text()", namespaces=NS) == ["ann"]
    bob = mixed_site["users"]["bob"]
    assert names(mixed_site, exported(app, author=str(bob.id))) == [
        "feb-sport",
        "mar-page",
        "mar-news",
    ]


def test_category_filter_selects_its_posts_and_declares_only_it(
    app: Flask, mixed_site: dict[str, Any]
) -> None:
    root = exported(app, category="news")
    assert names(mixed_site, root) == ["jan-news", "feb-draft", "mar-news"]
    assert root.xpath("/rss/channel/wp:category/wp:category_nicename/text()", namespaces=NS) == [
        "news"
    ]
    assert root.xpath("count(/rss/channel/wp:tag)", namespaces=NS) == 0


def test_status_filter(app: Flask, mixed_site: dict[str, Any]) -> None:
    assert names(mixed_site, exported(app, post_status="draft")) == ["feb-draft"]


@pytest.mark.parametrize(
    ("raw", "param", "says"),
    [
        ({"start_date": "2024-02-30"}, "start_date", "YYYY-MM-DD"),
        ({"end_date": "March"}, "end_date", "YYYY-MM-DD"),
        ({"start_date": "2024-03-01", "end_date": "2024-02-01"}, "start_date", "after"),
        ({"post_types": ["post,book"]}, "post_type", "'book' is not a post type"),
        ({"post_types": ["revision"]}, "post_type", "'revision' is not a post type"),
        ({"author": "nobody"}, "author", "no user 'nobody'"),
        ({"category": "weather"}, "category", "no category with the slug 'weather'"),
        ({"category": "news", "post_types": ["page"]}, "category", "add post"),
        ({"post_status": "published"}, "post_status", "not a post status"),
    ],
)
def test_bad_filters_say_what_to_fix(
    app: Flask, mixed_site: dict[str, Any], raw: dict[str, Any], param: str, says: str
) -> None:
    with pytest.raises(ExportError) as caught:
        export_filters(registry(app), **raw)
    assert caught.value.param == param
    assert says in str(caught.value)


# -- what WordPress's importer reads ------------------------------------------------------

#: What WordPress's importer reads from each part of the file: WXR_Parser_SimpleXML
#: (wordpress-importer, parsers/class-wxr-parser-simplexml.php) by XPath with the ``wp``
#: prefix, WXR_Parser_XML by the prefixed tag names.
CHANNEL_FIELDS = ["wp:wxr_version", "wp:base_site_url", "wp:base_blog_url"]
AUTHOR_FIELDS = [
    "wp:author_id",
    "wp:author_login",
    "wp:author_email",
    "wp:author_display_name",
    "wp:author_first_name",
    "wp:author_last_name",
]
CATEGORY_FIELDS = ["wp:term_id", "wp:category_nicename", "wp:category_parent", "wp:cat_name"]
TAG_FIELDS = ["wp:term_id", "wp:tag_slug", "wp:tag_name"]
NAV_MENU_FIELDS = ["wp:term_id", "wp:term_taxonomy", "wp:term_slug", "wp:term_name"]
ITEM_FIELDS = [
    "title",
    "guid",
    "dc:creator",
    "content:encoded",
    "excerpt:encoded",
    "wp:post_id",
    "wp:post_date",
    "wp:post_date_gmt",
    "wp:comment_status",
    "wp:ping_status",
    "wp:post_name",
    "wp:status",
    "wp:post_parent",
    "wp:menu_order",
    "wp:post_type",
    "wp:post_password",
    "wp:is_sticky",
]
COMMENT_FIELDS = [
    "wp:comment_id",
    "wp:comment_author",
    "wp:comment_author_email",
    "wp:comment_author_IP",
    "wp:comment_author_url",
    "wp:comment_date",
    "wp:comment_date_gmt",
    "wp:comment_content",
    "wp:comment_approved",
    "wp:comment_type",
    "wp:comment_parent",
    "wp:comment_user_id",
]


def missing(elements: list[Any], fields: list[str]) -> list[tuple[int, str]]:
    return [
        (index, name)
        for index, element in enumerate(elements)
        for name in fields
        if len(element.xpath(name, namespaces=NS)) != 1
    ]


@pytest.fixture(scope="module")
def unit_test_export(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The Theme Unit Test export imported into a site, then exported."""
    folder = tmp_path_factory.mktemp("exported-site")
    site = create_app(folder, {"TESTING": True, "SQLALCHEMY_DATABASE_URI": _sqlite(folder)})
    with site.app_context():
        db.create_all()
        import_wxr(unit_test_wxr(), registry=registry(site), now=NOW)
        data = export_bytes(site)
        db.session.remove()
        db.engine.dispose()
    return data


def test_every_element_wordpress_s_importer_reads_is_there(unit_test_export: bytes) -> None:
    root = parse(unit_test_export)
    channel = root.xpath("/rss/channel")
    assert missing(channel, CHANNEL_FIELDS) == []
    assert root.xpath("/rss/channel/wp:wxr_version/text()", namespaces=NS) == ["1.2"]
    authors = root.xpath("/rss/channel/wp:author", namespaces=NS)
    categories = root.xpath("/rss/channel/wp:category", namespaces=NS)
    tags = root.xpath("/rss/channel/wp:tag", namespaces=NS)
    menus = root.xpath("/rss/channel/wp:term", namespaces=NS)
    items = root.xpath("/rss/channel/item")
    comments = root.xpath("/rss/channel/item/wp:comment", namespaces=NS)
    counts = (len(authors), len(categories), len(tags), len(menus), len(items), len(comments))
    assert counts == (2, 67, 112, 6, 180, 32)
    assert missing(authors, AUTHOR_FIELDS) == []
    # wxr_cat_name() leaves out an empty name; the Unit Test's categories all have one.
    assert missing(categories, CATEGORY_FIELDS) == []
    assert missing(tags, TAG_FIELDS) == []
    assert missing(menus, NAV_MENU_FIELDS) == []
    assert missing(items, ITEM_FIELDS) == []
    assert missing(comments, COMMENT_FIELDS) == []
    attachments = root.xpath("/rss/channel/item[wp:post_type='attachment']", namespaces=NS)
    assert len(attachments) == 38 and missing(attachments, ["wp:attachment_url"]) == []
    # Every term of an item is a <category> with the domain and nicename the importer reads.
    terms = root.xpath("/rss/channel/item/category")
    assert terms and all(t.get("domain") and t.get("nicename") for t in terms)


def test_the_layout_wordpress_s_line_based_parser_needs(unit_test_export: bytes) -> None:
    """WXR_Parser_Regex reads the file a line at a time: the channel fields it takes must
    each be on one line, and each <item> must open and close on lines of their own."""
    lines = unit_test_export.decode("utf-8").splitlines()
    for tag in ("wp:wxr_version", "wp:base_site_url", "wp:base_blog_url"):
        assert sum(1 for line in lines if f"<{tag}>" in line and f"</{tag}>" in line) == 1
    authors = [line for line in lines if "<wp:author>" in line]
    assert len(authors) == 2 and all("</wp:author>" in line for line in authors)
    assert sum(1 for line in lines if line.strip() == "<item>") == 180
    assert sum(1 for line in lines if line.strip() == "</item>") == 180


def test_our_importer_reads_the_file(unit_test_export: bytes, tmp_path: Path) -> None:
    path = tmp_path / "site.xml"
    path.write_bytes(unit_test_export)
    document = read_wxr(path)
    assert document.channel.wxr_version == "1.2"
    assert document.channel.title == "Theme Unit Test Data"
    assert len(document.items) == 180 and len(document.authors) == 2


# -- import → export → import -------------------------------------------------------------


def _sqlite(folder: Path) -> str:
    return f"sqlite:///{folder / 'magtheme.db'}"


@pytest.fixture
def second_site_url(
    request: pytest.FixtureRequest, tmp_path: Path, worker_id: str
) -> Iterator[str]:
    """Where site B lives: SQLite in its own folder, or (when the test runs on PostgreSQL)
    a second PostgreSQL database of this worker's, emptied afterwards."""
    callspec = getattr(request.node, "callspec", None)
    on_postgres = callspec is not None and callspec.params.get("each_database_app") == "postgresql"
    if on_postgres or postgres.suite_server() is not None:
        database = postgres.worker_database(postgres.server_or_skip(), worker_id, "export_b")
        yield database.url
        database.empty()
        return
    folder = tmp_path / "site-b"
    folder.mkdir()
    yield _sqlite(folder)


def site_rows() -> dict[str, Any]:
    """The site's content, row by row, keyed so that two sites can be compared.

    Posts, comments and users keep their IDs through the round trip (site B is empty, so
    the importer keeps every export ID), so they are compared whole, IDs included, as are
    the IDs in meta values (parents, featured images, menu items). Meta rows have IDs of
    their own that mean nothing, so meta is compared as (owner, key, value) in order. Terms
    are compared by (taxonomy, slug): WordPress's export declares categories, tags, custom
    terms and menus with their IDs, which are kept, but not post formats, which B's
    importer creates from the items in the file's order, so their IDs may differ; every
    other term's ID is compared.
    """

    def columns(row: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
        return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in skip}

    terms = {t.id: t for t in db.session.scalars(select(Term))}

    def term_key(term_id: int) -> tuple[str, str] | None:
        term = terms.get(term_id)
        return (term.taxonomy, term.slug) if term else None

    term_rows = {}
    for t in terms.values():
        row = columns(t, ("parent_id",) + (("id",) if t.taxonomy == "post_format" else ()))
        row["parent"] = term_key(t.parent_id)
        term_rows[(t.taxonomy, t.slug)] = row
    relationships = sorted(
        (r.post_id, *(term_key(r.term_id) or ("", "")), r.term_order)
        for r in db.session.scalars(select(TermRelationship))
    )
    options = {
        o.name: o.value
        for o in db.session.scalars(
            select(Option).where(Option.name.in_(["blogname", "blogdescription", "sticky_posts"]))
        )
    }
    return {
        "posts": {p.id: columns(p) for p in db.session.scalars(select(Post).order_by(Post.id))},
        "postmeta": [
            (m.post_id, m.key, m.value)
            for m in db.session.scalars(select(PostMeta).order_by(PostMeta.post_id, PostMeta.id))
        ],
        "terms": term_rows,
        "term_relationships": relationships,
        "comments": {c.id: columns(c) for c in db.session.scalars(select(Comment))},
        "commentmeta": [
            (m.comment_id, m.key, m.value)
            for m in db.session.scalars(
                select(CommentMeta).order_by(CommentMeta.comment_id, CommentMeta.id)
            )
        ],
        "users": {u.id: columns(u) for u in db.session.scalars(select(User))},
        "options": options,
    }


def test_import_export_import_gives_the_same_site(
    each_database_app: Flask, second_site_url: str, tmp_path: Path
) -> None:
    site_a = each_database_app
    import_wxr(unit_test_wxr(), registry=registry(site_a), now=NOW)
    forget_options()
    before = site_rows()
    exported = tmp_path / "site-a.xml"
    write_export_file(exported, registry=registry(site_a), now=NOW)

    folder_b = tmp_path / "instance-b"
    folder_b.mkdir(exist_ok=True)
    site_b = create_app(folder_b, {"TESTING": True, "SQLALCHEMY_DATABASE_URI": second_site_url})
    with site_b.app_context():
        db.create_all()
        report = import_wxr(exported, registry=registry(site_b), now=NOW)
        after = site_rows()
        db.session.remove()
        db.engine.dispose()

    assert report.remapped == [] and report.skipped == []
    # The Theme Unit Test has none of what WordPress leaves out (spam, _edit_lock,
    # revisions), so nothing of site A is missing from B.
    assert len(before["posts"]) == 180 and len(before["comments"]) == 32
    for table in before:
        assert after[table] == before[table], table
