"""WordPress's automatic paragraphs: ``wpautop`` and ``shortcode_unautop``.

A faithful port of ``wpautop()`` from WordPress's ``wp-includes/formatting.php`` (as in
WordPress 6.1): blank lines become ``<p>`` elements, single newlines ``<br />``, and
block-level elements, ``<pre>``, scripts, styles, SVG, ``<option>``, ``<object>`` and
media sources are left alone. The output must match WordPress byte for byte, so the steps
below are WordPress's regular expressions in WordPress's order; the comments say what each
one is for.

Translating PHP's PCRE patterns to Python's ``re`` needs three kinds of care:

* PHP runs these patterns on bytes without the ``u`` flag, so ``\\s``, ``\\w`` and ``\\d``
  are ASCII-only. Every pattern here is compiled with :data:`re.ASCII`.
* PCRE's conditional groups ``(?(?=x)yes|no)`` do not exist in ``re``; they become
  ``(?:(?=x)yes|(?!x)no)``, which matches the same strings.
* ``re`` only accepts fixed-width look-behinds, so a look-behind over alternatives of
  different lengths becomes an alternation of look-behinds.

PHP's ``trim()`` strips only ``" \\t\\n\\r\\0\\x0B"`` (not the no-break space Python's
``str.strip()`` would also remove), hence :func:`php_trim`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

#: The characters PHP's ``trim()`` removes by default.
PHP_TRIM_CHARS = " \t\n\r\0\x0b"

#: ``wp_spaces_regexp()``: WordPress's "whitespace" (newlines, tabs, spaces, the UTF-8
#: no-break space and the ``&nbsp;`` entity), used where PCRE's ``\s`` would be unreliable.
SPACES = r"[\r\n\t \xa0]|&nbsp;"

#: Block-level elements around which autop never adds ``<p>`` (WordPress's ``$allblocks``).
ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|"
    r"form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|"
    r"article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)

_A = re.ASCII


def php_trim(text: str, chars: str = PHP_TRIM_CHARS) -> str:
    """PHP's ``trim()``: strip only the characters PHP strips (never the no-break space)."""
    return text.strip(chars)


# --- Splitting HTML into text and tags (get_html_split_regex) --------------------------

# A comment, after the "<": everything up to "-->", or to the end if it never closes.
# Unrolled and possessive, as WordPress writes it, so long comments cannot backtrack.
_COMMENT = r"!(?:-(?!->)[^\-]*+)*+(?:-->)?"
_CDATA = r"!\[CDATA\[[^\]]*+(?:\](?!\]>)[^\]]*+)*+(?:\]\]>)?"
_ESCAPED = rf"(?:(?=!-){_COMMENT}|(?!!-){_CDATA})"
_HTML_SPLIT = re.compile(
    rf"(<(?:(?=!--|!\[CDATA\[){_ESCAPED}|(?!!--|!\[CDATA\[)[^>]*>?))",
    _A,
)


def wp_html_split(text: str) -> list[str]:
    """Split *text* into text and HTML elements (comments and CDATA included).

    Odd indexes are elements, even indexes the text between them (possibly empty), as
    WordPress's ``wp_html_split()`` returns them.
    """
    return _HTML_SPLIT.split(text)


def wp_replace_in_html_tags(text: str, replace_pairs: Mapping[str, str]) -> str:
    """Replace characters or phrases inside HTML elements (and comments) only.

    With one pair each element gets a plain replace; with several, WordPress's ``strtr()``
    semantics apply (longest needle first, never re-replacing replaced text).
    """
    parts = wp_html_split(text)
    changed = False
    if len(replace_pairs) == 1:
        ((needle, replacement),) = replace_pairs.items()
        for i in range(1, len(parts), 2):
            if needle in parts[i]:
                parts[i] = parts[i].replace(needle, replacement)
                changed = True
    else:
        needles = sorted(replace_pairs, key=len, reverse=True)
        strtr = re.compile("|".join(re.escape(n) for n in needles if n))
        for i in range(1, len(parts), 2):
            if any(n in parts[i] for n in replace_pairs):
                parts[i] = strtr.sub(lambda m: replace_pairs[m.group(0)], parts[i])
                changed = True
    return "".join(parts) if changed else text


# --- wpautop ---------------------------------------------------------------------------

_MULTI_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>", _A)
_BLOCK_OPEN = re.compile(rf"(<{ALLBLOCKS}[\s/>])", _A)
_BLOCK_CLOSE = re.compile(rf"(</{ALLBLOCKS}>)", _A)
_HR = re.compile(r"(<hr\s*?/?>)", _A)
_OPTION_BEFORE = re.compile(r"\s*<option", _A)
_OPTION_AFTER = re.compile(r"</option>\s*", _A)
_OBJECT_OPEN = re.compile(r"(<object[^>]*>)\s*", _A)
_OBJECT_CLOSE = re.compile(r"\s*</object>", _A)
_PARAM_EMBED = re.compile(r"\s*(</?(?:param|embed)[^>]*>)\s*", _A)
_MEDIA_OPEN = re.compile(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", _A)
_MEDIA_CLOSE = re.compile(r"\s*([<\[]/(?:audio|video)[>\]])", _A)
_SOURCE_TRACK = re.compile(r"\s*(<(?:source|track)[^>]*>)\s*", _A)
_FIGCAPTION_OPEN = re.compile(r"\s*(<figcaption[^>]*>)", _A)
_FIGCAPTION_CLOSE = re.compile(r"</figcaption>\s*", _A)
_MANY_NEWLINES = re.compile(r"\n\n+")
_PARAGRAPHS = re.compile(r"\n\s*\n", _A)
_EMPTY_P = re.compile(r"<p>\s*</p>", _A)
_UNCLOSED_P = re.compile(r"<p>([^<]+)</(div|address|form)>")
_P_AROUND_BLOCK = re.compile(rf"<p>\s*(</?{ALLBLOCKS}[^>]*>)\s*</p>", _A)
_P_AROUND_LI = re.compile(r"<p>(<li.+?)</p>")
_P_BLOCKQUOTE = re.compile(r"<p><blockquote([^>]*)>", _A | re.IGNORECASE)
_P_BEFORE_BLOCK = re.compile(rf"<p>\s*(</?{ALLBLOCKS}[^>]*>)", _A)
_P_AFTER_BLOCK = re.compile(rf"(</?{ALLBLOCKS}[^>]*>)\s*</p>", _A)
_PRESERVE = re.compile(r"<(script|style|svg).*?</\1>", _A | re.DOTALL)
_NEWLINE_TO_BR = re.compile(r"(?<!<br />)\s*\n", _A)
_BR_AFTER_BLOCK = re.compile(rf"(</?{ALLBLOCKS}[^>]*>)\s*<br />", _A)
_BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", _A)
_TRAILING_NEWLINE_P = re.compile(r"\n</p>$")
_PRE_PLACEHOLDER = re.compile(r"<pre wp-pre-tag-\d+></pre>")


def _preserve_newlines(match: re.Match[str]) -> str:
    # _autop_newline_preservation_helper: newlines inside script/style/svg survive <br />.
    return match.group(0).replace("\n", "<WPPreserveNewline />")


def _hide_pre_blocks(text: str) -> tuple[str, dict[str, str]]:
    """Swap each ``<pre>…</pre>`` for a placeholder, so autop never touches its text."""
    parts = text.split("</pre>")
    last = parts.pop()
    pre_tags: dict[str, str] = {}
    out: list[str] = []
    for part in parts:
        start = part.find("<pre")
        if start == -1:  # Malformed HTML: a </pre> without its <pre>.
            out.append(part)
            continue
        name = f"<pre wp-pre-tag-{len(pre_tags)}></pre>"
        pre_tags[name] = part[start:] + "</pre>"
        out.append(part[:start] + name)
    out.append(last)
    return "".join(out), pre_tags


def wpautop(text: str, br: bool = True) -> str:
    """Replace double line breaks with paragraphs, as WordPress's ``wpautop()`` does.

    Text separated by blank lines is wrapped in ``<p>``; block-level elements are kept out
    of paragraphs; ``<pre>`` blocks are untouched; with *br* (the default) the remaining
    single newlines become ``<br />``, except inside ``<script>``, ``<style>`` and ``<svg>``.
    Newlines inside tags and comments are preserved. ``<!--more-->`` and other comments are
    kept as they are.
    """
    if php_trim(text) == "":
        return ""

    # Just to make things a little easier, pad the end.
    text = text + "\n"

    pre_tags: dict[str, str] = {}
    if "<pre" in text:
        text, pre_tags = _hide_pre_blocks(text)

    # Change multiple <br>s into two line breaks, which will turn into paragraphs.
    text = _MULTI_BR.sub("\n\n", text)

    # Double line breaks above block-level opening tags and below closing ones (and <hr>).
    text = _BLOCK_OPEN.sub("\n\n\\1", text)
    text = _BLOCK_CLOSE.sub("\\1\n\n", text)
    text = _HR.sub("\\1\n\n", text)

    # Standardize newline characters to "\n".
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    # Find newlines in all elements and add placeholders.
    text = wp_replace_in_html_tags(text, {"\n": " <!-- wpnl --> "})

    # Collapse line breaks before and after <option> elements so they don't get autop'd.
    if "<option" in text:
        text = _OPTION_BEFORE.sub("<option", text)
        text = _OPTION_AFTER.sub("</option>", text)

    # Collapse line breaks inside <object>, before <param> and <embed>.
    if "</object>" in text:
        text = _OBJECT_OPEN.sub("\\1", text)
        text = _OBJECT_CLOSE.sub("</object>", text)
        text = _PARAM_EMBED.sub("\\1", text)

    # Collapse line breaks inside <audio> and <video>, around <source> and <track>.
    if "<source" in text or "<track" in text:
        text = _MEDIA_OPEN.sub("\\1", text)
        text = _MEDIA_CLOSE.sub("\\1", text)
        text = _SOURCE_TRACK.sub("\\1", text)

    # Collapse line breaks before and after <figcaption> elements.
    if "<figcaption" in text:
        text = _FIGCAPTION_OPEN.sub("\\1", text)
        text = _FIGCAPTION_CLOSE.sub("</figcaption>", text)

    # Remove more than two contiguous line breaks.
    text = _MANY_NEWLINES.sub("\n\n", text)

    # Split into paragraphs at double line breaks and wrap every bit in a <p>.
    paragraphs = [p for p in _PARAGRAPHS.split(text) if p]
    text = "".join("<p>" + p.strip("\n") + "</p>\n" for p in paragraphs)

    # Under certain strange conditions it could create a P of entirely whitespace.
    text = _EMPTY_P.sub("", text)

    # Add a closing </p> inside <div>, <address> or <form> if missing.
    text = _UNCLOSED_P.sub("<p>\\1</p></\\2>", text)

    # If an opening or closing block element tag is wrapped in a <p>, unwrap it.
    text = _P_AROUND_BLOCK.sub("\\1", text)

    # In some cases <li> may get wrapped in <p>, fix them.
    text = _P_AROUND_LI.sub("\\1", text)

    # If a <blockquote> is wrapped with a <p>, move it inside the <blockquote>.
    text = _P_BLOCKQUOTE.sub("<blockquote\\1><p>", text)
    text = text.replace("</blockquote></p>", "</p></blockquote>")

    # Remove an opening <p> before, and a closing </p> after, a block element tag.
    text = _P_BEFORE_BLOCK.sub("\\1", text)
    text = _P_AFTER_BLOCK.sub("\\1", text)

    if br:
        # Newlines in script, style and svg elements must survive: hide them first.
        text = _PRESERVE.sub(_preserve_newlines, text)
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        # Any newline not preceded by a <br /> becomes one.
        text = _NEWLINE_TO_BR.sub("<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")

    # No <br /> right after a block tag, nor right before a subset of them.
    text = _BR_AFTER_BLOCK.sub("\\1", text)
    text = _BR_BEFORE_BLOCK.sub("\\1", text)
    text = _TRAILING_NEWLINE_P.sub("</p>", text)

    # Put the <pre> blocks back, in one pass (WordPress's str_replace() with arrays makes
    # one pass per block, which is quadratic for posts with thousands of them).
    if pre_tags:
        text = _PRE_PLACEHOLDER.sub(lambda m: pre_tags.get(m.group(0), m.group(0)), text)

    # Restore newlines in all elements.
    if "<!-- wpnl -->" in text:
        text = text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")

    return text


# --- shortcode_unautop -----------------------------------------------------------------

_UNAUTOP_CACHE: dict[tuple[str, ...], re.Pattern[str]] = {}


def _unautop_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    pattern = _UNAUTOP_CACHE.get(names)
    if pattern is None:
        tags = "|".join(re.escape(n) for n in names)
        pattern = re.compile(
            r"<p>"
            rf"(?:{SPACES})*+"  # Optional leading whitespace.
            r"("  # 1: the shortcode.
            r"\["
            rf"({tags})"  # 2: its name.
            r"(?![\w-])"  # Not followed by a word character or hyphen.
            r"[^\]/]*"  # Inside the opening tag: not a closing bracket or slash...
            r"(?:/(?!\])[^\]/]*)*?"  # ...or a slash that does not close it.
            r"(?:"
            r"/\]"  # Self-closing.
            r"|"
            r"\]"  # Or closing bracket, optionally content and the closing tag.
            r"(?:[^\[]*+(?:\[(?!/\2\])[^\[]*+)*+\[/\2\])?"
            r")"
            r")"
            rf"(?:{SPACES})*+"  # Optional trailing whitespace.
            r"</p>",
            _A,
        )
        if len(_UNAUTOP_CACHE) > 64:
            _UNAUTOP_CACHE.clear()
        _UNAUTOP_CACHE[names] = pattern
    return pattern


def shortcode_unautop(text: str, tagnames: Iterable[str]) -> str:
    """Unwrap the ``<p>`` autop put around a shortcode standing alone in its paragraph.

    *tagnames* are the registered shortcodes' names (WordPress reads its global
    ``$shortcode_tags``); with none registered the text is returned unchanged.
    """
    names = tuple(sorted(set(tagnames)))
    if not names:
        return text
    return _unautop_pattern(names).sub("\\1", text)


__all__: list[str] = [
    "ALLBLOCKS",
    "SPACES",
    "php_trim",
    "shortcode_unautop",
    "wp_html_split",
    "wp_replace_in_html_tags",
    "wpautop",
]
