"""How the uploads folder's files are sent: never as something a browser would run.

A file's Content-Type comes from this table by its extension, never from a guess: raster
images, audio and video are shown in the page; the library's documents are offered as a
download (``Content-Disposition: attachment``) with their own type; anything else — an SVG
or a web page brought in by an import, a file put there by hand — is sent as an opaque
download (``application/octet-stream``). Every answer carries ``X-Content-Type-Options:
nosniff`` (so a browser never second-guesses the type) and a Content-Security-Policy that
lets the file run nothing, should it be opened on its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .filetypes import OTHER_TYPES

#: Shown in the page (``inline``): raster images, audio, video.
INLINE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".jpe": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".bmp": "image/bmp",
} | {
    ext: t.mime_type
    for ext, t in OTHER_TYPES.items()
    if t.mime_type.startswith(("audio/", "video/"))
}
#: Nothing in an uploaded file may run, load or submit anything, even opened on its own.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox"
)


@dataclass(frozen=True)
class Delivery:
    """How one file is sent: its Content-Type, and whether it is shown or downloaded."""

    mimetype: str
    inline: bool


def delivery(filename: str) -> Delivery:
    """The :class:`Delivery` of the uploaded file *filename* (by its extension)."""
    ext = os.path.splitext(filename)[1].lower()
    if ext in INLINE_TYPES:
        return Delivery(INLINE_TYPES[ext], True)
    known = OTHER_TYPES.get(ext)
    if known is not None:
        return Delivery(known.mime_type, False)  # text/* gets "; charset=utf-8" when sent
    return Delivery("application/octet-stream", False)
