"""Media: the Library (``/wp-admin/upload.php``), Add New Media File (``media-new.php``) and
one file's edit screen (``media.php?attachment_id=N``, WordPress's old attachment address).

Uploads go through :func:`magtheme.media.library.import_file`, as ``magtheme media import``
does: the same accepted types, checked from the bytes, the same size limit
(``max_upload_mb``), the same safe names and year/month folders, the same messages. Each
file is taken whole or not at all. Editing and deleting a file needs ``edit_post`` /
``delete_post`` on it (an author: their own files only).
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import current_app, redirect, request
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from ... import site
from ...config import ConfigError
from ...media.attachments import (
    KINDS,
    AttachmentError,
    MediaItem,
    delete_attachment,
    describe,
    get_attachment,
    list_media,
    remove_files,
    update_attachment,
)
from ...media.editor import ImageError
from ...media.filetypes import (
    TooLarge,
    accept_attribute,
    accepted_types,
    max_upload_bytes,
    size_text,
)
from ...media.library import import_file, regenerate
from ...media.sizes import chain_sizes
from ...models import Post, db
from ...options import DEFAULT_THEME, load_options
from ...themes.schema import ImageSize
from .. import access, forbidden, notify
from ..routes import admin_route
from . import page

#: The upload field's name on WordPress's browser uploader.
UPLOAD_FIELD = "async-upload"


def _uploads() -> Path:
    return Path(current_app.instance_path) / "uploads"


def _sizes() -> dict[str, ImageSize]:
    """The active theme's sizes (never a previewed one's: the files are the site's)."""
    stylesheet = str(load_options().get("stylesheet") or DEFAULT_THEME)
    return chain_sizes(site.theme_chain(stylesheet))


def _int_arg(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 10 else 0


def _may(capability: str, item: MediaItem) -> bool:
    return access.can(capability, item.post, parent=item.parent)


# -- the Library ------------------------------------------------------------------------------


@admin_route("/upload.php", "upload_files", menu="Media")
def upload() -> Response:
    """Every file, newest first: filter by kind (``attachment-filter``), search (``s``),
    pages (``paged``), as a list or a grid (``mode``)."""
    wanted = request.args.get("attachment-filter", "")
    kind = wanted.removeprefix("post_mime_type:") if wanted.startswith("post_mime_type:") else ""
    kind = kind or request.args.get("post_mime_type", "")
    kind = kind if kind in KINDS else ""
    search = request.args.get("s", "").strip()[:200]
    mode = "grid" if request.args.get("mode") == "grid" else "list"
    person = access.person()
    mine = wanted == "mine" and person is not None
    results = list_media(
        db.session,
        kind=kind,
        search=search,
        detached=wanted == "detached",
        author_id=person.id if mine and person is not None else None,
        page=_int_arg(request.args.get("paged")) or 1,
    )
    current = {
        "attachment-filter": f"post_mime_type:{kind}" if kind else wanted,
        "s": search,
        "mode": mode if mode == "grid" else "",
    }

    def link(**changes: Any) -> str:
        args = {k: v for k, v in {**current, **changes}.items() if v}
        return "/wp-admin/upload.php" + ("?" + urlencode(args) if args else "")

    filters = [("", "All media items")] + [(f"post_mime_type:{k}", v) for k, v in KINDS.items()]
    filters += [("detached", "Unattached"), ("mine", "Mine")]
    return page(
        "admin/upload.html",
        title="Media Library",
        results=results,
        filters=filters,
        filter=current["attachment-filter"],
        search=search,
        mode=mode,
        link=link,
        may=_may,
        can=access.can,
        size_text=size_text,
    )


# -- Add New Media File -----------------------------------------------------------------------


def _upload_form(
    status: int = 200,
    errors: list[str] | None = None,
    done: list[MediaItem] | None = None,
    post_id: int = 0,
) -> Response:
    try:
        limit = max_upload_bytes(current_app.config) // (1024 * 1024)
    except ConfigError as exc:
        errors = [*(errors or []), str(exc)]
        limit = 0
    return page(
        "admin/media_new.html",
        status=status,
        title="Upload New Media",
        errors=errors or [],
        done=done or [],
        max_mb=limit,
        accepted=accepted_types(),
        accept=accept_attribute(),
        post_id=post_id,
    )


@admin_route("/media-new.php", "upload_files", menu="Add New Media File", parent="Media")
def media_new() -> Response:
    """The upload form (``?post_id=N`` attaches the files to that post)."""
    return _upload_form(post_id=_int_arg(request.args.get("post_id")))


@admin_route("/media-new.php", "upload_files", methods=("POST",))
def media_upload() -> Response:
    """Take each chosen file whole or not at all; say what was uploaded and what was not."""
    post_id = _int_arg(request.form.get("post_id"))
    if post_id:
        parent = db.session.get(Post, post_id)
        if parent is None or parent.post_type == "attachment":
            return _upload_form(422, [f"There is no post {post_id} to attach files to."])
        if not access.can("edit_post", parent):
            return forbidden("Sorry, you are not allowed to attach files to this post.")
    files = [f for f in request.files.getlist(UPLOAD_FIELD) if f.filename]
    if not files:
        return _upload_form(422, ["Choose one or more files to upload."], post_id=post_id)
    try:
        max_bytes = max_upload_bytes(current_app.config)
    except ConfigError as exc:
        return _upload_form(500, [str(exc)], post_id=post_id)
    person = access.person()
    sizes = _sizes()
    done: list[int] = []
    errors: list[str] = []
    too_large = 0
    for upload in files:
        try:
            done.append(_import(upload, sizes, max_bytes, post_id, person.id if person else None))
        except TooLarge as exc:
            too_large += 1
            errors.append(str(exc))
        except ImageError as exc:
            errors.append(str(exc))
    made = describe(db.session, [p for i in done if (p := db.session.get(Post, i)) is not None])
    if errors:
        status = 413 if too_large == len(errors) and not done else 422
        lead = "Nothing was uploaded." if not done else "Some files were not uploaded."
        return _upload_form(status, [lead, *errors], made, post_id)
    names = ", ".join(item.filename for item in made)
    notify(f"Uploaded {len(made)} file{'s' if len(made) != 1 else ''}: {names}.")
    if len(made) == 1:
        return redirect(f"/wp-admin/media.php?attachment_id={made[0].post.id}&action=edit", 303)
    return redirect("/wp-admin/upload.php", 303)


def _import(
    upload: FileStorage,
    sizes: dict[str, ImageSize],
    max_bytes: int,
    post_id: int,
    author_id: int | None,
) -> int:
    """One upload as an attachment (its ID); :class:`ImageError` when refused."""
    from ...wxr.importer import site_timezone

    name = Path((upload.filename or "").replace("\\", "/")).name or "unnamed-file"
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="magtheme-media-") as folder:
        # A name of our own on disk: the one the browser sent may be anything.
        source = Path(folder) / "upload"
        upload.save(source)
        try:
            done = import_file(
                db.session,
                _uploads(),
                source,
                sizes,
                name=name,
                parent_id=post_id,
                author_id=author_id,
                max_bytes=max_bytes,
                now=now.replace(tzinfo=None),
                local_now=now.astimezone(site_timezone()).replace(tzinfo=None),
                site_url=str(load_options().get("siteurl") or load_options().get("home") or ""),
            )
        except OSError as exc:
            raise ImageError(
                f"{name}: could not be stored ({exc.strerror or exc}). Check that the uploads "
                "folder can be written and has room, then try again."
            ) from None
    return done.attachment_id


# -- one file ---------------------------------------------------------------------------------


def _edit_screen(
    item: MediaItem, status: int = 200, errors: dict[str, str] | None = None, **typed: str
) -> Response:
    values = {
        "post_title": item.post.title,
        "_wp_attachment_image_alt": item.alt,
        "excerpt": item.post.excerpt,
        "content": item.post.content,
        **typed,
    }
    return page(
        "admin/media_edit.html",
        status=status,
        title="Edit Media",
        item=item,
        values=values,
        errors=errors or {},
        can_delete=_may("delete_post", item),
        can=access.can,
        size_text=size_text,
        sizes=sorted(
            (item.metadata.sizes.items() if item.metadata is not None else ()),
            key=lambda pair: (pair[1].width, pair[0]),
        ),
    )


def _item(attachment_id: int) -> MediaItem | None:
    post = get_attachment(db.session, attachment_id) if attachment_id else None
    return describe(db.session, [post])[0] if post is not None else None


def _missing(attachment_id: int) -> Response:
    return page(
        "admin/media_missing.html",
        status=404 if attachment_id else 200,
        title="Edit Media",
        attachment_id=attachment_id,
    )


@admin_route("/media.php", "upload_files")
def media_edit() -> Response:
    """One file: its facts, and a form for its title, alt text, caption and description."""
    attachment_id = _int_arg(request.args.get("attachment_id"))
    item = _item(attachment_id)
    if item is None:
        return _missing(attachment_id)
    if not _may("edit_post", item):
        return forbidden("Sorry, you are not allowed to edit this item.")
    return _edit_screen(item)


@admin_route("/media.php", "upload_files", methods=("POST",))
def media_save() -> Response:
    """Save the form (``action=editattachment``), make the sizes again (``regenerate``) or
    delete the file for good (``delete``)."""
    attachment_id = _int_arg(request.form.get("attachment_id"))
    item = _item(attachment_id)
    if item is None:
        return _missing(attachment_id)
    action = request.form.get("action", "")
    back = f"/wp-admin/media.php?attachment_id={attachment_id}&action=edit"
    if action == "delete":
        if not _may("delete_post", item):
            return forbidden("Sorry, you are not allowed to delete this item.")
        files = delete_attachment(db.session, _uploads(), item.post)
        db.session.commit()
        problems = remove_files(files)
        notify(
            f"Media file permanently deleted: {item.filename or item.post.title} "
            f"({len(files)} file{'s' if len(files) != 1 else ''} removed)."
        )
        if problems:
            notify("These files could not be removed: " + "; ".join(problems), "error")
        return redirect("/wp-admin/upload.php", 303)
    if not _may("edit_post", item):
        return forbidden("Sorry, you are not allowed to edit this item.")
    if action == "regenerate":
        if not item.is_image:
            return _edit_screen(item, 422, {"": "Only images have sizes to make again."})
        try:
            done = regenerate(db.session, _uploads(), item.post, _sizes())
        except ImageError as exc:
            db.session.rollback()
            return _edit_screen(item, 422, {"": str(exc)})
        made = ", ".join(done.made) or "every size was already right"
        notify(f"Image sizes made again for {item.filename}: {made}.")
        return redirect(back, 303)
    if action != "editattachment":
        return _edit_screen(item, 422, {"": f"Unknown action {action!r}: use the form's buttons."})
    typed = {
        key: request.form.get(key, "")
        for key in ("post_title", "_wp_attachment_image_alt", "excerpt", "content")
    }
    try:
        update_attachment(
            db.session,
            item.post,
            title=typed["post_title"],
            alt=typed["_wp_attachment_image_alt"] if item.is_image else None,
            caption=typed["excerpt"],
            description=typed["content"],
            now=datetime.now(UTC).replace(tzinfo=None),
        )
    except AttachmentError as exc:
        db.session.rollback()
        return _edit_screen(item, 422, exc.errors, **typed)
    db.session.commit()
    notify("Media file updated.")
    return redirect(back, 303)
