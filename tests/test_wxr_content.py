"""Imported text is stored exactly as the export has it: no filtering, no CDATA munging.

WordPress's importer, run by an administrator (who has ``unfiltered_html``), stores posts and
comments unchanged; what a page shows is filtered by the trust of whoever wrote it.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from magtheme import create_app
from magtheme.models import Comment, Post, db
from magtheme.wxr import import_wxr, read_wxr
from tests.test_wxr_import import registry, write_wxr


def cdata(text: str) -> str:
    """WordPress's ``wxr_cdata()``: a literal ``]]>`` is split across two sections."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def exported(
    title: str,
    content: str,
    *,
    excerpt: str = "",
    comment: str = "Hi",
    post_id: int = 5,
    date: datetime = datetime(2024, 1, 1, 10, 0),
) -> str:
    """One post with one comment, written as WordPress's exporter writes them."""
    when = f"{date:%Y-%m-%d %H:%M:%S}"
    return f"""<item><title>{cdata(title)}</title><dc:creator>{cdata("admin")}</dc:creator>
<content:encoded>{cdata(content)}</content:encoded>
<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date>{when}</wp:post_date>
<wp:post_date_gmt>{when}</wp:post_date_gmt><wp:post_name>{cdata("p")}</wp:post_name>
<wp:status>{cdata("publish")}</wp:status><wp:post_type>{cdata("post")}</wp:post_type>
<wp:comment><wp:comment_id>9</wp:comment_id><wp:comment_author>{cdata("Eve")}</wp:comment_author>
<wp:comment_content>{cdata(comment)}</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_date>{when}</wp:comment_date>
<wp:comment_date_gmt>{when}</wp:comment_date_gmt></wp:comment></item>"""


def stored(app: Flask, path: Path) -> tuple[Post, Comment]:
    report = import_wxr(path, registry=registry(app))
    post = db.session.get(Post, report.post_ids[5])
    assert post is not None
    comment = db.session.scalars(select(Comment).filter_by(post_id=post.id)).one()
    return post, comment


HOSTILE = '<p onclick="x()">Hello</p><script>alert(1)</script><!--more-->Rest'
COMMENT = "Nice <img src=x onerror=alert(1)><b>post</b>"


@pytest.mark.parametrize("unfiltered", [False, True])
def test_hostile_html_is_stored_unchanged_whatever_the_setting(
    tmp_path: Path, unfiltered: bool
) -> None:
    """Filtering happens when a page is shown, by the author's role, never on import."""
    path = write_wxr(tmp_path, exported("<em>T</em>", HOSTILE, comment=COMMENT))
    app = create_app(tmp_path / "site", {"TESTING": True, "UNFILTERED_HTML": unfiltered})
    with app.app_context():
        db.create_all()
        post, comment = stored(app, path)
        assert (post.title, post.content, comment.content) == ("<em>T</em>", HOSTILE, COMMENT)


#: Texts that look like XML markup, as they travel through WordPress's exporter.
TRICKY = {
    "cdata-literal": "<p>Code: <![CDATA[ x < y ]]> end</p>",
    "cdata-close-only": "a ]]> b",
    "cdata-close-spaced": "a ]] > b ]]&gt; c",
    "cdata-close-repeated": "]]>]]>]]]]>",
    "nested-cdata": "<![CDATA[<![CDATA[inner]]>]]>",
    "entities": "&amp; &lt;b&gt; &#8217; &nbsp;",
    "whitespace": "\n\n  leading and trailing  \n\t",
    "block-comments": '<!-- wp:paragraph {"a":"]]>"} --><p>x</p><!-- /wp:paragraph -->',
    "astral": "emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, ﻿BOM, \u2028 separator",
    "token-lookalike": "\x1fMTBLOCK0\x1f and %%MORE%% and <!--more-->",
}


@pytest.mark.parametrize("case", sorted(TRICKY))
def test_tricky_text_round_trips(app: Flask, tmp_path: Path, case: str) -> None:
    text = TRICKY[case]
    if "\x1f" in text:  # not an XML character: the lookalike without it
        text = text.replace("\x1f", "")
    path = write_wxr(tmp_path, exported(text, text, excerpt=text, comment=text))
    post, comment = stored(app, path)
    assert (post.title, post.content, post.excerpt, comment.content) == (text,) * 4


def test_text_outside_cdata_is_read_as_xml_text(app: Flask, tmp_path: Path) -> None:
    """Older exports escape instead of using CDATA: the text is the unescaped string."""
    body = exported("T", "x").replace(
        f"<content:encoded>{cdata('x')}</content:encoded>",
        "<content:encoded>&lt;b&gt;bold&lt;/b&gt; ]]&gt; &amp;amp;</content:encoded>",
    )
    post, _ = stored(app, write_wxr(tmp_path, body))
    assert post.content == "<b>bold</b> ]]> &amp;"


def _xml_char(c: str) -> bool:
    """Characters XML 1.0 can carry, less CR (every XML parser turns CR LF into LF)."""
    code = ord(c)
    return (
        c in "\t\n"
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


xml_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("<>&]![CDATA-- \n\t\"'/;#")),
        st.characters(codec="utf-8").filter(_xml_char),
    ),
    max_size=200,
)
_dates = itertools.count()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=xml_text, content=xml_text, excerpt=xml_text, comment=xml_text)
def test_any_exported_text_round_trips(
    app: Flask, tmp_path: Path, title: str, content: str, excerpt: str, comment: str
) -> None:
    """Property: what WordPress's exporter writes, the database holds, character for character."""
    date = datetime(2001, 1, 1) + timedelta(minutes=next(_dates))  # never "already there"
    body = exported(title, content, excerpt=excerpt, comment=comment, date=date)
    path = write_wxr(tmp_path, body, name=f"{date:%Y%m%d%H%M}.xml")
    (read,) = read_wxr(path).items
    assert (read.title, read.content, read.excerpt) == (title, content, excerpt)
    post, stored_comment = stored(app, path)
    assert (post.title, post.content, post.excerpt) == (title, content, excerpt)
    assert stored_comment.content == comment
