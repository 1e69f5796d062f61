"""Magazine Dark's other colour schemes in Chromium: axe-core finds no violation when its owner
sets ``color_scheme`` to ``system`` (the palette follows the reader's device) or ``light``.

Its default, dark on every device, is checked with every other bundled theme's pages by
``test_pages.py`` (every page at both widths, home and article on a dark device too); these
are the cases that need the setting changed, on a demo site of this module's own, so the
session's Magazine Dark site stays as a new site has it. Each page is opened by the harness:
it answers with its status, holds every widget checked, logs no console error, throws nothing
and asks no other host for anything, and its ``<html>`` says the scheme chosen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from magtheme.themes import mods
from tests.browser.harness import describe_violations, open_page, run_axe
from tests.browser.sites import DemoSites, ServedSite
from tests.checkers import PAGES, page_lacks
from tests.test_theme_magazine_dark import SLUG, set_mod

#: The owner's color_scheme, the reader's device scheme, the page and the width.
CASES = [
    ("system", "dark", "home", 1366),  # the palette from prefers-color-scheme
    ("system", "dark", "article", 390),
    *(("light", "light", name, 1366) for name in ("home", "article", "404")),
    ("light", "light", "home", 390),
]


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str, axe_script: Path
) -> Iterator[ServedSite]:
    """Magazine Dark's demo site with every widget, this module's own (its setting changes)."""
    own = DemoSites(tmp_path_factory.mktemp("schemes"), worker_id, purpose="schemes")
    yield own[SLUG]
    own.close()


def test_its_other_colour_schemes_have_no_axe_violations(
    browser: Any, site: ServedSite, axe_script: Path
) -> None:
    found = []
    for setting, scheme, name, width in CASES:
        with site.app.app_context():
            if mods.get_mods(SLUG).get("color_scheme", "dark") != setting:
                set_mod(SLUG, "color_scheme", setting)
        path, status = PAGES[name]
        visit = open_page(browser, width=width, scheme=scheme)
        try:
            response = visit.goto(site.url + path)
            assert response is not None and response.status == status, path
            html = response.text()
            violations = run_axe(visit.page, axe_script)
            problems = visit.problems()
        finally:
            visit.close()
        where = f"{name} ({path}, {setting}, {scheme} device, {width}px)"
        lacks = page_lacks(name, html, site.placed)
        assert not lacks, f"{where}: {lacks}"
        shown = "" if setting == "system" else f' data-theme="{setting}"'
        assert f"{shown}>\n<head>" in html, (setting, html[:120])
        assert not problems, f"{where}:\n" + "\n".join(problems)
        if violations:
            found.append(f"{where}:\n" + describe_violations(violations))
    assert not found, "axe-core finds violations on Magazine Dark's pages:\n" + "\n".join(found)
