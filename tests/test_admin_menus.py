"""Appearance → Menus: build, nest, order and place menus; the site's menus follow."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from magtheme.menus import store
from magtheme.models import Term, db
from magtheme.options import forget_options, get_option

from .adminkit import make_person, post_form, signed_in
from .factories import make_post, make_term

pytestmark = pytest.mark.usefixtures("classic")
URL = "/wp-admin/nav-menus.php"


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return signed_in(app.test_client(), make_person("administrator", "ada"))


def _menu(admin: FlaskClient, name: str = "Main") -> Term:
    sent = post_form(admin, URL, {"action": "create", "menu-name": name})
    assert sent.status_code == 303
    menu = store.find_menu(db.session, name)
    assert menu is not None
    return menu


def _titles(menu: Term) -> list[tuple[str, int]]:
    db.session.expire_all()
    rows = store.menu_items(db.session, menu)
    return [(p.title or "", int(m.get("_menu_item_menu_item_parent", "0"))) for p, m in rows]


def test_build_a_menu_and_show_it_in_a_location(app: Flask, admin: FlaskClient) -> None:
    about = make_post("About us", post_type="page")
    news = make_term("News")
    menu = _menu(admin)
    added = post_form(
        admin,
        URL,
        {
            "action": "add-items",
            "menu": str(menu.id),
            "add-page[]": str(about.id),
            "add-category[]": str(news.id),
            "custom-url": "https://example.org/",
            "custom-text": "Friends",
        },
    )
    assert added.status_code == 303
    assert "3 items added to Main." in admin.get(added.headers["Location"]).text
    saved = post_form(
        admin, URL, {"action": "save", "menu": str(menu.id), "locations[]": "primary"}
    )
    assert saved.status_code == 303
    forget_options()
    assert get_option("nav_menu_locations")["primary"] == menu.id
    home = app.test_client().get("/").text
    for text in ("About us", "News", "Friends", "https://example.org/"):
        assert text in home


def test_nest_reorder_rename_and_remove(admin: FlaskClient) -> None:
    a, b, c = (make_post(t, post_type="page") for t in ("Alpha", "Beta", "Gamma"))
    menu = _menu(admin)
    post_form(
        admin,
        URL,
        {
            "action": "add-items",
            "menu": str(menu.id),
            "add-page[]": [str(a.id), str(b.id), str(c.id)],
        },
    )
    ids = [p.id for p, _ in store.menu_items(db.session, menu)]
    base = {"action": "save", "menu": str(menu.id)}
    post_form(admin, URL, {**base, "move": f"up-{ids[2]}"})
    assert [store.menu_items(db.session, menu)[i][0].id for i in range(3)] == [
        ids[0],
        ids[2],
        ids[1],
    ]
    post_form(admin, URL, {**base, "move": f"in-{ids[1]}"})
    assert (
        dict(
            (p.id, int(m["_menu_item_menu_item_parent"]))
            for p, m in store.menu_items(db.session, menu)
        )[ids[1]]
        == ids[2]
    )
    post_form(admin, URL, {**base, "move": f"out-{ids[1]}"})
    db.session.expire_all()
    assert (
        dict(
            (p.id, int(m["_menu_item_menu_item_parent"]))
            for p, m in store.menu_items(db.session, menu)
        )[ids[1]]
        == 0
    )
    post_form(admin, URL, {**base, f"item-title-{ids[0]}": "First"})
    assert _titles(menu)[0][0] == "First"
    post_form(admin, URL, {**base, "remove": str(ids[0])})
    assert len(store.menu_items(db.session, menu)) == 2


def test_a_bad_custom_link_is_refused(admin: FlaskClient) -> None:
    menu = _menu(admin)
    sent = post_form(
        admin,
        URL,
        {
            "action": "add-items",
            "menu": str(menu.id),
            "custom-url": "javascript:alert(1)",
            "custom-text": "x",
        },
    )
    assert sent.status_code == 422
    assert store.menu_items(db.session, menu) == []


def test_a_duplicate_name_and_delete(admin: FlaskClient) -> None:
    menu = _menu(admin)
    again = post_form(admin, URL, {"action": "create", "menu-name": "Main"})
    assert again.status_code == 422 and "conflicts with menu" in again.text
    gone = post_form(admin, URL, {"action": "save", "menu": str(menu.id), "delete": "1"})
    assert gone.status_code == 303
    assert store.find_menu(db.session, "Main") is None
