"""The reader takes every well-formed export, refuses every malformed one with its line, and
streams: items come one at a time, whatever the size of the file or of one text."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from magtheme.models import Post, db
from magtheme.wxr import WXRError, WXRItem, import_wxr, iter_wxr, read_wxr
from tests.test_wxr_import import AUTHOR, item, registry, write_wxr

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"'
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"{extra}>\n'
    "<channel><title>T</title><wp:wxr_version>1.2</wp:wxr_version>\n"
)
TAIL = "</channel></rss>\n"


def export(tmp_path: Path, body: str, *, extra: str = "", name: str = "x.xml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD.format(extra=extra) + body + TAIL, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "declaration",
    [
        ' xmlns:geo="http://example.com/géo/"',  # non-ASCII: libxml2's strict mode refuses it
        ' xmlns:ja="http://例え.jp/名前空間"',
        ' xmlns:sp="urn:with space"',
        ' xmlns:rel="relative/namespace"',
    ],
)
def test_a_namespace_that_is_not_an_rfc3986_uri_is_still_xml(
    app: Flask, tmp_path: Path, declaration: str
) -> None:
    prefix = declaration.split(":")[1].split("=")[0]
    extra = f"<{prefix}:note>kept out</{prefix}:note><wp:post_id>4</wp:post_id>"
    body = f"<item><title>Hi</title><wp:post_type>post</wp:post_type>{extra}</item>"
    path = export(tmp_path, body, extra=declaration)
    (read,) = read_wxr(path).items
    assert (read.post_id, read.title) == (4, "Hi")
    import_wxr(path, registry=registry(app))
    assert db.session.get(Post, 4) is not None


MALFORMED = {
    "unclosed": ("<item><title>x</item>", 4),
    "undeclared-entity": ("<item>\n<title>&nbsp;</title></item>", 5),
    "mismatched": ("<item><title>x</titel></item>", 4),
    "bad-character": ("<item><title>\x01</title></item>", 4),
    "unquoted-attribute": ("<item><category domain=x>y</category></item>", 4),
    "unescaped-ampersand": ("<item>\n\n<title>Fish & chips</title></item>", 6),
    "bare-less-than": ("<item><title>1 < 2</title></item>", 4),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_xml_is_refused_with_its_line(tmp_path: Path, case: str) -> None:
    body, line = MALFORMED[case]
    path = export(tmp_path, body)
    with pytest.raises(WXRError) as caught:
        read_wxr(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line {line}: not well-formed XML (")
    assert "export it again" in message


def test_bytes_that_are_not_utf8_are_refused_with_their_line(tmp_path: Path) -> None:
    path = export(tmp_path, "<item><title>ok</title></item>\n<item><title>@</title></item>")
    path.write_bytes(path.read_bytes().replace(b"@", b"\xff\xfe"))
    with pytest.raises(WXRError, match=rf"{path}, line 5: not well-formed XML"):
        read_wxr(path)


def test_a_truncated_file_is_refused(tmp_path: Path) -> None:
    path = export(tmp_path, item(1, "A"))
    path.write_text(path.read_text()[:-40])
    with pytest.raises(WXRError, match="not well-formed XML"):
        read_wxr(path)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rss [<!ENTITY e "x">]>',
        "<!DOCTYPE rss>",
        '<!DOCTYPE rss [<!ENTITY big SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_a_doctype_is_refused_even_with_huge_texts_allowed(tmp_path: Path, doctype: str) -> None:
    path = export(tmp_path, "<item><title>&e;</title></item>")
    text = path.read_text().replace("<rss", doctype + "\n<rss", 1)
    path.write_text(text)
    with pytest.raises(WXRError, match="line 3: the file has a DOCTYPE declaration"):
        read_wxr(path)


def test_a_post_of_thirty_megabytes_is_imported_whole(app: Flask, tmp_path: Path) -> None:
    """One text node of 30+ MB (libxml2 refuses text nodes over 10 MB unless told)."""
    paragraph = "<p>Lorem ipsum dolor sit amet, ünïcödé ✓ — " + "x" * 200 + "</p>\n"
    repeat = 31 * 1024 * 1024 // len(paragraph.encode()) + 1
    path = tmp_path / "huge.xml"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD.format(extra="") + AUTHOR.replace("wp:author>", "wp:author>"))
        out.write("<item><title>Huge</title><wp:post_id>3</wp:post_id>")
        out.write("<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>")
        out.write("<content:encoded><![CDATA[")
        for _ in range(repeat):
            out.write(paragraph)
        out.write("]]></content:encoded></item>" + TAIL)
    assert path.stat().st_size > 30 * 1024 * 1024
    import_wxr(path, registry=registry(app))
    post = db.session.get(Post, 3)
    assert post is not None and post.content == paragraph * repeat


class GeneratedFile(io.RawIOBase):
    """A file whose bytes come from a generator, counting how much has been produced."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.buffer = b""
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray) -> int:  # type: ignore[override]
        while not self.buffer:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.produced += 1
            self.buffer = chunk
        size = min(len(target), len(self.buffer))
        target[:size] = self.buffer[:size]
        self.buffer = self.buffer[size:]
        return size


def test_items_are_yielded_before_the_rest_of_the_file_is_read() -> None:
    total = 20_000

    def chunks() -> Iterator[bytes]:
        yield HEAD.format(extra="").encode()
        for n in range(1, total + 1):
            yield (
                f"<item><title>Item {n}</title><wp:post_id>{n}</wp:post_id>"
                f"<content:encoded><![CDATA[{'text ' * 40}]]></content:encoded></item>\n"
            ).encode()
        yield TAIL.encode()

    source = GeneratedFile(chunks())
    records = iter_wxr(io.BufferedReader(source))
    first = next(records)
    assert isinstance(first, WXRItem) and first.post_id == 1
    assert source.produced < total // 10  # the file is read as the items are asked for
    later = [next(records) for _ in range(total // 2)]
    assert later[-1].post_id == total // 2 + 1 and source.produced < total * 3 // 4
    assert sum(1 for _ in records) == total - total // 2 - 1


def test_light_reading_keeps_what_planning_needs_and_drops_the_texts(tmp_path: Path) -> None:
    meta = (
        "<wp:postmeta><wp:meta_key>{0}</wp:meta_key><wp:meta_value>{1}</wp:meta_value>"
        "</wp:postmeta>"
    )
    extra = (
        meta.format("_thumbnail_id", "9")
        + meta.format("big", "x" * 1000)
        + "<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_author>Ann</wp:comment_author>"
        "<wp:comment_content>long words</wp:comment_content></wp:comment>"
    )
    path = write_wxr(tmp_path, AUTHOR + item(5, "Post", extra=extra))
    (full,) = read_wxr(path).items
    (light,) = read_wxr(path, light=True).items
    assert full.content == "Body of Post" and light.content == ""
    assert light.meta == [("_thumbnail_id", "9"), ("big", "")]
    assert (light.comments[0].author, light.comments[0].content) == ("Ann", "")
    assert (light.title, light.post_id, light.slug) == (full.title, full.post_id, full.slug)
