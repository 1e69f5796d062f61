"""Helpers the dynamic blocks share (WordPress's get_block_wrapper_attributes and friends)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ...dates import format_date
from ...visibility import now_gmt
from ..blocks import BlockInstance, default_classname

# -- shared helpers (WordPress's get_block_wrapper_attributes and friends) --------------------


def esc(text: Any) -> str:
    """``esc_attr``/``esc_html``: text safe in an attribute or element."""
    return html.escape(str(text), quote=True)


def kebab(value: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")


def wrapper_attributes(block: BlockInstance, extra_class: str = "", extra_style: str = "") -> str:
    """``get_block_wrapper_attributes``: the supports' classes (alignment, colors, the block's
    own ``className``, ``wp-block-<name>``, font size) after *extra_class*, and its styles."""
    attrs = block.attrs
    classes: list[str] = []
    styles: list[str] = []
    if attrs.get("align"):
        classes.append("align" + kebab(attrs["align"]))
    style = as_dict(attrs.get("style"))
    color = as_dict(style.get("color"))
    if attrs.get("textColor") or color.get("text"):
        classes.append("has-text-color")
        if attrs.get("textColor"):
            classes.append(f"has-{kebab(attrs['textColor'])}-color")
        else:
            styles.append(f"color:{color['text']}")
    if attrs.get("backgroundColor") or color.get("background") or attrs.get("gradient"):
        classes.append("has-background")
        if attrs.get("backgroundColor"):
            classes.append(f"has-{kebab(attrs['backgroundColor'])}-background-color")
        elif attrs.get("gradient"):
            classes.append(f"has-{kebab(attrs['gradient'])}-gradient-background")
        else:
            styles.append(f"background-color:{color['background']}")
    if isinstance(attrs.get("className"), str) and attrs["className"].strip():
        classes.append(attrs["className"].strip())
    classes.append(default_classname(block.name))
    if attrs.get("fontSize"):
        classes.append(f"has-{kebab(attrs['fontSize'])}-font-size")
    typography = as_dict(style.get("typography"))
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


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def block_now(block: BlockInstance) -> datetime:
    return block.context.now or now_gmt()


def block_option(block: BlockInstance, name: str, default: Any) -> Any:
    value = block.context.options.get(name)
    return default if value in (None, "") else value


def block_date(block: BlockInstance, value: datetime) -> str:
    return format_date(value, str(block_option(block, "date_format", "F j, Y")))


def block_iso(block: BlockInstance, local: datetime) -> str:
    """PHP's ``c`` date: the local time with the site's UTC offset (``gmt_offset``)."""
    try:
        hours = float(block_option(block, "gmt_offset", 0))
    except (TypeError, ValueError):
        hours = 0.0
    minutes = round(hours * 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def post_title(post: Any) -> str:
    """``get_the_title``: the title as safe HTML (its allowed inline markup kept), texturized,
    prefixed for protected and private posts."""
    from ..titles import title_html

    title = str(title_html(post.title or ""))
    if post.password:
        title = f"Protected: {title}"
    elif post.status == "private":
        title = f"Private: {title}"
    return title


def preload_links(block: BlockInstance, posts: Sequence[Any]) -> None:
    """Load every link's lookups at once, so a list costs the same for 5 posts or 500."""
    lookup: Any = getattr(block.context.linker, "lookup", None)
    if posts and hasattr(lookup, "preload"):
        lookup.preload(posts)


def as_int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def strip_text(text: str) -> str:
    """Text of *text* without tags, shortcodes or block comments (``wp_strip_all_tags``)."""
    text = re.sub(r"<(script|style)[^>]*?>.*?</\1>", "", text, flags=re.S | re.I)
    text = re.sub(r"\[/?[a-zA-Z][^\]]*\]", "", text)
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def trim_words(text: str, count: int, more: str = "&hellip;") -> str:
    """``wp_trim_words``: the first *count* words of *text*'s plain text, escaped."""
    words = strip_text(text).split()
    trimmed = esc(" ".join(words[:count]))
    return trimmed + more if len(words) > count else trimmed
