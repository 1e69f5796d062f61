"""The bundled Magazine theme on the demo site: home sections, the seed article, every list
page, its settings, and a home page whose statements do not grow with its posts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from magtheme import site
from magtheme.demo import load_demo
from magtheme.media.metadata import AttachmentMetadata, SubSize, dump_metadata
from magtheme.models import PostMeta, Term, db
from magtheme.options import forget_options, load_options, update_option
from magtheme.themes import discover_themes, mods
from magtheme.themes.activation import activate
from magtheme.themes.check import check_theme
from tests.checkers import SEED_PATH
from tests.conftest import ROOT, StatementCounter, serve_site
from tests.factories import make_post
from tests.test_demo import SEED_TITLE

SEED_FIRST_WORDS = "Russian President Vladimir Putin has proposed direct peace talks with Ukraine"


def start_magazine(app: Flask) -> FlaskClient:
    """The demo loaded and Magazine active, as `magtheme theme activate magazine` leaves it."""
    load_demo()
    activate("magazine", site.installed_themes(app))
    db.session.commit()
    return app.test_client()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return start_magazine(app)


def page(client: FlaskClient, path: str, status: int = 200) -> str:
    response = client.get(path, follow_redirects=True)
    assert response.status_code == status, (path, response.status_code)
    assert response.headers["Content-Type"].startswith("text/html")
    return response.get_data(as_text=True)


def set_mod(setting: str, value: str) -> None:
    mods.set_mod("magazine", setting, value, mods.chain_schema(site.theme_chain("magazine")))
    db.session.commit()


def test_magazine_checks_clean_and_is_the_default(app: Flask) -> None:
    themes = discover_themes([ROOT / "themes"])
    report = check_theme("magazine", themes)
    assert report.findings == [], [str(f) for f in report.findings]
    html = app.test_client().get("/").get_data(as_text=True)
    assert "/themes/magazine/static/" in html and "/themes/classic/" not in html


def test_home_has_the_ticker_a_hero_and_a_block_per_section(client: FlaskClient) -> None:
    html = page(client, "/")
    assert "/themes/magazine/static/css/magazine.css?v=" in html
    top_bar = html.split('<div class="top-bar" role="region" aria-label="Today">', 1)[1].split(
        '<header class="site-header">', 1
    )[0]
    assert 'data-magtheme-ticker="breaking"' in top_bar and SEED_TITLE in top_bar
    sections = html.split('<div class="home-sections">', 1)[1].split("Latest stories", 1)[0]
    assert sections.count('class="hero-post') >= 1
    for name in ("World", "Politics", "Business", "Technology"):
        assert f">More in {name}</a>" in sections, name
    assert html.count('class="post-') >= 10  # the latest stories under the sections
    assert 'aria-label="Posts pages"' in html and re.search(r'href="[^"]*/page/2/"', html)
    assert 'id="site-navigation"' in html and 'class="menu-toggle" href="#site-navigation"' in html


def test_the_second_page_lists_stories_without_the_sections(client: FlaskClient) -> None:
    html = page(client, "/page/2/")
    assert "home-sections" not in html and 'aria-current="page"' in html


def test_seed_article_reads_like_the_seed_page(client: FlaskClient) -> None:
    html = page(client, SEED_PATH)
    assert '<span class="breaking-mark">Breaking</span>' in html
    assert f'<h1 class="entry-title">{SEED_TITLE}</h1>' in html
    assert '<a class="comments-link" href="#comments">15 Comments</a>' in html
    assert '<section id="comments"' in html and html.count('class="comment-body') == 15
    assert 'id="commentform"' in html
    assert SEED_FIRST_WORDS in html.split('<div class="entry-content">', 1)[1]
    assert re.search(r'<span class="reading-time">\d+ min read</span>', html)
    # The section label is the story's own category, not Breaking News.
    label = r'<a class="cat-label cat-world category-world" href="[^"]*/category/world/">World</a>'
    assert re.search(label, html)
    assert 'rel="author">Amara Okafor</a>' in html and 'class="author-box"' in html
    assert 'href="https://www.facebook.com/sharer/sharer.php?u=' in html
    # Scripts are the site's own files only: the ticker's and the theme's chrome.
    assert re.findall(r"<script[^>]*>", html) == [
        m
        for m in re.findall(r"<script[^>]*>", html)
        if re.match(
            r'<script src="/(magtheme/static/ticker|themes/magazine/static/js/[a-z-]+)\.js', m
        )
    ]


def test_a_manual_excerpt_is_the_standfirst_and_a_breaking_tag_marks_the_story(
    client: FlaskClient,
) -> None:
    breaking = db.session.scalars(
        select(Term).where(Term.taxonomy == "post_tag", Term.slug == "breaking")
    ).one()
    post = make_post(
        "Storm Closes Harbour",
        excerpt="Ferries stay in port & schools shut as the gale arrives.",
        content="<p>The storm came in overnight.</p>",
        terms=[breaking],
    )
    html = page(client, f"/?p={post.id}")
    assert (
        '<p class="standfirst">Ferries stay in port &amp; schools shut as the gale arrives.</p>'
        in html
    )
    assert '<span class="breaking-mark">Breaking</span>' in html
    # An automatic excerpt is no standfirst.
    assert 'class="standfirst"' not in page(client, SEED_PATH)


@pytest.mark.parametrize(
    ("path", "parts"),
    [
        ("/category/world/", ["Category:", "World", "News and analysis from around the globe."]),
        ("/tag/ukraine/", ["Tag:", "Ukraine"]),
        ("/author/amara/", ["Author:", "Amara Okafor"]),
        ("/2025/05/", ["Month:", "May 2025"]),
        ("/?s=peace", ["Search results for", "peace", "result</p>"]),
    ],
)
def test_list_pages_show_their_heading_and_stories(
    client: FlaskClient, path: str, parts: list[str]
) -> None:
    html = page(client, path)
    header = re.split(r'<header class="page-header[^"]*">', html, maxsplit=1)[1]
    header = header.split("</header>", 1)[0]
    for part in parts:
        assert part in header, (path, part)
    assert html.count('class="entry-title"><a href=') >= 1


def test_not_found_offers_a_search_and_the_latest_stories(client: FlaskClient) -> None:
    html = page(client, "/no-such-story/", 404)
    assert "Page not found" in html and 'aria-label="Search the site"' in html
    latest = html.split('<div class="not-found-latest">', 1)[1]
    assert "Latest stories" in latest and SEED_TITLE in latest


def test_a_page_has_its_title_and_content_without_a_byline(client: FlaskClient) -> None:
    html = page(client, "/about/")
    assert '<h1 class="entry-title">About' in html
    assert 'class="byline"' not in html and "share-links" not in html


def test_settings_move_the_ticker_and_fix_the_color_scheme(client: FlaskClient) -> None:
    assert "data-theme=" not in page(client, "/")
    set_mod("color_scheme", "dark")
    set_mod("ticker_position", "below-header")
    html = page(client, "/")
    assert re.search(r'<html lang="[^"]*" data-theme="dark">', html)
    # The top bar keeps the demo's social menu, without the ticker.
    top_bar = html.split('<div class="top-bar" role="region" aria-label="Today">', 1)[1].split(
        '<header class="site-header">', 1
    )[0]
    assert "magtheme-ticker" not in top_bar and 'aria-label="Social links"' in top_bar
    assert '<div class="ticker-bar"><section class="magtheme-ticker' in html
    set_mod("ticker_position", "hidden")
    assert "magtheme-ticker" not in page(client, "/")


def test_a_bad_setting_value_is_refused_naming_the_choices(client: FlaskClient) -> None:
    with pytest.raises(ValueError, match="top-bar") as caught:
        set_mod("ticker_position", "sideways")
    assert "sideways" in str(caught.value)


@pytest.fixture
def uncached(instance: Path) -> Iterator[Flask]:
    """A site whose widget cache is off, so every render loads every section's data."""
    yield from serve_site(instance, WIDGET_CACHE_SIZE=0)


def test_home_costs_the_same_statements_however_many_stories(
    uncached: Flask, sql_counter: StatementCounter
) -> None:
    client = start_magazine(uncached)
    client.get("/")  # what a process loads once
    counts = []
    for more in (0, 12):
        sections = db.session.scalars(
            select(Term).where(Term.slug.in_(["world", "politics", "business", "technology"]))
        ).all()
        for n in range(more):
            make_post(
                f"Extra story {n}",
                terms=[sections[n % len(sections)]],
                date=datetime(2026, 1, 1, 12, n),
            )
        client.get("/")
        sql_counter.reset()
        html = page(client, "/")
        assert more == 0 or "Extra story 11" in html
        counts.append(sql_counter.count)
    assert counts[0] == counts[1], counts


def test_the_header_footer_and_social_menus_cost_what_one_menu_costs(
    client: FlaskClient, sql_counter: StatementCounter
) -> None:
    locations = dict(load_options()["nav_menu_locations"])
    assert {"primary", "footer", "social"} <= set(locations)

    def statements() -> tuple[int, str]:
        client.get("/")
        sql_counter.reset()
        html = page(client, "/")
        return sql_counter.count, html

    three, html = statements()
    assert "footer-menu" in html and "social-menu" in html
    update_option("nav_menu_locations", {"primary": locations["primary"]})
    db.session.commit()
    forget_options()
    one, html = statements()
    assert "footer-menu" not in html
    assert three == one, (three, one)


def featured_story() -> int:
    """A story whose featured image, 2400 × 1350, has copies at Magazine's sizes."""
    sizes = {
        name: SubSize(f"harbour-{w}x{h}.jpg", w, h, "image/jpeg")
        for name, w, h in (("magazine-lead", 1200, 675), ("magazine-card", 600, 338))
    }
    metadata = AttachmentMetadata(2400, 1350, "2026/01/harbour.jpg", sizes=sizes)
    image = make_post(
        "Harbour",
        post_type="attachment",
        status="inherit",
        mime_type="image/jpeg",
        excerpt="Photo: <em>Ana Ruiz</em><script>alert(1)</script>",
        meta={
            "_wp_attached_file": "2026/01/harbour.jpg",
            "_wp_attachment_metadata": dump_metadata(metadata),
            "_wp_attachment_image_alt": "Fishing boats tied up in the storm",
        },
    )
    story = make_post("Boats Stay In", meta={"_thumbnail_id": str(image.id)})
    return story.id


def test_an_image_attachment_page_shows_the_image_with_its_sizes_and_caption(
    client: FlaskClient,
) -> None:
    story = featured_story()
    image_id = db.session.scalar(
        select(PostMeta.value).where(PostMeta.post_id == story, PostMeta.key == "_thumbnail_id")
    )
    html = page(client, f"/?attachment_id={image_id}")
    figure = html.split('<figure class="post-thumbnail attachment-media">', 1)[1]
    figure = figure.split("</figure>", 1)[0]
    # The lead-size copy with the copies of its shape in srcset, linking to the full image.
    assert 'href="/wp-content/uploads/2026/01/harbour.jpg"' in figure
    assert 'src="/wp-content/uploads/2026/01/harbour-1200x675.jpg"' in figure
    assert "harbour-600x338.jpg 600w" in figure
    assert 'alt="Fishing boats tied up in the storm"' in figure
    assert "<figcaption>Photo: <em>Ana Ruiz</em>" in figure and "<script" not in figure
    assert "2400 × 1350 pixels" in html
    assert "View the full-size image" in html


def test_the_featured_image_has_its_caption_srcset_and_the_chosen_place(
    client: FlaskClient,
) -> None:
    path = f"/?p={featured_story()}"
    html = page(client, path)
    figure = html.split('<figure class="post-thumbnail">', 1)[1].split("</figure>", 1)[0]
    assert 'src="/wp-content/uploads/2026/01/harbour-1200x675.jpg"' in figure
    assert 'width="1200" height="675"' in figure
    assert "harbour-600x338.jpg 600w" in figure and 'sizes="' in figure
    # The caption is the attachment's, filtered as a post's HTML; the alt text stays alt.
    assert "<figcaption>Photo: <em>Ana Ruiz</em>" in figure and "<script" not in figure
    assert 'alt="Fishing boats tied up in the storm"' in figure
    assert "<figcaption>Fishing boats" not in figure
    assert "featured-large" in html
    # Above the story by default; inside the headline's header when "behind".
    assert html.index('class="post-thumbnail"') > html.index("</header>")
    set_mod("featured_image", "behind")
    html = page(client, path)
    assert "featured-behind" in html
    assert html.index('class="post-thumbnail"') < html.index('<h1 class="entry-title">')
    set_mod("featured_image", "hidden")
    assert 'class="post-thumbnail"' not in page(client, path)
