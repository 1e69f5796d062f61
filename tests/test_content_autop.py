"""wpautop and shortcode_unautop: WordPress's own cases, parity with WordPress's output,
properties over generated markup, and a 5 MB post.

The golden cases come from WordPress's PHPUnit suite (tests/formatting/Autop.php); the
parity test runs every shortcode-free, block-free post of the Theme Unit Test export
through ``wpautop(wptexturize(raw))`` and compares it with what WordPress 6.1 rendered.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magtheme.content.autop import shortcode_unautop, wp_html_split, wpautop
from magtheme.content.texturize import wptexturize
from magtheme.wxr.reader import read_wxr
from tests.conftest import unit_test_wxr

# --- WordPress's golden cases ----------------------------------------------------------

FIRST_POST_IN = """
Welcome to WordPress!  This post contains important information.

First things first:
<ul>
<li><a href="%1$s" title="Subscribe">Subscribe to the WordPress mailing list</a></li>
</ul>
As a subscriber, you will receive an email every time an update is available.
When a new version is released, <a href="%2$s" title="If you are already logged in">log in to the Dashboard</a> and follow the instructions.
Upgrading is a couple of clicks!

Then you can start enjoying the WordPress experience:
<ul>
<li>Edit your personal information at <a href="%3$s" title="Edit settings">Users &#8250; Profile</a></li>
<li>Modify and prettify your website&#8217;s links at <a href="%8$s" title="For example">Settings &#8250; Permalinks</a></li>
</ul>
To keep this post for reference, <a href="%11$s" title="Click to edit">click to edit it</a>.

Thank you for selecting WordPress.  We wish you happy publishing!

PS.  Not yet subscribed for update notifications?  <a href="%1$s" title="Subscribe">Do it now!</a>
"""

FIRST_POST_OUT = """<p>Welcome to WordPress!  This post contains important information.</p>
<p>First things first:</p>
<ul>
<li><a href="%1$s" title="Subscribe">Subscribe to the WordPress mailing list</a></li>
</ul>
<p>As a subscriber, you will receive an email every time an update is available.<br />
When a new version is released, <a href="%2$s" title="If you are already logged in">log in to the Dashboard</a> and follow the instructions.<br />
Upgrading is a couple of clicks!</p>
<p>Then you can start enjoying the WordPress experience:</p>
<ul>
<li>Edit your personal information at <a href="%3$s" title="Edit settings">Users &#8250; Profile</a></li>
<li>Modify and prettify your website&#8217;s links at <a href="%8$s" title="For example">Settings &#8250; Permalinks</a></li>
</ul>
<p>To keep this post for reference, <a href="%11$s" title="Click to edit">click to edit it</a>.</p>
<p>Thank you for selecting WordPress.  We wish you happy publishing!</p>
<p>PS.  Not yet subscribed for update notifications?  <a href="%1$s" title="Subscribe">Do it now!</a></p>
"""


def test_first_post() -> None:
    assert wpautop(FIRST_POST_IN) == FIRST_POST_OUT


# Stands in for WordPress's sizzle.js fixture: code with blank lines, tags and entities.
CODE = html.escape(
    "function x(a) {\n\n\tif ( a < 1 && b > \"2\" ) {\n\t\treturn '<br />';\n\t}\n\n\n}\n<div>\n\n</div>",
    quote=False,
)

VIDEO = (
    '<video class="wp-video-shortcode" id="video-0-1" width="640" height="360" preload="metadata" controls="controls">'
    '<source type="video/mp4" src="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4" />'
    "<!-- WebM/VP8 for Firefox4, Opera, and Chrome -->"
    '<source type="video/webm" src="myvideo.webm" />'
    '<track kind="subtitles" src="subtitles.srt" srclang="en" />'
    '<a href="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4">http://domain.tld/wp-content/uploads/2013/12/xyz.mp4</a></video>'
)

OBJECT_IN = """
Paragraph one.

<object width="400" height="224" classid="clsid:d27cdb6e">
	<param name="src" value="http://domain.tld/xyz.swf" />
	<param name="allowfullscreen" value="true" />

	<embed width="400" height="224" type="application/x-shockwave-flash" src="http://domain.tld/xyz.swf" />
</object>

Paragraph two."""

OBJECT_OUT = (
    "<p>Paragraph one.</p>\n"
    '<p><object width="400" height="224" classid="clsid:d27cdb6e">'
    '<param name="src" value="http://domain.tld/xyz.swf" />'
    '<param name="allowfullscreen" value="true" />'
    '<embed width="400" height="224" type="application/x-shockwave-flash" src="http://domain.tld/xyz.swf" />'
    "</object></p>\n"
    "<p>Paragraph two.</p>"
)

SELECT = (
    'Country: <select id="state" name="state"><option value="1">Alabama</option>'
    '<option value="2">Alaska</option><option value="3">Arizona</option></select>'
)
INPUTS = (
    'Username: <input type="text" id="username" name="username" /><br />'
    'Password: <input type="password" id="password1" name="password1" />'
)
SVG = """<svg xmlns="http://www.w3.org/2000/svg">
				<circle cx="50" cy="50" r="30" fill="blue">
					<animateTransform attributeName="transform" type="scale" to="1.5" dur="2s" fill="freeze"/>
				</circle>
			</svg>"""
SCRIPT = """<script type="text/javascript">
				var dummy = 1;
			</script>"""

BLOCKS = (
    "table thead tfoot caption col colgroup tbody tr td th div dl dd dt ul ol li pre form map "
    "area address math style p h1 h2 h3 h4 h5 h6 fieldset legend section article aside hgroup "
    "header footer nav figure details menu summary"
).split()
INLINES = (
    "a em strong small s cite q dfn abbr data time code var samp kbd sub sup i b u mark span "
    "del ins noscript select"
).split()

# (input, expected after trim) — WordPress's assertions compare trim( wpautop( $x ) ).
TRIMMED_CASES = [
    pytest.param(f"<pre>{CODE}</pre>", f"<pre>{CODE}</pre>", id="pre-alone"),
    pytest.param(
        f"Look at this code\n\n<pre>{CODE}</pre>\n\nIsn't that cool?",
        f"<p>Look at this code</p>\n<pre>{CODE}</pre>\n<p>Isn't that cool?</p>",
        id="pre-between-paragraphs",
    ),
    pytest.param(
        "Look at this code\n\n<pre>Line1<br />Line2<br>Line3<br/>Line4\nActual Line 2\nActual Line 3</pre>\n\nCool, huh?",
        "<p>Look at this code</p>\n<pre>Line1<br />Line2<br>Line3<br/>Line4\nActual Line 2\nActual Line 3</pre>\n<p>Cool, huh?</p>",
        id="pre-keeps-breaks",
    ),
    pytest.param(INPUTS, f"<p>{INPUTS}</p>", id="input-elements"),
    pytest.param(SELECT, f"<p>{SELECT}</p>", id="select-option"),
    pytest.param(
        "Paragraph one.\n\n" + VIDEO.replace("><", ">\n\t\t\t\t<") + "\n\nParagraph two.",
        f"<p>Paragraph one.</p>\n<p>{VIDEO}</p>\n<p>Paragraph two.</p>",
        id="source-track",
    ),
    pytest.param(
        "Paragraph one.\n\n" + VIDEO.replace("><", ">\n\n\t\t\t<") + "\n\nParagraph two.",
        f"<p>Paragraph one.</p>\n<p>{VIDEO}</p>\n<p>Paragraph two.</p>",
        id="source-track-blank-lines",
    ),
    pytest.param(
        'Paragraph one.\n\n[video width="720" mp4="http://domain.tld/xyz.mp4"]\n'
        '\t\t\t<!-- WebM -->\n\t\t\t<source type="video/webm" src="myvideo.webm" />\n'
        '\t\t\t<track kind="chapters" src="chapters.srt" srclang="en" />\n\t\t\t[/video]\n\nParagraph two.',
        '<p>Paragraph one.</p>\n<p>[video width="720" mp4="http://domain.tld/xyz.mp4"]'
        '<!-- WebM --><source type="video/webm" src="myvideo.webm" />'
        '<track kind="chapters" src="chapters.srt" srclang="en" />[/video]</p>\n<p>Paragraph two.</p>',
        id="video-shortcode-sources",
    ),
    pytest.param(OBJECT_IN, OBJECT_OUT, id="param-embed"),
    pytest.param(
        "\n\n".join(f"<{b}>foo</{b}>" for b in BLOCKS),
        "\n".join(f"<{b}>foo</{b}>" for b in BLOCKS),
        id="blocks-separated",
    ),
    pytest.param(
        "".join(f"<{b}>foo</{b}>" for b in BLOCKS),
        "\n".join(f"<{b}>foo</{b}>" for b in BLOCKS),
        id="blocks-joined",
    ),
    pytest.param(
        "".join(f"<{b}/>" for b in BLOCKS),
        "\n".join(f"<{b}/>" for b in BLOCKS),
        id="blocks-self-closing",
    ),
    pytest.param(
        "".join(f"<{b} attr='value'>foo</{b}>" for b in BLOCKS),
        "\n".join(f"<{b} attr='value'>foo</{b}>" for b in BLOCKS),
        id="blocks-with-attributes",
    ),
    pytest.param(
        "<blockquote>foo</blockquote>", "<blockquote><p>foo</p></blockquote>", id="blockquote"
    ),
    pytest.param(
        "\n\n".join(f"<{i}>foo</{i}>" for i in INLINES),
        "\n".join(f"<p><{i}>foo</{i}></p>" for i in INLINES),
        id="inline-elements",
    ),
    pytest.param(
        "\nline 1<br>\nline 2<br/>\nline 3<br />\nline 4\nline 5\n",
        "<p>line 1<br />\nline 2<br />\nline 3<br />\nline 4<br />\nline 5</p>",
        id="no-br-after-br",
    ),
    pytest.param(
        "\nline 1<br>\n<br/>\nline 2<br/>\n<br />\n",
        "<p>line 1</p>\n<p>line 2</p>",
        id="double-br-paragraph",
    ),
    pytest.param("a<div>b</div>", "<p>a</p>\n<div>b</div>", id="text-before-block"),
    pytest.param(
        '<figure><img src="example.jpg" /><figcaption>Caption</figcaption></figure>',
        '<figure><img src="example.jpg" /><figcaption>Caption</figcaption></figure>',
        id="figcaption",
    ),
    pytest.param(
        '<figure>\n<img src="example.jpg" />\n<figcaption>Caption</figcaption>\n</figure>',
        '<figure>\n<img src="example.jpg" /><figcaption>Caption</figcaption></figure>',
        id="figcaption-newlines",
    ),
    pytest.param("paragraph1<hr>paragraph2", "<p>paragraph1</p>\n<hr>\n<p>paragraph2</p>", id="hr"),
    pytest.param(SVG, f"<p>{SVG}</p>", id="inline-svg"),
    pytest.param(SCRIPT, f"<p>{SCRIPT}</p>", id="inline-script"),
]


@pytest.mark.parametrize(("text", "expected"), TRIMMED_CASES)
def test_wordpress_cases(text: str, expected: str) -> None:
    assert wpautop(text).strip() == expected


ELEMENT_SANITY = [
    ("Hello <a\nhref='world'>", "<p>Hello <a\nhref='world'></p>\n"),
    ("Hello <!-- a\nhref='world' -->", "<p>Hello <!-- a\nhref='world' --></p>\n"),
    (
        "Hello <!-- <object>\n<param>\n<param>\n<embed>\n</embed>\n</object>\n -->",
        "<p>Hello <!-- <object>\n<param>\n<param>\n<embed>\n</embed>\n</object>\n --></p>\n",
    ),
    (
        "Hello <!-- <object>\n<param/>\n<param/>\n<embed>\n</embed>\n</object>\n -->",
        "<p>Hello <!-- <object>\n<param/>\n<param/>\n<embed>\n</embed>\n</object>\n --></p>\n",
    ),
    (
        "Hello <![CDATA[ a\nhttps://youtu.be/jgz0uSaOZbE\n ]]>",
        "<p>Hello <![CDATA[ a\nhttps://youtu.be/jgz0uSaOZbE\n ]]></p>\n",
    ),
    (
        "Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 ]]> -->",
        "<p>Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 ]]> --></p>\n",
    ),
    (
        "Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 --> a\n9 ]]>",
        "<p>Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 --> a\n9 ]]></p>\n",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ELEMENT_SANITY)
def test_newlines_inside_elements_are_kept(text: str, expected: str) -> None:
    assert wpautop(text) == expected


def test_more_comment_is_kept_as_is() -> None:
    assert (
        wpautop("Teaser\n\n<!--more-->\n\nRest")
        == "<p>Teaser</p>\n<p><!--more--></p>\n<p>Rest</p>\n"
    )


def test_without_br_single_newlines_stay_newlines() -> None:
    assert wpautop("one\ntwo", br=False) == "<p>one\ntwo</p>\n"


def test_empty_paragraph_quirk() -> None:
    # WordPress's own output for an empty paragraph: kept for parity, not "fixed".
    assert wpautop("<p></p>") == "</p>\n"


def test_blank_line_in_list_item_quirk() -> None:
    # WordPress opens a <p> at a blank line inside <li> and leaves it to the browser to close
    # (HTML allows </p> to be omitted there). Kept as WordPress renders it.
    assert wpautop("<ul><li>one\n\ntwo</li></ul>") == "<ul>\n<li>one\n<p>two</li>\n</ul>\n"


def test_space_before_closing_div_quirk() -> None:
    # A space between </p> and </div> leaves WordPress with an empty paragraph it half
    # removes. Kept as WordPress renders it.
    assert wpautop("<div><p>word</p> </div>") == "<div>\n<p>word</p>\n</p></div>\n"


def test_blank_line_in_div_quirk() -> None:
    # Text right after <div> shares the paragraph with the <div> tag, whose <p> WordPress
    # then removes, leaving a lone </p>. Kept as WordPress renders it.
    assert wpautop("<div>word\n\nword</div>") == "<div>word</p>\n<p>word</p></div>\n"


def test_whitespace_only_gives_nothing() -> None:
    assert wpautop(" \n\t\n ") == ""
    # PHP's trim() keeps the no-break space, so WordPress wraps it.
    assert wpautop("\xa0") == "<p>\xa0</p>\n"


def test_html_split_keeps_elements_at_odd_indexes() -> None:
    assert wp_html_split("a<b>c<!-- d -->e") == ["a", "<b>", "c", "<!-- d -->", "e"]


# --- shortcode_unautop -----------------------------------------------------------------

UNAUTOP_CASES = [
    pytest.param("[footag]\n", ["footag"], "[footag]\n", id="wordpress-14050"),
    pytest.param('<p>[gallery ids="1,2"]</p>\n', ["gallery"], '[gallery ids="1,2"]\n', id="alone"),
    pytest.param("<p>[gallery /]</p>", ["gallery"], "[gallery /]", id="self-closing"),
    pytest.param("<p> &nbsp;[gallery]\xa0</p>", ["gallery"], "[gallery]", id="spaces"),
    pytest.param(
        '<p>[caption id="x"]<img src="a.jpg" /> A caption[/caption]</p>',
        ["caption"],
        '[caption id="x"]<img src="a.jpg" /> A caption[/caption]',
        id="enclosing",
    ),
    pytest.param(
        "<p>See [gallery] here</p>", ["gallery"], "<p>See [gallery] here</p>", id="inline-kept"
    ),
    pytest.param("<p>[galleryx]</p>", ["gallery"], "<p>[galleryx]</p>", id="other-name"),
    pytest.param("<p>[gallery-x]</p>", ["gallery"], "<p>[gallery-x]</p>", id="hyphenated-name"),
    pytest.param("<p>[unknown]</p>", ["gallery"], "<p>[unknown]</p>", id="unregistered"),
    pytest.param("<p>[gallery]</p>", [], "<p>[gallery]</p>", id="nothing-registered"),
]


@pytest.mark.parametrize(("text", "names", "expected"), UNAUTOP_CASES)
def test_shortcode_unautop(text: str, names: list[str], expected: str) -> None:
    assert (
        shortcode_unautop(
            wpautop(text) if text.endswith("]\n") and "<p>" not in text else text, names
        )
        == expected
    )


# --- Parity with WordPress on the Theme Unit Test export -------------------------------

#: Posts whose ``wpautop(wptexturize(raw))`` equals WordPress's the_content (page 1), out
#: of the shortcode- and block-free, unprotected posts. Measured: 49 of 51. The two
#: others differ only by ``decoding="async"``, which WordPress's wp_filter_content_tags
#: (a later filter, not part of autop or texturize) adds to images.
PARITY_EXACT = 49

_SHORTCODE = re.compile(r"\[[A-Za-z]")
_BETWEEN_TAGS = re.compile(r">\s+<")


def _normalise(markup: str) -> str:
    return _BETWEEN_TAGS.sub("><", markup).strip()


def _page_one(raw: str, post_id: int) -> str:
    """What get_the_content() hands the_content on page 1 of a single view."""
    if "<!--nextpage-->" in raw:
        for variant in ("\n<!--nextpage-->\n", "\n<!--nextpage-->", "<!--nextpage-->\n"):
            raw = raw.replace(variant, "<!--nextpage-->")
        raw = raw.removeprefix("<!--nextpage-->").split("<!--nextpage-->")[0]
    more = re.search(r"<!--more(.*?)?-->", raw)
    if more:
        teaser, rest = raw.split(more.group(0), 1)
        raw = f'{teaser}<span id="more-{post_id}"></span>{rest}'
    return raw


def _parity() -> tuple[int, int, list[int]]:
    wxr = unit_test_wxr()
    output = json.loads(
        (wxr.parent / "wordpress-theme-unit-test.wordpress-output.json").read_text()
    )
    raw = {item.post_id: item.content for item in read_wxr(wxr).items}
    exact, total, differ = 0, 0, []
    for post in output["posts"]:
        content = raw.get(post["id"])
        if content is None or post["has_password"]:
            continue
        if "<!-- wp:" in content or _SHORTCODE.search(content):
            continue
        total += 1
        expected = post["content"] if isinstance(post["content"], str) else post["content"][0]
        mine = wpautop(wptexturize(_page_one(content, post["id"])))
        if _normalise(mine) == _normalise(expected):
            exact += 1
        else:
            differ.append(post["id"])
    return exact, total, differ


def test_parity_with_wordpress_on_the_theme_unit_test() -> None:
    exact, total, differ = _parity()
    assert total >= 50, "the export should have ~50 classic posts without shortcodes"
    assert exact >= PARITY_EXACT, f"{exact}/{total} identical; differing posts: {differ}"


# --- Properties ------------------------------------------------------------------------

VOID = {
    "br",
    "hr",
    "img",
    "input",
    "meta",
    "link",
    "source",
    "track",
    "wbr",
    "area",
    "col",
    "embed",
    "param",
}


class _Balance(HTMLParser):
    """Counts open and close tags of non-void elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.opened: dict[str, int] = {}
        self.closed: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.opened[tag] = self.opened.get(tag, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.closed[tag] = self.closed.get(tag, 0) + 1


def balanced(markup: str) -> bool:
    parser = _Balance()
    parser.feed(markup)
    parser.close()
    return parser.opened == parser.closed


_WORDS = st.sampled_from(
    ["word", "it's", '"quoted"', "'single'", "--", "...", "9'", "a & b", "x", "3x4"]
)
_GAPS = st.sampled_from([" ", "\n", "\n\n", "\n\n\n", "", "\t"])
# Every element gets some text: WordPress's autop itself turns an empty "<p></p>" into a
# stray "</p>" (see test_empty_paragraph_quirk), so balance only holds for real content.
# Text never ends in spaces or tabs before a closing tag: WordPress's autop turns
# "<div><p>x</p> </div>" into a stray "</p>" (see test_space_before_closing_div_quirk).
_TEXT = st.lists(st.tuples(_GAPS, _WORDS), min_size=1, max_size=8).map(
    lambda parts: "".join(g + w for g, w in parts).lstrip(" \t")
)
# Inside <li>, <p> and <em> no blank lines: WordPress's autop starts a paragraph at a blank
# line inside a list item and never closes it (see test_blank_line_in_list_item_quirk).
_LINE_TEXT = st.lists(
    st.tuples(st.sampled_from([" ", "\n", "", "\t"]), _WORDS), min_size=1, max_size=8
).map(lambda parts: "".join(g + w for g, w in parts).lstrip(" \t"))
_BETWEEN_BLOCKS = st.sampled_from(["", "\n", "\n\n", "\n\n\n"])


# Valid HTML only: <p>, <pre> and <em> hold phrasing content (text and <em>); <div>,
# <blockquote> and lists hold anything. (WordPress's autop, and so this port, loses a
# </pre> when <pre> elements nest, which HTML's content model makes meaningless anyway.)
_INLINE: st.SearchStrategy[str] = st.recursive(
    _LINE_TEXT,
    lambda children: st.one_of(
        children.map(lambda inner: f"<em>{inner}</em>"),
        st.lists(children, min_size=1, max_size=3).map("".join),
    ),
    max_leaves=6,
)
_BLOCK_LEAF = st.one_of(
    _INLINE.map(lambda inner: f"<p>{inner}</p>"),
    _TEXT.map(lambda inner: f"<pre>{inner}</pre>"),
)
# Containers hold either phrasing content or blocks, and no blank lines: WordPress's autop
# closes a paragraph it never opened when text right after <div> is followed by a blank
# line or a block (see test_blank_line_in_div_quirk).
_NESTED: st.SearchStrategy[str] = st.recursive(
    _BLOCK_LEAF,
    lambda children: st.one_of(
        st.one_of(children, _INLINE).map(lambda inner: f"<div>{inner}</div>"),
        st.one_of(children, _INLINE).map(lambda inner: f"<blockquote>{inner}</blockquote>"),
        st.lists(st.one_of(_INLINE, children), min_size=1, max_size=3).map(
            lambda items: "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
        ),
        st.lists(st.tuples(st.sampled_from(["", "\n"]), children), min_size=1, max_size=4).map(
            lambda parts: "".join(g + c for g, c in parts)
        ),
    ),
    max_leaves=10,
)
# A post: text (with blank lines) and block markup, separated by any line breaks.
_MARKUP = st.lists(
    st.tuples(_BETWEEN_BLOCKS, st.one_of(_TEXT, _NESTED)), min_size=1, max_size=5
).map(lambda parts: "".join(g + c for g, c in parts))


@settings(max_examples=300, deadline=None)
@given(_MARKUP)
def test_autop_and_texturize_keep_balanced_markup_balanced(markup: str) -> None:
    assert balanced(markup)
    texturized = wptexturize(markup)
    assert balanced(texturized)
    assert balanced(wpautop(texturized))
    assert balanced(wpautop(markup, br=False))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_autop_never_raises_on_any_text(text: str) -> None:
    wpautop(text)
    wpautop(text, br=False)
    shortcode_unautop(wpautop(text), ["gallery", "caption"])


# --- A 5 MB post -----------------------------------------------------------------------


def test_five_megabyte_post_is_formatted() -> None:
    # Long paragraphs, lists, code, quotes and comments, repeated to 5 MB. WordPress's
    # possessive, unrolled patterns exist to avoid catastrophic backtracking; this
    # checks the port kept that property (it finishes in a couple of seconds).
    chunk = (
        "He said \"it's 9' long\" -- and left... <em>really</em> & truly.\n"
        "Second line with 3x4 and 'quotes'.\n\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n\n"
        '<pre>code -- "kept"\n\nas is</pre>\n\n'
        "<blockquote>quoted\ntext</blockquote>\n<!-- a comment -- with dashes -->\n\n"
    )
    post = chunk * (5 * 1024 * 1024 // len(chunk) + 1)
    assert len(post) >= 5 * 1024 * 1024
    result = wpautop(wptexturize(post))
    assert result.count("<pre>") == post.count("<pre>")
    assert "&#8220;it&#8217;s 9&#8242; long&#8221; &#8212;" in result


def test_unclosed_comment_and_tag_in_a_long_post() -> None:
    # An unclosed comment or tag must swallow the rest without exponential backtracking.
    tail = "text -- more 'text'\n\n" * 20000
    assert wptexturize("<!-- never closed " + tail).startswith("<!-- never closed ")
    assert wpautop("<div " + tail).startswith("<div ")
