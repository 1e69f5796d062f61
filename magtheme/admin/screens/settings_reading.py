"""Settings → Reading (``/wp-admin/options-reading.php``): what the front page shows, how
many posts a page and a feed list, and whether search engines are asked to stay away."""

from __future__ import annotations

from flask import request
from sqlalchemy import select
from werkzeug.wrappers import Response

from ...models import Post, db
from ..routes import admin_route
from . import page
from .settings import save, stored_values, typed

URL = "/wp-admin/options-reading.php"

FIELDS = (
    "show_on_front",
    "page_on_front",
    "page_for_posts",
    "posts_per_page",
    "posts_per_rss",
    "rss_use_excerpt",
)


def published_pages() -> list[tuple[int, str]]:
    """The pages a visitor can open, as WordPress's ``wp_dropdown_pages`` lists them:
    (ID, title), by menu order then title."""
    rows = db.session.execute(
        select(Post.id, Post.title)
        .where(Post.post_type == "page", Post.status == "publish")
        .order_by(Post.menu_order, Post.title, Post.id)
    )
    return [(row.id, row.title or f"(no title) #{row.id}") for row in rows]


def _form(
    status: int = 200, errors: dict[str, str] | None = None, values: dict[str, str] | None = None
) -> Response:
    if values is None:
        values = stored_values((*FIELDS, "blog_public"))
    return page(
        "admin/options-reading.html",
        status=status,
        title="Reading Settings",
        errors=errors or {},
        values=values,
        pages=published_pages(),
    )


@admin_route("/options-reading.php", "manage_options", parent="Settings", menu="Reading")
def options_reading() -> Response:
    """The form, filled with the site's options."""
    return _form()


@admin_route("/options-reading.php", "manage_options", methods=("POST",))
def options_reading_save() -> Response:
    """Check every field (the chosen pages must be published pages), then save all or none."""
    shown = typed(FIELDS)
    # WordPress's box: name blog_public, value 0 ("discourage"); unticked, it sends nothing
    # and the site is public (sanitize_option turns a missing blog_public into 1).
    shown["blog_public"] = request.form.get("blog_public", "1").strip()
    errors: dict[str, str] = {}
    pages = {str(page_id) for page_id, _ in published_pages()}
    for field in ("page_on_front", "page_for_posts"):
        if shown[field] not in ("", "0") and shown[field] not in pages:
            errors[field] = "Choose one of the site's published pages."
    front, posts = shown["page_on_front"] or "0", shown["page_for_posts"] or "0"
    if shown["show_on_front"] == "page" and not errors:
        if front == "0" and posts == "0":
            errors["page_on_front"] = (
                "Choose the page to show as the homepage, or a posts page (or both)."
            )
        elif front == posts:
            errors["page_for_posts"] = "The homepage and the posts page must be different pages."
    values = {**shown, "page_on_front": front, "page_for_posts": posts}
    return save(values, errors, shown, _form, URL)
