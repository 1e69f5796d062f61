"""One import's plan: every row with its final ID, then written in batches.

:class:`Plan` works in two stages. :meth:`Plan.build` takes the export read without its long
texts and the site's snapshot, and decides every row: which items are already there, which
IDs the others get, every reference remapped. :meth:`Plan.write` then takes the items again,
in full and in the same order, and inserts them a batch at a time, so memory holds one batch
of texts, never the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, update

from ..models import Comment, CommentMeta, Post, PostMeta, Term, TermRelationship, User, db
from ..models.content import POST_STATUSES
from ..options import get_option, update_option
from ..slugs import sanitize_title
from ..types import Registry
from .existing import SiteSnapshot, menu_signature
from .identity import allocate_ids, clip_slug, sanitize_user, stored_slug, unique_slug
from .reader import WXRAuthor, WXRDocument, WXRError, WXRItem, WXRTerm, gmt_to_local, local_to_gmt
from .report import ImportReport, RemappedId, SkippedItem
from .sequences import advance_sequences

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
#: The role of a new imported user unless the caller names another: WordPress's author,
#: whose HTML is filtered when shown.
DEFAULT_AUTHOR_ROLE = "author"
#: Rows written per batch, and text characters per batch, in the second reading.
_BATCH_ROWS = 500
_BATCH_CHARS = 4_000_000


@dataclass
class Entry:
    """One item of the file that is imported, or found already there."""

    #: Position among the file's items: the second reading finds it by that.
    index: int
    #: The item as read the first time (without its long texts).
    item: WXRItem
    post_id: int
    existing: bool = False
    #: The post's row, without its texts (``None`` when the post is already there).
    row: dict[str, Any] | None = None
    #: One row per comment of the item, ``None`` for a comment already there.
    comment_rows: list[dict[str, Any] | None] = field(default_factory=list)


class Plan:
    """Every row of one import, with its final ID, ready for bulk inserts."""

    def __init__(
        self,
        document: WXRDocument,
        registry: Registry,
        site: SiteSnapshot,
        now: datetime,
        tz: tzinfo,
        author_role: str = DEFAULT_AUTHOR_ROLE,
        roles: Mapping[str, str] | None = None,
    ) -> None:
        self.doc = document
        self.registry = registry
        self.site = site
        self.now = now
        self.tz = tz
        self.author_role = author_role
        self.roles = dict(roles or {})
        self.report = ImportReport(path=document.path)
        self.users: list[dict[str, Any]] = []
        self.terms: list[dict[str, Any]] = []
        #: Export author ID → user ID, for ``wp:comment_user_id``.
        self.user_by_export_id: dict[int, int] = {}
        #: ``(taxonomy, export term ID)`` → term ID, for menu items.
        self.term_by_export_id: dict[tuple[str, int], int] = {}
        #: The items to import (or already there), in file order.
        self.entries: list[Entry] = []
        #: ``(menu slug, export ID)`` → post ID: menus of one export may repeat item IDs.
        self.menu_item_ids: dict[tuple[str, int], int] = {}
        #: Posts already there that get new approved comments (recounted after writing).
        self.recount: set[int] = set()

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
        roles = {sanitize_user(login): role for login, role in self.roles.items()}
        for login in roles:
            if login not in authors:
                self.report.warnings.append(
                    f"a role was given to {login!r}, who is not an author of the export."
                )
        new: list[WXRAuthor] = []
        for login, author in authors.items():
            existing = self.site.users_by_login.get(login)
            if existing is None:
                new.append(author)
                continue
            if login in roles:
                self.report.warnings.append(
                    f"{login!r} is already a user of the site and keeps its role; "
                    "the role given for it was not applied."
                )
            self.report.existing_users += 1
            self.report.user_ids[login] = existing
            if author.author_id:
                self.user_by_export_id[author.author_id] = existing
        export_ids = [a.author_id or 0 for a in new]
        by_export_id = all(export_ids) and len(set(export_ids)) == len(export_ids)
        wanted = export_ids if by_export_id else list(range(1, len(new) + 1))
        ids = allocate_ids(wanted, keep=keep, site_max=self.site.max_ids["users"], kind="user")
        for author, (user_id, reason) in zip(new, ids, strict=True):
            nicename = sanitize_title(author.login)[:50] or str(user_id)
            nicename = unique_slug(nicename, self.site.nicenames.__contains__)[:50]
            self.site.nicenames.add(nicename)
            role = roles.get(author.login, self.author_role)
            self.users.append(
                {
                    "id": user_id,
                    "login": author.login[:60],
                    "nicename": nicename,
                    "display_name": author.display_name or author.login,
                    "first_name": author.first_name,
                    "last_name": author.last_name,
                    "email": author.email[:100],
                    "registered": self.now,
                    "role": role,
                    "bio": author.description,
                }
            )
            self.report.roles[author.login] = role
            self.report.user_ids[author.login] = user_id
            if author.author_id:
                self.user_by_export_id[author.author_id] = user_id
                if author.author_id != user_id:
                    self._remapped("user", author.author_id, user_id, reason or "author order")
        self.report.users = len(new)

    def _declared_terms(self) -> list[WXRTerm]:
        """The export's terms, then those its items use without declaring (post formats)."""
        terms = list(self.doc.terms)
        known = {(t.taxonomy, stored_slug(t.slug)) for t in terms}
        for item in self.doc.items:
            for used in item.terms:
                key = (used.taxonomy, stored_slug(used.slug))
                if key not in known:
                    known.add(key)
                    terms.append(WXRTerm(used.taxonomy, used.slug, used.name or used.slug))
        return terms

    def _plan_terms(self) -> None:
        keep = self.report.ids_kept["terms"] = self.site.empty("terms")
        new: list[tuple[WXRTerm, str]] = []
        planned: set[tuple[str, str]] = set()
        for term in self._declared_terms():
            slug = stored_slug(term.slug) or clip_slug(sanitize_title(term.name))
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
            key = (term.taxonomy, stored_slug(term.slug))
            if term.term_id and key in self.report.term_ids:
                self.term_by_export_id.setdefault(
                    (term.taxonomy, term.term_id), self.report.term_ids[key]
                )
        for term, slug in new:
            term_id = self.report.term_ids[(term.taxonomy, slug)]
            parent = 0
            if term.parent_slug:
                parent = self.report.term_ids.get((term.taxonomy, stored_slug(term.parent_slug)), 0)
                if parent in (0, term_id):
                    parent = 0
                    self.report.warnings.append(
                        f"term {term.taxonomy}:{slug}: its parent {term.parent_slug!r} is "
                        "neither in the export nor on the site; imported without a parent."
                    )
            self.terms.append(
                {
                    "id": term_id,
                    "taxonomy": term.taxonomy,
                    "slug": slug,
                    "name": term.name[:200] or slug,
                    "description": term.description,
                    "parent_id": parent,
                }
            )

    def _importable_items(self) -> list[tuple[int, WXRItem]]:
        """The items WordPress's importer would write, with their place in the file."""
        items = []
        #: Export IDs of the posts (not menu items) met so far (WordPress's processed_posts).
        seen: set[int] = set()
        for index, item in enumerate(self.doc.items):
            if not item.post_type:
                self._skip(
                    item,
                    f"no wp:post_type (line {item.line}); WordPress's importer refuses such "
                    "items too. Add <wp:post_type>post</wp:post_type> (or page…) and import again",
                )
            elif self.registry.post_type(item.post_type) is None:
                self._skip(
                    item,
                    f"unknown post type {item.post_type!r}; declare it in config.toml "
                    f"[post_types.{item.post_type}] and import again",
                )
            elif item.post_id and item.post_id in seen:
                self._skip(
                    item,
                    f"its ID {item.post_id} is taken by an earlier item of the file (this "
                    f"one is at line {item.line}); like WordPress, only the first is imported",
                )
            elif item.status == "auto-draft":
                self._skip(item, "an auto-draft (WordPress does not import those)")
            else:
                items.append((index, item))
                if item.post_type != "nav_menu_item" and item.post_id:
                    seen.add(item.post_id)
        return items

    def _skip(self, item: WXRItem, reason: str) -> None:
        self.report.skipped.append(SkippedItem(item.post_id, item.post_type, item.title, reason))

    def _assign_post_ids(self, items: list[tuple[int, WXRItem]]) -> None:
        """Find the items already there, then give the others their IDs, in file order.

        Posts first, menu items after: a menu item is matched by what it points at.
        """
        existing = self.site.existing
        new: list[tuple[int, WXRItem]] = []
        menu_items = []
        #: Items that are an earlier new item of the file, with that item's place in *new*.
        repeats: list[tuple[WXRItem, int]] = []
        for index, item in items:
            if item.post_type == "nav_menu_item":
                menu_items.append((index, item))
                continue
            guid = item.guid or (item.attachment_url if item.post_type == "attachment" else "")
            found = existing.post(item.post_type, item.title, item.post_date, item.post_id, guid)
            if found is None:
                new.append((index, item))
                # A later item of the file with the same type, title and date is this one
                # (WordPress's post_exists() finds the post it has just written).
                existing.add_post(-len(new), item.post_type, item.title, item.post_date)
            elif found < 0:
                first = new[-found - 1][1]
                self._skip(
                    item,
                    f"same type, title and date as item {first.post_id} of the file; "
                    "like WordPress, the first one is imported",
                )
                repeats.append((item, -found - 1))
            else:
                self._already_there(index, item, found)
        for index, item in menu_items:
            found = existing.menu_item(self._menu_signature(item))
            if found is None:
                new.append((index, item))
            else:
                self._already_there(index, item, found)
        ids = allocate_ids(
            [item.post_id for _, item in new],
            keep=True,
            site_max=self.site.max_ids["posts"],
            kind="post",
            taken=self.site.post_ids,
        )
        entries = [
            Entry(index, item, post_id)
            for (index, item), (post_id, _) in zip(new, ids, strict=True)
        ]
        for entry, (_, reason) in zip(entries, ids, strict=True):
            item = entry.item
            self._remapped(
                "post", item.post_id, entry.post_id, reason and f"{item.post_type}; {reason}"
            )
            self._map_post(item, entry.post_id)
        for item, place in repeats:
            self._map_post(item, entries[place].post_id)
        clash = any(item.post_id in self.site.post_ids for _, item in new)
        self.report.ids_kept["posts"] = not clash
        self.entries += entries
        self.entries.sort(key=lambda entry: entry.index)

    def _already_there(self, index: int, item: WXRItem, post_id: int) -> None:
        self.entries.append(Entry(index, item, post_id, existing=True))
        self.report.existing_items[item.post_type] += 1
        self._map_post(item, post_id)

    def _map_post(self, item: WXRItem, post_id: int) -> None:
        if item.post_id:
            self.report.post_ids.setdefault(item.post_id, post_id)
            if item.post_type == "nav_menu_item":
                self.menu_item_ids[(_menu_of(item), item.post_id)] = post_id

    def _menu_signature(self, item: WXRItem) -> tuple[int, int, str, str, int, str, str]:
        meta = dict(item.meta)
        object_id = _int(meta.get("_menu_item_object_id", ""))
        kind = meta.get("_menu_item_type", "")
        target: int | None = None
        if kind == "post_type":
            target = self._post_ref(object_id)
        elif kind == "taxonomy":
            target = self.term_by_export_id.get((meta.get("_menu_item_object", ""), object_id))
        menu = self.report.term_ids.get(("nav_menu", _menu_of(item)), 0)
        return menu_signature(menu, item.menu_order, meta, target or 0, item.title)

    def _post_ref(self, export_id: int, menu: str | None = None) -> int | None:
        """The site ID of the export's post *export_id*, preferring an item of *menu*."""
        if menu is not None and (menu, export_id) in self.menu_item_ids:
            return self.menu_item_ids[(menu, export_id)]
        return self.report.post_ids.get(export_id)

    def _drop_menu_items_without_object(self) -> None:
        """Skip menu items whose post or term is not in the export, as WordPress does."""
        kept = []
        for entry in self.entries:
            item = entry.item
            problem = ""
            if item.post_type == "nav_menu_item" and not entry.existing:
                problem = self._menu_item_problem(item)
            if not problem:
                kept.append(entry)
                continue
            self._skip(item, problem)
            if self.report.post_ids.get(item.post_id) == entry.post_id:
                del self.report.post_ids[item.post_id]
            self.menu_item_ids.pop((_menu_of(item), item.post_id), None)
        self.entries = kept

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

    def _plan_posts(self) -> None:
        taken = self.site.post_slugs
        for entry in self.entries:
            if entry.existing:
                continue
            item, post_id = entry.item, entry.post_id
            status = self._status(item)
            parent = (self._post_ref(item.post_parent) or 0) if item.post_parent else 0
            slug = stored_slug(item.slug)
            if not slug and status not in _NO_SLUG_STATUSES:
                slug = clip_slug(sanitize_title(item.title)) or str(post_id)
            if slug and status not in _NO_SLUG_STATUSES and item.post_type != "nav_menu_item":
                scope = self.site.slug_scope(item.post_type, parent)
                slug = unique_slug(slug, lambda s: (*scope, s) in taken)  # noqa: B023
                taken.add((*scope, slug))
            date, date_gmt = (item.post_date, item.post_date_gmt)
            if date is None or date_gmt is None:
                date, date_gmt = gmt_to_local(self.now, self.tz), self.now
            guid = item.guid or (item.attachment_url if item.post_type == "attachment" else "")
            entry.row = {
                "id": post_id,
                "post_type": item.post_type,
                "status": status,
                "slug": slug,
                "title": item.title,
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
                "comment_count": 0,
            }
            self.report.items[f"{item.post_type}/{status}"] += 1
            if item.is_sticky:
                self.report.sticky.append(post_id)

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
                # An ID that is not in the export would point at an unrelated post.
                if target is None and _int(value) in self.site.post_ids:
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

    def _term_relationships(self, item: WXRItem, post_id: int) -> list[dict[str, Any]]:
        term_ids = {self.report.term_ids.get((t.taxonomy, stored_slug(t.slug))) for t in item.terms}
        return [
            {"post_id": post_id, "term_id": term_id} for term_id in sorted(t for t in term_ids if t)
        ]

    def _plan_comments(self) -> None:
        """Comment rows (without their texts); a comment of a post already there is skipped
        when the site has one by the same author at the same date (WordPress's rule)."""
        keep = self.report.ids_kept["comments"] = self.site.empty("comments")
        existing = self.site.existing
        new: list[tuple[Entry, int]] = []
        for entry in self.entries:
            entry.comment_rows = [None] * len(entry.item.comments)
            for position, comment in enumerate(entry.item.comments):
                found = existing.comment(comment.author, comment.date) if entry.existing else None
                if found is None:
                    new.append((entry, position))
                    continue
                self.report.existing_comments += 1
                if comment.comment_id:
                    self.report.comment_ids.setdefault(comment.comment_id, found)
        ids = allocate_ids(
            [entry.item.comments[position].comment_id for entry, position in new],
            keep=keep,
            site_max=self.site.max_ids["comments"],
            kind="comment",
        )
        for (entry, position), (comment_id, reason) in zip(new, ids, strict=True):
            comment = entry.item.comments[position]
            if comment.comment_id:
                self.report.comment_ids.setdefault(comment.comment_id, comment_id)
            self._remapped("comment", comment.comment_id, comment_id, reason)
        for (entry, position), (comment_id, _) in zip(new, ids, strict=True):
            comment = entry.item.comments[position]
            status = COMMENT_STATUS_MAP.get(comment.approved.strip().lower(), "pending")
            date, date_gmt = comment.date, comment.date_gmt
            if date is None and date_gmt is not None:
                date = gmt_to_local(date_gmt, self.tz)
            if date_gmt is None and date is not None:
                date_gmt = local_to_gmt(date, self.tz)
            entry.comment_rows[position] = {
                "id": comment_id,
                "post_id": entry.post_id,
                "parent_id": self.report.comment_ids.get(comment.parent, 0),
                "author_name": comment.author[:250],
                "author_email": comment.author_email[:100],
                "author_url": comment.author_url[:200],
                "author_ip": comment.author_ip[:100],
                "date": date or self.now,
                "date_gmt": date_gmt or self.now,
                "status": status,
                "type": comment.type or "comment",
                "user_id": self.user_by_export_id.get(comment.user_id, 0),
            }
            if entry.existing:
                existing.add_comment(comment.author, comment.date, comment_id)
            self.report.comments[status] += 1
            if status == "approved":
                if entry.row is not None:
                    entry.row["comment_count"] += 1
                else:
                    self.recount.add(entry.post_id)

    def write(self, items: Iterable[WXRItem]) -> None:
        """Insert every planned row, taking each item's texts from *items* (the file read
        again, in the same order); recount terms and set options. The caller commits."""
        for model, rows in ((User, self.users), (Term, self.terms)):
            if rows:
                db.session.execute(insert(model), rows)
        batch = _Batch()
        entries = iter(self.entries)
        entry = next(entries, None)
        count = 0
        for index, item in enumerate(items):
            count += 1
            if entry is None or entry.index != index:
                continue
            if item.post_id != entry.item.post_id or item.line != entry.item.line:
                raise self._changed()
            self._add_to_batch(batch, entry, item)
            entry = next(entries, None)
            if batch.full():
                batch.flush()
        if entry is not None or count != len(self.doc.items):
            raise self._changed()
        batch.flush()
        self._recount_comments()
        self._update_term_counts()
        self._update_options()
        self.report.sequences = advance_sequences(db.session)

    def _changed(self) -> WXRError:
        return WXRError(
            f"{self.doc.path}: the file changed while it was being imported, so nothing was "
            "written. Import it again once it is complete."
        )

    def _add_to_batch(self, batch: _Batch, entry: Entry, item: WXRItem) -> None:
        """Add one item's rows, with the texts of *item* (the same item read in full)."""
        if entry.row is not None:
            row = {**entry.row, "content": item.content, "excerpt": item.excerpt}
            batch.add(Post, row, len(item.content) + len(item.excerpt))
            for meta in self._post_meta(item, entry.post_id):
                batch.add(PostMeta, meta, len(meta["value"]))
            for relationship in self._term_relationships(item, entry.post_id):
                batch.add(TermRelationship, relationship)
        for comment, planned in zip(item.comments, entry.comment_rows, strict=True):
            if planned is None:
                continue
            batch.add(Comment, {**planned, "content": comment.content}, len(comment.content))
            for key, value in comment.meta:
                if key:
                    meta = {"comment_id": planned["id"], "key": key[:255], "value": value}
                    batch.add(CommentMeta, meta, len(value))

    def _recount_comments(self) -> None:
        """Approved comments of the posts already there that gained some."""
        if not self.recount:
            return
        comments = cast(Table, Comment.__table__)
        posts = cast(Table, Post.__table__)
        counted = (
            select(func.count())
            .select_from(comments)
            .where(comments.c.post_id == posts.c.id, comments.c.status == "approved")
        )
        db.session.execute(
            update(posts)
            .where(posts.c.id.in_(sorted(self.recount)))
            .values(comment_count=counted.scalar_subquery())
        )

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
            added = [post_id for post_id in self.report.sticky if post_id not in current]
            if added:
                value = update_option("sticky_posts", [*current, *added], commit=False)
                self.report.options["sticky_posts"] = value
        channel = self.doc.channel
        for name, value in (("blogname", channel.title), ("blogdescription", channel.description)):
            if value and name not in self.site.options_set:
                self.report.options[name] = update_option(name, value, commit=False)


class _Batch:
    """Rows waiting to be inserted, by table; flushed parents first."""

    _ORDER = (Post, PostMeta, TermRelationship, Comment, CommentMeta)

    def __init__(self) -> None:
        self.rows: dict[type, list[dict[str, Any]]] = {model: [] for model in self._ORDER}
        self.count = 0
        self.chars = 0

    def add(self, model: type, row: dict[str, Any], chars: int = 0) -> None:
        self.rows[model].append(row)
        self.count += 1
        self.chars += chars

    def full(self) -> bool:
        return self.count >= _BATCH_ROWS or self.chars >= _BATCH_CHARS

    def flush(self) -> None:
        for model in self._ORDER:
            if self.rows[model]:
                db.session.execute(insert(model), self.rows[model])
                self.rows[model] = []
        self.count = self.chars = 0


def _menu_of(item: WXRItem) -> str:
    """The slug of the menu a nav_menu_item belongs to ('' when none)."""
    for term in item.terms:
        if term.taxonomy == "nav_menu":
            return stored_slug(term.slug)
    return ""


def _int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        return 0
