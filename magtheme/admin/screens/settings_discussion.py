"""Settings → Discussion (``/wp-admin/options-discussion.php``): the comment rules.

Only the options Magtheme's comments honour are on the screen (docs/admin.md lists the
WordPress ones left out: pingbacks, notification emails, registration, avatars).
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from ..routes import admin_route
from . import page
from .settings import save, stored_values, typed

URL = "/wp-admin/options-discussion.php"

#: The checkboxes (ticked: "1"; unticked: nothing sent, saved as off).
CHECKBOXES = (
    "require_name_email",
    "close_comments_for_old_posts",
    "thread_comments",
    "page_comments",
    "comment_moderation",
    "comment_previously_approved",
)
FIELDS = (
    "close_comments_days_old",
    "thread_comments_depth",
    "comments_per_page",
    "default_comments_page",
    "comment_order",
    "comment_max_links",
    "moderation_keys",
    "disallowed_keys",
    "comment_min_seconds",
    "comment_rate_limit",
)
#: WordPress offers nesting from 2 to ``thread_comments_depth_max`` levels.
DEPTHS = tuple(range(2, 11))


def _form(
    status: int = 200, errors: dict[str, str] | None = None, values: dict[str, str] | None = None
) -> Response:
    return page(
        "admin/options-discussion.html",
        status=status,
        title="Discussion Settings",
        errors=errors or {},
        values=values if values is not None else stored_values((*CHECKBOXES, *FIELDS)),
        depths=DEPTHS,
    )


@admin_route("/options-discussion.php", "manage_options", parent="Settings", menu="Discussion")
def options_discussion() -> Response:
    """The form, filled with the site's options."""
    return _form()


@admin_route("/options-discussion.php", "manage_options", methods=("POST",))
def options_discussion_save() -> Response:
    """Check every field, then save all of them or none."""
    shown = typed(FIELDS, checkboxes=CHECKBOXES)
    # The word lists keep their lines: typed() trims only the ends.
    return save(shown, {}, shown, _form, URL)
