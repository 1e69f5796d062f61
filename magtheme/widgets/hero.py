"""The ``hero`` widget: the lead stories of a home page, with their featured images.

Its posts come from the sticky posts (WordPress's ``sticky_posts`` option, newest first as
WordPress lists them), the latest posts, or the latest posts of one category, loaded by
:func:`~magtheme.widgets.postlists.load_lists` like every post list: every hero of an area or
of the home sections costs one statement for the posts, one for their featured images and one
for their categories, however many posts they show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..models import AnySession
from .builtin import TITLE, widget
from .postlists import ListSpec, check_category, load_lists, shown_lists
from .registry import Field, WidgetContext

SOURCES = (("sticky", "Sticky posts"), ("latest", "Latest posts"), ("category", "A category"))

DEFAULT_TEMPLATE = """\
<div class="hero hero-{{ posts|length }}">
{% for p in posts %}
<article class="hero-post{% if loop.first %} hero-lead{% endif %}">
{% if p.thumbnail %}<a class="hero-image" href="{{ p.url }}"><img src="{{ p.thumbnail.url }}" \
alt="{{ p.thumbnail.alt }}" loading="{{ 'eager' if loop.first else 'lazy' }}"></a>{% endif %}
<h3 class="hero-title"><a href="{{ p.url }}">{{ p.title }}</a></h3>
<time datetime="{{ p.date.isoformat() }}">{{ p.date_text }}</time>
</article>
{% endfor %}
</div>"""


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
    many=True,
    depends=("posts", "terms", "time"),
    check=check_category,
)
def hero(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """The hero's posts, newest first; None when none.
    One statement for every hero, plus one for their images."""
    specs = [
        ListSpec(
            source=str(s["source"]),
            term=str(s["category"]),
            count=int(s["count"]),
            thumbnails=True,
            categories=True,
        )
        for s in settings_list
    ]
    return shown_lists(settings_list, load_lists(session, specs, context))
