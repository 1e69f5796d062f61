"""Registered post types and taxonomies, with WordPress's arguments.

The built-ins are WordPress's; a site declares its own in ``config.toml``::

    [post_types.book]
    public = true
    has_archive = true            # or a slug: "library"
    hierarchical = false
    rewrite = { slug = "books" }
    taxonomies = ["genre"]
    supports = ["title", "editor", "thumbnail"]

    [taxonomies.genre]
    object_type = ["book"]
    hierarchical = true
    rewrite = { slug = "genre" }
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_NAME = re.compile(r"^[a-z0-9_-]{1,20}$")
_TAX_NAME = re.compile(r"^[a-z0-9_-]{1,32}$")


class RegistryError(ValueError):
    """A post type or taxonomy declaration that cannot be used; says which and why."""


@dataclass(frozen=True)
class PostType:
    """A post type, as ``register_post_type`` describes one."""

    name: str
    label: str = ""
    public: bool = True
    publicly_queryable: bool = True
    exclude_from_search: bool = False
    hierarchical: bool = False
    #: ``False``, ``True`` (archive at the rewrite slug) or an archive slug of its own.
    has_archive: bool | str = False
    rewrite_slug: str = ""
    with_front: bool = True
    taxonomies: tuple[str, ...] = ()
    supports: tuple[str, ...] = ("title", "editor")
    builtin: bool = False

    @property
    def archive_slug(self) -> str | None:
        """The path of the type's archive, or ``None`` when it has none."""
        if not self.has_archive:
            return None
        if isinstance(self.has_archive, str):
            return self.has_archive.strip("/")
        return self.rewrite_slug or self.name

    def supports_feature(self, feature: str) -> bool:
        return feature in self.supports


@dataclass(frozen=True)
class Taxonomy:
    """A taxonomy, as ``register_taxonomy`` describes one."""

    name: str
    label: str = ""
    object_type: tuple[str, ...] = ("post",)
    public: bool = True
    hierarchical: bool = False
    rewrite_slug: str = ""
    with_front: bool = True
    #: The plain-link query var (``?genre=slug``); WordPress's ``query_var``.
    query_var: str = ""
    builtin: bool = False


BUILTIN_POST_TYPES: tuple[PostType, ...] = (
    PostType(
        "post",
        "Posts",
        taxonomies=("category", "post_tag", "post_format"),
        supports=("title", "editor", "author", "thumbnail", "excerpt", "comments", "post-formats"),
        builtin=True,
    ),
    PostType(
        "page",
        "Pages",
        # WordPress: pages are reached by path, never by ?post_type=page.
        publicly_queryable=False,
        hierarchical=True,
        supports=("title", "editor", "author", "thumbnail", "page-attributes", "comments"),
        builtin=True,
    ),
    PostType("attachment", "Media", supports=("title", "author", "comments"), builtin=True),
    PostType(
        "nav_menu_item",
        "Navigation Menu Items",
        public=False,
        publicly_queryable=False,
        exclude_from_search=True,
        builtin=True,
    ),
    PostType(
        "revision",
        "Revisions",
        public=False,
        publicly_queryable=False,
        exclude_from_search=True,
        builtin=True,
    ),
)

BUILTIN_TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy(
        "category",
        "Categories",
        hierarchical=True,
        rewrite_slug="category",
        query_var="category_name",
        builtin=True,
    ),
    Taxonomy("post_tag", "Tags", rewrite_slug="tag", query_var="tag", builtin=True),
    Taxonomy("post_format", "Formats", rewrite_slug="type", query_var="post_format", builtin=True),
    Taxonomy(
        "nav_menu", "Navigation Menus", object_type=("nav_menu_item",), public=False, builtin=True
    ),
)


@dataclass
class Registry:
    """All post types and taxonomies of one site."""

    post_types: dict[str, PostType] = field(default_factory=dict)
    taxonomies: dict[str, Taxonomy] = field(default_factory=dict)

    def post_type(self, name: str) -> PostType | None:
        return self.post_types.get(name)

    def taxonomy(self, name: str) -> Taxonomy | None:
        return self.taxonomies.get(name)

    def public_post_types(self) -> list[PostType]:
        return [pt for pt in self.post_types.values() if pt.public]

    def searchable_post_types(self) -> list[str]:
        """Types a search returns (WordPress's ``exclude_from_search`` = false)."""
        return [
            pt.name
            for pt in self.post_types.values()
            if pt.public and not pt.exclude_from_search and pt.name != "attachment"
        ]

    def custom_post_types(self) -> list[PostType]:
        return [pt for pt in self.post_types.values() if not pt.builtin]

    def custom_taxonomies(self) -> list[Taxonomy]:
        return [tx for tx in self.taxonomies.values() if not tx.builtin]

    def taxonomies_for(self, post_type: str) -> list[Taxonomy]:
        return [tx for tx in self.taxonomies.values() if post_type in tx.object_type]


def _rewrite(args: Mapping[str, Any], default_slug: str) -> tuple[str, bool]:
    rewrite = args.get("rewrite", {})
    if rewrite is False:
        return default_slug, True
    if not isinstance(rewrite, Mapping):
        rewrite = {}
    slug = str(rewrite.get("slug", default_slug)).strip("/")
    return slug or default_slug, bool(rewrite.get("with_front", True))


def build_registry(
    post_types: Mapping[str, Mapping[str, Any]] | None = None,
    taxonomies: Mapping[str, Mapping[str, Any]] | None = None,
) -> Registry:
    """The built-ins plus the site's declarations; raises :class:`RegistryError` on bad ones."""
    registry = Registry(
        {pt.name: pt for pt in BUILTIN_POST_TYPES}, {tx.name: tx for tx in BUILTIN_TAXONOMIES}
    )
    for name, args in (post_types or {}).items():
        if not _NAME.match(name):
            raise RegistryError(
                f"config.toml [post_types.{name}]: a post type name is 1–20 lowercase letters, "
                "digits, '-' or '_'."
            )
        if name in registry.post_types:
            raise RegistryError(f"config.toml [post_types.{name}]: {name!r} is built in.")
        slug, with_front = _rewrite(args, name)
        public = bool(args.get("public", False))
        has_archive = args.get("has_archive", False)
        registry.post_types[name] = PostType(
            name=name,
            label=str(args.get("label", name.replace("_", " ").title())),
            public=public,
            publicly_queryable=bool(args.get("publicly_queryable", public)),
            exclude_from_search=bool(args.get("exclude_from_search", not public)),
            hierarchical=bool(args.get("hierarchical", False)),
            has_archive=has_archive if isinstance(has_archive, str) else bool(has_archive),
            rewrite_slug=slug,
            with_front=with_front,
            taxonomies=tuple(args.get("taxonomies", ())),
            supports=tuple(args.get("supports", ("title", "editor"))),
        )
    for name, args in (taxonomies or {}).items():
        if not _TAX_NAME.match(name):
            raise RegistryError(
                f"config.toml [taxonomies.{name}]: a taxonomy name is 1–32 lowercase letters, "
                "digits, '-' or '_'."
            )
        if name in registry.taxonomies:
            raise RegistryError(f"config.toml [taxonomies.{name}]: {name!r} is built in.")
        slug, with_front = _rewrite(args, name)
        object_type = args.get("object_type", ())
        if isinstance(object_type, str):
            object_type = (object_type,)
        registry.taxonomies[name] = Taxonomy(
            name=name,
            label=str(args.get("label", name.replace("_", " ").title())),
            object_type=tuple(object_type),
            public=bool(args.get("public", True)),
            hierarchical=bool(args.get("hierarchical", False)),
            rewrite_slug=slug,
            with_front=with_front,
            query_var=str(args.get("query_var", name)),
        )
    # A post type's ``taxonomies`` argument attaches existing taxonomies to it.
    for pt in registry.custom_post_types():
        for tax_name in pt.taxonomies:
            tax = registry.taxonomies.get(tax_name)
            if tax is None:
                raise RegistryError(
                    f"config.toml [post_types.{pt.name}]: unknown taxonomy {tax_name!r}; "
                    "declare it under [taxonomies]."
                )
            if pt.name not in tax.object_type:
                registry.taxonomies[tax_name] = _with_object_type(tax, pt.name)
    return registry


def _with_object_type(tax: Taxonomy, post_type: str) -> Taxonomy:
    from dataclasses import replace

    return replace(tax, object_type=(*tax.object_type, post_type))
