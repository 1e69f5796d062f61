"""``make bench``: import a synthetic 10,000-post site and time pages through the app.

Prints, for the home, an article, a category page and ``/page/50/``, the in-process render
time (p50 and p99 over repeated requests through the WSGI app), the SQL statements per page,
and the import time; writes the same to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from bench.report import RESULTS, machine, now, result_path, write_result
from bench.synth import write_wxr
from magtheme import create_app
from magtheme.models import Post, db

TARGETS = {"article_p50_ms": 5.0, "home_p50_ms": 10.0}


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="magtheme-bench-"))
    wxr = write_wxr(work / "synthetic.xml", posts=args.posts)
    app = create_app(work / "instance", {"MAGTHEME_BENCH": True})
    from magtheme.wxr import import_wxr

    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        import_wxr(wxr, registry=app.extensions["magtheme.registry"])
        import_seconds = time.perf_counter() - started
        article = db.session.get(Post, args.posts // 2)
        assert article is not None
        article_path = article.date.strftime("/%Y/%m/%d/") + article.slug + "/"

    pages = {
        "home": "/",
        "article": article_path,
        "category": "/category/section-3/",
        "page_50": "/page/50/",
    }
    statements = {"n": 0}
    with app.app_context():
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda *a, **k: statements.__setitem__("n", statements["n"] + 1),
        )
    client = app.test_client()
    results: dict[str, dict[str, float]] = {}
    for name, url in pages.items():
        response = client.get(url)
        if response.status_code != 200:
            print(f"{name}: {url} answered {response.status_code}", file=sys.stderr)
            return 1
        statements["n"] = 0
        client.get(url)
        sql = statements["n"]
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        results[name] = {
            "url": url,  # type: ignore[dict-item]
            "p50_ms": round(statistics.median(timings), 2),
            "p99_ms": round(_percentile(timings, 99), 2),
            "sql_statements": sql,
        }

    report = {
        "when": now(),
        "command": "make bench  (python -m bench.run " + " ".join(argv or sys.argv[1:]) + ")",
        "machine": machine(),
        "posts": args.posts,
        "requests_per_page": args.requests,
        "import_seconds": round(import_seconds, 2),
        "pages": results,
        "targets": TARGETS,
    }
    print(f"Imported {args.posts} posts in {import_seconds:.2f} s")
    print(f"{'page':<10}{'p50 ms':>10}{'p99 ms':>10}{'SQL':>6}   url")
    for name, row in results.items():
        print(
            f"{name:<10}{row['p50_ms']:>10}{row['p99_ms']:>10}{row['sql_statements']:>6}   {row['url']}"
        )
    print(
        f"targets: article p50 ≤ {TARGETS['article_p50_ms']} ms "
        f"(now {results['article']['p50_ms'] / TARGETS['article_p50_ms']:.1f}×), "
        f"home p50 ≤ {TARGETS['home_p50_ms']} ms "
        f"(now {results['home']['p50_ms'] / TARGETS['home_p50_ms']:.1f}×)"
    )
    out = write_result(result_path("bench"), report)
    print(f"written to {out.relative_to(RESULTS.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
