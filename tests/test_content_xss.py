"""An XSS corpus of public cheat-sheet vectors leaves nothing executable, at every trust level."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask

from magtheme.content.sanitize import AUTHOR, COMMENT, sanitize
from tests.factories import make_post
from tests.xss import executable, vectors

VECTORS = vectors()


def test_corpus_is_large_enough() -> None:
    assert len(VECTORS) >= 150


def test_checker_catches_what_it_should() -> None:
    assert executable('<img src=x onerror="alert(1)">') == ["img[onerror]"]
    assert executable('<a href="jav&#x09;ascript:alert(1)">x</a>')
    assert executable("<script>x</script>") == ["<script>"]
    assert executable('<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>') == []
    assert executable('<p style="color:red">ok</p><a href="https://x.test">ok</a>') == []


@pytest.mark.parametrize("policy", [COMMENT, AUTHOR], ids=lambda p: p.name)
def test_every_vector_is_defused(policy) -> None:  # type: ignore[no-untyped-def]
    leaks = {v: found for v in VECTORS if (found := executable(sanitize(v, policy)))}
    assert leaks == {}, {k: v[:3] for k, v in leaks.items()}


def test_every_vector_is_defused_on_the_post_page(probe_app: Flask) -> None:
    from magtheme.site import theme_chain

    chain = theme_chain("probe")
    (chain.active.templates_dir / "index.html").write_text(
        "{% for p in posts %}<article>{{ p.content }}</article>{% endfor %}"
    )
    probe_app.extensions.pop("magtheme.chains", None)
    client = probe_app.test_client()
    leaks = {}
    for n, vector in enumerate(VECTORS):
        post = make_post(f"V{n}", slug=f"v{n}", content=vector, date=datetime(2024, 1, 1))
        body = client.get(f"/?p={post.id}", follow_redirects=True).get_data(as_text=True)
        if found := executable(body):
            leaks[vector] = found
    assert leaks == {}, {k: v[:3] for k, v in leaks.items()}


def test_every_vector_is_defused_through_the_comment_form(probe_app: Flask) -> None:
    """Each vector posted as a visitor's comment (approved), then shown on the post's page."""
    from magtheme.models import Comment, db
    from magtheme.options import update_option
    from magtheme.site import theme_chain
    from tests.test_comments_post import send

    for name, value in (
        ("comment_previously_approved", False),
        ("comment_max_links", 1000),
        ("comment_rate_limit", 0),
    ):
        update_option(name, value)
    chain = theme_chain("probe")
    (chain.active.templates_dir / "index.html").write_text(
        "{% for c in post.comments %}<li>{{ c.content }}{{ c.author }}</li>{% endfor %}"
    )
    probe_app.extensions.pop("magtheme.chains", None)
    post = make_post("Talk", date=datetime(2024, 1, 1))
    client = probe_app.test_client()
    with client.session_transaction() as session:
        session["mt_visitor"] = "visitor-1"
    for n, vector in enumerate(VECTORS):
        send(client, post, comment=f"{vector} #{n}", author=f"Eve {vector[:40]}")
    stored = db.session.query(Comment).filter_by(post_id=post.id).count()
    assert stored >= len(VECTORS) - 5  # a few identical-after-cleaning ones are duplicates
    body = client.get(f"/?p={post.id}", follow_redirects=True).get_data(as_text=True)
    assert body.count("<li>") == stored
    assert executable(body) == []


def _contexts() -> dict[str, str]:
    """One text per context of tests.test_content_sanitize.CONTEXTS: every vector wrapped in
    it, one after the other."""
    from tests.test_content_sanitize import CONTEXTS, _json_text

    return {
        name: "\n".join(template.format(v=v, j=_json_text(v)) for v in VECTORS)
        for name, template in CONTEXTS.items()
    }


LATEST_FULL = (
    '<!-- wp:latest-posts {"postsToShow":100,"displayPostContent":true,'
    '"displayPostContentRadio":"full_post"} /-->'
)


def test_every_context_is_defused_on_pages_in_latest_posts_and_in_feeds(probe_app: Flask) -> None:
    """Each context's text by an author, shown on its own page (both parts), on the home
    page, in full in a latest-posts block on an administrator's unfiltered page and on an
    author's page, and in /feed/'s content:encoded and description."""
    from lxml import etree

    from magtheme.options import update_option
    from magtheme.site import theme_chain
    from tests.factories import make_user
    from tests.xss import executable_in_page

    probe_app.config["UNFILTERED_HTML"] = True
    chain = theme_chain("probe")
    (chain.active.templates_dir / "index.html").write_text(
        "<!DOCTYPE html><html><head><title>t</title></head><body>"
        "{% for p in posts %}<article>{{ p.content }}</article>{% endfor %}</body></html>"
    )
    probe_app.extensions.pop("magtheme.chains", None)
    update_option("posts_per_page", 100)
    update_option("posts_per_rss", 100)
    writer, admin = make_user(role="author"), make_user(role="administrator")
    posts = {
        name: make_post(name, content=text, author_id=writer.id)
        for name, text in _contexts().items()
    }
    shown_by_admin = make_post("Latest (admin)", content=LATEST_FULL, author_id=admin.id)
    shown_by_author = make_post("Latest (author)", content=LATEST_FULL, author_id=writer.id)
    client = probe_app.test_client()
    leaks: dict[str, list[str]] = {}
    urls = {
        f"{name} (page {n})": f"/?p={p.id}&page={n}" for name, p in posts.items() for n in (1, 2)
    }
    urls |= {"home": "/", "latest, admin": f"/?p={shown_by_admin.id}"}
    urls |= {"latest, author": f"/?p={shown_by_author.id}"}
    for label, url in urls.items():
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, label
        body = response.get_data(as_text=True)
        if found := executable_in_page(body):
            leaks[label] = found
    # The latest-posts blocks did show the posts in full.
    body = client.get(f"/?p={shown_by_admin.id}", follow_redirects=True).get_data(as_text=True)
    assert body.count("wp-block-latest-posts__post-full-content") == len(posts) + 2
    response = client.get("/feed/")
    assert response.status_code == 200
    items = etree.fromstring(response.data).findall("channel/item")
    assert len(items) == len(posts) + 2
    for item in items:
        title = item.findtext("title")
        encoded = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or ""
        for label, text in (
            (f"feed {title}", encoded),
            (f"feed {title} description", item.findtext("description") or ""),
        ):
            if found := executable(text):
                leaks[label] = found
    assert leaks == {}, {k: v[:3] for k, v in leaks.items()}


IMPORT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>T</title>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[eve]]></wp:author_login>
<wp:author_email><![CDATA[eve@example.test]]></wp:author_email>
<wp:author_display_name><![CDATA[Eve]]></wp:author_display_name></wp:author>
<item><title>Tokens</title><dc:creator>eve</dc:creator>
<content:encoded><![CDATA[mtkeptcomment<foo>5x mtkeptcomment0x
<img src="a.jpg" alt="<!-- wp:x {"a":" onerror=alert(1) b="} -->">
<!-- wp:paragraph --><p>kept</p><!-- /wp:paragraph --><!--more-->mtkeptcomment<b>9</b>x]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>7</wp:post_id><wp:post_date>2024-01-01 10:00:00</wp:post_date>
<wp:post_date_gmt>2024-01-01 10:00:00</wp:post_date_gmt><wp:post_name>tokens</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>9</wp:comment_id><wp:comment_author>Eve</wp:comment_author>
<wp:comment_content><![CDATA[mtkeptcomment<i>3</i>x <img alt="<!--more-->" onerror=x>]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_date>2024-01-02 10:00:00</wp:comment_date>
<wp:comment_date_gmt>2024-01-02 10:00:00</wp:comment_date_gmt></wp:comment>
</item></channel></rss>"""


def test_text_in_the_old_token_format_imports_and_renders_everywhere(
    probe_app: Flask, tmp_path: Path
) -> None:
    from lxml import etree

    from magtheme.site import theme_chain
    from magtheme.wxr import import_wxr

    chain = theme_chain("probe")
    (chain.active.templates_dir / "index.html").write_text(
        "{% for p in posts %}<article>{{ p.content }}</article>{% endfor %}"
        "{% if post %}{% for c in post.comments %}<li>{{ c.content }}</li>{% endfor %}{% endif %}"
    )
    probe_app.extensions.pop("magtheme.chains", None)
    wxr = tmp_path / "tokens.xml"
    wxr.write_text(IMPORT)
    import_wxr(wxr, registry=probe_app.extensions["magtheme.registry"])
    client = probe_app.test_client()
    for url in ("/", "/?p=7"):
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert "mtkeptcomment" in body and "<p>kept</p>" in body, url
        assert executable(body) == [], url
    for url in ("/feed/", "/?p=7&feed=rss2"):
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        for item in etree.fromstring(response.data).findall("channel/item"):
            for text in item.itertext():
                assert executable(text) == [], url
