"""Shared fixtures: a fresh site per test in a temporary instance folder."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings

from magtheme import create_app
from magtheme.models import db

from . import postgres

# A per-example deadline is a timed assertion: a loaded machine fails it. Bound work instead.
settings.register_profile("magtheme", deadline=None)
settings.load_profile("magtheme")

#: Public fixtures kept with the tests (origin and licence in tests/data/README.md).
FIXTURES = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]


def unit_test_wxr() -> Path:
    """The WordPress Theme Unit Test export; WordPress's own output for it is beside it."""
    return FIXTURES / "wordpress-theme-unit-test.xml"


@pytest.fixture(autouse=True)
def _fresh_content_caches() -> None:
    """Formatted content is cached per process by post ID and revision, and every test's
    site starts again at post 1: each test starts with empty caches."""
    from magtheme.content.excerpt import clear_caches

    clear_caches()


def pytest_report_header(config: pytest.Config) -> str:
    server = postgres.suite_server()
    if server is None:
        return "database: SQLite (set MAGTHEME_TEST_POSTGRES=1 to run on PostgreSQL)"
    return f"database: PostgreSQL at {server.render_as_string(hide_password=True)}"


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker_id: str) -> Iterator[Path]:
    """An empty site folder; its database is SQLite inside it, or, when the suite runs on
    PostgreSQL (``MAGTHEME_TEST_POSTGRES=1``), this worker's emptied PostgreSQL database."""
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(folder))
    server = postgres.suite_server()
    if server is None:
        monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
        yield folder
        return
    database = postgres.worker_database(server, worker_id)
    monkeypatch.setenv("MAGTHEME_DATABASE_URL", database.url)
    yield folder
    database.empty()


def serve_site(instance: Path, **config: object) -> Iterator[Flask]:
    """A site's app with its tables created, inside its app context; closed afterwards."""
    app = create_app(instance, {"TESTING": True, **config})
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(instance: Path) -> Iterator[Flask]:
    yield from serve_site(instance)


@pytest.fixture
def postgres_url(worker_id: str) -> Iterator[str]:
    """The URL of an empty PostgreSQL database for this test (skips when none can be had)."""
    server = postgres.server_or_skip()
    database = postgres.worker_database(server, worker_id, purpose="pg")
    yield database.url
    database.empty()


@pytest.fixture
def pg_app(instance: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """A site on real PostgreSQL, whatever database the rest of the suite uses."""
    monkeypatch.setenv("MAGTHEME_DATABASE_URL", postgres_url)
    yield from serve_site(instance)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def classic(app: Flask) -> Flask:
    """The app with the Classic theme active, for tests of Classic's own markup (a new site
    starts with :data:`magtheme.options.DEFAULT_THEME`)."""
    from magtheme.options import forget_options, update_options

    update_options({"stylesheet": "classic", "template": "classic"})
    forget_options()
    return app


class StatementCounter:
    """Counts SQL statements sent to the database while active, by the thread that made the
    counter (the test's): another thread's statements (a background flush of page views, a
    browser test's server answering its page's polls) belong to no page counted here."""

    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []
        self.thread = threading.get_ident()

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if threading.get_ident() != self.thread:
            return
        self.count += 1
        self.statements.append(statement)

    def reset(self) -> None:
        self.count = 0
        self.statements = []


@pytest.fixture
def sql_counter(app: Flask) -> Iterator[StatementCounter]:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    # Every engine: a test's probe_app has its own, besides the app fixture's.
    counter = StatementCounter()
    event.listen(Engine, "before_cursor_execute", counter)
    yield counter
    event.remove(Engine, "before_cursor_execute", counter)


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
    for app in serve_site(instance, SITE_THEME_DIRS=[str(themes)]):
        update_option("stylesheet", "probe")
        update_option("template", "probe")
        yield app


@pytest.fixture(params=["suite database", "postgresql"])
def each_database_app(request: pytest.FixtureRequest) -> Flask:
    """The test runs twice: on the suite's database (SQLite by default) and on PostgreSQL."""
    name = "app" if request.param == "suite database" else "pg_app"
    return request.getfixturevalue(name)


# --- Browser suite: the screenshots this run took (see tests/browser/harness.py) -------------

#: Where an xdist worker puts the paths of the screenshots it saved, for the controller.
SCREENSHOTS_OUTPUT = "magtheme_screenshots"
#: On xdist's controller: the screenshots each worker reported as it finished.
_REPORTED_SCREENSHOTS: set[str] = set()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On an xdist worker: hand the controller the paths of the screenshots it saved."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        from tests.browser.harness import SAVED_SCREENSHOTS

        output[SCREENSHOTS_OUTPUT] = [str(path) for path in SAVED_SCREENSHOTS]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """On xdist's controller: a worker finished; keep the screenshots it reported."""
    _REPORTED_SCREENSHOTS.update(getattr(node, "workeroutput", {}).get(SCREENSHOTS_OUTPUT, []))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many screenshots the browser suite took and where, when this run took any."""
    from tests.browser.harness import SAVED_SCREENSHOTS, artifacts_dir

    # Without xdist the tests ran here; with it, in the workers, which reported theirs.
    taken = _REPORTED_SCREENSHOTS | {str(path) for path in SAVED_SCREENSHOTS}
    if taken:
        terminalreporter.write_sep("-", "browser suite")
        terminalreporter.write_line(
            f"{len(taken)} screenshots in {artifacts_dir() / 'screenshots'}"
        )
