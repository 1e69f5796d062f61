"""A theme's static files: finding them across the chain, content-hashed URLs, headers.

Files in a theme's ``static/`` folder are served at ``/themes/<slug>/static/<path>``, from the
child theme first and then each parent, like templates. Templates link them with
``static(path)`` (:func:`asset_url`), which adds ``?v=`` and the first ten hex digits of the
SHA-256 of the file the chain would serve: the URL changes whenever the content does, so a
response that carries the current hash may be cached for a year (:func:`asset_headers`).

Nothing outside a theme's ``static/`` folder is ever served: :func:`find_asset` refuses
``..``, absolute paths, backslashes, NUL bytes and hidden names (``.git``, ``.env``) before
touching the disk, and a symlink that leads out of the folder.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from werkzeug.security import safe_join

if TYPE_CHECKING:
    from flask import Response

    from .chain import ThemeChain

#: Cache-Control of a response whose URL carries the file's current hash.
IMMUTABLE = "public, max-age=31536000, immutable"
#: Cache-Control otherwise: short, so a changed file shows within minutes.
SHORT = "public, max-age=300"

#: Types the platform's mimetypes table may lack or get wrong (``.js`` as
#: ``application/x-javascript``, no ``.woff2`` or ``.avif``); these always win.
MIME_TYPES = {
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".map": "application/json",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}
#: Types served with ``; charset=utf-8`` (theme text files are UTF-8).
_TEXT_TYPES = ("text/", "application/json", "image/svg+xml")

#: Longest asset path accepted, in characters.
MAX_PATH = 500
#: Hash cache entries kept before the cache starts over (a guard, never reached in practice).
_MAX_CACHED = 4096

# Hashes by file, keyed on what changes when the file does: (path, mtime_ns, size).
_file_hashes: dict[tuple[str, int, int], str] = {}
# URLs by chain for chains that do not reload (production): no stat() per static() call.
_chain_urls: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()


def clean_asset_path(path: str) -> str | None:
    """*path* as a safe relative POSIX path inside ``static/``, or ``None`` when it is not.

    Refused: empty paths, absolute paths, backslashes, NUL and control characters, any
    segment that starts with a dot (``..``, ``.``, ``.git``, ``.env``) — and the same once
    percent-decoded, so ``%2e%2e/`` fares no better than ``../``.
    """
    if not path or len(path) > MAX_PATH:
        return None
    for candidate in {path, unquote(path)}:
        if candidate.startswith("/") or "\\" in candidate:
            return None
        if any(ord(char) < 32 or char == "\x7f" for char in candidate):
            return None
        if any(not part or part.startswith(".") for part in candidate.split("/")):
            return None
    return path


def find_asset(chain: ThemeChain, path: str) -> Path | None:
    """The file that serves *path*: the child theme's, else the nearest parent's, else None."""
    clean = clean_asset_path(path)
    if clean is None:
        return None
    for theme in chain.themes:
        found = _file_in(theme.static_dir, clean)
        if found is not None:
            return found
    return None


def _file_in(folder: Path, path: str) -> Path | None:
    """``folder/path`` when it is a regular file that really lies inside *folder*."""
    joined = safe_join(str(folder), path)
    if joined is None or not os.path.isfile(joined):
        return None
    real, root = Path(joined).resolve(), folder.resolve()
    if not real.is_relative_to(root):
        return None  # a symlink out of static/
    return Path(joined)


def file_hash(path: Path) -> str:
    """The first ten hex digits of the SHA-256 of *path*, recomputed only when it changes."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    cached = _file_hashes.get(key)
    if cached is None:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
        cached = digest.hexdigest()[:10]
        if len(_file_hashes) >= _MAX_CACHED:
            _file_hashes.clear()
        _file_hashes[key] = cached
    return cached


def asset_version(chain: ThemeChain, path: str) -> str | None:
    """The hash of the file the chain serves for *path* (``None`` when there is none)."""
    found = find_asset(chain, path)
    return None if found is None else file_hash(found)


def asset_url(chain: ThemeChain, path: str) -> str:
    """``/themes/<active slug>/static/<path>?v=<hash>``: what ``static(path)`` prints.

    Computed once per chain and path; a chain that reloads (debug mode) checks the file's
    modification time on every call, so an edited stylesheet gets a new URL at once. A
    file no theme of the chain has gets a URL without ``?v=`` (and a 404 when requested).
    """
    path = path.lstrip("/")
    if not chain.auto_reload:
        urls = _chain_urls.setdefault(chain, {})
        url = urls.get(path)
        if url is None:
            url = urls[path] = _build_url(chain, path)
        return url
    return _build_url(chain, path)


def _build_url(chain: ThemeChain, path: str) -> str:
    url = f"/themes/{chain.active.slug}/static/{quote(path)}"
    version = asset_version(chain, path)
    return url if version is None else f"{url}?v={version}"


def mime_type(path: Path) -> str:
    """The Content-Type of *path*, with a UTF-8 charset for text."""
    suffix = path.suffix.lower()
    kind = MIME_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0]
    kind = kind or "application/octet-stream"
    if kind.startswith(_TEXT_TYPES):
        return f"{kind}; charset=utf-8"
    return kind


def asset_headers(path: Path, hashed: bool) -> dict[str, str]:
    """Headers for serving *path*; *hashed* when the request's ``v`` is the file's hash."""
    return {
        "Content-Type": mime_type(path),
        "Cache-Control": IMMUTABLE if hashed else SHORT,
        # Theme files are served from the site's own origin: never let a browser guess
        # that a .txt or an image is HTML.
        "X-Content-Type-Options": "nosniff",
    }


def send_asset(chain: ThemeChain, path: str, version: str | None) -> Response | None:
    """The response for ``/themes/<slug>/static/<path>?v=<version>``; ``None`` means 404.

    Conditional requests (ETag, If-Modified-Since) and ranges are Flask's ``send_file``.
    """
    from flask import send_file

    found = find_asset(chain, path)
    if found is None:
        return None
    hashed = version is not None and version == file_hash(found)
    headers = asset_headers(found, hashed)
    response = send_file(
        found,
        mimetype=headers["Content-Type"],
        conditional=True,
        max_age=31536000 if hashed else 300,
    )
    response.headers.update(headers)
    return response


__all__ = [
    "IMMUTABLE",
    "MIME_TYPES",
    "SHORT",
    "asset_headers",
    "asset_url",
    "asset_version",
    "clean_asset_path",
    "file_hash",
    "find_asset",
    "mime_type",
    "send_asset",
]
