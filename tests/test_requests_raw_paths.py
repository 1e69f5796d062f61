"""Raw UTF-8 in the request line reaches the router as the bytes the client sent.

Browsers percent-encode paths, but curl, scripts and some proxies send raw UTF-8. Under
``magtheme run`` (Werkzeug's server) and under gunicorn (``RAW_URI``) both forms of a
Japanese or Greek slug must name the same post.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from werkzeug.serving import make_server

from magtheme import create_app
from magtheme.models import db
from magtheme.serving import RequestHandler
from magtheme.slugs import encode_slug
from magtheme.urls import raw_path
from tests.factories import make_post, make_term

#: Titles whose slugs are percent-encoded UTF-8 in the database, as WordPress stores them.
TITLES = ["日本語の記事", "Καλημέρα κόσμε", "Ünïcödé café", "emoji 😀 post"]


def _slug(title: str) -> str:
    return encode_slug(title.lower().replace(" ", "-"))


def _seed(app: Flask) -> dict[str, int]:
    with app.app_context():
        db.create_all()
        news = make_term("Νέα", slug=encode_slug("νέα"))
        ids = {}
        for n, title in enumerate(TITLES):
            post = make_post(
                title, slug=_slug(title), terms=[news], date=datetime(2024, 5, 11, 9, n)
            )
            ids[title] = post.id
        make_post("100% sure", slug="100-sure", date=datetime(2024, 5, 11, 10, 0))
        db.session.commit()
    return ids


def _request_line(port: int, target: bytes, host: bytes = b"127.0.0.1") -> tuple[int, bytes]:
    """Send *target* byte for byte in the request line; the status and the body."""
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(
            b"GET " + target + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
        )
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks)
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


@pytest.fixture
def served(instance: Path, tmp_path: Path) -> Iterator[tuple[int, dict[str, int]]]:
    """The site on Werkzeug's server with ``magtheme run``'s handler, in a thread."""
    from tests.conftest import PROBE_TEMPLATES, write_theme

    write_theme(tmp_path / "themes", "probe", PROBE_TEMPLATES)
    app = create_app(instance, {"SITE_THEME_DIRS": [str(tmp_path / "themes")]})
    ids = _seed(app)
    with app.app_context():
        from magtheme.options import update_option

        update_option("stylesheet", "probe")
        update_option("template", "probe")
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, request_handler=RequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.port, ids
    finally:
        server.shutdown()
        thread.join()
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("title", TITLES)
def test_raw_utf8_and_percent_encoded_paths_name_the_same_post(
    served: tuple[int, dict[str, int]], title: str
) -> None:
    port, ids = served
    path = "/2024/05/11/" + title.lower().replace(" ", "-") + "/"
    for target in (path.encode("utf-8"), quote(path).encode("ascii"), quote(path).lower().encode()):
        status, body = _request_line(port, target)
        assert status == 200, target
        assert f'data-id="{ids[title]}"'.encode() in body, target


def test_raw_utf8_in_archives_and_queries(served: tuple[int, dict[str, int]]) -> None:
    port, _ = served
    assert _request_line(port, "/category/νέα/".encode())[0] == 200
    status, body = _request_line(port, "/?s=Καλημέρα".encode())
    assert status == 200 and b"data-id=" in body
    status, body = _request_line(port, b"/?s=100%25")
    assert status == 200 and b"100% sure" in body
    # Bytes that are not UTF-8 name nothing, and say so without a 500.
    assert _request_line(port, b"/2024/05/11/\xff\xfe/")[0] == 404
    assert _request_line(port, b"/?s=\xff")[0] == 200


@pytest.mark.parametrize(
    ("environ", "decoded", "expected"),
    [
        # gunicorn: RAW_URI is the target as sent, bytes as latin-1 text (PEP 3333)
        ({"RAW_URI": "/æ\x97¥/?x=1"}, "/日/", "/%E6%97%A5/"),
        ({"RAW_URI": "/%E6%97%A5/"}, "/日/", "/%E6%97%A5/"),
        ({"RAW_URI": "/100%25/"}, "/100%/", "/100%25/"),
        ({"REQUEST_URI": "/Î±/"}, "/α/", "/%CE%B1/"),
        # mounted under a prefix: the path is the site's own, like PATH_INFO
        ({"RAW_URI": "/blog/Î±/", "SCRIPT_NAME": "/blog"}, "/α/", "/%CE%B1/"),
        ({"RAW_URI": "/blog", "SCRIPT_NAME": "/blog"}, "/", "/"),
        ({"RAW_URI": "/blogger/", "SCRIPT_NAME": "/blog"}, "/blogger/", "/blogger/"),
        # absolute-form or missing target: the decoded path, encoded again
        ({"RAW_URI": "http://example.com/x/"}, "/x/", "/x/"),
        ({}, "/日/", "/%E6%97%A5/"),
    ],
)
def test_raw_path_from_a_wsgi_environ(environ: dict[str, str], decoded: str, expected: str) -> None:
    assert raw_path(environ, decoded) == expected


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_magtheme_run_serves_raw_utf8_paths_and_ignores_the_host_header(
    instance: Path,
) -> None:
    """The real command, in its own process."""
    ids = _seed(create_app(instance))
    port = _free_port()
    env = {**os.environ, "MAGTHEME_INSTANCE": str(instance)}
    env.pop("MAGTHEME_SITE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-c", "from magtheme.cli import main; main()", "run", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(400):  # wait for the server to listen, a bounded number of tries
            try:
                socket.create_connection(("127.0.0.1", port)).close()
                break
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.05)
        assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
        title = TITLES[0]
        status, body = _request_line(port, "/2024/05/11/日本語の記事/".encode())
        assert status == 200
        assert str(ids[title]).encode() in body or title.encode() in body
        status, body = _request_line(port, b"/", host=b"evil.example")
        assert status == 200 and b"evil.example" not in body
        assert f"http://127.0.0.1:{port}/".encode() in body
        assert _request_line(port, b"/", host=b"a b")[0] == 400
    finally:
        process.terminate()
        process.wait()
    output = process.stdout.read().decode() if process.stdout else ""
    assert f"links use http://127.0.0.1:{port}/" in output


@pytest.mark.parametrize("query", ["s=\xff", "s=\xe6\x97\xa5", "s=caf\xe9&paged=\xff", "s=\x00"])
def test_raw_bytes_in_any_servers_query_string_never_500(probe_app: Flask, query: str) -> None:
    """Gunicorn hands the query string over as sent (latin-1 text), invalid UTF-8 included."""
    make_post("Only")
    response = probe_app.test_client().get("/", environ_overrides={"QUERY_STRING": query})
    assert response.status_code in (200, 404)


def test_a_raw_utf8_search_finds_what_its_encoded_twin_finds(probe_app: Flask) -> None:
    make_post("日本語の記事")
    client = probe_app.test_client()
    raw = client.get("/", environ_overrides={"QUERY_STRING": "s=日本語".encode().decode("latin-1")})
    encoded = client.get("/?s=%E6%97%A5%E6%9C%AC%E8%AA%9E")
    assert raw.status_code == encoded.status_code == 200
    assert raw.get_data() == encoded.get_data() and b"data-id=" in raw.get_data()
