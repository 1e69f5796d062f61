"""What templates see of an image: its URL, pixels, ``srcset``, ``sizes`` and named sizes.

``post.thumbnail`` (and a widget item's ``thumbnail``) are :class:`ResponsiveImage` objects:
the full image with the copies its ``_wp_attachment_metadata`` lists, so a theme writes::

    <img src="{{ post.thumbnail.url }}" srcset="{{ post.thumbnail.srcset }}" …>
    {% set card = post.thumbnail.size("medium") %}<img src="{{ card.url }}" …>
"""

from __future__ import annotations

from dataclasses import dataclass

from .metadata import AttachmentMetadata
from .srcset import calculate_sizes, calculate_srcset


@dataclass(frozen=True)
class SizedImage:
    """One size of an image: where it is, its pixels, and its own ``srcset``/``sizes``."""

    url: str
    width: int | None = None
    height: int | None = None
    srcset: str = ""
    sizes: str = ""
    #: The size's name ("full" when the full image stands in for a size it has no copy of).
    name: str = "full"


class ResponsiveImage:
    """The methods :class:`SizedImage`'s of one attachment come from; mixed into a frozen
    dataclass with ``url``, ``width``, ``height``, ``metadata`` and ``uploads_url`` fields."""

    url: str
    width: int | None
    height: int | None
    metadata: AttachmentMetadata | None
    uploads_url: str

    @property
    def srcset(self) -> str:
        """The full image and its copies of the same shape, as ``srcset`` (or "")."""
        return self.size("full").srcset

    @property
    def sizes(self) -> str:
        """``(max-width: Wpx) 100vw, Wpx`` for the full image's width, when there is a srcset."""
        return self.size("full").sizes

    def size(self, name: str) -> SizedImage:
        """The copy of this image made for size *name* (``"medium"``, a theme's ``"card"``…),
        or the full image when there is none (an image smaller than the size, say)."""
        meta = self.metadata
        key = (name, self.url, self.uploads_url)
        if meta is not None and key in meta.sized:
            return meta.sized[key]  # type: ignore[no-any-return]
        copy = meta.sizes.get(name) if meta is not None and name != "full" else None
        if copy is not None and meta is not None:
            url = f"{self.uploads_url}/{meta.relative(copy.file)}"
            width: int | None = copy.width
            height: int | None = copy.height
        else:
            url, width, height, name = self.url, self.width, self.height, "full"
        srcset = ""
        if meta is not None and width and height:
            srcset = calculate_srcset(meta, url, width, height, self.uploads_url)
        sized = SizedImage(
            url, width, height, srcset, calculate_sizes(width or 0) if srcset else "", name
        )
        if meta is not None:
            meta.sized[key] = sized
        return sized


def full_dimensions(meta: AttachmentMetadata | None) -> tuple[int | None, int | None]:
    """The full image's width and height from its metadata (None when it has none)."""
    if meta is None or meta.width <= 0 or meta.height <= 0:
        return None, None
    return meta.width, meta.height
