"""RSS 2.0 feeds of the main query, like WordPress's ``feed-rss2.php`` and comments feed.

Like WordPress, a feed request bypasses the theme: ``/feed/`` and every archive's ``…/feed/``
list the query's posts (``posts_per_rss`` of them); a post's own ``…/feed/`` and
``/comments/feed/`` list approved comments. Protected posts never show their content or
comments in a feed. (Atom and RDF requests get RSS 2.0.)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from email.utils import format_datetime
from typing import Any

from lxml import etree
from sqlalchemy import select

from .content.context import ContentContext
from .content.excerpt import cached_excerpt
from .content.pipeline import render_part
from .context import QueryContext
from .models import AnySession, Comment, Post
from .present import load_page_data
from .visibility import visible_clause

NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "atom": "http://www.w3.org/2005/Atom",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
}
PROTECTED = "There is no excerpt because this is a protected post."


def _rfc822(value: datetime) -> str:
    from datetime import UTC

    return format_datetime(value.replace(tzinfo=UTC))


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> Any:
    prefix, _, local = tag.rpartition(":")
    name = f"{{{NS[prefix]}}}{local}" if prefix else local
    element = etree.SubElement(parent, name, attrs)
    if text is not None:
        element.text = _xml_safe(text)
    return element


def _xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (control characters in imported content)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)


def _channel(title: str, link: str, self_url: str, description: str) -> tuple[Any, Any]:
    rss = etree.Element("rss", {"version": "2.0"}, nsmap=NS)
    channel = _sub(rss, "channel")
    _sub(channel, "title", title)
    _sub(channel, "atom:link", href=self_url, rel="self", type="application/rss+xml")
    _sub(channel, "link", link)
    _sub(channel, "description", description)
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
        name = obj.title
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
        _sub(item, "title", post.title)
        _sub(item, "link", url)
        author = data.authors.get(post.author_id or 0)
        _sub(item, "dc:creator", author.display_name if author else "")
        _sub(item, "pubDate", _rfc822(post.date_gmt))
        for term in data.terms.get(post.id, []):
            if term.taxonomy in ("category", "post_tag"):
                _sub(item, "category", term.name)
        _sub(item, "guid", post.guid or url, isPermaLink="false")
        if post.password:
            _sub(item, "description", PROTECTED)
        else:
            context = ContentContext(
                post=post, session=session, linker=linker, options=dict(options)
            )
            _sub(item, "description", cached_excerpt(post, context)[1])
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
        title, link = f"Comments on: {post.title}", linker.post(post)
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
        _sub(item, "title", f"By: {comment.author_name or 'Anonymous'}")
        _sub(item, "link", url)
        _sub(item, "dc:creator", comment.author_name or "Anonymous")
        _sub(item, "pubDate", _rfc822(comment.date_gmt))
        _sub(item, "guid", url, isPermaLink="false")
        _sub(item, "description", comment.content[:500])
    return etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)
