"""Appearance → Widgets in a real browser: dragging a widget moves it on the site, and the
screen holds up at a phone's width.

Drives Debian's Chromium through Playwright against a site served over HTTP by a real server
on a free port, each page watched by the suite's harness (no console error, no request to
another host). Skipped, with the reason, when Chromium or Playwright is not installed.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from magtheme.options import update_options
from tests.adminkit import PASSWORD, make_person
from tests.browser.harness import Visit, describe_violations, open_page, run_axe
from tests.browser.sites import LiveServer, use_address
from tests.conftest import serve_site
from tests.factories import make_post


@pytest.fixture
def site(instance: Path) -> Iterator[str]:
    """Magazine with three text widgets in its sidebar and an administrator, served over HTTP;
    its address."""
    for app in serve_site(instance):
        make_post("Harbour reopens")
        make_person("administrator", "ada")
        update_options(
            {
                "widget_instances": {
                    f"text-{n}": {"type": "text", "settings": {"title": title, "text": title}}
                    for n, title in ((2, "Alpha"), (3, "Beta"), (4, "Gamma"))
                },
                "sidebars_widgets": {"sidebar": ["text-2", "text-3", "text-4"]},
            }
        )
        with LiveServer(app) as server:
            use_address(server.url)
            yield server.url


@pytest.fixture
def visits() -> Iterator[list[Visit]]:
    """The pages a test opens; afterwards, none may have logged an error, thrown or asked
    another host for anything."""
    opened: list[Visit] = []
    yield opened
    problems = [problem for visit in opened for problem in visit.problems()]
    for visit in opened:
        visit.close()
    assert not problems, "\n".join(problems)


def widgets_screen(browser: Any, visits: list[Visit], url: str, **window: Any) -> Any:
    """The Widgets screen, signed in as the administrator (*window*: its width and height)."""
    visit = open_page(browser, **window)
    visits.append(visit)
    visit.goto(f"{url}/wp-login.php?redirect_to=%2Fwp-admin%2Fwidgets.php")
    page = visit.page
    page.fill("#user_login", "ada")
    page.fill("#user_pass", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/wp-admin/widgets.php")
    return page


def shown(url: str, where: str) -> list[str]:
    """The widget ids a visitor's home page shows in the sidebar or a footer column."""
    with urllib.request.urlopen(url + "/", timeout=60) as response:
        tree = lxml.html.fromstring(response.read())
    path = (
        '//aside[contains(@class, "site-sidebar")]'
        if where == "sidebar"
        else f'//div[@aria-label="Footer, column {where[-1]}"]'
    )
    return [str(s.get("id")) for s in tree.xpath(f'{path}//section[contains(@class, "widget ")]')]


def test_dragging_a_widget_moves_it_on_the_site(
    browser: Any, visits: list[Visit], site: str
) -> None:
    # Tall enough that nothing scrolls while the mouse drags.
    page = widgets_screen(browser, visits, site, width=1366, height=2400)
    status = page.locator("#widgets-status")
    page.drag_and_drop("#widget-text-4 h3", 'ol[data-sidebar="footer-1"]')
    status.filter(has_text="Widget moved").wait_for()
    assert (
        status.inner_text() == "Widget moved: Text “Gamma” is now 1 of 1 in Footer, first column."
    )
    assert shown(site, "footer-1") == ["text-4"]
    assert shown(site, "sidebar") == ["text-2", "text-3"]
    # The areas were drawn again from the server: the moved widget can be dragged again.
    page.drag_and_drop("#widget-text-4 h3", "#widget-text-2 h3")
    status.filter(has_text="in Sidebar").wait_for()
    assert shown(site, "sidebar") == ["text-4", "text-2", "text-3"]


def test_the_screen_fits_a_phone_and_axe_finds_nothing(
    browser: Any, visits: list[Visit], site: str, axe_script: Path
) -> None:
    page = widgets_screen(browser, visits, site, width=390)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the screen is {overflow}px wider than the window"
    page.click("#widget-text-3 .widget-settings summary")
    violations = run_axe(page, axe_script)
    assert not violations, describe_violations(violations)
