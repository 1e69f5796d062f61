"""The widget store: WordPress's instance ids, validated settings, nothing half-changed."""

from __future__ import annotations

import pytest

from magtheme.widgets import default_registry
from magtheme.widgets.store import (
    INACTIVE,
    StoreError,
    add_widget,
    add_widgets,
    deactivate_widgets,
    delete_widgets,
    move_widget,
    next_instance_id,
    unknown_types,
    update_widget,
)

AREAS = ["sidebar", "footer"]
#: Types that show nothing until they are given something to show.
NEEDS_SETTINGS = {
    # On the home page there is no page author: a named user's box (see the test).
    "author-box": {"source": "user", "user": "editor"},
    "custom-html": {"content": "<p>Our newsletter</p>"},
    "social-links": {"mastodon": "https://mastodon.social/@paper", "email": "desk@example.com"},
}


def test_instance_ids_are_wordpress_s() -> None:
    assert next_instance_id({}, "text") == "text-2"
    assert next_instance_id({"text-7": {}, "search-9": {}, "text-3": {}}, "text") == "text-8"


def test_add_places_a_validated_widget_at_a_position() -> None:
    registry = default_registry()
    instances, sidebars, first = add_widget(
        {}, {}, registry=registry, areas=AREAS, type_id="text", area="sidebar"
    )
    instances, sidebars, second = add_widget(
        instances,
        sidebars,
        registry=registry,
        areas=AREAS,
        type_id="recent-posts",
        area="sidebar",
        position=1,
        settings={"number": "3"},
    )
    assert sidebars["sidebar"] == [second, first]
    assert instances[second] == {
        "type": "recent-posts",
        "settings": {
            "title": "",
            "number": 3,
            "show_date": False,
            "show_thumbnail": False,
            "category": "",
        },
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"type_id": "weather"}, "unknown widget type 'weather'; the types are: "),
        ({"area": "nowhere"}, "unknown widget area 'nowhere'; the areas are: sidebar, footer"),
        ({"settings": {"colour": "red"}}, "has no field 'colour'; its fields are: title (text)"),
        ({"settings": {"number": "99"}}, "number must be between 1 and 20, not 99"),
        ({"settings": {"number": "many"}}, "number must be a whole number"),
        ({"position": 0}, "position must be 1 or more"),
    ],
)
def test_add_refuses_naming_what_is_accepted(kwargs: dict, message: str) -> None:
    base = {"type_id": "recent-posts", "area": "sidebar"}
    with pytest.raises(StoreError, match=None) as info:
        add_widget({}, {}, registry=default_registry(), areas=AREAS, **{**base, **kwargs})
    assert message in str(info.value)


def test_update_move_deactivate_delete() -> None:
    registry = default_registry()
    instances = {"text-2": {"type": "text", "settings": {"title": "A", "text": "x"}}}
    sidebars = {"sidebar": ["text-2", "search-3"], "footer": [], INACTIVE: []}
    instances["search-3"] = {"type": "search", "settings": {}}
    changed = update_widget(
        instances, registry=registry, instance_id="text-2", settings={"title": "B"}
    )
    assert changed["text-2"]["settings"]["title"] == "B"
    assert changed["text-2"]["settings"]["text"] == "x"
    assert instances["text-2"]["settings"]["title"] == "A"  # the input is never changed
    moved = move_widget(
        sidebars, instances=instances, areas=AREAS, instance_id="text-2", area="footer"
    )
    assert moved == {"sidebar": ["search-3"], "footer": ["text-2"], INACTIVE: []}
    moved = move_widget(
        sidebars, instances=instances, areas=AREAS, instance_id="search-3", position=1
    )
    assert moved["sidebar"] == ["search-3", "text-2"]
    parked = deactivate_widgets(sidebars, instances=instances, ids=["text-2"])
    assert parked == {"sidebar": ["search-3"], "footer": [], INACTIVE: ["text-2"]}
    kept, placed = delete_widgets(instances, sidebars, ids=["search-3"])
    assert "search-3" not in kept and placed["sidebar"] == ["text-2"]
    with pytest.raises(
        StoreError, match="there is no widget 'gone-4'; the widgets are: search-3, text-2"
    ):
        delete_widgets(instances, sidebars, ids=["text-2", "gone-4"])
    with pytest.raises(StoreError, match="unknown widget area 'x'"):
        move_widget(sidebars, instances=instances, areas=AREAS, instance_id="text-2", area="x")


def test_unknown_types_are_named() -> None:
    stored = {"text-2": {"type": "text"}, "weather-3": {"type": "weather"}}
    assert unknown_types(stored, default_registry()) == {"weather-3": "weather"}


@pytest.mark.usefixtures("classic")
def test_classic_renders_every_built_in_widget_in_its_areas(app) -> None:  # type: ignore[no-untyped-def]
    from magtheme.models import Comment, PostViews, db
    from magtheme.options import update_option
    from magtheme.visibility import now_gmt
    from tests.factories import make_post, make_term, make_user

    editor = make_user("editor", bio="Edits the paper.")
    rome = make_term("Rome", "post_tag")
    story = make_post("A story", terms=[rome], author_id=editor.id)
    # Read today, so the popular-posts widget has something to list.
    db.session.add(PostViews(post_id=story.id, day=now_gmt().date(), views=3))
    # Sticky, so the hero (sticky posts by default) has a lead story.
    update_option("sticky_posts", [story.id])
    # Commented on, so the recent-comments widget has something to list.
    db.session.add(Comment(post_id=story.id, content="Hi", status="approved", author_name="Ann"))
    db.session.commit()
    make_post("About", post_type="page")
    instances, sidebars = add_widgets(
        {},
        {},
        registry=default_registry(),
        areas=AREAS,
        widgets=[
            (widget_type.type, area, NEEDS_SETTINGS.get(widget_type.type))
            for widget_type in default_registry()
            for area in ("sidebar", "footer")
        ],
    )
    update_option("widget_instances", instances)
    update_option("sidebars_widgets", sidebars)
    response = app.test_client().get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<aside class="widget-area site-sidebar" aria-label="Sidebar">' in html
    assert 'class="widget-area footer-widgets"' in html
    for instance_id in sidebars["sidebar"] + sidebars["footer"]:
        if instance_id.startswith("custom-menu-"):
            continue  # no menu chosen: WordPress shows nothing, and so does Magtheme
        if instance_id.startswith("related-posts-"):
            continue  # a single post's: the home page has none (checked below)
        assert f'id="{instance_id}"' in html, instance_id
    # On a story, the stories sharing its terms are listed.
    related = make_post("Also in Rome", terms=[rome])
    from magtheme import site
    from magtheme import urls as links
    from magtheme.options import forget_options, load_options

    forget_options()
    url = links.linker(load_options(), site.registry()).post(story)
    page = app.test_client().get(url).get_data(as_text=True)
    assert 'id="related-posts-2"' in page and related.title in page
