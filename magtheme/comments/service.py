"""Taking a comment: validation, spam checks, moderation, saving, counts.

WordPress's ``wp_handle_comment_submission`` → ``wp_allow_comment`` → ``check_comment``, in
the same order and with the same messages, plus spam protection that needs no third party:
a honeypot field, a minimum time to fill the form (from a signed timestamp in the form), and
WordPress's flood check per address. The form's signed token is also its CSRF protection: it
is bound to the post and to a per-visitor key kept in the visitor's cookie.

Nothing here touches the request: the view hands over the form, the address, the clock and
the visitor's key, and gets a :class:`CommentResult` back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import bleach
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, func, select, update

from ..content.comment import render_comment
from ..models import AnySession, Comment, Post, db
from ..numbers import parse_id
from ..options import get_option
from ..visibility import is_visible, password_required
from .threading import moderation_hash

#: Comment options with WordPress's defaults (those options.DEFAULT_OPTIONS lacks).
#: The discussion options a comment is judged by (defaults in options.DEFAULT_OPTIONS).
COMMENT_OPTIONS: tuple[str, ...] = (
    "require_name_email",
    "comment_moderation",
    "comment_previously_approved",
    "comment_max_links",
    "moderation_keys",
    "disallowed_keys",
    "close_comments_for_old_posts",
    "close_comments_days_old",
    "thread_comments",
    "thread_comments_depth",
    "page_comments",
    "comments_per_page",
    "default_comments_page",
    "comment_order",
    "comment_min_seconds",
    "comment_rate_limit",
)

#: The form's fields: WordPress's names, so imported themes' forms keep working.
FIELDS = ("comment_post_ID", "comment_parent", "author", "email", "url", "comment")
#: Our signed token (CSRF + fill time) and the honeypot, which people never see.
TOKEN_FIELD = "mt_comment_token"
HONEYPOT_FIELD = "mt_address"
CONSENT_FIELD = "wp-comment-cookies-consent"

#: WordPress's column limits (``wp_get_comment_fields_max_lengths``).
MAX_LENGTHS = {"author": 245, "email": 100, "url": 200, "comment": 65525}

#: How long a form stays valid; older forms are re-shown with a fresh token.
TOKEN_MAX_AGE = timedelta(days=2)
_TOKEN_SALT = "magtheme.comment-form"

#: A commenter may use plain formatting and links (WordPress's comment allowlist).
COMMENT_TAGS = frozenset("a abbr acronym b blockquote cite code del em i q s strike strong".split())
COMMENT_ATTRIBUTES = {
    "a": ["href", "title"],
    "abbr": ["title"],
    "acronym": ["title"],
    "blockquote": ["cite"],
    "del": ["datetime"],
    "q": ["cite"],
}
COMMENT_PROTOCOLS = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True)
class Refusal:
    """Why a comment was not taken: a code, the field it concerns, a message, an HTTP status.

    ``field`` is a form field name, or ``"form"`` when the whole form is concerned.
    """

    code: str
    field: str
    message: str
    status: int
    anchor: str = "comments"


#: Every refusal, WordPress's messages where WordPress has one.
REFUSALS: dict[str, Refusal] = {
    r.code: r
    for r in (
        Refusal("MT-COMMENT-NOT-FOUND", "form", "There is no such post to comment on.", 404),
        Refusal("MT-COMMENT-CLOSED", "form", "Sorry, comments are closed for this item.", 403),
        Refusal(
            "MT-COMMENT-PASSWORD",
            "form",
            "This post is password protected. Enter the password to view and add comments.",
            403,
        ),
        Refusal(
            "MT-COMMENT-TOKEN",
            "form",
            "This comment could not be verified: the form's security token is missing or "
            "invalid. Make sure cookies are enabled, reload the page and send it again.",
            400,
        ),
        Refusal(
            "MT-COMMENT-EXPIRED",
            "form",
            "The comment form had expired. Your text is kept below: please send it again.",
            422,
        ),
        Refusal(
            "MT-COMMENT-TOO-FAST",
            "form",
            "That was quick! Please take a moment to read your comment over, then send it again.",
            422,
        ),
        Refusal(
            "MT-COMMENT-FLOOD", "form", "You are posting comments too quickly. Slow down.", 429
        ),
        Refusal(
            "MT-COMMENT-DUPLICATE",
            "comment",
            "Duplicate comment detected; it looks as though you\u2019ve already said that!",
            409,
        ),
        Refusal("MT-COMMENT-REQUIRED-NAME", "author", "Please enter your name.", 422),
        Refusal("MT-COMMENT-REQUIRED-EMAIL", "email", "Please enter your email address.", 422),
        Refusal("MT-COMMENT-EMAIL", "email", "Please enter a valid email address.", 422),
        Refusal(
            "MT-COMMENT-URL",
            "url",
            "Please enter a valid website address starting with http(s)://, "
            "such as https://example.com.",
            422,
        ),
        Refusal("MT-COMMENT-EMPTY", "comment", "Please type your comment text.", 422),
        Refusal("MT-COMMENT-LONG-NAME", "author", "Your name is too long.", 422),
        Refusal("MT-COMMENT-LONG-EMAIL", "email", "Your email address is too long.", 422),
        Refusal("MT-COMMENT-LONG-URL", "url", "Your URL is too long.", 422),
        Refusal("MT-COMMENT-LONG", "comment", "Your comment is too long.", 422),
        Refusal(
            "MT-COMMENT-PARENT",
            "comment_parent",
            "Sorry, replies to unapproved comments are not allowed.",
            403,
        ),
        Refusal(
            "MT-COMMENT-PARENT-ID",
            "comment_parent",
            "This reply does not name a comment (comment_parent must be a comment's ID).",
            400,
        ),
        Refusal(
            "MT-COMMENT-DEPTH",
            "comment_parent",
            "This conversation is as deep as it can go; please reply higher up.",
            422,
        ),
    )
}


@dataclass
class CommentResult:
    """What became of a submitted comment.

    ``status`` is ``approved``, ``pending`` (held), ``spam`` or ``refused``. A refused
    comment has ``errors`` (field → message), the ``codes`` of the rules it broke and the
    HTTP status to answer with; the form should be re-shown with ``values``.
    """

    status: str
    comment: Comment | None = None
    errors: dict[str, str] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)
    http_status: int = 303
    values: dict[str, str] = field(default_factory=dict)
    #: Why a comment was held or marked spam (``MT-COMMENT-HELD-…``), for logs and the CLI.
    reason: str = ""
    moderation_hash: str = ""

    @property
    def ok(self) -> bool:
        """Whether the comment was taken (approved, held, or silently set aside as spam)."""
        return self.status != "refused"


def option(name: str) -> Any:
    """A discussion option (WordPress's defaults come from options.DEFAULT_OPTIONS)."""
    return get_option(name)


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _int(value: Any, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


# -- cleaning -------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(value: Any, *, multiline: bool = False) -> str:
    """A form value as text: control characters dropped, newlines normalised, trimmed.

    Invalid UTF-8 already arrives as U+FFFD (Werkzeug decodes with ``replace``).
    """
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub("", text).strip()


def sanitize_comment_html(text: str) -> str:
    """A comment's text with only the comment allowlist's tags, attributes and protocols."""
    return str(
        bleach.clean(
            text,
            tags=COMMENT_TAGS,
            attributes=COMMENT_ATTRIBUTES,
            protocols=COMMENT_PROTOCOLS,
            strip=True,
            strip_comments=True,
        )
    )


_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$"
)


def is_email(value: str) -> bool:
    """WordPress's ``is_email``: local part, ``@``, a domain of at least two labels."""
    if len(value) < 6 or ".." in value:
        return False
    local = value.split("@", 1)[0]
    return bool(_EMAIL.match(value)) and not local.startswith(".") and not local.endswith(".")


_BRACKETED_HOST = re.compile(r"\[[0-9A-Fa-f:.]+(?:%25[\w.~-]+)?\](?::[0-9]{1,5})?")


def normalize_url(value: str) -> str | None:
    """The commenter's website as an http(s) URL ("" when none; ``None`` when not allowed).

    Like WordPress's ``esc_url``, a bare host gets ``http://``.
    """
    if not value:
        return ""
    if "://" not in value and not value.lower().startswith(("javascript:", "data:", "mailto:")):
        value = "http://" + value
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (a port that is not a number raises ValueError)
    except ValueError:
        return None  # e.g. "Invalid IPv6 URL" for a stray "[" or "]" in the host
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in value:
        return None
    host = parts.netloc.rpartition("@")[2]
    if "[" in host and not _BRACKETED_HOST.fullmatch(host):
        return None  # text around an IPv6 address, which urlsplit lets through
    return value


# -- the form token -------------------------------------------------------------------------


class TokenError(ValueError):
    """A form token that is missing, forged, for another post or visitor, or expired."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _serializer(secret: str | bytes) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=_TOKEN_SALT)


def _secret(secret: str | bytes | None) -> str | bytes:
    if secret is not None:
        return secret
    key = current_app.secret_key
    if not key:
        raise RuntimeError("comments need the app's SECRET_KEY to sign their forms")
    return key


def _epoch_ms(moment: datetime) -> int:
    # Milliseconds, so a fill time of 2.5 s is not rounded up to the minimum of 3.
    return int(moment.replace(tzinfo=UTC).timestamp() * 1000)


def make_form_token(
    post_id: int, visitor: str, *, now: datetime, secret: str | bytes | None = None
) -> str:
    """The signed token a comment form carries: the post, the visitor's key, when it was shown."""
    return str(_serializer(_secret(secret)).dumps([int(post_id), visitor, _epoch_ms(now)]))


def read_form_token(
    token: str, *, post_id: int, visitor: str, now: datetime, secret: str | bytes | None = None
) -> datetime:
    """When the form was shown; raises :class:`TokenError` with the refusal's code."""
    if not token or not visitor:
        raise TokenError("MT-COMMENT-TOKEN")
    try:
        payload = _serializer(_secret(secret)).loads(token)
        signed_post, signed_visitor, issued = payload
        shown = datetime.fromtimestamp(int(issued) / 1000, UTC).replace(tzinfo=None)
    except (BadSignature, TypeError, ValueError, OverflowError):
        raise TokenError("MT-COMMENT-TOKEN") from None
    if signed_post != int(post_id) or signed_visitor != visitor:
        raise TokenError("MT-COMMENT-TOKEN")
    if now - shown > TOKEN_MAX_AGE:
        raise TokenError("MT-COMMENT-EXPIRED")
    return shown


# -- open or closed ---------------------------------------------------------------------------


def comments_open(post: Post, *, now: datetime) -> bool:
    """``comments_open``: the post takes comments, and is not older than the auto-close age."""
    if post.comment_status != "open":
        return False
    if _flag(option("close_comments_for_old_posts")) and post.post_type == "post":
        days = _int(option("close_comments_days_old"), 14)
        if days > 0 and post.date_gmt < now - timedelta(days=days):
            return False
    return True


# -- moderation -----------------------------------------------------------------------------

_LINK = re.compile(r"<a [^>]*href", re.IGNORECASE)


def count_links(text: str) -> int:
    """Links in a comment as it will be shown (bare URLs become links, as WordPress counts)."""
    return len(_LINK.findall(str(render_comment(text))))


def keyword_match(keys: str, *values: str) -> str | None:
    """The first line of *keys* found in any of *values* (case-insensitive), or ``None``."""
    for line in (keys or "").splitlines():
        word = line.strip()
        if word and any(word.casefold() in v.casefold() for v in values if v):
            return word
    return None


def moderation_reason(
    *,
    author: str,
    email: str,
    url: str,
    content: str,
    ip: str,
    agent: str,
    previously_approved: bool,
    options: Mapping[str, Any],
) -> str | None:
    """WordPress's ``check_comment``: why a comment must wait for approval (``None``: it need not).

    Pure: *previously_approved* says whether this author and email already have an approved
    comment; *options* holds the moderation options.
    """
    if _flag(options.get("comment_moderation")):
        return "MT-COMMENT-HELD-MODERATION"
    max_links = _int(options.get("comment_max_links"), 2)
    if max_links and count_links(content) >= max_links:
        return "MT-COMMENT-HELD-LINKS"
    if keyword_match(
        str(options.get("moderation_keys") or ""), author, email, url, content, ip, agent
    ):
        return "MT-COMMENT-HELD-KEYWORD"
    if _flag(options.get("comment_previously_approved")) and not previously_approved:
        return "MT-COMMENT-HELD-FIRST"
    return None


# -- submitting -----------------------------------------------------------------------------


def _values(form: Mapping[str, Any]) -> dict[str, str]:
    values = {name: clean_text(form.get(name)) for name in FIELDS if name != "comment"}
    values["comment"] = clean_text(form.get("comment"), multiline=True)
    return values


def _refused(values: dict[str, str], *codes: str) -> CommentResult:
    # The form shows the text again; never more of it than a comment may hold.
    values = {name: value[: MAX_LENGTHS.get(name, 250)] for name, value in values.items()}
    errors: dict[str, str] = {}
    for code in codes:
        errors.setdefault(REFUSALS[code].field, REFUSALS[code].message)
    return CommentResult(
        "refused",
        errors=errors,
        codes=list(codes),
        http_status=max(REFUSALS[c].status for c in codes),
        values=values,
    )


def _local(now: datetime) -> datetime:
    try:
        zone = ZoneInfo(str(get_option("timezone_string") or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return now.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)


def _field_errors(values: dict[str, str]) -> tuple[list[str], str]:
    """The field rules; returns the codes broken and the normalised URL."""
    codes: list[str] = []
    author, email, content = values["author"], values["email"], values["comment"]
    if _flag(option("require_name_email")):
        if not author:
            codes.append("MT-COMMENT-REQUIRED-NAME")
        if not email:
            codes.append("MT-COMMENT-REQUIRED-EMAIL")
    if len(author) > MAX_LENGTHS["author"]:
        codes.append("MT-COMMENT-LONG-NAME")
    if email and len(email) > MAX_LENGTHS["email"]:
        codes.append("MT-COMMENT-LONG-EMAIL")
    elif email and not is_email(email):
        codes.append("MT-COMMENT-EMAIL")
    url = normalize_url(values["url"])
    if url is None:
        codes.append("MT-COMMENT-URL")
    elif len(url) > MAX_LENGTHS["url"]:
        codes.append("MT-COMMENT-LONG-URL")
    if not content:
        codes.append("MT-COMMENT-EMPTY")
    elif len(content) > MAX_LENGTHS["comment"]:
        codes.append("MT-COMMENT-LONG")
    return codes, url or ""


def _parent_error(session: AnySession, post: Post, parent_id: int) -> str | None:
    """A reply must answer an approved comment of the same post, within the thread depth."""
    if not parent_id:
        return None
    parent = session.get(Comment, parent_id)
    if parent is None or parent.post_id != post.id or parent.status != "approved":
        return "MT-COMMENT-PARENT"
    if not _flag(option("thread_comments")):
        return "MT-COMMENT-DEPTH"
    max_depth = _int(option("thread_comments_depth"), 5)
    depth, ancestor, seen = 1, parent, {parent.id}
    while ancestor.parent_id and depth <= max_depth:
        ancestor = session.get(Comment, ancestor.parent_id)  # type: ignore[assignment]
        if ancestor is None or ancestor.id in seen:
            break
        seen.add(ancestor.id)
        depth += 1
    # The parent sits at *depth*; its reply would sit one deeper.
    return "MT-COMMENT-DEPTH" if depth + 1 > max_depth else None


def submit_comment(
    form: Mapping[str, Any],
    *,
    post: Post | None,
    remote_addr: str,
    user_agent: str,
    now: datetime,
    cookie_key: str,
    password: str | None = None,
    secret: str | bytes | None = None,
    session: AnySession | None = None,
) -> CommentResult:
    """Check and save one comment sent through the comment form.

    *now* is the current UTC time (naive), *cookie_key* the visitor's key from their cookie
    (the form's token must have been made for it), *password* the post password the visitor
    gave (if any), *secret* the signing key (default: the app's ``SECRET_KEY``).
    """
    session = session or db.session
    values = _values(form)
    if (
        post is None
        or not is_visible(post, now)
        or post.post_type in ("attachment", "nav_menu_item")
    ):
        return _refused(values, "MT-COMMENT-NOT-FOUND")
    if password_required(post, password):
        return _refused(values, "MT-COMMENT-PASSWORD")
    if not comments_open(post, now=now):
        return _refused(values, "MT-COMMENT-CLOSED")
    try:
        shown = read_form_token(
            clean_text(form.get(TOKEN_FIELD)),
            post_id=post.id,
            visitor=cookie_key,
            now=now,
            secret=secret,
        )
    except TokenError as exc:
        return _refused(values, exc.code)

    ip, agent = clean_text(remote_addr)[:100], clean_text(user_agent)[:254]
    # A person never sees the honeypot; anything in it was typed by a robot. Set it aside as
    # spam without telling the robot, before any other rule can give it a hint.
    honeypot = clean_text(form.get(HONEYPOT_FIELD))
    if honeypot:
        return _save(session, post, values, "", ip, agent, now, "spam", "MT-COMMENT-SPAM-HONEYPOT")

    codes, url = _field_errors(values)
    # An empty field is a top-level comment; anything else must be a comment's ID.
    parent_id = parse_id(values["comment_parent"] or "0")
    if parent_id is None:
        codes.append("MT-COMMENT-PARENT-ID")
        parent_id = 0
    parent_code = _parent_error(session, post, parent_id)
    if parent_code:
        codes.append(parent_code)
    if codes:
        return _refused(values, *codes)

    min_seconds = _int(option("comment_min_seconds"), 3)
    if (now - shown).total_seconds() < min_seconds:
        return _refused(values, "MT-COMMENT-TOO-FAST")

    content = sanitize_comment_html(values["comment"])
    if _is_duplicate(session, post.id, parent_id, values, content):
        return _refused(values, "MT-COMMENT-DUPLICATE")
    if _is_flood(session, ip, now):
        return _refused(values, "MT-COMMENT-FLOOD")

    author, email = values["author"], values["email"]
    if keyword_match(str(option("disallowed_keys") or ""), author, email, url, content, ip, agent):
        return _save(
            session, post, values, url, ip, agent, now, "spam", "MT-COMMENT-SPAM-KEYWORD", content
        )
    options = {name: option(name) for name in COMMENT_OPTIONS}
    reason = moderation_reason(
        author=author,
        email=email,
        url=url,
        content=content,
        ip=ip,
        agent=agent,
        previously_approved=_previously_approved(session, author, email),
        options=options,
    )
    status = "pending" if reason else "approved"
    result = _save(session, post, values, url, ip, agent, now, status, reason or "", content)
    if result.comment is not None and status == "pending":
        result.moderation_hash = moderation_hash(result.comment, _secret(secret))
    return result


def _previously_approved(session: AnySession, author: str, email: str) -> bool:
    if not author or not email:
        return False
    found = session.scalar(
        select(Comment.id)
        .where(
            Comment.author_name == author,
            func.lower(Comment.author_email) == email.lower(),
            Comment.status == "approved",
        )
        .limit(1)
    )
    return found is not None


def _is_duplicate(
    session: AnySession, post_id: int, parent_id: int, values: dict[str, str], content: str
) -> bool:
    """WordPress's dupe check: same post, parent, author (name or email) and text."""
    who = Comment.author_name == values["author"]
    if values["email"]:
        who = who | (Comment.author_email == values["email"])
    found = session.scalar(
        select(Comment.id)
        .where(
            Comment.post_id == post_id,
            Comment.parent_id == parent_id,
            Comment.status != "trash",
            Comment.content == content,
            who,
        )
        .limit(1)
    )
    return found is not None


def _is_flood(session: AnySession, ip: str, now: datetime) -> bool:
    """WordPress's flood check: the last comment from this address came too recently."""
    interval = _int(option("comment_rate_limit"), 15)
    if interval <= 0 or not ip:
        return False
    last = session.scalar(
        select(func.max(Comment.date_gmt)).where(
            Comment.author_ip == ip, Comment.date_gmt >= now - timedelta(seconds=interval)
        )
    )
    return last is not None


def _save(
    session: AnySession,
    post: Post,
    values: dict[str, str],
    url: str,
    ip: str,
    agent: str,
    now: datetime,
    status: str,
    reason: str,
    content: str | None = None,
) -> CommentResult:
    comment = Comment(
        post_id=post.id,
        parent_id=(parse_id(values["comment_parent"]) or 0) if status != "spam" else 0,
        author_name=values["author"][: MAX_LENGTHS["author"]],
        author_email=values["email"][: MAX_LENGTHS["email"]],
        author_url=url[: MAX_LENGTHS["url"]],
        author_ip=ip,
        date=_local(now).replace(microsecond=0),
        date_gmt=now.replace(microsecond=0),
        content=content
        if content is not None
        else sanitize_comment_html(values["comment"][:65525]),
        status=status,
        type="comment",
        agent=agent,
    )
    session.add(comment)
    session.flush()
    if status == "approved":
        update_comment_count(session, post.id)
    session.commit()
    return CommentResult(status, comment=comment, values=values, reason=reason)


# -- counts and status changes --------------------------------------------------------------


def update_comment_count(session: AnySession, post_id: int) -> int:
    """Recount a post's approved comments into ``Post.comment_count`` (``wp_update_comment_count_now``)."""
    count = int(
        session.scalar(
            select(func.count(Comment.id)).where(
                Comment.post_id == post_id, Comment.status == "approved"
            )
        )
        or 0
    )
    session.execute(update(Post).where(Post.id == post_id).values(comment_count=count))
    return count


def set_comment_status(session: AnySession, ids: Iterable[int], status: str) -> list[Comment]:
    """Approve, hold, mark as spam or trash comments; the posts' counts follow."""
    if status not in ("approved", "pending", "spam", "trash"):
        raise ValueError(f"unknown comment status {status!r}")
    comments = list(session.scalars(select(Comment).where(Comment.id.in_(list(ids)))))
    for comment in comments:
        comment.status = status
    session.flush()
    for post_id in {c.post_id for c in comments}:
        update_comment_count(session, post_id)
    session.commit()
    return comments


def delete_comments(session: AnySession, ids: Iterable[int]) -> list[int]:
    """Delete comments for good; their replies move up to the deleted comment's parent."""
    comments = list(session.scalars(select(Comment).where(Comment.id.in_(list(ids)))))
    for comment in comments:
        session.execute(
            update(Comment)
            .where(Comment.parent_id == comment.id)
            .values(parent_id=comment.parent_id)
        )
    deleted = [c.id for c in comments]
    post_ids = {c.post_id for c in comments}
    session.execute(delete(Comment).where(Comment.id.in_(deleted)))
    for post_id in post_ids:
        update_comment_count(session, post_id)
    session.commit()
    return deleted
