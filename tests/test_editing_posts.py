"""Writing posts through magtheme.editing: what a writer sees on the site afterwards."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from magtheme.editing import EditError, Editor, current_editor
from magtheme.editing.posts import (
    FLOATING_DATE_GMT,
    PostInput,
    create_post,
    delete_post,
    trash_post,
    untrash_post,
    update_post,
)
from magtheme.models import Comment, Post, PostMeta, Term, TermRelationship, db
from magtheme.options import forget_options, get_option, update_option
from tests.factories import make_post, make_term, make_user

#: The editor's clock; the site itself renders with the real one, so "future" below is 2099.
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def editor(now: datetime = NOW) -> Editor:
    return current_editor(now=now)


def publish(title: str, **fields: object) -> Post:
    post = create_post(editor(), PostInput(post_title=title, post_status="publish", **fields))  # type: ignore[arg-type]
    db.session.commit()
    return post


def test_a_published_post_is_at_its_permalink_and_on_the_home_page(app: Flask) -> None:
    client = app.test_client()
    assert "Harbour reopens" not in client.get("/").get_data(as_text=True)  # cached widgets too
    post = publish("Harbour reopens", post_content="<p>Boats are back.</p>")
    assert (post.slug, post.status) == ("harbour-reopens", "publish")
    page = client.get(f"/?p={post.id}", follow_redirects=True)
    assert page.request.path == "/2024/05/01/harbour-reopens/"
    assert "Boats are back." in page.get_data(as_text=True)
    assert "Harbour reopens" in client.get("/").get_data(as_text=True)


def test_publishing_in_the_ticker_category_shows_in_the_ticker_and_the_category_feed(
    app: Flask,
) -> None:
    client = app.test_client()
    breaking = make_term("Breaking news", slug="breaking-news")
    assert client.get("/wp-json/magtheme/v1/tickers/breaking").get_json()["items"] == []
    publish("Storm warning", post_content="Take care.", post_category=[breaking.id])
    items = client.get("/wp-json/magtheme/v1/tickers/breaking").get_json()["items"]
    assert [item["title"] for item in items] == ["Storm warning"]
    feed = client.get("/category/breaking-news/feed/").get_data(as_text=True)
    assert "<title>Storm warning</title>" in feed
    assert db.session.get(Term, breaking.id).count == 1


def test_a_taken_slug_gets_a_number_and_feed_names_are_never_slugs(app: Flask) -> None:
    first = publish("Election night")
    second = publish("Election night")
    third = publish("Anything", post_name="Election Night")
    assert (first.slug, second.slug, third.slug) == (
        "election-night",
        "election-night-2",
        "election-night-3",
    )
    assert publish("Feed").slug == "feed-2"
    page = create_post(editor(), PostInput(post_title="2", post_type="page", post_status="publish"))
    assert page.slug == "2-2"  # /2/ would be read as page 2 of the front page


def test_pages_may_share_a_slug_under_different_parents(app: Flask) -> None:
    parents = [
        create_post(editor(), PostInput(post_title=t, post_type="page", post_status="publish"))
        for t in ("Team", "Press")
    ]
    kids = [
        create_post(
            editor(),
            PostInput(
                post_title="Contact", post_type="page", post_status="publish", post_parent=p.id
            ),
        )
        for p in parents
    ]
    assert [k.slug for k in kids] == ["contact", "contact"]
    assert kids[0].comment_status == "closed"  # WordPress: pages start with comments closed


def test_drafts_keep_their_slug_until_published(app: Flask) -> None:
    publish("Budget")
    draft = create_post(editor(), PostInput(post_title="Budget"))
    assert (draft.status, draft.slug, draft.date_gmt) == ("draft", "", FLOATING_DATE_GMT)
    later = datetime(2024, 5, 3, 8, 30, tzinfo=UTC)
    published = update_post(editor(later), draft.id, PostInput(post_status="publish"))
    # An undated draft takes the time it is published, and a free slug.
    assert (published.slug, published.date_gmt) == ("budget-2", datetime(2024, 5, 3, 8, 30))


def test_a_date_ahead_schedules_the_post_and_a_past_one_publishes_it(app: Flask) -> None:
    post = publish("Eclipse", post_date="2099-08-12 18:00:00")
    assert post.status == "future"
    assert app.test_client().get(f"/?p={post.id}").status_code == 404
    back = update_post(editor(), post.id, PostInput(post_date="2024-04-30 09:00"))
    assert back.status == "publish"  # wp_insert_post: "future" whose date has come


def test_local_and_utc_dates_follow_the_site_time_zone(app: Flask) -> None:
    update_option("timezone_string", "Europe/Paris")
    forget_options()
    post = publish("Summer", post_date="2024-04-01 14:00:00")
    assert (post.date, post.date_gmt) == (datetime(2024, 4, 1, 14), datetime(2024, 4, 1, 12))
    utc = publish("Winter", post_date_gmt="2024-01-15 12:00:00")
    assert utc.date == datetime(2024, 1, 15, 13)
    assert utc.modified == datetime(2024, 5, 1, 14) and utc.modified_gmt == NOW.replace(tzinfo=None)


def test_every_write_moves_modified_on_so_the_new_content_shows(app: Flask) -> None:
    client = app.test_client()
    post = publish("Recipe", post_content="Two eggs.")
    url = client.get(f"/?p={post.id}").headers["Location"]
    assert "Two eggs." in client.get(url).get_data(as_text=True)
    update_post(editor(), post.id, PostInput(post_content="Three eggs."))  # same clock tick
    db.session.commit()
    assert post.modified_gmt > NOW.replace(tzinfo=None)
    assert "Three eggs." in client.get(url).get_data(as_text=True)


def test_every_problem_is_reported_at_once_and_nothing_is_written(app: Flask) -> None:
    with pytest.raises(EditError) as caught:
        create_post(
            editor(),
            PostInput(
                post_status="live",
                post_date="next tuesday",
                post_author=99,
                post_category=["Nowhere"],
                comment_status="maybe",
                post_format="poem",
                sticky=True,
                post_type="post",
            ),
        )
    db.session.rollback()
    assert caught.value.errors == {
        "post_status": "'live' is not a status a post can be given; use one of publish, "
        "future, draft, pending, private.",
        "post_content": "Content, title, and excerpt are empty.",
        "post_date": "'next tuesday' is not a date; write YYYY-MM-DD HH:MM:SS, "
        "e.g. 2030-12-01 07:00:00.",
        "post_author": "there is no user with ID 99 (magtheme user list shows them).",
        "comment_status": "'maybe' is not a comment_status; use open or closed.",
        "post_category": "No such post category 'Nowhere'.",
        "post_format": "'poem' is not a post format; use one of standard, aside, chat, "
        "gallery, link, image, quote, status, video, audio.",
    }
    assert db.session.scalar(select(Post.id)) is None


def test_a_page_may_be_empty_but_not_of_an_unknown_type(app: Flask) -> None:
    assert create_post(editor(), PostInput(post_type="page")).status == "draft"
    with pytest.raises(EditError) as caught:
        create_post(editor(), PostInput(post_title="x", post_type="book"))
    assert "'book' is not a registered post type" in caught.value.errors["post_type"]


def test_categories_tags_format_sticky_author_and_password(app: Flask) -> None:
    jane = make_user("jane", role="author")
    news = make_term("News")
    post = publish(
        "Launch",
        post_content="Lift-off.",
        post_author=jane.id,
        post_category=[news.id, "Science"],
        create_categories=True,
        tags_input=["Space", "rockets"],
        post_format="video",
        sticky=True,
        post_password="moon",
    )
    terms = {
        (t.taxonomy, t.name, t.count)
        for t in db.session.scalars(
            select(Term).join(TermRelationship).where(TermRelationship.post_id == post.id)
        )
    }
    assert terms == {
        ("category", "News", 1),
        ("category", "Science", 1),
        ("post_tag", "Space", 1),
        ("post_tag", "rockets", 1),
        ("post_format", "post-format-video", 1),
    }
    forget_options()
    assert get_option("sticky_posts") == [post.id]
    assert (post.author_id, post.password) == (jane.id, "moon")
    update_post(
        editor(), post.id, PostInput(tags_input=["rockets"], sticky=False, post_format="standard")
    )
    db.session.commit()
    forget_options()
    assert get_option("sticky_posts") == []
    assert db.session.scalar(select(Term.count).where(Term.name == "Space")) == 0


def test_a_post_without_categories_goes_to_uncategorized(app: Flask) -> None:
    post = publish("Misc")
    (category,) = db.session.scalars(
        select(Term).join(TermRelationship).where(TermRelationship.post_id == post.id)
    )
    assert (category.name, category.slug, category.count) == ("Uncategorized", "uncategorized", 1)
    forget_options()
    assert get_option("default_category") == category.id


def test_template_sidebar_and_featured_image_are_meta(app: Flask) -> None:
    image = make_post("Photo", post_type="attachment", status="inherit", mime_type="image/jpeg")
    post = publish("Gallery", thumbnail_id=image.id, sidebar="left")
    meta = dict(
        db.session.execute(
            select(PostMeta.key, PostMeta.value).where(PostMeta.post_id == post.id)
        ).all()
    )
    assert meta == {"_thumbnail_id": str(image.id), "_magtheme_sidebar": "left"}
    with pytest.raises(EditError) as caught:
        update_post(editor(), post.id, PostInput(page_template="nope.html", thumbnail_id=post.id))
    assert "declares no template 'nope.html'" in caught.value.errors["page_template"]
    assert "there is no image with ID" in caught.value.errors["thumbnail_id"]


def test_a_page_cannot_become_its_own_grandparent(app: Flask) -> None:
    top = create_post(editor(), PostInput(post_title="Top", post_type="page"))
    child = create_post(
        editor(), PostInput(post_title="Child", post_type="page", post_parent=top.id)
    )
    with pytest.raises(EditError) as caught:
        update_post(editor(), top.id, PostInput(post_parent=child.id))
    assert "is this page or one below it" in caught.value.errors["post_parent"]


def test_trash_frees_the_slug_and_restore_brings_back_status_and_slug(app: Flask) -> None:
    post = publish("Old news", post_content="Then.")
    scheduled = publish("Soon", post_date="2099-01-01 00:00")
    trash_post(editor(), post.id)
    trash_post(editor(), scheduled.id)
    db.session.commit()
    assert (post.status, post.slug) == ("trash", "old-news__trashed")
    assert app.test_client().get("/2024/05/01/old-news/").status_code == 404
    meta = dict(
        db.session.execute(
            select(PostMeta.key, PostMeta.value).where(PostMeta.post_id == post.id)
        ).all()
    )
    assert (
        meta["_wp_trash_meta_status"] == "publish" and meta["_wp_desired_post_slug"] == "old-news"
    )
    untrash_post(editor(), post.id)
    untrash_post(editor(), scheduled.id)
    db.session.commit()
    assert (post.status, post.slug, scheduled.status) == ("publish", "old-news", "future")
    assert not db.session.scalar(
        select(PostMeta.id).where(PostMeta.post_id == post.id, PostMeta.key.like("_wp_%"))
    )
    with pytest.raises(EditError, match="is not in the trash"):
        untrash_post(editor(), post.id)


def test_a_slug_taken_while_in_the_trash_is_not_taken_back(app: Flask) -> None:
    post = publish("Notice")
    trash_post(editor(), post.id)
    newcomer = publish("Notice")
    untrash_post(editor(), post.id)
    assert (newcomer.slug, post.slug) == ("notice", "notice-2")


def test_delete_for_good_takes_meta_terms_comments_revisions_and_fixes_counts(app: Flask) -> None:
    news = make_term("News")
    post = publish("Gone", post_content="v1", post_category=[news.id], sticky=True)
    update_post(editor(), post.id, PostInput(post_content="v2"))
    db.session.add(Comment(post_id=post.id, content="Nice", status="approved"))
    page = create_post(
        editor(), PostInput(post_title="Front", post_type="page", post_status="publish")
    )
    child = create_post(
        editor(),
        PostInput(post_title="Kid", post_type="page", post_status="publish", post_parent=page.id),
    )
    db.session.commit()
    update_option("show_on_front", "page")
    update_option("page_on_front", page.id)
    delete_post(editor(), post.id)
    delete_post(editor(), page.id)
    db.session.commit()
    forget_options()
    assert db.session.scalars(select(Post.id).where(Post.post_type != "revision")).all() == [
        child.id
    ]
    assert db.session.scalars(select(Post.parent_id).where(Post.post_type == "revision")).all() == [
        child.id
    ]
    assert db.session.scalar(select(Comment.id)) is None
    assert db.session.scalar(select(PostMeta.id).where(PostMeta.post_id == post.id)) is None
    assert db.session.get(Term, news.id).count == 0
    assert child.parent_id == 0
    assert (
        get_option("show_on_front"),
        get_option("page_on_front"),
        get_option("sticky_posts"),
    ) == (
        "posts",
        0,
        [],
    )
