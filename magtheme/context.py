"""The query context: what one request asks for, as WordPress's conditionals see it.

Pure data, no Flask and no database: routing fills :class:`QueryVars`, the main query
(``query.py``) turns them into a :class:`QueryContext`, and the template hierarchy
(``hierarchy.py``) reads only the flags and the *queried* descriptor defined here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: WordPress's public query vars that Magtheme understands, in WP's names.
QueryVars = dict[str, str]

#: The post meta that holds a post's own sidebar placement (``left``, ``right``, ``none``).
SIDEBAR_META = "_magtheme_sidebar"


@dataclass(frozen=True)
class QueriedPost:
    """What the hierarchy needs to know of a singular request's post (any post type)."""

    id: int
    post_type: str
    #: ``post_name`` as stored (percent-encoded for non-ASCII).
    slug: str
    mime_type: str = ""
    #: ``_wp_page_template`` meta, as stored ("" when none).
    page_template: str = ""
    #: ``_magtheme_sidebar`` meta: the post's own sidebar placement ("" when none).
    sidebar: str = ""
    #: The post format slug without prefix (``quote``); "" for standard.
    post_format: str = ""
    #: Whether the post's type supports post formats (``post`` does).
    type_supports_formats: bool = False


@dataclass(frozen=True)
class QueriedTerm:
    """A term archive's term."""

    id: int
    taxonomy: str
    slug: str


@dataclass(frozen=True)
class QueriedUser:
    """An author archive's author."""

    id: int
    nicename: str


@dataclass(frozen=True)
class QueriedPostType:
    """A post type archive's type."""

    name: str


Queried = QueriedPost | QueriedTerm | QueriedUser | QueriedPostType

#: Every conditional of WordPress's main query, in the order WordPress's docs list them.
CONDITIONALS = (
    "is_home",
    "is_front_page",
    "is_posts_page",
    "is_single",
    "is_page",
    "is_singular",
    "is_attachment",
    "is_archive",
    "is_category",
    "is_tag",
    "is_tax",
    "is_author",
    "is_date",
    "is_year",
    "is_month",
    "is_day",
    "is_time",
    "is_search",
    "is_404",
    "is_paged",
    "is_embed",
    "is_feed",
    "is_privacy_policy",
    "is_post_type_archive",
)


@dataclass
class QueryContext:
    """One request's main query: conditionals, what was queried, and the page of posts.

    ``queried`` is the pure descriptor the hierarchy reads; ``queried_object`` is the model
    object templates see (a ``Post``, ``Term``, ``User`` or ``PostType``).
    """

    query_vars: QueryVars = field(default_factory=dict)
    is_home: bool = False
    is_front_page: bool = False
    is_posts_page: bool = False
    is_single: bool = False
    is_page: bool = False
    is_singular: bool = False
    is_attachment: bool = False
    is_archive: bool = False
    is_category: bool = False
    is_tag: bool = False
    is_tax: bool = False
    is_author: bool = False
    is_date: bool = False
    is_year: bool = False
    is_month: bool = False
    is_day: bool = False
    is_time: bool = False
    is_search: bool = False
    is_404: bool = False
    is_paged: bool = False
    is_embed: bool = False
    is_feed: bool = False
    is_privacy_policy: bool = False
    is_post_type_archive: bool = False
    #: A trackback endpoint (``/post/trackback/``, ``?tb=1``). Never true while a template
    #: renders: the loader answers trackbacks itself, so it is not in :data:`CONDITIONALS`.
    is_trackback: bool = False
    #: The ``post_type`` query var after WordPress's processing: one type name, or "".
    post_type: str = ""
    queried: Queried | None = None
    queried_object: Any = None
    #: The posts of this page (the main loop), already eager-loaded.
    posts: list[Any] = field(default_factory=list)
    found_posts: int = 0
    paged: int = 1
    max_num_pages: int = 0
    #: The part of a ``<!--nextpage-->`` post being shown (1-based).
    page: int = 1
    search_terms: str = ""

    def flags(self) -> dict[str, bool]:
        """The conditionals that are true, for debugging and ``magtheme resolve``."""
        return {name: True for name in CONDITIONALS if getattr(self, name)}
