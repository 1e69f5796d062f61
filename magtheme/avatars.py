"""Users' own avatars: a picture from the site's media library, never from another host.

WordPress asks Gravatar for every face it shows. Here a user's avatar is an image
attachment of the site, named by the user meta :data:`AVATAR_META` (its ID, as the local
avatar plugins for WordPress store it); a user without one gets the avatar drawn on the site
(:func:`magtheme.comments.avatars.avatar`: initials on a color, inline SVG). Nothing is
requested from any other host, and no email hash reaches the page.

An avatar is shown at a square size in CSS pixels: :func:`avatar_url` picks the smallest
square copy of the image at least that wide (the full image when it has none), and
:func:`avatar_img` prints it with a ``2x`` source for high-density screens. The copies are
the sizes the site makes for every image (WordPress's ``thumbnail`` is 150 × 150, cropped,
and themes add theirs), so an avatar is best uploaded square.

:func:`load_avatars` reads the avatars of many users in two statements (none when there is
no user, one when none has an avatar): a page loads those of its authors, of its author
archive and of its registered commenters together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from sqlalchemy import delete, select

from .media.metadata import AttachmentMetadata, cached_metadata
from .media.views import ResponsiveImage, full_dimensions
from .models import AnySession, Post, PostMeta, UserMeta

#: The user meta naming a user's avatar: the ID of an image attachment.
AVATAR_META = "magtheme_avatar"
#: The sizes avatars are shown at when a template does not say (WordPress's get_avatar).
DEFAULT_SIZE = 96
#: The largest size :func:`avatar_img` prints, in CSS pixels.
MAX_SIZE = 512

_FILE_KEYS = ("_wp_attached_file", "_wp_attachment_metadata")


@dataclass(frozen=True)
class AvatarImage(ResponsiveImage):
    """A user's avatar image: the full file and the copies its metadata lists."""

    attachment_id: int
    url: str
    width: int | None = None
    height: int | None = None
    metadata: AttachmentMetadata | None = field(default=None, repr=False, compare=False)
    uploads_url: str = "/wp-content/uploads"


def _size(size: object) -> int:
    try:
        number = int(size)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        number = DEFAULT_SIZE
    return max(8, min(number, MAX_SIZE))


def avatar_url(image: AvatarImage | None, size: int = DEFAULT_SIZE) -> str:
    """The URL of *image* for an avatar *size* pixels square: the smallest square version
    of it (a copy, or the full image) at least that wide, else the largest; the full image
    when it has no square version; "" without an image."""
    if image is None:
        return ""
    size = _size(size)
    meta = image.metadata
    # (width, url) of every square copy, and of the full image when it is square.
    squares: list[tuple[int, str]] = []
    if meta is not None:
        squares = [
            (copy.width, f"{image.uploads_url}/{meta.relative(copy.file)}")
            for copy in meta.sizes.values()
            if copy.width == copy.height and copy.width > 0
        ]
    if image.width and image.width == image.height:
        squares.append((image.width, image.url))
    if not squares:
        return image.url
    squares.sort()
    return next((url for width, url in squares if width >= size), squares[-1][1])


def avatar_img(image: AvatarImage, size: int = DEFAULT_SIZE, *, alt: str = "") -> Markup:
    """``<img class="avatar avatar-SIZE photo">`` of *image* at *size* CSS pixels, with a
    ``2x`` source when a larger copy exists (WordPress's get_avatar). The alt text is empty
    by default: an avatar sits beside the name it shows."""
    size = _size(size)
    src = avatar_url(image, size)
    double = avatar_url(image, size * 2)
    srcset = f' srcset="{escape(double)} 2x"' if double and double != src else ""
    return Markup(
        f'<img alt="{escape(alt)}" src="{escape(src)}"{srcset} '
        f'class="avatar avatar-{size} photo" width="{size}" height="{size}" '
        'loading="lazy" decoding="async">'
    )


def load_avatars(
    session: AnySession, user_ids: Iterable[int], uploads_url: str = "/wp-content/uploads"
) -> dict[int, AvatarImage]:
    """The avatars of *user_ids* that have one (an existing image attachment), by user ID.
    Two statements: the users' :data:`AVATAR_META`, then their images' files and sizes."""
    ids = sorted({int(i) for i in user_ids if i})
    if not ids:
        return {}
    named: dict[int, int] = {}
    for user_id, value in session.execute(
        select(UserMeta.user_id, UserMeta.value).where(
            UserMeta.user_id.in_(ids), UserMeta.key == AVATAR_META
        )
    ):
        if avatar_id(value):
            named.setdefault(user_id, avatar_id(value))
    return avatar_images(session, named, uploads_url)


def avatar_images(
    session: AnySession, named: Mapping[int, int], uploads_url: str = "/wp-content/uploads"
) -> dict[int, AvatarImage]:
    """The avatars of users whose :data:`AVATAR_META` was read already (user ID →
    attachment ID), by user ID: one statement for their images' files and sizes (none
    without a user); an ID that is not an image attachment gives no avatar."""
    if not named:
        return {}
    files: dict[int, dict[str, str]] = {}
    for post_id, key, value in session.execute(
        select(PostMeta.post_id, PostMeta.key, PostMeta.value)
        .join(Post, Post.id == PostMeta.post_id)
        .where(
            PostMeta.post_id.in_(sorted(set(named.values()))),
            PostMeta.key.in_(_FILE_KEYS),
            Post.post_type == "attachment",
            Post.mime_type.like("image/%"),
        )
    ):
        files.setdefault(post_id, {})[key] = value
    found: dict[int, AvatarImage] = {}
    for user_id, attachment_id in named.items():
        file = files.get(attachment_id, {})
        if file.get("_wp_attached_file"):
            found[user_id] = avatar_image(attachment_id, file, uploads_url)
    return found


def avatar_id(value: str | None) -> int:
    """The attachment ID an :data:`AVATAR_META` value names (0 for none)."""
    text = (value or "").strip()
    return int(text) if text.isdigit() else 0


class AvatarBatch:
    """The avatars of a page's users, loaded together the first time one is asked for.

    A page names every user it may show (:meth:`want`); the first :meth:`get` loads them all
    with :func:`load_avatars`, so a page that shows no avatar costs no statement and one that
    shows many costs two. A user asked for but not named is loaded then (two more).
    """

    def __init__(
        self,
        session: AnySession,
        user_ids: Iterable[int] = (),
        uploads_url: str = "/wp-content/uploads",
    ) -> None:
        self._session = session
        self._uploads_url = uploads_url
        self._wanted = {int(i) for i in user_ids if i}
        self._loaded: set[int] = set()
        self._found: dict[int, AvatarImage] = {}

    def want(self, user_ids: Iterable[int]) -> None:
        """Name more users to load with the others."""
        self._wanted |= {int(i) for i in user_ids if i}

    def get(self, user_id: int | None) -> AvatarImage | None:
        """The avatar of *user_id*, or ``None`` when they have none (or no ID is given)."""
        if not user_id:
            return None
        if user_id not in self._loaded:
            self._wanted.add(user_id)
            pending = self._wanted - self._loaded
            self._found.update(load_avatars(self._session, pending, self._uploads_url))
            self._loaded |= pending
        return self._found.get(user_id)


#: Where views look avatars up: a batch, or a plain mapping of those already loaded.
AvatarSource = AvatarBatch | Mapping[int, AvatarImage]


def avatar_image(
    attachment_id: int, meta: Mapping[str, str], uploads_url: str = "/wp-content/uploads"
) -> AvatarImage:
    """The avatar view of an attachment from its ``_wp_attached_file`` and
    ``_wp_attachment_metadata`` meta values."""
    relative = meta["_wp_attached_file"]
    metadata = cached_metadata(meta.get("_wp_attachment_metadata"))
    if metadata is not None and metadata.file != relative:
        metadata = None  # sizes of another file: show the file alone
    width, height = full_dimensions(metadata)
    return AvatarImage(
        attachment_id, f"{uploads_url}/{relative}", width, height, metadata, uploads_url
    )


def set_avatar(session: AnySession, user_id: int, attachment_id: int | None) -> None:
    """Make the image attachment *attachment_id* the avatar of *user_id* (``None``: none, so
    the drawn one shows). Not committed."""
    session.execute(
        delete(UserMeta).where(UserMeta.user_id == user_id, UserMeta.key == AVATAR_META)
    )
    if attachment_id:
        session.add(UserMeta(user_id=user_id, key=AVATAR_META, value=str(int(attachment_id))))


__all__ = [
    "AVATAR_META",
    "DEFAULT_SIZE",
    "AvatarBatch",
    "AvatarImage",
    "AvatarSource",
    "avatar_id",
    "avatar_image",
    "avatar_images",
    "avatar_img",
    "avatar_url",
    "load_avatars",
    "set_avatar",
]
