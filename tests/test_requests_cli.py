"""URLs given to ``magtheme resolve`` are user input too: a clear error, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from magtheme.cli import main


@pytest.mark.parametrize("url", ["http://[x/", "http://exa]mple.com/", "//[::1/"])
def test_resolve_refuses_a_url_it_cannot_read(instance: Path, url: str) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["init"], catch_exceptions=False).exit_code == 0
    result = runner.invoke(main, ["resolve", url], catch_exceptions=False)
    assert result.exit_code == 2
    assert "is not a URL" in result.output and "Traceback" not in result.output


def test_resolve_shows_links_on_the_site_address_whatever_host_the_url_names(
    instance: Path,
) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["init", "--demo"], catch_exceptions=False).exit_code == 0
    ids = runner.invoke(
        main, ["post", "list", "--status", "publish", "--format", "ids"], catch_exceptions=False
    )
    first = ids.output.split()[0]
    result = runner.invoke(
        main, ["resolve", f"http://evil.example/?p={first}", "--json"], catch_exceptions=False
    )
    assert json.loads(result.output)["redirect"].startswith("http://localhost/")
