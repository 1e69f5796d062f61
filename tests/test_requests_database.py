"""A database that fails is an honest 503 with Retry-After, and the next request works.

Faults are injected where they happen in production: SQLAlchemy engine events raise the
driver's own error (marked as a dropped connection where the case calls for it), and on
PostgreSQL the server itself ends the request's connection (``pg_terminate_backend``).

The site here pushes no app context of its own, so each request has its own context and
session teardown, as under a real server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g, has_request_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, select, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.pool import NullPool
from werkzeug.test import TestResponse

from magtheme import create_app
from magtheme.comments.service import TOKEN_FIELD, make_form_token
from magtheme.models import Comment, Post, db
from magtheme.options import update_option
from magtheme.views.comments import ACTION_URL, VISITOR_KEY
from magtheme.visibility import now_gmt
from tests.conftest import write_theme
from tests.factories import make_post

PROBE = {
    "index.html": "{% for p in posts %}<h2>{{ p.title }}</h2>{% endfor %}TEMPLATE=index",
    "single.html": (
        "{% for p in posts %}<h1>{{ p.title }}</h1>{{ p.content }}{% endfor %}"
        "{% for c in query.comments %}{{ c.content }}{% endfor %}TEMPLATE=single"
    ),
    "404.html": "TEMPLATE=404",
    "ticker.html": "",
}


@dataclass
class Site:
    app: Flask
    post_id: int
    url: str = "/2024/05/11/hello/"


def _build(instance: Path, themes: Path) -> Iterator[Site]:
    write_theme(themes, "probe", PROBE)
    app = create_app(instance, {"TESTING": True, "SITE_THEME_DIRS": [str(themes)]})
    with app.app_context():
        db.create_all()
        update_option("stylesheet", "probe")
        update_option("template", "probe")
        update_option("comment_previously_approved", False)
        post = make_post("Hello", content="<p>Words.</p>", date=datetime(2024, 5, 11, 9, 0))
        db.session.add(Comment(post_id=post.id, author_name="Ann", content="Hi", status="approved"))
        db.session.commit()
        post_id = post.id
    yield Site(app, post_id)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(params=["suite database", "postgresql"])
def site(
    request: pytest.FixtureRequest,
    instance: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Site]:
    """The site on the suite's database, then on PostgreSQL."""
    if request.param == "postgresql":
        monkeypatch.setenv("MAGTHEME_DATABASE_URL", request.getfixturevalue("postgres_url"))
    yield from _build(instance, tmp_path / "themes")


@pytest.fixture
def pg_site(
    instance: Path, tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Site]:
    """The site on PostgreSQL, for faults only a database server can make."""
    monkeypatch.setenv("MAGTHEME_DATABASE_URL", postgres_url)
    yield from _build(instance, tmp_path / "themes")


@dataclass
class Fault:
    """Raises the driver's error from a statement, as a dropped connection would."""

    app: Flask
    #: Which statements fail: a predicate on (statement number in the request, SQL).
    when: Callable[[int, str], bool] = lambda n, sql: True
    disconnect: bool = True
    seen: int = 0
    raised: list[str] = field(default_factory=list)

    def __enter__(self) -> Fault:
        with self.app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "handle_error", self._handle_error)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "handle_error", self._handle_error)

    def _before(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.seen += 1
        if self.when(self.seen, statement):
            self.raised.append(statement)
            dbapi = self.engine.dialect.loaded_dbapi
            raise dbapi.OperationalError("server closed the connection unexpectedly")

    def _handle_error(self, context: Any) -> None:
        if self.disconnect and context.original_exception.args[:1] == (
            "server closed the connection unexpectedly",
        ):
            context.is_disconnect = True


def assert_unavailable(response: TestResponse) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)[:500]
    assert response.headers["Retry-After"].isdigit()
    assert response.headers["Content-Type"].startswith("text/html")
    body = response.get_data(as_text=True)
    assert "<h1>Temporarily unavailable</h1>" in body and "try again" in body
    assert "Traceback" not in body and "OperationalError" not in body


def assert_works(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert "Hello" in response.get_data(as_text=True)


def _statements(site: Site, url: str, status: int = 200) -> int:
    with Fault(site.app, when=lambda n, sql: False) as probe:
        assert site.app.test_client().get(url).status_code == status
    return probe.seen


@pytest.mark.parametrize("url", ["/", "/2024/05/11/hello/", "/feed/", "/no/such/page/"])
def test_a_database_that_is_down_is_a_503_and_the_next_request_works(site: Site, url: str) -> None:
    client = site.app.test_client()
    with Fault(site.app) as fault:
        assert_unavailable(client.get(url))
    assert fault.raised
    assert_works(client, "/" if url.startswith(("/feed", "/no")) else url)


@pytest.mark.parametrize("url", ["/", "/2024/05/11/hello/"])
def test_a_connection_dropped_at_any_statement_of_a_page_is_a_503(site: Site, url: str) -> None:
    """Each statement of the page in turn is the one whose connection drops."""
    count = _statements(site, url)
    assert count >= 3
    client = site.app.test_client()
    for failing in range(1, count + 1):
        with Fault(site.app, when=lambda n, sql, k=failing: n == k) as fault:
            response = client.get(url)
        assert fault.raised, failing
        assert_unavailable(response)
        assert_works(client, url)


def test_a_failure_inside_the_template_is_a_503(site: Site, tmp_path: Path) -> None:
    """The ticker() helper queries while Jinja renders: the driver's error is not hidden
    behind a template error."""
    write_theme(
        tmp_path / "themes",
        "probe",
        {**PROBE, "index.html": "{% for t in ticker() %}{{ t.title }}{% endfor %}TEMPLATE=index"},
    )
    client = site.app.test_client()
    rendering = lambda n, sql: has_request_context() and bool(g.get("magtheme_template"))  # noqa: E731
    with Fault(site.app, when=rendering) as fault:
        assert_unavailable(client.get("/"))
    assert fault.raised  # the failing statement ran during rendering
    assert_works(client, "/")


def test_a_dropped_connection_the_code_carried_on_after_is_a_503(site: Site) -> None:
    """After a swallowed disconnect the session refuses work (PendingRollbackError)."""
    app = site.app

    @app.get("/carries-on")
    def carries_on() -> str:
        try:
            db.session.execute(text("SELECT 1"))
        except sa_exc.OperationalError:
            pass  # what a careless extension might do
        return str(db.session.scalar(select(Post.title)))

    client = app.test_client()
    with Fault(app, when=lambda n, sql: "SELECT 1" in sql):
        with pytest.raises(sa_exc.PendingRollbackError):
            with app.test_request_context("/carries-on"):
                carries_on()
        assert_unavailable(client.get("/carries-on"))
    assert_works(client, "/")


def test_a_failure_while_the_session_is_torn_down_is_a_503(site: Site) -> None:
    """The response was ready, then closing the request's session failed."""
    app = site.app
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    fired: list[str] = []

    def failing_rollback(conn: Any) -> None:
        fired.append("rollback")
        raise sa_exc.OperationalError(
            "ROLLBACK", None, engine.dialect.loaded_dbapi.OperationalError("connection lost")
        )

    event.listen(engine, "rollback", failing_rollback)
    try:
        assert_unavailable(client.get(site.url))
    finally:
        event.remove(engine, "rollback", failing_rollback)
    assert fired
    assert_works(client, site.url)
    assert_works(client, "/")


@pytest.mark.parametrize("testing", [True, False])
def test_a_failure_inside_the_404_handler_is_a_503(site: Site, testing: bool) -> None:
    """The theme's 404 page needs the options; the database fails right then."""
    site.app.config["TESTING"] = testing
    site.app.config["PROPAGATE_EXCEPTIONS"] = testing
    client = site.app.test_client()
    count = _statements(site, "/no/such/page/", 404)
    with Fault(site.app, when=lambda n, sql: n == count):  # the 404 page's own statement
        assert_unavailable(client.get("/no/such/page/"))
    assert_works(client, "/")


def test_a_comment_whose_insert_fails_is_a_503_and_nothing_is_saved(site: Site) -> None:
    client = site.app.test_client()
    with client.session_transaction() as session:
        session[VISITOR_KEY] = "visitor-1"
    with site.app.app_context():
        token = make_form_token(site.post_id, "visitor-1", now=now_gmt() - timedelta(seconds=10))
    form = {
        "comment_post_ID": str(site.post_id),
        "author": "Bo",
        "email": "bo@example.com",
        "comment": "Saved once or not at all.",
        TOKEN_FIELD: token,
    }
    with Fault(site.app, when=lambda n, sql: sql.lstrip().upper().startswith("INSERT")):
        assert_unavailable(client.post(ACTION_URL, data=form))
    with site.app.app_context():
        assert db.session.scalar(select(Post.comment_count).where(Post.id == site.post_id)) in (
            0,
            1,
        )
        texts = db.session.scalars(select(Comment.content)).all()
    assert "Saved once or not at all." not in texts
    response = client.post(ACTION_URL, data=form)
    assert response.status_code == 303


def test_a_bug_is_not_dressed_up_as_an_outage(site: Site) -> None:
    """An IntegrityError is the code's fault: a 500 with the traceback in the log."""
    app = site.app
    app.config["TESTING"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/duplicate")
    def duplicate() -> str:
        db.session.add(Post(id=site.post_id, title="Again"))
        db.session.flush()
        return "unreachable"

    response = app.test_client().get("/duplicate")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    assert_works(app.test_client(), "/")


def test_pooled_connections_are_checked_before_use(pg_site: Site) -> None:
    """A connection the server dropped while idle is replaced, not handed to a request."""
    site = pg_site
    with site.app.app_context():
        engine = db.engine
    assert engine.pool._pre_ping  # type: ignore[attr-defined]
    pids: list[int] = []
    event.listen(engine, "connect", lambda dbapi, record: pids.append(dbapi.info.backend_pid))
    engine.dispose()  # every connection from here on is recorded
    client = site.app.test_client()
    assert_works(client, "/")  # leaves its connection in the pool
    assert pids
    admin = create_engine(engine.url, poolclass=NullPool)
    with admin.connect() as conn:
        for pid in pids:  # only this site's own connections: the server may be shared
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    assert_works(client, "/")
    assert len(pids) == 2  # the dropped connection was replaced by a new one


def test_the_server_ending_the_connection_mid_request_is_a_503(pg_site: Site) -> None:
    """PostgreSQL ends the request's own connection between two of its statements."""
    site = pg_site
    with site.app.app_context():
        engine, url = db.engine, db.engine.url
    admin = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    state = {"n": 0, "killed": 0}

    def kill_on_third(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        state["n"] += 1
        if state["n"] == 3:
            pid = conn.connection.dbapi_connection.info.backend_pid
            with admin.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            state["killed"] += 1

    client = site.app.test_client()
    assert_works(client, site.url)
    event.listen(engine, "before_cursor_execute", kill_on_third)
    try:
        assert_unavailable(client.get(site.url))
    finally:
        event.remove(engine, "before_cursor_execute", kill_on_third)
        admin.dispose()
    assert state["killed"] == 1
    assert_works(client, site.url)
