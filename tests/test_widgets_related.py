"""``the_widget()`` prints a widget anywhere in a template; ``related-posts`` lists the stories
sharing the most categories and tags with the one being read."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from magtheme import site
from magtheme import urls as links
from magtheme.models import Post, Term, db
from magtheme.options import forget_options, load_options, update_option
from tests.conftest import StatementCounter, serve_site, write_theme
from tests.factories import make_post, make_term, make_user

SINGLE = """{{ post.title }}|
{{- the_widget("related-posts", number=2) }}|
{{- the_widget("related-posts", title="More", show_thumbnail=false) }}|
{{- the_widget("author-box") }}|
{{- the_widget("no-such-widget") }}|
{{- the_widget("related-posts", number=99) }}"""


@pytest.fixture
def printed(tmp_path: Path, instance: Path) -> Iterator[Flask]:
    themes = tmp_path / "themes"
    write_theme(
        themes,
        "printer",
        {"index.html": "{{ the_widget('related-posts') }}", "single.html": SINGLE},
    )
    for app in serve_site(instance, SITE_THEME_DIRS=[str(themes)]):
        update_option("stylesheet", "printer")
        update_option("template", "printer")
        yield app


def url_of(post: Post) -> str:
    forget_options()
    return links.linker(load_options(), site.registry()).post(post)


def newsroom() -> dict[str, Post]:
    world, sport = make_term("World"), make_term("Sport")
    peace, talks = make_term("Peace", "post_tag"), make_term("Talks", "post_tag")
    writer = make_user("ann", display_name="Ann Reporter", bio="Covers diplomacy.")
    day = datetime(2025, 5, 1)
    posts = {
        "lead": make_post("Lead", terms=[world, peace, talks], author_id=writer.id, date=day),
        "close": make_post("Close", terms=[world, peace, talks], date=datetime(2025, 4, 1)),
        "newer": make_post("Newer", terms=[world], date=datetime(2025, 4, 30)),
        "older": make_post("Older", terms=[peace], date=datetime(2025, 3, 1)),
        "draft": make_post("Draft", terms=[world, peace, talks], status="draft"),
        "other": make_post("Other", terms=[sport], date=datetime(2025, 4, 29)),
    }
    return posts


def titles(html: str) -> list[str]:
    return re.findall(r'class="related-post-title" href="[^"]+">([^<]+)</a>', html)


def test_related_posts_share_the_most_terms_then_are_newest(printed: Flask) -> None:
    posts = newsroom()
    html = printed.test_client().get(url_of(posts["lead"])).get_data(as_text=True)
    first, second, author, unknown, clamped = html.split("|")[1:]
    # Three terms shared beat one; then the newest; never the post itself, a draft, or a
    # story sharing nothing.
    assert titles(first) == ["Close", "Newer"]
    assert '<h2 class="widget-title">Related stories</h2>' in first
    assert (
        titles(second) == ["Close", "Newer", "Older"]
        and '<h2 class="widget-title">More</h2>' in second
    )
    assert "Ann Reporter" in author and "Covers diplomacy." in author
    assert unknown == ""
    # A bad setting falls back to the default (3), and is logged.
    assert titles(clamped) == ["Close", "Newer", "Older"]
    # Each print has its own id, so a page never repeats one.
    ids = re.findall(r'<section id="([^"]+)"', html)
    assert ids == [
        "related-posts-the-1",
        "related-posts-the-2",
        "author-box-the-1",
        "related-posts-the-3",
    ]


def test_related_posts_show_nothing_off_a_single_post(printed: Flask) -> None:
    newsroom()
    assert 'class="related-posts"' not in printed.test_client().get("/").get_data(as_text=True)


def test_a_bad_or_unknown_widget_is_logged(
    printed: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    posts = newsroom()
    with caplog.at_level(logging.WARNING, logger="magtheme.widgets"):
        printed.test_client().get(url_of(posts["lead"]))
    assert "the_widget('no-such-widget'): no such widget type" in caplog.text
    assert "number must be between 1 and 12, not 99" in caplog.text


def test_related_posts_cost_the_same_statements_however_many(
    tmp_path: Path, instance: Path, sql_counter: StatementCounter
) -> None:
    themes = tmp_path / "themes"
    write_theme(themes, "printer", {"index.html": "x", "single.html": SINGLE})
    counts = []
    for app in serve_site(instance, SITE_THEME_DIRS=[str(themes)], WIDGET_CACHE_SIZE=0):
        update_option("stylesheet", "printer")
        update_option("template", "printer")
        posts = newsroom()
        world = db.session.scalars(select(Term).where(Term.slug == "world")).one()
        client = app.test_client()
        url = url_of(posts["lead"])
        client.get(url)
        for extra in (0, 8):
            for n in range(extra):
                make_post(f"More {n}", terms=[world], date=datetime(2025, 1, 1 + n))
            forget_options()
            client.get(url)
            sql_counter.reset()
            html = client.get(url).get_data(as_text=True)
            assert "Close" in html
            counts.append(sql_counter.count)
    assert counts[0] == counts[1], counts
