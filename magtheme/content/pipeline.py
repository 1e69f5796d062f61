"""The content pipeline: a post (or one part of it) to the HTML WordPress's the_content makes.

WordPress's ``the_content`` filters, in WordPress's order: blocks (9) — and when the text has
blocks, autop is skipped, as WordPress unhooks it —, texturize (10), autop (10),
shortcode_unautop (10), shortcodes (11), then the image attributes of
``wp_filter_content_tags`` (12). Magtheme then removes anything executable, by the trust
level of the post's author (:mod:`magtheme.content.sanitize`: an administrator's or editor's
HTML passes unfiltered when the site allows ``unfiltered_html``, everyone else's gets the
author policy).

A part's output is cached per post revision (ID + modified time) and trust level, unless it
holds dynamic blocks, whose data changes without the post, or something failed while it was
formatted: a database error propagates (the page is not a success), and a renderer or
handler that raised leaves output that is shown once but never kept.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from typing import Any

from markupsafe import Markup

from ..models import User
from .autop import shortcode_unautop, wpautop
from .blocks import (
    RenderState,
    content_has_blocks,
    default_registry,
    do_blocks,
    iter_blocks,
    load_entry_point_blocks,
    parse_blocks,
)
from .context import ContentContext
from .embeds import autoembed, run_embed_shortcode
from .parts import MORE, NOTEASER, split_parts
from .sanitize import AUTHOR, Policy, post_policy, sanitize, site_allows_unfiltered_html
from .shortcodes import ShortcodeRegistry, do_shortcode, load_entry_point_shortcodes
from .shortcodes import default_registry as default_shortcodes
from .texturize import wptexturize

_IMG = re.compile(r"<img\b[^>]*>", re.I)
_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Rendered:
    """One formatted part: its HTML and the CSS its blocks need (for the page's ``<head>``)."""

    html: str
    css: str = ""


@cache
def _shortcodes() -> tuple[ShortcodeRegistry, tuple[str, ...]]:
    """The site's shortcodes — the built-ins plus installed packages' — built once."""
    registry = default_shortcodes()
    load_entry_point_shortcodes(registry)
    return registry, tuple(registry.names())


@cache
def _block_extensions() -> list[str]:
    """Blocks from installed packages, registered once per process."""
    return load_entry_point_blocks()


def content_tags(html: str) -> str:
    """WordPress's wp_filter_content_tags for images: ``decoding="async"`` on every image,
    ``loading="lazy"`` on all but the first (WordPress leaves the first one eager)."""
    seen = 0

    def add(match: re.Match[str]) -> str:
        nonlocal seen
        tag = match.group(0)
        seen += 1
        extra = ""
        if " decoding=" not in tag:
            extra += ' decoding="async"'
        if seen > 1 and " loading=" not in tag:
            extra += ' loading="lazy"'
        return tag[4:].join(("<img" + extra, "")) if extra else tag

    return _IMG.sub(add, html)


def the_content(
    text: str,
    context: ContentContext,
    state: RenderState | None = None,
    policy: Policy = AUTHOR,
) -> Rendered:
    """*text* through WordPress's the_content filters, then sanitized by *policy*."""
    registry, names = _shortcodes()
    _block_extensions()
    state = state or RenderState()
    # Priority 8 in WordPress: [embed] and bare embeddable URLs on their own line.
    text = autoembed(run_embed_shortcode(text, context), context)
    has_blocks = content_has_blocks(text)
    if has_blocks:
        text = do_blocks(text, context, state=state)
    text = wptexturize(text, shortcode_names=names)
    if not has_blocks:
        text = shortcode_unautop(wpautop(text), names)
    text = do_shortcode(text, registry, context)
    text = content_tags(text)
    return Rendered(sanitize(text, policy), state.stylesheet())


def _more_anchor(text: str, post_id: int) -> str:
    """On a single page the ``<!--more-->`` marker becomes WordPress's ``#more-ID`` anchor."""
    match = MORE.search(text)
    if match is None:
        return text
    before, after = text[: match.start()], text[match.end() :]
    if NOTEASER in text:
        # <!--noteaser--> hides the teaser on the single page.
        return after.replace(NOTEASER, "")
    return f'{before}<span id="more-{post_id}"></span>{after}'


def _has_dynamic_blocks(text: str) -> bool:
    if "<!-- wp:" not in text:
        return False
    return any(
        block.name and default_registry.is_dynamic(block.name)
        for block in iter_blocks(parse_blocks(text))
    )


class _Cache:
    """Formatted parts by (post, revision, part, kind); least recently used go first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple[Any, ...], Rendered] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> Rendered | None:
        found = self.items.get(key)
        if found is not None:
            self.items.move_to_end(key)
        return found

    def put(self, key: tuple[Any, ...], value: Rendered) -> None:
        self.items[key] = value
        if len(self.items) > self.size:
            self.items.popitem(last=False)


_cache = _Cache(_CACHE_SIZE)


def _revision(post: Any) -> str:
    return post.modified_gmt.isoformat() if post.modified_gmt else ""


def author_policy(post: Any, context: ContentContext) -> Policy:
    """The trust level of *post*'s author: their role, and whether the site allows unfiltered
    HTML. The author is normally in the session already (the page's data loaded every
    author at once), so this costs no statement."""
    role = None
    if context.session is not None and post.author_id:
        author = context.session.get(User, post.author_id)
        role = author.role if author is not None else None
    return post_policy(role, unfiltered_html=site_allows_unfiltered_html())


def _render(post: Any, text: str, key: tuple[Any, ...], context: ContentContext | None) -> Rendered:
    context = context or ContentContext(post=post)
    policy = author_policy(post, context)
    key = (*key, policy.name)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    failures = len(context.failures)
    rendered = the_content(text, context, policy=policy)
    if len(context.failures) == failures and not _has_dynamic_blocks(text):
        _cache.put(key, rendered)
    return rendered


def post_content_part(post: Any, part: int = 1, context: ContentContext | None = None) -> Markup:
    """Part *part* (1-based) of *post*'s content, formatted, as on the post's own page."""
    return Markup(render_part(post, part, context).html)


def render_part(post: Any, part: int = 1, context: ContentContext | None = None) -> Rendered:
    """Like :func:`post_content_part`, with the CSS the part's blocks need."""
    parts = split_parts(post.content)
    number = min(max(part, 1), len(parts))
    text = _more_anchor(parts[number - 1], post.id)
    return _render(post, text, (post.id, _revision(post), number, "part"), context)


def post_teaser(post: Any, context: ContentContext | None = None) -> tuple[Markup, bool]:
    """The first part of *post* up to ``<!--more-->``, as a list shows it; and whether it was cut."""
    first = split_parts(post.content)[0]
    match = MORE.search(first)
    text = first if match is None else first[: match.start()]
    rendered = _render(post, text, (post.id, _revision(post), 1, "teaser"), context)
    return Markup(rendered.html), match is not None
