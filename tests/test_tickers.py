"""Breaking-news tickers: settings, sources, the template helper, the widget and the feed."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from flask import Flask

from magtheme import site
from magtheme import urls as links
from magtheme.models import db
from magtheme.options import load_options, update_option
from magtheme.tickers import (
    TICKERS_OPTION,
    TickerError,
    TickerItem,
    check_settings,
    create_ticker,
    delete_ticker,
    load_ticker,
    ticker_definitions,
    ticker_items,
    update_ticker,
)
from magtheme.visibility import now_gmt
from tests.conftest import StatementCounter, serve_site, write_theme
from tests.factories import make_post, make_term

HOME = "http://example.test"
FEED = "/wp-json/magtheme/v1/tickers/"


def ticker(**kwargs: Any) -> list[TickerItem]:
    options = load_options()
    linker = links.linker({**options, "home": HOME}, site.registry())
    return ticker_items(db.session, options, linker, now=now_gmt(), **kwargs)


def named(name: str = "breaking", now: datetime | None = None) -> list[str]:
    options = load_options()
    linker = links.linker({**options, "home": HOME}, site.registry())
    found = load_ticker(db.session, options, linker, name, now=now or now_gmt())
    assert found is not None
    return [item.title for item in found]


def define(name: str, **settings: Any) -> None:
    stored = load_options().get(TICKERS_OPTION) or {}
    update_option(TICKERS_OPTION, create_ticker(stored, name, settings))


def titles(items: list[TickerItem]) -> list[str]:
    return [item.title for item in items]


def day(n: int) -> datetime:
    return datetime(2025, 5, n, 9, 0)


# -- the built-in breaking ticker (what every site had before tickers had names) ------------


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
    first = items[0]
    assert (first.title, first.url, first.date) == (
        "New alert",
        f"{HOME}/2025/05/03/new-alert/",
        day(3),
    )
    assert first.iso_date == "2025-05-03T09:00:00+00:00"
    assert titles(ticker(count=1)) == ["New alert"]
    assert named() == ["New alert", "Sticky", "Old alert"]  # the same, by its name


def test_the_category_comes_from_the_option_or_the_template(app: Flask) -> None:
    local = make_term("Local", slug="local")
    flash = make_term("Dernière minute", slug="derni%c3%a8re-minute")
    make_post("Town hall", terms=[local], date=day(1))
    make_post("Flash", terms=[flash], date=day(2))
    update_option("ticker_category", "local")
    assert titles(ticker()) == ["Town hall"]
    assert named() == ["Town hall"]
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


# -- settings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"source": "rss"}, "source must be one of category, tag, sticky, latest, posts"),
        ({"count": 21}, "count must be between 1 and 20, not 21"),
        ({"count": "many"}, "count must be a whole number"),
        ({"max_age": -1}, "max_age must be between 0 and"),
        ({"refresh": 7200}, "refresh must be between 0 and 3600"),
        ({"speed": 1}, "speed must be between 10 and 400"),
        ({"direction": "up"}, "direction must be one of auto, left, right"),
        ({"source": "tag"}, "a tag ticker needs term"),
        ({"source": "posts"}, "a posts ticker needs posts"),
        ({"source": "posts", "posts": "3, x"}, "posts must be post IDs"),
        ({"source": "latest", "term": "news"}, "term is only used by the category and tag"),
        ({"label": " "}, "label must not be empty"),
        ({"colour": "red"}, "unknown ticker setting 'colour'; the settings are: source, term"),
    ],
)
def test_bad_settings_are_refused_naming_what_is_accepted(
    settings: dict[str, Any], message: str
) -> None:
    with pytest.raises(TickerError, match=message.replace("(", r"\(")):
        check_settings(settings)


def test_good_settings_are_completed_with_defaults() -> None:
    clean = check_settings({"source": "posts", "posts": "7 3,7", "count": "3", "max_age": "24"})
    assert clean == {
        "source": "posts",
        "term": "",
        "posts": "7,3",
        "count": 3,
        "max_age": 24,
        "label": "BREAKING",
        "speed": 60,
        "direction": "auto",
        "refresh": 60,
    }


def test_creating_updating_and_deleting_change_only_their_ticker() -> None:
    stored = create_ticker({}, "sport", {"source": "tag", "term": "football"})
    stored = create_ticker(stored, "home", {"source": "latest", "count": 3})
    with pytest.raises(TickerError, match="already a ticker 'sport'"):
        create_ticker(stored, "sport", {})
    with pytest.raises(TickerError, match="ticker name 'Sport!' must start with a lowercase"):
        create_ticker(stored, "Sport!", {})
    changed = update_ticker(stored, "sport", {"label": "LIVE"})
    assert changed["sport"]["term"] == "football" and changed["sport"]["label"] == "LIVE"
    assert changed["home"] == stored["home"]
    # A new source does not inherit what only the old one used.
    assert update_ticker(stored, "sport", {"source": "sticky"})["sport"]["term"] == ""
    with pytest.raises(TickerError, match="no ticker 'weather'; the tickers are: breaking, home"):
        update_ticker(stored, "weather", {"count": 2})
    assert set(delete_ticker(stored, "home")) == {"sport"}
    with pytest.raises(TickerError, match="'breaking' is built in"):
        delete_ticker(stored, "breaking")
    assert stored == create_ticker(create_ticker({}, "sport", {"source": "tag", "term": "football"}), "home", {"source": "latest", "count": 3})  # fmt: skip


def test_breaking_always_exists_and_may_be_changed() -> None:
    assert set(ticker_definitions({})) == {"breaking"}
    stored = update_ticker({}, "breaking", {"label": "URGENT"})
    definitions = ticker_definitions({TICKERS_OPTION: stored})
    assert definitions["breaking"]["label"] == "URGENT"
    assert delete_ticker(stored, "breaking") == {}
    # Stored by hand with a bad value: rendered with the default instead of failing.
    lenient = ticker_definitions({TICKERS_OPTION: {"x": {"count": 999, "source": "?"}}})
    assert lenient["x"]["count"] == 20 and lenient["x"]["source"] == "category"


# -- sources ----------------------------------------------------------------------------------


def test_each_source(app: Flask) -> None:
    football = make_term("Football", taxonomy="post_tag")
    politics = make_term("Politics")
    a = make_post("Goal", terms=[football], date=day(1))
    b = make_post("Vote", terms=[politics], date=day(2))
    c = make_post("Storm", date=day(3))
    make_post("Draft goal", terms=[football], status="draft", date=day(4))
    page = make_post("About us", post_type="page", date=day(4))
    update_option("sticky_posts", [b.id, a.id])
    define("tagged", source="tag", term="football")
    define("category", source="category", term="politics")
    define("sticky", source="sticky")
    define("latest", source="latest", count=2)
    define("picked", source="posts", posts=f"{c.id}, 9999, {page.id} {a.id}", count=3)
    assert named("tagged") == ["Goal"]
    assert named("category") == ["Vote"]
    assert named("sticky") == ["Vote", "Goal"]
    assert named("latest") == ["Storm", "Vote"]
    assert named("picked") == ["Storm", "About us", "Goal"]  # as given; missing ids skipped


def test_a_tag_or_category_that_does_not_exist_gives_an_empty_named_ticker(app: Flask) -> None:
    make_post("Anything")
    define("tagged", source="tag", term="nothing")
    assert named("tagged") == []


def test_the_maximum_age_keeps_only_recent_stories(app: Flask) -> None:
    now = now_gmt()
    make_post("This morning", date=now - timedelta(hours=3))
    make_post("Yesterday", date=now - timedelta(hours=30))
    make_post("Last week", date=now - timedelta(days=7))
    define("today", source="latest", max_age=24)
    define("week", source="latest", max_age=24 * 8)
    assert named("today") == ["This morning"]
    assert named("week") == ["This morning", "Yesterday", "Last week"]
    assert named("today", now=now + timedelta(hours=22)) == []  # everything grew old


def test_a_scheduled_post_joins_when_its_time_comes(app: Flask) -> None:
    soon = now_gmt() + timedelta(minutes=5)
    make_post("Embargoed", status="future", date=soon)
    make_post("Earlier", date=day(1))
    define("latest", source="latest")
    assert named("latest") == ["Earlier"]
    assert named("latest", now=soon + timedelta(seconds=1)) == ["Embargoed", "Earlier"]


@pytest.mark.parametrize("source", ["category", "tag", "sticky", "latest", "posts"])
@pytest.mark.parametrize(
    "structure", ["/%year%/%monthnum%/%day%/%postname%/", "/%category%/%postname%/", ""]
)
def test_one_statement_however_many_items(
    app: Flask, sql_counter: StatementCounter, structure: str, source: str
) -> None:
    update_option("permalink_structure", structure)
    parent = make_term("World")
    breaking = make_term("Breaking news", slug="breaking-news", parent_id=parent.id)
    tag = make_term("Live", taxonomy="post_tag")

    def statements(n: int) -> int:
        posts = [make_post(f"Alert {n} {i}", terms=[breaking, tag]) for i in range(n)]
        ids = " ".join(str(p.id) for p in posts)
        update_option("sticky_posts", [p.id for p in posts])
        settings = {"source": source, "count": n, "max_age": 0}
        if source in ("category", "tag"):
            settings["term"] = "breaking-news" if source == "category" else "live"
        if source == "posts":
            settings["posts"] = ids
        update_option(TICKERS_OPTION, {"t": settings})
        options = load_options()
        linker = links.linker({**options, "home": HOME}, site.registry())
        sql_counter.reset()
        found = load_ticker(db.session, options, linker, "t", now=now_gmt())
        assert found is not None and len(found) == n
        return sql_counter.count

    few, many = statements(2), statements(10)
    assert few == many
    if "%category%" not in structure:
        assert few == 1


# -- templates and the widget -----------------------------------------------------------------


@pytest.fixture
def news_app(tmp_path: Path, instance: Path) -> Any:
    """A site with a theme whose index prints what the test puts in ``index.html``."""
    themes = tmp_path / "themes"
    write_theme(themes, "news", {"index.html": "", "404.html": "404"})
    for app in serve_site(instance, SITE_THEME_DIRS=[str(themes)]):
        update_option("stylesheet", "news")
        update_option("template", "news")
        app.config["NEWS_THEME"] = themes / "news"
        yield app


def page(app: Flask, template: str, files: dict[str, str] | None = None) -> str:
    folder = app.config["NEWS_THEME"] / "templates"
    (folder / "index.html").write_text(template)
    for name, source in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(source)
    app.extensions.pop("magtheme.chains", None)
    response = app.test_client().get("/")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def test_printing_a_ticker_gives_a_labelled_list_of_links(news_app: Flask) -> None:
    breaking = make_term("Breaking news", slug="breaking-news")
    make_post("Bridge <em>closed</em>", terms=[breaking], date=day(2))
    make_post("Rain", terms=[breaking], date=day(1))
    update_option(TICKERS_OPTION, update_ticker({}, "breaking", {"label": "URGENT", "refresh": 5}))
    html = lxml.html.fromstring(page(news_app, "<main>{{ ticker('breaking') }}</main>"))
    (region,) = html.xpath("//section[contains(@class, 'magtheme-ticker')]")
    label = html.get_element_by_id(region.get("aria-labelledby"))
    assert label.text_content() == "URGENT"
    assert region.get("aria-live") is None and not region.xpath(".//*[@aria-live]")
    links_ = region.xpath("./div/ul[@class='ticker-items']/li/a")
    assert [a.text_content() for a in links_] == ["Bridge closed", "Rain"]
    assert links_[0].xpath("./em")  # the title's safe markup is kept
    assert region.get("data-feed") == f"{FEED}breaking"
    assert region.get("data-refresh") == "5"
    (script,) = html.xpath("//script")
    assert script.get("src").startswith("/magtheme/static/ticker.js?v=")


def test_old_calls_of_ticker_keep_working(news_app: Flask) -> None:
    local = make_term("Local")
    breaking = make_term("Breaking news", slug="breaking-news")
    make_post("Town hall", terms=[local], date=day(1))
    make_post("Alert one", terms=[breaking], date=day(2))
    make_post("Alert two", terms=[breaking], date=day(3))
    body = page(
        news_app,
        "{% set news = ticker(count=1) %}{% if news %}{% for t in news %}<t>{{ t.title }}</t>"
        "{% endfor %}{% endif %}|{% for t in ticker(category='local') %}<l>{{ t.title }}</l>"
        "{% endfor %}|{{ ticker('nope')|length }}",
    )
    assert body == "<t>Alert two</t>|<l>Town hall</l>|0"


def test_an_empty_ticker_is_printed_hidden_so_the_script_can_fill_it(news_app: Flask) -> None:
    make_term("Breaking news", slug="breaking-news")
    html = lxml.html.fromstring(page(news_app, "<main>{{ ticker() }}</main>"))
    (region,) = html.xpath("//section[contains(@class, 'magtheme-ticker')]")
    assert region.get("hidden") is not None and not region.xpath(".//li")


def test_a_theme_overrides_the_ticker_template(news_app: Flask) -> None:
    make_post("Anything", date=day(1))
    body = page(
        news_app,
        "{{ ticker() }}",
        {
            "ticker.html": "<marquee-free>{{ news.label }}:{% for i in news %}{{ i.title }}{% endfor %}</marquee-free>"
        },
    )
    assert body == "<marquee-free>BREAKING:Anything</marquee-free>"


def test_the_ticker_widget_shows_the_named_ticker_in_an_area(news_app: Flask) -> None:
    tag = make_term("Live", taxonomy="post_tag")
    make_post("Live goal", terms=[tag], date=day(1))
    make_post("Elsewhere", date=day(2))
    define("live", source="tag", term="live", label="LIVE")
    update_option(
        "widget_instances",
        {
            "ticker-2": {"type": "ticker", "settings": {"ticker": "live"}},
            "ticker-3": {"type": "ticker", "settings": {"ticker": "gone"}},
        },
    )
    update_option("sidebars_widgets", {"sidebar": ["ticker-2", "ticker-3"]})
    body = page(news_app, "<aside>{{ widget_area('sidebar') }}</aside>")
    html = lxml.html.fromstring(body)
    (widget,) = html.xpath(
        "//section[contains(@class, 'widget_ticker')]"
    )  # the unknown ticker shows nothing
    assert widget.get("id") == "ticker-2"
    assert [a.text_content() for a in widget.xpath(".//li/a")] == ["Live goal"]
    assert widget.xpath(".//p[@class='ticker-label']")[0].text_content() == "LIVE"
    # Cached widget output still follows the content: a new post shows at once.
    make_post("Second goal", terms=[tag], date=day(3))
    body = page(news_app, "<aside>{{ widget_area('sidebar') }}</aside>")
    assert "Second goal" in body


# -- the feed ---------------------------------------------------------------------------------


def test_the_feed_lists_the_items_with_label_and_refresh(app: Flask) -> None:
    breaking = make_term("Breaking news", slug="breaking-news")
    make_post("Bridge <em>closed</em> & more", terms=[breaking], date=day(2))
    update_option(TICKERS_OPTION, update_ticker({}, "breaking", {"refresh": 10}))
    response = app.test_client().get(FEED + "breaking")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.get_json()
    assert document["label"] == "BREAKING" and document["refresh"] == 10
    (item,) = document["items"]
    assert item["title"] == "Bridge closed & more"
    assert (
        item["title_html"] == "Bridge <em>closed</em> &#038; more"
    )  # WordPress's texturized ampersand
    assert item["url"].startswith("http") and "/2025/05/02/" in item["url"]
    assert item["date"] == "2025-05-02T09:00:00+00:00"
    assert response.headers["Cache-Control"] == "public, max-age=5"


def test_the_feed_etag_gives_304_until_something_changes(app: Flask) -> None:
    breaking = make_term("Breaking news", slug="breaking-news")
    make_post("First", terms=[breaking], date=day(1))
    client = app.test_client()
    first = client.get(FEED + "breaking")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")  # strong
    again = client.get(FEED + "breaking", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    head = client.head(FEED + "breaking")
    assert head.status_code == 200 and head.data == b"" and head.headers["ETag"] == etag
    # Published now: in the very next answer, with a new ETag.
    make_post("Second", terms=[breaking], date=day(2))
    fresh = client.get(FEED + "breaking", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != etag
    assert [i["title"] for i in fresh.get_json()["items"]] == ["Second", "First"]


def test_a_scheduled_post_is_in_the_feed_once_due(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from magtheme.views import tickers as views

    breaking = make_term("Breaking news", slug="breaking-news")
    soon = now_gmt() + timedelta(minutes=10)
    make_post("Embargoed", terms=[breaking], status="future", date=soon)
    client = app.test_client()
    assert client.get(FEED + "breaking").get_json()["items"] == []
    monkeypatch.setattr(views, "now_gmt", lambda: soon + timedelta(seconds=1))
    assert [i["title"] for i in client.get(FEED + "breaking").get_json()["items"]] == ["Embargoed"]


def test_an_unknown_ticker_is_a_json_404(app: Flask) -> None:
    define("sport", source="latest")
    response = app.test_client().get(FEED + "weather")
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert response.get_json()["tickers"] == ["breaking", "sport"]
    assert "no ticker 'weather'" in response.get_json()["message"]


def test_a_feed_costs_the_options_and_one_statement(
    app: Flask, sql_counter: StatementCounter
) -> None:
    breaking = make_term("Breaking news", slug="breaking-news")
    for i in range(8):
        make_post(f"Alert {i}", terms=[breaking])
    client = app.test_client()
    sql_counter.reset()
    assert len(client.get(FEED + "breaking").get_json()["items"]) == 5
    assert sql_counter.count == 2  # options, then the ticker


def test_the_script_is_served_cacheable_and_nothing_else(app: Flask) -> None:
    from magtheme.views.tickers import script_url

    client = app.test_client()
    response = client.get(script_url())
    assert response.status_code == 200
    assert response.content_type == "text/javascript; charset=utf-8"
    assert "immutable" in response.headers["Cache-Control"]
    assert b"data-magtheme-ticker" in response.data
    assert client.get("/magtheme/static/../tickers.py").status_code == 404
    assert client.get("/magtheme/static/other.js").status_code == 404
