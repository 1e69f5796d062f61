"""Magazine's chrome in a real browser: the small-screen menu from the keyboard, dropdowns and
the mega menu, the remembered dark-mode switch, the ticker's first story, and the page
without JavaScript.

Drives Debian's Chromium (``/usr/bin/chromium``, installed by ``make chromium``) through
Playwright against the demo site served over HTTP by a real server on a free port. Skipped,
with the reason, when Chromium or Playwright is not installed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from magtheme import site
from magtheme.demo import load_demo
from magtheme.models import db
from magtheme.options import update_option
from magtheme.themes import mods
from magtheme.themes.activation import activate
from tests.conftest import serve_site

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 15_000

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'"
)
if not CHROMIUM.exists():
    pytest.skip(
        f"Chromium is not installed at {CHROMIUM}: run 'make chromium' "
        "(apt-get install -y chromium)",
        allow_module_level=True,
    )

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
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


class Tab:
    """A page, and every console error, uncaught exception and failed request it had."""

    def __init__(self, browser: Any, url: str, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"exception: {error}"))
        # The site has no favicon; browsers ask for one anyway, and that is no page error.
        self.page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
        self.page.goto(url)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url')})")

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
        assert self.errors == []
        self.context.close()


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
    tab = Tab(browser, site_url + "/", viewport=DESKTOP, color_scheme="light")
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
    tab.errors = [e for e in tab.errors if "magazine.js" not in e]  # the aborted load above
    other = Tab(browser, site_url + "/", viewport=DESKTOP, color_scheme="dark")
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


@pytest.mark.parametrize("width, height", [(360, 740), (390, 844)])
def test_on_a_phone_the_story_starts_within_the_first_screen(
    browser: Any, site_url: str, width: int, height: int
) -> None:
    """The seed article's first paragraph shows on the first screen of a phone, under the
    top bar, the masthead, the breadcrumbs, the headline, the byline and the picture."""
    from tests.checkers import SEED_PATH

    tab = Tab(browser, site_url + SEED_PATH, viewport={"width": width, "height": height})
    top = tab.page.evaluate(
        "() => document.querySelector('.article .entry-content > p').getBoundingClientRect().top"
    )
    assert 0 < top < height - 40, f"the story starts at {top:.0f}px on a {height}px screen"
    tab.close()
