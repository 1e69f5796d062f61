"""Magazine's article, archive, search and 404 pages as a reader sees them: the BREAKING mark
only on breaking stories, categories in their colours, previous/next links, breadcrumbs,
related stories, marked search words, post formats, and pages whose statements stay
constant."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from magtheme import navigation
from magtheme.cli import main
from magtheme.models import Post, Term, db
from magtheme.options import forget_options
from magtheme.routing.lookup import DbLookup
from magtheme.themes.settings import SettingError, contrast_with_white
from magtheme.visibility import now_gmt
from tests.checkers import SEED_PATH
from tests.conftest import StatementCounter, serve_site
from tests.factories import make_post, make_term
from tests.test_demo import SEED_TITLE
from tests.test_theme_magazine import page, set_mod, start_magazine


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return start_magazine(app)


def term(slug: str, taxonomy: str = "category") -> Term:
    return db.session.scalars(
        select(Term).where(Term.taxonomy == taxonomy, Term.slug == slug)
    ).one()


def card_of(html: str, title: str) -> str:
    """The story card (or article) whose headline is *title*."""
    for chunk in html.split("<article ")[1:]:
        if title in chunk.split("</article>", 1)[0]:
            return chunk.split("</article>", 1)[0]
    raise AssertionError(f"no card for {title!r}")


# -- the BREAKING mark ------------------------------------------------------------------


def test_the_breaking_mark_is_on_breaking_stories_only(client: FlaskClient) -> None:
    mark = '<span class="breaking-mark">Breaking</span>'
    assert mark in page(client, SEED_PATH)  # category breaking-news
    quiet = make_post("Library Opens Late", terms=[term("world")], date=datetime(2025, 5, 11, 23))
    assert mark not in page(client, f"/?p={quiet.id}")
    listing = page(client, "/category/world/")
    assert mark in card_of(listing, SEED_TITLE)
    assert mark not in card_of(listing, "Library Opens Late")


def test_the_breaking_category_and_tag_are_settings(client: FlaskClient) -> None:
    mark = '<span class="breaking-mark">Breaking</span>'
    story = make_post("Bridge Reopens", terms=[term("world")])
    set_mod("breaking_category", "world")
    forget_options()
    assert mark in page(client, f"/?p={story.id}")
    # No breaking category and no tag: nothing is marked, not even the seed story.
    set_mod("breaking_category", "")
    set_mod("breaking_tag", "")
    forget_options()
    assert mark not in page(client, SEED_PATH)
    assert mark not in page(client, "/category/world/")


# -- category colours -------------------------------------------------------------------


def test_labels_and_the_category_heading_take_the_category_colour(client: FlaskClient) -> None:
    html = page(client, SEED_PATH)
    assert ".category-world{--cat-color:#1f5fa8}" in html
    assert 'class="cat-label cat-world category-world"' in html
    set_mod("category_colors", "world=#004488, politics=#7A1030")
    forget_options()
    html = page(client, "/category/world/")
    assert ".category-world{--cat-color:#004488}" in html
    assert ".category-politics{--cat-color:#7a1030}" in html
    assert ".category-business{" not in html  # no longer in the table: the primary colour
    assert 'class="page-header category-header category-world"' in html


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("world=#ffdd00", "too light for the white text"),
        ("world=blue", "is not a color"),
        ("World News=#123456", "is not a category slug"),
        ("world=#123456, world=#654321", "given twice"),
        ("world", "has no '='"),
        ('{"world": 12}', "is not a color"),
        ("[1, 2]", "is not a table of categories"),
    ],
)
def test_a_bad_category_colour_is_refused_saying_why(
    client: FlaskClient, value: str, said: str
) -> None:
    with pytest.raises(SettingError) as refused:
        set_mod("category_colors", value)
    assert said in str(refused.value)
    assert "category_colors" in str(refused.value)


def test_colours_are_checked_against_white_text() -> None:
    assert contrast_with_white("#fff") == pytest.approx(1.0)
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert 4.5 <= contrast_with_white("#1f5fa8")


def test_saving_a_colour_for_a_category_the_site_lacks_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(tmp_path / "site"))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    runner = CliRunner()
    for args in (["init"], ["theme", "activate", "magazine"]):
        assert runner.invoke(main, args, catch_exceptions=False).exit_code == 0
    from magtheme.cli import _app

    with _app().app_context():
        make_term("Uncategorized")
    refused = runner.invoke(
        main, ["theme", "mod", "set", "category_colors", "uncategorized=#123456, sport=#123456"]
    )
    assert refused.exit_code == 1
    assert "no category 'sport'" in refused.output and "uncategorized" in refused.output
    fine = runner.invoke(main, ["theme", "mod", "set", "category_colors", "uncategorized=#123"])
    assert fine.exit_code == 0, fine.output
    assert '"uncategorized": "#112233"' in fine.output


# -- previous and next ------------------------------------------------------------------


def nav_links(html: str) -> dict[str, str]:
    nav = html.split('<nav class="post-navigation"', 1)
    if len(nav) == 1:
        return {}
    block = nav[1].split("</nav>", 1)[0]
    return dict(re.findall(r'<a class="nav-(previous|next)" href="([^"]+)"', block))


def test_previous_and_next_follow_dates_then_ids(client: FlaskClient) -> None:
    late = datetime(2031, 1, 1, 9, 0)
    first = make_post("Tied First", date=late)
    second = make_post("Tied Second", date=late)  # same date: the higher id comes after
    make_post("A Draft Between", date=datetime(2031, 1, 1, 10, 0), status="draft")
    make_post("An About Page", date=datetime(2031, 1, 1, 11, 0), post_type="page")
    last = make_post("Newest Of All", date=datetime(2031, 1, 2, 9, 0))
    forget_options()
    links = nav_links(page(client, f"/?p={second.id}"))
    assert links["previous"].endswith("/tied-first/")
    assert links["next"].endswith("/newest-of-all/")  # neither the draft nor the page
    assert nav_links(page(client, f"/?p={first.id}"))["next"].endswith("/tied-second/")
    at_the_end = nav_links(page(client, f"/?p={last.id}"))
    assert "next" not in at_the_end and at_the_end["previous"].endswith("/tied-second/")


def test_the_oldest_story_has_no_previous_link(client: FlaskClient) -> None:
    oldest = make_post("Founding Day", date=datetime(1990, 1, 1))
    links = nav_links(page(client, f"/?p={oldest.id}"))
    assert "previous" not in links and "next" in links
    assert 'rel="next"' in page(client, f"/?p={oldest.id}")
    # A page gets no story navigation.
    assert '<nav class="post-navigation"' not in page(client, "/about/")


def test_adjacent_posts_cost_two_statements(
    client: FlaskClient, sql_counter: StatementCounter
) -> None:
    post = db.session.scalars(select(Post).where(Post.title.like("Putin Proposes%"))).one()
    linker = type("Linker", (), {"lookup": DbLookup(db.session), "post": lambda s, p: p.slug})()
    sql_counter.reset()
    near = navigation.adjacent_posts(db.session, post, linker, now_gmt())
    assert sql_counter.count == 2
    # The story published just before the seed (the demo's day before), none between.
    before = db.session.scalars(
        select(Post)
        .where(Post.post_type == "post", Post.status == "publish", Post.date < post.date)
        .order_by(Post.date.desc(), Post.id.desc())
        .limit(1)
    ).one()
    assert near["previous"] is not None and near["previous"].id == before.id


# -- breadcrumbs, related stories, the author box ----------------------------------------


def crumbs(html: str) -> list[str]:
    nav = html.split('<nav class="breadcrumbs" aria-label="Breadcrumb">', 1)[1]
    return re.findall(r"<li>(?:<a [^>]*>|<span [^>]*>)?([^<]+)", nav.split("</nav>", 1)[0])


def test_breadcrumbs_lead_from_home_through_the_sections(client: FlaskClient) -> None:
    # The breaking-news category is skipped: the section is World.
    assert crumbs(page(client, SEED_PATH)) == ["Home", "World", SEED_TITLE]
    europe = page(client, "/2025/05/10/foreign-ministers-meet-as-ceasefire-pressure-builds/")
    assert crumbs(europe)[:3] == ["Home", "World", "Europe"]
    assert '<span aria-current="page">' in europe.split('class="breadcrumbs"', 1)[1]
    assert crumbs(page(client, "/category/world/europe/")) == ["Home", "World", "Europe"]
    assert crumbs(page(client, "/?s=peace")) == ["Home", "Search results for “peace”"]
    assert '<nav class="breadcrumbs"' not in page(client, "/")


def test_the_article_offers_related_stories(client: FlaskClient) -> None:
    html = page(client, SEED_PATH)
    related = html.split('<div class="related-stories">', 1)[1].split("</section>", 1)[0]
    assert "Related stories" in related
    assert related.count('class="related-post"') == 3 and SEED_TITLE not in related


def test_the_author_archive_has_the_avatar_and_the_bio(client: FlaskClient) -> None:
    html = page(client, "/author/amara/")
    header = html.split('<header class="page-header author-header">', 1)[1].split("</header>")[0]
    # The author's own picture (the demo's portraits), in the author box.
    assert "/avatar-amara-" in header and "author-box-avatar" in header
    assert "is the editor of The Daily Meridian" in header


# -- search and the 404 -----------------------------------------------------------------


def test_search_results_mark_the_searched_words(client: FlaskClient) -> None:
    html = page(client, "/?s=peace+talks")
    card = card_of(html, "Putin Proposes")
    assert "Direct <mark>Peace</mark> <mark>Talks</mark>" in card
    summary = card.split('class="entry-summary">', 1)[1].split("</p>", 1)[0]
    assert "<mark>peace</mark> <mark>talks</mark>" in summary
    assert "<mark>" not in card_of(page(client, "/category/world/"), "Putin Proposes")


def test_the_404_offers_a_search_the_latest_and_the_popular_stories(
    client: FlaskClient,
) -> None:
    html = page(client, "/no-such-story/", 404)
    assert 'role="search"' in html and 'aria-label="Search the site"' in html
    latest = html.split('<div class="not-found-latest">', 1)[1].split("</section>", 1)[0]
    assert "Latest stories" in latest and SEED_TITLE in latest
    popular = html.split('<div class="not-found-popular">', 1)[1].split("</section>", 1)[0]
    # Nothing was read yet: the most commented stories, the seed story (15 comments) first.
    assert "Popular stories" in popular and SEED_TITLE in popular


# -- post formats -----------------------------------------------------------------------


def test_each_post_format_has_its_own_card_and_badge(client: FlaskClient) -> None:
    world = term("world")
    aside = make_term("Aside", "post_format", slug="post-format-aside")
    video = make_term("Video", "post_format", slug="post-format-video")
    make_post(
        "A Quick Note",
        terms=[world, aside],
        content="<p>Trains run late tonight.</p>",
        date=datetime(2030, 1, 1),
    )
    make_post("Watch The Launch", terms=[world, video], date=datetime(2030, 1, 2))
    html = page(client, "/category/world/")
    note = card_of(html, "A Quick Note")
    assert "story-card-aside" in note and "format-aside" in note
    assert '<span class="format-badge format-badge-aside">Aside</span>' in note
    assert "Trains run late tonight." in note.split("story-card-text", 1)[1]
    assert '<span class="format-badge format-badge-video">Video</span>' in card_of(
        html, "Watch The Launch"
    )
    assert "format-badge" not in card_of(html, "Putin Proposes")


# -- statements -------------------------------------------------------------------------


@pytest.fixture
def uncached(instance: Path) -> Iterator[Flask]:
    yield from serve_site(instance, WIDGET_CACHE_SIZE=0)


def test_article_pages_cost_the_same_statements_with_or_without_neighbours(
    uncached: Flask, sql_counter: StatementCounter
) -> None:
    client = start_magazine(uncached)
    lonely = make_post("No Neighbours Here", date=datetime(2035, 1, 1))  # no next, no related
    paths = [
        SEED_PATH,
        "/2025/05/10/foreign-ministers-meet-as-ceasefire-pressure-builds/",
        f"/?p={lonely.id}",
    ]
    for path in paths:
        client.get(path, follow_redirects=True)  # what a process loads once
    counts = []
    for path in paths:
        sql_counter.reset()
        html = page(client, path)
        counts.append(sql_counter.count)
        assert '<nav class="post-navigation"' in html
    assert "related-stories" not in page(client, f"/?p={lonely.id}")
    assert "related-stories" in page(client, SEED_PATH)
    assert len(set(counts[:2])) == 1, counts
    # Without related stories or a next story, no more statements than with them.
    assert counts[2] <= counts[0], counts


def test_a_short_story_without_an_excerpt_has_no_standfirst(client: FlaskClient) -> None:
    # Its automatic excerpt is the whole text, not cut: still no standfirst.
    short = make_post("Polls Close", content="<p>Polls close at 10pm.</p>", terms=[term("world")])
    html = page(client, f"/?p={short.id}")
    assert 'class="standfirst"' not in html and "Polls close at 10pm." in html


def test_the_featured_image_credits_its_maker(client: FlaskClient) -> None:
    image = make_post(
        "Harbour Photo",
        post_type="attachment",
        status="inherit",
        mime_type="image/jpeg",
        excerpt="Boats tied up in the storm.",
        meta={"_wp_attached_file": "2026/01/harbour.jpg", "_media_credit": "Ana <b>Ruiz</b>"},
    )
    story = make_post("Boats Stay In", meta={"_thumbnail_id": str(image.id)})
    html = page(client, f"/?p={story.id}")
    caption = html.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0]
    assert caption == (
        'Boats tied up in the storm. <span class="image-credit">Credit: Ana &lt;b&gt;Ruiz&lt;/b&gt;</span>'
    )


def test_a_pages_breadcrumbs_name_its_public_parents_only(client: FlaskClient) -> None:
    guide = make_post("Reader Guide", post_type="page")
    hidden = make_post("Staff Only", post_type="page", status="private", parent_id=guide.id)
    child = make_post("Letters Policy", post_type="page", parent_id=hidden.id)
    assert crumbs(page(client, f"/?page_id={child.id}")) == [
        "Home",
        "Reader Guide",
        "Letters Policy",
    ]
