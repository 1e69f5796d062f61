"""The site icon: WordPress's ``site_icon`` option, its ``<head>`` tags and ``/favicon.ico``.

``site_icon`` holds the ID of an image attachment (0: none). WordPress crops the icon to a
square and makes the copies :data:`SITE_ICON_SIZES` names (``site_icon-270`` …); a page's
``<head>`` then gets, from ``wp_site_icon()``::

    <link rel="icon" href="…-32x32.png" sizes="32x32">
    <link rel="icon" href="…-192x192.png" sizes="192x192">
    <link rel="apple-touch-icon" href="…-180x180.png">
    <meta name="msapplication-TileImage" content="…-270x270.png">

each URL being ``get_site_icon_url(size)``: the copy of that size (or the best larger one,
as ``image_get_intermediate_size`` picks it), the full image for 512 and up. Without an
icon there are no tags, and ``/favicon.ico`` answers with a small icon drawn here
(:func:`default_icon`) where WordPress (since 5.4) redirects to its W logo.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import select

from .media.metadata import AttachmentMetadata, cached_metadata
from .media.sizes import intermediate_size
from .models import AnySession, Post, PostMeta
from .themes.schema import ImageSize

#: The option holding the icon's attachment ID.
SITE_ICON_OPTION = "site_icon"
#: WordPress's ``WP_Site_Icon::$site_icon_sizes`` (square crops) below the full image, which
#: is :data:`FULL_SIZE` pixels square.
SITE_ICON_SIZES = (270, 192, 180, 32)
FULL_SIZE = 512
#: The copies to make of an image that becomes the site icon, by WordPress's names.
SITE_ICON_IMAGE_SIZES: dict[str, ImageSize] = {
    f"site_icon-{n}": ImageSize(f"site_icon-{n}", n, n, True) for n in SITE_ICON_SIZES
}
#: The type ``/favicon.ico`` is served with (IANA's name for the ICO format).
ICO_TYPE = "image/vnd.microsoft.icon"


@dataclass(frozen=True)
class SiteIcon:
    """The site icon's full image and the copies its metadata lists."""

    attachment_id: int
    url: str
    metadata: AttachmentMetadata | None
    uploads_url: str

    def url_for(self, size: int) -> str:
        """``get_site_icon_url(size)``: the copy for *size*×*size*, or the full image."""
        if size >= FULL_SIZE or self.metadata is None:
            return self.url
        copy = intermediate_size(self.metadata, size, size)
        if copy is None:
            return self.url
        return f"{self.uploads_url}/{self.metadata.relative(copy.file)}"


def site_icon_id(options: Mapping[str, Any]) -> int:
    """The ``site_icon`` option as an attachment ID (0 when unset or not a number)."""
    value = str(options.get(SITE_ICON_OPTION) or "0").strip()
    return int(value) if value.isdigit() else 0


def load_site_icon(
    session: AnySession, options: Mapping[str, Any], uploads_url: str = "/wp-content/uploads"
) -> SiteIcon | None:
    """The site icon, or None without one (no statement when the option is unset; one when
    it is, and None when it names no image attachment with a file)."""
    attachment_id = site_icon_id(options)
    if not attachment_id:
        return None
    rows = session.execute(
        select(PostMeta.key, PostMeta.value)
        .join(Post, Post.id == PostMeta.post_id)
        .where(
            Post.id == attachment_id,
            Post.post_type == "attachment",
            Post.mime_type.startswith("image/"),
            PostMeta.key.in_(("_wp_attached_file", "_wp_attachment_metadata")),
        )
    )
    meta = {key: value for key, value in rows}
    file = meta.get("_wp_attached_file")
    if not file:
        return None
    metadata = cached_metadata(meta.get("_wp_attachment_metadata"))
    if metadata is not None and metadata.file != file:
        metadata = None  # the sizes of a file since replaced: only the file itself is sure
    return SiteIcon(attachment_id, f"{uploads_url}/{file}", metadata, uploads_url)


def site_icon_tags(icon: SiteIcon | None) -> Markup:
    """``wp_site_icon()``: the icon's ``<link>`` and ``<meta>`` tags, one a line ("" without)."""
    if icon is None:
        return Markup("")
    tags = [
        f'<link rel="icon" href="{escape(icon.url_for(32))}" sizes="32x32">',
        f'<link rel="icon" href="{escape(icon.url_for(192))}" sizes="192x192">',
        f'<link rel="apple-touch-icon" href="{escape(icon.url_for(180))}">',
        f'<meta name="msapplication-TileImage" content="{escape(icon.url_for(270))}">',
    ]
    return Markup("\n".join(tags))


#: The default icon's colours: Classic's accent blue, and white.
_BLUE = (11, 87, 164, 255)
_WHITE = (255, 255, 255, 255)


@lru_cache(maxsize=1)
def default_icon() -> bytes:
    """What ``/favicon.ico`` answers without a site icon: a white "M" on a blue rounded
    square, drawn with Pillow at 16, 32 and 48 pixels (the same bytes every time)."""
    from PIL import Image, ImageDraw

    big = 192  # drawn large, then scaled down, for smooth edges
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=36, fill=_BLUE)
    # An "M" as one polygon: two posts and a V between them.
    left, right, top, bottom, stroke = 40, 152, 44, 148, 26
    middle = big // 2
    draw.polygon(
        [
            (left, bottom),
            (left, top),
            (left + stroke, top),
            (middle, top + 58),
            (right - stroke, top),
            (right, top),
            (right, bottom),
            (right - stroke, bottom),
            (right - stroke, top + 50),
            (middle, top + 92),
            (left + stroke, top + 50),
            (left + stroke, bottom),
        ],
        fill=_WHITE,
    )
    out = io.BytesIO()
    image.save(out, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return out.getvalue()
