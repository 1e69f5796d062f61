"""The content pipeline end to end: the_content, teasers, excerpts, comments, reading time."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from magtheme.content.comment import render_comment
from magtheme.content.context import ContentContext
from magtheme.content.excerpt import excerpt_html
from magtheme.content.parts import teaser
from magtheme.content.pipeline import post_teaser, render_part, the_content
from magtheme.content.text import reading_time, word_count


def _post(content: str, excerpt: str = "", password: str = "", post_id: int = 7):  # type: ignore[no-untyped-def]
    return SimpleNamespace(
        id=post_id,
        content=content,
        excerpt=excerpt,
        password=password,
        modified_gmt=datetime(2024, 1, post_id % 28 + 1),
    )


def test_the_content_paragraphs_typography_and_safety() -> None:
    html = the_content('"Quoted" -- text\n\nNext <script>x()</script>', ContentContext()).html
    assert html.startswith("<p>&#8220;Quoted&#8221; &#8212; text</p>")
    assert "<script" not in html


def test_more_becomes_an_anchor_on_the_post_and_cuts_the_teaser() -> None:
    post = _post("Intro<!--more-->Rest", post_id=1)
    assert '<span id="more-1"></span>Rest' in render_part(post, 1).html
    teaser_html, cut = post_teaser(post)
    assert cut and "Rest" not in teaser_html and "Intro" in teaser_html
    assert teaser("Intro<!--more-->Rest") == ("Intro", True)


def test_nextpage_parts() -> None:
    post = _post("One<!--nextpage-->Two", post_id=2)
    assert "Two" in render_part(post, 2).html and "One" not in render_part(post, 2).html


def test_excerpts_manual_automatic_and_protected() -> None:
    assert str(excerpt_html(_post("x", excerpt="Manual *one*", post_id=3), ContentContext())) == (
        "<p>Manual *one*</p>\n"
    )
    automatic = str(excerpt_html(_post("word " * 80, post_id=4), ContentContext()))
    assert automatic.count("word") == 55 and "[&hellip;]" in automatic
    protected = str(excerpt_html(_post("secret", password="pw", post_id=5), ContentContext()))
    assert "secret" not in protected and "protected post" in protected


def test_comment_links_are_nofollow_and_scripts_gone() -> None:
    html = str(render_comment('See <a href="https://example.com">this</a> <script>x()</script>'))
    assert 'rel="nofollow ugc"' in html and "<script" not in html


def test_reading_time_and_word_count() -> None:
    assert word_count("<p>one two</p> three") == 3
    assert reading_time("word " * 450) == 3
