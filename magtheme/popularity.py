"""Page views, counted for "popular posts" without a database write per request.

A view is a ``GET`` of a singular page (a post, a page, an attachment or a post of any public
type) answered ``200`` through the theme, by a reader: not a feed, a preview, a ``HEAD``, a
404, a redirect, a password form that was not unlocked, a crawler (the maintained
`crawlerdetect <https://pypi.org/project/crawlerdetect/>`_ list, or no ``User-Agent`` at
all) or a browser's speculative prefetch/prerender (``Sec-Purpose``, ``Purpose``,
``X-Moz``, ``X-Purpose``). ``DNT`` is a preference, not a bot, and is counted. A visitor is
counted once per post per window (30 minutes by default), recognised by a keyed hash of
their address, user agent and the post — never the address or agent themselves.

Counts are kept in the worker (or, when the site has Redis, in Redis: the worker sends its
views every second as one pipeline, a ``HINCRBY`` per view into a hash per day, so every
worker and machine counts together) and written to the
``post_views`` table in batches by :meth:`ViewCounter.flush`: every ``flush_interval``
seconds, after ``flush_views`` views, at shutdown and by ``magtheme views flush``. A flush is
one ``SELECT`` (which posts still exist) and one ``INSERT … ON CONFLICT DO UPDATE`` per 500
rows, on SQLite and PostgreSQL alike. It then sends :data:`views_flushed`; the same transaction bumps the
widget cache topic ``views``.

Configured in ``instance/config.toml``::

    [views]
    enabled = true          # count views at all
    window = 1800           # seconds a visitor counts once per post
    flush_interval = 60     # seconds between writes to the database
    flush_views = 1000      # write sooner once this many views are waiting
    redis_prefix = "magtheme:views:"   # key prefix in Redis (sites sharing one Redis)
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import logging
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from blinker import Namespace
from crawlerdetect import CrawlerDetect
from flask import Flask, current_app, g, request, session
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response

from . import cache
from .config import ConfigError
from .models import AnySession, Post, PostViews, db

log = logging.getLogger(__name__)

_signals = Namespace()
#: Sent after a flush wrote counts: ``sender`` = app, kwargs ``rows`` and ``views``.
views_flushed = _signals.signal("views-flushed")

#: Rows per ``INSERT … ON CONFLICT`` statement (3 parameters each, far below SQLite's limit).
BATCH_ROWS = 500
#: Most visitors remembered per worker for the window (about 20 MB); the oldest are
#: forgotten first, so under a flood of new visitors some may count twice.
MAX_SEEN = 100_000
#: Longest user agent looked at; longer ones are cut before matching.
MAX_AGENT = 512
#: Seconds the counter keeps to the worker after Redis failed, before trying Redis again.
REDIS_RETRY = 30.0
#: Seconds between two pushes of a worker's queued views to Redis.
PUSH_EVERY = 1.0

_EXTENSION = "magtheme.views"
_crawlers = CrawlerDetect()


# -- settings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ViewSettings:
    """The ``[views]`` table of config.toml."""

    enabled: bool = True
    window: int = 1800
    flush_interval: int = 60
    flush_views: int = 1000
    redis_prefix: str = "magtheme:views:"


#: Each key: a test, what to say when it fails.
_KEYS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "enabled": (lambda v: isinstance(v, bool), "true or false"),
    "window": (
        lambda v: type(v) is int and 0 <= v <= 7 * 86400,
        "a whole number of seconds from 0 (count every view) to 604800 (a week)",
    ),
    "flush_interval": (
        lambda v: type(v) is int and 1 <= v <= 86400,
        "a whole number of seconds from 1 to 86400",
    ),
    "flush_views": (
        lambda v: type(v) is int and 1 <= v <= 10_000_000,
        "a whole number of views from 1 to 10000000",
    ),
    "redis_prefix": (
        lambda v: isinstance(v, str) and 0 < len(v) <= 100 and v.isprintable() and " " not in v,
        "text of 1 to 100 characters without spaces",
    ),
}


def view_settings(raw: Any, source: str = "config.toml") -> ViewSettings:
    """The ``[views]`` table checked: an unknown key or a bad value is a ConfigError naming
    *source*, the key, the value and what it takes."""
    if raw is None:
        return ViewSettings()
    if isinstance(raw, ViewSettings):
        return raw
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{source}: [views] must be a table, such as [views] window = 1800.")
    unknown = sorted(set(raw) - set(_KEYS))
    if unknown:
        raise ConfigError(
            f"{source} [views]: unknown key {', '.join(map(repr, unknown))}; "
            f"the keys are {', '.join(f.name for f in fields(ViewSettings))}."
        )
    for key, value in raw.items():
        test, kind = _KEYS[key]
        if not test(value):
            raise ConfigError(f"{source} [views]: {key} must be {kind}, not {value!r}.")
    return ViewSettings(**raw)


# -- who is a reader ----------------------------------------------------------------------


def is_bot(headers: Mapping[str, str] | Headers) -> bool:
    """Whether the request comes from a crawler or a speculative load, not a reader.

    No ``User-Agent`` at all is a script. ``Sec-Purpose: prefetch`` (or ``prerender``),
    ``Purpose: prefetch``, ``X-Moz: prefetch`` and ``X-Purpose: preview`` are a browser
    loading a page nobody may read. ``DNT`` says nothing about being a bot.
    """
    agent = (headers.get("User-Agent") or "").strip()
    if not agent:
        return True
    for header in ("Sec-Purpose", "Purpose", "X-Moz", "X-Purpose"):
        value = (headers.get(header) or "").lower()
        if "prefetch" in value or "prerender" in value or "preview" in value:
            return True
    return _is_crawler(agent[:MAX_AGENT])


@lru_cache(maxsize=4096)
def _is_crawler(agent: str) -> bool:
    return _crawlers.is_crawler(agent)


def visitor_key(secret: str | bytes, post_id: int, address: str, agent: str) -> str:
    """A keyed hash of who read which post: the same visitor and post give the same key,
    and neither the address nor the agent can be read back from it."""
    key = secret.encode() if isinstance(secret, str) else secret
    message = f"views|{post_id}|{address}|{agent[:MAX_AGENT]}".encode("utf-8", "replace")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def utc_today() -> date:
    return datetime.now(UTC).date()


# -- where counts wait --------------------------------------------------------------------

#: Waiting counts: ``{(post_id, day): views}``.
Counts = dict[tuple[int, date], int]


class LocalStore:
    """Counts and recent visitors in this process (a site without Redis, one worker each)."""

    shared = False

    def __init__(self, window: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self.clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._counts: Counts = {}
        self._lock = threading.Lock()

    def record(self, key: str, post_id: int, day: date) -> bool:
        """Count a view of *post_id* unless visitor *key* was counted within the window."""
        now = self.clock()
        with self._lock:
            # Keys expire in the order they were added, so the stale ones are at the front.
            while self._seen and next(iter(self._seen.values())) <= now:
                self._seen.popitem(last=False)
            if self.window:
                if key in self._seen:
                    return False
                self._seen[key] = now + self.window
                if len(self._seen) > MAX_SEEN:
                    self._seen.popitem(last=False)
            slot = (post_id, day)
            self._counts[slot] = self._counts.get(slot, 0) + 1
            return True

    def take(self) -> Counts:
        """Every waiting count, removed from the store."""
        with self._lock:
            counts, self._counts = self._counts, {}
        return counts

    def give_back(self, counts: Counts) -> None:
        """Put back counts a flush could not write, to be written next time."""
        with self._lock:
            for slot, views in counts.items():
                self._counts[slot] = self._counts.get(slot, 0) + views

    def pending(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def forget(self) -> None:
        """Drop what a forked worker inherited from its parent (the parent writes it)."""
        with self._lock:
            self._seen.clear()
            self._counts.clear()


# One round trip per view: remember the visitor for the window (SET NX EX), and only if they
# are new, add the view to the day's hash and the day to the set of days waiting.
_RECORD = """
if tonumber(ARGV[1]) == 0 or redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
  redis.call('SADD', KEYS[3], ARGV[3])
  return 1
end
return 0
"""

# Every waiting day's hash, read and deleted in one atomic step, so two workers flushing at
# once never write the same views twice.
_TAKE = """
local out = {}
for _, day in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[1] .. day
  local counts = redis.call('HGETALL', key)
  redis.call('DEL', key)
  redis.call('SREM', KEYS[1], day)
  if #counts > 0 then
    out[#out + 1] = day
    out[#out + 1] = counts
  end
end
return out
"""


class RedisStore:
    """Counts and recent visitors in Redis, shared by every worker and machine.

    A request only queues its view in the worker (no round trip); :meth:`push` sends the
    queue to Redis as one pipeline every :data:`PUSH_EVERY` seconds (and before each flush),
    where a script per view checks the window and counts. Keys (under the prefix):
    ``seen:<visitor key>`` with the window as TTL, ``day:<YYYY-MM-DD>`` hashes of post ID →
    views, and ``days``, the set of days waiting to be written. When Redis fails, views are
    kept in the worker (and written by the same flush) and Redis is tried again after
    :data:`REDIS_RETRY` seconds, so a Redis outage never slows or breaks a page.
    """

    shared = True

    def __init__(
        self,
        client: Any,
        prefix: str,
        window: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        import redis

        self.client = client
        self.prefix = prefix
        self.window = window
        self.clock = clock
        self.fallback = LocalStore(window, clock)
        self._errors: tuple[type[BaseException], ...] = (redis.RedisError, OSError)
        self._down_until = 0.0
        self._record = client.register_script(_RECORD)
        self._take = client.register_script(_TAKE)
        self._queue: deque[tuple[str, int, date]] = deque()
        self._push_lock = threading.Lock()

    def _usable(self) -> bool:
        return self.clock() >= self._down_until

    def _failed(self, what: str, exc: BaseException) -> None:
        self._down_until = self.clock() + REDIS_RETRY
        log.warning(
            "page views: Redis failed while %s (%s); counting in this worker for %ds",
            what,
            exc,
            REDIS_RETRY,
        )

    def record(self, key: str, post_id: int, day: date) -> bool:
        """Queue the view; whether it counts (the window) is decided when it is pushed."""
        self._queue.append((key, post_id, day))
        return True

    def push(self) -> int:
        """Send the queued views to Redis in one pipeline; returns how many were sent.

        If Redis cannot be reached they are counted in the worker instead.
        """
        with self._push_lock:
            batch = []
            while self._queue:
                batch.append(self._queue.popleft())
            if not batch:
                return 0
            if self._usable():
                try:
                    pipe = self.client.pipeline(transaction=False)
                    for key, post_id, day in batch:
                        keys = [f"{self.prefix}seen:{key}", f"{self.prefix}day:{day}", self._days]
                        self._record(keys=keys, args=[self.window, post_id, str(day)], client=pipe)
                    pipe.execute()
                    return len(batch)
                except self._errors as exc:
                    self._failed("counting views", exc)
            for key, post_id, day in batch:
                self.fallback.record(key, post_id, day)
            return 0

    @property
    def _days(self) -> str:
        return f"{self.prefix}days"

    def take(self) -> Counts:
        self.push()
        counts = self.fallback.take()
        if not self._usable():
            return counts
        try:
            found = self._take(keys=[self._days], args=[f"{self.prefix}day:"])
        except self._errors as exc:
            self._failed("reading the counts", exc)
            return counts
        for day_text, flat in zip(found[::2], found[1::2], strict=True):
            try:
                day = date.fromisoformat(str(day_text))
            except ValueError:
                continue
            for post_id, views in zip(flat[::2], flat[1::2], strict=True):
                if str(post_id).isdigit():
                    slot = (int(post_id), day)
                    counts[slot] = counts.get(slot, 0) + int(views)
        return counts

    def give_back(self, counts: Counts) -> None:
        if not counts:
            return
        if self._usable():
            try:
                pipe = self.client.pipeline()
                for (post_id, day), views in counts.items():
                    pipe.hincrby(f"{self.prefix}day:{day}", str(post_id), views)
                    pipe.sadd(self._days, str(day))
                pipe.execute()
                return
            except self._errors as exc:
                self._failed("putting counts back", exc)
        self.fallback.give_back(counts)

    def pending(self) -> int:
        return len(self._queue) + self.fallback.pending()

    def forget(self) -> None:
        self._queue.clear()
        self.fallback.forget()


# -- writing counts -----------------------------------------------------------------------


@dataclass(frozen=True)
class FlushReport:
    """What one flush wrote: rows upserted and the views they added."""

    rows: int = 0
    views: int = 0


def ensure_table(session: AnySession) -> None:
    """Create ``post_views`` if the site's database predates it (``magtheme init`` does the
    same for every table)."""
    PostViews.__table__.create(session.connection(), checkfirst=True)  # type: ignore[attr-defined]
    session.commit()  # PostgreSQL's DDL is transactional: keep the table whatever comes next


def write_counts(session: AnySession, counts: Counts) -> FlushReport:
    """Add *counts* to ``post_views`` and commit: one ``SELECT`` of the posts that still
    exist (views of a deleted post are dropped), then one upsert per :data:`BATCH_ROWS`."""
    if not counts:
        return FlushReport()
    ids = sorted({post_id for post_id, _day in counts})
    existing: set[int] = set()
    for start in range(0, len(ids), 10_000):
        chunk = ids[start : start + 10_000]
        existing.update(session.scalars(select(Post.id).where(Post.id.in_(chunk))))
    rows: list[dict[str, Any]] = [
        {"post_id": post_id, "day": day, "views": views}
        for (post_id, day), views in sorted(counts.items())
        if post_id in existing and views > 0
    ]
    dialect = session.get_bind().dialect.name
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    if dialect not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"page views cannot be written to a {dialect} database")
    for start in range(0, len(rows), BATCH_ROWS):
        stmt = insert(PostViews).values(rows[start : start + BATCH_ROWS])
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=[PostViews.post_id, PostViews.day],
                set_={"views": PostViews.views + stmt.excluded.views},
            )
        )
    if rows:
        # Popular-posts widgets render again, in every worker, once these counts are in.
        cache.bump("views", session=session)
    session.commit()
    return FlushReport(rows=len(rows), views=sum(row["views"] for row in rows))


# -- the counter --------------------------------------------------------------------------


class ViewCounter:
    """One app's page-view counter: records views into its store, flushes them in batches.

    A flush runs on a background thread every ``flush_interval`` seconds, or as soon as
    ``flush_views`` views are waiting, and once more when the process exits. A request only
    records (in memory or one Redis round trip); it never writes to the database.
    """

    def __init__(
        self,
        app: Flask,
        settings: ViewSettings,
        store: LocalStore | RedisStore,
        today: Callable[[], date] = utc_today,
    ) -> None:
        self.app = app
        self.settings = settings
        self.store = store
        self.today = today
        self._secret = app.secret_key or ""
        self._since_flush = 0
        self._flush_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._table_checked = False

    def record(self, post_id: int, address: str, agent: str) -> bool:
        """Count one view of *post_id* by this visitor; False when already counted."""
        self._after_fork()
        counted = self.store.record(
            visitor_key(self._secret, post_id, address, agent), post_id, self.today()
        )
        if counted:
            self._since_flush += 1
            if self._since_flush >= self.settings.flush_views:
                self._wake.set()
        return counted

    def flush(self, session: AnySession | None = None) -> FlushReport:
        """Write every waiting count to ``post_views`` now (inside an app context).

        Counts that cannot be written are kept for the next flush, and the error raised.
        """
        with self._flush_lock:
            self._since_flush = 0
            counts = self.store.take()
            if not counts:
                return FlushReport()
            session = session if session is not None else db.session
            try:
                if not self._table_checked:
                    ensure_table(session)
                    self._table_checked = True
                report = write_counts(session, counts)
            except BaseException:
                session.rollback()
                self.store.give_back(counts)
                raise
        views_flushed.send(self.app, rows=report.rows, views=report.views)
        return report

    def flush_quietly(self) -> FlushReport | None:
        """A flush in the app's context that logs instead of raising (thread and exit)."""
        try:
            with self.app.app_context():
                return self.flush()
        except Exception:
            log.exception("page views: the counts could not be written; kept for the next try")
            return None

    def start(self) -> None:
        """Start the background flusher of this process (again after a fork)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="magtheme-views-flush", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the background flusher and write what is waiting (what exit does)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.flush_quietly()

    def _run(self) -> None:
        interval = self.settings.flush_interval
        shared = isinstance(self.store, RedisStore)
        next_flush = time.monotonic() + interval
        while not self._stop.is_set():
            woken = self._wake.wait(min(PUSH_EVERY, interval) if shared else interval)
            self._wake.clear()
            if self._stop.is_set():
                return
            if isinstance(self.store, RedisStore):
                self._push_quietly(self.store)
            if woken or time.monotonic() >= next_flush:
                self.flush_quietly()
                next_flush = time.monotonic() + interval

    @staticmethod
    def _push_quietly(store: RedisStore) -> None:
        try:
            store.push()
        except Exception:
            log.exception("page views: the queued views could not be sent to Redis")

    def _after_fork(self) -> None:
        pid = os.getpid()
        if pid != self._pid:
            # A worker forked from a process that had counted: that process writes those.
            self._pid = pid
            self._thread = None
            self.store.forget()
            if not self.app.testing:
                self.start()


def make_store(app: Flask, settings: ViewSettings) -> LocalStore | RedisStore:
    """Redis when the site has ``redis_url``, else the worker's memory."""
    from .redisconn import client

    redis_client = client(app)
    if redis_client is None:
        return LocalStore(settings.window)
    return RedisStore(redis_client, settings.redis_prefix, settings.window)


def counter(app: Flask | None = None) -> ViewCounter:
    """The app's counter, made on first use (in the worker that serves, not at import).

    Outside tests it starts its flusher thread and flushes once more at exit.
    """
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    found: ViewCounter | None = app.extensions.get(_EXTENSION)
    if found is None:
        settings = view_settings(app.config.get("VIEWS"))
        found = app.extensions[_EXTENSION] = ViewCounter(app, settings, make_store(app, settings))
        # Tests drive flush() and stop() themselves; their databases are gone at exit.
        if not app.testing:
            found.start()
            atexit.register(found.stop)
    return found


# -- the request hook ---------------------------------------------------------------------


def viewed_post(response: Response) -> Post | None:
    """The post this response shows a reader, when it is a view to count (else None)."""
    # Popped, not read: a test client's requests can share one app context (and ``g``).
    ctx = g.pop("magtheme_query", None)
    if request.method != "GET" or response.status_code != 200:
        return None
    if ctx is None or not ctx.is_singular or ctx.is_404 or ctx.is_feed or ctx.is_embed:
        return None
    post = ctx.queried_object
    if not isinstance(post, Post) or "preview" in request.args:
        return None
    from .site import registry
    from .visibility import unlocked

    post_type = registry().post_types.get(post.post_type)
    if post_type is None or not post_type.public:
        return None
    if post.password:
        proofs = session.get("postpass", {})
        if not isinstance(proofs, dict) or not unlocked(post, proofs, current_app.secret_key or ""):
            return None  # the password form, not the post
    return post


def count_view(response: Response) -> Response:
    """``after_request``: count the view this response is, if it is one."""
    post = viewed_post(response)
    if post is None or is_bot(request.headers):
        return response
    try:
        counter().record(post.id, request.remote_addr or "", request.user_agent.string)
    except Exception:  # counting must never cost a reader their page
        log.exception("page views: could not count a view of post %s", post.id)
    return response


def install(app: Flask) -> None:
    """Count views on *app* (unless ``[views] enabled = false``)."""
    if view_settings(app.config.get("VIEWS")).enabled:
        app.after_request(count_view)


__all__ = [
    "BATCH_ROWS",
    "FlushReport",
    "LocalStore",
    "RedisStore",
    "ViewCounter",
    "ViewSettings",
    "count_view",
    "counter",
    "ensure_table",
    "install",
    "is_bot",
    "view_settings",
    "views_flushed",
    "visitor_key",
    "write_counts",
]
