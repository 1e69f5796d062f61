"""magtheme.media: WordPress's resize arithmetic, _wp_attachment_metadata, the copies Pillow
makes, srcset/sizes, and what a rendered page prints — with real image files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from lxml import html
from PIL import Image

from magtheme.media import ImageError, parse_metadata, uploads_path
from magtheme.media.editor import Written, make_subsizes, open_image
from magtheme.media.library import import_file, unique_filename
from magtheme.media.metadata import AttachmentMetadata, dump_metadata
from magtheme.media.sizes import (
    DEFAULT_SIZES,
    constrain_dimensions,
    matches_ratio,
    registered_sizes,
    resize_dimensions,
)
from magtheme.media.srcset import calculate_sizes, calculate_srcset
from magtheme.models import Post, PostMeta, db
from magtheme.options import update_option
from magtheme.themes.schema import ImageSize
from tests.conftest import StatementCounter
from tests.factories import make_post

DATA = Path(__file__).parent / "data"
NOW = datetime(2024, 5, 11, 9, 0)
SIZES = registered_sizes()


def jpeg(path: Path, size: tuple[int, int] = (1200, 800), orientation: int | None = None) -> Path:
    """A JPEG: left half red, right half blue (so a rotation shows)."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(path, "JPEG", exif=exif)
    return path


def png(path: Path, size: tuple[int, int] = (640, 480)) -> Path:
    Image.new("RGBA", size, (10, 200, 10, 128)).save(path, "PNG")
    return path


# --- WordPress's arithmetic (wp-includes/media.php), worked by its rules ---------------------


@pytest.mark.parametrize(
    ("orig", "dest", "crop", "expected"),
    [
        ((640, 480), (400, 0), False, (400, 300, (0, 0, 640, 480))),
        ((640, 480), (0, 400), False, (533, 400, (0, 0, 640, 480))),
        ((640, 480), (400, 400), False, (400, 300, (0, 0, 640, 480))),
        ((480, 640), (400, 0), False, (400, 533, (0, 0, 480, 640))),
        ((640, 480), (400, 400), True, (400, 400, (80, 0, 480, 480))),
        ((640, 480), (400, 500), True, (400, 480, (120, 0, 400, 480))),
        ((640, 480), (0, 400), True, (533, 400, (0, 0, 640, 480))),
        # A crop box larger than the image in one direction keeps that side (600x300 → 400x300).
        ((600, 300), (400, 400), True, (400, 300, (100, 0, 400, 300))),
        ((200, 100), (150, 150), True, (150, 100, (25, 0, 150, 100))),
    ],
)
def test_resize_dimensions_follow_wordpress(orig, dest, crop, expected) -> None:  # type: ignore[no-untyped-def]
    plan = resize_dimensions(*orig, *dest, crop)
    assert plan is not None and (plan.width, plan.height, plan.box) == expected


@pytest.mark.parametrize(
    ("orig", "dest", "crop"),
    [
        ((640, 480), (1024, 768), False),  # never upscaled
        ((640, 480), (1024, 0), False),
        ((640, 480), (0, 500), True),
        ((300, 200), (300, 300), False),  # the same image: no copy
        ((301, 200), (300, 300), False),  # within WordPress's 1px tolerance
        ((640, 480), (0, 0), False),
    ],
)
def test_no_copy_when_wordpress_makes_none(orig, dest, crop) -> None:  # type: ignore[no-untyped-def]
    assert resize_dimensions(*orig, *dest, crop) is None


def test_constrain_dimensions_rounds_like_php_and_bumps_one_pixel_short() -> None:
    assert constrain_dimensions(465, 700, 177, 177) == (118, 177)
    assert constrain_dimensions(1200, 800, 300, 300) == (300, 200)
    assert constrain_dimensions(1000, 3, 100) == (100, 1)  # never 0
    assert constrain_dimensions(25, 30) == (25, 30)


def test_default_sizes_are_wordpress_s_and_a_theme_adds_or_replaces() -> None:
    assert [(s.name, s.width, s.height, s.crop) for s in DEFAULT_SIZES] == [
        ("thumbnail", 150, 150, True),
        ("medium", 300, 300, False),
        ("medium_large", 768, 0, False),
        ("large", 1024, 1024, False),
        ("1536x1536", 1536, 1536, False),
        ("2048x2048", 2048, 2048, False),
    ]
    parent = (ImageSize("card", 640, 360, True), ImageSize("thumbnail", 100, 100, True))
    child = (ImageSize("card", 800, 450, True),)
    sizes = registered_sizes([parent, child])
    assert sizes["card"] == ImageSize("card", 800, 450, True)
    assert sizes["thumbnail"].width == 100 and "large" in sizes


# --- _wp_attachment_metadata ------------------------------------------------------------------


@pytest.mark.parametrize("line", DATA.joinpath("attachment-metadata.txt").read_text().splitlines())
def test_metadata_round_trips_byte_for_byte(line: str) -> None:
    assert dump_metadata(parse_metadata(line)) == line


def test_metadata_reads_wordpress_fields() -> None:
    new, old, scaled = (
        parse_metadata(line)
        for line in DATA.joinpath("attachment-metadata.txt").read_text().splitlines()
    )
    assert (new.width, new.height, new.file, new.filesize) == (
        1200,
        800,
        "2024/05/canola-pic.jpg",
        96304,
    )
    medium = new.sizes["medium"]
    assert (medium.file, medium.width, medium.height, medium.mime_type) == (
        "canola-pic-300x200.jpg",
        300,
        200,
        "image/jpeg",
    )
    assert new.image_meta["orientation"] == "0" and new.image_meta["keywords"] == {}
    assert old.filesize is None and old.sizes["post-thumbnail"].width == 624
    assert scaled.original_image == "harbour.jpg" and scaled.image_meta["camera"] == "Pixel 8"


@pytest.mark.parametrize(
    "value",
    [
        "not serialized",
        'O:8:"stdClass":1:{s:5:"width";i:1;}',  # a PHP object is refused, never built
        's:5:"hello";',
        'a:1:{s:5:"sizes";s:3:"bad";}',
        "a:1:{" * 5000,
    ],
)
def test_hostile_metadata_is_refused(value: str) -> None:
    from magtheme.media import MetadataError

    with pytest.raises(MetadataError):
        parse_metadata(value)


# --- copies made with Pillow ------------------------------------------------------------------


def _generate(uploads: Path, name: str, make) -> AttachmentMetadata:  # type: ignore[no-untyped-def]
    (uploads / "2024/05").mkdir(parents=True, exist_ok=True)
    make(uploads / "2024/05" / name)
    meta = AttachmentMetadata(0, 0, f"2024/05/{name}")
    return make_subsizes(uploads, meta, SIZES, Written())


def test_jpeg_gets_wordpress_named_copies_never_upscaled(tmp_path: Path) -> None:
    meta = _generate(tmp_path, "pic.jpg", jpeg)
    assert (meta.width, meta.height) == (1200, 800)
    assert {n: (s.file, s.width, s.height) for n, s in meta.sizes.items()} == {
        "thumbnail": ("pic-150x150.jpg", 150, 150),
        "medium": ("pic-300x200.jpg", 300, 200),
        "medium_large": ("pic-768x512.jpg", 768, 512),
        "large": ("pic-1024x683.jpg", 1024, 683),
    }
    for size in meta.sizes.values():
        with Image.open(tmp_path / "2024/05" / size.file) as copy:
            assert copy.format == "JPEG" and copy.size == (size.width, size.height)
        assert size.mime_type == "image/jpeg" and size.filesize


def test_png_keeps_its_format_and_transparency(tmp_path: Path) -> None:
    meta = _generate(tmp_path, "logo.png", png)
    assert meta.sizes["medium"].file == "logo-300x225.png"
    with Image.open(tmp_path / "2024/05/logo-300x225.png") as copy:
        assert copy.format == "PNG" and copy.mode == "RGBA"
        assert copy.getpixel((10, 10))[3] == 128


def test_exif_rotated_portrait_is_turned_upright(tmp_path: Path) -> None:
    # Stored 800x600 landscape, EXIF orientation 6: shown as a 600x800 portrait.
    meta = _generate(tmp_path, "tall.jpg", lambda p: jpeg(p, (800, 600), orientation=6))
    assert (meta.width, meta.height) == (600, 800)
    assert meta.file == "2024/05/tall-rotated.jpg" and meta.original_image == "tall.jpg"
    assert meta.sizes["medium"].file == "tall-225x300.jpg"
    with Image.open(tmp_path / "2024/05/tall-225x300.jpg") as copy:
        top, bottom = copy.getpixel((112, 10)), copy.getpixel((112, 290))
    assert top[0] > 200 and top[2] < 60  # the stored left (red) half is now on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_image_smaller_than_every_size_gets_no_copies(tmp_path: Path) -> None:
    meta = _generate(tmp_path, "dot.jpg", lambda p: jpeg(p, (40, 30)))
    assert meta.sizes == {} and (meta.width, meta.height) == (40, 30)
    assert sorted(p.name for p in (tmp_path / "2024/05").iterdir()) == ["dot.jpg"]
    assert (
        calculate_srcset(meta, "/wp-content/uploads/2024/05/dot.jpg", 40, 30, "/wp-content/uploads")
        == ""
    )


def test_non_image_named_jpg_is_refused_with_its_name(tmp_path: Path) -> None:
    fake = tmp_path / "holiday.jpg"
    fake.write_text("<?php system($_GET['c']); ?>")
    with pytest.raises(ImageError, match="holiday.jpg: not an image"):
        with open_image(fake):
            pass


def test_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    big = png(tmp_path / "bomb.png", (400, 300))
    with pytest.raises(ImageError, match="decompression bomb"):
        with open_image(big, max_pixels=100_000):
            pass


@pytest.mark.parametrize(
    "relative",
    ["../outside.jpg", "2024/../../outside.jpg", "/etc/passwd", "..\\..\\x.jpg", "a/\x00.jpg", ""],
)
def test_paths_escaping_uploads_are_refused(tmp_path: Path, relative: str) -> None:
    with pytest.raises(ImageError):
        uploads_path(tmp_path / "uploads", relative)


def test_symlink_out_of_uploads_is_refused(tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    jpeg(tmp_path / "secret.jpg")
    (uploads / "link.jpg").symlink_to(tmp_path / "secret.jpg")
    with pytest.raises(ImageError, match="leads out"):
        make_subsizes(uploads, AttachmentMetadata(0, 0, "link.jpg"), SIZES, Written())


def test_metadata_pointing_outside_uploads_makes_nothing(tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    jpeg(tmp_path / "victim.jpg")
    meta = AttachmentMetadata(0, 0, "../victim.jpg")
    with pytest.raises(ImageError):
        make_subsizes(uploads, meta, SIZES, Written())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uploads", "victim.jpg"]


def test_unique_filename_counts_like_wordpress(tmp_path: Path) -> None:
    assert unique_filename(tmp_path, "pic.jpg") == "pic.jpg"
    (tmp_path / "pic.jpg").touch()
    (tmp_path / "pic-1.jpg").touch()
    assert unique_filename(tmp_path, "pic.jpg") == "pic-2.jpg"


# --- srcset and sizes -------------------------------------------------------------------------


def test_srcset_lists_same_shape_copies_full_image_first() -> None:
    meta = parse_metadata(DATA.joinpath("attachment-metadata.txt").read_text().splitlines()[0])
    base = "/wp-content/uploads"
    srcset = calculate_srcset(meta, f"{base}/2024/05/canola-pic.jpg", 1200, 800, base)
    # The cropped 150x150 thumbnail has another shape and is left out.
    assert srcset == (
        "/wp-content/uploads/2024/05/canola-pic.jpg 1200w, "
        "/wp-content/uploads/2024/05/canola-pic-300x200.jpg 300w, "
        "/wp-content/uploads/2024/05/canola-pic-1024x683.jpg 1024w, "
        "/wp-content/uploads/2024/05/canola-pic-768x512.jpg 768w"
    )
    assert calculate_sizes(1200) == "(max-width: 1200px) 100vw, 1200px"


def test_srcset_leaves_out_copies_wider_than_2048() -> None:
    meta = AttachmentMetadata(4000, 2000, "2024/05/wide.jpg")
    meta.sizes = {
        "medium": _size("wide-300x150.jpg", 300, 150),
        "2048x2048": _size("wide-2048x1024.jpg", 2048, 1024),
        "huge": _size("wide-3000x1500.jpg", 3000, 1500),
    }
    srcset = calculate_srcset(meta, "/u/2024/05/wide-300x150.jpg", 300, 150, "/u")
    assert srcset == "/u/2024/05/wide-300x150.jpg 300w, /u/2024/05/wide-2048x1024.jpg 2048w"


def _size(file: str, width: int, height: int):  # type: ignore[no-untyped-def]
    from magtheme.media import SubSize

    return SubSize(file, width, height, "image/jpeg")


def test_matches_ratio_within_a_pixel() -> None:
    assert matches_ratio(1200, 800, 1024, 683)
    assert not matches_ratio(1200, 800, 150, 150)


# --- pages ------------------------------------------------------------------------------------


def _featured(
    app: Flask, tmp_path: Path, n: int, size: tuple[int, int] = (1200, 800)
) -> list[Post]:
    uploads = Path(app.instance_path) / "uploads"
    source = jpeg(tmp_path / "photo.jpg", size)
    posts = []
    for i in range(n):
        post = make_post(f"Story {i}", date=datetime(2024, 5, 1 + i % 20, 9, 0))
        import_file(
            db.session,
            uploads,
            source,
            SIZES,
            alt=f"Photo {i}",
            parent_id=post.id,
            featured=True,
            now=NOW,
            local_now=NOW,
        )
        posts.append(post)
    return posts


def _images(client, url: str) -> list:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    return html.fromstring(response.data).xpath("//figure[contains(@class, 'post-thumbnail')]//img")


@pytest.mark.usefixtures("classic")
def test_classic_prints_srcset_and_sizes_of_featured_images(app: Flask, tmp_path: Path) -> None:
    _featured(app, tmp_path, 1)
    client = app.test_client()
    for url in ("/", "/2024/05/01/story-0/"):
        (img,) = _images(client, url)
        assert img.get("src") == "/wp-content/uploads/2024/05/photo.jpg"
        assert (img.get("width"), img.get("height"), img.get("alt")) == ("1200", "800", "Photo 0")
        assert img.get("srcset").split(", ")[0] == "/wp-content/uploads/2024/05/photo.jpg 1200w"
        assert "/wp-content/uploads/2024/05/photo-300x200.jpg 300w" in img.get("srcset")
        assert img.get("sizes") == "(max-width: 1200px) 100vw, 1200px"
        for candidate in img.get("srcset").split(", "):
            assert client.get(candidate.split()[0]).status_code == 200


@pytest.mark.usefixtures("classic")
def test_featured_image_without_copies_prints_no_srcset(app: Flask, tmp_path: Path) -> None:
    _featured(app, tmp_path, 1, size=(120, 90))
    (img,) = _images(app.test_client(), "/")
    assert img.get("srcset") is None and img.get("sizes") is None
    assert (img.get("width"), img.get("height")) == ("120", "90")


def test_thumbnail_size_falls_back_to_the_full_image(app: Flask, tmp_path: Path) -> None:
    from magtheme.present import image_view

    _featured(app, tmp_path, 1, size=(400, 300))
    attachment_id = db.session.scalar(db.select(Post.id).where(Post.post_type == "attachment"))
    rows = dict(
        db.session.execute(
            db.select(PostMeta.key, PostMeta.value).where(PostMeta.post_id == attachment_id)
        ).all()
    )
    view = image_view(
        attachment_id, "/wp-content/uploads/2024/05/photo.jpg", rows, "/wp-content/uploads"
    )
    medium = view.size("medium")
    assert (medium.url, medium.width, medium.height, medium.name) == (
        "/wp-content/uploads/2024/05/photo-300x225.jpg",
        300,
        225,
        "medium",
    )
    assert medium.srcset.startswith("/wp-content/uploads/2024/05/photo-300x225.jpg 300w, ")
    large = view.size("large")  # the image is smaller than "large": the full image stands in
    assert (large.url, large.width, large.height, large.name) == (
        "/wp-content/uploads/2024/05/photo.jpg",
        400,
        300,
        "full",
    )


def test_pages_with_featured_images_make_constant_sql(
    app: Flask, tmp_path: Path, sql_counter: StatementCounter
) -> None:
    update_option("posts_per_page", 50)
    client = app.test_client()

    def cost() -> int:
        client.get("/")
        sql_counter.reset()
        assert client.get("/").status_code == 200
        return sql_counter.count

    _featured(app, tmp_path, 2)
    small = cost()
    _featured(app, tmp_path, 12)
    assert cost() == small, sql_counter.statements


@pytest.mark.usefixtures("classic")
def test_wxr_import_keeps_metadata_and_the_page_prints_its_srcset(
    app: Flask, tmp_path: Path
) -> None:
    from magtheme.wxr import import_wxr
    from tests.test_wxr_import import AUTHOR, item, write_wxr

    line = DATA.joinpath("attachment-metadata.txt").read_text().splitlines()[0]
    meta = "".join(
        f"<wp:postmeta><wp:meta_key>{k}</wp:meta_key><wp:meta_value><![CDATA[{v}]]>"
        "</wp:meta_value></wp:postmeta>"
        for k, v in (
            ("_wp_attached_file", "2024/05/canola-pic.jpg"),
            ("_wp_attachment_metadata", line),
        )
    )
    attachment = item(
        30, "Canola", extra=meta, post_type="attachment", status="inherit", post_parent="31"
    )
    thumb = "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>30</wp:meta_value></wp:postmeta>"
    path = write_wxr(tmp_path, AUTHOR + attachment + item(31, "Fields", extra=thumb))
    import_wxr(path, registry=app.extensions["magtheme.registry"])
    stored = db.session.scalar(
        db.select(PostMeta.value).where(
            PostMeta.post_id == 30, PostMeta.key == "_wp_attachment_metadata"
        )
    )
    assert stored == line
    (img,) = _images(app.test_client(), "/")
    assert img.get("srcset").startswith("/wp-content/uploads/2024/05/canola-pic.jpg 1200w, ")
    assert (img.get("width"), img.get("height")) == ("1200", "800")


def test_widget_thumbnails_carry_srcset_and_sizes(app: Flask, tmp_path: Path) -> None:
    from magtheme.widgets.postlists import thumbnails

    (post,) = _featured(app, tmp_path, 1)
    thumb = thumbnails(db.session, [post.id])[post.id]
    assert (thumb.url, thumb.alt, thumb.width, thumb.height) == (
        "/wp-content/uploads/2024/05/photo.jpg",
        "Photo 0",
        1200,
        800,
    )
    assert thumb.srcset.startswith("/wp-content/uploads/2024/05/photo.jpg 1200w, ")
    assert thumb.sizes == "(max-width: 1200px) 100vw, 1200px"
    assert thumb.size("thumbnail").url == "/wp-content/uploads/2024/05/photo-150x150.jpg"


def test_import_inside_the_callers_work_leaves_commit_and_removal_to_it(
    app: Flask, tmp_path: Path
) -> None:
    uploads = Path(app.instance_path) / "uploads"
    post = make_post("Story", date=NOW)
    written = Written()
    done = import_file(
        db.session,
        uploads,
        jpeg(tmp_path / "photo.jpg"),
        SIZES,
        caption="Photo: the agency",
        parent_id=post.id,
        featured=True,
        now=NOW,
        local_now=NOW,
        written=written,
    )
    attachment = db.session.get(Post, done.attachment_id)
    assert attachment is not None and attachment.excerpt == "Photo: the agency"
    assert len(written.paths) == 1 + len({s.file for s in done.metadata.sizes.values()})
    assert all(path.is_file() for path in written.paths)
    db.session.rollback()  # the caller's work failed: nothing was committed
    written.remove()
    assert db.session.get(Post, done.attachment_id) is None
    assert not uploads.exists()
