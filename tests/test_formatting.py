"""The first content pipeline: paragraphs, teasers, parts and sanitizing."""

from __future__ import annotations

from magtheme.formatting import autop, excerpt_text, render_comment, render_content, teaser


def test_autop_paragraphs_and_line_breaks() -> None:
    assert autop("One\n\nTwo\nlines") == "<p>One</p>\n<p>Two<br />\nlines</p>"


def test_autop_leaves_blocks_and_pre_alone() -> None:
    html = autop("<ul>\n<li>a</li>\n</ul>\n\n<pre>x\n\ny</pre>\n\nText")
    assert "<p><ul>" not in html and "<pre>x\n\ny</pre>" in html and "<p>Text</p>" in html


def test_render_content_removes_scripts_and_handlers() -> None:
    html = str(
        render_content(
            '<p onclick="x()">Hi</p><script>alert(1)</script>'
            '<a href="javascript:alert(1)">l</a><img src=x onerror=alert(1)>'
        )
    )
    assert "onclick" not in html and "<script" not in html and "javascript:" not in html
    assert "onerror" not in html and "<p>Hi</p>" in html


def test_teaser_and_excerpt() -> None:
    assert teaser("Intro<!--more-->Rest") == ("Intro", True)
    assert excerpt_text("", "word " * 60).endswith("[\u2026]")
    assert excerpt_text("Manual", "ignored") == "Manual"
    assert excerpt_text("", "Fish &amp; chips") == "Fish & chips"


def test_comment_links_are_nofollow_and_scripts_gone() -> None:
    html = str(render_comment('See <a href="https://example.com">this</a> <script>x()</script>'))
    assert 'rel="nofollow ugc"' in html and "<script" not in html
    assert str(render_comment("<b>bold</b>\n\nnext")) == "<p><b>bold</b></p>\n<p>next</p>"
