"""The harness catches what the page tests fail on: requests to other hosts (aborted before
they leave the machine), console errors, uncaught exceptions and axe-core violations, and
says nothing about a 404 page answering 404.

Pages of a few lines served by a tiny WSGI app on 127.0.0.1, so these run in a second.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.harness import describe_violations, open_page, run_axe
from tests.browser.sites import LiveServer

#: path -> (status, HTML)
PAGES: dict[str, tuple[int, str]] = {
    "/clean": (200, "<h1>Fine</h1>"),
    "/foreign": (
        200,
        '<h1>Fonts</h1><link rel="stylesheet" href="https://fonts.example.com/css">'
        '<img src="http://198.51.100.7/pixel.gif" alt="">',
    ),
    "/noisy": (200, "<h1>Noisy</h1><script>console.error('boom'); null.x;</script>"),
    "/missing": (404, "<h1>Not found</h1><p>Nothing here.</p>"),
    "/broken-image": (200, '<h1>Image</h1><img src="/missing" alt="A picture">'),
    "/unlabelled": (200, '<main><h1>Form</h1><input type="text"></main>'),
}


def tiny_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    status, body = PAGES.get(environ["PATH_INFO"], (404, "<h1>Not found</h1>"))
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test</title></head>'
        f"<body>{body}</body></html>"
    ).encode()
    start_response(f"{status} X", [("Content-Type", "text/html; charset=utf-8")])
    return [page]


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with LiveServer(tiny_app) as server:
        yield server.url


def problems_of(browser: Any, url: str) -> list[str]:
    visit = open_page(browser)
    try:
        visit.goto(url)
        visit.page.wait_for_load_state("load")
        return visit.problems()
    finally:
        visit.close()


def test_a_clean_page_has_no_problems(browser: Any, url: str) -> None:
    assert problems_of(browser, url + "/clean") == []


def test_requests_to_other_hosts_are_aborted_and_named(browser: Any, url: str) -> None:
    problems = problems_of(browser, url + "/foreign")
    aborted = [p for p in problems if p.startswith("request to another host")]
    assert aborted == [
        "request to another host (aborted): stylesheet https://fonts.example.com/css",
        "request to another host (aborted): image http://198.51.100.7/pixel.gif",
    ]


def test_console_errors_and_exceptions_are_named(browser: Any, url: str) -> None:
    problems = problems_of(browser, url + "/noisy")
    assert any(p.startswith("console error: boom (") for p in problems), problems
    assert any(p.startswith("uncaught exception:") and "null" in p for p in problems), problems


def test_a_404_page_answering_404_is_no_problem_but_a_missing_image_is(
    browser: Any, url: str
) -> None:
    assert problems_of(browser, url + "/missing") == []
    problems = problems_of(browser, url + "/broken-image")
    assert len(problems) == 1 and "status of 404" in problems[0] and "/missing" in problems[0]


def test_axe_names_rule_impact_and_target(browser: Any, url: str, axe_script: Path) -> None:
    visit = open_page(browser)
    try:
        visit.goto(url + "/unlabelled")
        violations = run_axe(visit.page, axe_script)
    finally:
        visit.close()
    assert "label" in [v["id"] for v in violations]
    report = describe_violations(violations)
    assert "label (critical): Form elements must have labels" in report
    assert "- target input" in report  # the selector axe gives the element
