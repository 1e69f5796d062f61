"""Theme static files: child → parent fallback, hashed URLs, safe paths, headers."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from flask import Flask

from magtheme.themes import ThemeChain, build_chain, discover_themes
from magtheme.themes.assets import (
    IMMUTABLE,
    SHORT,
    asset_headers,
    asset_url,
    find_asset,
    send_asset,
)
from tests.conftest import write_theme


def write_static(theme: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        path = theme / "static" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def sha10(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:10]


PARENT_CSS = b"body { color: black }"
CHILD_CSS = b"body { color: navy }"
PARENT_JS = b"console.log('parent')"


@pytest.fixture
def roots(tmp_path: Path) -> Path:
    parent = write_theme(tmp_path, "parent", {"index.html": "p"})
    child = write_theme(tmp_path, "child", {}, parent="parent")
    write_static(parent, {"css/style.css": PARENT_CSS, "js/app.js": PARENT_JS})
    write_static(child, {"css/style.css": CHILD_CSS, ".env": b"SECRET=1"})
    (child / "static" / "img").mkdir()
    (tmp_path / "outside.txt").write_text("not a theme file")
    return tmp_path


def chain_of(root: Path, slug: str = "child", *, debug: bool = False) -> ThemeChain:
    return build_chain(slug, discover_themes([root]), auto_reload=debug)


def test_the_child_serves_its_own_file_and_falls_back_to_the_parent(roots: Path) -> None:
    chain = chain_of(roots)
    assert find_asset(chain, "css/style.css") == roots / "child/static/css/style.css"
    assert find_asset(chain, "js/app.js") == roots / "parent/static/js/app.js"
    assert find_asset(chain, "js/missing.js") is None
    assert find_asset(chain, "img") is None  # a folder is not a file


@pytest.mark.parametrize(
    "path",
    [
        "",
        "../theme.toml",
        "css/../../theme.toml",
        "../../outside.txt",
        "%2e%2e/theme.toml",
        "css/%2E%2E/%2e%2e/theme.toml",
        "/etc/passwd",
        "%2fetc/passwd",
        "css\\..\\..\\theme.toml",
        "css/style.css\x00.png",
        ".env",
        "css/.style.css",
        "./css/style.css",
        "css//style.css",
    ],
)
def test_paths_that_leave_static_or_hide_are_refused(roots: Path, path: str) -> None:
    assert find_asset(chain_of(roots), path) is None


def test_a_symlink_out_of_static_is_refused(roots: Path) -> None:
    os.symlink(roots / "outside.txt", roots / "child/static/css/linked.css")
    assert find_asset(chain_of(roots), "css/linked.css") is None


def test_urls_carry_the_hash_of_the_file_the_chain_serves(roots: Path) -> None:
    chain = chain_of(roots)
    assert asset_url(chain, "css/style.css") == (
        f"/themes/child/static/css/style.css?v={sha10(CHILD_CSS)}"
    )
    assert asset_url(chain, "/js/app.js") == f"/themes/child/static/js/app.js?v={sha10(PARENT_JS)}"
    assert asset_url(chain, "fonts/none.woff2") == "/themes/child/static/fonts/none.woff2"
    assert asset_url(chain_of(roots, "parent"), "css/style.css").endswith(f"?v={sha10(PARENT_CSS)}")


def test_in_debug_mode_an_edited_file_gets_a_new_url(roots: Path) -> None:
    chain = chain_of(roots, debug=True)
    before = asset_url(chain, "css/style.css")
    path = roots / "child/static/css/style.css"
    path.write_bytes(b"body { color: teal }")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    after = asset_url(chain, "css/style.css")
    assert before != after
    assert after.endswith("?v=" + sha10(b"body { color: teal }"))


def test_a_new_override_in_the_child_changes_the_url_in_debug_mode(roots: Path) -> None:
    chain = chain_of(roots, debug=True)
    assert asset_url(chain, "js/app.js").endswith(sha10(PARENT_JS))
    write_static(roots / "child", {"js/app.js": b"console.log('child')"})
    assert asset_url(chain, "js/app.js").endswith(sha10(b"console.log('child')"))


def test_outside_debug_mode_the_url_is_computed_once_per_chain(roots: Path) -> None:
    chain = chain_of(roots)
    before = asset_url(chain, "css/style.css")
    path = roots / "child/static/css/style.css"
    path.write_bytes(b"body { color: red }")
    assert asset_url(chain, "css/style.css") == before  # no stat() per page
    rebuilt = chain_of(roots)  # activation or a restart builds a new chain
    assert asset_url(rebuilt, "css/style.css").endswith(sha10(b"body { color: red }"))


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("a.css", "text/css; charset=utf-8"),
        ("a.js", "text/javascript; charset=utf-8"),
        ("a.mjs", "text/javascript; charset=utf-8"),
        ("a.js.map", "application/json; charset=utf-8"),
        ("a.svg", "image/svg+xml; charset=utf-8"),
        ("a.woff2", "font/woff2"),
        ("a.woff", "font/woff"),
        ("a.webp", "image/webp"),
        ("a.avif", "image/avif"),
        ("favicon.ico", "image/vnd.microsoft.icon"),
        ("a.png", "image/png"),
        ("A.JPG", "image/jpeg"),
        ("a.unknownext", "application/octet-stream"),
    ],
)
def test_content_types(name: str, content_type: str) -> None:
    assert asset_headers(Path(name), hashed=False)["Content-Type"] == content_type


def test_only_the_current_hash_is_cached_for_a_year() -> None:
    assert asset_headers(Path("a.css"), hashed=True)["Cache-Control"] == IMMUTABLE
    assert IMMUTABLE == "public, max-age=31536000, immutable"
    assert (
        asset_headers(Path("a.css"), hashed=False)["Cache-Control"]
        == SHORT
        == ("public, max-age=300")
    )
    assert asset_headers(Path("a.css"), hashed=True)["X-Content-Type-Options"] == "nosniff"


def test_send_asset_serves_with_the_right_headers(app: Flask, roots: Path) -> None:
    chain = chain_of(roots)
    current = sha10(CHILD_CSS)
    with app.test_request_context(f"/themes/child/static/css/style.css?v={current}"):
        response = send_asset(chain, "css/style.css", current)
        assert response is not None
        response.direct_passthrough = False
        assert response.status_code == 200
        assert response.get_data() == CHILD_CSS
        assert response.headers["Content-Type"] == "text/css; charset=utf-8"
        assert response.headers["Cache-Control"] == IMMUTABLE
        etag = response.headers["ETag"]
    with app.test_request_context("/x", headers={"If-None-Match": etag}):
        stale = send_asset(chain, "css/style.css", "0123456789")
        assert stale is not None
        assert stale.status_code == 304
        assert stale.headers["Cache-Control"] == SHORT
    with app.test_request_context("/x"):
        assert send_asset(chain, "../theme.toml", None) is None
        assert send_asset(chain, "js/missing.js", None) is None
