"""``magtheme menu …``: every command, every refusal, and menus stored as WordPress's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask

from magtheme.cli import main
from magtheme.models import Post, PostMeta, Term, TermRelationship, db
from tests.conftest import serve_site, write_theme


@pytest.fixture
def runner(instance: Path) -> CliRunner:
    """A site (SQLite, or PostgreSQL under MAGTHEME_TEST_POSTGRES) whose theme has two
    menu locations."""
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    folder = write_theme(instance / "themes", "mag", {"index.html": "x"})
    with (folder / "theme.toml").open("a") as manifest:
        manifest.write(
            '[[menu_locations]]\nid = "primary"\nname = "Primary"\ndescription = "Top"\n'
            '[[menu_locations]]\nid = "footer"\nname = "Footer"\n'
        )
    assert runner.invoke(main, ["theme", "activate", "mag"]).exit_code == 0
    return runner


@pytest.fixture
def site(instance: Path, runner: CliRunner) -> Iterator[Flask]:
    """The same site's database, to look at (and to add posts to)."""
    yield from serve_site(instance)


def run(runner: CliRunner, *args: str, ok: bool = True) -> Result:
    result = runner.invoke(main, list(args))
    assert (result.exit_code == 0) is ok, result.output
    if not ok:
        assert result.exit_code in (1, 2), result.output
        assert "Traceback" not in result.output
    return result


def as_json(runner: CliRunner, *args: str) -> list[dict]:
    return json.loads(run(runner, *args, "--format=json").output)


def add_page(title: str, **fields: object) -> int:
    from tests.factories import make_post

    return make_post(title, post_type="page", **fields).id


def add_term(name: str, taxonomy: str = "category") -> int:
    from tests.factories import make_term

    return make_term(name, taxonomy).id


def topic() -> str:
    db.session.expire_all()
    row = db.session.scalar(
        db.select(db.text("value"))
        .select_from(db.table("options"))
        .where(db.text("name = 'magtheme_topic_menus'"))
    )
    return str(row)


def test_menus_are_created_listed_and_deleted(runner: CliRunner, site: None) -> None:
    before = topic()
    assert run(runner, "menu", "create", "Main Menu").output == "Success: created menu 1.\n"
    assert topic() != before
    assert run(runner, "menu", "create", "Footer links", "--porcelain").output.strip().isdigit()
    run(runner, "menu", "location", "assign", "main-menu", "primary")
    table = run(runner, "menu", "list").output.splitlines()
    assert table[0] == "term_id\tname\tslug\tlocations\tcount"
    assert table[1:] == [
        "2\tFooter links\tfooter-links\t\t0",
        "1\tMain Menu\tmain-menu\tprimary\t0",
    ]
    assert run(runner, "menu", "list", "--format=ids").output.strip() == "2 1"
    run(runner, "menu", "item", "add-custom", "Main Menu", "Home", "http://localhost/")
    before = topic()
    run(runner, "menu", "delete", "main-menu", "2")
    assert topic() != before
    assert as_json(runner, "menu", "list") == []
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Post)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(PostMeta)) == 0
    from magtheme.options import forget_options, load_options

    forget_options()
    assert load_options()["nav_menu_locations"] == {"primary": 0}


def test_items_of_every_kind_are_stored_as_wordpress_stores_them(
    runner: CliRunner, site: None
) -> None:
    about = add_page("About")
    news = add_term("News")
    run(runner, "menu", "create", "Main")
    before = topic()
    home = run(
        runner, "menu", "item", "add-custom", "Main", "Home", "http://localhost/", "--porcelain"
    ).output.strip()
    assert topic() != before
    page = run(
        runner,
        "menu",
        "item",
        "add-post",
        "Main",
        str(about),
        "--porcelain",
        "--classes=big blue",
        "--target=_blank",
        "--attr-title=About us",
        f"--parent-id={home}",
    ).output.strip()
    run(
        runner,
        "menu",
        "item",
        "add-term",
        "main",
        "category",
        str(news),
        "--title=Latest",
        "--description=Fresh",
        "--position=1",
    )
    items = as_json(runner, "menu", "item", "list", "Main")
    assert [(i["type"], i["title"], i["link"], i["position"]) for i in items] == [
        ("taxonomy", "Latest", "http://localhost/category/news/", 1),
        ("custom", "Home", "http://localhost/", 2),
        ("post_type", "About", "http://localhost/about/", 3),
    ]
    assert items[2]["menu_item_parent"] == int(home)
    assert (items[2]["classes"], items[2]["target"], items[2]["attr_title"]) == (
        "big blue",
        "_blank",
        "About us",
    )
    assert items[0]["description"] == "Fresh"
    db.session.expire_all()
    meta = dict(
        db.session.execute(
            db.select(PostMeta.key, PostMeta.value).where(PostMeta.post_id == int(page))
        ).all()
    )
    assert meta == {
        "_menu_item_type": "post_type",
        "_menu_item_menu_item_parent": home,
        "_menu_item_object_id": str(about),
        "_menu_item_object": "page",
        "_menu_item_target": "_blank",
        "_menu_item_classes": 'a:2:{i:0;s:3:"big";i:1;s:4:"blue";}',
        "_menu_item_xfn": "",
        "_menu_item_url": "",
    }
    stored = db.session.get(Post, int(page))
    assert (stored.post_type, stored.status, stored.title, stored.excerpt) == (
        "nav_menu_item",
        "publish",
        "",  # the page's own title is kept by leaving the item's empty
        "About us",
    )
    home_meta = dict(
        db.session.execute(
            db.select(PostMeta.key, PostMeta.value).where(PostMeta.post_id == int(home))
        ).all()
    )
    assert home_meta["_menu_item_object_id"] == home
    assert home_meta["_menu_item_classes"] == 'a:1:{i:0;s:0:"";}'
    menu = db.session.scalar(db.select(Term).where(Term.taxonomy == "nav_menu"))
    assert (menu.taxonomy, menu.count) == ("nav_menu", 3)
    links = db.session.scalars(
        db.select(TermRelationship.post_id).where(TermRelationship.term_id == menu.id)
    ).all()
    assert len(links) == 3
    assert run(runner, "menu", "item", "list", "Main", "--format=ids").output.split() == [
        str(i["db_id"]) for i in items
    ]
    table = run(runner, "menu", "item", "list", "Main").output.splitlines()
    assert table[0] == "db_id\ttype\ttitle\tlink\tposition"


def test_the_site_shows_a_menu_made_on_the_command_line(runner: CliRunner, site: None) -> None:
    from flask import current_app

    about = add_page("About")
    run(runner, "menu", "create", "Main")
    run(runner, "menu", "item", "add-post", "Main", str(about), "--classes=lead")
    run(runner, "theme", "activate", "classic")
    run(runner, "menu", "location", "assign", "Main", "primary")
    body = current_app.test_client().get("/about/").get_data(as_text=True)
    assert (
        'class="lead menu-item menu-item-type-post_type menu-item-object-page current-menu-item'
        in body
    )
    assert 'aria-current="page">About</a>' in body


def test_update_moves_renames_and_reparents(runner: CliRunner, site: None) -> None:
    run(runner, "menu", "create", "Main")
    ids = [
        run(
            runner,
            "menu",
            "item",
            "add-custom",
            "Main",
            name,
            f"http://localhost/{name}/",
            "--porcelain",
        ).output.strip()
        for name in ("a", "b", "c")
    ]
    before = topic()
    run(
        runner,
        "menu",
        "item",
        "update",
        ids[2],
        "--position=1",
        "--title=C!",
        "--link=https://c.example/",
        f"--parent-id={ids[0]}",
        "--target=",
    )
    assert topic() != before
    items = as_json(runner, "menu", "item", "list", "Main")
    assert [(i["title"], i["position"], i["menu_item_parent"]) for i in items] == [
        ("C!", 1, int(ids[0])),
        ("a", 2, 0),
        ("b", 3, 0),
    ]
    assert items[0]["link"] == "https://c.example/"
    run(runner, "menu", "item", "delete", ids[0])
    items = as_json(runner, "menu", "item", "list", "Main")
    assert [(i["title"], i["menu_item_parent"]) for i in items] == [("C!", 0), ("b", 0)]
    assert "deleted 1 of 1" in run(runner, "menu", "item", "delete", ids[1]).output


def test_locations_are_listed_assigned_and_removed(runner: CliRunner, site: None) -> None:
    run(runner, "menu", "create", "Main")
    assert run(runner, "menu", "location", "list").output.splitlines() == [
        "location\tdescription\tmenu",
        "primary\tTop\t",
        "footer\tFooter\t",
    ]
    run(runner, "menu", "location", "assign", "Main", "footer")
    assert as_json(runner, "menu", "location", "list")[1] == {
        "location": "footer",
        "description": "Footer",
        "menu": "main",
    }
    run(runner, "menu", "location", "remove", "Main", "footer")
    assert as_json(runner, "menu", "location", "list")[1]["menu"] == ""
    assert run(runner, "menu", "location", "list", "--format=ids").output.strip() == (
        "primary footer"
    )


CLICK_USAGE = ("'x' is not a valid integer", "give at least one of", "'csv' is not one of")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("menu", "create", "Main"), "conflicts with menu 1"),
        (("menu", "create", " "), "a menu needs a name"),
        (
            ("menu", "delete", "main", "nope"),
            "no menu 'nope' (by id, slug or name); the menus are: 1 (main)",
        ),
        (("menu", "item", "list", "nope"), "no menu 'nope'"),
        (("menu", "item", "add-post", "Main", "999"), "there is no post 999"),
        (("menu", "item", "add-post", "Main", "{item}"), "menu items link to posts of the types"),
        (
            ("menu", "item", "add-term", "Main", "genre", "1"),
            "unknown taxonomy 'genre'; the taxonomies are: category, post_tag",
        ),
        (("menu", "item", "add-term", "Main", "post_tag", "1"), "there is no post_tag term 1"),
        (
            ("menu", "item", "add-custom", "Main", "X", "javascript:alert(1)"),
            "is not a link WordPress allows",
        ),
        (("menu", "item", "add-custom", "Main", "", "http://x.example/"), "needs a title"),
        (
            ("menu", "item", "add-custom", "Main", "X", "http://x.example/", "--target=_new"),
            "target '_new' is not one of: (empty), _blank",
        ),
        (
            ("menu", "item", "add-custom", "Main", "X", "http://x.example/", '--classes=a"b'),
            "cannot be a class",
        ),
        (
            ("menu", "item", "add-custom", "Main", "X", "http://x.example/", "--position=0"),
            "position 0 is not 1 or more",
        ),
        (
            ("menu", "item", "add-custom", "Main", "X", "http://x.example/", "--parent-id=999"),
            "999 is not an item of menu 'Main'",
        ),
        (
            ("menu", "item", "add-custom", "Main", "X", "http://x.example/", "--position=x"),
            "'x' is not a valid integer",
        ),
        (("menu", "item", "update", "{item}"), "give at least one of --title"),
        (("menu", "item", "update", "999", "--title=X"), "999 is not a menu item"),
        (("menu", "item", "update", "{item}", "--parent-id={item}"), "cannot hang under"),
        (
            ("menu", "item", "update", "{item}", "--link=data:text/html,x"),
            "is not a link WordPress allows",
        ),
        (("menu", "item", "delete", "{item}", "999"), "999 is not a menu item"),
        (
            ("menu", "location", "assign", "Main", "sidebar"),
            "unknown location 'sidebar'; the active theme's locations are: primary, footer",
        ),
        (("menu", "location", "assign", "nope", "primary"), "no menu 'nope'"),
        (
            ("menu", "location", "remove", "Main", "primary"),
            "menu 'Main' is not assigned to location 'primary'",
        ),
        (("menu", "location", "remove", "Main", "sidebar"), "unknown location 'sidebar'"),
        (("menu", "list", "--format=csv"), "'csv' is not one of 'table', 'json', 'ids'"),
    ],
)
def test_refusals_name_the_argument_and_change_nothing(
    runner: CliRunner, site: None, args: tuple[str, ...], message: str
) -> None:
    run(runner, "menu", "create", "Main")
    item = run(
        runner, "menu", "item", "add-custom", "Main", "Home", "http://localhost/", "--porcelain"
    ).output.strip()
    before = as_json(runner, "menu", "item", "list", "Main"), as_json(runner, "menu", "list")
    result = run(runner, *(a.replace("{item}", item) for a in args), ok=False)
    assert message in " ".join(result.output.split()), result.output
    # 2: click could not parse the command line; 1: the command was refused.
    assert result.exit_code == (2 if message.startswith(CLICK_USAGE) else 1), result.output
    after = as_json(runner, "menu", "item", "list", "Main"), as_json(runner, "menu", "list")
    assert after == before


def test_a_link_option_on_a_post_item_is_explained(runner: CliRunner, site: None) -> None:
    about = add_page("About")
    run(runner, "menu", "create", "Main")
    result = run(runner, "menu", "item", "add-post", "Main", str(about), "--link=http://x/")
    assert "--link is used by custom links only" in result.output


def test_the_commands_are_listed_in_help(runner: CliRunner) -> None:
    assert "menu" in run(runner, "--help").output
    item_help = run(runner, "menu", "item", "--help").output
    for command in ("add-post", "add-term", "add-custom", "list", "update", "delete"):
        assert command in item_help
    location_help = run(runner, "menu", "location", "--help").output
    for command in ("list", "assign", "remove"):
        assert command in location_help
