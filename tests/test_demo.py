"""The demo site: its export is current, loads cleanly and holds the seed article."""

from __future__ import annotations

import re
import runpy
from collections import Counter
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from magtheme.demo import DEMO_WXR, load_demo
from magtheme.models import Comment, Post, PostMeta, Term, TermRelationship, User, db
from magtheme.options import get_option
from magtheme.wxr import ImportReport, read_wxr
from tests.conftest import FIXTURES, ROOT

SEED = FIXTURES / "seed-original-page.txt"
SEED_TITLE = "Putin Proposes Direct Peace Talks with Ukraine in Istanbul To Restore ‘Lasting Peace’"
SEED_SLUG = "putin-proposes-direct-peace-talks-with-ukraine-in-istanbul-to-restore-lasting-peace"


@pytest.fixture
def demo(app: Flask) -> ImportReport:
    return load_demo()


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
    assert doc.channel.description == "Ultimate magazine theme for WordPress."
    assert all(author.description for author in doc.authors) and len(doc.authors) == 2


def test_demo_loads_into_an_empty_site(demo: ImportReport) -> None:
    assert demo.skipped == [] and demo.warnings == []
    assert all(demo.ids_kept.values()) and demo.remapped == []
    assert demo.items["post/publish"] >= 37
    assert demo.items["post/draft"] == 1 and demo.items["post/future"] == 1
    assert demo.items["page/publish"] == 3
    assert get_option("blogname") == "The Daily Meridian"
    assert get_option("blogdescription") == "Ultimate magazine theme for WordPress."


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
    assert len(get_option("sticky_posts")) == 2
    privacy = db.session.get(Post, get_option("wp_page_for_privacy_policy"))
    assert privacy is not None and privacy.slug == "privacy-policy"
    pages = set(db.session.scalars(select(Post.slug).filter_by(post_type="page")))
    assert pages == {"about", "contact", "privacy-policy"}
    menu_id = get_option("nav_menu_locations")["primary"]
    menu = db.session.get(Term, menu_id)
    assert menu is not None and (menu.taxonomy, menu.name) == ("nav_menu", "Main menu")
    items = db.session.scalars(
        select(Post)
        .join(TermRelationship, TermRelationship.post_id == Post.id)
        .where(TermRelationship.term_id == menu_id)
        .order_by(Post.menu_order)
    ).all()
    kinds = Counter(
        db.session.scalar(select(PostMeta.value).filter_by(post_id=i.id, key="_menu_item_type"))
        for i in items
    )
    assert kinds == {"custom": 1, "taxonomy": 6, "post_type": 1}
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
    assert '<aside class="widget-area site-sidebar" aria-label="Sidebar">' in html
    for instance_id in (
        "search-2",
        "recent-posts-2",
        "popular-posts-2",
        "recent-comments-2",
        "categories-2",
        "archives-2",
    ):
        assert f'id="{instance_id}"' in html
