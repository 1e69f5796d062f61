"""Plain text from post content: stripping tags, trimming to N words, word count, reading time.

``wp_strip_all_tags()``, ``wp_trim_words()`` and ``convert_chars()`` are ports of
WordPress's functions in ``wp-includes/formatting.php``; ``wp_strip_all_tags()`` relies on
PHP's ``strip_tags()``, whose exact behaviour (a small state machine, not an HTML parser)
is reproduced by :func:`php_strip_tags` so that automatic excerpts cut at the same word as
WordPress's. Word count and reading time have no server-side WordPress counterpart (the
editor counts words in JavaScript); they follow the editor's rules closely enough for a
"5 min read" label.
"""

from __future__ import annotations

import html
import math
import re
from functools import lru_cache

from magtheme.content.autop import php_trim

_A = re.ASCII

_SCRIPT_STYLE = re.compile(r"<(script|style)[^>]*?>.*?</\1>", _A | re.IGNORECASE | re.DOTALL)
_BREAKS = re.compile(r"[\r\n\t ]+")
_PHP_SPACE = " \t\n\r\x0b\x0c"  # C's isspace() in the "C" locale.


def php_strip_tags(text: str) -> str:
    """PHP's ``strip_tags()`` with no allowed tags.

    PHP does not parse HTML: it walks the string, dropping everything from a ``<`` that is
    not followed by whitespace up to the matching ``>`` (quotes inside the tag may hide a
    ``>``), comments up to ``-->``, and PHP code up to ``?>``. An unclosed tag swallows the
    rest of the text, as in PHP.
    """
    out: list[str] = []
    state = 0  # 0 text, 1 tag, 2 PHP code, 3 "<!" declaration, 4 comment
    depth = 0
    in_q = ""  # The quote character a tag attribute is open in.
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        prev = text[i - 1] if i else ""
        if c == "\0":
            pass
        elif state == 0:
            if c == "<":
                nxt = text[i + 1] if i + 1 < n else ""
                if nxt and nxt in _PHP_SPACE:
                    out.append(c)
                else:
                    state = 1
            elif c == ">" and depth:
                depth -= 1
            else:
                out.append(c)
        elif state == 1:
            if c == "<" and not in_q:
                nxt = text[i + 1] if i + 1 < n else ""
                if not (nxt and nxt in _PHP_SPACE):
                    depth += 1
            elif c == ">" and not in_q:
                if depth:
                    depth -= 1
                else:
                    state = 0
            elif c in "\"'":
                if i and (not in_q or c == in_q):
                    in_q = "" if in_q else c
            elif c == "!" and prev == "<":
                state = 3
            elif c == "?" and prev == "<":
                state = 2
        elif state == 2:
            if c in "\"'" and prev != "\\":
                in_q = "" if in_q == c else (in_q or c)
            elif c == ">" and not in_q and prev == "?":
                state = 0
        elif state == 3:
            if c == ">" and not in_q:
                if depth:
                    depth -= 1
                else:
                    state = 0
            elif c in "\"'" and prev != "\\" and (not in_q or c == in_q):
                in_q = "" if in_q else c
            elif c == "-" and i >= 2 and text[i - 2 : i] == "!-":
                state = 4
        elif state == 4:
            if c == ">" and text[max(0, i - 2) : i] == "--":
                state = 0
                in_q = ""
        i += 1
    return "".join(out)


def wp_strip_all_tags(text: str, remove_breaks: bool = False) -> str:
    """Remove every HTML tag, including ``<script>`` and ``<style>`` with their content.

    With *remove_breaks*, runs of newlines, tabs and spaces become one space. The result
    is trimmed, as WordPress trims it.
    """
    text = _SCRIPT_STYLE.sub("", text)
    text = php_strip_tags(text)
    if remove_breaks:
        text = _BREAKS.sub(" ", text)
    return php_trim(text)


def _php_split_no_empty(pattern: re.Pattern[str], text: str, limit: int) -> list[str]:
    """PHP's ``preg_split($pattern, $text, $limit, PREG_SPLIT_NO_EMPTY)``."""
    if limit <= 0:  # PHP: 0 and -1 mean "no limit".
        return [p for p in pattern.split(text) if p]
    pieces: list[str] = []
    start = 0
    for match in pattern.finditer(text):
        if len(pieces) == limit - 1:
            break
        if match.start() > start:
            pieces.append(text[start : match.start()])
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def wp_trim_words(text: str, num_words: int = 55, more: str | None = None) -> str:
    """Trim *text* to *num_words* words, appending *more* (``&hellip;``) if it was longer.

    Tags are stripped first; words are what newlines, tabs and spaces separate, and the
    kept words are joined with single spaces.
    """
    if more is None:
        more = "&hellip;"
    text = wp_strip_all_tags(text)
    num_words = int(num_words)
    words = _php_split_no_empty(_BREAKS, text, num_words + 1)
    if len(words) > num_words:
        words.pop()
        return " ".join(words) + more
    return " ".join(words)


_LONE_AMP_CHARS = re.compile(r"&([^#])(?![a-z1-4]{1,8};)", _A | re.IGNORECASE)


def convert_chars(content: str) -> str:
    """Turn lone ``&`` characters into ``&#038;`` (WordPress's ``convert_chars()``)."""
    if "&" in content:
        content = _LONE_AMP_CHARS.sub(r"&#038;\1", content)
    return content


# --- Word count and reading time -------------------------------------------------------

_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)
_SHORTCODE_TAG = re.compile(r"\[/?[A-Za-z][\w-]*(?:\s[^\]]*)?/?\]")
_WORD = re.compile(r"\w")


def word_count(content: str) -> int:
    """How many words a reader sees in *content* (HTML).

    Like WordPress's editor counter: comments, shortcode tags and HTML tags are removed
    (a tag separates words), entities are decoded, and only tokens with a letter or digit
    count (a lone dash or ellipsis is not a word).
    """
    text = _COMMENTS.sub(" ", content)
    text = _SCRIPT_STYLE.sub(" ", text)
    text = _SHORTCODE_TAG.sub(" ", text)
    text = php_strip_tags(text.replace("<", " <").replace(">", "> "))
    text = html.unescape(text)
    return sum(1 for token in text.split() if _WORD.search(token))


@lru_cache(maxsize=2048)
def reading_time(content: str, wpm: int = 200) -> int:
    """Minutes to read *content* at *wpm* words a minute, rounded up.

    Empty content takes 0 minutes; anything else at least 1 (a post of one image still
    takes a moment). Remembered by content: a list shows the same stories on every page.
    """
    if php_trim(content) == "":
        return 0
    return max(1, math.ceil(word_count(content) / max(1, wpm)))


__all__ = [
    "convert_chars",
    "php_strip_tags",
    "reading_time",
    "word_count",
    "wp_strip_all_tags",
    "wp_trim_words",
]
