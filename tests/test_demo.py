"""The demo site: its export is current, loads cleanly, holds the seed article as its lead,
and looks like a newspaper to a visitor: stories with pictures in many sections, authors
with bios and avatars, menus, widgets, a ticker and pages."""

from __future__ import annotations

import io
import re
import runpy
from collections import Counter
from pathlib import Path

import pytest
from flask import Flask
from PIL import Image
from sqlalchemy import select

from magtheme.demo import DEMO_WXR, PICTURE_CREDIT, load_demo
from magtheme.demo.pictures import (
    HEIGHT,
    PORTRAIT_SIZE,
    WIDTH,
    author_portrait,
    section_of,
    story_picture,
)
from magtheme.media.metadata import read_metadata
from magtheme.models import Comment, Post, PostMeta, Term, TermRelationship, User, UserMeta, db
from magtheme.options import get_option
from magtheme.wxr import ImportReport, read_wxr
from tests.checkers import SEED_PATH, SEED_SLUG
from tests.conftest import FIXTURES, ROOT

SEED = FIXTURES / "seed-original-page.txt"
TAGLINE = "Magtheme's demo newspaper: world, politics, business, science, sport and culture."
SEED_TITLE = "Putin Proposes Direct Peace Talks with Ukraine in Istanbul To Restore ‘Lasting Peace’"


@pytest.fixture
def demo(app: Flask) -> ImportReport:
    # Drawing and resizing the pictures is most of a load's time: only their tests wait for it.
    return load_demo(pictures=False)


@pytest.fixture
def pictured(app: Flask) -> ImportReport:
    return load_demo()


def meta_of(post_id: int) -> dict[str, str]:
    rows = db.session.execute(select(PostMeta.key, PostMeta.value).filter_by(post_id=post_id))
    return {row.key: row.value for row in rows}


def seed_post() -> Post:
    found = db.session.scalars(select(Post).filter_by(post_type="post", slug=SEED_SLUG)).one()
    return found


def terms_of(post: Post) -> set[tuple[str, str]]:
    rows = db.session.execute(
        select(Term.taxonomy, Term.slug)
        .join(TermRelationship, TermRelationship.term_id == Term.id)
        .where(TermRelationship.post_id == post.id)
    )
    return {(row.taxonomy, row.slug) for row in rows}


def test_demo_xml_is_what_the_generator_writes() -> None:
    generator = runpy.run_path(str(ROOT / "bench" / "make_demo.py"))
    assert DEMO_WXR.read_text(encoding="utf-8") == generator["build"](), (
        "magtheme/demo/demo.xml is out of date: run python bench/make_demo.py"
    )


def test_demo_is_a_wxr_1_2_export() -> None:
    doc = read_wxr(DEMO_WXR)
    assert doc.channel.wxr_version == "1.2"
    assert doc.channel.title == "The Daily Meridian"
    assert doc.channel.description == TAGLINE
    assert all(author.description for author in doc.authors) and 4 <= len(doc.authors) <= 6


def test_demo_loads_into_an_empty_site(demo: ImportReport) -> None:
    assert demo.skipped == [] and demo.warnings == []
    assert all(demo.ids_kept.values()) and demo.remapped == []
    assert demo.items["post/publish"] >= 40
    assert demo.items["post/draft"] == 1 and demo.items["post/future"] == 1
    assert demo.items["page/publish"] == 4
    assert get_option("blogname") == "The Daily Meridian"
    assert get_option("blogdescription") == TAGLINE


def test_the_summary_times_the_whole_load_pictures_included(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pictures (drawn, resized, written) are most of the wait; the summary counts them.
    The demo's clock is a stand-in that the pictures step moves on by seven seconds."""
    import magtheme.demo as demo_module

    clock = [100.0]
    monkeypatch.setattr(demo_module, "_clock", lambda: clock[0])
    draw = demo_module._add_pictures

    def slow_pictures(*args: object) -> None:
        draw(*args)  # type: ignore[arg-type]
        clock[0] += 7.0

    monkeypatch.setattr(demo_module, "_add_pictures", slow_pictures)
    report = load_demo()
    assert report.seconds == 7.0
    assert "in 7.0s." in report.summary()


def test_seed_article_is_the_newest_breaking_post(demo: ImportReport) -> None:
    post = seed_post()
    assert post.title == SEED_TITLE and post.status == "publish"
    assert f"{post.date:%Y-%m-%d %H:%M}" == "2025-05-11 09:00"
    newest = db.session.scalars(
        select(Post).filter_by(post_type="post", status="publish").order_by(Post.date.desc())
    ).first()
    assert newest is not None and newest.id == post.id
    assert {("category", "breaking-news"), ("category", "world"), ("post_tag", "breaking")} <= (
        terms_of(post)
    )
    author = db.session.get(User, post.author_id or 0)
    assert author is not None and author.bio


def test_seed_article_has_every_paragraph_of_the_seed_page(demo: ImportReport) -> None:
    post = seed_post()
    paragraphs = post.content.split("\n\n")
    assert len(paragraphs) == 10
    assert paragraphs[0].startswith("Russian President Vladimir Putin has proposed")
    assert "“eliminating the root causes of the conflict”" in paragraphs[1]
    text = SEED.read_text(encoding="utf-8")
    after_count = re.split(r"^15$", text, maxsplit=1, flags=re.M)[1]
    expected = [p.strip() for p in after_count.split("\n\n") if p.strip()]
    assert paragraphs == expected


def test_seed_article_has_fifteen_approved_threaded_comments(demo: ImportReport) -> None:
    post = seed_post()
    comments = db.session.scalars(select(Comment).filter_by(post_id=post.id)).all()
    assert len(comments) == 15 and post.comment_count == 15
    assert {c.status for c in comments} == {"approved"}
    ids = {c.id for c in comments}
    replies = [c for c in comments if c.parent_id]
    assert len(replies) >= 3 and all(c.parent_id in ids for c in replies)
    assert len({c.author_name for c in comments}) >= 12


def test_demo_sections_menu_and_options(demo: ImportReport) -> None:
    categories = {
        t.slug: t for t in db.session.scalars(select(Term).filter_by(taxonomy="category"))
    }
    for slug in ("world", "politics", "business", "technology", "science", "sport", "culture"):
        assert categories[slug].count >= 3, slug
    assert categories["europe"].parent_id == categories["world"].id
    assert categories["football"].parent_id == categories["sport"].id
    assert len(get_option("sticky_posts")) == 3 and seed_post().id in get_option("sticky_posts")
    privacy = db.session.get(Post, get_option("wp_page_for_privacy_policy"))
    assert privacy is not None and privacy.slug == "privacy-policy"
    pages = set(db.session.scalars(select(Post.slug).filter_by(post_type="page")))
    assert pages == {"about", "contact", "privacy-policy", "newsroom"}
    locations = get_option("nav_menu_locations")
    menus = {}
    for location in ("primary", "footer", "social"):
        menu = db.session.get(Term, locations[location])
        assert menu is not None and menu.taxonomy == "nav_menu", location
        items = db.session.scalars(
            select(Post)
            .join(TermRelationship, TermRelationship.post_id == Post.id)
            .where(TermRelationship.term_id == menu.id)
            .order_by(Post.menu_order)
        ).all()
        menus[menu.name] = Counter(
            db.session.scalar(select(PostMeta.value).filter_by(post_id=i.id, key="_menu_item_type"))
            for i in items
        )
    assert menus == {
        "Main menu": {"custom": 1, "taxonomy": 9, "post_type": 1},
        "Footer menu": {"post_type": 4},
        "Social links": {"custom": 3},
    }
    excerpts = db.session.scalars(select(Post).where(Post.excerpt != "")).all()
    assert len(excerpts) >= 3


def test_demo_loads_beside_existing_content(app: Flask, tmp_path: Path) -> None:
    from tests.factories import make_post

    existing = make_post("Hello world", slug="hello-world")
    report = load_demo()
    # Demo posts keep their IDs where free (WordPress's import_id); none takes the existing one.
    assert existing.id not in report.post_ids.values()
    assert db.session.get(Post, existing.id).title == "Hello world"
    menu = get_option("nav_menu_locations")["primary"]
    assert menu == report.term_ids[("nav_menu", "main-menu")]
    assert seed_post().comment_count == 15


def test_demo_places_widgets_a_new_user_sees(app: Flask, demo: ImportReport) -> None:
    html = app.test_client().get("/").get_data(as_text=True)
    sidebar = html.split('aria-label="Sidebar"', 1)[1].split("</aside>", 1)[0]
    for title in ("About the Meridian", "Most discussed", "The morning briefing", "Topics"):
        assert f">{title}</" in sidebar, title
    assert "Recent Comments" in sidebar and SEED_TITLE in sidebar
    # The newsletter box is an honest mailto: link, no form posting anywhere.
    assert 'href="mailto:briefing@demo.magtheme.test?subject=' in sidebar
    assert "<form" not in sidebar
    footer = html.split('<footer class="site-footer">', 1)[1]
    for column, title in ((1, "Contact"), (2, "Sections"), (3, "Latest stories")):
        assert f'aria-label="Footer, column {column}"' in footer
        assert f">{title}</" in footer, title
    assert 'aria-label="Footer"' in footer and ">Our Newsroom</a>" in footer


def test_classic_shows_the_demo_widgets_in_its_areas(classic: Flask, demo: ImportReport) -> None:
    html = classic.test_client().get("/").get_data(as_text=True)
    assert '<aside class="widget-area site-sidebar" aria-label="Sidebar">' in html
    for instance_id in ("text-2", "popular-posts-2", "recent-comments-2", "archives-2"):
        assert f'id="{instance_id}"' in html, instance_id


def test_the_home_page_leads_with_the_seed_article_and_a_breaking_ticker(
    app: Flask, pictured: ImportReport
) -> None:
    html = app.test_client().get("/").get_data(as_text=True)
    lead = html.split('class="hero-post hero-lead"', 1)[1].split("</article>", 1)[0]
    assert SEED_TITLE in lead and " srcset=" in lead
    ticker = html.split('data-magtheme-ticker="breaking"', 1)[1].split("</section>", 1)[0]
    assert "BREAKING" in ticker and SEED_TITLE in ticker
    assert ticker.count("<li") >= 5
    nav = html.split('id="site-navigation"', 1)[1].split("</nav>", 1)[0]
    for section in ("World", "Politics", "Business", "Technology", "Science", "Sport", "Culture"):
        assert f">{section}</a>" in nav, section
    # Europe and Football drop down from their sections.
    assert re.search(r">World</a>.*?<ul class=\"sub-menu\">.*?>Europe</a>", nav, re.S)
    assert re.search(r">Sport</a>.*?<ul class=\"sub-menu\">.*?>Football</a>", nav, re.S)
    social = html.split('aria-label="Social links"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/feed/"' in social and "mailto:news@demo.magtheme.test" in social


def test_a_visitor_finds_forty_stories_in_six_sections_each_pictured(
    app: Flask, pictured: ImportReport
) -> None:
    stories = db.session.scalars(select(Post).filter_by(post_type="post", status="publish")).all()
    assert len(stories) >= 40
    sections = db.session.scalars(
        select(Term).where(Term.taxonomy == "category", Term.parent_id == 0, Term.count > 0)
    ).all()
    assert len({t.slug for t in sections} - {"uncategorized", "breaking-news"}) >= 6
    client = app.test_client()
    for story in stories:
        html = client.get(f"/?p={story.id}", follow_redirects=True).get_data(as_text=True)
        figure = re.search(r'<img [^>]*/wp-content/uploads/[^>]*alt="Illustration for [^>]*>', html)
        assert figure and " srcset=" in figure.group(0), story.slug


def test_authors_have_bios_and_their_own_avatars(app: Flask, pictured: ImportReport) -> None:
    from magtheme.avatars import AVATAR_META

    users = db.session.scalars(select(User)).all()
    assert 4 <= len(users) <= 6
    client = app.test_client()
    for user in users:
        assert user.display_name and len(user.bio) > 80, user.login
        attachment = db.session.scalar(
            select(UserMeta.value).filter_by(user_id=user.id, key=AVATAR_META)
        )
        picture = db.session.get(Post, int(attachment or 0))
        assert picture is not None and picture.mime_type == "image/jpeg", user.login
        html = client.get(f"/author/{user.nicename}/").get_data(as_text=True)
        header = html.split('<header class="page-header', 1)[1].split("</header>", 1)[0]
        avatar = re.search(r'<img [^>]*class="avatar avatar-\d+ photo"[^>]*>', header)
        assert avatar and f"/avatar-{user.login}-" in avatar.group(0), user.login
        assert " 2x" in avatar.group(0) and user.bio[:40] in header.replace("&#39;", "'")
        response = client.get(re.search(r'src="([^"]+)"', avatar.group(0)).group(1))
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
    html = client.get(f"/?p={seed_post().id}", follow_redirects=True).get_data(as_text=True)
    box = html.split('<aside class="author-box"', 1)[1].split("</aside>", 1)[0]
    assert "/avatar-amara-" in box and "About Amara Okafor" in box
    # The editor's own reply shows her picture; visitors keep their drawn initials.
    comments = html.split('id="comments"', 1)[1]
    assert comments.count("/avatar-amara-") == 1
    assert comments.count('class="avatar avatar-48 photo avatar-initials"') == 14


def test_portraits_are_the_same_for_a_login_and_differ_between_logins() -> None:
    draw = author_portrait.__wrapped__
    first, again = draw("amara", "Amara Okafor"), draw("amara", "Amara Okafor")
    assert first.data == again.data and draw("dreyes", "Daniel Reyes").data != first.data
    with Image.open(io.BytesIO(first.data)) as image:
        assert (image.format, image.size) == ("JPEG", (PORTRAIT_SIZE, PORTRAIT_SIZE))


def test_every_story_has_a_featured_image_with_its_sizes(
    app: Flask, pictured: ImportReport
) -> None:
    uploads = Path(app.instance_path) / "uploads"
    stories = db.session.scalars(select(Post).filter_by(post_type="post")).all()
    authors = db.session.scalars(select(User)).all()
    assert len(stories) >= 40
    # A picture per story, a portrait per author, and the paper's site icon.
    assert pictured.items["attachment/inherit"] == len(stories) + len(authors) + 1
    for story in stories:
        picture = db.session.get(Post, int(meta_of(story.id)["_thumbnail_id"]))
        assert picture is not None and picture.post_type == "attachment", story.slug
        assert picture.parent_id == story.id and picture.mime_type == "image/jpeg"
        assert picture.excerpt == PICTURE_CREDIT
        meta = meta_of(picture.id)
        assert meta["_wp_attachment_image_alt"].startswith(f"Illustration for “{story.title}”: ")
        # In the uploads folder of the story's month, as WordPress's importer files them.
        assert meta["_wp_attached_file"].startswith(f"{story.date:%Y/%m}/")
        file = uploads / meta["_wp_attached_file"]
        with Image.open(file) as image:
            assert image.size == (WIDTH, HEIGHT)
        metadata = read_metadata(meta["_wp_attachment_metadata"])
        assert metadata is not None and (metadata.width, metadata.height) == (WIDTH, HEIGHT)
        # WordPress's sizes and the active (default) theme's, Magazine's.
        assert {"thumbnail", "medium", "medium_large", "large"} <= set(metadata.sizes)
        assert {"magazine-lead", "magazine-card", "magazine-thumb"} <= set(metadata.sizes)
        for size in metadata.sizes.values():
            assert (file.parent / size.file).is_file(), size.file


def test_home_page_and_seed_article_show_their_pictures(app: Flask, pictured: ImportReport) -> None:
    client = app.test_client()
    for url in ("/", SEED_PATH):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        # Stories' pictures (avatars aside): every one with its srcset; those that are not
        # a second link to a story beside its headline say what they show.
        images = [
            img
            for img in re.findall(r"<img [^>]*/wp-content/uploads/[^>]*>", html)
            if 'class="avatar ' not in img
        ]
        assert images, url
        assert all(" srcset=" in img for img in images), url
        assert all('alt=""' in img or 'alt="Illustration for ' in img for img in images), url
    # The story's own page describes its picture.
    assert any('alt="Illustration for ' in img for img in images)
    picture = client.get(re.findall(r'<img src="([^"]+)"', html)[0])
    assert picture.status_code == 200 and picture.mimetype == "image/jpeg"


def test_pictures_are_the_same_for_a_story_and_differ_between_stories() -> None:
    draw = story_picture.__wrapped__  # past the per-process cache: really drawn twice
    first, again = draw("a-story", "world", "World"), draw("a-story", "world", "World")
    assert first.data == again.data and first.description == again.description
    other = draw("another-story", "world", "World")
    assert other.data != first.data
    with Image.open(io.BytesIO(first.data)) as image:
        assert (image.format, image.size) == ("JPEG", (WIDTH, HEIGHT))
    assert 10_000 < len(first.data) < 200_000
    assert "WORLD" in first.description and "globe" in first.description


def test_a_story_takes_the_look_of_its_first_section() -> None:
    assert section_of(["breaking-news", "world"]) == "world"
    assert section_of(["breaking-news"]) == "breaking-news"
    assert section_of(["football", "sport"]) == "football"
    assert section_of(["no-such-section"]) == "uncategorized"


def test_a_failed_load_leaves_no_rows_and_no_files(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from magtheme.media import library

    real, calls = library.import_file, []

    def fail_on_the_third(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "import_file", fail_on_the_third)
    with pytest.raises(OSError, match="disk full"):
        load_demo()
    assert db.session.scalars(select(Post)).all() == []
    assert get_option("blogdescription") != TAGLINE
    uploads = Path(app.instance_path) / "uploads"
    assert not uploads.exists() or list(uploads.rglob("*")) == []


def test_a_second_load_leaves_the_stories_pictures_alone(
    app: Flask, pictured: ImportReport
) -> None:
    again = load_demo()
    assert again.items["attachment/inherit"] == 0
    pictures = db.session.scalars(select(Post).filter_by(post_type="attachment")).all()
    assert len(pictures) == pictured.items["attachment/inherit"]
