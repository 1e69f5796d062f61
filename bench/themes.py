"""``make bench``: what each bundled theme costs a reader and the server.

For every bundled theme, on the demo site (the demo content, its widgets, menus and ticker):

- the CSS and JavaScript the home page links to, in bytes and gzip-compressed bytes (what a
  reader downloads on a first visit: every ``<link rel="stylesheet">`` and ``<script src>``
  of the page that the site itself serves);
- the bytes of the home page's HTML, raw and compressed;
- the uncached render time (``widget_cache_size = 0``, so every widget and section is
  loaded and rendered on every request) of the home page and the seed article, p50 over
  interleaved rounds, and each theme's ratio to ``classic`` (the budget: at most
  :data:`BUDGET_RATIO`).

Written to ``bench/results/themes-STAMP.json``.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from lxml import html as lxml_html

from bench.report import RESULTS, machine, now, result_path, write_result
from magtheme import create_app
from magtheme.demo import load_demo
from magtheme.models import db
from magtheme.options import update_options
from magtheme.themes.discovery import BUNDLED_DIR, discover_themes

#: The demo's lead story (the seed article).
SEED_PATH_PART = "putin-proposes-direct-peace-talks"
#: How much slower than classic a bundled theme's uncached home and article may render.
BUDGET_RATIO = 1.5


def _app(instance: Path) -> Flask:
    return create_app(
        instance, {"MAGTHEME_BENCH": True, "VIEWS": {"enabled": False}, "WIDGET_CACHE_SIZE": 0}
    )


def _activate(app: Flask, theme: str) -> None:
    with app.app_context():
        update_options({"stylesheet": theme, "template": _template(theme)})


def _template(theme: str) -> str:
    """The root of *theme*'s chain (WordPress's ``template`` option)."""
    themes = discover_themes([BUNDLED_DIR])
    slug = theme
    while themes[slug].info.parent:
        slug = str(themes[slug].info.parent)
    return slug


def _assets(app: Flask, page: str) -> dict[str, dict[str, int]]:
    """The page's own stylesheets and scripts: bytes and gzip bytes of each kind."""
    tree = lxml_html.fromstring(page)
    found = {
        "css": tree.xpath('//link[contains(concat(" ", @rel, " "), " stylesheet ")]/@href'),
        "js": tree.xpath("//script/@src"),
    }
    client = app.test_client()
    sizes: dict[str, dict[str, int]] = {}
    for kind, urls in found.items():
        raw = zipped = 0
        for url in dict.fromkeys(urls):
            parts = urlsplit(url)
            if parts.netloc and parts.hostname not in ("localhost", "127.0.0.1"):
                continue  # another host's file: none should be there, and it is not ours
            body = client.get(parts.path + (f"?{parts.query}" if parts.query else "")).data
            raw += len(body)
            zipped += len(gzip.compress(body, 9))
        # Inline <style> blocks are CSS the reader downloads too.
        if kind == "css":
            inline = "".join(tree.xpath("//style/text()")).encode()
            raw += len(inline)
            zipped += len(gzip.compress(inline, 9)) if inline else 0
        sizes[kind] = {"bytes": raw, "gzip_bytes": zipped, "files": len(set(urls))}
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--per-round", type=int, default=10)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="magtheme-bench-themes-"))
    instance = work / "instance"
    app = _app(instance)
    with app.app_context():
        db.create_all()
        load_demo()
    themes = sorted(discover_themes([BUNDLED_DIR]))
    client = app.test_client()
    home = client.get("/").get_data(as_text=True)
    article = next(
        urlsplit(href).path
        for href in lxml_html.fromstring(home).xpath("//a/@href")
        if SEED_PATH_PART in href
    )

    results: dict[str, dict[str, Any]] = {}
    for theme in themes:
        _activate(app, theme)
        page = client.get("/").get_data()
        results[theme] = {
            "home_html": {"bytes": len(page), "gzip_bytes": len(gzip.compress(page, 9))},
            **_assets(app, page.decode()),
        }
    timings = {
        name: _time_each(app, themes, path, args.rounds, args.per_round)
        for name, path in (("home", "/"), ("article", article))
    }
    for theme in themes:
        results[theme]["uncached_p50_ms"] = {name: timings[name][theme] for name in timings}
        if "classic" in themes:
            results[theme]["ratio_to_classic"] = {
                name: round(timings[name][theme] / timings[name]["classic"], 2) for name in timings
            }
            results[theme]["within_budget"] = all(
                ratio <= BUDGET_RATIO for ratio in results[theme]["ratio_to_classic"].values()
            )

    report = {
        "when": now(),
        "command": "make bench  (python -m bench.themes " + " ".join(argv or sys.argv[1:]) + ")",
        "machine": machine(),
        "article": article,
        "requests_per_theme": args.rounds * args.per_round,
        "budget_ratio_to_classic": BUDGET_RATIO,
        "themes": results,
    }
    print(
        f"{'theme':<16}{'CSS gz':>8}{'JS gz':>8}{'HTML gz':>9}{'home ms':>9}{'article ms':>11}  × classic"
    )
    for theme, row in results.items():
        ratio = row.get("ratio_to_classic", {})
        print(
            f"{theme:<16}{row['css']['gzip_bytes']:>8}{row['js']['gzip_bytes']:>8}"
            f"{row['home_html']['gzip_bytes']:>9}{row['uncached_p50_ms']['home']:>9}"
            f"{row['uncached_p50_ms']['article']:>11}  "
            f"{ratio.get('home', '')} / {ratio.get('article', '')}"
            + ("" if row.get("within_budget", True) else f"  OVER the {BUDGET_RATIO}× budget")
        )
    out = write_result(result_path("themes"), report)
    print(f"written to {out.relative_to(RESULTS.parent.parent)}")
    return 0


def _time_each(
    app: Flask, themes: list[str], path: str, rounds: int, per_round: int
) -> dict[str, float]:
    """p50 per theme over interleaved rounds, the order turning each round."""
    timings: dict[str, list[float]] = {name: [] for name in themes}
    client = app.test_client()
    for turn in range(rounds):
        for name in themes[turn % len(themes) :] + themes[: turn % len(themes)]:
            _activate(app, name)
            for _ in range(3):
                client.get(path)  # a switch's first renders compile templates: not its cost
            for _ in range(per_round):
                started = time.perf_counter()
                assert client.get(path).status_code == 200
                timings[name].append((time.perf_counter() - started) * 1000)
    return {name: round(statistics.median(values), 2) for name, values in timings.items()}


if __name__ == "__main__":
    sys.exit(main())
