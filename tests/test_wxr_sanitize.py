"""Imported content is sanitized when written, unless the site allows unfiltered HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from magtheme import create_app
from magtheme.models import Comment, Post, db
from magtheme.wxr import import_wxr

WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>T</title>
<wp:wxr_version>1.2</wp:wxr_version>
<item><title>Hostile</title><dc:creator>admin</dc:creator>
<content:encoded><![CDATA[<p onclick="x()">Hello</p><script>alert(1)</script><!--more-->Rest]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>5</wp:post_id><wp:post_date>2024-01-01 10:00:00</wp:post_date>
<wp:post_date_gmt>2024-01-01 10:00:00</wp:post_date_gmt><wp:post_name>hostile</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>9</wp:comment_id><wp:comment_author>Eve</wp:comment_author>
<wp:comment_content><![CDATA[Nice <img src=x onerror=alert(1)><b>post</b>]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_date>2024-01-02 10:00:00</wp:comment_date>
<wp:comment_date_gmt>2024-01-02 10:00:00</wp:comment_date_gmt></wp:comment>
</item></channel></rss>"""


@pytest.mark.parametrize("unfiltered", [False, True])
def test_import_sanitizes_unless_unfiltered(tmp_path: Path, unfiltered: bool) -> None:
    wxr = tmp_path / "hostile.xml"
    wxr.write_text(WXR)
    app = create_app(tmp_path / "site", {"TESTING": True, "UNFILTERED_HTML": unfiltered})
    with app.app_context():
        db.create_all()
        import_wxr(wxr, registry=app.extensions["magtheme.registry"])
        post = db.session.get(Post, 5)
        comment = db.session.get(Comment, 9)
        assert post is not None and comment is not None
        assert "<!--more-->" in post.content
        assert ("<script>" in post.content) is unfiltered
        assert ("onclick" in post.content) is unfiltered
        # Comments are always a visitor's words: sanitized whatever the setting.
        assert comment.content == "Nice <b>post</b>"
