"""WordPress exports (WXR): a streaming, hardened reader and an all-or-nothing importer.

The exporter is :mod:`magtheme.wxr.export` (imported from there, not from here: it needs
the media and content modules, and :mod:`magtheme.media` needs this package).
"""

from __future__ import annotations

from .importer import import_document, import_wxr
from .reader import (
    WXRAuthor,
    WXRChannel,
    WXRComment,
    WXRDocument,
    WXRError,
    WXRItem,
    WXRItemTerm,
    WXRTerm,
    iter_wxr,
    read_wxr,
)
from .report import ImportReport, RemappedId, SkippedItem

__all__ = [
    "ImportReport",
    "RemappedId",
    "SkippedItem",
    "WXRAuthor",
    "WXRChannel",
    "WXRComment",
    "WXRDocument",
    "WXRError",
    "WXRItem",
    "WXRItemTerm",
    "WXRTerm",
    "import_document",
    "import_wxr",
    "iter_wxr",
    "read_wxr",
]
