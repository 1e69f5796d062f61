"""Sanitizing HTML by trust level, with bleach and explicit allowlists.

Three levels, as WordPress's roles give them:

- :data:`COMMENT` — what a visitor may write: plain formatting and links (links get
  ``rel="nofollow ugc"`` when shown).
- :data:`AUTHOR` — contributors' and authors' posts (and editors' and administrators' unless
  the site turns on unfiltered HTML): rich HTML — figures, images, tables, lists, headings,
  quotes, code, audio/video, and iframes only from an allowlist of embed hosts.
- unfiltered — editors and administrators when ``UNFILTERED_HTML = true`` in the site's
  config.toml (WordPress's ``unfiltered_html``); off by default.

HTML comments are kept (block markup and ``<!--more-->`` live in them); everything
executable — scripts, event handlers, ``javascript:`` and ``data:`` URLs, CSS outside a small
property list — is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import bleach
from bleach.css_sanitizer import CSSSanitizer

#: Hosts whose iframes an author may embed (privacy-friendly variants where they exist).
EMBED_HOSTS = frozenset(
    {
        "www.youtube-nocookie.com",
        "www.youtube.com",
        "player.vimeo.com",
        "open.spotify.com",
        "w.soundcloud.com",
        "www.dailymotion.com",
        "embed.ted.com",
        "www.openstreetmap.org",
        "bandcamp.com",
    }
)
PROTOCOLS = frozenset({"http", "https", "mailto", "tel", "ftp"})
_CSS_PROPERTIES = (
    "text-align",
    "color",
    "background-color",
    "font-weight",
    "font-style",
    "text-decoration",
    "width",
    "max-width",
    "height",
    "margin",
    "margin-left",
    "margin-right",
    "padding",
    "float",
    "clear",
    "vertical-align",
    "border",
    "font-size",
    "display",
    "list-style-type",
)


@dataclass(frozen=True)
class Policy:
    """One trust level's allowlists."""

    name: str
    tags: frozenset[str]
    attributes: dict[str, tuple[str, ...]]
    css: bool = False
    iframes: bool = False


COMMENT = Policy(
    "comment",
    frozenset("a abbr acronym b blockquote br cite code del em i p q s strike strong".split()),
    {
        "a": ("href", "title"),
        "abbr": ("title",),
        "acronym": ("title",),
        "blockquote": ("cite",),
        "del": ("datetime",),
        "q": ("cite",),
    },
)

_GLOBAL = ("class", "id", "title", "lang", "dir", "style", "role", "aria-label", "aria-hidden")
AUTHOR = Policy(
    "author",
    frozenset(
        "a abbr acronym address article aside audio b bdi bdo big blockquote br button caption "
        "cite code col colgroup dd del details dfn div dl dt em figcaption figure footer h1 h2 "
        "h3 h4 h5 h6 header hr i iframe img ins kbd label li mark nav ol p picture pre q rp rt "
        "ruby s samp section small source span strike strong sub summary sup table tbody td "
        "tfoot th thead time tr track tt u ul var video".split()
    ),
    {
        "*": _GLOBAL,
        "a": ("href", "rel", "target", "name", "download", "hreflang"),
        "img": ("src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"),
        "source": ("src", "srcset", "type", "media", "sizes"),
        "track": ("src", "kind", "srclang", "label", "default"),
        "audio": ("src", "controls", "loop", "preload", "muted"),
        "video": (
            "src",
            "controls",
            "loop",
            "preload",
            "poster",
            "width",
            "height",
            "muted",
            "playsinline",
        ),
        "iframe": (
            "src",
            "width",
            "height",
            "title",
            "allow",
            "allowfullscreen",
            "loading",
            "frameborder",
        ),
        "td": ("colspan", "rowspan", "align", "headers"),
        "th": ("colspan", "rowspan", "align", "scope", "headers"),
        "col": ("span",),
        "colgroup": ("span",),
        "ol": ("start", "reversed", "type"),
        "li": ("value",),
        "time": ("datetime",),
        "blockquote": ("cite",),
        "q": ("cite",),
        "del": ("datetime", "cite"),
        "ins": ("datetime", "cite"),
        "details": ("open",),
        "button": ("type",),
        "label": ("for",),
    },
    css=True,
    iframes=True,
)

POLICIES = {policy.name: policy for policy in (COMMENT, AUTHOR)}
_CSS_DANGER = re.compile(r"expression\s*\(|url\s*\(|javascript:|behavior|binding|@import", re.I)


class _StrictCSS(CSSSanitizer):
    """bleach's CSS sanitizer checks property names only; values get checked here too."""

    def sanitize_css(self, style: str) -> str:
        cleaned: str = super().sanitize_css(style)
        kept = [d for d in cleaned.split(";") if d.strip() and not _CSS_DANGER.search(d)]
        return "; ".join(d.strip() for d in kept) + (";" if kept else "")


_CSS = _StrictCSS(allowed_css_properties=_CSS_PROPERTIES)


def _attribute_filter(policy: Policy) -> object:
    allowed = policy.attributes

    def check(tag: str, name: str, value: str) -> bool:
        if tag == "iframe" and name == "src":
            parts = urlsplit(value)
            return parts.scheme == "https" and parts.hostname in EMBED_HOSTS
        return name in allowed.get(tag, ()) or name in allowed.get("*", ())

    return check


@lru_cache(maxsize=4)
def _cleaner(name: str) -> bleach.Cleaner:
    policy = POLICIES[name]
    return bleach.Cleaner(
        tags=policy.tags,
        attributes=_attribute_filter(policy),  # type: ignore[arg-type]
        protocols=PROTOCOLS,
        css_sanitizer=_CSS if policy.css else None,
        strip=True,
        strip_comments=True,
    )


#: The HTML comments that carry meaning and survive: block delimiters, more, nextpage,
#: noteaser. Any other comment is dropped.
_KEPT_COMMENT = re.compile(
    r"<!--(\s*/?wp:[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?(?:\s+\{[^<>]*?\})?\s*/?\s*"
    r"|more(?:[^<>-][^<>]*?)?|nextpage|noteaser)-->"
)
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.S)
_TOKEN = "mtkeptcomment{}x"
_TOKEN_RE = re.compile(r"mtkeptcomment(\d+)x")


def sanitize(html: str, policy: Policy = AUTHOR) -> str:
    """*html* with everything the *policy* does not allow removed."""
    # Drop characters that have no place in HTML (NUL and other C0 controls but tab/newlines).
    # Lone surrogates (from broken input) could not even be encoded as UTF-8.
    text = _UNWANTED.sub("", html)
    # The serializer would escape quotes inside comments (breaking block attributes), so the
    # comments worth keeping are set aside as inert tokens and put back afterwards.
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return _TOKEN.format(len(kept) - 1)

    text = _TOKEN_RE.sub("", text)
    text = _KEPT_COMMENT.sub(keep, text)
    cleaned: str = _cleaner(policy.name).clean(text)
    # An iframe whose source was refused is left empty by bleach: drop it whole.
    cleaned = _EMPTY_IFRAME.sub("", cleaned)
    return _TOKEN_RE.sub(lambda m: kept[int(m.group(1))], cleaned)


def sanitize_for(role: str, html: str, *, unfiltered_html: bool = False) -> str:
    """Sanitize a post written by a user of *role* (WordPress role names)."""
    if unfiltered_html and role in ("administrator", "editor"):
        return html
    return sanitize(html, AUTHOR)
