"""What the site already has, so that importing a file again creates nothing twice.

The rules are WordPress's importer's, with two additions where it doubles rows:

- a post already exists when the site has one of the same type, title and local date
  (``post_exists()``; an untitled item matches any post of its type at that date, as there);
  or, when the export's IDs were kept by an earlier import, when the post with the item's ID
  has its type and GUID;
- a comment of a post that already exists is there when a comment has the same author and
  local date (``comment_exists()``); comments of a new post are always new;
- a menu item is there when its menu already has an item with the same position, kind,
  target, URL and title (WordPress's importer appends menu items again);
- a post that is already there gets no meta, terms or sticky flag from the file (WordPress's
  importer adds its meta a second time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from ..models import Comment, Option, Post, PostMeta, Term, TermRelationship, User, db
from ..types import Registry
from .reader import WXRDocument

#: A menu item's identity inside its menu.
MenuSignature = tuple[int, int, str, str, int, str, str]
_MENU_META = ("_menu_item_type", "_menu_item_object", "_menu_item_object_id", "_menu_item_url")


@dataclass
class ExistingContent:
    """Lookups over the site's posts, comments and menu items, loaded once per import."""

    #: ``(post_type, title, date)`` → post ID (the lowest, as a database scan finds first).
    by_title: dict[tuple[str, str, datetime | None], int] = field(default_factory=dict)
    #: ``(post_type, date)`` → post ID, for untitled items.
    by_date: dict[tuple[str, datetime | None], int] = field(default_factory=dict)
    #: ``(post_type, title)`` → post ID, for undated items.
    by_title_any_date: dict[tuple[str, str], int] = field(default_factory=dict)
    #: post ID → ``(post_type, guid)``.
    guids: dict[int, tuple[str, str]] = field(default_factory=dict)
    #: ``(author, date)`` → comment ID; loaded on first use.
    _comments: dict[tuple[str, datetime], int] | None = None
    #: Menu item signature → post ID, each matched at most once.
    menu_items: dict[MenuSignature, int] = field(default_factory=dict)

    @classmethod
    def load(cls, post_types: set[str]) -> ExistingContent:
        found = cls()
        rows = db.session.execute(
            select(Post.id, Post.post_type, Post.title, Post.date, Post.guid)
            .where(Post.post_type.in_(post_types - {"nav_menu_item"}))
            .order_by(Post.id.desc())
        )
        for post_id, post_type, title, date, guid in rows:
            found.add_post(post_id, post_type, title, date)
            found.guids[post_id] = (post_type, guid)
        if "nav_menu_item" in post_types:
            found.menu_items = _menu_items()
        return found

    def add_post(self, post_id: int, post_type: str, title: str, date: datetime | None) -> None:
        """Remember a post (of the site, or written earlier by this import)."""
        self.by_title[(post_type, title, date)] = post_id
        self.by_date[(post_type, date)] = post_id
        self.by_title_any_date[(post_type, title)] = post_id

    def post(
        self, post_type: str, title: str, date: datetime | None, export_id: int, guid: str
    ) -> int | None:
        """The ID of the post the item already is, or ``None``.

        As ``post_exists()``: a missing title or date is left out of the comparison (an item
        with neither is never matched by them).
        """
        if title and date is not None:
            found = self.by_title.get((post_type, title, date))
        elif title:
            found = self.by_title_any_date.get((post_type, title))
        elif date is not None:
            found = self.by_date.get((post_type, date))
        else:
            found = None
        if found is not None:
            return found
        if guid and export_id and self.guids.get(export_id) == (post_type, guid):
            return export_id
        return None

    def comment(self, author: str, date: datetime | None) -> int | None:
        """WordPress's ``comment_exists(author, date)``: the ID of a matching comment."""
        if date is None:
            return None
        if self._comments is None:
            self._comments = {}
            rows = db.session.execute(
                select(Comment.author_name, Comment.date, Comment.id).order_by(Comment.id.desc())
            )
            for name, when, comment_id in rows:
                self._comments[(name, when)] = comment_id
        return self._comments.get((author, date))

    def add_comment(self, author: str, date: datetime | None, comment_id: int) -> None:
        if self._comments is not None and date is not None:
            self._comments.setdefault((author, date), comment_id)

    def menu_item(self, signature: MenuSignature) -> int | None:
        """The site's menu item with *signature*, which no later item can match again."""
        return self.menu_items.pop(signature, None)


@dataclass
class SiteSnapshot:
    """One snapshot of what the site already has, taken before anything is written."""

    registry: Registry
    max_ids: dict[str, int]
    users_by_login: dict[str, int]
    nicenames: set[str]
    terms: dict[tuple[str, str], int]
    #: :meth:`slug_scope` + slug of every post with a slug, of the export's post types.
    post_slugs: set[tuple[str, int, str]]
    options_set: set[str]
    #: The IDs of the site's posts (an export ID among them is not kept).
    post_ids: set[int] = field(default_factory=set)
    existing: ExistingContent = field(default_factory=ExistingContent)

    @classmethod
    def load(cls, registry: Registry, document: WXRDocument) -> SiteSnapshot:
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
            site.post_ids = set(session.scalars(select(Post.id)))
            site.existing = ExistingContent.load(types)
        names = ("blogname", "blogdescription")
        site.options_set = set(session.scalars(select(Option.name).where(Option.name.in_(names))))
        return site

    def empty(self, kind: str) -> bool:
        return not self.max_ids[kind]

    def slug_scope(self, post_type: str, parent: int) -> tuple[str, int]:
        """Slugs are unique per post type, and per parent for hierarchical types (pages)."""
        pt = self.registry.post_type(post_type)
        return (post_type, parent if pt is not None and pt.hierarchical else 0)


def menu_signature(
    menu: int, order: int, meta: dict[str, str], target: int, title: str
) -> MenuSignature:
    """A menu item's identity: menu, position, kind, object, target, URL, title.

    A custom link's ``_menu_item_object_id`` is its own ID, so it does not count there.
    """
    kind = meta.get("_menu_item_type", "")
    return (
        menu,
        order,
        kind,
        meta.get("_menu_item_object", ""),
        0 if kind == "custom" else target,
        meta.get("_menu_item_url", ""),
        title,
    )


def _menu_items() -> dict[MenuSignature, int]:
    items = db.session.execute(
        select(Post.id, Post.menu_order, Post.title, TermRelationship.term_id)
        .join(TermRelationship, TermRelationship.post_id == Post.id)
        .join(Term, Term.id == TermRelationship.term_id)
        .where(Post.post_type == "nav_menu_item", Term.taxonomy == "nav_menu")
        .order_by(Post.id.desc())
    ).all()
    if not items:
        return {}
    meta: dict[int, dict[str, str]] = {}
    for post_id, key, value in db.session.execute(
        select(PostMeta.post_id, PostMeta.key, PostMeta.value).where(
            PostMeta.key.in_(_MENU_META),
            PostMeta.post_id.in_(select(Post.id).where(Post.post_type == "nav_menu_item")),
        )
    ):
        meta.setdefault(post_id, {})[key] = value
    found: dict[MenuSignature, int] = {}
    for post_id, order, title, menu in items:
        values = meta.get(post_id, {})
        target = _int(values.get("_menu_item_object_id", ""))
        found[menu_signature(menu, order, values, target, title)] = post_id
    return found


def _int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        return 0
