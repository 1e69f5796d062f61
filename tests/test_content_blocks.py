"""Block markup: WordPress's block grammar, static rendering, the registry, the fixture's posts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from magtheme.content import blocks
from magtheme.content.blocks import (
    Block,
    BlockRegistry,
    RenderState,
    content_has_blocks,
    do_blocks,
    has_blocks,
    iter_blocks,
    parse_blocks,
)
from magtheme.content.context import ContentContext

from .conftest import unit_test_wxr

# -- the parser: cases after WordPress's block parser tests ------------------------------------


def shape(parsed: list[Block]) -> list[dict[str, Any]]:
    """Blocks as WordPress's parser tests write them (blockName, attrs, innerHTML, …)."""
    return [
        {
            "blockName": b.name,
            "attrs": b.attrs,
            "innerBlocks": shape(b.inner_blocks),
            "innerHTML": b.inner_html,
            "innerContent": b.inner_content,
        }
        for b in parsed
    ]


def freeform(html: str) -> dict[str, Any]:
    return {
        "blockName": None,
        "attrs": {},
        "innerBlocks": [],
        "innerHTML": html,
        "innerContent": [html],
    }


def block(
    name: str, attrs: dict[str, Any] | None = None, html: str = "", inner: list[Any] | None = None
) -> dict[str, Any]:
    content: list[Any] = [html] if html else []
    return {
        "blockName": name,
        "attrs": attrs or {},
        "innerBlocks": inner or [],
        "innerHTML": html,
        "innerContent": content,
    }


PARSER_CASES = [
    ("empty document", "", []),
    ("plain HTML is one freeform block", "<p>Hello</p>", [freeform("<p>Hello</p>")]),
    ("void block", "<!-- wp:void /-->", [block("core/void")]),
    (
        "namespaced void block with attributes",
        '<!-- wp:my-plugin/box {"size":3,"tags":["a"]} /-->',
        [block("my-plugin/box", {"size": 3, "tags": ["a"]})],
    ),
    (
        "block with content",
        "<!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph -->",
        [block("core/paragraph", html="<p>Hi</p>")],
    ),
    (
        "freeform between blocks is kept, whitespace too",
        "a<!-- wp:x /-->\n\n<!-- wp:y /-->b",
        [freeform("a"), block("core/x"), freeform("\n\n"), block("core/y"), freeform("b")],
    ),
    (
        "a brace inside a JSON string",
        '<!-- wp:x {"a":"}"} /-->',
        [block("core/x", {"a": "}"})],
    ),
    ("invalid JSON gives no attributes", "<!-- wp:x {invalid} /-->", [block("core/x")]),
    ("JSON that is not an object", '<!-- wp:x {"a":1 /-->', [freeform('<!-- wp:x {"a":1 /-->')]),
    (
        "upper-case names are not blocks",
        "<!-- wp:Paragraph /-->",
        [freeform("<!-- wp:Paragraph /-->")],
    ),
    ("a space is required before -->", "<!-- wp:x-->", [freeform("<!-- wp:x-->")]),
    (
        "an unclosed block runs to the end",
        "<!-- wp:x --><p>never closed",
        [block("core/x", html="<p>never closed")],
    ),
    (
        "a closer without opener turns the rest into HTML",
        "<!-- /wp:x --><!-- wp:y /-->",
        [freeform("<!-- /wp:x --><!-- wp:y /-->")],
    ),
    (
        "a closer closes whatever is open",
        "<!-- wp:x -->a<!-- /wp:y -->",
        [block("core/x", html="a")],
    ),
]


@pytest.mark.parametrize(
    ("case", "document", "expected"), PARSER_CASES, ids=[c[0] for c in PARSER_CASES]
)
def test_parser_cases(case: str, document: str, expected: list[dict[str, Any]]) -> None:
    assert shape(parse_blocks(document)) == expected


def test_nested_blocks_leave_placeholders_in_inner_content() -> None:
    parsed = parse_blocks(
        "<!-- wp:columns --><div>"
        "<!-- wp:column --><p>A</p><!-- /wp:column -->"
        "0<!-- wp:column /-->"
        "</div><!-- /wp:columns -->"
    )
    columns = parsed[0]
    assert columns.name == "core/columns"
    assert [b.name for b in columns.inner_blocks] == ["core/column", "core/column"]
    # "0" between the two columns is dropped as WordPress's empty("0") drops it.
    assert columns.inner_content == ["<div>", None, None, "</div>"]
    assert columns.inner_html == "<div></div>"
    assert columns.inner_blocks[0].inner_content == ["<p>A</p>"]


def test_unclosed_nested_blocks_close_into_their_parents_at_the_end() -> None:
    # WordPress would list "b" beside "a" and give "a" the rest of the document again
    # (quadratic in the nesting); closing into the parent keeps the text once.
    parsed = parse_blocks("<!-- wp:a -->x<!-- wp:b -->y")
    assert len(parsed) == 1 and parsed[0].name == "core/a"
    assert parsed[0].inner_content == ["x", None]
    assert parsed[0].inner_blocks[0].inner_html == "y"
    assert do_blocks("<!-- wp:a -->x<!-- wp:b -->y") == "xy"


def test_has_blocks() -> None:
    assert has_blocks("<!-- wp:paragraph -->x<!-- /wp:paragraph -->")
    assert not has_blocks("<p>classic</p><!-- more -->")
    assert content_has_blocks("<!-- wp:x /-->") and not content_has_blocks(None)


# -- static rendering -------------------------------------------------------------------------


def test_static_blocks_render_as_saved_without_their_comments() -> None:
    text = '<!-- wp:paragraph {"align":"center"} -->\n<p class="has-text-align-center">Hi</p>\n<!-- /wp:paragraph -->\n\n<p>classic</p>'
    assert do_blocks(text) == '\n<p class="has-text-align-center">Hi</p>\n\n\n<p>classic</p>'


def test_text_without_blocks_is_unchanged() -> None:
    assert do_blocks("<p>a</p>\n\nb") == "<p>a</p>\n\nb"


def test_unknown_blocks_render_their_saved_html() -> None:
    assert do_blocks("<!-- wp:acme/widget -->\n<div>kept</div>\n<!-- /wp:acme/widget -->") == (
        "\n<div>kept</div>\n"
    )


def test_columns_get_layout_classes_and_a_container_with_its_css() -> None:
    state = RenderState()
    html = do_blocks(
        '<!-- wp:columns --><div class="wp-block-columns">'
        '<!-- wp:column --><div class="wp-block-column"><p>A</p></div><!-- /wp:column -->'
        '<!-- wp:column --><div class="wp-block-column"><p>B</p></div><!-- /wp:column -->'
        "</div><!-- /wp:columns -->",
        state=state,
    )
    # Inner blocks take wp_unique_id 1 and 2; the columns block gets 3, as in WordPress.
    assert html.startswith('<div class="is-layout-flex wp-container-3 wp-block-columns">')
    assert html.count('class="is-layout-flow wp-block-column"') == 2
    assert state.stylesheet() == ".wp-block-columns.wp-container-3{flex-wrap:nowrap;}"


def test_constrained_group_gets_its_width_css_and_keeps_its_inner_container() -> None:
    state = RenderState()
    html = do_blocks(
        '<!-- wp:group {"layout":{"inherit":true,"contentSize":"600px"}} -->'
        '<div class="wp-block-group"><p>x</p></div><!-- /wp:group -->',
        state=state,
    )
    assert html == (
        '<div class="is-layout-constrained wp-container-1 wp-block-group">'
        '<div class="wp-block-group__inner-container"><p>x</p></div></div>'
    )
    assert "max-width:600px" in state.stylesheet()


def test_group_inner_container_is_not_restored_for_block_themes() -> None:
    html = do_blocks(
        '<!-- wp:group --><div class="wp-block-group"><p>x</p></div><!-- /wp:group -->',
        state=RenderState(classic_theme=False),
    )
    assert html == '<div class="is-layout-flow wp-block-group"><p>x</p></div>'


def test_aligned_image_gets_the_classic_outer_div() -> None:
    html = do_blocks(
        '<!-- wp:image {"align":"left","className":"extra"} --><figure class="wp-block-image alignleft extra">'
        '<img src="a.jpg" alt=""/></figure><!-- /wp:image -->'
    )
    assert html == (
        '<div class="wp-block-image extra"><figure class="alignleft">'
        '<img src="a.jpg" alt=""/></figure></div>'
    )


def test_galleries_are_numbered_and_styled() -> None:
    state = RenderState()
    gallery = '<!-- wp:gallery --><figure class="wp-block-gallery"></figure><!-- /wp:gallery -->'
    html = do_blocks(gallery + gallery, state=state)
    assert 'class="is-layout-flex wp-block-gallery-1 wp-block-gallery"' in html
    assert 'class="is-layout-flex wp-block-gallery-3 wp-block-gallery"' in html
    assert ".wp-block-gallery.wp-block-gallery-1{" in state.stylesheet()


def test_shortcode_block_gets_paragraphs_and_leaves_the_shortcode_for_later() -> None:
    assert '[gallery ids="1"]' in do_blocks(
        '<!-- wp:shortcode -->\n[gallery ids="1"]\n<!-- /wp:shortcode -->'
    )


# -- the registry -----------------------------------------------------------------------------


def test_a_registered_dynamic_block_renders_with_defaults_inner_content_and_parent() -> None:
    registry = BlockRegistry()
    seen: dict[str, Any] = {}

    @registry.dynamic("acme/card", defaults={"tone": "plain", "title": "?"})
    def card(attrs: dict[str, Any], content: str, instance: blocks.BlockInstance) -> str:
        seen["parent"] = instance.parent_attrs
        return f'<div class="card {attrs["tone"]}">{attrs["title"]}|{content}</div>'

    html = do_blocks(
        '<!-- wp:acme/card {"title":"Hi"} --><b>inner</b><!-- /wp:acme/card -->',
        registry=registry,
    )
    assert html == '<div class="card plain">Hi|<b>inner</b></div>'
    assert registry.is_dynamic("acme/card") and not registry.is_dynamic("core/paragraph")


def test_a_failing_renderer_does_not_take_the_page_down() -> None:
    registry = BlockRegistry()

    @registry.dynamic("acme/broken")
    def broken(attrs: dict[str, Any], content: str, instance: blocks.BlockInstance) -> str:
        raise RuntimeError("boom")

    assert (
        do_blocks("<p>a</p><!-- wp:acme/broken /--><p>b</p>", registry=registry)
        == "<p>a</p><p>b</p>"
    )


def test_entry_point_packages_register_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    class Entry:
        def __init__(self, name: str, target: Any) -> None:
            self.name, self.value, self._target = name, f"pkg:{name}", target

        def load(self) -> Any:
            if isinstance(self._target, Exception):
                raise self._target
            return self._target

    def register(registry: BlockRegistry) -> None:
        registry.register("acme/hello", lambda attrs, content, block: "<p>hello</p>")

    monkeypatch.setattr(
        "magtheme.extensions.entry_points",
        lambda group: [Entry("good", register), Entry("bad", ImportError("missing"))],
    )
    registry = BlockRegistry()
    assert blocks.load_entry_point_blocks(registry) == ["good"]
    assert do_blocks("<!-- wp:acme/hello /-->", registry=registry) == "<p>hello</p>"


# -- bad input never crashes ------------------------------------------------------------------

TOKENS = st.sampled_from(
    [
        "<!-- wp:paragraph -->",
        "<!-- /wp:paragraph -->",
        "<!-- wp:group -->",
        "<!-- /wp:group -->",
        '<!-- wp:columns {"a":[1,{"b":"}"}]} -->',
        "<!-- /wp:columns -->",
        "<!-- wp:column /-->",
        '<!-- wp:x {"unclosed": -->',
        "<!-- wp:latest-posts /-->",
        "<!-- wp:calendar /-->",
        "<!-- wp:search /-->",
        "<!-- wp:",
        "-->",
        "{",
        "}",
        '<div class="wp-block-group">',
        "</div>",
        "<p>",
        "0",
        "\n\n",
        "\x00",
        "é",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TOKENS, st.text(max_size=8)), max_size=40))
def test_any_block_soup_parses_and_renders(pieces: list[str]) -> None:
    text = "".join(pieces)
    parsed = parse_blocks(text)
    assert all(isinstance(b, Block) for b in iter_blocks(parsed))
    html = do_blocks(text, ContentContext())
    assert isinstance(html, str)
    if not has_blocks(text):
        assert html == text


def test_deeply_nested_blocks_render_without_recursion() -> None:
    depth = 5000
    opener = '<!-- wp:group --><div class="wp-block-group">'
    text = opener * depth + "<p>deep</p>" + "</div><!-- /wp:group -->" * depth
    html = do_blocks(text)
    assert "<p>deep</p>" in html
    # The outer hundred levels get WordPress's render-time classes; deeper ones stay as saved.
    assert html.count("is-layout-flow") == blocks.MAX_FILTERED_DEPTH
    assert html.count("<div") == html.count("</div>")
    # Unclosed to the end: every block is closed there, innermost first.
    unclosed = parse_blocks("<!-- wp:column -->" * depth + "end")
    assert len(parsed_chain(unclosed)) == depth
    assert do_blocks("<!-- wp:column -->" * depth + "end") == "end"


def parsed_chain(parsed: list[Block]) -> list[Block]:
    return list(iter_blocks(parsed))


# -- parity with WordPress on the Theme Unit Test block posts ---------------------------------

#: What do_blocks (+ texturize) reaches on the fixture's 12 block posts, measured: 11 posts
#: exact and 606 of 645 elements. The widgets post misses the [gallery] shortcode (run later
#: in the_content), Twenty Twenty-One's "Untitled" title filter and a latest-posts block
#: whose category ID only exists in WordPress's renumbered import. A drop is a regression.
EXACT_POSTS_FLOOR = 11
MATCHED_FLOOR = 606


def test_theme_unit_test_block_posts_match_wordpress(app: Flask) -> None:
    from bench.parity import compare
    from magtheme import urls
    from magtheme.content.texturize import wptexturize
    from magtheme.models import Post, db
    from magtheme.options import load_options
    from magtheme.wxr import import_wxr

    wxr = unit_test_wxr()
    expected = json.loads(
        (wxr.parent / "wordpress-theme-unit-test.wordpress-output.json").read_text()
    )
    import_wxr(wxr, registry=app.extensions["magtheme.registry"])
    options = load_options()
    linker = urls.linker(
        {**options, "home": "http://127.0.0.1:8089"}, app.extensions["magtheme.registry"]
    )
    rows = []
    for entry in expected["posts"]:
        post = db.session.get(Post, entry["id"])
        if post is None or "<!-- wp:" not in post.content:
            continue
        theirs = entry["content"][0] if isinstance(entry["content"], list) else entry["content"]
        first = post.content.split("<!--nextpage-->")[0]
        first = first.replace("<!--more-->", f'<span id="more-{post.id}"></span>')
        context = ContentContext(post=post, session=db.session, linker=linker, options=options)
        ours = wptexturize(do_blocks(first, context))
        score = compare(ours, theirs, ours_home="http://127.0.0.1:8089")
        rows.append((post.id, score.matched, score.total, score.missing))
    matched = sum(r[1] for r in rows)
    total = sum(r[2] for r in rows)
    exact = sum(1 for r in rows if r[1] == r[2])
    report = [(pid, f"{m}/{t}", missing[:3]) for pid, m, t, missing in rows if m != t]
    assert len(rows) == 12
    assert exact >= EXACT_POSTS_FLOOR, report
    assert matched >= MATCHED_FLOOR, (matched, total, report)
