"""The content pipeline: a post (or one part of it) to the HTML WordPress's the_content makes.

The order is WordPress's ``the_content`` filters: blocks (9), texturize (10), autop (10),
shortcode_unautop (10), shortcodes (11), then sanitizing of anything executable. Results are
cached per post revision (ID + modified time), so the hot path runs the pipeline once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup

from ..formatting import MORE, autop, split_parts
from .context import ContentContext
from .sanitize import sanitize

NOTEASER = "<!--noteaser-->"


def format_text(text: str) -> str:
    """WordPress's the_content filters over *text*, then everything executable removed."""
    return sanitize(autop(text))


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


@lru_cache(maxsize=4096)
def _render_part(post_id: int, revision: str, text: str) -> str:
    return format_text(_more_anchor(text, post_id))


@lru_cache(maxsize=4096)
def _render_teaser(post_id: int, revision: str, text: str) -> tuple[str, bool]:
    match = MORE.search(text)
    if match is None:
        return format_text(text), False
    return format_text(text[: match.start()]), True


def post_teaser(post: Any) -> tuple[Markup, bool]:
    """The first part of *post* up to ``<!--more-->``, as a list shows it; and whether it was cut."""
    revision = f"{post.id}:{post.modified_gmt.isoformat() if post.modified_gmt else ''}"
    html, cut = _render_teaser(post.id, revision, split_parts(post.content)[0])
    return Markup(html), cut


def post_content_part(post: Any, part: int = 1, context: ContentContext | None = None) -> Markup:
    """Part *part* (1-based) of *post*'s content, formatted, as on the post's own page."""
    parts = split_parts(post.content)
    number = min(max(part, 1), len(parts))
    revision = f"{post.id}:{post.modified_gmt.isoformat() if post.modified_gmt else ''}"
    return Markup(_render_part(post.id, revision, parts[number - 1]))
