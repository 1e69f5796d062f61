"""Importing a file again creates nothing twice; authors get a role that decides trust."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import func, select

from magtheme.cli import main
from magtheme.models import (
    Comment,
    CommentMeta,
    Option,
    Post,
    PostMeta,
    Term,
    TermRelationship,
    User,
    UserMeta,
    db,
)
from magtheme.options import get_option
from magtheme.wxr import WXRError, import_wxr
from tests.conftest import unit_test_wxr
from tests.factories import make_user
from tests.test_wxr_import import AUTHOR, item, registry, write_wxr

TABLES = (Post, PostMeta, Term, TermRelationship, Comment, CommentMeta, User, UserMeta, Option)


def rows() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in TABLES
    }


def comment(comment_id: int, author: str, date: str, parent: int = 0, approved: str = "1") -> str:
    return f"""<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>
  <wp:comment_author><![CDATA[{author}]]></wp:comment_author>
  <wp:comment_date>{date}</wp:comment_date><wp:comment_date_gmt>{date}</wp:comment_date_gmt>
  <wp:comment_content><![CDATA[Words of {author}]]></wp:comment_content>
  <wp:comment_approved>{approved}</wp:comment_approved><wp:comment_parent>{parent}</wp:comment_parent>
  <wp:commentmeta><wp:meta_key>rating</wp:meta_key><wp:meta_value>5</wp:meta_value></wp:commentmeta>
</wp:comment>"""


def meta(key: str, value: str) -> str:
    return (
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
    )


MENU = (
    "<wp:term><wp:term_id>30</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>"
    "<wp:term_slug>main</wp:term_slug><wp:term_name>Main</wp:term_name></wp:term>"
)
NEWS = (
    "<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename>news</wp:category_nicename>"
    "<wp:cat_name>News</wp:cat_name></wp:category>"
)
IN_MENU = '<category domain="nav_menu" nicename="main"><![CDATA[Main]]></category>'


def menu_item(post_id: int, order: int, kind: str, obj: str, target: int, url: str = "") -> str:
    extra = IN_MENU + "".join(
        meta(k, v)
        for k, v in [
            ("_menu_item_type", kind),
            ("_menu_item_object", obj),
            ("_menu_item_object_id", str(target)),
            ("_menu_item_menu_item_parent", "0"),
            ("_menu_item_url", url),
        ]
    )
    return item(post_id, "", extra=extra, post_type="nav_menu_item", menu_order=str(order))


def small_site(*extra: str) -> str:
    """Posts with meta, terms, comments (threaded), an attachment, a sticky post, a menu."""
    return "".join(
        [
            AUTHOR,
            NEWS,
            MENU,
            item(
                10,
                "First",
                is_sticky="1",
                extra='<category domain="category" nicename="news"><![CDATA[News]]></category>'
                + meta("_thumbnail_id", "12")
                + meta("mood", "sunny")
                + comment(100, "Ann", "2024-03-02 10:00:00")
                + comment(101, "Bob", "2024-03-02 11:00:00", parent=100),
            ),
            item(11, "Second", post_type="page"),
            item(
                12,
                "Photo",
                post_type="attachment",
                status="inherit",
                post_parent="10",
                extra="<wp:attachment_url>https://small.test/wp-content/uploads/2024/03/a.jpg"
                "</wp:attachment_url>",
            ),
            menu_item(20, 1, "post_type", "page", 11),
            menu_item(21, 2, "taxonomy", "category", 7),
            menu_item(22, 3, "custom", "custom", 22, url="https://example.test/"),
            *extra,
        ]
    )


def test_importing_a_small_site_twice_creates_nothing_twice(app: Flask, tmp_path: Path) -> None:
    path = write_wxr(tmp_path, small_site())
    first = import_wxr(path, registry=registry(app))
    before = rows()
    sticky = get_option("sticky_posts")
    second = import_wxr(path, registry=registry(app))
    assert rows() == before
    assert get_option("sticky_posts") == sticky == [10]
    assert sum(second.items.values()) == 0 and sum(second.comments.values()) == 0
    assert second.existing_items == {"post": 1, "page": 1, "attachment": 1, "nav_menu_item": 3}
    assert second.existing_comments == 2 and second.existing_terms == 2
    assert second.post_ids == first.post_ids
    assert "(6 already there)" in second.summary() and "(2 already there)" in second.summary()


def test_a_grown_export_adds_only_what_is_new(app: Flask, tmp_path: Path) -> None:
    import_wxr(write_wxr(tmp_path, small_site()), registry=registry(app))
    before = rows()
    grown = small_site(
        item(13, "Third"),
        menu_item(23, 4, "post_type", "post", 13),
    ).replace(
        comment(101, "Bob", "2024-03-02 11:00:00", parent=100),
        comment(101, "Bob", "2024-03-02 11:00:00", parent=100)
        + comment(102, "Cy", "2024-03-03 09:00:00", parent=101),
    )
    report = import_wxr(write_wxr(tmp_path, grown, name="grown.xml"), registry=registry(app))
    after = rows()
    assert after["Post"] == before["Post"] + 2  # the post and its menu item
    assert after["Comment"] == before["Comment"] + 1
    assert after["CommentMeta"] == before["CommentMeta"] + 1
    assert after["PostMeta"] == before["PostMeta"] + 5  # the new menu item's meta only
    cy = db.session.scalars(select(Comment).filter_by(author_name="Cy")).one()
    bob = db.session.scalars(select(Comment).filter_by(author_name="Bob")).one()
    assert cy.parent_id == bob.id and cy.post_id == 10
    first = db.session.get(Post, 10)
    assert first is not None and first.comment_count == 3
    assert report.existing_comments == 2 and dict(report.comments) == {"approved": 1}
    third = report.post_ids[13]
    target = db.session.scalar(
        select(PostMeta.value).filter_by(post_id=report.post_ids[23], key="_menu_item_object_id")
    )
    assert target == str(third)
    menu = db.session.scalars(select(Term).filter_by(taxonomy="nav_menu", slug="main")).one()
    assert menu.count == 4


def test_a_post_renamed_on_the_site_is_still_found_by_its_id_and_guid(
    app: Flask, tmp_path: Path
) -> None:
    body = item(5, "Hello", extra="<guid>https://small.test/?p=5</guid>")
    path = write_wxr(tmp_path, AUTHOR + body)
    import_wxr(path, registry=registry(app))
    post = db.session.get(Post, 5)
    assert post is not None
    post.title = "Hello, edited"
    db.session.commit()
    report = import_wxr(path, registry=registry(app))
    assert report.existing_items == {"post": 1} and rows()["Post"] == 1


def test_an_undated_item_is_found_again_by_its_title(app: Flask, tmp_path: Path) -> None:
    """The importer dates it 'now'; post_exists() leaves a missing date out."""
    undated = item(5, "Undated", post_date="", post_date_gmt="")
    path = write_wxr(tmp_path, AUTHOR + undated)
    import_wxr(path, registry=registry(app))
    report = import_wxr(path, registry=registry(app))
    assert report.existing_items == {"post": 1} and rows()["Post"] == 1


def test_the_unit_test_export_imported_twice_creates_nothing_twice(app: Flask) -> None:
    first = import_wxr(unit_test_wxr(), registry=registry(app))
    before = rows()
    options = {name: get_option(name) for name in ("sticky_posts", "blogname")}
    second = import_wxr(unit_test_wxr(), registry=registry(app))
    assert rows() == before
    assert {name: get_option(name) for name in options} == options
    assert sum(second.items.values()) == 0
    assert sum(second.existing_items.values()) == sum(first.items.values()) == 180
    assert second.existing_comments == 32 and second.existing_terms == 194
    assert second.existing_users == 2 and second.users == 0


def test_same_type_title_and_date_twice_in_one_file_is_imported_once(
    app: Flask, tmp_path: Path
) -> None:
    """WordPress's post_exists() finds the post it has just written."""
    body = AUTHOR + item(1, "Twin") + item(2, "Twin") + item(3, "Twin", post_type="page")
    report = import_wxr(write_wxr(tmp_path, body), registry=registry(app))
    assert [(s.post_id, s.reason.split(";")[0]) for s in report.skipped] == [
        (2, "same type, title and date as item 1 of the file")
    ]
    assert report.post_ids == {1: 1, 2: 1, 3: 3}


def test_an_item_without_a_type_is_refused_as_wordpress_does_and_takes_no_id(
    app: Flask, tmp_path: Path
) -> None:
    """WordPress's importer reads a missing wp:post_type as '' and refuses the item."""
    untyped = item(7, "Untyped").replace("<wp:post_type>post</wp:post_type>", "")
    body = AUTHOR + untyped + item(7, "Typed") + item(7, "Repeat", post_date="2024-05-05 10:00:00")
    report = import_wxr(write_wxr(tmp_path, body), registry=registry(app))
    reasons = [(s.post_id, s.title, s.reason.split(";")[0]) for s in report.skipped]
    assert reasons[0] == (7, "Untyped", "no wp:post_type (line 10)")
    assert reasons[1][:2] == (7, "Repeat") and "earlier item" in reasons[1][2]
    post = db.session.get(Post, 7)
    assert post is not None and post.title == "Typed" and rows()["Post"] == 1


def test_an_id_the_site_has_goes_to_a_fresh_id_never_over_the_site_s_post(
    app: Flask, tmp_path: Path
) -> None:
    from tests.factories import make_post

    mine = make_post("Mine")
    body = AUTHOR + item(mine.id, "Theirs") + item(mine.id + 50, "Free")
    report = import_wxr(write_wxr(tmp_path, body), registry=registry(app))
    assert db.session.get(Post, mine.id).title == "Mine"  # type: ignore[union-attr]
    assert report.post_ids[mine.id + 50] == mine.id + 50  # WordPress's import_id, when free
    moved = report.post_ids[mine.id]
    assert moved > mine.id + 50
    assert [str(r) for r in report.remapped] == [
        f"post {mine.id} -> {moved} (post; the site has another post with that ID)"
    ]


# -- roles --------------------------------------------------------------------------------

TWO_AUTHORS = AUTHOR + (
    "<wp:author><wp:author_login>boss</wp:author_login>"
    "<wp:author_email>b@small.test</wp:author_email></wp:author>"
)


def roles_by_login() -> dict[str, str]:
    return {login: role for login, role in db.session.execute(select(User.login, User.role))}


def test_new_users_are_authors_and_no_one_is_made_an_administrator(
    app: Flask, tmp_path: Path
) -> None:
    report = import_wxr(write_wxr(tmp_path, TWO_AUTHORS + item(1, "A")), registry=registry(app))
    assert roles_by_login() == {"editor": "author", "boss": "author"}
    assert report.roles == {"editor": "author", "boss": "author"}
    post = db.session.get(Post, 1)
    assert post is not None and post.author_id == report.user_ids["editor"]


def test_roles_are_granted_by_login_and_existing_users_keep_theirs(
    app: Flask, tmp_path: Path
) -> None:
    make_user("editor", role="subscriber")
    path = write_wxr(tmp_path, TWO_AUTHORS + item(1, "A"))
    report = import_wxr(
        path,
        registry=registry(app),
        author_role="contributor",
        roles={"boss": "administrator", "editor": "editor", "ghost": "editor"},
    )
    assert roles_by_login() == {"editor": "subscriber", "boss": "administrator"}
    assert any("'editor' is already a user" in w for w in report.warnings)
    assert any("'ghost'" in w for w in report.warnings)
    post = db.session.get(Post, 1)
    editor = db.session.scalars(select(User).filter_by(login="editor")).one()
    assert post is not None and post.author_id == editor.id


def test_an_unknown_role_is_refused_before_anything_is_written(app: Flask, tmp_path: Path) -> None:
    path = write_wxr(tmp_path, TWO_AUTHORS + item(1, "A"))
    before = rows()
    with pytest.raises(WXRError, match="unknown role 'owner'; use one of administrator"):
        import_wxr(path, registry=registry(app), roles={"boss": "owner"})
    assert rows() == before


def test_the_import_command_grants_roles_and_reports_what_was_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(tmp_path / "site"))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    path = write_wxr(tmp_path, TWO_AUTHORS + item(1, "A"))
    runner = CliRunner()
    args = ["import", str(path), "--author-role", "contributor", "--role", "boss=editor"]
    first = runner.invoke(main, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert "Users: 2 new (1 contributor, 1 editor), 0 already there." in first.output
    again = runner.invoke(main, args, catch_exceptions=False)
    assert "Items: none (1 already there)." in again.output
    bad = runner.invoke(main, ["import", str(path), "--role", "boss"])
    assert bad.exit_code == 2 and "LOGIN=ROLE" in bad.output and "Traceback" not in bad.output
    bad = runner.invoke(main, ["import", str(path), "--author-role", "king"])
    assert bad.exit_code == 2 and "king" in bad.output
