"""The main query: WordPress's conditionals, visibility, sticky posts and pagination."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask import Flask

from magtheme.models import db
from magtheme.options import load_options, update_option
from magtheme.query import MainQuery
from magtheme.site import registry
from tests.factories import make_post, make_term, make_user

NOW = datetime(2025, 1, 1, 12, 0, 0)


def run(app: Flask, **query_vars: str):
    return MainQuery(db.session, load_options(), registry(app), NOW).run(query_vars)


def test_root_is_home_and_front_page(app: Flask) -> None:
    make_post("Hello")
    ctx = run(app)
    assert ctx.is_home and ctx.is_front_page and not ctx.is_archive
    assert [p.title for p in ctx.posts] == ["Hello"]


def test_single_post_by_name_and_date(app: Flask) -> None:
    post = make_post("Hello World", date=datetime(2024, 5, 11, 9, 0))
    ctx = run(app, name="hello-world", year="2024", monthnum="05", day="11")
    assert ctx.is_single and ctx.is_singular and ctx.queried_object.id == post.id
    assert run(app, name="hello-world", year="2023").is_404


@pytest.mark.parametrize("status", ["draft", "pending", "private", "trash"])
def test_unpublished_posts_are_404(app: Flask, status: str) -> None:
    post = make_post("Secret", status=status)
    assert run(app, p=str(post.id)).is_404
    assert run(app).posts == []


def test_scheduled_post_appears_at_its_date(app: Flask) -> None:
    later = make_post("Later", status="future", date=NOW + timedelta(days=1))
    earlier = make_post("Earlier", status="future", date=NOW - timedelta(days=1))
    assert run(app, p=str(later.id)).is_404
    assert run(app, p=str(earlier.id)).is_single
    assert [p.title for p in run(app).posts] == ["Earlier"]


def test_page_by_path_and_posts_page(app: Flask) -> None:
    parent = make_post("About", post_type="page")
    child = make_post("Team", post_type="page", parent_id=parent.id)
    blog = make_post("Blog", post_type="page")
    ctx = run(app, pagename="about/team")
    assert ctx.is_page and ctx.queried_object.id == child.id
    update_option("show_on_front", "page")
    update_option("page_for_posts", blog.id)
    update_option("page_on_front", parent.id)
    ctx = run(app, pagename="blog")
    assert ctx.is_home and ctx.is_posts_page and not ctx.is_page and not ctx.is_front_page
    front = run(app, _root="1")
    assert front.is_page and front.is_front_page and front.queried_object.id == parent.id


def test_static_front_page_without_page_is_home_not_front(app: Flask) -> None:
    update_option("show_on_front", "page")
    ctx = run(app, _root="1")
    assert ctx.is_home and not ctx.is_front_page


def test_privacy_policy_page(app: Flask) -> None:
    page = make_post("Privacy Policy", post_type="page")
    update_option("wp_page_for_privacy_policy", page.id)
    ctx = run(app, pagename="privacy-policy")
    assert ctx.is_page and ctx.is_privacy_policy


def test_category_archive_includes_child_categories(app: Flask) -> None:
    sport = make_term("Sport")
    football = make_term("Football", parent_id=sport.id)
    make_post("Match report", terms=[football])
    make_post("Elsewhere")
    ctx = run(app, category_name="sport")
    assert ctx.is_category and ctx.is_archive
    assert [p.title for p in ctx.posts] == ["Match report"]
    assert run(app, category_name="nope").is_404


def test_tag_author_and_date_archives(app: Flask) -> None:
    tag = make_term("Elections", taxonomy="post_tag")
    writer = make_user("writer")
    make_post("Vote", terms=[tag], author_id=writer.id, date=datetime(2024, 5, 3))
    make_post("Other", date=datetime(2023, 5, 3))
    assert [p.title for p in run(app, tag="elections").posts] == ["Vote"]
    ctx = run(app, author_name="writer")
    assert ctx.is_author and [p.title for p in ctx.posts] == ["Vote"]
    ctx = run(app, year="2024", monthnum="05")
    assert ctx.is_month and ctx.is_date and [p.title for p in ctx.posts] == ["Vote"]
    assert run(app, m="2023").is_year
    assert run(app, year="2024", monthnum="02", day="30").is_404


def test_search_is_never_home(app: Flask) -> None:
    make_post("Peace talks in Istanbul")
    make_post("Football results")
    ctx = run(app, s="istanbul peace")
    assert ctx.is_search and not ctx.is_home
    assert [p.title for p in ctx.posts] == ["Peace talks in Istanbul"]
    empty = run(app, s="")
    assert empty.is_search and not empty.is_home


def test_sticky_posts_lead_first_page_only(app: Flask) -> None:
    update_option("posts_per_page", 2)
    old = make_post("Old sticky", date=datetime(2020, 1, 1))
    for n in range(4):
        make_post(f"News {n}", date=datetime(2024, 1, 1 + n))
    update_option("sticky_posts", [old.id])
    first = run(app)
    assert [p.title for p in first.posts] == ["Old sticky", "News 3", "News 2"]
    third = run(app, paged="3")
    assert [p.title for p in third.posts] == ["Old sticky"]


def test_sticky_posts_lead_newest_first_as_wordpress_lists_them(app: Flask) -> None:
    # Made oldest first, so IDs rise with dates: the stored option (a set, kept sorted) lists
    # the oldest first, and the page must not follow it.
    oldest = make_post("Oldest sticky", date=datetime(2018, 1, 1))
    older = make_post("Older sticky", date=datetime(2019, 1, 1))
    on_page = make_post("Sticky on the page", date=datetime(2024, 2, 1))
    newest = make_post("Newest sticky", date=datetime(2024, 3, 1))
    for n in range(3):
        make_post(f"News {n}", date=datetime(2024, 1, 1 + n))
    update_option("posts_per_page", 4)
    update_option("sticky_posts", [oldest.id, on_page.id, older.id, newest.id])
    titles = [p.title for p in run(app).posts]
    # WP_Query: the stickies found on the page move to the front in page order, then the
    # others follow, newest first; then the rest of the page.
    assert titles == [
        "Newest sticky",
        "Sticky on the page",
        "Older sticky",
        "Oldest sticky",
        "News 2",
        "News 1",
    ]


def test_page_past_the_last_is_404(app: Flask) -> None:
    make_post("Only")
    assert run(app, paged="2").is_404
    assert not run(app, paged="1").is_404


def test_nextpage_parts(app: Flask) -> None:
    post = make_post("Parts", content="one<!--nextpage-->two")
    assert run(app, p=str(post.id), page="2").is_single
    assert run(app, p=str(post.id), page="3").is_404


def test_embed_of_missing_post_stays_embed(app: Flask) -> None:
    ctx = run(app, name="missing", embed="true")
    assert ctx.is_404 and ctx.is_embed


def test_custom_post_type_and_taxonomy(tmp_path, monkeypatch) -> None:
    from magtheme import create_app

    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "config.toml").write_text(
        "[post_types.book]\npublic = true\nhas_archive = true\ntaxonomies = ['genre']\n"
        "[taxonomies.genre]\nobject_type = ['book']\nhierarchical = true\n"
    )
    app = create_app(folder, {"TESTING": True})
    with app.app_context():
        db.create_all()
        genre = make_term("Fantasy", taxonomy="genre")
        book = make_post("Dune", post_type="book", terms=[genre])
        ctx = run(app, post_type="book", name="dune")
        assert ctx.is_single and ctx.queried_object.id == book.id
        archive = run(app, post_type="book")
        assert archive.is_post_type_archive and [p.title for p in archive.posts] == ["Dune"]
        tax = run(app, genre="fantasy")
        assert tax.is_tax and [p.title for p in tax.posts] == ["Dune"]


def test_static_front_page_keeps_is_page_when_paged(app: Flask) -> None:
    front = make_post("Welcome", post_type="page")
    make_post("A post")
    update_option("show_on_front", "page")
    update_option("page_on_front", front.id)
    ctx = run(app, paged="2")
    assert ctx.is_page and ctx.is_front_page and ctx.is_paged and not ctx.is_home
    assert ctx.queried_object.id == front.id
    # Anything else asked for keeps the request what it was.
    search = run(app, paged="1", s="post")
    assert search.is_search and not search.is_page


def test_unattached_attachment_at_a_page_path_is_single(app: Flask) -> None:
    page = make_post("About", post_type="page")
    make_post("Logo", post_type="attachment", status="inherit", mime_type="image/png")
    make_post("Chart", post_type="attachment", status="inherit", parent_id=page.id)
    logo = run(app, pagename="logo")
    assert logo.is_attachment and logo.is_single and not logo.is_page
    chart = run(app, pagename="about/chart")
    assert chart.is_attachment and chart.is_page and not chart.is_single


@pytest.mark.parametrize(
    ("query_vars", "found"),
    [
        ({"year": "2019"}, False),
        ({"year": "2024", "monthnum": "7"}, False),
        ({"year": "2024", "monthnum": "1", "day": "2"}, False),
        ({"m": "201901"}, False),
        ({"year": "2019", "feed": "rss2"}, True),
        ({"category_name": "empty"}, True),
        ({"tag": "lonely"}, True),
        ({"author_name": "quiet"}, True),
        ({"s": "nothing-matches-this"}, True),
        ({"year": "2024"}, True),
    ],
)
def test_an_empty_list_is_404_only_where_wordpress_says_so(
    app: Flask, query_vars: dict[str, str], found: bool
) -> None:
    # WordPress's handle_404: an empty date archive is not found; an archive naming a term
    # or an author, the home, a search and a feed are found however empty.
    make_post("Only", date=datetime(2024, 1, 1, 9))
    make_term("Empty", taxonomy="category", slug="empty")
    make_term("Lonely", taxonomy="post_tag", slug="lonely")
    make_user("quiet")
    ctx = run(app, **query_vars)
    assert ctx.is_404 is not found


def test_an_empty_home_is_the_home(app: Flask) -> None:
    ctx = run(app)
    assert ctx.is_home and not ctx.is_404
