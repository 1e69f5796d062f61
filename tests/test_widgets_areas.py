"""Widget areas: constant SQL however many widgets, cached output, exact invalidation."""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from markupsafe import Markup
from sqlalchemy import delete, insert, select, update

from magtheme import create_app, site
from magtheme import urls as links
from magtheme.cache import TOPICS, bump
from magtheme.models import Comment, Post, Term, TermRelationship, db
from magtheme.options import forget_options, load_options, update_option
from magtheme.themes import ThemeChain, build_chain, discover_themes
from magtheme.visibility import now_gmt
from magtheme.widgets import Field, WidgetContext, WidgetRegistry, render_widget_area
from magtheme.widgets.builtin import register_builtin_widgets
from tests.conftest import StatementCounter, unit_test_wxr, write_theme
from tests.factories import make_post, make_term, make_user

HOME = "http://example.test"

#: Calls of each probe widget's data function, by topic (probes show what was re-rendered).
calls: Counter[str] = Counter()
#: Probe topics whose data function raises, to show a failing widget.
failing: set[str] = set()


def _registry() -> WidgetRegistry:
    """The built-in widgets plus one probe type per topic (``probe-posts`` …)."""
    registry = WidgetRegistry()
    register_builtin_widgets(registry)
    for topic in TOPICS:
        registry.widget(
            f"probe-{topic}",
            fields=[Field("label", "text", "Label", default="")],
            many=True,
            depends=(topic,),
            default_template="probe {{ topic }} {{ widget.settings.label }}",
        )(_probe(topic))
    registry.widget("window-probe", many=True, depends=(), default_template="w")(_window)
    return registry


#: When the window probe's data function ran (it says its output expires in 2030).
moments: list[datetime] = []


def _window(
    session: Any, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    moments.append(context.now)
    return [{"cache_expires": datetime(2030, 1, 1)} for _settings in settings_list]


def _probe(topic: str) -> Callable[..., list[dict[str, Any] | None]]:
    def data(
        session: Any, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
    ) -> list[dict[str, Any] | None]:
        calls[topic] += 1
        if topic in failing:
            raise RuntimeError(f"the {topic} probe broke")
        return [{"topic": topic} for _settings in settings_list]

    return data


REGISTRY = _registry()


@pytest.fixture(autouse=True)
def _fresh_probes() -> Iterator[None]:
    calls.clear()
    failing.clear()
    moments.clear()
    yield
    failing.clear()


@pytest.fixture
def chain(app: Flask, tmp_path: Path) -> ThemeChain:
    write_theme(tmp_path, "plain", {"index.html": "x"})
    return build_chain("plain", discover_themes([tmp_path]))


def place(*widgets: tuple[str, str, dict[str, Any]], area: str = "sidebar") -> None:
    """Store widgets as (instance id, type, settings), in order, in *area*."""
    instances = {instance: {"type": kind, "settings": s} for instance, kind, s in widgets}
    update_option("widget_instances", instances)
    update_option("sidebars_widgets", {area: [instance for instance, _k, _s in widgets]})


def render(
    chain: ThemeChain,
    area: str = "sidebar",
    *,
    now: datetime | None = None,
    current_url: str = "",
    query: Any = None,
) -> Markup:
    """The area as one request renders it: options loaded afresh, a new linker."""
    forget_options()
    options = load_options()
    linker = links.linker({**options, "home": HOME}, site.registry())
    return render_widget_area(
        area,
        chain=chain,
        session=db.session,
        options=options,
        linker=linker,
        context={"query": query},
        registry=REGISTRY,
        now=now,
        current_url=current_url,
    )


def statements(counter: StatementCounter, chain: ThemeChain, **kwargs: Any) -> int:
    """Statements one render costs beyond loading the options (which every page does)."""
    forget_options()
    load_options()
    counter.reset()
    html = render_widget_area(
        kwargs.pop("area", "sidebar"),
        chain=chain,
        session=db.session,
        options=load_options(),
        linker=links.linker({**load_options(), "home": HOME}, site.registry()),
        context={},
        registry=REGISTRY,
        **kwargs,
    )
    assert html
    return counter.count


def section(html: str, instance: str) -> str:
    match = re.search(rf'<section id="{re.escape(instance)}".*?</section>', html, re.S)
    assert match, f"{instance} not rendered in {html}"
    return match.group(0)


def content(slug: str = "site") -> dict[str, Any]:
    """A small site: categories, tags, pages and posts over several months."""
    parent = make_term(f"News {slug}", slug=f"news-{slug}")
    child = make_term(f"World {slug}", slug=f"world-{slug}", parent_id=parent.id)
    tags = [make_term(f"tag {slug} {i}", "post_tag") for i in range(3)]
    about = make_post(f"About {slug}", post_type="page")
    make_post(f"Team {slug}", post_type="page", parent_id=about.id)
    posts = [
        make_post(f"Story {slug} {i}", terms=[child, tags[i % 3]], date=datetime(2023, 1 + i, 5))
        for i in range(4)
    ]
    return {"parent": parent, "child": child, "tags": tags, "about": about, "posts": posts}


MIXED = [
    ("categories", {}),
    ("categories", {"hierarchical": True, "count": True}),
    ("tag-cloud", {"taxonomy": "category", "count": True}),
    ("tag-cloud", {}),
    ("archives", {}),
    ("archives", {"count": True}),
    ("pages", {}),
    ("pages", {"sortby": "menu_order", "exclude": "999"}),
    ("text", {"text": "Hello"}),
    ("search", {"title": "Find"}),
]


# -- constant cost -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["categories", "tag-cloud", "archives", "pages", "text", "search"])
def test_ten_widgets_of_a_type_cost_what_one_does(
    chain: ThemeChain, sql_counter: StatementCounter, kind: str
) -> None:
    content()
    settings = [s for k, s in MIXED if k == kind]

    def costs(n: int) -> tuple[int, int]:
        place(
            *(
                (f"{kind}-{i}", kind, {**settings[i % len(settings)], "title": f"#{i}"})
                for i in range(n)
            )
        )
        db.session.expire_all()
        cold = statements(sql_counter, chain)
        warm = statements(sql_counter, chain)
        return cold, warm

    one_cold, one_warm = costs(1)
    ten_cold, ten_warm = costs(10)
    assert (one_cold, one_warm) == (ten_cold, ten_warm)
    assert one_warm == 0
    if kind in ("text", "search"):
        assert one_cold == 0


def test_a_mixed_area_of_ten_costs_what_one_of_each_type_does(
    chain: ThemeChain, sql_counter: StatementCounter
) -> None:
    content()
    kinds = list(dict.fromkeys(kind for kind, _s in MIXED))
    place(*((f"{kind}-1", kind, {}) for kind in kinds))
    one_each = statements(sql_counter, chain), statements(sql_counter, chain)
    place(*((f"{kind}-{i}", kind, s) for i, (kind, s) in enumerate(MIXED * 2)))
    html = render(chain)
    assert html.count("<section") == 20
    # A different placement is new output: cold again, then warm.
    place(*((f"{kind}-{i}x", kind, s) for i, (kind, s) in enumerate(MIXED * 2)))
    twenty = statements(sql_counter, chain), statements(sql_counter, chain)
    assert one_each == twenty
    assert twenty[1] == 0
    assert 0 < twenty[0] <= 8


def test_each_instance_gets_its_own_settings(chain: ThemeChain) -> None:
    found = content()
    place(
        ("pages-1", "pages", {}),
        ("pages-2", "pages", {"exclude": str(found["about"].id)}),
        ("tag-cloud-1", "tag-cloud", {}),
        ("tag-cloud-2", "tag-cloud", {"taxonomy": "category"}),
        ("categories-1", "categories", {}),
        ("categories-2", "categories", {"hierarchical": True, "count": True}),
    )
    html = render(chain)
    assert "About site" in section(html, "pages-1")
    assert "About site" not in section(html, "pages-2")
    assert "Team site" in section(html, "pages-2")  # an excluded parent leaves its child
    assert "tag site 0" in section(html, "tag-cloud-1")
    assert "World site" in section(html, "tag-cloud-2")
    assert "tag site" not in section(html, "tag-cloud-2")
    assert "News site" not in section(html, "categories-1")  # empty, and not nested
    nested = section(html, "categories-2")
    assert re.search(r"News site</a>\s*\(0\)\s*<ul class=\"children\">.*World site", nested, re.S)


def test_pages_sort_orders_are_kept_per_instance(chain: ThemeChain) -> None:
    make_post("Beta", post_type="page", menu_order=1)
    make_post("Alpha", post_type="page", menu_order=2)
    place(("pages-1", "pages", {}), ("pages-2", "pages", {"sortby": "menu_order"}))
    html = render(chain)
    by_title, by_order = section(html, "pages-1"), section(html, "pages-2")
    assert by_title.index("Alpha") < by_title.index("Beta")
    assert by_order.index("Beta") < by_order.index("Alpha")


# -- what drops cached output, and what does not ------------------------------------------


def probes_area() -> None:
    place(*((f"probe-{topic}-1", f"probe-{topic}", {}) for topic in TOPICS))


#: A change to make: set up what it needs (committed), then return the change itself.
Change = Callable[[], Callable[[], Any]]


def rerendered(chain: ThemeChain, case: Change, **kwargs: Any) -> set[str]:
    """The topics whose probe widget was rendered again after the change *case* makes."""
    change = case()
    probes_area()
    render(chain, **kwargs)
    render(chain, **kwargs)
    calls.clear()
    change()
    db.session.commit()
    render(chain, **kwargs)
    return set(calls)


def publish_a_draft() -> Callable[[], Any]:
    draft = make_post("Draft", status="draft")
    return lambda: setattr(draft, "status", "publish")


def trash_a_post() -> Callable[[], Any]:
    post = make_post("Doomed")
    return lambda: setattr(post, "status", "trash")


def edit_a_post() -> Callable[[], Any]:
    post = make_post("Typo")
    return lambda: setattr(post, "title", "Fixed")


def recategorise_a_post() -> Callable[[], Any]:
    post = make_post("Moving", terms=[make_term("From")])
    target = make_term("To")

    def change() -> None:
        db.session.execute(delete(TermRelationship).where(TermRelationship.post_id == post.id))
        db.session.add(TermRelationship(post_id=post.id, term_id=target.id))

    return change


def approve_a_comment() -> Callable[[], Any]:
    post = make_post("Talked about")
    comment = Comment(post_id=post.id, content="Nice", status="pending")
    db.session.add(comment)
    db.session.commit()

    def change() -> None:
        comment.status = "approved"
        post.comment_count = 1

    return change


def rename_a_term() -> Callable[[], Any]:
    term = make_term("Old name")
    return lambda: setattr(term, "name", "New name")


def add_a_menu_item() -> Callable[[], Any]:
    menu = make_term("Main", "nav_menu")

    def change() -> None:
        item = Post(post_type="nav_menu_item", status="publish", title="Home")
        db.session.add(item)
        db.session.flush()
        db.session.add(TermRelationship(post_id=item.id, term_id=menu.id))

    return change


def rename_a_menu() -> Callable[[], Any]:
    menu = make_term("Main", "nav_menu")
    return lambda: setattr(menu, "name", "Primary")


def edit_a_user() -> Callable[[], Any]:
    user = make_user("ann")
    return lambda: setattr(user, "display_name", "Ann B.")


def save_a_draft() -> Callable[[], Any]:
    draft = make_post("Idea", status="draft")
    return lambda: setattr(draft, "content", "more words")


def bulk_insert_posts() -> Callable[[], Any]:
    now = datetime(2024, 5, 1)
    row = {"title": "Bulk", "post_type": "post", "status": "publish", "date": now, "date_gmt": now}
    return lambda: db.session.execute(insert(Post), [row])


def bulk_recount_comments() -> Callable[[], Any]:
    post = make_post("Counted")
    return lambda: db.session.execute(
        update(Post).where(Post.id == post.id).values(comment_count=3)
    )


def bulk_add_a_menu_item() -> Callable[[], Any]:
    menu = make_term("Footer", "nav_menu")

    def change() -> None:
        db.session.execute(insert(Post), [{"title": "Link", "post_type": "nav_menu_item"}])
        item_id = db.session.scalar(select(Post.id).where(Post.title == "Link"))
        db.session.execute(insert(TermRelationship), [{"post_id": item_id, "term_id": menu.id}])

    return change


def bulk_delete_a_draft() -> Callable[[], Any]:
    draft = make_post("Scrap", status="draft")
    return lambda: db.session.execute(delete(Post).where(Post.id == draft.id))


def bump_views() -> Callable[[], Any]:
    return lambda: bump("views")


def change_an_option() -> Callable[[], Any]:
    return lambda: update_option("blogname", "Renamed", commit=False)


def nothing() -> Callable[[], Any]:
    return lambda: None


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (publish_a_draft, {"posts", "time"}),
        (trash_a_post, {"posts", "time"}),
        (edit_a_post, {"posts", "time"}),
        (recategorise_a_post, {"terms"}),
        (approve_a_comment, {"comments"}),
        (rename_a_term, {"terms"}),
        (add_a_menu_item, {"menus"}),
        (rename_a_menu, {"menus"}),
        (edit_a_user, {"users"}),
        (bump_views, {"views"}),
        (save_a_draft, set()),
        (bulk_insert_posts, {"posts", "time"}),
        (bulk_recount_comments, {"comments"}),
        (bulk_add_a_menu_item, {"menus"}),
        (bulk_delete_a_draft, set()),
        (change_an_option, set(TOPICS)),
        (nothing, set()),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_change_rerenders_exactly_the_widgets_that_depend_on_it(
    chain: ThemeChain, case: Change, expected: set[str]
) -> None:
    assert rerendered(chain, case) == expected


def test_a_published_post_shows_and_a_comment_leaves_the_tag_cloud_alone(
    chain: ThemeChain, sql_counter: StatementCounter
) -> None:
    found = content()
    place(("archives-1", "archives", {"count": True}), ("tag-cloud-1", "tag-cloud", {}))
    before = render(chain)
    assert "January 2026" not in before
    new = make_post("Fresh", terms=[found["tags"][0]], date=datetime(2026, 1, 2))
    after = render(chain)
    assert "January 2026" in section(after, "archives-1")
    db.session.add(Comment(post_id=new.id, content="First!", status="approved"))
    db.session.commit()
    assert statements(sql_counter, chain) == 0  # nothing the area shows changed
    assert render(chain) == after


def test_edited_and_trashed_pages_show_at_once(chain: ThemeChain) -> None:
    page = make_post("Contact", post_type="page")
    place(("pages-1", "pages", {}))
    assert "Contact" in render(chain)
    page.title = "Write to us"
    db.session.commit()
    assert "Write to us" in render(chain)
    page.status = "trash"
    db.session.commit()
    assert "Write to us" not in render(chain)


def test_recategorised_post_moves_the_counts(chain: ThemeChain) -> None:
    sport, arts = make_term("Sport"), make_term("Arts")
    post = make_post("Match", terms=[sport])
    place(("categories-1", "categories", {"count": True}))
    assert re.search(r"Sport</a> \(1\)", render(chain))
    db.session.execute(delete(TermRelationship).where(TermRelationship.post_id == post.id))
    db.session.add(TermRelationship(post_id=post.id, term_id=arts.id))
    sport.count, arts.count = 0, 1
    db.session.commit()
    html = render(chain)
    assert "Sport" not in html
    assert re.search(r"Arts</a> \(1\)", html)


def test_a_renamed_tag_shows_in_the_cloud(chain: ThemeChain) -> None:
    tag = make_term("pyhton", "post_tag")
    make_post("Post", terms=[tag])
    place(("tag-cloud-1", "tag-cloud", {}))
    assert "pyhton" in render(chain)
    tag.name = "python"
    db.session.commit()
    assert ">python<" in render(chain)


def test_settings_and_options_are_part_of_the_key(chain: ThemeChain) -> None:
    make_post("One", date=datetime(2024, 3, 3))
    place(("archives-1", "archives", {}))
    assert "(1)" not in render(chain)
    place(("archives-1", "archives", {"count": True}))
    assert "(1)" in render(chain)
    update_option("permalink_structure", "/archives/%post_id%/")
    # Month links follow the permalink settings.
    assert "/2024/03/" in render(chain)
    update_option("permalink_structure", "")
    assert "m=202403" in render(chain)


def test_widgets_that_mark_the_current_page_are_cached_per_page(chain: ThemeChain) -> None:
    about = make_post("About", post_type="page")
    make_post("Shop", post_type="page")
    place(("pages-1", "pages", {}))

    class Query:
        search = ""
        queried_object = about

    on_about = render(chain, current_url=f"{HOME}/about/", query=Query())
    elsewhere = render(chain, current_url=f"{HOME}/shop/")
    assert "current_page_item" in on_about
    assert "current_page_item" not in elsewhere
    assert render(chain, current_url=f"{HOME}/about/", query=Query()) == on_about


def test_the_search_widget_keeps_each_search(chain: ThemeChain) -> None:
    place(("search-1", "search", {}))

    class Query:
        queried_object = None

        def __init__(self, search: str) -> None:
            self.search = search

    assert 'value="cats"' in render(chain, current_url=HOME + "/", query=Query("cats"))
    assert 'value="dogs"' in render(chain, current_url=HOME + "/", query=Query("dogs"))


# -- time -----------------------------------------------------------------------------------


def test_a_scheduled_post_shows_when_its_time_comes_without_any_write(
    chain: ThemeChain, sql_counter: StatementCounter
) -> None:
    now = now_gmt()
    make_post("Old", date=datetime(2024, 1, 5))
    due = now + timedelta(hours=1)
    make_post("Scheduled", status="future", date=due)
    make_post("Later", status="future", date=now + timedelta(days=400))
    place(("archives-1", "archives", {"count": True}))
    month = f"{due:%B} {due.year}"
    assert month not in render(chain, now=now)
    assert statements(sql_counter, chain, now=now + timedelta(minutes=59)) == 0  # still cached
    assert month in render(chain, now=due + timedelta(seconds=1))
    assert statements(sql_counter, chain, now=due + timedelta(minutes=5)) == 0


def test_more_scheduled_posts_than_are_stored_still_show_on_time(chain: ThemeChain) -> None:
    from magtheme import cache

    now = now_gmt()
    start = now + timedelta(days=1)
    for i in range(cache.TIME_BOUNDARIES + 3):
        make_post(f"Queued {i}", status="future", date=start + timedelta(days=31 * i))
    place(("archives-1", "archives", {}))
    last = start + timedelta(days=31 * (cache.TIME_BOUNDARIES + 2))
    assert f"{last:%B} {last.year}" not in render(chain, now=last - timedelta(days=2))
    assert f"{last:%B} {last.year}" in render(chain, now=last + timedelta(hours=1))


def test_a_widget_names_when_its_output_expires(chain: ThemeChain) -> None:
    place(("window-1", "window-probe", {}))
    render(chain, now=datetime(2029, 12, 31))
    render(chain, now=datetime(2029, 12, 31, 23))
    assert len(moments) == 1
    render(chain, now=datetime(2030, 1, 1))
    assert len(moments) == 2


# -- templates ---------------------------------------------------------------------------


def test_an_edited_template_shows_under_auto_reload(app: Flask, tmp_path: Path) -> None:
    theme = write_theme(
        tmp_path, "live", {"index.html": "x", "widgets/text.html": "v1 {{ content }}"}
    )
    live = build_chain("live", discover_themes([tmp_path]), auto_reload=True)
    place(("text-1", "text", {"text": "hi"}))
    assert "v1" in render(live)
    path = theme / "templates" / "widgets" / "text.html"
    path.write_text("v2 {{ content }}")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert "v2" in render(live)


def test_another_theme_renders_its_own_widgets(app: Flask, tmp_path: Path) -> None:
    write_theme(tmp_path, "one", {"index.html": "x", "widgets/text.html": "ONE"})
    write_theme(tmp_path, "two", {"index.html": "x", "widgets/text.html": "TWO"})
    themes = discover_themes([tmp_path])
    place(("text-1", "text", {"text": "hi"}))
    assert "ONE" in render(build_chain("one", themes))
    assert "TWO" in render(build_chain("two", themes))


# -- failures ------------------------------------------------------------------------------


def test_a_widget_that_raises_is_logged_and_the_rest_render(
    chain: ThemeChain, caplog: pytest.LogCaptureFixture
) -> None:
    failing.add("posts")
    place(
        ("text-1", "text", {"text": "before"}),
        ("probe-posts-7", "probe-posts", {}),
        ("text-2", "text", {"text": "after"}),
    )
    with caplog.at_level(logging.ERROR, logger="magtheme.widgets"):
        html = render(chain)
    assert "before" in html and "after" in html
    assert "probe-posts-7" not in html
    assert any(
        "probe-posts-7" in r.getMessage() and "'probe-posts'" in r.getMessage()
        for r in caplog.records
    )
    failing.clear()  # a failure is never cached: the fixed widget shows on the next render
    assert "probe posts" in render(chain)


def test_a_broken_widget_template_is_logged_and_the_rest_render(
    app: Flask, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_theme(
        tmp_path,
        "broken",
        {
            "index.html": "x",
            "widgets/search.html": "{{ nothing.here() }}",
            "widgets/archives.html": "{% if %}",
        },
    )
    broken = build_chain("broken", discover_themes([tmp_path]))
    place(
        ("search-3", "search", {}),
        ("archives-4", "archives", {}),
        ("text-5", "text", {"text": "still here"}),
    )
    with caplog.at_level(logging.ERROR, logger="magtheme.widgets"):
        html = render(broken)
    assert "still here" in html
    assert "search-3" not in html and "archives-4" not in html
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "'search-3' (type 'search')" in logged
    assert "'archives-4' (type 'archives')" in logged


# -- several workers -------------------------------------------------------------------------


def test_two_workers_see_each_others_changes(
    each_database_app: Flask, instance: Path, tmp_path: Path
) -> None:
    write_theme(tmp_path, "plain", {"index.html": "x"})
    chain = build_chain("plain", discover_themes([tmp_path]))
    page = make_post("Welcome", post_type="page")
    place(("pages-1", "pages", {}), ("tag-cloud-1", "tag-cloud", {}))
    first = render(chain)
    assert "Welcome" in first
    other = create_app(instance, {"TESTING": True})
    with other.app_context():
        assert render(chain) == first  # the other worker, its own cache, the same output
        edited = db.session.get(Post, page.id)
        assert edited is not None
        edited.title = "Hello there"
        db.session.commit()
        assert "Hello there" in render(chain)
        db.session.remove()
        db.engine.dispose()
    db.session.rollback()
    assert "Hello there" in render(chain)
    with other.app_context():
        db.session.add(Term(name="late", slug="late", taxonomy="post_tag", count=2))
        db.session.commit()
        db.session.remove()
    assert "late" in render(chain)


def test_an_import_drops_what_it_changes(app: Flask, chain: ThemeChain) -> None:
    from magtheme.wxr.importer import import_wxr

    place(
        ("archives-1", "archives", {}), ("pages-1", "pages", {}), ("text-1", "text", {"text": "t"})
    )
    before = render(chain)
    assert "<li>" not in section(before, "archives-1")  # nothing to list yet
    assert "pages-1" not in before
    import_wxr(unit_test_wxr(), registry=app.extensions["magtheme.registry"])
    after = render(chain)
    assert section(after, "archives-1").count("<li>") > 3
    assert "pages-1" in after
    assert section(after, "text-1") == section(before, "text-1")


def test_bump_refuses_an_unknown_topic(app: Flask) -> None:
    with pytest.raises(ValueError, match="'likes'.*the topics are posts"):
        bump("likes")


def test_two_bumps_never_collide(app: Flask) -> None:
    bump("views")
    db.session.commit()
    forget_options()
    first = load_options()["magtheme_topic_views"]
    bump("views")
    db.session.commit()
    forget_options()
    assert load_options()["magtheme_topic_views"] != first


def test_scheduled_posts_show_on_time_on_a_database_older_than_the_cache(
    chain: ThemeChain, sql_counter: StatementCounter
) -> None:
    from magtheme.models import Option

    now = now_gmt()
    due = now + timedelta(hours=2)
    make_post("Scheduled", status="future", date=due)
    db.session.execute(delete(Option).where(Option.name.like("magtheme_topic_%")))
    db.session.commit()
    place(("archives-1", "archives", {}))
    month = f"{due:%B} {due.year}"
    assert month not in render(chain, now=now)
    assert statements(sql_counter, chain, now=now + timedelta(hours=1)) == 0
    assert month in render(chain, now=due)


@pytest.mark.parametrize(("size", "renders"), [(0, 2), ("lots", 1), (-1, 1)])
def test_the_cache_size_is_set_in_the_config(
    app: Flask, chain: ThemeChain, caplog: pytest.LogCaptureFixture, size: Any, renders: int
) -> None:
    app.config["WIDGET_CACHE_SIZE"] = size
    place(("probe-posts-1", "probe-posts", {}))
    with caplog.at_level(logging.ERROR, logger="magtheme.cache"):
        render(chain)
        render(chain)
    assert calls["posts"] == renders
    refused = [r.getMessage() for r in caplog.records if "widget_cache_size" in r.getMessage()]
    assert bool(refused) == (size != 0)
