"""``make bench`` (second half): the seconds the test suite never measures.

Tests bound the work done (calls, characters read) so they pass on any machine however
loaded; how long that work takes on this one is measured here: a 5 MB post full of
shortcodes, and how soon the template sandbox stops templates that would run away. Prints
each timing against its target and writes them to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any

from jinja2 import DictLoader, select_autoescape

from bench.report import RESULTS, machine, now, result_path, write_result
from magtheme.content.context import ContentContext
from magtheme.content.shortcodes import ShortcodeRegistry, do_shortcode
from magtheme.themes.sandbox import Limits, MagthemeSandbox, TemplateLimitError

#: The line ``tests/test_content_shortcodes.py`` counts the work of; 110,000 make 5 MB.
SHORTCODE_LINE = "para [footag] <a href='x[url]'>y</a> [baztag]\n"

#: Templates the sandbox must stop, by the limit that stops them (as in the sandbox tests).
RUNAWAY = {
    "range": "{% for i in range(10**9) %}{% endfor %}",
    "calls": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "size": "{{ 'x' * 10**9 }}",
    "doubling": (
        "{% set ns = namespace(s='ab') %}{% for i in range(100) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
    ),
    "memory": "{% set kept %}{% for i in range(10000) %}{{ big }}{% endfor %}{% endset %}",
    "steps": "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
}

#: Seconds each may take on a 2-core machine under load.
TARGETS = {"shortcodes_5mb_s": 20.0, "runaway_stopped_s": 1.5}


def seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def shortcode_registry() -> ShortcodeRegistry:
    registry = ShortcodeRegistry()

    def footag(attrs: dict[str, str], content: Any, tag: str, ctx: ContentContext) -> str:
        return f"foo = {attrs.get('foo', '')}"

    def baztag(attrs: dict[str, str], content: Any, tag: str, ctx: ContentContext) -> str:
        return f"content = {content or ''}"

    def url(attrs: dict[str, str], content: Any, tag: str, ctx: ContentContext) -> str:
        return "http://www.wordpress.org/"

    for tag, handler in (("footag", footag), ("baztag", baztag), ("url", url)):
        registry.add(tag, handler)
    return registry


def time_shortcodes(lines: int) -> dict[str, Any]:
    text = SHORTCODE_LINE * lines
    registry = shortcode_registry()
    out: list[str] = []
    took = seconds(lambda: out.append(do_shortcode(text, registry)))
    assert out[0].count("foo = ") == lines
    return {"megabytes": round(len(text) / 1e6, 1), "seconds": round(took, 2)}


def time_runaway() -> dict[str, dict[str, Any]]:
    env = MagthemeSandbox(
        loader=DictLoader({}),
        autoescape=select_autoescape(default=True, default_for_string=True),
        limits=Limits(),
    )
    big = "<" * 1_000_000
    found: dict[str, dict[str, Any]] = {}
    for name, source in RUNAWAY.items():
        template = env.from_string(source)
        limit = None
        started = time.perf_counter()
        try:
            template.render(big=big)
        except TemplateLimitError as exc:
            limit = exc.limit
        took = time.perf_counter() - started
        found[name] = {"seconds": round(took, 3), "limit": limit}
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=110_000, help="lines of the shortcode post")
    args = parser.parse_args(argv)

    shortcodes = time_shortcodes(args.lines)
    runaway = time_runaway()
    report = {
        "when": now(),
        "command": "make bench  (python -m bench.timings " + " ".join(argv or sys.argv[1:]) + ")",
        "machine": machine(),
        "shortcodes": shortcodes,
        "runaway_templates": runaway,
        "targets": TARGETS,
    }
    failed = shortcodes["seconds"] > TARGETS["shortcodes_5mb_s"]
    print(
        f"shortcodes: {shortcodes['megabytes']} MB post in {shortcodes['seconds']} s "
        f"(target ≤ {TARGETS['shortcodes_5mb_s']} s)"
    )
    print(f"{'runaway template':<18}{'stopped by':>12}{'seconds':>10}")
    for name, row in runaway.items():
        failed = failed or row["limit"] is None or row["seconds"] > TARGETS["runaway_stopped_s"]
        print(f"{name:<18}{row['limit'] or 'NOT STOPPED':>12}{row['seconds']:>10}")
    out = write_result(result_path("timings"), report)
    print(f"written to {out.relative_to(RESULTS.parent.parent)}")
    if failed:
        print("over a target (see above)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
