"""Post content to HTML: the first, plain version of WordPress's ``the_content``.

Paragraphs (a simple autop), ``<!--more-->`` teasers, ``<!--nextpage-->`` parts and
sanitizing with bleach against an explicit allowlist. Results are cached per post revision
(id + modified time), so the hot path does not re-run the pipeline.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import bleach
from bleach.css_sanitizer import CSSSanitizer
from markupsafe import Markup

MORE = re.compile(r"<!--more(.*?)?-->")
NEXTPAGE = "<!--nextpage-->"

_BLOCK = (
    "address|article|aside|blockquote|details|div|dl|dd|dt|fieldset|figcaption|figure|footer|"
    "form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|thead|tbody|tfoot|tr|td|th|ul|"
    "iframe|style|script|video|audio|caption|colgroup|col|option|select|math|svg|hgroup|menu"
)
_STARTS_BLOCK = re.compile(rf"^\s*</?(?:{_BLOCK})[\s/>]", re.I)
_ENDS_BLOCK = re.compile(rf"</?(?:{_BLOCK})[^>]*>\s*$", re.I)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)

ALLOWED_TAGS = frozenset(
    "a abbr acronym address article aside audio b bdi bdo big blockquote br caption cite code "
    "col colgroup dd del details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr i img ins kbd li mark ol p pre q rp rt ruby s samp section small source span "
    "strike strong sub summary sup table tbody td tfoot th thead time tr track tt u ul var "
    "video".split()
)
ALLOWED_ATTRIBUTES = {
    "*": ["class", "id", "title", "lang", "dir", "style"],
    "a": ["href", "rel", "target", "name"],
    "img": ["src", "alt", "width", "height", "srcset", "sizes", "loading"],
    "td": ["colspan", "rowspan", "align"],
    "th": ["colspan", "rowspan", "align", "scope"],
    "ol": ["start", "reversed", "type"],
    "time": ["datetime"],
    "blockquote": ["cite"],
    "q": ["cite"],
    "del": ["datetime", "cite"],
    "ins": ["datetime", "cite"],
    "audio": ["src", "controls", "loop", "preload"],
    "video": ["src", "controls", "loop", "preload", "poster", "width", "height"],
    "source": ["src", "type"],
    "track": ["src", "kind", "srclang", "label"],
    "abbr": ["title"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel", "ftp"})
_CSS = CSSSanitizer(
    allowed_css_properties=[
        "text-align",
        "color",
        "background-color",
        "font-weight",
        "font-style",
        "text-decoration",
        "width",
        "height",
        "margin",
        "padding",
        "float",
        "clear",
        "vertical-align",
        "border",
        "font-size",
        "display",
    ]
)


def autop(text: str) -> str:
    """Blank-line separated blocks become ``<p>``; single newlines inside them ``<br />``.

    Blocks that are already block-level HTML are left alone, and so is ``<pre>`` content.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ""
    saved: list[str] = []

    def _keep(match: re.Match[str]) -> str:
        saved.append(match.group(0))
        return f"\x00{len(saved) - 1}\x00"

    text = _PRE.sub(_keep, text)
    # Give block tags room of their own so they are never wrapped in <p>.
    text = re.sub(rf"(<(?:{_BLOCK})[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(rf"(</(?:{_BLOCK})>)", r"\1\n\n", text, flags=re.I)
    out: list[str] = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip("\n")
        if not chunk.strip():
            continue
        if _STARTS_BLOCK.match(chunk) or _ENDS_BLOCK.search(chunk) or chunk.startswith("\x00"):
            out.append(chunk.strip())
        else:
            out.append("<p>" + chunk.strip().replace("\n", "<br />\n") + "</p>")
    html = "\n".join(out)
    return re.sub(r"\x00(\d+)\x00", lambda m: saved[int(m.group(1))], html)


def sanitize(html: str) -> str:
    """Rich post HTML with everything executable removed (tags, handlers, script URLs)."""
    return bleach.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        css_sanitizer=_CSS,
        strip=True,
        strip_comments=True,
    )


#: What a commenter may use: plain formatting and links (WordPress's comment allowlist).
COMMENT_TAGS = frozenset(
    "a abbr acronym b blockquote br cite code del em i p q s strike strong".split()
)
COMMENT_ATTRIBUTES = {
    "a": ["href", "title"],
    "abbr": ["title"],
    "acronym": ["title"],
    "blockquote": ["cite"],
    "del": ["datetime"],
    "q": ["cite"],
}


def _nofollow(attrs: dict, new: bool = False) -> dict:  # type: ignore[type-arg]
    if (None, "href") in attrs:
        attrs[(None, "rel")] = "nofollow ugc"
    return attrs


@lru_cache(maxsize=4096)
def _render_comment(text: str) -> str:
    cleaned = bleach.clean(
        autop(text),
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return str(bleach.linkify(cleaned, callbacks=[_nofollow], skip_tags={"code"}))


def render_comment(text: str) -> Markup:
    """A comment's text as safe HTML: paragraphs, plain formatting and ``nofollow ugc`` links."""
    return Markup(_render_comment(text))


def split_parts(content: str) -> list[str]:
    """The parts of a ``<!--nextpage-->`` post (one part when it has none)."""
    return content.split(NEXTPAGE)


def teaser(content: str) -> tuple[str, bool]:
    """The text before ``<!--more-->``, and whether there was more."""
    match = MORE.search(content)
    if match is None:
        return content, False
    return content[: match.start()], True


@lru_cache(maxsize=2048)
def _render(text: str) -> str:
    return sanitize(
        autop(_COMMENT.sub(lambda m: m.group(0) if m.group(0).startswith("<!--more") else "", text))
    )


def render_content(text: str) -> Markup:
    """*text* (one part of a post) as safe HTML. Cached by content, so per revision."""
    return Markup(_render(text))


def excerpt_text(excerpt: str, content: str, words: int = 55) -> str:
    """The manual excerpt, or the first *words* words of the content with tags removed."""
    if excerpt.strip():
        return excerpt.strip()
    plain = html.unescape(
        bleach.clean(_COMMENT.sub("", teaser(content)[0]), tags=set(), strip=True)
    )
    plain = re.sub(r"\[/?[a-z_-]+[^\]]*\]", "", plain)
    parts = plain.split()
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]) + "\u00a0[\u2026]"
