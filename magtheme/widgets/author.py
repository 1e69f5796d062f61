"""The ``author-box`` widget: who wrote what is being read, or an "About us" box.

Its user is the page's author (``source = "page"``: the author of the post or page shown,
or of the author archive; nothing on any other page) or a named user (``source = "user"``,
by login). It shows their display name, their avatar (their own picture from the media
library, :mod:`magtheme.avatars`, or one drawn on the site,
:func:`magtheme.comments.avatars.avatar`: no Gravatar, the email never reaches the page),
their biography as plain text in paragraphs (escaped, as every template prints it) or the
widget's own text instead, their website when it is an ``http(s)`` address, and a link to
their posts. Every instance of an area is loaded by one statement, and their own pictures
by one more when a box shows the avatar of a user who has one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy import and_, or_, select

from ..avatars import AVATAR_META, AvatarImage, avatar_id, avatar_images, avatar_img
from ..comments.avatars import avatar
from ..media.library import UPLOADS_URL
from ..models import AnySession, User, UserMeta
from .builtin import TITLE, plain_text_html, widget
from .registry import Field, WidgetContext, link_address

SOURCES = (("page", "The author of the page shown"), ("user", "A user (by login)"))
#: The avatar's width and height in pixels (WordPress's author boxes use 80 to 96).
AVATAR_SIZE = 80
#: How many logins a refusal names at most.
LOGINS_NAMED = 20


@dataclass(frozen=True)
class AuthorBox:
    """The user an author box is about, as its template sees them (never their email)."""

    id: int
    name: str
    bio: Markup
    url: str
    posts_url: str
    #: Their own picture (an ``<img>``) or one drawn from their name (inline SVG).
    avatar: Markup


def page_author_id(query: Any) -> int:
    """The author of the page *query* shows: a singular post's, or an author archive's
    user; 0 on any other page."""
    if query is None:
        return 0
    queried = getattr(query, "queried_object", None)
    if queried is None:
        return 0
    if getattr(query, "is_singular", False):
        # A Post has author_id (its ``author`` must not be loaded here); a PostView, author.
        author_id = getattr(queried, "author_id", None)
        if author_id is None:
            author_id = getattr(getattr(queried, "author", None), "id", None)
        return int(author_id or 0)
    if getattr(query, "is_author", False):
        return int(getattr(queried, "id", 0) or 0)
    return 0


def _login(settings: Mapping[str, Any]) -> str:
    return str(settings["user"]).strip() if settings["source"] == "user" else ""


def check_author_box(session: AnySession, settings: Mapping[str, Any]) -> list[str]:
    """A named user must exist when the box is saved (the page's author always does)."""
    if settings["source"] != "user":
        return []
    login = _login(settings)
    found = login and session.execute(select(User.id).where(User.login == login)).first()
    if found:
        return []
    logins = list(
        session.execute(select(User.login).order_by(User.login).limit(LOGINS_NAMED + 1)).scalars()
    )
    named = ", ".join(logins[:LOGINS_NAMED]) + (", …" if len(logins) > LOGINS_NAMED else "")
    known = f"the users are: {named}." if logins else "the site has no users yet."
    if not login:
        return [f"user is needed when source is user (a login); {known}"]
    return [f"there is no user with the login {login!r}; {known}"]


@widget(
    "author-box",
    name="Author Box",
    classname="widget_author_box",
    default_title="About the author",
    fields=[
        TITLE,
        Field("source", "select", "Whose box", default="page", choices=SOURCES),
        Field("user", "text", "User (login, when the box is a user's)", default="", max_length=60),
        Field("show_avatar", "boolean", "Show the avatar", default=True),
        Field("show_posts_link", "boolean", "Link to their posts", default=True),
        Field(
            "text",
            "textarea",
            "Text (instead of the user's biography)",
            default="",
            max_length=5000,
        ),
    ],
    many=True,
    depends=("users", "posts"),
    vary=("page",),
    check=check_author_box,
)
def author_box(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """The page's author, or a named user, with their bio and links. One statement for
    every instance (none when no instance has a user to show)."""
    page_author = (
        page_author_id(context.query) if any(s["source"] == "page" for s in settings_list) else 0
    )
    logins = {login for s in settings_list if (login := _login(s))}
    if not page_author and not logins:
        return [None] * len(settings_list)
    # The email is read only to draw the avatar (its color); it never reaches the template.
    # The avatar's attachment ID comes in the same statement; its files in one more, only
    # when a box shows the avatar of a user who has one.
    rows = session.execute(
        select(
            User.id,
            User.login,
            User.nicename,
            User.display_name,
            User.email,
            User.bio,
            User.url,
            UserMeta.value.label("avatar"),
        )
        .outerjoin(UserMeta, and_(UserMeta.user_id == User.id, UserMeta.key == AVATAR_META))
        .where(or_(User.id == page_author, User.login.in_(sorted(logins))))
    ).all()
    by_id = {row.id: row for row in rows}
    by_login = {row.login: row for row in rows}
    named = {row.id: avatar_id(row.avatar) for row in rows if avatar_id(row.avatar)}
    images = (
        avatar_images(session, named, UPLOADS_URL)
        if any(s["show_avatar"] for s in settings_list)
        else {}
    )
    results: list[dict[str, Any] | None] = []
    for settings in settings_list:
        row = (
            by_id.get(page_author)
            if settings["source"] == "page"
            else by_login.get(_login(settings))
        )
        if row is None:
            results.append(None)
            continue
        results.append(
            {
                "author": _box(row, str(settings["text"]), context, images.get(row.id)),
                "show_avatar": bool(settings["show_avatar"]),
                "show_posts_link": bool(settings["show_posts_link"]),
                "source": settings["source"],
            }
        )
    return results


def _box(row: Any, text: str, context: WidgetContext, image: AvatarImage | None) -> AuthorBox:
    name = row.display_name or row.login
    return AuthorBox(
        id=row.id,
        name=name,
        bio=plain_text_html(text if text.strip() else row.bio or ""),
        url=link_address(row.url or "") or "",
        posts_url=context.linker.author(row),
        avatar=(
            avatar_img(image, AVATAR_SIZE)
            if image is not None
            else avatar(name, row.email or "", AVATAR_SIZE)
        ),
    )


__all__ = ["AuthorBox", "SOURCES", "author_box", "check_author_box", "page_author_id"]
