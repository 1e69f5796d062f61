"""The admin in Chromium: every screen a signed-in administrator can open, at a phone's and a
laptop's width, with axe-core finding no violation, nothing scrolling sideways, no console
error and no request leaving the machine. The screens are read from the admin's route table,
so a screen added later is checked too. Screenshots go beside the themes'.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from magtheme.admin.routes import ROUTES
from magtheme.models import User, db
from tests.adminkit import PASSWORD, password_hash
from tests.browser.harness import (
    WIDTHS,
    describe_violations,
    full_page_screenshot,
    open_page,
    run_axe,
    screenshot_path,
)
from tests.browser.sites import DemoSites

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
#: Screens that answer with something other than a page (an image).
NOT_PAGES = {"/theme-screenshot.php"}


def _sign_in(visit: Any, url: str) -> None:
    visit.goto(f"{url}/wp-login.php")
    visit.page.fill("#user_login", "amara")
    visit.page.fill("#user_pass", PASSWORD)
    visit.page.click("button[type=submit]")
    visit.page.wait_for_url(f"{url}/wp-admin/")


@pytest.fixture(scope="module")
def site(sites: DemoSites) -> Any:
    served = sites["magazine"]
    with served.app.app_context():
        admin = db.session.query(User).filter_by(login="amara").one()
        admin.password_hash = password_hash()
        db.session.commit()
        db.session.remove()
    return served


@pytest.mark.parametrize("width", WIDTHS)
def test_every_admin_screen_is_accessible(
    browser: Any, site: Any, axe_script: Path, width: int
) -> None:
    visit = open_page(browser, width=width)
    try:
        # The sign-in page first, as a stranger sees it.
        visit.goto(f"{site.url}/wp-login.php")
        assert not run_axe(visit.page, axe_script), "wp-login.php"
        _sign_in(visit, site.url)
        failures = []
        # Every screen reached by GET (the table is filled once an app exists).
        screens = sorted({route.rule for route in ROUTES.values() if "GET" in route.methods})
        assert len(screens) >= 6, screens
        for rule in screens:
            if rule in NOT_PAGES:
                continue
            response = visit.goto(f"{site.url}/wp-admin{rule}")
            assert response.status == 200, rule
            violations = run_axe(visit.page, axe_script)
            if violations:
                failures.append(f"{rule}:\n{describe_violations(violations)}")
            overflow = visit.page.evaluate(OVERFLOW)
            if overflow > 0:
                failures.append(f"{rule}: scrolls sideways by {overflow}px at {width}px")
            name = "admin-" + (rule.strip("/").replace(".php", "") or "dashboard")
            full_page_screenshot(visit.page, screenshot_path("admin", name, width))
        failures += [f"{p}" for p in visit.problems()]
        assert not failures, "\n".join(failures)
    finally:
        visit.close()
