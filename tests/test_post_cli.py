"""``magtheme post create|update|get|delete``: WP-CLI's arguments, one-line errors, nothing
half-written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask

from magtheme.cli import main
from magtheme.models import Post, Term, db
from tests.conftest import serve_site


@pytest.fixture
def runner(instance: Path) -> CliRunner:
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    return runner


@pytest.fixture
def site(instance: Path, runner: CliRunner) -> Iterator[Flask]:
    yield from serve_site(instance)


def run(runner: CliRunner, *args: str, ok: bool = True, stdin: str | None = None) -> Result:
    result = runner.invoke(main, ["post", *args], input=stdin)
    assert (result.exit_code == 0) is ok, result.output
    assert "Traceback" not in result.output
    if not ok:
        assert result.exit_code == 2, result.output
    return result


def posts() -> list[Post]:
    db.session.expire_all()
    return list(
        db.session.scalars(db.select(Post).where(Post.post_type != "revision").order_by(Post.id))
    )


def test_create_publish_and_read_it_back(runner: CliRunner, site: Flask) -> None:
    out = run(
        runner,
        "create",
        "--post_title=Hello world",
        "--post_content=<p>First!</p>",
        "--post_status=publish",
        "--post_date=2024-03-02 10:00:00",
        "--tags_input=intro, news",
    ).output
    assert out == "Success: Created post 1.\n"
    data = json.loads(run(runner, "get", "1", "--format=json").output)
    assert data["post_name"] == "hello-world" and data["post_status"] == "publish"
    assert data["url"].endswith("/2024/03/02/hello-world/")
    assert (data["post_category"], data["tags_input"]) == ("Uncategorized", "intro,news")
    assert run(runner, "get", "1", "--field=post_title").output == "Hello world\n"
    page = site.test_client().get("/2024/03/02/hello-world/")
    assert page.status_code == 200 and "First!" in page.get_data(as_text=True)


def test_content_from_a_file_or_stdin_and_porcelain(
    runner: CliRunner, site: Flask, tmp_path: Path
) -> None:
    body = tmp_path / "body.html"
    body.write_text("<p>From a file</p>", encoding="utf-8")
    first = run(runner, "create", str(body), "--post_title=F", "--porcelain").output
    second = run(runner, "create", "-", "--post_title=S", "--porcelain", stdin="piped").output
    assert first.strip().isdigit() and second.strip().isdigit() and first != second
    assert [p.content for p in posts()] == ["<p>From a file</p>", "piped"]
    result = run(runner, "create", str(tmp_path / "missing.html"), ok=False)
    assert (
        f"Invalid value for FILE: unable to read content from '{tmp_path / 'missing.html'}'"
        in result.output
    )


def test_publishing_ahead_schedules_and_says_so(runner: CliRunner, site: Flask) -> None:
    result = run(
        runner,
        "create",
        "--post_title=Later",
        "--post_status=publish",
        "--post_date=2099-01-01 09:00:00",
    )
    assert "Warning: Post 1 is scheduled for 2099-01-01 09:00:00" in result.output
    assert posts()[0].status == "future"


def test_a_second_post_with_the_same_title_gets_dash_two(runner: CliRunner, site: Flask) -> None:
    for _ in range(2):
        run(runner, "create", "--post_title=Same", "--post_status=publish")
    assert [p.slug for p in posts()] == ["same", "same-2"]


def test_every_error_is_one_line_and_nothing_is_written(runner: CliRunner, site: Flask) -> None:
    result = run(
        runner,
        "create",
        "--post_status=live",
        "--post_category=Nowhere",
        "--post_type=post",
        ok=False,
    )
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert errors == [
        "Error: Invalid value for --post_status: 'live' is not a status a post can be given; "
        "use one of publish, future, draft, pending, private.",
        "Error: Invalid value for --post_content: Content, title, and excerpt are empty.",
        "Error: Invalid value for --post_category: No such post category 'Nowhere'. Create it "
        "with magtheme term create category NAME, or pass --create-categories.",
    ]
    assert posts() == []
    result = run(runner, "create", "--post_author=nobody", "--post_title=x", ok=False)
    assert "Invalid value for --post_author: there is no user 'nobody'" in result.output


def test_create_categories_when_asked(runner: CliRunner, site: Flask) -> None:
    run(
        runner,
        "create",
        "--post_title=A",
        "--post_status=publish",
        "--post_category=Science,Art",
        "--create-categories",
    )
    db.session.expire_all()
    assert {
        (t.name, t.count)
        for t in db.session.scalars(db.select(Term).where(Term.taxonomy == "category"))
    } == {
        ("Science", 1),
        ("Art", 1),
    }


def test_update_several_posts_at_once_or_none(runner: CliRunner, site: Flask) -> None:
    one = run(runner, "create", "--post_title=One", "--porcelain").output.strip()
    two = run(runner, "create", "--post_title=Two", "--porcelain").output.strip()
    assert run(runner, "update", one, two, "--post_status=publish").output == (
        f"Success: Updated post {one}.\nSuccess: Updated post {two}.\n"
    )
    assert [p.status for p in posts()] == ["publish", "publish"]
    result = run(runner, "update", one, "99", "--post_status=draft", ok=False)
    assert "Error: Invalid value for ID: there is no post with ID 99." in result.output
    assert [p.status for p in posts()] == ["publish", "publish"]  # post 1 untouched too


def test_update_keeps_the_template_and_sidebar_options(runner: CliRunner, site: Flask) -> None:
    run(runner, "create", "--post_title=Story")
    run(runner, "update", "1", "--sidebar=left", "--post_title=Story, revised")
    data = json.loads(
        run(runner, "get", "1", "--format=json", "--fields=post_title,sidebar").output
    )
    assert data == {"post_title": "Story, revised", "sidebar": "left"}
    result = runner.invoke(main, ["post", "update", "1"])
    assert result.exit_code == 2 and "nothing to change" in result.output


def test_delete_trashes_then_deletes_for_good(runner: CliRunner, site: Flask) -> None:
    run(runner, "create", "--post_title=Old", "--post_status=publish")
    assert run(runner, "delete", "1").output == "Success: Trashed post 1.\n"
    assert posts()[0].status == "trash"
    result = run(runner, "update", "1", "--post_title=x", ok=False)
    assert "is in the trash; restore it first" in result.output
    assert run(runner, "delete", "1").output == "Success: Deleted post 1.\n"  # as WP-CLI does
    assert posts() == []
    now = run(runner, "create", "--post_title=Now", "--porcelain").output.strip()
    assert run(runner, "delete", now, "--force").output == f"Success: Deleted post {now}.\n"
    result = run(runner, "get", now, ok=False)
    assert f"Error: Invalid value for ID: there is no post with ID {now}." in result.output


def test_get_formats_and_unknown_fields(runner: CliRunner, site: Flask) -> None:
    run(runner, "create", "--post_title=Draft")
    table = run(runner, "get", "1").output.splitlines()
    assert table[0] == "Field\tValue" and "post_date_gmt\t0000-00-00 00:00:00" in table
    yaml = run(runner, "get", "1", "--format=yaml", "--fields=ID,post_title").output
    assert yaml == '---\nID: 1\npost_title: "Draft"\n'
    result = run(runner, "get", "1", "--field=colour", ok=False)
    assert "there is no field 'colour'" in result.output
