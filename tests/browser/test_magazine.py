"""Magazine's chrome in a real browser: the small-screen menu from the keyboard, dropdowns and
the mega menu, the remembered dark-mode switch, the ticker's first story, and the page
without JavaScript.

Drives Debian's Chromium through the harness (``tests/browser/harness.py``) against the demo
site served over HTTP by a real server on a free port; every page it opens must log no console
error, throw nothing and ask no other host for anything. Skipped, with the reason, when
Chromium or Playwright is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from magtheme import site
from magtheme.demo import load_demo
from magtheme.models import db
from magtheme.themes import mods
from magtheme.themes.activation import activate
from tests.browser.harness import open_page
from tests.browser.sites import LiveServer, use_address
from tests.checkers import SEED_PATH
from tests.conftest import serve_site

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
#: The focused element, described: tag, class, text and where it is.
FOCUSED = """() => {
  const el = document.activeElement;
  return {tag: el.tagName, cls: el.className, text: el.textContent.trim(),
          inNav: !!el.closest('#site-navigation')};
}"""


@pytest.fixture
def site_url(instance: Path) -> Iterator[str]:
    """The demo site with Magazine active and its mega menu on, served over HTTP."""
    for app in serve_site(instance):
        load_demo()
        activate("magazine", site.installed_themes(app))
        mods.set_mod(
            "magazine", "mega_menu", "true", mods.chain_schema(site.theme_chain("magazine"))
        )
        db.session.commit()
        with LiveServer(app) as server:
            use_address(server.url)
            yield server.url


class Tab:
    """A page opened by the harness (:func:`tests.browser.harness.open_page`) at *url*, in a
    window the size of *viewport*; closing it fails the test on anything the harness saw."""

    def __init__(self, browser: Any, url: str, viewport: dict[str, int], **options: Any) -> None:
        self.visit = open_page(
            browser, width=viewport["width"], height=viewport["height"], **options
        )
        self.page = self.visit.page
        self.visit.goto(url)

    def focused(self) -> dict[str, Any]:
        result: dict[str, Any] = self.page.evaluate(FOCUSED)
        return result

    def tab_to(self, selector: str, most: int = 40) -> None:
        """Press Tab until *selector* has focus, as a keyboard user would."""
        for _ in range(most):
            self.page.keyboard.press("Tab")
            if self.page.evaluate(f"() => document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"{selector} never got focus by Tab")

    def close(self) -> None:
        problems = self.visit.problems()
        self.visit.close()
        assert problems == []


def test_the_small_screen_menu_opens_and_closes_from_the_keyboard(
    browser: Any, site_url: str
) -> None:
    tab = Tab(browser, site_url + "/", viewport=PHONE)
    page = tab.page
    nav = page.locator("#site-navigation")
    toggle = page.locator(".site-header .menu-toggle")
    assert nav.is_hidden()
    # The script made the :target link a real disclosure button.
    assert page.evaluate("document.querySelector('.menu-toggle').tagName") == "BUTTON"
    assert toggle.get_attribute("aria-controls") == "site-navigation"
    assert toggle.get_attribute("aria-expanded") == "false"

    tab.tab_to(".menu-toggle")
    page.keyboard.press("Enter")
    assert nav.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    reached = tab.focused()
    assert reached["inNav"] and reached["tag"] == "A" and reached["text"] == "Home"
    page.keyboard.press("Tab")
    assert tab.focused()["text"] == "World"  # the menu's links follow in order

    page.keyboard.press("Escape")
    assert nav.is_hidden() and toggle.get_attribute("aria-expanded") == "false"
    assert tab.focused()["cls"] == "menu-toggle"

    # Space opens it too; "Close menu" closes it and gives focus back to the button.
    page.keyboard.press("Space")
    assert nav.is_visible()
    tab.tab_to(".menu-close")
    page.keyboard.press("Enter")
    assert nav.is_hidden() and tab.focused()["cls"] == "menu-toggle"
    tab.close()


def test_without_javascript_the_menu_opens_by_its_link_and_the_switch_is_absent(
    browser: Any, site_url: str
) -> None:
    tab = Tab(browser, site_url + "/", viewport=PHONE, java_script_enabled=False)
    page = tab.page
    assert page.locator(".color-scheme-toggle").count() == 1
    assert page.locator(".color-scheme-toggle").is_hidden()  # it could not work
    assert page.locator("button.menu-toggle").count() == 0
    page.locator("a.menu-toggle").focus()
    page.keyboard.press("Enter")
    nav = page.locator("#site-navigation")
    assert nav.is_visible() and page.url.endswith("#site-navigation")
    assert nav.get_by_role("link", name="Politics").is_visible()
    page.get_by_role("link", name="Close menu").click()
    assert nav.is_hidden()
    tab.close()


def background(page: Any) -> str:
    result: str = page.evaluate("getComputedStyle(document.body).backgroundColor")
    return result


def test_the_dark_mode_switch_is_remembered_and_applied_before_the_page_script(
    browser: Any, site_url: str
) -> None:
    tab = Tab(browser, site_url + "/", viewport=DESKTOP, scheme="light")
    page = tab.page
    switch = page.get_by_role("button", name="Dark mode")
    assert switch.is_visible() and switch.get_attribute("aria-pressed") == "false"
    light = background(page)
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    dark = background(page)
    assert dark != light

    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert background(page) == dark
    assert page.get_by_role("button", name="Dark mode").get_attribute("aria-pressed") == "true"

    # The head script alone applies it: without magazine.js the page is still dark.
    page.route("**/js/magazine.js*", lambda route: route.abort())
    page.goto(site_url + "/category/world/")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert background(page) == dark
    assert page.evaluate("document.querySelector('meta[name=color-scheme]').content") == "dark"
    page.unroute("**/js/magazine.js*")

    # And back: light is remembered as a choice too, over a dark device.
    page.goto(site_url + "/")
    page.get_by_role("button", name="Dark mode").click()
    visit = tab.visit  # the load aborted above is no error of the page's
    visit.console_errors = [e for e in visit.console_errors if "magazine.js" not in str(e)]
    other = Tab(browser, site_url + "/", viewport=DESKTOP, scheme="dark")
    assert other.page.evaluate("document.documentElement.dataset.theme") is None  # new context
    assert background(other.page) == dark  # follows the device without a choice
    other.close()
    page.reload()
    assert background(page) == light
    tab.close()


def test_dropdowns_open_by_focus_hover_and_their_button_and_close_on_escape(
    browser: Any, site_url: str
) -> None:
    tab = Tab(browser, site_url + "/", viewport=DESKTOP)
    page = tab.page
    world = page.locator("#menu-item-71")
    panel = world.locator(".mega-menu")
    assert panel.is_hidden()
    page.locator("#menu-item-71 > a").focus()  # keyboard focus: focus-within opens it
    assert panel.is_visible()
    stories = panel.locator(".mega-story a")
    assert stories.count() == 4 and stories.first.locator("img").count() == 1
    page.keyboard.press("Tab")  # the dropdown's button
    page.keyboard.press("Tab")
    assert tab.focused()["text"] == "Europe"  # the sub-menu first, then the stories
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    assert tab.focused()["cls"] == "submenu-toggle"  # focus back on the item's button

    # A tap (no hover): the button opens it and says so.
    page.mouse.move(5, 890)
    button = page.get_by_role("button", name="Politics menu")
    button.click()
    politics = page.locator("#menu-item-73 .mega-menu")
    page.mouse.move(5, 890)
    assert politics.is_visible() and button.get_attribute("aria-expanded") == "true"
    assert politics.locator(".mega-story").count() == 4
    button.click()  # the button closes it again, though it has focus and the pointer
    assert politics.is_hidden() and button.get_attribute("aria-expanded") == "false"
    button.click()
    assert politics.is_visible()
    page.mouse.click(5, 890)  # a click elsewhere closes it
    assert politics.is_hidden() and button.get_attribute("aria-expanded") == "false"

    page.hover("#menu-item-74 > a")
    assert page.locator("#menu-item-74 .mega-menu").is_visible()
    tab.close()


def test_the_tickers_first_story_is_in_view_as_the_page_loads(browser: Any, site_url: str) -> None:
    tab = Tab(browser, site_url + "/", viewport=DESKTOP)
    page = tab.page
    page.wait_for_function(
        "() => document.querySelector('#ticker-breaking').dataset.state === 'running'"
    )
    boxes = page.evaluate(
        """() => {
          const view = document.querySelector('#ticker-breaking .ticker-viewport');
          const first = document.querySelector('#ticker-breaking .ticker-item a');
          const v = view.getBoundingClientRect(), f = first.getBoundingClientRect();
          return {viewLeft: v.left, viewRight: v.right, left: f.left, right: f.right};
        }"""
    )
    # Within a second of the start it has moved by at most the ticker's speed (60 px/s):
    # its start is near the viewport's, not beyond its right edge.
    assert boxes["viewLeft"] - 120 <= boxes["left"] < boxes["viewLeft"] + 1, boxes
    assert boxes["left"] < boxes["viewRight"] - 100, boxes
    tab.close()


@pytest.mark.parametrize("width, height", [(320, 640), (360, 740), (390, 844)])
def test_on_a_phone_the_story_starts_within_the_first_screen(
    browser: Any, site_url: str, width: int, height: int
) -> None:
    """The seed article's first paragraph shows on the first screen of a phone, under the
    top bar, the masthead, the breadcrumbs (not on the narrowest), the headline, the byline
    and the picture, with two lines of it at least."""
    tab = Tab(browser, site_url + SEED_PATH, viewport={"width": width, "height": height})
    top = tab.page.evaluate(
        "() => document.querySelector('.article .entry-content > p').getBoundingClientRect().top"
    )
    assert 0 < top < height - 40, f"the story starts at {top:.0f}px on a {height}px screen"
    tab.close()
