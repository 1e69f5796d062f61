"""The popular-posts widget: by views or comments, over a period, public posts only."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from markupsafe import Markup

from magtheme import site
from magtheme import urls as links
from magtheme.models import Comment, Post, PostViews, db
from magtheme.options import load_options
from magtheme.themes import ThemeChain
from magtheme.widgets import WidgetError, default_registry, render_widget_area
from tests.conftest import StatementCounter
from tests.factories import make_post
from tests.widgetkit import NOW, place_type, plain_chain, render

TODAY = NOW.date()


@pytest.fixture
def chain(app: Flask, tmp_path: Path) -> ThemeChain:
    return plain_chain(tmp_path)


place = partial(place_type, "popular-posts")


def titles(html: str, instance: str | None = None) -> list[str]:
    if instance is not None:
        html = html.split(f'id="{instance}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', html)


def views(post: Post, **by_day: int) -> None:
    """``views(post, d0=5, d3=2)``: 5 views today, 2 three days ago."""
    for key, count in by_day.items():
        db.session.add(
            PostViews(post_id=post.id, day=TODAY - timedelta(days=int(key[1:])), views=count)
        )
    db.session.commit()


def comments(post: Post, *days_ago: int, status: str = "approved") -> None:
    for ago in days_ago:
        when = NOW - timedelta(days=ago, hours=1)
        db.session.add(
            Comment(post_id=post.id, status=status, date=when, date_gmt=when, content="Hi")
        )
        if status == "approved":
            db.session.get(Post, post.id).comment_count += 1  # type: ignore[union-attr]
    db.session.commit()


def test_most_read_first_with_their_views(chain: ThemeChain) -> None:
    low, high, middle = make_post("Low"), make_post("High"), make_post("Middle")
    make_post("Unread")
    views(low, d0=1)
    views(high, d0=700, d1=800)
    views(middle, d2=40)
    place(("popular-posts-2", {}))
    html = render(chain)
    assert '<h2 class="widget-title">Popular Posts</h2>' in html
    assert titles(html) == ["High", "Middle", "Low"]  # a post nobody read is not listed
    assert '<span class="popular-count">1,500 views</span>' in html
    assert '<span class="popular-count">1 view</span>' in html


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("day", ["Today"]),
        ("week", ["This week", "Today"]),
        ("month", ["This month", "This week", "Today"]),
        ("all", ["Last year", "This month", "This week", "Today"]),
    ],
)
def test_views_are_summed_over_the_period(chain: ThemeChain, period: str, expected: list) -> None:
    views(make_post("Today"), d0=10)
    views(make_post("This week"), d6=20, d7=1)  # the 8th day back is outside the week
    views(make_post("This month"), d29=30)
    views(make_post("Last year"), d365=40)
    place(("popular-posts-2", {"period": period}))
    assert titles(render(chain)) == expected


def test_most_commented_over_a_period_and_all_time(chain: ThemeChain) -> None:
    old, recent, quiet = make_post("Old talk"), make_post("Recent talk"), make_post("Quiet")
    comments(old, 40, 41, 42)
    comments(recent, 0, 2)
    comments(quiet, 0, status="pending")  # not approved: not counted
    place(
        ("popular-posts-2", {"orderby": "comments", "period": "week"}),
        ("popular-posts-3", {"orderby": "comments", "period": "all", "title": "Ever"}),
    )
    html = render(chain)
    assert titles(html, "popular-posts-2") == ["Recent talk"]
    assert titles(html, "popular-posts-3") == ["Old talk", "Recent talk"]
    assert "3 comments" in html and "2 comments" in html


def test_only_posts_the_public_may_see_are_listed(chain: ThemeChain) -> None:
    shown = make_post("Shown")
    hidden = [
        make_post("Draft", status="draft"),
        make_post("Private", status="private"),
        make_post("Trashed", status="trash"),
        make_post("Later", status="future", date=NOW + timedelta(days=1)),
        make_post("A page", post_type="page"),
    ]
    due = make_post("Due", status="future", date=NOW - timedelta(hours=1))
    for post in [shown, *hidden, due]:
        views(post, d0=5)
    place(("popular-posts-2", {}))
    assert sorted(titles(render(chain))) == ["Due", "Shown"]


def test_nothing_to_list_shows_nothing(chain: ThemeChain) -> None:
    make_post("Unread")
    place(("popular-posts-2", {}))
    assert render(chain) == ""


def test_count_thumbnails_and_dates_are_optional(chain: ThemeChain) -> None:
    image = make_post(
        "Photo",
        post_type="attachment",
        status="inherit",
        meta={"_wp_attached_file": "2026/05/photo.jpg", "_wp_attachment_image_alt": "A <cat>"},
    )
    post = make_post("Pictured", meta={"_thumbnail_id": str(image.id)})
    plain = make_post("Plain")
    views(post, d0=3)
    views(plain, d0=2)
    place(
        ("popular-posts-2", {"show_thumbnail": True, "show_count": False, "show_date": True}),
        ("popular-posts-3", {}),
    )
    html = render(chain)
    first = html.split('id="popular-posts-3"')[0]
    assert '<img src="/wp-content/uploads/2026/05/photo.jpg" alt="A &lt;cat&gt;"' in first
    assert first.count("<img") == 1  # the plain post has no image
    assert "popular-count" not in first and 'class="post-date"' in first
    second = html.split('id="popular-posts-3"')[1]
    assert "<img" not in second and "3 views" in second


def test_number_limits_each_instance(chain: ThemeChain) -> None:
    for n in range(8):
        views(make_post(f"P{n}"), d0=n + 1)
    place(("popular-posts-2", {"number": 3}), ("popular-posts-3", {"number": 6}))
    html = render(chain)
    assert titles(html, "popular-posts-2") == ["P7", "P6", "P5"]
    assert len(titles(html, "popular-posts-3")) == 6


def test_bad_settings_are_refused_with_the_accepted_values() -> None:
    kind = default_registry().get("popular-posts")
    assert kind is not None
    with pytest.raises(WidgetError, match="orderby must be one of views, comments"):
        kind.clean({"orderby": "likes"}, strict=True)
    with pytest.raises(WidgetError, match="period must be one of day, week, month, all"):
        kind.clean({"period": "year"}, strict=True)
    with pytest.raises(WidgetError, match="number must be between 1 and 20"):
        kind.clean({"number": 50}, strict=True)
    assert kind.clean({"orderby": "likes"})["orderby"] == "views"  # stored junk: the default


def test_titles_are_escaped(chain: ThemeChain) -> None:
    views(make_post("<script>alert(1)</script>"), d0=1)
    place(("popular-posts-2", {"title": "<b>Hot</b>"}))
    html = render(chain)
    assert "<script>" not in html and "&lt;b&gt;Hot&lt;/b&gt;" in html


def test_ten_instances_cost_what_one_does(chain: ThemeChain, sql_counter: StatementCounter) -> None:
    for n in range(12):
        post = make_post(f"P{n}")
        views(post, d0=n + 1)
        comments(post, *range(n % 3))
    settings = [
        {"orderby": ("views", "comments")[n % 2], "period": ("day", "week", "month", "all")[n % 4]}
        for n in range(10)
    ]

    def cost(count: int, **extra: Any) -> int:
        place(*((f"popular-posts-{n}", {**settings[n], **extra}) for n in range(count)))
        load_options()
        sql_counter.reset()
        assert isinstance(render_area(chain), Markup)
        return sql_counter.count

    assert cost(1) == cost(10) == 1  # one statement for every instance
    assert cost(1, show_thumbnail=True) == cost(10, show_thumbnail=True) == 2


def render_area(chain: ThemeChain) -> Markup:
    options = load_options()
    return render_widget_area(
        "sidebar",
        chain=chain,
        session=db.session,
        options=options,
        linker=links.linker(options, site.registry()),
        now=NOW,
    )


def test_views_on_the_last_day_of_the_period_count(chain: ThemeChain) -> None:
    """The week is today and the six days before it, by UTC day."""
    post = make_post("Edge")
    db.session.add(PostViews(post_id=post.id, day=date(2026, 5, 14), views=9))
    db.session.commit()
    place(("popular-posts-2", {"period": "week"}))
    assert titles(render(chain)) == ["Edge"]
    assert titles(render(chain, NOW + timedelta(days=1))) == []


def test_a_flush_of_new_views_reorders_a_cached_widget(app: Flask, chain: ThemeChain) -> None:
    """The cached list is rendered again once a flush brings counts that change it."""
    from magtheme.popularity import write_counts

    first, second = make_post("First"), make_post("Second")
    views(first, d0=10)
    views(second, d0=5)
    place(("popular-posts-2", {}))
    assert titles(render(chain)) == ["First", "Second"]
    # Counts changed behind the cache's back (no flush) are not seen: it is really cached.
    db.session.execute(PostViews.__table__.update().values(views=0))
    db.session.commit()
    with app.app_context():  # the next request
        assert titles(render(chain)) == ["First", "Second"]  # served from the cache
        write_counts(db.session, {(second.id, TODAY): 20, (first.id, TODAY): 1})
    with app.app_context():
        assert titles(render(chain)) == ["Second", "First"]
