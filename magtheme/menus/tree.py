"""Reading a menu: its ``nav_menu_item`` posts, what they link to, and the tree templates see.

WordPress keeps a menu as a ``nav_menu`` term whose ``nav_menu_item`` posts, ordered by
``menu_order``, carry meta saying what each links to (``_menu_item_type`` ``post_type``,
``taxonomy``, ``post_type_archive`` or ``custom``; ``_menu_item_object`` and
``_menu_item_object_id``) and which item it hangs under (``_menu_item_menu_item_parent``).

:func:`load_menu` reads all of it in a fixed number of statements however long the menu is.
An item whose object is gone, trashed, not public (draft, pending, private, scheduled for
later) or of a type or taxonomy the site no longer has is left out, as WordPress's
``_is_valid_nav_menu_item`` leaves out invalid items; its children then stand at the top
level after the other items, as WordPress's walker shows orphans.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import phpserialize  # type: ignore[import-untyped]
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..content.sanitize import url_is_allowed
from ..content.titles import title_html
from ..models import AnySession, Post, PostMeta, Term, TermRelationship
from ..types import Registry
from ..visibility import is_visible, now_gmt
from .classes import ClassedItem, Shown, SiteIds, classify, finish

#: What WordPress's ``sanitize_html_class`` keeps.
_CLASS_CHARS = re.compile(r"[^A-Za-z0-9_-]")


@dataclass
class MenuItem:
    """One menu entry as templates see it (WordPress's ``wp_setup_nav_menu_item`` fields)."""

    id: int
    title: Markup
    url: str
    #: ``_menu_item_type``: ``post_type``, ``taxonomy``, ``post_type_archive`` or ``custom``.
    type: str = "custom"
    #: ``_menu_item_object``: ``page``, ``category``, a post type or taxonomy, or ``custom``.
    object: str = "custom"
    object_id: int = 0
    #: The item it hangs under (0 at the top level).
    parent: int = 0
    target: str = ""
    #: The link's ``title`` attribute (the item's ``post_excerpt``).
    attr_title: str = ""
    description: str = ""
    #: XFN relationship words (``_menu_item_xfn``), space-separated.
    xfn: str = ""
    #: The ``class`` attribute of the item's ``<li>``, as WordPress's walker prints it.
    classes: str = ""
    #: The user's own classes (``_menu_item_classes``), without WordPress's.
    user_classes: tuple[str, ...] = ()
    current: bool = False
    current_item_parent: bool = False
    current_item_ancestor: bool = False
    #: Whether it links to the privacy policy page (its ``rel`` then says so).
    privacy_policy: bool = False
    children: list[MenuItem] = field(default_factory=list)

    @property
    def rel(self) -> str:
        """The link's ``rel``: the XFN words, or ``noopener`` for a new window without any,
        and ``privacy-policy`` on the privacy policy page's link (as WordPress's walker)."""
        rel = "noopener" if self.target == "_blank" and not self.xfn else self.xfn
        if self.privacy_policy:
            rel = f"{rel} privacy-policy" if rel else "privacy-policy"
        return rel

    @property
    def aria_current(self) -> str:
        """``"page"`` on the current item's link, ``""`` elsewhere."""
        return "page" if self.current else ""


@dataclass(frozen=True)
class MenuInfo:
    """A ``nav_menu`` term."""

    id: int
    name: str
    slug: str


def php_list(value: str) -> list[str]:
    """A meta value WordPress may store PHP-serialized (``a:1:{i:0;s:0:"";}``) as a list of
    strings; plain text is split on whitespace. Anything unreadable is an empty list."""
    value = (value or "").strip()
    if not value:
        return []
    if re.match(r"^(a|s|i|b|d|N):", value):
        try:
            data = phpserialize.loads(value.encode("utf-8"), decode_strings=True)
        except (ValueError, TypeError, IndexError, KeyError):
            return []
        if isinstance(data, dict):
            words = [str(data[k]) for k in sorted(data, key=_order_key)]
        elif data is None:
            words = []
        else:
            words = [str(data)]
        return [w for word in words for w in word.split()]
    return value.split()


def sanitize_html_class(word: str) -> str:
    """WordPress's ``sanitize_html_class``: percent-encoded octets and other characters out."""
    return _CLASS_CHARS.sub("", re.sub(r"%[a-fA-F0-9]{2}", "", word))


def load_menu(
    session: AnySession,
    menu_id: int,
    linker: Any,
    current_url: str = "",
    *,
    shown: Shown | None = None,
    registry: Registry | None = None,
    now: datetime | None = None,
) -> list[MenuItem]:
    """The items of menu *menu_id* as a tree, classes and current-ness set for *shown*.

    A fixed number of statements however long the menu is (eight at most): the items, their
    meta, the posts and the terms they link to, and what the links of those need (ancestors,
    categories, authors), each kind loaded at once.
    Without *shown*, only a custom link equal to *current_url* is current.
    """
    shown = shown or Shown(current_url=current_url)
    found = load_menus(session, [menu_id], linker, shown=shown, registry=registry, now=now)
    return found.get(menu_id, [])


def load_menus(
    session: AnySession,
    menu_ids: Any,
    linker: Any,
    *,
    shown: Shown,
    registry: Registry | None = None,
    now: datetime | None = None,
) -> dict[int, list[MenuItem]]:
    """Several menus' trees (by menu id) in the statements of one: a page with a primary,
    a footer and a social menu reads their items, meta and linked objects together."""
    ids = sorted({int(i) for i in menu_ids if i})
    if not ids:
        return {}
    now = now or now_gmt()
    registry = registry if registry is not None else getattr(linker, "registry", None)
    rows = list(
        session.execute(
            select(
                TermRelationship.term_id.label("menu_id"),
                Post.id,
                Post.title,
                Post.content,
                Post.excerpt,
                Post.parent_id,
            )
            .join(TermRelationship, TermRelationship.post_id == Post.id)
            .where(TermRelationship.term_id.in_(ids), Post.post_type == "nav_menu_item")
            .where(Post.status == "publish")
            .order_by(Post.menu_order, Post.id)
        )
    )
    menus: dict[int, list[MenuItem]] = {menu_id: [] for menu_id in ids}
    if not rows:
        return menus
    meta: dict[int, dict[str, str]] = {}
    for post_id, key, value in session.execute(
        select(PostMeta.post_id, PostMeta.key, PostMeta.value).where(
            PostMeta.post_id.in_({r.id for r in rows}),
            PostMeta.key.like("\\_menu\\_item\\_%", escape="\\"),
        )
    ):
        meta.setdefault(post_id, {})[key] = value
    objects = _Objects(session, meta.values(), linker)
    site = _site_ids(linker)
    for menu_id in ids:
        mine = [r for r in rows if r.menu_id == menu_id]
        parents = {r.id: _int(meta.get(r.id, {}).get("_menu_item_menu_item_parent")) for r in mine}
        kept: list[tuple[ClassedItem, MenuItem]] = []
        for row in mine:
            built = _build(row, meta.get(row.id, {}), objects, linker, registry, now)
            if built is not None:
                kept.append(built)
        classify([c for c, _ in kept], shown, site, parents)
        for classed, item in kept:
            item.privacy_policy = bool(site.privacy_policy) and (
                classed.type == "post_type" and classed.object_id == site.privacy_policy
            )
        menus[menu_id] = _tree(kept)
    return menus


def load_menu_infos(session: AnySession, menu_ids: Any) -> dict[int, MenuInfo]:
    """The ``nav_menu`` terms among *menu_ids* (one statement); missing ones are left out."""
    ids = sorted({int(i) for i in menu_ids if i})
    if not ids:
        return {}
    from ..slugs import decode_slug

    rows = session.execute(
        select(Term.id, Term.name, Term.slug).where(Term.id.in_(ids), Term.taxonomy == "nav_menu")
    )
    return {row.id: MenuInfo(row.id, row.name, decode_slug(row.slug)) for row in rows}


def _build(
    row: Any,
    m: Mapping[str, str],
    objects: _Objects,
    linker: Any,
    registry: Registry | None,
    now: datetime,
) -> tuple[ClassedItem, MenuItem] | None:
    """One item, or None when WordPress would find it invalid (or it is not public)."""
    kind = m.get("_menu_item_type", "custom") or "custom"
    obj = m.get("_menu_item_object", "") or ("custom" if kind == "custom" else "")
    object_id = _int(m.get("_menu_item_object_id"))
    title, url = str(row.title or ""), m.get("_menu_item_url", "")
    description = str(row.content or "").strip()
    if kind == "post_type":
        target = objects.posts.get(object_id)
        if target is None or (registry is not None and registry.post_type(obj) is None):
            return None
        if not is_visible(target, now) or target.post_type != obj:
            return None
        title = title or target.title or f"#{object_id} (no title)"
        url = linker.post(target)
    elif kind == "taxonomy":
        term = objects.terms.get(object_id)
        if term is None or term.taxonomy != obj:
            return None
        if registry is not None and registry.taxonomy(obj) is None:
            return None
        title = title or term.name or f"#{object_id} (no title)"
        url = linker.term(term)
    elif kind == "post_type_archive":
        if registry is not None and registry.post_type(obj) is None:
            return None
        pt = registry.post_type(obj) if registry is not None else None
        title = title or (pt.label if pt is not None else obj)
        url = linker.post_type_archive(obj) or ""
    else:
        kind, obj = "custom", "custom"
        url = url.strip() if url_is_allowed(url.strip()) else ""  # no javascript: links
    user_classes = [
        c for c in (sanitize_html_class(w) for w in php_list(m.get("_menu_item_classes", ""))) if c
    ]
    xfn = " ".join(
        c for c in (sanitize_html_class(w) for w in php_list(m.get("_menu_item_xfn", ""))) if c
    )
    parent = _int(m.get("_menu_item_menu_item_parent"))
    if parent == row.id:
        parent = 0  # WordPress resets an item that is its own parent
    classed = ClassedItem(
        id=row.id,
        parent=parent,
        type=kind,
        object=obj,
        object_id=object_id if kind != "custom" else row.id,
        url=url,
        post_parent=int(row.parent_id or 0),
        user_classes=user_classes,
    )
    item = MenuItem(
        id=row.id,
        title=title_html(title),
        url=url,
        type=kind,
        object=obj,
        object_id=classed.object_id,
        parent=parent,
        target=sanitize_html_class(m.get("_menu_item_target", "")),
        attr_title=str(row.excerpt or ""),
        description=description,
        xfn=xfn,
        user_classes=tuple(user_classes),
    )
    return classed, item


def _tree(kept: list[tuple[ClassedItem, MenuItem]]) -> list[MenuItem]:
    """WordPress's walker: the top level in order, each item's children under it; items
    whose parent is not in the menu (orphans) after them, at the top level, flat."""
    has_children = {item.parent for _, item in kept if item.parent}
    for classed, item in kept:
        item.classes = finish(classed, item.id in has_children)
        item.current = classed.current
        item.current_item_parent = classed.current_item_parent
        item.current_item_ancestor = classed.current_item_ancestor
    top = [item for _, item in kept if not item.parent]
    if not top and kept:
        # No top-level item at all: WordPress takes the first item's parent as the root.
        root = kept[0][1].parent
        top = [item for _, item in kept if item.parent == root]
    top_ids = {item.id for item in top}
    children: dict[int, list[MenuItem]] = {}
    for _, item in kept:
        if item.id not in top_ids:
            children.setdefault(item.parent, []).append(item)
    placed: set[int] = set()

    def attach(item: MenuItem, seen: frozenset[int]) -> None:
        placed.add(item.id)
        item.children = []
        for child in children.get(item.id, []):
            if child.id in seen:
                continue
            item.children.append(child)
            attach(child, seen | {child.id})

    for item in top:
        attach(item, frozenset({item.id}))
    orphans = [
        item for parent, group in children.items() for item in group if item.id not in placed
    ]
    for orphan in orphans:
        orphan.children = []
    return top + orphans


class _Objects:
    """The posts and terms a menu's items link to, each kind in one statement."""

    def __init__(self, session: AnySession, metas: Any, linker: Any) -> None:
        metas = list(metas)
        post_ids = {
            _int(m.get("_menu_item_object_id"))
            for m in metas
            if m.get("_menu_item_type") == "post_type"
        }
        term_ids = {
            _int(m.get("_menu_item_object_id"))
            for m in metas
            if m.get("_menu_item_type") == "taxonomy"
        }
        self.posts: dict[int, Any] = {}
        self.terms: dict[int, Any] = {}
        if post_ids:
            self.posts = {
                p.id: p for p in session.scalars(select(Post).where(Post.id.in_(post_ids)))
            }
            _preload(linker, "preload", list(self.posts.values()))
        if term_ids:
            self.terms = {
                t.id: t for t in session.scalars(select(Term).where(Term.id.in_(term_ids)))
            }
            parents = [t.parent_id for t in self.terms.values() if t.parent_id]
            if parents:
                _preload(linker, "preload_terms", parents)


def _preload(linker: Any, method: str, values: list[Any]) -> None:
    """Let the linker's lookup load what these links need at once (pages' ancestors…)."""
    lookup = getattr(linker, "lookup", None)
    load = getattr(lookup, method, None)
    if callable(load):
        load(values)


def _site_ids(linker: Any) -> SiteIds:
    options = getattr(linker, "options", None) or {}
    home = getattr(linker, "home_url", None)
    if not isinstance(home, str):
        home_fn = getattr(linker, "home", None)
        home = str(home_fn()) if callable(home_fn) else ""
    return SiteIds(
        home_url=home.rstrip("/"),
        page_on_front=_int(options.get("page_on_front")),
        page_for_posts=_int(options.get("page_for_posts")),
        privacy_policy=_int(options.get("wp_page_for_privacy_policy")),
    )


def shown_for(
    session: AnySession, query: Any, registry: Registry | None, current_url: str
) -> Shown:
    """What the page shows, from its main query (a ``QueryContext`` or the templates' ``query``).

    At most two statements: a singular post's terms in hierarchical taxonomies, and the
    ancestors of those terms (or of the queried term, or the queried page).
    """
    if query is None:
        return Shown(current_url=current_url)
    obj = getattr(query, "queried_object", None)
    object_id = int(getattr(obj, "id", 0) or 0) if obj is not None else 0
    post_type = str(getattr(obj, "post_type", "") or "") if obj is not None else ""
    taxonomy = str(getattr(obj, "taxonomy", "") or "") if obj is not None else ""
    if not isinstance(getattr(obj, "id", None), int):
        object_id, post_type, taxonomy = 0, "", ""
    is_singular = bool(getattr(query, "is_singular", False))
    archive = ""
    if getattr(query, "is_post_type_archive", False):
        archive = str(getattr(query, "post_type", "") or getattr(obj, "name", "") or "")
    pt = registry.post_type(post_type) if registry is not None and post_type else None
    hierarchical = bool(pt is not None and pt.hierarchical)
    post_ancestors: tuple[int, ...] = ()
    taxonomy_ancestors: dict[str, tuple[int, ...]] = {}
    object_parents: tuple[int, ...] = ()
    if post_type and hierarchical:
        post_ancestors = tuple(_ancestors(session, Post, object_id))
    elif post_type and is_singular and registry is not None:
        taxonomies = [t.name for t in registry.taxonomies_for(post_type) if t.hierarchical]
        if taxonomies:
            rows = session.execute(
                select(Term.id, Term.taxonomy)
                .join(TermRelationship, TermRelationship.term_id == Term.id)
                .where(TermRelationship.post_id == object_id, Term.taxonomy.in_(taxonomies))
            ).all()
            object_parents = tuple(r.id for r in rows)
            chains = _term_chains(session, [r.id for r in rows])
            for r in rows:
                found = taxonomy_ancestors.get(r.taxonomy, ())
                taxonomy_ancestors[r.taxonomy] = found + tuple(chains.get(r.id, [r.id]))
    elif taxonomy and registry is not None:
        tax = registry.taxonomy(taxonomy)
        if tax is not None and tax.hierarchical:
            taxonomy_ancestors[taxonomy] = tuple(_term_chains(session, [object_id])[object_id])
    return Shown(
        is_home=bool(getattr(query, "is_home", False)),
        is_front_page=bool(getattr(query, "is_front_page", False)),
        is_singular=is_singular,
        is_page=bool(getattr(query, "is_page", False)),
        is_term_archive=any(
            getattr(query, flag, False) for flag in ("is_category", "is_tag", "is_tax")
        ),
        post_type_archive=archive,
        object_id=object_id,
        post_type=post_type,
        post_type_hierarchical=hierarchical,
        taxonomy=taxonomy,
        post_ancestors=post_ancestors,
        taxonomy_ancestors=taxonomy_ancestors,
        object_parents=object_parents,
        current_url=current_url,
    )


def _ancestors(session: AnySession, model: Any, item_id: int) -> list[int]:
    """The ids above *item_id* (nearest first), in one recursive statement."""
    if not item_id:
        return []
    chain = select(model.id, model.parent_id).where(model.id == item_id).cte(recursive=True)
    above = aliased(model)
    chain = chain.union(select(above.id, above.parent_id).where(above.id == chain.c.parent_id))
    parents = {row[0]: row[1] for row in session.execute(select(chain.c.id, chain.c.parent_id))}
    found: list[int] = []
    current = parents.get(item_id, 0)
    while current and current not in found and current != item_id:
        found.append(current)
        current = parents.get(current, 0)
    return found


def _term_chains(session: AnySession, term_ids: list[int]) -> dict[int, list[int]]:
    """Each term with its ancestors (itself first), all in one recursive statement."""
    if not term_ids:
        return {}
    chain = select(Term.id, Term.parent_id).where(Term.id.in_(term_ids)).cte(recursive=True)
    above = aliased(Term)
    chain = chain.union(select(above.id, above.parent_id).where(above.id == chain.c.parent_id))
    parents = {row[0]: row[1] for row in session.execute(select(chain.c.id, chain.c.parent_id))}
    chains: dict[int, list[int]] = {}
    for term_id in term_ids:
        found = [term_id]
        current = parents.get(term_id, 0)
        while current and current not in found:
            found.append(current)
            current = parents.get(current, 0)
        chains[term_id] = found
    return chains


def _order_key(key: Any) -> tuple[int, str]:
    return (int(key), "") if isinstance(key, int) else (1 << 30, str(key))


def _int(value: Any) -> int:
    try:
        return int(str(value or "0").strip())
    except ValueError:
        return 0
