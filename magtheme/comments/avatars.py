"""Avatars made on the site: initials or an identicon, as inline SVG.

WordPress asks Gravatar, which tells a third party who reads which page and exposes an
email hash. Here the picture is drawn from a hash computed locally: the email never leaves
the server, no request goes to another host, and the hash itself never reaches the page
(only a color and a pattern derived from it do).
"""

from __future__ import annotations

import hashlib
import unicodedata

from markupsafe import Markup, escape

#: The styles :func:`avatar` draws.
AVATAR_STYLES = ("initials", "identicon")


def _digest(name: str, email: str) -> bytes:
    # The email identifies a commenter across names; without one, the name does.
    seed = (email.strip().lower() or name.strip().lower() or "anonymous").encode("utf-8")
    return hashlib.sha256(b"magtheme-avatar|" + seed).digest()


def _hue(digest: bytes) -> int:
    return int.from_bytes(digest[:2], "big") % 360


def initials(name: str) -> str:
    """Up to two letters for *name*: the first of its first and last words ("?" if none)."""
    words = [w for w in unicodedata.normalize("NFC", name).split() if any(c.isalnum() for c in w)]
    letters = [next(c for c in w if c.isalnum()) for w in words]
    if not letters:
        return "?"
    picked = letters[0] + (letters[-1] if len(letters) > 1 else "")
    return picked.upper()


def _open(name: str, size: int, style: str) -> str:
    label = escape(name.strip() or "Anonymous")
    return (
        f'<svg class="avatar avatar-{size} photo avatar-{style}" width="{size}" '
        f'height="{size}" viewBox="0 0 100 100" role="img" aria-label="{label}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{label}</title>'
    )


def avatar(name: str, email: str, size: int = 48, style: str = "initials") -> Markup:
    """An inline SVG avatar for a commenter, labelled with their *name*.

    *style* is ``initials`` (letters on a color derived from the email) or ``identicon``
    (a symmetric 5×5 pattern in that color).
    """
    size = max(8, min(int(size), 512))
    digest = _digest(name, email)
    hue = _hue(digest)
    # Dark enough behind white text for WCAG AA contrast at every hue.
    background = f"hsl({hue},55%,34%)"
    if style == "identicon":
        cells = []
        bits = int.from_bytes(digest[2:6], "big")
        for row in range(5):
            for col in range(3):  # the right two columns mirror the left two
                if bits >> (row * 3 + col) & 1:
                    for x in {col, 4 - col}:
                        cells.append(
                            f'<rect x="{10 + x * 16}" y="{10 + row * 16}" width="16" height="16"/>'
                        )
        return Markup(
            _open(name, size, "identicon")
            + f'<rect width="100" height="100" fill="hsl({hue},40%,92%)"/>'
            + f'<g fill="{background}">{"".join(cells)}</g></svg>'
        )
    letters = escape(initials(name))
    return Markup(
        _open(name, size, "initials")
        + f'<rect width="100" height="100" fill="{background}"/>'
        + '<text x="50" y="50" dy=".35em" text-anchor="middle" fill="#fff" '
        + 'font-family="system-ui,sans-serif" font-size="42" aria-hidden="true">'
        + f"{letters}</text></svg>"
    )
