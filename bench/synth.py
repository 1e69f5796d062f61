"""A synthetic WordPress export: N posts across categories and tags, with comments."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

WORDS = (
    "market minister council election river harbour treaty report season budget museum "
    "festival science vaccine orbit energy grid climate league final court ruling summit "
    "trade border city village bridge railway school student theatre novel painter"
).split()


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def write_wxr(path: Path, posts: int = 10_000, seed: int = 7) -> Path:
    """Write a WXR 1.2 file with *posts* posts, 12 categories, 40 tags and comments."""
    rng = random.Random(seed)
    start = datetime(2015, 1, 1, 8, 0, 0)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel>',
        "<title>Bench</title><link>http://bench.test</link><description>Synthetic</description>",
        "<wp:wxr_version>1.2</wp:wxr_version>",
        "<wp:base_site_url>http://bench.test</wp:base_site_url>",
        "<wp:base_blog_url>http://bench.test</wp:base_blog_url>",
    ]
    for n, login in enumerate(("editor", "reporter"), start=1):
        out.append(
            f"<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>{login}"
            f"</wp:author_login><wp:author_email>{login}@bench.test</wp:author_email>"
            f"<wp:author_display_name>{login.title()}</wp:author_display_name></wp:author>"
        )
    cats = [f"section-{i}" for i in range(12)]
    tags = [f"topic-{i}" for i in range(40)]
    for i, slug in enumerate(cats, start=1):
        out.append(
            f"<wp:category><wp:term_id>{i}</wp:term_id><wp:category_nicename>{slug}"
            f"</wp:category_nicename><wp:category_parent></wp:category_parent>"
            f"<wp:cat_name>Section {i}</wp:cat_name></wp:category>"
        )
    for i, slug in enumerate(tags, start=100):
        out.append(
            f"<wp:tag><wp:term_id>{i}</wp:term_id><wp:tag_slug>{slug}</wp:tag_slug>"
            f"<wp:tag_name>Topic {i}</wp:tag_name></wp:tag>"
        )
    comment_id = 1
    for post_id in range(1, posts + 1):
        date = start + timedelta(hours=post_id * 6)
        title = _sentence(rng, 6)[:-1]
        body = "\n\n".join(_sentence(rng, rng.randint(12, 30)) for _ in range(rng.randint(3, 8)))
        cat = rng.choice(cats)
        item_tags = rng.sample(tags, 3)
        stamp = date.strftime("%Y-%m-%d %H:%M:%S")
        out.append(
            f"<item><title>{escape(title)}</title><dc:creator>"
            f"{'editor' if post_id % 2 else 'reporter'}</dc:creator>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded>"
            f"<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
            f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>{stamp}</wp:post_date>"
            f"<wp:post_date_gmt>{stamp}</wp:post_date_gmt>"
            f"<wp:comment_status>open</wp:comment_status><wp:ping_status>open</wp:ping_status>"
            f"<wp:post_name>post-{post_id}</wp:post_name><wp:status>publish</wp:status>"
            f"<wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order>"
            f"<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>"
            f"<wp:is_sticky>0</wp:is_sticky>"
            f'<category domain="category" nicename="{cat}"><![CDATA[{cat}]]></category>'
        )
        for tag in item_tags:
            out.append(f'<category domain="post_tag" nicename="{tag}"><![CDATA[{tag}]]></category>')
        for _ in range(rng.randint(0, 4)):
            out.append(
                f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                f"<wp:comment_author>Reader {comment_id}</wp:comment_author>"
                f"<wp:comment_author_email>r{comment_id}@bench.test</wp:comment_author_email>"
                f"<wp:comment_date>{stamp}</wp:comment_date>"
                f"<wp:comment_date_gmt>{stamp}</wp:comment_date_gmt>"
                f"<wp:comment_content><![CDATA[{_sentence(rng, 15)}]]></wp:comment_content>"
                f"<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment"
                f"</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>"
            )
            comment_id += 1
        out.append("</item>")
    out.append("</channel></rss>")
    path.write_text("\n".join(out), encoding="utf-8")
    return path
