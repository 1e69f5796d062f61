"""Unique slugs, as WordPress's ``wp_unique_post_slug`` and ``wp_unique_term_slug`` give them.

A post's slug is unique among posts of its type (pages: among siblings of the same parent,
attachments: among every post), never a feed name (``feed``, ``rss2``…) or ``embed``, and for
hierarchical types never something the paging rules would read (``2``, ``page2``). A taken
slug gets ``-2``, ``-3``… A term's slug is unique in its taxonomy; a child category first
tries its parents' slugs (``apple-fruit``), then numbers.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from ..models import AnySession, Post, Term
from ..slugs import encode_slug
from ..types import Registry
from ..wxr.identity import MAX_SLUG, clip_slug

#: WordPress's ``$wp_rewrite->feeds``: a post with one of these slugs could not be reached.
FEEDS = ("feed", "rdf", "rss", "rss2", "atom")
#: Statuses whose slug is not made unique until they are published (``wp_unique_post_slug``).
UNCHECKED_STATUSES = ("draft", "pending", "auto-draft")
#: The suffix ``wp_trash_post`` gives a trashed post's slug, freeing it for another post.
TRASHED_SUFFIX = "__trashed"
#: Where a trashed post keeps the slug it wants back (``_wp_desired_post_slug``).
DESIRED_SLUG_META = "_wp_desired_post_slug"

_PAGED = re.compile(r"^(page)?\d+$")


def _taken_post_slug(
    session: AnySession,
    registry: Registry,
    slug: str,
    post_id: int,
    post_type: str,
    parent_id: int,
) -> bool:
    stmt = select(Post.id).where(Post.slug == slug, Post.id != post_id)
    pt = registry.post_type(post_type)
    if post_type == "attachment":
        pass  # attachment slugs are unique across every type
    elif pt is not None and pt.hierarchical:
        stmt = stmt.where(
            Post.post_type.in_((post_type, "attachment")), Post.parent_id == parent_id
        )
    else:
        stmt = stmt.where(Post.post_type == post_type)
    return session.scalar(stmt.limit(1)) is not None


def _bad_slug(
    registry: Registry, slug: str, post_type: str, permalink_structure: str, current: str
) -> bool:
    """A slug the site's URLs would read as something else."""
    if slug in FEEDS or slug == "embed":
        return True
    pt = registry.post_type(post_type)
    if pt is not None and pt.hierarchical and post_type != "attachment":
        return bool(_PAGED.match(slug))
    if post_type == "post" and slug != current and slug.isdigit() and int(slug):
        # Slugs that collide with a date archive: /2024/05/ would be a month, not a post.
        parts = [p for p in permalink_structure.split("/") if p]
        if "%postname%" in parts:
            index = parts.index("%postname%")
            before = parts[index - 1] if index else ""
            number = int(slug)
            return (
                index == 0
                or (before == "%year%" and number < 13)
                or (before == "%monthnum%" and number < 32)
            )
    return False


def unique_post_slug(
    session: AnySession,
    registry: Registry,
    slug: str,
    *,
    post_id: int,
    status: str,
    post_type: str,
    parent_id: int,
    permalink_structure: str = "",
    current: str = "",
) -> str:
    """``wp_unique_post_slug``: *slug* (stored form), or it with the first free ``-N``.

    Drafts and pending posts keep their slug as given: it is made unique when they are
    published. *current* is the post's slug before this change (an existing numeric slug
    is not refused again).
    """
    if status in UNCHECKED_STATUSES or post_type == "revision" or not slug:
        return slug
    if not _taken_post_slug(
        session, registry, slug, post_id, post_type, parent_id
    ) and not _bad_slug(registry, slug, post_type, permalink_structure, current):
        return slug
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = clip_slug(slug[: MAX_SLUG - len(suffix)]) + suffix
        if not _taken_post_slug(session, registry, candidate, post_id, post_type, parent_id):
            return candidate
        number += 1


def unique_term_slug(
    session: AnySession, slug: str, taxonomy: str, *, parent_id: int, term_id: int = 0
) -> str:
    """``wp_unique_term_slug``: *slug*, else (for a child) with its ancestors' slugs
    appended one by one, else with the first free ``-N``."""

    def taken(candidate: str) -> bool:
        stmt = select(Term.id).where(
            Term.taxonomy == taxonomy, Term.slug == encode_slug(candidate), Term.id != term_id
        )
        return session.scalar(stmt.limit(1)) is not None

    if not taken(slug):
        return slug
    seen: set[int] = set()
    ancestor = parent_id
    while ancestor and ancestor not in seen:
        seen.add(ancestor)
        parent = session.get(Term, ancestor)
        if parent is None or parent.taxonomy != taxonomy:
            break
        slug = clip_slug(f"{slug}-{parent.slug}")
        if not taken(slug):
            return slug
        ancestor = parent.parent_id
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = clip_slug(slug[: MAX_SLUG - len(suffix)]) + suffix
        if not taken(candidate):
            return candidate
        number += 1
