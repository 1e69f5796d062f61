"""The Flask application factory."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .config import instance_path, load_config
from .models import db
from .serving import PlainQueryString
from .types import build_registry


def create_app(
    instance: str | os.PathLike[str] | None = None, config: dict[str, Any] | None = None
) -> Flask:
    """Build the app for the site in *instance* (default: ``MAGTHEME_INSTANCE`` or ./instance)."""
    folder = instance_path(instance)
    app = Flask("magtheme", instance_path=str(folder), instance_relative_config=True)
    app.config.update(load_config(folder, config))
    # Test each pooled connection before use, so one the server dropped while idle is
    # replaced instead of failing the next request.
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {}).setdefault("pool_pre_ping", True)
    app.extensions["magtheme.registry"] = build_registry(
        app.config["POST_TYPES"], app.config["TAXONOMIES"], source=folder / "config.toml"
    )
    db.init_app(app)

    from . import (
        admin,
        cache,  # noqa: F401  (tracks content changes for cached widget output)
        hosts,
        popularity,
    )
    from .themes import switching  # noqa: F401  (connects the theme-switch listeners)
    from .views import errors, register_views

    hosts.register(app)
    errors.register(app)
    register_views(app)
    admin.register(app)
    popularity.install(app)
    app.wsgi_app = PlainQueryString(app.wsgi_app)  # type: ignore[method-assign]
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite: enforce foreign keys and use WAL so readers never wait for a writer."""
    module = type(dbapi_connection).__module__
    if "sqlite" not in module:
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
