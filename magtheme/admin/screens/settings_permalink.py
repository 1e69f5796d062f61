"""Settings → Permalinks (``/wp-admin/options-permalink.php``): the URL structure of posts
and the category and tag bases.

The structure is checked as ``magtheme option set`` checks it
(:func:`magtheme.routing.permalinks.validate_structure`: known tags only, and %postname% or
%post_id% so that each post has its own URL). After a change the URLs the old setting made
still answer, with a 301 to the same post or archive (:func:`magtheme.urls.moved_url`).
"""

from __future__ import annotations

from flask import request
from werkzeug.wrappers import Response

from ... import hosts
from ...dates import site_now
from ...options import load_options
from ...routing.rewrite import STRUCTURE_TAGS
from ...visibility import now_gmt
from ..routes import admin_route
from . import page
from .settings import save, stored_values

URL = "/wp-admin/options-permalink.php"

FIELDS = ("permalink_structure", "category_base", "tag_base")

#: WordPress's "Common Settings", in its order; "custom" is the box below them.
COMMON = (
    ("plain", "Plain", ""),
    ("day", "Day and name", "/%year%/%monthnum%/%day%/%postname%/"),
    ("month", "Month and name", "/%year%/%monthnum%/%postname%/"),
    ("numeric", "Numeric", "/archives/%post_id%"),
    ("postname", "Post name", "/%postname%/"),
)


def example_url(structure: str) -> str:
    """What a post's URL looks like under *structure*, as WordPress shows beside each
    choice (today's date, post 123 named ``sample-post``)."""
    home = hosts.home_url(load_options())
    if not structure:
        return f"{home}/?p=123"
    now = site_now(load_options(), now_gmt())
    values = {
        "%year%": f"{now.year:04d}",
        "%monthnum%": f"{now.month:02d}",
        "%day%": f"{now.day:02d}",
        "%hour%": f"{now.hour:02d}",
        "%minute%": f"{now.minute:02d}",
        "%second%": f"{now.second:02d}",
        "%post_id%": "123",
        "%postname%": "sample-post",
        "%category%": "uncategorized",
        "%author%": "admin",
    }
    for tag, value in values.items():
        structure = structure.replace(tag, value)
    return home + structure


def _form(
    status: int = 200, errors: dict[str, str] | None = None, values: dict[str, str] | None = None
) -> Response:
    if values is None:
        values = stored_values(FIELDS)
        values["category_base"] = values["category_base"].strip("/")
        values["tag_base"] = values["tag_base"].strip("/")
    structures = [structure for _, _, structure in COMMON]
    selection = request.form.get("selection") or next(
        (key for key, _, s in COMMON if s == values["permalink_structure"]), "custom"
    )
    if values["permalink_structure"] not in structures:
        selection = "custom"
    return page(
        "admin/options-permalink.html",
        status=status,
        title="Permalink Settings",
        errors=errors or {},
        values=values,
        common=COMMON,
        selection=selection,
        tags=STRUCTURE_TAGS,
        example=example_url,
        home=hosts.home_url(load_options()),
    )


@admin_route("/options-permalink.php", "manage_options", parent="Settings", menu="Permalinks")
def options_permalink() -> Response:
    """The form, filled with the site's options."""
    return _form()


@admin_route("/options-permalink.php", "manage_options", methods=("POST",))
def options_permalink_save() -> Response:
    """A common choice, or the custom structure typed (WordPress's ``selection`` radio),
    and the bases; all saved or none."""
    chosen = request.form.get("selection", "custom")
    custom = request.form.get("permalink_structure", "").strip()
    common = {key: structure for key, _, structure in COMMON}
    shown = {
        "permalink_structure": common.get(chosen, custom),
        "category_base": request.form.get("category_base", "").strip(),
        "tag_base": request.form.get("tag_base", "").strip(),
    }
    errors: dict[str, str] = {}
    if chosen not in common and "%" not in custom:
        # WordPress's own words (sanitize_option), before the engine's finer check.
        errors["permalink_structure"] = (
            "A structure tag is required when using custom permalinks, such as %postname%."
        )
    return save(shown, errors, shown, _form, URL)
