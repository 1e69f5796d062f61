"""The media shortcodes against what WordPress 6.1 printed for the Theme Unit Test posts.

Compared element by element (tags, attributes, text), not as whole strings: the autop and
texturize around a shortcode are other filters' business, and a few differences are ours
by design (no MediaElement shim, no ``width="1" height="1"`` for images of unknown size).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import lxml.html
import pytest
from flask import Flask

from magtheme import create_app, urls
from magtheme.content.context import ContentContext
from magtheme.content.shortcodes import default_registry, do_shortcode
from magtheme.content.texturize import wptexturize
from magtheme.models import Post, db
from magtheme.options import load_options
from magtheme.wxr import import_wxr
from tests.conftest import unit_test_wxr
from tests.factories import make_post

WP_HOME = "http://127.0.0.1:8089"
UPLOADS = WP_HOME + "/wp-content/uploads"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, dict[int, dict]]]:
    wxr = unit_test_wxr()
    expected = json.loads(
        (wxr.parent / "wordpress-theme-unit-test.wordpress-output.json").read_text()
    )["posts"]
    app = create_app(tmp_path_factory.mktemp("media-site"), {"TESTING": True})
    with app.app_context():
        db.create_all()
        import_wxr(wxr, registry=app.extensions["magtheme.registry"])
        db.session.remove()
    yield app, {entry["id"]: entry for entry in expected}


def context_for(app: Flask, post: Any) -> ContentContext:
    options = load_options()
    linker = urls.linker({**options, "home": WP_HOME}, app.extensions["magtheme.registry"])
    return ContentContext(
        post=post, session=db.session, linker=linker, options=options, uploads_url=UPLOADS
    )


def render(app: Flask, post_id: int, text: str | None = None) -> str:
    """*text* (default: the post's content) through texturize and shortcodes, as the_content."""
    registry = default_registry()
    post = db.session.get(Post, post_id)
    assert post is not None
    text = post.content if text is None else text
    text = wptexturize(text, shortcode_names=registry.names())
    return do_shortcode(text, registry, context_for(app, post))


def elements(html: str, xpath: str) -> list[Any]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return list(root.xpath(xpath))


def squash(text: str | None) -> str:
    return " ".join((text or "").split())


# -- [caption] ----------------------------------------------------------------------------


def figure_facts(figure: Any) -> tuple:
    caption = figure.find("figcaption")
    image = figure.find(".//img")
    return (
        figure.get("id"),
        figure.get("aria-describedby"),
        figure.get("style"),
        figure.get("class"),
        caption.get("id"),
        caption.get("class"),
        squash(caption.text_content()),
        [a.get("href") for a in caption.iter("a")],
        image.get("src") if image is not None else None,
        image.get("class") if image is not None else None,
    )


@pytest.mark.parametrize("post_id", [568, 1163, 1177])
def test_captions_match_wordpress(site: tuple[Flask, dict], post_id: int) -> None:
    app, expected = site
    with app.app_context():
        ours = elements(render(app, post_id), "//figure[contains(@class, 'wp-caption')]")
    theirs = elements(expected[post_id]["content"], "//figure[contains(@class, 'wp-caption')]")
    assert len(ours) == len(theirs) > 0
    assert [figure_facts(f) for f in ours] == [figure_facts(f) for f in theirs]


CAPTIONS = [
    # No width or no caption: the content alone, as WordPress.
    ('[caption]<img src="a.jpg"> Text[/caption]', '<img src="a.jpg">'),
    ('[caption width="300"]<img src="a.jpg">[/caption]', '<img src="a.jpg">'),
    # The caption attribute, the default alignment, extra classes, no id.
    (
        '[caption width="300" caption="Hi" class="extra"]<img src="a.jpg">[/caption]',
        '<figure style="width: 300px" class="wp-caption alignnone extra"><img src="a.jpg">'
        '<figcaption class="wp-caption-text">Hi</figcaption></figure>',
    ),
    # WordPress's own escaping test, in its HTML5 form.
    (
        '[caption caption="test" width="2"]<div>hello</div>[/caption]',
        '<figure style="width: 2px" class="wp-caption alignnone"><div>hello</div>'
        '<figcaption class="wp-caption-text">test</figcaption></figure>',
    ),
    # An id is made a safe class-like name; caption_id overrides the derived one.
    (
        '[caption id="attach%20ment_9!" caption_id="cap" width="10" caption="c"]x[/caption]',
        '<figure id="attachment_9" aria-describedby="cap" style="width: 10px" '
        'class="wp-caption alignnone">x<figcaption id="cap" class="wp-caption-text">c'
        "</figcaption></figure>",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CAPTIONS)
def test_caption_cases(text: str, expected: str) -> None:
    assert do_shortcode(text, default_registry(), ContentContext()) == expected


def test_caption_attribute_html_is_sanitized() -> None:
    out = do_shortcode(
        '[caption width="5" caption="<b onclick=x>bold</b><script>alert(1)</script>"]'
        '<img src="a.jpg">[/caption]',
        default_registry(),
        ContentContext(),
    )
    assert "<b>bold</b>" in out
    assert "onclick" not in out and "<script" not in out


# -- [gallery] ----------------------------------------------------------------------------


def gallery_facts(gallery: Any) -> tuple:
    items = []
    for item in gallery.xpath("./figure[@class='gallery-item']"):
        image = item.find(".//img")
        link = item.find(".//a")
        caption = item.find("figcaption")
        items.append(
            (
                link.get("href") if link is not None else None,
                image.get("src"),
                image.get("class"),
                image.get("alt"),
                image.get("aria-describedby"),
                squash(caption.text_content()) if caption is not None else None,
                caption.get("id") if caption is not None else None,
            )
        )
    return gallery.get("id"), gallery.get("class"), items


def galleries(html: str) -> list[tuple]:
    return [gallery_facts(g) for g in elements(html, "//div[contains(@class, 'gallery ')]")]


@pytest.mark.parametrize(
    ("post_id", "page"),
    [(555, 0), (555, 1), (1736, None)],
    ids=["post-format-gallery", "gallery-columns-1-to-9", "shortcode-widget-ids"],
)
def test_galleries_match_wordpress(
    site: tuple[Flask, dict], post_id: int, page: int | None
) -> None:
    app, expected = site
    entry = expected[post_id]
    theirs_html = entry["pages"][page] if page is not None else entry["content"]
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert post is not None
        text = post.content.split("<!--nextpage-->")[page or 0]
        ours = galleries(render(app, post_id, text))
    theirs = galleries(theirs_html)
    assert len(ours) == len(theirs) > 0
    assert ours == theirs


def test_random_order_gallery_has_wordpress_items(site: tuple[Flask, dict]) -> None:
    """``[gallery ids=… orderby="rand"]`` (the Tiled Gallery post): the same items, any order."""
    app, expected = site
    with app.app_context():
        (ours,) = galleries(render(app, 1031))
    (theirs,) = galleries(expected[1031]["content"])
    assert ours[:2] == theirs[:2]
    assert sorted(ours[2]) == sorted(theirs[2])


def test_gallery_has_no_style_block_and_html5_markup(site: tuple[Flask, dict]) -> None:
    app, _ = site
    with app.app_context():
        html = render(app, 555, "[gallery]")
    assert "<style" not in html and "<dl" not in html and "<br" not in html
    assert html.startswith("<div id='gallery-1' class='gallery galleryid-555 gallery-columns-3")
    assert html.endswith("</figure>\n\t\t</div>\n")


def _attachments(parent: int, *names: str, mime: str = "image/jpeg") -> list[Post]:
    made = []
    for index, name in enumerate(names):
        made.append(
            make_post(
                name,
                post_type="attachment",
                status="inherit",
                parent_id=parent,
                mime_type=mime,
                menu_order=len(names) - index,
                excerpt=f"Caption of {name}" if index == 0 else "",
                meta={
                    "_wp_attached_file": f"2024/01/{name}.{mime.split('/')[1]}",
                    "_wp_attachment_image_alt": f"<b>{name}</b> alt",
                    "_wp_attachment_metadata": json.dumps({"width": 600, "height": 400}),
                },
            )
        )
    return made


def test_gallery_options(app: Flask) -> None:
    host = make_post("Host")
    first, second, third = _attachments(host.id, "one", "two", "three")
    context = ContentContext(post=host, session=db.session, uploads_url="/up")
    registry = default_registry()

    def items(text: str) -> list[tuple]:
        return galleries(do_shortcode(text, registry, context))[0][2]

    # Default: the post's images by menu_order (three=1, two=2, one=3) then ID.
    assert [i[1] for i in items("[gallery]")] == [
        "/up/2024/01/three.jpeg",
        "/up/2024/01/two.jpeg",
        "/up/2024/01/one.jpeg",
    ]
    # ids keep their order; link=file links the file; alt loses its tags.
    file_items = items(f'[gallery ids="{second.id},{first.id}" link="file"]')
    assert [i[0] for i in file_items] == ["/up/2024/01/two.jpeg", "/up/2024/01/one.jpeg"]
    assert file_items[1][3] == "one alt" and file_items[1][5] == "Caption of one"
    # link=none: no links at all; exclude drops one; order=DESC reverses.
    html = do_shortcode(
        f'[gallery link="none" exclude="{third.id}" order="DESC"]', registry, context
    )
    assert "<a " not in html
    assert [i[1] for i in galleries(html)[0][2]] == ["/up/2024/01/one.jpeg", "/up/2024/01/two.jpeg"]
    # Known sizes give width/height scaled into the thumbnail box, and the orientation.
    assert 'width="150" height="100"' in html and "gallery-icon landscape" in html
    # Counted per rendering: two galleries are gallery-1 and gallery-2.
    both = do_shortcode("[gallery][gallery columns=1 size=medium]", registry, context)
    assert [g[:2] for g in galleries(both)] == [
        ("gallery-1", f"gallery galleryid-{host.id} gallery-columns-3 gallery-size-thumbnail"),
        ("gallery-2", f"gallery galleryid-{host.id} gallery-columns-1 gallery-size-medium"),
    ]
    # No images, or no database: nothing.
    assert do_shortcode('[gallery ids="999999"]', registry, context) == ""
    assert do_shortcode("[gallery]", registry, ContentContext(post=host)) == ""


# -- [audio] [video] [playlist] -----------------------------------------------------------


def test_audio_matches_wordpress(site: tuple[Flask, dict]) -> None:
    """``[audio URL]`` (a positional URL, ignored) plays the post's attached audio file."""
    app, expected = site
    with app.app_context():
        (ours,) = elements(render(app, 587), "//audio")
    (theirs,) = elements(expected[587]["content"], "//audio")
    ours.tail = theirs.tail = None
    assert lxml.html.tostring(ours) == lxml.html.tostring(theirs)


def test_audio_and_video_players(app: Flask) -> None:
    registry = default_registry()
    context = ContentContext(post=make_post("Media"), content_width=750)
    audio = do_shortcode(
        '[audio src="/a.ogg" loop="on" autoplay="false" mp3="/a.mp3"]', registry, context
    )
    assert audio == (
        f'<audio class="wp-audio-shortcode" id="audio-{context.post.id}-1" loop="1" preload="none" '
        'style="width: 100%;" controls="controls"><source type="audio/ogg" src="/a.ogg?_=1" />'
        '<source type="audio/mpeg" src="/a.mp3?_=1" /><a href="/a.ogg">/a.ogg</a></audio>'
    )
    # Not a playable file: a link, as WordPress.
    assert do_shortcode('[audio src="/a.txt"]', registry, context) == (
        '<a class="wp-embedded-audio" href="/a.txt">/a.txt</a>'
    )
    video = do_shortcode(
        '[video src="/v.mp4" width="1280" height="720" poster="/p.jpg"]', registry, context
    )
    (player,) = elements(video, "//video")
    assert player.get("width") == "750" and player.get("height") == "422"
    assert player.get("poster") == "/p.jpg" and player.get("preload") == "metadata"
    assert player.get("muted") is None
    assert video.startswith('<div style="width: 750px;" class="wp-video">')
    assert '<source type="video/mp4" src="/v.mp4?_=1" />' in video
    # A URL with a query string is not a known file type: a link, as WordPress.
    assert do_shortcode('[video src="/v.mp4?x=1"]', registry, context).startswith(
        '<a class="wp-embedded-video"'
    )
    # No src and nothing attached: nothing, as WordPress.
    assert do_shortcode("[video]", registry, context) == ""


def test_video_of_youtube_is_a_placeholder_not_a_player(app: Flask) -> None:
    html = do_shortcode(
        '[video src="https://www.youtube.com/watch?v=abc"]', default_registry(), ContentContext()
    )
    assert "<iframe" not in html and "<script" not in html and "<video" not in html
    assert 'href="https://www.youtube.com/watch?v=abc"' in html


def test_playlist_is_a_plain_list_of_players(app: Flask) -> None:
    host = make_post("Album")
    tracks = _attachments(host.id, "intro", "outro", mime="audio/mpeg")
    context = ContentContext(post=host, session=db.session, uploads_url="/up")
    html = do_shortcode("[playlist]", default_registry(), context)
    assert html.startswith('<div class="wp-playlist wp-audio-playlist wp-playlist-light"')
    items = elements(html, "//ol/li")
    assert [squash(i.find("span").text_content()) for i in items] == ["outro", "intro"]
    assert [i.find(".//source").get("src") for i in items] == [
        "/up/2024/01/outro.mpeg",
        "/up/2024/01/intro.mpeg",
    ]
    assert "<script" not in html
    ids = do_shortcode(
        f'[playlist ids="{tracks[0].id}" tracknumbers="false" style="dark"]',
        default_registry(),
        context,
    )
    assert "<ul" in ids and "wp-playlist-dark" in ids and ids.count("<li") == 1
    assert do_shortcode('[playlist type="video"]', default_registry(), context) == ""
