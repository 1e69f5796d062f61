"""Slugs the way WordPress makes and stores them.

WordPress stores ``post_name`` and term slugs percent-encoded: Latin accents are
transliterated first (``café`` → ``cafe``), then every other non-ASCII UTF-8 byte becomes
``%xx`` with lowercase hex (``foo-😀`` → ``foo-%f0%9f%98%80``).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote, unquote_plus

_SPECIAL = {
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "ø": "o",
    "Ø": "O",
    "œ": "oe",
    "Œ": "OE",
    "đ": "d",
    "Đ": "D",
    "ł": "l",
    "Ł": "L",
    "þ": "th",
    "Þ": "TH",
    "ð": "d",
    "Ð": "D",
}
_ENCODED = re.compile(r"%[0-9a-fA-F]{2}")


def remove_accents(text: str) -> str:
    """Transliterate Latin letters with diacritics to ASCII; leave other scripts alone."""
    out = []
    for ch in text:
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
            continue
        if ord(ch) < 128:
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        if base and all(ord(c) < 128 for c in base) and "LATIN" in unicodedata.name(ch, ""):
            out.append(base)
        else:
            out.append(ch)
    return "".join(out)


def sanitize_title(title: str) -> str:
    """A slug from a title: WordPress's ``sanitize_title`` (remove_accents + with_dashes)."""
    text = remove_accents(title.strip())
    text = re.sub(r"<[^>]*>", "", text)
    # Keep existing %xx escapes, percent-encode the remaining non-ASCII as UTF-8 bytes.
    text = text.replace("%", "%25")
    text = _ENCODED.sub(lambda m: m.group(0), text)
    text = "".join(quote(ch, safe="") if ord(ch) > 127 else ch for ch in text).lower()
    text = re.sub(r"&.+?;", "", text)
    text = text.replace(".", "-")
    text = re.sub(r"%25", "", text)
    text = re.sub(r"[^%a-z0-9 _-]", "", text)
    text = re.sub(r"\s+", "-", text)
    text = re.sub(r"-+", "-", text)
    return text.strip("-")


def encode_slug(slug: str) -> str:
    """The stored form of *slug*: non-ASCII percent-encoded, lowercase hex."""
    out = "".join(quote(ch, safe="") if ord(ch) > 127 else ch for ch in unquote(slug))
    return _ENCODED.sub(lambda m: m.group(0).lower(), out)


def decode_slug(slug: str) -> str:
    """The readable form of a stored slug, with PHP ``urldecode`` semantics (``+`` → space)."""
    return unquote_plus(slug)
