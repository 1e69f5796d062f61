"""Shortcodes with WordPress's parsing rules: the registry, ``do_shortcode`` and ``strip_shortcodes``.

A shortcode is a bracketed tag in post text, ``[gallery columns="2"]`` or
``[caption]<img …> A caption[/caption]``, that a registered handler replaces with HTML.
The rules are WordPress's own (``wp-includes/shortcodes.php``), so imported content renders
the same:

- attributes may be double-quoted, single-quoted, unquoted or positional
  (``[audio https://…/a.mp3]`` gives ``{"0": "https://…/a.mp3"}``);
- ``[x /]`` is self-closing, ``[x]…[/x]`` encloses content, ``[x]`` alone is neither;
- ``[[x]]`` is an escaped shortcode and prints as ``[x]``;
- tags nobody registered stay in the text untouched;
- the content of an enclosing shortcode is *not* processed: a handler that wants nested
  shortcodes calls :func:`do_shortcode` on it (as WordPress's handlers do);
- shortcodes inside HTML attributes (``<a href="[url]">``) run only where WordPress deems it
  safe, and their output is checked like WordPress's ``wp_kses_one_attr`` does.

Handlers are plain functions registered with a decorator::

    registry = ShortcodeRegistry()

    @registry.shortcode("year")
    def year(attrs, content, tag, context):
        return str(context.now.year)

Packages add shortcodes through the entry-point group ``magtheme.shortcodes``; the entry point
names a function that takes the registry (:func:`load_entry_point_shortcodes`)::

    [project.entry-points."magtheme.shortcodes"]
    weather = "magtheme_weather:register_shortcodes"

Two differences from WordPress, both deliberate: a handler receives ``content=None`` when the
shortcode encloses nothing (WordPress passes ``""`` for both cases, so a handler cannot tell
``[x]`` from ``[x][/x]``), and positional attributes are keyed ``"0"``, ``"1"``… (strings,
so attributes are always ``dict[str, str]``).
"""

from __future__ import annotations

import html
import logging
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from ..extensions import load_entry_points
from .context import ContentContext

log = logging.getLogger(__name__)

#: The entry-point group packages register shortcodes in.
ENTRY_POINT_GROUP = "magtheme.shortcodes"


class ShortcodeHandler(Protocol):
    """What a shortcode handler looks like: attributes, enclosed content, tag, context → HTML."""

    def __call__(
        self, attrs: dict[str, str], content: str | None, tag: str, context: ContentContext
    ) -> str: ...


class ShortcodeError(ValueError):
    """A shortcode that cannot be registered; the message says why."""


# Characters WordPress refuses in a tag name (add_shortcode): they would break the regex.
_BAD_TAG = re.compile(r"[<>&/\[\]\x00-\x20=]")

# The names that look like shortcodes in a text: do_shortcode only builds a regex for those.
_TAG_NAMES = re.compile(r"\[([^<>&/\[\]\x00-\x20=]++)")


class ShortcodeRegistry:
    """The shortcodes a site knows, by tag.

    ``add(tag, handler)`` or the ``@registry.shortcode(tag)`` decorator registers, ``remove``
    forgets, ``names()`` lists. Registering a tag again replaces its handler, as WordPress does.
    """

    def __init__(self) -> None:
        self._handlers: dict[str, ShortcodeHandler] = {}

    def add(self, tag: str, handler: ShortcodeHandler) -> None:
        """Register *handler* for ``[tag]``; raise :class:`ShortcodeError` for an unusable name."""
        if not tag.strip():
            raise ShortcodeError("a shortcode needs a name")
        if _BAD_TAG.search(tag):
            raise ShortcodeError(
                f"shortcode name {tag!r} may not contain spaces, control characters "
                "or any of & / < > [ ] ="
            )
        self._handlers[tag] = handler

    def shortcode(self, tag: str) -> Callable[[ShortcodeHandler], ShortcodeHandler]:
        """Decorator form of :meth:`add`."""

        def register(handler: ShortcodeHandler) -> ShortcodeHandler:
            self.add(tag, handler)
            return handler

        return register

    def remove(self, tag: str) -> None:
        """Forget ``[tag]`` (no error if it was never registered)."""
        self._handlers.pop(tag, None)

    def names(self) -> list[str]:
        """The registered tags, in registration order."""
        return list(self._handlers)

    def get(self, tag: str) -> ShortcodeHandler | None:
        """The handler of ``[tag]``, or ``None``."""
        return self._handlers.get(tag)

    def copy(self) -> ShortcodeRegistry:
        """An independent registry with the same shortcodes (to add or remove some locally)."""
        clone = ShortcodeRegistry()
        clone._handlers = dict(self._handlers)
        return clone

    def __contains__(self, tag: object) -> bool:
        return tag in self._handlers

    def __iter__(self) -> Iterator[str]:
        return iter(self._handlers)

    def __len__(self) -> int:
        return len(self._handlers)


def load_entry_point_shortcodes(
    registry: ShortcodeRegistry, group: str = ENTRY_POINT_GROUP
) -> list[str]:
    """Let every installed package of entry-point *group* register its shortcodes.

    Each entry point names a function that takes the registry. A package that fails to load
    or register is logged (naming the package and the error) and skipped, so one broken
    extension cannot take the site down. Returns the names of the entry points loaded.
    """
    return load_entry_points(group, registry, "shortcode")


def default_registry() -> ShortcodeRegistry:
    """A registry with WordPress's built-ins: caption, gallery, audio, video, playlist, embed."""
    from .embeds import register_embed_shortcode
    from .media_shortcodes import register_media_shortcodes

    registry = ShortcodeRegistry()
    register_media_shortcodes(registry)
    register_embed_shortcode(registry)
    return registry


# -- the regex -----------------------------------------------------------------------------


def shortcode_names_regex(names: ShortcodeRegistry | Iterable[str] | None = None) -> str:
    """The alternation of shortcode names (``caption|gallery|…``), escaped for a regex.

    What autop's ``shortcode_unautop`` and texturize need to recognise shortcodes; *names*
    defaults to the built-ins.
    """
    if names is None:
        names = default_registry()
    return "|".join(re.escape(name) for name in names)


@lru_cache(maxsize=256)
def _compiled(names: tuple[str, ...]) -> re.Pattern[str]:
    tags = "|".join(re.escape(name) for name in names)
    # WordPress's get_shortcode_regex(), group for group:
    # 1 an extra [ (escaping), 2 the name, 3 the attributes, 4 the self-closing /,
    # 5 the enclosed content, 6 an extra ] (escaping). Possessive quantifiers as in PCRE,
    # so pathological input cannot backtrack for ever.
    return re.compile(
        r"\[(\[?)"
        rf"({tags})"
        r"(?![\w-])"
        r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"
        r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)"
        r"(\]?)",
        re.ASCII,
    )


def get_shortcode_regex(names: Iterable[str]) -> re.Pattern[str]:
    """WordPress's shortcode regex for *names* (its six groups documented in ``_compiled``).

    For other filters that need WordPress's exact pattern. It looks for a closing tag after
    every opening one, so on huge texts with many shortcodes it is quadratic, as in PHP;
    :func:`do_shortcode` uses :class:`ShortcodeScanner`, which finds the same matches.
    """
    return _compiled(tuple(names))


@lru_cache(maxsize=256)
def _opening(names: tuple[str, ...]) -> re.Pattern[str]:
    tags = "|".join(re.escape(name) for name in names)
    # Groups 1-4 of WordPress's regex: the opening tag up to its "]" or "/]".
    return re.compile(
        rf"\[(\[?)({tags})(?![\w-])([^\]/]*(?:/(?!\])[^\]/]*)*?)(?:(/)\]|\])", re.ASCII
    )


@dataclass
class ShortcodeMatch:
    """One shortcode found in a text, with WordPress's six groups.

    ``groups[0]`` is the whole match; 1 the escaping ``[``, 2 the name, 3 the attribute
    text, 4 the self-closing ``/``, 5 the enclosed content (``None`` if it encloses
    nothing), 6 the escaping ``]``.
    """

    start: int
    end: int
    groups: tuple[str, str, str, str, str, str | None, str]

    def group(self, index: int) -> str | None:
        return self.groups[index]

    @property
    def escaped(self) -> bool:
        return self.groups[1] == "[" and self.groups[6] == "]"


class ShortcodeScanner:
    """WordPress's shortcode regex as a scanner, linear in the length of the text.

    The regex looks for ``[/tag]`` after every opening tag (a scan to the end of the text
    when there is none); the scanner finds the closing tags of each name once and bisects,
    so a 5 MB post full of shortcodes takes a moment instead of minutes. Matches are the
    regex's: the content of ``[tag]…`` runs to the first ``[/tag]`` after it.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self.opening = _opening(tuple(names))

    def finditer(self, text: str) -> Iterator[ShortcodeMatch]:
        closings: dict[str, list[int]] = {}
        position = 0
        while True:
            found = self.opening.search(text, position)
            if found is None:
                return
            escape, tag, attrs, slash = (
                found.group(1),
                found.group(2),
                found.group(3),
                found.group(4),
            )
            end = found.end()
            content: str | None = None
            if not slash:
                if tag not in closings:
                    closings[tag] = [m.start() for m in re.finditer(re.escape(f"[/{tag}]"), text)]
                ends = closings[tag]
                index = bisect_left(ends, end)
                if index < len(ends):
                    content = text[end : ends[index]]
                    end = ends[index] + len(tag) + 3
            closing = "]" if text.startswith("]", end) else ""
            end += len(closing)
            groups = (text[found.start() : end], escape, tag, attrs, slash or "", content, closing)
            yield ShortcodeMatch(found.start(), end, groups)
            position = end

    def sub(self, replace: Callable[[ShortcodeMatch], str], text: str) -> str:
        """*text* with every match replaced by ``replace(match)``."""
        pieces = []
        position = 0
        for match in self.finditer(text):
            pieces.append(text[position : match.start])
            pieces.append(replace(match))
            position = match.end
        if not pieces:
            return text
        pieces.append(text[position:])
        return "".join(pieces)


def names_in(text: str, registry: ShortcodeRegistry | Iterable[str]) -> list[str]:
    """The registered names that appear as ``[name`` in *text*, in registration order."""
    found = set(_TAG_NAMES.findall(text))
    return [name for name in registry if name in found]


# -- attributes ----------------------------------------------------------------------------

_ATTS = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)"""
    r"""|'([^']*)'(?:\s|$)"""
    r"""|(\S+)(?:\s|$)""",
    re.ASCII,
)
_UNICODE_SPACES = re.compile("[\u00a0\u200b]+")
_BALANCED_TAGS = re.compile(r"[^<]*+(?:<[^>]*+>[^<]*+)*+")
_C_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)", re.DOTALL)
_C_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "v": "\v", "b": "\b", "f": "\f"}


def _stripcslashes(value: str) -> str:
    """PHP's ``stripcslashes``: C-style escapes decoded, any other backslash dropped."""
    if "\\" not in value:
        return value

    def decode(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] == "x" and len(code) > 1:
            return chr(int(code[1:], 16))
        if code[0] in "01234567":
            return chr(int(code, 8) & 0xFF)
        return _C_SIMPLE.get(code, code)

    return _C_ESCAPE.sub(decode, value)


def shortcode_parse_atts(text: str) -> dict[str, str]:
    """A shortcode's attribute text → attributes, by WordPress's ``shortcode_parse_atts``.

    Names are lower-cased; positional values get keys ``"0"``, ``"1"``…; a value holding an
    unclosed HTML tag is emptied (so ``title="<b"`` cannot break the markup around it).
    """
    text = _UNICODE_SPACES.sub(" ", text)
    atts: dict[str, str] = {}
    position = 0
    for m in _ATTS.finditer(text):
        if m.group(1):
            atts[m.group(1).lower()] = _stripcslashes(m.group(2))
        elif m.group(3):
            atts[m.group(3).lower()] = _stripcslashes(m.group(4))
        elif m.group(5):
            atts[m.group(5).lower()] = _stripcslashes(m.group(6))
        else:
            value = next(g for g in (m.group(7), m.group(8), m.group(9)) if g is not None)
            if m.group(9) is None and value == "":
                continue  # WordPress skips empty quoted positional values ("")
            atts[str(position)] = _stripcslashes(value)
            position += 1
    for key, value in atts.items():
        if "<" in value and not _BALANCED_TAGS.fullmatch(value):
            atts[key] = ""
    return atts


def shortcode_atts(
    defaults: dict[str, str], attrs: dict[str, str], tag: str = ""
) -> dict[str, str]:
    """WordPress's ``shortcode_atts``: *defaults* overridden by *attrs*, unknown names dropped."""
    return {name: attrs.get(name, default) for name, default in defaults.items()}


# -- splitting HTML ------------------------------------------------------------------------

# WordPress's get_html_split_regex(): comments, CDATA and elements, each kept whole even
# when unterminated (then to the end of the text). PCRE's conditional is an alternation here.
_HTML_SPLIT = re.compile(
    r"(<(?:"
    r"!(?=--)(?:-(?!->)[^\-]*+)*+(?:-->)?"  # a comment: the loop eats dashes not ending it
    r"|!\[CDATA\[[^\]]*+(?:](?!]>)[^\]]*+)*+(?:]]>)?"  # CDATA
    r"|[^>]*>?"  # any other element
    r"))"
)


def html_split(text: str) -> list[str]:
    """WordPress's ``wp_html_split``: text and tags alternating, tags (with comments) whole."""
    return _HTML_SPLIT.split(text)


def replace_in_html_tags(text: str, replacements: dict[str, str]) -> str:
    """WordPress's ``wp_replace_in_html_tags``: replace substrings inside tags only."""
    parts = html_split(text)
    for index in range(1, len(parts), 2):
        for old, new in replacements.items():
            if old in parts[index]:
                parts[index] = parts[index].replace(old, new)
    return "".join(parts)


# -- shortcodes inside HTML attributes -----------------------------------------------------

_ELEMENT = re.compile(r"(<\s*)(/\s*)?([a-zA-Z0-9]+\s*)([^>]*)(>?)", re.DOTALL)
_HAIR = (
    r"(?:[_a-zA-Z][-_a-zA-Z0-9:.]*|\[\[?[^\[\]]+\]\]?)"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"']+(?:\s|$))|(?:\s|$))\s*"
)
_HAIR_ALL = re.compile(rf"(?:{_HAIR})+", re.DOTALL)
_HAIR_ONE = re.compile(_HAIR, re.DOTALL)
_XHTML_SLASH = re.compile(r"\s*/\s*$")
_SHORTCODE_AS_ELEMENT = re.compile(r"<\s*\[\[?[^\[\]]+\]")

# WordPress's wp_kses_allowed_html('post') for the attributes a shortcode might fill in; the
# global attributes are allowed on every element. ``style`` is left out: WordPress would run
# it through its CSS filter, and refusing it keeps the original text, which is safe.
_GLOBAL_ATTRS = frozenset({"class", "id", "title", "role", "dir", "lang", "xml:lang"})
_ELEMENT_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "rel", "rev", "name", "target", "download", "referrerpolicy"}),
    "img": frozenset(
        {"alt", "align", "border", "height", "hspace", "loading", "longdesc", "vspace"}
        | {"src", "usemap", "width", "decoding"}
    ),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"datetime"}),
    "ins": frozenset({"datetime", "cite"}),
    "time": frozenset({"datetime"}),
    "abbr": frozenset(),
    "div": frozenset({"align"}),
    "p": frozenset({"align"}),
    "span": frozenset({"align"}),
    "td": frozenset({"align", "colspan", "rowspan", "headers", "valign", "width", "height"}),
    "th": frozenset({"align", "colspan", "rowspan", "headers", "scope", "valign", "width"}),
    "audio": frozenset({"autoplay", "controls", "loop", "muted", "preload", "src"}),
    "video": frozenset({"autoplay", "controls", "height", "loop", "muted", "poster"})
    | frozenset({"preload", "src", "width", "playsinline"}),
    "source": frozenset({"src", "type"}),
    "track": frozenset({"default", "kind", "label", "src", "srclang"}),
}
_URI_ATTRS = frozenset(
    {"href", "src", "cite", "poster", "longdesc", "usemap", "action", "background"}
)
_ALLOWED_PROTOCOLS = frozenset(
    {"http", "https", "ftp", "ftps", "mailto", "news", "irc", "irc6", "ircs", "gopher", "nntp"}
    | {"feed", "telnet", "mms", "rtsp", "sms", "svn", "tel", "fax", "xmpp", "webcal", "urn"}
)
_PROTOCOL_SPLIT = re.compile(r":|&#0*58;|&#x0*3a;", re.IGNORECASE)


_LONE_AMPERSAND = re.compile(r"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[a-zA-Z][a-zA-Z0-9]*;)")


def esc_attr(value: str) -> str:
    """WordPress's ``esc_attr``: quotes and angle brackets encoded, existing entities kept."""
    value = _LONE_AMPERSAND.sub("&amp;", value)
    return (
        value.replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#039;")
    )


esc_html = esc_attr  # WordPress's esc_html encodes the same characters


_URL_UNSAFE = re.compile(r"[^a-zA-Z0-9\-~+_.?#=!&;,/:%@$|*'()\[\]\x80-\U0010ffff]")


def esc_url(url: str) -> str:
    """WordPress's ``esc_url`` for display: unsafe characters and bad schemes removed.

    ``&`` becomes ``&#038;`` and ``'`` ``&#039;`` as WordPress prints them; a URL whose
    scheme is not an allowed protocol (``javascript:``…) becomes ``""``.
    """
    url = url.strip().replace(" ", "%20")
    url = _URL_UNSAFE.sub("", url)
    if not url:
        return ""
    scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    if scheme and scheme.group(1).lower() not in _ALLOWED_PROTOCOLS:
        return ""
    url = re.sub(r"&(?:amp;|#0*38;)?", "&#038;", url)
    return url.replace("'", "&#039;")


def _strip_bad_protocols(value: str) -> str:
    """WordPress's ``wp_kses_bad_protocol``: drop leading schemes that are not allowed."""
    for _ in range(6):  # WordPress gives up after a few rounds, then empties the value
        parts = _PROTOCOL_SPLIT.split(value, maxsplit=1)
        if len(parts) < 2 or re.search(r"[/?#]", parts[0]):
            return value
        scheme = re.sub(r"[\x00-\x20]", "", html.unescape(parts[0])).lower()
        if scheme in _ALLOWED_PROTOCOLS:
            return value
        value = parts[1]
    return ""


def _attr_allowed(element: str, name: str) -> bool:
    name = name.lower()
    if name in _GLOBAL_ATTRS or name.startswith(("aria-", "data-")):
        return True
    return name in _ELEMENT_ATTRS.get(element.lower(), frozenset())


def _kses_one_attr(attr: str, element: str) -> str:
    """WordPress's ``wp_kses_one_attr``: the attribute made safe, or only its whitespace."""
    lead = attr[: len(attr) - len(attr.lstrip())]
    trail = attr[len(attr.rstrip()) :]
    body = attr.strip()
    split = re.split(r"\s*=\s*", body, maxsplit=1)
    name = split[0]
    if not _attr_allowed(element, name):
        return lead + trail
    if len(split) == 1:
        return lead + name + trail
    value = split[1]
    quote = value[:1]
    if quote in ('"', "'"):
        if len(value) < 2 or value[-1] != quote:
            return lead + trail
        value = value[1:-1]
    else:
        quote = '"'
    value = esc_attr(value)
    if name.lower() in _URI_ATTRS:
        value = _strip_bad_protocols(value)
    return f"{lead}{name}={quote}{value}{quote}{trail}"


def _parse_element(element: str) -> list[str] | None:
    """WordPress's ``wp_kses_attr_parse``: [front, attribute…, back], or ``None``."""
    match = _ELEMENT.fullmatch(element)
    if match is None or match.group(2):
        return None
    begin, _, name, attrs, end = match.groups()
    slash_match = _XHTML_SLASH.search(attrs)
    slash = slash_match.group(0) if slash_match else ""
    if slash:
        attrs = attrs[: -len(slash)]
    if attrs and not _HAIR_ALL.fullmatch(attrs):
        return None
    return [begin + name, *_HAIR_ONE.findall(attrs), slash + end]


def _encode_brackets(element: str) -> str:
    return element.replace("[", "&#91;").replace("]", "&#93;")


def _shortcodes_in_html_tags(text: str, ignore_html: bool, run: Callable[[str], str]) -> str:
    """WordPress's ``do_shortcodes_in_html_tags``.

    Shortcodes in attribute values run where safe; every ``[``/``]`` left inside a tag is
    encoded (``&#91;``/``&#93;``) so the main pass cannot pair a bracket in a tag with one in
    the text. :func:`_unescape_invalid` puts them back at the end.
    """
    # A literal &#91; in the text must survive the round trip: make it a form we won't undo.
    text = text.replace("&#91;", "&#091;").replace("&#93;", "&#093;")
    parts = html_split(text)
    for index in range(1, len(parts), 2):
        element = parts[index]
        if not element.startswith("<"):
            continue
        has_open, has_close = "[" in element, "]" in element
        if not (has_open and has_close):
            if has_open or has_close:
                parts[index] = _encode_brackets(element)
            continue
        if ignore_html or element.startswith(("<!--", "<![CDATA[")):
            parts[index] = _encode_brackets(element)
            continue
        pieces = _parse_element(element)
        if pieces is None:
            # Some plugins write "[name] <[email]>"; WordPress runs those, then encodes.
            if _SHORTCODE_AS_ELEMENT.match(element):
                element = run(element)
            parts[index] = _encode_brackets(element)
            continue
        front, *attributes, back = pieces
        name = re.search(r"[a-zA-Z0-9]+", front)
        element_name = name.group(0) if name else ""
        for position, attr in enumerate(attributes):
            open_at, close_at = attr.find("["), attr.find("]")
            if open_at < 0 or close_at < 0:
                continue
            double, single = attr.find('"'), attr.find("'")
            if (single < 0 or open_at < single) and (double < 0 or open_at < double):
                # [shortcode] in the name position or unquoted: written with unfiltered
                # HTML, so WordPress runs it as is.
                attributes[position] = run(attr)
            else:
                replaced = run(attr)
                if replaced != attr:
                    safe = _kses_one_attr(replaced, element_name)
                    if safe.strip():
                        attributes[position] = safe
        parts[index] = _encode_brackets(front + "".join(attributes) + back)
    return "".join(parts)


def _unescape_invalid(text: str) -> str:
    """WordPress's ``unescape_invalid_shortcodes``: the brackets encoded above, restored."""
    return text.replace("&#91;", "[").replace("&#93;", "]")


# -- running -------------------------------------------------------------------------------


@dataclass
class _Run:
    """The registry and per-kind instance counters of the outermost ``do_shortcode`` call."""

    registry: ShortcodeRegistry
    counters: dict[str, int] = field(default_factory=dict)


_ACTIVE: ContextVar[_Run | None] = ContextVar("magtheme_shortcode_run", default=None)


def current_registry() -> ShortcodeRegistry | None:
    """The registry the running ``do_shortcode`` uses (for handlers that process their content)."""
    run = _ACTIVE.get()
    return run.registry if run else None


def next_instance(kind: str) -> int:
    """A 1-based counter per shortcode kind (WordPress's ``static $instance``).

    Counted per outermost :func:`do_shortcode` call, i.e. per post (or part) rendered, so a
    post's cached HTML never depends on what else the page showed. Outside a run it is 1.
    """
    run = _ACTIVE.get()
    if run is None:
        return 1
    run.counters[kind] = run.counters.get(kind, 0) + 1
    return run.counters[kind]


def do_shortcode(
    text: str,
    registry: ShortcodeRegistry,
    context: ContentContext | None = None,
    *,
    ignore_html: bool = False,
) -> str:
    """Replace the registered shortcodes in *text* with their handlers' output.

    With *ignore_html*, shortcodes inside HTML tags are left alone (WordPress's
    ``$ignore_html``). A handler that raises is logged, noted in ``context.failures`` and its
    shortcode left as written, so one broken extension cannot blank a post; a database error
    is not the handler's fault and propagates.
    """
    if "[" not in text or not len(registry):
        return text
    names = names_in(text, registry)
    if not names:
        return text
    context = context if context is not None else ContentContext()
    scanner = ShortcodeScanner(names)

    def call(match: ShortcodeMatch) -> str:
        _, opening, tag, attr_text, _, content, closing = match.groups
        if match.escaped:
            return match.groups[0][1:-1]  # [[x]] prints as [x]
        handler = registry.get(tag)
        if handler is None:
            return match.groups[0]
        attrs = shortcode_parse_atts(attr_text)
        try:
            output = handler(attrs, content, tag, context)
        except SQLAlchemyError:
            raise  # the site's data is out of reach: the page cannot be drawn honestly
        except Exception:
            log.exception("shortcode [%s] failed; left as written", tag)
            context.failures.append(f"shortcode [{tag}]")
            return match.groups[0]
        return opening + (output or "") + closing

    def run(piece: str) -> str:
        return scanner.sub(call, piece)

    outer = _ACTIVE.get()
    token = _ACTIVE.set(_Run(registry, outer.counters if outer else {}))
    try:
        text = _shortcodes_in_html_tags(text, ignore_html, run)
        text = run(text)
    finally:
        _ACTIVE.reset(token)
    return _unescape_invalid(text)


def strip_shortcodes(text: str, registry: ShortcodeRegistry | Iterable[str]) -> str:
    """Remove the registered shortcodes, with what they enclose, for excerpts and summaries.

    Escaped ``[[x]]`` becomes ``[x]``; shortcodes inside HTML tags are kept (WordPress never
    strips inside elements); unknown tags stay.
    """
    if "[" not in text:
        return text
    names = names_in(text, registry)
    if not names:
        return text
    scanner = ShortcodeScanner(names)

    def strip(match: ShortcodeMatch) -> str:
        if match.escaped:
            return match.groups[0][1:-1]
        return match.groups[1] + match.groups[6]

    text = _shortcodes_in_html_tags(text, True, lambda piece: piece)
    text = scanner.sub(strip, text)
    return _unescape_invalid(text)


def has_shortcode(text: str, tag: str, registry: ShortcodeRegistry) -> bool:
    """Whether *text* uses ``[tag]`` (also inside other shortcodes), as ``has_shortcode``."""
    if "[" not in text or tag not in registry:
        return False
    for match in ShortcodeScanner(registry.names()).finditer(text):
        if match.groups[2] == tag:
            return True
        inner = match.groups[5]
        if inner and has_shortcode(inner, tag, registry):
            return True
    return False


__all__ = [
    "ENTRY_POINT_GROUP",
    "ShortcodeError",
    "ShortcodeHandler",
    "ShortcodeMatch",
    "ShortcodeScanner",
    "ShortcodeRegistry",
    "current_registry",
    "default_registry",
    "do_shortcode",
    "esc_attr",
    "esc_html",
    "esc_url",
    "get_shortcode_regex",
    "has_shortcode",
    "html_split",
    "load_entry_point_shortcodes",
    "names_in",
    "next_instance",
    "replace_in_html_tags",
    "shortcode_atts",
    "shortcode_names_regex",
    "shortcode_parse_atts",
    "strip_shortcodes",
]
