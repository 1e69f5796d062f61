"""Installing a theme from a zip or tar archive or an unpacked folder; deleting a site's theme.

An uploaded archive is untrusted. :func:`install_zip` reads the archive's directory and
refuses it, before a single byte reaches the themes folder, when any entry

- escapes the theme's folder (``../``, an absolute path, a drive letter, a backslash),
- is a symbolic link or a device (from the Unix mode bits of ``external_attr``),
- is larger than ``max_file``, or all together exceed ``max_total``, or there are more than
  ``max_files`` entries — by the sizes the archive declares, and again by the bytes actually
  decompressed (a "zip bomb" declares small sizes for huge contents),
- has the same name as another (also ignoring case: they would collide on macOS/Windows),
- or when there is no ``theme.toml`` at the top (one folder wrapping everything, as in a
  GitHub download, is fine), its manifest cannot be read, or its slug is already installed.

The checked entries are extracted to a temporary folder beside the themes folder (same file
system), the manifest is read there, and the folder is renamed into place in one step, so a
running site never sees half a theme. Every refusal is a :class:`ArchiveError` with a code.

:func:`install_theme` takes a tar archive (``.tar``, ``.tar.gz``, ``.tgz`` …) or an unpacked
theme folder too, each read as a list of entries and checked by the same rules: a symbolic
or hard link in a tar archive, or a link anywhere in a folder, is refused like one in a zip
archive (a template linked to ``/etc/passwd`` would print it).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .manifest import Theme, ThemeError, read_theme

MiB = 1024 * 1024
_CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
#: Files some zip tools add that are never part of a theme.
_JUNK_DIRS = frozenset({"__MACOSX"})
_JUNK_FILES = frozenset({".DS_Store", "Thumbs.db"})


class ArchiveError(ThemeError):
    """An archive refused by :func:`install_zip`; ``code`` says which rule (``MT-ZIP-…``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{message} [{code}]")
        self.code = code


@dataclass(frozen=True)
class _Entry:
    """One archive entry that passed the checks, with its path inside the theme folder."""

    info: zipfile.ZipInfo
    parts: tuple[str, ...]

    @property
    def is_dir(self) -> bool:
        return self.info.is_dir()


def _entry_parts(archive: str, name: str) -> tuple[str, ...]:
    """The path components of entry *name*; refuses anything that could leave the folder."""

    def escape(why: str) -> ArchiveError:
        return ArchiveError(
            "MT-ZIP-ESCAPE",
            f"{archive}: entry {name!r} {why}; a theme archive may only hold relative "
            "paths inside its folder. Re-create the archive from the theme folder.",
        )

    if "\\" in name:
        raise escape("contains a backslash (a Windows path)")
    if "\x00" in name:
        raise escape("contains a NUL character")
    if name.startswith("/"):
        raise escape("is an absolute path")
    if _DRIVE.match(name) or ":" in name:
        raise escape("names a drive or contains ':'")
    # "./templates/x.html" is harmless (some tools write it); "a//b" and ".." are not.
    parts = [part for part in name.rstrip("/").split("/") if part != "."]
    if not parts or any(part in ("", "..") for part in parts):
        raise escape("contains an empty or '..' component")
    return tuple(parts)


def _check_mode(archive: str, info: zipfile.ZipInfo) -> None:
    """Refuse symbolic links and special files (Unix type bits in ``external_attr``)."""
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        raise ArchiveError(
            "MT-ZIP-SYMLINK",
            f"{archive}: entry {info.filename!r} is a symbolic or hard link; themes may not "
            "contain links. Replace it with the file itself.",
        )
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise ArchiveError(
            "MT-ZIP-SPECIAL",
            f"{archive}: entry {info.filename!r} is not a regular file or folder.",
        )
    if info.flag_bits & 0x1:
        raise ArchiveError(
            "MT-ZIP-ENCRYPTED",
            f"{archive}: entry {info.filename!r} is encrypted; upload an unencrypted archive.",
        )


def plan_archive(
    archive: str,
    infos: list[zipfile.ZipInfo],
    *,
    max_file: int = 10 * MiB,
    max_total: int = 50 * MiB,
    max_files: int = 2000,
) -> tuple[tuple[str, ...], list[_Entry]]:
    """Check every entry's name, type and declared size; find the theme's root folder.

    Returns the root (``()`` or one wrapping folder) and the entries below it, relative to it.
    Raises :class:`ArchiveError` on the first problem. Reads no file contents.
    """
    if len(infos) > max_files:
        raise ArchiveError(
            "MT-ZIP-TOO-MANY",
            f"{archive}: {len(infos)} entries, more than the {max_files} a theme may have.",
        )
    entries: list[_Entry] = []
    files: set[str] = set()
    folders: set[str] = set()
    total = 0
    for info in infos:
        parts = _entry_parts(archive, info.filename)
        _check_mode(archive, info)
        if parts[0] in _JUNK_DIRS or parts[-1] in _JUNK_FILES:
            continue
        key = "/".join(parts).casefold()
        if info.is_dir():
            folders.add(key)
        else:
            if info.file_size > max_file:
                raise ArchiveError(
                    "MT-ZIP-TOO-LARGE",
                    f"{archive}: entry {info.filename!r} is {info.file_size} bytes, more than "
                    f"the {max_file} bytes a theme file may have.",
                )
            total += info.file_size
            if total > max_total:
                raise ArchiveError(
                    "MT-ZIP-TOO-LARGE",
                    f"{archive}: the files add up to more than {max_total} bytes.",
                )
            if key in files:
                raise ArchiveError(
                    "MT-ZIP-DUPLICATE",
                    f"{archive}: entry {info.filename!r} appears twice (names are compared "
                    "ignoring case). Keep one.",
                )
            files.add(key)
            folders.update("/".join(parts[:i]).casefold() for i in range(1, len(parts)))
        entries.append(_Entry(info, parts))
    clash = sorted(files & folders)
    if clash:
        raise ArchiveError(
            "MT-ZIP-DUPLICATE", f"{archive}: {clash[0]!r} is both a file and a folder."
        )
    return _root(archive, entries, files), entries


def _root(archive: str, entries: list[_Entry], files: set[str]) -> tuple[str, ...]:
    """Where theme.toml is: the top of the archive, or one folder that wraps everything."""
    if "theme.toml" in files:
        return ()
    tops = {entry.parts[0] for entry in entries}
    if len(tops) == 1:
        (top,) = tops
        if f"{top}/theme.toml".casefold() in files:
            return (top,)
    raise ArchiveError(
        "MT-ZIP-NO-MANIFEST",
        f"{archive}: no theme.toml at the top of the archive (or inside one folder that holds "
        "everything). Zip the theme folder itself.",
    )


#: Opens the contents of one checked entry.
Opener = Callable[[zipfile.ZipInfo], IO[bytes]]

#: What reading a damaged archive raises.
_CORRUPT = (zipfile.BadZipFile, tarfile.TarError, zlib.error, EOFError, NotImplementedError)


def _extract(
    archive: str,
    open_entry: Opener,
    root: tuple[str, ...],
    entries: list[_Entry],
    target: Path,
    *,
    max_file: int,
    max_total: int,
) -> None:
    """Write the checked entries below *target*, counting the bytes really decompressed."""
    total = 0
    for entry in entries:
        inner = entry.parts[len(root) :]
        if not inner:
            continue
        path = target.joinpath(*inner)
        if entry.is_dir:
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        limit = min(entry.info.file_size, max_file)
        written = 0
        try:
            with open_entry(entry.info) as source, path.open("xb") as sink:
                while chunk := source.read(_CHUNK):
                    written += len(chunk)
                    total += len(chunk)
                    if written > limit or total > max_total:
                        raise ArchiveError(
                            "MT-ZIP-TOO-LARGE",
                            f"{archive}: entry {entry.info.filename!r} decompresses to more "
                            "than it declares or than a theme may hold (a zip bomb?).",
                        )
                    sink.write(chunk)
        except _CORRUPT as exc:
            raise ArchiveError(
                "MT-ZIP-CORRUPT",
                f"{archive}: entry {entry.info.filename!r} cannot be read ({exc}); "
                "the archive is damaged or was tampered with.",
            ) from None


def install_zip(
    zip_path: Path,
    dest: Path,
    *,
    force: bool = False,
    max_file: int = 10 * MiB,
    max_total: int = 50 * MiB,
    max_files: int = 2000,
    installed: Mapping[str, Theme] | None = None,
    validate: Callable[[Theme], None] | None = None,
) -> Theme:
    """Install the theme in *zip_path* as ``dest/<slug>`` and return it.

    *dest* is the site's themes folder. *installed* are the themes already known (bundled and
    package themes too): a slug among them, or an existing ``dest/<slug>``, is refused unless
    *force*. *validate* may inspect the unpacked theme (still in its temporary folder) and
    raise :class:`ThemeError` to refuse it. Raises :class:`ArchiveError` or
    :class:`ThemeError`; on any refusal *dest* is left exactly as it was.
    """
    try:
        zf = zipfile.ZipFile(zip_path)
    except FileNotFoundError:
        raise ArchiveError("MT-ZIP-CORRUPT", f"{zip_path}: no such file.") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveError("MT-ZIP-CORRUPT", f"{zip_path}: not a zip archive ({exc}).") from None
    with zf:
        return _install(
            zip_path.name,
            zf.infolist(),
            zf.open,
            zip_path.stem,
            dest,
            force=force,
            limits=(max_file, max_total, max_files),
            installed=installed,
            validate=validate,
        )


def install_theme(
    source: Path,
    dest: Path,
    *,
    force: bool = False,
    installed: Mapping[str, Theme] | None = None,
    validate: Callable[[Theme], None] | None = None,
) -> Theme:
    """Install the theme in *source* — a zip or tar archive, or an unpacked theme folder.

    Everything is checked as for :func:`install_zip`, with the same codes and defaults.
    """
    if zipfile.is_zipfile(source):
        return install_zip(source, dest, force=force, installed=installed, validate=validate)

    def install(infos: list[zipfile.ZipInfo], open_entry: Opener, stem: str) -> Theme:
        return _install(
            source.name,
            infos,
            open_entry,
            stem,
            dest,
            force=force,
            limits=(10 * MiB, 50 * MiB, 2000),
            installed=installed,
            validate=validate,
        )

    if source.is_dir():
        return install(
            _folder_entries(source), lambda info: (source / info.filename).open("rb"), source.name
        )
    if not source.is_file():
        raise ArchiveError("MT-ZIP-CORRUPT", f"{source}: no such file or folder.")
    try:
        tf = tarfile.open(source)
    except (tarfile.TarError, OSError) as exc:
        raise ArchiveError(
            "MT-ZIP-CORRUPT",
            f"{source}: neither a zip nor a tar archive ({exc}); upload the theme as a .zip "
            "or .tar.gz of its folder.",
        ) from None
    with tf:
        infos, members = _tar_entries(tf)

        def open_member(info: zipfile.ZipInfo) -> IO[bytes]:
            stream = tf.extractfile(members[id(info)])
            if stream is None:  # only regular files are opened
                raise ArchiveError("MT-ZIP-CORRUPT", f"{source.name}: {info.filename!r}")
            return stream

        return install(infos, open_member, source.name.split(".")[0] or source.stem)


def _entry(name: str, kind: int, size: int) -> zipfile.ZipInfo:
    """A zip entry standing for a tar member or a file of a folder, for :func:`plan_archive`."""
    info = zipfile.ZipInfo("x")
    info.filename = name + ("/" if kind == stat.S_IFDIR and not name.endswith("/") else "")
    info.external_attr = (kind | 0o644) << 16
    info.file_size = size if kind == stat.S_IFREG else 0
    return info


def _tar_entries(tf: tarfile.TarFile) -> tuple[list[zipfile.ZipInfo], dict[int, tarfile.TarInfo]]:
    """Each member of *tf* as an entry (links as links, devices as special files)."""
    infos, members = [], {}
    for member in tf.getmembers():
        if member.issym() or member.islnk():
            kind = stat.S_IFLNK
        elif member.isdir():
            kind = stat.S_IFDIR
        elif member.isfile():
            kind = stat.S_IFREG
        else:
            kind = stat.S_IFIFO  # devices, FIFOs: refused as special files
        info = _entry(member.name, kind, member.size)
        infos.append(info)
        members[id(info)] = member
    return infos, members


def _folder_entries(folder: Path) -> list[zipfile.ZipInfo]:
    """Each file and folder below *folder*, links not followed (and reported as links)."""
    infos = []
    for root, dirs, files in os.walk(folder):
        for name in sorted([*dirs, *files]):
            path = Path(root, name)
            mode = path.lstat().st_mode
            kind = stat.S_IFMT(mode)
            relative = path.relative_to(folder).as_posix()
            infos.append(_entry(relative, kind, path.lstat().st_size))
    return infos


def _install(
    archive: str,
    infos: list[zipfile.ZipInfo],
    open_entry: Opener,
    stem: str,
    dest: Path,
    *,
    force: bool,
    limits: tuple[int, int, int],
    installed: Mapping[str, Theme] | None,
    validate: Callable[[Theme], None] | None,
) -> Theme:
    """Check *infos*, unpack them beside *dest*, validate the theme, and move it into place."""
    max_file, max_total, max_files = limits
    root, entries = plan_archive(
        archive, infos, max_file=max_file, max_total=max_total, max_files=max_files
    )
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".magtheme-install-", dir=dest.parent))
    try:
        # The folder name is the slug read_theme falls back on when theme.toml has none.
        unpacked = staging / (root[0] if root else stem)
        unpacked.mkdir()
        _extract(
            archive, open_entry, root, entries, unpacked, max_file=max_file, max_total=max_total
        )
        try:
            theme = read_theme(unpacked)
            if validate is not None:
                validate(theme)
        except ThemeError as exc:
            # Name the file inside the archive, not the temporary folder.
            inside = f"{archive}:{''.join(f'{part}/' for part in root)}"
            message = str(exc).replace(f"{unpacked}{os.sep}", inside)
            raise ThemeError(message.replace(str(unpacked), archive)) from None
        final = dest / theme.slug
        known = installed or {}
        if not force and (final.exists() or theme.slug in known):
            at = final if final.exists() else known[theme.slug].path
            raise ArchiveError(
                "MT-ZIP-EXISTS",
                f"{archive}: theme {theme.slug!r} is already installed at {at}; "
                "install with --force to replace it.",
            )
        dest.mkdir(parents=True, exist_ok=True)
        if final.exists():
            os.rename(final, staging / "replaced")
            try:
                os.rename(unpacked, final)
            except OSError:
                os.rename(staging / "replaced", final)
                raise
        else:
            os.rename(unpacked, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return read_theme(final)


def _parents_in_use(active_slug: str, themes: Mapping[str, Theme]) -> list[str]:
    """The active theme and its parents, child first, stopping at a missing one or a loop."""
    chain: list[str] = []
    current: str | None = active_slug
    while current is not None and current not in chain:
        chain.append(current)
        theme = themes.get(current)
        current = theme.parent if theme is not None else None
    return chain


def delete_theme(slug: str, themes: Mapping[str, Theme], *, active_slug: str, dest: Path) -> None:
    """Delete the site theme *slug* from *dest* (the site's themes folder).

    Refuses an unknown slug, the active theme, any parent of the active theme, and themes
    that do not live in *dest* (bundled ones and installed packages).
    """
    theme = themes.get(slug)
    if theme is None:
        known = ", ".join(sorted(themes)) or "none"
        raise ThemeError(f"theme {slug!r} is not installed (installed: {known}).")
    chain = _parents_in_use(active_slug, themes)
    if slug == active_slug:
        raise ThemeError(
            f"theme {slug!r} is the active theme; activate another theme before deleting it."
        )
    if slug in chain:
        names = " → ".join(chain[: chain.index(slug) + 1])
        raise ThemeError(
            f"theme {slug!r} is a parent of the active theme ({names}); "
            "activate a theme that does not need it first."
        )
    if theme.path.resolve().parent != dest.resolve():
        raise ThemeError(
            f"theme {slug!r} at {theme.path} is not one of this site's themes ({dest}); "
            "bundled themes cannot be deleted, and a theme from a Python package is removed "
            "with 'pip uninstall'."
        )
    # Move it out of the themes folder first, so nothing ever sees half a theme.
    trash = Path(tempfile.mkdtemp(prefix=".magtheme-delete-", dir=dest.parent))
    try:
        os.rename(theme.path, trash / slug)
    finally:
        shutil.rmtree(trash, ignore_errors=True)
