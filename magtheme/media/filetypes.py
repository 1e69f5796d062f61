"""What the media library accepts: a file's true type, read from its bytes, never its name.

WordPress's ``wp_check_filetype_and_ext`` in spirit, with a short allowlist instead of
``get_allowed_mime_types()``'s hundred entries:

- images are opened with Pillow (:func:`~.editor.open_image`): JPEG, PNG, GIF, WebP; one
  named as another of these (a PNG called ``.jpg``) keeps its name with the right extension,
  as WordPress corrects it;
- every other type is recognised by its signature (its first bytes): PDF, MP3, MP4/M4A/MOV,
  Ogg, WebM, WAV; plain text and CSV must be UTF-8 without NUL bytes; Word, Excel,
  PowerPoint and OpenDocument files are zip archives holding the parts their format names;
- the extension must agree with the bytes (a PNG called ``.pdf`` is refused);
- what a browser or a server could run — HTML, SVG, PHP, JavaScript, programs, shell
  scripts — is refused by name and by content, whatever the extension says;
- an empty file, and one over the size limit (``max_upload_mb`` in config.toml), are refused.

:func:`check_file` answers one question: "what is this file, and under what name may it be
kept?" It writes nothing.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .editor import MIME_TYPES, ImageError, open_image

#: The upload limit unless config.toml's ``max_upload_mb`` says otherwise.
DEFAULT_MAX_UPLOAD_MB = 20


class UploadError(ImageError):
    """A file the library does not take; the message names it and says what to do."""


class TooLarge(UploadError):
    """A file over the size limit (the admin answers 413)."""


@dataclass(frozen=True)
class FileType:
    """One accepted type: its extensions (the first is the one given when corrected)."""

    mime_type: str
    label: str
    extensions: tuple[str, ...]


IMAGE_TYPES = {
    "image/jpeg": FileType("image/jpeg", "JPEG image", (".jpg", ".jpeg", ".jpe")),
    "image/png": FileType("image/png", "PNG image", (".png",)),
    "image/gif": FileType("image/gif", "GIF image", (".gif",)),
    "image/webp": FileType("image/webp", "WebP image", (".webp",)),
}
#: Every other type, by extension (WordPress's MIME types for them).
OTHER_TYPES = {
    ".pdf": FileType("application/pdf", "PDF document", (".pdf",)),
    ".mp3": FileType("audio/mpeg", "MP3 audio", (".mp3",)),
    ".m4a": FileType("audio/mpeg", "M4A audio", (".m4a",)),
    ".mp4": FileType("video/mp4", "MP4 video", (".mp4",)),
    ".m4v": FileType("video/mp4", "MP4 video", (".m4v",)),
    ".mov": FileType("video/quicktime", "QuickTime video", (".mov",)),
    ".ogg": FileType("audio/ogg", "Ogg audio", (".ogg",)),
    ".oga": FileType("audio/ogg", "Ogg audio", (".oga",)),
    ".ogv": FileType("video/ogg", "Ogg video", (".ogv",)),
    ".webm": FileType("video/webm", "WebM video", (".webm",)),
    ".wav": FileType("audio/wav", "WAV audio", (".wav",)),
    ".txt": FileType("text/plain", "plain text", (".txt",)),
    ".csv": FileType("text/csv", "CSV table", (".csv",)),
    ".docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
        (".docx",),
    ),
    ".xlsx": FileType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel spreadsheet",
        (".xlsx",),
    ),
    ".pptx": FileType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint presentation",
        (".pptx",),
    ),
    ".odt": FileType("application/vnd.oasis.opendocument.text", "OpenDocument text", (".odt",)),
    ".ods": FileType(
        "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet", (".ods",)
    ),
    ".odp": FileType(
        "application/vnd.oasis.opendocument.presentation", "OpenDocument presentation", (".odp",)
    ),
}
#: Every extension the library keeps (``sanitize_file_name`` leaves these alone inside a name).
ALLOWED_EXTENSIONS = frozenset(
    [ext for t in IMAGE_TYPES.values() for ext in t.extensions] + list(OTHER_TYPES)
)

#: Names a browser or a server would run, with why they are refused.
_RUNNABLE = {
    "a web page, which runs scripts in visitors' browsers": (
        ".html .htm .xhtml .shtml .xht .mht .mhtml .hta .xml .xsl"
    ),
    "an SVG image, which can carry scripts that run in visitors' browsers": ".svg .svgz",
    "a PHP program, which a web server could run": (
        ".php .php3 .php4 .php5 .php7 .php8 .phtml .phar .pht .phps"
    ),
    "a JavaScript program": ".js .mjs .cjs .jsx .ts .tsx .wasm",
    "a program": (
        ".exe .msi .com .scr .dll .so .dylib .bin .app .apk .jar .class .deb .rpm .dmg .elf"
    ),
    "a script": (
        ".sh .bash .zsh .csh .ksh .fish .bat .cmd .ps1 .psm1 .vbs .vbe .wsf .py .pyc .pl .rb "
        ".cgi .asp .aspx .jsp .swf .lnk .reg .htaccess"
    ),
}
RUNNABLE_EXTENSIONS = {ext: reason for reason, names in _RUNNABLE.items() for ext in names.split()}
#: Beginnings of content that runs, whatever the file is called.
_RUNNABLE_CONTENT = (
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"\xca\xfe\xba\xbe", "a program"),
    (b"\xcf\xfa\xed\xfe", "a program"),
    (b"#!", "a script"),
    (b"<?php", "a PHP program"),
    (b"<?=", "a PHP program"),
)
#: Markup a browser would render (looked for at the start of a text file, any case).
_MARKUP = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<iframe")
#: Parts an office archive must hold (OpenDocument: its ``mimetype`` entry's value).
_OFFICE_PARTS = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}
_SNIFF = 8192


@dataclass(frozen=True)
class CheckedFile:
    """A file the library takes: its type and the extension its stored name gets."""

    mime_type: str
    label: str
    extension: str

    @property
    def is_image(self) -> bool:
        return self.mime_type in IMAGE_TYPES


def max_upload_bytes(config: object) -> int:
    """The size limit in bytes from a Flask config's ``MAX_UPLOAD_MB`` (config.toml's
    ``max_upload_mb``), else :data:`DEFAULT_MAX_UPLOAD_MB`."""
    raw = getattr(config, "get", lambda *_: None)("MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw <= 0:
        from ..config import ConfigError

        raise ConfigError(
            f"config.toml: max_upload_mb must be a number of megabytes above 0, not {raw!r}."
        )
    return int(raw * 1024 * 1024)


def accepted_types() -> str:
    """The accepted kinds of file, for messages and the upload form."""
    return (
        "JPEG, PNG, GIF and WebP images; PDF; MP3, M4A, Ogg and WAV audio; MP4, MOV, Ogg and "
        "WebM video; plain text and CSV; Word, Excel, PowerPoint and OpenDocument files"
    )


def accept_attribute() -> str:
    """The upload field's ``accept``: every allowed extension."""
    return ",".join(sorted(ALLOWED_EXTENSIONS))


def check_file(path: Path, name: str, *, max_bytes: int | None = None) -> CheckedFile:
    """What the file at *path*, given as *name*, is; :class:`UploadError` (or
    :class:`TooLarge`) when the library does not take it, saying why and what to do."""
    ext = os.path.splitext(name)[1].lower()
    if ext in RUNNABLE_EXTENSIONS or name.lower() == ".htaccess":
        reason = RUNNABLE_EXTENSIONS.get(ext, "a server's configuration")
        raise UploadError(
            f"{name}: this is {reason}; the media library never takes files that can run. "
            + _instead(ext)
        )
    size = path.stat().st_size
    if size == 0:
        raise UploadError(f"{name}: the file is empty (0 bytes). Choose the file itself.")
    if max_bytes is not None and size > max_bytes:
        raise TooLarge(
            f"{name}: {size_text(size)} is more than the {size_text(max_bytes)} a file may have. "
            "Make it smaller, or raise max_upload_mb in the site's config.toml."
        )
    with path.open("rb") as handle:
        head = handle.read(_SNIFF)
    for signature, what in _RUNNABLE_CONTENT:
        if head.startswith(signature):
            raise UploadError(
                f"{name}: its content is {what}, whatever its name says; the media library "
                "never takes files that can run."
            )
    expected = OTHER_TYPES.get(ext)
    found = _signature_type(path, head)
    if expected is None:
        # An image's name, or one the library does not know: only an image will do, and
        # Pillow decides what it is (an image's wrong extension is corrected).
        if found is not None and ext not in _image_extensions():
            raise UploadError(_mismatch(name, ext, found.label, found.extensions[0]))
        if ext not in _image_extensions() and _image_label(head) is None:
            raise UploadError(
                f"{name}: {ext or 'a name without an extension'} is not a type the media "
                f"library takes. It takes {accepted_types()}."
            )
        with open_image(path, name=name) as opened:
            kind = IMAGE_TYPES[MIME_TYPES[str(opened.format)]]
        keep = ext if ext in kind.extensions else kind.extensions[0]
        return CheckedFile(kind.mime_type, kind.label, keep)
    image = _image_label(head)
    if found is None and image is not None:
        raise UploadError(_mismatch(name, ext, image[0], image[1]))
    if found is None and expected.mime_type.startswith("text/"):
        _check_text(name, path, head, expected)
        return CheckedFile(expected.mime_type, expected.label, ext)
    if found is None:
        raise UploadError(
            f"{name}: its content is not {_a(expected.label)} (the file does not begin as one "
            "does). Check that it is the file you meant, or save it again in that format."
        )
    if found.mime_type != expected.mime_type and not _same_container(found, ext):
        raise UploadError(_mismatch(name, ext, found.label, found.extensions[0]))
    if ext in _OFFICE_PARTS or ext in (".odt", ".ods", ".odp"):
        _check_office(name, path, ext, expected)
    return CheckedFile(expected.mime_type, expected.label, ext)


def _image_extensions() -> frozenset[str]:
    return frozenset(e for t in IMAGE_TYPES.values() for e in t.extensions)


def _signature_type(path: Path, head: bytes) -> FileType | None:
    """The non-image type *head* begins as, or None (a zip is told apart by its parts)."""
    if head.startswith(b"%PDF-"):
        return OTHER_TYPES[".pdf"]
    # An ID3 tag, or an MPEG audio frame's sync bits with layer III (what "MP3" is).
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE6 == 0xE2):
        return OTHER_TYPES[".mp3"]
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand.startswith(b"qt"):
            return OTHER_TYPES[".mov"]
        if brand.startswith(b"M4A"):
            return OTHER_TYPES[".m4a"]
        return OTHER_TYPES[".mp4"]
    if head.startswith(b"OggS"):
        return OTHER_TYPES[".ogv"] if b"theora" in head[:256] else OTHER_TYPES[".ogg"]
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return OTHER_TYPES[".webm"]
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return OTHER_TYPES[".wav"]
    if head.startswith(b"PK\x03\x04"):
        return _office_type(path)
    return None


def _same_container(found: FileType, ext: str) -> bool:
    """Containers whose bytes do not tell one use from another: an MP4 may be a video or
    audio (``.m4a``), Ogg and QuickTime likewise."""
    families = ({".mp4", ".m4v", ".m4a", ".mov"}, {".ogg", ".oga", ".ogv"})
    return any(found.extensions[0] in f and ext in f for f in families)


def _office_type(path: Path) -> FileType | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return next((t for t in OTHER_TYPES.values() if t.mime_type == declared), None)
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    for ext, part in _OFFICE_PARTS.items():
        if part in names:
            return OTHER_TYPES[ext]
    return None


def _check_office(name: str, path: Path, ext: str, expected: FileType) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n.lower() for n in archive.namelist()]
    except (zipfile.BadZipFile, OSError):
        names = []
    if not names:
        raise UploadError(f"{name}: not a readable {expected.label}. Save it again and retry.")
    if any(n.endswith("vbaproject.bin") or n.startswith("basic/") for n in names):
        raise UploadError(
            f"{name}: the {expected.label} holds macros (programs). Save it without macros "
            f"(as a plain {ext} file) and upload it again."
        )


def _check_text(name: str, path: Path, head: bytes, expected: FileType) -> None:
    data = path.read_bytes()
    if b"\x00" in data:
        raise UploadError(
            f"{name}: not {expected.label} (it holds binary data). Check that it is the file "
            "you meant."
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UploadError(
            f"{name}: {expected.label} must be UTF-8, and byte {exc.start} is not. Save it "
            "again as UTF-8 and upload it again."
        ) from None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(_MARKUP):
        raise UploadError(
            f"{name}: its content is HTML or SVG markup, which runs in visitors' browsers, "
            "whatever its name says. Save it as PDF, or as text without the markup."
        )


def _image_label(head: bytes) -> tuple[str, str] | None:
    """The image type *head* begins as (label, extension), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG image", ".jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG image", ".png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF image", ".gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP image", ".webp"
    return None


def _a(label: str) -> str:
    """*label* with its article: "a PDF document", "an Excel spreadsheet", "an MP3 audio"."""
    spoken_vowel = label[0] in "AEIOU" or (label[0] == "M" and label[1:2] in "P4")
    return f"{'an' if spoken_vowel else 'a'} {label}"


def _mismatch(name: str, ext: str, found: str, proper: str) -> str:
    return (
        f"{name}: its content is {_a(found)}, but its name ends in {ext or 'no extension'}. "
        f"The extension must match what the file is: rename it to …{proper} if it is what "
        "you meant."
    )


def _instead(ext: str) -> str:
    if ext in (".svg", ".svgz"):
        return "Export it as PNG (or WebP) and upload that."
    if ext in (".html", ".htm", ".xhtml", ".shtml"):
        return "Save the page as PDF, or paste its text into a post."
    return f"Upload it as one of: {accepted_types()}."


def size_text(size: int) -> str:
    """A file size as WordPress's ``size_format`` writes it (``24 KB``, ``1.2 MB``)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{size} B"
