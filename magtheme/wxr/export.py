"""Exporting the site as a WordPress export (WXR 1.2), streamed, as ``export_wp()`` does.

What is written, and in which order, follows WordPress's ``export_wp()``
(``wp-admin/includes/export.php``): the channel, the authors of the exported posts, the
terms, then one ``<item>`` per post in ID order, with its terms, meta (less ``_edit_lock``,
WordPress's ``wxr_filter_postmeta``) and comments (less spam) with their meta. Posts are
read a batch at a time, so memory holds one batch, never the site.

Which terms are declared in the channel depends on the filters, as in WordPress: an
export of everything declares every category, tag, term of a custom taxonomy (parents
before children) and menu; an export filtered by category declares that category alone;
one filtered by post type declares none (each item still names its terms, and an importer
creates those it lacks). Post formats are never declared (WordPress declares custom
taxonomies only); items name theirs.

The filters are WP-CLI's ``wp export`` ones (:class:`ExportFilters`): post types, a
``post_date`` range of whole days, an author, a category, a status. Unlike
``export_wp()``, which honours the author and dates only for a single post, page or
attachment type, they apply to whatever types are exported, as in WP-CLI.

What a WXR file does not hold, this one does not either: options (menu locations, widgets,
theme mods and settings, tickers, reading settings), user roles and passwords, the media
files themselves (attachments carry their URL), spam comments and revisions. The site's
title and tagline travel in the channel and the sticky posts in ``wp:is_sticky``, as in any
WXR file; one thing is written that WordPress's file lacks, and Magtheme's importer reads
it back: a user's biography (``wp:author_description``, ignored by WordPress's importer).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from flask import current_app
from sqlalchemy import ColumnElement, select

from .. import __version__
from ..hosts import home_url
from ..media.library import UPLOADS_URL
from ..models import Comment, CommentMeta, Post, PostMeta, Term, TermRelationship, User, db
from ..models.content import POST_STATUSES
from ..options import load_options
from ..routing.lookup import DbLookup
from ..routing.permalinks import Linker
from ..types import Registry
from . import writer
from .identity import stored_slug
from .writer import Author, Channel, CommentEntry, ItemEntry, TermEntry

__all__ = [
    "ExportError",
    "ExportFilters",
    "export_filename",
    "export_filters",
    "iter_export",
    "write_export",
    "write_export_file",
]

#: Post meta WordPress leaves out of its exports (``wxr_filter_postmeta``).
SKIPPED_POST_META = frozenset({"_edit_lock"})
#: Post types that are never exported (WordPress's ``can_export`` false).
NOT_EXPORTABLE = frozenset({"revision"})
#: Our comment statuses → WordPress's ``comment_approved``; spam is never exported.
COMMENT_APPROVED = {"approved": "1", "pending": "0", "trash": "trash"}
#: Posts read, with their meta, terms and comments, per batch (WordPress reads 20).
_BATCH = 100


class ExportError(ValueError):
    """A filter that cannot be used; *param* names it (``start_date``, ``author``…)."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


@dataclass(frozen=True)
class ExportFilters:
    """Which posts an export holds; the defaults export everything WordPress would.

    Build one with :func:`export_filters`, which checks the values against the site.
    """

    #: Post types to export; empty for every exportable type (WordPress's ``'all'``).
    post_types: tuple[str, ...] = ()
    #: First day of ``post_date`` included.
    start_date: date | None = None
    #: Last day of ``post_date`` included.
    end_date: date | None = None
    author_id: int | None = None
    #: ID of the category whose posts are exported (posts only).
    category_id: int | None = None
    #: Only this status; ``""`` for every status but ``auto-draft``.
    post_status: str = ""
    #: Leave every comment out.
    skip_comments: bool = False

    @property
    def everything(self) -> bool:
        """Whether this is WordPress's ``'all'`` export (no type, no category chosen)."""
        return not self.post_types and self.category_id is None


def export_filters(
    registry: Registry,
    *,
    post_types: Iterable[str] = (),
    start_date: str | None = None,
    end_date: str | None = None,
    author: str | None = None,
    category: str | None = None,
    post_status: str | None = None,
    skip_comments: bool = False,
) -> ExportFilters:
    """Filters from what a person typed, checked against the site.

    *post_types* may hold comma-separated lists (``post,page``, as WP-CLI takes them);
    dates are ``YYYY-MM-DD``; *author* is a login or a user ID; *category* a category slug.
    Raises :class:`ExportError` naming the filter and saying what to write instead.
    """
    types: list[str] = []
    for value in post_types:
        for name in value.split(","):
            name = name.strip()
            if name and name not in types:
                types.append(name)
    exportable = exportable_types(registry)
    for name in types:
        if name not in exportable:
            raise ExportError(
                "post_type",
                f"{name!r} is not a post type this site exports; use one of "
                f"{', '.join(exportable)}, or leave it out to export them all.",
            )
    start = _day("start_date", start_date)
    end = _day("end_date", end_date)
    if start and end and start > end:
        raise ExportError(
            "start_date",
            f"the start date {start.isoformat()} is after the end date {end.isoformat()}; "
            "swap them.",
        )
    status = (post_status or "").strip()
    if status and status not in POST_STATUSES:
        raise ExportError(
            "post_status",
            f"{status!r} is not a post status; use one of {', '.join(POST_STATUSES)}.",
        )
    return ExportFilters(
        post_types=tuple(types),
        start_date=start,
        end_date=end,
        author_id=_author_id(author),
        category_id=_category_id(category, types),
        post_status=status,
        skip_comments=skip_comments,
    )


def exportable_types(registry: Registry) -> list[str]:
    """The post types an export of everything holds (WordPress's ``can_export``)."""
    return [name for name in registry.post_types if name not in NOT_EXPORTABLE]


def _day(param: str, value: str | None) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else _bad_day(param, value)
    except ValueError:
        return _bad_day(param, value)


def _bad_day(param: str, value: str) -> date:
    raise ExportError(param, f"{value!r} is not a date; write it as YYYY-MM-DD (2024-03-31).")


def _author_id(author: str | None) -> int | None:
    author = (author or "").strip()
    if not author:
        return None
    stmt = select(User.id).where(User.login == author)
    found = db.session.scalar(stmt)
    if found is None and author.isdigit():
        found = db.session.scalar(select(User.id).where(User.id == int(author)))
    if found is None:
        raise ExportError(
            "author",
            f"there is no user {author!r}; give a login or an ID from 'magtheme user list'.",
        )
    return int(found)


def _category_id(category: str | None, types: Sequence[str]) -> int | None:
    category = (category or "").strip()
    if not category:
        return None
    if types and "post" not in types:
        raise ExportError(
            "category",
            "a category selects posts; add post to the post types, or leave the category out.",
        )
    found = db.session.scalar(
        select(Term.id).where(Term.taxonomy == "category", Term.slug == stored_slug(category))
    )
    if found is None:
        raise ExportError(
            "category",
            f"there is no category with the slug {category!r}; give a slug as "
            "'magtheme term list category' shows it.",
        )
    return int(found)


# -- selection ---------------------------------------------------------------------------


def _where(filters: ExportFilters, registry: Registry) -> list[ColumnElement[bool]]:
    """``export_wp()``'s WHERE clause, with WP-CLI's reach for the author and dates."""
    types = list(filters.post_types) or exportable_types(registry)
    if filters.category_id is not None and not filters.post_types:
        types = ["post"]  # WordPress's category filter exists for posts only
    clauses: list[ColumnElement[bool]] = [Post.post_type.in_(types)]
    if filters.post_status:
        clauses.append(Post.status == filters.post_status)
    else:
        clauses.append(Post.status != "auto-draft")
    if filters.category_id is not None:
        clauses.append(
            Post.id.in_(
                select(TermRelationship.post_id).where(
                    TermRelationship.term_id == filters.category_id
                )
            )
        )
    if filters.author_id is not None:
        clauses.append(Post.author_id == filters.author_id)
    if filters.start_date is not None:
        clauses.append(Post.date >= datetime.combine(filters.start_date, datetime.min.time()))
    if filters.end_date is not None:
        after = filters.end_date + timedelta(days=1)
        clauses.append(Post.date < datetime.combine(after, datetime.min.time()))
    return clauses


def selected_post_ids(filters: ExportFilters, registry: Registry) -> list[int]:
    """The IDs of the posts the export holds, in ID order: taken once, as WordPress does,
    so that posts written while the file is being written are not half in it."""
    stmt = select(Post.id).where(*_where(filters, registry)).order_by(Post.id)
    return list(db.session.scalars(stmt))


def _chunks(ids: Sequence[int], size: int = _BATCH) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _authors(post_ids: Sequence[int]) -> list[Author]:
    """The users who wrote the exported posts (``wxr_authors_list``), by ID."""
    author_ids: set[int] = set()
    for chunk in _chunks(post_ids, 500):
        stmt = select(Post.author_id).where(Post.id.in_(chunk)).distinct()
        author_ids.update(i for i in db.session.scalars(stmt) if i)
    users = db.session.scalars(
        select(User).where(User.id.in_(sorted(author_ids))).order_by(User.id)
    )
    return [
        Author(u.id, u.login, u.email, u.display_name, u.first_name, u.last_name, u.bio)
        for u in users
    ]


def _parents_first(terms: list[Term]) -> list[Term]:
    """*terms* (in name order) with no child before its parent, as ``export_wp()`` orders
    them; a term whose parent is not among them comes as it is, at the end."""
    ordered: dict[int, Term] = {}
    waiting = list(terms)
    present = {t.id for t in terms}
    while waiting:
        progressed = False
        rest = []
        for t in waiting:
            if not t.parent_id or t.parent_id in ordered or t.parent_id not in present:
                ordered[t.id] = t
                progressed = True
            else:
                rest.append(t)
        waiting = rest
        if not progressed:  # a loop of parents: write them anyway, rather than never
            ordered.update((t.id, t) for t in waiting)
            break
    return list(ordered.values())


def _entries(terms: list[Term]) -> list[TermEntry]:
    slugs = {t.id: t.slug for t in terms}
    return [
        TermEntry(t.id, t.taxonomy, t.slug, t.name, t.description, slugs.get(t.parent_id, ""))
        for t in _parents_first(terms)
    ]


def _terms_of(taxonomies: Sequence[str]) -> list[Term]:
    if not taxonomies:
        return []
    stmt = select(Term).where(Term.taxonomy.in_(taxonomies)).order_by(Term.name, Term.id)
    return list(db.session.scalars(stmt))


def _channel_terms(filters: ExportFilters, registry: Registry) -> Iterator[str]:
    """The ``wp:category``, ``wp:tag`` and ``wp:term`` blocks the filters call for."""
    if filters.category_id is not None:
        found = db.session.get(Term, filters.category_id)
        if found is not None:
            yield writer.category(_entries([found])[0])
        return
    if not filters.everything:
        return
    for entry in _entries(_terms_of(["category"])):
        yield writer.category(entry)
    for entry in _entries(_terms_of(["post_tag"])):
        yield writer.tag(entry)
    custom = [tx.name for tx in registry.custom_taxonomies()]
    for entry in _entries(_terms_of(custom)):
        yield writer.term(entry)
    for entry in _entries(_terms_of(["nav_menu"])):
        yield writer.nav_menu(entry)


# -- items -------------------------------------------------------------------------------


@dataclass
class _Site:
    """What every item needs from the site, read once."""

    registry: Registry
    options: dict[str, Any]
    home: str
    now: datetime
    sticky: set[int]
    logins: dict[int, str]
    skip_comments: bool
    taxonomies: dict[str, list[str]] = field(default_factory=dict)

    def taxonomies_for(self, post_type: str) -> list[str]:
        """The taxonomies of *post_type* (``get_object_taxonomies``)."""
        if post_type not in self.taxonomies:
            found = [tx.name for tx in self.registry.taxonomies_for(post_type)]
            self.taxonomies[post_type] = found
        return self.taxonomies[post_type]


def _items(post_ids: Sequence[int], site: _Site) -> Iterator[str]:
    for chunk in _chunks(post_ids):
        # A linker (and its lookups cache) per batch: memory stays bounded.
        linker = Linker(site.options, site.registry, DbLookup(db.session), site.home, now=site.now)
        posts = list(db.session.scalars(select(Post).where(Post.id.in_(chunk)).order_by(Post.id)))
        meta = _post_meta(chunk)
        terms = _post_terms(chunk)
        comments = {} if site.skip_comments else _comments(chunk)
        for post in posts:
            entry = ItemEntry(
                id=post.id,
                title=post.title,
                link=linker.post(post),
                creator=site.logins.get(post.author_id or 0, ""),
                guid=post.guid,
                content=post.content,
                excerpt=post.excerpt,
                date=post.date,
                date_gmt=post.date_gmt,
                modified=post.modified,
                modified_gmt=post.modified_gmt,
                comment_status=post.comment_status,
                ping_status=post.ping_status,
                slug=post.slug,
                status=post.status,
                parent=post.parent_id,
                menu_order=post.menu_order,
                post_type=post.post_type,
                password=post.password,
                is_sticky=post.id in site.sticky,
                terms=[
                    (taxonomy, slug, name)
                    for taxonomy, slug, name in terms.get(post.id, [])
                    if taxonomy in site.taxonomies_for(post.post_type)
                ],
                meta=meta.get(post.id, []),
                comments=comments.get(post.id, []),
            )
            if post.post_type == "attachment":
                entry.attachment_url = _attachment_url(post, entry.meta, site.home)
            yield writer.item(entry)
        for post in posts:  # written: let the session forget them (not the caller's rows)
            db.session.expunge(post)


def _post_meta(post_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    stmt = (
        select(PostMeta.post_id, PostMeta.key, PostMeta.value)
        .where(PostMeta.post_id.in_(post_ids))
        .order_by(PostMeta.post_id, PostMeta.id)
    )
    for post_id, key, value in db.session.execute(stmt):
        if key not in SKIPPED_POST_META:
            found.setdefault(post_id, []).append((key, value))
    return found


def _post_terms(post_ids: Sequence[int]) -> dict[int, list[tuple[str, str, str]]]:
    """Each post's terms, by name (``wp_get_object_terms``' order)."""
    found: dict[int, list[tuple[str, str, str]]] = {}
    stmt = (
        select(TermRelationship.post_id, Term.taxonomy, Term.slug, Term.name)
        .join(Term, Term.id == TermRelationship.term_id)
        .where(TermRelationship.post_id.in_(post_ids))
        .order_by(TermRelationship.post_id, Term.name, Term.id)
    )
    for post_id, taxonomy, slug, name in db.session.execute(stmt):
        found.setdefault(post_id, []).append((taxonomy, slug, name))
    return found


def _comments(post_ids: Sequence[int]) -> dict[int, list[CommentEntry]]:
    """Each post's comments but spam (as WordPress), with their meta, by ID."""
    rows = db.session.scalars(
        select(Comment)
        .where(Comment.post_id.in_(post_ids), Comment.status != "spam")
        .order_by(Comment.id)
    ).all()
    meta: dict[int, list[tuple[str, str]]] = {}
    for chunk in _chunks([c.id for c in rows], 500):
        stmt = (
            select(CommentMeta.comment_id, CommentMeta.key, CommentMeta.value)
            .where(CommentMeta.comment_id.in_(chunk))
            .order_by(CommentMeta.comment_id, CommentMeta.id)
        )
        for comment_id, key, value in db.session.execute(stmt):
            meta.setdefault(comment_id, []).append((key, value))
    found: dict[int, list[CommentEntry]] = {}
    for c in rows:
        found.setdefault(c.post_id, []).append(
            CommentEntry(
                id=c.id,
                author=c.author_name,
                author_email=c.author_email,
                author_url=c.author_url,
                author_ip=c.author_ip,
                date=c.date,
                date_gmt=c.date_gmt,
                content=c.content,
                approved=COMMENT_APPROVED.get(c.status, c.status),
                type=c.type,
                parent=c.parent_id,
                user_id=c.user_id,
                meta=meta.get(c.id, []),
            )
        )
    return found


def _attachment_url(post: Post, meta: list[tuple[str, str]], home: str) -> str:
    """``wp_get_attachment_url``: the uploads URL of its file, else its GUID."""
    attached = dict(meta).get("_wp_attached_file", "").lstrip("/")
    if attached and "://" not in attached:
        return f"{home}{UPLOADS_URL}/{attached}"
    return attached or post.guid


# -- the file ----------------------------------------------------------------------------


def iter_export(
    filters: ExportFilters | None = None,
    *,
    registry: Registry,
    now: datetime | None = None,
) -> Iterator[str]:
    """The export as text, a piece at a time (the channel, then an item per piece).

    Runs in an app context. *now* (naive UTC, default the current time) is the export's
    date, and decides whether a scheduled post whose time has come links as published.
    """
    filters = filters or ExportFilters()
    now = now or datetime.now(UTC).replace(tzinfo=None)
    options = load_options()
    home = home_url(options)
    post_ids = selected_post_ids(filters, registry)
    authors = _authors(post_ids)
    generator = f"Magtheme/{__version__}"
    channel = Channel(
        title=str(options.get("blogname") or ""),
        link=home,
        description=str(options.get("blogdescription") or ""),
        language=str(current_app.config.get("LANGUAGE", "en")).replace("_", "-"),
        base_site_url=home,
        base_blog_url=home,
        created=now,
        generator=generator,
    )
    yield writer.header(generator, now) + writer.channel_head(channel)
    yield "".join(writer.author(a) for a in authors) + "\n"
    yield from _channel_terms(filters, registry)
    yield writer.generator_tag(generator)
    sticky = {int(i) for i in options.get("sticky_posts") or [] if str(i).isdigit()}
    site = _Site(
        registry=registry,
        options=options,
        home=home,
        now=now,
        sticky=sticky,
        logins={a.id: a.login for a in authors},
        skip_comments=filters.skip_comments,
    )
    yield from _items(post_ids, site)
    yield writer.footer()


def write_export(stream: IO[bytes], filters: ExportFilters | None = None, **kwargs: Any) -> int:
    """Write the export to *stream* as UTF-8; returns the bytes written.

    Keyword arguments are :func:`iter_export`'s.
    """
    written = 0
    for piece in iter_export(filters, **kwargs):
        data = piece.encode("utf-8")
        stream.write(data)
        written += len(data)
    return written


def write_export_file(
    path: str | os.PathLike[str], filters: ExportFilters | None = None, **kwargs: Any
) -> int:
    """Write the export to the file at *path*, whole or not at all.

    The file is written beside *path* under a temporary name and renamed over it once
    complete: a failure leaves *path* as it was (absent, or the previous export).
    """
    target = Path(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".part", dir=target.parent or Path(".")
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            written = write_export(stream, filters, **kwargs)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return written


def export_filename(blogname: str, today: date) -> str:
    """WordPress's download name: ``{sitename}.WordPress.{YYYY-MM-DD}.xml``, the site's
    name as ``sanitize_key`` leaves it (lowercase letters, digits, ``_`` and ``-``)."""
    site = re.sub(r"[^a-z0-9_\-]", "", blogname.lower())
    return f"{site + '.' if site else ''}WordPress.{today.isoformat()}.xml"
