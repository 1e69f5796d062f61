"""Shared fixtures: a fresh site per test in a temporary instance folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from magtheme import create_app
from magtheme.models import db

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
ROOT = Path(__file__).resolve().parents[1]


def unit_test_wxr() -> Path:
    """The WordPress Theme Unit Test export, or skip with the reason."""
    for candidate in (FIXTURES, ROOT.parent / "shared" / "fixtures"):
        path = candidate / "wordpress-theme-unit-test.xml"
        if path.is_file():
            return path
    pytest.skip("shared/fixtures/wordpress-theme-unit-test.xml is not beside the project")


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(folder))
    return folder


@pytest.fixture
def app(instance: Path) -> Iterator[Flask]:
    app = create_app(instance, {"TESTING": True})
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
