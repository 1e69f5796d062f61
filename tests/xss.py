"""What counts as executable in rendered HTML, for the XSS corpus tests."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from magtheme.content.sanitize import EMBED_HOSTS

VECTORS_FILE = Path(__file__).resolve().parent / "data" / "xss-vectors.txt"
DANGEROUS_TAGS = {
    "script",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "form",
    "frame",
    "frameset",
    "style",
    "svg",
    "math",
    "iframe",
    "isindex",
    "noscript",
    "xmp",
    "template",
    "portal",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "lowsrc",
    "dynsrc",
    "srcdoc",
    "xlink:href",
    "cite",
    "srcset",
    "codebase",
}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")


def vectors() -> list[str]:
    lines = VECTORS_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("# ")]


def _scheme(value: str) -> str:
    """An attribute value as a browser reads its scheme (HTMLParser already decoded it once)."""
    return "".join(ch for ch in value if ord(ch) > 32 and ch != "\x7f").lower()


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            src = dict(attrs).get("src") or ""
            if not (
                tag == "iframe"
                and urlsplit(src).hostname in EMBED_HOSTS
                and src.startswith("https://")
            ):
                self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            elif name in URL_ATTRIBUTES and _scheme(value).startswith(BAD_SCHEMES):
                self.found.append(f"{tag}[{name}={value[:30]}]")
            elif name == "style" and any(
                bad in _scheme(value)
                for bad in ("expression(", "javascript:", "behavior:", "-moz-binding", "url(")
            ):
                self.found.append(f"{tag}[style={value[:30]}]")

    handle_startendtag = handle_starttag


def executable(markup: str) -> list[str]:
    """The executable things in *markup*: script-ish elements, handlers, script URLs."""
    finder = _Finder()
    finder.feed(markup)
    finder.close()
    return finder.found
