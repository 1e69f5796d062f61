"""The demo site served over HTTP in each bundled theme, one server per theme.

A :class:`DemoSites` builds a theme's site the first time a test asks for it (the demo with
every widget, :func:`tests.checkers.load_demo_with_every_widget`) and keeps it, served by a
real threaded server on a free port of 127.0.0.1, until the session ends: the browser tests
and the HTML checks of a theme all read the one site. Each site has a folder of its own, and
its own database: SQLite in that folder, or, when the suite runs on PostgreSQL, a database of
this worker's named after the theme.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from magtheme import create_app
from magtheme.models import db
from magtheme.options import update_option
from tests import postgres
from tests.checkers import load_demo_with_every_widget, placed_widgets


class QuietHandler(WSGIRequestHandler):
    """Logs no line per request: a failing test's report shows its own findings, not the
    forty requests each page makes."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@dataclass
class ServedSite:
    """One theme's demo site and the server answering for it."""

    theme: str
    #: The site's address, without a trailing slash: ``http://127.0.0.1:PORT``.
    url: str
    app: Flask = field(repr=False)
    #: The widgets placed in the theme's checked areas, by area (see ``checkers.page_lacks``).
    placed: dict[str, list[str]] = field(repr=False)
    server: BaseWSGIServer = field(repr=False)
    thread: threading.Thread = field(repr=False)

    def close(self) -> None:
        self.server.shutdown()
        self.thread.join()
        self.server.server_close()
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


def serve_demo(theme: str, folder: Path, database_url: str | None = None) -> ServedSite:
    """The demo site with every widget and *theme* active, in *folder* (SQLite there unless
    *database_url* names another database), served on a free port of 127.0.0.1."""
    folder.mkdir(parents=True, exist_ok=True)
    config: dict[str, object] = {"TESTING": True}
    if database_url:
        config["SQLALCHEMY_DATABASE_URI"] = database_url
    app = create_app(folder, config)
    # The server is made before the site is built, so links are written with its address.
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    url = f"http://127.0.0.1:{server.server_port}"
    # Built in an app context of its own, left before serving: each request the server
    # answers then reads the options afresh, as on a real site.
    with app.app_context():
        db.create_all()
        load_demo_with_every_widget(theme)
        update_option("home", url)
        update_option("siteurl", url)
        placed = placed_widgets(theme)
        db.session.remove()
    thread = threading.Thread(target=server.serve_forever, name=f"site-{theme}", daemon=True)
    thread.start()
    return ServedSite(theme, url, app, placed, server, thread)


class DemoSites:
    """The session's demo sites, one per theme, each built when first asked for."""

    def __init__(self, root: Path, worker_id: str) -> None:
        self.root = root
        self.worker_id = worker_id
        self._sites: dict[str, ServedSite] = {}
        self._databases: list[postgres.WorkerDatabase] = []
        self._lock = threading.Lock()

    def __getitem__(self, theme: str) -> ServedSite:
        with self._lock:
            site = self._sites.get(theme)
            if site is None:
                site = self._sites[theme] = serve_demo(
                    theme, self.root / theme, self._database_url(theme)
                )
            return site

    def _database_url(self, theme: str) -> str | None:
        """This worker's PostgreSQL database for *theme*'s site when the suite runs on
        PostgreSQL; None for SQLite in the site's folder."""
        server = postgres.suite_server()
        if server is None:
            return None
        purpose = "browser_" + theme.replace("-", "_")
        database = postgres.worker_database(server, self.worker_id, purpose=purpose)
        self._databases.append(database)
        return database.url

    def close(self) -> None:
        with self._lock:
            for site in self._sites.values():
                site.close()
            self._sites.clear()
            for database in self._databases:
                database.empty()
            self._databases.clear()
