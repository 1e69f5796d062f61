"""Search means the same on every database: WordPress's LIKE search, case-insensitive in
every script as MySQL's collations make it, on SQLite and on real PostgreSQL."""

from __future__ import annotations

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from magtheme.models.sqlite import unicode_like
from tests.factories import make_post
from tests.test_query import run

TEXTS = {
    "latin": "Lorem ipsum dolor sit amet",
    "accented": "L'école de Genève ouvre",
    "greek": "Νέα από την Ελλάδα σήμερα",
    "cyrillic": "Новости из Киева",
    "mixed": "Breaking: ΑΘΉΝΑ and VOTE",
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("LOREM", ["latin"]),
        ("lorem IPSUM", ["latin"]),
        ("ÉCOLE genève", ["accented"]),
        ("ελλάδα", ["greek"]),
        ("ΣΉΜΕΡΑ", ["greek"]),
        ("киева", ["cyrillic"]),
        ("НОВОСТИ", ["cyrillic"]),
        ("αθήνα vote", ["mixed"]),
        ("100%", []),
        ("sit_amet", []),
    ],
)
def test_search_folds_case_in_every_script_on_every_database(
    each_database_app: Flask, query: str, expected: list[str]
) -> None:
    for name, text in TEXTS.items():
        make_post(name, content=text)
    make_post("percent", content="A 100 percent rise")
    ctx = run(each_database_app, s=query)
    assert sorted(p.title for p in ctx.posts) == expected


def test_search_finds_title_excerpt_and_content_alike(each_database_app: Flask) -> None:
    make_post("ATHENS summit", content="")
    make_post("Other", excerpt="Athens in the excerpt")
    make_post("Third", content="<p>news from athens</p>")
    make_post("Unrelated", content="Nothing here")
    ctx = run(each_database_app, s="Athens")
    # A title holding the phrase ranks first, whatever its case.
    assert [p.title for p in ctx.posts][0] == "ATHENS summit"
    assert sorted(p.title for p in ctx.posts) == ["ATHENS summit", "Other", "Third"]


def test_wildcards_typed_by_a_visitor_are_literal(each_database_app: Flask) -> None:
    make_post("Rates", content="rates rose 5% today")
    make_post("Names", content="file_name and filename")
    assert [p.title for p in run(each_database_app, s="5%").posts] == ["Rates"]
    assert [p.title for p in run(each_database_app, s="%").posts] == ["Rates"]
    assert [p.title for p in run(each_database_app, s="file_name").posts] == ["Names"]
    assert [p.title for p in run(each_database_app, s="e_n").posts] == ["Names"]


@pytest.mark.parametrize(
    ("pattern", "value", "escape", "matches"),
    [
        ("%abc%", "xxABCxx", None, True),
        ("abc", "ABC", None, True),
        ("abc", "abcd", None, False),
        ("a_c", "AbC", None, True),
        ("a\\_c", "a_c", "\\", True),
        ("a\\_c", "abc", "\\", False),
        ("%5\\%%", "up 5% now", "\\", True),
        ("%5\\%%", "up 5 now", "\\", False),
        ("%Ελλάδα%", "ΕΛΛΆΔΑ", None, True),
        ("%", "", None, True),
        ("_", "", None, False),
        ("%a%b%", "xAyBz", None, True),
        ("%a%b%", "xByAz", None, False),
        ("%line%", "first\nline two", None, True),
    ],
)
def test_sqlite_like_has_sql_semantics(
    pattern: str, value: str, escape: str | None, matches: bool
) -> None:
    assert unicode_like(pattern, value, escape) is matches


def test_sqlite_like_passes_null_through() -> None:
    assert unicode_like(None, "x") is None
    assert unicode_like("%", None) is None


@settings(max_examples=300)
@given(st.text(max_size=12), st.text(max_size=24))
def test_sqlite_like_agrees_with_substring_search(needle: str, haystack: str) -> None:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    found = unicode_like(f"%{escaped}%", haystack, "\\")
    assert found is (needle.casefold() in haystack.casefold())
