"""The public site: every public URL goes through one view.

route → query vars → main query → canonical redirect → hierarchy → theme chain → render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    request,
    send_from_directory,
    session,
)
from jinja2 import TemplateError
from markupsafe import Markup, escape
from sqlalchemy import select
from werkzeug.exceptions import BadRequest, HTTPException, NotFound
from werkzeug.wrappers import Response as BaseResponse

from .. import feeds, hosts, navigation, site
from .. import urls as links
from ..admin.access import admin_location, safe_target
from ..avatars import AvatarBatch
from ..comments.threading import build_thread, paginate, visible_comments
from ..content.excerpt import EXCERPT_LENGTH, EXCERPT_MORE
from ..context import QueriedPost, QueryContext
from ..hierarchy import template_candidates
from ..layouts import page_layout
from ..media.serving import CONTENT_SECURITY_POLICY, delivery
from ..menus import PageMenus
from ..models import Comment, Post, User, db
from ..numbers import MAX_ID, parse_id
from ..options import DEFAULT_THEME, load_options
from ..present import (
    PageData,
    PostView,
    QueryView,
    comment_views,
    commenter_roles,
    load_page_data,
    queried_view,
)
from ..query import MainQuery
from ..render import Page, SiteView
from ..routing import notfound
from ..routing.lookup import DbLookup
from ..sections import render_sections
from ..siteicon import load_site_icon, site_icon_tags
from ..themes import TemplateChoice, ThemeChain, ThemeError, mods
from ..themes.assets import asset_url, send_asset
from ..themes.preview import preview_stylesheet
from ..themes.sandbox import TemplateLimitError
from ..visibility import is_visible, now_gmt, password_proof, unlocked
from ..widgets import is_active_area, render_widget, render_widget_area
from . import trackback
from .comments import RENDER_POST_EXTENSION, comment_form_data
from .errors import database_outage, discard_session, unavailable_response
from .tickers import ticker_helper

#: Longest URL path we read; WordPress's servers cut far earlier.
MAX_PATH = 2000


def register(app: Flask) -> None:
    app.add_url_rule("/", "public", public_view, defaults={"path": ""}, methods=["GET", "HEAD"])
    app.add_url_rule("/<path:path>", "public", public_view, methods=["GET", "HEAD"])
    app.add_url_rule(
        "/themes/<slug>/static/<path:filename>", "theme_static", theme_static, methods=["GET"]
    )
    app.add_url_rule("/wp-content/uploads/<path:filename>", "uploads", uploads, methods=["GET"])
    app.add_url_rule("/postpass", "postpass", postpass, methods=["POST"])
    app.register_error_handler(NotFound, _not_found)
    app.extensions[RENDER_POST_EXTENSION] = render_post_page
    app.register_error_handler(TemplateLimitError, _template_failed)
    app.register_error_handler(TemplateError, _template_failed)


def active_chain() -> ThemeChain:
    """The chain pages render with: the active theme's, or the one a preview shows."""
    previewed = preview_stylesheet()
    if previewed is not None:
        return site.theme_chain(previewed)
    options = load_options()
    return site.theme_chain(str(options.get("stylesheet") or DEFAULT_THEME))


@dataclass
class Resolution:
    """What a request resolves to: a redirect, or a query and the template chosen for it."""

    linker: Any
    options: dict[str, Any]
    ctx: QueryContext
    redirect: str | None = None
    #: 301 for canonical and moved URLs; 302 for the admin's short addresses (``/admin/``).
    redirect_status: int = 301
    choice: TemplateChoice | None = None
    #: Feeds and trackbacks bypass the theme, as in WordPress's template loader.
    feed: bool = False
    trackback: bool = False


def resolve_request() -> Resolution:
    """Run the request path up to (not including) rendering, for the view and the CLI."""
    options = load_options()
    registry = site.registry()
    linker = links.linker(options, registry)
    raw_path = links.raw_path(request.environ, request.path)
    try:
        if len(raw_path) > MAX_PATH:
            raise links.BadRequestPath("the path is too long")
        query_vars = links.parse(raw_path, request.args, options, registry)
    except links.BadRequestPath:
        ctx = QueryContext(is_404=True)
        return Resolution(linker, options, ctx, choice=_choose(ctx))
    ctx = MainQuery(db.session, options, registry, now_gmt()).run(query_vars)
    query_string = request.query_string.decode("latin-1")
    requested = f"{raw_path}?{query_string}" if query_string else raw_path
    target = links.canonical(requested, ctx, linker)
    if target is None and ctx.is_404:
        # WordPress's order: the old-slug redirect, then redirect_canonical's plain links
        # and its guess; before guessing, what the URL meant under an earlier permalink
        # setting (WordPress forgets those).
        found = DbLookup(db.session)
        target = (
            notfound.old_slug_url(requested, ctx, linker, found)
            or _redirect_plain_404(query_vars, linker)
            or links.moved_url(raw_path, request.args, requested, options, registry, linker)
            or notfound.guess_url(requested, ctx, linker, found)
        )
    if target is not None:
        return Resolution(linker, options, ctx, redirect=target)
    if ctx.is_404 and (admin := admin_location(raw_path)) is not None:
        return Resolution(linker, options, ctx, redirect=admin, redirect_status=302)
    if ctx.is_feed and not ctx.is_404:
        return Resolution(linker, options, ctx, feed=True)
    if ctx.is_trackback:
        return Resolution(linker, options, ctx, trackback=True)
    return Resolution(linker, options, ctx, choice=_choose(ctx))


def _choose(ctx: QueryContext) -> TemplateChoice:
    chain = active_chain()
    candidates = template_candidates(ctx, site.hierarchy_filters())
    choice = chain.locate(candidates)
    if choice.template is None:
        # A valid theme always has index.html; this is a broken theme folder.
        raise ThemeError(
            f"theme {chain.active.slug!r} has none of: {', '.join(candidates)}. "
            "Every theme needs templates/index.html."
        )
    return choice


def public_view(path: str) -> BaseResponse:
    resolution = resolve_request()
    if resolution.redirect is not None:
        return redirect(resolution.redirect, code=resolution.redirect_status)
    if resolution.feed:
        return _feed(resolution)
    if resolution.trackback:
        return trackback.answer(resolution.ctx, resolution.linker)
    assert resolution.choice is not None
    return render_context(resolution.ctx, resolution.choice, resolution.linker, resolution.options)


def _feed(resolution: Resolution) -> Response:
    ctx = resolution.ctx
    if ctx.is_singular or ctx.query_vars.get("withcomments"):
        post = ctx.queried_object if ctx.is_singular else None
        if post is not None and post.password:
            abort(404)  # a protected post's comments never appear in a feed
        body = feeds.comments_feed(
            db.session, post, resolution.linker, resolution.options, _current_url(), now_gmt()
        )
    else:
        body = feeds.posts_feed(
            db.session, ctx, resolution.linker, resolution.options, _current_url()
        )
    response = make_response(b"" if request.method == "HEAD" else body, 200)
    response.headers["Content-Type"] = "application/rss+xml; charset=UTF-8"
    return response


def _redirect_plain_404(query_vars: dict[str, str], linker: Any) -> str | None:
    """``?p=`` of a page (or any public post of another type) goes to its permalink."""
    raw = next(
        (query_vars.get(k) for k in ("p", "page_id", "attachment_id") if query_vars.get(k)), None
    )
    if not raw or not raw.isdigit():
        return None
    post = db.session.get(Post, int(raw))
    if post is None:
        return None
    pt = site.registry().post_type(post.post_type)
    if pt is None or not pt.public or not is_visible(post, now_gmt()):
        return None
    url: str = linker.post(post)
    return url


def render_context(
    ctx: QueryContext,
    choice: TemplateChoice,
    linker: Any,
    options: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> Response:
    """Render *ctx* with the template *choice* from the active chain."""
    assert choice.template is not None
    chain = active_chain()
    # The page's moment, read once: its date, widgets, menus and ticker all speak of it.
    now = now_gmt()
    data = _page_data(ctx, linker, options, now)
    data.excerpt_more, data.excerpt_length = _excerpt_settings(chain)
    posts = [PostView(p, data, password_form=_password_form(p)) for p in ctx.posts]
    current_url = _current_url(query=False)
    # What every widget of the page is rendered with, in an area or printed by the_widget().
    widget_site: dict[str, Any] = {
        "chain": chain,
        "session": db.session,
        "options": options,
        "linker": linker,
        "current_url": current_url,
        "now": now,
    }
    menus = PageMenus(
        db.session,
        options,
        linker,
        query=ctx,
        registry=site.registry(),
        current_url=_current_url(),
        chain=chain,
        now=now,
    )
    page = Page(
        chain=chain,
        ctx=ctx,
        site=SiteView(
            name=str(options.get("blogname", "")),
            description=str(options.get("blogdescription", "")),
            url=linker.home(),
            language=str(current_app.config.get("LANGUAGE", "en")),
            options={
                "date_format": options.get("date_format", "F j, Y"),
                "time_format": options.get("time_format", "g:i a"),
                "posts_per_page": options.get("posts_per_page", 10),
            },
        ),
        posts=posts,
        query=QueryView(
            ctx, posts[0] if ctx.is_singular and posts else queried_view(ctx.queried_object, data)
        ),
        linker=linker,
        menu=menus.menu,
        nav_menu=menus.nav_menu,
        has_nav_menu=menus.has_menu,
        pagination=lambda: _pagination(ctx, linker),
        static=lambda path: asset_url(chain, path),
        widget_area=lambda area_id, variables: render_widget_area(
            area_id, context=variables, **widget_site
        ),
        has_widgets=lambda area_id: is_active_area(options, area_id),
        ticker=ticker_helper(chain, options, linker, now),
        extra={k: v for k, v in (extra or {}).items() if k != "comment_form"},
        comment_form=_comment_form(ctx, extra or {}),
        content_css=data.content_css,
        page_template=(
            ctx.queried.page_template
            if ctx.is_singular and isinstance(ctx.queried, QueriedPost)
            else ""
        ),
        layout=page_layout(chain, ctx, choice.template, mods.theme_settings(chain)),
        home_sections=lambda setting_id, variables: theme_sections(
            setting_id, chain, options, linker, variables, current_url, now
        ),
        the_widget=lambda type_id, settings, instance, variables: render_widget(
            type_id, settings, instance=instance, context=variables, **widget_site
        ),
        adjacent_posts=lambda: (
            navigation.adjacent_posts(db.session, ctx.posts[0], linker, now)
            if ctx.is_singular and ctx.posts
            else {"previous": None, "next": None}
        ),
        site_icon=lambda: site_icon_tags(load_site_icon(db.session, options, data.uploads_url)),
        breadcrumbs=lambda **args: navigation.breadcrumbs(
            db.session,
            ctx,
            linker,
            categories=data.terms.get(ctx.posts[0].id, []) if ctx.is_singular and ctx.posts else (),
            **args,
        ),
        now=now,
    )
    g.magtheme_template = f"{choice.theme}:{choice.template}"
    g.magtheme_query = ctx  # what was shown, for after-request hooks (page views)
    html = "" if request.method == "HEAD" else page.render(choice.template)
    response = make_response(html, 404 if ctx.is_404 else 200)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    if current_app.debug or current_app.config.get("TEMPLATE_HEADER"):
        response.headers["X-Magtheme-Template"] = f"{choice.theme}:{choice.template}"
    return response


def theme_sections(
    setting_id: str,
    chain: ThemeChain,
    options: dict[str, Any],
    linker: Any,
    variables: dict[str, Any],
    current_url: str,
    now: datetime,
) -> Markup:
    """``home_sections(id)``: the chain's sections setting *setting_id*, rendered at *now*."""
    setting = mods.chain_schema(chain).get(setting_id)
    if setting is None or setting.type != "sections":
        return Markup("")
    return render_sections(
        mods.theme_settings(chain).get(setting_id),
        setting_id=setting_id,
        chain=chain,
        session=db.session,
        options=options,
        linker=linker,
        context=variables,
        current_url=current_url,
        now=now,
    )


def _excerpt_settings(chain: ThemeChain) -> tuple[str, int]:
    """The nearest theme of the chain that sets them wins; WordPress's defaults otherwise."""
    more, length = EXCERPT_MORE, EXCERPT_LENGTH
    for theme in reversed(chain.themes):
        info = theme.info
        more = info.excerpt_more if info.excerpt_more is not None else more
        length = info.excerpt_length if info.excerpt_length is not None else length
    return more, length


def _comment_form(ctx: QueryContext, extra: dict[str, Any]) -> Any:
    """The ``comment_form()`` helper: the form of the page's post (or the refused one)."""
    if not (ctx.is_singular and ctx.posts):
        return None
    post = ctx.posts[0]
    given = extra.get("comment_form")
    return lambda: given if given is not None else comment_form_data(post)


def render_post_page(post: Post, **extra: Any) -> Response:
    """The page of *post* through the active theme, with *extra* template variables.

    The comment view uses it to show a refused comment's form, errors and text in place.
    """
    key = {"page": "page_id", "attachment": "attachment_id"}.get(post.post_type, "p")
    query_vars = {key: str(post.id)}
    if key == "p":
        query_vars["post_type"] = post.post_type
    options = load_options()
    linker = links.linker(options, site.registry())
    ctx = MainQuery(db.session, options, site.registry(), now_gmt()).run(query_vars)
    return render_context(ctx, _choose(ctx), linker, options, extra)


def _page_data(ctx: QueryContext, linker: Any, options: dict[str, Any], now: datetime) -> PageData:
    data = load_page_data(
        db.session,
        ctx.posts
        + (
            [ctx.queried_object]
            if isinstance(ctx.queried_object, Post) and ctx.queried_object not in ctx.posts
            else []
        ),
        linker,
        sticky=options.get("sticky_posts") or [],
        options=options,
        now=now,
    )
    proofs = session.get("postpass", {})
    proofs = proofs if isinstance(proofs, dict) else {}
    secret = current_app.secret_key or ""
    data.unlocked = {p.id for p in ctx.posts if p.password and unlocked(p, proofs, secret)}
    # Whose faces the page can show: its authors, the author archive's user, and the
    # registered commenters; their own pictures load together when the first is shown
    # (two statements), not at all on a page that shows none.
    faces = set(data.authors)
    if isinstance(ctx.queried_object, User):
        faces.add(ctx.queried_object.id)
    thread = None
    if ctx.is_singular and ctx.posts:
        post = ctx.posts[0]
        data.singular_id = post.id
        data.part = ctx.page
        if not post.password or post.id in data.unlocked:
            thread = _comment_thread(post, linker, options, ctx)
            faces |= {c.user_id for c in thread.visible if c.user_id}
    data.avatars = AvatarBatch(db.session, faces, data.uploads_url)
    if thread is not None:
        data.comments = comment_views(
            thread.nodes,
            thread.permalink,
            thread.depth,
            commenter_roles(db.session, thread.visible),
            data.avatars,
        )
        data.comment_pages = thread.pages
    return data


@dataclass
class _Thread:
    """The comments a visitor sees of a post, threaded, before they become views."""

    visible: list[Comment]
    nodes: list[Any]
    permalink: str
    depth: int
    pages: list[dict[str, Any]]


def _comment_thread(post: Post, linker: Any, options: dict[str, Any], ctx: QueryContext) -> _Thread:
    """The thread a visitor sees: approved comments, plus their own held one (one statement)."""
    rows = db.session.scalars(
        select(Comment).where(
            Comment.post_id == post.id, Comment.status.in_(("approved", "pending"))
        )
    ).all()
    visible = visible_comments(
        rows, viewer_hash=request.args.get("moderation-hash"), secret=current_app.secret_key or ""
    )
    depth = (
        int(options.get("thread_comments_depth", 5) or 5)
        if options.get("thread_comments", True)
        else 1
    )
    order = str(options.get("comment_order", "asc"))
    nodes = build_thread(visible, depth=depth, order=order)
    permalink = linker.post(post)
    pages: list[dict[str, Any]] = []
    if options.get("page_comments"):
        # WordPress's comment pages: top-level comments per page, /comment-page-N/ links.
        cpage = ctx.query_vars.get("cpage", "")
        shown = paginate(
            nodes,
            per_page=int(options.get("comments_per_page", 50) or 50),
            page=int(cpage) if cpage.isdigit() else None,
            default_page=str(options.get("default_comments_page", "newest")),
            order=order,
        )
        nodes = shown.nodes
        if shown.total_pages > 1:
            pages = [
                {
                    "label": str(n),
                    "url": linker.comment_page(permalink, n, shown.total_pages),
                    "current": n == shown.page,
                }
                for n in range(1, shown.total_pages + 1)
            ]
    return _Thread(list(visible), nodes, permalink, depth, pages)


def _password_form(post: Post) -> Markup | None:
    if not post.password:
        return None
    return Markup(
        '<form action="/postpass" class="post-password-form" method="post">'
        "<p>This content is password protected. To view it please enter your password below:</p>"
        f'<p><label for="pwbox-{post.id}">Password: <input name="post_password" '
        f'id="pwbox-{post.id}" type="password" size="20" /></label> '
        f'<input type="hidden" name="post_id" value="{post.id}" />'
        f'<input type="hidden" name="redirect_to" value="{escape(_requested_path())}" />'
        '<input type="submit" name="Submit" value="Enter" /></p></form>'
    )


def _pagination(ctx: QueryContext, linker: Any) -> list[dict[str, Any]]:
    """Links to every page of the main query, WordPress's paginate_links shape (mid-size 2)."""
    total = ctx.max_num_pages
    if total <= 1 or ctx.is_singular:
        return []
    # The URL as requested, query string included, so /?s=x pages stay searches.
    base = linker.paged(_current_url(), 1)
    current = ctx.paged
    shown = sorted({1, total, *range(max(1, current - 2), min(total, current + 2) + 1)})
    items: list[dict[str, Any]] = []
    if current > 1:
        items.append(
            {
                "label": "Previous",
                "url": linker.paged(base, current - 1),
                "current": False,
                "rel": "prev",
            }
        )
    previous = 0
    for number in shown:
        if number - previous > 1:
            items.append({"label": "…", "url": None, "current": False, "rel": ""})
        items.append(
            {
                "label": str(number),
                "url": linker.paged(base, number),
                "current": number == current,
                "rel": "",
            }
        )
        previous = number
    if current < total:
        items.append(
            {
                "label": "Next",
                "url": linker.paged(base, current + 1),
                "current": False,
                "rel": "next",
            }
        )
    return items


def theme_static(slug: str, filename: str) -> BaseResponse:
    """A theme's static file, child first, then each parent; never outside ``static/``."""
    try:
        chain = site.theme_chain(slug)
    except ThemeError:
        abort(404)
    response = send_asset(chain, filename, request.args.get("v"))
    if response is None:
        abort(404)
    return response


def uploads(filename: str) -> Response:
    """Media files, at WordPress's own URLs so imported content keeps working; sent with a
    type from :mod:`magtheme.media.serving`'s table, never one a browser would run."""
    how = delivery(filename)
    response = send_from_directory(
        Path(current_app.instance_path) / "uploads",
        filename,
        mimetype=how.mimetype,
        as_attachment=not how.inline,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response


def postpass() -> BaseResponse:
    """Take a post password; remember it (signed session cookie) and go back."""
    post_id = parse_id(request.form.get("post_id", ""))
    if post_id is None:
        raise BadRequest(f"post_id must be a post ID (digits, at most {MAX_ID}).")
    post = db.session.get(Post, post_id) if post_id else None
    given = request.form.get("post_password", "")[:255]
    if post is not None and post.password and given == post.password:
        # Only a proof of the right password is kept (signed cookie), never the password.
        proofs = dict(session.get("postpass", {}))
        proofs[str(post.id)] = password_proof(post.id, given, current_app.secret_key or "")
        session["postpass"] = proofs
    return redirect(_local_target(request.form.get("redirect_to", "/")), code=303)


def _local_target(target: str) -> str:
    """*target* when it is a path on this site, else the home page: an absolute URL on the
    site's own address (never the request's host), so the redirect cannot leave the site."""
    home = str(links.linker(load_options(), site.registry()).home())
    path = safe_target(target, "")
    return home.rstrip("/") + path if path else home


def _requested_path() -> str:
    return links.raw_path(request.environ, request.path)


def _current_url(*, query: bool = True) -> str:
    """This request's URL on the site's own address (see :func:`magtheme.hosts.current_url`)."""
    return hosts.current_url(load_options(), _requested_path(), query=query)


def _not_found(error: HTTPException) -> Response | HTTPException:
    """Unknown URLs answer through the theme's 404 template."""
    if request.endpoint in ("theme_static", "uploads", "engine_static", "ticker_feed"):
        return error
    try:
        options = load_options()
        linker = links.linker(options, site.registry())
        ctx = QueryContext(is_404=True)
        return render_context(ctx, _choose(ctx), linker, options)
    except ThemeError:
        return error


def _template_failed(error: Exception) -> BaseResponse:
    """A theme template failed or ran past the sandbox's limits: say which, honestly (500)."""
    if database_outage(error) is not None:
        discard_session()
        return unavailable_response()
    # Jinja's own errors name the template; sandbox refusals do not, so fall back to the
    # template this request chose.
    name = getattr(error, "name", None) or g.get("magtheme_template") or "a template"
    line = getattr(error, "lineno", None)
    # Sandbox failures know the theme and file too: "classic/templates/single.html:12".
    where = getattr(error, "where", None) or f"{name}" + (f", line {line}" if line else "")
    current_app.logger.error("theme template failed (%s): %s", where, error, exc_info=error)
    detail = f"\n\n{error}" if current_app.debug else ""
    response = make_response(
        f"This page could not be shown: the theme's template {where} failed.{detail}\n", 500
    )
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    if current_app.debug:
        response.headers["X-Magtheme-Template-Error"] = where
    return response
