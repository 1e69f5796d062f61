"""WordPress's ``wptexturize``: curly quotes, apostrophes, primes, dashes, ellipses and ×.

A faithful port of ``wptexturize()`` and ``wptexturize_primes()`` from WordPress's
``wp-includes/formatting.php`` (WordPress 6.1) with its default en_US strings. WordPress
outputs numeric entities (``&#8217;``, ``&#8220;``…) and so does this module, so that
rendered content matches WordPress's byte for byte.

Text is split into HTML elements, comments, registered shortcodes and the text between
them. Only that text is texturized, and never inside ``<pre>``, ``<code>``, ``<kbd>``,
``<style>``, ``<script>`` or ``<tt>`` (nor inside the ``[code]`` shortcode when it is
registered). Elements only get their lone ``&`` escaped. See :mod:`magtheme.content.autop`
for how PCRE patterns are carried over to Python's ``re``.

Unlike WordPress there is no global state: the patterns are compiled once at import, and
the shortcodes to recognise are passed in with each call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from magtheme.content.autop import SPACES, php_trim

_A = re.ASCII

# WordPress's default (en_US) translations.
OPENING_QUOTE = "&#8220;"
CLOSING_QUOTE = "&#8221;"
APOS = "&#8217;"
PRIME = "&#8242;"
DOUBLE_PRIME = "&#8243;"
OPENING_SINGLE_QUOTE = "&#8216;"
CLOSING_SINGLE_QUOTE = "&#8217;"
EN_DASH = "&#8211;"
EM_DASH = "&#8212;"

#: Elements whose content is never texturized (the ``no_texturize_tags`` filter's default).
NO_TEXTURIZE_TAGS: tuple[str, ...] = ("pre", "code", "kbd", "style", "script", "tt")
#: Shortcodes whose content is never texturized (``no_texturize_shortcodes``'s default).
NO_TEXTURIZE_SHORTCODES: tuple[str, ...] = ("code",)

# Placeholders used while deciding what each quote is; they look like HTML comments so
# no later pattern can mistake them for text.
_OPEN_Q_FLAG = "<!--oq-->"
_OPEN_SQ_FLAG = "<!--osq-->"
_APOS_FLAG = "<!--apos-->"
_PRIME_FLAG = "<!--wp-prime-or-quote-->"

# Words that start with an apostrophe rather than an opening quote ('tis, 'em…).
_COCKNEY = (
    "'tain't",
    "'twere",
    "'twas",
    "'tis",
    "'twill",
    "'til",
    "'bout",
    "'nuff",
    "'round",
    "'cause",
    "'em",
)
_STATIC: tuple[tuple[str, str], ...] = (
    ("...", "&#8230;"),
    ("``", OPENING_QUOTE),
    ("''", CLOSING_QUOTE),
    (" (tm)", " &#8482;"),
    *((word, word.replace("'", APOS)) for word in _COCKNEY),
)

# Variable-width look-behinds spelled as alternations of fixed-width ones.
_AFTER_SPACE = r"(?:(?<=[\r\n\t \xa0])|(?<=&nbsp;))"
_AFTER_START_OR_SPACE = rf"(?:\A|{_AFTER_SPACE})"
_NOT_AFTER_SPACE = r"(?<![\r\n\t \xa0])(?<!&nbsp;)"
# What may follow a closing quote: end, closing punctuation, "&gt;" or a space.
_QUOTE_END = rf"(?=\Z|[.,:;!?)}}\-\]]|&gt;|{SPACES})"

_DYNAMIC_APOS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, _A), replacement)
    for pattern, replacement in (
        # '99' and '99" are ambiguous; assume an abbreviated year at the end of a quotation.
        (rf"'(\d\d)'{_QUOTE_END}", _APOS_FLAG + r"\1" + CLOSING_SINGLE_QUOTE),
        (rf"'(\d\d)\"{_QUOTE_END}", _APOS_FLAG + r"\1" + CLOSING_QUOTE),
        # '99 '99s '99's (apostrophe), but never '9 or '99% or '999 or '99.0.
        (r"'(?=\d\d(?:\Z|(?![%\d]|[.,]\d)))", _APOS_FLAG),
        # Quoted numbers like '0.42'.
        (rf"{_AFTER_START_OR_SPACE}'(\d[.,\d]*)'", _OPEN_SQ_FLAG + r"\1" + CLOSING_SINGLE_QUOTE),
        # Single quote at start, or preceded by (, {, <, [, ", -, or spaces.
        (r"(?:\A|(?<=[(\[{\"\-\r\n\t \xa0])|(?<=&lt;)|(?<=&nbsp;))'", _OPEN_SQ_FLAG),
        # Apostrophe in a word: no spaces, double apostrophes or other punctuation around.
        (rf"{_NOT_AFTER_SPACE}'(?!\Z|[.,:;!?\"'(){{}}\[\]\-]|&[lg]t;|{SPACES})", _APOS_FLAG),
    )
)
_DYNAMIC_QUOTE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, _A), replacement)
    for pattern, replacement in (
        # Quoted numbers like "42".
        (rf"{_AFTER_START_OR_SPACE}\"(\d[.,\d]*)\"", _OPEN_Q_FLAG + r"\1" + CLOSING_QUOTE),
        # Double quote at start, or after (, {, <, [, - or spaces, and not before spaces.
        (
            rf"(?:\A|(?<=[(\[{{\-\r\n\t \xa0])|(?<=&lt;)|(?<=&nbsp;))\"(?!{SPACES})",
            _OPEN_Q_FLAG,
        ),
    )
)
_DYNAMIC_DASH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, _A), replacement)
    for pattern, replacement in (
        (r"---", EM_DASH),
        (rf"(?:^|{_AFTER_SPACE})--(?=$|{SPACES})", EM_DASH),
        (r"(?<!xn)--", EN_DASH),
        (rf"(?:^|{_AFTER_SPACE})-(?=$|{SPACES})", EN_DASH),
    )
)

_HAS_TIMES = re.compile(r"(?<=\d)x\d", _A)
# 9x9 (times), but never 0x9999 (a hexadecimal number).
_TIMES = re.compile(r"\b(\d(?:(?<=0)[\d.,]+|(?<!0)[\d.,]*))x(\d[\d.,]*)\b", _A)
# Every & that does not already start an entity.
_LONE_AMP = re.compile(r"&(?!#(?:\d+|x[a-f0-9]+);|[a-z1-4]{1,8};)", _A | re.IGNORECASE)

# Candidate shortcode names in the text (WordPress intersects them with the registered ones).
_SHORTCODE_NAME = re.compile(r"\[/?([^<>&/\[\]\x00-\x20=]++)", _A)
# An element or comment, after the "<" (_get_wptexturize_split_regex).
_HTML_REGEX = r"<(?:(?=!--)!(?:-(?!->)[^\-]*+)*+(?:-->)?|(?!!--)[^>]*>?)"
_SPLIT_HTML_ONLY = re.compile(f"({_HTML_REGEX})", _A)


def _shortcode_regex(names: Iterable[str]) -> str:
    """``_get_wptexturize_shortcode_regex()``: a registered shortcode's opening or closing tag."""
    tags = "|".join(re.escape(n) for n in names)
    return (
        r"\["  # Find start of shortcode.
        r"[/\[]?"  # Shortcodes may begin with [/ or [[.
        rf"(?:{tags})(?=[\s\]/])"  # Only registered shortcodes.
        r"(?:[^\[\]<>]+|<[^\[\]>]*>)*+"  # No other shortcodes inside; HTML elements allowed.
        r"\]"  # Find end of shortcode.
        r"\]?"  # Shortcodes may end with ]].
    )


def _pushpop_element(text: str, stack: list[str], disabled: Iterable[str]) -> None:
    """Track opening and closing no-texturize elements (``_wptexturize_pushpop_element``).

    *text* is a tag like ``<pre class="x">`` or ``[/code]``. An opening disabled tag is
    pushed; a closing one pops only if it matches the innermost open one, so in
    ``<pre></code>"x"</pre>`` the quotes stay straight.
    """
    if len(text) > 1 and text[1] != "/":
        opening = True
        name_offset = 1
    elif not stack:
        return
    else:
        opening = False
        name_offset = 2
    # The tag name runs to the first space, or to the last character.
    space = text.find(" ")
    tag = text[name_offset:-1] if space == -1 else text[name_offset:space]
    if tag in disabled:
        if opening:
            # Disable texturize until the matching closing tag, even across bad nesting.
            stack.append(tag)
        elif stack[-1] == tag:
            stack.pop()


def wptexturize_primes(
    haystack: str, needle: str, prime: str, open_quote: str, close_quote: str
) -> str:
    """Decide whether each *needle* after the opening quotes is a prime or a closing quote.

    ``7'.`` may be seven feet or the end of a quotation: the text is cut at each opening
    quote, and a sentence with one closing candidate gets its closing quote, one with
    several keeps the right-most (or the one before a period) as the quote and makes the
    others primes after digits.
    """
    quote_pattern = re.compile(rf"{re.escape(needle)}{_QUOTE_END}", _A)
    prime_pattern = re.compile(rf"(?<=\d){re.escape(needle)}", _A)
    flag = _PRIME_FLAG
    flag_after_digit = re.compile(rf"(?<=\d){re.escape(flag)}", _A)
    flag_no_digit = re.compile(rf"(?<!\d){re.escape(flag)}", _A)

    sentences = haystack.split(open_quote)
    for key, sentence in enumerate(sentences):
        if needle not in sentence:
            continue
        if key != 0 and close_quote not in sentence:
            sentence, count = quote_pattern.subn(flag, sentence)
            if count > 1:
                # Several closing quote candidates: attempt Vulcan logic.
                sentence, count2 = flag_no_digit.subn(close_quote, sentence)
                if count2 == 0:
                    # The right-most quote before a period ends the quotation, or else the
                    # right-most candidate does.
                    pos = sentence.rfind(flag + ".")
                    if pos == -1:
                        pos = sentence.rfind(flag)
                    sentence = sentence[:pos] + close_quote + sentence[pos + len(flag) :]
                # Use conventional replacement on any remaining primes and quotes.
                sentence = prime_pattern.sub(prime, sentence)
                sentence = flag_after_digit.sub(prime, sentence)
                sentence = sentence.replace(flag, close_quote)
            elif count == 1:
                # Only one closing quote candidate: it wins over primes.
                sentence = sentence.replace(flag, close_quote)
                sentence = prime_pattern.sub(prime, sentence)
            else:
                # No closing quotes found: just primes.
                sentence = prime_pattern.sub(prime, sentence)
        else:
            sentence = prime_pattern.sub(prime, sentence)
            sentence = quote_pattern.sub(close_quote, sentence)
        if needle == '"' and '"' in sentence:
            sentence = sentence.replace('"', close_quote)
        sentences[key] = sentence
    return open_quote.join(sentences)


def _texturize_text(curl: str) -> str:
    """Texturize one run of plain text (no tags, no shortcodes)."""
    for search, replacement in _STATIC:
        curl = curl.replace(search, replacement)

    if "'" in curl:
        for pattern, replacement in _DYNAMIC_APOS:
            curl = pattern.sub(replacement, curl)
        curl = wptexturize_primes(curl, "'", PRIME, _OPEN_SQ_FLAG, CLOSING_SINGLE_QUOTE)
        curl = curl.replace(_APOS_FLAG, APOS).replace(_OPEN_SQ_FLAG, OPENING_SINGLE_QUOTE)
    if '"' in curl:
        for pattern, replacement in _DYNAMIC_QUOTE:
            curl = pattern.sub(replacement, curl)
        curl = wptexturize_primes(curl, '"', DOUBLE_PRIME, _OPEN_Q_FLAG, CLOSING_QUOTE)
        curl = curl.replace(_OPEN_Q_FLAG, OPENING_QUOTE)
    if "-" in curl:
        for pattern, replacement in _DYNAMIC_DASH:
            curl = pattern.sub(replacement, curl)

    # Searching for a digit is far more expensive than for the x, so check first.
    if _HAS_TIMES.search(curl):
        curl = _TIMES.sub(r"\1&#215;\2", curl)

    return _LONE_AMP.sub("&#038;", curl)


def wptexturize(
    text: str,
    *,
    shortcode_names: Iterable[str] = (),
    no_texturize_tags: Iterable[str] = NO_TEXTURIZE_TAGS,
    no_texturize_shortcodes: Iterable[str] = NO_TEXTURIZE_SHORTCODES,
) -> str:
    """Replace plain-text punctuation with typographic entities, as WordPress does.

    ``'cause today's "holiday" ...`` becomes
    ``&#8217;cause today&#8217;s &#8220;holiday&#8221; &#8230;``. Tags, attributes,
    comments and the registered shortcodes in *shortcode_names* are left alone (elements
    only get lone ``&`` escaped), and so is everything inside *no_texturize_tags* elements
    and *no_texturize_shortcodes* shortcodes.
    """
    if not text:
        return text
    disabled_tags = tuple(no_texturize_tags)
    disabled_shortcodes = tuple(no_texturize_shortcodes)

    registered = set(shortcode_names)
    found = (
        [n for n in dict.fromkeys(_SHORTCODE_NAME.findall(text)) if n in registered]
        if registered
        else []
    )
    shortcode_full: re.Pattern[str] | None = None
    if found:
        shortcode = _shortcode_regex(found)
        split = re.compile(f"({_HTML_REGEX}|{shortcode})", _A)
        shortcode_full = re.compile(shortcode, _A)
    else:
        split = _SPLIT_HTML_ONLY

    tags_stack: list[str] = []
    shortcodes_stack: list[str] = []
    parts = [p for p in split.split(text) if p]
    for i, curl in enumerate(parts):
        first = curl[0]
        if first == "<":
            if curl.startswith("<!--"):
                continue  # An HTML comment.
            # An HTML element: escape its lone ampersands, track no-texturize elements.
            curl = _LONE_AMP.sub("&#038;", curl)
            _pushpop_element(curl, tags_stack, disabled_tags)
            parts[i] = curl
        elif php_trim(curl) == "":
            continue  # Whitespace between delimiters.
        elif first == "[" and shortcode_full is not None and shortcode_full.fullmatch(curl):
            # A shortcode delimiter; escaped ones ([[x]]) are left alone.
            if not curl.startswith("[[") and not curl.endswith("]]"):
                _pushpop_element(curl, shortcodes_stack, disabled_shortcodes)
        elif not shortcodes_stack and not tags_stack:
            parts[i] = _texturize_text(curl)
    return "".join(parts)


__all__ = [
    "NO_TEXTURIZE_SHORTCODES",
    "NO_TEXTURIZE_TAGS",
    "wptexturize",
    "wptexturize_primes",
]
