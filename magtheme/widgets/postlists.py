"""Lists of posts for widgets and home-page sections, loaded together.

Several widgets show "some posts": the recent posts widget, the hero, the category posts
block of a magazine home page. Each asks for a :class:`ListSpec` (where the posts come from,
how many, from which one on) and :func:`load_lists` loads every list of an area or of the
home sections at once, in a fixed number of statements however many lists and posts:

1. the posts of every list, one ``UNION ALL`` of one short branch per list;
2. their featured images, when a list shows them (two indexed statements: the images chosen,
   then their files);
3. their authors, when a list shows them;
4. their first categories (the label a magazine prints above a title), when a list shows them;
5. the posts' content, when a list shows excerpts (the excerpt is then made once per post
   revision and kept, as on archive pages);

plus link preloading when the permalink structure needs it. Only posts the public may see
are listed (:mod:`magtheme.visibility`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from markupsafe import Markup
from sqlalchemy import BindParameter, Select, bindparam, func, literal, select, union_all

from ..content.context import ContentContext
from ..content.excerpt import cached_excerpt
from ..dates import format_date
from ..media.metadata import AttachmentMetadata
from ..media.views import ResponsiveImage
from ..models import AnySession, Post, PostMeta, Term, TermRelationship, User
from ..present import ATTACHMENT_META_KEYS, image_view
from ..routing.lookup import LINK_POST_COLUMNS
from ..slugs import decode_slug, encode_slug
from ..visibility import visible_clause
from .builtin import _post_title, preload_links, preload_terms
from .registry import WidgetContext

#: Where a list's posts come from.
SOURCES = (
    ("latest", "Latest posts"),
    ("sticky", "Sticky posts"),
    ("category", "A category"),
    ("tag", "A tag"),
    ("related", "Related to the post being read"),
)
#: Where attachment files are served from (as for every page's thumbnails).
UPLOADS_URL = "/wp-content/uploads"

_COLUMNS = (*LINK_POST_COLUMNS, Post.title, Post.password, Post.comment_count)


@dataclass(frozen=True)
class ListSpec:
    """One list: *source* (:data:`SOURCES`), the category or tag slug *term* for those
    sources, *count* posts from the *offset*-th on, and what to load besides the posts."""

    source: str = "latest"
    term: str = ""
    #: For ``related``: the post whose related posts these are.
    post_id: int = 0
    count: int = 5
    offset: int = 0
    thumbnails: bool = False
    authors: bool = False
    categories: bool = False
    excerpts: bool = False


@dataclass(frozen=True)
class Thumbnail(ResponsiveImage):
    """A featured image: its file's URL and alternative text, the full image's pixels, and
    ``srcset``, ``sizes`` and ``size(name)`` from its ``_wp_attachment_metadata``."""

    url: str
    alt: str
    width: int | None = None
    height: int | None = None
    metadata: AttachmentMetadata | None = field(default=None, repr=False, compare=False)
    uploads_url: str = UPLOADS_URL


@dataclass(frozen=True)
class AuthorLink:
    name: str
    url: str


@dataclass(frozen=True)
class CategoryLink:
    id: int
    name: str
    slug: str
    url: str


@dataclass
class ListedPost:
    """A post in a list, as widget templates see it (what was not asked for is None)."""

    id: int
    title: Markup
    url: str
    date: datetime
    date_text: str
    comment_count: int
    #: "No Comments", "1 Comment", "15 Comments" (WordPress's comments_number).
    comments_text: str
    #: The post's comments (``#comments``), or its comment form when it has none (``#respond``).
    comments_url: str
    thumbnail: Thumbnail | None = None
    author: AuthorLink | None = None
    category: CategoryLink | None = None
    excerpt: str = ""
    current: bool = False


def comments_text(count: int) -> str:
    """WordPress's ``comments_number`` default wording."""
    if count == 0:
        return "No Comments"
    return "1 Comment" if count == 1 else f"{count:,} Comments"


def sticky_ids(options: Mapping[str, Any]) -> list[int]:
    """The ``sticky_posts`` option as post ids."""
    stored = options.get("sticky_posts") or []
    if not isinstance(stored, list):
        return []
    found: list[int] = []
    for item in stored:
        if str(item).isdigit() and int(item) not in found:
            found.append(int(item))
    return found


#: How many existing categories a refusal names.
NAMED = 20


def check_category(session: AnySession, settings: Mapping[str, Any]) -> list[str]:
    """The category a list is saved with must exist (refusals name the categories there are).

    Applies when the settings' ``source`` is ``category``, or when they have no ``source``
    and name a category (recent posts, category blocks).
    """
    source = settings.get("source", "category")
    slug = str(settings.get("category") or "").strip()
    if source != "category" or (not slug and "source" not in settings):
        return []
    if slug and session.scalar(
        select(Term.id).where(Term.taxonomy == "category", Term.slug == encode_slug(slug))
    ):
        return []
    slugs = list(
        session.scalars(
            select(Term.slug)
            .where(Term.taxonomy == "category")
            .order_by(Term.slug)
            .limit(NAMED + 1)
        )
    )
    named = ", ".join(decode_slug(s) for s in slugs[:NAMED]) + (", …" if len(slugs) > NAMED else "")
    known = f"the categories are: {named}." if slugs else "the site has no categories yet."
    if not slug:
        return [f"category is needed when source is category (a category's slug); {known}"]
    return [f"there is no category {slug!r}; {known}"]


def _in_term(taxonomy: str, slug: Any) -> Any:
    return Post.id.in_(
        select(TermRelationship.post_id)
        .join(Term, Term.id == TermRelationship.term_id)
        .where(Term.taxonomy == taxonomy, Term.slug == slug)
    )


#: The moment "now" and the sticky posts' ids, the same for every list of a statement.
_NOW: BindParameter[Any] = bindparam("now")
_STICKY: BindParameter[Any] = bindparam("sticky", expanding=True)


def _shape(spec: ListSpec, has_sticky: bool) -> tuple[str, int, int] | None:
    """What of *spec* the statement's text depends on (its source, count and offset), or
    None when the list is empty by definition (no sticky posts, no term, no post)."""
    if spec.source == "sticky" and not has_sticky:
        return None
    if spec.source in ("category", "tag") and not spec.term.strip():
        return None
    if spec.source == "related" and not spec.post_id:
        return None
    return (spec.source, spec.count, spec.offset)


def _branch(slot: int, source: str, count: int, offset: int) -> Select[Any]:
    """One list's rows (``slot``, the post's columns), best first. Its term and post are
    the bound parameters ``term_<slot>`` and ``post_<slot>``."""
    query = select(*_COLUMNS).where(Post.post_type == "post")
    if source == "sticky":
        # Newest first, as WordPress's home page and WP_Query(post__in=sticky) list them.
        query = query.where(Post.id.in_(_STICKY))
    elif source == "related":
        return _related_branch(slot, count, offset)
    elif source in ("category", "tag"):
        taxonomy = "category" if source == "category" else "post_tag"
        query = query.where(_in_term(taxonomy, bindparam(f"term_{slot}")))
    # The public's posts are the published ones and the scheduled ones whose time has come
    # (visible_clause); asked for apart, each is read newest first straight off the
    # (post_type, status, date) index instead of sorting every post of the site.
    parts = [
        query.where(Post.status == "publish"),
        query.where(Post.status == "future", Post.date_gmt <= _NOW),
    ]
    newest = [
        select(part.order_by(Post.date.desc(), Post.id.desc()).limit(count + offset).subquery())
        for part in parts
    ]
    both = union_all(*newest).subquery()
    inner = (
        select(both)
        .order_by(both.c.date.desc(), both.c.id.desc())
        .limit(count)
        .offset(offset)
        .subquery()
    )
    return select(literal(slot).label("slot"), literal(0).label("rank"), inner)  # type: ignore[arg-type]


def _related_branch(slot: int, count: int, offset: int) -> Select[Any]:
    """Public posts sharing categories or tags with post ``post_<slot>``, those sharing the
    most first, then the newest; ``rank`` is the number of terms shared."""
    post_id: BindParameter[Any] = bindparam(f"post_{slot}")
    own_terms = (
        select(TermRelationship.term_id)
        .join(Term, Term.id == TermRelationship.term_id)
        .where(
            TermRelationship.post_id == post_id,
            Term.taxonomy.in_(("category", "post_tag")),
        )
    )
    shared = (
        select(TermRelationship.post_id, func.count().label("shared"))
        .where(
            TermRelationship.term_id.in_(own_terms),
            TermRelationship.post_id != post_id,
        )
        .group_by(TermRelationship.post_id)
        .subquery()
    )
    inner = (
        select(*_COLUMNS, shared.c.shared)
        .join(shared, shared.c.post_id == Post.id)
        .where(Post.post_type == "post", visible_clause(_NOW))  # type: ignore[arg-type]
        .order_by(shared.c.shared.desc(), Post.date.desc(), Post.id.desc())
        .limit(count)
        .offset(offset)
        .subquery()
    )
    return select(
        literal(slot).label("slot"),
        inner.c.shared.label("rank"),
        *(inner.c[column.key] for column in _COLUMNS),
    )


@lru_cache(maxsize=256)
def _statement(shapes: tuple[tuple[int, str, int, int], ...]) -> Select[Any]:
    """The one statement for lists of these shapes (slot, source, count, offset).

    Building a union of subqueries costs SQLAlchemy more than running it does (a few
    milliseconds for a home page's four sections), and a site asks for the same few shapes
    on every page: each is built once and kept, the terms, posts and time being bound
    parameters.
    """
    branches = [_branch(*shape) for shape in shapes]
    union = union_all(*branches).subquery() if len(branches) > 1 else branches[0].subquery()
    return select(union)


def list_rows(
    session: AnySession, specs: Sequence[ListSpec], options: Mapping[str, Any], now: datetime
) -> list[list[Any]]:
    """The rows of each of *specs*, in one statement (none when every list is empty)."""
    sticky = sticky_ids(options)
    shapes = []
    params: dict[str, Any] = {"now": now, "sticky": list(sticky)}
    for slot, spec in enumerate(specs):
        shape = _shape(spec, bool(sticky))
        if shape is None:
            continue
        shapes.append((slot, *shape))
        params[f"term_{slot}"] = encode_slug(spec.term.strip())
        params[f"post_{slot}"] = spec.post_id
    found: list[list[Any]] = [[] for _ in specs]
    if not shapes:
        return found
    for row in session.execute(_statement(tuple(shapes)), params):
        found[row.slot].append(row)
    # A union keeps no order: each list is put back in its own, best rank (related posts:
    # terms shared) first, then newest first.
    for rows in found:
        rows.sort(key=lambda row: (row.rank, row.date, row.id), reverse=True)
    return found


def thumbnails(session: AnySession, post_ids: Sequence[int]) -> dict[int, Thumbnail]:
    """Each post's featured image (``_thumbnail_id`` → the attachment's file and alt text):
    two indexed statements (none without posts, one when none has an image)."""
    if not post_ids:
        return {}
    chosen: dict[int, int] = {}
    for post_id, value in session.execute(
        select(PostMeta.post_id, PostMeta.value).where(
            PostMeta.post_id.in_(sorted(set(post_ids))), PostMeta.key == "_thumbnail_id"
        )
    ):
        if str(value).strip().isdigit() and int(value):
            chosen[post_id] = int(value)
    if not chosen:
        return {}
    files: dict[int, dict[str, str]] = {}
    for attachment_id, key, value in session.execute(
        select(PostMeta.post_id, PostMeta.key, PostMeta.value).where(
            PostMeta.post_id.in_(sorted(set(chosen.values()))),
            PostMeta.key.in_(ATTACHMENT_META_KEYS),
        )
    ):
        files.setdefault(attachment_id, {})[key] = value
    found: dict[int, Thumbnail] = {}
    for post_id, attachment_id in chosen.items():
        meta = files.get(attachment_id, {})
        if meta.get("_wp_attached_file"):
            view = image_view(
                attachment_id, f"{UPLOADS_URL}/{meta['_wp_attached_file']}", meta, UPLOADS_URL
            )
            found[post_id] = Thumbnail(
                view.url, view.alt, view.width, view.height, view.metadata, UPLOADS_URL
            )
    return found


def _authors(session: AnySession, linker: Any, user_ids: set[int]) -> dict[int, AuthorLink]:
    if not user_ids:
        return {}
    rows = session.execute(
        select(User.id, User.login, User.nicename, User.display_name).where(
            User.id.in_(sorted(user_ids))
        )
    ).all()
    return {row.id: AuthorLink(row.display_name or row.login, linker.author(row)) for row in rows}


def _categories(session: AnySession, linker: Any, post_ids: set[int]) -> dict[int, CategoryLink]:
    """Each post's first category by name (WordPress's ``get_the_category()[0]``)."""
    if not post_ids:
        return {}
    rows = session.execute(
        select(
            TermRelationship.post_id, Term.id, Term.taxonomy, Term.slug, Term.name, Term.parent_id
        )
        .join(Term, Term.id == TermRelationship.term_id)
        .where(TermRelationship.post_id.in_(sorted(post_ids)), Term.taxonomy == "category")
        .order_by(TermRelationship.post_id, Term.name, Term.id)
    ).all()
    first: dict[int, Any] = {}
    for row in rows:
        first.setdefault(row.post_id, row)
    preload_terms(linker, [row.parent_id for row in first.values()])
    return {
        post_id: CategoryLink(row.id, row.name, row.slug, linker.term(row))
        for post_id, row in first.items()
    }


def _excerpts(session: AnySession, context: WidgetContext, post_ids: set[int]) -> dict[int, str]:
    """Plain-text excerpts (manual, else WordPress's automatic one; protected posts none)."""
    if not post_ids:
        return {}
    options = dict(context.options)
    found: dict[int, str] = {}
    for post in session.scalars(select(Post).where(Post.id.in_(sorted(post_ids)))):
        if post.password:
            continue
        content = ContentContext(
            post=post, session=session, linker=context.linker, options=options, now=context.now
        )
        found[post.id] = cached_excerpt(post, content)[1]
    return found


def load_lists(
    session: AnySession, specs: Sequence[ListSpec], context: WidgetContext
) -> list[list[ListedPost]]:
    """The posts of each of *specs*, in order, in a fixed number of statements."""
    found = list_rows(session, specs, context.options, context.now)
    every = [row for rows in found for row in rows]
    if not every:
        return [[] for _ in specs]
    preload_links(context.linker, every)

    def wanted(flag: str) -> set[int]:
        return {
            row.id
            for spec, rows in zip(specs, found, strict=True)
            if getattr(spec, flag)
            for row in rows
        }

    images = thumbnails(session, sorted(wanted("thumbnails")))
    author_ids = {
        row.author_id
        for spec, rows in zip(specs, found, strict=True)
        if spec.authors
        for row in rows
        if row.author_id
    }
    authors = _authors(session, context.linker, author_ids)
    categories = _categories(session, context.linker, wanted("categories"))
    excerpts = _excerpts(session, context, wanted("excerpts"))
    date_format = str(context.options.get("date_format") or "F j, Y")
    lists: list[list[ListedPost]] = []
    for spec, rows in zip(specs, found, strict=True):
        posts = []
        for row in rows:
            url = context.linker.post(row)
            count = int(row.comment_count or 0)
            posts.append(
                ListedPost(
                    id=row.id,
                    title=_post_title(row),
                    url=url,
                    date=row.date,
                    date_text=format_date(row.date, date_format),
                    comment_count=count,
                    comments_text=comments_text(count),
                    comments_url=f"{url}#comments" if count else f"{url}#respond",
                    thumbnail=images.get(row.id) if spec.thumbnails else None,
                    author=authors.get(row.author_id) if spec.authors else None,
                    category=categories.get(row.id) if spec.categories else None,
                    excerpt=excerpts.get(row.id, "") if spec.excerpts else "",
                    current=bool(context.current_url) and url == context.current_url,
                )
            )
        lists.append(posts)
    return lists


def shown_lists(
    settings_list: Sequence[Mapping[str, Any]],
    lists: Sequence[list[ListedPost]],
    passed: Sequence[str] = (),
) -> list[dict[str, Any] | None]:
    """Each widget's data: its ``posts`` and the settings named in *passed* (what its
    template shows), or None when its list is empty (the widget then shows nothing)."""
    return [
        {"posts": posts, **{key: settings[key] for key in passed}} if posts else None
        for settings, posts in zip(settings_list, lists, strict=True)
    ]


__all__ = [
    "SOURCES",
    "AuthorLink",
    "CategoryLink",
    "ListSpec",
    "ListedPost",
    "Thumbnail",
    "check_category",
    "comments_text",
    "list_rows",
    "load_lists",
    "shown_lists",
    "sticky_ids",
    "thumbnails",
]
