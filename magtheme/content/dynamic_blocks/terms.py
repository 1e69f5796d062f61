"""Categories and the tag cloud."""

from __future__ import annotations

import math
import re
from typing import Any

from sqlalchemy import select

from ...models import Term
from ..blocks import BlockInstance, dynamic
from .common import (
    as_int,
    esc,
    strip_text,
    wrapper_attributes,
)

# -- categories -------------------------------------------------------------------------------


def _natural(text: str) -> list[Any]:
    """A case-insensitive natural sort key (PHP's ``strnatcasecmp``; MySQL's name order)."""
    return [int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", text)]


def _term_tree(terms: list[Any], hierarchical: bool, hide_empty: bool) -> list[tuple[Any, int]]:
    """Terms in walk order with their depths; empty parents stay when a child has posts."""
    if not hierarchical:
        return [(t, 0) for t in terms if not hide_empty or t.count > 0]
    ids = {t.id for t in terms}
    children: dict[int, list[Any]] = {}
    for term in terms:
        parent = term.parent_id if term.parent_id in ids else 0
        children.setdefault(parent, []).append(term)

    def has_posts(term: Any, seen: frozenset[int] = frozenset()) -> bool:
        if term.count > 0:
            return True
        return any(
            has_posts(c, seen | {term.id}) for c in children.get(term.id, []) if c.id not in seen
        )

    out: list[tuple[Any, int]] = []
    stack = [(t, 0) for t in reversed(children.get(0, []))]
    seen: set[int] = set()
    while stack:
        term, depth = stack.pop()
        if term.id in seen or (hide_empty and not has_posts(term)):
            continue
        seen.add(term.id)
        out.append((term, depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(term.id, [])))
    return out


@dynamic("core/categories")
def render_categories(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_categories``: ``wp_list_categories`` or ``wp_dropdown_categories``
    over every category, in one statement."""
    session, linker = block.context.session, block.context.linker
    if session is None or linker is None:
        return ""
    query = select(Term).where(Term.taxonomy == "category")
    if attrs.get("showOnlyTopLevel"):
        query = query.where(Term.parent_id == 0)
    terms = sorted(session.scalars(query), key=lambda t: (_natural(t.name), t.id))
    hierarchical = bool(attrs.get("showHierarchy"))
    walked = _term_tree(terms, hierarchical, hide_empty=not attrs.get("showEmpty"))
    counts = bool(attrs.get("showPostCounts"))
    block_id = block.state.next("core/categories")
    if attrs.get("displayAsDropdown"):
        dropdown_id = f"wp-block-categories-{block_id}"
        options = ["\t<option value='-1'>Select Category</option>\n"]
        for term, depth in walked:
            count = f"&nbsp;&nbsp;({term.count})" if counts else ""
            pad = "&nbsp;" * (3 * depth)
            options.append(
                f'\t<option class="level-{depth}" value="{term.id}">{pad}{esc(term.name)}'
                f"{count}</option>\n"
            )
        select_html = (
            f"<select  name='cat' id='{dropdown_id}' class='postform'>\n"
            + "".join(options)
            + "</select>\n"
        )
        return (
            f"<div {wrapper_attributes(block, 'wp-block-categories-dropdown')}>"
            f'<form method="get" action="{esc(linker.home())}">'
            f'<label class="screen-reader-text" for="{dropdown_id}">Categories</label>'
            f"{select_html}"
            '<button type="submit" class="wp-block-categories__submit">View</button>'
            "</form></div>"
        )
    linker_lookup: Any = getattr(linker, "lookup", None)
    if hasattr(linker_lookup, "preload_terms"):
        linker_lookup.preload_terms([t.id for t, _ in walked])
    items = _category_list(walked, linker, counts, hierarchical)
    if not walked:
        items = '<li class="cat-item-none">No categories</li>'
    return f"<ul {wrapper_attributes(block, 'wp-block-categories-list')}>{items}</ul>"


def _category_list(walked: list[tuple[Any, int]], linker: Any, counts: bool, tree: bool) -> str:
    """``Walker_Category``'s list markup: nested ``ul.children`` for the hierarchy."""
    out: list[str] = []
    open_depth = -1
    for index, (term, depth) in enumerate(walked):
        depth = depth if tree else 0
        while open_depth >= depth:
            if open_depth > depth:
                out.append("\t" * (open_depth - 1) + "</ul>\n")
            out.append("</li>\n")
            open_depth -= 1
        if depth > 0 and open_depth == depth - 1 and index and out[-1] != "":
            out.append("\t" * (depth - 1) + "<ul class='children'>\n")
        title = f' title="{esc(strip_text(term.description))}"' if term.description else ""
        link = f'<a href="{esc(linker.term(term))}"{title}>{esc(term.name)}</a>'
        if counts:
            link += f" ({term.count})"
        out.append(f'\t<li class="cat-item cat-item-{term.id}">{link}\n')
        open_depth = depth
    while open_depth >= 0:
        out.append("</li>\n")
        if open_depth > 0:
            out.append("\t" * (open_depth - 1) + "</ul>\n")
        open_depth -= 1
    return "".join(out)


# -- tag cloud --------------------------------------------------------------------------------


def php_float(value: float) -> str:
    """A float as PHP prints it (14 significant digits): ``12.666666666667``, ``8``."""
    return f"{value:.14G}"


@dynamic(
    "core/tag-cloud",
    defaults={
        "taxonomy": "post_tag",
        "showTagCounts": False,
        "numberOfTags": 45,
        "smallestFontSize": "8pt",
        "largestFontSize": "22pt",
    },
)
def render_tag_cloud(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_tag_cloud``: ``wp_tag_cloud``, the most used terms sized by the
    logarithm of their counts, in one statement."""
    session, linker = block.context.session, block.context.linker
    if session is None or linker is None:
        return ""
    taxonomy = str(attrs.get("taxonomy") or "post_tag")
    number = max(1, min(as_int(attrs.get("numberOfTags"), 45), 100))
    terms = list(
        session.scalars(
            select(Term)
            .where(Term.taxonomy == taxonomy, Term.count > 0)
            .order_by(Term.count.desc(), Term.id)
            .limit(number)
        )
    )
    wrapper = wrapper_attributes(block)
    if not terms:
        label = "tags" if taxonomy == "post_tag" else taxonomy.replace("_", " ") + "s"
        return (
            f"<p {wrapper}>Your site does not have any {esc(label)}, so there&amp;#8217;s "
            "nothing to display here at the moment.</p>"
        )
    smallest, unit = _size(attrs.get("smallestFontSize"), 8.0)
    largest, _ = _size(attrs.get("largestFontSize"), 22.0)
    scaled = {t.id: round(math.log10(t.count + 1) * 100) for t in terms}
    low, high = min(scaled.values()), max(scaled.values())
    spread = max(high - low, 1)
    step = (largest - smallest) / spread
    terms.sort(key=lambda t: _natural(t.name))
    links = []
    for position, term in enumerate(terms, start=1):
        size = php_float(smallest + (scaled[term.id] - low) * step)
        items = "item" if term.count == 1 else "items"
        counted = (
            f'<span class="tag-link-count"> ({term.count})</span>'
            if attrs.get("showTagCounts")
            else ""
        )
        aria = (
            ""
            if attrs.get("showTagCounts")
            else f' aria-label="{esc(term.name)} ({term.count} {items})"'
        )
        links.append(
            f'<a href="{esc(linker.term(term))}" class="tag-cloud-link tag-link-{term.id} '
            f'tag-link-position-{position}" style="font-size: {size}{unit};"{aria}>'
            f"{esc(term.name)}{counted}</a>"
        )
    return f"<p {wrapper}>{chr(10).join(links)}</p>"


def _size(value: Any, default: float) -> tuple[float, str]:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z%]*)\s*", str(value or ""))
    if not match:
        return default, "pt"
    return float(match[1]), match[2] or "pt"
