"""What templates see: read-only views of posts, terms, users and the query.

Templates never receive database models (a model would hand a template its session); they
get these small objects, filled from data the main query already loaded. Every attribute
here is part of the documented template surface (docs/themes.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from markupsafe import Markup
from sqlalchemy import select

from .avatars import DEFAULT_SIZE, AvatarSource, avatar_img, avatar_url
from .comments.avatars import avatar
from .comments.threading import Node, reply_url
from .content.comment import render_comment
from .content.context import ContentContext
from .content.excerpt import EXCERPT_LENGTH, EXCERPT_MORE, PROTECTED, cached_excerpt
from .content.parts import split_parts
from .content.pipeline import post_teaser, render_part
from .content.sanitize import comment_policy, sanitize, site_allows_unfiltered_html
from .content.text import reading_time, word_count
from .content.titles import title_html, title_text
from .context import CONDITIONALS, QueryContext
from .media.metadata import AttachmentMetadata, cached_metadata
from .media.views import ResponsiveImage, full_dimensions
from .models import AnySession, Post, PostMeta, Term, TermRelationship, User
from .slugs import decode_slug


@dataclass(frozen=True)
class ImageView(ResponsiveImage):
    """A featured image: the full image's URL, alt text and pixels, with ``srcset``,
    ``sizes`` and ``size(name)`` from its ``_wp_attachment_metadata`` (see media.views)."""

    id: int
    url: str
    alt: str
    width: int | None = None
    height: int | None = None
    metadata: AttachmentMetadata | None = field(default=None, repr=False, compare=False)
    uploads_url: str = "/wp-content/uploads"
    #: The attachment's caption (its excerpt, WordPress's ``wp_get_attachment_caption``),
    #: as safe HTML; ``""`` without one. Not the alt text: a caption is read by everyone.
    caption: Markup = field(default_factory=lambda: Markup(""))
    #: Who made the image (the attachment's ``_media_credit``, Newspack's field), plain
    #: text; ``""`` without one.
    credit: str = ""


@dataclass
class PageData:
    """Everything loaded for one page's posts, so views never query."""

    linker: Any
    authors: dict[int, User] = field(default_factory=dict)
    terms: dict[int, list[Term]] = field(default_factory=dict)
    thumbnails: dict[int, ImageView] = field(default_factory=dict)
    attached_files: dict[int, str] = field(default_factory=dict)
    #: Image attachments shown as themselves (an attachment page): id → its image.
    attachment_images: dict[int, ImageView] = field(default_factory=dict)
    sticky: frozenset[int] = frozenset()
    #: Protected posts the visitor gave the password for.
    unlocked: set[int] = field(default_factory=set)
    singular_id: int | None = None
    part: int = 1
    comments: list[CommentView] = field(default_factory=list)
    #: Links to the post's comment pages when comments are paged (label, url, current).
    comment_pages: list[dict[str, Any]] = field(default_factory=list)
    uploads_url: str = "/wp-content/uploads"
    #: What content filters may use (session, options, time) — see ContentContext.
    session: Any = None
    options: dict[str, Any] = field(default_factory=dict)
    now: Any = None
    #: The active theme's automatic-excerpt settings (WordPress's excerpt_more/length).
    excerpt_more: str = EXCERPT_MORE
    excerpt_length: int = EXCERPT_LENGTH
    #: CSS the rendered blocks of this page need, for the page's <head>.
    content_css: list[str] = field(default_factory=list)
    #: The own pictures of the page's authors and registered commenters, by user ID
    #: (a :class:`magtheme.avatars.AvatarBatch`, loaded when the first is shown); users
    #: without one get a drawn avatar.
    avatars: AvatarSource = field(default_factory=dict)

    def content_context(self, post: Post) -> ContentContext:
        return ContentContext(
            post=post,
            session=self.session,
            linker=self.linker,
            options=self.options,
            now=self.now,
            uploads_url=self.uploads_url,
        )


#: The meta of an attachment a page shows: its file, alt text and sizes, in one statement.
ATTACHMENT_META_KEYS = (
    "_wp_attached_file",
    "_wp_attachment_image_alt",
    "_wp_attachment_metadata",
    # Who made the image, as Newspack and the Media Credit plugin store it.
    "_media_credit",
)


def image_view(attachment_id: int, url: str, meta: dict[str, str], uploads_url: str) -> ImageView:
    """The view of one attachment from its meta rows (see :data:`ATTACHMENT_META_KEYS`)."""
    metadata = cached_metadata(meta.get("_wp_attachment_metadata"))
    if metadata is not None and metadata.file != meta.get("_wp_attached_file"):
        metadata = None  # sizes of another file (a replaced image): show the file alone
    width, height = full_dimensions(metadata)
    alt = meta.get("_wp_attachment_image_alt", "")
    credit = " ".join(meta.get("_media_credit", "").split())[:200]
    return ImageView(attachment_id, url, alt, width, height, metadata, uploads_url, credit=credit)


def load_page_data(
    session: AnySession,
    posts: list[Post],
    linker: Any,
    *,
    sticky: Iterable[int] = (),
    uploads_url: str = "/wp-content/uploads",
    options: dict[str, Any] | None = None,
    now: Any = None,
) -> PageData:
    """Authors, terms and thumbnails of *posts*: a fixed number of statements, however many."""
    data = PageData(
        linker=linker,
        sticky=frozenset(sticky),
        uploads_url=uploads_url,
        session=session,
        options=dict(options or {}),
        now=now,
    )
    if not posts:
        return data
    ids = [p.id for p in posts]
    author_ids = {p.author_id for p in posts if p.author_id}
    if author_ids:
        for user in session.scalars(select(User).where(User.id.in_(author_ids))):
            data.authors[user.id] = user
    for post_id, term in session.execute(
        select(TermRelationship.post_id, Term)
        .join(Term, Term.id == TermRelationship.term_id)
        .where(TermRelationship.post_id.in_(ids))
        .order_by(Term.name)
    ):
        data.terms.setdefault(post_id, []).append(term)
    thumb_of: dict[int, int] = {}
    for post_id, value in session.execute(
        select(PostMeta.post_id, PostMeta.value).where(
            PostMeta.post_id.in_(ids), PostMeta.key == "_thumbnail_id"
        )
    ):
        if value.strip().isdigit():
            thumb_of[post_id] = int(value)
    file_ids = set(thumb_of.values()) | {p.id for p in posts if p.post_type == "attachment"}
    files: dict[int, dict[str, str]] = {}
    if file_ids:
        for post_id, key, value in session.execute(
            select(PostMeta.post_id, PostMeta.key, PostMeta.value).where(
                PostMeta.post_id.in_(file_ids),
                PostMeta.key.in_(ATTACHMENT_META_KEYS),
            )
        ):
            files.setdefault(post_id, {})[key] = value
    for post_id, file in files.items():
        if file.get("_wp_attached_file"):
            data.attached_files[post_id] = f"{uploads_url}/{file['_wp_attached_file']}"
    shown = {thumb_id for thumb_id in thumb_of.values() if thumb_id in data.attached_files}
    captions: dict[int, Markup] = {}
    if shown:
        for attachment_id, excerpt in session.execute(
            select(Post.id, Post.excerpt).where(Post.id.in_(sorted(shown)), Post.excerpt != "")
        ):
            captions[attachment_id] = Markup(sanitize(excerpt))
    for post_id, thumb_id in thumb_of.items():
        if thumb_id in data.attached_files:
            view = image_view(
                thumb_id, data.attached_files[thumb_id], files.get(thumb_id, {}), uploads_url
            )
            if thumb_id in captions:
                view = replace(view, caption=captions[thumb_id])
            data.thumbnails[post_id] = view
    for post in posts:
        mime = str(getattr(post, "mime_type", "") or "")
        if post.post_type == "attachment" and mime.startswith("image/"):
            if post.id in data.attached_files:
                view = image_view(
                    post.id, data.attached_files[post.id], files.get(post.id, {}), uploads_url
                )
                if (post.excerpt or "").strip():
                    view = replace(view, caption=Markup(sanitize(post.excerpt)))
                data.attachment_images[post.id] = view
    # Link data (parents, categories, authors for the permalink structure) in one go.
    lookup = getattr(linker, "lookup", None)
    if lookup is not None and hasattr(lookup, "preload"):
        lookup.preload(posts)
    return data


class UserView:
    """An author, as templates see one (never the email or password hash).

    ``avatar(size)`` is their picture at *size* CSS pixels: their own image when they have
    one (:mod:`magtheme.avatars`), otherwise one drawn on the site from their name;
    ``avatar_url(size)`` is the URL of their own image, or "" without one.
    """

    def __init__(self, user: User, linker: Any, avatars: AvatarSource | None = None) -> None:
        self.id = user.id
        self.display_name = user.display_name or user.login
        self.nicename = user.nicename
        self.bio = user.bio
        self.url = user.url
        self.permalink = linker.author(user)
        self._avatars: AvatarSource = avatars if avatars is not None else {}
        # Private (templates cannot read it): the drawn avatar's color comes from it.
        self._email = user.email or ""

    def avatar_url(self, size: int = DEFAULT_SIZE) -> str:
        """The URL of the user's own avatar for *size* pixels square ("" without one)."""
        return avatar_url(self._avatars.get(self.id), size)

    def avatar(self, size: int = DEFAULT_SIZE) -> Markup:
        """The user's avatar at *size* CSS pixels, as an ``<img>`` (their own picture) or an
        inline SVG (drawn from their name), with ``class="avatar avatar-SIZE photo"``."""
        image = self._avatars.get(self.id)
        if image is not None:
            return avatar_img(image, size)
        return avatar(self.display_name, self._email, size)

    def __str__(self) -> str:
        return self.display_name


class TermView:
    """A term of any taxonomy."""

    def __init__(self, term: Term, linker: Any) -> None:
        self.id = term.id
        self.name = term.name
        self.slug = decode_slug(term.slug)
        self.taxonomy = term.taxonomy
        self.description = term.description
        self.count = term.count
        self.parent_id = term.parent_id
        self.permalink = linker.term(term)

    def __str__(self) -> str:
        return self.name


class PostTypeView:
    def __init__(self, post_type: Any, linker: Any) -> None:
        self.name = post_type.name
        self.label = post_type.label
        self.permalink = linker.post_type_archive(post_type.name)

    def __str__(self) -> str:
        return self.label


class CommentView:
    """A comment as templates see it (never its email or IP), with its replies."""

    def __init__(
        self,
        node: Node,
        permalink: str,
        max_depth: int,
        roles: dict[int, str] | None = None,
        avatars: AvatarSource | None = None,
    ) -> None:
        comment = node.comment
        roles = roles or {}
        avatars = avatars if avatars is not None else {}
        self.id = comment.id
        self.author = comment.author_name or "Anonymous"
        self.author_url = comment.author_url
        self.date = comment.date
        # Filtered by the trust of whoever wrote it: a visitor, or a registered user's role.
        policy = comment_policy(
            roles.get(comment.user_id) if comment.user_id else None,
            unfiltered_html=site_allows_unfiltered_html(),
        )
        self.content = render_comment(comment.content, policy)
        self.parent_id = comment.parent_id
        self.depth = node.depth
        #: The visitor's own comment, still awaiting moderation.
        self.held = node.held
        # A registered user's own picture; a visitor's (or a user without one) drawn here.
        image = avatars.get(comment.user_id or 0)
        self.avatar = (
            avatar_img(image, 48)
            if image is not None
            else avatar(self.author, comment.author_email)
        )
        self.reply_url = reply_url(permalink, comment.id) if node.can_reply(max_depth) else ""
        self.children = [
            CommentView(child, permalink, max_depth, roles, avatars) for child in node.children
        ]


def commenter_roles(session: AnySession, comments: Iterable[Any]) -> dict[int, str]:
    """The roles of the registered users among *comments*' authors (one statement, none
    when every commenter is a visitor)."""
    ids = {c.user_id for c in comments if c.user_id}
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.role).where(User.id.in_(ids)))
    return {row.id: row.role for row in rows}


def comment_views(
    nodes: list[Node],
    permalink: str,
    max_depth: int,
    roles: dict[int, str] | None = None,
    avatars: AvatarSource | None = None,
) -> list[CommentView]:
    """Threaded comment nodes as template views; *roles* from :func:`commenter_roles`,
    *avatars* (registered commenters' own pictures) from :func:`magtheme.avatars.load_avatars`."""
    return [CommentView(node, permalink, max_depth, roles, avatars) for node in nodes]


class PostView:
    """A post of any type, as templates see it."""

    def __init__(self, post: Post, data: PageData, *, password_form: Markup | None = None):
        linker = data.linker
        self.id = post.id
        #: The title as safe HTML: inline markup from a small allow-list, nothing else.
        self.title = display_title(post)
        #: The title as plain text, for <title>, attributes and anything not HTML.
        self.title_text = display_title_text(post)
        self.slug = decode_slug(post.slug)
        self.post_type = post.post_type
        self.status = post.status
        self.date = post.date
        self.modified = post.modified
        self.parent_id = post.parent_id
        self.menu_order = post.menu_order
        self.mime_type = post.mime_type
        self.comment_count = post.comment_count
        #: WordPress's has_excerpt(): the author wrote one (an automatic excerpt is not one).
        self.has_excerpt = bool((post.excerpt or "").strip())
        self.comments_open = post.comment_status == "open"
        self.permalink = linker.post(post)
        self.sticky = post.id in data.sticky
        self.password_required = bool(post.password) and post.id not in data.unlocked
        author = data.authors.get(post.author_id or 0)
        self.author = UserView(author, linker, data.avatars) if author else None
        terms = data.terms.get(post.id, [])
        self._terms = terms
        self._linker = linker
        self.categories = [TermView(t, linker) for t in terms if t.taxonomy == "category"]
        self.tags = [TermView(t, linker) for t in terms if t.taxonomy == "post_tag"]
        fmt = next((t.slug for t in terms if t.taxonomy == "post_format"), "")
        self.format = fmt.removeprefix("post-format-")
        self.thumbnail = data.thumbnails.get(post.id)
        self.attachment_url = data.attached_files.get(post.id, post.guid)
        #: An image attachment's own image (sizes, srcset, caption, credit), None otherwise.
        self.attachment_image = data.attachment_images.get(post.id)
        parts = split_parts(post.content)
        self.pages = len(parts)
        singular = data.singular_id == post.id
        self.page = data.part if singular else 1
        self.comments = data.comments if singular else []
        self.comment_pages = data.comment_pages if singular else []
        self._post = post
        self._data = data
        self._context = data.content_context(post)
        if self.password_required:
            self.content = password_form or Markup("")
            self.has_more = False
        elif singular:
            rendered = render_part(post, self.page, self._context)
            self.content = Markup(rendered.html)
            if rendered.css:
                data.content_css.append(rendered.css)
            self.has_more = False
        else:
            self.content, self.has_more = post_teaser(post, self._context)

    @property
    def excerpt(self) -> str:
        """Plain text: the manual excerpt or the first 55 words, as WordPress makes it."""
        if self.password_required:
            return PROTECTED
        return str(self._excerpt()[1])

    @property
    def excerpt_html(self) -> Markup:
        """The excerpt as WordPress's the_excerpt prints it: a paragraph of safe HTML."""
        if self.password_required:
            return Markup(f"<p>{PROTECTED}</p>")
        return self._excerpt()[0]

    def _excerpt(self) -> tuple[Markup, str]:
        data = self._data
        return cached_excerpt(self._post, self._context, data.excerpt_more, data.excerpt_length)

    @property
    def word_count(self) -> int:
        """Words in the whole post (0 while it is protected)."""
        return 0 if self.password_required else word_count(self._post.content)

    @property
    def reading_time(self) -> int:
        """Minutes to read the whole post at 200 words a minute (at least 1)."""
        return 0 if self.password_required else reading_time(self._post.content)

    def part_url(self, n: int) -> str:
        """The URL of part *n* of a ``<!--nextpage-->`` post (WordPress's _wp_link_page)."""
        return str(self._linker.part(self.permalink, n))

    def terms(self, taxonomy: str) -> list[TermView]:
        """The post's terms in *taxonomy* (``category``, ``post_tag`` or a custom one)."""
        return [TermView(t, self._linker) for t in self._terms if t.taxonomy == taxonomy]

    def __str__(self) -> str:
        return self.title_text

    def __html__(self) -> Markup:
        return self.title


def _title_prefix(post: Post) -> str:
    """WordPress's protected_title_format and private_title_format, without the title."""
    if post.password:
        return "Protected: "
    if post.status == "private":
        return "Private: "
    return ""


def display_title(post: Post) -> Markup:
    """WordPress's the_title as safe HTML (see content/titles.py for what markup stays);
    protected and private posts say so before their title."""
    return Markup(_title_prefix(post)) + title_html(post.title or "")


def display_title_text(post: Post) -> str:
    """The title of :func:`display_title` as plain text (tags removed, entities decoded)."""
    return _title_prefix(post) + title_text(post.title or "")


class QueryView:
    """The main query's conditionals and pagination."""

    def __init__(self, ctx: QueryContext, queried_object: Any) -> None:
        for name in CONDITIONALS:
            setattr(self, name, getattr(ctx, name))
        self.paged = ctx.paged
        self.page = ctx.page
        self.max_num_pages = ctx.max_num_pages
        self.found_posts = ctx.found_posts
        self.search = ctx.search_terms
        self.post_type = ctx.post_type
        self.queried_object = queried_object
        self.year = _int(ctx.query_vars.get("year") or ctx.query_vars.get("m", "")[:4])
        self.monthnum = _int(ctx.query_vars.get("monthnum") or ctx.query_vars.get("m", "")[4:6])
        self.day = _int(ctx.query_vars.get("day") or ctx.query_vars.get("m", "")[6:8])

    @property
    def archive_date(self) -> datetime | None:
        """The first day of a date archive's period, for headings."""
        if not self.year:
            return None
        try:
            return datetime(self.year, self.monthnum or 1, self.day or 1)
        except ValueError:
            return None


def _int(value: str) -> int:
    return int(value) if value and value.isdigit() else 0


def queried_view(obj: Any, data: PageData) -> Any:
    """The view of a queried object (post, term, user or post type), or ``None``."""
    if obj is None:
        return None
    if isinstance(obj, Post):
        return PostView(obj, data)
    if isinstance(obj, Term):
        return TermView(obj, data.linker)
    if isinstance(obj, User):
        return UserView(obj, data.linker, data.avatars)
    return PostTypeView(obj, data.linker)
