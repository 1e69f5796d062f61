"""WordPress exports (WXR): a streaming, hardened reader and an all-or-nothing importer."""

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
