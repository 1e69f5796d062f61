"""WordPress's media shortcodes: ``[caption]``, ``[gallery]``, ``[audio]``, ``[video]``, ``[playlist]``.

The markup is what WordPress 6.1 prints for a theme that declares HTML5 support for captions
and galleries (as every current theme does, Twenty Twenty-One included): ``<figure>`` and
``<figcaption>``, no inline ``<style>`` block. Differences, all deliberate:

- no MediaElement.js: ``[audio]`` and ``[video]`` are the browser's own ``<audio>`` and
  ``<video>`` with WordPress's sources and its download-link fallback, but without the
  ``<!--[if lt IE 9]><script>`` shim WordPress prints before the first player;
- a ``[video]`` of a YouTube or Vimeo URL (which MediaElement plays in a third-party iframe)
  becomes the privacy-friendly embed placeholder of :mod:`magtheme.content.embeds`;
- ``[playlist]`` is a plain ``<ol>`` of tracks, each with its own player: WordPress's
  playlist is a JavaScript application over a JSON blob, with a ``<noscript>`` list of links;
- gallery images carry ``width``/``height`` only when the attachment's metadata gives its
  size (WordPress, missing the metadata, prints ``width="1" height="1"``).

Handlers load what they show through ``context.session`` (attachments are ``Post`` rows of
type ``attachment``; the file is ``context.uploads_url`` + the ``_wp_attached_file`` meta).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import bleach

from .context import ContentContext
from .shortcodes import (
    ShortcodeRegistry,
    current_registry,
    do_shortcode,
    esc_attr,
    esc_html,
    esc_url,
    next_instance,
)

#: File extensions the players accept (``wp_get_audio_extensions``/``wp_get_video_extensions``).
AUDIO_EXTENSIONS = ("mp3", "ogg", "flac", "m4a", "wav")
VIDEO_EXTENSIONS = ("mp4", "m4v", "webm", "ogv", "flv")

#: MIME types WordPress's ``wp_check_filetype`` gives those extensions.
MIME_TYPES = {
    "mp3": "audio/mpeg",
    "m4a": "audio/mpeg",
    "ogg": "audio/ogg",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "mp4": "video/mp4",
    "m4v": "video/mp4",
    "webm": "video/webm",
    "ogv": "video/ogg",
    "flv": "video/x-flv",
}

_YOUTUBE = re.compile(r"^https?://(?:www\.)?(?:youtube\.com/watch|youtu\.be/)")
_VIMEO = re.compile(r"^https?://(.+\.)?vimeo\.com/.*")
_CAPTION_SPLIT = re.compile(r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.I | re.S)
_CAPTION_TAGS = frozenset(
    {"a", "abbr", "b", "br", "cite", "code", "em", "i", "q", "small", "span", "strong"}
    | {"sub", "sup", "del", "ins", "mark", "s", "u"}
)
_CAPTION_ATTRS = {"a": ["href", "title", "rel", "target"], "*": ["class", "title", "lang"]}


# -- small WordPress helpers -------------------------------------------------------------


def sanitize_html_class(value: str) -> str:
    """WordPress's ``sanitize_html_class``: percent-octets dropped, then only ``A-Za-z0-9_-``."""
    value = re.sub(r"%[a-fA-F0-9][a-fA-F0-9]", "", value)
    return re.sub(r"[^A-Za-z0-9_-]", "", value)


def _int(value: Any, default: int = 0) -> int:
    """PHP's ``(int)`` on a shortcode attribute: leading digits, else *default*."""
    match = re.match(r"\s*([+-]?\d+)", str(value))
    return int(match.group(1)) if match else default


def _bool(value: str) -> bool:
    """WordPress's ``wp_validate_boolean``: ``"false"`` is false, any other non-empty true."""
    return bool(value) and value.strip().lower() != "false" and value != "0"


def add_query_arg(url: str, name: str, value: str) -> str:
    """``add_query_arg`` for one pair, keeping a fragment last."""
    url, hash_mark, fragment = url.partition("#")
    url += ("&" if "?" in url else "?") + f"{name}={value}"
    return url + hash_mark + fragment


def file_type(url: str) -> tuple[str, str]:
    """``wp_check_filetype``: (extension, MIME type) of *url*, or ("", "") if not known."""
    match = re.search(r"\.([A-Za-z0-9]+)$", url)
    if not match:
        return "", ""
    ext = match.group(1).lower()
    return ext, MIME_TYPES.get(ext, "")


def _texturize(text: str) -> str:
    try:
        from .texturize import wptexturize
    except ImportError:  # pragma: no cover - texturize ships with the package
        return text
    return wptexturize(text)


# -- attachments -------------------------------------------------------------------------


@dataclass
class Attachment:
    """What a media shortcode needs of an attachment: the row, its file URL and its meta."""

    post: Any
    url: str
    alt: str = ""
    width: int = 0
    height: int = 0

    @property
    def id(self) -> int:
        return int(self.post.id)

    @property
    def caption(self) -> str:
        return str(self.post.excerpt or "")


def _metadata_size(value: str) -> tuple[int, int]:
    """Width and height from ``_wp_attachment_metadata`` (JSON or PHP-serialized)."""
    value = value.strip()
    if value.startswith("{"):
        try:
            data = json.loads(value)
        except ValueError:
            return 0, 0
        return _int(data.get("width", 0)), _int(data.get("height", 0))
    width = re.search(r's:5:"width";i:(\d+);', value)
    height = re.search(r's:6:"height";i:(\d+);', value)
    return (int(width.group(1)) if width else 0, int(height.group(1)) if height else 0)


def load_attachments(
    context: ContentContext,
    *,
    mime_prefix: str,
    include: Sequence[int] = (),
    parent: int | None = None,
    exclude: Iterable[int] = (),
    order: str = "ASC",
    orderby: str = "menu_order ID",
) -> list[Attachment]:
    """Attachments of one kind (``image/``, ``audio/``…), as ``get_posts``/``get_children``.

    *include* lists IDs (kept in that order for ``orderby="post__in"``; *parent* and
    *exclude* are then ignored, as WordPress's ``include`` wins); otherwise the children of
    *parent* minus *exclude*. Two statements: the rows, then their meta.
    """
    if context.session is None or (not include and not parent):
        return []
    from sqlalchemy import select

    from ..models import Post, PostMeta

    query = select(Post).where(
        Post.post_type == "attachment",
        Post.status == "inherit",
        Post.mime_type.like(f"{mime_prefix}%"),
    )
    if include:
        query = query.where(Post.id.in_(list(include)))
    else:
        query = query.where(Post.parent_id == parent)
    excluded = set() if include else set(exclude)
    rows = [row for row in context.session.scalars(query) if row.id not in excluded]
    rows = _ordered(rows, include, order, orderby)
    if not rows:
        return []
    meta: dict[int, dict[str, str]] = {}
    keys = ("_wp_attached_file", "_wp_attachment_image_alt", "_wp_attachment_metadata")
    meta_query = select(PostMeta).where(
        PostMeta.post_id.in_([row.id for row in rows]), PostMeta.key.in_(keys)
    )
    for item in context.session.scalars(meta_query):
        meta.setdefault(item.post_id, {}).setdefault(item.key, item.value)
    base = context.uploads_url.rstrip("/")
    found = []
    for row in rows:
        values = meta.get(row.id, {})
        attached = values.get("_wp_attached_file", "")
        url = f"{base}/{attached}" if attached else (row.guid or "")
        width, height = _metadata_size(values.get("_wp_attachment_metadata", ""))
        alt = bleach.clean(values.get("_wp_attachment_image_alt", ""), tags=set(), strip=True)
        found.append(Attachment(row, url, alt.strip(), width, height))
    return found


def _ordered(rows: list[Any], include: Sequence[int], order: str, orderby: str) -> list[Any]:
    """``WP_Query``'s orderby for the values galleries and playlists use."""
    if orderby == "post__in" and include:
        position = {post_id: index for index, post_id in enumerate(include)}
        return sorted(rows, key=lambda row: position.get(row.id, len(position)))
    if orderby.lower().startswith("rand"):
        random.shuffle(rows)
        return rows
    fields = {
        "menu_order": lambda row: row.menu_order,
        "id": lambda row: row.id,
        "title": lambda row: row.title,
        "post_title": lambda row: row.title,
        "name": lambda row: row.slug,
        "post_name": lambda row: row.slug,
        "date": lambda row: row.date,
        "post_date": lambda row: row.date,
        "modified": lambda row: row.modified,
    }
    keys = [fields[word.lower()] for word in orderby.split() if word.lower() in fields]
    keys = keys or [fields["menu_order"], fields["id"]]
    descending = order.strip().upper() == "DESC"
    return sorted(rows, key=lambda row: tuple(key(row) for key in keys), reverse=descending)


def _ids(value: str) -> list[int]:
    """A comma- or space-separated list of IDs (``wp_parse_id_list``)."""
    return list(dict.fromkeys(abs(_int(part)) for part in re.split(r"[,\s]+", value) if part))


def attachment_page_url(attachment: Attachment, context: ContentContext) -> str:
    """The attachment's own page (``get_attachment_link``)."""
    if context.linker is not None:
        return str(context.linker.post(attachment.post))
    return f"/?attachment_id={attachment.id}"


def attachment_image(
    attachment: Attachment, size: str, context: ContentContext, extra: dict[str, str]
) -> str:
    """``wp_get_attachment_image``: the ``<img>`` with WordPress's attributes, in its order."""
    hw = ""
    if attachment.width and attachment.height:
        width, height = constrain_dimensions(
            attachment.width, attachment.height, *_size_box(size, context)
        )
        hw = f'width="{width}" height="{height}" '
    attrs = {
        "src": attachment.url,
        "class": f"attachment-{size} size-{size}",
        "alt": attachment.alt,
        "decoding": "async",
        "loading": "lazy",
        **extra,
    }
    rendered = "".join(f' {name}="{esc_attr(value)}"' for name, value in attrs.items())
    return f"<img {hw}".rstrip() + rendered + " />"


def _size_box(size: str, context: ContentContext) -> tuple[int, int]:
    """The bounding box of an image size, from the site's options (WordPress's defaults)."""
    defaults = {"thumbnail": (150, 150), "medium": (300, 300), "large": (1024, 1024)}
    if size in ("thumb", "thumbnail", "medium", "large", "medium_large"):
        name = "thumbnail" if size == "thumb" else size
        box_w, box_h = defaults.get(name, (768, 0))
        box_w = _int(context.options.get(f"{name}_size_w", box_w), box_w)
        box_h = _int(context.options.get(f"{name}_size_h", box_h), box_h)
        if name in ("large", "medium_large") and context.content_width:
            box_w = min(box_w, context.content_width)
        return box_w, box_h
    return 0, 0


def constrain_dimensions(width: int, height: int, max_w: int, max_h: int) -> tuple[int, int]:
    """``wp_constrain_dimensions``: scale down to fit the box, never up, at least 1px."""
    if not max_w and not max_h:
        return width, height
    ratios = []
    if max_w and width > max_w:
        ratios.append(max_w / width)
    if max_h and height > max_h:
        ratios.append(max_h / height)
    ratio = min(ratios) if ratios else 1.0
    return max(1, round(width * ratio)), max(1, round(height * ratio))


# -- [caption] ---------------------------------------------------------------------------


def caption_shortcode(
    attrs: dict[str, str], content: str | None, tag: str, context: ContentContext
) -> str:
    """``[caption id="attachment_5" align="alignleft" width="300"]<img …> Text[/caption]``.

    The caption is the ``caption`` attribute or the text after the (linked) image. Without a
    width or a caption WordPress prints the content alone, and so do we.
    """
    content = content or ""
    attrs = dict(attrs)
    if "caption" not in attrs:
        match = _CAPTION_SPLIT.match(content)
        if match:
            content = match.group(1)
            attrs["caption"] = match.group(2).strip()
    elif "<" in attrs["caption"]:
        attrs["caption"] = bleach.clean(
            attrs["caption"], tags=_CAPTION_TAGS, attributes=_CAPTION_ATTRS, strip=True
        )
    width = _int(attrs.get("width", ""))
    caption = attrs.get("caption", "")
    if width < 1 or not caption:
        return content
    element_id = sanitize_html_class(attrs.get("id", ""))
    caption_id = sanitize_html_class(attrs.get("caption_id", ""))
    if not caption_id and element_id:
        caption_id = "caption-" + element_id.replace("_", "-")
    id_attr = f'id="{esc_attr(element_id)}" ' if element_id else ""
    caption_id_attr = f'id="{esc_attr(caption_id)}" ' if caption_id else ""
    described = f'aria-describedby="{esc_attr(caption_id)}" ' if caption_id else ""
    classes = " ".join(
        ("wp-caption " + attrs.get("align", "alignnone") + " " + attrs.get("class", "")).split()
    )
    # HTML5 captions never added WordPress's old extra 10px to the width.
    style = f'style="width: {width}px" '
    inner = do_shortcode(content, _registry_of(context), context)
    return (
        f'<figure {id_attr}{described}{style}class="{esc_attr(classes)}">{inner}'
        f'<figcaption {caption_id_attr}class="wp-caption-text">{caption}</figcaption></figure>'
    )


def _registry_of(context: ContentContext) -> ShortcodeRegistry:
    """The registry of the running ``do_shortcode`` (the built-ins when called directly)."""
    registry = current_registry()
    if registry is not None:
        return registry
    from .shortcodes import default_registry

    return default_registry()


# -- [gallery] ---------------------------------------------------------------------------


def gallery_shortcode(
    attrs: dict[str, str], content: str | None, tag: str, context: ContentContext
) -> str:
    """``[gallery]``: the post's attached images, or ``ids``/``include``/``exclude``.

    Items are ``<figure class="gallery-item">`` with the image (linked to its attachment page,
    its file with ``link="file"``, or nothing with ``link="none"``) and the attachment's
    caption; the wrapper names the gallery, its post, columns and size as WordPress does.
    """
    instance = next_instance("gallery")
    attrs = dict(attrs)
    if attrs.get("ids"):
        attrs.setdefault("orderby", "post__in")
        if not attrs["orderby"]:
            attrs["orderby"] = "post__in"
        attrs["include"] = attrs["ids"]
    post_id = int(getattr(context.post, "id", 0) or 0)
    columns = _int(attrs.get("columns", "3"), 3)
    size = attrs.get("size", "thumbnail") or "thumbnail"
    link = attrs.get("link", "")
    gallery_id = _int(attrs.get("id", str(post_id)), post_id)
    include = _ids(attrs.get("include", ""))
    attachments = load_attachments(
        context,
        mime_prefix="image/",
        include=include,
        parent=gallery_id,
        exclude=_ids(attrs.get("exclude", "")),
        order=attrs.get("order", "ASC"),
        orderby=attrs.get("orderby", "menu_order ID") or "menu_order ID",
    )
    if not attachments:
        return ""
    selector = f"gallery-{instance}"
    size_class = sanitize_html_class(size)
    output = [
        f"<div id='{selector}' class='gallery galleryid-{gallery_id} "
        f"gallery-columns-{columns} gallery-size-{size_class}'>"
    ]
    for attachment in attachments:
        has_caption = bool(attachment.caption.strip())
        extra = {"aria-describedby": f"{selector}-{attachment.id}"} if has_caption else {}
        image = attachment_image(attachment, size_class, context, extra)
        if link == "file":
            image = f"<a href='{esc_url(attachment.url)}'>{image}</a>"
        elif link != "none":
            image = f"<a href='{esc_url(attachment_page_url(attachment, context))}'>{image}</a>"
        orientation = ""
        if attachment.width and attachment.height:
            orientation = "portrait" if attachment.height > attachment.width else "landscape"
        output.append(
            f"<figure class='gallery-item'>\n\t\t\t<div class='gallery-icon {orientation}'>"
            f"\n\t\t\t\t{image}\n\t\t\t</div>"
        )
        if has_caption:
            output.append(
                f"\n\t\t\t\t<figcaption class='wp-caption-text gallery-caption' "
                f"id='{selector}-{attachment.id}'>\n\t\t\t\t{_texturize(attachment.caption)}"
                "\n\t\t\t\t</figcaption>"
            )
        output.append("</figure>")
    output.append("\n\t\t</div>\n")
    return "".join(output)


# -- [audio] and [video] -----------------------------------------------------------------


def _media_sources(
    attrs: dict[str, str], extensions: Sequence[str], context: ContentContext, kind: str
) -> tuple[list[tuple[str, str]], str] | str:
    """The (attribute, URL) sources of a player, or the HTML to print instead.

    ``src`` first, then one attribute per extension (``mp3="…"``); with none of them, the
    first attached file of the post's own ``kind`` (what ``[audio]`` alone plays).
    """
    src = attrs.get("src", "")
    if src:
        ext, _ = file_type(src)
        special = kind == "video" and (_YOUTUBE.match(src) or _VIMEO.match(src))
        if not special and ext not in extensions:
            return f'<a class="wp-embedded-{kind}" href="{esc_url(src)}">{esc_html(src)}</a>'
        return [("src", src)] + [(e, attrs[e]) for e in extensions if attrs.get(e)], src
    given = [(e, attrs[e]) for e in extensions if attrs.get(e)]
    if any(file_type(url)[0] == e for e, url in given):
        return given, given[0][1]
    post_id = int(getattr(context.post, "id", 0) or 0)
    attached = load_attachments(
        context, mime_prefix=f"{kind}/", parent=post_id, orderby="menu_order"
    )
    if not attached or not attached[0].url:
        return ""
    return [("src", attached[0].url)] + given, attached[0].url


def _player(
    kind: str,
    html_attrs: dict[str, str],
    sources: list[tuple[str, str]],
    instance: int,
    fallback: str,
) -> str:
    """``<audio …>``/``<video …>`` with ``<source>``s and WordPress's download-link fallback."""
    opening = " ".join(f'{name}="{esc_attr(value)}"' for name, value in html_attrs.items())
    html = [f'<{kind} {opening} controls="controls">']
    for _, url in sources:
        mime = MIME_TYPES.get(file_type(url)[0], "")
        html.append(
            f'<source type="{mime}" src="{esc_url(add_query_arg(url, "_", str(instance)))}" />'
        )
    html.append(f'<a href="{esc_url(fallback)}">{esc_url(fallback)}</a></{kind}>')
    return "".join(html)


def audio_shortcode(
    attrs: dict[str, str], content: str | None, tag: str, context: ContentContext
) -> str:
    """``[audio src="…mp3"]`` (or ``mp3=``/``ogg=``…, or the post's first attached audio)."""
    instance = next_instance("audio")
    found = _media_sources(attrs, AUDIO_EXTENSIONS, context, "audio")
    if isinstance(found, str):
        return found
    sources, fallback = found
    post_id = int(getattr(context.post, "id", 0) or 0)
    html_attrs = {
        "class": attrs.get("class", "wp-audio-shortcode"),
        "id": f"audio-{post_id}-{instance}",
        "loop": "1" if _bool(attrs.get("loop", "")) else "",
        "autoplay": "1" if _bool(attrs.get("autoplay", "")) else "",
        "preload": attrs.get("preload", "none"),
        "style": attrs.get("style", "width: 100%;"),
    }
    html_attrs = {
        k: v for k, v in html_attrs.items() if v or k not in ("loop", "autoplay", "preload")
    }
    return _player("audio", html_attrs, sources, instance, fallback)


def video_shortcode(
    attrs: dict[str, str], content: str | None, tag: str, context: ContentContext
) -> str:
    """``[video src="…mp4" width="640" height="360"]``, scaled down to the content width.

    A YouTube or Vimeo ``src`` becomes the privacy-friendly embed placeholder instead of a
    third-party player.
    """
    instance = next_instance("video")
    src = attrs.get("src", "")
    if src and (_YOUTUBE.match(src) or _VIMEO.match(src)):
        from .embeds import embed_placeholder

        return embed_placeholder(src)
    found = _media_sources(attrs, VIDEO_EXTENSIONS, context, "video")
    if isinstance(found, str):
        return found
    sources, fallback = found
    width = _int(attrs.get("width", "640"), 640)
    height = _int(attrs.get("height", "360"), 360)
    if context.content_width and width > context.content_width:
        height = round(height * context.content_width / width)
        width = context.content_width
    post_id = int(getattr(context.post, "id", 0) or 0)
    poster = attrs.get("poster", "")
    html_attrs = {
        "class": attrs.get("class", "wp-video-shortcode"),
        "id": f"video-{post_id}-{instance}",
        "width": str(abs(width)),
        "height": str(abs(height)),
        "poster": esc_url(poster) if poster else "",
        "loop": "1" if _bool(attrs.get("loop", "")) else "",
        "autoplay": "1" if _bool(attrs.get("autoplay", "")) else "",
        "muted": "1" if _bool(attrs.get("muted", "false")) else "",
        "preload": attrs.get("preload", "metadata"),
    }
    optional = ("poster", "loop", "autoplay", "preload", "muted")
    html_attrs = {k: v for k, v in html_attrs.items() if v or k not in optional}
    player = _player("video", html_attrs, sources, instance, fallback)
    inner = (content or "").replace("\r\n", "").replace("\n", "").replace("\t", "").strip()
    if inner:
        player = player.replace("<a href=", inner + "<a href=", 1)
    return f'<div style="width: {width}px;" class="wp-video">{player}</div>'


# -- [playlist] --------------------------------------------------------------------------


def playlist_shortcode(
    attrs: dict[str, str], content: str | None, tag: str, context: ContentContext
) -> str:
    """``[playlist]``/``[playlist type="video" ids="…"]`` as a plain list of players.

    WordPress's playlist is a JavaScript player fed by JSON (with a ``<noscript>`` list of
    links); ours is an ``<ol>`` whose items each hold a title and an ``<audio>``/``<video>``,
    which works without scripts and loads nothing until played (``preload="none"``).
    """
    instance = next_instance("playlist")
    kind = attrs.get("type", "audio")
    if kind not in ("audio", "video"):
        kind = "audio"
    post_id = int(getattr(context.post, "id", 0) or 0)
    include = _ids(attrs.get("ids", "") or attrs.get("include", ""))
    tracks = load_attachments(
        context,
        mime_prefix=f"{kind}/",
        include=include,
        parent=_int(attrs.get("id", str(post_id)), post_id),
        exclude=_ids(attrs.get("exclude", "")),
        order=attrs.get("order", "ASC"),
        orderby=attrs.get("orderby", "post__in" if include else "menu_order ID"),
    )
    if not tracks:
        return ""
    style = sanitize_html_class(attrs.get("style", "light")) or "light"
    numbers = attrs.get("tracknumbers", "true")
    list_tag = "ol" if _bool(numbers) else "ul"
    items = []
    for track in tracks:
        title = esc_html(track.post.title or track.url.rsplit("/", 1)[-1])
        mime = MIME_TYPES.get(file_type(track.url)[0], track.post.mime_type or "")
        size = ""
        if kind == "video":
            size = (
                f' width="{context.content_width}" height="{round(context.content_width * 9 / 16)}"'
            )
        items.append(
            f'<li class="wp-playlist-item"><span class="wp-playlist-caption">{title}</span>'
            f'<{kind} controls="controls" preload="none"{size}>'
            f'<source type="{esc_attr(mime)}" src="{esc_url(track.url)}" />'
            f'<a href="{esc_url(track.url)}">{title}</a></{kind}></li>'
        )
    return (
        f'<div class="wp-playlist wp-{kind}-playlist wp-playlist-{style}" '
        f'id="playlist-{instance}"><{list_tag} class="wp-playlist-tracks">'
        + "".join(items)
        + f"</{list_tag}></div>"
    )


#: The built-in media shortcodes, by tag.
MEDIA_SHORTCODES: dict[str, Callable[..., str]] = {
    "caption": caption_shortcode,
    "wp_caption": caption_shortcode,
    "gallery": gallery_shortcode,
    "audio": audio_shortcode,
    "video": video_shortcode,
    "playlist": playlist_shortcode,
}


def register_media_shortcodes(registry: ShortcodeRegistry) -> None:
    """Add caption (and its old name ``wp_caption``), gallery, audio, video and playlist."""
    for tag, handler in MEDIA_SHORTCODES.items():
        registry.add(tag, handler)


__all__ = [
    "AUDIO_EXTENSIONS",
    "Attachment",
    "MEDIA_SHORTCODES",
    "VIDEO_EXTENSIONS",
    "attachment_image",
    "audio_shortcode",
    "caption_shortcode",
    "constrain_dimensions",
    "file_type",
    "gallery_shortcode",
    "load_attachments",
    "playlist_shortcode",
    "register_media_shortcodes",
    "sanitize_html_class",
    "video_shortcode",
]
