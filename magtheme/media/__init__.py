"""Media: WordPress's image sizes, ``_wp_attachment_metadata`` and responsive images.

- :mod:`.metadata` reads and writes ``_wp_attachment_metadata`` (PHP-serialized, as WordPress).
- :mod:`.sizes` holds WordPress's default sizes and its resize arithmetic, pure functions.
- :mod:`.editor` makes the resized copies with Pillow, inside the uploads folder only.
- :mod:`.srcset` is ``wp_calculate_image_srcset`` / ``wp_calculate_image_sizes``.
- :mod:`.views` is what templates see (``post.thumbnail.srcset``, ``.size("medium")``).
- :mod:`.library` imports files as attachments and regenerates their copies.
"""

from __future__ import annotations

from .editor import ImageError, uploads_path
from .metadata import AttachmentMetadata, MetadataError, SubSize, dump_metadata, parse_metadata
from .sizes import DEFAULT_SIZES, registered_sizes
from .views import ResponsiveImage, SizedImage

__all__ = [
    "DEFAULT_SIZES",
    "AttachmentMetadata",
    "ImageError",
    "MetadataError",
    "ResponsiveImage",
    "SizedImage",
    "SubSize",
    "dump_metadata",
    "parse_metadata",
    "registered_sizes",
    "uploads_path",
]
