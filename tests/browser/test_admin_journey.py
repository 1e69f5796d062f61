"""A site owner's afternoon, in Chromium, on the demo site: sign in, preview Classic while a
visitor still sees Magazine, activate it, change a colour in the customizer and see it on the
site, move a widget, write and publish a story in the ticker's category and see it in the
ticker, switch back to Magazine and find every widget and menu in place, then export the site
and import the file into a fresh site with the same content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from magtheme import create_app
from magtheme.models import Post, Term, User, db
from magtheme.wxr.importer import import_wxr
from tests.adminkit import PASSWORD, password_hash
from tests.browser.harness import Visit, open_page
from tests.browser.sites import DemoSites, ServedSite

CLASSIC = "/themes/classic/static/"
MAGAZINE = "/themes/magazine/static/"
COLOUR = "#0b6e4f"
STORY = "Harbour Bridge Reopens After Storm Repairs"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[ServedSite]:
    """A demo site of this test's own (it changes it), its administrator's password known."""
    own = DemoSites(tmp_path_factory.mktemp("journey"), worker_id, purpose="journey")
    served = own["magazine"]
    with served.app.app_context():
        admin = db.session.scalars(select(User).where(User.login == "amara")).one()
        admin.password_hash = password_hash()
        db.session.commit()
        db.session.remove()
    yield served
    own.close()


def _html(visit: Visit, url: str) -> str:
    visit.goto(url)
    return str(visit.page.content())


def _menus_and_widgets(html: str) -> tuple[list[str], list[str]]:
    """The home page's menu links and widget headings, as a visitor sees them."""
    links = re.findall(r'<li[^>]*class="[^"]*menu-item[^"]*"[^>]*>\s*<a[^>]*>([^<]+)</a>', html)
    headings = re.findall(r'<h2 class="widget-title"[^>]*>([^<]+)</h2>', html)
    return links, headings


def test_a_site_owners_afternoon(browser: Any, site: ServedSite, tmp_path: Path) -> None:
    url = site.url
    visitor = open_page(browser)
    owner = open_page(browser, accept_downloads=True)
    page = owner.page
    try:
        before = _html(visitor, f"{url}/")
        assert MAGAZINE in before
        menus_before, widgets_before = _menus_and_widgets(before)
        assert menus_before and widgets_before

        # Sign in.
        owner.goto(f"{url}/wp-admin/")
        page.fill("#user_login", "amara")
        page.fill("#user_pass", PASSWORD)
        page.click("button:has-text('Log In')")
        page.wait_for_url(f"{url}/wp-admin/")

        # Preview Classic: the owner sees it, the visitor does not.
        owner.goto(f"{url}/wp-admin/themes.php")
        page.click("button:has-text('Live Preview of Classic')")
        page.wait_for_url(f"{url}/wp-admin/customize.php")
        frame = page.frame_locator("#customize-frame")
        frame.locator(f"link[href*='{CLASSIC}']").first.wait_for(state="attached")
        seen = _html(visitor, f"{url}/")
        assert MAGAZINE in seen and CLASSIC not in seen

        # Activate it from the customizer.
        owner.goto(f"{url}/wp-admin/customize.php")
        page.click("button:has-text('Activate & Publish')")
        page.wait_for_url(f"{url}/wp-admin/customize.php")
        assert "Classic is now the active theme." in page.content()
        assert CLASSIC in _html(visitor, f"{url}/")

        # A colour, previewed live, then published.
        page.fill("#setting-accent_color", COLOUR)
        page.locator("#customize-status").filter(has_text="Preview updated").wait_for()
        assert COLOUR not in _html(visitor, f"{url}/")
        page.click("button:has-text('Publish')")
        page.wait_for_url(f"{url}/wp-admin/customize.php")
        assert COLOUR in _html(visitor, f"{url}/")

        # Move Classic's first sidebar widget down one, with the keyboard's button.
        classic_widgets = _menus_and_widgets(_html(visitor, f"{url}/"))[1]
        owner.goto(f"{url}/wp-admin/widgets.php")
        page.locator("button[value=down]").first.click()
        page.wait_for_url(re.compile(r".*/wp-admin/widgets\.php.*"))
        assert "Widget moved" in page.content()
        moved = _menus_and_widgets(_html(visitor, f"{url}/"))[1]
        assert moved[:2] == [classic_widgets[1], classic_widgets[0]]

        # A story in the ticker's category.
        owner.goto(f"{url}/wp-admin/post-new.php")
        page.fill("#post_title", STORY)
        page.fill("#post_content", "<p>The bridge opened to traffic at dawn.</p>")
        page.check("label:has-text('Breaking News') >> xpath=preceding-sibling::input[1]")
        page.click("button:has-text('Publish')")
        page.wait_for_url(re.compile(r".*/wp-admin/post\.php\?post=\d+&action=edit"))
        assert "Post published." in page.content()
        ticker = visitor.page.request.get(f"{url}/wp-json/magtheme/v1/tickers/breaking").json()
        assert STORY in [item["title"] for item in ticker["items"]]
        assert STORY in _html(visitor, f"{url}/")

        # Back to Magazine: its widgets and menus are where they were.
        owner.goto(f"{url}/wp-admin/themes.php")
        page.click("button:has-text('Activate Magazine')")
        page.wait_for_url(f"{url}/wp-admin/themes.php")
        after = _html(visitor, f"{url}/")
        assert MAGAZINE in after
        menus_after, widgets_after = _menus_and_widgets(after)
        assert menus_after == menus_before
        assert widgets_after == widgets_before, "\n".join(map(str, (widgets_before, widgets_after)))

        # Export, and import the file into a fresh site.
        owner.goto(f"{url}/wp-admin/export.php")
        with page.expect_download() as download:
            page.click("button:has-text('Download Export File')")
        saved = tmp_path / "site.xml"
        download.value.save_as(saved)
        problems = owner.problems() + visitor.problems()
        assert not problems, problems
    finally:
        owner.close()
        visitor.close()

    # A fresh site of its own, on SQLite whatever database the suite runs on.
    fresh = create_app(
        tmp_path / "fresh",
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.db'}"},
    )
    with fresh.app_context():
        db.create_all()
        import_wxr(saved, registry=fresh.extensions["magtheme.registry"])
        copied = _content(db.session)
        db.session.remove()
        db.engine.dispose()
    with site.app.app_context():
        original = _content(db.session)
        db.session.remove()
    assert any(line.endswith(f"|{STORY}") for line in copied["posts"])
    assert copied == original


def _content(session: Any) -> dict[str, Any]:
    """What an export carries, by natural keys: posts (title, type, status), terms, people."""
    posts = sorted(
        f"{p.post_type}|{p.status}|{p.slug}|{p.title}"
        for p in session.scalars(
            select(Post).where(Post.post_type.not_in(("revision",)), Post.status != "auto-draft")
        )
    )
    terms = sorted(
        f"{t.taxonomy}|{t.slug}|{t.name}"
        for t in session.scalars(select(Term).where(Term.taxonomy != "post_format"))
    )
    people = sorted(
        u.login
        for u in session.scalars(select(User))
        if u.id in {p.author_id for p in session.scalars(select(Post))}
    )
    return {"posts": posts, "terms": terms, "people": people}
