"""Every story of the WordPress Theme Unit Test, as a reader sees it, in every bundled theme.

The export (``tests/data/wordpress-theme-unit-test.xml``) is imported into a site per theme
found in ``themes/``, served over HTTP and loaded in Debian's Chromium (``make chromium``)
through Playwright and the harness (``tests/browser/harness.py``). Every published post and page, every part of a paginated one, the archives
of each post format and the lists that hold the untitled post are loaded once, at a phone's
width (390 px), and checked there and again with the window resized to a laptop's (1366 px):
one script run in the page reports what a reader would notice:

* the page never scrolls sideways;
* nothing in a story (images, tables, code, embeds, galleries, captions, text) is wider than
  its column, unless it scrolls inside a box that is not;
* titles wrap inside their column;
* a gallery of N columns shows N items on its first row on a wide screen, and more than one
  on a phone;
* a nested list is indented from the list that holds it, and list markers stay in the column;
* a quotation is set off from the text around it (indent, rule or background);
* the password-protected post shows a labelled form, and the export's password ("enter")
  unlocks it;
* the untitled post is listed in its archives with a visible link, and that link opens it;
* a post of each format shows what the format is for: its image, gallery, quotation, link,
  player or text.

The export's images live on another host, or in an uploads folder the import does not fill:
the browser never asks for them, it is given a stand-in image of the size the file name says
(1600 x 1000 when it says none), so wide images are as wide as the real ones. Every other
request for another host is refused.

Skipped, with the reason, when Chromium or Playwright is not installed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from magtheme import create_app
from magtheme.models import db
from magtheme.site import installed_themes
from magtheme.themes.activation import activate
from magtheme.wxr import import_wxr
from tests.browser.harness import WIDTHS, new_context
from tests.browser.sites import LiveServer, use_address
from tests.checkers import bundled_themes
from tests.conftest import unit_test_wxr
from tests.factories import make_post

#: The window's height at each of the harness's widths (the page loads at the first).
HEIGHT = 900
#: The export's password for "Template: Password Protected".
PASSWORD = "enter"

#: WordPress's own record of the export: permalinks, statuses, parts, passwords, formats.
EXPECTED = json.loads(
    (unit_test_wxr().parent / "wordpress-theme-unit-test.wordpress-output.json").read_text()
)["posts"]
PUBLISHED = [entry for entry in EXPECTED if entry["status"] == "publish"]
UNTITLED = [entry for entry in PUBLISHED if not entry["title_raw"].strip()]
PROTECTED = [entry for entry in PUBLISHED if entry["has_password"]]
FORMATS = sorted({e["format"] for e in PUBLISHED if e["format"] not in (None, "standard")})


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def story_paths() -> list[tuple[str, str, tuple[str, str] | None]]:
    """(what the page is, its path, (its post format, what that format shows) or None): each
    published post and page, each part of those in several parts, the archive of each post
    format and the lists holding the untitled post."""
    paths = []
    for entry in PUBLISHED:
        path = _path(entry["permalink"])
        name = f"{entry['title_raw'] or '(untitled)'} ({entry['post_type']} {entry['id']})"
        fmt = entry["format"] if entry["format"] in FORMAT_SHOWS else None
        shows = (fmt, FORMAT_SHOWS[fmt]) if fmt and not entry["has_password"] else None
        paths.append((name, path, shows))
        for part in range(2, (entry["page_count"] or 1) + 1):
            paths.append((f"{name}, part {part}", f"{path}{part}/", None))
    paths += [(f"archive of {fmt} posts", f"/type/{fmt}/", None) for fmt in FORMATS]
    paths += [("blog", "/", None)]
    for entry in UNTITLED:
        date = entry["date"]
        paths.append(("archive of the untitled post's month", f"/{date[:4]}/{date[5:7]}/", None))
    return paths


def _stand_in(url: str) -> str:
    """An SVG as large as the image *url* names (``photo-580x300.jpg``), else 1600 x 1000."""
    size = re.search(r"-(\d+)x(\d+)\.\w+(?:\?.*)?$", url)
    width, height = (int(size[1]), int(size[2])) if size else (1600, 1000)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
        f'<rect width="{width}" height="{height}" fill="#89a"/></svg>'
    )


#: Run in each page: what a reader would notice is wrong, as sentences.
CHECKS = r"""async ([width, format]) => {
  // Images the page would load late (loading="lazy") load now: a reader scrolls to them.
  const images = [...document.images];
  images.forEach((img) => { img.loading = 'eager'; });
  await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener('load', done); img.addEventListener('error', done);
  })));
  const problems = [];
  const vw = window.innerWidth;
  const slack = 1;
  const describe = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += '#' + el.id;
    const cls = (el.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean).slice(0, 3);
    if (cls.length) text += '.' + cls.join('.');
    const words = (el.textContent || el.getAttribute('src') || '').trim().replace(/\s+/g, ' ');
    return words ? `${text} "${words.slice(0, 40)}"` : text;
  };
  const hidden = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden') return true;
      if (node.classList.contains('screen-reader-text')) return true;
    }
    return false;
  };
  // Inside a box that scrolls or clips (up to the column), only that box has to fit.
  const clippedWithin = (el, column) => {
    for (let node = el.parentElement; node && node !== column; node = node.parentElement) {
      if (getComputedStyle(node).overflowX !== 'visible') return true;
    }
    return false;
  };
  const doc = document.documentElement;
  if (doc.scrollWidth > vw) {
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > vw + slack && !hidden(el)
        && !(el.parentElement.getBoundingClientRect().right > vw + slack)
        && !clippedWithin(el, document.body))
      .slice(0, 3).map(describe);
    problems.push(`the page scrolls sideways (${doc.scrollWidth}px in ${vw}px): ${wide.join(', ')}`);
  }
  const main = document.querySelector('main') || document.body;
  const columns = [...main.querySelectorAll('.entry-content, .entry-summary')];
  // Wide and full-width blocks may leave the column, for the width of the window, and
  // never over a sidebar.
  const sidebars = [...document.querySelectorAll('.site-sidebar, aside.widget-area')]
    .map((el) => el.getBoundingClientRect()).filter((r) => r.width && r.height);
  const breakout = (el, column) => {
    const wide = el.closest('.alignwide, .alignfull');
    return wide && column.contains(wide);
  };
  for (const column of columns) {
    const box = column.getBoundingClientRect();
    if (!box.width) continue;
    const outside = (r, el) => {
      if (!r.width) return false;
      if (breakout(el, column)) {
        return r.left < -slack || r.right > vw + slack || sidebars.some(
          (s) => r.left < s.right && r.right > s.left && r.top < s.bottom && r.bottom > s.top);
      }
      return r.left < box.left - slack || r.right > box.right + slack;
    };
    const reported = [];
    for (const el of column.querySelectorAll('*')) {
      if (clippedWithin(el, column) || reported.some((out) => out.contains(el))) continue;
      const r = el.getBoundingClientRect();
      if (outside(r, el) && !hidden(el)) {
        reported.push(el);
        problems.push(`${describe(el)} is ${Math.round(r.width)}px wide at ${Math.round(r.left - box.left)}px in a ${Math.round(box.width)}px column`);
      }
    }
    // Text that runs out of its box (an unbroken word or address).
    const walker = document.createTreeWalker(column, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.textContent.trim() || clippedWithin(node, column)
          || reported.some((out) => out.contains(node))) continue;
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      if (outside(r, parent) && !hidden(parent)) {
        reported.push(parent);
        problems.push(`the text "${node.textContent.trim().slice(0, 40)}" runs out of its column`);
      }
    }
  }
  for (const title of main.querySelectorAll('.entry-title')) {
    if (hidden(title)) continue;
    const r = title.getBoundingClientRect();
    if (title.scrollWidth > title.clientWidth + slack || r.left < -slack || r.right > vw + slack) {
      problems.push(`the title ${describe(title)} does not wrap (${title.scrollWidth}px in ${title.clientWidth}px)`);
    }
  }
  // Galleries: N columns show N items on their first row when wide, more than one on a phone.
  const galleries = main.querySelectorAll('.gallery, .wp-block-gallery');
  for (const gallery of galleries) {
    const items = [...gallery.querySelectorAll('.gallery-item, .blocks-gallery-item, .wp-block-image')]
      .filter((item) => !hidden(item));
    const match = (gallery.className.match(/(?:gallery-)?columns-(\d+)/) || [])[1];
    const columnsWanted = Math.min(match ? Number(match) : 3, items.length);
    if (columnsWanted < 2) continue;
    const top = items[0].getBoundingClientRect().top;
    const onFirstRow = items.filter((item) => Math.abs(item.getBoundingClientRect().top - top) < 2).length;
    const wanted = width >= 1000 ? columnsWanted : 2;
    if (onFirstRow < wanted) {
      problems.push(`${describe(gallery)} shows ${onFirstRow} item(s) on its first row, not ${wanted}`);
    }
  }
  for (const column of columns) {
    // Nested lists: each level further in than the item that holds it.
    for (const inner of column.querySelectorAll('li > ul, li > ol')) {
      const outer = inner.parentElement;
      const first = inner.querySelector(':scope > li');
      if (!first || hidden(first)) continue;
      const step = first.getBoundingClientRect().left - outer.getBoundingClientRect().left;
      if (step < 12) {
        problems.push(`the nested list ${describe(first)} is indented ${Math.round(step)}px from its parent item`);
      }
    }
    // Markers of plain lists inside the box that holds the list.
    for (const item of column.querySelectorAll('ul:not([class]) > li, ol:not([class]) > li')) {
      if (hidden(item)) continue;
      const style = getComputedStyle(item);
      const holder = item.parentElement.parentElement.getBoundingClientRect();
      if (style.listStylePosition === 'outside' && style.listStyleType !== 'none'
          && item.getBoundingClientRect().left - holder.left < 14) {
        problems.push(`the marker of ${describe(item)} hangs outside the column`);
      }
    }
    // Quotations are set off: indented, ruled or shaded (a pull quote by its frame).
    for (const blockquote of column.querySelectorAll('blockquote')) {
      if (hidden(blockquote)) continue;
      const quote = blockquote.closest('.wp-block-pullquote') || blockquote;
      const style = getComputedStyle(quote);
      const parent = quote.parentElement.getBoundingClientRect();
      const indent = quote.getBoundingClientRect().left - parent.left + parseFloat(style.paddingLeft);
      const ruled = ['Left', 'Right', 'Top'].some(
        (side) => parseFloat(style[`border${side}Width`]) >= 2
          && !/rgba\(.*, 0\)|transparent/.test(style[`border${side}Color`]));
      const shaded = !/rgba\(0, 0, 0, 0\)|transparent/.test(style.backgroundColor);
      if (!(indent >= 16 || ruled || shaded)) {
        problems.push(`the quotation ${describe(quote)} is not set off from the text`);
      }
    }
  }
  // A password form: a labelled field and a button, inside the column.
  for (const field of main.querySelectorAll('input[name="post_password"]')) {
    const form = field.form;
    const named = field.labels.length || field.getAttribute('aria-label');
    if (!named) problems.push('the password field has no label');
    if (!form || !form.querySelector('button, input[type="submit"]')) {
      problems.push('the password form has no button');
    }
    const tall = field.getBoundingClientRect().height;
    if (tall < 24) problems.push(`the password field is ${Math.round(tall)}px tall, under 24px`);
  }
  // A post format shows what it is: the image, the gallery, the quotation, the link, the player.
  if (format) {
    const [name, selector] = format;
    const shown = [...main.querySelectorAll(`.entry-content :is(${selector})`)].some((el) => {
      const r = el.getBoundingClientRect();
      return r.width >= 1 && r.height >= 1 && !hidden(el);
    });
    if (!shown) problems.push(`the ${name} post shows no ${selector}`);
  }
  return problems;
}"""

#: What each post format's story shows, as a selector inside its content.
FORMAT_SHOWS = {
    "aside": "p",
    "audio": "audio, .wp-block-embed, a[href]",
    "chat": "p",
    "gallery": ".gallery, .wp-block-gallery",
    "image": "img",
    "link": "a[href]",
    "quote": "blockquote",
    "status": "p",
    "video": "video, iframe, .wp-block-embed",
}


#: A story made to be wider than any column, beside the export's: a table of many columns and
#: long words, a long line of code, an image and a video larger than any screen, an address with
#: no place to break.
WIDE_STORY = (
    "<p>Everything below is wider than the column.</p>"
    "<table><thead><tr>"
    + "".join(f"<th>Heading{n}WithoutSpaces</th>" for n in range(14))
    + "</tr></thead><tbody><tr>"
    + "".join(f"<td>https://example.org/a/very/long/address/{n}</td>" for n in range(14))
    + "</tr></tbody></table>"
    "<pre>" + "long_line_of_code(" * 30 + "</pre>"
    '<p><img src="https://example.org/panorama-3000x800.jpg" alt="A panorama"></p>'
    '<video src="https://example.org/film.mp4" width="1600" height="900" controls></video>'
    "<p>https://example.org/" + "averyveryverylongaddress" * 8 + "</p>"
)


class Site:
    def __init__(self, theme: str, url: str, wide_story: str) -> None:
        self.theme = theme
        self.url = url
        #: The path of the story made of :data:`WIDE_STORY`.
        self.wide_story = wide_story


@pytest.fixture(scope="module", params=bundled_themes())
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """The Theme Unit Test imported with the theme active, served over HTTP on a free port."""
    theme = request.param
    app = create_app(tmp_path_factory.mktemp(f"unit-test-{theme}"), {"TESTING": True})
    with app.app_context():
        db.create_all()
        import_wxr(unit_test_wxr(), registry=app.extensions["magtheme.registry"])
        activate(theme, installed_themes())
        wide = make_post("Edge Case: Wider Than The Column", content=WIDE_STORY)
        db.session.commit()
        wide_story = f"/?p={wide.id}"
        # Some three hundred requests a test, unlogged: a failure's report shows the problems.
        server = LiveServer(app, name=f"unit-test-{theme}")
        use_address(server.url)
        db.session.remove()
        try:
            with server:
                yield Site(theme, server.url, wide_story)
        finally:
            db.session.remove()
            db.engine.dispose()


def open_site_page(browser: Any, site: Site) -> Any:
    """A page that reaches only *site*; other hosts' images are stand-ins."""
    context = new_context(browser, width=WIDTHS[0], height=HEIGHT)

    def stand_in(route: Any) -> None:
        if route.request.resource_type == "image":
            route.fulfill(
                status=200, content_type="image/svg+xml", body=_stand_in(route.request.url)
            )
        else:
            route.abort()

    # Patterns the browser matches itself: the site's own pages and files never wait on Python.
    own = re.escape(site.url + "/")
    context.route(re.compile(f"^(?!{own})|^{own}wp-content/uploads/"), stand_in)
    return context.new_page()


def at_each_width(page: Any, check: Callable[[int], list[str]]) -> dict[int, list[str]]:
    """*check* run on the open page at each of :data:`WIDTHS`, the window resized between
    (the page loads once, at the first); the window is left at the first width."""
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        found[width] = check(width)
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    return found


def visit(page: Any, url: str, shows: tuple[str, str] | None = None) -> dict[int, list[str]]:
    """Open *url* and run the checks at each width; a page that does not answer 200 is a
    problem too."""
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        return {WIDTHS[0]: [f"answers {response.status if response else 'nothing'}"]}
    return at_each_width(page, lambda width: list(page.evaluate(CHECKS, [width, shows])))


def unlock(page: Any, url: str) -> dict[int, list[str]]:
    """Submit the export's password on *url*'s form; the story must then show."""
    page.goto(url)
    field = page.locator('main input[name="post_password"]')
    if field.count() != 1:
        return {WIDTHS[0]: ["shows no password form"]}
    field.fill(PASSWORD)
    with page.expect_navigation():
        field.press("Enter")
    if page.locator('main input[name="post_password"]').count():
        return {WIDTHS[0]: [f"the password {PASSWORD!r} does not unlock it"]}
    if not page.locator("main .entry-content").inner_text().strip():
        return {WIDTHS[0]: ["shows nothing once unlocked"]}
    return at_each_width(page, lambda width: list(page.evaluate(CHECKS, [width, None])))


def untitled_links(page: Any, site: Site, entry: dict) -> dict[int, list[str]]:
    """The untitled post's month lists it with a link a reader can see, and the link opens it."""
    date = entry["date"]
    page.goto(f"{site.url}/{date[:4]}/{date[5:7]}/")
    permalink = site.url + _path(entry["permalink"])
    links = page.locator(f'main a[href="{permalink}"]')

    def visible(width: int) -> list[Any]:
        return [
            links.nth(n)
            for n in range(links.count())
            if (links.nth(n).bounding_box() or {}).get("width", 0) >= 1
            and links.nth(n).is_visible()
        ]

    found = at_each_width(
        page, lambda width: [] if visible(width) else ["is not linked from its month's archive"]
    )
    if found[WIDTHS[0]]:
        return found
    visible(WIDTHS[0])[0].click()
    page.wait_for_load_state()
    if page.url != permalink or not page.locator("main h1").first.is_visible():
        found[WIDTHS[0]].append("its archive link does not open it")
    return found


def test_every_story_of_the_theme_unit_test_reads_well(browser: Any, site: Site) -> None:
    page = open_site_page(browser, site)
    failures: dict[int, list[str]] = {width: [] for width in WIDTHS}

    def note(what: str, found: dict[int, list[str]]) -> None:
        for width, problems in found.items():
            failures[width] += [f"{what}: {problem}" for problem in problems]

    paths = [*story_paths(), ("a story wider than any column", site.wide_story, None)]
    for name, path, shows in paths:
        note(f"{name} at {path}", visit(page, site.url + path, shows))
    for entry in PROTECTED:
        path = _path(entry["permalink"])
        note(f"{entry['title_raw']} at {path}", unlock(page, site.url + path))
    for entry in UNTITLED:
        note(f"the untitled post {entry['id']}", untitled_links(page, site, entry))
    page.context.close()
    report = "\n".join(
        f"{site.theme} at {width}px:\n  " + "\n  ".join(problems)
        for width, problems in failures.items()
        if problems
    )
    assert not report, report
