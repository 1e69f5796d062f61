"""Importing a WordPress export into the content model, all or nothing.

The import runs in stages, each with one job: read the whole file (so a broken file
changes nothing), take one snapshot of the site (:class:`_Site`), plan every row with the
ID it will have (:class:`_Plan`), then write the rows with bulk inserts, recount terms and
commit, in one transaction.

On a site with no posts (terms, comments, users) the export's IDs are kept, so
``?p=123``, ``?cat=7`` and ``?author=2`` keep working after a move; an ID repeated in the
file, or missing from it, gets the next free one. On a site that already has them, every
row gets a new ID and every reference is remapped: post parents, ``_thumbnail_id``, menu
item meta, comment parents, term parents and sticky posts.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, has_app_context
from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..content.sanitize import AUTHOR, COMMENT, Policy, sanitize
from ..models import Comment, CommentMeta, Option, Post, PostMeta, Term, TermRelationship, User, db
from ..models.content import POST_STATUSES
from ..options import forget_options, get_option, update_option
from ..slugs import encode_slug, remove_accents, sanitize_title
from ..types import Registry
from .reader import (
    WXRAuthor,
    WXRDocument,
    WXRError,
    WXRItem,
    WXRTerm,
    gmt_to_local,
    local_to_gmt,
    read_wxr,
)
from .report import ImportReport, RemappedId, SkippedItem

#: WordPress's ``comment_approved`` → our comment status (anything else: pending).
COMMENT_STATUS_MAP = {
    "1": "approved",
    "0": "pending",
    "spam": "spam",
    "trash": "trash",
    "post-trashed": "trash",
}
#: Statuses whose posts keep an empty slug (WordPress gives them one on publishing).
_NO_SLUG_STATUSES = ("draft", "pending", "auto-draft")
#: Post meta that means nothing outside the exporting site.
_SKIPPED_META = frozenset({"_edit_lock"})
_MAX_SLUG = 200


def site_timezone() -> tzinfo:
    """The site's time zone: ``timezone_string``, else ``gmt_offset``, else UTC."""
    name = str(get_option("timezone_string") or "")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        offset = float(get_option("gmt_offset") or 0)
    except (TypeError, ValueError):
        offset = 0.0
    return timezone(timedelta(hours=offset)) if offset else UTC


def import_wxr(
    path: str | os.PathLike[str],
    *,
    registry: Registry,
    now: datetime | None = None,
    commit: bool = True,
) -> ImportReport:
    """Import the WordPress export at *path*; on any error raise, having changed nothing.

    Raises :class:`~magtheme.wxr.reader.WXRError` for a file that is not a readable export
    or a database that refuses the rows. See :func:`import_document` for *now* and *commit*.
    """
    document = read_wxr(path, timezone=site_timezone())
    return import_document(document, registry=registry, now=now, commit=commit)


def import_document(
    document: WXRDocument,
    *,
    registry: Registry,
    now: datetime | None = None,
    commit: bool = True,
) -> ImportReport:
    """Write an export read by :func:`~magtheme.wxr.reader.read_wxr` into the site.

    *now* (naive UTC, default the current time) decides which published posts are really
    scheduled. With ``commit=False`` the caller commits, to add its own changes to the same
    transaction; on any error the session is rolled back either way.
    """
    started = time.perf_counter()
    now = now or datetime.now(UTC).replace(tzinfo=None)
    try:
        plan = _Plan(document, registry, _Site.load(registry, document), now, site_timezone())
        plan.build()
        plan.write()
        if commit:
            db.session.commit()
    except SQLAlchemyError as exc:
        db.session.rollback()
        forget_options()
        cause = getattr(exc, "orig", None) or exc
        raise WXRError(
            f"{document.path}: the database refused the import, so nothing was written "
            f"({cause}). Check that the database is writable and its tables are current."
        ) from exc
    except BaseException:
        db.session.rollback()
        forget_options()
        raise
    plan.report.seconds = time.perf_counter() - started
    return plan.report


def allocate_ids(
    wanted: Sequence[int], *, keep: bool, site_max: int, kind: str
) -> list[tuple[int, str]]:
    """An ID for each of *wanted* (the export's IDs, in file order), and why it differs.

    With *keep*, an export ID is kept unless it is missing (0) or already taken by an
    earlier row; those rows, and every row without *keep*, get the next IDs after the
    largest in use, in file order (as WordPress's importer would). The reason is ``""``
    for a kept ID.
    """
    used: set[int] = set()
    kept: list[bool] = []
    for export_id in wanted:
        ok = keep and export_id > 0 and export_id not in used
        if ok:
            used.add(export_id)
        kept.append(ok)
    next_id = max([site_max, *used]) + 1
    out: list[tuple[int, str]] = []
    for export_id, ok in zip(wanted, kept, strict=True):
        if ok:
            out.append((export_id, ""))
            continue
        if not keep:
            reason = f"the site already has {kind}s"
        else:
            reason = "ID repeated in the file" if export_id > 0 else "no ID in the file"
        out.append((next_id, reason))
        next_id += 1
    return out


def unique_slug(slug: str, is_taken: Callable[[str], bool]) -> str:
    """*slug*, else *slug* ``-2``, ``-3``… whichever is free (WordPress's suffixes)."""
    candidate, number = slug, 2
    while is_taken(candidate):
        suffix = f"-{number}"
        candidate = _clip_slug(slug[: _MAX_SLUG - len(suffix)]) + suffix
        number += 1
    return candidate


def sanitize_user(login: str) -> str:
    """WordPress's ``sanitize_user($login, true)``: exports carry stray ``<``, ``>`` and spaces."""
    login = remove_accents(re.sub(r"<[^>]*>?", "", login))
    login = re.sub(r"%[0-9a-fA-F]{2}|&.+?;|[^a-zA-Z0-9 _.\-@]", "", login)
    return re.sub(r"\s+", " ", login.strip())


def _clip_slug(slug: str) -> str:
    """At most 200 characters, never cutting a ``%xx`` escape in two."""
    if len(slug) <= _MAX_SLUG:
        return slug
    cut = slug[:_MAX_SLUG]
    percent = cut.rfind("%", len(cut) - 2)
    return cut[:percent] if percent != -1 else cut


def _stored_slug(raw: str) -> str:
    """A slug as stored: percent-encoded, lowercase, at most 200 characters."""
    return _clip_slug(encode_slug(raw.strip()).lower())


@dataclass
class _Site:
    """One snapshot of what the site already has, taken before anything is written."""

    registry: Registry
    max_ids: dict[str, int]
    users_by_login: dict[str, int]
    nicenames: set[str]
    terms: dict[tuple[str, str], int]
    #: :meth:`slug_scope` + slug of every post with a slug, of the export's post types.
    post_slugs: set[tuple[str, int, str]]
    options_set: set[str]

    @classmethod
    def load(cls, registry: Registry, document: WXRDocument) -> _Site:
        session = db.session
        max_ids = {
            "posts": session.scalar(select(func.max(Post.id))) or 0,
            "terms": session.scalar(select(func.max(Term.id))) or 0,
            "comments": session.scalar(select(func.max(Comment.id))) or 0,
            "users": session.scalar(select(func.max(User.id))) or 0,
        }
        users = {login: user_id for login, user_id in session.execute(select(User.login, User.id))}
        nicenames = set(session.scalars(select(User.nicename)))
        terms = {
            (taxonomy, slug): term_id
            for taxonomy, slug, term_id in session.execute(
                select(Term.taxonomy, Term.slug, Term.id)
            )
        }
        site = cls(registry, max_ids, users, nicenames, terms, set(), set())
        if max_ids["posts"]:
            types = {item.post_type for item in document.items}
            rows = session.execute(
                select(Post.post_type, Post.parent_id, Post.slug).where(
                    Post.post_type.in_(types), Post.slug != ""
                )
            )
            site.post_slugs = {(*site.slug_scope(t, parent), slug) for t, parent, slug in rows}
        names = ("blogname", "blogdescription")
        site.options_set = set(session.scalars(select(Option.name).where(Option.name.in_(names))))
        return site

    def empty(self, kind: str) -> bool:
        return not self.max_ids[kind]

    def slug_scope(self, post_type: str, parent: int) -> tuple[str, int]:
        """Slugs are unique per post type, and per parent for hierarchical types (pages)."""
        pt = self.registry.post_type(post_type)
        return (post_type, parent if pt is not None and pt.hierarchical else 0)


class _Plan:
    """Every row of one import, with its final ID, ready for bulk inserts."""

    def __init__(
        self, document: WXRDocument, registry: Registry, site: _Site, now: datetime, tz: tzinfo
    ) -> None:
        self.doc = document
        self.registry = registry
        # WordPress's unfiltered_html: off unless the site's config turns it on.
        self.unfiltered_html = bool(
            has_app_context() and current_app.config.get("UNFILTERED_HTML", False)
        )
        self.site = site
        self.now = now
        self.tz = tz
        self.report = ImportReport(path=document.path)
        self.rows: dict[type, list[dict[str, Any]]] = {
            model: [] for model in (User, Term, Post, PostMeta, TermRelationship, Comment)
        }
        self.rows[CommentMeta] = []
        #: Export author ID → user ID, for ``wp:comment_user_id``.
        self.user_by_export_id: dict[int, int] = {}
        #: ``(taxonomy, export term ID)`` → term ID, for menu items.
        self.term_by_export_id: dict[tuple[str, int], int] = {}
        #: The items to import, each with its site ID.
        self.items: list[tuple[WXRItem, int]] = []
        #: ``(menu slug, export ID)`` → post ID: menus of one export may repeat item IDs.
        self.menu_item_ids: dict[tuple[str, int], int] = {}

    def build(self) -> None:
        """Plan users, terms, posts (with meta and terms) and comments, in that order."""
        self._plan_users()
        self._plan_terms()
        self._assign_post_ids(self._importable_items())
        self._drop_menu_items_without_object()
        self._plan_posts()
        self._plan_comments()

    def _remapped(self, kind: str, old: int, new: int, reason: str) -> None:
        if old and reason:
            self.report.remapped.append(RemappedId(kind, old, new, reason))

    def _plan_users(self) -> None:
        keep = self.report.ids_kept["users"] = self.site.empty("users")
        authors: dict[str, WXRAuthor] = {}
        for author in self.doc.authors:
            login = sanitize_user(author.login)
            if login:
                authors.setdefault(login, replace(author, login=login))
        for item in self.doc.items:
            login = sanitize_user(item.creator)
            if login and login not in authors:
                authors[login] = WXRAuthor(login=login)
                self.report.warnings.append(
                    f"{login!r}, author of item {item.post_id}, is not among the export's "
                    "authors; a user was made for that login."
                )
        new: list[WXRAuthor] = []
        for login, author in authors.items():
            existing = self.site.users_by_login.get(login)
            if existing is None:
                new.append(author)
                continue
            self.report.existing_users += 1
            self.report.user_ids[login] = existing
            if author.author_id:
                self.user_by_export_id[author.author_id] = existing
        export_ids = [a.author_id or 0 for a in new]
        by_export_id = all(export_ids) and len(set(export_ids)) == len(export_ids)
        wanted = export_ids if by_export_id else list(range(1, len(new) + 1))
        ids = allocate_ids(wanted, keep=keep, site_max=self.site.max_ids["users"], kind="user")
        for index, (author, (user_id, reason)) in enumerate(zip(new, ids, strict=True)):
            nicename = sanitize_title(author.login)[:50] or str(user_id)
            nicename = unique_slug(nicename, self.site.nicenames.__contains__)[:50]
            self.site.nicenames.add(nicename)
            self.rows[User].append(
                {
                    "id": user_id,
                    "login": author.login[:60],
                    "nicename": nicename,
                    "display_name": author.display_name or author.login,
                    "first_name": author.first_name,
                    "last_name": author.last_name,
                    "email": author.email[:100],
                    "registered": self.now,
                    "role": "administrator" if keep and index == 0 else "author",
                    "bio": author.description,
                }
            )
            self.report.user_ids[author.login] = user_id
            if author.author_id:
                self.user_by_export_id[author.author_id] = user_id
                if author.author_id != user_id:
                    self._remapped("user", author.author_id, user_id, reason or "author order")
        self.report.users = len(new)

    def _declared_terms(self) -> list[WXRTerm]:
        """The export's terms, then those its items use without declaring (post formats)."""
        terms = list(self.doc.terms)
        known = {(t.taxonomy, _stored_slug(t.slug)) for t in terms}
        for item in self.doc.items:
            for used in item.terms:
                key = (used.taxonomy, _stored_slug(used.slug))
                if key not in known:
                    known.add(key)
                    terms.append(WXRTerm(used.taxonomy, used.slug, used.name or used.slug))
        return terms

    def _plan_terms(self) -> None:
        keep = self.report.ids_kept["terms"] = self.site.empty("terms")
        new: list[tuple[WXRTerm, str]] = []
        planned: set[tuple[str, str]] = set()
        for term in self._declared_terms():
            slug = _stored_slug(term.slug) or _clip_slug(sanitize_title(term.name))
            key = (term.taxonomy, slug)
            self.report.skipped_meta += len(term.meta)
            if not term.taxonomy or not slug:
                missing = "taxonomy" if not term.taxonomy else "slug"
                self.report.warnings.append(f"term {term.name!r} has no {missing}; skipped.")
            elif key in planned or key in self.report.term_ids:
                self.report.warnings.append(
                    f"term {term.taxonomy}:{slug} is declared twice; the first was kept."
                )
            elif key in self.site.terms:
                self.report.existing_terms += 1
                self.report.term_ids[key] = self.site.terms[key]
            else:
                planned.add(key)
                new.append((term, slug))
            if term.taxonomy and self.registry.taxonomy(term.taxonomy) is None:
                if term.taxonomy not in self.report.unknown_taxonomies:
                    self.report.unknown_taxonomies.append(term.taxonomy)
        ids = allocate_ids(
            [term.term_id for term, _ in new],
            keep=keep,
            site_max=self.site.max_ids["terms"],
            kind="term",
        )
        for (term, slug), (term_id, reason) in zip(new, ids, strict=True):
            self.report.term_ids[(term.taxonomy, slug)] = term_id
            self.report.terms[term.taxonomy] += 1
            self._remapped("term", term.term_id, term_id, reason)
        for term in self.doc.terms:
            key = (term.taxonomy, _stored_slug(term.slug))
            if term.term_id and key in self.report.term_ids:
                self.term_by_export_id.setdefault(
                    (term.taxonomy, term.term_id), self.report.term_ids[key]
                )
        for term, slug in new:
            term_id = self.report.term_ids[(term.taxonomy, slug)]
            parent = 0
            if term.parent_slug:
                parent = self.report.term_ids.get(
                    (term.taxonomy, _stored_slug(term.parent_slug)), 0
                )
                if parent in (0, term_id):
                    parent = 0
                    self.report.warnings.append(
                        f"term {term.taxonomy}:{slug}: its parent {term.parent_slug!r} is "
                        "neither in the export nor on the site; imported without a parent."
                    )
            self.rows[Term].append(
                {
                    "id": term_id,
                    "taxonomy": term.taxonomy,
                    "slug": slug,
                    "name": term.name[:200] or slug,
                    "description": term.description,
                    "parent_id": parent,
                }
            )

    def _importable_items(self) -> list[WXRItem]:
        items = []
        for item in self.doc.items:
            if not item.post_type:
                self._skip(item, f"no wp:post_type (line {item.line})")
            elif self.registry.post_type(item.post_type) is None:
                self._skip(
                    item,
                    f"unknown post type {item.post_type!r}; declare it in config.toml "
                    f"[post_types.{item.post_type}] and import again",
                )
            elif item.status == "auto-draft":
                self._skip(item, "an auto-draft (WordPress does not import those)")
            else:
                items.append(item)
        return items

    def _skip(self, item: WXRItem, reason: str) -> None:
        self.report.skipped.append(SkippedItem(item.post_id, item.post_type, item.title, reason))

    def _assign_post_ids(self, items: list[WXRItem]) -> None:
        keep = self.report.ids_kept["posts"] = self.site.empty("posts")
        ids = allocate_ids(
            [item.post_id for item in items],
            keep=keep,
            site_max=self.site.max_ids["posts"],
            kind="post",
        )
        for item, (post_id, reason) in zip(items, ids, strict=True):
            self.items.append((item, post_id))
            self._remapped("post", item.post_id, post_id, reason and f"{item.post_type}; {reason}")
            if item.post_id:
                self.report.post_ids.setdefault(item.post_id, post_id)
                if item.post_type == "nav_menu_item":
                    self.menu_item_ids[(_menu_of(item), item.post_id)] = post_id

    def _post_ref(self, export_id: int, menu: str | None = None) -> int | None:
        """The site ID of the export's post *export_id*, preferring an item of *menu*."""
        if menu is not None and (menu, export_id) in self.menu_item_ids:
            return self.menu_item_ids[(menu, export_id)]
        return self.report.post_ids.get(export_id)

    def _drop_menu_items_without_object(self) -> None:
        """Skip menu items whose post or term is not in the export, as WordPress does."""
        kept = []
        for item, post_id in self.items:
            problem = self._menu_item_problem(item) if item.post_type == "nav_menu_item" else ""
            if not problem:
                kept.append((item, post_id))
                continue
            self._skip(item, problem)
            if self.report.post_ids.get(item.post_id) == post_id:
                del self.report.post_ids[item.post_id]
            self.menu_item_ids.pop((_menu_of(item), item.post_id), None)
        self.items = kept

    def _menu_item_problem(self, item: WXRItem) -> str:
        meta = dict(item.meta)
        kind = meta.get("_menu_item_type", "")
        object_id = _int(meta.get("_menu_item_object_id", ""))
        obj = meta.get("_menu_item_object", "")
        if kind == "post_type" and self._post_ref(object_id) is None:
            return f"the menu item's {obj or 'post'} {object_id} is not in the export"
        if kind == "taxonomy" and (obj, object_id) not in self.term_by_export_id:
            return f"the menu item's term {obj}:{object_id} is not in the export"
        return ""

    def clean(self, html: str, policy: Policy) -> str:
        """Content is sanitized when written (unless the site allows unfiltered HTML)."""
        if not html or (policy is AUTHOR and self.unfiltered_html):
            return html
        return sanitize(html, policy)

    def _plan_posts(self) -> None:
        taken = self.site.post_slugs
        for item, post_id in self.items:
            status = self._status(item)
            parent = (self._post_ref(item.post_parent) or 0) if item.post_parent else 0
            slug = _stored_slug(item.slug)
            if not slug and status not in _NO_SLUG_STATUSES:
                slug = _clip_slug(sanitize_title(item.title)) or str(post_id)
            if slug and status not in _NO_SLUG_STATUSES and item.post_type != "nav_menu_item":
                scope = self.site.slug_scope(item.post_type, parent)
                slug = unique_slug(slug, lambda s: (*scope, s) in taken)  # noqa: B023
                taken.add((*scope, slug))
            date, date_gmt = (item.post_date, item.post_date_gmt)
            if date is None or date_gmt is None:
                date, date_gmt = gmt_to_local(self.now, self.tz), self.now
            guid = item.guid or (item.attachment_url if item.post_type == "attachment" else "")
            self.rows[Post].append(
                {
                    "id": post_id,
                    "post_type": item.post_type,
                    "status": status,
                    "slug": slug,
                    "title": item.title,
                    "content": self.clean(item.content, AUTHOR),
                    "excerpt": self.clean(item.excerpt, AUTHOR),
                    "parent_id": parent,
                    "menu_order": item.menu_order,
                    "password": item.post_password[:255],
                    "comment_status": item.comment_status or "open",
                    "ping_status": item.ping_status or "open",
                    "author_id": self.report.user_ids.get(sanitize_user(item.creator)),
                    "date": date,
                    "date_gmt": date_gmt,
                    "modified": date,
                    "modified_gmt": date_gmt,
                    "guid": guid[:255],
                    "mime_type": item.mime_type(),
                }
            )
            self.rows[PostMeta] += self._post_meta(item, post_id)
            self.report.items[f"{item.post_type}/{status}"] += 1
            if item.is_sticky:
                self.report.sticky.append(post_id)
            term_ids = {
                self.report.term_ids.get((t.taxonomy, _stored_slug(t.slug))) for t in item.terms
            }
            self.rows[TermRelationship] += [
                {"post_id": post_id, "term_id": term_id}
                for term_id in sorted(t for t in term_ids if t)
            ]

    def _status(self, item: WXRItem) -> str:
        """WordPress's status, ``publish`` and ``future`` settled against *now*."""
        status = item.status or ("inherit" if item.post_type == "attachment" else "draft")
        if status not in POST_STATUSES:
            self.report.warnings.append(
                f"{item.post_type} {item.post_id}: unknown status {status!r}; imported as draft."
            )
            status = "draft"
        if item.post_type != "attachment" and item.post_date_gmt is not None:
            if status == "publish" and item.post_date_gmt > self.now:
                status = "future"
            elif status == "future" and item.post_date_gmt <= self.now:
                status = "publish"
        return status

    def _post_meta(self, item: WXRItem, post_id: int) -> list[dict[str, Any]]:
        """The item's meta rows, with references to posts and terms remapped."""
        menu = _menu_of(item) if item.post_type == "nav_menu_item" else None
        kind = dict(item.meta).get("_menu_item_type", "")
        taxonomy = dict(item.meta).get("_menu_item_object", "")
        rows = []
        for key, value in item.meta:
            if not key or key in _SKIPPED_META:
                self.report.skipped_meta += 1
                continue
            target: int | None = None
            if key == "_thumbnail_id" and value.strip():
                target = self._post_ref(_int(value))
                if target is None and not self.report.ids_kept["posts"]:
                    self.report.warnings.append(
                        f"{item.post_type} {item.post_id}: its featured image {value} is not "
                        "in the export; the reference was dropped."
                    )
                    continue
            elif menu is not None and key == "_menu_item_object_id" and kind == "post_type":
                target = self._post_ref(_int(value))
            elif menu is not None and key == "_menu_item_object_id" and kind == "taxonomy":
                target = self.term_by_export_id.get((taxonomy, _int(value)))
            elif menu is not None and key == "_menu_item_menu_item_parent" and _int(value):
                target = self._post_ref(_int(value), menu) or 0
            rows.append(
                {
                    "post_id": post_id,
                    "key": key[:255],
                    "value": value if target is None else str(target),
                }
            )
        if item.post_type == "attachment" and "_wp_attached_file" not in dict(item.meta):
            attached = item.attached_file()
            if attached:
                rows.append({"post_id": post_id, "key": "_wp_attached_file", "value": attached})
        return rows

    def _plan_comments(self) -> None:
        keep = self.report.ids_kept["comments"] = self.site.empty("comments")
        comments = [(c, post_id) for item, post_id in self.items for c in item.comments]
        ids = allocate_ids(
            [c.comment_id for c, _ in comments],
            keep=keep,
            site_max=self.site.max_ids["comments"],
            kind="comment",
        )
        for (comment, _), (comment_id, reason) in zip(comments, ids, strict=True):
            if comment.comment_id:
                self.report.comment_ids.setdefault(comment.comment_id, comment_id)
            self._remapped("comment", comment.comment_id, comment_id, reason)
        approved: Counter[int] = Counter()
        for (comment, post_id), (comment_id, _) in zip(comments, ids, strict=True):
            status = COMMENT_STATUS_MAP.get(comment.approved.strip().lower(), "pending")
            date, date_gmt = comment.date, comment.date_gmt
            if date is None and date_gmt is not None:
                date = gmt_to_local(date_gmt, self.tz)
            if date_gmt is None and date is not None:
                date_gmt = local_to_gmt(date, self.tz)
            self.rows[Comment].append(
                {
                    "id": comment_id,
                    "post_id": post_id,
                    "parent_id": self.report.comment_ids.get(comment.parent, 0),
                    "author_name": comment.author[:250],
                    "author_email": comment.author_email[:100],
                    "author_url": comment.author_url[:200],
                    "author_ip": comment.author_ip[:100],
                    "date": date or self.now,
                    "date_gmt": date_gmt or self.now,
                    "content": self.clean(comment.content, COMMENT),
                    "status": status,
                    "type": comment.type or "comment",
                    "user_id": self.user_by_export_id.get(comment.user_id, 0),
                }
            )
            self.rows[CommentMeta] += [
                {"comment_id": comment_id, "key": key[:255], "value": value}
                for key, value in comment.meta
                if key
            ]
            self.report.comments[status] += 1
            if status == "approved":
                approved[post_id] += 1
        for row in self.rows[Post]:
            row["comment_count"] = approved[row["id"]]

    def write(self) -> None:
        """Insert every planned row, recount terms and set options; the caller commits."""
        for model, rows in self.rows.items():
            if rows:
                db.session.execute(insert(model), rows)
        self._update_term_counts()
        self._update_options()

    def _update_term_counts(self) -> None:
        """Recount the taxonomies the export touched, like WordPress's ``_update_post_term_count``."""
        terms = cast(Table, Term.__table__)
        relationships = cast(Table, TermRelationship.__table__)
        posts = cast(Table, Post.__table__)
        for taxonomy in sorted({tax for tax, _ in self.report.term_ids}):
            counted = (
                select(func.count())
                .select_from(relationships.join(posts, posts.c.id == relationships.c.post_id))
                .where(relationships.c.term_id == terms.c.id)
            )
            # A menu counts all its items (WordPress's _update_generic_term_count).
            if taxonomy != "nav_menu":
                counted = counted.where(posts.c.status == "publish")
                tax = self.registry.taxonomy(taxonomy)
                if tax is not None:
                    counted = counted.where(posts.c.post_type.in_(tax.object_type))
            db.session.execute(
                update(terms)
                .where(terms.c.taxonomy == taxonomy)
                .values(count=counted.scalar_subquery())
            )

    def _update_options(self) -> None:
        if self.report.sticky:
            current = [int(v) for v in get_option("sticky_posts") or []]
            value = update_option("sticky_posts", [*current, *self.report.sticky], commit=False)
            self.report.options["sticky_posts"] = value
        channel = self.doc.channel
        for name, value in (("blogname", channel.title), ("blogdescription", channel.description)):
            if value and name not in self.site.options_set:
                self.report.options[name] = update_option(name, value, commit=False)


def _menu_of(item: WXRItem) -> str:
    """The slug of the menu a nav_menu_item belongs to ('' when none)."""
    for term in item.terms:
        if term.taxonomy == "nav_menu":
            return _stored_slug(term.slug)
    return ""


def _int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        return 0
