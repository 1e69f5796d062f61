"""The ``url`` field type and the social-links widget: safe addresses only, plain links."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest
from flask import Flask

from magtheme import site
from magtheme import urls as links
from magtheme.models import db
from magtheme.options import forget_options, load_options
from magtheme.themes import ThemeChain
from magtheme.widgets import Field, WidgetError, default_registry, render_widget_area
from magtheme.widgets.social import NETWORKS
from tests.conftest import StatementCounter
from tests.widgetkit import place_type, plain_chain, render

WEB = Field("facebook", "url", "Facebook")
EMAIL = Field("email", "url", "Email", schemes=("mailto", "http", "https"))


@pytest.fixture
def chain(app: Flask, tmp_path: Path) -> ThemeChain:
    return plain_chain(tmp_path)


place = partial(place_type, "social-links")


# -- the url field type ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("", ""),
        ("   ", ""),
        ("https://www.facebook.com/ourpaper", "https://www.facebook.com/ourpaper"),
        ("  http://example.com/a?b=c#d \n", "http://example.com/a?b=c#d"),
        ("HTTPS://EXAMPLE.COM/", "HTTPS://EXAMPLE.COM/"),
        ("https://例え.jp/パス", "https://例え.jp/パス"),
        ("http://[2001:db8::1]:8080/", "http://[2001:db8::1]:8080/"),
    ],
)
def test_a_url_field_keeps_web_addresses_and_nothing(typed: str, stored: str) -> None:
    assert WEB.coerce(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "javascript&#58;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "//evil.example",
        "/about/",
        "www.example.com",
        "http://",
        "https:evil.example",
        "https:\\\\evil.example",
        "http://exa mple.com",
        "https://example.com/\u202egnp.exe",
        'https://example.com/"onmouseover="alert(1)',
        "https://example.com/<script>",
        "http://good.example@evil.example/",
        "http://example.com:port/",
        "mailto:editor@example.com",
        "editor@example.com",
    ],
)
def test_a_url_field_refuses_scripts_data_relative_and_mangled_addresses(typed: str) -> None:
    with pytest.raises(WidgetError) as info:
        WEB.coerce(typed)
    assert str(info.value) == f"facebook must be an http:// or https:// address, not {typed!r}."


def test_an_email_field_takes_an_address_and_stores_it_as_mailto() -> None:
    assert EMAIL.coerce("desk@example.com") == "mailto:desk@example.com"
    assert (
        EMAIL.coerce("mailto:desk@example.com?subject=Tip") == "mailto:desk@example.com?subject=Tip"
    )
    assert EMAIL.coerce("https://example.com/contact/") == "https://example.com/contact/"
    for typed in ("mailto:", "mailto:javascript:alert(1)", "desk@example", "desk@@example.com"):
        with pytest.raises(WidgetError, match="email must be an email address"):
            EMAIL.coerce(typed)


def test_a_url_field_names_only_the_schemes_it_knows() -> None:
    with pytest.raises(WidgetError, match="schemes must be among http, https, mailto"):
        Field("site", "url", "Site", schemes=("javascript",))


def test_an_unsafe_stored_address_is_never_rendered(chain: ThemeChain) -> None:
    # Stored around the checks (an import, ``option set``): rendering cleans it to nothing.
    place(("social-links-2", {"facebook": "javascript:alert(1)", "x": "https://x.com/paper"}))
    html = render(chain)
    assert "javascript" not in html
    assert 'href="https://x.com/paper"' in html
    place(("social-links-2", {"facebook": "data:text/html,hi"}))
    assert render(chain) == ""


# -- the social-links widget ---------------------------------------------------------------


def test_links_follow_the_network_order_with_rel_me_and_the_network_name(
    chain: ThemeChain,
) -> None:
    place(
        (
            "social-links-2",
            {
                "email": "desk@example.com",
                "mastodon": "https://mastodon.social/@paper",
                "facebook": "https://facebook.com/paper",
                "x": "https://x.com/paper",
            },
        )
    )
    html = render(chain)
    found = re.findall(r'<a class="social-link social-link-(\w+)" href="([^"]+)" rel="me">', html)
    assert found == [
        ("facebook", "https://facebook.com/paper"),
        ("x", "https://x.com/paper"),
        ("mastodon", "https://mastodon.social/@paper"),
        ("email", "mailto:desk@example.com"),
    ]
    assert '<span class="social-link-label screen-reader-text">X (Twitter)</span>' in html
    assert '<h2 class="widget-title">Follow us</h2>' in html
    assert "instagram" not in html


def test_labels_show_when_asked(chain: ThemeChain) -> None:
    place(("social-links-2", {"github": "https://github.com/paper", "show_labels": True}))
    assert '<span class="social-link-label">GitHub</span>' in render(chain)


def test_a_new_tab_opens_with_noopener_but_never_for_email(chain: ThemeChain) -> None:
    place(
        (
            "social-links-2",
            {"youtube": "https://youtube.com/@paper", "email": "desk@example.com", "new_tab": "1"},
        )
    )
    html = render(chain)
    assert (
        '<a class="social-link social-link-youtube" href="https://youtube.com/@paper" '
        'rel="me noopener" target="_blank">'
    ) in html
    assert (
        '<a class="social-link social-link-email" href="mailto:desk@example.com" rel="me">' in html
    )


def test_nothing_comes_from_another_host(chain: ThemeChain) -> None:
    place(
        ("social-links-2", {network: "https://example.com/" + network for network, _ in NETWORKS})
    )
    html = render(chain)
    assert html.count('class="social-link ') == len(NETWORKS)
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert " src=" not in html and "style=" not in html
    assert html.count('<svg class="social-icon"') == len(NETWORKS)
    assert html.count('aria-hidden="true"') == len(NETWORKS)


def test_without_a_link_nothing_shows(chain: ThemeChain) -> None:
    place(("social-links-2", {"title": "Follow us", "new_tab": True}))
    assert render(chain) == ""


def test_social_links_cost_no_sql(chain: ThemeChain, sql_counter: StatementCounter) -> None:
    place(*((f"social-links-{i}", {"rss": f"https://example.com/feed/{i}"}) for i in range(3)))
    forget_options()
    options = load_options()
    linker = links.linker(options, site.registry())
    sql_counter.reset()
    html = render_widget_area(
        "sidebar", chain=chain, session=db.session, options=options, linker=linker
    )
    assert html.count("social-link-rss") == 3
    assert sql_counter.count == 0


def test_strict_cleaning_names_the_field_and_what_it_accepts() -> None:
    kind = default_registry().get("social-links")
    assert kind is not None
    with pytest.raises(WidgetError) as info:
        kind.clean({"instagram": "javascript:alert(1)", "new_tab": "maybe"}, strict=True)
    message = str(info.value)
    assert "instagram must be an http:// or https:// address, not 'javascript:alert(1)'." in message
    assert "new_tab must be true or false" in message
