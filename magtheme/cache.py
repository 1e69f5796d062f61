"""Widget output caching and the change tracking that keeps it exact.

Rendered widget HTML is kept in an in-process LRU (one per app, so one per worker) under a
key made of everything the output is made from:

- the widget (type, instance id, area) and its cleaned settings;
- the theme chain and the identity of the widget's template (under auto-reload, the file's
  modification time, so an edited template shows at once);
- the page, for types that declare ``vary=("page",)``;
- the site options (a digest of them all but the widget storage, which the settings cover);
- the current *version* of each topic the type ``depends`` on (``posts``, ``comments``, …).

A topic's version is an option row, ``magtheme_topic_<topic>``, read with every other option
in the request's one options statement, so every worker sees every other's changes for free.
Versions are bumped in the same transaction as the change itself, from SQLAlchemy session
events: rows added, changed or deleted through the ORM (``after_flush``) and bulk
``session.execute(insert/update/delete)`` (``do_orm_execute``, written before the commit).
A version is a fresh random token, never a counter, so two writers never need to read it.

Time changes output without any write: a scheduled post becomes public at its date. When
``posts`` is bumped, the dates of the next scheduled posts are stored with the ``time``
topic; a widget that depends on ``time`` is keyed by how many of them have passed, so its
output is rendered again exactly when the next one goes live. A widget whose output changes
with the clock by a rule of its own (a "last 7 days" window) returns :data:`EXPIRES` in its
data with the instant its output next changes.

Code that changes what widgets show without touching those tables (the page-view counter
flushing its counts) calls :func:`bump` with the topics it changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import threading
import weakref
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import count
from typing import Any, cast

from cachetools import LRUCache
from sqlalchemy import Table, event, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.orm.attributes import get_history

from .models import (
    AnySession,
    Comment,
    CommentMeta,
    Option,
    Post,
    PostMeta,
    Term,
    TermRelationship,
    User,
    UserMeta,
)

log = logging.getLogger(__name__)

#: Option rows holding topic versions: ``magtheme_topic_posts`` and so on.
TOPIC_OPTION_PREFIX = "magtheme_topic_"
#: What cached output can be made from (widget types name them in ``depends``).
TOPICS = ("posts", "comments", "terms", "users", "menus", "views", "time")
#: The key a data function may return: a ``datetime`` (UTC) when its output next changes.
EXPIRES = "cache_expires"
#: Widgets kept per worker unless ``widget_cache_size`` in config.toml says otherwise (0: off).
DEFAULT_SIZE = 4096
#: How many upcoming scheduled dates the ``time`` topic stores (more are loaded on demand).
TIME_BOUNDARIES = 50

# Options whose change never changes one widget's output: where widgets are stored (each
# widget's own settings are part of its key) and the topic versions themselves.
_NOT_OUTPUT = frozenset({"widget_instances", "sidebars_widgets"})
_VISIBLE_STATUSES = frozenset({"publish", "future"})


# -- the cache ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One rendered widget, and the instant (UTC) after which it must not be served."""

    html: str
    expires: datetime | None = None


class WidgetCache:
    """A bounded LRU of rendered widgets, safe to share between a worker's threads."""

    def __init__(self, maxsize: int = DEFAULT_SIZE) -> None:
        self.maxsize = maxsize
        self._entries: LRUCache[Hashable, Entry] = LRUCache(maxsize=max(maxsize, 1))
        self._boundaries: LRUCache[str, tuple[str, ...]] = LRUCache(maxsize=64)
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.maxsize > 0

    def get(self, key: Hashable, now: datetime) -> str | None:
        """The cached HTML for *key*, or None when missing or expired by *now*."""
        if not self.enabled:
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires is not None and now >= entry.expires:
                del self._entries[key]
                return None
            return entry.html

    def put(self, key: Hashable, html: str, expires: datetime | None = None) -> None:
        if not self.enabled:
            return
        with self._lock:
            self._entries[key] = Entry(html, expires)

    def boundaries(self, token: str, session: AnySession, after: str | None) -> tuple[str, ...]:
        """Scheduled dates beyond those the ``time`` topic stores, loaded once per *token*."""
        with self._lock:
            found = self._boundaries.get(token)
        if found is None:
            found = _scheduled_dates(session, after)
            with self._lock:
                self._boundaries[token] = found
        return found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._boundaries.clear()

    def __len__(self) -> int:
        return len(self._entries)


_fallback_cache = WidgetCache()


def widget_cache() -> WidgetCache:
    """This app's widget cache (built on first use, sized by ``widget_cache_size``)."""
    from flask import current_app, has_app_context

    if not has_app_context():
        return _fallback_cache
    from .themes.preview import current_preview

    if current_preview() is not None:
        return WidgetCache(0)  # a preview's output is its own: never stored, never reused
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    found: WidgetCache | None = app.extensions.get("magtheme.widget_cache")
    if found is None:
        found = app.extensions["magtheme.widget_cache"] = WidgetCache(_size(app.config))
    return found


def _size(config: Mapping[str, Any]) -> int:
    """``widget_cache_size`` from config.toml: a whole number of widgets, 0 for no cache."""
    raw = config.get("WIDGET_CACHE_SIZE", DEFAULT_SIZE)
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return raw
    log.error(
        "config.toml: widget_cache_size must be a whole number of widgets (0 turns the "
        "cache off), not %r; using %d.",
        raw,
        DEFAULT_SIZE,
    )
    return DEFAULT_SIZE


# -- key parts --------------------------------------------------------------------------------


def topic_versions(options: Mapping[str, Any], topics: Iterable[str]) -> tuple[str, ...]:
    """The current version of each of *topics*, as the options loaded for this request hold."""
    return tuple(_token(options.get(TOPIC_OPTION_PREFIX + topic)) for topic in topics)


def _token(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("token", ""))
    return "" if value is None else str(value)


_digests: tuple[Any, str] | None = None


def options_digest(options: Mapping[str, Any]) -> str:
    """A digest of every option a widget's output can use (computed once per options dict)."""
    global _digests
    memo = _digests
    if memo is not None and memo[0] is options:
        return memo[1]
    shown = {
        name: value
        for name, value in options.items()
        if name not in _NOT_OUTPUT and not name.startswith(TOPIC_OPTION_PREFIX)
    }
    text = json.dumps(shown, sort_keys=True, default=str, separators=(",", ":"))
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    _digests = (options, digest)
    return digest


def settings_key(settings: Mapping[str, Any]) -> str:
    """Cleaned settings as one comparable string."""
    return json.dumps(settings, sort_keys=True, default=str, separators=(",", ":"))


_stamps: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
_next_stamp = count(1)


def template_identity(chain: Any, template: Any) -> Hashable:
    """What identifies the compiled *template* of *chain*.

    A built chain never changes its templates, so the chain object itself (a per-process
    stamp) and the file name do; under auto-reload the file's modification time joins them,
    so an edit shows on the next request.
    """
    try:
        stamp = _stamps[chain]
    except (KeyError, TypeError):
        stamp = next(_next_stamp)
        try:
            _stamps[chain] = stamp
        except TypeError:
            stamp = id(chain)
    filename = getattr(template, "filename", None) or ""
    if not getattr(chain, "auto_reload", False):
        return (stamp, filename)
    slugs = tuple(getattr(t, "slug", "") for t in getattr(chain, "themes", ()))
    try:
        mtime = os.stat(filename).st_mtime_ns if filename else 0
    except OSError:
        mtime = 0
    return (slugs, filename, mtime)


def page_key(current_url: str, query: Any) -> Hashable:
    """The page being shown, for widgets that vary with it: its URL, search and queried object."""
    queried = getattr(query, "queried_object", None) if query is not None else None
    return (
        current_url,
        str(getattr(query, "search", "") or "") if query is not None else "",
        type(queried).__name__ if queried is not None else "",
        getattr(queried, "id", None),
    )


# -- time -----------------------------------------------------------------------------------


def time_epoch(
    options: Mapping[str, Any],
    session: AnySession,
    now: datetime,
    memo: WidgetCache | None = None,
) -> Hashable:
    """Which stretch of time *now* is in: how many scheduled posts went public since posts
    last changed. No SQL, except once per worker (remembered in *memo*'s cache) when more
    than the stored :data:`TIME_BOUNDARIES` dates have passed, or when no write ever stored
    them (a database from before output caching)."""
    memo = memo if memo is not None else _fallback_cache
    value = options.get(TOPIC_OPTION_PREFIX + "time")
    stamp = _iso(now)
    if not isinstance(value, Mapping):
        return ("", bisect_right(memo.boundaries("", session, None), stamp))
    token = str(value.get("token", ""))
    dates = tuple(str(d) for d in value.get("next") or ())
    passed = bisect_right(dates, stamp)
    if passed == len(dates) and value.get("more") and dates:
        passed += bisect_right(memo.boundaries(token, session, dates[-1]), stamp)
    return (token, passed)


def _scheduled_dates(session: AnySession, after: str | None) -> tuple[str, ...]:
    """Dates of every scheduled post after *after* (or after now), soonest first."""
    from .visibility import now_gmt

    start = datetime.fromisoformat(after) if after else now_gmt()
    return tuple(_scheduled_after(session, start))


def _scheduled_after(executor: Any, start: datetime, limit: int | None = None) -> list[str]:
    """The dates of the scheduled posts after *start*, soonest first (at most *limit*), read
    through *executor* (a session or a connection)."""
    statement = (
        select(Post.date_gmt)
        .where(Post.status == "future", Post.date_gmt > start)
        .order_by(Post.date_gmt)
        .limit(limit)
    )
    return [_iso(moment) for moment in executor.execute(statement).scalars()]


def _iso(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="microseconds")


# -- bumping ----------------------------------------------------------------------------------


def bump(*topics: str, session: AnySession | None = None) -> None:
    """Give each of *topics* a new version, in *session*'s transaction (the caller commits).

    Every cached widget whose type depends on one of them is rendered again on its next
    request, in every worker. Bumping ``posts`` also stores the next scheduled dates for
    ``time``.
    """
    unknown = [t for t in topics if t not in TOPICS]
    if unknown:
        raise ValueError(
            f"unknown cache topic(s) {', '.join(map(repr, unknown))}; the topics are "
            f"{', '.join(TOPICS)}."
        )
    if session is None:
        from .models import db

        session = db.session
    _write_versions(session.connection(), set(topics))


def _write_versions(connection: Any, topics: set[str]) -> None:
    """Store a fresh token for each topic through *connection* (inside its transaction)."""
    if not topics:
        return
    # Posts first: on PostgreSQL its row lock orders concurrent writers of posts, so the
    # scheduled dates read next include every committed post.
    for topic in sorted(topics, key=lambda t: t != "posts"):
        if topic == "time":
            continue
        _upsert(connection, TOPIC_OPTION_PREFIX + topic, json.dumps(secrets.token_hex(8)))
    if "posts" in topics or "time" in topics:
        from .visibility import now_gmt

        upcoming = _scheduled_after(connection, now_gmt(), TIME_BOUNDARIES + 1)
        value = {
            "token": secrets.token_hex(8),
            "next": upcoming[:TIME_BOUNDARIES],
            "more": len(upcoming) > TIME_BOUNDARIES,
        }
        _upsert(connection, TOPIC_OPTION_PREFIX + "time", json.dumps(value))


def _upsert(connection: Any, name: str, value: str) -> None:
    table = cast(Table, Option.__table__)
    dialect = connection.dialect.name
    if dialect in ("sqlite", "postgresql"):
        module: Any = sqlite if dialect == "sqlite" else postgresql
        statement = module.insert(table).values(name=name, value=value)
        connection.execute(
            statement.on_conflict_do_update(index_elements=["name"], set_={"value": value})
        )
        return
    result = connection.execute(update(table).where(table.c.name == name).values(value=value))
    if not result.rowcount:
        connection.execute(insert(table).values(name=name, value=value))


# -- what a change touches ------------------------------------------------------------------

_PENDING = "magtheme.cache.pending"
_PENDING_TERMS = "magtheme.cache.pending_terms"


def _post_topics(post: Any) -> set[str]:
    """Topics a change to *post* (an ORM object, before its flush) touches."""
    if post.post_type == "nav_menu_item":
        return {"menus"}
    if post.post_type == "revision":
        return set()
    history = get_history(post, "status")
    # A status set on an expired object has no known old value: it may have been public.
    unknown_before = bool(history.added) and not history.deleted
    statuses = {post.status, *history.deleted}
    if not unknown_before and not statuses & _VISIBLE_STATUSES and post.post_type != "attachment":
        return set()  # a draft, pending or private post changed: nothing public did
    changed = _changed_keys(post)
    if changed and changed <= {"comment_count"}:
        return {"comments"}
    return {"posts"}


def _changed_keys(obj: Any) -> set[str]:
    from sqlalchemy import inspect

    state = inspect(obj)
    if state.pending or state.deleted or state.was_deleted:
        return set()
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


def _meta_topics(session: Session, meta: Any) -> set[str]:
    if str(meta.key).startswith("_menu_item_"):
        return {"menus"}
    post = session.identity_map.get(session.identity_key(Post, meta.post_id))  # type: ignore[arg-type]
    if post is not None and post.post_type == "nav_menu_item":
        return {"menus"}
    return {"posts"}


def _taxonomy_topics(taxonomies: set[str]) -> set[str]:
    """Topics a change to terms of *taxonomies* touches: ``menus`` for menus, ``terms`` else."""
    topics = {"menus"} if "nav_menu" in taxonomies else set()
    if taxonomies - {"nav_menu"}:
        topics.add("terms")
    return topics


def _term_topics(term: Any) -> set[str]:
    return _taxonomy_topics({term.taxonomy, *get_history(term, "taxonomy").deleted})


def _object_topics(session: Session, obj: Any) -> set[str]:
    if isinstance(obj, Post):
        return _post_topics(obj)
    if isinstance(obj, PostMeta):
        return _meta_topics(session, obj)
    if isinstance(obj, Comment | CommentMeta):
        return {"comments"}
    if isinstance(obj, Term):
        return _term_topics(obj)
    if isinstance(obj, User | UserMeta):
        return {"users"}
    return set()


def _relationship_topics(connection: Any, term_ids: set[int]) -> set[str]:
    """Posts joined to or parted from terms: ``terms``, or ``menus`` for menu items."""
    if not term_ids:
        return set()
    taxonomies = set(
        connection.execute(
            select(Term.taxonomy).where(Term.id.in_(sorted(term_ids))).distinct()
        ).scalars()
    )
    # Terms deleted before the lookup have no taxonomy left to tell: assume plain terms.
    return _taxonomy_topics(taxonomies) if taxonomies else {"terms"}


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush_context: Any) -> None:
    """Bump the topics the flushed objects touch, in the flush's own transaction."""
    topics: set[str] = set()
    term_ids: set[int] = set()
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, TermRelationship):
            term_ids.add(obj.term_id)
        else:
            topics |= _object_topics(session, obj)
    for obj in session.dirty:
        if not session.is_modified(obj, include_collections=False):
            continue
        if isinstance(obj, TermRelationship):
            term_ids.add(obj.term_id)
            term_ids.update(get_history(obj, "term_id").deleted)
        else:
            topics |= _object_topics(session, obj)
    _write_pending(session, topics, term_ids)


def _write_pending(session: Session, topics: set[str], term_ids: set[int]) -> None:
    """Bump *topics*, those the bulk statements noted and those of the terms *term_ids*."""
    topics = topics | session.info.pop(_PENDING, set())
    term_ids = term_ids | session.info.pop(_PENDING_TERMS, set())
    if not topics and not term_ids:
        return
    connection = session.connection()
    _write_versions(connection, topics | _relationship_topics(connection, term_ids))


@event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state: ORMExecuteState) -> None:
    """Note what a bulk ``insert``/``update``/``delete`` of content touches; written before
    the commit (after every statement of the transaction ran)."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if not isinstance(table, Table) or table not in _TRACKED_TABLES:
        return
    rows = _parameter_rows(state.parameters)
    topics: set[str] = set()
    name = table.name
    if name == "posts":
        if state.is_update and _set_columns(state.statement) <= {"comment_count"}:
            topics.add("comments")
        elif state.is_insert:
            types = {row.get("post_type") for row in rows}
            if None in types or not types:
                topics |= {"posts", "menus"}
            else:
                if "nav_menu_item" in types:
                    topics.add("menus")
                if types - {"nav_menu_item", "revision"}:
                    topics.add("posts")
        else:
            topics |= _matched_posts(state, table)
    elif name == "postmeta":
        keys = {str(row.get("key", "")) for row in rows}
        if state.is_insert and keys and all(k.startswith("_menu_item_") for k in keys):
            topics.add("menus")
        else:
            topics |= {"posts", "menus"}
    elif name in ("comments", "commentmeta"):
        topics.add("comments")
    elif name == "terms":
        taxonomies = {row.get("taxonomy") for row in rows}
        if state.is_insert and taxonomies == {"nav_menu"}:
            topics.add("menus")
        else:
            topics |= {"terms", "menus"}
    elif name == "term_relationships":
        ids = {row.get("term_id") for row in rows}
        if state.is_insert and ids and None not in ids:
            state.session.info.setdefault(_PENDING_TERMS, set()).update(int(i) for i in ids)  # type: ignore[arg-type]
        else:
            topics |= _matched_relationships(state, table)
    elif name in ("users", "usermeta"):
        topics.add("users")
    if topics:
        state.session.info.setdefault(_PENDING, set()).update(topics)


def _where(state: ORMExecuteState) -> Any:
    """The WHERE clause of a bulk update/delete, when the rows it hits can be looked up."""
    if not isinstance(state.parameters, Mapping | type(None)):
        return None  # executemany: one statement, many row sets
    return getattr(state.statement, "whereclause", None)


def _bound(state: ORMExecuteState) -> dict[str, Any]:
    parameters = state.parameters
    return dict(parameters) if isinstance(parameters, Mapping) else {}


def _matched_posts(state: ORMExecuteState, table: Table) -> set[str]:
    """Topics a bulk update/delete of posts touches, from the rows it is about to hit."""
    where = _where(state)
    if where is None:
        return {"posts", "menus"}
    kinds = state.session.connection().execute(
        select(table.c.post_type, table.c.status).where(where).distinct(),
        _bound(state),
    )
    topics: set[str] = set()
    sets_status = state.is_update and bool(_set_columns(state.statement) & {"status", "*"})
    for post_type, status in kinds:
        if post_type == "nav_menu_item":
            topics.add("menus")
        elif post_type != "revision" and (
            status in _VISIBLE_STATUSES or post_type == "attachment" or sets_status
        ):
            topics.add("posts")
    return topics


def _matched_relationships(state: ORMExecuteState, table: Table) -> set[str]:
    """Topics a bulk update/delete of term relationships touches: by the terms' taxonomies."""
    where = _where(state)
    if where is None or state.is_update:
        return {"terms", "menus"}
    terms = cast(Table, Term.__table__)
    taxonomies = set(
        state.session.connection()
        .execute(
            select(terms.c.taxonomy)
            .select_from(table.join(terms, terms.c.id == table.c.term_id))
            .where(where)
            .distinct(),
            _bound(state),
        )
        .scalars()
    )
    return _taxonomy_topics(taxonomies)


_TRACKED_TABLES = frozenset(
    cast(Table, model.__table__)
    for model in (Post, PostMeta, Comment, CommentMeta, Term, TermRelationship, User, UserMeta)
)


def _parameter_rows(parameters: Any) -> list[Mapping[str, Any]]:
    if isinstance(parameters, Mapping):
        return [parameters] if parameters else []
    if isinstance(parameters, list | tuple):
        return [row for row in parameters if isinstance(row, Mapping)]
    return []


def _set_columns(statement: Any) -> set[str]:
    """The columns an UPDATE sets (empty set when it cannot be told: assume everything)."""
    values = getattr(statement, "_values", None) or {}
    names = set()
    for column in values:
        names.add(str(getattr(column, "key", None) or getattr(column, "name", column)))
    return names or {"*"}


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    """Write the topics bulk statements touched (ORM changes bump in ``after_flush``)."""
    _write_pending(session, set(), set())


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_PENDING_TERMS, None)


__all__ = [
    "DEFAULT_SIZE",
    "EXPIRES",
    "TOPICS",
    "TOPIC_OPTION_PREFIX",
    "WidgetCache",
    "bump",
    "options_digest",
    "page_key",
    "settings_key",
    "template_identity",
    "time_epoch",
    "topic_versions",
    "widget_cache",
]
