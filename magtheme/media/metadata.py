"""``_wp_attachment_metadata``: what WordPress knows of an image file, PHP-serialized.

WordPress stores, for each image attachment, one serialized array::

    a:6:{s:5:"width";i:1200;s:6:"height";i:800;s:4:"file";s:15:"2024/05/pic.jpg";
         s:8:"filesize";i:51234;s:5:"sizes";a:…:{s:9:"thumbnail";a:5:{s:4:"file";
         s:15:"pic-150x150.jpg";s:5:"width";i:150;s:6:"height";i:150;
         s:9:"mime-type";s:10:"image/jpeg";s:8:"filesize";i:4567;}…}
         s:10:"image_meta";a:12:{…}}

``file`` is relative to the uploads folder, each size's ``file`` is a bare name in the same
folder. :func:`parse_metadata` reads that (and what older versions and plugins wrote), and
:func:`dump_metadata` writes it back in WordPress's key order, keeping keys it does not know,
so a site exported again carries what it was given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import phpserialize  # type: ignore[import-untyped]

#: A serialized value longer than this is not attachment metadata (WordPress's rarely pass 4 KB).
MAX_SERIALIZED = 256 * 1024

#: The keys WordPress's ``wp_read_image_metadata`` fills, in its order, with its empty values.
IMAGE_META_DEFAULTS: dict[str, Any] = {
    "aperture": "0",
    "credit": "",
    "camera": "",
    "caption": "",
    "created_timestamp": "0",
    "copyright": "",
    "focal_length": "0",
    "iso": "0",
    "shutter_speed": "0",
    "title": "",
    "orientation": "0",
    "keywords": {},
}

_TOP_KEYS = ("width", "height", "file", "filesize", "sizes", "image_meta", "original_image")
_SIZE_KEYS = ("file", "width", "height", "mime-type", "filesize")


@dataclass
class SubSize:
    """One generated copy: its file name (beside the full image), pixels and type."""

    file: str
    width: int
    height: int
    mime_type: str
    filesize: int | None = None
    #: Keys WordPress or a plugin stored that Magtheme does not use, kept for the round trip.
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class AttachmentMetadata:
    """One image's ``_wp_attachment_metadata``."""

    width: int
    height: int
    #: The full image, relative to the uploads folder (``2024/05/pic.jpg``).
    file: str
    filesize: int | None = None
    sizes: dict[str, SubSize] = field(default_factory=dict)
    image_meta: dict[str, Any] = field(default_factory=dict)
    #: The upload as it came, when ``file`` is a rotated or scaled-down copy of it (bare name).
    original_image: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: Sizes already worked out for a page (see ``ResponsiveImage.size``): the metadata of a
    #: shown image is shared between pages, and so is this.
    sized: dict[tuple[str, ...], Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def folder(self) -> str:
        """The folder of ``file`` below uploads (``2024/05``), or "" for the top."""
        return self.file.rpartition("/")[0]

    def relative(self, name: str) -> str:
        """The path below uploads of *name*, a file beside the full image."""
        return f"{self.folder}/{name}" if self.folder else name


class MetadataError(ValueError):
    """A value that is not attachment metadata; the message says what was wrong."""


def parse_metadata(value: str) -> AttachmentMetadata:
    """Read a serialized ``_wp_attachment_metadata`` value; :class:`MetadataError` if it is not
    one (PHP objects are refused, never instantiated)."""
    if len(value) > MAX_SERIALIZED:
        raise MetadataError(f"attachment metadata of {len(value)} characters is too long.")
    try:
        data = phpserialize.loads(value.encode("utf-8"), decode_strings=True)
    except (ValueError, TypeError, IndexError, KeyError, RecursionError) as exc:
        raise MetadataError(f"not PHP-serialized attachment metadata ({exc}).") from None
    if not isinstance(data, dict):
        raise MetadataError("attachment metadata is not an array.")
    try:
        width, height = _int(data.get("width", 0)), _int(data.get("height", 0))
        file = str(data.get("file", ""))
        sizes = {}
        raw_sizes = data.get("sizes") or {}
        if not isinstance(raw_sizes, dict):
            raise MetadataError("its 'sizes' is not an array.")
        for name, size in raw_sizes.items():
            if not isinstance(size, dict) or not size.get("file"):
                continue
            sizes[str(name)] = SubSize(
                file=str(size["file"]),
                width=_int(size.get("width", 0)),
                height=_int(size.get("height", 0)),
                mime_type=str(size.get("mime-type", "")),
                filesize=_int(size["filesize"]) if "filesize" in size else None,
                extra={k: v for k, v in size.items() if k not in _SIZE_KEYS},
            )
    except (TypeError, ValueError) as exc:
        raise MetadataError(f"attachment metadata with a bad number ({exc}).") from None
    image_meta = data.get("image_meta")
    return AttachmentMetadata(
        width=width,
        height=height,
        file=file,
        filesize=_int(data["filesize"]) if "filesize" in data else None,
        sizes=sizes,
        image_meta=image_meta if isinstance(image_meta, dict) else {},
        original_image=str(data["original_image"]) if data.get("original_image") else None,
        extra={k: v for k, v in data.items() if k not in _TOP_KEYS},
    )


def read_metadata(value: str | None) -> AttachmentMetadata | None:
    """Like :func:`parse_metadata`, but None for an empty or unreadable value: a page shows the
    full image alone rather than failing over a damaged row."""
    if not value:
        return None
    try:
        return parse_metadata(value)
    except MetadataError:
        return None


@lru_cache(maxsize=4096)
def cached_metadata(value: str | None) -> AttachmentMetadata | None:
    """:func:`read_metadata` remembered by the stored text: pages show the same images again
    and again, and unserializing PHP is most of what a thumbnail costs. The object is shared,
    so callers only read it; code that changes metadata uses :func:`read_metadata`."""
    return read_metadata(value)


def dump_metadata(meta: AttachmentMetadata) -> str:
    """*meta* serialized as WordPress stores it (its key order; unknown keys kept after)."""
    data: dict[str, Any] = {"width": meta.width, "height": meta.height, "file": meta.file}
    if meta.filesize is not None:
        data["filesize"] = meta.filesize
    sizes: dict[str, Any] = {}
    for name, size in meta.sizes.items():
        entry: dict[str, Any] = {
            "file": size.file,
            "width": size.width,
            "height": size.height,
            "mime-type": size.mime_type,
        }
        if size.filesize is not None:
            entry["filesize"] = size.filesize
        sizes[name] = entry | size.extra
    data["sizes"] = sizes
    data["image_meta"] = meta.image_meta
    if meta.original_image:
        data["original_image"] = meta.original_image
    data |= meta.extra
    return str(phpserialize.dumps(data).decode("utf-8"))


def _int(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    return int(str(value).strip() or 0)
