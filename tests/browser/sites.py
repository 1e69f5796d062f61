"""The demo site served over HTTP in each bundled theme, one server per theme.

A :class:`LiveServer` answers for a WSGI app on a free port of 127.0.0.1 from a thread of its
own, as a real server does; :func:`use_address` has a site write its links with the server's
address. A :class:`DemoSites` builds a theme's site the first time a test asks for it (the demo
with every widget, :func:`tests.checkers.load_demo_with_every_widget`) and keeps it, served by a
:class:`LiveServer`, until the session ends: the browser tests
and the HTML checks of a theme all read the one site. Each site has a folder of its own, and
its own database: SQLite in that folder, or, when the suite runs on PostgreSQL, a database of
this worker's named after the theme (and the purpose of the sites, so that a module with
sites of its own never shares a database with the session's).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

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


class LiveServer:
    """A real threaded server for the WSGI *app* on a free port of 127.0.0.1. Its address is
    known as soon as it is made (a site can write its links with it before it is built); it
    answers once started, in a thread of its own, until closed. A context manager: started
    on entry, closed on exit."""

    def __init__(self, app: Callable[..., Any], name: str = "site") -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        #: The server's address, without a trailing slash: ``http://127.0.0.1:PORT``.
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, name=name, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        return self

    def close(self) -> None:
        self.server.shutdown()
        self.thread.join()
        self.server.server_close()

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def use_address(url: str) -> None:
    """The site (of the app context) writes its links with *url*, its server's address."""
    update_option("home", url)
    update_option("siteurl", url)


@dataclass
class ServedSite:
    """One theme's demo site and the server answering for it."""

    theme: str
    #: The site's address, without a trailing slash: ``http://127.0.0.1:PORT``.
    url: str
    app: Flask = field(repr=False)
    #: The widgets placed in the theme's checked areas, by area (see ``checkers.page_lacks``).
    placed: dict[str, list[str]] = field(repr=False)
    server: LiveServer = field(repr=False)

    def close(self) -> None:
        self.server.close()
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
    server = LiveServer(app, name=f"site-{theme}")
    url = server.url
    # Built in an app context of its own, left before serving: each request the server
    # answers then reads the options afresh, as on a real site.
    with app.app_context():
        db.create_all()
        load_demo_with_every_widget(theme)
        use_address(url)
        placed = placed_widgets(theme)
        db.session.remove()
    return ServedSite(theme, url, app, placed, server.start())


class DemoSites:
    """Demo sites, one per theme, each built when first asked for: the session's (*purpose*
    ``browser``), or a module's own, for a *purpose* of its own."""

    def __init__(self, root: Path, worker_id: str, purpose: str = "browser") -> None:
        self.root = root
        self.worker_id = worker_id
        self.purpose = purpose
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
        purpose = f"{self.purpose}_{theme.replace('-', '_')}"
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
