"""Reading and writing site options, with WordPress's defaults.

All options are read in one statement per request (WordPress's autoload) and kept on
``flask.g``; writes go through :func:`update_option`, which validates known options.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask import g, has_app_context
from sqlalchemy import select

from .models import Option, db

#: The theme a new site starts with (its ``template`` and ``stylesheet``), and the one a
#: site whose ``stylesheet`` option is empty renders with. Classic stays bundled beside it.
DEFAULT_THEME = "magazine"

#: WordPress's options, with WordPress's defaults where Magtheme uses them.
DEFAULT_OPTIONS: dict[str, Any] = {
    "blogname": "Magtheme",
    "blogdescription": "",
    "siteurl": "",
    "home": "",
    "admin_email": "",
    "permalink_structure": "/%year%/%monthnum%/%day%/%postname%/",
    "category_base": "",
    "tag_base": "",
    "show_on_front": "posts",
    "page_on_front": 0,
    "page_for_posts": 0,
    "wp_page_for_privacy_policy": 0,
    # The site icon's attachment ID (magtheme.siteicon); 0: none.
    "site_icon": 0,
    "posts_per_page": 10,
    "posts_per_rss": 10,
    # Feeds carry each post's full text (0) or only its excerpt (1).
    "rss_use_excerpt": 0,
    # 0: robots.txt asks search engines to stay away (magtheme.views.robots).
    "blog_public": 1,
    "date_format": "F j, Y",
    "time_format": "g:i a",
    "start_of_week": 1,
    "timezone_string": "UTC",
    "gmt_offset": 0,
    "sticky_posts": [],
    "default_category": 1,
    "default_comment_status": "open",
    "comments_per_page": 50,
    "thread_comments": True,
    "thread_comments_depth": 5,
    "page_comments": False,
    "default_comments_page": "newest",
    "comment_order": "asc",
    "uploads_use_yearmonth_folders": True,
    "template": DEFAULT_THEME,
    "stylesheet": DEFAULT_THEME,
    "nav_menu_locations": {},
    "widget_instances": {},
    "sidebars_widgets": {"wp_inactive_widgets": []},
    "theme_sidebars": {},
    "theme_menu_locations": {},
    "ticker_category": "breaking-news",
    # Comments (WordPress's discussion settings).
    "require_name_email": True,
    "comment_moderation": False,
    "comment_previously_approved": True,
    "comment_max_links": 2,
    "moderation_keys": "",
    "disallowed_keys": "",
    "close_comments_for_old_posts": False,
    "close_comments_days_old": 14,
    "comment_min_seconds": 3,
    "comment_rate_limit": 15,
    # The permalink settings the site used before (newest first), so that the URLs they
    # made still lead to their posts (magtheme.urls.moved_url).
    "magtheme_old_permalinks": [],
}

#: The options that together decide the site's URLs.
PERMALINK_OPTIONS = ("permalink_structure", "category_base", "tag_base")
#: How many earlier permalink settings are remembered (each one costs a 404 a lookup).
OLD_PERMALINKS_KEPT = 3

_INT_OPTIONS = {
    "site_icon",
    "page_on_front",
    "page_for_posts",
    "wp_page_for_privacy_policy",
    "posts_per_page",
    "posts_per_rss",
    "start_of_week",
    "default_category",
    "comments_per_page",
    "thread_comments_depth",
    "comment_max_links",
    "close_comments_days_old",
    "comment_min_seconds",
    "comment_rate_limit",
    "blog_public",
    "rss_use_excerpt",
}
#: Whole numbers with bounds (None: no upper bound), as WordPress's screens offer them.
_INT_RANGES: dict[str, tuple[int, int | None]] = {
    "posts_per_page": (1, None),
    "posts_per_rss": (1, None),
    "comments_per_page": (1, None),
    "start_of_week": (0, 6),
    "thread_comments_depth": (1, 10),
    "blog_public": (0, 1),
    "rss_use_excerpt": (0, 1),
}
#: UTC offsets a site may use without a named zone (WordPress's "Manual Offsets").
GMT_OFFSET_RANGE = (-12.0, 14.0)
_CHOICES = {
    "show_on_front": ("posts", "page"),
    "default_comment_status": ("open", "closed"),
    "default_comments_page": ("newest", "oldest"),
    "comment_order": ("asc", "desc"),
}


_BOOL_OPTIONS = {
    "thread_comments",
    "page_comments",
    "require_name_email",
    "comment_moderation",
    "comment_previously_approved",
    "close_comments_for_old_posts",
}


class OptionError(ValueError):
    """An option value that cannot be stored; the message says why and what is accepted."""


def coerce_option(name: str, value: Any) -> Any:
    """Check and convert *value* for option *name*, the way WordPress's sanitize_option does."""
    if name in _INT_OPTIONS:
        try:
            number = value if isinstance(value, bool) else int(str(value).strip())
        except ValueError:
            raise OptionError(f"{name} must be a whole number, not {value!r}.") from None
        low, high = _INT_RANGES.get(name, (0, None))
        if number < low or (high is not None and number > high):
            if high is None:
                wanted = "a positive number" if low == 1 else "0 or a positive number"
            else:
                wanted = f"from {low} to {high}"
            raise OptionError(f"{name} must be {wanted}, not {number}.")
        return number
    if name in _CHOICES and value not in _CHOICES[name]:
        allowed = ", ".join(_CHOICES[name])
        raise OptionError(f"{name} must be one of: {allowed} (got {value!r}).")
    if name in ("permalink_structure", "category_base", "tag_base"):
        from .routing.permalinks import PermalinkError, validate_structure

        try:
            return validate_structure(name, str(value))
        except PermalinkError as exc:
            raise OptionError(str(exc)) from None
    if name == "sticky_posts":
        if isinstance(value, str):
            value = [v for v in value.replace(",", " ").split() if v]
        try:
            return sorted({int(v) for v in value})
        except (TypeError, ValueError):
            raise OptionError("sticky_posts must be a list of post IDs.") from None
    if name == "timezone_string":
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        if str(value) == "":
            return ""  # no named zone: gmt_offset says the time (WordPress's manual offset)
        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise OptionError(
                f"Unknown time zone {value!r}; use a name like Europe/Paris."
            ) from None
        return str(value)
    if name in _TEXT_CHECKS:
        return _TEXT_CHECKS[name](str(value).strip())
    if name == "gmt_offset":
        return _gmt_offset(value)
    if name in _BOOL_OPTIONS and isinstance(value, str):
        return value.lower() in ("1", "true", "yes", "on")
    return value


def _address(name: str) -> Any:
    def check(value: str) -> str:
        from .hosts import address_problem

        if value and (problem := address_problem(value)):
            raise OptionError(f"{name} must be the site's address, but {problem}.")
        return value.rstrip("/")  # WordPress keeps both without a trailing slash

    return check


def _admin_email(value: str) -> str:
    from .auth.logins import email_problem

    if problem := email_problem(value):
        raise OptionError(f"admin_email: {problem}")
    return value


def _format(name: str) -> Any:
    def check(value: str) -> str:
        if not value:
            raise OptionError(f"{name} cannot be empty; use PHP date letters such as F j, Y.")
        return value

    return check


def _gmt_offset(value: Any) -> int | float:
    text = str(value).strip().removeprefix("UTC").removeprefix("+") or "0"
    try:
        hours = float(text)
    except ValueError:
        raise OptionError(
            f"gmt_offset must be a number of hours, such as -5 or 5.5, not {value!r}."
        ) from None
    low, high = GMT_OFFSET_RANGE
    if not low <= hours <= high or (hours * 4) % 1:
        raise OptionError(
            f"gmt_offset must be whole, half or quarter hours from {low:g} to {high:g}, not {text}."
        )
    return int(hours) if hours.is_integer() else hours


def _word_list(value: str) -> str:
    """One word or address a line, trimmed, blank lines and repeats dropped (WordPress's
    sanitize_option for moderation_keys and disallowed_keys)."""
    lines = (line.strip() for line in value.splitlines())
    return "\n".join(dict.fromkeys(line for line in lines if line))


#: Options whose text is checked beyond being text.
_TEXT_CHECKS: dict[str, Any] = {
    "siteurl": _address("siteurl"),
    "home": _address("home"),
    "admin_email": _admin_email,
    "date_format": _format("date_format"),
    "time_format": _format("time_format"),
    "moderation_keys": _word_list,
    "disallowed_keys": _word_list,
}


def load_options() -> dict[str, Any]:
    """Every option, stored values over defaults; one statement, cached for the request."""
    if has_app_context() and "magtheme_options" in g:
        cached: dict[str, Any] = g.magtheme_options
        return cached
    options = dict(DEFAULT_OPTIONS)
    for row in db.session.execute(select(Option.name, Option.value)):
        try:
            options[row.name] = json.loads(row.value)
        except ValueError:
            options[row.name] = row.value
    if has_app_context():
        g.magtheme_options = options
    return options


def get_option(name: str, default: Any = None) -> Any:
    """One option's value, or *default* (or WordPress's default) when unset."""
    options = load_options()
    if name in options:
        return options[name]
    return default


def store_option(name: str, value: Any) -> None:
    """Write one already-checked value into the session (the caller commits)."""
    text = json.dumps(value)
    row = db.session.get(Option, name)
    if row is None:
        db.session.add(Option(name=name, value=text))
    else:
        row.value = text


def update_option(name: str, value: Any, *, commit: bool = True) -> Any:
    """Validate and store one option; returns the stored value."""
    return update_options({name: value}, commit=commit)[name]


def update_options(values: Mapping[str, Any], *, commit: bool = True) -> dict[str, Any]:
    """Store several options at once, all validated before any is written; returns them."""
    checked = {name: coerce_option(name, value) for name, value in values.items()}
    if any(name in checked for name in PERMALINK_OPTIONS):
        _remember_permalinks(checked)
    for name, value in checked.items():
        store_option(name, value)
    if commit:
        db.session.commit()
    forget_options()
    return checked


def _remember_permalinks(checked: Mapping[str, Any]) -> None:
    """Keep the permalink settings being replaced, so the URLs they made keep working."""
    current = load_options()
    before = {name: current.get(name, "") for name in PERMALINK_OPTIONS}
    after = {name: checked.get(name, before[name]) for name in PERMALINK_OPTIONS}
    if before == after:
        return
    earlier = [e for e in current.get("magtheme_old_permalinks") or [] if isinstance(e, dict)]
    kept = [before, *(e for e in earlier if e not in (before, after))]
    store_option("magtheme_old_permalinks", kept[:OLD_PERMALINKS_KEPT])


def forget_options() -> None:
    """Drop the request's cached options (after a write)."""
    if has_app_context():
        g.pop("magtheme_options", None)
