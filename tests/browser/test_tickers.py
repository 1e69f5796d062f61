"""The ticker in a real browser: live refresh, pausing, reduced motion and no JavaScript.

Drives Debian's Chromium (``/usr/bin/chromium``, installed by ``make chromium``) through
Playwright against the site served over HTTP by a real server on a free port, each page
watched by the suite's harness (no console error, no request to another host). Skipped, with
the reason, when Chromium or Playwright is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from magtheme.options import update_option
from magtheme.tickers import TICKERS_OPTION, update_ticker
from tests.browser.harness import TIMEOUT_MS, Visit, open_page
from tests.browser.sites import LiveServer, use_address
from tests.conftest import serve_site
from tests.factories import make_post, make_term

#: The play state of the ticker's scroll, read from the page: ``running``, ``paused``, or
#: ``none`` when nothing is animated.
STATE = """() => {
  const list = document.querySelector('#ticker-breaking .ticker-items');
  const running = list.getAnimations();
  return running.length ? running[0].playState : 'none';
}"""


class Site:
    def __init__(self, url: str, category: Any) -> None:
        self.url = url
        self.category = category


@pytest.fixture
def site(instance: Path) -> Iterator[Site]:
    """Classic with a breaking ticker refreshed every second, served over HTTP."""
    for app in serve_site(instance):
        breaking = make_term("Breaking News", slug="breaking-news")
        make_post("Bridge reopens after repairs", terms=[breaking])
        make_post("Storm warning for the coast", terms=[breaking])
        update_option(TICKERS_OPTION, update_ticker({}, "breaking", {"refresh": 1}))
        with LiveServer(app) as server:
            use_address(server.url)
            yield Site(server.url + "/", breaking)


@pytest.fixture
def visits() -> Iterator[list[Visit]]:
    """The pages a test opens; afterwards, none of them may have logged an error, thrown or
    asked another host for anything."""
    opened: list[Visit] = []
    yield opened
    problems = [problem for visit in opened for problem in visit.problems()]
    for visit in opened:
        visit.close()
    assert not problems, "\n".join(problems)


def open_ticker_page(browser: Any, visits: list[Visit], url: str, **context: Any) -> Any:
    visit = open_page(browser, width=1000, **context)
    visits.append(visit)
    visit.goto(url)
    return visit.page


def wait_for_state(page: Any, state: str) -> None:
    page.wait_for_function(f"() => ({STATE})() === {state!r}", timeout=TIMEOUT_MS)


def away(page: Any) -> None:
    """The mouse somewhere far from the ticker."""
    page.mouse.move(500, 690)


def test_a_story_published_while_the_page_is_open_appears_without_reload(
    browser: Any, site: Site, visits: list[Visit]
) -> None:
    page = open_ticker_page(browser, visits, site.url)
    ticker = page.locator("#ticker-breaking")
    assert ticker.locator("li a").count() == 2
    page.evaluate("() => { window.sameDocument = true; }")
    make_post("Ceasefire agreed at dawn", terms=[site.category])
    ticker.locator("li a", has_text="Ceasefire agreed at dawn").wait_for(timeout=TIMEOUT_MS)
    assert page.evaluate("() => window.sameDocument") is True  # no reload happened
    assert ticker.locator("li a").first.inner_text() == "Ceasefire agreed at dawn"
    # The moving strip is not a live region; the new story is announced once, politely.
    assert page.locator("#ticker-breaking [aria-live]").count() == 0
    assert "Ceasefire agreed at dawn" in ticker.locator("[role=status]").inner_text()


def test_the_ticker_pauses_on_hover_focus_and_with_its_button(
    browser: Any, site: Site, visits: list[Visit]
) -> None:
    page = open_ticker_page(browser, visits, site.url)
    away(page)
    wait_for_state(page, "running")

    page.hover("#ticker-breaking .ticker-label")
    wait_for_state(page, "paused")
    away(page)
    wait_for_state(page, "running")

    page.locator("#ticker-breaking li a").first.focus()
    wait_for_state(page, "paused")
    page.locator("#ticker-breaking li a").first.blur()
    wait_for_state(page, "running")

    button = page.get_by_role("button", name="Pause BREAKING")
    button.click()
    away(page)
    wait_for_state(page, "paused")
    assert page.locator("#ticker-breaking .ticker-toggle").inner_text() == "Play"
    page.get_by_role("button", name="Play BREAKING").click()
    away(page)
    wait_for_state(page, "running")


def test_under_reduced_motion_nothing_moves(browser: Any, site: Site, visits: list[Visit]) -> None:
    page = open_ticker_page(browser, visits, site.url, reduced_motion="reduce")
    ticker = page.locator("#ticker-breaking")
    ticker.locator("li a").first.wait_for()
    page.wait_for_function("() => document.querySelector('#ticker-breaking').dataset.state")
    assert page.evaluate(STATE) == "none"
    assert ticker.get_attribute("data-state") == "still"
    assert ticker.locator(".ticker-toggle").is_hidden()  # nothing to pause
    first = ticker.locator("li a").first.bounding_box()
    page.wait_for_timeout(600)
    assert ticker.locator("li a").first.bounding_box() == first
    # New stories still arrive, without moving.
    make_post("Quiet update", terms=[site.category])
    ticker.locator("li a", has_text="Quiet update").wait_for(timeout=TIMEOUT_MS)
    assert page.evaluate(STATE) == "none"


def test_without_javascript_it_is_a_list_of_links(
    browser: Any, site: Site, visits: list[Visit]
) -> None:
    page = open_ticker_page(browser, visits, site.url, java_script_enabled=False)
    region = page.get_by_role("region", name="BREAKING")
    links = region.locator("ul > li > a")
    assert [links.nth(i).inner_text() for i in range(links.count())] == [
        "Storm warning for the coast",
        "Bridge reopens after repairs",
    ]
    assert region.locator("button").count() == 0
    href = links.first.get_attribute("href")
    assert href is not None and href.startswith(site.url.rstrip("/"))
