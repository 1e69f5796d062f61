"""Page views: which requests count, once per visitor and window, batched writes, Redis."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect, select

from magtheme import create_app, site
from magtheme import urls as links
from magtheme.cli import main
from magtheme.config import ConfigError, load_config
from magtheme.models import Post, PostViews, db
from magtheme.options import load_options, update_option
from magtheme.popularity import (
    BATCH_ROWS,
    LocalStore,
    counter,
    is_bot,
    view_settings,
    views_flushed,
    visitor_key,
)
from tests.conftest import StatementCounter, serve_site, write_theme
from tests.factories import make_post

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
TODAY = date(2026, 5, 4)


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _theme(tmp_path: Path) -> str:
    themes = tmp_path / "views-themes"
    write_theme(themes, "probe", {"index.html": "{% for p in posts %}{{ p.title }}{% endfor %}"})
    return str(themes)


def _activate() -> None:
    update_option("stylesheet", "probe")
    update_option("template", "probe")


@pytest.fixture
def site_app(tmp_path: Path, instance: Path) -> Iterator[Flask]:
    for app in serve_site(instance, SITE_THEME_DIRS=[_theme(tmp_path)]):
        _activate()
        counter(app).today = lambda: TODAY
        yield app


def url_of(post: Post) -> str:
    url = links.linker(load_options(), site.registry()).post(post)
    return "/" + url.split("/", 3)[3]


def visit(
    client: FlaskClient, path: str, *, agent: str = BROWSER, ip: str = "203.0.113.7", **kw: Any
):  # type: ignore[no-untyped-def]
    headers = {"User-Agent": agent, **kw.pop("headers", {})}
    return client.get(path, headers=headers, environ_base={"REMOTE_ADDR": ip}, **kw)


def stored(post_id: int | None = None) -> dict[tuple[int, date], int]:
    db.session.rollback()
    rows = db.session.execute(select(PostViews.post_id, PostViews.day, PostViews.views)).all()
    return {(r.post_id, r.day): r.views for r in rows if post_id is None or r.post_id == post_id}


def flushed(app: Flask) -> dict[tuple[int, date], int]:
    counter(app).flush()
    return stored()


# -- what counts --------------------------------------------------------------------------


def test_a_reader_counts_once_per_window(site_app: Flask) -> None:
    post = make_post("Read me")
    client = site_app.test_client()
    clock = Clock()
    counter(site_app).store.clock = clock  # type: ignore[union-attr]
    path = url_of(post)
    assert visit(client, path).status_code == 200
    assert flushed(site_app) == {(post.id, TODAY): 1}
    clock.now += 60
    visit(client, path)  # the same reader a minute later: not again
    assert flushed(site_app) == {(post.id, TODAY): 1}
    visit(client, path, ip="198.51.100.2")  # another reader
    visit(client, path, agent=BROWSER.replace("131", "130"))  # another browser, same address
    assert flushed(site_app) == {(post.id, TODAY): 3}
    clock.now += 1800  # the window (30 minutes) has passed
    visit(client, path)
    assert flushed(site_app) == {(post.id, TODAY): 4}


def test_each_post_is_a_window_of_its_own(site_app: Flask) -> None:
    first, second = make_post("One"), make_post("Two")
    client = site_app.test_client()
    visit(client, url_of(first))
    visit(client, url_of(second))
    assert flushed(site_app) == {(first.id, TODAY): 1, (second.id, TODAY): 1}


def test_pages_and_public_custom_types_count_too(tmp_path: Path, instance: Path) -> None:
    config = {"SITE_THEME_DIRS": [_theme(tmp_path)], "POST_TYPES": {"book": {"public": True}}}
    for app in serve_site(instance, **config):
        _activate()
        page = make_post("About", post_type="page")
        book = make_post("Dune", post_type="book")
        client = app.test_client()
        assert visit(client, url_of(page)).status_code == 200
        assert visit(client, url_of(book)).status_code == 200
        counter(app).flush()
        assert {post_id for post_id, _day in stored()} == {page.id, book.id}


@pytest.mark.parametrize(
    ("agent", "headers"),
    [
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", {}),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", {}),
        ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", {}),
        ("curl/8.5.0", {}),
        ("python-requests/2.32.3", {}),
        ("", {}),  # no user agent at all
        (BROWSER, {"Sec-Purpose": "prefetch"}),
        (BROWSER, {"Sec-Purpose": "prefetch;prerender"}),
        (BROWSER, {"Purpose": "prefetch"}),
        (BROWSER, {"X-Moz": "prefetch"}),
    ],
)
def test_bots_and_speculative_loads_are_not_counted(
    site_app: Flask, agent: str, headers: dict[str, str]
) -> None:
    post = make_post("Crawled")
    response = visit(site_app.test_client(), url_of(post), agent=agent, headers=headers)
    assert response.status_code == 200
    assert flushed(site_app) == {}


def test_do_not_track_is_a_reader_not_a_bot(site_app: Flask) -> None:
    post = make_post("Private reader")
    visit(site_app.test_client(), url_of(post), headers={"DNT": "1", "Sec-GPC": "1"})
    assert flushed(site_app) == {(post.id, TODAY): 1}


def test_is_bot_reads_the_maintained_crawler_list() -> None:
    assert is_bot({"User-Agent": "Mozilla/5.0 (compatible; YandexBot/3.0)"})
    assert is_bot({"User-Agent": "Mozilla/5.0 (compatible; AhrefsBot/7.0)"})
    assert not is_bot({"User-Agent": BROWSER})
    assert not is_bot({"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"})


def test_what_is_not_a_view_is_not_counted(site_app: Flask) -> None:
    post = make_post("Shown")
    draft = make_post("Draft", status="draft")
    locked = make_post("Locked", password="secret")
    client = site_app.test_client()
    path = url_of(post)
    assert client.head(path, headers={"User-Agent": BROWSER}).status_code == 200
    assert visit(client, f"{path}feed/").status_code == 200  # the post's comment feed
    assert visit(client, f"/?p={post.id}").status_code == 301  # a redirect to the post
    assert visit(client, f"{path}?preview=true").status_code == 200
    assert visit(client, f"/?p={draft.id}").status_code == 404
    assert visit(client, "/no-such-post/").status_code == 404
    assert visit(client, "/").status_code == 200  # the home page is not a post's view
    assert visit(client, url_of(locked)).status_code == 200  # the password form only
    assert flushed(site_app) == {}


def test_a_protected_post_counts_once_its_password_was_given(site_app: Flask) -> None:
    locked = make_post("Locked", password="secret")
    client = site_app.test_client()
    path = url_of(locked)
    form = {"post_id": str(locked.id), "post_password": "secret", "redirect_to": path}
    assert client.post("/postpass", data=form).status_code == 303
    visit(client, path)
    assert flushed(site_app) == {(locked.id, TODAY): 1}


def test_counting_can_be_turned_off(tmp_path: Path, instance: Path) -> None:
    for app in serve_site(instance, SITE_THEME_DIRS=[_theme(tmp_path)], VIEWS={"enabled": False}):
        _activate()
        post = make_post("Unread")
        assert visit(app.test_client(), url_of(post)).status_code == 200
        assert "magtheme.views" not in app.extensions
        assert stored() == {}


# -- no database write per request ----------------------------------------------------------


def test_a_view_costs_no_sql_statement(
    tmp_path: Path, instance: Path, sql_counter: StatementCounter
) -> None:
    """The same request costs the same statements with counting on and off, and none of
    them writes: the views wait in memory."""
    themes = _theme(tmp_path)
    costs = {}
    for _app in serve_site(instance, SITE_THEME_DIRS=[themes]):
        _activate()
        path = url_of(make_post("Counted"))
    for enabled in (True, False):
        config = {"TESTING": True, "SITE_THEME_DIRS": [themes], "VIEWS": {"enabled": enabled}}
        app = create_app(instance, config)
        client = app.test_client()
        visit(client, path, ip="192.0.2.1")  # warm the caches
        sql_counter.reset()
        for n in range(5):
            assert visit(client, path, ip=f"192.0.2.{10 + n}").status_code == 200
        costs[enabled] = list(sql_counter.statements)
        if enabled:
            assert counter(app).store.pending() == 6
        with app.app_context():
            db.engine.dispose()
    assert len(costs[True]) == len(costs[False]) > 0
    assert not [s for s in costs[True] if not s.lstrip().upper().startswith("SELECT")]


def test_views_wait_in_memory_until_the_flush(
    site_app: Flask, sql_counter: StatementCounter
) -> None:
    post = make_post("Waiting")
    client = site_app.test_client()
    for n in range(4):
        visit(client, url_of(post), ip=f"192.0.2.{n}")
    assert counter(site_app).store.pending() == 4
    assert stored() == {}
    sql_counter.reset()
    assert counter(site_app).flush().views == 4
    writes = [s for s in sql_counter.statements if s.lstrip().upper().startswith("INSERT")]
    counts = [s for s in writes if "INTO POST_VIEWS" in s.upper()]
    assert len(counts) == 1 and "ON CONFLICT" in counts[0].upper()
    assert stored() == {(post.id, TODAY): 4}


# -- flushing -------------------------------------------------------------------------------


def test_flush_writes_batched_upserts(
    each_database_app: Flask, sql_counter: StatementCounter
) -> None:
    app = each_database_app
    posts = [make_post(f"P{i}") for i in range(3)]
    views = counter(app)
    days = [date(2026, 5, 3), date(2026, 5, 4)]
    for day in days:
        views.today = lambda day=day: day
        for post in posts:
            for n in range(post.id % 3 + 1):
                views.record(post.id, f"10.0.{day.day}.{n}", BROWSER)
    sql_counter.reset()
    report = views.flush()
    statements = [s.upper() for s in sql_counter.statements if "INTO POST_VIEWS" in s.upper()]
    assert len(statements) == 1  # six rows, one statement
    assert report.rows == 6
    expected = {(p.id, d): p.id % 3 + 1 for p in posts for d in days}
    assert stored() == expected
    # A second flush adds to the rows already there (an upsert, not a second row).
    views.today = lambda: days[1]
    views.record(posts[0].id, "10.9.9.9", BROWSER)
    views.flush()
    expected[(posts[0].id, days[1])] += 1
    assert stored() == expected


def test_large_flushes_are_cut_into_batches(
    app: Flask, sql_counter: StatementCounter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("magtheme.popularity.BATCH_ROWS", 2)
    posts = [make_post(f"P{i}") for i in range(5)]
    views = counter(app)
    for post in posts:
        views.record(post.id, "10.0.0.1", BROWSER)
    sql_counter.reset()
    assert views.flush().rows == 5
    inserts = [s for s in sql_counter.statements if "INTO POST_VIEWS" in s.upper()]
    assert len(inserts) == 3
    assert BATCH_ROWS >= 100  # the real batch is large


def test_views_of_a_deleted_post_are_dropped(app: Flask) -> None:
    kept, gone = make_post("Kept"), make_post("Gone")
    views = counter(app)
    views.today = lambda: TODAY
    views.record(kept.id, "10.0.0.1", BROWSER)
    views.record(gone.id, "10.0.0.1", BROWSER)
    db.session.delete(db.session.get(Post, gone.id))
    db.session.commit()
    assert views.flush().rows == 1
    assert stored() == {(kept.id, TODAY): 1}


def test_counts_a_flush_could_not_write_are_kept(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = make_post("Kept")
    views = counter(app)
    views.today = lambda: TODAY
    views.record(post.id, "10.0.0.1", BROWSER)

    def broken(session: Any, counts: Any) -> Any:
        raise RuntimeError("database went away")

    monkeypatch.setattr("magtheme.popularity.write_counts", broken)
    with pytest.raises(RuntimeError):
        views.flush()
    assert views.store.pending() == 1
    monkeypatch.undo()
    views.flush()
    assert stored() == {(post.id, TODAY): 1}


def test_a_site_from_before_views_gets_its_table(app: Flask) -> None:
    post = make_post("Old site")
    PostViews.__table__.drop(db.engine)  # type: ignore[attr-defined]
    assert not inspect(db.engine).has_table("post_views")
    views = counter(app)
    views.today = lambda: TODAY
    views.record(post.id, "10.0.0.1", BROWSER)
    views.flush()
    assert stored() == {(post.id, TODAY): 1}


def test_enough_views_wake_the_flusher_and_stop_writes_the_rest(
    tmp_path: Path, instance: Path
) -> None:
    config = {"SITE_THEME_DIRS": [_theme(tmp_path)], "VIEWS": {"flush_views": 3}}
    written = threading.Event()

    def on_flush(sender: Flask, **kw: Any) -> None:
        written.set()

    for app in serve_site(instance, **config):
        post = make_post("Busy")
        views = counter(app)
        views.today = lambda: TODAY
        views_flushed.connect(on_flush, app)
        views.start()
        try:
            for n in range(3):
                views.record(post.id, f"10.0.0.{n}", BROWSER)
            assert written.wait(30), "the third view should wake the flusher"
            assert stored() == {(post.id, TODAY): 3}
            views.record(post.id, "10.0.0.99", BROWSER)
        finally:
            views.stop()  # what the process does when it exits
            views_flushed.disconnect(on_flush, app)
        assert stored() == {(post.id, TODAY): 4}


def test_a_flush_bumps_the_views_cache(app: Flask) -> None:
    """Cached popular lists are dropped in every worker: the flush gives the ``views`` topic
    a new version in the same transaction as the counts."""
    from magtheme.cache import TOPIC_OPTION_PREFIX
    from magtheme.options import get_option

    before = get_option(TOPIC_OPTION_PREFIX + "views")
    post = make_post("Cached")
    counter(app).record(post.id, "10.0.0.1", BROWSER)
    counter(app).flush()
    with app.app_context():
        after = get_option(TOPIC_OPTION_PREFIX + "views")
    assert after and after != before


# -- the visitor is never stored -------------------------------------------------------------


def test_the_visitor_key_is_a_keyed_hash() -> None:
    key = visitor_key("secret", 7, "203.0.113.7", BROWSER)
    assert key == visitor_key("secret", 7, "203.0.113.7", BROWSER)
    assert key != visitor_key("other secret", 7, "203.0.113.7", BROWSER)
    assert key != visitor_key("secret", 8, "203.0.113.7", BROWSER)
    assert "203.0.113" not in key and len(key) == 32
    store = LocalStore(window=60, clock=Clock())
    store.record(key, 7, TODAY)
    assert list(store._seen) == [key]


def test_a_window_of_zero_counts_every_view() -> None:
    store = LocalStore(window=0, clock=Clock())
    assert store.record("k", 1, TODAY) and store.record("k", 1, TODAY)
    assert store.take() == {(1, TODAY): 2}


# -- configuration -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("views", "message"),
    [
        ({"windw": 60}, "unknown key 'windw'"),
        ({"window": "30m"}, "window must be a whole number of seconds"),
        ({"window": -1}, "window must be"),
        ({"flush_interval": 0}, "flush_interval must be"),
        ({"flush_views": True}, "flush_views must be"),
        ({"enabled": "yes"}, "enabled must be true or false"),
        ({"redis_prefix": "a b"}, "redis_prefix must be"),
        ("on", "[views] must be a table"),
    ],
)
def test_bad_views_settings_are_refused(tmp_path: Path, views: Any, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        view_settings(views, "config.toml")
    (tmp_path / "config.toml").write_text(f"views = {json.dumps(views)}\n")
    with pytest.raises(ConfigError, match="config.toml"):
        load_config(tmp_path)


def test_views_settings_are_read_from_config_toml(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        '[views]\nwindow = 600\nflush_interval = 5\nredis_prefix = "site-a:"\n'
    )
    settings = load_config(tmp_path)["VIEWS"]
    assert (settings.window, settings.flush_interval, settings.flush_views) == (600, 5, 1000)
    assert settings.redis_prefix == "site-a:"


def test_redis_url_comes_from_config_or_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MAGTHEME_REDIS_URL", raising=False)
    (tmp_path / "config.toml").write_text('redis_url = "redis://cache:6379/2"\n')
    assert load_config(tmp_path)["REDIS_URL"] == "redis://cache:6379/2"
    monkeypatch.setenv("MAGTHEME_REDIS_URL", "redis://other:6379/3")
    assert load_config(tmp_path)["REDIS_URL"] == "redis://other:6379/3"
    monkeypatch.setenv("MAGTHEME_REDIS_URL", "http://cache:6379/")
    with pytest.raises(ConfigError, match="scheme must be one of redis://"):
        load_config(tmp_path)


# -- Redis ----------------------------------------------------------------------------------


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A real Redis on 127.0.0.1:6379 (database 13), skipped when there is none."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except (redis.RedisError, OSError) as exc:
        pytest.skip(f"no Redis reachable at {url}: {exc}")
    yield url


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix no other test uses; its keys are deleted afterwards."""
    import redis

    prefix = f"magtheme-test:{uuid.uuid4().hex}:"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def _worker(instance: Path, themes: str, **config: Any) -> Flask:
    app = create_app(instance, {"TESTING": True, "SITE_THEME_DIRS": [themes], **config})
    counter(app).today = lambda: TODAY
    return app


def test_two_workers_with_redis_count_together(
    tmp_path: Path, instance: Path, redis_url: str, redis_prefix: str
) -> None:
    import redis

    themes = _theme(tmp_path)
    config = {"REDIS_URL": redis_url, "VIEWS": {"redis_prefix": redis_prefix}}
    for app in serve_site(instance, SITE_THEME_DIRS=[themes], **config):
        _activate()
        post = make_post("Shared")
        path = url_of(post)
        counter(app).today = lambda: TODAY
        other = _worker(instance, themes, **config)
        first, second = app.test_client(), other.test_client()
        visit(first, path, ip="198.51.100.1")
        visit(second, path, ip="198.51.100.1")  # the same reader on the other worker
        visit(second, path, ip="198.51.100.2")
        visit(first, path, ip="198.51.100.3")
        # A request only queues its view; the worker's pusher sends the queue to Redis.
        assert counter(app).store.pending() == counter(other).store.pending() == 2
        assert counter(app).store.push() == counter(other).store.push() == 2  # type: ignore[union-attr]
        assert counter(app).store.pending() == counter(other).store.pending() == 0
        keys = [k.decode() for k in redis.Redis.from_url(redis_url).scan_iter(f"{redis_prefix}*")]
        assert f"{redis_prefix}day:{TODAY}" in keys
        assert not [k for k in keys if "198.51.100" in k or "Mozilla" in k]
        with other.app_context():
            assert counter(other).flush().views == 3
        assert counter(app).flush().views == 0  # already written by the other worker
        assert stored() == {(post.id, TODAY): 3}


def test_a_redis_that_is_down_never_costs_a_view(tmp_path: Path, instance: Path) -> None:
    pytest.importorskip("redis")
    config = {"REDIS_URL": "redis://127.0.0.1:1/0"}  # nothing listens on port 1
    for app in serve_site(instance, SITE_THEME_DIRS=[_theme(tmp_path)], **config):
        _activate()
        post = make_post("Resilient")
        counter(app).today = lambda: TODAY
        client = app.test_client()
        assert visit(client, url_of(post)).status_code == 200
        assert visit(client, url_of(post), ip="198.51.100.9").status_code == 200
        assert counter(app).store.pending() == 2  # kept in the worker meanwhile
        assert flushed(app) == {(post.id, TODAY): 2}


# -- the command line ----------------------------------------------------------------------------


def test_views_flush_and_top_commands(
    site_app: Flask,
    instance: Path,
    redis_url: str,
    redis_prefix: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (instance / "config.toml").write_text(
        f'redis_url = "{redis_url}"\n[views]\nredis_prefix = "{redis_prefix}"\n'
    )
    popular, quiet = make_post("Popular"), make_post("Quiet")
    worker = _worker(instance, _theme(instance.parent))
    client = worker.test_client()
    for n in range(3):
        visit(client, url_of(popular), ip=f"192.0.2.{n}")
    visit(client, url_of(quiet))
    counter(worker).store.push()  # type: ignore[union-attr]  # what the worker does each second
    runner = CliRunner()
    result = runner.invoke(main, ["views", "flush"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "wrote 4 views (2 rows)" in result.output
    result = runner.invoke(main, ["views", "top", "--period", "all", "--format", "json"])
    assert json.loads(result.output) == [
        {"ID": popular.id, "post_title": "Popular", "views": 3},
        {"ID": quiet.id, "post_title": "Quiet", "views": 1},
    ]
    result = runner.invoke(main, ["views", "top", "--period", "fortnight"])
    assert result.exit_code == 2 and "'fortnight' is not one of" in result.output


def test_views_commands_without_redis(
    site_app: Flask, instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MAGTHEME_REDIS_URL", raising=False)
    PostViews.__table__.drop(db.engine)  # type: ignore[attr-defined]  # a site from before views
    db.session.commit()
    runner = CliRunner()
    result = runner.invoke(main, ["views", "flush"], catch_exceptions=False)
    assert result.exit_code == 0 and "each server process" in result.output
    result = runner.invoke(main, ["views", "top", "--format", "ids"], catch_exceptions=False)
    assert result.exit_code == 0 and result.output.strip() == ""
    assert inspect(db.engine).has_table("post_views")


def test_redis_url_without_the_redis_package_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "redis" else real(name, *a)
    )
    monkeypatch.setenv("MAGTHEME_REDIS_URL", "redis://127.0.0.1:6379/0")
    with pytest.raises(ConfigError, match=r"pip install 'magtheme\[redis\]'"):
        load_config(tmp_path)


def test_the_redis_pusher_sends_views_and_flushes(
    tmp_path: Path, instance: Path, redis_url: str, redis_prefix: str
) -> None:
    config = {
        "SITE_THEME_DIRS": [_theme(tmp_path)],
        "REDIS_URL": redis_url,
        "VIEWS": {"redis_prefix": redis_prefix, "flush_views": 2},
    }
    written = threading.Event()

    def on_flush(sender: Flask, **kw: Any) -> None:
        if kw["views"]:
            written.set()

    for app in serve_site(instance, **config):
        post = make_post("Pushed")
        views = counter(app)
        views.today = lambda: TODAY
        views_flushed.connect(on_flush, app)
        views.start()
        try:
            views.record(post.id, "10.0.0.1", BROWSER)
            views.record(post.id, "10.0.0.1", BROWSER)  # the same reader: once
            views.record(post.id, "10.0.0.2", BROWSER)
            assert written.wait(30), "two views should wake the flusher"
        finally:
            views.stop()
            views_flushed.disconnect(on_flush, app)
        assert stored() == {(post.id, TODAY): 2}
