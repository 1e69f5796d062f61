"""Shortcode parsing: WordPress's own cases (tests/phpunit/tests/shortcode.php) as tables."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magtheme.content import shortcodes
from magtheme.content.context import ContentContext
from magtheme.content.shortcodes import (
    ShortcodeError,
    ShortcodeRegistry,
    ShortcodeScanner,
    current_registry,
    default_registry,
    do_shortcode,
    esc_url,
    get_shortcode_regex,
    has_shortcode,
    load_entry_point_shortcodes,
    next_instance,
    shortcode_atts,
    shortcode_names_regex,
    shortcode_parse_atts,
    strip_shortcodes,
)


class Recorder:
    """WordPress's test-shortcode-tag: remembers what it was called with, prints nothing."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict[str, str], str | None, str]] = []

    def __call__(
        self, attrs: dict[str, str], content: str | None, tag: str, context: ContentContext
    ) -> str:
        self.calls.append((attrs, content, tag))
        return ""

    @property
    def last(self) -> tuple[dict[str, str], str | None, str]:
        return self.calls[-1]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def registry(recorder: Recorder) -> ShortcodeRegistry:
    return wordpress_test_registry(recorder)


def wordpress_test_registry(recorder: Recorder) -> ShortcodeRegistry:
    """The shortcodes WordPress's test case registers, with the same behaviour."""
    reg = ShortcodeRegistry()
    reg.add("test-shortcode-tag", recorder)

    @reg.shortcode("footag")
    def footag(attrs: dict[str, str], content: Any, tag: str, ctx: ContentContext) -> str:
        return f"foo = {attrs.get('foo', '')}"

    @reg.shortcode("bartag")
    def bartag(attrs: dict[str, str], content: Any, tag: str, ctx: ContentContext) -> str:
        values = shortcode_atts({"foo": "no foo", "baz": "default baz"}, attrs, tag)
        return f"foo = {values['foo']}"

    @reg.shortcode("baztag")
    def baztag(attrs: dict[str, str], content: Any, tag: str, ctx: ContentContext) -> str:
        return "content = " + do_shortcode(content or "", reg, ctx)

    @reg.shortcode("dumptag")
    def dumptag(attrs: dict[str, str], content: Any, tag: str, ctx: ContentContext) -> str:
        return "".join(f"{key} = {value}\n" for key, value in attrs.items())

    for name in ("hyphen", "hyphen-foo", "hyphen-foo-bar"):
        reg.add(name, lambda a, c, tag, x: "_shortcode_" + tag.replace("-", "_"))
    reg.add("url", lambda a, c, t, x: "http://www.wordpress.org/")
    reg.add("gallery", lambda a, c, t, x: "")
    return reg


# -- what a handler receives --------------------------------------------------------------

CALLS = [
    # (input, attributes, content) — test_noatts … test_positional_atts_mixed_quotes
    ("[test-shortcode-tag /]", {}, None),
    ('[test-shortcode-tag foo="asdf" /]', {"foo": "asdf"}, None),
    ('[test-shortcode-tag foo="asdf" bar="bing" /]', {"foo": "asdf", "bar": "bing"}, None),
    ("[test-shortcode-tag]content[/test-shortcode-tag]", {}, "content"),
    ('[test-shortcode-tag foo="bar"]content[/test-shortcode-tag]', {"foo": "bar"}, "content"),
    (
        '[test-shortcode-tag foo="bar" baz="bing"]content[/test-shortcode-tag]',
        {"foo": "bar", "baz": "bing"},
        "content",
    ),
    ("[test-shortcode-tag]", {}, None),
    ("[test-shortcode-tag 123]", {"0": "123"}, None),
    (
        "[test-shortcode-tag http://www.youtube.com/watch?v=eBGIQ7ZuuiU]",
        {"0": "http://www.youtube.com/watch?v=eBGIQ7ZuuiU"},
        None,
    ),
    (
        '[test-shortcode-tag "something in quotes" "something else"]',
        {"0": "something in quotes", "1": "something else"},
        None,
    ),
    (
        '[test-shortcode-tag 123 https://wordpress.org/ 0 "foo" bar]',
        {"0": "123", "1": "https://wordpress.org/", "2": "0", "3": "foo", "4": "bar"},
        None,
    ),
    (
        '[test-shortcode-tag 123 url=https://wordpress.org/ foo bar="baz"]',
        {"0": "123", "url": "https://wordpress.org/", "1": "foo", "bar": "baz"},
        None,
    ),
    (
        "[test-shortcode-tag a=\"foo\" b='bar' c=baz foo 'bar' \"baz\" ]test empty atts"
        "[/test-shortcode-tag]",
        {"a": "foo", "b": "bar", "c": "baz", "0": "foo", "1": "bar", "2": "baz"},
        "test empty atts",
    ),
    (
        "[test-shortcode-tag 'something in quotes' 'something else']",
        {"0": "something in quotes", "1": "something else"},
        None,
    ),
    (
        "[test-shortcode-tag 'something in quotes' \"something else\" 123 foo bar='baz' "
        'example="test" ]',
        {
            "0": "something in quotes",
            "1": "something else",
            "2": "123",
            "3": "foo",
            "bar": "baz",
            "example": "test",
        },
        None,
    ),
    # test_attr_hyphen (ticket 9405)
    (
        '[test-shortcode-tag foo="foo" foo-bar="foo-bar" foo-bar-="foo-bar-" -foo-bar="-foo-bar" '
        '-foo-bar-="-foo-bar-" foo-bar-baz="foo-bar-baz" -foo-bar-baz="-foo-bar-baz" '
        'foo--bar="foo--bar" /]',
        {
            "foo": "foo",
            "foo-bar": "foo-bar",
            "foo-bar-": "foo-bar-",
            "-foo-bar": "-foo-bar",
            "-foo-bar-": "-foo-bar-",
            "foo-bar-baz": "foo-bar-baz",
            "-foo-bar-baz": "-foo-bar-baz",
            "foo--bar": "foo--bar",
        },
        None,
    ),
    # test_utf8_whitespace_1 and _2 (ticket 6562): no-break and zero-width spaces separate.
    ('[test-shortcode-tag foo="bar" \u00a0baz="123"]', {"foo": "bar", "baz": "123"}, None),
    ('[test-shortcode-tag foo="bar" \u200babc="def"]', {"foo": "bar", "abc": "def"}, None),
    # Names are case-insensitive; values keep their case and lose C escapes.
    (
        '[test-shortcode-tag FOO="Bar" path="a\\\\b" q="it\\"s"]',
        {"foo": "Bar", "path": "a\\b"},
        None,
    ),
]


@pytest.mark.parametrize(("text", "attrs", "content"), CALLS)
def test_handler_receives_wordpress_attributes(
    registry: ShortcodeRegistry,
    recorder: Recorder,
    text: str,
    attrs: dict[str, str],
    content: str | None,
) -> None:
    assert do_shortcode(text, registry) == ""
    got_attrs, got_content, tag = recorder.last
    for key, value in attrs.items():
        assert got_attrs.get(key) == value, (key, got_attrs)
    if "q=" not in text:
        assert got_attrs == attrs
    assert got_content == content
    assert tag == "test-shortcode-tag"


# -- what the text becomes ----------------------------------------------------------------

OUTPUTS = [
    ("[not-a-shortcode-tag]", "[not-a-shortcode-tag]"),
    ("[dumptag-notreal]", "[dumptag-notreal]"),
    ("[dumptag_notreal]", "[dumptag_notreal]"),
    ("[dumptagnotreal]", "[dumptagnotreal]"),
    ("[hyphen]", "_shortcode_hyphen"),
    ("[hyphen-foo]", "_shortcode_hyphen_foo"),
    ("[hyphen-foo-bar]", "_shortcode_hyphen_foo_bar"),
    ("[hyphen-baz]", "[hyphen-baz]"),
    ("[hyphen-foo-bar-baz]", "[hyphen-foo-bar-baz]"),
    ("[footag]", "foo = "),
    ('[footag foo="x7"]', "foo = x7"),
    ('[bartag foo="bar"]', "foo = bar"),
    ("[bartag]", "foo = no foo"),
    # Nested: the handler decides (baztag runs do_shortcode on its content).
    (
        '[baztag][dumptag abc="foo" def=123 https://wordpress.org/][/baztag]',
        "content = abc = foo\ndef = 123\n0 = https://wordpress.org\n",
    ),
    # Escaped (ticket 6518).
    ('[[footag]] [[bartag foo="bar"]]', '[footag] [bartag foo="bar"]'),
    ('[[footag /]] [[bartag foo="bar" /]]', '[footag /] [bartag foo="bar" /]'),
    ('[[baztag foo="bar"]the content[/baztag]]', '[baztag foo="bar"]the content[/baztag]'),
    ('[[[footag]]] [[[bartag foo="bar"]]]', '[[footag]] [[bartag foo="bar"]]'),
    # Brackets on either end that are not an escape.
    ('[[footag] [bartag foo="bar"]]', "[foo =  foo = bar]"),
    ('[[footag /] [bartag foo="bar" /]]', "[foo =  foo = bar]"),
    ('[[baztag foo="bar"]the content[/baztag]', "[content = the content"),
    ("[[not-a-tag]]", "[[not-a-tag]]"),
    ('[[[footag] [bartag foo="bar"]]]', "[[foo =  foo = bar]]"),
    # test_unnamed_attribute (ticket 34939)
    ("[dumptag=https://wordpress.org/]", "0 = =https://wordpress.org\n"),
    # data_escaping: shortcodes in HTML.
    ("<!--[if lt IE 7]>", "<!--[if lt IE 7]>"),
    (
        '1 <a href="[test-shortcode-tag]"> 2 <a href="[test-shortcode-tag]" >',
        '1 <a href=""> 2 <a href="" >',
    ),
    (
        '1 <a noise="[test-shortcode-tag]"> 2 <a noise=" [test-shortcode-tag] " >',
        '1 <a noise="[test-shortcode-tag]"> 2 <a noise=" [test-shortcode-tag] " >',
    ),
    ('[gallery title="<div>hello</div>"]', ""),
    ("<div [gallery]>", "<div >"),
    ("<div [[gallery]]>", "<div [gallery]>"),
    ("<[[gallery]]>", "<[gallery]>"),
    ('<div style="selector:url([[gallery]])">', '<div style="selector:url([[gallery]])">'),
    ("[gallery]<div>Hello</div>[/gallery]", ""),
    ("[url]", "http://www.wordpress.org/"),
    ('<a href="[url]">', '<a href="http://www.wordpress.org/">'),
    ("<a href=[url] >", "<a href=http://www.wordpress.org/ >"),
    ('<a href="[url]plugins/">', '<a href="http://www.wordpress.org/plugins/">'),
    ('<a href="bad[url]">', '<a href="//www.wordpress.org/">'),
    ('<a onclick="bad[url]">', '<a onclick="bad[url]">'),
    # A literal &#91; in the text survives the bracket round trip.
    ("&#91;footag&#93; [footag]", "&#091;footag&#093; foo = "),
    ("[footag", "[footag"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), OUTPUTS)
def test_do_shortcode_output(registry: ShortcodeRegistry, text: str, expected: str) -> None:
    assert do_shortcode(text, registry) == expected


def test_mixed_tags_over_several_lines(registry: ShortcodeRegistry) -> None:
    text = (
        'So this is a post with [footag foo="some stuff"] and a bunch of tags.\n\n[bartag]\n\n'
        "[baztag]\nHere's some content\non more than one line\n[/baztag]\n\n"
        '[bartag foo=1] [baztag] [footag foo="2"] [baztag]\n\n[baztag]\nmore content\n[/baztag]\n'
    )
    expected = (
        "So this is a post with foo = some stuff and a bunch of tags.\n\nfoo = no foo\n\n"
        "content = \nHere's some content\non more than one line\n\n\n"
        "foo = 1 content =  foo = 2 content = \n\ncontent = \nmore content\n\n"
    )
    assert do_shortcode(text, registry) == expected


def test_ignore_html_leaves_shortcodes_in_tags(registry: ShortcodeRegistry) -> None:
    text = '<a href="[url]">[url]</a>'
    assert (
        do_shortcode(text, registry, ignore_html=True)
        == '<a href="[url]">http://www.wordpress.org/</a>'
    )


def test_a_failing_handler_leaves_its_shortcode(registry: ShortcodeRegistry) -> None:
    def broken(attrs: dict[str, str], content: Any, tag: str, ctx: ContentContext) -> str:
        raise RuntimeError("boom")

    registry.add("broken", broken)
    assert do_shortcode("a [broken x=1] b [footag]", registry) == "a [broken x=1] b foo = "


# -- parse_atts ---------------------------------------------------------------------------

PARSE = [
    ("", {}),
    ("\t", {}),
    ('""', {}),
    ("''", {}),
    (
        'title="unittest" link="https://unit.test/"',
        {"title": "unittest", "link": "https://unit.test/"},
    ),
    ("link=https://unit.test/ ", {"link": "https://unit.test/"}),
    ("link https://unit.test/", {"0": "link", "1": "https://unit.test/"}),
    # An attribute holding an unclosed tag is emptied (it could break the page around it).
    ('title="<b" ok="<i>fine</i>"', {"title": "", "ok": "<i>fine</i>"}),
    ('  name = "spaced"  ', {"name": "spaced"}),
    ("x='a\\tb'", {"x": "a\tb"}),
]


@pytest.mark.parametrize(("text", "expected"), PARSE)
def test_shortcode_parse_atts(text: str, expected: dict[str, str]) -> None:
    assert shortcode_parse_atts(text) == expected


def test_shortcode_atts_keeps_known_names_only() -> None:
    assert shortcode_atts({"a": "1", "b": "2"}, {"b": "x", "c": "y"}) == {"a": "1", "b": "x"}


# -- strip_shortcodes ---------------------------------------------------------------------

STRIP = [
    ("before[gallery]", "before"),
    ("[gallery]after", "after"),
    ("before[gallery]after", "beforeafter"),
    ("before[after", "before[after"),
    ("beforeafter", "beforeafter"),
    ('before[gallery id="123" size="medium"]after', "beforeafter"),
    ("before[unregistered_shortcode]after", "before[unregistered_shortcode]after"),
    ("before[footag]after", "beforeafter"),
    ("before [footag]content[/footag] after", "before  after"),
    ('before [footag foo="123"]content[/footag] after', "before  after"),
    # data_escaping2
    ("<!--[if lt IE 7]>", "<!--[if lt IE 7]>"),
    ('[gallery title="<div>hello</div>"]', ""),
    ("<div [gallery]>", "<div [gallery]>"),
    ("<div [[gallery]]>", "<div [[gallery]]>"),
    ("<[[gallery]]>", "<[[gallery]]>"),
    ("[gallery]<div>Hello</div>[/gallery]", ""),
    ("[[gallery]]", "[gallery]"),
]


@pytest.mark.parametrize(("text", "expected"), STRIP)
def test_strip_shortcodes(registry: ShortcodeRegistry, text: str, expected: str) -> None:
    assert strip_shortcodes(text, registry) == expected


def test_strip_shortcodes_of_chosen_tags_only(registry: ShortcodeRegistry) -> None:
    assert strip_shortcodes("before[gallery]middle [footag]after", ["gallery"]) == (
        "beforemiddle [footag]after"
    )


# -- the registry -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["<html>", "[shortcode]", "bad/", "/bad", "bad space", "&amp;", ""]
)
def test_bad_names_are_refused(name: str) -> None:
    with pytest.raises(ShortcodeError):
        ShortcodeRegistry().add(name, Recorder())


@pytest.mark.parametrize("name", ["good!", "plain", "unreserved!#$%()*+,-.;?@^_{|}~chars"])
def test_good_names_are_registered(name: str) -> None:
    reg = ShortcodeRegistry()
    reg.add(name, lambda a, c, t, x: "yes")
    assert name in reg and reg.names() == [name]
    assert do_shortcode(f"[{name}]", reg) == "yes"
    reg.remove(name)
    assert name not in reg and do_shortcode(f"[{name}]", reg) == f"[{name}]"


def test_has_shortcode_sees_nested_ones(registry: ShortcodeRegistry) -> None:
    assert has_shortcode("This is a blob with [gallery] in it", "gallery", registry)
    assert has_shortcode("a blob with [baztag] [gallery] [/baztag] in it", "gallery", registry)
    assert not has_shortcode("no [galleryx] here", "gallery", registry)


def test_default_registry_has_the_builtins() -> None:
    names = default_registry().names()
    for tag in ("caption", "gallery", "audio", "video", "playlist", "embed"):
        assert tag in names
    pattern = shortcode_names_regex()
    assert "caption" in pattern and "embed" in pattern


def test_copy_is_independent(registry: ShortcodeRegistry) -> None:
    clone = registry.copy()
    clone.remove("footag")
    assert "footag" in registry and "footag" not in clone


def test_handlers_see_the_running_registry_and_count_instances(
    registry: ShortcodeRegistry,
) -> None:
    seen: list[Any] = []

    def probe(attrs: dict[str, str], content: Any, tag: str, ctx: ContentContext) -> str:
        seen.append(current_registry())
        return str(next_instance("probe"))

    registry.add("probe", probe)
    assert do_shortcode("[probe] [probe] [baztag][probe][/baztag]", registry) == "1 2 content = 3"
    assert seen == [registry, registry, registry]
    # A new rendering starts counting again.
    assert do_shortcode("[probe]", registry) == "1"


def test_entry_point_packages_register_and_broken_ones_are_skipped(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    class Entry:
        def __init__(self, name: str, target: Any) -> None:
            self.name, self.value, self._target = name, f"pkg:{name}", target

        def load(self) -> Any:
            if isinstance(self._target, Exception):
                raise self._target
            return self._target

    def register(reg: ShortcodeRegistry) -> None:
        reg.add("weather", lambda a, c, t, x: "sunny")

    entries = [Entry("good", register), Entry("broken", ImportError("no module")), Entry("odd", 3)]
    monkeypatch.setattr("magtheme.extensions.entry_points", lambda group: entries)
    reg = ShortcodeRegistry()
    assert load_entry_point_shortcodes(reg) == ["good"]
    assert do_shortcode("[weather]", reg) == "sunny"
    assert "broken" in caplog.text and "odd" in caplog.text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?b=1&c=2", "https://example.com/a?b=1&#038;c=2"),
        ("javascript:alert(1)", ""),
        (" http://x.test/it's ", "http://x.test/it&#039;s"),
        ('http://x.test/"><script>', "http://x.test/script"),
    ],
)
def test_esc_url(url: str, expected: str) -> None:
    assert esc_url(url) == expected


# -- bad input ----------------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["[", "]", "/", "[[", "]]", "[footag", "[baztag]", "[/baztag]", "[gallery", "=", '"', "'"]
    + ['<a href="', "<div ", ">", "<!--", "-->", "[url]", "[dumptag x=", "\n", " ", "é", "\x00"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=40))
def test_any_input_is_handled_without_crashing(pieces: list[str]) -> None:
    registry = wordpress_test_registry(Recorder())
    text = "".join(pieces)
    out = do_shortcode(text, registry)
    assert isinstance(out, str)
    assert isinstance(strip_shortcodes(text, registry), str)
    # Text without any registered shortcode comes back unchanged.
    if "[" not in text:
        assert out == text


def test_deep_nesting_and_huge_input_stay_fast(registry: ShortcodeRegistry) -> None:
    nested = "[baztag]" * 2000 + "x" + "[/baztag]" * 2000
    assert do_shortcode(nested, registry).startswith("content = ")
    unclosed = "[baztag " + "a" * 200_000
    assert do_shortcode(unclosed, registry) == unclosed
    many = "[footag]" * 20_000
    assert do_shortcode(many, registry) == "foo = " * 20_000


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(_PIECES, st.sampled_from(["[/baztag]", "[/footag]", "[footag]"])), max_size=30
    )
)
def test_the_linear_scanner_finds_what_wordpress_regex_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    names = ["footag", "baztag", "gallery", "url", "dumptag"]
    expected = [
        (m.start(), m.end(), m.group(1), m.group(2), m.group(3), m.group(4) or "", m.group(5))
        for m in get_shortcode_regex(names).finditer(text)
    ]
    found = [(m.start, m.end, *m.groups[1:6]) for m in ShortcodeScanner(names).finditer(text)]
    assert found == expected


#: A line of a post full of shortcodes: one in text, one in an attribute, one never closed.
#: ``make bench`` times 110,000 of them (a 5 MB post); here the work is counted instead.
SHORTCODE_LINE = "para [footag] <a href='x[url]'>y</a> [baztag]\n"


def calls_made(run: Callable[[], object]) -> int:
    """How many Python and built-in functions *run* calls: the work done, whatever the machine."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return count


def test_the_work_on_a_post_full_of_shortcodes_grows_linearly_with_its_length(
    registry: ShortcodeRegistry,
) -> None:
    def work(lines: int) -> int:
        return calls_made(lambda: do_shortcode(SHORTCODE_LINE * lines, registry))

    small, double = work(1_000), work(2_000)
    assert small > 1_000
    assert double <= 2.05 * small, (small, double)
    assert do_shortcode(SHORTCODE_LINE * 2_000, registry).count("foo = ") == 2_000


class CountingPattern:
    """A compiled pattern that counts the characters its searches read (start to stop)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.read = 0

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        found = self.pattern.search(text, pos)
        self.read += (found.end() if found else len(text)) - pos
        return found


def test_the_scanner_reads_the_text_once_plus_one_pass_per_closing_tag(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """WordPress's regex looks for ``[/tag]`` after every opening tag, reading to the end of
    the text each time one is never closed; the scanner reads the text once for opening tags
    and once per tag name for closing ones, however many shortcodes there are."""
    text = SHORTCODE_LINE * 2_000
    scanner = ShortcodeScanner(["footag", "baztag", "url"])
    counting = CountingPattern(scanner.opening)
    scanner.opening = counting  # type: ignore[assignment]
    closing_scans: list[str] = []

    class CountingRe:
        """The ``re`` module as the shortcode module sees it, counting whole-text scans."""

        def __getattr__(self, name: str) -> Any:
            return getattr(re, name)

        def finditer(self, pattern: str, string: str, flags: int = 0) -> Iterator[re.Match[str]]:
            assert string is text
            closing_scans.append(pattern)
            return re.finditer(pattern, string, flags)

    monkeypatch.setattr(shortcodes, "re", CountingRe())
    matches = list(scanner.finditer(text))
    assert len(matches) == 3 * 2_000
    assert counting.read <= len(text)
    assert len(closing_scans) == len(set(closing_scans)) <= 3
