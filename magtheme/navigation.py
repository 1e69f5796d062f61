"""Where a page sits among the others: the previous and next story, and its breadcrumbs.

- :func:`adjacent_posts` is WordPress's ``get_adjacent_post``: among the public posts of the
  same type, the one just before and just after, by date, ties broken by ID (two statements
  whatever the site holds, each an index range scan with ``LIMIT 1``).
- :func:`breadcrumbs` is the trail a breadcrumb bar prints: the front page, then the
  sections a page sits in (a story's category and its parents, a page's parent pages, a
  date archive's year and month), then the page itself. At most one statement for the
  ancestors, plus the link preloading hierarchical permalinks need.

Templates reach both through the ``adjacent_posts()`` and ``breadcrumbs()`` helpers
(magtheme.render); each is computed once per page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from .models import AnySession, Post, Term
from .present import display_title, display_title_text
from .slugs import decode_slug
from .visibility import is_visible, now_gmt, visible_clause
from .widgets.builtin import preload_links, preload_terms


@dataclass(frozen=True)
class AdjacentPost:
    """The previous or next story, as templates see it."""

    id: int
    #: The title as safe HTML (inline markup kept) and as plain text.
    title: Markup
    title_text: str
    permalink: str
    date: datetime
    post_type: str


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail: its label (plain text), its URL, and whether it is
    the page shown (the last step; print it without a link, with ``aria-current``)."""

    label: str
    url: str
    current: bool = False


def _adjacent(session: AnySession, post: Any, now: datetime, previous: bool) -> Post | None:
    """The public post of *post*'s type just before (or after) it: one statement."""
    if previous:
        order = (Post.date.desc(), Post.id.desc())
        side = or_(Post.date < post.date, and_(Post.date == post.date, Post.id < post.id))
    else:
        order = (Post.date.asc(), Post.id.asc())
        side = or_(Post.date > post.date, and_(Post.date == post.date, Post.id > post.id))
    stmt = (
        select(Post)
        .where(Post.post_type == post.post_type, visible_clause(now), side, Post.id != post.id)
        .order_by(*order)
        .limit(1)
    )
    return session.scalars(stmt).first()


def adjacent_posts(
    session: AnySession, post: Any, linker: Any, now: datetime
) -> dict[str, AdjacentPost | None]:
    """``{"previous": …, "next": …}``: the public posts of *post*'s type dated just before
    and just after it (WordPress's ``get_previous_post`` / ``get_next_post`` without the
    same-term option). Posts with the same date are ordered by ID, so every post has one
    place in the sequence. ``None`` at either end. Two statements, plus link preloading
    when the permalink structure needs categories or authors."""
    found = {
        "previous": _adjacent(session, post, now, previous=True),
        "next": _adjacent(session, post, now, previous=False),
    }
    preload_links(linker, [p for p in found.values() if p is not None])
    return {key: _adjacent_view(p, linker) if p is not None else None for key, p in found.items()}


def _adjacent_view(post: Post, linker: Any) -> AdjacentPost:
    return AdjacentPost(
        id=post.id,
        title=display_title(post),
        title_text=display_title_text(post),
        permalink=linker.post(post),
        date=post.date,
        post_type=post.post_type,
    )


def _term_chain(session: AnySession, term_id: int) -> list[Term]:
    """*term_id* and its ancestors, root first: one recursive statement."""
    chain = select(Term.id, Term.parent_id).where(Term.id == term_id).cte(recursive=True)
    parent = aliased(Term)
    chain = chain.union(select(parent.id, parent.parent_id).where(parent.id == chain.c.parent_id))
    rows = {t.id: t for t in session.scalars(select(Term).where(Term.id.in_(select(chain.c.id))))}
    return _root_first(rows, term_id)


def _post_chain(session: AnySession, post_id: int) -> list[Post]:
    """The ancestors of post *post_id* (not itself), root first: one recursive statement."""
    chain = select(Post.id, Post.parent_id).where(Post.id == post_id).cte(recursive=True)
    parent = aliased(Post)
    chain = chain.union(select(parent.id, parent.parent_id).where(parent.id == chain.c.parent_id))
    rows = {p.id: p for p in session.scalars(select(Post).where(Post.id.in_(select(chain.c.id))))}
    return _root_first(rows, post_id)[:-1]


def _root_first(rows: dict[int, Any], leaf: int) -> list[Any]:
    out: list[Any] = []
    seen: set[int] = set()
    current = rows.get(leaf)
    while current is not None and current.id not in seen:
        seen.add(current.id)
        out.append(current)
        current = rows.get(current.parent_id) if current.parent_id else None
    return out[::-1]


def _term_crumbs(session: AnySession, term: Any, linker: Any, *, last: bool) -> list[Crumb]:
    """Crumbs for *term* (a model or a view) and its parents."""
    if term.parent_id:
        terms = _term_chain(session, term.id)
        preload_terms(linker, [t.id for t in terms])
    else:
        terms = [term]
    crumbs = [Crumb(t.name, linker.term(t)) for t in terms]
    if last:
        crumbs[-1] = Crumb(crumbs[-1].label, crumbs[-1].url, True)
    return crumbs


def breadcrumbs(
    session: AnySession,
    ctx: Any,
    linker: Any,
    *,
    categories: Iterable[Term] = (),
    home_label: str = "Home",
    exclude_categories: Iterable[str] = (),
) -> list[Crumb]:
    """The breadcrumb trail of the page *ctx* shows; ``[]`` on the front page.

    A story: the front page, its first category (*categories*: the story's, as the page
    loaded them; by name, skipping *exclude_categories* slugs such as a breaking-news
    category; the first of all when every one is excluded) with that category's parents,
    then the story. A page or an attachment: its parents the public may see.
    A category: its parents. A tag, an author, a date archive (year › month › day), a search
    and a missing page each get one step after the front page.
    """
    if ctx.is_front_page and not ctx.is_paged:
        return []
    trail = [Crumb(home_label, linker.home())]
    obj = ctx.queried_object
    if ctx.is_singular and obj is not None:
        if obj.post_type == "post":
            skip = set(exclude_categories)
            cats = sorted((t for t in categories if t.taxonomy == "category"), key=lambda t: t.name)
            chosen = next(
                (c for c in cats if decode_slug(c.slug) not in skip), cats[0] if cats else None
            )
            if chosen is not None:
                trail += _term_crumbs(session, chosen, linker, last=False)
        elif obj.parent_id:
            now = now_gmt()
            # A parent the public may not see (a draft, a private page) is left out.
            ancestors = [p for p in _post_chain(session, obj.id) if is_visible(p, now)]
            preload_links(linker, ancestors)
            trail += [Crumb(display_title_text(p), linker.post(p)) for p in ancestors]
        trail.append(Crumb(display_title_text(obj), linker.post(obj), True))
    elif ctx.is_category and obj is not None:
        trail += _term_crumbs(session, obj, linker, last=True)
    elif (ctx.is_tag or ctx.is_tax) and obj is not None:
        trail.append(Crumb(obj.name, linker.term(obj), True))
    elif ctx.is_author and obj is not None:
        trail.append(Crumb(obj.display_name or obj.login, linker.author(obj), True))
    elif ctx.is_date:
        trail += _date_crumbs(ctx, linker)
    elif ctx.is_search:
        terms = ctx.search_terms
        label = f"Search results for “{terms}”" if terms else "Search"
        trail.append(Crumb(label, linker.search(terms or ""), True))
    elif ctx.is_404:
        trail.append(Crumb("Page not found", "", True))
    elif ctx.is_home and obj is not None:
        trail.append(Crumb(display_title_text(obj), linker.post(obj), True))
    elif ctx.is_post_type_archive and obj is not None:
        label = str(getattr(obj, "label", "") or obj.name)
        trail.append(Crumb(label, linker.post_type_archive(obj.name) or "", True))
    if len(trail) > 1 and ctx.is_paged and ctx.paged > 1:
        trail.append(Crumb(f"Page {ctx.paged}", "", True))
        trail[-2] = Crumb(trail[-2].label, trail[-2].url, False)
    return trail


_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def _date_crumbs(ctx: Any, linker: Any) -> list[Crumb]:
    qv = ctx.query_vars
    m = str(qv.get("m") or "")
    year = _num(qv.get("year") or m[:4])
    month = _num(qv.get("monthnum") or m[4:6])
    day = _num(qv.get("day") or m[6:8])
    crumbs: list[Crumb] = []
    if year:
        crumbs.append(Crumb(str(year), linker.year(year)))
    if year and 1 <= month <= 12:
        crumbs.append(Crumb(_MONTHS[month - 1], linker.month(year, month)))
    if year and month and day:
        crumbs.append(Crumb(str(day), linker.day(year, month, day)))
    if crumbs:
        crumbs[-1] = Crumb(crumbs[-1].label, crumbs[-1].url, True)
    return crumbs


def _num(value: Any) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() else 0
