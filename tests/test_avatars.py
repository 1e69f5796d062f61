"""Users' own avatars: an image of the site's media library, shown at the size asked for,
with a constant number of statements per page, and never a request to another host."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from flask import Flask
from PIL import Image

from magtheme.avatars import AvatarImage, avatar_img, avatar_url, load_avatars, set_avatar
from magtheme.media.library import import_file
from magtheme.media.sizes import registered_sizes
from magtheme.models import Comment, Post, db
from magtheme.options import forget_options
from tests.conftest import StatementCounter
from tests.factories import make_post, make_user

WHEN = datetime(2024, 5, 1, 9, 0)


def portrait(app: Flask, tmp_path: Path, login: str, size: int = 400) -> int:
    """A square picture in the media library; its attachment ID."""
    source = tmp_path / f"{login}.jpg"
    Image.new("RGB", (size, size), (30, 90, 150)).save(source, "JPEG")
    made = import_file(
        db.session,
        Path(app.instance_path) / "uploads",
        source,
        registered_sizes(),
        now=WHEN,
        local_now=WHEN,
    )
    db.session.commit()
    return made.attachment_id


def user_with_avatar(app: Flask, tmp_path: Path, login: str) -> int:
    user = make_user(login, bio=f"{login} writes.")
    set_avatar(db.session, user.id, portrait(app, tmp_path, login))
    db.session.commit()
    return user.id


def test_the_smallest_square_copy_at_least_that_wide_is_shown(app: Flask, tmp_path: Path) -> None:
    user_id = user_with_avatar(app, tmp_path, "ana")
    image = load_avatars(db.session, [user_id])[user_id]
    assert avatar_url(image, 48).endswith("/2024/05/ana-150x150.jpg")
    assert avatar_url(image, 200).endswith("/2024/05/ana-300x300.jpg")
    assert avatar_url(image, 500).endswith("/2024/05/ana.jpg")  # the largest: the full image
    assert avatar_url(None, 96) == ""
    img = avatar_img(image, 96)
    assert 'src="/wp-content/uploads/2024/05/ana-150x150.jpg"' in img
    assert 'srcset="/wp-content/uploads/2024/05/ana-300x300.jpg 2x"' in img
    assert 'class="avatar avatar-96 photo" width="96" height="96"' in img and 'alt=""' in img


def test_a_picture_without_square_copies_is_shown_whole() -> None:
    image = AvatarImage(7, "/wp-content/uploads/wide.jpg", 300, 100)
    assert avatar_url(image, 96) == "/wp-content/uploads/wide.jpg"


def test_users_without_an_existing_image_have_no_avatar(app: Flask, tmp_path: Path) -> None:
    plain = make_user("plain")
    gone = make_user("gone")
    text = make_post("Not a picture")
    set_avatar(db.session, gone.id, 999_999)
    set_avatar(db.session, plain.id, text.id)  # a post, not an image attachment
    db.session.commit()
    assert load_avatars(db.session, [plain.id, gone.id]) == {}
    set_avatar(db.session, plain.id, None)
    db.session.commit()
    assert load_avatars(db.session, [plain.id]) == {}


def test_author_pages_and_comments_show_the_avatar_in_constant_statements(
    app: Flask, classic: Flask, tmp_path: Path, sql_counter: StatementCounter
) -> None:
    author = user_with_avatar(app, tmp_path, "editor")
    post = make_post("Story", author_id=author, comment_count=0)
    client = app.test_client()

    def comment_by(user_id: int, name: str) -> None:
        db.session.add(
            Comment(
                post_id=post.id,
                author_name=name,
                author_email=f"{name}@example.test",
                content=f"Said by {name}.",
                date=WHEN,
                date_gmt=WHEN,
                status="approved",
                user_id=user_id,
            )
        )
        db.session.commit()
        forget_options()

    def cost() -> tuple[int, str]:
        client.get(f"/?p={post.id}", follow_redirects=True)
        sql_counter.reset()
        response = client.get(f"/?p={post.id}", follow_redirects=True)
        assert response.status_code == 200
        return sql_counter.count, response.get_data(as_text=True)

    comment_by(author, "Editor")
    comment_by(0, "visitor")
    few, html = cost()
    assert html.count("/2024/05/editor-150x150.jpg") == 2  # the author box and her comment
    for n in range(4):
        comment_by(user_with_avatar(app, tmp_path, f"reader{n}"), f"Reader {n}")
    many, html = cost()
    assert many == few, sql_counter.statements
    for n in range(4):
        assert f"/2024/05/reader{n}-150x150.jpg" in html
    assert html.count('class="avatar avatar-48 photo avatar-initials"') == 1  # the visitor
    archive = client.get("/author/editor/").get_data(as_text=True)
    header = archive.split('<header class="page-header">', 1)[1].split("</header>", 1)[0]
    assert re.search(r'<img [^>]*src="/wp-content/uploads/2024/05/editor-150x150.jpg"', header)
    assert "gravatar" not in html + archive


def test_a_page_that_shows_no_avatar_reads_none(
    app: Flask, tmp_path: Path, sql_counter: StatementCounter
) -> None:
    author = user_with_avatar(app, tmp_path, "quiet")
    make_post("Listed", author_id=author)
    client = app.test_client()
    client.get("/")
    sql_counter.reset()
    assert client.get("/").status_code == 200
    assert not any("usermeta" in statement for statement in sql_counter.statements)


def test_the_author_box_widget_shows_the_users_own_picture(app: Flask, tmp_path: Path) -> None:
    from magtheme.options import get_option, update_option
    from magtheme.widgets import default_registry
    from magtheme.widgets.store import add_widgets

    user_with_avatar(app, tmp_path, "boxed")
    instances, sidebars = add_widgets(
        get_option("widget_instances") or {},
        get_option("sidebars_widgets") or {},
        registry=default_registry(),
        areas=["sidebar"],
        widgets=[("author-box", "sidebar", {"source": "user", "user": "boxed"})],
    )
    update_option("widget_instances", instances)
    update_option("sidebars_widgets", sidebars)
    forget_options()
    html = app.test_client().get("/").get_data(as_text=True)
    box = html.split('class="author-box author-box-', 1)[1].split("</div>", 2)[0]
    assert 'src="/wp-content/uploads/2024/05/boxed-150x150.jpg"' in box
    assert db.session.get(Post, 1) is not None
