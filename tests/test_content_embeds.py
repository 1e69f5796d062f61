"""Embeds: WordPress's autoembed rules, with a link placeholder instead of third-party players."""

from __future__ import annotations

import json

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magtheme.content.context import ContentContext
from magtheme.content.embeds import (
    PROVIDERS,
    autoembed,
    embed_placeholder,
    find_provider,
    run_embed_shortcode,
)
from magtheme.content.shortcodes import default_registry, do_shortcode, esc_url
from tests.conftest import unit_test_wxr

CONTEXT = ContentContext()

#: One URL per provider the issue names, and the provider it must be recognised as.
KNOWN = [
    ("https://www.youtube.com/watch?v=SQEQr7c0-dw", "youtube"),
    ("https://youtu.be/ex8fMxXJDJw", "youtube"),
    ("https://m.youtube.com/playlist?list=PL1", "youtube"),
    ("https://vimeo.com/22439234", "vimeo"),
    ("https://twitter.com/nacin/status/319508408669708289", "twitter"),
    ("https://x.com/WordPress/status/1057136472321613824", "x"),
    ("https://www.instagram.com/p/BpmueLLgEn_/", "instagram"),
    ("https://www.tiktok.com/@scout2015/video/6718335390845095173", "tiktok"),
    ("https://open.spotify.com/track/2TpxZ7JUBn3uw46aR7qd6V", "spotify"),
    ("https://soundcloud.com/forss/flickermood", "soundcloud"),
    ("https://www.flickr.com/photos/bees/2341623661/", "flickr"),
    ("https://flic.kr/p/4AK2sc", "flickr"),
    ("https://wordpress.tv/2009/03/16/anatomy-of-a-wordpress-theme/", "wordpress-tv"),
    ("https://www.dailymotion.com/video/x7tgad0", "dailymotion"),
    ("https://www.reddit.com/r/Wordpress/comments/abc/title/", "reddit"),
    ("https://imgur.com/gallery/abc", "imgur"),
    ("https://www.kickstarter.com/projects/1/2", "kickstarter"),
    ("https://www.scribd.com/document/123/title", "scribd"),
    ("https://www.slideshare.net/user/deck", "slideshare"),
    ("https://www.ted.com/talks/ken_robinson_says_schools_kill_creativity", "ted"),
    ("https://staff.tumblr.com/post/123/title", "tumblr"),
    ("https://issuu.com/user/docs/doc", "issuu"),
]


@pytest.mark.parametrize(("url", "slug"), KNOWN)
def test_known_providers(url: str, slug: str) -> None:
    provider = find_provider(url)
    assert provider is not None and provider.slug == slug


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/watch?v=1",
        "https://youtube.com.evil.test/watch?v=1",
        "https://twitter.com/this_name_is_far_too_long_for_twitter",
        "https://www.reddit.com/r/Wordpress/",
    ],
)
def test_unknown_urls(url: str) -> None:
    assert find_provider(url) is None


@pytest.mark.parametrize(("url", "slug"), KNOWN)
def test_a_bare_url_on_its_own_line_becomes_a_placeholder(url: str, slug: str) -> None:
    html = autoembed(f"Before.\n\n{url}\n\nAfter.", CONTEXT)
    before, embed, after = html.split("\n\n")
    assert (before, after) == ("Before.", "After.")
    figure = lxml.html.fragment_fromstring(embed)
    assert figure.tag == "figure"
    assert f"is-provider-{slug}" in figure.get("class").split()
    (link,) = figure.iter("a")
    assert link.get("href") == url and link.get("rel") == "noopener"
    assert url in link.text_content()
    # Privacy: nothing that loads from the provider.
    assert "<iframe" not in html and "<script" not in html and "<img" not in html


def test_placeholder_markup() -> None:
    assert embed_placeholder("https://youtu.be/x?a=1&amp;b=2") == (
        '<figure class="wp-block-embed wp-block-embed-youtube is-type-video is-provider-youtube '
        'magtheme-embed-placeholder"><div class="wp-block-embed__wrapper">'
        '<a href="https://youtu.be/x?a=1&#038;b=2" class="magtheme-embed" rel="noopener" '
        'aria-label="Watch on YouTube: https://youtu.be/x?a=1&amp;b=2">'
        "https://youtu.be/x?a=1&amp;b=2</a></div></figure>"
    )


AUTOEMBED = [
    # Unknown URLs stay text, as WordPress without an oEmbed answer; &amp; is decoded as
    # WordPress's WP_Embed::shortcode does.
    ("https://example.com/a?b=1&amp;c=2", "https://example.com/a?b=1&c=2"),
    # Not alone on the line: untouched.
    ("see https://youtu.be/x here", "see https://youtu.be/x here"),
    (
        '<a href="https://youtu.be/x">https://youtu.be/x</a>',
        '<a href="https://youtu.be/x">https://youtu.be/x</a>',
    ),
    # A URL inside a multi-line tag is not "on its own line".
    ('<a title="x\nhttps://youtu.be/x\n">t</a>', '<a title="x\nhttps://youtu.be/x\n">t</a>'),
    # Alone in a paragraph: the placeholder replaces the paragraph (a figure cannot be in a p).
    ("<p>https://youtu.be/x</p>", embed_placeholder("https://youtu.be/x")),
    ("<p>https://example.com/</p>", "<p>https://example.com/</p>"),
    # Leading and trailing spaces on the line are kept around the embed.
    ("  https://youtu.be/x  ", "  " + embed_placeholder("https://youtu.be/x") + "  "),
]


@pytest.mark.parametrize(("html", "expected"), AUTOEMBED)
def test_autoembed_cases(html: str, expected: str) -> None:
    assert autoembed(html, CONTEXT) == expected


def test_url_in_an_embed_block_becomes_only_the_link() -> None:
    block = (
        '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">'
        '<div class="wp-block-embed__wrapper">\nhttps://youtu.be/ex8fMxXJDJw\n</div></figure>'
    )
    html = autoembed(block, CONTEXT)
    assert html.count("<figure") == 1
    assert embed_placeholder("https://youtu.be/ex8fMxXJDJw", wrapper=False) in html


def test_media_file_urls_become_players() -> None:
    html = autoembed("https://cdn.test/song.mp3\n\nhttps://cdn.test/clip.webm", CONTEXT)
    assert '<audio class="wp-audio-shortcode"' in html
    assert '<source type="video/webm" src="https://cdn.test/clip.webm?_=1" />' in html


def test_embed_shortcode() -> None:
    registry = default_registry()
    assert do_shortcode("[embed]https://vimeo.com/1[/embed]", registry, CONTEXT) == (
        embed_placeholder("https://vimeo.com/1")
    )
    # Unknown: a link (WordPress's [embed] links what it cannot embed).
    assert do_shortcode('[embed width="300"]https://example.com/[/embed]', registry, CONTEXT) == (
        '<a href="https://example.com/">https://example.com/</a>'
    )
    assert do_shortcode('[embed src="https://youtu.be/x"]', registry, CONTEXT) == (
        embed_placeholder("https://youtu.be/x")
    )
    assert do_shortcode("[embed][/embed]", registry, CONTEXT) == ""
    assert do_shortcode("[embed]javascript:alert(1)[/embed]", registry, CONTEXT) == (
        '<a href="">javascript:alert(1)</a>'
    )


def test_run_embed_shortcode_runs_only_embed() -> None:
    text = "[gallery] [embed]https://youtu.be/x[/embed]"
    assert run_embed_shortcode(text, CONTEXT) == "[gallery] " + embed_placeholder(
        "https://youtu.be/x"
    )


def _fixture_posts() -> dict[int, tuple[str, str]]:
    """(content as exported, content as WordPress printed it) of the posts with bare URLs."""
    import xml.etree.ElementTree as ET

    wxr = unit_test_wxr()
    ns = {
        "wp": "https://wordpress.org/export/1.2/",
        "content": "http://purl.org/rss/1.0/modules/content/",
    }
    source = {}
    for item in ET.parse(wxr).getroot().iter("item"):
        post_id = item.find("wp:post_id", ns)
        if post_id is not None and post_id.text:
            source[int(post_id.text)] = item.findtext("content:encoded", "", ns)
    expected = json.loads(
        (wxr.parent / "wordpress-theme-unit-test.wordpress-output.json").read_text()
    )
    printed = {entry["id"]: entry["content"] for entry in expected["posts"]}
    return {pid: (source[pid], printed[pid]) for pid in (582, 1161, 1179, 1738)}


def test_theme_unit_test_embeds() -> None:
    """The fixture's WordPress ran without network, so it printed every URL as text; we print
    the placeholder for each of them: same URLs, a link instead of text, no third party."""
    for post_id, (source, printed) in _fixture_posts().items():
        ours = autoembed(source, CONTEXT)
        urls = [
            line.strip()
            for line in source.splitlines()
            if line.strip().startswith("http") and " " not in line.strip()
        ]
        assert urls, post_id
        for url in urls:
            assert url.replace("&amp;", "&#038;") in printed or url in printed
            provider = find_provider(url)
            assert provider is not None, url  # every URL in these posts is a known provider
            assert f'href="{esc_url(url.replace("&amp;", "&"))}"' in ours
        assert "<iframe" not in ours and "<script" not in ours


def test_every_provider_has_a_name_and_kind() -> None:
    for provider in PROVIDERS:
        assert (
            provider.name and provider.slug and provider.kind in ("video", "audio", "photo", "rich")
        )
        assert provider.patterns


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [u for u, _ in KNOWN]
                + ["\n", "<p>", "</p>", "<a href='", "'>", " ", "https://", "&amp;", '"']
            ),
            st.text(max_size=8),
        ),
        max_size=20,
    )
)
def test_autoembed_never_crashes_and_never_adds_scripts(pieces: list[str]) -> None:
    html = "".join(pieces)
    out = autoembed(html, CONTEXT)
    assert out.count("<iframe") == html.count("<iframe")
    assert out.count("<script") == html.count("<script")
