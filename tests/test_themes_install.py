"""Installing themes from zip archives (hostile ones included) and deleting site themes."""

from __future__ import annotations

import stat
import struct
import warnings
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from magtheme.cli import main
from magtheme.options import DEFAULT_THEME
from magtheme.themes import ThemeError, discover_themes
from magtheme.themes.install import ArchiveError, delete_theme, install_zip
from magtheme.themes.manifest import Theme
from tests.conftest import write_theme

MANIFEST = 'name = "Zipped"\nslug = "zipped"\nversion = "1.0.0"\n'
GOOD = {"theme.toml": MANIFEST, "templates/index.html": "zipped index"}


def make_zip(path: Path, entries: dict[str, str | bytes], *, prefix: str = "") -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names we test
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, content in entries.items():
                zf.writestr(prefix + name, content)
    return path


def add_entry(path: Path, info: zipfile.ZipInfo, content: bytes = b"") -> None:
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(info, content)


def patch_entry(path: Path, name: str, fmt: str, local: int, central: int, value: int) -> None:
    """Overwrite one field of *name*'s local header and central directory entry."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        offset = zf.getinfo(name).header_offset
    struct.pack_into(fmt, data, offset + local, value)
    at = data.find(b"PK\x01\x02")
    while at != -1:  # central directory entries
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name.encode():
            struct.pack_into(fmt, data, at + central, value)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def declare_size(path: Path, name: str, size: int) -> None:
    """Rewrite the uncompressed size the archive declares for *name* (a zip bomb's trick)."""
    patch_entry(path, name, "<I", 22, 24, size)


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "instance" / "themes"


def assert_untouched(dest: Path) -> None:
    """Nothing reached the themes folder, and no temporary folder was left beside it."""
    assert not dest.exists() or not any(dest.iterdir())
    assert not leftovers(dest)


def leftovers(dest: Path) -> list[Path]:
    """Temporary folders left beside the themes folder."""
    if not dest.parent.is_dir():
        return []
    return [p for p in dest.parent.iterdir() if p.name.startswith(".magtheme-")]


def test_install_then_discover(tmp_path: Path, dest: Path) -> None:
    archive = make_zip(tmp_path / "zipped.zip", {**GOOD, "static/css/style.css": "body{}"})
    theme = install_zip(archive, dest)
    assert theme.slug == "zipped" and theme.path == dest / "zipped"
    assert (dest / "zipped" / "templates" / "index.html").read_text() == "zipped index"
    assert (dest / "zipped" / "static" / "css" / "style.css").is_file()
    assert list(discover_themes([dest])) == ["zipped"]
    assert not leftovers(dest)


def test_one_wrapping_folder_like_a_github_download(tmp_path: Path, dest: Path) -> None:
    archive = make_zip(tmp_path / "x.zip", GOOD, prefix="zipped-main/")
    add_entry(archive, zipfile.ZipInfo("__MACOSX/._theme.toml"), b"junk")
    theme = install_zip(archive, dest)
    assert theme.path == dest / "zipped"
    assert sorted(p.name for p in theme.path.iterdir()) == ["templates", "theme.toml"]


def test_dot_prefixed_names_are_fine(tmp_path: Path, dest: Path) -> None:
    theme = install_zip(make_zip(tmp_path / "dot.zip", GOOD, prefix="./"), dest)
    assert (theme.path / "templates" / "index.html").is_file()


@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "templates/../../evil.txt",
        "/abs.txt",
        "C:\\x.txt",
        "C:/x.txt",
        "templates\\..\\..\\evil.txt",
        "templates//index.html",
        ".",
    ],
)
def test_entries_escaping_the_folder_are_refused(tmp_path: Path, dest: Path, name: str) -> None:
    archive = make_zip(tmp_path / "evil.zip", GOOD)
    # ZipInfo keeps the name as given (writestr would normalise some of these).
    info = zipfile.ZipInfo("placeholder")
    info.filename = name
    add_entry(archive, info, b"pwned")
    with pytest.raises(ArchiveError) as caught:
        install_zip(archive, dest)
    assert caught.value.code == "MT-ZIP-ESCAPE"
    assert "evil.zip" in str(caught.value) and repr(name) in str(caught.value)
    assert_untouched(dest)
    assert not (tmp_path / "evil.txt").exists() and not (dest.parent / "evil.txt").exists()


def test_symlink_entries_are_refused(tmp_path: Path, dest: Path) -> None:
    archive = make_zip(tmp_path / "link.zip", GOOD)
    info = zipfile.ZipInfo("templates/passwd.html")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    add_entry(archive, info, b"/etc/passwd")
    with pytest.raises(ArchiveError) as caught:
        install_zip(archive, dest)
    assert caught.value.code == "MT-ZIP-SYMLINK"
    assert_untouched(dest)


def test_encrypted_entries_are_refused(tmp_path: Path, dest: Path) -> None:
    archive = make_zip(tmp_path / "locked.zip", GOOD)
    add_entry(archive, zipfile.ZipInfo("templates/secret.html"), b"x")
    patch_entry(archive, "templates/secret.html", "<H", 6, 8, 0x1)  # "encrypted" flag
    with pytest.raises(ArchiveError, match="encrypted") as caught:
        install_zip(archive, dest)
    assert caught.value.code == "MT-ZIP-ENCRYPTED"
    assert_untouched(dest)


def test_zip_bomb_with_a_small_declared_size_is_stopped(tmp_path: Path, dest: Path) -> None:
    archive = make_zip(tmp_path / "bomb.zip", {**GOOD, "static/big.bin": b"\0" * (30 * 2**20)})
    assert archive.stat().st_size < 2**20
    declare_size(archive, "static/big.bin", 1000)
    with pytest.raises(ArchiveError) as caught:
        install_zip(archive, dest)
    assert caught.value.code in ("MT-ZIP-CORRUPT", "MT-ZIP-TOO-LARGE")
    assert "static/big.bin" in str(caught.value)
    assert_untouched(dest)


@pytest.mark.parametrize(
    ("extra", "limits", "code"),
    [
        ({"static/big.bin": b"x" * 5000}, {"max_file": 4000}, "MT-ZIP-TOO-LARGE"),
        ({"a.bin": b"a" * 600, "b.bin": b"b" * 600}, {"max_total": 1000}, "MT-ZIP-TOO-LARGE"),
        ({f"static/{i}.txt": b"x" for i in range(20)}, {"max_files": 10}, "MT-ZIP-TOO-MANY"),
    ],
)
def test_declared_sizes_and_counts_are_limited(
    tmp_path: Path, dest: Path, extra: dict[str, bytes], limits: dict[str, int], code: str
) -> None:
    archive = make_zip(tmp_path / "big.zip", {**GOOD, **extra})
    with pytest.raises(ArchiveError) as caught:
        install_zip(archive, dest, **limits)
    assert caught.value.code == code
    assert_untouched(dest)


def test_default_limits_refuse_an_eleven_mebibyte_file(tmp_path: Path, dest: Path) -> None:
    archive = make_zip(tmp_path / "big.zip", {**GOOD, "static/big.bin": b"\0" * (11 * 2**20)})
    with pytest.raises(ArchiveError, match="10485760 bytes") as caught:
        install_zip(archive, dest)
    assert caught.value.code == "MT-ZIP-TOO-LARGE"


@pytest.mark.parametrize(
    ("names", "code"),
    [
        (["templates/index.html", "templates/index.html"], "MT-ZIP-DUPLICATE"),
        (["templates/Index.html", "templates/index.html"], "MT-ZIP-DUPLICATE"),
        (["templates/x", "templates/x/y.html"], "MT-ZIP-DUPLICATE"),
    ],
)
def test_duplicate_names_are_refused(
    tmp_path: Path, dest: Path, names: list[str], code: str
) -> None:
    archive = make_zip(tmp_path / "dup.zip", {"theme.toml": MANIFEST})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in names:
            add_entry(archive, zipfile.ZipInfo(name), b"x")
    with pytest.raises(ArchiveError) as caught:
        install_zip(archive, dest)
    assert caught.value.code == code
    assert_untouched(dest)


@pytest.mark.parametrize(
    "entries",
    [
        {"templates/index.html": "x"},
        {"a/theme.toml": MANIFEST, "b/templates/index.html": "x"},
        {"a/b/theme.toml": MANIFEST},
    ],
)
def test_theme_toml_must_be_at_the_top(tmp_path: Path, dest: Path, entries: dict[str, str]) -> None:
    archive = make_zip(tmp_path / "nomanifest.zip", entries)
    with pytest.raises(ArchiveError, match="no theme.toml") as caught:
        install_zip(archive, dest)
    assert caught.value.code == "MT-ZIP-NO-MANIFEST"
    assert_untouched(dest)


def test_a_bad_manifest_names_the_file_in_the_archive(tmp_path: Path, dest: Path) -> None:
    archive = make_zip(tmp_path / "bad.zip", {**GOOD, "theme.toml": 'name = "x'}, prefix="bad/")
    with pytest.raises(ThemeError, match=r"^bad\.zip:bad/theme\.toml\b"):
        install_zip(archive, dest)
    assert_untouched(dest)


def test_not_a_zip(tmp_path: Path, dest: Path) -> None:
    path = tmp_path / "theme.zip"
    path.write_text("hello")
    with pytest.raises(ArchiveError, match="not a zip archive"):
        install_zip(path, dest)


def test_existing_slug_is_refused_unless_forced(tmp_path: Path, dest: Path) -> None:
    install_zip(make_zip(tmp_path / "v1.zip", GOOD), dest)
    v2 = make_zip(tmp_path / "v2.zip", {**GOOD, "templates/index.html": "version two"})
    with pytest.raises(ArchiveError, match="already installed") as caught:
        install_zip(v2, dest)
    assert caught.value.code == "MT-ZIP-EXISTS"
    assert (dest / "zipped" / "templates" / "index.html").read_text() == "zipped index"
    install_zip(v2, dest, force=True)
    assert (dest / "zipped" / "templates" / "index.html").read_text() == "version two"
    assert not leftovers(dest)


def test_a_slug_installed_elsewhere_counts_as_existing(tmp_path: Path, dest: Path) -> None:
    bundled = write_theme(tmp_path / "bundled", "zipped", {"index.html": "b"})
    installed = {"zipped": Theme("zipped", bundled, "Zipped")}
    with pytest.raises(ArchiveError, match=str(bundled)):
        install_zip(make_zip(tmp_path / "z.zip", GOOD), dest, installed=installed)
    assert_untouched(dest)


def test_validation_hook_refuses_before_anything_is_installed(tmp_path: Path, dest: Path) -> None:
    seen: list[Path] = []

    def validate(theme: Theme) -> None:
        seen.append(theme.path)
        assert (theme.path / "templates" / "index.html").is_file()
        raise ThemeError(f"{theme.path / 'templates' / 'index.html'}: line 1: broken")

    with pytest.raises(ThemeError, match=r"^zipped\.zip:templates/index\.html: line 1"):
        install_zip(make_zip(tmp_path / "zipped.zip", GOOD), dest, validate=validate)
    assert seen and not seen[0].is_relative_to(dest)
    assert_untouched(dest)


# ---------- delete ----------


@pytest.fixture
def site_themes(tmp_path: Path) -> tuple[dict[str, Theme], Path]:
    site = tmp_path / "instance" / "themes"
    write_theme(tmp_path / "bundled", "classic", {"index.html": "c"})
    write_theme(site, "base", {"index.html": "b"})
    write_theme(site, "child", {}, parent="base")
    write_theme(site, "grandchild", {}, parent="child")
    write_theme(site, "spare", {"index.html": "s"})
    return discover_themes([tmp_path / "bundled", site]), site


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("grandchild", "is the active theme"),
        ("child", r"parent of the active theme \(grandchild → child\)"),
        ("base", r"parent of the active theme \(grandchild → child → base\)"),
        ("classic", "bundled themes cannot be deleted"),
        ("nope", r"not installed \(installed: base, child, classic, grandchild, spare\)"),
    ],
)
def test_delete_refusals(
    site_themes: tuple[dict[str, Theme], Path], slug: str, message: str
) -> None:
    themes, site = site_themes
    with pytest.raises(ThemeError, match=message):
        delete_theme(slug, themes, active_slug="grandchild", dest=site)
    assert sorted(p.name for p in site.iterdir()) == ["base", "child", "grandchild", "spare"]


def test_delete_removes_the_folder(site_themes: tuple[dict[str, Theme], Path]) -> None:
    themes, site = site_themes
    delete_theme("spare", themes, active_slug="grandchild", dest=site)
    assert not (site / "spare").exists()
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".magtheme-")]


# ---------- commands ----------


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(tmp_path / "site"))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code == 0, result.output
    return CliRunner()


def test_install_list_delete_commands(runner: CliRunner, tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "zipped.zip", GOOD)
    result = runner.invoke(main, ["theme", "install", str(archive)])
    assert result.exit_code == 0, result.output
    assert "installed 'zipped'" in result.output
    assert (tmp_path / "site" / "themes" / "zipped" / "theme.toml").is_file()

    listed = runner.invoke(main, ["theme", "list"])
    assert listed.exit_code == 0, listed.output
    assert any(
        line.split()[:3] == ["zipped", "Zipped", "1.0.0"] for line in listed.output.splitlines()
    )

    again = runner.invoke(main, ["theme", "install", str(archive)])
    assert again.exit_code == 1 and "--force" in again.output

    refused = runner.invoke(main, ["theme", "delete", DEFAULT_THEME, "--yes"])
    assert refused.exit_code == 1
    assert refused.output.startswith(f"Error: theme '{DEFAULT_THEME}' is the active theme")

    kept = runner.invoke(main, ["theme", "delete", "zipped"], input="n\n")
    assert kept.exit_code == 1 and (tmp_path / "site" / "themes" / "zipped").is_dir()
    deleted = runner.invoke(main, ["theme", "delete", "zipped", "--yes"])
    assert deleted.exit_code == 0, deleted.output
    assert not (tmp_path / "site" / "themes" / "zipped").exists()


def test_install_command_refuses_an_escaping_archive(runner: CliRunner, tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "evil.zip", GOOD)
    info = zipfile.ZipInfo("x")
    info.filename = "../evil.txt"
    add_entry(archive, info, b"pwned")
    result = runner.invoke(main, ["theme", "install", str(archive)])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "MT-ZIP-ESCAPE" in result.output
    assert not (tmp_path / "site" / "themes").exists() or not any(
        (tmp_path / "site" / "themes").iterdir()
    )


# Tar archives and unpacked folders ----------------------------------------------------------


def make_tar(
    path: Path,
    entries: dict[str, str | bytes],
    links: dict[str, str] | None = None,
    *,
    hard: bool = False,
) -> Path:
    import io
    import tarfile

    with tarfile.open(path, "w:gz") as tf:
        for name, content in entries.items():
            data = content.encode() if isinstance(content, str) else content
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.LNKTYPE if hard else tarfile.SYMTYPE
            info.linkname = target
            tf.addfile(info)
    return path


def test_a_tar_archive_installs(tmp_path: Path, dest: Path) -> None:
    from magtheme.themes.install import install_theme

    theme = install_theme(make_tar(tmp_path / "zipped.tar.gz", GOOD), dest)
    assert theme.slug == "zipped"
    assert (dest / "zipped" / "templates" / "index.html").read_text() == "zipped index"


def test_a_folder_installs(tmp_path: Path, dest: Path) -> None:
    from magtheme.themes.install import install_theme

    source = write_theme(tmp_path / "src", "folded", {"index.html": "folded index"})
    theme = install_theme(source, dest)
    assert theme.slug == "folded" and (dest / "folded" / "templates" / "index.html").is_file()
    assert (source / "theme.toml").is_file()  # the source is copied, not moved


@pytest.mark.parametrize("hard", [False, True])
@pytest.mark.parametrize("target", ["/etc/passwd", "../../secret_key", "index.html"])
def test_links_in_a_tar_archive_are_refused(
    tmp_path: Path, dest: Path, target: str, hard: bool
) -> None:
    from magtheme.themes.install import install_theme

    archive = make_tar(tmp_path / "t.tar.gz", GOOD, {"templates/leak.html": target}, hard=hard)
    with pytest.raises(ArchiveError) as caught:
        install_theme(archive, dest)
    assert caught.value.code == "MT-ZIP-SYMLINK"
    assert "'templates/leak.html' is a symbolic or hard link" in str(caught.value)
    assert_untouched(dest)


@pytest.mark.parametrize("link", ["templates/leak.html", "templates/parts", "screenshot.png"])
def test_links_in_a_folder_are_refused(tmp_path: Path, dest: Path, link: str) -> None:
    from magtheme.themes.install import install_theme

    secret = tmp_path / "secret_key"
    secret.write_text("not for visitors")
    source = write_theme(tmp_path / "src", "folded", {"index.html": "x"})
    (source / link).symlink_to(secret if link.endswith((".html", ".png")) else tmp_path)
    with pytest.raises(ArchiveError) as caught:
        install_theme(source, dest)
    assert caught.value.code == "MT-ZIP-SYMLINK" and repr(link) in str(caught.value)
    assert_untouched(dest)


def test_a_tar_escaping_its_folder_is_refused(tmp_path: Path, dest: Path) -> None:
    from magtheme.themes.install import install_theme

    archive = make_tar(tmp_path / "t.tar", {**GOOD, "../evil.txt": "pwned"})
    with pytest.raises(ArchiveError) as caught:
        install_theme(archive, dest)
    assert caught.value.code == "MT-ZIP-ESCAPE"
    assert not (tmp_path / "instance" / "evil.txt").exists()
    assert_untouched(dest)


def test_neither_archive_nor_folder(tmp_path: Path, dest: Path) -> None:
    from magtheme.themes.install import install_theme

    (tmp_path / "notes.txt").write_text("hello")
    for source in (tmp_path / "notes.txt", tmp_path / "missing.zip"):
        with pytest.raises(ArchiveError) as caught:
            install_theme(source, dest)
        assert caught.value.code == "MT-ZIP-CORRUPT"


def test_install_command_takes_tars_and_folders_and_refuses_links(
    runner: CliRunner, tmp_path: Path
) -> None:
    archive = make_tar(tmp_path / "zipped.tgz", GOOD)
    result = runner.invoke(main, ["theme", "install", str(archive)])
    assert result.exit_code == 0, result.output
    source = write_theme(tmp_path / "src", "folded", {"index.html": "x"})
    (source / "templates" / "leak.html").symlink_to(tmp_path / "site" / "secret_key")
    result = runner.invoke(main, ["theme", "install", str(source)])
    assert result.exit_code == 1
    assert "MT-ZIP-SYMLINK" in result.output and "templates/leak.html" in result.output
    assert not (tmp_path / "site" / "themes" / "folded").exists()
