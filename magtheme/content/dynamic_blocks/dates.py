"""Archives and the calendar."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, extract, func, select

from ...dates import format_date
from ...models import Post
from ...visibility import visible_clause
from ..blocks import BlockInstance, dynamic
from .common import (
    as_int,
    block_now,
    block_option,
    esc,
    wrapper_attributes,
)

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
        .where(Post.post_type == "post", visible_clause(block_now(block)))
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
                str(block_option(block, "date_format", "F j, Y")),
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
    year, month = as_int(attrs.get("year"), 0), as_int(attrs.get("month"), 0)
    if year and 1 <= month <= 12:
        return year, month
    post = block.context.post
    if post is not None and getattr(post, "post_type", "") == "post" and post.date:
        return post.date.year, post.date.month
    newest = block.context.session.scalar(
        select(Post.date)
        .where(Post.post_type == "post", visible_clause(block_now(block)))
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
    visible = and_(Post.post_type == "post", visible_clause(block_now(block)))
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
        .where(visible, Post.date >= after, Post.date <= block_now(block))
        .order_by(Post.date.asc())
        .limit(1)
    )
    week_begins = as_int(block_option(block, "start_of_week", 1), 1) % 7
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
    today = block_now(block).date()
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
