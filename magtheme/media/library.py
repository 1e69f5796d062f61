"""Attachments from files: ``wp media import``, the admin's uploads, ``wp media regenerate``.

An import checks the file (:func:`~.filetypes.check_file`: its true type, its size, nothing
that can run), copies it into ``uploads/YYYY/MM/`` under a safe name no other file has
(WordPress's ``sanitize_file_name`` and ``wp_unique_filename``: ``pic.jpg``, ``pic-1.jpg``…),
makes the copies of every registered size of an image, and adds the attachment row with its
``_wp_attached_file`` and ``_wp_attachment_metadata``. It happens whole or not at all: a
refusal or a failure removes the files it wrote and adds no row. ``magtheme media import``
and the admin's Add New Media File both call :func:`import_file`, so they take and refuse
the same files with the same messages.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import phpserialize  # type: ignore[import-untyped]
from sqlalchemy import delete, select

from ..models import AnySession, Post, PostMeta
from ..slugs import remove_accents, sanitize_title
from ..themes.schema import ImageSize
from ..wxr.identity import unique_slug
from .editor import ImageError, Written, make_subsizes, read_image_meta
from .editor import uploads_path as checked_path
from .filetypes import ALLOWED_EXTENSIONS, check_file
from .metadata import AttachmentMetadata, dump_metadata, read_metadata

UPLOADS_URL = "/wp-content/uploads"
# sanitize_file_name's $special_chars, and the characters no file system likes.
_SPECIAL = set("?[]/\\=<>:;,'\"&$#*()|~`!{}%+’«»”“") | {chr(c) for c in range(32)} | {"\x7f"}
#: A stored name's most bytes before its extension (file systems stop at 255).
_MAX_STEM_BYTES = 180


def sanitize_file_name(name: str) -> str:
    """WordPress's ``sanitize_file_name``, in short: no special characters, spaces become
    hyphens, no leading or trailing dots, hyphens or underscores."""
    name = remove_accents(name)
    name = "".join(ch for ch in name if ch not in _SPECIAL)
    name = re.sub(r"[\s\u00a0]+", "-", name)
    name = re.sub(r"-+", "-", name)
    name = name.strip(".-_")
    parts = name.split(".")
    if len(parts) > 2:
        # A server may run "shell.php.jpg" as PHP: every inner part that looks like an
        # extension and is not one the library keeps gets an underscore ("shell.php_.jpg").
        inner = [
            f"{part}_"
            if re.fullmatch(r"[A-Za-z]{2,5}\d?", part)
            and f".{part.lower()}" not in ALLOWED_EXTENSIONS
            else part
            for part in parts[1:-1]
        ]
        name = ".".join([parts[0], *inner, parts[-1]])
    return name


def unique_filename(folder: Path, name: str) -> str:
    """*name*, else ``stem-1.ext``, ``stem-2.ext``… whichever *folder* does not have yet."""
    stem, ext = os.path.splitext(name)
    candidate, number = name, 1
    while (folder / candidate).exists():
        candidate = f"{stem}-{number}{ext}"
        number += 1
    return candidate


#: What makes an import's copies: :func:`~.editor.make_subsizes`'s signature.
SubsizeMaker = Callable[
    [Path, AttachmentMetadata, Mapping[str, ImageSize], Written], AttachmentMetadata
]


@dataclass(frozen=True)
class Imported:
    """What :func:`import_file` made."""

    attachment_id: int
    file: str
    #: The image's metadata (None for a file that is not an image).
    metadata: AttachmentMetadata | None


def import_file(
    session: AnySession,
    uploads: Path,
    source: Path,
    sizes: Mapping[str, ImageSize],
    *,
    name: str | None = None,
    title: str | None = None,
    alt: str | None = None,
    caption: str = "",
    description: str = "",
    parent_id: int = 0,
    featured: bool = False,
    author_id: int | None = None,
    max_bytes: int | None = None,
    now: datetime | None = None,
    local_now: datetime | None = None,
    site_url: str = "",
    written: Written | None = None,
    make_copies: SubsizeMaker | None = None,
) -> Imported:
    """Import the file *source* as an attachment (of post *parent_id*, and its featured
    image when *featured*). :class:`~.editor.ImageError` (an
    :class:`~.filetypes.UploadError` for a type refused, :class:`~.filetypes.TooLarge` past
    *max_bytes*) says why a file was refused.

    *name* is the name the file came with (an upload's; default: *source*'s own): it
    decides the stored name and the default title. *caption* is the attachment's excerpt
    and *description* its content, as WordPress keeps them. Given *written*, the import is
    part of the caller's work: the files it writes are added to *written*, the session is
    flushed but not committed, and on a failure the caller rolls back and removes the files
    (``written.remove()``). *make_copies* makes the copies of *sizes* in place of
    :func:`~.editor.make_subsizes` (one that remembers copies it made before, say).
    """
    now = now or datetime.now(UTC).replace(tzinfo=None)
    local_now = local_now or now
    given_name = name or source.name
    if not source.is_file():
        raise ImageError(f"{given_name}: there is no such file. Check the path and try again.")
    checked = check_file(source, given_name, max_bytes=max_bytes)
    parent = None
    if parent_id:
        parent = session.get(Post, parent_id)
        if parent is None or parent.post_type == "attachment":
            raise ImageError(
                f"there is no post {parent_id} to attach {given_name} to. "
                "Check the ID with 'magtheme post list'."
            )
    stem, ext = os.path.splitext(sanitize_file_name(given_name))
    if ext.lower() != checked.extension:
        # An image named as another kind of image: keep the name, give it the right extension.
        ext = checked.extension
    stem = _clip(stem) or "unnamed-file"
    folder_rel = f"{local_now:%Y}/{local_now:%m}"
    folder = checked_path(uploads, folder_rel)
    owned = written is None
    if written is None:
        written = Written()
    written.folders.extend(d for d in (folder, folder.parent, uploads) if not d.exists())
    folder.mkdir(parents=True, exist_ok=True)
    try:
        stored = unique_filename(folder, f"{stem}{ext}")
        target = folder / stored
        with source.open("rb") as src, target.open("xb") as dst:
            written.paths.append(target)
            shutil.copyfileobj(src, dst)
        relative = f"{folder_rel}/{stored}"
        meta: AttachmentMetadata | None = None
        if checked.is_image:
            meta = AttachmentMetadata(
                width=0,
                height=0,
                file=relative,
                filesize=target.stat().st_size,
                image_meta=read_image_meta(target),
            )
            meta = (make_copies or make_subsizes)(uploads, meta, sizes, written)
            serialized = dump_metadata(meta)
        else:
            # What WordPress keeps of a file that is not an image: its size.
            serialized = phpserialize.dumps({"filesize": target.stat().st_size}).decode()
        post_title = title if title is not None else os.path.splitext(given_name)[0]
        slug = unique_slug(
            sanitize_title(post_title) or ("image" if checked.is_image else "file"),
            lambda s: session.scalar(select(Post.id).where(Post.slug == s).limit(1)) is not None,
        )
        attachment = Post(
            post_type="attachment",
            status="inherit",
            title=post_title,
            excerpt=caption,
            content=description,
            slug=slug,
            parent_id=parent_id,
            author_id=author_id,
            date=local_now,
            date_gmt=now,
            modified=local_now,
            modified_gmt=now,
            guid=f"{site_url.rstrip('/')}{UPLOADS_URL}/{relative}",
            mime_type=checked.mime_type,
            comment_status="open",
            ping_status="closed",
        )
        session.add(attachment)
        session.flush()
        # A rotated or scaled-down copy becomes the attached file (the GUID keeps the upload).
        attached = meta.file if meta is not None else relative
        rows = {"_wp_attached_file": attached, "_wp_attachment_metadata": serialized}
        if alt and checked.is_image:
            rows["_wp_attachment_image_alt"] = alt
        for key, value in rows.items():
            session.add(PostMeta(post_id=attachment.id, key=key, value=value))
        if featured and parent is not None and checked.is_image:
            set_featured_image(session, parent.id, attachment.id)
        if owned:
            session.commit()
        else:
            session.flush()
    except BaseException:
        if owned:
            session.rollback()
            written.remove()
        raise
    return Imported(attachment.id, attached, meta)


def _clip(stem: str) -> str:
    """*stem* cut to :data:`_MAX_STEM_BYTES` of UTF-8, never inside a character."""
    data = stem.encode("utf-8")
    if len(data) <= _MAX_STEM_BYTES:
        return stem
    return data[:_MAX_STEM_BYTES].decode("utf-8", "ignore").rstrip(".-_")


def set_featured_image(session: AnySession, post_id: int, attachment_id: int) -> None:
    """Make *attachment_id* the featured image of *post_id* (``set_post_thumbnail``)."""
    session.execute(
        delete(PostMeta).where(PostMeta.post_id == post_id, PostMeta.key == "_thumbnail_id")
    )
    session.add(PostMeta(post_id=post_id, key="_thumbnail_id", value=str(attachment_id)))


@dataclass(frozen=True)
class Regenerated:
    attachment_id: int
    made: tuple[str, ...]
    removed: tuple[str, ...]


def regenerate(
    session: AnySession,
    uploads: Path,
    attachment: Post,
    sizes: Mapping[str, ImageSize],
    *,
    only_missing: bool = False,
) -> Regenerated:
    """Make *attachment*'s copies again for *sizes* (``wp media regenerate``).

    With *only_missing*, copies that exist and still have the size's name are kept. Copies
    of sizes no longer registered, and files replaced by new ones, are removed.
    """
    rows = {
        key: value
        for key, value in session.execute(
            select(PostMeta.key, PostMeta.value).where(
                PostMeta.post_id == attachment.id,
                PostMeta.key.in_(("_wp_attached_file", "_wp_attachment_metadata")),
            )
        )
    }
    attached = rows.get("_wp_attached_file", "")
    if not attached:
        raise ImageError(f"attachment {attachment.id} has no file (_wp_attached_file is empty).")
    old = read_metadata(rows.get("_wp_attachment_metadata"))
    if old is None or old.file != attached:
        old = AttachmentMetadata(0, 0, attached, image_meta={})
    path = checked_path(uploads, attached)
    if not path.is_file():
        raise ImageError(
            f"attachment {attachment.id}: its file {attached} is not in the uploads folder "
            f"({uploads}). Put it back, or delete the attachment."
        )
    if not old.image_meta:
        old.image_meta = read_image_meta(path)
        old.filesize = path.stat().st_size
    written = Written()
    try:
        meta = make_subsizes(uploads, old, sizes, written, keep=old.sizes if only_missing else None)
    except BaseException:
        written.remove()
        raise
    in_use = {meta.file, meta.original_image or ""} | {s.file for s in meta.sizes.values()}
    in_use = {meta.relative(name) if "/" not in name else name for name in in_use if name}
    removed = []
    for size in old.sizes.values():
        relative = old.relative(size.file)
        if relative not in in_use:
            checked_path(uploads, relative).unlink(missing_ok=True)
            removed.append(relative)
    session.execute(
        delete(PostMeta).where(
            PostMeta.post_id == attachment.id, PostMeta.key == "_wp_attachment_metadata"
        )
    )
    session.add(
        PostMeta(post_id=attachment.id, key="_wp_attachment_metadata", value=dump_metadata(meta))
    )
    session.commit()
    made = tuple(name for name, size in meta.sizes.items() if size is not old.sizes.get(name))
    return Regenerated(attachment.id, made, tuple(sorted(set(removed))))
