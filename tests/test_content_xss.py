"""An XSS corpus of public cheat-sheet vectors leaves nothing executable, at every trust level."""

from __future__ import annotations

from datetime import datetime

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
    assert leaks == {}


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
    assert leaks == {}


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
