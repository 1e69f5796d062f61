"""The markers WordPress writes into post content: ``<!--more-->`` and ``<!--nextpage-->``."""

from __future__ import annotations

import re

#: ``<!--more-->`` or ``<!--more Custom link text-->``.
MORE = re.compile(r"<!--more(.*?)?-->")
NEXTPAGE = "<!--nextpage-->"
NOTEASER = "<!--noteaser-->"


def split_parts(content: str) -> list[str]:
    """The parts of a ``<!--nextpage-->`` post (one part when it has none)."""
    return content.split(NEXTPAGE)


def teaser(content: str) -> tuple[str, bool]:
    """The text before ``<!--more-->``, and whether there was more."""
    match = MORE.search(content)
    if match is None:
        return content, False
    return content[: match.start()], True
