"""RSS 2.0 feeds of the main query, like WordPress's ``feed-rss2.php`` and comments feed.

Like WordPress, a feed request bypasses the theme: ``/feed/`` and every archive's ``…/feed/``
list the query's posts (``posts_per_rss`` of them); a post's own ``…/feed/`` and
``/comments/feed/`` list approved comments. Protected posts never show their content or
comments in a feed. (Atom and RDF requests get RSS 2.0.)

Every string reaches the document through :func:`_sub`, which drops what XML 1.0 cannot
hold (:func:`xml_chars`), so no title, name or search text can break a feed. Feed readers
read ``<title>`` as text and ``<description>`` as HTML, and some read every element as HTML:
titles, names and categories are plain text with no tags left in them
(:func:`plain_text`, as WordPress's ``the_title_rss`` strips tags); descriptions are the
text a reader of the page sees, escaped as HTML (:func:`html_text`), so nothing in them
becomes markup again. Only ``content:encoded`` carries HTML: the sanitized HTML of the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import datetime
from email.utils import format_datetime
from typing import Any

from lxml import etree
from sqlalchemy import select

from .content.comment import render_comment
from .content.context import ContentContext
from .content.excerpt import cached_excerpt
from .content.pipeline import render_part
from .content.text import wp_strip_all_tags
from .context import QueryContext
from .models import AnySession, Comment, Post
from .present import display_title, load_page_data
from .visibility import visible_clause

NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "atom": "http://www.w3.org/2005/Atom",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
}
PROTECTED = "There is no excerpt because this is a protected post."


def _int_option(value: Any) -> int:
    try:
        return int(str(value or 0))
    except ValueError:
        return 0


def _rfc822(value: datetime) -> str:
    from datetime import UTC

    return format_datetime(value.replace(tzinfo=UTC))


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> Any:
    """Append element *tag*; every text and attribute value of the feed passes here."""
    prefix, _, local = tag.rpartition(":")
    name = f"{{{NS[prefix]}}}{local}" if prefix else local
    element = etree.SubElement(parent, name, {k: xml_chars(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_chars(text)
    return element


#: What XML 1.0 forbids: everything outside its ``Char`` production (C0 controls but tab,
#: newline and carriage return; lone surrogates; U+FFFE and U+FFFF).
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_chars(text: str) -> str:
    """*text* without the characters XML 1.0 cannot hold."""
    return _NOT_XML_CHAR.sub("", text)


#: Where an HTML parser would start a tag, a comment or a declaration.
_MARKUP_START = re.compile(r"<(?=[A-Za-z/!?])")


def text_of(markup: str) -> str:
    """What a reader of *markup* (HTML) sees: its text, tags removed, entities decoded."""
    return html.unescape(wp_strip_all_tags(markup))


def plain_text(markup: str) -> str:
    """*markup* (HTML, or text with entities) as plain text with no markup left in it.

    Tags go, entities are decoded, and tags that decoding revealed (``&lt;img …&gt;``) go
    too, so a reader that takes the text for HTML finds nothing to run.
    """
    text = text_of(markup)
    while _MARKUP_START.search(text):
        stripped = wp_strip_all_tags(text)
        # Every round is shorter, so this ends.
        text = stripped if stripped != text else _MARKUP_START.sub("", text)
    return text


def html_text(text: str) -> str:
    """*text* (plain) as HTML that shows exactly that text (for ``<description>``)."""
    return html.escape(text, quote=False)


def _channel(title: str, link: str, self_url: str, description: str) -> tuple[Any, Any]:
    rss = etree.Element("rss", {"version": "2.0"}, nsmap=NS)
    channel = _sub(rss, "channel")
    _sub(channel, "title", plain_text(title))
    _sub(channel, "atom:link", href=self_url, rel="self", type="application/rss+xml")
    _sub(channel, "link", link)
    _sub(channel, "description", plain_text(description))
    _sub(channel, "language", "en")
    _sub(channel, "generator", "Magtheme")
    return rss, channel


def feed_link(url: str) -> str:
    """The comments feed of a post URL, pretty or plain."""
    if "?" in url:
        return url + "&feed=rss2"
    return url.rstrip("/") + "/feed/"


def feed_title(ctx: QueryContext, blogname: str) -> str:
    """WordPress's channel title: the site, then what the feed is of."""
    obj = ctx.queried_object
    if ctx.is_search:
        return f"{blogname} » Search Results for “{ctx.search_terms}”"
    name = getattr(obj, "name", None) or getattr(obj, "display_name", None)
    if isinstance(obj, Post):
        name = display_title(obj)
    if name and not ctx.is_singular:
        return f"{blogname} » {name}"
    return blogname


def posts_feed(
    session: AnySession,
    ctx: QueryContext,
    linker: Any,
    options: Mapping[str, Any],
    self_url: str,
) -> bytes:
    """The RSS 2.0 document for the main query's posts."""
    blogname = str(options.get("blogname", ""))
    rss, channel = _channel(
        feed_title(ctx, blogname), linker.home(), self_url, str(options.get("blogdescription", ""))
    )
    if ctx.posts:
        newest = max(p.modified_gmt for p in ctx.posts)
        _sub(channel, "lastBuildDate", _rfc822(newest))
    data = load_page_data(session, ctx.posts, linker)
    for post in ctx.posts:
        item = _sub(channel, "item")
        url = linker.post(post)
        _sub(item, "title", plain_text(display_title(post)))
        _sub(item, "link", url)
        author = data.authors.get(post.author_id or 0)
        _sub(item, "dc:creator", plain_text(author.display_name if author else ""))
        _sub(item, "pubDate", _rfc822(post.date_gmt))
        for term in data.terms.get(post.id, []):
            if term.taxonomy in ("category", "post_tag"):
                _sub(item, "category", plain_text(term.name))
        _sub(item, "guid", post.guid or url, isPermaLink="false")
        if post.password:
            _sub(item, "description", html_text(PROTECTED))
        else:
            context = ContentContext(
                post=post, session=session, linker=linker, options=dict(options)
            )
            _sub(item, "description", html_text(text_of(cached_excerpt(post, context)[0])))
            if not _int_option(options.get("rss_use_excerpt")):
                # WordPress's "For each post in a feed, include: Full text" (the default).
                _sub(item, "content:encoded", render_part(post, 1, context).html)
            _sub(item, "comments", url + "#comments")
            _sub(item, "wfw:commentRss", feed_link(url))
            _sub(item, "slash:comments", str(post.comment_count))
    return etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def comments_feed(
    session: AnySession,
    post: Post | None,
    linker: Any,
    options: Mapping[str, Any],
    self_url: str,
    now: datetime,
) -> bytes:
    """Approved comments of *post*, or of the whole site when *post* is ``None``."""
    blogname = str(options.get("blogname", ""))
    limit = int(options.get("posts_per_rss", 10) or 10)
    if post is not None:
        title, link = f"Comments on: {display_title(post)}", linker.post(post)
    else:
        title, link = f"Comments for {blogname}", linker.home()
    rss, channel = _channel(title, link, self_url, str(options.get("blogdescription", "")))
    stmt = (
        select(Comment, Post)
        .join(Post, Post.id == Comment.post_id)
        .where(Comment.status == "approved", Post.password == "")
        .where(visible_clause(now))
        .order_by(Comment.date_gmt.desc(), Comment.id.desc())
        .limit(limit)
    )
    if post is not None:
        stmt = stmt.where(Comment.post_id == post.id)
    for comment, parent in session.execute(stmt):
        item = _sub(channel, "item")
        url = f"{linker.post(parent)}#comment-{comment.id}"
        author = plain_text(comment.author_name) or "Anonymous"
        _sub(item, "title", f"By: {author}")
        _sub(item, "link", url)
        _sub(item, "dc:creator", author)
        _sub(item, "pubDate", _rfc822(comment.date_gmt))
        _sub(item, "guid", url, isPermaLink="false")
        _sub(item, "description", html_text(text_of(render_comment(comment.content))[:500]))
    return etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)
