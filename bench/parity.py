"""``make parity``: how closely Magtheme's formatting matches WordPress's, post by post.

Imports the WordPress Theme Unit Test export into a fresh site, renders every post's
content (each ``<!--nextpage-->`` part) with Magtheme's content pipeline, and compares it
with what WordPress 6.1 printed for the same post (``tests/data/…wordpress-output.json``)
element by element: block elements with their text, links by what they point at, images by
file. Prints the parity per post and overall, and writes the report to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

from bench.report import now, result_path, write_result

ROOT = Path(__file__).resolve().parent.parent

WP_HOME = "http://127.0.0.1:8089"

#: Elements compared by their text, in document order.
BLOCKS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li dt dd blockquote pre figcaption td th caption address "
    "summary legend".split()
)
_SPACE = re.compile(r"\s+")


def fixtures_dir() -> Path:
    """The Theme Unit Test export and WordPress's output for it (see tests/data/README.md)."""
    return ROOT / "tests" / "data"


@dataclass
class Extract:
    """What a reader would notice of a piece of HTML."""

    blocks: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)


def _text(element: Any) -> str:
    return _SPACE.sub(" ", html.unescape(element.text_content())).strip()


def _link_key(href: str, home: str) -> str:
    """A link by what it points at: the path for links to the site, the URL otherwise."""
    href = html.unescape(href.strip())
    if href.startswith(home):
        href = href[len(home) :] or "/"
    parts = urlsplit(href)
    if not parts.netloc:
        return (
            (parts.path or "/")
            + (f"?{parts.query}" if parts.query else "")
            + (f"#{parts.fragment}" if parts.fragment else "")
        )
    return href


def extract(markup: str, home: str) -> Extract:
    """Block texts, link targets and image files of *markup*, in document order."""
    out = Extract()
    if not markup.strip():
        return out
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # noqa: BLE001 — lxml raises several types on hostile markup
        return Extract(blocks=[_SPACE.sub(" ", markup).strip()])
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in BLOCKS:
            # Only the innermost block carries the text (a <li> holding a <p> counts once).
            if not any(
                isinstance(c.tag, str) and c.tag in BLOCKS for c in element.iterdescendants()
            ):
                text = _text(element)
                if text:
                    out.blocks.append(f"{tag}:{text}")
        elif tag == "a" and element.get("href"):
            out.links.append(_link_key(element.get("href", ""), home))
        elif tag == "img" and element.get("src"):
            out.images.append(urlsplit(element.get("src", "")).path.rsplit("/", 1)[-1])
    return out


def _ratio(ours: list[str], theirs: list[str]) -> tuple[int, int]:
    """How many of WordPress's items we produced, in order (matched, total)."""
    if not ours and not theirs:
        return 0, 0
    matcher = difflib.SequenceMatcher(a=theirs, b=ours, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched, max(len(theirs), len(ours))


@dataclass
class Score:
    matched: int = 0
    total: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def parity(self) -> float:
        return 1.0 if self.total == 0 else self.matched / self.total


def compare(
    ours_html: str, theirs_html: str, *, ours_home: str, theirs_home: str = WP_HOME
) -> Score:
    """Element-by-element parity of our HTML with WordPress's."""
    ours, theirs = extract(ours_html, ours_home), extract(theirs_html, theirs_home)
    score = Score()
    for name in ("blocks", "links", "images"):
        a, b = getattr(ours, name), getattr(theirs, name)
        matched, total = _ratio(a, b)
        score.matched += matched
        score.total += total
        score.missing += [f"{name}: {item}" for item in b if item not in a][:5]
    return score


def _plain(markup: str) -> str:
    """Text as a reader sees it: tags gone, entities decoded, spaces folded."""
    return _SPACE.sub(" ", html.unescape(re.sub(r"<[^>]+>", "", markup))).strip()


def render_site(wxr: Path, folder: Path) -> Callable[[int, int | str], str]:
    """Import *wxr* into a site in *folder*; return ``content(post_id, part)`` for it
    (*part* a number, or ``"excerpt"`` / ``"title"``)."""
    from magtheme import create_app
    from magtheme.models import Post, db
    from magtheme.wxr import import_wxr

    app = create_app(folder, {"TESTING": True, "SERVER_NAME": "127.0.0.1:8089"})
    ctx = app.app_context()
    ctx.push()
    db.create_all()
    import_wxr(wxr, registry=app.extensions["magtheme.registry"])
    from magtheme import urls
    from magtheme.content.context import ContentContext
    from magtheme.content.excerpt import excerpt_html
    from magtheme.content.pipeline import post_content_part
    from magtheme.options import load_options
    from magtheme.present import display_title
    from magtheme.visibility import now_gmt

    def content(post_id: int, part: int | str) -> str:
        post = db.session.get(Post, post_id)
        assert post is not None
        if part == "title":
            return display_title(post)
        with app.test_request_context("/"):
            options = load_options()
            linker = urls.linker({**options, "home": WP_HOME}, app.extensions["magtheme.registry"])
            context = ContentContext(
                post=post, session=db.session, linker=linker, options=options, now=now_gmt()
            )
            if part == "excerpt":
                return str(excerpt_html(post, context))
            return str(post_content_part(post, int(part), context))

    return content


def run(report_path: Path | None = None) -> dict[str, Any]:
    fixtures = fixtures_dir()
    expected = json.loads(
        (fixtures / "wordpress-theme-unit-test.wordpress-output.json").read_text()
    )
    with tempfile.TemporaryDirectory(prefix="magtheme-parity-") as tmp:
        content = render_site(fixtures / "wordpress-theme-unit-test.xml", Path(tmp))
        rows = []
        for entry in expected["posts"]:
            if entry.get("has_password") or entry.get("content") is None:
                continue
            parts = entry["content"] if isinstance(entry["content"], list) else [entry["content"]]
            score = Score()
            for number, theirs in enumerate(parts, start=1):
                part = compare(
                    content(entry["id"], number), theirs, ours_home="http://127.0.0.1:8089"
                )
                score.matched += part.matched
                score.total += part.total
                score.missing += part.missing
            excerpt_same = entry.get("excerpt_core") is None or _plain(
                content(entry["id"], "excerpt")
            ) == _plain(entry["excerpt_core"])
            title_same = _plain(content(entry["id"], "title")) == _plain(entry["title"])
            rows.append(
                {
                    "excerpt": excerpt_same,
                    "title": title_same,
                    "id": entry["id"],
                    "slug": entry["slug"],
                    "parity": round(score.parity, 4),
                    "matched": score.matched,
                    "total": score.total,
                    "missing": score.missing[:5],
                }
            )
    matched = sum(r["matched"] for r in rows)
    total = sum(r["total"] for r in rows)
    report = {
        "when": now(),
        "command": "make parity  (python -m bench.parity)",
        "posts": len(rows),
        "overall": round(matched / total, 4) if total else 1.0,
        "mean_per_post": round(sum(r["parity"] for r in rows) / len(rows), 4) if rows else 1.0,
        "exact_posts": sum(1 for r in rows if r["parity"] == 1.0),
        "excerpts_same": sum(1 for r in rows if r["excerpt"]),
        "titles_same": sum(1 for r in rows if r["title"]),
        "rows": rows,
    }
    if report_path is not None:
        write_result(report_path, report)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--worst", type=int, default=15, help="How many of the worst posts to detail."
    )
    args = parser.parse_args(argv)
    out = result_path("parity")
    report = run(out)
    print(f"{'parity':>7}  post")
    for row in sorted(report["rows"], key=lambda r: r["parity"]):
        print(f"{row['parity']:>7.1%}  {row['id']} {row['slug']}")
    print(
        f"\noverall: {report['overall']:.1%} of WordPress's elements reproduced "
        f"({report['exact_posts']}/{report['posts']} posts exact, "
        f"mean per post {report['mean_per_post']:.1%})"
    )
    print(
        f"excerpts: {report['excerpts_same']}/{report['posts']} read the same; "
        f"titles: {report['titles_same']}/{report['posts']}"
    )
    for row in report["rows"]:
        if not row["title"]:
            print(f"  title differs: {row['id']} {row['slug']}")
    for row in sorted(report["rows"], key=lambda r: r["parity"])[: args.worst]:
        if row["missing"]:
            print(f"\n{row['slug']} ({row['parity']:.0%}) misses:")
            for item in row["missing"]:
                print(f"  - {item[:140]}")
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
