"""Trackback endpoints (``/2024/05/11/post/trackback/``, ``?tb=1``), answered without a theme.

WordPress's template loader hands a trackback request to ``wp-trackback.php`` instead of a
template; this module is that script with trackbacks closed. Magtheme never accepts a ping
(pings carry no proof of who sent them and are mostly spam), so what a client gets is what
WordPress answers for a post whose pings are closed:

- no post in the request (``/?tb=1``): the XML error "I really need an ID for this to work.";
- a visit (no ``title``, ``url`` or ``blog_name`` posted): a redirect to the post;
- a ping: the XML error "Sorry, trackbacks are closed for this item."

The XML errors are sent with status 200, as the Trackback protocol expects.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, redirect, request
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.wrappers import Response as BaseResponse

from ..context import QueryContext

NO_ID = "I really need an ID for this to work."
CLOSED = "Sorry, trackbacks are closed for this item."
_PING_FIELDS = ("title", "url", "blog_name")


def register(app: Flask) -> None:
    """POST goes to trackback endpoints only; every other public URL stays GET and HEAD."""
    app.add_url_rule("/", "trackback", receive, defaults={"path": ""}, methods=["POST"])
    app.add_url_rule("/<path:path>", "trackback", receive, methods=["POST"])


def error_response(message: str) -> Response:
    """WordPress's ``trackback_response`` for an error."""
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n<response>\n<error>1</error>\n'
        f"<message>{message}</message>\n</response>"
    )
    return Response(body, 200, content_type="text/xml; charset=UTF-8")


def answer(ctx: QueryContext, linker: Any) -> BaseResponse:
    """What the trackback endpoint of the main query *ctx* answers, for any method."""
    if not (ctx.is_singular and ctx.posts):
        return error_response(NO_ID)
    if not any(request.form.get(name) for name in _PING_FIELDS):
        # Not a ping at all: WordPress sends the reader on to the post (302).
        return redirect(linker.post(ctx.posts[0]), code=302)
    # Every ping is refused, whatever it carries (WordPress answers nothing at all for one
    # that lacks a title or URL; a clear refusal is more useful to the sender).
    return error_response(CLOSED)


def receive(path: str) -> BaseResponse:
    """A POST: a ping to a trackback endpoint; any other URL does not take POST."""
    from .public import resolve_request  # public answers GET trackbacks through answer()

    resolution = resolve_request()
    if resolution.trackback:
        return answer(resolution.ctx, resolution.linker)
    if resolution.ctx.is_404:
        raise NotFound()
    raise MethodNotAllowed(valid_methods=["GET", "HEAD"])
