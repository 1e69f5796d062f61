"""The ``custom-html`` widget: HTML as the site owner wrote it, filtered by their trust.

Widgets are written by whoever may change the theme's options (WordPress's
``edit_theme_options``: administrators), so the HTML is filtered as an administrator's post
is (:func:`magtheme.content.sanitize.post_policy`): shown as written only when the site
allows unfiltered HTML (``unfiltered_html = true`` in config.toml), otherwise through the
post policy, which removes scripts, event handlers, unsafe URLs and iframes from hosts
outside the embed allowlist. It is filtered when shown, as posts are, so turning
``unfiltered_html`` off protects what is already stored. No SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from ..content.sanitize import post_policy, sanitize, site_allows_unfiltered_html
from ..models import AnySession
from .builtin import TITLE, widget
from .registry import Field, WidgetContext

#: The role widgets are written with (only administrators edit theme options).
WIDGET_AUTHOR_ROLE = "administrator"


@widget(
    "custom-html",
    name="Custom HTML",
    classname="widget_custom_html",
    many=True,
    depends=(),
    fields=[TITLE, Field("content", "textarea", "Content", default="", max_length=50_000)],
)
def custom_html(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """Arbitrary HTML, filtered by the site owner's trust. No SQL."""
    policy = post_policy(WIDGET_AUTHOR_ROLE, unfiltered_html=site_allows_unfiltered_html())
    results: list[dict[str, Any] | None] = []
    for settings in settings_list:
        html = sanitize(str(settings["content"]), policy).strip()
        results.append({"content": Markup(html)} if html else None)
    return results


__all__ = ["WIDGET_AUTHOR_ROLE", "custom_html"]
