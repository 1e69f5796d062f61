"""``magtheme export``: WXR on standard output or in a file, WP-CLI's filters, clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from magtheme.cli import main
from magtheme.wxr import read_wxr
from tests.conftest import unit_test_wxr

WP = "http://wordpress.org/export/1.2/"


@pytest.fixture
def runner(instance: Path) -> CliRunner:
    """A site (the suite's database) holding the WordPress Theme Unit Test."""
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    imported = runner.invoke(main, ["import", str(unit_test_wxr())])
    assert imported.exit_code == 0, imported.output
    return runner


def run(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(main, list(args))
    assert result.exit_code == 0, result.stderr
    return result


def refused(runner: CliRunner, *args: str) -> str:
    """The one-line error of a refused export: exit status 1, nothing on stdout."""
    result = runner.invoke(main, list(args))
    assert result.exit_code == 1, result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout_bytes == b""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    return lines[0]


def types_of(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    return [t.text or "" for t in root.iter(f"{{{WP}}}post_type")]


def test_export_writes_the_site_to_standard_output(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "export")
    assert result.stderr == ""
    path = tmp_path / "site.xml"
    path.write_bytes(result.stdout_bytes)
    document = read_wxr(path)
    assert document.channel.wxr_version == "1.2"
    assert document.channel.title == "Theme Unit Test Data"
    assert len(document.items) == 180 and len(document.authors) == 2


def test_output_writes_a_file_and_says_so(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "out" / "site.xml"
    target.parent.mkdir()
    result = run(runner, "export", "--post_type=page", "--output", str(target))
    assert result.stdout == ""
    assert result.stderr.startswith(f"Success: wrote {target} (")
    assert set(types_of(target.read_bytes())) == {"page"}
    assert [p.name for p in target.parent.iterdir()] == ["site.xml"]


def test_post_types_repeat_or_take_commas(runner: CliRunner) -> None:
    commas = run(runner, "export", "--post_type=page,attachment").stdout_bytes
    repeated = run(runner, "export", "--post_type=page", "--post_type=attachment").stdout_bytes
    assert sorted(set(types_of(commas))) == ["attachment", "page"]
    assert types_of(commas) == types_of(repeated)


def test_date_author_and_category_filters(runner: CliRunner) -> None:
    january_2013 = run(
        runner, "export", "--post_type=post", "--start_date=2013-01-01", "--end_date=2013-01-31"
    ).stdout_bytes
    dates = [d.text or "" for d in etree.fromstring(january_2013).iter(f"{{{WP}}}post_date")]
    assert dates and all(d.startswith("2013-01-") for d in dates)
    by_reviewer = etree.fromstring(run(runner, "export", "--author=themereviewteam").stdout_bytes)
    creators = {c.text for c in by_reviewer.iter("{http://purl.org/dc/elements/1.1/}creator")}
    assert creators == {"themereviewteam"}
    in_cat = etree.fromstring(run(runner, "export", "--category=cat-a").stdout_bytes)
    for item in in_cat.iter("item"):
        slugs = [c.get("nicename") for c in item.iter("category") if c.get("domain") == "category"]
        assert "cat-a" in slugs


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--start_date=2024-02-30"], "Invalid value for --start_date: '2024-02-30' is not a date"),
        (["--end_date=31/01/2024"], "Invalid value for --end_date:"),
        (["--post_type=book"], "Invalid value for --post_type: 'book' is not a post type"),
        (["--author=nobody"], "Invalid value for --author: there is no user 'nobody'"),
        (["--category=nowhere"], "Invalid value for --category: there is no category"),
        (["--post_status=live"], "Invalid value for --post_status: 'live' is not a post status"),
    ],
)
def test_bad_filters_are_refused_in_one_line_and_write_nothing(
    runner: CliRunner, tmp_path: Path, args: list[str], says: str
) -> None:
    target = tmp_path / "site.xml"
    assert refused(runner, "export", *args).startswith(f"Error: {says}")
    assert refused(runner, "export", *args, "--output", str(target)).startswith(f"Error: {says}")
    assert not target.exists()
    target.write_bytes(b"last week's export")
    refused(runner, "export", *args, "--output", str(target))
    assert target.read_bytes() == b"last week's export"


def test_an_output_folder_that_does_not_exist_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "site.xml"
    line = refused(runner, "export", "--output", str(missing))
    assert "--output" in line and "does not exist" in line
