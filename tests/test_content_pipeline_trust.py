"""What a page shows is filtered by the trust of whoever wrote it, as WordPress's roles give it:
administrators and editors unfiltered when the site allows ``unfiltered_html``, authors and
contributors the post policy, visitors (and commenters without unfiltered HTML) the comment
policy."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from flask import Flask
from lxml import etree
from sqlalchemy import event

from magtheme.models import Comment, User, db
from tests.factories import make_post, make_user

#: Markup only unfiltered HTML keeps: a script, a handler, an iframe from anywhere.
RAW = (
    '<script>window.track = 1;</script><p onclick="track()">Hello</p>'
    '<iframe src="https://maps.example.test/embed"></iframe>'
)
#: Markup the post policy keeps but the comment policy does not.
RICH = '<h2 class="note">Heading</h2><ul><li>item</li></ul>'


def _html_block(markup: str) -> str:
    """*markup* in a Custom HTML block, which WordPress prints as saved (no autop)."""
    return f"<!-- wp:html -->{markup}<!-- /wp:html -->"


FILTERED = "<p>Hello</p>"

ROLES = ["administrator", "editor", "author", "contributor", "subscriber"]


@pytest.fixture
def site(probe_app: Flask) -> Iterator[Flask]:
    from magtheme.site import theme_chain

    chain = theme_chain("probe")
    (chain.active.templates_dir / "index.html").write_text(
        "{% for p in posts %}<article>{{ p.content }}</article>{% endfor %}"
        "{% if post %}{% for c in post.comments %}<li>{{ c.content }}</li>{% endfor %}{% endif %}"
    )
    probe_app.extensions.pop("magtheme.chains", None)
    yield probe_app


def _page(app: Flask, post_id: int) -> str:
    response = app.test_client().get(f"/?p={post_id}", follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("unfiltered", [True, False], ids=["unfiltered_html", "filtered"])
@pytest.mark.parametrize("role", ROLES)
def test_a_post_is_filtered_by_its_authors_role(site: Flask, role: str, unfiltered: bool) -> None:
    site.config["UNFILTERED_HTML"] = unfiltered
    author = make_user(role=role)
    post = make_post(
        "Raw", content=_html_block(RAW + RICH), author_id=author.id, date=datetime(2024, 1, 1)
    )
    body = _page(site, post.id)
    if unfiltered and role in ("administrator", "editor"):
        assert RAW in body  # as written: never re-sanitized on display
    else:
        assert "<script" not in body and "onclick" not in body and "<iframe" not in body
        assert FILTERED in body
    assert RICH in body  # the post policy keeps rich HTML for every role


def test_a_post_without_a_known_author_gets_the_post_policy(site: Flask) -> None:
    site.config["UNFILTERED_HTML"] = True
    post = make_post("Orphan", content=_html_block(RAW), author_id=None, date=datetime(2024, 1, 1))
    body = _page(site, post.id)
    assert "<script" not in body and FILTERED in body


def test_the_cache_follows_the_authors_trust(site: Flask) -> None:
    """A role change applies at once, although the post's revision did not change."""
    site.config["UNFILTERED_HTML"] = True
    admin = make_user(role="administrator")
    post = make_post("Raw", content=_html_block(RAW), author_id=admin.id, date=datetime(2024, 1, 1))
    assert RAW in _page(site, post.id)
    db.session.get(User, admin.id).role = "author"  # type: ignore[union-attr]
    db.session.commit()
    body = _page(site, post.id)
    assert "<script" not in body and FILTERED in body
    site.config["UNFILTERED_HTML"] = False
    db.session.get(User, admin.id).role = "administrator"  # type: ignore[union-attr]
    db.session.commit()
    assert "<script" not in _page(site, post.id)
    site.config["UNFILTERED_HTML"] = True
    assert RAW in _page(site, post.id)


def test_the_feed_filters_by_the_same_trust(site: Flask) -> None:
    site.config["UNFILTERED_HTML"] = True
    admin, writer = make_user(role="administrator"), make_user(role="author")
    make_post("By admin", content=_html_block(RAW), author_id=admin.id, date=datetime(2024, 1, 2))
    make_post("By author", content=_html_block(RAW), author_id=writer.id, date=datetime(2024, 1, 1))
    response = site.test_client().get("/feed/")
    assert response.status_code == 200
    items = etree.fromstring(response.data).findall("channel/item")
    encoded = {
        item.findtext("title"): item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
        for item in items
    }
    assert encoded["By admin"] is not None and RAW in encoded["By admin"]
    assert encoded["By author"] is not None and "<script" not in encoded["By author"]


def _statements(app: Flask, url: str) -> int:
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = app.test_client().get(url, follow_redirects=True)
        assert response.status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_trust_costs_no_statement_per_post(site: Flask) -> None:
    """The home page's statements are the same for 2 posts as for 8, each by another author."""
    site.config["UNFILTERED_HTML"] = True

    def add_posts(n: int, start: int) -> None:
        for i in range(n):
            user = make_user(role=ROLES[(start + i) % len(ROLES)])
            make_post(
                content=_html_block(RAW), author_id=user.id, date=datetime(2024, 1, 1 + start + i)
            )

    add_posts(2, 0)
    _statements(site, "/")  # the first request also builds what the site caches
    db.session.remove()
    few = _statements(site, "/")
    add_posts(6, 2)
    db.session.remove()
    many = _statements(site, "/")
    assert many == few


def _comment(post_id: int, text: str, user_id: int = 0) -> None:
    db.session.add(
        Comment(
            post_id=post_id,
            author_name="Someone",
            content=text,
            status="approved",
            user_id=user_id,
            date=datetime(2024, 1, 2),
            date_gmt=datetime(2024, 1, 2),
        )
    )
    db.session.commit()


COMMENT_TEXT = '<span class="signature">Ann</span><h2>Title</h2><img src=x onerror="alert(1)">'


@pytest.mark.parametrize("unfiltered", [True, False], ids=["unfiltered_html", "filtered"])
@pytest.mark.parametrize("role", [*ROLES, None], ids=[*ROLES, "visitor"])
def test_a_comment_is_filtered_by_its_writers_trust(
    site: Flask, role: str | None, unfiltered: bool
) -> None:
    site.config["UNFILTERED_HTML"] = unfiltered
    post = make_post("Talk", content="x", date=datetime(2024, 1, 1))
    user_id = make_user(role=role).id if role else 0
    _comment(post.id, COMMENT_TEXT, user_id)
    body = _page(site, post.id)
    if unfiltered and role in ("administrator", "editor"):
        assert '<span class="signature">Ann</span>' in body and "<h2>Title</h2>" in body
    else:
        # The comment policy, for visitors and for registered authors alike (WordPress).
        assert "onerror" not in body and "<h2>" not in body and "<span" not in body
        assert "Ann" in body and "Title" in body


def test_registered_commenters_cost_one_statement_whatever_their_number(site: Flask) -> None:
    post = make_post("Talk", content="x", date=datetime(2024, 1, 1))
    _comment(post.id, "first", make_user(role="author").id)
    _statements(site, f"/?p={post.id}")  # the first request also builds what the site caches
    db.session.remove()
    one = _statements(site, f"/?p={post.id}")
    for role in ROLES:
        _comment(post.id, f"by {role}", make_user(role=role).id)
    db.session.remove()
    assert _statements(site, f"/?p={post.id}") == one
