"""Discovery: bundled folder, site folder, installed packages (entry points) and precedence."""

from __future__ import annotations

import importlib.metadata
import logging
import uuid
from pathlib import Path

import pytest

from magtheme.themes.discovery import (
    ENTRY_POINT_GROUP,
    broken_themes,
    discover_all,
    discover_themes,
    entry_point_themes,
)
from tests.conftest import write_theme


def fake_entry_points(
    monkeypatch: pytest.MonkeyPatch, *pairs: tuple[str, str]
) -> list[importlib.metadata.EntryPoint]:
    """Make ``importlib.metadata.entry_points`` report these (name, value) theme entry points."""
    points = [
        importlib.metadata.EntryPoint(name, value, ENTRY_POINT_GROUP) for name, value in pairs
    ]

    def entry_points(**params: str) -> list[importlib.metadata.EntryPoint]:
        return points if params.get("group") == ENTRY_POINT_GROUP else []

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    return points


def theme_package(
    root: Path, monkeypatch: pytest.MonkeyPatch, slug: str, *, body: str = ""
) -> tuple[str, Path]:
    """An importable package on sys.path whose folder is the theme *slug*; returns its name."""
    name = f"mt_pkg_{slug.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
    folder = write_theme(root, name, {"index.html": f"{slug} from a package"})
    (folder / "theme.toml").write_text(f'name = "{slug} pkg"\nslug = "{slug}"\nversion = "2.0"\n')
    (folder / "__init__.py").write_text(body)
    monkeypatch.syspath_prepend(str(root))
    return name, folder


def test_package_module_entry_point_is_a_theme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, folder = theme_package(tmp_path / "site-packages", monkeypatch, "packaged")
    fake_entry_points(monkeypatch, ("packaged", name))
    themes = entry_point_themes()
    assert list(themes) == ["packaged"]
    assert themes["packaged"].path == folder
    assert themes["packaged"].version == "2.0"


def test_callable_entry_point_returns_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = write_theme(tmp_path / "data", "called", {"index.html": "x"})
    name, _ = theme_package(
        tmp_path / "site-packages",
        monkeypatch,
        "unused",
        body=f"def theme_path():\n    return {str(elsewhere)!r}\n",
    )
    fake_entry_points(monkeypatch, ("called", f"{name}:theme_path"))
    themes = entry_point_themes()
    assert themes["called"].path == elsewhere


def test_broken_packages_are_skipped_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    good, _ = theme_package(tmp_path / "sp", monkeypatch, "good")
    raising, _ = theme_package(
        tmp_path / "sp", monkeypatch, "raising", body="raise RuntimeError('boom')\n"
    )
    empty = tmp_path / "sp" / f"mt_empty_{uuid.uuid4().hex[:8]}"
    empty.mkdir()
    (empty / "__init__.py").write_text("")
    fake_entry_points(
        monkeypatch,
        ("good", good),
        ("missing", "no_such_module_for_magtheme"),
        ("raising", raising),
        ("empty", empty.name),
    )
    with caplog.at_level(logging.WARNING):
        themes = entry_point_themes()
    assert list(themes) == ["good"]
    text = caplog.text
    assert "entry point 'missing'" in text and "cannot be loaded" in text
    assert "entry point 'raising'" in text and "boom" in text
    assert f"{empty} has no theme.toml" in text


def test_entry_point_name_differing_from_slug_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    name, _ = theme_package(tmp_path / "sp", monkeypatch, "realslug")
    fake_entry_points(monkeypatch, ("othername", name))
    with caplog.at_level(logging.WARNING):
        assert list(entry_point_themes()) == ["realslug"]
    assert "slug 'realslug'" in caplog.text


def test_precedence_site_over_package_over_bundled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    bundled, site = tmp_path / "bundled", tmp_path / "instance" / "themes"
    for slug in ("shared", "pkg-vs-bundled", "only-bundled"):
        write_theme(bundled, slug, {"index.html": "bundled"})
    write_theme(site, "shared", {"index.html": "site"})
    shared_pkg, shared_pkg_dir = theme_package(tmp_path / "sp", monkeypatch, "shared")
    pvb, pvb_dir = theme_package(tmp_path / "sp", monkeypatch, "pkg-vs-bundled")
    fake_entry_points(monkeypatch, ("shared", shared_pkg), ("pkg-vs-bundled", pvb))

    with caplog.at_level(logging.WARNING, logger="magtheme.themes.discovery"):
        themes = discover_all(bundled, site)

    assert themes["shared"].path == site / "shared"
    assert themes["pkg-vs-bundled"].path == pvb_dir
    assert themes["only-bundled"].path == bundled / "only-bundled"
    warnings = [r.getMessage() for r in caplog.records]
    # Each replacement names the winner and the loser.
    assert any(
        str(pvb_dir) in w and str(bundled / "pkg-vs-bundled") in w and "installed package" in w
        for w in warnings
    )
    assert any(str(site / "shared") in w and str(shared_pkg_dir) in w for w in warnings)


def test_extra_site_folders_win_over_the_site_folder(tmp_path: Path) -> None:
    write_theme(tmp_path / "bundled", "a", {"index.html": "b"})
    write_theme(tmp_path / "site", "a", {"index.html": "s"})
    write_theme(tmp_path / "extra", "a", {"index.html": "e"})
    themes = discover_all(tmp_path / "bundled", tmp_path / "site", [tmp_path / "extra"])
    assert themes["a"].path == tmp_path / "extra" / "a"


def test_missing_folders_and_no_packages_give_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_entry_points(monkeypatch)
    assert discover_all(tmp_path / "nope", tmp_path / "nope2") == {}


def test_discover_themes_still_lets_later_folders_win(tmp_path: Path) -> None:
    write_theme(tmp_path / "one", "t", {"index.html": "1"})
    write_theme(tmp_path / "two", "t", {"index.html": "2"})
    themes = discover_themes([tmp_path / "one", tmp_path / "two"])
    assert themes["t"].path == tmp_path / "two" / "t"


def test_unreadable_manifests_are_skipped_and_listed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_theme(tmp_path, "fine", {"index.html": "x"})
    broken = write_theme(tmp_path, "broken", {"index.html": "x"})
    (broken / "theme.toml").write_text('name = "Broken\n')
    with caplog.at_level(logging.WARNING):
        assert list(discover_themes([tmp_path])) == ["fine"]
    assert "broken" in caplog.text
    problems = broken_themes([tmp_path])
    assert list(problems) == [broken]
    assert "theme.toml" in problems[broken]
