"""Post titles as pages, attributes and feeds show them.

WordPress stores a title as HTML: an author without ``unfiltered_html`` has it filtered on
save (``title_save_pre`` runs kses), an administrator may write any markup, and ``the_title``
prints it as it is after ``wptexturize``. The Theme Unit Test's ``Markup: Title <em>With</em>
<b>Mark<sup>up</sup></b>`` shows its emphasis and superscript on the page.

Magtheme keeps that, whoever wrote the title, through a small allow-list of inline tags
without attributes (:data:`TITLE_TAGS`); any other tag is removed and its text kept, as kses
does. Where markup cannot go — the document's ``<title>``, ``alt``/``aria-label``/``title``
attributes, feeds — the title is plain text: the same title with its tags removed and its
entities decoded (WordPress's ``wp_get_document_title`` and ``the_title_rss`` strip tags).
"""

from __future__ import annotations

import html
from functools import lru_cache

import bleach
from markupsafe import Markup

from .text import wp_strip_all_tags
from .texturize import wptexturize

#: Inline tags a title may carry, without attributes. Anything else is removed, its text kept.
TITLE_TAGS = frozenset(
    {
        "b",
        "cite",
        "code",
        "del",
        "em",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "small",
        "strong",
        "sub",
        "sup",
    }
)

_cleaner = bleach.Cleaner(
    tags=TITLE_TAGS, attributes={}, protocols=[], strip=True, strip_comments=True
)


@lru_cache(maxsize=4096)
def title_html(raw: str) -> Markup:
    """*raw* (a stored title) as safe HTML: texturized, only :data:`TITLE_TAGS` kept.

    The result holds no attribute and no quote character (quotes become character
    references), so even printed inside a quoted attribute it cannot end the attribute.
    """
    cleaned = _cleaner.clean(wptexturize(raw))
    return Markup(cleaned.replace('"', "&#34;").replace("'", "&#39;"))


@lru_cache(maxsize=4096)
def title_text(raw: str) -> str:
    """*raw* (a stored title) as plain text: what :func:`title_html` shows, without tags.

    Templates escape it; it is what the document title, attributes and feeds use.
    """
    return html.unescape(wp_strip_all_tags(str(title_html(raw))))


__all__ = ["TITLE_TAGS", "title_html", "title_text"]
