"""Old and mistyped URLs: WordPress's old-slug redirect and its 404 permalink guess."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from magtheme.options import update_option
from tests.conftest import StatementCounter
from tests.factories import make_post, make_term

HOME = "http://localhost"


def _go(client: FlaskClient, url: str) -> str | None:
    """Where *url* sends a visitor with a 301 (``None`` when it answers 404)."""
    response = client.get(url)
    if response.status_code == 404:
        return None
    assert response.status_code == 301, (url, response.status_code)
    return response.headers["Location"].removeprefix(HOME)


# -- wp_old_slug_redirect ------------------------------------------------------------------


def test_a_renamed_post_keeps_its_old_urls(probe_app: Flask) -> None:
    make_post("New name", date=datetime(2020, 1, 1, 9), meta={"_wp_old_slug": "old-name"})
    client = probe_app.test_client()
    assert _go(client, "/2020/01/01/old-name/") == "/2020/01/01/new-name/"
    assert _go(client, "/2020/01/01/old-name/embed/") == "/2020/01/01/new-name/embed/"
    assert _go(client, "/?name=old-name") == "/2020/01/01/new-name/"
    # Arguments the redirect does not consume go along.
    assert _go(client, "/2020/01/01/old-name/?utm_source=mail") == (
        "/2020/01/01/new-name/?utm_source=mail"
    )
    # The date in the URL must be the post's (WordPress narrows by it).
    assert _go(client, "/2021/01/01/old-name/") is None


def test_the_url_date_picks_among_posts_that_shared_an_old_slug(probe_app: Flask) -> None:
    make_post("First", date=datetime(2020, 3, 1), meta={"_wp_old_slug": "report"})
    make_post("Second", date=datetime(2021, 3, 1), meta={"_wp_old_slug": "report"})
    client = probe_app.test_client()
    assert _go(client, "/2021/03/01/report/") == "/2021/03/01/second/"
    assert _go(client, "/2020/03/01/report/") == "/2020/03/01/first/"


def test_a_redated_post_keeps_its_old_urls(probe_app: Flask) -> None:
    make_post("Hello", date=datetime(2021, 5, 5), meta={"_wp_old_date": "2020-01-01"})
    make_post(
        "Renamed",
        date=datetime(2022, 6, 6),
        meta={"_wp_old_slug": "was", "_wp_old_date": "2019-02-02"},
    )
    client = probe_app.test_client()
    assert _go(client, "/2020/01/01/hello/") == "/2021/05/05/hello/"
    # Renamed and redated: the old slug with the old date still finds it.
    assert _go(client, "/2019/02/02/was/") == "/2022/06/06/renamed/"
    assert _go(client, "/2018/01/01/hello/") is None


@pytest.mark.parametrize("structure", ["/%postname%/", "/archives/%post_id%", ""])
def test_old_slugs_under_other_structures(probe_app: Flask, structure: str) -> None:
    update_option("permalink_structure", structure)
    post = make_post("Current", meta={"_wp_old_slug": "former"})
    client = probe_app.test_client()
    expected = {
        "/%postname%/": "/current/",
        "/archives/%post_id%": f"/archives/{post.id}",
        "": f"/?p={post.id}",
    }[structure]
    assert _go(client, "/?name=former") == expected
    if structure == "/%postname%/":
        assert _go(client, "/former/") == expected


def test_old_slugs_of_attachments_and_custom_types(tmp_path, instance) -> None:  # type: ignore[no-untyped-def]
    from magtheme import create_app
    from magtheme.models import db
    from tests.conftest import PROBE_TEMPLATES, write_theme

    (instance / "config.toml").write_text("[post_types.book]\npublic = true\n")
    write_theme(tmp_path / "themes", "probe", PROBE_TEMPLATES)
    app = create_app(instance, {"TESTING": True, "SITE_THEME_DIRS": [str(tmp_path / "themes")]})
    with app.app_context():
        db.create_all()
        update_option("stylesheet", "probe")
        update_option("template", "probe")
        parent = make_post("Story", date=datetime(2020, 1, 1))
        make_post(
            "Photo", post_type="attachment", status="inherit", parent_id=parent.id,
            meta={"_wp_old_slug": "picture"},
        )  # fmt: skip
        make_post("Dune", post_type="book", meta={"_wp_old_slug": "dune-draft-title"})
        client = app.test_client()
        assert _go(client, "/2020/01/01/story/picture/") == "/2020/01/01/story/photo/"
        assert _go(client, "/book/dune-draft-title/") == "/book/dune/"
        db.session.remove()


def test_old_slugs_never_lead_to_hidden_posts_or_pages(probe_app: Flask) -> None:
    make_post("Secret", status="draft", meta={"_wp_old_slug": "leak"})
    make_post("About us", post_type="page", meta={"_wp_old_slug": "team-page"})
    client = probe_app.test_client()
    assert _go(client, "/?name=leak") is None
    # Pages are hierarchical: WordPress never follows their old slugs.
    assert _go(client, "/team-page/") is None


# -- redirect_guess_404_permalink ---------------------------------------------------------


def test_a_mistyped_name_is_guessed_from_its_start(probe_app: Flask) -> None:
    make_post("Hello world", date=datetime(2024, 5, 11, 9))
    make_post("About", post_type="page")
    client = probe_app.test_client()
    assert _go(client, "/2024/05/11/hello/") == "/2024/05/11/hello-world/"
    assert _go(client, "/hello/") == "/2024/05/11/hello-world/"  # found by the page rule
    assert _go(client, "/abo/") == "/about/"
    assert _go(client, "/2024/05/11/hello/?ref=x") == "/2024/05/11/hello-world/?ref=x"
    assert _go(client, "/2024/05/11/hello/2/") == "/2024/05/11/hello-world/2/"
    assert _go(client, "/2024/05/11/hello/feed/") == "/2024/05/11/hello-world/feed/"


def test_a_part_a_post_does_not_have_goes_to_the_post(probe_app: Flask) -> None:
    make_post("Hello world", date=datetime(2024, 5, 11, 9), content="one<!--nextpage-->two")
    client = probe_app.test_client()
    assert client.get("/2024/05/11/hello-world/2/").status_code == 200
    assert _go(client, "/2024/05/11/hello-world/9/") == "/2024/05/11/hello-world/"


def test_a_guess_keeps_to_the_date_and_type_the_url_gave(probe_app: Flask) -> None:
    make_post("Hello world", date=datetime(2024, 5, 11, 9))
    make_post("About", post_type="page")
    client = probe_app.test_client()
    assert _go(client, "/2023/05/11/hello/") is None
    assert _go(client, "/2024/05/12/hello/") is None
    assert _go(client, "/?name=abo") == "/about/"
    assert _go(client, "/?name=abo&post_type=post") is None


def test_a_guess_is_a_prefix_never_a_pattern(probe_app: Flask) -> None:
    make_post("Hello world", date=datetime(2024, 5, 11, 9))
    client = probe_app.test_client()
    assert _go(client, "/2024/05/11/h_llo/") is None
    assert _go(client, "/2024/05/11/ello/") is None


def test_a_guess_only_finds_what_visitors_may_see(probe_app: Flask) -> None:
    make_post("Unpublished story", status="draft")
    make_post("Private story", status="private")
    make_post("Shot", post_type="attachment", status="inherit", slug="unpublished-shot")
    client = probe_app.test_client()
    assert _go(client, "/unpublished/") is None
    assert _go(client, "/private/") is None


def test_the_guess_takes_slugs_in_order(probe_app: Flask) -> None:
    make_post("News b", date=datetime(2024, 1, 1))
    make_post("News a", date=datetime(2024, 1, 1))
    assert _go(probe_app.test_client(), "/2024/01/01/news/") == "/2024/01/01/news-a/"


def test_no_name_no_guess(probe_app: Flask) -> None:
    make_post("Sports news", terms=[make_term("Sports")])
    client = probe_app.test_client()
    for url in ("/category/sport/", "/tag/spo/", "/author/nobody/", "/2024/13/"):
        assert _go(client, url) is None, url


def test_the_old_slug_wins_over_a_guess(probe_app: Flask) -> None:
    make_post("Launch", date=datetime(2024, 1, 1), meta={"_wp_old_slug": "launch-day"})
    make_post("Launch day recap", date=datetime(2024, 1, 1))
    assert _go(probe_app.test_client(), "/2024/01/01/launch-day/") == "/2024/01/01/launch/"


# -- statements ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/2020/01/01/old-name/", "/2019/02/02/was/", "/2024/05/11/hello/", "/nothing-at-all/"]
)
def test_redirects_make_constant_sql(
    probe_app: Flask, sql_counter: StatementCounter, url: str
) -> None:
    make_post("New name", date=datetime(2020, 1, 1, 9), meta={"_wp_old_slug": "old-name"})
    make_post(
        "Renamed",
        date=datetime(2022, 6, 6),
        meta={"_wp_old_slug": "was", "_wp_old_date": "2019-02-02"},
    )
    make_post("Hello world", date=datetime(2024, 5, 11, 9))
    client = probe_app.test_client()

    def count() -> int:
        client.get(url)
        sql_counter.reset()
        client.get(url)
        return sql_counter.count

    few = count()
    for n in range(25):
        make_post(
            f"Hello {n}", date=datetime(2024, 5, 11, 10), meta={"_wp_old_slug": f"old-name-{n}"}
        )
    assert count() == few, sql_counter.statements


# -- URLs an earlier permalink setting made --------------------------------------------------


def test_a_new_structure_keeps_the_old_dated_urls(probe_app: Flask) -> None:
    post = make_post("Hello there", date=datetime(2020, 1, 2, 9), terms=[make_term("News")])
    update_option("permalink_structure", "/%postname%/")
    client = probe_app.test_client()
    assert _go(client, "/2020/01/02/hello-there/") == "/hello-there/"
    assert _go(client, "/2020/01/02/hello-there/feed/") == "/hello-there/feed/"
    assert _go(client, "/2020/01/02/hello-there/?ref=mail") == "/hello-there/?ref=mail"
    assert client.get("/hello-there/").status_code == 200
    # A dated URL that never named a post still finds nothing.
    assert _go(client, "/2020/01/02/nothing-here/") is None
    # Two changes on, both earlier structures' URLs still lead to the post.
    update_option("permalink_structure", "/archives/%post_id%")
    assert _go(client, "/2020/01/02/hello-there/") == f"/archives/{post.id}"
    assert _go(client, "/hello-there/") == f"/archives/{post.id}"


def test_a_new_category_base_keeps_the_old_archive_urls(probe_app: Flask) -> None:
    make_post("Hello", terms=[make_term("News")])
    update_option("category_base", "topics")
    client = probe_app.test_client()
    assert _go(client, "/category/news/") == "/topics/news/"
    assert client.get("/topics/news/").status_code == 200


def test_only_the_last_few_settings_are_remembered(probe_app: Flask) -> None:
    from magtheme.options import OLD_PERMALINKS_KEPT, forget_options, get_option

    for structure in ("/%postname%/", "/a/%post_id%", "/b/%post_id%", "/c/%post_id%"):
        update_option("permalink_structure", structure)
    forget_options()
    remembered = [e["permalink_structure"] for e in get_option("magtheme_old_permalinks")]
    assert remembered == ["/b/%post_id%", "/a/%post_id%", "/%postname%/"][:OLD_PERMALINKS_KEPT]
    # Setting the same value again remembers nothing new.
    update_option("permalink_structure", "/c/%post_id%")
    forget_options()
    assert len(get_option("magtheme_old_permalinks")) == OLD_PERMALINKS_KEPT
