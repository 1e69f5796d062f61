"""Posts and Pages: the lists (``edit.php``) and the editor (``post-new.php``, ``post.php``).

Every write goes through :mod:`magtheme.editing` (the service ``magtheme post`` uses), so the
screen and the command line refuse the same things with the same messages. What the screen
adds is who may do what, checked per post with WordPress's meta capabilities: a contributor
writes drafts and submits them for review, an author publishes their own, an editor anyone's;
choosing another author or making a post sticky needs ``edit_others_posts``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from flask import abort, redirect, request
from sqlalchemy import Select, extract, func, or_, select
from werkzeug.wrappers import Response

from ... import site
from ...auth.capabilities import SiteFacts
from ...editing import EditError, PostInput, current_editor
from ...editing.posts import create_post, trash_post, untrash_post, update_post
from ...editing.posts import delete_post as delete_for_good
from ...editing.revisions import compare_revisions, list_revisions, restore_revision
from ...editing.terms import post_term_ids
from ...layouts import templates_for
from ...models import Post, PostMeta, Term, TermRelationship, User, db
from ...options import DEFAULT_THEME, load_options
from ...routing.rewrite import POST_FORMATS
from .. import access, forbidden, notify
from ..routes import admin_route, menu_link
from . import page

PER_PAGE = 20
#: The list's status links, WordPress's words.
STATUS_LABELS = {
    "publish": "Published",
    "future": "Scheduled",
    "draft": "Drafts",
    "pending": "Pending",
    "private": "Private",
    "trash": "Trash",
}

menu_link("All Posts", "/wp-admin/edit.php", "edit_posts", parent="Posts")
menu_link("Add New Post", "/wp-admin/post-new.php", "edit_posts", parent="Posts")
menu_link("Pages", "/wp-admin/edit.php?post_type=page", "edit_pages")
menu_link("Add New Page", "/wp-admin/post-new.php?post_type=page", "edit_pages", parent="Pages")


def _site_facts() -> SiteFacts:
    return SiteFacts.from_options(load_options(), site.registry())


def _can(cap: str, post: Any = None) -> bool:
    return access.can(cap, post, site=_site_facts()) if post is not None else access.can(cap)


def _post_type() -> str:
    name = request.values.get("post_type", "post")
    pt = site.registry().post_type(name)
    if pt is None or name in ("attachment", "revision", "nav_menu_item"):
        abort(404)
    return name


def _type_cap(post_type: str, what: str = "edit_posts") -> str:
    """``edit_posts`` → ``edit_pages`` for pages (custom types use the post's caps here)."""
    return what.replace("posts", "pages") if post_type == "page" else what


# -- the list ------------------------------------------------------------------------------


def _listed(post_type: str) -> Select[Any]:
    query = select(Post).where(Post.post_type == post_type, Post.status != "auto-draft")
    signed = access.person()
    assert signed is not None
    if not _can(_type_cap(post_type, "read_private_posts")):
        query = query.where(or_(Post.status != "private", Post.author_id == signed.id))
    return query


@admin_route("/edit.php", "edit_posts", menu="Posts")
def posts() -> Response:
    """The list: status links with counts, filters, search, pages, bulk actions."""
    post_type = _post_type()
    if not _can(_type_cap(post_type)):
        return forbidden()
    base = _listed(post_type)
    counts = _counts(base)
    status = request.args.get("post_status", "")
    query = base.where(Post.status == status) if status else base.where(Post.status != "trash")
    category = request.args.get("cat", "")
    if category.isdigit() and int(category):
        query = query.where(
            Post.id.in_(
                select(TermRelationship.post_id).where(TermRelationship.term_id == int(category))
            )
        )
    author = request.args.get("author", "")
    if author.isdigit():
        query = query.where(Post.author_id == int(author))
    month = request.args.get("m", "")
    if len(month) == 6 and month.isdigit():
        query = query.where(
            extract("year", Post.date) == int(month[:4]),
            extract("month", Post.date) == int(month[4:]),
        )
    search = request.args.get("s", "").strip()[:200]
    if search:
        like = f"%{search}%"
        query = query.where(or_(Post.title.ilike(like), Post.content.ilike(like)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    paged = request.args.get("paged", "1")
    current = min(max(int(paged) if paged.isdigit() else 1, 1), pages)
    rows = db.session.scalars(
        query.order_by(Post.date.desc(), Post.id.desc())
        .limit(PER_PAGE)
        .offset((current - 1) * PER_PAGE)
    ).all()
    return page(
        "admin/posts.html",
        title="Pages" if post_type == "page" else "Posts",
        post_type=post_type,
        rows=_row_views(list(rows)),
        counts=counts,
        shown_status=status,
        labels=STATUS_LABELS,
        total=total,
        pages=pages,
        current=current,
        page_url=lambda n: "/wp-admin/edit.php?" + urlencode({**request.args, "paged": n}),
        args=request.args,
        categories=_categories(),
        authors=db.session.scalars(select(User).order_by(User.display_name)).all(),
        months=_months(post_type),
        can_create=_can(_type_cap(post_type)),
    )


def _counts(base: Select[Any]) -> dict[str, int]:
    sub = base.subquery()
    return {
        str(k): int(v)
        for k, v in db.session.execute(
            select(sub.c.status, func.count()).group_by(sub.c.status)
        ).all()
    }


def _months(post_type: str) -> list[tuple[str, str]]:
    dates = db.session.scalars(
        select(Post.date).where(Post.post_type == post_type, Post.status != "auto-draft")
    ).all()
    seen = sorted({(d.year, d.month) for d in dates}, reverse=True)
    return [(f"{y}{m:02d}", datetime(y, m, 1).strftime("%B %Y")) for y, m in seen]


def _categories() -> list[Term]:
    return list(
        db.session.scalars(select(Term).where(Term.taxonomy == "category").order_by(Term.name))
    )


@dataclass
class RowView:
    post: Post
    author: str
    categories: list[str]
    tags: list[str]
    can_edit: bool
    can_delete: bool


def _row_views(rows: list[Post]) -> list[RowView]:
    """Each listed post with its author's name and its terms: three statements in all."""
    ids = [p.id for p in rows]
    authors = {
        u.id: u.display_name or u.login
        for u in db.session.scalars(
            select(User).where(User.id.in_({p.author_id for p in rows if p.author_id}))
        )
    }
    terms: dict[int, list[Term]] = {}
    for post_id, term in db.session.execute(
        select(TermRelationship.post_id, Term)
        .join(Term, Term.id == TermRelationship.term_id)
        .where(TermRelationship.post_id.in_(ids))
        .order_by(Term.name)
    ).all():
        terms.setdefault(post_id, []).append(term)
    facts = _site_facts()
    views = []
    for post in rows:
        own = terms.get(post.id, [])
        views.append(
            RowView(
                post,
                authors.get(post.author_id or 0, "—"),
                [t.name for t in own if t.taxonomy == "category"],
                [t.name for t in own if t.taxonomy == "post_tag"],
                access.can("edit_post", post, site=facts),
                access.can("delete_post", post, site=facts),
            )
        )
    return views


@admin_route("/edit.php", "edit_posts", methods=("POST",))
def posts_bulk() -> Response:
    """Bulk actions on the ticked posts: trash, restore, delete permanently."""
    post_type = _post_type()
    action = request.form.get("action", "")
    ids = [int(v) for v in request.form.getlist("post[]") if v.isdigit()]
    back = "/wp-admin/edit.php" + ("?post_type=page" if post_type == "page" else "")
    if action not in ("trash", "untrash", "delete") or not ids:
        notify("Choose a bulk action and tick at least one item.", "error")
        return redirect(back, 303)
    _apply(action, ids)
    return redirect(back, 303)


def _apply(action: str, ids: list[int]) -> int:
    editor = current_editor(access.person().id)  # type: ignore[union-attr]
    facts = _site_facts()
    done, refused = 0, 0
    for post_id in ids:
        post = db.session.get(Post, post_id)
        if post is None or not access.can("delete_post", post, site=facts):
            refused += 1
            continue
        try:
            if action == "trash":
                trash_post(editor, post_id)
            elif action == "untrash":
                untrash_post(editor, post_id)
            else:
                delete_for_good(editor, post_id)
        except EditError as exc:
            db.session.rollback()
            notify(str(exc), "error")
            continue
        done += 1
    db.session.commit()
    words = {
        "trash": "moved to the Trash",
        "untrash": "restored from the Trash",
        "delete": "permanently deleted",
    }
    if done:
        notify(f"{done} {'post' if done == 1 else 'posts'} {words[action]}.")
    if refused:
        notify(f"{refused} could not be changed: you may not, or they are gone.", "error")
    return done


# -- the editor ----------------------------------------------------------------------------


def _form_values(post: Post | None, post_type: str) -> dict[str, Any]:
    """What the editor's fields show for *post* (or a new one)."""
    if post is None:
        return {
            "post_title": "",
            "post_name": "",
            "post_content": "",
            "post_excerpt": "",
            "post_status": "draft",
            "post_date": "",
            "post_password": "",
            "comment_status": "open",
            "ping_status": "open",
            "menu_order": "0",
            "post_parent": "0",
            "categories": [],
            "tags_input": "",
            "thumbnail_id": "",
            "post_format": "standard",
            "page_template": "default",
            "sticky": False,
            "post_author": str(access.person().id),  # type: ignore[union-attr]
        }
    terms = {
        t.id: t
        for t in db.session.scalars(
            select(Term).where(Term.id.in_(post_term_ids(db.session, post.id)))
        )
    }
    meta = dict(
        db.session.execute(
            select(PostMeta.key, PostMeta.value).where(
                PostMeta.post_id == post.id,
                PostMeta.key.in_(("_thumbnail_id", "_wp_page_template")),
            )
        ).all()
    )
    sticky = post.id in [
        int(i) for i in (load_options().get("sticky_posts") or []) if str(i).isdigit()
    ]
    fmt = next(
        (
            t.slug.removeprefix("post-format-")
            for t in terms.values()
            if t.taxonomy == "post_format"
        ),
        "standard",
    )
    return {
        "post_title": post.title,
        "post_name": post.slug,
        "post_content": post.content,
        "post_excerpt": post.excerpt,
        "post_status": post.status,
        "post_date": post.date.strftime("%Y-%m-%dT%H:%M") if post.date.year > 1970 else "",
        "post_password": post.password,
        "comment_status": post.comment_status,
        "ping_status": post.ping_status,
        "menu_order": str(post.menu_order),
        "post_parent": str(post.parent_id),
        "categories": [t.id for t in terms.values() if t.taxonomy == "category"],
        "tags_input": ", ".join(t.name for t in terms.values() if t.taxonomy == "post_tag"),
        "thumbnail_id": meta.get("_thumbnail_id", ""),
        "post_format": fmt,
        "page_template": meta.get("_wp_page_template", "default") or "default",
        "sticky": sticky,
        "post_author": str(post.author_id or ""),
    }


def _editor_page(
    post: Post | None,
    post_type: str,
    *,
    status: int = 200,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    preview: str | None = None,
) -> Response:
    pt = site.registry().post_type(post_type)
    assert pt is not None
    chain = site.theme_chain(str(load_options().get("stylesheet") or DEFAULT_THEME))
    facts = _site_facts()
    can_publish = (
        access.can("publish_post", post, site=facts)
        if post is not None
        else _can(_type_cap(post_type, "publish_posts"))
    )
    return page(
        "admin/post_edit.html",
        status=status,
        title=(
            f"Edit {'Page' if post_type == 'page' else 'Post'}"
            if post
            else f"Add New {'Page' if post_type == 'page' else 'Post'}"
        ),
        post=post,
        post_type=post_type,
        pt=pt,
        values=values or _form_values(post, post_type),
        errors=errors or {},
        preview=preview,
        categories=_categories() if "category" in _taxonomies(post_type) else [],
        has_tags="post_tag" in _taxonomies(post_type),
        can_create_categories=_can("manage_categories"),
        can_publish=can_publish,
        can_others=_can(_type_cap(post_type, "edit_others_posts")),
        authors=db.session.scalars(
            select(User).where(User.role != "subscriber").order_by(User.display_name)
        ).all(),
        templates=templates_for(chain, post_type),
        formats=POST_FORMATS if pt.supports_feature("post-formats") else (),
        images=db.session.scalars(
            select(Post)
            .where(Post.post_type == "attachment", Post.mime_type.like("image/%"))
            .order_by(Post.id.desc())
            .limit(100)
        ).all(),
        parents=db.session.scalars(
            select(Post)
            .where(
                Post.post_type == post_type,
                Post.status.in_(("publish", "private", "draft", "pending", "future")),
            )
            .order_by(Post.title)
        ).all()
        if pt.hierarchical
        else [],
        revisions=list_revisions(db.session, post.id) if post is not None else [],
        permalink=_permalink(post),
    )


def _taxonomies(post_type: str) -> list[str]:
    return [t.name for t in site.registry().taxonomies.values() if post_type in t.object_type]


def _permalink(post: Post | None) -> str | None:
    if post is None or post.status in ("trash", "auto-draft"):
        return None
    from ... import urls as links

    try:
        return str(links.linker(load_options(), site.registry()).post(post))
    except Exception:  # a link builder that cannot place this post: the editor still works
        return None


@admin_route("/post-new.php", "edit_posts")
def post_new() -> Response:
    """An empty editor for a new post (``?post_type=page`` for a page)."""
    post_type = _post_type()
    if not _can(_type_cap(post_type)):
        return forbidden()
    return _editor_page(None, post_type)


def _the_post() -> Post:
    raw = request.values.get("post", request.values.get("post_ID", ""))
    post = db.session.get(Post, int(raw)) if raw.isdigit() and len(raw) < 12 else None
    if post is None or post.post_type in ("revision", "nav_menu_item"):
        abort(404)
    return post


@admin_route("/post.php", "edit_posts")
def post_edit() -> Response:
    """The editor for ``?post=N&action=edit``."""
    if request.args.get("action", "edit") != "edit" or "post" not in request.args:
        return redirect("/wp-admin/edit.php", 302)
    post = _the_post()
    if not access.can("edit_post", post, site=_site_facts()):
        return forbidden("Sorry, you are not allowed to edit this item.")
    return _editor_page(post, post.post_type)


def _input(post: Post | None, post_type: str, form: Any) -> tuple[PostInput, dict[str, str]]:
    """The editor's form as the service's input, with what the person may not choose taken
    out (and said)."""
    errors: dict[str, str] = {}
    facts = _site_facts()
    signed = access.person()
    assert signed is not None
    wanted = form.get("post_status", "draft")
    if form.get("publish") and wanted in ("draft", "pending"):
        wanted = "publish"
    may_publish = (
        access.can("publish_post", post, site=facts)
        if post is not None
        else _can(_type_cap(post_type, "publish_posts"))
    )
    if wanted in ("publish", "future", "private") and not may_publish:
        wanted = "pending"  # a contributor's "Publish" is WordPress's "Submit for Review"
    author = form.get("post_author", "")
    author_id = int(author) if author.isdigit() else None
    if post is None and author_id is None:
        author_id = signed.id
    if author_id is not None and author_id != (post.author_id if post else signed.id):
        if not _can(_type_cap(post_type, "edit_others_posts")):
            errors["post_author"] = "You may not give a post to another author."
    date = form.get("post_date", "").strip().replace("T", " ")
    categories = [int(c) for c in form.getlist("post_category[]") if c.isdigit()]
    new_category = form.get("newcategory", "").strip()
    if new_category:
        if not _can("manage_categories"):
            errors["newcategory"] = "You may not add categories; pick one of the list."
        else:
            categories_in: list[int | str] = [*categories, new_category]
    tags = [t.strip() for t in form.get("tags_input", "").split(",") if t.strip()]
    sticky = bool(form.get("sticky")) if post_type == "post" and _can("edit_others_posts") else None
    thumb = form.get("thumbnail_id", "")
    data = PostInput(
        post_title=form.get("post_title", ""),
        post_name=form.get("post_name", "").strip() or None,
        post_content=form.get("post_content", ""),
        post_excerpt=form.get("post_excerpt", ""),
        post_status=wanted,
        post_type=post_type if post is None else None,
        post_date=date or None,
        post_author=author_id,
        post_category=(
            categories_in if new_category and "newcategory" not in errors else categories
        )
        if "category" in _taxonomies(post_type)
        else None,
        create_categories=bool(new_category),
        tags_input=tags if "post_tag" in _taxonomies(post_type) else None,
        post_parent=int(form["post_parent"]) if form.get("post_parent", "").isdigit() else None,
        menu_order=int(form["menu_order"])
        if form.get("menu_order", "").lstrip("-").isdigit()
        else None,
        post_password=form.get("post_password", ""),
        comment_status="open" if form.get("comment_status") else "closed",
        ping_status="open" if form.get("ping_status") else "closed",
        page_template=form.get("page_template") or None,
        thumbnail_id=int(thumb) if thumb.isdigit() else 0,
        post_format=form.get("post_format") or None,
        sticky=sticky,
    )
    return data, errors


def _typed(form: Any) -> dict[str, Any]:
    values = {k: form.get(k, "") for k in form}
    values["categories"] = [int(c) for c in form.getlist("post_category[]") if c.isdigit()]
    values["sticky"] = bool(form.get("sticky"))
    values["comment_status"] = "open" if form.get("comment_status") else "closed"
    values["ping_status"] = "open" if form.get("ping_status") else "closed"
    return values


def _preview_html(form: Any, post: Post | None) -> str:
    """The content as it will be shown: formatted, and sanitized at the author's trust."""
    from ...content.context import ContentContext
    from ...content.pipeline import the_content
    from ...content.sanitize import post_policy, site_allows_unfiltered_html

    signed = access.person()
    assert signed is not None
    author = db.session.get(User, post.author_id) if post and post.author_id else signed.user
    policy = post_policy(
        author.role if author else None, unfiltered_html=site_allows_unfiltered_html()
    )
    context = ContentContext(post=post, session=db.session, options=load_options())
    return the_content(form.get("post_content", ""), context, policy=policy).html


@admin_route("/post.php", "edit_posts", methods=("POST",))
def post_save() -> Response:
    """Save (create or update), preview, trash, restore or delete."""
    action = request.form.get("action", "editpost")
    raw_id = request.form.get("post_ID", "")
    post = _the_post() if raw_id else None
    post_type = post.post_type if post is not None else _post_type()
    facts = _site_facts()
    if post is not None and not access.can("edit_post", post, site=facts):
        return forbidden("Sorry, you are not allowed to edit this item.")
    if post is None and not _can(_type_cap(post_type)):
        return forbidden()
    if action in ("trash", "untrash", "delete"):
        assert post is not None
        _apply(action, [post.id])
        target = "/wp-admin/edit.php" + ("?post_type=page" if post_type == "page" else "")
        if action == "untrash":
            target = f"/wp-admin/post.php?post={post.id}&action=edit"
        return redirect(target, 303)
    if action == "preview":
        return _editor_page(
            post, post_type, values=_typed(request.form), preview=_preview_html(request.form, post)
        )
    before = post.status if post is not None else "new"
    data, errors = _input(post, post_type, request.form)
    editor = current_editor(access.person().id)  # type: ignore[union-attr]
    if not errors:
        try:
            saved = (
                update_post(editor, post.id, data)
                if post is not None
                else create_post(editor, data)
            )
        except EditError as exc:
            errors = exc.errors
    if errors:
        db.session.rollback()
        return _editor_page(post, post_type, status=422, values=_typed(request.form), errors=errors)
    db.session.commit()
    kind = "Page" if post_type == "page" else "Post"
    said = {
        "publish": f"{kind} published.",
        "future": f"{kind} scheduled for {saved.date:%B %-d, %Y at %H:%M}.",
        "pending": f"{kind} submitted for review.",
        "private": f"{kind} published privately.",
    }.get(saved.status, f"{kind} draft saved." if post is None else f"{kind} updated.")
    if saved.status == before:
        said = f"{kind} updated."
    notify(said)
    return redirect(f"/wp-admin/post.php?post={saved.id}&action=edit", 303)


# -- revisions -----------------------------------------------------------------------------


def _revision_and_post() -> tuple[Post, Post] | Response:
    raw = request.values.get("revision", "")
    revision = db.session.get(Post, int(raw)) if raw.isdigit() and len(raw) < 12 else None
    if revision is None or revision.post_type != "revision":
        abort(404)
    post = db.session.get(Post, revision.parent_id)
    if post is None:
        abort(404)
    if not access.can("edit_post", post, site=_site_facts()):
        return forbidden("Sorry, you are not allowed to edit this item.")
    return revision, post


@admin_route("/revision.php", "edit_posts")
def revision() -> Response:
    """``?revision=N``: what changed between that revision and the post as it is now."""
    if "revision" not in request.args:
        return redirect("/wp-admin/edit.php", 302)
    found = _revision_and_post()
    if isinstance(found, Response):
        return found
    rev, post = found
    return page(
        "admin/revision.html",
        title=f"Compare Revisions of “{post.title}”",
        revision=rev,
        post=post,
        diffs=compare_revisions(db.session, rev.id, post.id),
    )


@admin_route("/revision.php", "edit_posts", methods=("POST",))
def revision_restore() -> Response:
    """Restore the revision (itself saved as the newest revision)."""
    found = _revision_and_post()
    if isinstance(found, Response):
        return found
    rev, post = found
    restore_revision(current_editor(access.person().id), rev.id)  # type: ignore[union-attr]
    db.session.commit()
    notify(f"Post restored to the revision from {rev.modified:%B %-d, %Y at %H:%M:%S}.")
    return redirect(f"/wp-admin/post.php?post={post.id}&action=edit", 303)
