"""Printing an article from Magazine: the story alone, black on white, links spelled out.

Chromium emulates print media on the demo's lead story and a PDF is made of it, as a reader's
"Print" or "Save as PDF" would.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.harness import open_page
from tests.browser.sites import DemoSites
from tests.checkers import SEED_PATH

#: What a printed story leaves out: the site's chrome, the sidebar and the comment form.
LEFT_OUT = (
    ".top-bar",
    ".nav-bar",
    ".menu-toggle",
    ".site-header .search-form",
    ".site-sidebar",
    ".share-links",
    ".comment-respond",
    ".site-footer",
    ".magtheme-ticker",
)

SHOWN = """(selectors) => selectors.filter((s) => [...document.querySelectorAll(s)].some(
  (e) => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0))"""


@pytest.mark.parametrize("theme", ["magazine", "magazine-dark"])
def test_a_printed_article_is_the_story_alone(sites: DemoSites, browser: Any, theme: str) -> None:
    visit = open_page(browser, width=1366)
    try:
        page = visit.page
        visit.goto(sites[theme].url + SEED_PATH)
        on_screen = page.evaluate(SHOWN, list(LEFT_OUT))
        assert ".top-bar" in on_screen and ".site-sidebar" in on_screen  # they are there...
        page.emulate_media(media="print")
        assert page.evaluate(SHOWN, list(LEFT_OUT)) == []  # ...and not on paper
        story = page.locator(".article .entry-title")
        assert story.is_visible() and "Putin Proposes Direct Peace Talks" in story.inner_text()
        assert page.locator(".entry-content p").first.is_visible()
        # Black on white, whatever the theme's palette (Magazine Dark is dark on screen).
        colours = page.evaluate(
            "() => [getComputedStyle(document.body).color,"
            " getComputedStyle(document.body).backgroundColor]"
        )
        assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], colours
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        assert visit.problems() == []
    finally:
        visit.page.context.close()
