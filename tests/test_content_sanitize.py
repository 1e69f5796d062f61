"""sanitize(): block delimiters and WordPress's markers survive without ever letting text out
of its context, one URL policy covers every URL-bearing attribute, and trust levels follow
WordPress's roles."""

from __future__ import annotations

import html
import json

import pytest

from magtheme.content.blocks import parse_blocks
from magtheme.content.sanitize import (
    AUTHOR,
    COMMENT,
    UNFILTERED,
    attribute_url_is_allowed,
    comment_policy,
    post_policy,
    sanitize,
    serialize_block_attributes,
    srcset_urls,
    url_is_allowed,
)
from tests.xss import executable, vectors

VECTORS = vectors()


def _json_text(vector: str) -> str:
    """*vector* as the inside of a JSON string (what an editor would save)."""
    return json.dumps(vector)[1:-1]


#: Every context a vector can sit in around block delimiters, WordPress's markers and other
#: comments: ``{v}`` is the vector as written, ``{j}`` the vector escaped for a JSON string.
CONTEXTS = {
    "bare": "{v}",
    "in a paragraph block": "<!-- wp:paragraph --><p>{v}</p><!-- /wp:paragraph -->",
    "in a group around an inner block": (
        '<!-- wp:group --><div class="wp-block-group">{v}<!-- wp:paragraph --><p>x</p>'
        "<!-- /wp:paragraph -->{v}</div><!-- /wp:group -->"
    ),
    "raw in block JSON": '<!-- wp:paragraph {{"className":"{v}"}} --><p>x</p><!-- /wp:paragraph -->',
    "escaped in block JSON": (
        '<!-- wp:paragraph {{"className":"{j}"}} --><p>x</p><!-- /wp:paragraph -->'
    ),
    "block JSON in an attribute": '<img src="a.jpg" alt="<!-- wp:x {{"a":"{v}"}} -->">',
    "escaped block JSON in an attribute": '<img alt="<!-- wp:x {{"a":"{j}"}} /-->" title="{v}">',
    "void block in an attribute": "<a href='https://x.test/' title='<!-- wp:x /-->{v}'>x</a>",
    "opener in an attribute, closer after": '<p title="<!-- wp:x -->">{v}</p><!-- /wp:x -->',
    "more in an attribute": '<img src="a.jpg" alt="<!--more-->{v}">',
    "more with text in an attribute": '<p title="<!--more {v}-->">x</p>',
    "around more": "{v}<!--more-->{v}",
    "more's text": "<!--more {v}-->after",
    "nextpage and noteaser": "{v}<!--nextpage--><!--noteaser-->{v}",
    "in a comment": "<!-- {v} -->",
    "in a block-looking comment": "<!-- wp:x {v} -->",
    "unclosed block": "<!-- wp:group -->{v}",
    "stray closer": "<!-- /wp:group -->{v}<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->",
    "the old token format": "mtkeptcomment0x{v}mtkeptcomment<b>9</b>x<!--more-->",
    "a forged placeholder": "<!--mt0123456789abcdef_0-->{v}<p title='<!--mt0123456789abcdef_0-->'>",
}


def _wrapped() -> list[tuple[str, str]]:
    return [
        (name, template.format(v=vector, j=_json_text(vector)))
        for name, template in CONTEXTS.items()
        for vector in VECTORS
    ]


@pytest.mark.parametrize("policy", [COMMENT, AUTHOR], ids=lambda p: p.name)
def test_no_vector_gets_out_of_any_comment_or_block_context(policy) -> None:  # type: ignore[no-untyped-def]
    leaks = {}
    for context, text in _wrapped():
        if found := executable(sanitize(text, policy)):
            leaks[f"{context}: {text[:80]}"] = found
    assert leaks == {}


def test_a_comment_inside_a_quoted_attribute_stays_in_the_attribute() -> None:
    text = '<img alt="<!-- wp:x {"a":" onerror=alert(1) b="} -->">'
    cleaned = sanitize(text)
    assert executable(cleaned) == []
    assert "onerror" not in executable(cleaned)
    # The author's alt text is still there, as text.
    assert "&lt;!-- wp:x" in cleaned


BLOCKS = (
    '<!-- wp:group {"layout":{"type":"constrained"}} --><div class="wp-block-group">'
    "<!-- wp:paragraph --><p>One</p><!-- /wp:paragraph -->\n\n"
    '<!-- wp:image {"id":5,"sizeSlug":"large"} --><figure class="wp-block-image size-large">'
    '<img src="/a.jpg" alt="" class="wp-image-5"/></figure><!-- /wp:image -->'
    "</div><!-- /wp:group -->\n\n"
    '<!-- wp:latest-posts {"displayPostContent":true} /-->\n\n'
    '<!-- wp:separator --><hr class="wp-block-separator"/><!-- /wp:separator -->'
)


def test_block_structure_survives_with_the_same_parse() -> None:
    cleaned = sanitize(BLOCKS)

    def shape(text: str) -> list[tuple[str | None, dict, int]]:
        from magtheme.content.blocks import iter_blocks

        return [(b.name, b.attrs, len(b.inner_blocks)) for b in iter_blocks(parse_blocks(text))]

    assert shape(cleaned) == shape(BLOCKS)
    assert "<!-- wp:latest-posts {" in cleaned and "/-->" in cleaned
    assert '<div class="wp-block-group"><!-- wp:paragraph --><p>One</p>' in cleaned
    # Stable: content stored sanitized is shown the same after the display pass.
    assert sanitize(cleaned) == cleaned


def test_block_attributes_are_written_as_wordpress_encodes_them() -> None:
    attrs = {"a": '--><script>x</script>&"', "b": "é"}
    encoded = serialize_block_attributes(attrs)
    assert encoded == (
        '{"a":"\\u002d\\u002d\\u003e\\u003cscript\\u003ex\\u003c/script\\u003e\\u0026\\u0022",'
        '"b":"é"}'
    )
    assert json.loads(encoded) == attrs
    text = f"<!-- wp:x {json.dumps(attrs)} /-->"
    assert parse_blocks(sanitize(text))[0].attrs == attrs


@pytest.mark.parametrize(
    "text",
    [
        "mtkeptcomment<foo>5x",
        "mtkeptcomment99x<!--more-->mtkeptcomment0x",
        "<!-- wp:x -->mtkeptcomment<i>1</i>x<!-- /wp:x -->",
        "<!--mt0123456789abcdef_7-->",
    ],
)
def test_text_in_any_placeholder_format_is_just_text(text: str) -> None:
    assert "mt" in sanitize(text) or sanitize(text) == ""


def test_markers_kept_and_other_comments_dropped() -> None:
    text = "a<!--more-->b<!--more Read on-->c<!--nextpage-->d<!--noteaser-->e<!-- secret -->f"
    assert sanitize(text) == "a<!--more-->b<!--more Read on-->c<!--nextpage-->d<!--noteaser-->ef"
    assert sanitize(text, COMMENT) == sanitize(text)


def test_unfiltered_html_is_shown_as_written() -> None:
    text = '<script>track()</script><p onclick="go()">x</p><!-- note -->'
    assert sanitize(text, UNFILTERED) == text


# -- one URL policy ----------------------------------------------------------------------------

URLS = [
    # (value as written in the attribute, allowed)
    ("https://example.test/a.jpg", True),
    ("http://example.test/", True),
    ("mailto:ann@example.test", True),
    ("tel:+33123", True),
    ("/relative/path.jpg", True),
    ("relative.jpg", True),
    ("#fragment", True),
    ("?q=1", True),
    ("//cdn.example.test/x.js", True),
    ("folder/a:b.jpg", True),
    ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    ("javascript:123", False),
    ("javascript:0", False),
    ("java\tscript:alert(1)", False),
    ("java\nscript:alert(1)", False),
    ("java\rscript:alert(1)", False),
    ("java&#x09;script:alert(1)", False),
    ("java&#10;script:alert(1)", False),
    ("&#x6A;avascript:alert(1)", False),
    ("&#106;avascript:alert(1)", False),
    ("&#0000106avascript:alert(1)", False),
    ("javascript&colon;alert(1)", False),
    ("jav&#x61;script:alert(1)", False),
    (" javascript:alert(1)", False),
    ("\x01javascript:alert(1)", False),
    ("&#1;javascript:alert(1)", False),
    ("\x00javascript:alert(1)", False),
    ("javascript:alert(1)\x1f ", False),
    ("java\x01script:alert(1)", False),
    ("vbscript:msgbox(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("data:image/svg+xml;base64,PHN2Zz4=", False),
    ("livescript:x", False),
    ("x:alert(1)", False),
]


@pytest.mark.parametrize(("value", "allowed"), URLS, ids=[repr(v) for v, _ in URLS])
def test_url_policy(value: str, allowed: bool) -> None:
    """*value* as written in an ``href``: references are decoded before the URL is read."""
    assert attribute_url_is_allowed("href", value) is allowed
    assert url_is_allowed(html.unescape(value)) is allowed


URL_ATTRIBUTE_CASES = [
    ("href", "javascript:1"),
    ("src", "javascript:1"),
    ("poster", "javascript:1"),
    ("action", "javascript:1"),
    ("formaction", "javascript:1"),
    ("xlink:href", "javascript:1"),
    ("cite", "javascript:1"),
    ("data", "javascript:1"),
    ("background", "javascript:1"),
    ("longdesc", "javascript:1"),
    ("usemap", "javascript:1"),
    ("codebase", "javascript:1"),
    ("lowsrc", "javascript:1"),
    ("dynsrc", "javascript:1"),
    ("ping", "https://ok.test/ javascript:1"),
    ("srcset", "a.jpg 1x, javascript:1 2x"),
    ("srcset", "a.jpg 1x,javascript:1 2x"),
    ("srcset", "javascript:1"),
    ("srcset", "a.jpg 100w, b.jpg (x, javascript:1) 2x, javascript:alert(1)"),
    ("imagesrcset", "a.jpg 1x, &#x6A;avascript:1 2x"),
    ("srcdoc", "<p>anything</p>"),
]


@pytest.mark.parametrize(("name", "value"), URL_ATTRIBUTE_CASES)
def test_every_url_attribute_is_checked(name: str, value: str) -> None:
    assert attribute_url_is_allowed(name, value) is False


def test_good_srcsets_pass_and_are_split_as_browsers_split_them() -> None:
    assert list(srcset_urls("a.jpg 1x, b.jpg 2x")) == ["a.jpg", "b.jpg"]
    # A comma inside a URL is part of it; one after a URL or a descriptor ends the candidate.
    assert list(srcset_urls(" a.jpg,b.jpg 640w ,, c.jpg")) == ["a.jpg,b.jpg", "c.jpg"]
    assert list(srcset_urls("a,b.jpg 1x")) == ["a,b.jpg"]
    assert list(srcset_urls("a.jpg,,, b.jpg")) == ["a.jpg", "b.jpg"]
    assert attribute_url_is_allowed("srcset", "/a-300x200.jpg 300w, /a.jpg 1024w")
    assert attribute_url_is_allowed("title", "javascript:1")  # not a URL attribute


@pytest.mark.parametrize(
    ("markup", "kept"),
    [
        ('<img src="a.jpg" srcset="a.jpg 1x, javascript:alert(1) 2x">', '<img src="a.jpg">'),
        (
            '<img src="a.jpg" srcset="a.jpg 1x, b.jpg 2x">',
            '<img src="a.jpg" srcset="a.jpg 1x, b.jpg 2x">',
        ),
        ('<video poster="javascript:alert(1)" src="v.mp4"></video>', '<video src="v.mp4"></video>'),
        ('<source srcset="javascript:1" type="image/webp">', '<source type="image/webp">'),
        ('<a href="javascript:123">x</a>', "<a>x</a>"),
        ('<a href="java&#x09;script:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="&#x6A;avascript:alert(1)">x</a>', "<a>x</a>"),
        ('<blockquote cite="javascript:1">q</blockquote>', "<blockquote>q</blockquote>"),
        (
            '<a href="https://x.test/?a=1&amp;b=2">x</a>',
            '<a href="https://x.test/?a=1&amp;b=2">x</a>',
        ),
        ('<iframe src="https://[broken/"></iframe>x', "x"),
        (
            '<iframe src=" https://www.youtube.com/embed/x"></iframe>',
            '<iframe src=" https://www.youtube.com/embed/x"></iframe>',
        ),
    ],
)
def test_url_policy_in_sanitize(markup: str, kept: str) -> None:
    assert sanitize(markup) == kept


# -- trust levels ------------------------------------------------------------------------------

ROLES = ["administrator", "editor", "author", "contributor", "subscriber", "", None]
POST_POLICY = {
    # role: (with unfiltered_html on, off)
    "administrator": (UNFILTERED, AUTHOR),
    "editor": (UNFILTERED, AUTHOR),
    "author": (AUTHOR, AUTHOR),
    "contributor": (AUTHOR, AUTHOR),
    "subscriber": (AUTHOR, AUTHOR),
    "": (AUTHOR, AUTHOR),
    None: (AUTHOR, AUTHOR),
}
COMMENT_POLICY = {
    "administrator": (UNFILTERED, COMMENT),
    "editor": (UNFILTERED, COMMENT),
    "author": (COMMENT, COMMENT),
    "contributor": (COMMENT, COMMENT),
    "subscriber": (COMMENT, COMMENT),
    "": (COMMENT, COMMENT),
    None: (COMMENT, COMMENT),
}


@pytest.mark.parametrize("role", ROLES)
def test_trust_levels_follow_wordpress_roles(role: str | None) -> None:
    on, off = POST_POLICY[role]
    assert post_policy(role, unfiltered_html=True) is on
    assert post_policy(role, unfiltered_html=False) is off
    on, off = COMMENT_POLICY[role]
    assert comment_policy(role, unfiltered_html=True) is on
    assert comment_policy(role, unfiltered_html=False) is off
