"""The template hierarchy: which template names, in which order, for one request.

A pure translation of WordPress's ``get_*_template()`` getters (``wp-includes/template.php``)
and the template loader's conditional table (``template-loader.php``). Each getter below
answers for one conditional and returns its candidate list; :func:`template_candidates`
joins the lists of every true conditional in the loader's order, ends with ``index.html``
and drops repeats. Picking the first name that exists is the theme chain's job, not ours.

Names use ``.html`` where WordPress uses ``.php`` (``category-news.html``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from .context import QueriedPost, QueriedTerm, QueriedUser, QueryContext
from .slugs import decode_slug


def _filled(value: str) -> bool:
    # WordPress tests slugs and MIME subtypes with PHP's empty()/truthiness, for which
    # "0" is as empty as "". Mirroring it keeps lists identical for a term slugged "0".
    return value not in ("", "0")


def _slug_names(prefix: str, slug: str) -> list[str]:
    """``{prefix}{decoded}.html`` (only when decoding changes it), then ``{prefix}{slug}.html``."""
    decoded = decode_slug(slug)
    names = [f"{prefix}{decoded}.html"] if decoded != slug else []
    return [*names, f"{prefix}{slug}.html"]


def is_valid_template_path(value: str) -> bool:
    """WordPress's ``validate_file`` without an allow-list: is *value* a safe relative path?"""
    # wp_normalize_path: backslashes become slashes and runs of slashes collapse.
    path = re.sub(r"(?<=.)/+", "/", value.replace("\\", "/"))
    if path == "../" or path.count("../") > 1:
        return False
    if "../" in path and not path.endswith("../"):
        return False
    # A drive letter ("C:/x.php") is an absolute Windows path.
    return path[1:2] != ":"


def custom_template(post: QueriedPost) -> str | None:
    """The post's chosen template (``_wp_page_template``) as an ``.html`` name, if usable.

    ``None`` for no choice, ``default``, a path ``validate_file`` rejects, or a value that
    names a directory. Values imported from WordPress end in ``.php`` and become ``.html``;
    block-theme values are bare slugs and get ``.html`` appended. Directories are kept
    (``page-templates/full-width.html``): the name is relative to the theme root.
    """
    value = post.page_template
    if not _filled(value) or value == "default" or not is_valid_template_path(value):
        return None
    base = posixpath.basename(value.replace("\\", "/"))
    if base in ("", ".", ".."):
        # "x/../" passes validate_file but names a directory, never a template.
        return None
    if value.endswith(".php"):
        return value[: -len(".php")] + ".html"
    if not posixpath.splitext(base)[1]:
        return value + ".html"
    return value


# -- One getter per conditional. Each takes the whole context so they share a signature
# -- and can sit in one table; the fixed lists simply ignore it.


def embed_candidates(ctx: QueryContext) -> list[str]:
    """``get_embed_template``: ``embed-{type}-{format}``, ``embed-{type}``, ``embed``."""
    post = ctx.queried
    names: list[str] = []
    if isinstance(post, QueriedPost) and _filled(post.post_type):
        # get_post_format() answers only for types that support formats; "" is standard.
        if post.type_supports_formats and post.post_format not in ("", "standard"):
            names.append(f"embed-{post.post_type}-{post.post_format}.html")
        names.append(f"embed-{post.post_type}.html")
    return [*names, "embed.html"]


def not_found_candidates(ctx: QueryContext) -> list[str]:
    """``get_404_template``."""
    return ["404.html"]


def search_candidates(ctx: QueryContext) -> list[str]:
    """``get_search_template``."""
    return ["search.html"]


def front_page_candidates(ctx: QueryContext) -> list[str]:
    """``get_front_page_template``."""
    return ["front-page.html"]


def home_candidates(ctx: QueryContext) -> list[str]:
    """``get_home_template``: the blog list names ``index`` itself."""
    return ["home.html", "index.html"]


def privacy_policy_candidates(ctx: QueryContext) -> list[str]:
    """``get_privacy_policy_template``."""
    return ["privacy-policy.html"]


def archive_candidates(ctx: QueryContext) -> list[str]:
    """``get_archive_template``: ``archive-{post_type}`` when one type is queried, ``archive``."""
    # Only the post_type query var counts, never the types a taxonomy is registered for.
    names = [f"archive-{ctx.post_type}.html"] if _filled(ctx.post_type) else []
    return [*names, "archive.html"]


def post_type_archive_candidates(ctx: QueryContext) -> list[str]:
    """``get_post_type_archive_template``: the archive list, or nothing without a type.

    WP_Query sets ``is_post_type_archive`` only for a type with ``has_archive``, so the
    flag stands in for the getter's own ``has_archive`` re-check.
    """
    return archive_candidates(ctx) if _filled(ctx.post_type) else []


def taxonomy_candidates(ctx: QueryContext) -> list[str]:
    """``get_taxonomy_template``: decoded, slug, term ID (WordPress 6.9+), taxonomy, generic."""
    term = ctx.queried
    names: list[str] = []
    if isinstance(term, QueriedTerm) and _filled(term.slug):
        # Joined with "-" and nothing escaped: "product-cat" + "shirts" stays as it is.
        prefix = f"taxonomy-{term.taxonomy}-"
        names += _slug_names(prefix, term.slug)
        names += [f"{prefix}{term.id}.html", f"taxonomy-{term.taxonomy}.html"]
    return [*names, "taxonomy.html"]


def attachment_candidates(ctx: QueryContext) -> list[str]:
    """``get_attachment_template``: ``{type}-{subtype}``, ``{subtype}``, ``{type}``, generic."""
    post = ctx.queried
    names: list[str] = []
    if isinstance(post, QueriedPost):
        kind, _, rest = post.mime_type.partition("/")
        subtype = rest.split("/")[0]  # PHP's list() keeps the first two parts only.
        if _filled(subtype):
            names += [f"{kind}-{subtype}.html", f"{subtype}.html"]
        names.append(f"{kind}.html")
    return [*names, "attachment.html"]


def single_candidates(ctx: QueryContext) -> list[str]:
    """``get_single_template``: custom template, ``single-{type}-{slug}``, ``single-{type}``."""
    post = ctx.queried
    names: list[str] = []
    if isinstance(post, QueriedPost) and _filled(post.post_type):
        if chosen := custom_template(post):
            names.append(chosen)
        # The post type is always part of the name, even for plain posts.
        names += _slug_names(f"single-{post.post_type}-", post.slug)
        names.append(f"single-{post.post_type}.html")
    return [*names, "single.html"]


def page_candidates(ctx: QueryContext) -> list[str]:
    """``get_page_template``: custom template, ``page-{slug}``, ``page-{id}``, ``page``.

    The slug is the page's own (a child page's parents are already stripped).
    """
    post = ctx.queried
    names: list[str] = []
    if isinstance(post, QueriedPost):
        if chosen := custom_template(post):
            names.append(chosen)
        if _filled(post.slug):
            names += _slug_names("page-", post.slug)
        if post.id:
            names.append(f"page-{post.id}.html")
    return [*names, "page.html"]


def singular_candidates(ctx: QueryContext) -> list[str]:
    """``get_singular_template``."""
    return ["singular.html"]


def category_candidates(ctx: QueryContext) -> list[str]:
    """``get_category_template``: decoded, slug, term ID, ``category``."""
    return _term_candidates(ctx, "category")


def tag_candidates(ctx: QueryContext) -> list[str]:
    """``get_tag_template``: decoded, slug, term ID, ``tag``."""
    return _term_candidates(ctx, "tag")


def _term_candidates(ctx: QueryContext, prefix: str) -> list[str]:
    term = ctx.queried
    names: list[str] = []
    if isinstance(term, QueriedTerm) and _filled(term.slug):
        names += _slug_names(f"{prefix}-", term.slug)
        names.append(f"{prefix}-{term.id}.html")
    return [*names, f"{prefix}.html"]


def author_candidates(ctx: QueryContext) -> list[str]:
    """``get_author_template``: ``author-{nicename}``, ``author-{id}``, ``author``.

    Unlike the slug getters, WordPress never decodes the nicename here.
    """
    user = ctx.queried
    names: list[str] = []
    if isinstance(user, QueriedUser):
        names += [f"author-{user.nicename}.html", f"author-{user.id}.html"]
    return [*names, "author.html"]


def date_candidates(ctx: QueryContext) -> list[str]:
    """``get_date_template``: one name for year, month, day and time archives alike."""
    return ["date.html"]


def index_candidates(ctx: QueryContext) -> list[str]:
    """``get_index_template``: the last resort of every request."""
    return ["index.html"]


Getter = Callable[[QueryContext], list[str]]

#: The template loader's conditional table: conditional, hierarchy type, getter.
#: The order is WordPress's; it is why, say, ``archive-book`` outranks ``category-news``.
LOADER_TABLE: tuple[tuple[str, str, Getter], ...] = (
    ("is_embed", "embed", embed_candidates),
    ("is_404", "404", not_found_candidates),
    ("is_search", "search", search_candidates),
    ("is_front_page", "frontpage", front_page_candidates),
    ("is_home", "home", home_candidates),
    ("is_privacy_policy", "privacypolicy", privacy_policy_candidates),
    ("is_post_type_archive", "archive", post_type_archive_candidates),
    ("is_tax", "taxonomy", taxonomy_candidates),
    ("is_attachment", "attachment", attachment_candidates),
    ("is_single", "single", single_candidates),
    ("is_page", "page", page_candidates),
    ("is_singular", "singular", singular_candidates),
    ("is_category", "category", category_candidates),
    ("is_tag", "tag", tag_candidates),
    ("is_author", "author", author_candidates),
    ("is_date", "date", date_candidates),
    ("is_archive", "archive", archive_candidates),
)


#: WordPress's hierarchy type names, the ``{type}`` of ``{type}_template_hierarchy``: the
#: table's types in order, then the loader's fallback.
HIERARCHY_TYPES: tuple[str, ...] = (*dict.fromkeys(t for _, t, _ in LOADER_TABLE), "index")


#: A ``{type}_template_hierarchy`` filter: gets a getter's list, returns the list to use.
HierarchyFilter = Callable[[list[str], QueryContext], list[str]]


class HierarchyFilters:
    """A registry of hierarchy filters, WordPress's ``{type}_template_hierarchy`` hooks.

    Filters for one type run in the order they were added; each gets the list the previous
    one returned. ``archive`` covers both the post-type-archive and the archive getter, as
    in WordPress::

        filters = HierarchyFilters()

        @filters.on("single")
        def landing_first(templates, ctx):
            return ["landing.html", *templates]
    """

    def __init__(self) -> None:
        self._filters: dict[str, list[HierarchyFilter]] = {}

    def add(self, type_name: str, fn: HierarchyFilter) -> HierarchyFilter:
        """Register *fn* for *type_name* and return it unchanged."""
        # A typo such as "front_page" would otherwise register a filter that never runs.
        if type_name not in HIERARCHY_TYPES:
            raise ValueError(f"unknown hierarchy type {type_name!r}; use one of {HIERARCHY_TYPES}")
        self._filters.setdefault(type_name, []).append(fn)
        return fn

    def on(self, type_name: str) -> Callable[[HierarchyFilter], HierarchyFilter]:
        """Decorator form of :meth:`add`: ``@filters.on("single")``."""
        return lambda fn: self.add(type_name, fn)

    def apply(self, type_name: str, templates: list[str], ctx: QueryContext) -> list[str]:
        """Run every filter registered for *type_name* over *templates*."""
        for fn in self._filters.get(type_name, ()):
            # Hand each filter its own copy, so one that mutates in place cannot
            # change the list a caller (or ``explain``) is still holding.
            templates = list(fn(list(templates), ctx))
        return templates


def explain(
    ctx: QueryContext, filters: HierarchyFilters | None = None
) -> list[tuple[str, list[str]]]:
    """Each true conditional's hierarchy type and (filtered) list, in loader order.

    Ends with ``("index", [...])``, the loader's fallback, so the pairs account for every
    name :func:`template_candidates` returns. A post type archive without a type shows an
    empty list: WordPress's getter gives up before its filter runs.
    """
    filters = filters or HierarchyFilters()
    steps: list[tuple[str, list[str]]] = []
    for conditional, type_name, getter in LOADER_TABLE:
        if getattr(ctx, conditional):
            names = getter(ctx)
            steps.append((type_name, filters.apply(type_name, names, ctx) if names else names))
    steps.append(("index", filters.apply("index", index_candidates(ctx), ctx)))
    return steps


def template_candidates(ctx: QueryContext, filters: HierarchyFilters | None = None) -> list[str]:
    """The effective lookup order for *ctx*: what ``magtheme resolve`` prints.

    The lists of every true conditional joined in loader order, then ``index.html``. A
    name already tried cannot succeed on a later try, so repeats are dropped (the first
    kept); so are empty names, which WordPress's lookup skips.
    """
    names = (name for _, step in explain(ctx, filters) for name in step)
    return list(dict.fromkeys(name for name in names if _filled(name)))
