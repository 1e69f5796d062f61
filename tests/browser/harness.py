"""Opening a page in Debian's Chromium, watched: what it logs, what it asks for, what axe says.

:func:`open_page` loads a page in a fresh browser context whose every request goes through a
guard: requests to 127.0.0.1 go on, any other is aborted before it leaves the machine and
recorded; console errors and uncaught exceptions are recorded too. :class:`Visit` holds what
was seen, and :meth:`Visit.problems` says what a test should fail on. :func:`run_axe` injects
axe-core into the page and returns its violations; :func:`describe_violations` names each
rule, its impact and the elements (CSS selectors) that break it. Screenshots are written under
:func:`artifacts_dir` (``tests/artifacts/`` unless ``MAGTHEME_TEST_ARTIFACTS`` names another
folder), and each one this process saves is listed in :data:`SAVED_SCREENSHOTS`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
#: Generous: how long a page or a change may take before the test gives up.
TIMEOUT_MS = 15_000
#: The widths pages are checked at (a phone's, a laptop's), and a window height for each.
WIDTHS = (390, 1366)
HEIGHTS = {390: 844, 1366: 768}
#: The only host a page may ask anything of: the site itself.
SITE_HOST = "127.0.0.1"
#: Schemes whose "requests" never leave the page (inline data, the page's own blobs).
LOCAL_SCHEMES = ("data", "blob")
#: Where screenshots go: this variable's folder, else tests/artifacts/ (git-ignored).
ARTIFACTS_ENV = "MAGTHEME_TEST_ARTIFACTS"
#: The screenshots this process saved during the run, in order (the run's summary counts them;
#: under xdist each worker reports its own, see tests/conftest.py).
SAVED_SCREENSHOTS: list[Path] = []


def artifacts_dir() -> Path:
    """The folder test artifacts are written to."""
    named = os.environ.get(ARTIFACTS_ENV)
    return Path(named).resolve() if named else ROOT / "tests" / "artifacts"


def screenshot_path(theme: str, page: str, width: int, scheme: str = "light") -> Path:
    """``screenshots/<theme>/<page>-<width>[-dark].png`` under :func:`artifacts_dir`."""
    suffix = "" if scheme == "light" else f"-{scheme}"
    return artifacts_dir() / "screenshots" / theme / f"{page}-{width}{suffix}.png"


def playwright_or_skip() -> ModuleType:
    """Playwright's sync API, or skip saying what is missing (Playwright or Chromium)."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'"
    )
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM}: run 'make chromium' "
            "(apt-get install -y chromium)"
        )
    return sync_api


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, started once for the tests that use it (Playwright's own browser
    download is never used)."""
    sync_api = playwright_or_skip()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield browser
        finally:
            browser.close()


@dataclass(frozen=True)
class ConsoleError:
    """A console message of type error, and where it came from."""

    text: str
    url: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.url + (f":{self.line}" if self.url and self.line is not None else "")
        return f"{self.text} ({where or 'no location'})"


#: How Chromium logs a response with an error status.
ERROR_STATUS_LOGGED = "Failed to load resource: the server responded with a status of "


@dataclass
class Visit:
    """A page opened by :func:`open_page`, and what it did."""

    page: Any
    #: The response to the page's own request (None before :meth:`goto`).
    response: Any = None
    console_errors: list[ConsoleError] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    #: Requests to any host but the site's, each aborted: "<resource type> <url>".
    foreign_requests: list[str] = field(default_factory=list)

    def goto(self, url: str) -> Any:
        self.response = self.page.goto(url)
        return self.response

    def problems(self) -> list[str]:
        """Everything the page did that no page of the site may do."""
        return [
            *(f"request to another host (aborted): {r}" for r in self.foreign_requests),
            *(f"console error: {e}" for e in self.console_errors if not self._asked_for(e)),
            *(f"uncaught exception: {e}" for e in self.page_errors),
        ]

    def _asked_for(self, error: ConsoleError) -> bool:
        """Whether *error* is Chromium logging the error status of the page itself: the 404
        page answers 404 on purpose (its test checks the status), so that line says nothing.
        The same line about anything else the page loads is a broken link, and counts."""
        return (
            self.response is not None
            and error.url == self.response.url
            and error.text
            == f"{ERROR_STATUS_LOGGED}{self.response.status} ({self.response.status_text})"
        )

    def close(self) -> None:
        self.page.context.close()


def _record_console(visit: Visit, message: Any) -> None:
    if message.type == "error":
        location = message.location or {}
        line = location.get("lineNumber")
        visit.console_errors.append(
            ConsoleError(message.text, location.get("url", ""), None if line is None else line + 1)
        )


def new_context(
    browser: Any,
    *,
    width: int = 1366,
    height: int | None = None,
    scheme: str = "light",
    **options: Any,
) -> Any:
    """A fresh browser context with a window *width* by *height* pixels (by default the height
    :data:`HEIGHTS` gives the width), in the *scheme* colour scheme (``light`` or ``dark``),
    that gives up on anything after :data:`TIMEOUT_MS`; *options* go to ``browser.new_context``."""
    context = browser.new_context(
        viewport={"width": width, "height": height or HEIGHTS.get(width, 800)},
        color_scheme=scheme,
        **options,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


def open_page(browser: Any, **options: Any) -> Visit:
    """A new page in a fresh context, guarded (see the module's description); *options* (the
    window's ``width`` and ``height``, the colour ``scheme``, Playwright's own) go to
    :func:`new_context`. Navigate with :meth:`Visit.goto`."""
    context = new_context(browser, **options)
    visit = Visit(context.new_page())

    def guard(route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES or parts.hostname == SITE_HOST:
            route.continue_()
            return
        visit.foreign_requests.append(f"{route.request.resource_type} {url}")
        route.abort("blockedbyclient")

    context.route("**/*", guard)
    visit.page.on("console", lambda message: _record_console(visit, message))
    visit.page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    return visit


def run_axe(page: Any, script: Path) -> list[dict[str, Any]]:
    """axe-core's violations on *page*: every rule axe runs by default (WCAG 2.0, 2.1 and
    2.2 at A and AA, and its best practices), at every impact."""
    page.add_script_tag(path=str(script))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Each violation's rule, impact and what it asks, then each element that breaks it: its
    CSS selector (``target``), its HTML and axe's summary of what to fix."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - target {' '.join(map(str, node['target']))}")
            lines.append(f"    {node['html']}")
            if node.get("failureSummary"):
                lines.extend("      " + line for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


#: Gives every lazily loaded image its picture now, waits for all of them and has them decoded,
#: so a full-page screenshot shows the images below the first screen too (Chromium paints an
#: image it has not decoded as a blank).
LOAD_EVERY_IMAGE = """async () => {
  const images = [...document.images];
  images.forEach((image) => { image.loading = 'eager'; });
  await Promise.all(images.map((image) => image.complete ? null : new Promise((done) => {
    image.addEventListener('load', done, {once: true});
    image.addEventListener('error', done, {once: true});
  })));
  await Promise.all(images.map((image) => image.decode().catch(() => null)));
}"""


def full_page_screenshot(page: Any, path: Path) -> Path:
    """The whole page, every image loaded and animations stopped, written to *path*."""
    page.evaluate(LOAD_EVERY_IMAGE)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A long page at a phone's width is tens of thousands of pixels high: give it time.
    page.screenshot(path=str(path), full_page=True, animations="disabled", timeout=60_000)
    SAVED_SCREENSHOTS.append(path)
    return path
