"""The magtheme command: init, options, post list, import, resolve, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from magtheme.cli import main
from magtheme.options import DEFAULT_THEME
from tests.conftest import unit_test_wxr, write_theme


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(tmp_path / "site"))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    return CliRunner()


def invoke(runner: CliRunner, *args: str, ok: bool = True):  # type: ignore[no-untyped-def]
    result = runner.invoke(main, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_init_creates_database(runner: CliRunner, tmp_path: Path) -> None:
    out = invoke(runner, "init").output
    assert "Database ready" in out
    assert (tmp_path / "site" / "magtheme.db").is_file()
    invoke(runner, "init")  # safe to repeat


def test_option_set_and_get(runner: CliRunner) -> None:
    invoke(runner, "init")
    invoke(runner, "option", "set", "blogname", "Daily Planet")
    assert invoke(runner, "option", "get", "blogname").output.strip() == "Daily Planet"
    assert invoke(runner, "option", "get", "posts_per_page").output.strip() == "10"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("show_on_front", "sideways", "must be one of"),
        ("posts_per_page", "lots", "whole number"),
        ("page_on_front", "-3", "positive"),
        ("timezone_string", "Mars/Olympus", "Unknown time zone"),
    ],
)
def test_option_set_refuses_bad_values(
    runner: CliRunner, name: str, value: str, message: str
) -> None:
    invoke(runner, "init")
    result = invoke(runner, "option", "set", name, "--", value, ok=False)
    assert result.exit_code == 1 and message in result.output


def test_commands_before_init_explain(runner: CliRunner) -> None:
    result = invoke(runner, "post", "list", ok=False)
    assert result.exit_code == 1 and "magtheme init" in result.output


def test_database_that_cannot_be_opened_is_named(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGTHEME_DATABASE_URL", "sqlite:////nonexistent/folder/site.db")
    result = invoke(runner, "init", ok=False)
    assert result.exit_code == 1
    assert "cannot open the database sqlite:////nonexistent/folder/site.db" in result.output


def test_import_and_resolve(runner: CliRunner, tmp_path: Path) -> None:
    wxr = unit_test_wxr()
    invoke(runner, "init")
    assert "Success" in invoke(runner, "import", str(wxr)).output
    listed = json.loads(
        invoke(runner, "post", "list", "--post_type", "page", "--format", "json").output
    )
    assert any(p["post_name"] == "about" for p in listed)
    data = json.loads(invoke(runner, "resolve", "/about/", "--json").output)
    assert data["candidates"][:3] == ["page-about.html", "page-2.html", "page.html"]
    assert data["template"] == "page.html" and data["theme"] == DEFAULT_THEME
    data = json.loads(invoke(runner, "resolve", "/category/uncategorized/", "--json").output)
    assert data["candidates"] == [
        "category-uncategorized.html",
        "category-1.html",
        "category.html",
        "archive.html",
        "index.html",
    ]
    text = invoke(runner, "resolve", "/about/").output
    assert "page.html" in text and DEFAULT_THEME in text


def test_resolve_follows_child_theme_lookup(runner: CliRunner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    invoke(runner, "init")
    write_theme(site / "themes", "base", {"index.html": "i", "category-news.html": "parent news"})
    write_theme(site / "themes", "kid", {"category.html": "child generic"}, parent="base")
    invoke(runner, "option", "set", "stylesheet", "kid")
    from magtheme import create_app
    from magtheme.models import db
    from tests.factories import make_term

    app = create_app(site)
    with app.app_context():
        make_term("News")
        db.session.remove()
    data = json.loads(invoke(runner, "resolve", "/category/news/", "--json").output)
    # A parent's more specific template beats the child's generic one (WordPress's rule).
    assert data["template"] == "category-news.html" and data["theme"] == "base"
