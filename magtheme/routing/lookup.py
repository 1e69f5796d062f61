"""The database side of routing: what links and the verbose page rules need to know.

:class:`DbLookup` answers the :class:`~magtheme.routing.permalinks.Lookup` questions (a
post's categories, a page's or term's ancestors, an author's nicename) from SQL, keeping
every answer for the life of the instance (one request). :meth:`DbLookup.preload` fetches
all of it for a page of posts at once, in a fixed number of statements however many posts
the page lists. Answers are small frozen records (:class:`PostRef`, :class:`TermRef`), not
ORM objects, so reading them never triggers a lazy load.

:func:`get_page_by_path` and :func:`page_exists_by_path` are WordPress's page-path lookups,
for the main query and for the rewrite rules' verbose page check. The ``old_slug_post``,
``old_date_post`` and ``guess_post`` methods answer :mod:`~magtheme.routing.notfound` (where
a 404 should have gone).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, aliased, scoped_session

from ..models import Post, PostMeta, Term, TermRelationship, User
from ..slugs import encode_slug
from ..visibility import visible_clause
from .notfound import DateParts

AnySession = Session | scoped_session[Any]

#: Statuses WordPress's verbose page check skips: neither public, protected nor private,
#: and excluded from search. ``inherit`` (attachments) is not one of them.
_NOT_A_PAGE = ("trash", "auto-draft")


@dataclass(frozen=True)
class PostRef:
    """What links need of a post: never its content."""

    id: int
    post_type: str
    slug: str
    status: str
    parent_id: int
    date: datetime
    date_gmt: datetime
    author_id: int | None


@dataclass(frozen=True)
class TermRef:
    """What links need of a term."""

    id: int
    taxonomy: str
    slug: str
    parent_id: int


#: The columns a permalink needs of a post (PostRef's fields); lists add what they print.
LINK_POST_COLUMNS = (
    Post.id,
    Post.post_type,
    Post.slug,
    Post.status,
    Post.parent_id,
    Post.date,
    Post.date_gmt,
    Post.author_id,
)
LINK_TERM_COLUMNS = (Term.id, Term.taxonomy, Term.slug, Term.parent_id)


def _post_ref(post: Any) -> PostRef:
    return PostRef(
        post.id,
        post.post_type,
        post.slug,
        post.status,
        post.parent_id or 0,
        post.date,
        post.date_gmt,
        post.author_id,
    )


class DbLookup:
    """The linker's lookups from SQL, cached per instance (make one per request)."""

    def __init__(self, session: AnySession) -> None:
        self.session = session
        self._posts: dict[int, PostRef | None] = {}
        self._terms: dict[int, TermRef | None] = {}
        self._categories: dict[int, list[TermRef]] = {}
        self._nicenames: dict[int, str] = {}

    # -- the Lookup protocol ---------------------------------------------------------------

    def post(self, post_id: int) -> PostRef | None:
        """A post of any type; loads its ancestors with it (one statement)."""
        if post_id not in self._posts:
            self._load_posts([post_id])
        return self._posts.get(post_id)

    def term(self, term_id: int) -> TermRef | None:
        """A term; loads its ancestors with it (one statement)."""
        if term_id not in self._terms:
            self._load_terms([term_id])
        return self._terms.get(term_id)

    def categories(self, post_id: int) -> list[TermRef]:
        """A post's categories, their ancestors loaded too (two statements at most)."""
        if post_id not in self._categories:
            self._load_categories([post_id])
        return self._categories.get(post_id, [])

    def user_nicename(self, user_id: int) -> str:
        if user_id not in self._nicenames:
            self._load_nicenames([user_id])
        return self._nicenames.get(user_id, "")

    # -- where a 404 should have gone (routing.notfound's NotFoundLookup) -------------------

    def old_slug_post(self, post_type: str, name: str, date: DateParts) -> int:
        """WordPress's ``_find_post_by_old_slug``: a post of *post_type* that was once *name*.

        *date* narrows it to posts (currently) dated in that year, month and day. One
        statement; the earliest recorded old slug wins, as an index scan finds it.
        """
        name = query_slug(name)
        if not name:
            return 0
        stmt = (
            select(PostMeta.post_id)
            .join(Post, Post.id == PostMeta.post_id)
            .where(
                PostMeta.key == "_wp_old_slug",
                PostMeta.value == name,
                Post.post_type == post_type,
                *_date_parts_clause(date),
            )
            .order_by(PostMeta.id)
            .limit(1)
        )
        return self.session.scalar(stmt) or 0

    def old_date_post(self, post_type: str, name: str, date: DateParts) -> int:
        """WordPress's ``_find_post_by_old_date``: a post named *name* (now, or once) whose
        earlier date (``_wp_old_date``) falls on *date*. Nothing without a date; one statement.
        """
        name = query_slug(name)
        if not any(date) or not name:
            return 0
        once_named = select(PostMeta.post_id).where(
            PostMeta.key == "_wp_old_slug", PostMeta.value == name
        )
        rows = self.session.execute(
            select(PostMeta.post_id, PostMeta.value, Post.slug)
            .join(Post, Post.id == PostMeta.post_id)
            .where(
                PostMeta.key == "_wp_old_date",
                Post.post_type == post_type,
                or_(Post.slug == name, Post.id.in_(once_named)),
            )
            .order_by(PostMeta.id)
        ).all()
        matching = [row for row in rows if _date_matches(row.value, date)]
        # A post that still has the name comes before one that only had it.
        for row in matching:
            if row.slug == name:
                return int(row.post_id)
        return int(matching[0].post_id) if matching else 0

    def guess_post(
        self, name: str, post_types: Sequence[str], date: DateParts, now: datetime
    ) -> int:
        """``redirect_guess_404_permalink``'s loose guess: a public post whose slug starts
        with *name*, of one of *post_types*, dated on *date* when given. One statement.

        WordPress leaves the order to MySQL, whose slug index returns slugs in order; so do
        we (an exact match first, then ``name-2`` before ``name-story``), then by ID.
        """
        name = query_slug(name)
        if not name or not post_types:
            return 0
        pattern = _escape_like(name) + "%"
        stmt = (
            select(Post.id)
            .where(
                Post.slug.like(pattern, escape="\\"),
                Post.post_type.in_(list(post_types)),
                visible_clause(now),
                *_date_parts_clause(date),
            )
            .order_by(Post.slug, Post.id)
            .limit(1)
        )
        return self.session.scalar(stmt) or 0

    # -- loading in bulk -------------------------------------------------------------------

    def preload(self, posts: Iterable[Any]) -> None:
        """Load what the links of *posts* need: at most four statements for any number.

        Ancestors (and an attachment's parent) first, then the categories of every post met
        so far with all their ancestor categories, then the authors. *posts* are models or
        anything with the model's attributes; they are read, never refreshed.
        """
        refs = [_post_ref(post) for post in posts]
        for ref in refs:
            self._posts.setdefault(ref.id, ref)
        self._load_posts([ref.parent_id for ref in refs if ref.parent_id])
        known = [ref for ref in self._posts.values() if ref is not None]
        self._load_categories([ref.id for ref in known])
        self._load_nicenames([ref.author_id for ref in known if ref.author_id])

    def _load_posts(self, ids: Iterable[int]) -> None:
        self._load_with_ancestors(Post, LINK_POST_COLUMNS, PostRef, ids, self._posts)

    def preload_terms(self, ids: Iterable[int]) -> None:
        """Load terms *ids* and all their ancestors (for hierarchical term links) at once."""
        self._load_terms(ids)

    def _load_terms(self, ids: Iterable[int]) -> None:
        self._load_with_ancestors(Term, LINK_TERM_COLUMNS, TermRef, ids, self._terms)

    def _load_with_ancestors(
        self, model: Any, columns: Any, ref: Any, ids: Iterable[int], cache: dict[int, Any]
    ) -> None:
        """Rows *ids* of *model* and all their ancestors, in one recursive statement."""
        wanted = {i for i in ids if i not in cache}
        if not wanted:
            return
        chain = select(model.id, model.parent_id).where(model.id.in_(wanted)).cte(recursive=True)
        parent = aliased(model)
        chain = chain.union(
            select(parent.id, parent.parent_id).where(parent.id == chain.c.parent_id)
        )
        rows = self.session.execute(select(*columns).where(model.id.in_(select(chain.c.id)))).all()
        for row in rows:
            cache.setdefault(row.id, ref(*row))
        for item_id in wanted:
            cache.setdefault(item_id, None)

    def _load_categories(self, post_ids: Iterable[int]) -> None:
        wanted = {i for i in post_ids if i not in self._categories}
        if not wanted:
            return
        rows = self.session.execute(
            select(TermRelationship.post_id, *LINK_TERM_COLUMNS)
            .join(Term, Term.id == TermRelationship.term_id)
            .where(TermRelationship.post_id.in_(wanted), Term.taxonomy == "category")
            .order_by(Term.id)
        ).all()
        for post_id in wanted:
            self._categories[post_id] = []
        for row in rows:
            post_id, ref = row[0], TermRef(row.id, row.taxonomy, row.slug, row.parent_id)
            self._terms.setdefault(ref.id, ref)
            self._categories[post_id].append(ref)
        self._load_terms(
            ref.parent_id for refs in self._categories.values() for ref in refs if ref.parent_id
        )

    def _load_nicenames(self, user_ids: Iterable[int]) -> None:
        wanted = {i for i in user_ids if i not in self._nicenames}
        if not wanted:
            return
        for user_id, nicename in self.session.execute(
            select(User.id, User.nicename).where(User.id.in_(wanted))
        ):
            self._nicenames[user_id] = nicename
        for user_id in wanted:
            self._nicenames.setdefault(user_id, "")


def _date_parts_clause(date: DateParts) -> list[ColumnElement[bool]]:
    year, month, day = date
    parts = (("year", year), ("month", month), ("day", day))
    return [func.extract(unit, Post.date) == value for unit, value in parts if value]


def _date_matches(value: str, date: DateParts) -> bool:
    """Whether a stored ``Y-m-d`` date (``_wp_old_date``) falls on the given parts."""
    try:
        found = (int(value[:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        return False
    return all(not wanted or wanted == got for wanted, got in zip(date, found, strict=True))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- page paths --------------------------------------------------------------------------------


def query_slug(part: str) -> str:
    """WordPress's ``sanitize_title_for_query`` for one path part, in stored form."""
    text = encode_slug(part).lower()
    text = re.sub(r"[^%a-z0-9 _-]", "", text)
    text = re.sub(r"\s+", "-", text)
    return re.sub(r"-+", "-", text).strip("-")


def get_page_by_path(
    session: AnySession, path: str, post_type: str | Sequence[str] = "page"
) -> Post | None:
    """WordPress's ``get_page_by_path``: the post whose slug chain is exactly *path*.

    Every post named by a part of the path is fetched in one statement, then the chain is
    walked from the leaf up, so ``about/team`` never finds a ``team`` under another parent.
    For a single *post_type* attachments are candidates too and the requested type wins a
    tie, as in WordPress. Parts may be raw UTF-8 or percent-encoded in any case.
    """
    parts = [query_slug(part) for part in path.strip("/").split("/")]
    if not parts[-1]:
        return None
    types = [post_type, "attachment"] if isinstance(post_type, str) else list(post_type)
    rows = session.scalars(
        select(Post).where(Post.slug.in_(set(parts)), Post.post_type.in_(types)).order_by(Post.id)
    ).all()
    by_id = {row.id: row for row in rows}
    leaf_first = parts[::-1]
    found: Post | None = None
    for page in rows:
        if page.slug != leaf_first[0]:
            continue
        count, node = 0, page
        while node.parent_id and node.parent_id in by_id:
            count += 1
            parent = by_id[node.parent_id]
            if count >= len(leaf_first) or parent.slug != leaf_first[count]:
                break
            node = parent
        if not node.parent_id and len(leaf_first) == count + 1 and node.slug == leaf_first[count]:
            found = page
            if page.post_type == post_type:
                break
    return found


def page_exists_by_path(
    session: AnySession, path: str, post_types: str | Sequence[str] = "page"
) -> bool:
    """Whether a page lives at *path*: WordPress's verbose page-rule check.

    Drafts, pending and scheduled pages count (WordPress's check lets them win the URL and
    then 404); so do attachments, which ``get_page_by_path`` finds too (``/logo/``); trashed
    and auto-draft ones do not.
    """
    page = get_page_by_path(session, path, post_types)
    return page is not None and page.status not in _NOT_A_PAGE


__all__ = [
    "LINK_POST_COLUMNS",
    "LINK_TERM_COLUMNS",
    "DbLookup",
    "PostRef",
    "TermRef",
    "get_page_by_path",
    "page_exists_by_path",
    "query_slug",
]
