"""A comment's text as WordPress's comment_text shows it, made safe.

WordPress's filters: texturize, convert_chars, make_clickable, autop; links carry
``rel="nofollow ugc"``. The comment policy of :mod:`magtheme.content.sanitize` removes
anything a visitor may not use, whatever was stored; a registered commenter with WordPress's
``unfiltered_html`` (see :func:`~magtheme.content.sanitize.comment_policy`) is not filtered.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import bleach
from markupsafe import Markup

from .autop import wpautop
from .sanitize import COMMENT, POLICIES, Policy, sanitize
from .text import convert_chars
from .texturize import wptexturize


def _nofollow(attrs: dict[Any, str], new: bool = False) -> dict[Any, str]:
    if (None, "href") in attrs:
        attrs[(None, "rel")] = "nofollow ugc"
    return attrs


@lru_cache(maxsize=4096)
def _render(text: str, policy_name: str) -> str:
    html = wpautop(convert_chars(wptexturize(text)))
    cleaned = sanitize(html, POLICIES[policy_name])
    return str(bleach.linkify(cleaned, callbacks=[_nofollow], skip_tags={"code", "pre"}))


def render_comment(text: str, policy: Policy = COMMENT) -> Markup:
    """*text* as safe HTML: paragraphs, typography, plain formatting, ``nofollow ugc`` links.

    *policy* is the commenter's trust level (the comment policy unless they may write
    unfiltered HTML)."""
    return Markup(_render(text, policy.name))
