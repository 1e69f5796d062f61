"""``magtheme comment list|approve|unapprove|spam|trash|delete``."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from magtheme import create_app
from magtheme.cli import main
from magtheme.models import Comment, Post, db
from tests.factories import make_post


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(tmp_path / "site"))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    return CliRunner()


def invoke(runner: CliRunner, *args: str, ok: bool = True) -> Result:
    result = runner.invoke(main, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def seeded(runner: CliRunner, tmp_path: Path) -> dict[str, int]:
    """Two posts; comments 1–3 on the first (approved, pending, approved reply), 4 on the other."""
    invoke(runner, "init")
    app = create_app(tmp_path / "site")
    with app.app_context():
        first, second = make_post("First"), make_post("Second")
        rows = [
            (first.id, 0, "approved", "Ann"),
            (first.id, 0, "pending", "Bob"),
            (first.id, 1, "approved", "Cy"),
            (second.id, 0, "approved", "Dee"),
        ]
        for n, (post_id, parent, status, name) in enumerate(rows, start=1):
            db.session.add(
                Comment(
                    id=n,
                    post_id=post_id,
                    parent_id=parent,
                    status=status,
                    author_name=name,
                    author_email=f"{name.lower()}@example.com",
                    content=f"Words from {name}",
                    date=datetime(2024, 1, n),
                    date_gmt=datetime(2024, 1, n),
                )
            )
        first.comment_count, second.comment_count = 2, 1
        db.session.commit()
        ids = {"first": first.id, "second": second.id}
        db.session.remove()
    return ids


def counts(tmp_path: Path) -> dict[str, int]:
    app = create_app(tmp_path / "site")
    with app.app_context():
        result = {p.title: p.comment_count for p in db.session.query(Post).all()}
        db.session.remove()
    return result


def listed(runner: CliRunner, *args: str) -> list[dict[str, object]]:
    return json.loads(invoke(runner, "comment", "list", "--format", "json", *args).output)  # type: ignore[no-any-return]


def test_list_filters_by_post_and_status(runner: CliRunner, seeded: dict[str, int]) -> None:
    assert [c["comment_ID"] for c in listed(runner)] == [4, 3, 2, 1]
    assert [c["comment_ID"] for c in listed(runner, "--post", str(seeded["first"]))] == [3, 2, 1]
    assert [c["comment_ID"] for c in listed(runner, "--status", "pending")] == [2]
    table = invoke(runner, "comment", "list").output.splitlines()
    assert table[0].startswith("comment_ID\tcomment_post_ID\tcomment_author")
    assert "Words from Bob" in table[3]
    assert invoke(runner, "comment", "list", "--format", "ids").output.split() == [
        "4",
        "3",
        "2",
        "1",
    ]


def test_list_refuses_unknown_statuses(runner: CliRunner, seeded: dict[str, int]) -> None:
    result = invoke(runner, "comment", "list", "--status", "bogus", ok=False)
    assert result.exit_code == 2 and "bogus" in result.output


@pytest.mark.parametrize(
    ("command", "ids", "status", "first_count"),
    [
        ("approve", ["2"], "approved", 3),
        ("unapprove", ["1"], "pending", 1),
        ("spam", ["1", "3"], "spam", 0),
        ("trash", ["3"], "trash", 1),
    ],
)
def test_status_changes_keep_counts(
    runner: CliRunner,
    seeded: dict[str, int],
    tmp_path: Path,
    command: str,
    ids: list[str],
    status: str,
    first_count: int,
) -> None:
    out = invoke(runner, "comment", command, *ids).output
    assert out.count("Success:") == len(ids)
    assert {c["comment_approved"] for c in listed(runner) if str(c["comment_ID"]) in ids} == {
        status
    }
    assert counts(tmp_path) == {"First": first_count, "Second": 1}


def test_delete_keeps_counts_and_replies(
    runner: CliRunner, seeded: dict[str, int], tmp_path: Path
) -> None:
    assert "Deleted comment 1" in invoke(runner, "comment", "delete", "1").output
    remaining = {c["comment_ID"]: c for c in listed(runner)}
    assert sorted(remaining) == [2, 3, 4]
    assert remaining[3]["comment_parent"] == 0  # moved up, not lost
    assert counts(tmp_path) == {"First": 1, "Second": 1}


def test_unknown_ids_are_named(runner: CliRunner, seeded: dict[str, int]) -> None:
    result = invoke(runner, "comment", "approve", "2", "77", ok=False)
    assert result.exit_code == 1
    assert "Success: Approved comment 2." in result.output
    assert "no comment with ID 77" in result.output
