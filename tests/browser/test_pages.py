"""Every checked page of every bundled theme, in Chromium at a phone's and a laptop's width.

For each theme in ``themes/`` (found there, so a new one is checked without naming it), each
page of ``tests.checkers.PAGES`` (home, the seed article, category, tag, author, search with
results, 404, a page) at 390 and 1366 pixels, and the home and article pages in the dark
colour scheme as well: the page answers with its status, holds every widget checked, logs no
console error, throws nothing, asks no host but 127.0.0.1 for anything (every other request is
aborted before it leaves the machine), never scrolls sideways, draws no image out of its
shape, and axe-core finds no
violation at any impact. A full-page screenshot of each is kept under
``tests/artifacts/screenshots/<theme>/`` (or ``$MAGTHEME_TEST_ARTIFACTS/screenshots/``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.harness import (
    WIDTHS,
    describe_violations,
    full_page_screenshot,
    open_page,
    run_axe,
    screenshot_path,
)
from tests.browser.sites import DemoSites
from tests.checkers import PAGES, bundled_themes, page_lacks

#: The pages also checked in the dark colour scheme (the bundled themes follow the system's).
DARK_PAGES = ("home", "article")
#: Each case: the theme, the page, the width and the colour scheme.
CASES = [
    (theme, name, width, scheme)
    for theme in bundled_themes()
    for name in PAGES
    for scheme in ("light", "dark")
    if scheme == "light" or name in DARK_PAGES
    for width in WIDTHS
]

#: The width of the page's content beyond the window's, if any (0 when nothing sticks out).
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
#: Images drawn out of their shape (squeezed or stretched by more than 3%), unless the theme
#: crops them on purpose (object-fit cover or contain): their addresses and drawn sizes.
SQUASHED = """() => [...document.images].map((img) => {
  const box = img.getBoundingClientRect();
  // Its own shape: the width and height it was given in the HTML, else the file's.
  const w = Number(img.getAttribute('width')) || img.naturalWidth;
  const h = Number(img.getAttribute('height')) || img.naturalHeight;
  if (!w || !h || box.width < 2 || box.height < 2) return null;
  if (['cover', 'contain', 'scale-down'].includes(getComputedStyle(img).objectFit)) return null;
  if (Math.abs((box.width / box.height) / (w / h) - 1) <= 0.03) return null;
  return `${img.currentSrc || img.src} drawn ${Math.round(box.width)}x${Math.round(box.height)}`
    + ` (its shape ${w}x${h})`;
}).filter(Boolean)"""


@pytest.mark.parametrize(
    ("theme", "name", "width", "scheme"),
    CASES,
    ids=[f"{t}-{n}-{w}px" + ("" if s == "light" else f"-{s}") for t, n, w, s in CASES],
)
def test_page_in_the_browser(
    browser: Any,
    sites: DemoSites,
    axe_script: Path,
    theme: str,
    name: str,
    width: int,
    scheme: str,
) -> None:
    site = sites[theme]
    path, status = PAGES[name]
    visit = open_page(browser, width=width, scheme=scheme)
    try:
        response = visit.goto(site.url + path)
        assert response is not None and response.status == status, path
        lacks = page_lacks(name, response.text(), site.placed)
        overflow = visit.page.evaluate(OVERFLOW)
        violations = run_axe(visit.page, axe_script)
        full_page_screenshot(visit.page, screenshot_path(theme, name, width, scheme))
        squashed = visit.page.evaluate(SQUASHED)
        problems = visit.problems()
    finally:
        visit.close()

    failures = [*problems]
    if lacks:
        failures.append(lacks)
    if overflow > 0:
        failures.append(f"the page is {overflow}px wider than the window: it scrolls sideways")
    if squashed:
        failures.append("images drawn out of shape:\n  " + "\n  ".join(squashed))
    if violations:
        failures.append(
            f"axe-core finds {len(violations)} violation(s):\n{describe_violations(violations)}"
        )
    assert not failures, f"{theme}'s {name} page ({path}, {width}px wide, {scheme} scheme):\n" + (
        "\n".join(failures)
    )
