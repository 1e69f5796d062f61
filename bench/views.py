"""``make bench``: what counting page views costs a page, and what writing them costs.

On the synthetic 10,000-post site: the article page's render time with counting on and off
(interleaved rounds, every request a new reader so every one is counted, the worst case),
for the worker's memory and, when Redis answers on 127.0.0.1:6379, for Redis; then the cost
of one flush of 10,000 views (spread over 1,000 posts, and over 10,000 post-days) and the
SQL statements it takes. Written to ``bench/results/views-STAMP.json``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import delete, event, select

from bench.report import RESULTS, machine, now, result_path, write_result
from bench.synth import write_wxr
from magtheme import create_app
from magtheme.models import Post, PostViews, db
from magtheme.popularity import count_view, counter

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
REDIS_URL = "redis://127.0.0.1:6379/0"


def _app(instance: Path, **config: Any) -> Flask:
    # A long interval: the timings measure the request, flushes are measured on their own.
    views = {"flush_interval": 86400, "flush_views": 10_000_000, **config.pop("views", {})}
    return create_app(instance, {"MAGTHEME_BENCH": True, "TESTING": True, "VIEWS": views, **config})


def _time_article(
    apps: dict[str, Flask], path: str, rounds: int, per_round: int
) -> tuple[dict[str, float], dict[str, float]]:
    """p50 per variant over interleaved rounds, the order turning each round (so drift and
    noise fall on all alike); and the microseconds per request spent in the counting hook
    itself, timed in place."""
    clients = {name: app.test_client() for name, app in apps.items()}
    for client in clients.values():  # warm every cache
        for _ in range(20):
            client.get(path, headers={"User-Agent": BROWSER})
    hook_seconds = {name: 0.0 for name in apps if name != "off"}
    for name in hook_seconds:
        funcs = apps[name].after_request_funcs[None]
        funcs[funcs.index(count_view)] = _timed(count_view, hook_seconds, name)
    timings: dict[str, list[float]] = {name: [] for name in apps}
    names = list(clients)
    reader = 0
    for turn in range(rounds):
        for name in names[turn % len(names) :] + names[: turn % len(names)]:
            client = clients[name]
            for _ in range(per_round):
                reader += 1
                address = f"10.{reader >> 16 & 255}.{reader >> 8 & 255}.{reader & 255}"
                started = time.perf_counter()
                response = client.get(
                    path, headers={"User-Agent": BROWSER}, environ_base={"REMOTE_ADDR": address}
                )
                timings[name].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
    requests = rounds * per_round
    p50 = {name: round(statistics.median(values), 3) for name, values in timings.items()}
    hooks = {name: round(spent / requests * 1e6, 1) for name, spent in hook_seconds.items()}
    return p50, hooks


def _timed(function: Any, totals: dict[str, float], name: str) -> Any:
    def timed(response: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(response)
        finally:
            totals[name] += time.perf_counter() - started

    return timed


def _flush_cost(app: Flask, posts: int, views: int, days: int, tag: int) -> dict[str, Any]:
    """Time one flush of *views* views over *posts* posts and *days* days."""
    statements = {"n": 0}

    def count(*_args: Any, **_kw: Any) -> None:
        statements["n"] += 1

    with app.app_context():
        views_counter = counter(app)
        db.session.execute(delete(PostViews))
        db.session.commit()
        ids = list(db.session.scalars(select(Post.id).order_by(Post.id).limit(posts)))
        first = date(2026, 1, 1)
        for n in range(views):
            day = first + timedelta(days=(n // posts) % days)
            views_counter.today = lambda day=day: day
            views_counter.record(
                ids[n % posts], f"10.{100 + tag}.{n >> 8 & 255}.{n & 255}", BROWSER
            )
        event.listen(db.engine, "before_cursor_execute", count)
        started = time.perf_counter()
        report = views_counter.flush()
        seconds = time.perf_counter() - started
        event.remove(db.engine, "before_cursor_execute", count)
    return {
        "views": report.views,
        "rows": report.rows,
        "flush_ms": round(seconds * 1000, 1),
        "sql_statements": statements["n"],
    }


def _redis_reachable() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except Exception:  # no package, no server: the Redis figures are left out
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--per-round", type=int, default=10)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="magtheme-bench-views-"))
    instance = work / "instance"
    wxr = write_wxr(work / "synthetic.xml", posts=args.posts)
    off = _app(instance, views={"enabled": False})
    from magtheme.wxr import import_wxr

    with off.app_context():
        db.create_all()
        import_wxr(wxr, registry=off.extensions["magtheme.registry"])
        article = db.session.get(Post, args.posts // 2)
        assert article is not None
        path = article.date.strftime("/%Y/%m/%d/") + article.slug + "/"

    apps = {"off": off, "memory": _app(instance)}
    prefix = f"magtheme-bench:{uuid.uuid4().hex}:"
    redis_on = _redis_reachable()
    if redis_on:
        apps["redis"] = _app(instance, REDIS_URL=REDIS_URL, views={"redis_prefix": prefix})
    p50, hook_us = _time_article(apps, path, args.rounds, args.per_round)
    for name, app in apps.items():
        if name != "off":
            with app.app_context():
                counter(app).flush()

    per_view_us = _record_cost(apps["memory"])
    flushes = {
        "10000_views_1000_posts": _flush_cost(apps["memory"], 1000, 10_000, 1, 1),
        "10000_views_10000_rows": _flush_cost(apps["memory"], min(args.posts, 2500), 10_000, 4, 2),
    }
    if redis_on:
        flushes["redis_10000_views_1000_posts"] = _flush_cost(apps["redis"], 1000, 10_000, 1, 3)
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)

    ratios = {name: round(p50[name] / p50["off"], 3) for name in p50 if name != "off"}
    report = {
        "when": now(),
        "command": "make bench  (python -m bench.views " + " ".join(argv or sys.argv[1:]) + ")",
        "machine": machine(),
        "posts": args.posts,
        "article": path,
        "requests_per_variant": args.rounds * args.per_round,
        "article_p50_ms": p50,
        "counting_on_vs_off": ratios,
        "hook_us_per_request": hook_us,
        "hook_share_of_off_p50": {
            name: round(us / 1000 / p50["off"], 5) for name, us in hook_us.items()
        },
        "record_us_per_view": per_view_us,
        "flush": flushes,
    }
    print(
        f"article page p50 over {args.rounds * args.per_round} requests each (every one counted):"
    )
    for name, value in p50.items():
        extra = ""
        if name in ratios:
            share = hook_us[name] / 1000 / p50["off"] * 100
            extra = f"  ×{ratios[name]} of off; the hook itself {hook_us[name]} µs ({share:.2f}%)"
        print(f"  counting {name:<7}{value:>8} ms{extra}")
    print(f"recording one view: {per_view_us} µs (memory)")
    for name, row in flushes.items():
        print(
            f"flush {name}: {row['flush_ms']} ms for {row['views']} views in {row['rows']} rows, "
            f"{row['sql_statements']} SQL statements"
        )
    out = write_result(result_path("views"), report)
    print(f"written to {out.relative_to(RESULTS.parent.parent)}")
    return 0


def _record_cost(app: Flask, views: int = 20_000) -> float:
    """Microseconds for the counter's share of a request: key, window check, count."""
    views_counter = counter(app)
    started = time.perf_counter()
    for n in range(views):
        views_counter.record(1 + n % 100, f"10.2.{n >> 8 & 255}.{n & 255}", BROWSER)
    elapsed = time.perf_counter() - started
    views_counter.store.take()
    return round(elapsed / views * 1e6, 2)


if __name__ == "__main__":
    sys.exit(main())
