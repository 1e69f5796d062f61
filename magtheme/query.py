"""The main query: query vars in, a :class:`QueryContext` out.

This is WordPress's ``WP_Query::parse_query`` (which conditionals are true) followed by
``get_posts`` (which posts this page shows), in a constant number of SQL statements however
many posts a page lists: the queried object, one count, one page of posts, then eager loads
for authors, terms, thumbnails and link data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, false, func, or_, select, union_all

from .context import (
    CONDITIONALS,
    SIDEBAR_META,
    QueriedPost,
    QueriedPostType,
    QueriedTerm,
    QueriedUser,
    QueryContext,
    QueryVars,
)
from .models import AnySession, Post, PostMeta, Term, TermRelationship, User
from .models.sqlite import folded_like
from .routing.lookup import get_page_by_path
from .slugs import encode_slug
from .types import Registry
from .visibility import is_visible, visible_clause

#: Query vars that leave a static front page request a front page request.
_FRONT_PAGE_VARS = {"paged", "page", "cpage", "preview"}
#: A post structure whose first tag is %postname% (a post and a page path can look alike).
_POSTNAME_FIRST = re.compile(r"^[^%]*%postname%")
#: Nobody lists more posts than this on one page, whatever the option says.
MAX_PER_PAGE = 500


def _int(value: str | None) -> int:
    """WordPress's absint for a query var that routing already checked."""
    if value in (None, ""):
        return 0
    try:
        return abs(int(str(value)))
    except ValueError:
        return 0


@dataclass
class MainQuery:
    """Runs the main query for one request against *session*."""

    session: AnySession
    options: Mapping[str, Any]
    registry: Registry
    now: datetime

    # -- entry point -------------------------------------------------------------------

    def run(self, query_vars: QueryVars) -> QueryContext:
        ctx = QueryContext(query_vars=dict(query_vars))
        self._parse(ctx)
        if not ctx.is_404:
            self._resolve_queried(ctx)
        if not ctx.is_404:
            self._load_posts(ctx)
        self._finish(ctx)
        return ctx

    # -- parse_query: the conditionals ---------------------------------------------------

    def _parse(self, ctx: QueryContext) -> None:
        qv = ctx.query_vars
        opts = self.options
        self._normalise_post_type_vars(qv)

        if qv.get("error") == "404":
            # Routing found no rule for the path (WordPress's ``error=404`` query var).
            self._set_404(ctx)
            return
        if "s" in qv:
            ctx.is_search = True
            ctx.search_terms = qv["s"]
        ctx.paged = max(1, _int(qv.get("paged")))
        ctx.page = max(1, _int(qv.get("page")))
        ctx.is_paged = ctx.paged > 1
        ctx.post_type = qv.get("post_type", "")

        front_page_id = _int(str(opts.get("page_on_front", 0)))
        static_front = opts.get("show_on_front") == "page" and front_page_id > 0
        asked = {name for name in qv if not name.startswith("_")}  # "_" marks routing's own
        if static_front and asked <= _FRONT_PAGE_VARS:
            # WordPress's parse_query: a blog-list request that asks for nothing but a page
            # number (/, /page/2/, /?paged=2) is the front page, and its ``paged`` becomes
            # the page's own part. is_paged stays as it was.
            qv["page_id"] = str(front_page_id)
            if "paged" in qv:
                ctx.page = ctx.paged

        if qv.get("attachment") or qv.get("attachment_id"):
            ctx.is_single = ctx.is_attachment = True
        elif qv.get("name") or qv.get("p"):
            ctx.is_single = True
        elif qv.get("page_id") or qv.get("pagename"):
            ctx.is_page = True
        else:
            self._parse_archive_flags(ctx)
        ctx.is_singular = ctx.is_single or ctx.is_page or ctx.is_attachment

        if qv.get("feed"):
            ctx.is_feed = True
        if qv.get("tb"):
            ctx.is_trackback = True
        if qv.get("embed") and ctx.is_singular:
            ctx.is_embed = True
        if not any((ctx.is_singular, ctx.is_archive, ctx.is_search, ctx.is_feed, ctx.is_trackback)):
            ctx.is_home = True

    def _normalise_post_type_vars(self, qv: QueryVars) -> None:
        """``?book=slug`` (a post type's own query var) means ``post_type=book&name=slug``."""
        for pt in self.registry.custom_post_types():
            if pt.public and qv.get(pt.name) and not qv.get("name"):
                value = qv.pop(pt.name)
                qv["post_type"] = pt.name
                qv["name"] = value
        if qv.get("post_type") and "," in qv["post_type"]:
            # A list of post types never makes a post type archive (WordPress's rule).
            qv["post_type"] = ""

    def _parse_archive_flags(self, ctx: QueryContext) -> None:
        qv = ctx.query_vars
        if qv.get("hour") or qv.get("minute") or qv.get("second"):
            ctx.is_time = ctx.is_date = True
        if qv.get("day") and not ctx.is_date:
            if qv.get("year") and qv.get("monthnum") and not _valid_date(qv):
                ctx.is_404 = True
            else:
                ctx.is_day = ctx.is_date = True
        if qv.get("monthnum") and not ctx.is_date:
            if _int(qv["monthnum"]) > 12 or _int(qv["monthnum"]) < 1:
                ctx.is_404 = True
            else:
                ctx.is_month = ctx.is_date = True
        if qv.get("year") and not ctx.is_date:
            ctx.is_year = ctx.is_date = True
        if qv.get("m"):
            ctx.is_date = True
            length = len(qv["m"])
            if length > 9:
                ctx.is_time = True
            elif length > 7:
                ctx.is_day = True
            elif length > 5:
                ctx.is_month = True
            else:
                ctx.is_year = True
        if qv.get("w"):
            ctx.is_date = True

        cat = qv.get("cat", "")
        if qv.get("category_name") or (cat and not cat.startswith("-")):
            ctx.is_category = True
        if qv.get("tag") or qv.get("tag_id"):
            ctx.is_tag = True
        if qv.get("post_format") or self._custom_tax_var(qv):
            ctx.is_tax = True
        author = qv.get("author", "")
        if qv.get("author_name") or (author and not author.startswith("-")):
            ctx.is_author = True

        post_type = qv.get("post_type", "")
        if post_type:
            pt = self.registry.post_type(post_type)
            if pt is not None and pt.has_archive:
                ctx.is_post_type_archive = True
        ctx.is_archive = any(
            (
                ctx.is_date,
                ctx.is_author,
                ctx.is_category,
                ctx.is_tag,
                ctx.is_tax,
                ctx.is_post_type_archive,
            )
        )

    def _custom_tax_var(self, qv: QueryVars) -> tuple[str, str] | None:
        for tax in self.registry.custom_taxonomies():
            if tax.query_var and qv.get(tax.query_var):
                return tax.name, qv[tax.query_var]
        if qv.get("taxonomy") and qv.get("term"):
            return qv["taxonomy"], qv["term"]
        return None

    # -- the queried object --------------------------------------------------------------

    def _resolve_queried(self, ctx: QueryContext) -> None:
        if ctx.is_singular:
            self._resolve_singular(ctx)
        elif ctx.is_category or ctx.is_tag or ctx.is_tax:
            self._resolve_term(ctx)
        elif ctx.is_author:
            self._resolve_author(ctx)
        # A post type archive (alone, or with a date) is about the post type; with a term or
        # an author, WordPress's queried object is the term or the author.
        if ctx.is_post_type_archive and ctx.queried is None and not ctx.is_404:
            ctx.queried = QueriedPostType(ctx.post_type)
            ctx.queried_object = self.registry.post_type(ctx.post_type)

    def _resolve_singular(self, ctx: QueryContext) -> None:
        qv = ctx.query_vars
        post: Post | None = None
        post_type = qv.get("post_type", "")
        if ctx.is_attachment:
            if qv.get("attachment_id"):
                post = self._post_by_id(_int(qv["attachment_id"]), ("attachment",))
            else:
                post = self._post_by_name(qv["attachment"], ("attachment",), ctx)
        elif ctx.is_single:
            types = (post_type,) if post_type else ("post",)
            if qv.get("p"):
                post = self._post_by_id(_int(qv["p"]), types)
            else:
                pt = self.registry.post_type(types[0])
                if pt is not None and pt.hierarchical and "/" in qv["name"]:
                    post = get_page_by_path(self.session, qv["name"], types[0])
                else:
                    post = self._post_by_name(qv["name"], types, ctx)
        else:
            if qv.get("page_id"):
                post = self._post_by_id(_int(qv["page_id"]), ("page",))
            else:
                post = get_page_by_path(self.session, qv["pagename"], "page")
                if post is not None and post.post_type == "attachment":
                    post = self._page_path_attachment(ctx, post)
        if post is None or not self._visible(post):
            self._set_404(ctx)
            return
        if ctx.is_page and self._is_posts_page(post.id):
            # The posts page is the blog: is_home, never is_page (WordPress's rule).
            ctx.is_page = ctx.is_singular = False
            ctx.is_home = ctx.is_posts_page = True
            ctx.queried_object = post
            return
        ctx.queried_object = post
        meta = self._metas(post.id, ("_wp_page_template", SIDEBAR_META))
        ctx.queried = QueriedPost(
            id=post.id,
            post_type=post.post_type,
            slug=post.slug,
            mime_type=post.mime_type,
            page_template=meta.get("_wp_page_template", ""),
            sidebar=meta.get(SIDEBAR_META, ""),
            post_format=self._post_format(post),
            type_supports_formats=self._supports_formats(post.post_type),
        )
        ctx.posts = [post]
        ctx.found_posts = 1
        ctx.max_num_pages = 1

    def _page_path_attachment(self, ctx: QueryContext, attachment: Post) -> Post:
        """What a page path that found an attachment (``/logo/``, ``/about/logo/``) shows.

        With a structure that starts with %postname%, a post of the same slug wins and the
        request is that post's (WordPress's ``parse_query``). Otherwise ``get_posts`` makes it
        ``is_page`` + ``is_attachment``, and its status check then turns an unattached one
        (no parent) into ``is_single`` + ``is_attachment``, like every other attachment link.
        Only an attachment of a page, reached below that page's path, stays ``is_page``: its
        list runs attachment, page, singular.
        """
        structure = str(self.options.get("permalink_structure") or "")
        if _POSTNAME_FIRST.match(structure):
            post = get_page_by_path(self.session, ctx.query_vars["pagename"], "post")
            if post is not None and post.post_type == "post":
                ctx.is_page, ctx.is_single = False, True
                return post
        ctx.is_attachment = True
        if not attachment.parent_id:
            ctx.is_page, ctx.is_single = False, True
        return attachment

    def _visible(self, post: Post) -> bool:
        parent = None
        if post.post_type == "attachment" and post.parent_id:
            parent = self.session.get(Post, post.parent_id)
        return is_visible(post, self.now, parent)

    def _post_by_id(self, post_id: int, types: tuple[str, ...]) -> Post | None:
        if not post_id:
            return None
        return self.session.scalars(
            select(Post).where(Post.id == post_id, Post.post_type.in_(types))
        ).first()

    def _post_by_name(self, name: str, types: tuple[str, ...], ctx: QueryContext) -> Post | None:
        qv = ctx.query_vars
        stmt = select(Post).where(Post.slug == encode_slug(name), Post.post_type.in_(types))
        stmt = _date_filter(stmt, qv)
        if qv.get("p"):
            stmt = stmt.where(Post.id == _int(qv["p"]))
        # Prefer a public one when several share the slug (an old draft, say).
        return self.session.scalars(stmt.order_by(Post.status != "publish", Post.id)).first()

    def _is_posts_page(self, page_id: int) -> bool:
        opts = self.options
        return (
            opts.get("show_on_front") == "page"
            and _int(str(opts.get("page_for_posts", 0))) == page_id
        )

    def _metas(self, post_id: int, keys: tuple[str, ...]) -> dict[str, str]:
        """The first value of each of *keys* for the post, in one statement."""
        rows = self.session.execute(
            select(PostMeta.key, PostMeta.value)
            .where(PostMeta.post_id == post_id, PostMeta.key.in_(keys))
            .order_by(PostMeta.id.desc())
        ).all()
        # Ordered newest first, so the oldest row (what ``.limit(1)`` used to find) wins.
        return {key: value or "" for key, value in rows}

    def _post_format(self, post: Post) -> str:
        if not self._supports_formats(post.post_type):
            return ""
        slug = self.session.scalar(
            select(Term.slug)
            .join(TermRelationship, TermRelationship.term_id == Term.id)
            .where(TermRelationship.post_id == post.id, Term.taxonomy == "post_format")
            .limit(1)
        )
        return slug.removeprefix("post-format-") if slug else ""

    def _supports_formats(self, post_type: str) -> bool:
        pt = self.registry.post_type(post_type)
        return pt is not None and pt.supports_feature("post-formats")

    def _resolve_term(self, ctx: QueryContext) -> None:
        qv = ctx.query_vars
        term: Term | None = None
        if ctx.is_category:
            if qv.get("cat"):
                first = qv["cat"].split(",")[0]
                term = self._term_by_id(_int(first), "category")
            else:
                term = self._term_by_slug(qv["category_name"], "category")
        elif ctx.is_tag:
            if qv.get("tag_id"):
                term = self._term_by_id(_int(qv["tag_id"]), "post_tag")
            else:
                first = qv["tag"].replace("+", ",").split(",")[0]
                term = self._term_by_slug(first, "post_tag")
        else:
            if qv.get("post_format"):
                slug = qv["post_format"]
                if not slug.startswith("post-format-"):
                    slug = "post-format-" + slug
                term = self._term_by_slug(slug, "post_format")
                # WordPress's post-format request filter adds post_type=post.
                ctx.post_type = qv["post_type"] = qv.get("post_type") or "post"
            else:
                found = self._custom_tax_var(qv)
                if found is not None:
                    term = self._term_by_slug(found[1], found[0])
        if term is None:
            self._set_404(ctx)
            return
        ctx.queried_object = term
        ctx.queried = QueriedTerm(term.id, term.taxonomy, term.slug)

    def _term_by_id(self, term_id: int, taxonomy: str) -> Term | None:
        term = self.session.get(Term, term_id) if term_id else None
        return term if term is not None and term.taxonomy == taxonomy else None

    def _term_by_slug(self, path: str, taxonomy: str) -> Term | None:
        # A hierarchical path (sports/football) names its leaf; canonical fixes a wrong path.
        leaf = path.strip("/").rsplit("/", 1)[-1]
        return self.session.scalars(
            select(Term).where(Term.taxonomy == taxonomy, Term.slug == encode_slug(leaf))
        ).first()

    def _resolve_author(self, ctx: QueryContext) -> None:
        qv = ctx.query_vars
        user: User | None
        if qv.get("author_name"):
            user = self.session.scalars(
                select(User).where(User.nicename == encode_slug(qv["author_name"]))
            ).first()
        else:
            user = self.session.get(User, _int(qv["author"].split(",")[0]))
        if user is None:
            self._set_404(ctx)
            return
        ctx.queried_object = user
        ctx.queried = QueriedUser(user.id, user.nicename)

    # -- get_posts: the page of posts ----------------------------------------------------

    def _load_posts(self, ctx: QueryContext) -> None:
        if ctx.is_singular:
            return
        per_page = self._per_page(ctx)
        stmt = self._list_filter(ctx, select(Post.id))
        if stmt is None:
            ctx.found_posts, ctx.max_num_pages, ctx.posts = 0, 0, []
        else:
            ctx.found_posts = (
                self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            )
            ctx.max_num_pages = math.ceil(ctx.found_posts / per_page)
            offset = (ctx.paged - 1) * per_page
            # IDs first, rows second: sorting narrow index entries instead of whole rows
            # (content included) is what keeps deep pages fast.
            ids = self._page_ids(ctx, per_page, offset)
            rows = (
                {p.id: p for p in self.session.scalars(select(Post).where(Post.id.in_(ids)))}
                if ids
                else {}
            )
            ctx.posts = [rows[i] for i in ids if i in rows]
        if ctx.is_home and ctx.paged == 1 and not ctx.post_type:
            self._lead_with_sticky(ctx)

    def _page_ids(self, ctx: QueryContext, per_page: int, offset: int) -> list[int]:
        """The IDs of the page's posts, in the page's order.

        Listed by date, the public's posts are read as two runs, the published ones and the
        scheduled ones whose time has come, each newest first straight off the
        (post_type, status, date) index, then merged: asked for together (``status = publish
        OR …``), the database sorts every matching post of the site for each page.
        """
        if ctx.is_search and ctx.search_terms.strip():
            stmt = self._list_filter(ctx, select(Post.id))
            assert stmt is not None
            stmt = stmt.order_by(*self._order(ctx)).limit(per_page).offset(offset)
            return list(self.session.scalars(stmt))
        columns: Select[Any] = select(Post.id, Post.date)  # type: ignore[assignment]
        base = self._list_filter(ctx, columns, visible=False)
        assert base is not None
        wanted = per_page + offset
        runs = [
            select(part.order_by(Post.date.desc(), Post.id.desc()).limit(wanted).subquery())
            for part in (
                base.where(Post.status == "publish"),
                base.where(Post.status == "future", Post.date_gmt <= self.now),
            )
        ]
        both = union_all(*runs).subquery()
        stmt = (
            select(both.c.id)
            .order_by(both.c.date.desc(), both.c.id.desc())
            .limit(per_page)
            .offset(offset)
        )
        return list(self.session.scalars(stmt))

    def _per_page(self, ctx: QueryContext) -> int:
        # Feeds list posts_per_rss items, as in WordPress.
        option = "posts_per_rss" if ctx.is_feed else "posts_per_page"
        per_page = _int(str(self.options.get(option, 10))) or 10
        return min(per_page, MAX_PER_PAGE)

    def _list_post_types(self, ctx: QueryContext) -> tuple[str, ...]:
        if ctx.post_type:
            return (ctx.post_type,)
        if ctx.is_search:
            return tuple(self.registry.searchable_post_types())
        if ctx.is_tax and isinstance(ctx.queried_object, Term):
            tax = self.registry.taxonomy(ctx.queried_object.taxonomy)
            if tax is not None and tax.object_type:
                return tax.object_type
        return ("post",)

    def _list_filter(
        self, ctx: QueryContext, stmt: Select[Any], *, visible: bool = True
    ) -> Select[Any] | None:
        """The WHERE of this page's list; ``None`` when it can only be empty. Without
        *visible*, the caller adds what the public may see itself."""
        qv = ctx.query_vars
        stmt = stmt.where(Post.post_type.in_(self._list_post_types(ctx)))
        if visible:
            stmt = stmt.where(visible_clause(self.now))
        if isinstance(ctx.queried_object, Term):
            term_ids = self._term_and_descendants(ctx.queried_object)
            stmt = stmt.where(
                Post.id.in_(
                    select(TermRelationship.post_id).where(TermRelationship.term_id.in_(term_ids))
                )
            )
        if isinstance(ctx.queried_object, User):
            stmt = stmt.where(Post.author_id == ctx.queried_object.id)
        if ctx.is_date:
            stmt = _date_filter(stmt, qv)
        if ctx.is_search:
            stmt = _search_filter(stmt, ctx.search_terms)
        excluded = _negative_ids(qv.get("cat", ""))
        if excluded:
            stmt = stmt.where(
                Post.id.not_in(
                    select(TermRelationship.post_id).where(TermRelationship.term_id.in_(excluded))
                )
            )
        return stmt

    def _term_and_descendants(self, term: Term) -> list[int]:
        tax = self.registry.taxonomy(term.taxonomy)
        if tax is None or not tax.hierarchical:
            return [term.id]
        rows = self.session.execute(
            select(Term.id, Term.parent_id).where(Term.taxonomy == term.taxonomy)
        ).all()
        children: dict[int, list[int]] = {}
        for term_id, parent_id in rows:
            children.setdefault(parent_id, []).append(term_id)
        found, todo = [term.id], [term.id]
        while todo:
            for child in children.get(todo.pop(), []):
                if child not in found:
                    found.append(child)
                    todo.append(child)
        return found

    def _order(self, ctx: QueryContext) -> list[Any]:
        if ctx.is_search and ctx.search_terms.strip():
            # WordPress ranks a title holding the whole phrase first, then by date.
            phrase = f"%{_escape_like(ctx.search_terms.strip())}%"
            return [folded_like(Post.title, phrase).desc(), Post.date.desc(), Post.id.desc()]
        return [Post.date.desc(), Post.id.desc()]

    def _lead_with_sticky(self, ctx: QueryContext) -> None:
        """Sticky posts lead the first page of the home, as in WordPress."""
        sticky_ids = [_int(str(i)) for i in self.options.get("sticky_posts") or []]
        sticky_ids = [i for i in dict.fromkeys(sticky_ids) if i]
        if not sticky_ids:
            return
        # Those on the page keep its order (newest first), then the others, newest first:
        # WP_Query moves each sticky it finds to the front in turn, then appends the rest.
        on_page = [p for p in ctx.posts if p.id in sticky_ids]
        missing = [i for i in sticky_ids if i not in {p.id for p in on_page}]
        extra: list[Post] = []
        if missing:
            extra = list(
                self.session.scalars(
                    select(Post)
                    .where(Post.id.in_(missing), Post.post_type == "post")
                    .where(visible_clause(self.now))
                    .order_by(Post.date.desc(), Post.id.desc())
                )
            )
        rest = [p for p in ctx.posts if p.id not in sticky_ids]
        ctx.posts = on_page + extra + rest

    # -- the end: 404, front page, privacy page --------------------------------------------

    def _set_404(self, ctx: QueryContext) -> None:
        # WordPress's set_404: every flag off, then is_404 — but its flag reset keeps
        # is_embed, so a singular embed that 404s stays an embed.
        is_embed = ctx.is_embed
        for name in CONDITIONALS:
            setattr(ctx, name, False)
        ctx.is_trackback = False
        ctx.is_404 = True
        ctx.is_embed = is_embed
        ctx.queried = None
        ctx.queried_object = None
        ctx.posts = []

    @staticmethod
    def _empty_is_found(ctx: QueryContext) -> bool:
        """WordPress's ``handle_404`` for a list with no posts: a page past the last is
        never found; an author, term or post type archive that names something is (empty
        or not), and so are the home, search results and feeds. An empty date archive is not.
        """
        if ctx.paged > 1:
            return False
        if ctx.is_author or ctx.is_category or ctx.is_tag or ctx.is_tax:
            return ctx.queried is not None
        if ctx.is_post_type_archive:
            return True
        return ctx.is_home or ctx.is_search or ctx.is_feed

    def _finish(self, ctx: QueryContext) -> None:
        if ctx.is_404:
            return
        if not ctx.is_singular and not ctx.posts and not self._empty_is_found(ctx):
            self._set_404(ctx)
            return
        if ctx.is_singular and ctx.queried_object is not None:
            parts = ctx.queried_object.content.count("<!--nextpage-->") + 1
            # Only a part the request named can be missing (WordPress's handle_404); a
            # static front page's /page/N/ shows its last part instead.
            if _int(ctx.query_vars.get("page")) > parts:
                self._set_404(ctx)
                return
            ctx.page = min(ctx.page, parts)
        opts = self.options
        front_id = _int(str(opts.get("page_on_front", 0)))
        if opts.get("show_on_front") == "posts":
            ctx.is_front_page = ctx.is_home
        elif front_id and ctx.is_page and isinstance(ctx.queried, QueriedPost):
            ctx.is_front_page = ctx.queried.id == front_id
        privacy_id = _int(str(opts.get("wp_page_for_privacy_policy", 0)))
        if privacy_id and ctx.is_page and isinstance(ctx.queried, QueriedPost):
            ctx.is_privacy_policy = ctx.queried.id == privacy_id


def _valid_date(qv: QueryVars) -> bool:
    try:
        datetime(_int(qv.get("year")), _int(qv.get("monthnum")), _int(qv.get("day")))
    except ValueError:
        return False
    return True


def _date_filter(stmt: Select[Any], qv: QueryVars) -> Select[Any]:
    """Filter on the local post date as a range, so the date index serves it."""
    m = qv.get("m", "")
    year = _int(qv.get("year")) or _int(m[:4])
    month = _int(qv.get("monthnum")) or _int(m[4:6])
    day = _int(qv.get("day")) or _int(m[6:8])
    if not year:
        if month:
            stmt = stmt.where(func.extract("month", Post.date) == month)
        if day:
            stmt = stmt.where(func.extract("day", Post.date) == day)
        return stmt
    try:
        if day and month:
            start, span = datetime(year, month, day), timedelta(days=1)
            for name, unit in (("hour", "hours"), ("minute", "minutes"), ("second", "seconds")):
                if qv.get(name, "") == "":
                    break
                start = start + timedelta(**{unit: _int(qv[name])})
                span = timedelta(**{unit: 1})
            end = start + span
        elif month:
            start = datetime(year, month, 1)
            end = datetime(year + (month == 12), month % 12 + 1, 1)
        else:
            start, end = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    except (ValueError, OverflowError):
        return stmt.where(false())  # an impossible date matches nothing
    return stmt.where(Post.date >= start, Post.date < end)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search_filter(stmt: Select[Any], search: str) -> Select[Any]:
    """WordPress's search: every word must appear in the title, excerpt or content.

    Case-insensitive for every script on every database, as WordPress's LIKE is on MySQL:
    see :func:`magtheme.models.sqlite.folded_like`.
    """
    words = [w for w in search.replace('"', " ").split() if w][:20]
    for word in words:
        pattern = f"%{_escape_like(word)}%"
        stmt = stmt.where(
            or_(
                folded_like(Post.title, pattern),
                folded_like(Post.excerpt, pattern),
                folded_like(Post.content, pattern),
            )
        )
    # Protected posts never show up by their hidden content.
    if words:
        stmt = stmt.where(
            or_(
                Post.password == "",
                and_(*[folded_like(Post.title, f"%{_escape_like(w)}%") for w in words]),
            )
        )
    return stmt


def _negative_ids(value: str) -> list[int]:
    return [_int(part) for part in value.split(",") if part.strip().startswith("-")]
