"""WordPress's dynamic core blocks on a small site: markup, visibility and SQL statements."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from magtheme import urls
from magtheme.content.blocks import RenderState, do_blocks
from magtheme.content.context import ContentContext
from magtheme.models import Comment, db
from magtheme.options import load_options, update_option

from .conftest import StatementCounter
from .factories import make_post, make_term, make_user

HOME = "http://site.test"
NOW = datetime(2024, 6, 15, 12, 0, 0)


def render(app: Flask, text: str, post: Any = None, state: RenderState | None = None) -> str:
    options = load_options()
    linker = urls.linker({**options, "home": HOME}, app.extensions["magtheme.registry"])
    context = ContentContext(post=post, session=db.session, linker=linker, options=options, now=NOW)
    return do_blocks(text, context, state=state)


@pytest.fixture
def site(app: Flask) -> dict[str, Any]:
    """A few posts in two categories, one tag, a draft, a private and a scheduled post."""
    update_option("permalink_structure", "/%year%/%monthnum%/%day%/%postname%/")
    news = make_term("News")
    local = make_term("Local", parent_id=news.id)
    empty = make_term("Empty")
    tag = make_term("Cats", taxonomy="post_tag")
    author = make_user("ann", display_name="Ann Author")
    first = make_post("First", date=datetime(2024, 5, 3, 9), terms=[news, tag], author_id=author.id)
    second = make_post("Second", date=datetime(2024, 6, 1, 9), terms=[local], author_id=author.id)
    make_post("Secret draft", status="draft", date=datetime(2024, 6, 2, 9), terms=[news])
    make_post("Private thing", status="private", date=datetime(2024, 6, 3, 9))
    make_post("Later", status="future", date=datetime(2024, 7, 1, 9))
    protected = make_post("Locked", date=datetime(2024, 4, 1, 9), password="pw")
    return {
        "news": news,
        "local": local,
        "empty": empty,
        "tag": tag,
        "first": first,
        "second": second,
        "protected": protected,
    }


def comment(
    post: Any, text: str, status: str = "approved", minutes: int = 0, **fields: Any
) -> None:
    when = datetime(2024, 6, 10, 8) + timedelta(minutes=minutes)
    db.session.add(
        Comment(post_id=post.id, content=text, status=status, date=when, date_gmt=when, **fields)
    )
    db.session.commit()


# -- latest posts -----------------------------------------------------------------------------


def test_latest_posts_lists_public_posts_newest_first(app: Flask, site: dict[str, Any]) -> None:
    html = render(app, '<!-- wp:latest-posts {"displayPostDate":true,"displayAuthor":true} /-->')
    assert html.startswith(
        '<ul class="wp-block-latest-posts__list has-dates has-author wp-block-latest-posts">'
        '<li><a class="wp-block-latest-posts__post-title" '
        'href="http://site.test/2024/06/01/second/">Second</a>'
        '<div class="wp-block-latest-posts__post-author">by Ann Author</div>'
        '<time datetime="2024-06-01T09:00:00+00:00" class="wp-block-latest-posts__post-date">'
        "June 1, 2024</time></li>\n"
    )
    assert "First" in html and "Protected: Locked" in html
    for hidden in ("Secret draft", "Private thing", "Later"):
        assert hidden not in html


def test_latest_posts_grid_by_title_in_a_category(app: Flask, site: dict[str, Any]) -> None:
    news = site["news"].id
    html = render(
        app,
        f'<!-- wp:latest-posts {{"categories":"{news}","postLayout":"grid","columns":2,'
        '"order":"asc","orderBy":"title","className":"mine"} /-->',
    )
    assert html.startswith('<ul class="wp-block-latest-posts__list is-grid columns-2 mine ')
    # Only "First" is in News (Local is its child; category__in does not include children).
    assert html.count("<li>") == 1 and ">First</a>" in html


def test_latest_posts_excerpts_hide_protected_content(app: Flask, site: dict[str, Any]) -> None:
    site["first"].content = "<p>One two three four five six</p>"
    site["protected"].content = "secret words"
    db.session.commit()
    html = render(
        app,
        '<!-- wp:latest-posts {"displayPostContent":true,"excerptLength":3,"postsToShow":10} /-->',
    )
    assert (
        '<div class="wp-block-latest-posts__post-excerpt">One two three [&hellip;] '
        '<a href="http://site.test/2024/05/03/first/" rel="noopener noreferrer">Read more</a></div>'
    ) in html
    assert "This content is password protected." in html and "secret words" not in html


def test_latest_posts_cost_the_same_statements_for_any_number_of_posts(
    app: Flask, site: dict[str, Any], sql_counter: StatementCounter
) -> None:
    block = '<!-- wp:latest-posts {"postsToShow":20,"displayAuthor":true} /-->'
    render(app, block)  # options and linker caches warm
    sql_counter.reset()
    render(app, block)
    few = sql_counter.count
    for n in range(15):
        make_post(f"More {n}", terms=[site["local"]], author_id=make_user(f"u{n}").id)
    sql_counter.reset()
    html = render(app, block)
    assert html.count("<li>") == 18
    assert sql_counter.count == few


# -- latest comments --------------------------------------------------------------------------


def test_latest_comments_show_approved_comments_on_public_posts(
    app: Flask, site: dict[str, Any]
) -> None:
    comment(
        site["first"], "Nice post, thanks!", author_name="Bo Reader", author_url="http://bo.test/"
    )
    comment(site["second"], "Held for moderation", status="pending", minutes=1)
    comment(site["second"], "Buy pills", status="spam", minutes=2)
    comment(site["protected"], "Inside the lock", minutes=3, author_name="Cy")
    drafts = make_post("Draft with comment", status="draft")
    comment(drafts, "On a draft", minutes=4)
    html = render(app, "<!-- wp:latest-comments /-->")
    assert html.startswith(
        '<ol class="has-avatars has-dates has-excerpts wp-block-latest-comments">'
    )
    assert '<span class="wp-block-latest-comments__comment-author">Cy</span> on ' in html
    assert (
        '<a class="wp-block-latest-comments__comment-author" href="http://bo.test/">Bo Reader</a>'
        ' on <a class="wp-block-latest-comments__comment-link" '
        'href="http://site.test/2024/05/03/first/#comment-1">First</a>'
    ) in html
    assert "<p>Nice post, thanks!</p>" in html
    # A protected post's comments stay hidden; held, spam and draft comments never show.
    assert "Inside the lock" not in html and "Password protected" in html
    for hidden in ("Held for moderation", "Buy pills", "On a draft"):
        assert hidden not in html
    assert 'src="data:image/svg+xml,' in html  # a local avatar, no request to Gravatar


def test_latest_comments_without_options_or_comments(app: Flask, site: dict[str, Any]) -> None:
    bare = '<!-- wp:latest-comments {"displayAvatar":false,"displayDate":false,"displayExcerpt":false} /-->'
    assert render(app, bare) == (
        '<div class="no-comments wp-block-latest-comments">No comments to show.</div>'
    )
    comment(site["first"], "Hello")
    assert render(app, bare).startswith(
        '<ol class="wp-block-latest-comments"><li class="wp-block-latest-comments__comment">'
        '<article><footer class="wp-block-latest-comments__comment-meta">'
    )


# -- categories -------------------------------------------------------------------------------


def test_categories_list_nests_children_and_hides_empty(app: Flask, site: dict[str, Any]) -> None:
    news, local = site["news"], site["local"]
    html = render(app, '<!-- wp:categories {"showHierarchy":true,"showPostCounts":true} /-->')
    assert html == (
        '<ul class="wp-block-categories-list wp-block-categories">'
        f'\t<li class="cat-item cat-item-{news.id}"><a href="http://site.test/category/news/">'
        "News</a> (1)\n"
        "<ul class='children'>\n"
        f'\t<li class="cat-item cat-item-{local.id}">'
        '<a href="http://site.test/category/news/local/">Local</a> (1)\n'
        "</li>\n</ul>\n</li>\n</ul>"
    )
    assert "Empty" not in html


def test_categories_dropdown_is_a_form_that_works_without_javascript(
    app: Flask, site: dict[str, Any]
) -> None:
    html = render(
        app,
        '<!-- wp:categories {"displayAsDropdown":true,"showHierarchy":true,"showEmpty":true} /-->',
    )
    assert html.startswith(
        '<div class="wp-block-categories-dropdown wp-block-categories">'
        '<form method="get" action="http://site.test/">'
        '<label class="screen-reader-text" for="wp-block-categories-1">Categories</label>'
        "<select  name='cat' id='wp-block-categories-1' class='postform'>\n"
        "\t<option value='-1'>Select Category</option>\n"
    )
    assert (
        f'<option class="level-1" value="{site["local"].id}">&nbsp;&nbsp;&nbsp;Local</option>'
        in html
    )
    assert ">Empty</option>" in html and "<script" not in html
    assert '<button type="submit"' in html


# -- archives ---------------------------------------------------------------------------------


def test_archives_list_months_with_counts(app: Flask, site: dict[str, Any]) -> None:
    html = render(app, '<!-- wp:archives {"showPostCounts":true} /-->')
    assert html == (
        '<ul class=" wp-block-archives-list wp-block-archives">'
        "\t<li><a href='http://site.test/2024/06/'>June 2024</a>&nbsp;(1)</li>\n"
        "\t<li><a href='http://site.test/2024/05/'>May 2024</a>&nbsp;(1)</li>\n"
        "\t<li><a href='http://site.test/2024/04/'>April 2024</a>&nbsp;(1)</li>\n"
        "</ul>"
    )


def test_archives_dropdown_submits_the_month(app: Flask, site: dict[str, Any]) -> None:
    html = render(app, '<!-- wp:archives {"displayAsDropdown":true,"type":"yearly"} /-->')
    assert '<form method="get" action="http://site.test/">' in html
    assert '<select id="wp-block-archives-1" name="m">' in html
    assert "<option value='2024'> 2024 </option>" in html and "onchange" not in html


# -- calendar ---------------------------------------------------------------------------------


def test_calendar_shows_the_posts_month_with_day_links_and_navigation(
    app: Flask, site: dict[str, Any]
) -> None:
    html = render(app, "<!-- wp:calendar /-->", post=site["second"])
    assert html.startswith(
        '<div class="wp-block-calendar"><table id="wp-calendar" class="wp-calendar-table">\n'
        "\t<caption>June 2024</caption>\n\t<thead>\n\t<tr>"
        '\n\t\t<th scope="col" title="Monday">M</th>'
    )
    # June 1st 2024 is a Saturday: five empty cells before it in a week starting on Monday.
    assert (
        '<td colspan="5" class="pad">&nbsp;</td><td><a href="http://site.test/2024/06/01/" '
        'aria-label="Posts published on June 1, 2024">1</a></td><td>2</td>'
    ) in html
    assert '<td id="today">15</td>' in html  # NOW is June 15th
    assert '<a href="http://site.test/2024/05/">&laquo; May</a>' in html
    # The scheduled July post is not public yet, so there is no next month.
    assert '<span class="wp-calendar-nav-next">&nbsp;</span>' in html


def test_calendar_without_a_post_shows_the_newest_posts_month(
    app: Flask, site: dict[str, Any], sql_counter: StatementCounter
) -> None:
    render(app, "<!-- wp:calendar /-->")
    sql_counter.reset()
    html = render(app, "<!-- wp:calendar /-->")
    assert "<caption>June 2024</caption>" in html
    assert sql_counter.count <= 4


# -- tag cloud --------------------------------------------------------------------------------


def test_tag_cloud_sizes_tags_by_use(app: Flask, site: dict[str, Any]) -> None:
    dogs = make_term("dogs", taxonomy="post_tag")
    for n in range(3):
        make_post(f"Dog {n}", terms=[dogs])
    make_term("unused", taxonomy="post_tag")
    html = render(app, "<!-- wp:tag-cloud /-->")
    assert html == (
        '<p class="wp-block-tag-cloud">'
        f'<a href="http://site.test/tag/cats/" class="tag-cloud-link tag-link-{site["tag"].id} '
        'tag-link-position-1" style="font-size: 8pt;" aria-label="Cats (1 item)">Cats</a>\n'
        f'<a href="http://site.test/tag/dogs/" class="tag-cloud-link tag-link-{dogs.id} '
        'tag-link-position-2" style="font-size: 22pt;" aria-label="dogs (3 items)">dogs</a></p>'
    )


def test_tag_cloud_of_a_taxonomy_without_terms(app: Flask) -> None:
    assert "does not have any tags" in render(app, "<!-- wp:tag-cloud /-->")


# -- page list, search, social links ----------------------------------------------------------


def test_page_list_nests_public_pages_and_marks_the_current_one(app: Flask) -> None:
    about = make_post("About", post_type="page", menu_order=1)
    team = make_post("Team", post_type="page", parent_id=about.id)
    make_post("Hidden", post_type="page", status="draft")
    make_post("Contact", post_type="page", menu_order=2)
    html = render(app, "<!-- wp:page-list /-->", post=team)
    assert html.startswith(
        '<ul class="wp-block-page-list">'
        '<li class="wp-block-pages-list__item current-menu-ancestor has-child">'
        '<a class="wp-block-pages-list__item__link" href="http://site.test/about/">'
        'About</a><ul class="submenu-container">'
        '<li class="wp-block-pages-list__item current-menu-item">'
    )
    assert 'aria-current="page">Team</a>' in html and "Contact" in html
    assert "Hidden" not in html


def test_search_is_a_get_form_to_the_home_page(app: Flask) -> None:
    state = RenderState()
    state.unique_id()  # something else on the page took an ID first
    html = render(app, "<!-- wp:search /-->", state=state)
    assert html == (
        '<form role="search" method="get" action="http://site.test/" '
        'class="wp-block-search__button-outside wp-block-search__text-button wp-block-search">'
        '<label for="wp-block-search__input-2" class="wp-block-search__label" >Search</label>'
        '<div class="wp-block-search__inside-wrapper " ><input type="search" '
        'id="wp-block-search__input-2" class="wp-block-search__input wp-block-search__input" '
        'name="s" value="" placeholder=""  required /><button type="submit" '
        'class="wp-block-search__button wp-element-button"  >Search</button></div></form>'
    )


def test_social_links_name_their_services(app: Flask) -> None:
    html = render(
        app,
        '<!-- wp:social-links {"openInNewTab":true} --><ul class="wp-block-social-links">'
        '<!-- wp:social-link {"url":"https://github.com/x","service":"github"} /-->'
        '<!-- wp:social-link {"url":"","service":"twitter"} /-->'
        '<!-- wp:social-link {"url":"javascript:alert(1)","service":"chain"} /-->'
        "</ul><!-- /wp:social-links -->",
    )
    assert html == (
        '<ul class="is-layout-flex wp-block-social-links">'
        '<li class="wp-social-link wp-social-link-github wp-block-social-link">'
        '<a href="https://github.com/x" rel="noopener nofollow" target="_blank" '
        'class="wp-block-social-link-anchor"><span class="wp-block-social-link-label">GitHub'
        "</span></a></li></ul>"
    )


# -- every block at once: constant statements -------------------------------------------------

BLOCKS = [
    '<!-- wp:latest-posts {"displayAuthor":true} /-->',
    "<!-- wp:latest-comments /-->",
    '<!-- wp:categories {"showHierarchy":true} /-->',
    '<!-- wp:categories {"displayAsDropdown":true} /-->',
    "<!-- wp:archives /-->",
    "<!-- wp:calendar /-->",
    "<!-- wp:tag-cloud /-->",
    "<!-- wp:page-list /-->",
    "<!-- wp:search /-->",
]
ALL_BLOCKS = "".join(BLOCKS)


def test_every_dynamic_block_costs_the_same_statements_as_the_site_grows(
    app: Flask, site: dict[str, Any], sql_counter: StatementCounter
) -> None:
    # Every kind of row the blocks show exists once (with an author, as the bulk rows below),
    # so the small site takes the same paths as the large one.
    comment(site["first"], "The first comment")
    make_post("Home", post_type="page", author_id=site["first"].author_id)
    render(app, ALL_BLOCKS)  # warm the options cache

    def counts() -> list[int]:
        found = []
        for block in BLOCKS:
            sql_counter.reset()
            render(app, block)  # a fresh linker each time: nothing cached between blocks
            found.append(sql_counter.count)
        return found

    small = counts()
    writer = make_user("writer")
    for n in range(20):
        category = make_term(f"Cat {n}")
        tag = make_term(f"Tag {n}", taxonomy="post_tag")
        post = make_post(
            f"Bulk {n}",
            date=datetime(2023, 1 + n % 12, 1 + n),
            terms=[category, tag],
            author_id=writer.id,
        )
        make_post(f"Page {n}", post_type="page", author_id=writer.id)
        comment(post, f"Comment {n}", minutes=10 + n)
    html = render(app, ALL_BLOCKS)
    assert "Bulk 19" in html and "Comment 19" in html and "Page 19" in html
    assert dict(zip(BLOCKS, counts(), strict=True)) == dict(zip(BLOCKS, small, strict=True))
    # Each block's own query plus at most the linker's preload (posts, categories, authors).
    assert all(count <= 4 for count in small), dict(zip(BLOCKS, small, strict=True))
