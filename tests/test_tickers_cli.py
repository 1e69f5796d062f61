"""``magtheme ticker list|create|update|delete``: every command, every refusal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from magtheme.cli import main


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(tmp_path / "site"))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    return runner


def run(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def refused(runner: CliRunner, *args: str, status: int = 1) -> str:
    """The error output of a refused command: exit status 1 (2 when click could not parse
    the command line), no traceback."""
    result = runner.invoke(main, list(args))
    assert result.exit_code == status, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return result.output


def listed(runner: CliRunner) -> dict[str, dict[str, Any]]:
    rows = json.loads(run(runner, "ticker", "list", "--format=json").output)
    return {row.pop("name"): row for row in rows}


def test_a_new_site_has_the_built_in_breaking_ticker(runner: CliRunner) -> None:
    tickers = listed(runner)
    assert list(tickers) == ["breaking"]
    assert tickers["breaking"]["built_in"] is True
    assert tickers["breaking"]["source"] == "category" and tickers["breaking"]["count"] == 5
    table = run(runner, "ticker", "list").output.splitlines()
    assert table[0].split("\t")[:3] == ["name", "source", "term"]
    assert table[1].startswith("breaking\tcategory")


def test_create_update_delete(runner: CliRunner) -> None:
    out = run(
        runner,
        "ticker",
        "create",
        "sport",
        "--source=tag",
        "--term=football",
        "--count=3",
        "--max-age=24",
        "--label=LIVE",
        "--speed=90",
        "--direction=right",
        "--refresh=15",
    ).output
    assert "created ticker sport" in out and "/wp-json/magtheme/v1/tickers/sport" in out
    assert listed(runner)["sport"] == {
        "built_in": False,
        "source": "tag",
        "term": "football",
        "posts": "",
        "count": 3,
        "max_age": 24,
        "label": "LIVE",
        "speed": 90,
        "direction": "right",
        "refresh": 15,
    }
    run(runner, "ticker", "update", "sport", "--count=7")
    sport = listed(runner)["sport"]
    assert sport["count"] == 7 and sport["term"] == "football"  # the rest kept
    run(runner, "ticker", "update", "breaking", "--label=URGENT")
    assert listed(runner)["breaking"]["built_in"] is False
    assert "back to its built-in settings" in run(runner, "ticker", "delete", "breaking").output
    assert listed(runner)["breaking"]["label"] == "BREAKING"
    run(runner, "ticker", "delete", "sport")
    assert list(listed(runner)) == ["breaking"]


def test_a_term_that_does_not_exist_is_saved_with_a_warning(runner: CliRunner) -> None:
    result = runner.invoke(main, ["ticker", "create", "sport", "--source=tag", "--term=footbal"])
    assert result.exit_code == 0
    assert "Warning: there is no tag 'footbal' yet" in result.output
    assert listed(runner)["sport"]["term"] == "footbal"


def test_picked_posts(runner: CliRunner) -> None:
    run(runner, "ticker", "create", "picks", "--source=posts", "--posts=4, 2 4")
    assert listed(runner)["picks"]["posts"] == "4,2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--count=30"], "--count: count must be between 1 and 20, not 30"),
        (["--count=lots"], "--count: count must be a whole number"),
        (["--max-age=-2"], "--max-age"),
        (["--refresh=99999"], "--refresh: refresh must be between 0 and 3600"),
        (["--source=rss"], "source must be one of category, tag, sticky, latest, posts"),
        (["--direction=up"], "direction must be one of auto, left, right"),
        (["--source=tag"], "a tag ticker needs term"),
        (["--source=posts", "--posts=1,x"], "posts must be post IDs"),
        (["--source=latest", "--term=x"], "term is only used by the category and tag sources"),
        (["--colour=red"], "No such option '--colour'"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    runner: CliRunner, args: list[str], message: str
) -> None:
    status = 2 if message.startswith("No such option") else 1
    assert message in refused(runner, "ticker", "create", "news", *args, status=status)
    assert list(listed(runner)) == ["breaking"]


def test_refusals_name_what_exists(runner: CliRunner) -> None:
    run(runner, "ticker", "create", "sport", "--source=latest")
    assert "already a ticker 'sport'" in refused(runner, "ticker", "create", "sport")
    assert "must start with a lowercase letter" in refused(runner, "ticker", "create", "Sport")
    out = refused(runner, "ticker", "update", "weather", "--count=2")
    assert "no ticker 'weather'; the tickers are: breaking, sport" in out
    assert "give at least one setting" in refused(runner, "ticker", "update", "sport", status=2)
    assert "the tickers are: breaking, sport" in refused(runner, "ticker", "delete", "weather")
    assert "built in" in refused(runner, "ticker", "delete", "breaking")
    # A refused update leaves the ticker as it was.
    refused(runner, "ticker", "update", "sport", "--count=99")
    assert listed(runner)["sport"]["count"] == 5


def test_help_lists_the_ticker_commands(runner: CliRunner) -> None:
    assert "ticker" in run(runner, "--help").output
    out = run(runner, "ticker", "--help").output
    for command in ("list", "create", "update", "delete"):
        assert command in out
    assert "--max-age" in run(runner, "ticker", "create", "--help").output
