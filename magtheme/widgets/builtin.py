"""The built-in widgets: WordPress's core widgets, one data function each.

Each loads what it shows in a fixed number of SQL statements however much content the site
has (noted on each), shows only what the public may see (:mod:`magtheme.visibility`), and
renders through ``widgets/<type>.html`` (defaults in ``magtheme/builtin_templates/widgets``).
A data function returning ``None`` shows nothing, as WordPress's widgets print nothing when
they have nothing to list.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import extract, func, select, union_all

from ..content.titles import title_html
from ..dates import format_date
from ..menus import MenuItem, load_menu
from ..menus.tree import shown_for
from ..models import AnySession, Post, Term
from ..routing.lookup import LINK_POST_COLUMNS
from ..slugs import decode_slug
from ..visibility import visible_clause
from .registry import Field, WidgetContext, WidgetRegistry

#: The built-in types; :func:`register_builtin_widgets` copies them into a site's registry.
BUILTIN_WIDGETS = WidgetRegistry()
widget = BUILTIN_WIDGETS.widget

TITLE = Field("title", "text", "Title", default="", max_length=200)

#: What links need of a post (see routing.lookup.PostRef), plus what lists print.
_POST_COLUMNS = (*LINK_POST_COLUMNS, Post.title, Post.password, Post.menu_order)
# ``count`` is labelled ``uses``: a Row is a tuple, and tuple.count would shadow it.
_TERM_COLUMNS = (
    Term.id,
    Term.taxonomy,
    Term.slug,
    Term.name,
    Term.parent_id,
    Term.count.label("uses"),
)

# WordPress's wp_tag_cloud defaults.
TAG_CLOUD_SIZE = 45
TAG_CLOUD_SMALLEST = 8
TAG_CLOUD_LARGEST = 22


def register_builtin_widgets(registry: WidgetRegistry) -> None:
    """Add the built-in widget types to *registry*."""
    for widget_type in BUILTIN_WIDGETS:
        registry.register(widget_type)


# -- link preloading: a fixed number of statements for any number of links ----------------


def preload_links(linker: Any, posts: Sequence[Any]) -> None:
    """Load what the links of *posts* need at once, when the permalinks need anything.

    Posts' links look up categories (``%category%``), authors (``%author%``) and, for pages
    and attachments, ancestors; :meth:`DbLookup.preload` loads all of it in a few
    statements. Plain ``/%year%/…/%postname%/`` links need nothing, so nothing is loaded.
    """
    if not posts:
        return
    preload = getattr(linker, "preload", None)
    if preload is None:
        lookup = getattr(linker, "lookup", None)
        preload = getattr(lookup, "preload", None)
        structs = getattr(linker, "structs", None)
        structure = str(getattr(structs, "structure", "") or "")
        needed = (
            "%category%" in structure
            or "%author%" in structure
            or any(post.post_type != "post" for post in posts)
        )
        if not needed:
            return
    if preload is not None:
        preload(posts)


def preload_terms(linker: Any, term_ids: Iterable[int]) -> None:
    """Load *term_ids* and their ancestors for hierarchical term links (one statement)."""
    ids = [i for i in term_ids if i]
    if not ids:
        return
    lookup = getattr(linker, "lookup", None)
    if lookup is not None and hasattr(lookup, "preload_terms"):
        lookup.preload_terms(ids)


# -- views -------------------------------------------------------------------------------


@dataclass
class PostLink:
    """A post in a widget list."""

    id: int
    title: str
    url: str
    date: datetime
    date_text: str
    current: bool = False


@dataclass
class TermLink:
    """A category or tag in a widget list; ``children`` for hierarchical lists."""

    id: int
    name: str
    slug: str
    url: str
    count: int
    classes: str = ""
    current: bool = False
    size: str = ""
    children: list[TermLink] = field(default_factory=list)


@dataclass
class PageLink:
    id: int
    title: str
    url: str
    classes: str = ""
    current: bool = False
    children: list[PageLink] = field(default_factory=list)


@dataclass
class MonthLink:
    year: int
    month: int
    label: str
    url: str
    count: int
    current: bool = False


def _post_title(row: Any) -> Markup:
    """WordPress's get_the_title in a list (safe HTML): protected posts say so, untitled
    ones too."""
    title = title_html(row.title or "(no title)")
    return Markup("Protected: ") + title if row.password else title


def _queried(context: WidgetContext) -> Any:
    query = context.query
    return getattr(query, "queried_object", None) if query is not None else None


def _tree(items: dict[int, Any], parents: dict[int, int]) -> list[Any]:
    """Items under their parents, in the given order; orphans at the top (WordPress's Walker)."""
    roots: list[Any] = []
    for item_id, item in items.items():
        parent = items.get(parents.get(item_id, 0))
        (parent.children if parent is not None and parent is not item else roots).append(item)
    return roots


def _ancestors(item_id: int, parents: Mapping[int, int]) -> list[int]:
    found: list[int] = []
    current = parents.get(item_id, 0)
    while current and current not in found and current != item_id:
        found.append(current)
        current = parents.get(current, 0)
    return found


# -- the widgets ---------------------------------------------------------------------------


@widget("search", name="Search", fields=[TITLE], many=True, depends=(), vary=("page",))
def search(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """A search form for the site, holding the current search. No SQL."""
    query = context.query
    data = {"action": context.linker.home(), "value": getattr(query, "search", "") or ""}
    return [dict(data) for _settings in settings_list]


@widget(
    "text",
    name="Text",
    fields=[
        TITLE,
        Field("text", "textarea", "Content", default="", max_length=20_000),
        Field("filter", "boolean", "Automatically add paragraphs", default=True),
    ],
    many=True,
    depends=(),
)
def text(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """Plain text, escaped; blank lines make paragraphs. No SQL."""
    return [
        {"content": plain_text_html(str(settings["text"]), paragraphs=settings["filter"])}
        for settings in settings_list
    ]


def plain_text_html(text: str, *, paragraphs: bool = True) -> Markup:
    """Plain *text* as safe HTML: escaped, blank lines → paragraphs, newlines → ``<br>``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not paragraphs:
        return escape(text)
    blocks = [block.strip() for block in text.split("\n\n")]
    return Markup("\n").join(
        Markup("<p>{}</p>").format(
            Markup("<br>\n").join(escape(line) for line in block.split("\n"))
        )
        for block in blocks
        if block
    )


@widget(
    "categories",
    name="Categories",
    default_title="Categories",
    fields=[
        TITLE,
        Field("count", "boolean", "Show post counts", default=False),
        Field("hierarchical", "boolean", "Show hierarchy", default=False),
    ],
    many=True,
    depends=("terms",),
    vary=("page",),
)
def categories(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """Categories with posts, by name; nested when hierarchical. One statement for every
    instance, plus one for the parents' slugs when category links include them."""
    rows = session.execute(
        select(*_TERM_COLUMNS).where(Term.taxonomy == "category").order_by(Term.name, Term.id)
    ).all()
    parents = {row.id: row.parent_id for row in rows}
    used = {row.id for row in rows if row.uses > 0}
    # WordPress keeps an empty category that has a non-empty descendant (when nested).
    with_ancestors = set(used)
    for row in rows:
        if row.uses > 0:
            with_ancestors.update(_ancestors(row.id, parents))
    hierarchical_wanted = any(settings["hierarchical"] for settings in settings_list)
    preload_terms(
        context.linker,
        {
            row.parent_id
            for row in rows
            if row.id in (with_ancestors if hierarchical_wanted else used)
        },
    )
    queried = _queried(context)
    current = queried.id if getattr(queried, "taxonomy", None) == "category" else 0
    current_ancestors = _ancestors(current, parents) if current else []
    results: list[dict[str, Any] | None] = []
    for settings in settings_list:
        hierarchical = bool(settings["hierarchical"])
        shown = with_ancestors if hierarchical else used
        items: dict[int, TermLink] = {}
        for row in rows:
            if row.id not in shown:
                continue
            classes = ["cat-item", f"cat-item-{row.id}"]
            if row.id == current:
                classes.append("current-cat")
            elif current_ancestors and row.id == current_ancestors[0]:
                classes.append("current-cat-parent")
            if row.id in current_ancestors:
                classes.append("current-cat-ancestor")
            items[row.id] = TermLink(
                id=row.id,
                name=row.name,
                slug=decode_slug(row.slug),
                url=context.linker.term(row),
                count=row.uses,
                classes=" ".join(classes),
                current=row.id == current,
            )
        tree = _tree(items, parents) if hierarchical else list(items.values())
        results.append({"categories": tree, "show_count": settings["count"]})
    return results


def _tag_cloud_title(settings: Mapping[str, Any]) -> str:
    return "Categories" if settings.get("taxonomy") == "category" else "Tags"


@widget(
    "tag-cloud",
    name="Tag Cloud",
    classname="widget_tag_cloud",
    default_title=_tag_cloud_title,
    fields=[
        TITLE,
        Field(
            "taxonomy",
            "select",
            "Taxonomy",
            default="post_tag",
            choices=(("post_tag", "Tags"), ("category", "Categories")),
        ),
        Field("count", "boolean", "Show tag counts", default=False),
    ],
    many=True,
    depends=("terms",),
)
def tag_cloud(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """WordPress's tag cloud: the 45 most used terms, by name, sized by use. One statement
    for every instance: a union of one limited select per taxonomy shown."""
    taxonomies = sorted({str(settings["taxonomy"]) for settings in settings_list})
    branches = [
        select(
            select(*_TERM_COLUMNS)
            .where(Term.taxonomy == taxonomy, Term.count > 0)
            .order_by(Term.count.desc(), Term.name)
            .limit(TAG_CLOUD_SIZE)
            .subquery()
        )
        for taxonomy in taxonomies
    ]
    statement: Any = branches[0] if len(branches) == 1 else union_all(*branches)
    by_taxonomy: dict[str, list[Any]] = {taxonomy: [] for taxonomy in taxonomies}
    for row in session.execute(statement).all():
        by_taxonomy[row.taxonomy].append(row)
    if by_taxonomy.get("category"):
        preload_terms(context.linker, {row.parent_id for row in by_taxonomy["category"]})
    clouds = {taxonomy: _cloud(rows, context) for taxonomy, rows in by_taxonomy.items()}
    return [
        {"tags": clouds[str(s["taxonomy"])], "show_count": s["count"]}
        if clouds[str(s["taxonomy"])]
        else None
        for s in settings_list
    ]


def _cloud(rows: Sequence[Any], context: WidgetContext) -> list[TermLink]:
    """WordPress's default_topic_count_scale, then a linear spread from 8pt to 22pt."""
    if not rows:
        return []
    scaled = {row.id: round(math.log10(row.uses + 1) * 100) for row in rows}
    lowest = min(scaled.values())
    spread = max(scaled.values()) - lowest or 1
    step = (TAG_CLOUD_LARGEST - TAG_CLOUD_SMALLEST) / spread
    return [
        TermLink(
            id=row.id,
            name=row.name,
            slug=decode_slug(row.slug),
            url=context.linker.term(row),
            count=row.uses,
            size=f"{round(TAG_CLOUD_SMALLEST + (scaled[row.id] - lowest) * step, 3):g}",
        )
        for row in sorted(rows, key=lambda r: (r.name.lower(), r.id))
    ]


@widget(
    "archives",
    name="Archives",
    classname="widget_archive",
    default_title="Archives",
    fields=[TITLE, Field("count", "boolean", "Show post counts", default=False)],
    many=True,
    depends=("posts", "time"),
    vary=("page",),
)
def archives(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """Monthly archives, newest first, with their post counts. One statement for every
    instance."""
    year = extract("year", Post.date)
    month = extract("month", Post.date)
    rows = session.execute(
        select(year.label("year"), month.label("month"), func.count(Post.id).label("posts"))
        .where(Post.post_type == "post", visible_clause(context.now))
        .group_by(year, month)
        .order_by(year.desc(), month.desc())
    ).all()
    months = []
    for row in rows:
        y, m = int(row.year), int(row.month)
        url = context.linker.month(y, m)
        months.append(
            MonthLink(
                y,
                m,
                format_date(datetime(y, m, 1), "F Y"),
                url,
                int(row.posts),
                current=bool(context.current_url) and url == context.current_url,
            )
        )
    return [{"months": months, "show_count": settings["count"]} for settings in settings_list]


#: Each sort of the pages widget: its ORDER BY, and the column its rank is selected as.
_PAGE_ORDER = {
    "post_title": (Post.title, Post.id),
    "menu_order": (Post.menu_order, Post.title, Post.id),
    "ID": (Post.id,),
}
_PAGE_RANK = {sortby: f"rank_{index}" for index, sortby in enumerate(_PAGE_ORDER)}


@widget(
    "pages",
    name="Pages",
    default_title="Pages",
    fields=[
        TITLE,
        Field(
            "sortby",
            "select",
            "Sort by",
            default="post_title",
            choices=(("post_title", "Page title"), ("menu_order", "Page order"), ("ID", "Page ID")),
        ),
        Field("exclude", "text", "Exclude (page IDs, separated by commas)", default=""),
    ],
    many=True,
    depends=("posts", "time"),
    vary=("page",),
)
def pages(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """Public pages as a tree (WordPress's wp_list_pages). One statement for every instance,
    whatever their sort and exclusions (the database ranks the pages in each order), plus
    at most three to preload the links' ancestors and authors."""
    ranks = [
        func.row_number().over(order_by=order).label(_PAGE_RANK[sortby])
        for sortby, order in _PAGE_ORDER.items()
    ]
    rows = session.execute(
        select(*_POST_COLUMNS, *ranks).where(Post.post_type == "page", visible_clause(context.now))
    ).all()
    if not rows:
        return [None] * len(settings_list)
    preload_links(context.linker, rows)
    parents = {row.id: row.parent_id for row in rows}
    queried = _queried(context)
    current = queried.id if getattr(queried, "post_type", None) == "page" else 0
    current_ancestors = _ancestors(current, {**parents, current: getattr(queried, "parent_id", 0)})
    links = {row.id: _page_link(row, context, current, current_ancestors) for row in rows}
    results: list[dict[str, Any] | None] = []
    for settings in settings_list:
        exclude = {
            int(part)
            for part in str(settings["exclude"]).replace(",", " ").split()
            if part.isdigit()
        }
        rank = _PAGE_RANK[str(settings["sortby"])]
        kept = sorted(
            (row for row in rows if row.id not in exclude), key=lambda r: getattr(r, rank)
        )
        if not kept:
            results.append(None)
            continue
        has_children = {row.parent_id for row in kept}
        items: dict[int, PageLink] = {}
        for row in kept:
            link = links[row.id]
            classes = link.classes
            if row.id in has_children:
                classes = classes.replace(
                    f"page-item-{row.id}", f"page-item-{row.id} page_item_has_children", 1
                )
            items[row.id] = PageLink(link.id, link.title, link.url, classes, link.current)
        results.append({"pages": _tree(items, parents)})
    return results


def _page_link(
    row: Any, context: WidgetContext, current: int, current_ancestors: list[int]
) -> PageLink:
    """A page's link and classes (``page_item_has_children`` is added per instance)."""
    classes = ["page_item", f"page-item-{row.id}"]
    if row.id in current_ancestors:
        classes.append("current_page_ancestor")
    if current_ancestors and row.id == current_ancestors[0]:
        classes.append("current_page_parent")
    if row.id == current:
        classes.append("current_page_item")
    return PageLink(
        row.id,
        _post_title(row),
        context.linker.post(row),
        " ".join(classes),
        current=row.id == current,
    )


@widget(
    "custom-menu",
    name="Navigation Menu",
    classname="widget_nav_menu",
    fields=[TITLE, Field("nav_menu", "number", "Menu (nav_menu term ID)", default=0, min=0)],
    depends=("menus", "posts", "terms", "time"),
    vary=("page",),
)
def custom_menu(
    session: AnySession, settings: Mapping[str, Any], context: WidgetContext
) -> dict | None:
    """One navigation menu, its current item decided by the page's query. A fixed number of
    statements however long the menu is (the menu, then magtheme.menus.load_menu's)."""
    menu_id = int(settings["nav_menu"])
    if not menu_id:
        return None
    menu = session.execute(
        select(Term.id, Term.slug, Term.name).where(Term.id == menu_id, Term.taxonomy == "nav_menu")
    ).first()
    if menu is None:
        return None
    registry = getattr(context.linker, "registry", None)
    shown = shown_for(session, context.query, registry, context.current_url)
    items: list[MenuItem] = load_menu(session, menu_id, context.linker, shown=shown)
    if not items:
        return None
    return {
        "menu": {"id": menu.id, "name": menu.name, "slug": decode_slug(menu.slug)},
        "items": items,
    }


__all__ = [
    "BUILTIN_WIDGETS",
    "MonthLink",
    "PageLink",
    "PostLink",
    "TermLink",
    "plain_text_html",
    "preload_links",
    "preload_terms",
    "register_builtin_widgets",
]
