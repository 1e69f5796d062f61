"""Database failures answer 503 with ``Retry-After``, wherever they happen.

A database that cannot be reached, a connection dropped mid-request, a pool that ran dry:
the visitor gets an honest "try again shortly" page, the log names the database and the
error, and the request's session is thrown away so the next request starts clean (and,
with ``pool_pre_ping``, on a connection that answers).

Three places catch them, because a failure can surface in three phases of a request:

- inside the view or the template (an error handler);
- inside another error handler, such as the theme's 404 page (the 500 handler, whose
  original exception is the database's);
- while the request's session is closed after the response was made (a WSGI wrapper that
  holds the response back until that teardown has succeeded).

Failures that are bugs rather than outages (an ``IntegrityError``, a ``ProgrammingError``)
are not hidden behind a 503: they stay 500s with a traceback in the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app, has_app_context
from markupsafe import Markup
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import InternalServerError
from werkzeug.wrappers import Response

from ..models import db

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: Seconds a visitor (or a crawler) is asked to wait before trying again.
RETRY_AFTER = 30

#: Errors that mean "the database is unavailable", not "the code is wrong".
OUTAGES: tuple[type[Exception], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
    sa_exc.PendingRollbackError,
    sa_exc.ResourceClosedError,
)


def database_outage(error: BaseException | None) -> BaseException | None:
    """The database failure behind *error* (itself, or what it was raised from), if any."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OUTAGES):
            return error
        if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
            return error
        error = error.__cause__ or error.__context__
    return None


def unavailable_response() -> Response:
    """The page a visitor sees while the database is down (no theme: it needs the database)."""
    page = Markup(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>{title}</title></head><body><main><h1>{title}</h1>"
        "<p>The site cannot reach its database right now. Please try again in a minute.</p>"
        "</main></body></html>"
    ).format(title="Temporarily unavailable")
    response = Response(str(page), 503, content_type="text/html; charset=utf-8")
    response.headers["Retry-After"] = str(RETRY_AFTER)
    response.headers["Cache-Control"] = "no-store"
    return response


def _log(app: Flask, error: BaseException) -> None:
    """Name the database and the error in the log (never to visitors)."""
    if not has_app_context():
        with app.app_context():
            return _log(app, error)
    url = db.engine.url.render_as_string(hide_password=True)
    reason = getattr(error, "orig", None) or error
    app.logger.error("the database %s failed: %s: %s", url, type(error).__name__, reason)
    return None


def discard_session() -> None:
    """Throw the request's session away, even when its connection no longer answers."""
    try:
        db.session.rollback()
    except sa_exc.SQLAlchemyError:
        try:
            db.session().invalidate()  # drop the connection without talking to it
        except sa_exc.SQLAlchemyError as exc:
            current_app.logger.warning("could not invalidate the session: %s", exc)


def _database_error(error: sa_exc.SQLAlchemyError) -> Response:
    if database_outage(error) is None:
        raise error  # a bug, not an outage: Flask's 500 with the traceback in the log
    _log(current_app, error)
    discard_session()
    return unavailable_response()


def _server_error(error: InternalServerError) -> Response | InternalServerError:
    """An outage raised while another error was being answered (e.g. the theme's 404)."""
    if database_outage(error.original_exception) is None:
        return error
    discard_session()
    return unavailable_response()


def _teardown_session(error: BaseException | None) -> None:
    """Flask-SQLAlchemy's ``session.remove()``, that never leaves a broken session behind."""
    if not db.session.registry.has():
        return
    session = db.session.registry()
    try:
        db.session.remove()
    except sa_exc.SQLAlchemyError:
        try:
            session.invalidate()
        except sa_exc.SQLAlchemyError as exc:
            current_app.logger.warning("could not invalidate the session: %s", exc)
        db.session.registry.clear()
        raise  # the WSGI wrapper answers 503


class DatabaseFailureMiddleware:
    """Answer 503 when a database failure escapes the Flask app (its session's teardown).

    Flask calls ``start_response`` before it tears the request down, so the status is held
    back until the app has returned: a failure in between can still change it.
    """

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        held: list[Any] = []

        def hold(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], object]:
            held[:] = [status, headers, exc_info]
            return _no_write

        try:
            body = self.wsgi_app(environ, hold)
        except Exception as exc:
            outage = database_outage(exc)
            if outage is None:
                raise
            _log(self.app, outage)
            return unavailable_response()(environ, start_response)
        start_response(*held)
        return body


def _no_write(data: bytes) -> object:
    # Flask never uses the write() callable; a body must come from the returned iterable.
    raise RuntimeError("write() is not supported here; return the body instead")


def register(app: Flask) -> None:
    """Install the handlers, the safe teardown and the WSGI wrapper on *app*."""
    app.register_error_handler(sa_exc.SQLAlchemyError, _database_error)
    app.register_error_handler(InternalServerError, _server_error)
    # Replace Flask-SQLAlchemy's teardown (registered by db.init_app) with the safe one.
    app.teardown_appcontext_funcs[:] = [
        func
        for func in app.teardown_appcontext_funcs
        if getattr(func, "__func__", None) is not type(db)._teardown_session
    ]
    app.teardown_appcontext(_teardown_session)
    app.wsgi_app = DatabaseFailureMiddleware(app, app.wsgi_app)  # type: ignore[method-assign]


__all__ = [
    "OUTAGES",
    "RETRY_AFTER",
    "DatabaseFailureMiddleware",
    "database_outage",
    "discard_session",
    "register",
    "unavailable_response",
]
