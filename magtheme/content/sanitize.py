"""Sanitizing HTML by trust level, with bleach and explicit allowlists.

What a page shows is filtered by the capabilities of whoever wrote it, as WordPress's roles
give them (:func:`post_policy`, :func:`comment_policy`):

- :data:`COMMENT` — what a visitor may write, and any commenter without unfiltered HTML:
  plain formatting and links (links get ``rel="nofollow ugc"`` when shown).
- :data:`AUTHOR` — contributors' and authors' posts (and editors' and administrators' unless
  the site turns on unfiltered HTML): rich HTML — figures, images, tables, lists, headings,
  quotes, code, audio/video, and iframes only from an allowlist of embed hosts.
- :data:`UNFILTERED` — editors and administrators when ``unfiltered_html = true`` in the
  site's config.toml (WordPress's ``unfiltered_html`` capability); off by default.

Block delimiters (``<!-- wp:… -->``) are found by WordPress's block parser before the HTML is
parsed, and written back from their parsed name and attributes (WordPress's JSON encoding,
which can never end a comment); ``<!--more-->``, ``<!--nextpage-->`` and ``<!--noteaser-->``
are kept where the HTML parser sees a comment. Every other comment goes. Nothing is pasted
back as text after cleaning: the kept comments are tokens of the cleaned tree.

Everything executable — scripts, event handlers, URLs whose scheme is not on
:data:`PROTOCOLS` (in every URL-bearing attribute, each ``srcset`` candidate included,
read as a browser's URL parser reads them), CSS outside a small property list — is removed.
"""

from __future__ import annotations

import html
import json
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import bleach
from bleach import html5lib_shim
from bleach.css_sanitizer import CSSSanitizer
from bleach.sanitizer import BleachSanitizerFilter
from flask import current_app, has_app_context

from .blocks import Block, has_blocks, parse_blocks

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

#: No filtering at all: what an administrator or editor writes when the site allows
#: unfiltered HTML is shown as written.
UNFILTERED = Policy("unfiltered", frozenset(), {})

POLICIES = {policy.name: policy for policy in (COMMENT, AUTHOR, UNFILTERED)}
#: The roles WordPress gives ``unfiltered_html`` (on a single site).
UNFILTERED_ROLES = frozenset({"administrator", "editor"})
_CSS_DANGER = re.compile(r"expression\s*\(|url\s*\(|javascript:|behavior|binding|@import", re.I)


class _StrictCSS(CSSSanitizer):
    """bleach's CSS sanitizer checks property names only; values get checked here too."""

    def sanitize_css(self, style: str) -> str:
        cleaned: str = super().sanitize_css(style)
        kept = [d for d in cleaned.split(";") if d.strip() and not _CSS_DANGER.search(d)]
        return "; ".join(d.strip() for d in kept) + (";" if kept else "")


_CSS = _StrictCSS(allowed_css_properties=_CSS_PROPERTIES)


# -- trust levels ------------------------------------------------------------------------------


def site_allows_unfiltered_html() -> bool:
    """The site's ``unfiltered_html`` setting (config.toml), off outside an application."""
    return bool(has_app_context() and current_app.config.get("UNFILTERED_HTML", False))


def post_policy(role: str | None, *, unfiltered_html: bool) -> Policy:
    """The policy for a post written by a user of *role* (``None``: no known author).

    Administrators and editors write unfiltered HTML when the site allows it; everyone else,
    and a post whose author is gone, gets the author policy.
    """
    return UNFILTERED if unfiltered_html and role in UNFILTERED_ROLES else AUTHOR


def comment_policy(role: str | None, *, unfiltered_html: bool) -> Policy:
    """The policy for a comment by a registered user of *role*, or a visitor (``None``).

    As in WordPress, only a commenter with ``unfiltered_html`` escapes the comment policy;
    a registered author's comment is filtered like a visitor's.
    """
    return UNFILTERED if unfiltered_html and role in UNFILTERED_ROLES else COMMENT


# -- URLs --------------------------------------------------------------------------------------

#: Attributes whose value is one URL (HTML, SVG and the legacy ones browsers still load).
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "poster",
        "cite",
        "data",
        "background",
        "longdesc",
        "usemap",
        "codebase",
        "classid",
        "manifest",
        "icon",
        "profile",
        "lowsrc",
        "dynsrc",
        "datasrc",
        "itemid",
        "itemtype",
        "xlink:href",
        "xml:base",
        "attributionsrc",
    }
)
#: Attributes holding several URLs separated by spaces.
URL_LIST_ATTRIBUTES = frozenset({"ping", "archive"})
#: Attributes holding image candidates (``url 2x, url 640w``).
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
#: Attributes whose value is a whole document: never allowed.
DOCUMENT_ATTRIBUTES = frozenset({"srcdoc"})

_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_SPACE = " \t\n\r\x0c"


def url_is_allowed(url: str, protocols: frozenset[str] = PROTOCOLS) -> bool:
    """Whether *url* (character references already decoded, as the HTML parser hands it to
    the URL parser) is loaded with an allowed scheme — or is relative, which is always safe.

    The URL is read as the URL parser reads it: leading and trailing C0 controls and spaces
    stripped, tabs and newlines removed anywhere. A control character left anywhere is
    refused (nothing legitimate needs one). Then only the scheme counts, so
    ``javascript:123`` is refused however much it looks like a host and port.
    """
    url = _TAB_OR_NEWLINE.sub("", url.strip(_C0_OR_SPACE))
    if _CONTROL.search(url):
        return False
    match = _SCHEME.match(url)
    return match is None or match.group(1).lower() in protocols


def srcset_urls(text: str) -> Iterator[str]:
    """The URLs of a decoded ``srcset`` value, split as HTML's "parse a srcset attribute"
    does (a comma inside a URL is part of it)."""
    pos, end = 0, len(text)
    while pos < end:
        while pos < end and (text[pos] in _SPACE or text[pos] == ","):
            pos += 1
        start = pos
        while pos < end and text[pos] not in _SPACE:
            pos += 1
        url = text[start:pos]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            # The descriptors run to the next comma outside parentheses.
            in_parens = False
            while pos < end and (in_parens or text[pos] != ","):
                if text[pos] == "(":
                    in_parens = True
                elif text[pos] == ")":
                    in_parens = False
                pos += 1
        if url:
            yield url


def attribute_url_is_allowed(name: str, value: str) -> bool:
    """The one URL policy, for any attribute *name* with *value* as written (character
    references and all: the cleaner keeps them): every URL it holds must be allowed."""
    name = name.lower()
    if name in DOCUMENT_ATTRIBUTES:
        return False
    if name in URL_ATTRIBUTES:
        return url_is_allowed(html.unescape(value))
    if name in URL_LIST_ATTRIBUTES:
        return all(url_is_allowed(url) for url in html.unescape(value).split())
    if name in SRCSET_ATTRIBUTES:
        return all(url_is_allowed(url) for url in srcset_urls(html.unescape(value)))
    return True


def _embed_allowed(value: str) -> bool:
    url = _TAB_OR_NEWLINE.sub("", html.unescape(value).strip(_C0_OR_SPACE))
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme == "https" and host in EMBED_HOSTS


def _attribute_filter(policy: Policy) -> Callable[[str, str, str], bool]:
    allowed = policy.attributes

    def check(tag: str, name: str, value: str) -> bool:
        if not (name in allowed.get(tag, ()) or name in allowed.get("*", ())):
            return False
        if tag == "iframe" and name == "src":
            return _embed_allowed(value)
        return attribute_url_is_allowed(name, value)

    return check


# -- comments: block delimiters and WordPress's markers ----------------------------------------

#: The comments WordPress gives a meaning besides block delimiters (as the HTML parser reads
#: them: the text between ``<!--`` and ``-->``).
_MARKER = re.compile(r"more(?:[^<>-][^<>]*)?|nextpage|noteaser")
_PLACEHOLDER = re.compile(r"<!--(mt[0-9a-f]{16})_(\d+)-->")
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def serialize_block_attributes(attrs: dict[str, Any]) -> str:
    """WordPress's ``serialize_block_attributes``: JSON that cannot end an HTML comment
    (``--``, ``<``, ``>``, ``&`` and escaped quotes become ``\\u`` escapes)."""
    text = json.dumps(attrs, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("--", "\\u002d\\u002d").replace("<", "\\u003c").replace(">", "\\u003e")
    text = text.replace("&", "\\u0026").replace('\\"', "\\u0022")
    return _SURROGATE.sub("", text)


def _delimiter(name: str, attrs: dict[str, Any], kind: str) -> str:
    """The inside of a block comment (``<!--`` and ``-->`` excluded), WordPress's way."""
    name = name.removeprefix("core/")
    if kind == "closer":
        return f" /wp:{name} "
    encoded = f"{serialize_block_attributes(attrs)} " if attrs else ""
    return f" wp:{name} {encoded}/" if kind == "void" else f" wp:{name} {encoded}"


@dataclass(frozen=True)
class _Closer:
    name: str


def _mark_delimiters(blocks: list[Block], nonce: str) -> tuple[str, list[str]]:
    """The document of *blocks* with each delimiter replaced by ``<!--{nonce}_{n}-->``, and
    the delimiters, rebuilt from the parse (unclosed blocks get their closer, as WordPress's
    ``serialize_blocks`` would write them; a block with no content is written void)."""
    out: list[str] = []
    delimiters: list[str] = []

    def mark(data: str) -> None:
        out.append(f"<!--{nonce}_{len(delimiters)}-->")
        delimiters.append(data)

    work: list[Block | _Closer | str] = list(reversed(blocks))
    while work:
        item = work.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, _Closer):
            mark(_delimiter(item.name, {}, "closer"))
        elif item.name is None:
            out.append(item.inner_html)
        elif not item.inner_content:
            mark(_delimiter(item.name, item.attrs, "void"))
        else:
            mark(_delimiter(item.name, item.attrs, "opener"))
            inner = iter(item.inner_blocks)
            pieces: list[Block | _Closer | str] = [
                chunk if chunk is not None else next(inner, "") for chunk in item.inner_content
            ]
            work.append(_Closer(item.name))
            work.extend(reversed(pieces))
    return "".join(out), delimiters


def _restore(nonce: str, delimiters: list[str]) -> Callable[[re.Match[str]], str]:
    """Placeholders found in text or attribute values become the delimiter's text there (as
    data: the serializer escapes it, and the attribute's checks see the real value)."""

    def restore(match: re.Match[str]) -> str:
        number = int(match.group(2))
        if match.group(1) != nonce or number >= len(delimiters):
            return match.group(0)  # written by the author: plain text
        return f"<!--{delimiters[number]}-->"

    return restore


class _BeforeCleaning:
    """Before bleach: placeholders outside comment context turn back into text; comments
    other than placeholders and WordPress's markers are dropped."""

    def __init__(self, source: Any, nonce: str, delimiters: list[str]) -> None:
        self.source = source
        self.nonce = nonce
        self.restore = _restore(nonce, delimiters)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        nonce = self.nonce
        for token in self.source:
            kind = token["type"]
            if kind == "Comment":
                data = token["data"]
                if data.startswith(nonce) or _MARKER.fullmatch(data):
                    yield token
            elif kind in ("Characters", "SpaceCharacters") and nonce in token["data"]:
                yield {**token, "data": _PLACEHOLDER.sub(self.restore, token["data"])}
            elif kind in ("StartTag", "EmptyTag") and any(
                nonce in v for v in token["data"].values()
            ):
                data = {k: _PLACEHOLDER.sub(self.restore, v) for k, v in token["data"].items()}
                yield {**token, "data": data}
            else:
                yield token


class _AfterCleaning:
    """After bleach: placeholder comments become the rebuilt block delimiters; iframes whose
    source was refused (left empty by bleach) are dropped whole, and the fallback text of
    the others too (browsers never show it).

    ``>`` in attribute values is written ``&gt;`` (and the serializer always quotes with
    ``"``), so every ``<`` and ``>`` of the output delimits a tag or comment: the filters
    that run on sanitized HTML afterwards (texturize and shortcodes over a latest-posts
    block's full content) find the same tags a browser does.
    """

    def __init__(self, source: Any, nonce: str, delimiters: list[str]) -> None:
        self.source = source
        self.nonce = nonce
        self.delimiters = delimiters

    def __iter__(self) -> Iterator[dict[str, Any]]:
        skipping = in_iframe = False
        for token in self.source:
            kind = token["type"]
            if kind == "EndTag" and token["name"] == "iframe":
                in_iframe = False
                if skipping:
                    skipping = False
                    continue
            if skipping or (in_iframe and kind in ("Characters", "SpaceCharacters", "Entity")):
                continue
            if kind in ("StartTag", "EmptyTag"):
                if token["name"] == "iframe":
                    in_iframe = True
                    skipping = not _has_src(token)
                    if skipping:
                        continue
                if any(">" in value for value in token["data"].values()):
                    data = {k: v.replace(">", "&gt;") for k, v in token["data"].items()}
                    token = {**token, "data": data}
            elif kind == "Comment":
                data = token["data"]
                if not _MARKER.fullmatch(data):
                    prefix, _, number = data.partition("_")
                    if prefix != self.nonce or not number.isdigit():
                        continue
                    if int(number) >= len(self.delimiters):
                        continue
                    token = {"type": "Comment", "data": self.delimiters[int(number)]}
            yield token


def _has_src(token: dict[str, Any]) -> bool:
    return any(name == "src" for _, name in token["data"])


_EtreeWalker: Any = html5lib_shim.getTreeWalker("etree")


class _Walker(_EtreeWalker):  # type: ignore[misc, valid-type]
    """html5lib's ElementTree walker, minus a quadratic cost: going up from an element it
    searched the grandparent's children for the parent's position every time, which for a
    flat document of thousands of blocks (each a comment, an element and a comment) is most
    of the work. Positions are remembered per parent (the tree does not change meanwhile)."""

    def __init__(self, tree: Any) -> None:
        super().__init__(tree)
        self._positions: dict[int, dict[int, int]] = {}

    def getParentNode(self, node: Any) -> Any:  # noqa: N802 — html5lib's name
        if isinstance(node, tuple) and node[3] != "text" and len(node[2]) > 1:
            parents = node[2]
            parent = parents.pop()
            grandparent = parents[-1]
            positions = self._positions.get(id(grandparent))
            if positions is None:
                positions = {id(child): i for i, child in enumerate(grandparent)}
                self._positions[id(grandparent)] = positions
            return parent, positions[id(parent)], parents, None
        return super().getParentNode(node)


class _Cleaner(bleach.Cleaner):
    """bleach's cleaner with the comment handling above around its sanitizer."""

    def clean_marked(self, text: str, nonce: str, delimiters: list[str]) -> str:
        if not text:
            return ""
        dom = self.parser.parseFragment(text)
        stream: Any = _BeforeCleaning(_Walker(dom), nonce, delimiters)
        stream = BleachSanitizerFilter(
            source=stream,
            allowed_tags=self.tags,
            attributes=self.attributes,
            strip_disallowed_tags=self.strip,
            strip_html_comments=False,
            css_sanitizer=self.css_sanitizer,
            allowed_protocols=self.protocols,
        )
        stream = _AfterCleaning(stream, nonce, delimiters)
        return str(self.serializer.render(stream))


@lru_cache(maxsize=4)
def _cleaner(name: str) -> _Cleaner:
    policy = POLICIES[name]
    cleaner = _Cleaner(
        tags=policy.tags,
        attributes=_attribute_filter(policy),  # type: ignore[arg-type]
        protocols=PROTOCOLS,
        css_sanitizer=_CSS if policy.css else None,
        strip=True,
        strip_comments=False,
    )
    cleaner.serializer.use_best_quote_char = False
    return cleaner


def sanitize(html: str, policy: Policy = AUTHOR) -> str:
    """*html* with everything the *policy* does not allow removed.

    Block delimiters, ``<!--more-->``, ``<!--nextpage-->`` and ``<!--noteaser-->`` are
    kept; with :data:`UNFILTERED` the text is returned as written.
    """
    # Drop characters that have no place in HTML (NUL and other C0 controls but tab/newlines).
    # Lone surrogates (from broken input) could not even be encoded as UTF-8.
    text = _UNWANTED.sub("", html)
    if policy is UNFILTERED or not text:
        return text
    # A fresh nonce per call: text cannot forge a placeholder it cannot know.
    nonce = "mt" + secrets.token_hex(8)
    delimiters: list[str] = []
    if has_blocks(text):
        text, delimiters = _mark_delimiters(parse_blocks(text), nonce)
    return _cleaner(policy.name).clean_marked(text, nonce, delimiters)
