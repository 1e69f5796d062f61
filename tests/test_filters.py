"""Filters Magtheme gives templates: ``highlight`` marks a search's words, safely."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from magtheme.themes import ThemeChain
from magtheme.themes.filters import highlight


def test_each_word_of_the_search_is_marked_case_insensitively() -> None:
    assert highlight("Peace talks in Istanbul", "peace ISTANBUL") == Markup(
        "<mark>Peace</mark> talks in <mark>Istanbul</mark>"
    )


def test_safe_html_is_reduced_to_text_so_no_word_lands_in_a_tag_or_entity() -> None:
    title = Markup('Putin&#8217;s <em class="mark">peace</em> plan &amp; more')
    marked = highlight(title, "em amp mark peace")
    assert marked == Markup("Putin’s <mark>peace</mark> plan &amp; more")


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<svg/onload=alert(1)>"],
)
def test_hostile_text_and_terms_come_out_escaped(hostile: str) -> None:
    for text, terms in ((hostile, "alert"), ("alert me", hostile), (hostile, hostile)):
        marked = str(highlight(text, terms))
        assert "<script" not in marked and "<img" not in marked and "<svg" not in marked


def test_short_words_quotes_and_other_tags() -> None:
    assert highlight("a cat sat", "a") == Markup("a cat sat")  # one letter marks nothing
    assert highlight("A cat sat", '"cat"', "strong") == Markup("A <strong>cat</strong> sat")
    # A tag outside the few inline ones is never written.
    assert highlight("A cat", "cat", "script") == Markup("A cat")


def test_templates_have_the_filter_in_the_sandbox() -> None:
    env = ThemeChain([]).env
    out = env.from_string("{{ title | highlight(terms) }}").render(title="War & peace", terms="war")
    assert out == "<mark>War</mark> &amp; peace"
