"""magtheme media import / regenerate / image-size: WP-CLI's shape, files and rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from magtheme import create_app
from magtheme.cli import main
from magtheme.media.metadata import parse_metadata
from magtheme.models import Post, PostMeta, db
from tests.conftest import write_theme


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "site"
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(folder))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    assert CliRunner().invoke(main, ["init"]).exit_code == 0
    return folder


def run(*args: str, code: int = 0):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def photo(path: Path, size: tuple[int, int] = (1200, 800)) -> Path:
    Image.new("RGB", size, (120, 60, 30)).save(path, "JPEG")
    return path


def uploaded(site: Path) -> list[str]:
    root = site / "uploads"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def rows(site: Path) -> tuple[list[Post], dict[tuple[int, str], str]]:
    app = create_app(site)
    with app.app_context():
        posts = db.session.scalars(db.select(Post).order_by(Post.id)).all()
        meta = {(m.post_id, m.key): m.value for m in db.session.scalars(db.select(PostMeta))}
        db.session.expunge_all()
        db.session.remove()
    return list(posts), meta


def test_import_copies_into_year_month_with_sizes_and_a_row(site: Path, tmp_path: Path) -> None:
    out = run("media", "import", str(photo(tmp_path / "Harbour at dawn.jpg")), "--alt=Boats")
    assert out.output.strip() == (
        f"Success: Imported file '{tmp_path / 'Harbour at dawn.jpg'}' as attachment ID 1."
    )
    files = uploaded(site)
    (folder,) = {f.rsplit("/", 1)[0] for f in files}
    # WordPress's sizes, and the active (default) theme's: Magazine's lead and card; its
    # thumb is WordPress's thumbnail, the same file.
    assert [f.rsplit("/", 1)[1] for f in files] == [
        "Harbour-at-dawn-1024x683.jpg",
        "Harbour-at-dawn-1200x675.jpg",
        "Harbour-at-dawn-150x150.jpg",
        "Harbour-at-dawn-300x200.jpg",
        "Harbour-at-dawn-600x338.jpg",
        "Harbour-at-dawn-768x512.jpg",
        "Harbour-at-dawn.jpg",
    ]
    (post,), meta = rows(site)
    assert (post.post_type, post.status, post.mime_type, post.title) == (
        "attachment",
        "inherit",
        "image/jpeg",
        "Harbour at dawn",
    )
    assert post.guid.endswith(f"/wp-content/uploads/{folder}/Harbour-at-dawn.jpg")
    assert meta[(1, "_wp_attached_file")] == f"{folder}/Harbour-at-dawn.jpg"
    assert meta[(1, "_wp_attachment_image_alt")] == "Boats"
    data = parse_metadata(meta[(1, "_wp_attachment_metadata")])
    assert (data.width, data.height, data.file) == (1200, 800, f"{folder}/Harbour-at-dawn.jpg")
    assert data.sizes["large"].file == "Harbour-at-dawn-1024x683.jpg"


def test_import_never_overwrites_and_numbers_like_wordpress(site: Path, tmp_path: Path) -> None:
    source = photo(tmp_path / "pic.jpg", (200, 100))
    run("media", "import", str(source), str(source), str(source), "--title=Same")
    names = [f.rsplit("/", 1)[1] for f in uploaded(site)]
    assert {"pic.jpg", "pic-1.jpg", "pic-2.jpg"} <= set(names)
    posts, _ = rows(site)
    assert [p.slug for p in posts] == ["same", "same-2", "same-3"]


def test_import_as_featured_image_of_a_post(site: Path, tmp_path: Path) -> None:
    app = create_app(site)
    with app.app_context():
        from tests.factories import make_post

        story = make_post("Story").id
        db.session.remove()
    run("media", "import", str(photo(tmp_path / "a.jpg")), f"--post_id={story}", "--featured_image")
    run("media", "import", str(photo(tmp_path / "b.jpg")), f"--post_id={story}", "--featured_image")
    posts, meta = rows(site)
    assert [p.parent_id for p in posts if p.post_type == "attachment"] == [story, story]
    assert meta[(story, "_thumbnail_id")] == str(posts[-1].id)


def test_a_refused_file_leaves_no_row_and_no_file(site: Path, tmp_path: Path) -> None:
    fake = tmp_path / "invoice.jpg"
    fake.write_bytes(b"%PDF-1.4 not a picture")
    good = photo(tmp_path / "good.jpg", (300, 200))
    result = run("media", "import", str(fake), str(good), code=1)
    assert "invoice.jpg: not an image Magtheme can read" in result.output
    assert (
        "Success: Imported file" in result.output
        and "1 of 2 files were not imported" in result.output
    )
    posts, _ = rows(site)
    assert [p.title for p in posts] == ["good"]
    assert all("invoice" not in f for f in uploaded(site))


def test_a_failure_while_making_sizes_takes_everything_back(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from magtheme.media import editor, library

    real = editor.make_subsizes

    def half_then_fail(uploads, meta, sizes, written, **kw):  # type: ignore[no-untyped-def]
        real(uploads, meta, dict(list(sizes.items())[:2]), written, **kw)
        raise editor.ImageError("pic.jpg: the disk is full. Free some room and import it again.")

    monkeypatch.setattr(library, "make_subsizes", half_then_fail)
    result = run("media", "import", str(photo(tmp_path / "pic.jpg")), code=1)
    assert "the disk is full" in result.output
    assert rows(site)[0] == [] and uploaded(site) == []
    assert not (site / "uploads").exists()  # not even the YYYY/MM folders it made


def test_missing_file_and_bad_post_are_explained(site: Path, tmp_path: Path) -> None:
    result = run("media", "import", str(tmp_path / "nowhere.jpg"), code=1)
    assert "nowhere.jpg: there is no such file" in result.output
    result = run("media", "import", str(photo(tmp_path / "p.jpg")), "--post_id=99", code=1)
    assert "there is no post 99" in result.output and uploaded(site) == []
    result = run("media", "import", str(tmp_path / "p.jpg"), "--featured_image", code=2)
    assert "--featured_image needs --post_id" in result.output


def test_image_size_lists_wordpress_and_theme_sizes(site: Path) -> None:
    theme = write_theme(site / "themes", "mag", {"index.html": "x"})
    with (theme / "theme.toml").open("a") as manifest:
        manifest.write('\n[[image_sizes]]\nname = "card"\nwidth = 640\nheight = 360\ncrop = true\n')
    run("option", "set", "stylesheet", "mag")
    listed = json.loads(run("media", "image-size", "--format=json").output)
    assert {row["name"]: (row["width"], row["height"], row["crop"]) for row in listed} == {
        "2048x2048": (2048, 2048, "soft"),
        "1536x1536": (1536, 1536, "soft"),
        "large": (1024, 1024, "soft"),
        "medium_large": (768, 0, "soft"),
        "card": (640, 360, "hard"),
        "medium": (300, 300, "soft"),
        "thumbnail": (150, 150, "hard"),
    }
    table = run("media", "image-size").output.splitlines()
    assert table[0] == "name\twidth\theight\tcrop" and table[1].startswith("2048x2048\t")


def test_regenerate_makes_a_new_theme_size_and_only_missing_keeps_files(
    site: Path, tmp_path: Path
) -> None:
    run("media", "import", str(photo(tmp_path / "pic.jpg")))
    (folder,) = {f.rsplit("/", 1)[0] for f in uploaded(site)}
    medium = site / "uploads" / folder / "pic-300x200.jpg"
    before = medium.stat().st_mtime_ns
    theme = write_theme(site / "themes", "mag", {"index.html": "x"})
    with (theme / "theme.toml").open("a") as manifest:
        manifest.write('\n[[image_sizes]]\nname = "card"\nwidth = 640\nheight = 360\ncrop = true\n')
    run("option", "set", "stylesheet", "mag")
    out = run("media", "regenerate", "--only-missing").output
    assert "Regenerated attachment 1: card." in out and "Success: Regenerated 1 of 1" in out
    assert (site / "uploads" / folder / "pic-640x360.jpg").is_file()
    assert medium.stat().st_mtime_ns == before
    _, meta = rows(site)
    assert parse_metadata(meta[(1, "_wp_attachment_metadata")]).sizes["card"].height == 360
    # Back to a theme without "card": a full regeneration removes its copy.
    run("option", "set", "stylesheet", "classic")
    run("media", "regenerate", "1")
    assert not (site / "uploads" / folder / "pic-640x360.jpg").exists()
    assert medium.is_file()


def test_regenerate_refuses_unknown_ids_and_missing_files(site: Path, tmp_path: Path) -> None:
    run("media", "import", str(photo(tmp_path / "pic.jpg")))
    result = run("media", "regenerate", "1", "42", code=1)
    assert "there is no image attachment 42" in result.output
    for file in (site / "uploads").rglob("pic.jpg"):
        file.unlink()
    result = run("media", "regenerate", "1", code=1)
    assert "is not in the uploads folder" in result.output


def test_only_missing_remakes_a_size_whose_dimensions_changed(site: Path, tmp_path: Path) -> None:
    theme = write_theme(site / "themes", "mag", {"index.html": "x"})
    manifest = (theme / "theme.toml").read_text()
    card = '\n[[image_sizes]]\nname = "card"\nwidth = {}\nheight = {}\ncrop = true\n'
    (theme / "theme.toml").write_text(manifest + card.format(640, 360))
    run("option", "set", "stylesheet", "mag")
    run("media", "import", str(photo(tmp_path / "pic.jpg")))
    (theme / "theme.toml").write_text(manifest + card.format(800, 450))
    out = run("media", "regenerate", "--only-missing").output
    assert "Regenerated attachment 1: card." in out
    names = {f.rsplit("/", 1)[1] for f in uploaded(site)}
    assert "pic-800x450.jpg" in names and "pic-640x360.jpg" not in names
