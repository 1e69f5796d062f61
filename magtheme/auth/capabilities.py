"""WordPress's roles and capabilities, and the one question every admin screen asks: may they?

Two kinds of capability, as in WordPress:

- *Primitive* capabilities are what a role holds (``edit_posts``, ``manage_options``…).
  :data:`ROLE_CAPABILITIES` is exactly what WordPress's ``populate_roles()``
  (``wp-admin/includes/schema.php``, the steps ``populate_roles_160`` to ``populate_roles_300``,
  still the last step in WordPress 6.x) grants the five default roles, built from the same
  steps in the same order (:data:`POPULATE_ROLES`).
- *Meta* capabilities are about one object (``edit_post`` on this post, ``edit_user`` on that
  person). :func:`map_meta_cap` turns one into the primitive capabilities it needs, following
  ``map_meta_cap()`` in WordPress's ``wp-includes/capabilities.php`` case by case: owner or
  not, published/scheduled, private, trashed (and what it was before), the front page and
  the privacy policy page, ``do_not_allow``.

:func:`user_can` puts the two together, like WordPress's ``user_can()`` and
``WP_User::has_cap()``: every mapped capability must be held, and ``do_not_allow`` never is.

What Magtheme leaves out, and why:

- ``level_0`` … ``level_10``. WordPress still grants them, but only as a bridge for plugins
  written for WordPress 1.5's numeric user levels; nothing in WordPress itself checks them and
  Magtheme has no such plugins. ``tests/data/wordpress-roles.json`` keeps them, so the test
  shows this is the only difference.
- Multisite. Single-site WordPress is what Magtheme is: there is no super admin, no
  ``manage_network_*``, and every ``is_multisite()`` branch of ``map_meta_cap`` takes its
  single-site side (``unfiltered_html`` for administrators and editors, ``create_users`` and
  ``delete_user`` mapped to themselves).
- Plugins, core updates, file editors and languages. The capabilities stay in the roles (they
  are WordPress's lists), but no Magtheme screen asks for them, so their meta-cap rules
  (``DISALLOW_FILE_MODS`` and the like) are not reproduced; checked here they pass through.
- The link manager. ``manage_links`` is held by administrators and editors, but WordPress
  answers ``do_not_allow`` unless the ``link_manager_enabled`` option is on, and Magtheme has
  no links; so it is always ``do_not_allow``.

Where Magtheme decides differently, on purpose:

- A scheduled (``future``) post whose time has come is shown to the public without a cron job
  (:mod:`magtheme.visibility`), so ``read_post`` treats it as published (``read``); WordPress,
  whose missed schedules stay ``future`` until cron runs, would ask for ``edit_post``.
- Nobody signed in (``None``) can do nothing, ``exist`` included (WordPress grants ``exist``
  even to a visitor). A user whose role is not one of the five can do nothing either, and
  that is logged once per role, as it is a misconfigured account rather than a visitor.

The module is pure: users, posts, comments and terms are anything with the few attributes the
protocols below name (the SQLAlchemy models fit), and site settings come in a
:class:`SiteFacts`; nothing here reads the database or the clock unless ``now`` is left out.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Protocol

from ..models.users import ROLES
from ..types import Registry
from ..visibility import now_gmt

log = logging.getLogger(__name__)

#: The capability WordPress maps a forbidden action to; no role ever holds it.
DO_NOT_ALLOW: Final = "do_not_allow"

#: WordPress's ``populate_roles()``, step by step: (step, roles, capabilities added).
#: ``level_N`` capabilities are left out (see the module's docstring).
POPULATE_ROLES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "populate_roles_160",
        ("administrator",),
        (
            "switch_themes",
            "edit_themes",
            "activate_plugins",
            "edit_plugins",
            "edit_users",
            "edit_files",
            "manage_options",
            "moderate_comments",
            "manage_categories",
            "manage_links",
            "upload_files",
            "import",
            "unfiltered_html",
            "edit_posts",
            "edit_others_posts",
            "edit_published_posts",
            "publish_posts",
            "edit_pages",
            "read",
        ),
    ),
    (
        "populate_roles_160",
        ("editor",),
        (
            "moderate_comments",
            "manage_categories",
            "manage_links",
            "upload_files",
            "unfiltered_html",
            "edit_posts",
            "edit_others_posts",
            "edit_published_posts",
            "publish_posts",
            "edit_pages",
            "read",
        ),
    ),
    (
        "populate_roles_160",
        ("author",),
        ("upload_files", "edit_posts", "edit_published_posts", "publish_posts", "read"),
    ),
    ("populate_roles_160", ("contributor",), ("edit_posts", "read")),
    ("populate_roles_160", ("subscriber",), ("read",)),
    (
        "populate_roles_210",
        ("administrator", "editor"),
        (
            "edit_others_pages",
            "edit_published_pages",
            "publish_pages",
            "delete_pages",
            "delete_others_pages",
            "delete_published_pages",
            "delete_posts",
            "delete_others_posts",
            "delete_published_posts",
            "delete_private_posts",
            "edit_private_posts",
            "read_private_posts",
            "delete_private_pages",
            "edit_private_pages",
            "read_private_pages",
        ),
    ),
    ("populate_roles_210", ("administrator",), ("delete_users", "create_users")),
    ("populate_roles_210", ("author",), ("delete_posts", "delete_published_posts")),
    ("populate_roles_210", ("contributor",), ("delete_posts",)),
    ("populate_roles_230", ("administrator",), ("unfiltered_upload",)),
    ("populate_roles_250", ("administrator",), ("edit_dashboard",)),
    ("populate_roles_260", ("administrator",), ("update_plugins", "delete_plugins")),
    ("populate_roles_270", ("administrator",), ("install_plugins", "update_themes")),
    ("populate_roles_280", ("administrator",), ("install_themes",)),
    (
        "populate_roles_300",
        ("administrator",),
        (
            "update_core",
            "list_users",
            "remove_users",
            "promote_users",
            "edit_theme_options",
            "delete_themes",
            "export",
        ),
    ),
)


def _populate_roles() -> dict[str, frozenset[str]]:
    granted: dict[str, set[str]] = {role: set() for role in ROLES}
    for _step, roles, caps in POPULATE_ROLES:
        for role in roles:
            granted[role].update(caps)
    return {role: frozenset(caps) for role, caps in granted.items()}


#: Each default role's primitive capabilities.
ROLE_CAPABILITIES: Final[Mapping[str, frozenset[str]]] = _populate_roles()

#: The meta capabilities :func:`map_meta_cap` knows, with what each is checked against.
META_CAPS: Final[Mapping[str, str]] = {
    "edit_post": "a post of any type",
    "delete_post": "a post of any type",
    "read_post": "a post of any type",
    "publish_post": "a post of any type",
    "edit_page": "a page",
    "delete_page": "a page",
    "read_page": "a page",
    "edit_comment": "a comment (and its post)",
    "edit_user": "a user",
    "delete_user": "a user",
    "promote_user": "a user",
    "remove_user": "a user",
    "edit_term": "a term",
    "delete_term": "a term",
    "assign_term": "a term",
    "customize": "nothing",
    "unfiltered_html": "nothing",
    "edit_css": "nothing",
    "create_users": "nothing",
    "manage_links": "nothing",
}


class UserLike(Protocol):
    """Who is asking: :class:`magtheme.models.User` or a :class:`Person`."""

    @property
    def id(self) -> int: ...
    @property
    def role(self) -> str: ...


@dataclass(frozen=True)
class Person:
    """A user reduced to what capabilities need."""

    id: int
    role: str


class PostLike(Protocol):
    """A post of any type: :class:`magtheme.models.Post` or a :class:`PostFacts`."""

    @property
    def id(self) -> int: ...
    @property
    def post_type(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def author_id(self) -> int | None: ...
    @property
    def date_gmt(self) -> datetime: ...
    @property
    def parent_id(self) -> int: ...


@dataclass(frozen=True)
class PostFacts:
    """A post reduced to what capabilities need, plus what it was before it was trashed.

    ``trashed_from`` is WordPress's ``_wp_trash_meta_status`` post meta. A trashed
    :class:`~magtheme.models.Post` passed as it is counts as a trashed draft, which is what
    WordPress decides when that meta is missing.
    """

    id: int
    post_type: str = "post"
    status: str = "draft"
    author_id: int | None = None
    date_gmt: datetime = datetime(1970, 1, 1)
    parent_id: int = 0
    trashed_from: str = ""


class CommentLike(Protocol):
    """A comment: :class:`magtheme.models.Comment` or anything with an ``id`` and ``post_id``."""

    @property
    def id(self) -> int: ...
    @property
    def post_id(self) -> int: ...


class TermLike(Protocol):
    """A term: :class:`magtheme.models.Term` or anything with an ``id`` and ``taxonomy``."""

    @property
    def id(self) -> int: ...
    @property
    def taxonomy(self) -> str: ...


@dataclass(frozen=True)
class SiteFacts:
    """The site's settings WordPress's checks read, gathered once by the caller."""

    #: ``page_on_front`` and ``page_for_posts``: deleting them needs ``manage_options``.
    page_on_front: int = 0
    page_for_posts: int = 0
    #: ``wp_page_for_privacy_policy``: editing or deleting it also needs ``manage_options``.
    page_for_privacy_policy: int = 0
    #: Each taxonomy's default term (``default_category``…), which nobody may delete.
    default_terms: Mapping[str, int] = field(default_factory=lambda: {"category": 1})
    #: WordPress's ``DISALLOW_UNFILTERED_HTML``: nobody may post unfiltered HTML.
    disallow_unfiltered_html: bool = False
    #: The site's post types and taxonomies; ``None``: any type is taken as known.
    registry: Registry | None = None

    @classmethod
    def from_options(
        cls, options: Mapping[str, Any], registry: Registry | None = None
    ) -> SiteFacts:
        """The facts from the site's options (:func:`magtheme.options.load_options`)."""
        return cls(
            page_on_front=int(options.get("page_on_front") or 0),
            page_for_posts=int(options.get("page_for_posts") or 0),
            page_for_privacy_policy=int(options.get("wp_page_for_privacy_policy") or 0),
            default_terms={"category": int(options.get("default_category") or 0)},
            registry=registry,
        )


#: The facts of a fresh site: no front page, category 1 the default.
DEFAULT_SITE: Final = SiteFacts()


class _Missing:
    def __repr__(self) -> str:
        return "<not given>"


_MISSING: Final = _Missing()

# get_post_type_capabilities(): the generic names, concrete per capability_type.
_GENERIC = (
    "edit_posts",
    "edit_others_posts",
    "edit_published_posts",
    "edit_private_posts",
    "publish_posts",
    "read_private_posts",
    "delete_posts",
    "delete_others_posts",
    "delete_published_posts",
    "delete_private_posts",
)
_POST_CAPS: Final = {"read": "read", **{name: name for name in _GENERIC}}
_PAGE_CAPS: Final = {"read": "read", **{name: name.replace("posts", "pages") for name in _GENERIC}}
# wp-includes/post.php create_initial_post_types(): menu items are the theme's options.
_NAV_MENU_ITEM_CAPS: Final = {"read": "read", **{name: "edit_theme_options" for name in _GENERIC}}

# WP_Taxonomy's default capabilities and create_initial_taxonomies()'s own.
_DEFAULT_TAXONOMY_CAPS: Final = {
    "edit_terms": "manage_categories",
    "delete_terms": "manage_categories",
    "assign_terms": "edit_posts",
}
_TAXONOMY_CAPS: Final[Mapping[str, Mapping[str, str]]] = {
    "category": {
        "edit_terms": "edit_categories",
        "delete_terms": "delete_categories",
        "assign_terms": "assign_categories",
    },
    "post_tag": {
        "edit_terms": "edit_post_tags",
        "delete_terms": "delete_post_tags",
        "assign_terms": "assign_post_tags",
    },
    "nav_menu": {
        "edit_terms": "edit_theme_options",
        "delete_terms": "edit_theme_options",
        "assign_terms": "edit_theme_options",
    },
}
# map_meta_cap(): the built-in taxonomies' capabilities, mapped once more.
_TERM_CAP_ALIASES: Final = {
    "manage_post_tags": "manage_categories",
    "edit_categories": "manage_categories",
    "edit_post_tags": "manage_categories",
    "delete_categories": "manage_categories",
    "delete_post_tags": "manage_categories",
    "assign_categories": "edit_posts",
    "assign_post_tags": "edit_posts",
}

# register_post_status(): which statuses are public and which private; the rest are neither.
_PUBLIC_STATUSES: Final = frozenset({"publish"})
_PRIVATE_STATUSES: Final = frozenset({"private"})
_KNOWN_STATUSES: Final = frozenset(
    {"publish", "future", "draft", "pending", "private", "trash", "auto-draft", "inherit"}
)
_PUBLISHED = ("publish", "future")


def role_caps(role: str) -> frozenset[str]:
    """The primitive capabilities *role* holds; none for a role WordPress does not define."""
    return ROLE_CAPABILITIES.get(role, frozenset())


def _post_type_caps(post_type: str, site: SiteFacts) -> Mapping[str, str] | None:
    """The type's concrete capabilities, or ``None`` for a type the registry does not know.

    Magtheme's post types declare no ``capability_type``, so every type but pages and menu
    items uses ``post``'s, as WordPress's ``register_post_type`` does by default.
    """
    if site.registry is not None and site.registry.post_type(post_type) is None:
        return None
    if post_type == "page":
        return _PAGE_CAPS
    if post_type == "nav_menu_item":
        return _NAV_MENU_ITEM_CAPS
    return _POST_CAPS


def _owns(user: UserLike, post: PostLike) -> bool:
    return bool(post.author_id) and user.id == post.author_id


def _trashed_from(post: PostLike) -> str:
    # Only PostFacts carries it; see its docstring.
    return str(getattr(post, "trashed_from", "") or "")


def _edit_or_delete(
    verb: str, user: UserLike, post: PostLike, caps: Mapping[str, str], site: SiteFacts
) -> list[str]:
    """``edit_post`` / ``delete_post`` once the post and its type are known."""
    required: list[str] = []
    if _owns(user, post):
        was = _trashed_from(post) if post.status == "trash" else post.status
        if was in _PUBLISHED:
            required.append(caps[f"{verb}_published_posts"])
        else:
            required.append(caps[f"{verb}_posts"])
    else:
        required.append(caps[f"{verb}_others_posts"])
        if post.status in _PUBLISHED:
            required.append(caps[f"{verb}_published_posts"])
        elif post.status == "private":
            required.append(caps[f"{verb}_private_posts"])
    # Choosing the privacy policy page needs manage_privacy_options (manage_options).
    if site.page_for_privacy_policy and post.id == site.page_for_privacy_policy:
        required.append("manage_options")
    return required


def _read_status(post: PostLike, parent: PostLike | None, now: datetime) -> str:
    """WordPress's ``get_post_status()``, with Magtheme's scheduled posts that are due."""
    status = post.status
    if post.post_type == "attachment":
        if status == "inherit":
            if not post.parent_id or parent is None or parent.id == post.id:
                return "publish"
            if parent.status == "trash":
                return _trashed_from(parent) or "publish"
            return _read_status(parent, None, now)
        if status not in ("private", "trash", "auto-draft"):
            return "publish"
    if status == "future" and post.date_gmt <= now:
        return "publish"  # Magtheme shows due posts without cron (magtheme.visibility).
    return status


def _map_post_cap(
    cap: str,
    user: UserLike,
    post: PostLike | None,
    parent: PostLike | None | _Missing,
    site: SiteFacts,
    now: datetime,
) -> list[str]:
    verb = cap.split("_", 1)[0]  # edit, delete, read, publish
    if post is None:
        return [DO_NOT_ALLOW]
    if post.post_type == "revision":
        if verb == "delete":
            return [DO_NOT_ALLOW]
        if verb in ("edit", "read"):
            # A revision is edited and read through the post it belongs to.
            if parent is None or isinstance(parent, _Missing):
                return [DO_NOT_ALLOW]
            post, parent = parent, _MISSING
    caps = _post_type_caps(post.post_type, site)
    if caps is None:
        return ["edit_others_posts"]  # WordPress's answer for an unregistered post type.
    if verb == "publish":
        return [caps["publish_posts"]]
    if verb == "delete":
        if post.id and post.id in (site.page_for_posts, site.page_on_front):
            return ["manage_options"]
        return _edit_or_delete("delete", user, post, caps, site)
    if verb == "edit":
        return _edit_or_delete("edit", user, post, caps, site)
    status = _read_status(post, None if isinstance(parent, _Missing) else parent, now)
    if status not in _KNOWN_STATUSES:
        return ["edit_others_posts"]  # WordPress's answer for an unregistered status.
    if status in _PUBLIC_STATUSES or _owns(user, post):
        return [caps["read"]]
    if status in _PRIVATE_STATUSES:
        return [caps["read_private_posts"]]
    return _edit_or_delete("edit", user, post, caps, site)


def _map_term_cap(cap: str, term: TermLike | None, site: SiteFacts) -> list[str]:
    if term is None:
        return [DO_NOT_ALLOW]
    if site.registry is not None and site.registry.taxonomy(term.taxonomy) is None:
        return [DO_NOT_ALLOW]
    if cap == "delete_term" and site.default_terms.get(term.taxonomy) == term.id:
        return [DO_NOT_ALLOW]  # A taxonomy's default term cannot be deleted.
    mapped = _TAXONOMY_CAPS.get(term.taxonomy, _DEFAULT_TAXONOMY_CAPS)[f"{cap}s"]
    return [_TERM_CAP_ALIASES.get(mapped, mapped)]


def map_meta_cap(
    cap: str,
    user: UserLike,
    obj: Any = None,
    *,
    now: datetime | None = None,
    site: SiteFacts = DEFAULT_SITE,
    parent: Any = _MISSING,
    post: Any = _MISSING,
) -> tuple[str, ...]:
    """The primitive capabilities *user* needs for *cap* (on *obj*), as WordPress maps them.

    *obj* is the post, comment, user or term the capability is about (see :data:`META_CAPS`);
    a capability that is not a meta capability maps to itself. An empty answer means nothing
    is needed (editing your own profile).

    - *now* (UTC, naive) decides whether a scheduled post is due; default: the clock.
    - *site*: the settings the checks read (front page, privacy page, default terms, types).
    - *parent*: for a revision, the post it belongs to; for an attachment, the post it is
      attached to (``None`` or left out: unattached, or gone).
    - *post*: for ``edit_comment``, the comment's post; ``None`` when it is gone. Required,
      since a forgotten post would wrongly grant what an orphaned comment grants.
    """
    if cap in ("edit_post", "delete_post", "read_post", "publish_post"):
        return tuple(_map_post_cap(cap, user, obj, parent, site, now or now_gmt()))
    if cap in ("edit_page", "delete_page", "read_page"):
        return tuple(_map_post_cap(cap, user, obj, parent, site, now or now_gmt()))
    if cap == "edit_comment":
        if obj is None:
            return (DO_NOT_ALLOW,)
        if isinstance(post, _Missing):
            raise TypeError(
                "edit_comment needs the comment's post: map_meta_cap(..., post=the_post), "
                "or post=None when the post is gone"
            )
        if post is None:
            return ("edit_posts",)  # An orphaned comment: WordPress falls back to edit_posts.
        return tuple(_map_post_cap("edit_post", user, post, _MISSING, site, now or now_gmt()))
    if cap == "edit_user":
        if user.id < 1:
            return (DO_NOT_ALLOW,)
        if obj is not None and obj.id == user.id:
            return ()  # Everyone may edit their own profile.
        return ("edit_users",)
    if cap == "edit_users":
        return (DO_NOT_ALLOW,) if user.id < 1 else ("edit_users",)
    if cap == "remove_user":
        # Single site: nobody removes themselves (only a super admin could).
        return (DO_NOT_ALLOW,) if obj is not None and obj.id == user.id else ("remove_users",)
    if cap in ("promote_user", "add_users"):
        return ("promote_users",)
    if cap in ("delete_user", "delete_users"):
        return ("delete_users",)
    if cap in ("edit_term", "delete_term", "assign_term"):
        return tuple(_map_term_cap(cap, obj, site))
    if cap in _TERM_CAP_ALIASES:
        return (_TERM_CAP_ALIASES[cap],)
    if cap == "customize":
        return ("edit_theme_options",)
    if cap in ("unfiltered_html", "edit_css"):
        return (DO_NOT_ALLOW,) if site.disallow_unfiltered_html else ("unfiltered_html",)
    if cap == "manage_links":
        return (DO_NOT_ALLOW,)  # Only with WordPress's link manager, which Magtheme lacks.
    if cap in ("manage_privacy_options", "setup_network"):
        return ("manage_options",)
    return (cap,)


_unknown_roles_logged: set[str] = set()


def _held(user: UserLike) -> frozenset[str]:
    if user.role not in ROLE_CAPABILITIES:
        if user.role not in _unknown_roles_logged:
            _unknown_roles_logged.add(user.role)
            log.warning(
                "user %s has the role %r, which is not one of %s; they may do nothing",
                user.id,
                user.role,
                ", ".join(ROLES),
            )
        return frozenset()
    return ROLE_CAPABILITIES[user.role] | {"exist"}


def user_can(user: UserLike | None, cap: str, obj: Any = None, **context: Any) -> bool:
    """Whether *user* may do *cap* (to *obj*): WordPress's ``user_can()``.

    *context* is passed to :func:`map_meta_cap` (``now``, ``site``, ``parent``, ``post``).
    Nobody signed in (``None``) and a user of an unknown role may do nothing.
    """
    if user is None:
        return False
    held = _held(user)
    if not held:
        return False
    required = map_meta_cap(cap, user, obj, **context)
    return DO_NOT_ALLOW not in required and all(need in held for need in required)
