"""The comment form's endpoint, at WordPress's own address: ``POST /wp-comments-post.php``.

Imported themes post their forms there, with WordPress's field names (``comment_post_ID``,
``comment_parent``, ``author``, ``email``, ``url``, ``comment``,
``wp-comment-cookies-consent``); our form adds a signed token and a honeypot
(:func:`comment_form_data` gives a theme everything it needs to draw the form).

After a comment is taken the visitor is sent back to it (303), like WordPress: to
``permalink#comment-ID`` when approved, or to ``permalink?unapproved=ID&moderation-hash=H
#comment-ID`` when held, so they alone see it with a notice. A comment that fails validation
re-shows the form with their text kept and the error beside the field (422).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, current_app, make_response, redirect, request, session
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response as BaseResponse

from .. import site
from .. import urls as links
from ..comments import service
from ..content.titles import title_html
from ..models import Comment, Post, db
from ..numbers import parse_id
from ..options import load_options
from ..routing.permalinks import add_query_arg
from ..visibility import now_gmt, password_required, unlocked

#: Where comment forms post: WordPress's address, so imported themes' forms keep working.
ACTION_URL = "/wp-comments-post.php"
#: The session key holding the visitor's key, to which form tokens are bound.
VISITOR_KEY = "mt_visitor"
#: The cookie remembering name, email and website (only when the visitor agrees).
COMMENTER_COOKIE = "magtheme_commenter"
_COMMENTER_SALT = "magtheme.commenter"
_COMMENTER_MAX_AGE = 365 * 24 * 3600
#: ``app.extensions`` key of the lead's page renderer: ``fn(post, **extra) -> Response``.
RENDER_POST_EXTENSION = "magtheme.render_post_page"

#: The largest request body read; a comment at the limit, percent-encoded, fits in it.
MAX_BODY_BYTES = 1024 * 1024

CONSENT_LABEL = "Save my name, email, and website in this browser for the next time I comment."


def register(app: Flask) -> None:
    """Add ``POST /wp-comments-post.php`` to *app*."""
    app.add_url_rule(ACTION_URL, "comment_post", post_comment, methods=["POST"])


# -- the visitor --------------------------------------------------------------------------


def visitor_key(*, create: bool = True) -> str:
    """The visitor's key (kept in the signed session cookie), made on first need."""
    key = session.get(VISITOR_KEY)
    if not isinstance(key, str) or not key:
        if not create:
            return ""
        key = secrets.token_urlsafe(18)
        session[VISITOR_KEY] = key
    return key


def _commenter_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key or "", salt=_COMMENTER_SALT)


def remembered_commenter() -> dict[str, str]:
    """Name, email and website the visitor asked us to remember ({} when none)."""
    raw = request.cookies.get(COMMENTER_COOKIE)
    if not raw:
        return {}
    try:
        data = _commenter_serializer().loads(raw)
    except BadSignature:
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: str(data.get(k, ""))[:250] for k in ("author", "email", "url")}


def _post_password(post: Post) -> str | None:
    """The post's password when the visitor proved they know it (see visibility.unlocked)."""
    proofs = session.get("postpass", {})
    if isinstance(proofs, dict) and unlocked(post, proofs, current_app.secret_key or ""):
        return post.password
    return None


# -- the form -----------------------------------------------------------------------------

_FIELD_SPECS: tuple[tuple[str, str, str, str], ...] = (
    # name, label, input type, autocomplete
    ("comment", "Comment", "textarea", "off"),
    ("author", "Name", "text", "name"),
    ("email", "Email", "email", "email"),
    ("url", "Website", "url", "url"),
)


def comment_form_data(
    post: Post,
    form_values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything a theme needs to draw the comment form of *post* (see the module docs).

    *form_values* and *errors* re-show a refused submission: the visitor's text is kept and
    each error sits beside its field.
    """
    now = now_gmt()
    values = dict(remembered_commenter())
    values.update({k: v for k, v in (form_values or {}).items() if v is not None})
    errors = dict(errors or {})
    require = service._flag(service.option("require_name_email"))
    is_open = service.comments_open(post, now=now)
    locked = password_required(post, _post_password(post))
    parent = values.get("comment_parent") or request.args.get("replytocom", "")
    parent_id = parse_id(str(parent)) or 0
    fields = []
    for name, label, kind, autocomplete in _FIELD_SPECS:
        required = name == "comment" or (require and name in ("author", "email"))
        fields.append(
            {
                "name": name,
                "id": name,
                "label": label,
                "type": kind,
                "value": values.get(name, ""),
                "required": required,
                "maxlength": service.MAX_LENGTHS[name],
                "autocomplete": autocomplete,
                "error": errors.get(name, ""),
                "error_id": f"{name}-error",
            }
        )
    token = service.make_form_token(post.id, visitor_key(), now=now) if is_open else ""
    data: dict[str, Any] = {
        "action": ACTION_URL,
        "method": "post",
        "post_id": post.id,
        "parent_id": parent_id,
        "open": is_open and not locked,
        "password_required": locked,
        "closed_message": "" if is_open else "Comments are closed.",
        "require_name_email": require,
        "fields": fields,
        "hidden": [
            {"name": "comment_post_ID", "value": str(post.id)},
            {"name": "comment_parent", "value": str(parent_id)},
            {"name": service.TOKEN_FIELD, "value": token},
        ],
        "token": {"name": service.TOKEN_FIELD, "value": token},
        "honeypot": {
            "name": service.HONEYPOT_FIELD,
            "label": "Leave this field empty",
        },
        "cookies_consent": {
            "name": service.CONSENT_FIELD,
            "value": "yes",
            "checked": bool(values.get("author") and request.cookies.get(COMMENTER_COOKIE))
            or values.get(service.CONSENT_FIELD) == "yes",
            "label": CONSENT_LABEL,
        },
        "errors": errors,
        "form_error": errors.get("form", "") or errors.get("comment_parent", ""),
        "submit_label": "Post Comment",
        "notes": "Your email address will not be published."
        + (" Required fields are marked *" if require else ""),
    }
    data["html"] = render_form(data)
    return data


def render_form(data: Mapping[str, Any]) -> Markup:
    """WordPress's default comment form (``#respond``), accessible, from :func:`comment_form_data`."""
    if data["password_required"]:
        return Markup("")
    if not data["open"]:
        return Markup('<p class="no-comments">{}</p>').format(data["closed_message"])
    out = [Markup('<div id="respond" class="comment-respond">')]
    out.append(Markup('<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>'))
    out.append(
        Markup(
            '<form action="{}" method="post" id="commentform" class="comment-form" novalidate>'
        ).format(data["action"])
    )
    if data["form_error"]:
        out.append(
            Markup('<p class="comment-form-error" role="alert">{}</p>').format(data["form_error"])
        )
    out.append(Markup('<p class="comment-notes">{}</p>').format(data["notes"]))
    for f in data["fields"]:
        star = Markup(' <span class="required">*</span>') if f["required"] else Markup("")
        described = (
            Markup(' aria-invalid="true" aria-describedby="{}"').format(f["error_id"])
            if f["error"]
            else ""
        )
        required = Markup(" required") if f["required"] else ""
        out.append(Markup('<p class="comment-form-{}">').format(f["name"]))
        out.append(Markup('<label for="{}">{}{}</label> ').format(f["id"], f["label"], star))
        if f["type"] == "textarea":
            out.append(
                Markup(
                    '<textarea id="{}" name="{}" cols="45" rows="8" maxlength="{}"{}{}>{}</textarea>'
                ).format(f["id"], f["name"], f["maxlength"], required, described, f["value"])
            )
        else:
            out.append(
                Markup(
                    '<input id="{}" name="{}" type="{}" value="{}" size="30" maxlength="{}" autocomplete="{}"{}{} />'
                ).format(
                    f["id"],
                    f["name"],
                    f["type"],
                    f["value"],
                    f["maxlength"],
                    f["autocomplete"],
                    required,
                    described,
                )
            )
        if f["error"]:
            out.append(
                Markup(' <span id="{}" class="comment-form-field-error">{}</span>').format(
                    f["error_id"], f["error"]
                )
            )
        out.append(Markup("</p>"))
    hp = data["honeypot"]
    # Hidden from people (and from screen readers); robots filling every field fill it too.
    out.append(
        Markup(
            '<p class="comment-form-hp" aria-hidden="true" style="position:absolute;left:-9999px">'
            '<label for="{0}">{1}</label><input id="{0}" name="{0}" type="text" value="" '
            'tabindex="-1" autocomplete="off" /></p>'
        ).format(hp["name"], hp["label"])
    )
    consent = data["cookies_consent"]
    out.append(
        Markup(
            '<p class="comment-form-cookies-consent"><input id="{0}" name="{0}" type="checkbox" '
            'value="yes"{1} /> <label for="{0}">{2}</label></p>'
        ).format(
            consent["name"],
            Markup(' checked="checked"') if consent["checked"] else "",
            consent["label"],
        )
    )
    out.append(
        Markup(
            '<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="{}" />'
        ).format(data["submit_label"])
    )
    for hidden in data["hidden"]:
        out.append(
            Markup('<input type="hidden" name="{}" value="{}" />').format(
                hidden["name"], hidden["value"]
            )
        )
    out.append(Markup("</p></form></div>"))
    return Markup("").join(out)


# -- the endpoint -------------------------------------------------------------------------


def post_comment() -> BaseResponse:
    """Take a comment (``wp-comments-post.php``) and send the visitor back to it."""
    # Far more than the longest comment (65,525 characters, up to 4 bytes each, encoded):
    # refuse before reading it into memory.
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return _message_page(413, "Your comment is too long.", None)
    try:
        form = request.form
    except RequestEntityTooLarge:
        return _message_page(413, "Your comment is too long.", None)
    post_id = parse_id(service.clean_text(form.get("comment_post_ID")))
    post = db.session.get(Post, post_id) if post_id else None
    result = service.submit_comment(
        form,
        post=post,
        remote_addr=request.remote_addr or "",
        user_agent=request.headers.get("User-Agent", ""),
        now=now_gmt(),
        cookie_key=visitor_key(create=False),
        password=_post_password(post) if post is not None else None,
    )
    if post is None or result.http_status == 404:
        return _message_page(404, service.REFUSALS["MT-COMMENT-NOT-FOUND"].message, None)
    if not result.ok:
        if result.http_status in (400, 403):
            return _message_page(result.http_status, " ".join(result.errors.values()), post)
        return _refused_page(post, result)
    response = redirect(_comment_location(post, result), code=303)
    _remember_commenter(response, form, result)
    return response


def _link(post: Post) -> str:
    linker = links.linker(load_options(), site.registry())
    return str(linker.post(post))


def _comment_location(post: Post, result: service.CommentResult) -> str:
    permalink = _link(post)
    comment = result.comment
    if comment is None or result.status == "spam":
        return permalink + "#comments"
    if result.status == "pending":
        url = add_query_arg(permalink, "unapproved", comment.id)
        url = add_query_arg(url, "moderation-hash", result.moderation_hash)
        return f"{url}#comment-{comment.id}"
    return f"{permalink}#comment-{comment.id}"


def _remember_commenter(
    response: BaseResponse, form: Mapping[str, Any], result: service.CommentResult
) -> None:
    """WordPress's ``wp_set_comment_cookies``: only with consent; without it, forget."""
    if result.status == "spam":
        return
    if form.get(service.CONSENT_FIELD) == "yes":
        comment: Comment | None = result.comment
        value = _commenter_serializer().dumps(
            {
                "author": comment.author_name if comment else "",
                "email": comment.author_email if comment else "",
                "url": comment.author_url if comment else "",
            }
        )
        response.set_cookie(
            COMMENTER_COOKIE,
            value,
            max_age=_COMMENTER_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )
    elif request.cookies.get(COMMENTER_COOKIE):
        response.delete_cookie(COMMENTER_COOKIE)


def _refused_page(post: Post, result: service.CommentResult) -> BaseResponse:
    """The post again, the form showing the visitor's text and the errors beside the fields."""
    values = dict(result.values)
    data = comment_form_data(post, values, result.errors)
    renderer: Callable[..., BaseResponse] | None = current_app.extensions.get(RENDER_POST_EXTENSION)
    if renderer is not None:
        response = renderer(post, comment_form=data, comment_errors=result.errors)
        response.status_code = result.http_status
        if result.http_status == 429:
            response.headers["Retry-After"] = str(
                service._int(service.option("comment_rate_limit"), 15)
            )
        return response
    title = title_html(post.title) if post.title else "this post"
    body = Markup(
        "<h1>Your comment was not posted</h1>"
        '<div class="comment-errors" role="alert"><p>Please correct the following:</p><ul>{}</ul></div>'
        '<p><a href="{}">Back to “{}”</a></p>{}'
    ).format(
        Markup("").join(
            Markup('<li><a href="#{}">{}</a></li>').format(_anchor(name), message)
            for name, message in result.errors.items()
        ),
        _link(post),
        title,
        data["html"],
    )
    response = _html(body, "Your comment was not posted", result.http_status)
    if result.http_status == 429:
        response.headers["Retry-After"] = str(
            service._int(service.option("comment_rate_limit"), 15)
        )
    return response


def _anchor(field_name: str) -> str:
    return field_name if field_name in ("author", "email", "url", "comment") else "commentform"


def _message_page(status: int, message: str, post: Post | None) -> BaseResponse:
    back = Markup('<p><a href="{}">Back to the post</a></p>').format(_link(post)) if post else ""
    body = Markup('<h1>Comment not posted</h1><p role="alert">{}</p>{}').format(message, back)
    return _html(body, "Comment not posted", status)


def _html(body: Markup, title: str, status: int) -> BaseResponse:
    page = Markup(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>{}</title></head><body><main>{}</main></body></html>"
    ).format(title, body)
    response = make_response(str(page), status)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    return response
