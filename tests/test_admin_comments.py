"""The Comments screen (``/wp-admin/edit-comments.php``): moderating, replying, editing."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from itertools import count

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from magtheme.models import Comment, CommentMeta, Post, User, db
from magtheme.options import forget_options, update_option

from .adminkit import make_person, post_form, signed_in
from .conftest import StatementCounter
from .factories import make_post

pytestmark = pytest.mark.usefixtures("app")

LIST = "/wp-admin/edit-comments.php"
_minutes = count(1)


def make_comment(
    post: Post,
    status: str = "approved",
    author: str = "Ann Lee",
    content: str = "Nice words.",
    *,
    parent: Comment | None = None,
    **fields: object,
) -> Comment:
    """A comment on *post*, each one a minute after the last; the post's count kept right."""
    moment = datetime(2024, 3, 1, 9, 0) + timedelta(minutes=next(_minutes))
    values: dict[str, object] = {
        "author_email": f"{author.split()[0].lower()}@example.com",
        "author_ip": "203.0.113.7",
        **fields,
    }
    comment = Comment(
        post_id=post.id,
        parent_id=parent.id if parent else 0,
        author_name=author,
        content=content,
        status=status,
        date=moment,
        date_gmt=moment,
        **values,
    )
    db.session.add(comment)
    if status == "approved":
        post.comment_count += 1
    db.session.commit()
    return comment


def status_of(comment_id: int) -> str | None:
    db.session.expire_all()
    found = db.session.get(Comment, comment_id)
    return found.status if found else None


def count_of(post: Post) -> int:
    db.session.expire_all()
    return db.session.get(Post, post.id).comment_count  # type: ignore[union-attr]


def public(client: FlaskClient, post: Post) -> str:
    """The post's page as a visitor sees it."""
    response = client.get(f"/?p={post.id}", follow_redirects=True)
    assert response.status_code == 200
    return response.text


def row_action(client: FlaskClient, action: str, comment: Comment) -> TestResponse:
    return post_form(
        client, f"/wp-admin/comment.php?action={action}&c={comment.id}", {"redirect_to": LIST}
    )


def bulk(client: FlaskClient, action: str, *comments: Comment, back: str = LIST) -> TestResponse:
    return post_form(
        client,
        LIST,
        {
            "action": action,
            "delete_comments[]": [str(c.id) for c in comments],
            "redirect_to": back,
        },
    )


def listed_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr id="comment-(\d+)"', html)]


@pytest.fixture
def people() -> dict[str, User]:
    return {
        "admin": make_person("administrator", "ada"),
        "editor": make_person("editor", "eve"),
        "ann": make_person("author", "ann"),
        "bob": make_person("author", "bob"),
        "cy": make_person("contributor", "cy"),
    }


@pytest.fixture
def posts(people: dict[str, User]) -> dict[str, Post]:
    return {
        "ann": make_post("Ann's Garden", author_id=people["ann"].id),
        "bob": make_post("Bob's Kitchen", author_id=people["bob"].id),
    }


@pytest.fixture
def admin(app: Flask, people: dict[str, User]) -> FlaskClient:
    return signed_in(app.test_client(), people["admin"])


# -- the list ----------------------------------------------------------------------------------


def test_the_list_shows_every_comment_newest_first_with_counts_by_status(
    admin: FlaskClient, posts: dict[str, Post]
) -> None:
    garden = posts["ann"]
    old = make_comment(garden, "approved", "Ann Lee", "First!")
    held = make_comment(garden, "pending", "Bo Chen", "Waiting here.")
    make_comment(garden, "spam", "Spammer", "Buy pills")
    make_comment(garden, "trash", "Gone", "Old news")
    new = make_comment(posts["bob"], "approved", "Cy Diaz", "Latest.")
    html = admin.get(LIST).text
    # All is approved and pending, as in WordPress; spam and trash have their own views.
    assert listed_ids(html) == [new.id, held.id, old.id]
    for label, n in (("All", 3), ("Pending", 1), ("Approved", 2), ("Spam", 1), ("Trash", 1)):
        assert f'{label} <span class="count">({n})</span>' in html
    assert "Waiting here." in html and "Buy pills" not in html
    # In response to: the post's edit screen and its permalink, the approved count.
    assert f'href="/wp-admin/post.php?post={garden.id}&amp;action=edit">Ann’s Garden</a>' in html
    assert "View Post" in html
    assert "2024/03/01 at" in html
    # A moderator sees the commenter's email and address.
    assert "mailto:bo@example.com" in html and "203.0.113.7" in html


@pytest.mark.parametrize(
    ("view", "expected"),
    [("moderated", ["Bo"]), ("approved", ["Ann"]), ("spam", ["Spammer"]), ("trash", ["Gone"])],
)
def test_each_status_view_shows_its_comments(
    admin: FlaskClient, posts: dict[str, Post], view: str, expected: list[str]
) -> None:
    made = {
        name: make_comment(posts["ann"], status, name)
        for name, status in (
            ("Ann", "approved"),
            ("Bo", "pending"),
            ("Spammer", "spam"),
            ("Gone", "trash"),
        )
    }
    html = admin.get(f"{LIST}?comment_status={view}").text
    assert listed_ids(html) == [made[name].id for name in expected]
    assert 'aria-current="page"' in html


def test_search_and_post_filters(admin: FlaskClient, posts: dict[str, Post]) -> None:
    tulips = make_comment(posts["ann"], content="I love tulips")
    make_comment(posts["ann"], content="Roses are red")
    soup = make_comment(posts["bob"], author="Dee Tulip", content="Soup!")
    html = admin.get(f"{LIST}?s=TULIP").text
    assert sorted(listed_ids(html)) == sorted([tulips.id, soup.id])  # text or author, any case
    assert "Search results for “TULIP”" in html
    html = admin.get(f"{LIST}?p={posts['bob'].id}").text
    assert listed_ids(html) == [soup.id]
    assert "Comments on “<a" in html and "Bob’s Kitchen" in html
    # Counts follow the post.
    assert 'All <span class="count">(1)</span>' in html
    assert "No comments found." in admin.get(f"{LIST}?s=nothing-like-it").text
    assert "No comments awaiting moderation." in admin.get(f"{LIST}?comment_status=moderated").text


def test_the_list_is_paged_by_twenty(admin: FlaskClient, posts: dict[str, Post]) -> None:
    made = [make_comment(posts["ann"], content=f"Comment {n}") for n in range(25)]
    first = admin.get(LIST).text
    assert listed_ids(first) == [c.id for c in reversed(made)][:20]
    assert "Page 1 of 2" in first and "25 items" in first
    second = admin.get(f"{LIST}?paged=2").text
    assert listed_ids(second) == [c.id for c in reversed(made)][20:]
    assert 'rel="prev"' in second and 'rel="next"' not in second
    # Past the end: the last page.
    assert listed_ids(admin.get(f"{LIST}?paged=99").text) == listed_ids(second)


def test_the_list_costs_the_same_statements_for_any_number_of_comments(
    admin: FlaskClient,
    posts: dict[str, Post],
    people: dict[str, User],
    sql_counter: StatementCounter,
) -> None:
    # Links that need the posts' categories and authors, so each row could cost a statement.
    update_option("permalink_structure", "/%category%/%author%/%postname%/")
    forget_options()
    first = make_comment(posts["ann"])
    make_comment(posts["bob"], "pending", parent=first)
    admin.get(LIST)  # the session's first request warms what every request shares

    def statements() -> int:
        db.session.expire_all()  # as a fresh request finds it: nothing loaded yet
        sql_counter.reset()
        assert admin.get(LIST).status_code == 200
        return sql_counter.count

    few = statements()
    few_statements = list(sql_counter.statements)
    more_posts = [make_post(f"Extra {n}", author_id=people["ann"].id) for n in range(6)]
    for n in range(30):
        post = more_posts[n % 6]
        parent = make_comment(post, "approved", f"Reader {n}")
        make_comment(post, "pending", f"Replier {n}", parent=parent, user_id=people["bob"].id)
    assert statements() == few, "\n\n".join(
        s for s in sql_counter.statements if s not in few_statements
    )


# -- row actions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "action", "after", "shown", "notice"),
    [
        ("pending", "approvecomment", "approved", True, "1 comment approved."),
        ("approved", "unapprovecomment", "pending", False, "1 comment unapproved."),
        ("approved", "spamcomment", "spam", False, "1 comment marked as spam."),
        ("approved", "trashcomment", "trash", False, "1 comment moved to the Trash."),
        ("trash", "deletecomment", None, False, "1 comment permanently deleted."),
        ("spam", "deletecomment", None, False, "1 comment permanently deleted."),
    ],
)
def test_each_row_action_changes_the_comment_and_the_site(
    app: Flask,
    admin: FlaskClient,
    posts: dict[str, Post],
    start: str,
    action: str,
    after: str | None,
    shown: bool,
    notice: str,
) -> None:
    post = posts["ann"]
    comment = make_comment(post, start, content="A very particular remark.")
    response = row_action(admin, action, comment)
    assert response.status_code == 303
    assert response.headers["Location"].startswith(LIST)
    assert status_of(comment.id) == after
    assert count_of(post) == (1 if after == "approved" else 0)
    page = admin.get(response.headers["Location"]).text
    assert notice in page
    visitor = app.test_client()
    assert ("A very particular remark." in public(visitor, post)) is shown


def test_spam_and_trash_are_undone_back_to_where_each_comment_was(
    admin: FlaskClient, posts: dict[str, Post]
) -> None:
    post = posts["ann"]
    approved, held = make_comment(post, "approved"), make_comment(post, "pending", "Bo")
    response = bulk(admin, "trash", approved, held)
    page = admin.get(response.headers["Location"]).text
    assert "2 comments moved to the Trash." in page
    assert (status_of(approved.id), status_of(held.id), count_of(post)) == ("trash", "trash", 0)
    # The notice offers Undo: a form sending the same comments back.
    undo = re.search(r'<form method="post" action="[^"]+" class="undo">(.*?)</form>', page, re.S)
    assert undo and 'value="untrash"' in undo.group(1) and "Undo" in undo.group(1)
    response = bulk(admin, "untrash", approved, held)
    assert "2 comments restored from the Trash." in admin.get(response.headers["Location"]).text
    assert (status_of(approved.id), status_of(held.id), count_of(post)) == (
        "approved",
        "pending",
        1,
    )
    # Spam and Not Spam likewise.
    row_action(admin, "spamcomment", approved)
    assert (
        db.session.scalar(
            select(CommentMeta.value).where(
                CommentMeta.comment_id == approved.id, CommentMeta.key == "_wp_trash_meta_status"
            )
        )
        == "1"
    )  # WordPress's own record of where it was
    response = row_action(admin, "unspamcomment", approved)
    assert "1 comment restored from the spam." in admin.get(response.headers["Location"]).text
    assert status_of(approved.id) == "approved" and count_of(post) == 1


def test_delete_permanently_only_takes_comments_from_the_trash_or_spam(
    admin: FlaskClient, posts: dict[str, Post]
) -> None:
    kept = make_comment(posts["ann"], "approved")
    response = bulk(admin, "delete", kept)
    assert (
        "Nothing was deleted: only comments in the Trash or the Spam"
        in admin.get(response.headers["Location"]).text
    )
    assert status_of(kept.id) == "approved"


def test_a_moderation_link_asks_before_it_acts(admin: FlaskClient, posts: dict[str, Post]) -> None:
    comment = make_comment(posts["ann"], "pending")
    page = admin.get(f"/wp-admin/comment.php?action=approve&c={comment.id}")
    assert page.status_code == 200
    assert "Approve this comment?" in page.text and ">Approve</button>" in page.text
    assert status_of(comment.id) == "pending"


def test_bulk_actions_change_every_comment_ticked(
    admin: FlaskClient, posts: dict[str, Post]
) -> None:
    held = [make_comment(posts[who], "pending", f"Reader {who}") for who in ("ann", "bob", "ann")]
    response = bulk(admin, "approve", *held, back=f"{LIST}?comment_status=moderated")
    assert response.headers["Location"] == f"{LIST}?comment_status=moderated"
    page = admin.get(response.headers["Location"]).text
    assert "3 comments approved." in page
    assert 'Pending <span class="count">(0)</span>' in page
    assert 'Approved <span class="count">(3)</span>' in page
    assert (count_of(posts["ann"]), count_of(posts["bob"])) == (2, 1)
    response = bulk(admin, "spam", *held)
    assert "3 comments marked as spam." in admin.get(response.headers["Location"]).text
    assert {status_of(c.id) for c in held} == {"spam"}


def test_a_bulk_form_without_a_choice_says_what_is_missing(
    admin: FlaskClient, posts: dict[str, Post]
) -> None:
    comment = make_comment(posts["ann"], "pending")
    response = bulk(admin, "-1", comment)
    assert "Choose an action" in admin.get(response.headers["Location"]).text
    response = post_form(admin, LIST, {"action": "approve"})
    assert "Tick the comments" in admin.get(response.headers["Location"]).text
    assert status_of(comment.id) == "pending"


def test_bulk_actions_on_the_list_page_keep_the_view_and_page(
    admin: FlaskClient, posts: dict[str, Post]
) -> None:
    comment = make_comment(posts["ann"], "pending")
    response = bulk(admin, "trash", comment, back=f"{LIST}?comment_status=moderated&paged=2")
    assert response.headers["Location"] == (
        f"{LIST}?comment_status=moderated&paged=2&trashed=1&ids={comment.id}"
    )
    # Somewhere else entirely: back to the list.
    response = bulk(admin, "untrash", comment, back="https://evil.example/")
    assert response.headers["Location"] == LIST


# -- who may -----------------------------------------------------------------------------------


def test_an_author_moderates_comments_on_their_own_posts_only(
    app: Flask, people: dict[str, User], posts: dict[str, Post]
) -> None:
    client = signed_in(app.test_client(), people["ann"])
    mine = make_comment(posts["ann"], "pending", "Reader One")
    theirs = make_comment(posts["bob"], "pending", "Reader Two", author_ip="198.51.100.9")
    html = client.get(LIST).text
    assert f'id="cb-select-{mine.id}"' in html
    assert f'id="cb-select-{theirs.id}"' not in html
    assert "198.51.100.9" not in html and "mailto:reader@example.com" in html  # only hers
    assert row_action(client, "approvecomment", mine).status_code == 303
    assert status_of(mine.id) == "approved"
    refused = row_action(client, "approvecomment", theirs)
    assert refused.status_code == 403
    assert "not allowed to edit comments on this post" in refused.text
    assert status_of(theirs.id) == "pending"
    assert client.get(f"/wp-admin/comment.php?action=editcomment&c={theirs.id}").status_code == 403
    # In a bulk action, hers are done and the others are left alone, and she is told.
    response = bulk(client, "trash", mine, theirs)
    page = client.get(response.headers["Location"]).text
    assert "1 comment moved to the Trash." in page and "1 comment was left alone" in page
    assert (status_of(mine.id), status_of(theirs.id)) == ("trash", "pending")
    assert bulk(client, "approve", theirs).status_code == 403


def test_a_contributor_sees_the_list_but_may_act_on_nothing(
    app: Flask, people: dict[str, User], posts: dict[str, Post]
) -> None:
    client = signed_in(app.test_client(), people["cy"])
    comment = make_comment(posts["ann"], "pending")
    html = client.get(LIST).text
    assert listed_ids(html) == [comment.id]
    assert "cb-select-" not in html and "approvecomment" not in html and "mailto:" not in html
    for action in ("approvecomment", "trashcomment", "spamcomment", "replyto", "editedcomment"):
        assert row_action(client, action, comment).status_code == 403, action
    assert bulk(client, "approve", comment).status_code == 403
    assert client.get(f"/wp-admin/comment.php?action=editcomment&c={comment.id}").status_code == 403
    assert status_of(comment.id) == "pending"


def test_a_subscriber_may_not_open_the_screen(app: Flask, people: dict[str, User]) -> None:
    client = signed_in(app.test_client(), make_person("subscriber", "sam"))
    assert client.get(LIST).status_code == 403


def test_an_unknown_comment_is_named_as_such(admin: FlaskClient) -> None:
    response = admin.get("/wp-admin/comment.php?action=editcomment&c=999")
    assert response.status_code == 404 and "Invalid comment ID." in response.text
    assert row_action(admin, "approvecomment", Comment(id=999)).status_code == 404


# -- replying ----------------------------------------------------------------------------------


def test_a_reply_is_approved_and_threaded_under_the_comment_on_the_site(
    app: Flask, admin: FlaskClient, people: dict[str, User], posts: dict[str, Post]
) -> None:
    post = posts["ann"]
    parent = make_comment(post, "approved", "Ann Lee", "What soil do tulips like?")
    html = admin.get(LIST).text
    assert f'action="/wp-admin/comment.php?action=replyto&amp;c={parent.id}"' in html
    response = post_form(
        admin,
        f"/wp-admin/comment.php?action=replyto&c={parent.id}",
        {"content": "Sandy soil, well drained.", "redirect_to": LIST},
    )
    assert response.status_code == 303
    assert "Reply posted." in admin.get(response.headers["Location"]).text
    reply = db.session.scalars(select(Comment).where(Comment.parent_id == parent.id)).one()
    assert (reply.status, reply.user_id, reply.author_name) == (
        "approved",
        people["admin"].id,
        "Ada",
    )
    assert count_of(post) == 2
    page = public(app.test_client(), post)
    # Inside the parent's list item, one level down.
    parent_item = page[page.index(f'id="comment-{parent.id}"') :]
    assert f'<li id="comment-{reply.id}" class="comment depth-2' in parent_item
    assert "Sandy soil, well drained." in page


def test_replying_to_a_held_comment_approves_it(
    app: Flask, admin: FlaskClient, posts: dict[str, Post]
) -> None:
    post = posts["ann"]
    held = make_comment(post, "pending", content="Is this thing on?")
    assert "Approve and Reply" in admin.get(LIST).text
    response = post_form(
        admin, f"/wp-admin/comment.php?action=replyto&c={held.id}", {"content": "It is!"}
    )
    assert "Comment approved and reply posted." in admin.get(response.headers["Location"]).text
    assert status_of(held.id) == "approved" and count_of(post) == 2
    page = public(app.test_client(), post)
    assert "Is this thing on?" in page and "It is!" in page


def test_an_empty_reply_comes_back_with_a_message(
    admin: FlaskClient, posts: dict[str, Post]
) -> None:
    parent = make_comment(posts["ann"])
    response = post_form(
        admin, f"/wp-admin/comment.php?action=replyto&c={parent.id}", {"content": "   "}
    )
    assert response.status_code == 422
    assert "Type your reply" in response.text
    spam = make_comment(posts["ann"], "spam")
    response = post_form(
        admin, f"/wp-admin/comment.php?action=replyto&c={spam.id}", {"content": "Hello"}
    )
    assert response.status_code == 422 and "restore it before replying" in response.text
    assert 'name="content"' in response.text and ">Hello</textarea>" in response.text


# -- editing -----------------------------------------------------------------------------------


def _edit(client: FlaskClient, comment: Comment, **fields: str) -> TestResponse:
    data = {
        "newcomment_author": comment.author_name,
        "newcomment_author_email": comment.author_email,
        "newcomment_author_url": comment.author_url,
        "content": comment.content,
        "comment_status": "1",
        **fields,
    }
    return post_form(client, f"/wp-admin/comment.php?action=editedcomment&c={comment.id}", data)


def test_editing_a_comment_saves_it_and_shows_on_the_site(
    app: Flask, admin: FlaskClient, posts: dict[str, Post]
) -> None:
    post = posts["ann"]
    comment = make_comment(post, "pending", "Ann Lee", "Typo here.")
    form = admin.get(f"/wp-admin/comment.php?action=editcomment&c={comment.id}")
    assert form.status_code == 200
    assert 'value="Ann Lee"' in form.text and ">Typo here.</textarea>" in form.text
    assert 'value="0" checked' in form.text
    response = _edit(
        admin,
        comment,
        newcomment_author="Ann B. Lee",
        newcomment_author_url="example.org/ann",
        content="Fixed <b>now</b>. <script>x()</script>",
    )
    assert response.status_code == 303
    assert "Comment updated." in admin.get(response.headers["Location"]).text
    db.session.expire_all()
    saved = db.session.get(Comment, comment.id)
    assert saved is not None
    assert (saved.author_name, saved.author_url, saved.status) == (
        "Ann B. Lee",
        "http://example.org/ann",
        "approved",
    )
    assert "<script>" not in saved.content and "<b>now</b>" in saved.content
    assert count_of(post) == 1
    assert "Fixed <b>now</b>" in public(app.test_client(), post)


def test_a_failed_edit_says_what_to_fix_and_keeps_what_was_typed(
    admin: FlaskClient, posts: dict[str, Post]
) -> None:
    comment = make_comment(posts["ann"])
    response = _edit(
        admin,
        comment,
        newcomment_author="New Name",
        newcomment_author_email="not-an-address",
        newcomment_author_url="javascript:alert(1)",
        content="",
        comment_status="maybe",
    )
    assert response.status_code == 422
    text = response.text
    assert "Enter a valid email address" in text
    assert "Enter a web address starting with http:// or https://" in text
    assert "Type the comment&#39;s text" in text
    assert "Choose Approved, Pending or Spam." in text
    assert 'value="New Name"' in text and 'value="not-an-address"' in text
    assert 'value="javascript:alert(1)"' in text  # kept in the box, never a link
    assert 'aria-invalid="true"' in text
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).author_name == "Ann Lee"  # type: ignore[union-attr]


def test_a_trashed_comment_is_restored_before_it_is_edited(
    admin: FlaskClient, posts: dict[str, Post]
) -> None:
    comment = make_comment(posts["ann"], "trash")
    page = admin.get(f"/wp-admin/comment.php?action=editcomment&c={comment.id}").text
    assert "This comment is in the Trash." in page and "editedcomment" not in page


# -- hostile comments --------------------------------------------------------------------------


def test_hostile_comments_are_shown_harmless(admin: FlaskClient, posts: dict[str, Post]) -> None:
    make_comment(
        posts["ann"],
        "pending",
        author='<img src=x onerror="alert(1)">Mallory',
        content='<script>alert("x")</script><a href="javascript:alert(2)">click</a> '
        '<p onclick="alert(3)">hi</p>',
        author_url="javascript:alert(4)",
        author_email='m"><script>@example.com',
    )
    make_comment(posts["ann"], "pending", "Dee", author_url="data:text/html,<b>x</b>")
    html = admin.get(LIST).text
    tags = re.findall(r"<[a-zA-Z][^>]*>", html)
    assert not [t for t in tags if t.lower().startswith(("<script", "<img"))]
    assert not [t for t in tags if re.search(r"\son\w+=", t)]
    assert not [t for t in tags if "javascript:" in t or "data:" in t]
    # What the commenter typed is shown as text, and the words survive.
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;Mallory" in html
    assert "<a>click</a>" in html and "<p>hi</p>" in html


def test_the_screen_is_in_the_admin_menu_after_the_dashboard(admin: FlaskClient) -> None:
    html = admin.get("/wp-admin/").text
    menu = html[html.index('<nav class="admin-menu"') :]
    assert '<a href="/wp-admin/edit-comments.php">Comments</a>' in menu
    assert menu.index(">Dashboard<") < menu.index(">Comments<")
