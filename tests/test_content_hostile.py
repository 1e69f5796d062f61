"""Hostile content renders without a crash and without breaking the page around it."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask

from tests.factories import make_post

CASES = {
    "unclosed tags": "<p><b><i>never closed <div><span>still open",
    "stray closers": "</div></div></p></article></main></body></html> text",
    "deep nesting": "<div>" * 3000 + "deep" + "</div>" * 3000,
    "control characters": "a\x00b\x01c\x1b[31m red \x7f text",
    "nested shortcodes": "[caption][caption][gallery ids='1,2'][/caption][/caption] [[escaped]]",
    "broken blocks": "<!-- wp:paragraph {bad json --><p>x<!-- wp:group --><!-- /wp:columns -->",
    "huge": "word " * 400_000,
}


@pytest.mark.parametrize("content", CASES.values(), ids=CASES.keys())
def test_hostile_content_renders_inside_the_page(probe_app: Flask, content: str) -> None:
    from magtheme.site import theme_chain

    chain = theme_chain("probe")
    (chain.active.templates_dir / "index.html").write_text(
        "<main>{% for p in posts %}<article>{{ p.content }}</article>{% endfor %}</main>"
        "<footer>END</footer>"
    )
    probe_app.extensions.pop("magtheme.chains", None)
    post = make_post("Hostile", content=content, date=datetime(2024, 1, 1))
    response = probe_app.test_client().get(f"/?p={post.id}", follow_redirects=True)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    # The page around the content is intact: the article closes before the footer.
    assert body.endswith("</article></main><footer>END</footer>")
    assert "\x00" not in body


def test_sanitize_drops_what_cannot_be_encoded() -> None:
    from magtheme.content.sanitize import sanitize

    assert sanitize("broken \ud800 and \udfff halves\x00") == "broken  and  halves"
