"""Excerpts as WordPress makes them: the manual excerpt, or an automatic one.

WordPress's ``wp_trim_excerpt``: take the content up to ``<!--more-->``, remove shortcodes and
every block that is not plain text (``excerpt_remove_blocks``), run the content filters,
keep the first 55 words and add the theme's "more" suffix (`` [&hellip;]`` by default). Then
``the_excerpt``'s own filters: texturize, convert_chars, autop. Protected posts never give
an excerpt of their content.
"""

from __future__ import annotations

import html
from typing import Any

from markupsafe import Markup

from .autop import shortcode_unautop, wpautop
from .blocks import RenderState, content_has_blocks, parse_blocks, render_block
from .context import ContentContext
from .parts import MORE, split_parts
from .pipeline import the_content
from .sanitize import sanitize
from .text import convert_chars, wp_strip_all_tags, wp_trim_words
from .texturize import wptexturize

EXCERPT_LENGTH = 55
EXCERPT_MORE = " [&hellip;]"
PROTECTED = "There is no excerpt because this is a protected post."

#: Blocks whose text an automatic excerpt keeps (WordPress's excerpt_allowed_blocks);
#: columns and groups are searched for them.
ALLOWED_BLOCKS = frozenset(
    {
        None,
        "core/freeform",
        "core/heading",
        "core/html",
        "core/list",
        "core/media-text",
        "core/paragraph",
        "core/preformatted",
        "core/pullquote",
        "core/quote",
        "core/table",
        "core/verse",
    }
)
_WRAPPERS = frozenset({"core/columns", "core/column", "core/group"})


def excerpt_remove_blocks(text: str, context: ContentContext) -> str:
    """Only the text blocks of *text*, rendered (wrappers are looked into, not kept)."""
    if not content_has_blocks(text):
        return text
    state = RenderState()
    out: list[str] = []

    def visit(blocks: list[Any]) -> None:
        for block in blocks:
            if block.name in _WRAPPERS:
                visit(block.inner_blocks)
            elif block.name in ALLOWED_BLOCKS:
                out.append(render_block(block, context, state))

    visit(parse_blocks(text))
    return "".join(out)


def _shortcode_registry() -> Any:
    from .pipeline import _shortcodes

    return _shortcodes()[0]


def automatic_excerpt(
    post: Any, context: ContentContext, more: str = EXCERPT_MORE, length: int = EXCERPT_LENGTH
) -> str:
    """WordPress's automatic excerpt text (HTML-escaped text, no tags), before the_excerpt."""
    from .shortcodes import strip_shortcodes

    first = split_parts(post.content)[0]
    match = MORE.search(first)
    text = first if match is None else first[: match.start()]
    text = strip_shortcodes(text, _shortcode_registry())
    text = excerpt_remove_blocks(text, context)
    text = the_content(text, context).html.replace("]]>", "]]&gt;")
    return wp_trim_words(text, length, more)


def excerpt_html(
    post: Any, context: ContentContext, more: str = EXCERPT_MORE, length: int = EXCERPT_LENGTH
) -> Markup:
    """What ``the_excerpt()`` prints for *post*: a paragraph of safe HTML."""
    if post.password:
        return Markup(f"<p>{PROTECTED}</p>\n")
    text = post.excerpt if post.excerpt.strip() else automatic_excerpt(post, context, more, length)
    names = tuple(_shortcode_registry().names())
    text = wpautop(convert_chars(wptexturize(text, shortcode_names=names)))
    return Markup(sanitize(shortcode_unautop(text, names)))


def excerpt_text(post: Any, context: ContentContext, more: str = EXCERPT_MORE) -> str:
    """The excerpt as plain text (for templates, which escape it), typography included."""
    return html.unescape(wp_strip_all_tags(str(excerpt_html(post, context, more)))).strip()


_cache: dict[tuple[int, str, str, int], tuple[Markup, str]] = {}


def clear_caches() -> None:
    """Forget every formatted part and excerpt of this process (for tools and tests that
    serve several sites, whose post IDs and revisions may coincide, from one process)."""
    from .pipeline import _cache as parts

    parts.items.clear()
    _cache.clear()


_CACHE_SIZE = 4096


def cached_excerpt(
    post: Any, context: ContentContext, more: str = EXCERPT_MORE, length: int = EXCERPT_LENGTH
) -> tuple[Markup, str]:
    """``(excerpt_html, excerpt_text)`` for *post*, computed once per post revision."""
    revision = post.modified_gmt.isoformat() if post.modified_gmt else ""
    key = (post.id, revision, more, length)
    found = _cache.get(key)
    if found is None:
        failures = len(context.failures)
        markup = excerpt_html(post, context, more, length)
        found = (markup, html.unescape(wp_strip_all_tags(str(markup))).strip())
        if len(context.failures) > failures:
            return found  # something could not be formatted: shown once, never kept
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = found
    return found
