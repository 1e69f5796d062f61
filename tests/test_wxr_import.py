"""The WXR reader and importer, against WordPress's Theme Unit Test export and small files."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from magtheme.models import Comment, Option, Post, PostMeta, Term, TermRelationship, User, db
from magtheme.options import get_option, update_option
from magtheme.types import Registry
from magtheme.wxr import ImportReport, WXRError, import_document, import_wxr, read_wxr
from magtheme.wxr.identity import allocate_ids, sanitize_user
from magtheme.wxr.plan import Plan
from tests.conftest import unit_test_wxr
from tests.factories import make_post, make_term

WP_NS = "http://wordpress.org/export/1.2/"


def wordpress_output() -> dict[str, Any]:
    """What WordPress itself made of the Theme Unit Test export (see shared/fixtures)."""
    path = unit_test_wxr().with_name("wordpress-theme-unit-test.wordpress-output.json")
    if not path.is_file():
        pytest.skip(f"{path.name} is not beside the export")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def registry(app: Flask) -> Registry:
    found: Registry = app.extensions["magtheme.registry"]
    return found


def import_unit_test(app: Flask) -> ImportReport:
    return import_wxr(unit_test_wxr(), registry=registry(app))


def write_wxr(
    folder: Path, body: str, *, ns: str = WP_NS, version: str = "1.2", name: str = "site.xml"
) -> Path:
    """A small export with WordPress's envelope around *body*."""
    excerpt = ns + "excerpt/"
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{excerpt}" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{ns}">
<channel>
  <title>Small Site</title>
  <description>Small tagline</description>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>http://small.test</wp:base_site_url>
  <wp:base_blog_url>http://small.test/blog</wp:base_blog_url>
  {body}
</channel>
</rss>
"""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def item(post_id: int, title: str, *, extra: str = "", **fields: str) -> str:
    """One ``<item>``; keyword arguments override ``wp:`` fields (post_name, status, …)."""
    values = {
        "post_date": "2024-03-01 10:00:00",
        "post_date_gmt": "2024-03-01 09:00:00",
        "post_name": title.lower().replace(" ", "-"),
        "status": "publish",
        "post_type": "post",
        "post_parent": "0",
        "menu_order": "0",
        "comment_status": "open",
        "ping_status": "open",
        "post_password": "",
        "is_sticky": "0",
    }
    values.update(fields)
    wp = "".join(f"<wp:{key}>{value}</wp:{key}>" for key, value in values.items())
    return f"""<item><title>{title}</title><dc:creator>editor</dc:creator>
  <content:encoded><![CDATA[Body of {title}]]></content:encoded>
  <excerpt:encoded><![CDATA[]]></excerpt:encoded>
  <wp:post_id>{post_id}</wp:post_id>{wp}{extra}</item>"""


AUTHOR = (
    "<wp:author><wp:author_login>editor</wp:author_login>"
    "<wp:author_email>ed@small.test</wp:author_email>"
    "<wp:author_display_name>Ed Itor</wp:author_display_name></wp:author>"
)


def site_rows() -> dict[str, int]:
    """How many rows each content table holds, to show that nothing changed."""
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Post, PostMeta, Term, TermRelationship, Comment, User, Option)
    }


# -- reading ----------------------------------------------------------------------------


def test_reader_reads_the_unit_test_export() -> None:
    doc = read_wxr(unit_test_wxr())
    assert doc.channel.title == "Theme Unit Test Data"
    assert doc.channel.wxr_version == "1.2"
    assert doc.channel.base_site_url == "https://wordpress.com/"
    assert doc.channel.base_blog_url == "https://wpthemetestdata.wordpress.com"
    assert [a.login for a in doc.authors] == ["themedemos", "themereviewteam"]
    assert Counter(t.taxonomy for t in doc.terms) == {
        "category": 67,
        "post_tag": 110,
        "nav_menu": 6,
    }
    assert len(doc.items) == 180
    comments = next(i for i in doc.items if i.post_id == 1148)
    assert comments.slug == "template-comments" and len(comments.comments) == 20
    assert comments.post_date == datetime(2012, 1, 3, 10, 11, 37)
    child = next(t for t in doc.terms if t.slug == "child-category-01")
    assert child.parent_slug == "parent-category"
    attachment = next(i for i in doc.items if i.post_type == "attachment")
    assert attachment.attachment_url.startswith("https://") and attachment.post_parent


@pytest.mark.parametrize(
    "ns",
    [
        "http://wordpress.org/export/1.0/",
        "http://wordpress.org/export/1.1/",
        "http://wordpress.org/export/1.2/",
        "https://wordpress.org/export/1.2/",
    ],
)
def test_reader_accepts_every_export_namespace(tmp_path: Path, ns: str) -> None:
    path = write_wxr(tmp_path, AUTHOR + item(5, "Hello"), ns=ns, version=ns[-4:-1])
    doc = read_wxr(path)
    assert [(i.post_id, i.slug, i.creator) for i in doc.items] == [(5, "hello", "editor")]
    assert doc.authors[0].display_name == "Ed Itor"
    assert doc.channel.description == "Small tagline"


def test_reader_reads_every_item_field(tmp_path: Path) -> None:
    extra = """
  <category domain="category" nicename="news"><![CDATA[News]]></category>
  <category><![CDATA[News]]></category>
  <category domain="tag" nicename="old-style"><![CDATA[Old style]]></category>
  <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value></wp:postmeta>
  <wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_author>Ann</wp:comment_author>
    <wp:comment_date>2024-03-02 10:00:00</wp:comment_date>
    <wp:comment_date_gmt>2024-03-02 09:00:00</wp:comment_date_gmt>
    <wp:comment_content>Hi</wp:comment_content><wp:comment_approved>spam</wp:comment_approved>
    <wp:comment_type></wp:comment_type><wp:comment_parent>2</wp:comment_parent>
    <wp:commentmeta><wp:meta_key>akismet</wp:meta_key><wp:meta_value>x</wp:meta_value></wp:commentmeta>
  </wp:comment>"""
    path = write_wxr(tmp_path, item(7, "Full", extra=extra, is_sticky="1", post_password="pw"))
    (full,) = read_wxr(path).items
    assert full.is_sticky and full.post_password == "pw"
    assert [(t.taxonomy, t.slug, t.name) for t in full.terms] == [
        ("category", "news", "News"),
        ("post_tag", "old-style", "Old style"),
    ]
    assert full.meta == [("_thumbnail_id", "9")]
    (comment,) = full.comments
    assert (comment.comment_id, comment.parent, comment.approved) == (3, 2, "spam")
    assert comment.meta == [("akismet", "x")]
    assert full.post_date_gmt == datetime(2024, 3, 1, 9, 0)


def test_a_zero_gmt_date_is_derived_in_the_site_timezone(tmp_path: Path) -> None:
    from zoneinfo import ZoneInfo

    body = item(1, "Draft", status="draft", post_date_gmt="0000-00-00 00:00:00")
    path = write_wxr(tmp_path, body)
    assert read_wxr(path).items[0].post_date_gmt == datetime(2024, 3, 1, 10, 0)
    paris = read_wxr(path, timezone=ZoneInfo("Europe/Paris")).items[0]
    assert paris.post_date_gmt == datetime(2024, 3, 1, 9, 0)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&lol4;</title></channel></rss>
"""

BAD_FILES = {
    "malformed": (
        '<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/">\n'
        "<channel><title>Broken</title>\n<item><title>Unclosed</item>\n</channel></rss>\n",
        "line 4",
    ),
    "truncated": (
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>\n<item>',
        "not well-formed",
    ),
    "billion-laughs": (BILLION_LAUGHS, "DOCTYPE"),
    "external-dtd": (
        '<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "http://evil.test/x.dtd">\n<rss/>',
        "DOCTYPE",
    ),
    "empty": ("", "empty"),
    "not-wxr": ("<html><body><p>Hello</p></body></html>", "not a WordPress export"),
    "plain-rss": ("<rss><channel><title>Feed</title></channel></rss>", "not a WordPress export"),
    "no-version": (
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel></channel></rss>',
        "wxr_version",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_raise_wxr_error_and_change_nothing(
    app: Flask, tmp_path: Path, case: str
) -> None:
    text, expected = BAD_FILES[case]
    path = tmp_path / f"{case}.xml"
    path.write_text(text, encoding="utf-8")
    make_post("Already here", terms=[make_term("News")])
    before = site_rows()
    with pytest.raises(WXRError) as caught:
        import_wxr(path, registry=registry(app))
    message = str(caught.value)
    assert str(path) in message and expected in message
    assert "export" in message.lower()  # says what to do: export again
    assert site_rows() == before


def test_a_missing_file_is_named(app: Flask, tmp_path: Path) -> None:
    with pytest.raises(WXRError, match="no such file"):
        import_wxr(tmp_path / "nope.xml", registry=registry(app))


# -- the Theme Unit Test, imported into an empty site ------------------------------------


def test_unit_test_export_keeps_wordpress_counts(app: Flask) -> None:
    expected = wordpress_output()["import"]
    report = import_unit_test(app)
    assert dict(report.items) == expected["items"]
    assert sum(report.terms.values()) == expected["terms"] == 194
    assert sum(report.comments.values()) == expected["comments"] == 32
    assert report.sticky == expected["sticky"] == [1241]
    assert get_option("sticky_posts") == [1241]
    assert report.skipped == []
    assert report.ids_kept == {"users": True, "terms": True, "posts": True, "comments": True}
    moved = [str(r).removeprefix("post ") for r in report.remapped if r.kind == "post"]
    assert moved == expected["items_with_new_id"]  # "1643 -> 1814 (nav_menu_item; ID repeated…)"
    assert db.session.scalar(select(func.count()).select_from(Post)) == 180
    assert get_option("blogname") == "Theme Unit Test Data"


def test_unit_test_posts_match_wordpress(app: Flask) -> None:
    """Every post and page, field by field, against what WordPress made of the same file."""
    import_unit_test(app)
    logins = {row.id: row.login for row in db.session.execute(select(User.id, User.login))}
    for expected in wordpress_output()["posts"]:
        post = db.session.get(Post, expected["id"])
        assert post is not None, expected["id"]
        got = {
            "post_type": post.post_type,
            "status": post.status,
            "slug": post.slug,
            "parent": post.parent_id,
            "menu_order": post.menu_order,
            "sticky": post.id in get_option("sticky_posts"),
            "comment_count": post.comment_count,
            "author": logins.get(post.author_id or 0),
            "date": f"{post.date:%Y-%m-%d %H:%M:%S}",
            "date_gmt": f"{post.date_gmt:%Y-%m-%d %H:%M:%S}",
        }
        assert got == {key: expected[key] for key in got}, expected["id"]


def test_unit_test_users_terms_and_parents(app: Flask) -> None:
    import_unit_test(app)
    users = db.session.scalars(select(User).order_by(User.id)).all()
    # WXR carries no roles: new users are authors (their HTML is filtered when shown).
    assert [(u.id, u.login, u.role) for u in users] == [
        (1, "themedemos", "author"),
        (2, "themereviewteam", "author"),
    ]
    assert users[1].display_name == "Theme Reviewer" and users[1].first_name == "Theme"

    def term(taxonomy: str, slug: str) -> Term:
        found = db.session.scalars(select(Term).filter_by(taxonomy=taxonomy, slug=slug)).one()
        return found

    parent = term("category", "parent-category")
    assert parent.id == 6004933  # the export's term ID, so ?cat= links keep working
    assert term("category", "child-category-01").parent_id == parent.id
    assert (
        term("category", "grandchild-category").parent_id
        == term("category", "child-category-03").id
    )
    assert term("category", "uncategorized").id == 1
    # A term ID shared by a category and a tag (WordPress before 4.2) is kept by the first.
    assert term("category", "post-formats").id == 44090582
    assert term("post_tag", "post-formats").id != 44090582
    # Terms used by items but not declared (post formats) are created.
    assert term("post_format", "post-format-aside").name == "Aside"
    assert term("nav_menu", "all-pages").name == "All Pages"


def test_unit_test_term_counts_are_published_posts(app: Flask) -> None:
    import_unit_test(app)
    doc = read_wxr(unit_test_wxr())
    expected: Counter[tuple[str, str]] = Counter()
    for it in doc.items:
        if it.post_type == "post" and it.status == "publish":
            for t in {(t.taxonomy, t.slug) for t in it.terms if t.taxonomy != "post_format"}:
                expected[t] += 1
    rows = db.session.scalars(select(Term).where(Term.taxonomy.in_(("category", "post_tag"))))
    counts = {(t.taxonomy, t.slug): t.count for t in rows}
    assert {key: n for key, n in counts.items() if n} == dict(expected)
    menu = db.session.scalars(select(Term).filter_by(taxonomy="nav_menu", slug="all-pages")).one()
    assert menu.count == 18


def test_unit_test_comments_are_threaded(app: Flask) -> None:
    import_unit_test(app)
    comments = {c.id: c for c in db.session.scalars(select(Comment))}
    assert len(comments) == 32  # IDs kept: the export's 167…1017
    assert comments[905].parent_id == 904 and comments[904].post_id == 1148
    assert all(c.parent_id in comments or c.parent_id == 0 for c in comments.values())
    assert Counter(c.status for c in comments.values()) == {"approved": 29, "pending": 3}
    assert Counter(c.type for c in comments.values()) == {
        "comment": 28,
        "pingback": 2,
        "trackback": 2,
    }
    post = db.session.get(Post, 1148)
    assert post is not None and post.comment_count == 19


def meta_of(post_id: int) -> dict[str, str]:
    rows = db.session.execute(select(PostMeta.key, PostMeta.value).filter_by(post_id=post_id))
    return {row.key: row.value for row in rows}


def test_unit_test_menus_and_attachments(app: Flask) -> None:
    import_unit_test(app)
    # The repeated nav_menu_item IDs got new ones; their parents stay in their own menu.
    items = db.session.scalars(select(Post).filter_by(post_type="nav_menu_item")).all()
    menu_of = {rel.post_id: rel.term_id for rel in db.session.scalars(select(TermRelationship))}
    for menu_item in items:
        meta = meta_of(menu_item.id)
        parent = int(meta["_menu_item_menu_item_parent"])
        if parent:
            assert menu_of[parent] == menu_of[menu_item.id], menu_item.id
        target = int(meta["_menu_item_object_id"])
        if meta["_menu_item_type"] == "post_type":
            assert db.session.get(Post, target) is not None
        elif meta["_menu_item_type"] == "taxonomy":
            assert db.session.get(Term, target) is not None
    featured = meta_of(1011)["_thumbnail_id"]
    image = db.session.get(Post, int(featured))
    assert image is not None and image.post_type == "attachment"
    assert image.mime_type == "image/jpeg"
    assert meta_of(image.id)["_wp_attached_file"].count("/") == 2  # 2012/03/name.jpg


# -- a second import: new IDs, consistent references ------------------------------------


def test_a_copy_imported_beside_the_original_remaps_every_reference(app: Flask) -> None:
    """Every item new (other titles and GUIDs), every ID taken: references follow."""
    first = import_unit_test(app)
    copy = read_wxr(unit_test_wxr())
    for it in copy.items:
        it.title, it.guid = f"{it.title} (copy)", f"{it.guid}#copy"
    second = import_document(copy, registry=registry(app))
    assert second.ids_kept == {"users": False, "terms": False, "posts": False, "comments": False}
    assert second.existing_terms == 194 and second.existing_users == 2
    assert sum(second.existing_items.values()) == 0
    new_ids = set(second.post_ids.values())
    assert min(new_ids) > max(first.post_ids.values()) and len(new_ids) == len(second.post_ids)
    assert dict(second.items) == dict(first.items)
    for old, new in second.post_ids.items():
        post = db.session.get(Post, new)
        original = db.session.get(Post, old)
        assert post is not None and original is not None
        assert post.title == f"{original.title} (copy)" and post.post_type == original.post_type
        if original.parent_id:
            assert post.parent_id == second.post_ids[original.parent_id]
        meta = meta_of(new)
        if "_thumbnail_id" in meta:
            assert int(meta["_thumbnail_id"]) == second.post_ids[int(meta_of(old)["_thumbnail_id"])]
        if meta.get("_menu_item_type") == "post_type":
            assert int(meta["_menu_item_object_id"]) in new_ids
        if meta.get("_menu_item_menu_item_parent", "0") != "0":
            assert int(meta["_menu_item_menu_item_parent"]) in new_ids
    # Comments thread inside the new copy.
    for old, new in second.comment_ids.items():
        comment, source = db.session.get(Comment, new), db.session.get(Comment, old)
        assert comment is not None and source is not None
        assert comment.post_id == second.post_ids[source.post_id]
        assert comment.parent_id == (
            second.comment_ids[source.parent_id] if source.parent_id else 0
        )
    # Pages keep their slugs under new parents; flat types get WordPress's -2.
    page = db.session.get(Post, second.post_ids[146])
    assert page is not None and page.slug == "lorem-ipsum-2"
    level3 = db.session.get(Post, second.post_ids[172])
    assert level3 is not None and level3.slug == "level-3"
    assert sorted(get_option("sticky_posts")) == [1241, second.post_ids[1241]]
    formats = db.session.scalars(select(Term).filter_by(taxonomy="category", slug="post-formats"))
    assert formats.one().count == 2 * 15


def test_import_into_a_site_with_content_keeps_its_options(app: Flask, tmp_path: Path) -> None:
    update_option("blogname", "My Site")
    news = make_term("News", slug="news")
    make_post("Hello", slug="hello", terms=[news])
    extra = '<category domain="category" nicename="news"><![CDATA[News]]></category>'
    path = write_wxr(tmp_path, AUTHOR + item(1, "Hello", extra=extra))
    report = import_wxr(path, registry=registry(app))
    assert get_option("blogname") == "My Site"
    assert get_option("blogdescription") == "Small tagline"
    assert report.term_ids[("category", "news")] == news.id and report.existing_terms == 1
    post = db.session.get(Post, report.post_ids[1])
    assert post is not None and post.slug == "hello-2" and post.id != 1
    db.session.refresh(news)
    assert news.count == 2


# -- rules for small files ----------------------------------------------------------------


def test_empty_slugs_statuses_and_unknown_types(app: Flask, tmp_path: Path) -> None:
    body = AUTHOR + "".join(
        [
            item(10, "Same Title", post_name=""),
            item(11, "Same Title", post_name="", post_date="2024-03-02 10:00:00"),
            item(12, "Unfinished", post_name="", status="draft"),
            item(
                13, "Tomorrow", post_date="2999-01-01 10:00:00", post_date_gmt="2999-01-01 10:00:00"
            ),
            item(14, "Book", post_type="book"),
            item(15, "Auto", status="auto-draft"),
            item(16, "Café Ünïcode", post_name="caf%C3%A9-%E2%9C%93"),
            item(
                17,
                "Genre",
                extra='<category domain="genre" nicename="poetry"><![CDATA[Poetry]]></category>',
            ),
        ]
    )
    report = import_wxr(write_wxr(tmp_path, body), registry=registry(app))

    def post(old: int) -> Post:
        found = db.session.get(Post, report.post_ids[old])
        assert found is not None
        return found

    assert (post(10).slug, post(11).slug, post(12).slug) == ("same-title", "same-title-2", "")
    assert post(13).status == "future"
    assert post(16).slug == "caf%c3%a9-%e2%9c%93"
    assert [(s.post_id, s.reason.split(";")[0]) for s in report.skipped] == [
        (14, "unknown post type 'book'"),
        (15, "an auto-draft (WordPress does not import those)"),
    ]
    assert report.unknown_taxonomies == ["genre"]
    genre = db.session.scalars(select(Term).filter_by(taxonomy="genre")).one()
    assert genre.slug == "poetry" and genre.count == 1
    editor = db.session.scalars(select(User)).one()
    assert (editor.id, editor.nicename, editor.role) == (1, "editor", "author")


def test_a_database_failure_rolls_everything_back(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_post("Already here")
    before = site_rows()

    def fail(self: Plan) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Plan, "_update_options", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        import_unit_test(app)
    assert site_rows() == before


@pytest.mark.parametrize(
    ("wanted", "keep", "site_max", "expected"),
    [
        (
            [5, 3, 5, 0],
            True,
            0,
            [(5, ""), (3, ""), (6, "ID repeated in the file"), (7, "no ID in the file")],
        ),
        (
            [5, 3],
            False,
            10,
            [(11, "the site already has posts"), (12, "the site already has posts")],
        ),
        ([], True, 0, []),
    ],
)
def test_allocate_ids(
    wanted: list[int], keep: bool, site_max: int, expected: list[tuple[int, str]]
) -> None:
    assert allocate_ids(wanted, keep=keep, site_max=site_max, kind="post") == expected


@pytest.mark.parametrize(
    ("raw", "login"),
    [("themereviewteam>", "themereviewteam"), (" Jane  Doe ", "Jane Doe"), ("<b>x</b>", "x")],
)
def test_sanitize_user(raw: str, login: str) -> None:
    assert sanitize_user(raw) == login


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda text: text[: text.rindex("<item>") + 30], "not well-formed XML"),
        (lambda text: text.replace("<wp:post_id>2<", "<wp:post_id>3<"), "the file changed"),
        (lambda text: text.replace("</item>", "</item>" + item(9, "Late"), 1), "the file changed"),
    ],
    ids=["truncated", "other-ids", "grown"],
)
def test_a_file_that_changes_between_the_two_readings_changes_nothing(
    app: Flask,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[str], str],
    message: str,
) -> None:
    """The second reading writes as it goes; a failure there rolls every batch back."""
    import magtheme.wxr.importer as importer
    import magtheme.wxr.plan as plan

    make_post("Already here")
    path = write_wxr(tmp_path, AUTHOR + item(1, "A") + item(2, "B") + item(3, "C"))
    before = site_rows()
    read = importer.read_wxr

    def read_then_change(*args: Any, **kwargs: Any) -> Any:
        document = read(*args, **kwargs)
        path.write_text(change(path.read_text()))
        return document

    monkeypatch.setattr(importer, "read_wxr", read_then_change)
    monkeypatch.setattr(plan, "_BATCH_ROWS", 1)  # item 1 is written before the failure
    with pytest.raises(WXRError, match=message):
        import_wxr(path, registry=registry(app))
    assert site_rows() == before
