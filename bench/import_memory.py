"""Peak memory of importing a large WordPress export: ``python -m bench.import_memory``.

Writes an export of about ``--megabytes`` MB (posts with long bodies, comments, categories;
streamed to disk, never held), then imports it into a fresh SQLite site in a child process
and reads the child's peak resident set size (``ru_maxrss``). A second child that builds the
same site without importing gives the baseline the import adds to. Prints both and writes
them to ``bench/results/``.

The importer reads the file twice (once without its long texts, to plan; once to write in
batches), so the peak grows with the number of items and the largest single item, not with
the size of the file.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from bench.report import machine, now, result_path, write_result

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Memory bench</title><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>editor</wp:author_login></wp:author>
"""
_CATEGORIES = "".join(
    f"<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>section-{n}"
    f"</wp:category_nicename><wp:cat_name>Section {n}</wp:cat_name></wp:category>\n"
    for n in range(1, 13)
)

#: The child: build a site, optionally import, print the peak RSS in KiB (Linux's unit).
_CHILD = """
import resource, sys
from magtheme import create_app
from magtheme.models import db
app = create_app(sys.argv[1], {"TESTING": True})
with app.app_context():
    db.create_all()
    if sys.argv[2] != "-":
        from magtheme.wxr import import_wxr
        report = import_wxr(sys.argv[2], registry=app.extensions["magtheme.registry"])
        print(sum(report.items.values()), file=sys.stderr)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def write_export(path: Path, megabytes: int) -> int:
    """Write an export of about *megabytes* MB; returns the number of posts."""
    paragraph = (
        "<!-- wp:paragraph --><p>The council met at the harbour to weigh the budget, the "
        "railway and the new museum; the minister's report was read in full.</p>"
        "<!-- /wp:paragraph -->\n"
    )
    body = paragraph * 100  # about 20 KB per post
    start = datetime(2015, 1, 1, 8, 0)
    posts = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(_HEAD + _CATEGORIES)
        while out.tell() < megabytes * 1024 * 1024:
            posts += 1
            date = f"{start + timedelta(hours=posts):%Y-%m-%d %H:%M:%S}"
            comments = "".join(
                f"<wp:comment><wp:comment_id>{posts * 10 + c}</wp:comment_id>"
                f"<wp:comment_author>Reader {c}</wp:comment_author>"
                f"<wp:comment_date>{date}</wp:comment_date>"
                f"<wp:comment_content><![CDATA[{paragraph * 3}]]></wp:comment_content>"
                "<wp:comment_approved>1</wp:comment_approved></wp:comment>"
                for c in range(3)
            )
            out.write(
                f"<item><title>Post {posts}</title><dc:creator>editor</dc:creator>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
                f"<wp:post_id>{posts}</wp:post_id><wp:post_date>{date}</wp:post_date>"
                f"<wp:post_date_gmt>{date}</wp:post_date_gmt><wp:post_name>post-{posts}"
                "</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="section-{posts % 12 + 1}">'
                f"<![CDATA[Section {posts % 12 + 1}]]></category>"
                "<wp:postmeta><wp:meta_key>source</wp:meta_key><wp:meta_value>bench"
                f"</wp:meta_value></wp:postmeta>{comments}</item>\n"
            )
        out.write("</channel></rss>\n")
    return posts


def _peak_kib(site: Path, wxr: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(site), wxr], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=int, default=100)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="magtheme-memory-"))
    wxr = work / "large.xml"
    posts = write_export(wxr, args.megabytes)
    size_mb = wxr.stat().st_size / 1024 / 1024
    baseline = _peak_kib(work / "baseline", "-") / 1024
    peak = _peak_kib(work / "site", str(wxr)) / 1024
    result = {
        "when": now(),
        "machine": machine(),
        "export_mb": round(size_mb, 1),
        "posts": posts,
        "comments": posts * 3,
        "baseline_peak_rss_mb": round(baseline, 1),
        "import_peak_rss_mb": round(peak, 1),
        "import_adds_mb": round(peak - baseline, 1),
    }
    print(
        f"Export: {size_mb:.1f} MB, {posts} posts, {posts * 3} comments.\n"
        f"Peak RSS: {peak:.1f} MB importing it; {baseline:.1f} MB for the same site "
        f"without the import (+{peak - baseline:.1f} MB)."
    )
    write_result(result_path("import-memory"), result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
