"""Shared fixtures: a fresh site per test in a temporary instance folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from magtheme import create_app
from magtheme.models import db

#: Public fixtures kept with the tests (origin and licence in tests/data/README.md).
FIXTURES = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]


def unit_test_wxr() -> Path:
    """The WordPress Theme Unit Test export; WordPress's own output for it is beside it."""
    return FIXTURES / "wordpress-theme-unit-test.xml"


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


class StatementCounter:
    """Counts SQL statements sent to the database while active."""

    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        self.count += 1
        self.statements.append(statement)

    def reset(self) -> None:
        self.count = 0
        self.statements = []


@pytest.fixture
def sql_counter(app: Flask) -> Iterator[StatementCounter]:
    from sqlalchemy import event

    counter = StatementCounter()
    event.listen(db.engine, "before_cursor_execute", counter)
    yield counter
    event.remove(db.engine, "before_cursor_execute", counter)


def write_theme(
    root: Path, slug: str, templates: dict[str, str], parent: str | None = None
) -> Path:
    """A tiny theme on disk: ``templates`` maps names (``parts/x.html``) to sources."""
    folder = root / slug
    (folder / "templates").mkdir(parents=True, exist_ok=True)
    manifest = f'name = "{slug.title()}"\nslug = "{slug}"\nversion = "1.0.0"\n'
    if parent:
        manifest += f'parent = "{parent}"\n'
    (folder / "theme.toml").write_text(manifest)
    for name, source in templates.items():
        path = folder / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return folder


#: A theme that prints which template rendered and the loop, for view tests.
PROBE_TEMPLATES = {
    "index.html": (
        '{% for p in posts %}<article data-id="{{ p.id }}">{{ p.title }}|{{ p.permalink }}'
        "|{{ p.author }}|{% for c in p.categories %}{{ c.name }},{% endfor %}"
        "</article>{% endfor %}"
        "TEMPLATE=index"
    ),
    "404.html": "TEMPLATE=404",
}


@pytest.fixture
def probe_app(tmp_path: Path, instance: Path) -> Iterator[Flask]:
    """A site whose active theme is the probe theme."""
    from magtheme.options import update_option

    themes = tmp_path / "probe-themes"
    write_theme(themes, "probe", PROBE_TEMPLATES)
    app = create_app(instance, {"TESTING": True, "SITE_THEME_DIRS": [str(themes)]})
    with app.app_context():
        db.create_all()
        update_option("stylesheet", "probe")
        update_option("template", "probe")
        yield app
        db.session.remove()
