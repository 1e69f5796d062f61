"""WordPress's menu item classes, rule for rule: ``_wp_menu_item_classes_by_context``.

A pure function of the menu's items and of what the page shows (:class:`Shown`): no Flask,
no database. :func:`classify` fills each item's classes and its ``current`` flags exactly as
WordPress's ``wp_nav_menu`` does before its walker runs, in WordPress's order:

- the user's own classes, ``menu-item``, ``menu-item-type-{type}``, ``menu-item-object-{object}``;
- ``menu-item-home`` (the static front page, or a custom link to the home URL) and
  ``menu-item-privacy-policy``;
- ``current-menu-item`` on the item for the queried object (a post or page when singular, the
  page for posts on the blog index, a term on its archive, a post type archive on it, a custom
  link whose URL is the page's), with ``page_item page-item-N current_page_item`` for pages;
- ``current-menu-parent`` / ``current-menu-ancestor`` up the menu's own tree, ``current-{x}-parent``
  and ``current-{x}-ancestor`` by the objects' own hierarchy (a post's categories, a page's
  ancestors), ``current_page_parent`` / ``current_page_ancestor`` for pages;
- ``menu-item-has-children`` (added by ``wp_nav_menu`` after this) and ``menu-item-{id}`` (the
  walker's) are :func:`finish`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit


@dataclass
class ClassedItem:
    """What the rules read of a menu item, and what they set on it."""

    id: int
    #: ``_menu_item_menu_item_parent``: the item it hangs under (0 at the top).
    parent: int
    type: str
    object: str
    object_id: int
    url: str
    #: The menu item post's own ``post_parent``: its object's parent when it was saved.
    post_parent: int = 0
    user_classes: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    current: bool = False
    current_item_parent: bool = False
    current_item_ancestor: bool = False


@dataclass(frozen=True)
class Shown:
    """What the page being rendered shows, as the rules need it."""

    is_home: bool = False
    is_front_page: bool = False
    is_singular: bool = False
    is_page: bool = False
    #: A category, tag or custom taxonomy archive.
    is_term_archive: bool = False
    #: The post type of a post type archive ("" otherwise).
    post_type_archive: str = ""
    #: The queried object: a post (``post_type`` set) or a term (``taxonomy`` set).
    object_id: int = 0
    post_type: str = ""
    post_type_hierarchical: bool = False
    taxonomy: str = ""
    #: A hierarchical post's ancestors (nearest first).
    post_ancestors: tuple[int, ...] = ()
    #: Per taxonomy, the terms that are "above" the page: a post's terms in hierarchical
    #: taxonomies and their ancestors, or a term archive's term and its ancestors.
    taxonomy_ancestors: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    #: A non-hierarchical post's terms in hierarchical taxonomies (WordPress's
    #: ``$possible_object_parents``).
    object_parents: tuple[int, ...] = ()
    #: The page's absolute URL, query string included ("" outside a request).
    current_url: str = ""


@dataclass(frozen=True)
class SiteIds:
    """The options the rules read."""

    home_url: str
    page_on_front: int = 0
    page_for_posts: int = 0
    privacy_policy: int = 0


def classify(
    items: Sequence[ClassedItem],
    shown: Shown,
    site: SiteIds,
    parents: Mapping[int, int] | None = None,
) -> None:
    """Set every item's ``classes`` and current flags (WordPress's first two passes).

    *parents* maps every menu item id to its parent item id, including items left out of
    the menu (their chain still makes ``current-menu-ancestor``, as WordPress reads it from
    the database); by default the items' own.
    """
    parents = parents if parents is not None else {item.id: item.parent for item in items}
    active_ancestors: list[int] = []
    active_parent_items: list[int] = []
    active_parent_objects: list[int] = []
    active_object = ""
    object_parents = set(shown.object_parents)
    home = untrailingslashit(site.home_url)

    def climb(item_id: int) -> None:
        ancestor = parents.get(item_id, 0)
        while ancestor and ancestor not in active_ancestors:
            active_ancestors.append(ancestor)
            ancestor = parents.get(ancestor, 0)

    for item in items:
        item.current = False
        classes = [*item.user_classes, "menu-item"]
        classes += [f"menu-item-type-{item.type}", f"menu-item-object-{item.object}"]
        if item.type == "post_type" and site.page_on_front == item.object_id:
            classes.append("menu-item-home")
        if item.type == "post_type" and site.privacy_policy == item.object_id:
            classes.append("menu-item-privacy-policy")
        if (
            shown.is_singular
            and item.type == "taxonomy"
            and item.object_id in object_parents
            and object_parents
        ):
            active_parent_objects.append(item.object_id)
            active_parent_items.append(item.id)
            active_object = shown.post_type
        elif item.object_id == shown.object_id and _is_queried(item, shown, site):
            classes.append("current-menu-item")
            item.current = True
            climb(item.id)
            if item.type == "post_type" and item.object == "page":
                classes += ["page_item", f"page-item-{item.object_id}", "current_page_item"]
            active_parent_items.append(item.parent)
            active_parent_objects.append(item.post_parent)
            active_object = item.object
        elif item.type == "post_type_archive" and shown.post_type_archive == item.object:
            classes.append("current-menu-item")
            item.current = True
            climb(item.id)
            active_parent_items.append(item.parent)
        elif item.object == "custom" and shown.current_url:
            url_classes, matched = _custom_link(item.url, shown, home)
            classes += url_classes
            if matched:
                item.current = True
                climb(item.id)
                active_parent_items.append(item.parent)
                active_parent_objects.append(item.post_parent)
                active_object = item.object
        if (
            site.page_for_posts
            and item.type == "post_type"
            and not shown.is_page
            and site.page_for_posts == item.object_id
        ):
            classes.append("current_page_parent")
        item.classes = _unique(classes)

    ancestors = {i for i in active_ancestors if i}
    parent_items = {i for i in active_parent_items if i}
    parent_objects = {i for i in active_parent_objects if i}
    for item in items:
        classes = list(item.classes)
        item.current_item_ancestor = item.current_item_parent = False
        if _is_ancestral_object(item, shown):
            classes.append(f"current-{shown.taxonomy or shown.post_type}-ancestor")
        if item.id in ancestors:
            classes.append("current-menu-ancestor")
            item.current_item_ancestor = True
        if item.id in parent_items:
            classes.append("current-menu-parent")
            item.current_item_parent = True
        if item.object_id in parent_objects:
            classes.append(f"current-{active_object}-parent")
        if item.type == "post_type" and item.object == "page":
            if "current-menu-parent" in classes:
                classes.append("current_page_parent")
            if "current-menu-ancestor" in classes:
                classes.append("current_page_ancestor")
        item.classes = _unique(classes)


def finish(item: ClassedItem, has_children: bool) -> str:
    """The ``class`` attribute: ``menu-item-has-children`` (wp_nav_menu) and ``menu-item-{id}``
    (the walker) added, empty classes dropped."""
    classes = list(item.classes)
    if has_children and "menu-item-has-children" not in classes:
        classes.append("menu-item-has-children")
    classes.append(f"menu-item-{item.id}")
    return " ".join(c for c in classes if c)


def _is_queried(item: ClassedItem, shown: Shown, site: SiteIds) -> bool:
    """The item is the queried object (its object id already equals the queried id)."""
    if item.type == "post_type":
        posts_page = bool(site.page_for_posts) and shown.is_home
        return (posts_page and site.page_for_posts == item.object_id) or shown.is_singular
    if item.type == "taxonomy":
        return shown.is_term_archive and shown.taxonomy == item.object
    return False


def _is_ancestral_object(item: ClassedItem, shown: Shown) -> bool:
    """A page above the queried page, or a term above the queried term or post."""
    if item.type == "post_type":
        return (
            bool(shown.post_type)
            and shown.post_type_hierarchical
            and item.object_id in shown.post_ancestors
            and item.object_id != shown.object_id
        )
    if item.type == "taxonomy":
        above = shown.taxonomy_ancestors.get(item.object)
        return (
            above is not None
            and item.object_id in above
            and (not shown.taxonomy or item.object_id != shown.object_id)
        )
    return False


def _custom_link(url: str, shown: Shown, home: str) -> tuple[list[str], bool]:
    """Classes of a custom link on this page, and whether it is the current page."""
    classes: list[str] = []
    current = shown.current_url
    parts = urlsplit(current)
    scheme = parts.scheme or "http"
    current = untrailingslashit(current)
    root_relative = untrailingslashit(parts.path + (f"?{parts.query}" if parts.query else ""))
    indexless = untrailingslashit(_strip_suffix(current, "index.php"))
    matches = {
        current,
        unquote(current),
        indexless,
        unquote(indexless),
        root_relative,
        unquote(root_relative),
    }
    raw = url[: url.index("#")] if url.find("#") > 0 else url
    item_url = _with_scheme(untrailingslashit(raw), scheme)
    matched = bool(raw) and item_url in matches
    if matched:
        classes.append("current-menu-item")
        if _with_scheme(home, scheme) in (current, indexless):
            classes.append("current_page_item")  # a home link, as wp_page_menu marks it
    elif item_url == _with_scheme(home, scheme) and shown.is_front_page:
        classes.append("current-menu-item")  # the front page, reached with extra query args
    if untrailingslashit(item_url) == _with_scheme(home, scheme):
        classes.append("menu-item-home")
    return classes, matched


def untrailingslashit(url: str) -> str:
    return url.rstrip("/\\")


def _strip_suffix(url: str, suffix: str) -> str:
    return url[: -len(suffix)] if url.endswith(suffix) else url


def _with_scheme(url: str, scheme: str) -> str:
    """WordPress's ``set_url_scheme``: absolute http(s) URLs take the page's scheme."""
    for known in ("http://", "https://"):
        if url.startswith(known):
            return f"{scheme}://{url[len(known) :]}"
    if url.startswith("//"):
        return f"{scheme}:{url}"
    return url


def _unique(classes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(classes))
