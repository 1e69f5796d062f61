"""Media: the Library, Add New Media File and one file's edit screen, as a site owner uses
them; what is refused and why; how the uploads folder serves what it holds."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import html
from PIL import Image
from werkzeug.test import TestResponse

from magtheme.media.metadata import parse_metadata
from magtheme.models import Post, PostMeta, db

from .adminkit import csrf_token, make_person, post_form, signed_in
from .factories import make_post

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return signed_in(app.test_client(), make_person("administrator", "ada"))


def picture(fmt: str, size: tuple[int, int] = (1200, 800)) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", size, (30, 90, 150)).save(data, fmt)
    return data.getvalue()


def upload(client: FlaskClient, *files: tuple[bytes, str], **form: str) -> TestResponse:
    data: dict[str, object] = {"csrf_token": csrf_token(client), **form}
    data["async-upload"] = [(io.BytesIO(body), name) for body, name in files]
    return client.post("/wp-admin/media-new.php", data=data, content_type="multipart/form-data")


def stored(app: Flask) -> list[str]:
    root = Path(app.instance_path) / "uploads"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def attachments() -> list[Post]:
    db.session.expire_all()
    return list(
        db.session.scalars(db.select(Post).where(Post.post_type == "attachment").order_by(Post.id))
    )


def listed(response: TestResponse) -> list[str]:
    """The file names the library's list shows, in order."""
    return html.fromstring(response.data).xpath("//span[contains(@class, 'media-filename')]/text()")


def meta_of(post_id: int) -> dict[str, str]:
    rows = db.session.execute(
        db.select(PostMeta.key, PostMeta.value).where(PostMeta.post_id == post_id)
    )
    return {key: value for key, value in rows}


# -- uploading --------------------------------------------------------------------------------


def test_png_and_jpeg_become_attachments_with_sizes_and_show_in_the_library(
    app: Flask, admin: FlaskClient
) -> None:
    response = upload(admin, (picture("PNG"), "Harbour map.png"), (picture("JPEG"), "boats.jpg"))
    assert response.status_code == 303 and response.headers["Location"] == "/wp-admin/upload.php"
    png, jpeg = attachments()
    assert (png.mime_type, png.title, png.author_id) == ("image/png", "Harbour map", 1)
    assert (jpeg.mime_type, jpeg.title) == ("image/jpeg", "boats")
    files = stored(app)
    (folder,) = {f.rsplit("/", 1)[0] for f in files}
    assert folder.count("/") == 1 and len(folder) == 7  # YYYY/MM, as WordPress files them
    assert f"{folder}/Harbour-map.png" in files and f"{folder}/boats.jpg" in files
    assert f"{folder}/Harbour-map-300x200.png" in files and f"{folder}/boats-150x150.jpg" in files
    meta = parse_metadata(meta_of(png.id)["_wp_attachment_metadata"])
    assert (meta.width, meta.height, meta.file) == (1200, 800, f"{folder}/Harbour-map.png")
    assert meta.sizes["medium"].file == "Harbour-map-300x200.png"
    library = admin.get("/wp-admin/upload.php")
    assert "Uploaded 2 files: Harbour-map.png, boats.jpg." in library.text
    assert "Harbour-map.png" in library.text and "1200 × 800 pixels" in library.text
    assert f'src="/wp-content/uploads/{folder}/boats-150x150.jpg"' in library.text


def test_one_upload_leads_to_its_edit_screen_and_a_name_taken_gets_a_number(
    app: Flask, admin: FlaskClient
) -> None:
    first = upload(admin, (picture("JPEG", (300, 200)), "pic.jpg"))
    assert first.headers["Location"] == "/wp-admin/media.php?attachment_id=1&action=edit"
    upload(admin, (picture("JPEG", (300, 200)), "pic.jpg"))
    names = [f.rsplit("/", 1)[1] for f in stored(app)]
    assert "pic.jpg" in names and "pic-1.jpg" in names
    # Special characters go, spaces become hyphens, case is kept; an inner extension that a
    # server could run is defused.
    upload(admin, (picture("JPEG", (300, 200)), "Été & <Ünïcode>.php.jpg"))
    assert any(n == "Ete-Unicode.php_.jpg" for n in (f.rsplit("/", 1)[1] for f in stored(app)))


def test_the_featured_image_s_srcset_alt_and_caption_reach_the_public_page(
    app: Flask, admin: FlaskClient
) -> None:
    story = make_post("Story", date=datetime(2024, 5, 1, 9, 0))
    upload(admin, (picture("JPEG"), "photo.jpg"))
    (photo,) = attachments()
    db.session.add(PostMeta(post_id=story.id, key="_thumbnail_id", value=str(photo.id)))
    db.session.commit()
    saved = post_form(
        admin,
        "/wp-admin/media.php",
        {
            "attachment_id": str(photo.id),
            "action": "editattachment",
            "post_title": "Harbour at dawn",
            "_wp_attachment_image_alt": "Fishing <b>boats</b> & gulls",
            "excerpt": "The harbour at six.",
            "content": "Taken from the pier.",
        },
    )
    assert saved.status_code == 303
    assert "Media file updated." in admin.get(saved.headers["Location"]).text
    page = app.test_client().get("/2024/05/01/story/")
    (img,) = html.fromstring(page.data).xpath("//figure[contains(@class,'post-thumbnail')]//img")
    assert img.get("alt") == "Fishing boats & gulls"
    # The theme's own sizes, made at upload: the copies of the shown shape, each served.
    candidates = [c.split()[0] for c in img.get("srcset").split(", ")]
    assert len(candidates) >= 2 and all("/wp-content/uploads/" in c for c in candidates)
    for candidate in candidates:
        assert app.test_client().get(candidate).status_code == 200
    (caption,) = html.fromstring(page.data).xpath("//figure[contains(@class,'post-thumbnail')]")
    assert "The harbour at six." in caption.text_content()
    db.session.expire_all()
    assert (photo.title, photo.content) == ("Harbour at dawn", "Taken from the pier.")


def test_documents_audio_and_text_are_taken_when_their_bytes_agree(
    app: Flask, admin: FlaskClient
) -> None:
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    upload(
        admin,
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "Annual report.pdf"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 64, "interview.mp3"),
        (b"name,score\nAda,10\n", "scores.csv"),
        (docx.getvalue(), "letter.docx"),
    )
    kinds = [(a.title, a.mime_type) for a in attachments()]
    assert kinds == [
        ("Annual report", "application/pdf"),
        ("interview", "audio/mpeg"),
        ("scores", "text/csv"),
        ("letter", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]
    documents = admin.get("/wp-admin/upload.php?attachment-filter=post_mime_type:document")
    assert sorted(listed(documents)) == ["Annual-report.pdf", "letter.docx", "scores.csv"]
    audio = admin.get("/wp-admin/upload.php?attachment-filter=post_mime_type:audio")
    assert listed(audio) == ["interview.mp3"]
    assert listed(admin.get("/wp-admin/upload.php?s=annual")) == ["Annual-report.pdf"]
    assert listed(admin.get("/wp-admin/upload.php?s=scores.csv")) == ["scores.csv"]


REFUSED = [
    pytest.param(
        picture("PNG", (40, 40)), "scan.pdf", "its content is a PNG image", id="png-as-pdf"
    ),
    pytest.param(b"<!doctype html><p>hi", "page.html", "a web page", id="html"),
    pytest.param(
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "logo.svg",
        "SVG image, which can carry scripts",
        id="svg-script",
    ),
    pytest.param(b"<?php system($_GET['c']);", "shell.php", "a PHP program", id="php"),
    pytest.param(b"<?php system($_GET['c']);", "notes.txt", "a PHP program", id="php-as-text"),
    pytest.param(
        b"<script>alert(1)</script>", "notes.txt", "HTML or SVG markup", id="html-as-text"
    ),
    pytest.param(b"MZ\x90\x00", "setup.exe", "this is a program", id="exe"),
    pytest.param(b"#!/bin/sh\nrm -rf /", "run.sh", "a script", id="sh"),
    pytest.param(b"", "empty.jpg", "the file is empty (0 bytes)", id="zero-bytes"),
    pytest.param(
        b"%PDF-1.4 not a picture", "invoice.jpg", "not an image Magtheme can read", id="pdf-as-jpg"
    ),
    pytest.param(b"\xff\xfe\x00t\x00e", "latin.csv", "holds binary data", id="binary-csv"),
]


@pytest.mark.parametrize(("body", "name", "message"), REFUSED)
def test_refused_files_say_why_and_leave_nothing(
    app: Flask, admin: FlaskClient, body: bytes, name: str, message: str
) -> None:
    response = upload(admin, (body, name))
    assert response.status_code == 422
    assert message in response.text and name in response.text
    assert "Nothing was uploaded." in response.text
    assert attachments() == [] and stored(app) == []
    assert not (Path(app.instance_path) / "uploads").exists()


def test_an_over_limit_file_is_413_and_the_others_still_go_in(
    app: Flask, admin: FlaskClient
) -> None:
    app.config["MAX_UPLOAD_MB"] = 0.01  # 10 KB
    big = b"name\n" + b"a" * 20_000 + b"\n"
    alone = upload(admin, (big, "big.csv"))
    assert alone.status_code == 413
    assert "big.csv: 20 KB is more than the 10 KB a file may have." in alone.text
    assert "raise max_upload_mb in the site" in alone.text
    assert attachments() == [] and stored(app) == []
    mixed = upload(admin, (big, "big.csv"), (b"a,b\n1,2\n", "small.csv"))
    assert mixed.status_code == 422
    assert "Some files were not uploaded." in mixed.text and "small.csv" in mixed.text
    assert [a.title for a in attachments()] == ["small"]


def test_a_failure_while_storing_takes_the_file_back(
    app: Flask, admin: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from magtheme.media import library

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(library, "make_subsizes", full_disk)
    response = upload(admin, (picture("JPEG"), "photo.jpg"))
    assert response.status_code == 422 and "No space left on device" in response.text
    assert attachments() == [] and stored(app) == []


def test_choosing_no_file_is_explained(admin: FlaskClient) -> None:
    response = post_form(admin, "/wp-admin/media-new.php")
    assert response.status_code == 422 and "Choose one or more files to upload." in response.text


# -- editing and deleting ---------------------------------------------------------------------


def test_delete_removes_the_row_every_file_and_the_featured_image(
    app: Flask, admin: FlaskClient
) -> None:
    story = make_post("Story")
    upload(admin, (picture("JPEG"), "photo.jpg"), post_id=str(story.id))
    (photo,) = attachments()
    assert photo.parent_id == story.id
    db.session.add(PostMeta(post_id=story.id, key="_thumbnail_id", value=str(photo.id)))
    db.session.commit()
    count = len(stored(app))
    assert count > 3
    response = post_form(
        admin, "/wp-admin/media.php", {"attachment_id": str(photo.id), "action": "delete"}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/wp-admin/upload.php"
    assert f"Media file permanently deleted: photo.jpg ({count} files removed)." in (
        admin.get("/wp-admin/upload.php").text
    )
    assert attachments() == [] and stored(app) == []
    assert "_thumbnail_id" not in meta_of(story.id) and meta_of(photo.id) == {}


def test_regenerate_makes_a_lost_size_again(app: Flask, admin: FlaskClient) -> None:
    upload(admin, (picture("JPEG"), "photo.jpg"))
    (photo,) = attachments()
    (medium,) = [f for f in stored(app) if f.endswith("-300x200.jpg")]
    (Path(app.instance_path) / "uploads" / medium).unlink()
    response = post_form(
        admin, "/wp-admin/media.php", {"attachment_id": str(photo.id), "action": "regenerate"}
    )
    assert response.status_code == 303
    assert "Image sizes made again for photo.jpg" in admin.get(response.headers["Location"]).text
    assert medium in stored(app)


def test_an_edit_screen_shows_the_file_s_facts(admin: FlaskClient) -> None:
    story = make_post("Harbour story")
    upload(admin, (picture("PNG", (640, 480)), "map.png"), post_id=str(story.id))
    (item,) = attachments()
    screen = admin.get(f"/wp-admin/media.php?attachment_id={item.id}&action=edit")
    assert screen.status_code == 200
    for fact in ("map.png", "image/png", "640 × 480 pixels", "<dd>Ada</dd>", "Harbour story"):
        assert fact in screen.text, fact
    assert 'id="_wp_attachment_image_alt"' in screen.text
    assert f'href="/wp-admin/post.php?post={story.id}&amp;action=edit">Harbour story' in screen.text
    assert admin.get("/wp-admin/media.php?attachment_id=99").status_code == 404


def test_a_title_too_long_is_refused_with_what_was_typed_kept(admin: FlaskClient) -> None:
    upload(admin, (picture("PNG", (64, 64)), "dot.png"))
    response = post_form(
        admin,
        "/wp-admin/media.php",
        {
            "attachment_id": "1",
            "action": "editattachment",
            "post_title": "x" * 1001,
            "excerpt": "kept caption",
        },
    )
    assert response.status_code == 422
    assert "keep it under 1000" in response.text and "kept caption" in response.text
    assert attachments()[0].title == "dot"


# -- who may ----------------------------------------------------------------------------------


def test_a_contributor_may_not_open_the_media_screens(app: Flask) -> None:
    client = signed_in(app.test_client(), make_person("contributor", "carl"))
    for url in ("/wp-admin/upload.php", "/wp-admin/media-new.php", "/wp-admin/media.php"):
        assert client.get(url).status_code == 403, url
    refused = upload(client, (picture("PNG", (64, 64)), "dot.png"))
    assert refused.status_code == 403 and attachments() == []


def test_an_author_edits_and_deletes_only_their_own_files(app: Flask, admin: FlaskClient) -> None:
    upload(admin, (picture("PNG", (64, 64)), "admins.png"))
    author = signed_in(app.test_client(), make_person("author", "ann"))
    upload(author, (picture("PNG", (64, 64)), "mine.png"))
    theirs, mine = attachments()
    assert author.get(f"/wp-admin/media.php?attachment_id={mine.id}").status_code == 200
    assert author.get(f"/wp-admin/media.php?attachment_id={theirs.id}").status_code == 403
    for action in ("editattachment", "delete", "regenerate"):
        response = post_form(
            author,
            "/wp-admin/media.php",
            {"attachment_id": str(theirs.id), "action": action, "post_title": "Mine now"},
        )
        assert response.status_code == 403, action
    assert [a.title for a in attachments()] == ["admins", "mine"]
    # The library lists both, but offers to edit only the author's own.
    library = admin.get("/wp-admin/upload.php")
    assert library.text.count("action=edit") >= 2
    own = author.get("/wp-admin/upload.php").text
    assert f"attachment_id={mine.id}&amp;action=edit" in own
    assert f"attachment_id={theirs.id}&amp;action=edit" not in own


# -- the library's list -----------------------------------------------------------------------


def test_the_library_pages_twenty_at_a_time(app: Flask, admin: FlaskClient) -> None:
    upload(admin, *[(f"row,{n}\n".encode(), f"sheet-{n:02}.csv") for n in range(23)])
    first = admin.get("/wp-admin/upload.php")
    assert "23 items" in first.text and "Page 1 of 2" in first.text
    second = admin.get("/wp-admin/upload.php?paged=2")
    # Newest first; uploaded within one second, they come in ID order from the newest.
    assert len(listed(first)) == 20 and len(listed(second)) == 3
    assert set(listed(first)) | set(listed(second)) == {f"sheet-{n:02}.csv" for n in range(23)}
    grid = admin.get("/wp-admin/upload.php?mode=grid")
    assert 'class="media-grid"' in grid.text


# -- serving ----------------------------------------------------------------------------------


def _put(app: Flask, name: str, body: bytes) -> None:
    path = Path(app.instance_path) / "uploads" / "2020" / "01" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)


@pytest.mark.parametrize(
    ("name", "content_type", "download"),
    [
        ("photo.jpg", "image/jpeg", False),
        ("talk.mp3", "audio/mpeg", False),
        ("clip.webm", "video/webm", False),
        ("report.pdf", "application/pdf", True),
        ("notes.txt", "text/plain; charset=utf-8", True),
        ("logo.svg", "application/octet-stream", True),
        ("page.html", "application/octet-stream", True),
        ("shell.php", "application/octet-stream", True),
        ("app.js", "application/octet-stream", True),
    ],
)
def test_uploads_are_never_served_as_something_that_runs(
    app: Flask, name: str, content_type: str, download: bool
) -> None:
    _put(app, name, b"<script>alert(1)</script>")
    response = app.test_client().get(f"/wp-content/uploads/2020/01/{name}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    disposition = response.headers.get("Content-Disposition", "")
    assert disposition.startswith("attachment" if download else "inline")


def test_uploads_outside_the_folder_are_not_found(app: Flask) -> None:
    (Path(app.instance_path) / "secret.txt").write_text("no")
    client = app.test_client()
    assert client.get("/wp-content/uploads/../secret.txt").status_code == 404
    assert client.get("/wp-content/uploads/%2e%2e/secret.txt").status_code == 404
