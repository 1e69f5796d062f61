"""Classic's primary menu in Chromium: behind a "Menu" button on a phone, opened and closed
from the keyboard, reachable without JavaScript by its :target link; in the header, with no
button, on a laptop.

Runs against Classic's demo site (``sites["classic"]``, the demo paper with its main menu in
the ``primary`` location). Skipped, saying why, without Chromium or Playwright.
"""

from __future__ import annotations

from typing import Any

from tests.browser.harness import open_page
from tests.browser.sites import DemoSites

#: The focused element, described: tag, text and whether it is in the navigation.
FOCUSED = """() => {
  const el = document.activeElement;
  return {tag: el.tagName, text: el.textContent.trim(),
          inNav: !!el.closest('#site-navigation')};
}"""


def _tab_to(page: Any, selector: str, most: int = 20) -> None:
    """Press Tab until *selector* has focus, as a keyboard user would."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} never got focus by Tab")


def test_on_a_phone_the_menu_waits_behind_a_button_the_keyboard_opens_and_escape_closes(
    browser: Any, sites: DemoSites
) -> None:
    visit = open_page(browser, width=390)
    try:
        visit.goto(sites["classic"].url + "/")
        page = visit.page
        menu = page.locator("#site-navigation")
        toggle = page.locator(".site-header .menu-toggle")
        first_link = menu.locator(".primary-navigation a").first
        assert menu.is_hidden() and first_link.is_hidden()
        # The script made the :target link a disclosure button.
        assert page.evaluate("document.querySelector('.menu-toggle').tagName") == "BUTTON"
        assert toggle.get_attribute("aria-controls") == "site-navigation"
        assert toggle.get_attribute("aria-expanded") == "false"

        _tab_to(page, ".menu-toggle")
        page.keyboard.press("Enter")
        assert menu.is_visible() and toggle.get_attribute("aria-expanded") == "true"
        page.keyboard.press("Tab")
        reached = page.evaluate(FOCUSED)
        assert reached["inNav"] and reached["tag"] == "A" and reached["text"] == "Home"

        page.keyboard.press("Escape")
        assert menu.is_hidden() and toggle.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")

        page.keyboard.press("Space")  # a button: Space opens it too
        assert menu.is_visible()
        _tab_to(page, ".menu-close")
        page.keyboard.press("Enter")
        assert menu.is_hidden()
        assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
        assert visit.problems() == []
    finally:
        visit.close()


def test_without_javascript_the_menu_link_opens_the_menu_by_target(
    browser: Any, sites: DemoSites
) -> None:
    visit = open_page(browser, width=390, java_script_enabled=False)
    try:
        visit.goto(sites["classic"].url + "/")
        page = visit.page
        menu = page.locator("#site-navigation")
        assert menu.is_hidden()
        _tab_to(page, "a.menu-toggle")
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#site-navigation"
        assert menu.is_visible()
        assert menu.locator(".primary-navigation a", has_text="World").first.is_visible()
        _tab_to(page, "a.menu-close")
        page.keyboard.press("Enter")
        assert menu.is_hidden()
    finally:
        visit.close()


def test_on_a_laptop_the_menu_shows_in_the_header_without_a_button(
    browser: Any, sites: DemoSites
) -> None:
    visit = open_page(browser, width=1366)
    try:
        visit.goto(sites["classic"].url + "/")
        page = visit.page
        assert page.locator(".primary-navigation a", has_text="World").first.is_visible()
        assert page.locator(".menu-toggle").is_hidden()
        assert page.locator(".menu-close").is_hidden()
        assert visit.problems() == []
    finally:
        visit.close()
