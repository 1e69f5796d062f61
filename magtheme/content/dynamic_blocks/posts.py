"""Latest posts, latest comments and the page list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...models import Comment, Post, TermRelationship, User
from ...visibility import visible_clause
from ..blocks import BlockInstance, dynamic
from ..titles import title_html
from .common import (
    as_int,
    block_date,
    block_iso,
    block_now,
    block_option,
    esc,
    post_title,
    preload_links,
    trim_words,
    wrapper_attributes,
)

# -- latest posts -----------------------------------------------------------------------------

LATEST_POSTS_DEFAULTS = {
    "postsToShow": 5,
    "order": "desc",
    "orderBy": "date",
    "displayPostContent": False,
    "displayPostContentRadio": "excerpt",
    "excerptLength": 55,
    "displayAuthor": False,
    "displayPostDate": False,
    "postLayout": "list",
    "columns": 3,
    "displayFeaturedImage": False,
}


@dynamic("core/latest-posts", defaults=LATEST_POSTS_DEFAULTS)
def render_latest_posts(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_latest_posts``: one statement for the posts (two with authors)."""
    session, linker = block.context.session, block.context.linker
    if session is None or linker is None:
        return ""
    descending = str(attrs.get("order")).lower() != "asc"
    column = Post.title if attrs.get("orderBy") == "title" else Post.date
    query = (
        select(Post)
        .where(Post.post_type == "post", visible_clause(block_now(block)))
        .order_by(column.desc() if descending else column.asc(), Post.id.desc())
        .limit(max(1, min(as_int(attrs.get("postsToShow"), 5), 100)))
    )
    categories = attrs.get("categories")
    if isinstance(categories, list):
        ids = [as_int(c.get("id"), 0) for c in categories if isinstance(c, dict)]
        if ids:
            query = query.where(
                Post.id.in_(
                    select(TermRelationship.post_id).where(TermRelationship.term_id.in_(ids))
                )
            )
    if attrs.get("selectedAuthor"):
        query = query.where(Post.author_id == as_int(attrs["selectedAuthor"], 0))
    posts = list(session.scalars(query))
    preload_links(block, posts)
    authors: dict[int, str] = {}
    if attrs.get("displayAuthor"):
        author_ids = {p.author_id for p in posts if p.author_id}
        if author_ids:
            rows = session.execute(
                select(User.id, User.display_name).where(User.id.in_(author_ids))
            )
            authors = {row.id: row.display_name for row in rows}
    items = []
    for post in posts:
        link = esc(linker.post(post))
        title = post_title(post) or "(no title)"
        item = f'<li><a class="wp-block-latest-posts__post-title" href="{link}">{title}</a>'
        if attrs.get("displayAuthor") and authors.get(post.author_id or 0):
            name = esc(authors[post.author_id or 0])
            item += f'<div class="wp-block-latest-posts__post-author">by {name}</div>'
        if attrs.get("displayPostDate"):
            item += (
                f'<time datetime="{block_iso(block, post.date)}" '
                f'class="wp-block-latest-posts__post-date">{block_date(block, post.date)}</time>'
            )
        if attrs.get("displayPostContent"):
            item += _latest_post_text(attrs, post, link)
        items.append(item + "</li>\n")
    classes = ["wp-block-latest-posts__list"]
    if attrs.get("postLayout") == "grid":
        classes += ["is-grid", f"columns-{as_int(attrs.get('columns'), 3)}"]
    if attrs.get("displayPostDate"):
        classes.append("has-dates")
    if attrs.get("displayAuthor"):
        classes.append("has-author")
    return f"<ul {wrapper_attributes(block, ' '.join(classes))}>{''.join(items)}</ul>"


def _latest_post_text(attrs: dict[str, Any], post: Any, link: str) -> str:
    if post.password:
        text = "This content is password protected."
    elif attrs.get("displayPostContentRadio") == "full_post":
        from ..sanitize import sanitize

        return (
            f'<div class="wp-block-latest-posts__post-full-content">{sanitize(post.content)}</div>'
        )
    elif post.excerpt:
        text = esc(post.excerpt)
    else:
        more = f' [&hellip;] <a href="{link}" rel="noopener noreferrer">Read more</a>'
        text = trim_words(post.content, as_int(attrs.get("excerptLength"), 55), more)
    return f'<div class="wp-block-latest-posts__post-excerpt">{text}</div>'


# -- latest comments --------------------------------------------------------------------------


def initials_avatar(name: str, size: int = 48) -> str:
    """A local avatar: the commenter's initials on a colour from their name (an SVG data URI)."""
    letters = "".join(w[0] for w in name.split()[:2]).upper() or "?"
    hue = sum(map(ord, name)) * 37 % 360
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{size}' height='{size}'>"
        f"<rect width='100%' height='100%' fill='hsl({hue},45%,45%)'/>"
        f"<text x='50%' y='50%' dy='.35em' text-anchor='middle' fill='white' "
        f"font-family='sans-serif' font-size='{size // 2 - 4}'>{esc(letters)}</text></svg>"
    )
    from urllib.parse import quote

    return "data:image/svg+xml," + quote(svg)


@dynamic(
    "core/latest-comments",
    defaults={
        "commentsToShow": 5,
        "displayAvatar": True,
        "displayDate": True,
        "displayExcerpt": True,
    },
)
def render_latest_comments(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_latest_comments``: approved comments on public posts, newest first,
    in one statement."""
    session, linker = block.context.session, block.context.linker
    if session is None or linker is None:
        return ""
    rows = session.execute(
        select(Comment, Post)
        .join(Post, Post.id == Comment.post_id)
        .where(Comment.status == "approved", visible_clause(block_now(block)))
        .order_by(Comment.date_gmt.desc(), Comment.id.desc())
        .limit(max(1, min(as_int(attrs.get("commentsToShow"), 5), 100)))
    ).all()
    preload_links(block, [post for _, post in rows])
    avatars = attrs.get("displayAvatar") and block_option(block, "show_avatars", True) not in (
        False,
        "0",
        0,
    )
    items = []
    for comment, post in rows:
        item = '<li class="wp-block-latest-comments__comment">'
        name = comment.author_name or "Anonymous"
        if avatars:
            item += (
                f'<img alt="" src="{esc(initials_avatar(name))}" class="avatar avatar-48 photo '
                'wp-block-latest-comments__comment-avatar" height="48" width="48" '
                'loading="lazy" decoding="async"/>'
            )
        item += '<article><footer class="wp-block-latest-comments__comment-meta">'
        if comment.author_url:
            author = (
                '<a class="wp-block-latest-comments__comment-author" '
                f'href="{esc(comment.author_url)}">{esc(name)}</a>'
            )
        else:
            author = f'<span class="wp-block-latest-comments__comment-author">{esc(name)}</span>'
        link = esc(f"{linker.post(post)}#comment-{comment.id}")
        title = post_title(post) or "(no title)"
        item += (
            f'{author} on <a class="wp-block-latest-comments__comment-link" href="{link}">'
            f"{title}</a>"
        )
        if attrs.get("displayDate"):
            item += (
                f'<time datetime="{block_iso(block, comment.date)}" '
                f'class="wp-block-latest-comments__comment-date">'
                f"{block_date(block, comment.date)}</time>"
            )
        item += "</footer>"
        if attrs.get("displayExcerpt"):
            # get_comment_excerpt: a protected post's comments stay hidden too.
            excerpt = "Password protected" if post.password else trim_words(comment.content, 20)
            item += (
                f'<div class="wp-block-latest-comments__comment-excerpt"><p>{excerpt}</p>\n</div>'
            )
        items.append(item + "</article></li>")
    classes = []
    if avatars:
        classes.append("has-avatars")
    if attrs.get("displayDate"):
        classes.append("has-dates")
    if attrs.get("displayExcerpt"):
        classes.append("has-excerpts")
    if not items:
        wrapper = wrapper_attributes(block, "no-comments")
        return f"<div {wrapper}>No comments to show.</div>"
    return f"<ol {wrapper_attributes(block, ' '.join(classes))}>{''.join(items)}</ol>"


# -- page list --------------------------------------------------------------------------------


@dynamic("core/page-list")
def render_page_list(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_page_list``: every public page, nested under its parent, ordered
    by menu order then title, in one statement (plus the linker's preload)."""
    session, linker = block.context.session, block.context.linker
    if session is None or linker is None:
        return ""
    pages = list(
        session.scalars(
            select(Post)
            .where(Post.post_type == "page", visible_clause(block_now(block)), Post.password == "")
            .order_by(Post.menu_order, Post.title, Post.id)
        )
    )
    if not pages:
        return ""
    preload_links(block, pages)
    ids = {p.id for p in pages}
    children: dict[int, list[Any]] = {}
    for page in pages:
        children.setdefault(page.parent_id if page.parent_id in ids else 0, []).append(page)
    current = getattr(block.context.post, "id", None)
    ancestors: set[int] = set()
    by_id = {p.id: p for p in pages}
    if current in by_id:
        parent = by_id[current].parent_id
        while parent in by_id and parent not in ancestors:
            ancestors.add(parent)
            parent = by_id[parent].parent_id

    def items(parent: int, depth: int, seen: frozenset[int]) -> str:
        markup = []
        for page in children.get(parent, []):
            if page.id in seen:
                continue
            css = " current-menu-item" if page.id == current else ""
            css += " current-menu-ancestor" if page.id in ancestors else ""
            kids = children.get(page.id) and depth < 50
            css += " has-child" if kids else ""
            aria = ' aria-current="page"' if page.id == current else ""
            markup.append(
                f'<li class="wp-block-pages-list__item{css}">'
                f'<a class="wp-block-pages-list__item__link" href="{esc(linker.post(page))}"'
                f"{aria}>{title_html(page.title or '')}</a>"
            )
            if kids:
                inner = items(page.id, depth + 1, seen | {page.id})
                markup.append(f'<ul class="submenu-container">{inner}</ul>')
            markup.append("</li>")
        return "".join(markup)

    return f"<ul {wrapper_attributes(block)}>{items(0, 0, frozenset())}</ul>"
