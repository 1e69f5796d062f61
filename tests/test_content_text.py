"""wp_strip_all_tags, wp_trim_words and convert_chars against WordPress's own test cases,
plus word count and reading time."""

from __future__ import annotations

import pytest

from magtheme.content.text import (
    convert_chars,
    php_strip_tags,
    reading_time,
    word_count,
    wp_strip_all_tags,
    wp_trim_words,
)

LONG_TEXT = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Fusce varius lacinia vehicula. "
    "Etiam sapien risus, ultricies ac posuere eu, convallis sit amet augue. Pellentesque urna "
    "massa, lacinia vel iaculis eget, bibendum in mauris. Aenean eleifend pulvinar ligula, a "
    "convallis eros gravida non. Suspendisse potenti. Pellentesque et odio tortor. In vulputate "
    "pellentesque libero, sed dapibus velit mollis viverra. Pellentesque id urna euismod dolor "
    "cursus sagittis."
)


@pytest.mark.parametrize(
    ("text", "remove_breaks", "expected"),
    [
        ("lorem<br />ipsum", False, "loremipsum"),
        ("lorem<br />\nipsum", False, "lorem\nipsum"),
        ("lorem<br />ipsum", True, "loremipsum"),
        ("lorem<script>alert(document.cookie)</script>ipsum", False, "loremipsum"),
        ("lorem<style>* { display: 'none' }</style>ipsum", False, "loremipsum"),
        (
            "lorem<style>* { display: 'none' }<script>alert( document.cookie )</script></style>ipsum",
            False,
            "loremipsum",
        ),
        ("  one\n\n\ttwo  ", True, "one two"),
        ("\xa0kept\xa0", False, "\xa0kept\xa0"),
    ],
)
def test_wp_strip_all_tags(text: str, remove_breaks: bool, expected: str) -> None:
    assert wp_strip_all_tags(text, remove_breaks) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a < b and c > d", "a < b and c > d"),  # "<" before a space is not a tag
        ('x <a title="1 > 0">link</a> y', "x link y"),  # a quoted ">" does not end the tag
        ("x <!-- <b>note</b> --> y", "x  y"),
        ("x <?php echo 1; ?> y", "x  y"),
        ("x <b unclosed", "x "),  # an unclosed tag swallows the rest, as in PHP
        ("<p>one</p><p>two</p>", "onetwo"),
    ],
)
def test_php_strip_tags(text: str, expected: str) -> None:
    assert php_strip_tags(text) == expected


def test_trims_to_55_by_default() -> None:
    trimmed = wp_trim_words(LONG_TEXT)
    assert trimmed.endswith("sed dapibus velit&hellip;")
    assert len(trimmed.removesuffix("&hellip;").split(" ")) == 55


def test_trims_to_10() -> None:
    expected = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Fusce varius&hellip;"
    assert wp_trim_words(LONG_TEXT, 10) == expected


def test_trims_to_5_with_custom_more() -> None:
    assert (
        wp_trim_words(LONG_TEXT, 5, "[...] Read on!") == "Lorem ipsum dolor sit amet,[...] Read on!"
    )


def test_strips_tags_before_trimming() -> None:
    text = 'This text contains a <a href="http://wordpress.org"> link </a> to WordPress.org!'
    assert wp_trim_words(text, 5) == "This text contains a link&hellip;"


@pytest.mark.parametrize(
    "text",
    [
        'This text contains<script>alert(" JavaScript");</script>. It should go.',
        'This text contains<style>#css { width:expression(alert("css")) }</style>. It should go.',
    ],
)
def test_strips_script_and_style_content(text: str) -> None:
    assert wp_trim_words(text) == "This text contains. It should go."


def test_does_not_trim_short_text() -> None:
    assert wp_trim_words("This is some short text.") == "This is some short text."


def test_zero_words_keeps_only_more() -> None:
    # WordPress's (int) '' is 0: nothing is kept but the "more" string.
    assert wp_trim_words(LONG_TEXT, 0, "") == ""
    assert wp_trim_words(LONG_TEXT, 3, "") == "Lorem ipsum dolor"


def test_runs_of_whitespace_become_single_spaces() -> None:
    assert wp_trim_words("one\n\n two\t three", 2) == "one two&hellip;"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fish & chips", "Fish &#038; chips"),
        ("&amp; &#038; &copy;", "&amp; &#038; &copy;"),
        ("AT&T", "AT&#038;T"),
        ("no ampersand", "no ampersand"),
    ],
)
def test_convert_chars(text: str, expected: str) -> None:
    assert convert_chars(text) == expected


def test_word_count_ignores_markup_comments_and_shortcodes() -> None:
    html = (
        '<p>One <a href="/x">two</a> three&nbsp;four.</p><!-- five six -->'
        '[gallery ids="1,2"]<p>Five &#8212; six</p><script>var seven;</script>'
    )
    assert word_count(html) == 6


def test_word_count_splits_at_tags() -> None:
    assert word_count("<li>one</li><li>two</li>") == 2


@pytest.mark.parametrize(
    ("words", "wpm", "minutes"),
    [(0, 200, 1), (1, 200, 1), (200, 200, 1), (201, 200, 2), (1000, 200, 5), (1000, 250, 4)],
)
def test_reading_time_rounds_up(words: int, wpm: int, minutes: int) -> None:
    content = "<p>" + " ".join(["word"] * words) + "</p>" if words else '<p><img src="a.jpg" /></p>'
    assert reading_time(content, wpm) == minutes


def test_reading_time_of_nothing_is_zero() -> None:
    assert reading_time("") == 0
    assert reading_time("  \n") == 0
