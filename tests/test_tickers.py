"""The breaking-news ticker."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from magtheme import site
from magtheme import urls as links
from magtheme.models import db
from magtheme.options import load_options, update_option
from magtheme.tickers import TickerItem, ticker_items
from magtheme.visibility import now_gmt
from tests.conftest import StatementCounter
from tests.factories import make_post, make_term

HOME = "http://example.test"


def ticker(**kwargs: Any) -> list[TickerItem]:
    options = load_options()
    linker = links.linker({**options, "home": HOME}, site.registry())
    return ticker_items(db.session, options, linker, now=now_gmt(), **kwargs)


def titles(items: list[TickerItem]) -> list[str]:
    return [item.title for item in items]


def day(n: int) -> datetime:
    return datetime(2025, 5, n, 9, 0)


def test_the_newest_public_posts_of_the_breaking_news_category(app: Flask) -> None:
    breaking = make_term("Breaking news", slug="breaking-news")
    other = make_term("Sport")
    make_post("Old alert", terms=[breaking], date=day(1))
    make_post("New alert", terms=[breaking], date=day(3))
    make_post("Match", terms=[other], date=day(4))
    make_post("Draft alert", terms=[breaking], status="draft", date=day(5))
    make_post("Locked alert", terms=[breaking], password="x", date=day(5))
    make_post("Coming alert", terms=[breaking], status="future", date=now_gmt() + timedelta(1))
    update_option("sticky_posts", [make_post("Sticky", terms=[breaking], date=day(2)).id])
    items = ticker()
    assert titles(items) == ["New alert", "Sticky", "Old alert"]  # by date, sticky or not
    assert (items[0].title, items[0].url, items[0].date) == (
        "New alert",
        f"{HOME}/2025/05/03/new-alert/",
        day(3),
    )
    assert titles(ticker(count=1)) == ["New alert"]


def test_the_category_comes_from_the_option_or_the_template(app: Flask) -> None:
    local = make_term("Local", slug="local")
    flash = make_term("Dernière minute", slug="derni%c3%a8re-minute")
    make_post("Town hall", terms=[local], date=day(1))
    make_post("Flash", terms=[flash], date=day(2))
    update_option("ticker_category", "local")
    assert titles(ticker()) == ["Town hall"]
    assert titles(ticker(category="dernière-minute")) == ["Flash"]


def test_without_the_category_sticky_posts_lead_then_the_newest(app: Flask) -> None:
    posts = {name: make_post(name, date=day(i + 1)) for i, name in enumerate("ABCDE")}
    update_option("sticky_posts", [posts["B"].id, posts["A"].id])
    assert titles(ticker(count=4)) == ["B", "A", "E", "D"]
    update_option("sticky_posts", [])
    assert titles(ticker(count=2)) == ["E", "D"]


def test_an_existing_but_quiet_category_gives_an_empty_ticker(app: Flask) -> None:
    make_term("Breaking news", slug="breaking-news")
    make_post("Ordinary day", date=day(1))
    assert ticker() == []


@pytest.mark.parametrize(("count", "shown"), [(0, 1), (3, 3), (100, 20), ("x", 5)])
def test_the_count_stays_within_bounds(app: Flask, count: Any, shown: int) -> None:
    for i in range(25):
        make_post(f"Post {i}")
    assert len(ticker(count=count)) == shown


@pytest.mark.parametrize(
    "structure", ["/%year%/%monthnum%/%day%/%postname%/", "/%category%/%postname%/", ""]
)
def test_one_statement_however_many_items(
    app: Flask, sql_counter: StatementCounter, structure: str
) -> None:
    update_option("permalink_structure", structure)
    parent = make_term("World")
    breaking = make_term("Breaking news", slug="breaking-news", parent_id=parent.id)

    def statements(n: int) -> int:
        for i in range(n):
            make_post(f"Alert {n} {i}", terms=[breaking])
        options = load_options()
        linker = links.linker({**options, "home": HOME}, site.registry())
        sql_counter.reset()
        items = ticker_items(db.session, options, linker, count=n, now=now_gmt())
        assert len(items) == n
        return sql_counter.count

    few, many = statements(2), statements(10)
    assert few == many
    if "%category%" not in structure:
        assert few == 1
