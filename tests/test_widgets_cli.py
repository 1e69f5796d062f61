"""``magtheme widget …`` and ``magtheme sidebar list``: every command, every refusal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from magtheme.cli import main
from tests.conftest import write_theme


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    site = tmp_path / "site"
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(site))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    folder = write_theme(site / "themes", "mag", {"index.html": "x"})
    with (folder / "theme.toml").open("a") as manifest:
        manifest.write(
            '[[widget_areas]]\nid = "sidebar"\nname = "Sidebar"\n'
            '[[widget_areas]]\nid = "footer"\nname = "Footer"\n'
        )
    assert runner.invoke(main, ["theme", "activate", "mag"]).exit_code == 0
    return runner


def run(runner: CliRunner, *args: str, ok: bool = True) -> Result:
    result = runner.invoke(main, list(args))
    assert (result.exit_code == 0) is ok, result.output
    if not ok:
        # 2: click could not parse the command line; 1: the command was refused.
        assert result.exit_code in (1, 2) and "Traceback" not in result.output
    return result


def listed(runner: CliRunner, area: str) -> list[dict]:
    return json.loads(run(runner, "widget", "list", area, "--format=json").output)


def test_add_update_move_deactivate_delete(runner: CliRunner) -> None:
    assert (
        "added text-2 to sidebar"
        in run(runner, "widget", "add", "text", "sidebar", "--title=Hi").output
    )
    run(runner, "widget", "add", "recent-posts", "sidebar", "1", "--number=3")
    assert [(w["id"], w["position"]) for w in listed(runner, "sidebar")] == [
        ("recent-posts-2", 1),
        ("text-2", 2),
    ]
    run(runner, "widget", "update", "text-2", "--text=Hello")
    assert listed(runner, "sidebar")[1]["settings"]["text"] == "Hello"
    assert listed(runner, "sidebar")[1]["settings"]["title"] == "Hi"
    run(runner, "widget", "move", "text-2", "--sidebar-id=footer")
    assert [w["id"] for w in listed(runner, "footer")] == ["text-2"]
    run(runner, "widget", "deactivate", "text-2")
    assert [w["id"] for w in listed(runner, "wp_inactive_widgets")] == ["text-2"]
    table = run(runner, "sidebar", "list").output.splitlines()
    assert table == [
        "id\tname\twidgets",
        "sidebar\tSidebar\t1",
        "footer\tFooter\t0",
        "wp_inactive_widgets\tInactive widgets\t1",
    ]
    run(runner, "widget", "delete", "text-2", "recent-posts-2")
    assert listed(runner, "sidebar") == [] and listed(runner, "wp_inactive_widgets") == []
    assert run(runner, "sidebar", "list", "--format=ids").output.strip() == (
        "sidebar footer wp_inactive_widgets"
    )


#: What click itself reports, with exit status 2: a command line it could not parse.
CLICK_USAGE = ("'x' is not a number", "is not --FIELD=VALUE", "give at least one --FIELD=VALUE")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("widget", "add", "weather", "sidebar"), "unknown widget type 'weather'; the types are:"),
        (
            ("widget", "add", "text", "nowhere"),
            "the areas are: sidebar, footer, wp_inactive_widgets",
        ),
        (("widget", "add", "text", "sidebar", "--colour=red"), "has no field 'colour'"),
        (("widget", "add", "recent-posts", "sidebar", "--number=99"), "between 1 and 20"),
        (("widget", "add", "text", "sidebar", "x"), "'x' is not a number"),
        (("widget", "add", "text", "sidebar", "--title"), "is not --FIELD=VALUE"),
        (("widget", "update", "text-9", "--title=x"), "there is no widget 'text-9'"),
        (("widget", "update", "text-9"), "give at least one --FIELD=VALUE"),
        (("widget", "move", "text-9"), "there is no widget 'text-9'"),
        (("widget", "deactivate", "text-9"), "there is no widget 'text-9'"),
        (("widget", "delete", "text-9"), "there is no widget 'text-9'"),
        (("widget", "list", "nowhere"), "unknown widget area 'nowhere'"),
        (
            ("widget", "add", "social-links", "sidebar", "--facebook=javascript:alert(1)"),
            "facebook must be an http:// or https:// address, not 'javascript:alert(1)'.",
        ),
        (
            ("widget", "add", "author-box", "sidebar", "--source=someone"),
            "source must be one of page, user, not 'someone'.",
        ),
        (
            ("widget", "add", "author-box", "sidebar", "--source=user", "--user=nobody"),
            "widget type 'author-box': there is no user with the login 'nobody'; "
            "the site has no users yet.",
        ),
    ],
)
def test_refusals_name_the_argument_and_change_nothing(
    runner: CliRunner, args: tuple[str, ...], message: str
) -> None:
    result = run(runner, *args, ok=False)
    assert message in result.output
    assert result.exit_code == (2 if message in CLICK_USAGE else 1), result.output
    assert listed(runner, "sidebar") == []


def test_option_set_and_sidebar_list_warn_of_unknown_types(runner: CliRunner) -> None:
    stored = '{"weather-2": {"type": "weather"}, "text-2": {"type": "text"}}'
    result = run(runner, "option", "set", "widget_instances", stored)
    assert "widget 'weather-2' has unknown type 'weather'" in result.output
    assert "text-2" not in result.output.split("Success")[0]
    result = run(runner, "sidebar", "list")
    assert "widget 'weather-2' has unknown type 'weather'" in result.output


def test_an_author_box_names_a_user_the_site_has(runner: CliRunner) -> None:
    from magtheme.app import create_app
    from magtheme.models import User, db

    with create_app().app_context():
        db.session.add(User(login="ann", nicename="ann", display_name="Ann"))
        db.session.commit()
    run(runner, "widget", "add", "author-box", "sidebar", "--source=user", "--user=ann")
    assert listed(runner, "sidebar")[0]["settings"]["user"] == "ann"
    result = run(runner, "widget", "update", "author-box-2", "--user=bob", ok=False)
    assert "there is no user with the login 'bob'; the users are: ann." in result.output
    assert listed(runner, "sidebar")[0]["settings"]["user"] == "ann"


def test_a_list_of_a_category_or_a_ticker_the_site_lacks_is_refused(runner: CliRunner) -> None:
    from magtheme.cli import _app
    from magtheme.models import db
    from tests.factories import make_term

    result = run(runner, "widget", "add", "category-posts", "sidebar", "--category=sport", ok=False)
    assert result.exit_code == 1
    assert "there is no category 'sport'; the site has no categories yet" in result.output
    with _app().app_context():
        make_term("Actualités", slug="actualit%c3%a9s")
        make_term("World")
        db.session.remove()
    result = run(runner, "widget", "add", "category-posts", "sidebar", "--category=sport", ok=False)
    assert "there is no category 'sport'; the categories are: actualités, world" in result.output
    result = run(runner, "widget", "add", "recent-posts", "sidebar", "--category=sport", ok=False)
    assert "there is no category 'sport'" in result.output
    result = run(runner, "widget", "add", "ticker", "sidebar", "--ticker=weather", ok=False)
    assert "there is no ticker 'weather'; the tickers are: breaking" in result.output
    assert listed(runner, "sidebar") == []
    run(runner, "widget", "add", "category-posts", "sidebar", "--category=actualités")
    run(runner, "ticker", "create", "weather", "--source=latest")
    run(runner, "widget", "add", "ticker", "sidebar", "--ticker=weather")
    assert [w["type"] for w in listed(runner, "sidebar")] == ["category-posts", "ticker"]
