"""WordPress's dynamic core blocks, drawn on the server from the site's data.

Each renderer is WordPress 6.1's ``render_block_core_*`` (``src/wp-includes/blocks/*.php``)
with its markup and classes, and loads what it shows in a fixed number of SQL statements
through ``context.session`` whatever the size of the site; links come from
``context.linker``. Only what the public may see is listed (``visibility.visible_clause``).

Where Magtheme differs on purpose: the archives and categories dropdowns are plain GET forms
(``?m=`` and ``?cat=``) with a submit button instead of WordPress's inline ``onchange``
script; latest comments draw a local initials avatar instead of asking Gravatar; social
links show their service name as text (no icon set is bundled); the search block's field is
empty (the block cannot know the request's query).
"""

from __future__ import annotations

import calendar
import html
import math
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, extract, func, select

from ..dates import format_date
from ..models import Comment, Post, Term, TermRelationship, User
from ..visibility import now_gmt, visible_clause
from .blocks import BlockInstance, default_classname, dynamic

# -- shared helpers (WordPress's get_block_wrapper_attributes and friends) --------------------


def esc(text: Any) -> str:
    """``esc_attr``/``esc_html``: text safe in an attribute or element."""
    return html.escape(str(text), quote=True)


def _kebab(value: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")


def wrapper_attributes(block: BlockInstance, extra_class: str = "", extra_style: str = "") -> str:
    """``get_block_wrapper_attributes``: the supports' classes (alignment, colors, the block's
    own ``className``, ``wp-block-<name>``, font size) after *extra_class*, and its styles."""
    attrs = block.attrs
    classes: list[str] = []
    styles: list[str] = []
    if attrs.get("align"):
        classes.append("align" + _kebab(attrs["align"]))
    style = _dict(attrs.get("style"))
    color = _dict(style.get("color"))
    if attrs.get("textColor") or color.get("text"):
        classes.append("has-text-color")
        if attrs.get("textColor"):
            classes.append(f"has-{_kebab(attrs['textColor'])}-color")
        else:
            styles.append(f"color:{color['text']}")
    if attrs.get("backgroundColor") or color.get("background") or attrs.get("gradient"):
        classes.append("has-background")
        if attrs.get("backgroundColor"):
            classes.append(f"has-{_kebab(attrs['backgroundColor'])}-background-color")
        elif attrs.get("gradient"):
            classes.append(f"has-{_kebab(attrs['gradient'])}-gradient-background")
        else:
            styles.append(f"background-color:{color['background']}")
    if isinstance(attrs.get("className"), str) and attrs["className"].strip():
        classes.append(attrs["className"].strip())
    classes.append(default_classname(block.name))
    if attrs.get("fontSize"):
        classes.append(f"has-{_kebab(attrs['fontSize'])}-font-size")
    typography = _dict(style.get("typography"))
    if typography.get("fontSize"):
        styles.append(f"font-size:{typography['fontSize']}")
    parts = []
    style_text = ";".join(s for s in [extra_style, *styles] if s)
    if style_text:
        parts.append(f'style="{esc(style_text)}"')
    class_text = " ".join(classes)
    if extra_class:
        class_text = f"{extra_class} {class_text}"
    parts.append(f'class="{esc(class_text)}"')
    return " ".join(parts)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _now(block: BlockInstance) -> datetime:
    return block.context.now or now_gmt()


def _option(block: BlockInstance, name: str, default: Any) -> Any:
    value = block.context.options.get(name)
    return default if value in (None, "") else value


def _date(block: BlockInstance, value: datetime) -> str:
    return format_date(value, str(_option(block, "date_format", "F j, Y")))


def _iso(block: BlockInstance, local: datetime) -> str:
    """PHP's ``c`` date: the local time with the site's UTC offset (``gmt_offset``)."""
    try:
        hours = float(_option(block, "gmt_offset", 0))
    except (TypeError, ValueError):
        hours = 0.0
    minutes = round(hours * 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _title(post: Any) -> str:
    """``get_the_title``: the title as text, texturized, prefixed for protected and private
    posts (the quotes stay plain characters so texturize can curl them)."""
    from .texturize import wptexturize

    title = wptexturize(html.escape(post.title or "", quote=False))
    if post.password:
        title = f"Protected: {title}"
    elif post.status == "private":
        title = f"Private: {title}"
    return title


def _preload(block: BlockInstance, posts: Sequence[Any]) -> None:
    """Load every link's lookups at once, so a list costs the same for 5 posts or 500."""
    lookup: Any = getattr(block.context.linker, "lookup", None)
    if posts and hasattr(lookup, "preload"):
        lookup.preload(posts)


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _strip_text(text: str) -> str:
    """Text of *text* without tags, shortcodes or block comments (``wp_strip_all_tags``)."""
    text = re.sub(r"<(script|style)[^>]*?>.*?</\1>", "", text, flags=re.S | re.I)
    text = re.sub(r"\[/?[a-zA-Z][^\]]*\]", "", text)
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def trim_words(text: str, count: int, more: str = "&hellip;") -> str:
    """``wp_trim_words``: the first *count* words of *text*'s plain text, escaped."""
    words = _strip_text(text).split()
    trimmed = esc(" ".join(words[:count]))
    return trimmed + more if len(words) > count else trimmed


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
        .where(Post.post_type == "post", visible_clause(_now(block)))
        .order_by(column.desc() if descending else column.asc(), Post.id.desc())
        .limit(max(1, min(_int(attrs.get("postsToShow"), 5), 100)))
    )
    categories = attrs.get("categories")
    if isinstance(categories, list):
        ids = [_int(c.get("id"), 0) for c in categories if isinstance(c, dict)]
        if ids:
            query = query.where(
                Post.id.in_(
                    select(TermRelationship.post_id).where(TermRelationship.term_id.in_(ids))
                )
            )
    if attrs.get("selectedAuthor"):
        query = query.where(Post.author_id == _int(attrs["selectedAuthor"], 0))
    posts = list(session.scalars(query))
    _preload(block, posts)
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
        title = _title(post) or "(no title)"
        item = f'<li><a class="wp-block-latest-posts__post-title" href="{link}">{title}</a>'
        if attrs.get("displayAuthor") and authors.get(post.author_id or 0):
            name = esc(authors[post.author_id or 0])
            item += f'<div class="wp-block-latest-posts__post-author">by {name}</div>'
        if attrs.get("displayPostDate"):
            item += (
                f'<time datetime="{_iso(block, post.date)}" '
                f'class="wp-block-latest-posts__post-date">{_date(block, post.date)}</time>'
            )
        if attrs.get("displayPostContent"):
            item += _latest_post_text(attrs, post, link)
        items.append(item + "</li>\n")
    classes = ["wp-block-latest-posts__list"]
    if attrs.get("postLayout") == "grid":
        classes += ["is-grid", f"columns-{_int(attrs.get('columns'), 3)}"]
    if attrs.get("displayPostDate"):
        classes.append("has-dates")
    if attrs.get("displayAuthor"):
        classes.append("has-author")
    return f"<ul {wrapper_attributes(block, ' '.join(classes))}>{''.join(items)}</ul>"


def _latest_post_text(attrs: dict[str, Any], post: Any, link: str) -> str:
    if post.password:
        text = "This content is password protected."
    elif attrs.get("displayPostContentRadio") == "full_post":
        from .sanitize import sanitize

        return (
            f'<div class="wp-block-latest-posts__post-full-content">{sanitize(post.content)}</div>'
        )
    elif post.excerpt:
        text = esc(post.excerpt)
    else:
        more = f' [&hellip;] <a href="{link}" rel="noopener noreferrer">Read more</a>'
        text = trim_words(post.content, _int(attrs.get("excerptLength"), 55), more)
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
        .where(Comment.status == "approved", visible_clause(_now(block)))
        .order_by(Comment.date_gmt.desc(), Comment.id.desc())
        .limit(max(1, min(_int(attrs.get("commentsToShow"), 5), 100)))
    ).all()
    _preload(block, [post for _, post in rows])
    avatars = attrs.get("displayAvatar") and _option(block, "show_avatars", True) not in (
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
        title = _title(post) or "(no title)"
        item += (
            f'{author} on <a class="wp-block-latest-comments__comment-link" href="{link}">'
            f"{title}</a>"
        )
        if attrs.get("displayDate"):
            item += (
                f'<time datetime="{_iso(block, comment.date)}" '
                f'class="wp-block-latest-comments__comment-date">'
                f"{_date(block, comment.date)}</time>"
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


# -- categories -------------------------------------------------------------------------------


def _natural(text: str) -> list[Any]:
    """A case-insensitive natural sort key (PHP's ``strnatcasecmp``; MySQL's name order)."""
    return [int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", text)]


def _term_tree(terms: list[Any], hierarchical: bool, hide_empty: bool) -> list[tuple[Any, int]]:
    """Terms in walk order with their depths; empty parents stay when a child has posts."""
    if not hierarchical:
        return [(t, 0) for t in terms if not hide_empty or t.count > 0]
    ids = {t.id for t in terms}
    children: dict[int, list[Any]] = {}
    for term in terms:
        parent = term.parent_id if term.parent_id in ids else 0
        children.setdefault(parent, []).append(term)

    def has_posts(term: Any, seen: frozenset[int] = frozenset()) -> bool:
        if term.count > 0:
            return True
        return any(
            has_posts(c, seen | {term.id}) for c in children.get(term.id, []) if c.id not in seen
        )

    out: list[tuple[Any, int]] = []
    stack = [(t, 0) for t in reversed(children.get(0, []))]
    seen: set[int] = set()
    while stack:
        term, depth = stack.pop()
        if term.id in seen or (hide_empty and not has_posts(term)):
            continue
        seen.add(term.id)
        out.append((term, depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(term.id, [])))
    return out


@dynamic("core/categories")
def render_categories(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_categories``: ``wp_list_categories`` or ``wp_dropdown_categories``
    over every category, in one statement."""
    session, linker = block.context.session, block.context.linker
    if session is None or linker is None:
        return ""
    query = select(Term).where(Term.taxonomy == "category")
    if attrs.get("showOnlyTopLevel"):
        query = query.where(Term.parent_id == 0)
    terms = sorted(session.scalars(query), key=lambda t: (_natural(t.name), t.id))
    hierarchical = bool(attrs.get("showHierarchy"))
    walked = _term_tree(terms, hierarchical, hide_empty=not attrs.get("showEmpty"))
    counts = bool(attrs.get("showPostCounts"))
    block_id = block.state.next("core/categories")
    if attrs.get("displayAsDropdown"):
        dropdown_id = f"wp-block-categories-{block_id}"
        options = ["\t<option value='-1'>Select Category</option>\n"]
        for term, depth in walked:
            count = f"&nbsp;&nbsp;({term.count})" if counts else ""
            pad = "&nbsp;" * (3 * depth)
            options.append(
                f'\t<option class="level-{depth}" value="{term.id}">{pad}{esc(term.name)}'
                f"{count}</option>\n"
            )
        select_html = (
            f"<select  name='cat' id='{dropdown_id}' class='postform'>\n"
            + "".join(options)
            + "</select>\n"
        )
        return (
            f"<div {wrapper_attributes(block, 'wp-block-categories-dropdown')}>"
            f'<form method="get" action="{esc(linker.home())}">'
            f'<label class="screen-reader-text" for="{dropdown_id}">Categories</label>'
            f"{select_html}"
            '<button type="submit" class="wp-block-categories__submit">View</button>'
            "</form></div>"
        )
    linker_lookup: Any = getattr(linker, "lookup", None)
    if hasattr(linker_lookup, "preload_terms"):
        linker_lookup.preload_terms([t.id for t, _ in walked])
    items = _category_list(walked, linker, counts, hierarchical)
    if not walked:
        items = '<li class="cat-item-none">No categories</li>'
    return f"<ul {wrapper_attributes(block, 'wp-block-categories-list')}>{items}</ul>"


def _category_list(walked: list[tuple[Any, int]], linker: Any, counts: bool, tree: bool) -> str:
    """``Walker_Category``'s list markup: nested ``ul.children`` for the hierarchy."""
    out: list[str] = []
    open_depth = -1
    for index, (term, depth) in enumerate(walked):
        depth = depth if tree else 0
        while open_depth >= depth:
            if open_depth > depth:
                out.append("\t" * (open_depth - 1) + "</ul>\n")
            out.append("</li>\n")
            open_depth -= 1
        if depth > 0 and open_depth == depth - 1 and index and out[-1] != "":
            out.append("\t" * (depth - 1) + "<ul class='children'>\n")
        title = f' title="{esc(_strip_text(term.description))}"' if term.description else ""
        link = f'<a href="{esc(linker.term(term))}"{title}>{esc(term.name)}</a>'
        if counts:
            link += f" ({term.count})"
        out.append(f'\t<li class="cat-item cat-item-{term.id}">{link}\n')
        open_depth = depth
    while open_depth >= 0:
        out.append("</li>\n")
        if open_depth > 0:
            out.append("\t" * (open_depth - 1) + "</ul>\n")
        open_depth -= 1
    return "".join(out)


# -- archives ---------------------------------------------------------------------------------

MONTHS = [
    "",
    *(
        "January February March April May June July August September October November December"
    ).split(),
]


@dynamic("core/archives", defaults={"type": "monthly", "showLabel": True})
def render_archives(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_archives``: ``wp_get_archives`` by month, year or day, one statement."""
    session, linker = block.context.session, block.context.linker
    if session is None or linker is None:
        return ""
    kind = str(attrs.get("type")) if attrs.get("type") in ("yearly", "daily") else "monthly"
    parts = [extract("year", Post.date)]
    if kind in ("monthly", "daily"):
        parts.append(extract("month", Post.date))
    if kind == "daily":
        parts.append(extract("day", Post.date))
    rows = session.execute(
        select(*parts, func.count(Post.id))
        .where(Post.post_type == "post", visible_clause(_now(block)))
        .group_by(*parts)
        .order_by(*(p.desc() for p in parts))
    ).all()
    counts = bool(attrs.get("showPostCounts"))
    entries = []
    for row in rows:
        values = [int(v) for v in row[:-1]]
        if kind == "yearly":
            url, label, m = linker.year(values[0]), str(values[0]), f"{values[0]}"
        elif kind == "monthly":
            url, label = linker.month(*values), f"{MONTHS[values[1]]} {values[0]}"
            m = f"{values[0]}{values[1]:02d}"
        else:
            url = linker.day(*values)
            label = format_date(
                datetime(values[0], values[1], values[2]),
                str(_option(block, "date_format", "F j, Y")),
            )
            m = f"{values[0]}{values[1]:02d}{values[2]:02d}"
        entries.append((url, label, m, row[-1]))
    if attrs.get("displayAsDropdown"):
        dropdown_id = block.state.unique_id("wp-block-archives-")
        prompt = {"yearly": "Select Year", "daily": "Select Day"}.get(kind, "Select Month")
        options = "".join(
            f"\t<option value='{m}'> {esc(label)} "
            + (f"&nbsp;({count})" if counts else "")
            + "</option>\n"
            for _, label, m, count in entries
        )
        show_label = "" if attrs.get("showLabel") else " screen-reader-text"
        return (
            f"<div {wrapper_attributes(block, ' wp-block-archives-dropdown')}>"
            f'<form method="get" action="{esc(linker.home())}">'
            f'<label for="{dropdown_id}" class="wp-block-archives__label{show_label}">'
            f"Archives</label>\n\t\t"
            f'<select id="{dropdown_id}" name="m">\n\t\t<option value="">{prompt}</option>'
            f"{options}</select>"
            '<button type="submit" class="wp-block-archives__submit">View</button></form></div>'
        )
    if not entries:
        return f"<div {wrapper_attributes(block, ' wp-block-archives-list')}>No archives to show.</div>"
    items = "".join(
        f"\t<li><a href='{esc(url)}'>{esc(label)}</a>"
        + (f"&nbsp;({count})" if counts else "")
        + "</li>\n"
        for url, label, _, count in entries
    )
    return f"<ul {wrapper_attributes(block, ' wp-block-archives-list')}>{items}</ul>"


# -- calendar ---------------------------------------------------------------------------------

WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def _calendar_month(attrs: dict[str, Any], block: BlockInstance) -> tuple[int, int] | None:
    """The month shown: the block's own, else the post's (what WordPress's query says on a
    dated permalink), else the newest post's (one statement)."""
    year, month = _int(attrs.get("year"), 0), _int(attrs.get("month"), 0)
    if year and 1 <= month <= 12:
        return year, month
    post = block.context.post
    if post is not None and getattr(post, "post_type", "") == "post" and post.date:
        return post.date.year, post.date.month
    newest = block.context.session.scalar(
        select(Post.date)
        .where(Post.post_type == "post", visible_clause(_now(block)))
        .order_by(Post.date.desc())
        .limit(1)
    )
    return (newest.year, newest.month) if newest else None


@dynamic("core/calendar")
def render_calendar(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_calendar``: ``get_calendar`` in three or four statements."""
    session, linker = block.context.session, block.context.linker
    if session is None or linker is None:
        return ""
    shown = _calendar_month(attrs, block)
    wrapper = wrapper_attributes(block)
    if shown is None:
        return f"<div {wrapper}></div>"
    year, month = shown
    first = datetime(year, month, 1)
    days_in_month = calendar.monthrange(year, month)[1]
    after = first + timedelta(days=days_in_month)
    visible = and_(Post.post_type == "post", visible_clause(_now(block)))
    days = {
        int(d)
        for (d,) in session.execute(
            select(extract("day", Post.date))
            .where(visible, Post.date >= first, Post.date < after)
            .distinct()
        )
    }
    previous = session.scalar(
        select(Post.date).where(visible, Post.date < first).order_by(Post.date.desc()).limit(1)
    )
    following = session.scalar(
        select(Post.date)
        .where(visible, Post.date >= after, Post.date <= _now(block))
        .order_by(Post.date.asc())
        .limit(1)
    )
    week_begins = _int(_option(block, "start_of_week", 1), 1) % 7
    week = [WEEKDAYS[(week_begins + i) % 7] for i in range(7)]
    out = [
        '<table id="wp-calendar" class="wp-calendar-table">\n'
        f"\t<caption>{MONTHS[month]} {year}</caption>\n\t<thead>\n\t<tr>"
    ]
    out += [f'\n\t\t<th scope="col" title="{day}">{day[0]}</th>' for day in week]
    out.append("\n\t</tr>\n\t</thead>\n\t<tbody>\n\t<tr>")

    def column(day: date) -> int:  # PHP's date('w') - week_begins, mod 7
        return ((day.weekday() + 1) % 7 - week_begins) % 7

    pad = column(date(year, month, 1))
    if pad:
        out.append(f'\n\t\t<td colspan="{pad}" class="pad">&nbsp;</td>')
    today = _now(block).date()
    new_row = False
    for day in range(1, days_in_month + 1):
        if new_row:
            out.append("\n\t</tr>\n\t<tr>\n\t\t")
        new_row = False
        current = date(year, month, day)
        out.append('<td id="today">' if current == today else "<td>")
        if day in days:
            label = f"Posts published on {MONTHS[month]} {day}, {year}"
            out.append(
                f'<a href="{esc(linker.day(year, month, day))}" aria-label="{label}">{day}</a>'
            )
        else:
            out.append(str(day))
        out.append("</td>")
        if column(current) == 6:
            new_row = True
    pad = 7 - column(after.date())
    if pad not in (0, 7):
        out.append(f'\n\t\t<td class="pad" colspan="{pad}">&nbsp;</td>')
    out.append("\n\t</tr>\n\t</tbody>\n\t</table>")
    out.append('<nav aria-label="Previous and next months" class="wp-calendar-nav">')
    if previous:
        url = esc(linker.month(previous.year, previous.month))
        out.append(
            f'\n\t\t<span class="wp-calendar-nav-prev"><a href="{url}">&laquo; '
            f"{MONTHS[previous.month][:3]}</a></span>"
        )
    else:
        out.append('\n\t\t<span class="wp-calendar-nav-prev">&nbsp;</span>')
    out.append('\n\t\t<span class="pad">&nbsp;</span>')
    if following:
        url = esc(linker.month(following.year, following.month))
        out.append(
            f'\n\t\t<span class="wp-calendar-nav-next"><a href="{url}">'
            f"{MONTHS[following.month][:3]} &raquo;</a></span>"
        )
    else:
        out.append('\n\t\t<span class="wp-calendar-nav-next">&nbsp;</span>')
    out.append("\n\t</nav>")
    return f"<div {wrapper}>{''.join(out)}</div>"


# -- tag cloud --------------------------------------------------------------------------------


def php_float(value: float) -> str:
    """A float as PHP prints it (14 significant digits): ``12.666666666667``, ``8``."""
    return f"{value:.14G}"


@dynamic(
    "core/tag-cloud",
    defaults={
        "taxonomy": "post_tag",
        "showTagCounts": False,
        "numberOfTags": 45,
        "smallestFontSize": "8pt",
        "largestFontSize": "22pt",
    },
)
def render_tag_cloud(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_tag_cloud``: ``wp_tag_cloud``, the most used terms sized by the
    logarithm of their counts, in one statement."""
    session, linker = block.context.session, block.context.linker
    if session is None or linker is None:
        return ""
    taxonomy = str(attrs.get("taxonomy") or "post_tag")
    number = max(1, min(_int(attrs.get("numberOfTags"), 45), 100))
    terms = list(
        session.scalars(
            select(Term)
            .where(Term.taxonomy == taxonomy, Term.count > 0)
            .order_by(Term.count.desc(), Term.id)
            .limit(number)
        )
    )
    wrapper = wrapper_attributes(block)
    if not terms:
        label = "tags" if taxonomy == "post_tag" else taxonomy.replace("_", " ") + "s"
        return (
            f"<p {wrapper}>Your site does not have any {esc(label)}, so there&amp;#8217;s "
            "nothing to display here at the moment.</p>"
        )
    smallest, unit = _size(attrs.get("smallestFontSize"), 8.0)
    largest, _ = _size(attrs.get("largestFontSize"), 22.0)
    scaled = {t.id: round(math.log10(t.count + 1) * 100) for t in terms}
    low, high = min(scaled.values()), max(scaled.values())
    spread = max(high - low, 1)
    step = (largest - smallest) / spread
    terms.sort(key=lambda t: _natural(t.name))
    links = []
    for position, term in enumerate(terms, start=1):
        size = php_float(smallest + (scaled[term.id] - low) * step)
        items = "item" if term.count == 1 else "items"
        counted = (
            f'<span class="tag-link-count"> ({term.count})</span>'
            if attrs.get("showTagCounts")
            else ""
        )
        aria = (
            ""
            if attrs.get("showTagCounts")
            else f' aria-label="{esc(term.name)} ({term.count} {items})"'
        )
        links.append(
            f'<a href="{esc(linker.term(term))}" class="tag-cloud-link tag-link-{term.id} '
            f'tag-link-position-{position}" style="font-size: {size}{unit};"{aria}>'
            f"{esc(term.name)}{counted}</a>"
        )
    return f"<p {wrapper}>{chr(10).join(links)}</p>"


def _size(value: Any, default: float) -> tuple[float, str]:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z%]*)\s*", str(value or ""))
    if not match:
        return default, "pt"
    return float(match[1]), match[2] or "pt"


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
            .where(Post.post_type == "page", visible_clause(_now(block)), Post.password == "")
            .order_by(Post.menu_order, Post.title, Post.id)
        )
    )
    if not pages:
        return ""
    _preload(block, pages)
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
                f"{aria}>{esc(page.title)}</a>"
            )
            if kids:
                inner = items(page.id, depth + 1, seen | {page.id})
                markup.append(f'<ul class="submenu-container">{inner}</ul>')
            markup.append("</li>")
        return "".join(markup)

    return f"<ul {wrapper_attributes(block)}>{items(0, 0, frozenset())}</ul>"


# -- search -----------------------------------------------------------------------------------

SEARCH_ICON = (
    '<svg class="search-icon" viewBox="0 0 24 24" width="24" height="24">\n\t\t\t\t\t'
    '<path d="M13 5c-3.3 0-6 2.7-6 6 0 1.4.5 2.7 1.3 3.7l-3.8 3.8 1.1 1.1 3.8-3.8c1 .8 2.3 '
    "1.3 3.7 1.3 3.3 0 6-2.7 6-6S16.3 5 13 5zm0 10.5c-2.5 0-4.5-2-4.5-4.5s2-4.5 4.5-4.5 4.5 2 "
    '4.5 4.5-2 4.5-4.5 4.5z"></path>\n\t\t\t\t</svg>'
)


@dynamic(
    "core/search",
    defaults={
        "label": "Search",
        "buttonText": "Search",
        "showLabel": True,
        "buttonPosition": "button-outside",
        "buttonUseIcon": False,
        "placeholder": "",
    },
)
def render_search(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_search``: a GET form to the home page with the ``s`` field."""
    linker = block.context.linker
    action = linker.home() if linker is not None else "/"
    input_id = block.state.unique_id("wp-block-search__input-")
    position = str(attrs.get("buttonPosition") or "")
    use_icon = bool(attrs.get("buttonUseIcon"))
    classes = {
        "button-inside": "wp-block-search__button-inside",
        "button-outside": "wp-block-search__button-outside",
        "no-button": "wp-block-search__no-button",
        "button-only": "wp-block-search__button-only",
    }.get(position, "")
    names = [classes] if classes else []
    if position and position != "no-button":
        names.append("wp-block-search__icon-button" if use_icon else "wp-block-search__text-button")
    label_text = esc(attrs.get("label") or "Search")
    hidden = "" if attrs.get("showLabel") else " screen-reader-text"
    label = f'<label for="{input_id}" class="wp-block-search__label{hidden}" >{label_text}</label>'
    field = (
        f'<input type="search" id="{input_id}" class="wp-block-search__input '
        f'wp-block-search__input" name="s" value="" placeholder="{esc(attrs.get("placeholder") or "")}"'
        "  required />"
    )
    button = ""
    if position != "no-button":
        inner = SEARCH_ICON if use_icon else esc(attrs.get("buttonText") or "")
        icon_class = " has-icon" if use_icon else ""
        aria = f' aria-label="{esc(attrs.get("buttonText") or "Search")}"' if use_icon else ""
        button = (
            f'<button type="submit" class="wp-block-search__button{icon_class} '
            f'wp-element-button" {aria} >{inner}</button>'
        )
    return (
        f'<form role="search" method="get" action="{esc(action)}" '
        f"{wrapper_attributes(block, ' '.join(names))}>{label}"
        f'<div class="wp-block-search__inside-wrapper " >{field}{button}</div></form>'
    )


# -- social links -----------------------------------------------------------------------------

#: WordPress's social services and their names (``block_core_social_link_services``).
SOCIAL_SERVICES = {
    "fivehundredpx": "500px", "amazon": "Amazon", "bandcamp": "Bandcamp", "behance": "Behance",
    "chain": "Link", "codepen": "CodePen", "deviantart": "DeviantArt", "dribbble": "Dribbble",
    "dropbox": "Dropbox", "etsy": "Etsy", "facebook": "Facebook", "feed": "RSS Feed",
    "flickr": "Flickr", "foursquare": "Foursquare", "goodreads": "Goodreads", "google": "Google",
    "github": "GitHub", "instagram": "Instagram", "lastfm": "Last.fm", "linkedin": "LinkedIn",
    "mail": "Mail", "mastodon": "Mastodon", "meetup": "Meetup", "medium": "Medium",
    "patreon": "Patreon", "pinterest": "Pinterest", "pocket": "Pocket", "reddit": "Reddit",
    "skype": "Skype", "snapchat": "Snapchat", "soundcloud": "SoundCloud", "spotify": "Spotify",
    "telegram": "Telegram", "tiktok": "TikTok", "tumblr": "Tumblr", "twitch": "Twitch",
    "twitter": "Twitter", "vimeo": "Vimeo", "vk": "VK", "wordpress": "WordPress", "whatsapp": "WhatsApp",
    "yelp": "Yelp", "youtube": "YouTube",
}  # fmt: skip

_SAFE_URL = re.compile(r"^(https?:|mailto:|/|#|\?)", re.I)


@dynamic("core/social-link")
def render_social_link(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_social_link``: one link, labelled with its service's name as text
    (no icon set is bundled, so the label is never hidden)."""
    url = str(attrs.get("url") or "").strip()
    service = str(attrs.get("service") or "").strip()
    if not url:
        return ""
    if "@" in url and not _SAFE_URL.match(url) and service == "mail":
        url = "mailto:" + url
    if not _SAFE_URL.match(url):
        url = "https://" + url if re.match(r"^[\w.-]+\.[a-z]{2,}", url, re.I) else ""
        if not url:
            return ""
    name = SOCIAL_SERVICES.get(service, "Link")
    label = str(attrs.get("label") or "").strip() or name
    parent = block.parent_attrs
    rel = ' rel="noopener nofollow" target="_blank"' if parent.get("openInNewTab") else ""
    slug = _kebab(service) or "chain"
    wrapper = wrapper_attributes(block, f"wp-social-link wp-social-link-{slug}")
    return (
        f'<li {wrapper}><a href="{esc(url)}"{rel} class="wp-block-social-link-anchor">'
        f'<span class="wp-block-social-link-label">{esc(label)}</span></a></li>'
    )
