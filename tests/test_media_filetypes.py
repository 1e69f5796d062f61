"""What the media library takes, decided from a file's bytes (magtheme.media.filetypes)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from magtheme.cli import main
from magtheme.media.filetypes import TooLarge, UploadError, check_file
from magtheme.media.library import sanitize_file_name


def _zip(parts: dict[str, str]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return data.getvalue()


def _png() -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (8, 8)).save(data, "PNG")
    return data.getvalue()


DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})

ACCEPTED = [
    (_png(), "a.png", "image/png", ".png"),
    (_png(), "a.jpg", "image/png", ".png"),  # WordPress corrects an image's extension
    (b"%PDF-1.4\n", "a.pdf", "application/pdf", ".pdf"),
    (b"\xff\xfb\x90\x00" + bytes(60), "a.mp3", "audio/mpeg", ".mp3"),
    (bytes(4) + b"ftypisom" + bytes(20), "a.mp4", "video/mp4", ".mp4"),
    (bytes(4) + b"ftypM4A " + bytes(20), "a.m4a", "audio/mpeg", ".m4a"),
    (bytes(4) + b"ftypqt  " + bytes(20), "a.mov", "video/quicktime", ".mov"),
    (b"OggS" + bytes(40), "a.ogg", "audio/ogg", ".ogg"),
    (b"\x1a\x45\xdf\xa3" + bytes(40), "a.webm", "video/webm", ".webm"),
    (b"RIFF\x00\x00\x00\x00WAVEfmt ", "a.wav", "audio/wav", ".wav"),
    ("Grüße\n".encode(), "a.txt", "text/plain", ".txt"),
    (
        DOCX,
        "a.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    (ODT, "a.odt", "application/vnd.oasis.opendocument.text", ".odt"),
]


@pytest.mark.parametrize(("body", "name", "mime_type", "extension"), ACCEPTED)
def test_accepted_types_by_their_bytes(
    tmp_path: Path, body: bytes, name: str, mime_type: str, extension: str
) -> None:
    path = tmp_path / "upload"
    path.write_bytes(body)
    checked = check_file(path, name)
    assert (checked.mime_type, checked.extension) == (mime_type, extension)


REFUSED = [
    (DOCX, "a.xlsx", "its content is a Word document, but its name ends in .xlsx"),
    (XLSX, "a.docx", "its content is an Excel spreadsheet"),
    (_zip({"a.txt": "x"}), "a.docx", "its content is not a Word document"),
    (
        _zip({"word/document.xml": "<w/>", "word/vbaProject.bin": "x"}),
        "a.docx",
        "holds macros",
    ),
    (b"%PDF-1.4", "a.mp3", "its content is a PDF document, but its name ends in .mp3"),
    (b"ID3\x04" + bytes(20), "a.wav", "its content is an MP3 audio, but its name ends in .wav"),
    (b"hello", "a.bmp", ".bmp is not a type the media library takes"),
    (b"hello", "README", "a name without an extension is not a type"),
    (b"\xe9t\xe9", "a.txt", "must be UTF-8, and byte 0 is not"),
    (b"<svg onload=alert(1)>", "a.csv", "HTML or SVG markup"),
    (b"\x7fELF\x02", "a.pdf", "its content is a program"),
    (b"x", ".htaccess", "a server's configuration"),
]


@pytest.mark.parametrize(("body", "name", "message"), REFUSED)
def test_refusals_say_what_the_file_is(
    tmp_path: Path, body: bytes, name: str, message: str
) -> None:
    path = tmp_path / "upload"
    path.write_bytes(body)
    with pytest.raises(UploadError) as refused:
        check_file(path, name)
    assert message in str(refused.value) and str(refused.value).startswith(f"{name}: ")


def test_the_size_limit_counts_bytes(tmp_path: Path) -> None:
    path = tmp_path / "upload"
    path.write_bytes(b"a" * 2048)
    assert check_file(path, "a.txt", max_bytes=2048).mime_type == "text/plain"
    with pytest.raises(TooLarge, match=r"a\.txt: 2\.0 KB is more than the 2\.0 KB"):
        check_file(path, "a.txt", max_bytes=2047)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("Harbour at dawn.jpg", "Harbour-at-dawn.jpg"),
        ("shell.php.jpg", "shell.php_.jpg"),
        ("report.final.pdf", "report.final_.pdf"),
        ("archive.tar.pdf", "archive.tar_.pdf"),
        ("scan.pdf.pdf", "scan.pdf.pdf"),  # an inner extension the library keeps is harmless
        ("v1.2.txt", "v1.2.txt"),
        ("..hidden..png", "hidden..png"),
    ],
)
def test_sanitize_file_name_defuses_inner_extensions(given: str, kept: str) -> None:
    assert sanitize_file_name(given) == kept


def test_the_command_line_refuses_what_the_admin_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(tmp_path / "site"))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    page, report = tmp_path / "page.html", tmp_path / "Report 2024.pdf"
    page.write_bytes(b"<!doctype html><script>alert(1)</script>")
    report.write_bytes(b"%PDF-1.7\n")
    result = runner.invoke(main, ["media", "import", str(page), str(report)])
    assert result.exit_code == 1
    assert "page.html: this is a web page, which runs scripts in visitors' browsers" in (
        result.output
    )
    assert f"Success: Imported file '{report}' as attachment ID 1." in result.output
    stored = [p.name for p in (tmp_path / "site" / "uploads").rglob("*") if p.is_file()]
    assert stored == ["Report-2024.pdf"]
