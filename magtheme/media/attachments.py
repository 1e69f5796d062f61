"""The media library's attachments: listed, described, edited, deleted for good.

What the admin's Media screens show and change, with WordPress's rules:

- the list (``upload.php``) is every attachment, newest first, filtered by kind (images,
  audio, video, documents: everything else), unattached (``detached``) or one person's
  (``mine``), and searched in the title, caption, description and file name, as
  ``wp_edit_attachments_query`` searches;
- an edit changes the title, the alt text (``_wp_attachment_image_alt``, tags stripped as
  ``wp_strip_all_tags`` does), the caption (the excerpt) and the description (the content);
- deleting one (``wp_delete_attachment(…, true)``) removes its row, its meta, comments and
  menu items, takes it off every post that had it as featured image (``_thumbnail_id``),
  and after the commit removes its file, the upload it was scaled from and every size.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import bleach
from sqlalchemy import delete, exists, func, not_, or_, select

from ..models import (
    AnySession,
    Comment,
    CommentMeta,
    Post,
    PostMeta,
    PostViews,
    TermRelationship,
    User,
)
from .editor import ImageError
from .editor import uploads_path as checked_path
from .library import UPLOADS_URL
from .metadata import AttachmentMetadata, read_metadata

#: ``upload_per_page``'s default.
PER_PAGE = 20
#: The kinds the list filters by (WordPress's ``post_mime_types``), with their labels.
KINDS = {"image": "Images", "audio": "Audio", "video": "Video", "document": "Documents"}
_MAX_TITLE = 1000
_MAX_ALT = 1000


class AttachmentError(ValueError):
    """An edit that cannot be made: *errors* maps each field to what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors.values()))


@dataclass(frozen=True)
class MediaItem:
    """One attachment as the library shows it."""

    post: Post
    #: Below the uploads folder (``2026/05/pic.jpg``); "" when the row has no file.
    file: str
    url: str
    alt: str
    metadata: AttachmentMetadata | None
    filesize: int | None
    author: User | None
    parent: Post | None

    @property
    def filename(self) -> str:
        return self.file.rpartition("/")[2]

    @property
    def is_image(self) -> bool:
        return self.post.mime_type.startswith("image/")

    @property
    def dimensions(self) -> tuple[int, int] | None:
        meta = self.metadata
        if meta is None or meta.width <= 0 or meta.height <= 0:
            return None
        return meta.width, meta.height

    @property
    def thumbnail_url(self) -> str:
        """The smallest copy of an image (its thumbnail), else its file; "" for other files."""
        if not self.is_image:
            return ""
        meta = self.metadata
        copy = meta.sizes.get("thumbnail") if meta is not None else None
        if copy is not None and meta is not None:
            return f"{UPLOADS_URL}/{meta.relative(copy.file)}"
        return self.url

    @property
    def extension(self) -> str:
        return os.path.splitext(self.filename)[1].lstrip(".").upper()


@dataclass(frozen=True)
class MediaPage:
    items: list[MediaItem]
    total: int
    page: int
    pages: int


def list_media(
    session: AnySession,
    *,
    kind: str = "",
    search: str = "",
    detached: bool = False,
    author_id: int | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> MediaPage:
    """One page of the library, newest first (a fixed number of statements)."""
    stmt = select(Post).where(Post.post_type == "attachment", Post.status != "trash")
    if kind in ("image", "audio", "video"):
        stmt = stmt.where(Post.mime_type.like(f"{kind}/%"))
    elif kind == "document":
        stmt = stmt.where(
            not_(
                or_(
                    Post.mime_type.like("image/%"),
                    Post.mime_type.like("audio/%"),
                    Post.mime_type.like("video/%"),
                )
            )
        )
    if detached:
        stmt = stmt.where(Post.parent_id == 0)
    if author_id is not None:
        stmt = stmt.where(Post.author_id == author_id)
    words = search.split()[:10]
    for word in words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        in_file = exists().where(
            PostMeta.post_id == Post.id,
            PostMeta.key == "_wp_attached_file",
            PostMeta.value.ilike(pattern, escape="\\"),
        )
        stmt = stmt.where(
            or_(
                Post.title.ilike(pattern, escape="\\"),
                Post.excerpt.ilike(pattern, escape="\\"),
                Post.content.ilike(pattern, escape="\\"),
                in_file,
            )
        )
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    posts = list(
        session.scalars(
            stmt.order_by(Post.date.desc(), Post.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return MediaPage(describe(session, posts), total, page, pages)


def describe(session: AnySession, posts: list[Post]) -> list[MediaItem]:
    """*posts* (attachments) with their file, alt text, sizes, author and parent."""
    if not posts:
        return []
    ids = [p.id for p in posts]
    meta: dict[int, dict[str, str]] = {}
    for post_id, key, value in session.execute(
        select(PostMeta.post_id, PostMeta.key, PostMeta.value).where(
            PostMeta.post_id.in_(ids),
            PostMeta.key.in_(
                ("_wp_attached_file", "_wp_attachment_metadata", "_wp_attachment_image_alt")
            ),
        )
    ):
        meta.setdefault(post_id, {})[key] = value
    author_ids = {p.author_id for p in posts if p.author_id}
    authors = (
        {u.id: u for u in session.scalars(select(User).where(User.id.in_(author_ids)))}
        if author_ids
        else {}
    )
    parent_ids = {p.parent_id for p in posts if p.parent_id}
    parents = (
        {p.id: p for p in session.scalars(select(Post).where(Post.id.in_(parent_ids)))}
        if parent_ids
        else {}
    )
    items = []
    for post in posts:
        rows = meta.get(post.id, {})
        file = rows.get("_wp_attached_file", "")
        metadata = read_metadata(rows.get("_wp_attachment_metadata"))
        filesize = metadata.filesize if metadata is not None else None
        if metadata is not None and (not metadata.file or metadata.file != file):
            metadata = None  # a file's size only, or sizes of another file
        items.append(
            MediaItem(
                post=post,
                file=file,
                url=f"{UPLOADS_URL}/{file}" if file else "",
                alt=rows.get("_wp_attachment_image_alt", ""),
                metadata=metadata,
                filesize=filesize,
                author=authors.get(post.author_id or 0),
                parent=parents.get(post.parent_id),
            )
        )
    return items


def get_attachment(session: AnySession, attachment_id: int) -> Post | None:
    """The attachment *attachment_id*, or None when there is none."""
    post = session.get(Post, attachment_id)
    return post if post is not None and post.post_type == "attachment" else None


def update_attachment(
    session: AnySession,
    attachment: Post,
    *,
    title: str,
    alt: str | None,
    caption: str,
    description: str,
    now: datetime,
) -> None:
    """Change what the edit form edits (in the session; the caller commits). *now* is naive
    UTC; *alt* None leaves the alt text alone (a file that is not an image has none)."""
    errors: dict[str, str] = {}
    if len(title) > _MAX_TITLE:
        errors["post_title"] = f"The title is {len(title)} characters; keep it under {_MAX_TITLE}."
    clean_alt = None
    if alt is not None:
        # Plain text, as wp_strip_all_tags leaves it (pages escape it when they print it).
        clean_alt = " ".join(html.unescape(bleach.clean(alt, tags=set(), strip=True)).split())
        if len(clean_alt) > _MAX_ALT:
            errors["_wp_attachment_image_alt"] = (
                f"The alternative text is {len(clean_alt)} characters; say it in under {_MAX_ALT}."
            )
    if errors:
        raise AttachmentError(errors)
    attachment.title = title.strip()
    attachment.excerpt = caption
    attachment.content = description
    # Later than before, even twice within one tick: formatted content is cached per
    # modification time. The local time moves as much (the site's offset is kept).
    moment = max(now, attachment.modified_gmt + timedelta(microseconds=1))
    offset = attachment.modified - attachment.modified_gmt
    attachment.modified_gmt, attachment.modified = moment, moment + offset
    if clean_alt is not None:
        session.execute(
            delete(PostMeta).where(
                PostMeta.post_id == attachment.id, PostMeta.key == "_wp_attachment_image_alt"
            )
        )
        if clean_alt:
            session.add(
                PostMeta(post_id=attachment.id, key="_wp_attachment_image_alt", value=clean_alt)
            )
    session.flush()


def attachment_files(session: AnySession, uploads: Path, attachment: Post) -> list[Path]:
    """Every file of *attachment* in the uploads folder: its file, the upload a scaled or
    rotated copy was made from, and each size (those that exist)."""
    rows = {
        key: value
        for key, value in session.execute(
            select(PostMeta.key, PostMeta.value).where(
                PostMeta.post_id == attachment.id,
                PostMeta.key.in_(("_wp_attached_file", "_wp_attachment_metadata")),
            )
        )
    }
    file = rows.get("_wp_attached_file", "")
    names = {file} if file else set()
    meta = read_metadata(rows.get("_wp_attachment_metadata"))
    if meta is not None and meta.file:
        names.add(meta.file)
        if meta.original_image:
            names.add(meta.relative(meta.original_image))
        names.update(meta.relative(size.file) for size in meta.sizes.values())
    found = []
    for name in sorted(names):
        try:
            path = checked_path(uploads, name)
        except ImageError:
            continue  # a path that leads out of the uploads folder is never touched
        if path.is_file():
            found.append(path)
    return found


def delete_attachment(session: AnySession, uploads: Path, attachment: Post) -> list[Path]:
    """Delete *attachment* for good (in the session, which the caller commits) and return
    its files, which the caller removes once the commit succeeded (:func:`remove_files`)."""
    from ..editing import post_deleted
    from ..editing.terms import _delete_menu_items

    files = attachment_files(session, uploads, attachment)
    attachment_id = attachment.id
    comment_ids = list(session.scalars(select(Comment.id).where(Comment.post_id == attachment_id)))
    if comment_ids:
        session.execute(delete(CommentMeta).where(CommentMeta.comment_id.in_(comment_ids)))
        session.execute(delete(Comment).where(Comment.id.in_(comment_ids)))
    _delete_menu_items(session, "post_type", "attachment", attachment_id)
    session.execute(
        delete(PostMeta).where(
            PostMeta.key == "_thumbnail_id", PostMeta.value == str(attachment_id)
        )
    )
    session.execute(delete(TermRelationship).where(TermRelationship.post_id == attachment_id))
    session.execute(delete(PostViews).where(PostViews.post_id == attachment_id))
    session.execute(delete(PostMeta).where(PostMeta.post_id == attachment_id))
    session.delete(attachment)
    session.flush()
    post_deleted.send(attachment_id, post_type="attachment")
    return files


def remove_files(files: list[Path]) -> list[str]:
    """Remove *files*; the problems, one line each (a file already gone is no problem)."""
    problems = []
    for path in files:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            problems.append(f"{path.name}: {exc.strerror or exc}")
    return problems
