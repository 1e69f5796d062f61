"""``make bench``: what widget areas and home-page sections cost a page.

On the synthetic 10,000-post site in the classic theme, three variants of one site, timed in
interleaved rounds so that drift and noise fall on all alike:

- ``bare``: no widgets, no home sections;
- ``cached``: every built-in widget type in the sidebar and the footer (two of each list
  type, with images, authors, excerpts and comment counts shown) and home sections of a hero
  and four category blocks, with the widget cache on (the default);
- ``uncached``: the same with ``widget_cache_size = 0``, every widget loaded and rendered on
  every request.

For the home page and an article: p50 render time, SQL statements per page, and the ratios to
``bare``. Written to ``bench/results/widgets-STAMP.json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event, select

from bench.report import RESULTS, machine, now, result_path, write_result
from bench.synth import write_wxr
from magtheme import create_app, site
from magtheme.models import Post, User, db
from magtheme.options import update_options
from magtheme.themes import mods
from magtheme.widgets import default_registry
from magtheme.widgets.store import add_widgets

#: Settings a type needs to show anything (others show with their defaults).
SETTINGS: dict[str, dict[str, Any]] = {
    "custom-html": {"content": "<p>Our newsletter goes out every morning.</p>"},
    "category-posts": {
        "category": "section-3",
        "show_author": True,
        "show_comment_count": True,
        "show_category": True,
    },
    "recent-posts": {"show_date": True, "show_thumbnail": True, "category": "section-1"},
    "social-links": {"x": "https://x.example/news", "rss": "https://news.example/feed/"},
    "hero": {"source": "latest", "count": 3},
    "popular-posts": {"orderby": "comments", "period": "all"},
}
#: List types placed twice, so that batching shows (a second instance must cost nothing).
TWICE = ("recent-posts", "category-posts", "popular-posts", "recent-comments")
SECTIONS = [
    {"type": "hero", "settings": {"source": "latest", "count": 4}},
    *(
        {
            "type": "category-posts",
            "settings": {"category": f"section-{n}", "offset": 0, "layout": layout},
        }
        for n, layout in ((4, "big-and-small"), (5, "grid"), (6, "list"), (7, "grid"))
    ),
]


def _app(instance: Path, **config: Any) -> Flask:
    views = {"enabled": False}  # counting views is measured by bench.views
    return create_app(instance, {"MAGTHEME_BENCH": True, "VIEWS": views, **config})


def _furnish(app: Flask) -> int:
    """Place every widget type and the home sections; returns the number of widgets."""
    with app.app_context():
        registry = default_registry()
        login = db.session.scalars(select(User.login).order_by(User.id)).first() or ""
        widgets = []
        for widget_type in registry:
            settings = dict(SETTINGS.get(widget_type.type, {}))
            if widget_type.type == "author-box":
                settings = {"source": "user", "user": login}
            for area in ("sidebar", "footer") if widget_type.type in TWICE else ("sidebar",):
                widgets.append((widget_type.type, area, settings))
        instances, sidebars = add_widgets(
            {}, {}, registry=registry, areas=["sidebar", "footer"], widgets=widgets
        )
        update_options({"widget_instances": instances, "sidebars_widgets": sidebars})
        schema = mods.chain_schema(site.theme_chain("classic"))
        mods.set_mod("classic", "home_sections", json.dumps(SECTIONS), schema)
        db.session.commit()
    return len(widgets)


def _statements(app: Flask, path: str) -> int:
    count = {"n": 0}

    def counted(*_args: Any, **_kw: Any) -> None:
        count["n"] += 1

    client = app.test_client()
    client.get(path)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counted)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count["n"]


def _time(apps: dict[str, Flask], path: str, rounds: int, per_round: int) -> dict[str, float]:
    clients = {name: app.test_client() for name, app in apps.items()}
    for client in clients.values():
        for _ in range(10):
            assert client.get(path).status_code == 200
    timings: dict[str, list[float]] = {name: [] for name in apps}
    names = list(clients)
    for turn in range(rounds):
        for name in names[turn % len(names) :] + names[: turn % len(names)]:
            for _ in range(per_round):
                started = time.perf_counter()
                clients[name].get(path)
                timings[name].append((time.perf_counter() - started) * 1000)
    return {name: round(statistics.median(values), 2) for name, values in timings.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--per-round", type=int, default=10)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="magtheme-bench-widgets-"))
    wxr = write_wxr(work / "synthetic.xml", posts=args.posts)
    bare_instance, furnished_instance = work / "bare", work / "furnished"
    bare = _app(bare_instance)
    from magtheme.wxr import import_wxr

    with bare.app_context():
        db.create_all()
        import_wxr(wxr, registry=bare.extensions["magtheme.registry"])
        article = db.session.get(Post, args.posts // 2)
        assert article is not None
        article_path = article.date.strftime("/%Y/%m/%d/") + article.slug + "/"
        db.session.remove()
        db.engine.dispose()
    shutil.copytree(bare_instance, furnished_instance)
    cached = _app(furnished_instance)
    widgets = _furnish(cached)
    uncached = _app(furnished_instance, WIDGET_CACHE_SIZE=0)
    apps = {"bare": bare, "cached": cached, "uncached": uncached}

    pages: dict[str, dict[str, Any]] = {}
    for name, path in (("home", "/"), ("article", article_path)):
        html = uncached.test_client().get(path).get_data(as_text=True)
        assert html.count('class="widget ') >= widgets - 2, "widgets are missing from the page"
        p50 = _time(apps, path, args.rounds, args.per_round)
        sql = {variant: _statements(app, path) for variant, app in apps.items()}
        pages[name] = {
            "url": path,
            "p50_ms": p50,
            "sql_statements": sql,
            "ratio_to_bare": {
                variant: round(p50[variant] / p50["bare"], 2) for variant in ("cached", "uncached")
            },
        }

    report = {
        "when": now(),
        "command": "make bench  (python -m bench.widgets " + " ".join(argv or sys.argv[1:]) + ")",
        "machine": machine(),
        "posts": args.posts,
        "widgets": widgets,
        "home_sections": len(SECTIONS),
        "requests_per_variant": args.rounds * args.per_round,
        "pages": pages,
    }
    print(
        f"{widgets} widgets (every type; list types twice) and {len(SECTIONS)} home sections, "
        f"{args.posts} posts"
    )
    print(f"{'page':<9}{'variant':<10}{'p50 ms':>8}{'SQL':>6}{'× bare':>8}")
    for name, row in pages.items():
        for variant in ("bare", "cached", "uncached"):
            ratio = "" if variant == "bare" else f"{row['ratio_to_bare'][variant]:.2f}"
            print(
                f"{name:<9}{variant:<10}{row['p50_ms'][variant]:>8}"
                f"{row['sql_statements'][variant]:>6}{ratio:>8}"
            )
    out = write_result(result_path("widgets"), report)
    print(f"written to {out.relative_to(RESULTS.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
