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

Every key is checked (:data:`POST_TYPE_KEYS`, :data:`TAXONOMY_KEYS`): a misspelt key, a value of
the wrong kind, a taxonomy nobody declared or a post type a taxonomy names but nobody declared
is a :class:`RegistryError` naming the file, line and table, so a site never starts half
configured.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from .config import ConfigError

_NAME = re.compile(r"^[a-z0-9_-]{1,20}$")
_TAX_NAME = re.compile(r"^[a-z0-9_-]{1,32}$")


class RegistryError(ConfigError, ValueError):
    """A post type or taxonomy declaration that cannot be used; says where, which and why."""


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


def _is_rewrite(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    if not isinstance(value, Mapping) or set(value) - {"slug", "with_front"}:
        return False
    return isinstance(value.get("slug", ""), str) and isinstance(
        value.get("with_front", True), bool
    )


def _is_names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


#: What a key takes: a test of the value and how to say it in a message.
_Kind = tuple[Callable[[Any], bool], str]
_TEXT: _Kind = (lambda v: isinstance(v, str), "a string")
_BOOL: _Kind = (lambda v: isinstance(v, bool), "true or false")
_NAMES: _Kind = (_is_names, 'a list of names, e.g. ["genre"]')
_REWRITE: _Kind = (_is_rewrite, 'false or a table like { slug = "books", with_front = true }')

#: The keys a ``[post_types.NAME]`` table accepts (WordPress's register_post_type arguments).
POST_TYPE_KEYS: dict[str, _Kind] = {
    "label": _TEXT,
    "public": _BOOL,
    "publicly_queryable": _BOOL,
    "exclude_from_search": _BOOL,
    "hierarchical": _BOOL,
    "has_archive": (lambda v: isinstance(v, bool | str), "true, false or an archive slug"),
    "rewrite": _REWRITE,
    "taxonomies": _NAMES,
    "supports": (_is_names, 'a list of features, e.g. ["title", "editor"]'),
}

#: The keys a ``[taxonomies.NAME]`` table accepts (WordPress's register_taxonomy arguments).
TAXONOMY_KEYS: dict[str, _Kind] = {
    "label": _TEXT,
    "object_type": (
        lambda v: isinstance(v, str) or _is_names(v),
        'a list of post types, e.g. ["book"]',
    ),
    "public": _BOOL,
    "hierarchical": _BOOL,
    "rewrite": _REWRITE,
    "query_var": _TEXT,
}


class _Source:
    """Where declarations come from, to say ``config.toml:12 [post_types.book]`` in errors."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.name = str(path) if path is not None else "config.toml"

    @cached_property
    def lines(self) -> list[str]:
        """The file's lines, read only when an error needs a line number."""
        try:
            return self.path.read_text(encoding="utf-8").splitlines() if self.path else []
        except (OSError, UnicodeDecodeError):
            return []

    def where(self, section: str, name: str) -> str:
        header = re.compile(
            rf"""^\s*\[\s*{section}\s*\.\s*(?:{re.escape(name)}|"{re.escape(name)}"|'{re.escape(name)}')\s*\]"""
        )
        for number, line in enumerate(self.lines, 1):
            if header.match(line):
                return f"{self.name}:{number} [{section}.{name}]"
        return f"{self.name} [{section}.{name}]"

    def error(self, section: str, name: str, problem: str) -> RegistryError:
        return RegistryError(f"{self.where(section, name)}: {problem}")


def _toml(value: Any) -> str:
    """*value* as it would be written in config.toml (near enough for a message)."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _checked_tables(
    declared: Any, section: str, keys: dict[str, _Kind], source: _Source
) -> dict[str, Mapping[str, Any]]:
    """*declared* as name → table, every key known and every value of its kind."""
    if declared is None:
        return {}
    if not isinstance(declared, Mapping):
        raise RegistryError(
            f"{source.name}: '{section}' must hold tables such as [{section}.NAME], "
            f"not {_toml(declared)}."
        )
    tables: dict[str, Mapping[str, Any]] = {}
    for name, args in declared.items():
        if not isinstance(args, Mapping):
            raise source.error(section, name, f"must be a table of settings, not {_toml(args)}.")
        for key, value in args.items():
            if key not in keys:
                raise source.error(
                    section, name, f"unknown setting {key!r}; the settings are {', '.join(keys)}."
                )
            accepts, expected = keys[key]
            if not accepts(value):
                raise source.error(section, name, f"{key} must be {expected}, not {_toml(value)}.")
        tables[name] = args
    return tables


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
    *,
    source: Path | None = None,
) -> Registry:
    """The built-ins plus the site's declarations; raises :class:`RegistryError` on bad ones.

    *source* is the ``config.toml`` the declarations were read from, named in errors.
    """
    where = _Source(source)
    post_types = _checked_tables(post_types, "post_types", POST_TYPE_KEYS, where)
    taxonomies = _checked_tables(taxonomies, "taxonomies", TAXONOMY_KEYS, where)
    registry = Registry(
        {pt.name: pt for pt in BUILTIN_POST_TYPES}, {tx.name: tx for tx in BUILTIN_TAXONOMIES}
    )
    for name, args in post_types.items():
        if not _NAME.match(name):
            raise where.error(
                "post_types",
                name,
                "a post type name is 1–20 lowercase letters, digits, '-' or '_'.",
            )
        if name in registry.post_types:
            raise where.error("post_types", name, f"{name!r} is built in; choose another name.")
        slug, with_front = _rewrite(args, name)
        public = args.get("public", False)
        registry.post_types[name] = PostType(
            name=name,
            label=args.get("label", name.replace("_", " ").title()),
            public=public,
            publicly_queryable=args.get("publicly_queryable", public),
            exclude_from_search=args.get("exclude_from_search", not public),
            hierarchical=args.get("hierarchical", False),
            has_archive=args.get("has_archive", False),
            rewrite_slug=slug,
            with_front=with_front,
            taxonomies=tuple(args.get("taxonomies", ())),
            supports=tuple(args.get("supports", ("title", "editor"))),
        )
    for name, args in taxonomies.items():
        if not _TAX_NAME.match(name):
            raise where.error(
                "taxonomies", name, "a taxonomy name is 1–32 lowercase letters, digits, '-' or '_'."
            )
        if name in registry.taxonomies:
            raise where.error("taxonomies", name, f"{name!r} is built in; choose another name.")
        slug, with_front = _rewrite(args, name)
        object_type = args.get("object_type", ())
        if isinstance(object_type, str):
            object_type = [object_type]
        for type_name in object_type:
            if type_name not in registry.post_types:
                raise where.error(
                    "taxonomies",
                    name,
                    f"object_type names an unknown post type {type_name!r}; declare it as "
                    f"[post_types.{type_name}] or use one of "
                    f"{', '.join(registry.post_types)}.",
                )
        registry.taxonomies[name] = Taxonomy(
            name=name,
            label=args.get("label", name.replace("_", " ").title()),
            object_type=tuple(object_type),
            public=args.get("public", True),
            hierarchical=args.get("hierarchical", False),
            rewrite_slug=slug,
            with_front=with_front,
            query_var=args.get("query_var", name),
        )
    # A post type's ``taxonomies`` argument attaches existing taxonomies to it.
    for pt in registry.custom_post_types():
        for tax_name in pt.taxonomies:
            tax = registry.taxonomies.get(tax_name)
            if tax is None:
                raise where.error(
                    "post_types",
                    pt.name,
                    f"taxonomies names an unknown taxonomy {tax_name!r}; declare it as "
                    f"[taxonomies.{tax_name}] or remove it from the list.",
                )
            if pt.name not in tax.object_type:
                registry.taxonomies[tax_name] = replace(
                    tax, object_type=(*tax.object_type, pt.name)
                )
    return registry
