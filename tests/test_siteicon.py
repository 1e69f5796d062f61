"""The site icon (magtheme.siteicon and views/favicon.py): ``site_icon()`` in every bundled
theme's <head>, ``/favicon.ico`` answering the icon or Magtheme's own, and the copies
WordPress's ``get_site_icon_url`` picks."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest
from flask import Flask
from PIL import Image

from magtheme import site
from magtheme.demo import load_demo
from magtheme.media.library import import_file
from magtheme.media.metadata import AttachmentMetadata, SubSize
from magtheme.media.sizes import intermediate_size
from magtheme.models import db
from magtheme.options import forget_options, update_option
from magtheme.siteicon import SITE_ICON_IMAGE_SIZES, default_icon
from magtheme.themes.activation import activate
from tests.conftest import StatementCounter
from tests.factories import make_post

THEMES = ("classic", "magazine", "magazine-dark")
WHEN = datetime(2025, 5, 1, 12, 0)


def head_icons(html: str) -> list[tuple[str, str, str]]:
    """The icon tags of a page's <head>: (rel or name, URL, sizes)."""
    head = lxml.html.fromstring(html).find("head")
    found = []
    for element in head.iter("link", "meta"):
        rel = element.get("rel") or element.get("name") or ""
        if "icon" in rel.lower() or rel == "msapplication-TileImage":
            found.append(
                (rel, element.get("href") or element.get("content"), element.get("sizes") or "")
            )
    return found


def import_icon(app: Flask, size: int = 512, sizes: object = SITE_ICON_IMAGE_SIZES) -> int:
    """A square PNG imported with the site icon's copies (as WordPress crops one), made the
    site icon; its attachment ID."""
    source = Path(app.instance_path) / "icon-source.png"
    Image.new("RGB", (size, size), (200, 30, 30)).save(source)
    made = import_file(
        db.session, Path(app.instance_path) / "uploads", source, sizes, now=WHEN, local_now=WHEN
    )
    db.session.commit()
    update_option("site_icon", made.attachment_id)
    forget_options()
    return made.attachment_id


def home(app: Flask, theme: str) -> str:
    activate(theme, site.installed_themes(app))
    db.session.commit()
    forget_options()
    response = app.test_client().get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("theme", THEMES)
def test_every_bundled_theme_prints_the_site_icon_in_its_head(app: Flask, theme: str) -> None:
    import_icon(app)
    folder = f"/wp-content/uploads/{WHEN:%Y/%m}"
    assert head_icons(home(app, theme)) == [
        ("icon", f"{folder}/icon-source-32x32.png", "32x32"),
        ("icon", f"{folder}/icon-source-192x192.png", "192x192"),
        ("apple-touch-icon", f"{folder}/icon-source-180x180.png", ""),
        ("msapplication-TileImage", f"{folder}/icon-source-270x270.png", ""),
    ]


@pytest.mark.parametrize("theme", THEMES)
def test_without_a_site_icon_no_theme_prints_icon_tags(app: Flask, theme: str) -> None:
    assert head_icons(home(app, theme)) == []


def test_the_icon_costs_one_statement_and_none_without_one(
    app: Flask, sql_counter: StatementCounter
) -> None:
    client = app.test_client()
    client.get("/")
    sql_counter.reset()
    client.get("/")
    without = sql_counter.count
    import_icon(app)
    client.get("/")
    sql_counter.reset()
    client.get("/")
    assert sql_counter.count == without + 1


def test_an_icon_without_its_copies_uses_wordpress_s_sizes_then_the_full_image(
    app: Flask,
) -> None:
    # Imported as any image (thumbnail 150, medium 300 …): 32 takes the smallest larger square
    # copy, the thumbnail; 180, 192 and 270 take medium; a missing copy falls back to full.
    import_icon(app, size=600, sizes={"thumbnail": SITE_ICON_IMAGE_SIZES["site_icon-32"]})
    folder = f"/wp-content/uploads/{WHEN:%Y/%m}"
    urls = [url for _, url, _ in head_icons(home(app, "magazine"))]
    assert urls == [f"{folder}/icon-source-32x32.png"] + [f"{folder}/icon-source.png"] * 3


def test_a_site_icon_that_is_no_image_attachment_is_no_icon(app: Flask) -> None:
    page = make_post("Not a picture", post_type="page")
    db.session.commit()
    update_option("site_icon", page.id)
    forget_options()
    assert head_icons(home(app, "classic")) == []
    response = app.test_client().get("/favicon.ico")
    assert response.status_code == 200 and response.data == default_icon()


def test_favicon_without_a_site_icon_is_magtheme_s_own_icon(app: Flask) -> None:
    response = app.test_client().get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.headers["Cache-Control"] == "public, max-age=86400"
    with Image.open(io.BytesIO(response.data)) as icon:
        assert icon.format == "ICO"
        assert icon.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
    head = app.test_client().head("/favicon.ico")
    assert head.status_code == 200 and head.data == b""
    assert head.content_length == len(response.data)


def test_favicon_redirects_to_the_site_icon_s_32_pixel_copy(app: Flask) -> None:
    import_icon(app)
    response = app.test_client().get("/favicon.ico")
    assert response.status_code == 302
    assert response.location == f"/wp-content/uploads/{WHEN:%Y/%m}/icon-source-32x32.png"
    icon = app.test_client().get(response.location)
    with Image.open(io.BytesIO(icon.data)) as image:
        assert image.size == (32, 32)


def test_a_real_favicon_in_the_site_folder_wins(app: Flask) -> None:
    import_icon(app)
    (Path(app.instance_path) / "favicon.ico").write_bytes(b"\x00\x00\x01\x00own")
    response = app.test_client().get("/favicon.ico")
    assert response.status_code == 200 and response.data == b"\x00\x00\x01\x00own"


def test_the_demo_paper_has_its_own_icon(app: Flask) -> None:
    load_demo()
    forget_options()
    icons = head_icons(app.test_client().get("/").get_data(as_text=True))
    assert [(rel, sizes) for rel, _, sizes in icons] == [
        ("icon", "32x32"),
        ("icon", "192x192"),
        ("apple-touch-icon", ""),
        ("msapplication-TileImage", ""),
    ]
    for _, url, _sizes in icons:
        assert "/meridian-icon-" in url
        data = app.test_client().get(url).data
        with Image.open(io.BytesIO(data)) as image:
            side = int(url.rsplit("-", 1)[1].split("x")[0])
            assert image.format == "PNG" and image.size == (side, side)


def _meta(*copies: tuple[str, int, int]) -> AttachmentMetadata:
    return AttachmentMetadata(
        width=1000,
        height=1000,
        file="2025/05/pic.png",
        sizes={name: SubSize(f"pic-{w}x{h}.png", w, h, "image/png") for name, w, h in copies},
    )


@pytest.mark.parametrize(
    ("copies", "asked", "picked"),
    [
        # WordPress's image_get_intermediate_size, for a size given as [w, h]:
        ((("site_icon-32", 32, 32), ("thumbnail", 150, 150)), 32, "site_icon-32"),  # exact
        ((("thumbnail", 150, 150), ("medium", 300, 300)), 32, "thumbnail"),  # smallest larger
        ((("medium", 300, 300), ("wide", 400, 200)), 192, "medium"),  # same shape only
        ((("wide", 400, 200),), 192, None),  # none of that shape, no thumbnail
        ((("thumbnail", 150, 100),), 120, "thumbnail"),  # thumbnail wide enough: the fallback
        ((("thumbnail", 150, 150),), 270, None),  # too small: the full image
    ],
)
def test_the_copy_picked_for_a_size(
    copies: tuple[tuple[str, int, int], ...], asked: int, picked: str | None
) -> None:
    meta = _meta(*copies)
    found = intermediate_size(meta, asked, asked)
    assert (
        None if found is None else next(n for n, c in meta.sizes.items() if c is found)
    ) == picked
