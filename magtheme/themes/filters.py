"""Filters Magtheme adds to Jinja's for theme templates."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

#: Most words of a search :func:`highlight` marks (WordPress's search keeps up to 9 terms).
MAX_TERMS = 9
#: Shortest word marked: one letter would light up half a page.
MIN_LENGTH = 2


def highlight(text: Any, terms: Any, tag: str = "mark") -> Markup:
    """*text* with each word of *terms* (a search) wrapped in ``<mark>``, case-insensitive.

    *text* may be plain text or safe HTML (a post title): HTML is reduced to its text first,
    so a term never lands inside a tag or an entity. The result is escaped HTML.
    ``{{ post.title | highlight(query.search) }}``.
    """
    plain = text.striptags() if isinstance(text, Markup) else str(text or "")
    stripped = {w.strip("\"'") for w in str(terms or "").split()}
    words = sorted((w for w in stripped if len(w) >= MIN_LENGTH), key=len, reverse=True)
    words = words[:MAX_TERMS]
    if not words or tag not in ("mark", "strong", "em", "b"):
        return escape(plain)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(plain):
        out.append(str(escape(plain[last : match.start()])))
        out.append(f"<{tag}>{escape(match.group(0))}</{tag}>")
        last = match.end()
    out.append(str(escape(plain[last:])))
    return Markup("".join(out))
