"""The public view end to end: routing, query, hierarchy, theme chain and render."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import unquote

import pytest
from flask import Flask

from magtheme.models import Comment, db
from magtheme.options import update_option
from tests.conftest import StatementCounter
from tests.factories import make_post, make_term, make_user


def _posts(n: int, author=None, terms=None) -> list:  # type: ignore[no-untyped-def]
    """*n* posts by one author in one category ("news"), made if not given."""
    author = author or make_user()
    terms = terms if terms is not None else [make_term("News")]
    return [
        make_post(
            f"Story {i}",
            author_id=author.id,
            terms=terms,
            date=datetime(2024, 1, 1 + i % 28, 8, i % 60),
        )
        for i in range(n)
    ]


def test_home_lists_posts(probe_app: Flask) -> None:
    _posts(3)
    response = probe_app.test_client().get("/")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.count("<article") == 3 and "TEMPLATE=index" in body
    assert "http://localhost/2024/01/" in body


def test_single_post_at_its_permalink(probe_app: Flask) -> None:
    post = make_post("Hello World", date=datetime(2024, 5, 11, 9, 0))
    client = probe_app.test_client()
    response = client.get("/2024/05/11/hello-world/")
    assert response.status_code == 200
    assert f'data-id="{post.id}"' in response.get_data(as_text=True)


def test_plain_link_redirects_to_permalink(probe_app: Flask) -> None:
    post = make_post("Hello World", date=datetime(2024, 5, 11, 9, 0))
    page = make_post("About", post_type="page")
    client = probe_app.test_client()
    response = client.get(f"/?p={post.id}")
    assert response.status_code == 301
    assert response.headers["Location"] == "http://localhost/2024/05/11/hello-world/"
    response = client.get(f"/?p={page.id}")
    assert response.status_code == 301
    assert response.headers["Location"] == "http://localhost/about/"


def test_unknown_url_renders_theme_404(probe_app: Flask) -> None:
    response = probe_app.test_client().get("/no/such/thing/")
    assert response.status_code == 404
    assert "TEMPLATE=404" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/?p=abc",
        "/?paged=-1",
        "/?paged=99999999999999999999",
        "/?m=2024x",
        "/%zz/",
        "/%E2%82/",
        "/" + "a" * 5000 + "/",
        "/?cat=abc",
        "/?author=x",
        "/?page_id=1e9",
        "/2024/13/",
        "/2024/02/31/",
        "/page/0/",
        "/?s=%00",
        "/category/%ff/",
    ],
)
def test_bad_input_never_500(probe_app: Flask, url: str) -> None:
    make_post("Only")
    response = probe_app.test_client().get(url)
    assert response.status_code in (200, 301, 400, 404), url
    if response.status_code == 404:
        assert "TEMPLATE=404" in response.get_data(as_text=True)


def test_head_request_has_no_body(probe_app: Flask) -> None:
    make_post("Only")
    response = probe_app.test_client().head("/")
    assert response.status_code == 200 and response.get_data() == b""


def test_debug_header_names_template(probe_app: Flask) -> None:
    make_post("Only")
    probe_app.debug = True
    response = probe_app.test_client().get("/")
    assert response.headers["X-Magtheme-Template"] == "probe:index.html"


def _count(client, counter: StatementCounter, url: str) -> int:  # type: ignore[no-untyped-def]
    client.get(url)  # warm caches that are not per request
    counter.reset()
    response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


@pytest.mark.parametrize("url", ["/", "/category/news/", "/2024/", "/author/writer/", "/?s=story"])
def test_list_pages_make_constant_sql(
    probe_app: Flask, sql_counter: StatementCounter, url: str
) -> None:
    update_option("posts_per_page", 50)
    client = probe_app.test_client()
    author, news = make_user("writer"), make_term("News")
    _posts(3, author, [news])
    small = _count(client, sql_counter, url)
    _posts(30, author, [news, make_term("Extra", taxonomy="post_tag")])
    large = _count(client, sql_counter, url)
    assert small == large, sql_counter.statements


def test_single_post_makes_constant_sql(probe_app: Flask, sql_counter: StatementCounter) -> None:
    post = make_post("Talk", date=datetime(2024, 5, 11, 9, 0))
    client = probe_app.test_client()
    url = "/2024/05/11/talk/"
    small = _count(client, sql_counter, url)
    for n in range(15):
        db.session.add(
            Comment(
                post_id=post.id,
                author_name=f"R{n}",
                content="Hi",
                status="approved",
                date=datetime(2024, 5, 12),
                date_gmt=datetime(2024, 5, 12),
            )
        )
    db.session.commit()
    assert _count(client, sql_counter, url) == small


@pytest.mark.parametrize(
    "structure", ["/%postname%/", "/%year%/%monthnum%/%day%/%postname%/", "/archives/%post_id%", ""]
)
def test_unknown_urls_are_404_under_every_structure(probe_app: Flask, structure: str) -> None:
    make_post("Hello")
    update_option("permalink_structure", structure)
    client = probe_app.test_client()
    for url in ("/no/such/thing/", "/2024/01/01/nothing/", "/category/none/", "/%25zz/"):
        assert client.get(url).status_code == 404, (structure, url)


def test_unicode_slug_served_in_both_forms(probe_app: Flask) -> None:
    post = make_post("Emoji", slug="hello-%f0%9f%98%80", date=datetime(2024, 5, 11, 9, 0))
    client = probe_app.test_client()
    for url in (
        "/2024/05/11/hello-%F0%9F%98%80/",
        "/2024/05/11/hello-%f0%9f%98%80/",
        "/2024/05/11/hello-😀/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'data-id="{post.id}"' in response.get_data(as_text=True)


def test_search_pagination_keeps_the_search(probe_app: Flask, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from magtheme.site import theme_chain

    update_option("posts_per_page", 1)
    for n in range(3):
        make_post(f"Story {n}")
    chain = theme_chain("probe")
    (chain.active.templates_dir / "search.html").write_text(
        "{% for link in paginate_links() %}[{{ link.label }}={{ link.url }}]{% endfor %}"
    )
    probe_app.extensions.pop("magtheme.chains", None)
    body = probe_app.test_client().get("/?s=story").get_data(as_text=True)
    assert "[2=http://localhost/page/2/?s=story]" in body
    assert probe_app.test_client().get("/page/2/?s=story").status_code == 200


def test_comments_are_paged_when_the_site_says_so(probe_app: Flask) -> None:
    from magtheme.site import theme_chain

    chain = theme_chain("probe")
    (chain.active.templates_dir / "index.html").write_text(
        "{% for c in post.comments %}<c>{{ c.author }}</c>{% endfor %}"
        "{% for l in post.comment_pages %}[{{ l.label }}{% if l.current %}*{% endif %}={{ l.url }}]"
        "{% endfor %}"
    )
    probe_app.extensions.pop("magtheme.chains", None)
    post = make_post("Talk", date=datetime(2024, 5, 11, 9, 0))
    for n in range(5):
        db.session.add(
            Comment(
                post_id=post.id,
                author_name=f"R{n}",
                content="Hi",
                status="approved",
                date=datetime(2024, 5, 12, n),
                date_gmt=datetime(2024, 5, 12, n),
            )
        )
    db.session.commit()
    update_option("page_comments", True)
    update_option("comments_per_page", 2)
    client = probe_app.test_client()
    body = client.get("/2024/05/11/talk/").get_data(as_text=True)
    # The newest page is the default, as in WordPress.
    assert "<c>R4</c>" in body and "<c>R0</c>" not in body and "[3*=" in body
    first = client.get("/2024/05/11/talk/comment-page-1/").get_data(as_text=True)
    assert "<c>R0</c><c>R1</c>" in first and "[1*=" in first


@pytest.mark.parametrize(
    "target",
    ["//[x/", "//[::1/", "//]/", "/[/", "/a]/", "//[::1]:99999/", "/?s=[", "/?s=http://[x"],
)
def test_brackets_in_the_request_target_never_500(probe_app: Flask, target: str) -> None:
    """urlsplit raises "Invalid IPv6 URL" for these; the site answers them like any URL."""
    make_post("Only")
    path, _, query = target.partition("?")
    response = probe_app.test_client().get(
        "/",
        environ_overrides={
            "RAW_URI": target,
            "REQUEST_URI": target,
            "PATH_INFO": path,
            "QUERY_STRING": query,
        },
    )
    assert response.status_code in (200, 404), target


@pytest.mark.parametrize("redirect_to", ["/x[", "//[::1/", "/\\evil.example", "http://[x/"])
def test_postpass_redirects_only_within_the_site(probe_app: Flask, redirect_to: str) -> None:
    post = make_post("Locked", password="sesame")
    response = probe_app.test_client().post(
        "/postpass",
        data={"post_id": str(post.id), "post_password": "sesame", "redirect_to": redirect_to},
    )
    assert response.status_code == 303
    location = unquote(response.headers["Location"])
    assert location in ("http://localhost/", "http://localhost" + redirect_to)
    assert location == "http://localhost/" or redirect_to == "/x["
