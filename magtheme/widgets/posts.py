"""Post-list widgets: WordPress's Recent Posts, and the category block of a magazine home page.

Both load through :func:`magtheme.widgets.postlists.load_lists`: every instance of an area
(or every block of the home sections) in one statement, plus one each for the thumbnails,
authors, categories and excerpts that some instance shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from ..models import AnySession, Term
from ..slugs import encode_slug
from .builtin import TITLE, _queried, preload_terms, widget
from .postlists import ListSpec, check_category, load_lists, shown_lists
from .registry import DEFAULT_TITLE, TITLE_URL, Field, WidgetContext

#: The category-posts layouts.
LAYOUTS = (
    ("big-and-small", "One big, the rest small"),
    ("grid", "Grid"),
    ("list", "List"),
)

CATEGORY = Field(
    "category",
    "text",
    "Category slug",
    default="",
    max_length=200,
    help="The slug of a category (news, world-politics); empty for every category.",
)


@widget(
    "recent-posts",
    name="Recent Posts",
    classname="widget_recent_entries",
    default_title="Recent Posts",
    fields=[
        TITLE,
        Field("number", "number", "Number of posts to show", default=5, min=1, max=20),
        Field("show_date", "boolean", "Display post date?", default=False),
        Field("show_thumbnail", "boolean", "Display featured image?", default=False),
        CATEGORY,
    ],
    many=True,
    depends=("posts", "terms", "time"),
    vary=("page",),
    check=check_category,
)
def recent_posts(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """The newest public posts, of one category when set. One statement for every instance,
    plus one for thumbnails when shown."""
    specs = [
        ListSpec(
            source="category" if str(s["category"]).strip() else "latest",
            term=str(s["category"]),
            count=int(s["number"]),
            thumbnails=bool(s["show_thumbnail"]),
        )
        for s in settings_list
    ]
    lists = load_lists(session, specs, context)
    return shown_lists(settings_list, lists, ("show_date", "show_thumbnail"))


def _categories_by_slug(
    session: AnySession, linker: Any, slugs: set[str]
) -> dict[str, tuple[str, str]]:
    """Each category slug's name and archive URL, in one statement."""
    if not slugs:
        return {}
    rows = session.execute(
        select(Term.id, Term.taxonomy, Term.slug, Term.name, Term.parent_id).where(
            Term.taxonomy == "category", Term.slug.in_(sorted({encode_slug(s) for s in slugs}))
        )
    ).all()
    preload_terms(linker, [row.parent_id for row in rows])
    return {row.slug: (row.name, linker.term(row)) for row in rows}  # by stored slug


@widget(
    "category-posts",
    name="Category Posts",
    description="A block of a category's latest posts for a magazine home page.",
    classname="widget_category_posts",
    fields=[
        TITLE,
        CATEGORY,
        Field("count", "number", "Number of posts", default=5, min=1, max=20),
        Field(
            "offset",
            "number",
            "Skip this many of the newest",
            default=0,
            min=0,
            max=50,
            help="To follow a hero that shows the newest.",
        ),
        Field("layout", "select", "Layout", default="big-and-small", choices=LAYOUTS),
        Field("show_thumbnail", "boolean", "Show featured images", default=True),
        Field("show_excerpt", "boolean", "Show excerpts", default=True),
        Field("show_date", "boolean", "Show dates", default=True),
        Field("show_author", "boolean", "Show authors", default=False),
        Field("show_comment_count", "boolean", "Show comment counts", default=False),
        Field("show_category", "boolean", "Show each post's category", default=False),
        Field("more_link", "boolean", "Link to the category's archive", default=True),
    ],
    many=True,
    depends=("posts", "terms", "users", "comments", "time"),
    vary=("page",),
    check=check_category,
)
def category_posts(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """A category's latest public posts (every category's when none is set), laid out as a
    grid, a list, or one big story and the rest small. Titled with the category's name and
    linked to its archive unless the title is set."""
    specs = []
    for s in settings_list:
        excerpt = bool(s["show_excerpt"])
        specs.append(
            ListSpec(
                source="category" if str(s["category"]).strip() else "latest",
                term=str(s["category"]).strip(),
                count=int(s["count"]),
                offset=int(s["offset"]),
                thumbnails=bool(s["show_thumbnail"]),
                authors=bool(s["show_author"]),
                categories=bool(s["show_category"]),
                excerpts=excerpt,
            )
        )
    lists = load_lists(session, specs, context)
    wanted = {spec.term for spec, posts in zip(specs, lists, strict=True) if spec.term and posts}
    names = _categories_by_slug(session, context.linker, wanted)
    results: list[dict[str, Any] | None] = []
    for settings, spec, posts in zip(settings_list, specs, lists, strict=True):
        if not posts:
            results.append(None)
            continue
        name, url = names.get(encode_slug(spec.term), ("", ""))
        layout = str(settings["layout"])
        results.append(
            {
                "posts": posts,
                "lead": posts[0] if layout == "big-and-small" else None,
                "rest": posts[1:] if layout == "big-and-small" else posts,
                "layout": layout,
                "category": {"name": name, "slug": spec.term, "url": url} if name else None,
                "more_url": url if settings["more_link"] else "",
                "show_thumbnail": settings["show_thumbnail"],
                "show_excerpt": settings["show_excerpt"],
                "show_date": settings["show_date"],
                "show_author": settings["show_author"],
                "show_comment_count": settings["show_comment_count"],
                "show_category": settings["show_category"],
                DEFAULT_TITLE: name or "Latest",
                TITLE_URL: url,
            }
        )
    return results


def _reading_post_id(context: WidgetContext) -> int:
    """The post being read: a single post's id (0 on every other page)."""
    query = context.query
    if query is None or not getattr(query, "is_single", False):
        return 0
    return int(getattr(_queried(context), "id", 0) or 0)


@widget(
    "related-posts",
    name="Related Posts",
    description="Stories sharing categories or tags with the one being read.",
    classname="widget_related_posts",
    default_title="Related stories",
    fields=[
        TITLE,
        Field("number", "number", "Number of posts to show", default=3, min=1, max=12),
        Field("show_thumbnail", "boolean", "Show featured images", default=True),
        Field("show_date", "boolean", "Show dates", default=True),
        Field("show_excerpt", "boolean", "Show excerpts", default=False),
    ],
    many=True,
    depends=("posts", "terms", "time"),
    vary=("page",),
)
def related_posts(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """On a single post, the public posts sharing the most categories and tags with it, then
    the newest; nothing on other pages or when none shares any. One statement for every
    instance, plus one each for images and excerpts when shown."""
    post_id = _reading_post_id(context)
    if not post_id:
        return [None] * len(settings_list)
    specs = [
        ListSpec(
            source="related",
            post_id=post_id,
            count=int(s["number"]),
            thumbnails=bool(s["show_thumbnail"]),
            excerpts=bool(s["show_excerpt"]),
        )
        for s in settings_list
    ]
    lists = load_lists(session, specs, context)
    return shown_lists(settings_list, lists, ("show_thumbnail", "show_date", "show_excerpt"))


__all__ = ["LAYOUTS", "category_posts", "recent_posts", "related_posts"]
