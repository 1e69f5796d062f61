"""What counts as executable in rendered HTML, for the XSS corpus tests.

Markup is parsed as a browser parses it (html5lib, the WHATWG algorithm that bleach ships),
so a comment, attribute or tag that a browser would read differently from a regular
expression is judged by what the browser builds.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from bleach._vendor import html5lib

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
    "codebase",
    "longdesc",
    "usemap",
    "ping",
    "manifest",
    "icon",
    "xml:base",
}
#: Attributes holding several URLs (each candidate checked).
URL_LIST_ATTRIBUTES = {"srcset", "imagesrcset"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
SVG, MATHML = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1998/Math/MathML}"
PAGE_ALLOWED = {"meta", "link", "style", "form", "script"}


def vectors() -> list[str]:
    lines = VECTORS_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("# ")]


def _scheme(value: str) -> str:
    """An attribute value as a browser's URL parser reads its scheme (references are already
    decoded by the HTML parser); stricter than the parser: every control character goes."""
    return "".join(ch for ch in value if ord(ch) > 32 and ch != "\x7f").lower()


def _local(name: str) -> str:
    """``{namespace}name`` → ``name``; the xlink namespace keeps its ``xlink:`` prefix."""
    if name.startswith("{http://www.w3.org/1999/xlink}"):
        return "xlink:" + name.rsplit("}", 1)[1]
    return name.rsplit("}", 1)[-1].lower()


def _bad_url(name: str, value: str) -> bool:
    if name == "srcdoc":
        return True
    if name in URL_LIST_ATTRIBUTES:
        candidates = value.replace(",", " ").split()
        return any(_scheme(c).startswith(BAD_SCHEMES) for c in candidates)
    return name in URL_ATTRIBUTES and _scheme(value).startswith(BAD_SCHEMES)


def _findings(root: object, allowed: frozenset[str] = frozenset()) -> list[str]:
    found: list[str] = []
    for element in root.iter():  # type: ignore[attr-defined]
        if not isinstance(element.tag, str):
            continue  # a comment
        tag = element.tag
        if tag.startswith((SVG, MATHML)):
            found.append(f"<{_local(tag)}> (foreign content)")
            tag = _local(tag)
        if tag in DANGEROUS_TAGS and tag not in allowed:
            src = element.get("src") or ""
            if not (
                tag == "iframe"
                and src.startswith("https://")
                and urlsplit(src).hostname in EMBED_HOSTS
            ):
                found.append(f"<{tag}>")
        for raw_name, value in element.attrib.items():
            name = _local(raw_name)
            if name.startswith("on"):
                found.append(f"{tag}[{name}]")
            elif _bad_url(name, value):
                found.append(f"{tag}[{name}={value[:30]}]")
            elif name == "style" and any(
                bad in _scheme(value)
                for bad in ("expression(", "javascript:", "behavior:", "-moz-binding", "url(")
            ):
                found.append(f"{tag}[style={value[:30]}]")
    return found


def executable(markup: str) -> list[str]:
    """The executable things in the HTML fragment *markup*: script-ish elements, event
    handlers, script URLs, scripted CSS."""
    fragment = html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)
    return _findings(fragment)


def executable_in_page(document: str, own_scripts: int = 0) -> list[str]:
    """Like :func:`executable` for a whole page, whose theme may use ``<meta>``, ``<link>``,
    ``<style>``, a search ``<form>`` and *own_scripts* scripts of its own."""
    tree = html5lib.parse(document, treebuilder="etree", namespaceHTMLElements=False)
    found = _findings(tree, frozenset(PAGE_ALLOWED))
    scripts = sum(1 for element in tree.iter() if element.tag == "script")
    if scripts > own_scripts:
        found.append(f"{scripts - own_scripts} <script> more than the theme's")
    return found
