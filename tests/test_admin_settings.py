"""Settings → General, Reading, Discussion and Permalinks: each saves through the options'
own checks, all or nothing, and the public site shows the change at once."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from magtheme.options import forget_options, get_option, update_option
from magtheme.views import public

from .adminkit import make_person, post_form, signed_in
from .factories import make_post, make_term

SCREENS = ("general", "reading", "discussion", "permalink")
#: The General form as a new site fills it (the fields a browser always sends).
GENERAL = {
    "blogname": "Magtheme",
    "blogdescription": "",
    "siteurl": "",
    "home": "",
    "admin_email": "owner@example.com",
    "timezone_string": "UTC",
    "date_format": "F j, Y",
    "time_format": "g:i a",
    "start_of_week": "1",
}
READING = {
    "show_on_front": "posts",
    "page_on_front": "0",
    "page_for_posts": "0",
    "posts_per_page": "10",
    "posts_per_rss": "10",
    "rss_use_excerpt": "0",
}


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return signed_in(app.test_client(), make_person("administrator", "ada"))


def _save(client: FlaskClient, screen: str, data: dict[str, str]) -> TestResponse:
    """Post a Settings form; a success is followed to the screen that says so."""
    url = f"/wp-admin/options-{screen}.php"
    response = post_form(client, url, data)
    if response.status_code == 303:
        assert response.headers["Location"] == url
        forget_options()
        followed = client.get(url)
        assert "Settings saved." in followed.text
        return followed
    forget_options()
    return response


def _error(response: TestResponse, field: str) -> str:
    """The message printed beside *field*."""
    found = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', response.text)
    assert found, f"no message beside {field}"
    return found.group(1)


def _visitor(app: Flask, url: str) -> TestResponse:
    return app.test_client().get(url)


# -- who may open them ---------------------------------------------------------------------


@pytest.mark.parametrize("screen", SCREENS)
def test_only_administrators_manage_options(app: Flask, screen: str) -> None:
    url = f"/wp-admin/options-{screen}.php"
    assert app.test_client().get(url).status_code == 302  # to the sign-in page
    editor = signed_in(app.test_client(), make_person("editor", "eve"))
    assert editor.get(url).status_code == 403
    assert post_form(editor, url, {"blogname": "Taken over"}).status_code == 403
    forget_options()
    assert get_option("blogname") == "Magtheme"


def test_the_menu_has_settings_with_its_screens(admin: FlaskClient) -> None:
    html = admin.get("/wp-admin/options-reading.php").text
    menu = html[html.index('<nav class="admin-menu"') : html.index("</nav>")]
    entry = menu[menu.index('<a href="/wp-admin/options-general.php"') :]
    submenu = entry[entry.index("<ul>") : entry.index("</ul>")]
    assert re.findall(r'href="/wp-admin/options-(\w+)\.php"[^>]*>(\w+)</a>', submenu) == [
        ("reading", "Reading"),
        ("discussion", "Discussion"),
        ("permalink", "Permalinks"),
    ]
    assert 'aria-current="page">Reading</a>' in submenu
    assert entry.index(">Settings</a>") < entry.index("<ul>")


# -- General -------------------------------------------------------------------------------


def test_general_saves_and_the_site_shows_the_title(app: Flask, admin: FlaskClient) -> None:
    page = _save(
        admin,
        "general",
        {**GENERAL, "blogname": "The Daily Owl", "blogdescription": "News at night"},
    )
    assert 'value="The Daily Owl"' in page.text
    home = _visitor(app, "/").text
    assert re.search(r"<title>[^<]*The Daily Owl[^<]*</title>", home)
    assert "News at night" in home


def test_the_date_format_changes_post_dates(app: Flask, admin: FlaskClient) -> None:
    make_post("Spring", date=datetime(2024, 3, 10, 9, 5))
    single = _visitor(app, "/2024/03/10/spring/").text
    assert "March 10, 2024" in single
    _save(admin, "general", {**GENERAL, "date_format": "Y-m-d"})
    single = _visitor(app, "/2024/03/10/spring/").text
    assert "2024-03-10" in single and "March 10, 2024" not in single
    page = _save(
        admin,
        "general",
        {**GENERAL, "date_format": "\\c\\u\\s\\t\\o\\m", "date_format_custom": "j.n.Y"},
    )
    assert get_option("date_format") == "j.n.Y"
    assert "10.3.2024" in _visitor(app, "/2024/03/10/spring/").text
    # The custom radio is the chosen one, its box holds the format and shows an example.
    assert re.search(r'value="\\c\\u\\s\\t\\o\\m" id="date_format_custom_radio" checked', page.text)
    assert 'name="date_format_custom" value="j.n.Y"' in page.text


def test_the_timezone_changes_the_time_shown(
    app: Flask, admin: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    moment = datetime(2030, 6, 1, 22, 30)  # UTC: Saturday evening; Sunday in Tokyo
    monkeypatch.setattr(public, "now_gmt", lambda: moment)
    assert "Saturday, June 1, 2030" in _visitor(app, "/").text
    page = _save(admin, "general", {**GENERAL, "timezone_string": "Asia/Tokyo"})
    assert '<option value="Asia/Tokyo" selected>Tokyo</option>' in page.text
    assert "Sunday, June 2, 2030" in _visitor(app, "/").text
    # A manual offset is saved as WordPress saves it: no zone name, the hours apart.
    page = _save(admin, "general", {**GENERAL, "timezone_string": "UTC-5.5"})
    assert (get_option("timezone_string"), get_option("gmt_offset")) == ("", -5.5)
    assert '<option value="UTC-5.5" selected>UTC-5:30</option>' in page.text
    assert "Saturday, June 1, 2030" in _visitor(app, "/").text


def test_the_timezone_select_groups_zones_by_region(admin: FlaskClient) -> None:
    html = admin.get("/wp-admin/options-general.php").text
    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    assert groups[:2] == ["Africa", "America"] and groups[-2:] == ["UTC", "Manual Offsets"]
    assert (
        '<option value="America/Argentina/Buenos_Aires">Argentina - Buenos Aires</option>' in html
    )
    assert '<option value="UTC+5.75">UTC+5:45</option>' in html
    assert '<option value="UTC" selected>UTC</option>' in html


def test_bad_general_values_are_refused_kept_and_nothing_is_saved(admin: FlaskClient) -> None:
    typed = {
        **GENERAL,
        "blogname": "New name",
        "siteurl": "ftp://files.example",
        "home": "example.com/blog",
        "admin_email": "nobody",
        "timezone_string": "Mars/Olympus",
        "time_format": "\\c\\u\\s\\t\\o\\m",
        "time_format_custom": "",
        "start_of_week": "9",
    }
    response = _save(admin, "general", typed)
    assert response.status_code == 422
    assert "http:// or https://" in _error(response, "siteurl")
    assert "http:// or https://" in _error(response, "home")
    assert "not an email address" in _error(response, "admin_email")
    assert "Unknown time zone" in _error(response, "timezone_string")
    assert "cannot be empty" in _error(response, "time_format")
    assert "from 0 to 6" in _error(response, "start_of_week")
    for kept in (
        'value="New name"',
        'value="ftp://files.example"',
        'value="example.com/blog"',
        'value="nobody"',
    ):
        assert kept in response.text
    assert '<a href="#siteurl">' in response.text  # the summary leads to each field
    assert get_option("blogname") == "Magtheme" and get_option("admin_email") == ""


def test_site_addresses_are_saved_without_a_trailing_slash(app: Flask, admin: FlaskClient) -> None:
    post = make_post("Hello", date=datetime(2024, 5, 11, 9))
    _save(admin, "general", {**GENERAL, "home": "https://news.example/"})
    assert get_option("home") == "https://news.example"
    response = _visitor(app, f"/?p={post.id}")
    assert response.headers["Location"] == "https://news.example/2024/05/11/hello/"


# -- Reading -------------------------------------------------------------------------------


def _articles(app: Flask, url: str) -> list[str]:
    return re.findall(r'<article data-id="(\d+)">', _visitor(app, url).text)


def test_posts_per_page_changes_the_home_page(probe_app: Flask) -> None:
    admin = signed_in(probe_app.test_client(), make_person("administrator", "ada"))
    for n in range(5):
        make_post(f"Story {n}", date=datetime(2024, 1, 1 + n))
    assert len(_articles(probe_app, "/")) == 5
    _save(admin, "reading", {**READING, "posts_per_page": "2"})
    assert len(_articles(probe_app, "/")) == 2
    assert len(_articles(probe_app, "/page/3/")) == 1


def test_a_static_front_page_and_a_posts_page(probe_app: Flask) -> None:
    admin = signed_in(probe_app.test_client(), make_person("administrator", "ada"))
    story = make_post("Story")
    about = make_post("About us", post_type="page")
    blog = make_post("Blog", post_type="page")
    make_post("Draft page", post_type="page", status="draft")
    form = admin.get("/wp-admin/options-reading.php").text
    assert f'<option value="{about.id}">About us</option>' in form
    assert "Draft page" not in form
    _save(
        admin,
        "reading",
        {
            **READING,
            "show_on_front": "page",
            "page_on_front": str(about.id),
            "page_for_posts": str(blog.id),
        },
    )
    assert _articles(probe_app, "/") == [str(about.id)]
    assert _articles(probe_app, "/blog/") == [str(story.id)]


def test_bad_reading_values_are_refused(probe_app: Flask) -> None:
    admin = signed_in(probe_app.test_client(), make_person("administrator", "ada"))
    about = make_post("About", post_type="page")
    draft = make_post("Draft", post_type="page", status="draft")
    response = _save(
        admin,
        "reading",
        {
            **READING,
            "show_on_front": "page",
            "page_on_front": str(draft.id),
            "posts_per_page": "0",
            "posts_per_rss": "many",
        },
    )
    assert response.status_code == 422
    assert "published pages" in _error(response, "page_on_front")
    assert "positive number" in _error(response, "posts_per_page")
    assert "whole number" in _error(response, "posts_per_rss")
    assert 'value="0"' in response.text and 'value="many"' in response.text
    same = _save(
        admin,
        "reading",
        {
            **READING,
            "show_on_front": "page",
            "page_on_front": str(about.id),
            "page_for_posts": str(about.id),
        },
    )
    assert "must be different" in _error(same, "page_for_posts")
    neither = _save(admin, "reading", {**READING, "show_on_front": "page"})
    assert "Choose the page" in _error(neither, "page_on_front")
    assert get_option("show_on_front") == "posts" and get_option("posts_per_page") == 10


def test_feed_length_and_summaries(app: Flask, admin: FlaskClient) -> None:
    for n in range(4):
        make_post(f"Story {n}", date=datetime(2024, 1, 1 + n), content="<p>Full text here.</p>")
    _save(admin, "reading", {**READING, "posts_per_rss": "3"})
    feed = _visitor(app, "/feed/").text
    assert feed.count("<item>") == 3 and "<content:encoded>" in feed
    _save(admin, "reading", {**READING, "rss_use_excerpt": "1"})
    feed = _visitor(app, "/feed/").text
    assert feed.count("<item>") == 4 and "<content:encoded>" not in feed
    assert "Full text here." in feed  # in the excerpt


def test_search_engine_visibility_is_robots_txt(app: Flask, admin: FlaskClient) -> None:
    _save(admin, "reading", {**READING, "blog_public": "0"})
    assert _visitor(app, "/robots.txt").text == "User-agent: *\nDisallow: /\n"
    assert (
        'name="blog_public" value="0" aria-describedby="blog-public-description" checked'
        in admin.get("/wp-admin/options-reading.php").text
    )
    _save(admin, "reading", READING)  # unticked: the site is public again
    assert get_option("blog_public") == 1
    assert "Disallow: /\n" not in _visitor(app, "/robots.txt").text


# -- Discussion ----------------------------------------------------------------------------

DISCUSSION = {
    "require_name_email": "1",
    "thread_comments": "1",
    "close_comments_days_old": "14",
    "thread_comments_depth": "5",
    "comments_per_page": "50",
    "default_comments_page": "newest",
    "comment_order": "asc",
    "comment_previously_approved": "1",
    "comment_max_links": "2",
    "moderation_keys": "",
    "disallowed_keys": "",
    "comment_min_seconds": "3",
    "comment_rate_limit": "15",
}


def test_discussion_saves_what_comments_honour(app: Flask, admin: FlaskClient) -> None:
    make_post("Old news", date=datetime(2020, 1, 1))
    assert 'id="respond"' in _visitor(app, "/2020/01/01/old-news/").text
    page = _save(
        admin,
        "discussion",
        {
            **DISCUSSION,
            "close_comments_for_old_posts": "1",
            "close_comments_days_old": "30",
            "moderation_keys": "  casino \n\n pills\ncasino\n",
        },
    )
    assert 'id="respond"' not in _visitor(app, "/2020/01/01/old-news/").text  # no form
    assert get_option("moderation_keys") == "casino\npills"
    assert get_option("require_name_email") is True and get_option("comment_moderation") is False
    assert (
        'id="close_comments_for_old_posts" name="close_comments_for_old_posts" value="1" checked'
        in page.text
    )
    # Unticked boxes send nothing: they are saved as off.
    _save(admin, "discussion", {k: v for k, v in DISCUSSION.items() if k != "require_name_email"})
    assert get_option("require_name_email") is False
    assert get_option("close_comments_for_old_posts") is False


def test_bad_discussion_values_are_refused(admin: FlaskClient) -> None:
    response = _save(
        admin,
        "discussion",
        {
            **DISCUSSION,
            "comments_per_page": "0",
            "comment_max_links": "a few",
            "thread_comments_depth": "40",
            "disallowed_keys": "spam",
        },
    )
    assert response.status_code == 422
    assert "positive number" in _error(response, "comments_per_page")
    assert "whole number" in _error(response, "comment_max_links")
    assert "from 1 to 10" in _error(response, "thread_comments_depth")
    assert 'value="a few"' in response.text and ">spam</textarea>" in response.text
    assert get_option("disallowed_keys") == "" and get_option("comments_per_page") == 50


# -- Permalinks ----------------------------------------------------------------------------


def _links(app: Flask) -> list[str]:
    return re.findall(r'href="http://localhost(/[^"]*)"', _visitor(app, "/").text)


def test_a_new_structure_changes_links_and_old_ones_redirect(
    app: Flask, admin: FlaskClient
) -> None:
    make_post("Hello there", date=datetime(2020, 1, 2, 9), terms=[make_term("News")])
    assert "/2020/01/02/hello-there/" in _links(app)
    page = _save(
        admin,
        "permalink",
        {"selection": "postname", "permalink_structure": "", "category_base": "", "tag_base": ""},
    )
    assert get_option("permalink_structure") == "/%postname%/"
    assert re.search(r'value="postname" checked', page.text)
    assert "/hello-there/" in _links(app) and "/2020/01/02/hello-there/" not in _links(app)
    old = _visitor(app, "/2020/01/02/hello-there/")
    assert (old.status_code, old.headers["Location"]) == (301, "http://localhost/hello-there/")
    assert _visitor(app, "/hello-there/").status_code == 200


def test_a_custom_structure_and_bases(app: Flask, admin: FlaskClient) -> None:
    make_post("Hello", date=datetime(2020, 1, 2), terms=[make_term("News")])
    page = _save(
        admin,
        "permalink",
        {
            "selection": "custom",
            "permalink_structure": "blog/%year%/%postname%",
            "category_base": "topics",
            "tag_base": "/labels/",
        },
    )
    assert get_option("permalink_structure") == "/blog/%year%/%postname%"
    assert (get_option("category_base"), get_option("tag_base")) == ("/topics", "/labels")
    assert 'value="custom" checked' in page.text and 'value="topics"' in page.text
    links = _links(app)
    assert "/blog/2020/hello" in links and "/topics/news" in links
    moved = _visitor(app, "/category/news/")
    assert (moved.status_code, moved.headers["Location"]) == (301, "http://localhost/topics/news")


@pytest.mark.parametrize(
    ("structure", "message"),
    [
        ("/blog/", "A structure tag is required"),
        ("/%year%/%monthnum%/", "needs %postname% or %post_id%"),
        ("/%slug%/", "unknown tag %slug%"),
        ("/news now/%postname%/", "may only use"),
    ],
)
def test_bad_structures_are_refused_and_kept(
    admin: FlaskClient, structure: str, message: str
) -> None:
    response = _save(
        admin,
        "permalink",
        {
            "selection": "custom",
            "permalink_structure": structure,
            "category_base": "%category%",
            "tag_base": "",
        },
    )
    assert response.status_code == 422
    assert message in _error(response, "permalink_structure")
    assert "cannot contain structure tags" in _error(response, "category_base")
    assert f'value="{structure}"' in response.text and 'value="custom" checked' in response.text
    assert get_option("permalink_structure") == "/%year%/%monthnum%/%day%/%postname%/"


def test_the_permalink_screen_shows_examples(
    admin: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from magtheme.admin.screens import settings_permalink

    monkeypatch.setattr(settings_permalink, "now_gmt", lambda: datetime(2031, 7, 4, 12))
    update_option("timezone_string", "UTC")
    html = admin.get("/wp-admin/options-permalink.php").text
    assert "<code>http://localhost/2031/07/04/sample-post/</code>" in html
    assert "<code>http://localhost/archives/123</code>" in html
    assert "<code>http://localhost/?p=123</code>" in html
    assert 'value="day" checked' in html
