"""Post-list widgets: recent posts with images and a category, and magazine category blocks."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from magtheme import site
from magtheme import urls as links
from magtheme.models import Comment, Post, PostMeta, Term, db
from magtheme.options import forget_options, load_options, update_option
from magtheme.themes import ThemeChain
from magtheme.widgets import WidgetError, default_registry, render_widget_area
from tests.conftest import StatementCounter
from tests.factories import make_post, make_term, make_user
from tests.widgetkit import NOW, place, plain_chain, render, widget_html


@pytest.fixture
def chain(app: Flask, tmp_path: Path) -> ThemeChain:
    return plain_chain(tmp_path)


def story(title: str, hours_ago: int, terms: list[Term] = (), **fields: Any) -> Post:  # type: ignore[assignment]
    when = NOW - timedelta(hours=hours_ago)
    return make_post(title, date=when, terms=terms, **fields)


def picture(name: str = "pic") -> Post:
    image = make_post(name, post_type="attachment", status="inherit", mime_type="image/jpeg")
    db.session.add(PostMeta(post_id=image.id, key="_wp_attached_file", value=f"2026/{name}.jpg"))
    db.session.add(PostMeta(post_id=image.id, key="_wp_attachment_image_alt", value="A harbour"))
    db.session.commit()
    return image


def titles(html: str) -> list[str]:
    return re.findall(r'<a href="[^"]*"(?: aria-current="page")?>([^<]+)</a></h3>', html)


# -- recent-posts -------------------------------------------------------------------------


def test_recent_posts_show_featured_images_and_dates_when_asked(chain: ThemeChain) -> None:
    image = picture()
    story("Pictured", 2, meta={"_thumbnail_id": str(image.id)})
    story("Plain", 1)
    place(
        ("recent-posts-2", "recent-posts", {"show_thumbnail": True, "show_date": True}),
        ("recent-posts-3", "recent-posts", {}),
    )
    html = render(chain)
    shown = widget_html(html, "recent-posts-2")
    assert shown.index("Plain") < shown.index("Pictured")
    assert 'src="/wp-content/uploads/2026/pic.jpg"' in shown
    assert '<span class="post-date">May 20, 2026</span>' in shown
    plain = widget_html(html, "recent-posts-3")
    assert "<img" not in plain and "post-date" not in plain and "Pictured" in plain


def test_recent_posts_of_one_category(chain: ThemeChain) -> None:
    sport = make_term("Sport")
    story("Cup final", 3, [sport])
    story("Budget", 1)
    place(
        ("recent-posts-2", "recent-posts", {"category": "sport"}),
        ("recent-posts-3", "recent-posts", {"category": "no-such-category"}),
    )
    html = render(chain)
    shown = widget_html(html, "recent-posts-2")
    assert "Cup final" in shown and "Budget" not in shown
    assert 'id="recent-posts-3"' not in html  # nothing to list: nothing shown


# -- category-posts -----------------------------------------------------------------------


@pytest.fixture
def newsroom(chain: ThemeChain) -> dict[str, Any]:
    news = make_term("World News", slug="world-news", description="")
    other = make_term("Sport")
    ann = make_user("ann", display_name="Ann Editor")
    image = picture()
    posts = [
        story(
            f"News {n}",
            n,
            [news],
            author_id=ann.id,
            excerpt=f"Standfirst {n}.",
            comment_count=15 if n == 0 else 0,
            meta={"_thumbnail_id": str(image.id)},
        )
        for n in range(5)
    ]
    story("Match report", 0, [other])
    return {"news": news, "posts": posts, "ann": ann}


def test_category_block_leads_with_one_big_story(
    chain: ThemeChain, newsroom: dict[str, Any]
) -> None:
    place(
        (
            "category-posts-2",
            "category-posts",
            {"category": "world-news", "count": 4, "show_author": True, "show_comment_count": True},
        )
    )
    html = widget_html(render(chain), "category-posts-2")
    url = links.linker(load_options(), site.registry()).term(newsroom["news"])
    # Titled and linked like the category, as magazine themes do.
    assert f'<h2 class="widget-title"><a href="{url}">World News</a></h2>' in html
    assert 'class="category-posts layout-big-and-small"' in html
    assert titles(html) == ["News 0", "News 1", "News 2", "News 3"]
    lead = html.split('<div class="cat-posts-rest">')[0]
    assert 'class="cat-post cat-post-lead"' in lead and "News 0" in lead
    # The excerpt goes with the big story only; the small ones are headlines.
    assert html.count('class="cat-post-excerpt"') == 1 and "Standfirst 0." in lead
    assert 'By <a href="' in lead and "Ann Editor" in lead
    assert re.search(r'href="[^"]+#comments">15 Comments</a>', lead)
    assert re.search(r'href="[^"]+#respond">No Comments</a>', html)
    assert "Match report" not in html
    assert f'<a href="{url}">More in World News</a>' in html


def test_category_block_as_a_grid_or_a_list_with_an_offset(
    chain: ThemeChain, newsroom: dict[str, Any]
) -> None:
    place(
        (
            "category-posts-2",
            "category-posts",
            {"category": "world-news", "layout": "grid", "offset": 1, "count": 3},
        ),
        (
            "category-posts-3",
            "category-posts",
            {
                "category": "world-news",
                "layout": "list",
                "title": "Elsewhere",
                "show_excerpt": False,
                "show_thumbnail": False,
                "more_link": False,
                "show_category": True,
            },
        ),
    )
    html = render(chain)
    grid = widget_html(html, "category-posts-2")
    assert 'layout-grid"' in grid and "cat-post-lead" not in grid
    assert titles(grid) == ["News 1", "News 2", "News 3"]  # the newest skipped
    assert grid.count('class="cat-post-excerpt"') == 3
    assert grid.count('src="/wp-content/uploads/2026/pic.jpg"') == 3
    listed = widget_html(html, "category-posts-3")
    # A title of one's own still leads to the category.
    assert re.search(r'<h2 class="widget-title"><a href="[^"]+">Elsewhere</a></h2>', listed)
    assert "<img" not in listed and "cat-post-excerpt" not in listed and "More in" not in listed
    assert listed.count('class="cat-post-category cat-world-news"') == 5


def test_category_block_shows_only_what_the_public_may_see(
    chain: ThemeChain, newsroom: dict[str, Any]
) -> None:
    news = newsroom["news"]
    story("Draft story", 0, [news], status="draft")
    story("Private story", 0, [news], status="private")
    story("Tomorrow's story", -24, [news], status="future")
    story("Due story", 0, [news], status="future")  # scheduled, and its time has come
    story("Locked story", 0, [news], password="secret", excerpt="Hidden standfirst")
    place(("category-posts-2", "category-posts", {"category": "world-news", "count": 10}))
    html = render(chain)
    assert "Draft story" not in html and "Private story" not in html
    assert "Tomorrow" not in html and "Due story" in html
    assert "Locked story" in html and "Hidden standfirst" not in html


def test_category_block_titles_are_escaped(chain: ThemeChain) -> None:
    hostile = make_term("<script>alert(1)</script>", slug="hostile")
    story("<img src=x onerror=alert(1)>", 1, [hostile], excerpt="<b onclick=x>bold</b>")
    place(("category-posts-2", "category-posts", {"category": "hostile"}))
    html = render(chain)
    assert "<script>" not in html and "<img src=x" not in html and "onclick" not in html


def test_an_empty_or_unknown_category_shows_no_block(chain: ThemeChain) -> None:
    make_term("Empty")
    story("Elsewhere", 1)
    place(
        ("category-posts-2", "category-posts", {"category": "empty"}),
        ("category-posts-3", "category-posts", {"category": "missing"}),
        ("category-posts-4", "category-posts", {}),
    )
    html = render(chain)
    assert 'id="category-posts-2"' not in html and 'id="category-posts-3"' not in html
    # No category: the latest posts of every category, titled "Latest".
    assert '<h2 class="widget-title">Latest</h2>' in widget_html(html, "category-posts-4")


def test_ten_category_blocks_cost_what_one_does(
    chain: ThemeChain, sql_counter: StatementCounter
) -> None:
    image = picture()
    ann = make_user("ann")
    cats = [make_term(f"Cat {n}") for n in range(4)]
    for n in range(12):
        story(f"S{n}", n, [cats[n % 4]], author_id=ann.id, meta={"_thumbnail_id": str(image.id)})
    everything = {
        "show_author": True,
        "show_comment_count": True,
        "show_category": True,
        "show_excerpt": True,
    }

    def cost(count: int) -> int:
        place(
            *(
                (
                    f"category-posts-{i}",
                    "category-posts",
                    {"category": f"cat-{i % 4}", "count": 1 + i % 5, **everything},
                )
                for i in range(count)
            ),
            *(
                (f"recent-posts-{i}", "recent-posts", {"show_thumbnail": True})
                for i in range(count)
            ),
        )
        forget_options()
        options = load_options()
        sql_counter.reset()
        html = render_widget_area(
            "sidebar",
            chain=chain,
            session=db.session,
            options=options,
            linker=links.linker(options, site.registry()),
            now=NOW,
            cache=None,
        )
        assert html.count('class="widget widget_category-posts') == count
        return sql_counter.count

    assert cost(1) == cost(10)


def test_a_new_story_shows_in_its_block_at_once(app: Flask) -> None:
    news = make_term("News")
    make_post("Older story", terms=[news])
    update_option(
        "widget_instances",
        {"category-posts-2": {"type": "category-posts", "settings": {"category": "news"}}},
    )
    update_option("sidebars_widgets", {"sidebar": ["category-posts-2"]})
    client = app.test_client()
    assert "Older story" in client.get("/").get_data(as_text=True)
    make_post("Fresh story", terms=[news], date=datetime(2025, 1, 1))
    forget_options()  # the test's app context outlives its requests; a worker's does not
    html = client.get("/").get_data(as_text=True)
    assert "Fresh story" in html.split('id="category-posts-2"')[1]


def test_category_block_settings_are_refused_with_the_accepted_values() -> None:
    kind = default_registry().get("category-posts")
    assert kind is not None
    with pytest.raises(WidgetError, match="layout must be one of big-and-small, grid, list"):
        kind.clean({"layout": "mosaic"}, strict=True)
    with pytest.raises(WidgetError, match="offset must be between 0 and 50"):
        kind.clean({"offset": -1}, strict=True)


def test_a_sticky_hero_shows_the_sticky_posts_newest_first(chain: ThemeChain) -> None:
    older = story("Stuck long ago", 5)
    newer = story("Stuck lately", 1)
    story("Not sticky", 0)
    update_option("sticky_posts", [newer.id, older.id])
    place(("hero-2", "hero", {"source": "sticky"}))
    html = render(chain)
    assert titles(html) == ["Stuck lately", "Stuck long ago"]


def test_comment_counts_come_from_the_post(chain: ThemeChain) -> None:
    post = story("Talked about", 1, comment_count=1)
    db.session.add(
        Comment(post_id=post.id, content="Hi", status="approved", date=NOW, date_gmt=NOW)
    )
    db.session.commit()
    place(("category-posts-2", "category-posts", {"show_comment_count": True}))
    assert ">1 Comment</a>" in render(chain)


def test_a_category_named_as_written_finds_its_encoded_slug(chain: ThemeChain) -> None:
    news = make_term("Actualités", slug="actualit%c3%a9s")
    story("Élections", 1, [news])
    place(("category-posts-2", "category-posts", {"category": "actualités"}))
    html = widget_html(render(chain), "category-posts-2")
    assert "Élections" in html and ">Actualités</a></h2>" in html
