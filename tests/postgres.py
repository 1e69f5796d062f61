"""Real PostgreSQL for the suite: one database per xdist worker, emptied after every test.

Two ways in:

- ``MAGTHEME_TEST_POSTGRES=1`` (or a server URL, or ``MAGTHEME_DATABASE_URL`` naming a
  PostgreSQL server when pytest starts) runs every test that builds a site on PostgreSQL.
- The ``pg_app`` and ``postgres_url`` fixtures give one test PostgreSQL whatever the rest of
  the suite uses, for behaviour only PostgreSQL shows (sequences, strict integer ranges).

Databases are named after the server's database, the checkout and the worker
(``test_mt_3f2a9c_site_gw0``), so parallel workers, and two checkouts testing at once, never
share one. Tests skip, with the reason, when no server answers.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cache

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import NullPool

#: This machine's server (trust authentication), used when nothing else is named.
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

# Read once at start-up: fixtures later point MAGTHEME_DATABASE_URL at a worker's database.
_REQUESTED = os.environ.get("MAGTHEME_TEST_POSTGRES", "")
_DATABASE_URL = os.environ.get("MAGTHEME_DATABASE_URL", "")


#: Tells this checkout's databases from another's on the same server.
_CHECKOUT = hashlib.sha256(os.path.dirname(os.path.abspath(__file__)).encode()).hexdigest()[:6]


def _as_server(raw: str) -> URL:
    url = make_url(raw)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


@cache
def suite_server() -> URL | None:
    """The server the whole suite runs on, or None for SQLite."""
    if _REQUESTED and _REQUESTED not in ("0", "no", "false"):
        return _as_server(DEFAULT_SERVER if _REQUESTED in ("1", "yes", "true") else _REQUESTED)
    if _DATABASE_URL.startswith("postgres"):
        return _as_server(_DATABASE_URL)
    return None


@cache
def _unreachable(server: URL) -> str | None:
    """Why *server* cannot be used, or None when it answers."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'magtheme[postgres]')"
    engine = create_engine(server, poolclass=NullPool, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to connect is a reason to skip, given verbatim
        return f"PostgreSQL at {server.render_as_string(hide_password=True)} is unreachable: {exc}"
    finally:
        engine.dispose()
    return None


def server_or_skip() -> URL:
    """The suite's server, else this machine's; skip the test when it does not answer."""
    server = suite_server() or _as_server(DEFAULT_SERVER)
    reason = _unreachable(server)
    if reason:
        if suite_server() is not None:
            pytest.fail(f"the suite was asked to run on PostgreSQL but {reason}")
        pytest.skip(reason)
    return server


@dataclass
class WorkerDatabase:
    """A database of this worker's own, created empty once and emptied after each test."""

    url: str
    engine: Engine = field(repr=False)

    def empty(self) -> None:
        """Drop everything a test made: tables, sequences, types (a fresh ``public`` schema)."""
        with self.engine.connect() as conn:
            # A test may leave a connection open inside a transaction; it must not block us.
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))


@cache
def worker_database(server: URL, worker_id: str, purpose: str = "site") -> WorkerDatabase:
    """This worker's database for *purpose* on *server*, created (afresh) on first use."""
    reason = _unreachable(server)
    if reason:
        pytest.fail(f"the suite was asked to run on PostgreSQL but {reason}")
    name = f"{server.database or 'magtheme'}_mt_{_CHECKOUT}_{purpose}_{worker_id}".lower()
    admin = create_engine(server, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = server.set(database=name)
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    return WorkerDatabase(url.render_as_string(hide_password=False), engine)


if __name__ == "__main__":
    # `python -m tests.postgres`: exit 0 when the suite can run on PostgreSQL, else say why.
    import sys

    target = suite_server() or _as_server(DEFAULT_SERVER)
    why = _unreachable(target)
    if why:
        print(f"PostgreSQL run skipped: {why}", file=sys.stderr)
        sys.exit(1)
    print(target.render_as_string(hide_password=True))
