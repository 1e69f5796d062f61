"""``magtheme term create|list|update|delete``: WP-CLI's arguments and messages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask

from magtheme.cli import main
from magtheme.models import Term, db
from tests.conftest import serve_site


@pytest.fixture
def runner(instance: Path) -> CliRunner:
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    return runner


@pytest.fixture
def site(instance: Path, runner: CliRunner) -> Iterator[Flask]:
    yield from serve_site(instance)


def run(runner: CliRunner, *args: str, ok: bool = True) -> Result:
    result = runner.invoke(main, list(args))
    assert (result.exit_code == 0) is ok, result.output
    assert "Traceback" not in result.output
    return result


def test_create_list_update_delete(runner: CliRunner, site: Flask) -> None:
    assert run(runner, "term", "create", "category", "Apple", "--description=A fruit").output == (
        "Success: Created category 1.\n"
    )
    assert (
        run(runner, "term", "create", "category", "Green", "--parent=1", "--porcelain").output
        == "2\n"
    )
    table = run(runner, "term", "list", "category").output.splitlines()
    assert table == [
        "term_id\tterm_taxonomy_id\tname\tslug\tdescription\tparent\tcount",
        "1\t1\tApple\tapple\tA fruit\t0\t0",
        "2\t2\tGreen\tgreen\t\t1\t0",
    ]
    rows = json.loads(
        run(runner, "term", "list", "category", "--format=json", "--fields=name,url").output
    )
    assert rows[0] == {"name": "Apple", "url": "http://localhost/category/apple/"}
    assert run(runner, "term", "list", "category", "--format=ids").output == "1 2\n"
    assert run(
        runner, "term", "update", "category", "green", "--by=slug", "--name=Granny"
    ).output == ("Success: Term updated.\n")
    assert run(runner, "term", "delete", "category", "1", "2").output == (
        "Deleted category 1.\nDeleted category 2.\nSuccess: Deleted 2 of 2 terms.\n"
    )
    assert run(runner, "term", "list", "category", "--format=count").output == "0\n"


def test_deleting_a_category_reassigns_its_posts(runner: CliRunner, site: Flask) -> None:
    run(runner, "term", "create", "category", "Weather")
    run(
        runner,
        "post",
        "create",
        "--post_title=Rain",
        "--post_status=publish",
        "--post_category=Weather",
    )
    run(runner, "term", "delete", "category", "1")
    listed = run(runner, "term", "list", "category", "--fields=name,count", "--format=csv").output
    assert listed == "name,count\nUncategorized,1\n"
    result = run(runner, "term", "delete", "category", "2", ok=False)
    assert "'Uncategorized' is the default category and cannot be deleted" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("create", "genre", "Jazz"),
            "Invalid value for TAXONOMY: 'genre' is not a registered taxonomy",
        ),
        (
            ("create", "post_tag", " "),
            "Invalid value for --name: A name is required for this term.",
        ),
        (
            ("create", "post_tag", "X", "--parent=1"),
            "Invalid value for --parent: post_tag terms have no parents",
        ),
        (
            ("update", "category", "7", "--name=Y"),
            "Invalid value for TERM: there is no category with ID 7",
        ),
        (
            ("update", "category", "apple", "--name=Y"),
            "is not a term ID (use --by=slug for a slug)",
        ),
        (
            ("delete", "category", "1", "9"),
            "Invalid value for TERM: there is no category with ID 9",
        ),
        (("list", "category", "--fields=colour"), "there is no field 'colour'"),
    ],
)
def test_refusals_name_what_to_fix_and_change_nothing(
    runner: CliRunner, site: Flask, args: tuple[str, ...], message: str
) -> None:
    run(runner, "term", "create", "category", "Kept")
    result = run(runner, "term", *args, ok=False)
    assert result.exit_code == 2
    assert message in result.output
    db.session.expire_all()
    assert [t.name for t in db.session.scalars(db.select(Term))] == ["Kept"]
