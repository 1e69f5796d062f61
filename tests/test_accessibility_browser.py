"""Classic's pages pass axe-core's WCAG 2 A and AA rules in a real browser.

The demo site with every built-in widget in the sidebar and footer (see ``tests/checkers.py``),
served over HTTP and loaded in Debian's Chromium (``make chromium``) through Playwright; axe-core
(``make checkers``) is injected into each page. Skipped, with the reason, when Chromium,
Playwright or axe-core is not installed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from magtheme.options import update_option
from tests.checkers import (
    PAGES,
    assert_page_holds_what_is_checked,
    axe_or_skip,
    load_demo_with_every_widget,
)
from tests.conftest import serve_site

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 15_000
#: The rule sets of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'"
)
if not CHROMIUM.exists():
    pytest.skip(
        f"Chromium is not installed at {CHROMIUM}: run 'make chromium' "
        "(apt-get install -y chromium)",
        allow_module_level=True,
    )

#: Each case: the theme, the page, the colour scheme and the viewport width.
CASES = [
    (theme, *case)
    for theme in ("classic", "magazine")
    for case in [
        ("home", "light", 1280),
        ("home", "dark", 1280),
        ("home", "light", 375),
        *((name, "light", 1280) for name in PAGES if name != "home"),
        *([("article", "dark", 1280), ("article", "light", 375)] if theme == "magazine" else []),
    ]
]


@pytest.fixture
def site_url(instance: Path, theme: str) -> Iterator[str]:
    """The demo site with every widget and *theme* active, served over HTTP on a free port."""
    for app in serve_site(instance):
        load_demo_with_every_widget(theme)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.server_port}"
        update_option("home", url)
        update_option("siteurl", url)
        try:
            yield url
        finally:
            server.shutdown()
            thread.join()


@pytest.fixture(scope="module")
def axe() -> Path:
    """axe-core's script (the tests skip, before building a site, without it)."""
    return axe_or_skip()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


def describe(violations: list[dict[str, Any]]) -> str:
    """Each violation's rule, what it asks and the HTML of the elements that break it."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {node['html']}")
            if node.get("failureSummary"):
                lines.extend("      " + line for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("theme", "name", "scheme", "width"),
    CASES,
    ids=[f"{t}-{n}-{s}-{w}px" for t, n, s, w in CASES],
)
def test_page_has_no_axe_violations(
    axe: Path, browser: Any, site_url: str, theme: str, name: str, scheme: str, width: int
) -> None:
    path, status = PAGES[name]
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.emulate_media(color_scheme=scheme)
        response = page.goto(site_url + path)
        assert response is not None and response.status == status, path
        assert_page_holds_what_is_checked(name, response.text(), theme)
        page.add_script_tag(path=str(axe))
        results = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
    finally:
        context.close()
    violations = results["violations"]
    assert not violations, (
        f"axe-core finds {len(violations)} violation(s) on {theme}'s {name} ({path}, {scheme} scheme, "
        f"{width}px wide):\n{describe(violations)}"
    )
