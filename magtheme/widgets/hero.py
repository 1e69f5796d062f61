"""The ``hero`` widget: the lead stories of a home page, with their featured images.

Its posts come from the sticky posts (WordPress's ``sticky_posts`` option, in the order they
were made sticky), the latest posts, or the latest posts of one category. A hero costs a fixed
number of statements however many posts it shows: one for the posts, then what
:func:`~magtheme.present.load_page_data` needs for their featured images.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..dates import format_date
from ..models import AnySession, Post, Term, TermRelationship
from ..present import ImageView, load_page_data
from ..visibility import visible_clause
from .builtin import TITLE, _post_title, preload_links, widget
from .registry import Field, WidgetContext

SOURCES = (("sticky", "Sticky posts"), ("latest", "Latest posts"), ("category", "A category"))

DEFAULT_TEMPLATE = """\
<div class="hero hero-{{ posts|length }}">
{% for p in posts %}
<article class="hero-post{% if loop.first %} hero-lead{% endif %}">
{% if p.image %}<a class="hero-image" href="{{ p.url }}"><img src="{{ p.image.url }}" \
alt="{{ p.image.alt }}" loading="{{ 'eager' if loop.first else 'lazy' }}"></a>{% endif %}
<h3 class="hero-title"><a href="{{ p.url }}">{{ p.title }}</a></h3>
<time datetime="{{ p.date.isoformat() }}">{{ p.date_text }}</time>
</article>
{% endfor %}
</div>"""


@dataclass(frozen=True)
class HeroPost:
    """A post in a hero: its title, link, date and featured image (None without one)."""

    id: int
    title: str
    url: str
    date: datetime
    date_text: str
    image: ImageView | None


@widget(
    "hero",
    name="Hero",
    description="The lead stories with their featured images: sticky, latest or a category's.",
    classname="widget_hero",
    fields=[
        TITLE,
        Field("source", "select", "Posts", default="sticky", choices=SOURCES),
        Field("category", "text", "Category slug (when the posts are a category's)", default=""),
        Field("count", "number", "Number of posts", default=3, min=1, max=10),
    ],
    default_template=DEFAULT_TEMPLATE,
    depends=("posts", "terms"),
)
def hero(session: AnySession, settings: Mapping[str, Any], context: WidgetContext) -> dict | None:
    """The hero's posts, newest first (sticky posts in their sticky order); None when none."""
    count = int(settings["count"])
    query = select(Post).where(Post.post_type == "post", visible_clause(context.now))
    sticky: list[int] = []
    if settings["source"] == "sticky":
        stored = context.options.get("sticky_posts") or []
        sticky = [int(i) for i in stored if str(i).isdigit()] if isinstance(stored, list) else []
        if not sticky:
            return None
        query = query.where(Post.id.in_(sticky))
    elif settings["source"] == "category":
        slug = str(settings["category"]).strip()
        if not slug:
            return None
        query = query.where(
            Post.id.in_(
                select(TermRelationship.post_id)
                .join(Term, Term.id == TermRelationship.term_id)
                .where(Term.taxonomy == "category", Term.slug == slug)
            )
        )
    rows = list(session.scalars(query.order_by(Post.date.desc(), Post.id.desc()).limit(count)))
    if sticky:
        # WordPress lists sticky posts in the order of the option, not by date.
        rows.sort(key=lambda post: sticky.index(post.id))
    if not rows:
        return None
    preload_links(context.linker, rows)
    data = load_page_data(session, rows, context.linker, options=dict(context.options))
    date_format = str(context.options.get("date_format") or "F j, Y")
    posts = [
        HeroPost(
            post.id,
            _post_title(post),
            context.linker.post(post),
            post.date,
            format_date(post.date, date_format),
            data.thumbnails.get(post.id),
        )
        for post in rows
    ]
    return {"posts": posts}
