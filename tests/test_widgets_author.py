"""The author-box widget: the page's author or a named user, escaped, never their email."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask

from magtheme import site
from magtheme import urls as links
from magtheme.cache import WidgetCache
from magtheme.models import User, db
from magtheme.options import forget_options, load_options
from magtheme.themes import ThemeChain
from magtheme.widgets import default_registry, render_widget_area
from tests.conftest import StatementCounter
from tests.factories import make_post, make_user
from tests.widgetkit import place_type, plain_chain

SECRET_EMAIL = "ann.private@mail.example"


@pytest.fixture
def ann(app: Flask) -> User:
    return make_user(
        "ann",
        display_name="Ann Reporter",
        email=SECRET_EMAIL,
        url="https://ann.example/",
        bio="Covers city hall.\n\nBefore that, the courts.",
    )


@pytest.fixture
def chain(app: Flask, tmp_path: Path) -> ThemeChain:
    return plain_chain(tmp_path)


place = partial(place_type, "author-box")


def linker() -> Any:
    forget_options()
    return links.linker(load_options(), site.registry())


def page(app: Flask, url: str) -> str:
    """The page at *url*, in the bundled classic theme (its sidebar is ``sidebar``)."""
    response = app.test_client().get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def box(html: str, instance: str = "author-box-2") -> str:
    """The widget *instance* in a page's HTML ("" when it is not there)."""
    found = re.search(rf'<section id="{instance}" .*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_on_a_single_post_the_box_shows_its_author(app: Flask, ann: User) -> None:
    post = make_post("Budget vote", author_id=ann.id)
    place(("author-box-2", {}))
    shown = box(page(app, linker().post(post)))
    assert '<h2 class="widget-title">About the author</h2>' in shown
    assert "<strong>Ann Reporter</strong>" in shown
    assert "<p>Covers city hall.</p>\n<p>Before that, the courts.</p>" in shown
    assert '<svg class="avatar avatar-80 photo avatar-initials"' in shown
    assert f'href="{linker().author(ann)}" rel="author">View all posts by Ann Reporter</a>' in shown
    assert 'href="https://ann.example/" rel="external">Website</a>' in shown


def test_the_email_never_reaches_the_page(app: Flask, ann: User) -> None:
    post = make_post("Budget vote", author_id=ann.id)
    place(("author-box-2", {}), ("author-box-3", {"source": "user", "user": "ann"}))
    html = page(app, linker().post(post))
    assert box(html) and box(html, "author-box-3")
    assert SECRET_EMAIL not in html and "mail.example" not in html


def test_on_an_author_archive_the_box_shows_that_author(app: Flask, ann: User) -> None:
    make_post("Budget vote", author_id=ann.id)
    place(("author-box-2", {"show_posts_link": False}))
    shown = box(page(app, linker().author(ann)))
    assert "<strong>Ann Reporter</strong>" in shown
    assert "View all posts" not in shown


def test_where_the_page_has_no_author_a_page_box_shows_nothing(app: Flask, ann: User) -> None:
    make_post("Budget vote", author_id=ann.id)
    orphan = make_post("Wire copy")
    place(("author-box-2", {}))
    assert 'id="author-box-2"' not in page(app, "/")
    assert 'id="author-box-2"' not in page(app, linker().post(orphan))


def test_a_named_user_s_box_shows_on_every_page_with_its_own_text(app: Flask, ann: User) -> None:
    place(
        (
            "author-box-2",
            {
                "title": "About us",
                "source": "user",
                "user": "ann",
                "show_avatar": False,
                "text": "A newsroom of <three>.\n\nTips welcome.",
            },
        )
    )
    shown = box(page(app, "/"))
    assert '<h2 class="widget-title">About us</h2>' in shown
    assert "<p>A newsroom of &lt;three&gt;.</p>\n<p>Tips welcome.</p>" in shown
    assert "city hall" not in shown and "<svg" not in shown


def test_an_unknown_login_shows_nothing(app: Flask, ann: User) -> None:
    place(("author-box-2", {"source": "user", "user": "nobody"}), ("author-box-3", {}))
    html = page(app, "/")
    assert 'id="author-box-2"' not in html and 'id="author-box-3"' not in html


def test_a_hostile_profile_is_printed_as_text(app: Flask) -> None:
    make_user(
        "mallory",
        display_name='<img src=x onerror="alert(1)">',
        bio="<script>alert(1)</script>\n<b onclick=alert(2)>hi</b>",
        url="javascript:alert(3)",
    )
    place(("author-box-2", {"source": "user", "user": "mallory"}))
    shown = box(page(app, "/"))
    assert shown
    assert "<script>" not in shown and "<b " not in shown and "<img" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>" in shown
    assert "javascript:" not in shown and "Website" not in shown


def test_every_author_box_of_an_area_costs_one_statement(
    chain: ThemeChain, ann: User, sql_counter: StatementCounter
) -> None:
    others = [make_user(f"writer{n}", bio=f"Writer {n}") for n in range(4)]
    post = make_post("Budget vote", author_id=ann.id)
    # As a page's query view has it: the post as templates see it, with its author.
    shown = SimpleNamespace(id=post.id, author=SimpleNamespace(id=ann.id))
    query = SimpleNamespace(is_singular=True, is_author=False, queried_object=shown, search="")

    def cost(count: int) -> int:
        logins = ["", *(u.login for u in others)][:count]
        place(
            *(
                (f"author-box-{i}", {"source": "user", "user": login} if login else {})
                for i, login in enumerate(logins)
            )
        )
        link = linker()
        options = load_options()
        sql_counter.reset()
        html = render_widget_area(
            "sidebar",
            chain=chain,
            session=db.session,
            options=options,
            linker=link,
            context={"query": query},
            cache=WidgetCache(0),
        )
        assert html.count('class="author-box ') == count
        return sql_counter.count

    assert cost(1) == 1
    assert cost(5) == 1


def test_saving_a_named_user_that_does_not_exist_is_refused(app: Flask, ann: User) -> None:
    kind = default_registry().get("author-box")
    assert kind is not None
    assert kind.problems(db.session, kind.clean({"source": "user", "user": "ann"})) == []
    assert kind.problems(db.session, kind.clean({"source": "page", "user": "nobody"})) == []
    assert kind.problems(db.session, kind.clean({"source": "user", "user": "nobody"})) == [
        "there is no user with the login 'nobody'; the users are: ann."
    ]
    assert kind.problems(db.session, kind.clean({"source": "user"})) == [
        "user is needed when source is user (a login); the users are: ann."
    ]
