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


# Encoded characters WordPress strips from slugs ("save" context): soft hyphen, ¡ ¿, angle and
# curly quotes, bullet, © ® ° … ™, acute/grave accents, macron, caron, zero-width characters.
_STRIP = (
    "%c2%ad %c2%a1 %c2%bf %c2%ab %c2%bb %e2%80%b9 %e2%80%ba %e2%80%98 %e2%80%99 %e2%80%9c "
    "%e2%80%9d %e2%80%9a %e2%80%9b %e2%80%9e %e2%80%9f %e2%80%a2 %c2%a9 %c2%ae %c2%b0 %e2%80%a6 "
    "%e2%84%a2 %c2%b4 %cb%8a %cc%81 %cd%81 %cc%80 %cc%84 %cc%8c %e2%80%8b %e2%80%8c %e2%80%8d "
    "%e2%80%8e %e2%80%8f %e2%80%aa %e2%80%ab %e2%80%ac %e2%80%ad %e2%80%ae %ef%bb%bf"
).split()
# Encoded characters that become a hyphen: no-break space, en and em dashes, wide spaces.
_HYPHEN = (
    "%c2%a0 %e2%80%93 %e2%80%94 %e2%80%80 %e2%80%81 %e2%80%82 %e2%80%83 %e2%80%84 %e2%80%85 "
    "%e2%80%86 %e2%80%87 %e2%80%88 %e2%80%89 %e2%80%8a %e2%80%a8 %e2%80%a9 %e2%80%af %e3%80%80"
).split()
_ENTITY_HYPHENS = ("&nbsp;", "&#160;", "&ndash;", "&#8211;", "&mdash;", "&#8212;")


def sanitize_title(title: str) -> str:
    """A slug from a title: WordPress's ``sanitize_title`` in its "save" context."""
    text = re.sub(r"<[^>]*>", "", remove_accents(title.strip()))
    # Keep existing %xx octets, drop stray percent signs.
    text = re.sub(r"%([a-fA-F0-9]{2})", r"---\1---", text).replace("%", "")
    text = re.sub(r"---([a-fA-F0-9]{2})---", r"%\1", text)
    text = "".join(quote(ch, safe="") if ord(ch) > 127 else ch for ch in text.lower()).lower()
    for octet in _HYPHEN:
        text = text.replace(octet, "-")
    for entity in _ENTITY_HYPHENS:
        text = text.replace(entity, "-")
    text = text.replace("/", "-")
    for octet in _STRIP:
        text = text.replace(octet, "")
    text = text.replace("%c3%97", "x")
    text = re.sub(r"&.+?;", "", text)
    text = text.replace(".", "-")
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
