"""Built-in widget types beyond WordPress's classic eight: what a reader sees, what is refused."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from magtheme import site
from magtheme import urls as links
from magtheme.models import Comment, Post, db
from magtheme.options import forget_options, load_options
from magtheme.themes import ThemeChain
from magtheme.widgets import WidgetError, default_registry, render_widget_area
from tests.conftest import StatementCounter
from tests.factories import make_post
from tests.widgetkit import NOW, place, plain_chain, render


@pytest.fixture
def chain(app: Flask, tmp_path: Path) -> ThemeChain:
    return plain_chain(tmp_path)


def comment(post: Post, text: str, ago: int, status: str = "approved", **fields: Any) -> Comment:
    when = NOW - timedelta(hours=ago)
    found = Comment(
        post_id=post.id, content=text, status=status, date=when, date_gmt=when, **fields
    )
    db.session.add(found)
    db.session.commit()
    return found


# -- recent-comments ----------------------------------------------------------------------


def test_recent_comments_say_who_commented_on_what_newest_first(chain: ThemeChain) -> None:
    post = make_post("Budget vote")
    older = comment(post, "First!", 5, author_name="Ann")
    newer = comment(post, "I disagree with every word of it", 1, author_name="Bob")
    place(("recent-comments-2", "recent-comments", {"show_excerpt": True}))
    html = render(chain)
    assert '<h2 class="widget-title">Recent Comments</h2>' in html
    assert html.index("Bob") < html.index("Ann")
    assert f'#comment-{newer.id}">Budget vote</a>' in html
    assert f'#comment-{older.id}">Budget vote</a>' in html
    assert "I disagree with every word of it" in html


def test_recent_comments_never_show_comments_the_public_may_not_see(chain: ThemeChain) -> None:
    shown = make_post("Public")
    comment(shown, "visible", 1, author_name="Reader")
    comment(shown, "held", 1, status="pending", author_name="Held")
    comment(shown, "spam", 1, status="spam", author_name="Spammer")
    comment(shown, "ping", 1, type="pingback", author_name="Pinger")
    for post in (
        make_post("Private", status="private"),
        make_post("Draft", status="draft"),
        make_post("Later", status="future", date=NOW + timedelta(days=1)),
        make_post("Locked", password="secret"),
    ):
        comment(post, "hidden", 1, author_name=f"On {post.title}")
    place(("recent-comments-2", "recent-comments", {"number": 20}))
    html = render(chain)
    assert "Reader" in html
    for hidden in ("Held", "Spammer", "Pinger", "On Private", "On Draft", "On Later", "On Locked"):
        assert hidden not in html


def test_recent_comments_are_escaped(chain: ThemeChain) -> None:
    post = make_post("<script>alert(1)</script>")
    comment(post, "<img src=x onerror=alert(1)>hi", 1, author_name="<b>Mal</b>")
    place(("recent-comments-2", "recent-comments", {"show_excerpt": True}))
    html = render(chain)
    assert "<script>" not in html and "onerror" not in html and "<b>Mal" not in html


def test_ten_recent_comments_widgets_cost_what_one_does(
    chain: ThemeChain, sql_counter: StatementCounter
) -> None:
    post = make_post("Talk")
    for n in range(6):
        comment(post, f"c{n}", n, author_name=f"A{n}")

    def cost(count: int) -> int:
        place(
            *((f"recent-comments-{i}", "recent-comments", {"number": i + 1}) for i in range(count))
        )
        forget_options()
        load_options()
        sql_counter.reset()
        render_widget_area(
            "sidebar",
            chain=chain,
            session=db.session,
            options=load_options(),
            linker=links.linker(load_options(), site.registry()),
            now=NOW,
        )
        return sql_counter.count

    assert cost(1) == cost(10)


def test_recent_comments_settings_are_refused_with_the_accepted_values() -> None:
    kind = default_registry().get("recent-comments")
    assert kind is not None
    with pytest.raises(WidgetError, match="number must be between 1 and 20"):
        kind.clean({"number": 0}, strict=True)
    with pytest.raises(WidgetError, match="show_excerpt must be true or false"):
        kind.clean({"show_excerpt": "maybe"}, strict=True)


def test_a_newly_approved_comment_shows_at_once(chain: ThemeChain) -> None:
    post = make_post("Talk")
    comment(post, "first", 3, author_name="Ann")
    waiting = comment(post, "second", 1, status="pending", author_name="Bob")
    place(("recent-comments-2", "recent-comments", {}))
    assert "Bob" not in render(chain)
    assert "Bob" not in render(chain)  # cached
    waiting.status = "approved"
    db.session.commit()
    assert "Bob" in render(chain)


# -- custom-html ------------------------------------------------------------------------------


@pytest.mark.parametrize("unfiltered", [False, True], ids=["filtered", "unfiltered_html"])
def test_custom_html_is_filtered_unless_the_site_allows_unfiltered_html(
    app: Flask, chain: ThemeChain, unfiltered: bool
) -> None:
    app.config["UNFILTERED_HTML"] = unfiltered
    raw = '<h3 class="x">Ads</h3><script>track()</script><p onclick="t()">Hi</p>'
    place(("custom-html-2", "custom-html", {"content": raw}))
    html = render(chain)
    assert '<h3 class="x">Ads</h3>' in html
    assert ("<script>track()</script>" in html) is unfiltered
    assert ("onclick" in html) is unfiltered


def test_no_xss_vector_gets_out_of_a_custom_html_widget(chain: ThemeChain) -> None:
    from tests.xss import executable, vectors

    corpus = vectors()
    place(*((f"custom-html-{n}", "custom-html", {"content": v}) for n, v in enumerate(corpus)))
    html = render(chain)
    assert executable(html) == []


def test_empty_custom_html_shows_nothing(chain: ThemeChain) -> None:
    place(("custom-html-2", "custom-html", {"content": "<!-- nothing --> "}))
    assert render(chain) == ""
