"""Settings → General (``/wp-admin/options-general.php``): the site's name, addresses, time
zone and the formats its dates are shown in, as WordPress's screen has them."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from zoneinfo import available_timezones

from flask import request
from werkzeug.wrappers import Response

from ...dates import format_date, site_now
from ...options import load_options
from ...visibility import now_gmt
from ..routes import admin_route
from . import page
from .settings import save, stored_values, typed

URL = "/wp-admin/options-general.php"

FIELDS = (
    "blogname",
    "blogdescription",
    "siteurl",
    "home",
    "admin_email",
    "timezone_string",
    "date_format",
    "time_format",
    "start_of_week",
)

#: WordPress's choices (``date_formats`` and ``time_formats`` filters' defaults).
DATE_FORMATS = ("F j, Y", "Y-m-d", "m/d/Y", "d/m/Y")
TIME_FORMATS = ("g:i a", "g:i A", "H:i")
#: The value of the "Custom:" radio, WordPress's own.
CUSTOM = "\\c\\u\\s\\t\\o\\m"

#: The regions wp_timezone_choice groups zones under, in its order.
REGIONS = (
    "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe",
    "Indian", "Pacific",
)  # fmt: skip
#: wp_timezone_choice's manual offsets, in hours.
OFFSETS = (
    -12, -11.5, -11, -10.5, -10, -9.5, -9, -8.5, -8, -7.5, -7, -6.5, -6, -5.5, -5, -4.5, -4,
    -3.5, -3, -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 5.75,
    6, 6.5, 7, 7.5, 8, 8.5, 8.75, 9, 9.5, 10, 10.5, 11, 11.5, 12, 12.75, 13, 13.75, 14,
)  # fmt: skip


@dataclass(frozen=True)
class ZoneGroup:
    """One ``<optgroup>`` of the time zone select: (value, label) pairs."""

    label: str
    choices: tuple[tuple[str, str], ...]


def _offset_value(hours: float) -> str:
    """``UTC+5.5``: how WordPress's select names a manual offset."""
    number = f"{hours:g}"
    return "UTC" + ("" if number.startswith("-") else "+") + number


def _offset_label(hours: float) -> str:
    """``UTC+5:30``, as WordPress shows it."""
    sign = "-" if hours < 0 else "+"
    whole, part = divmod(abs(hours), 1)
    minutes = {0.25: ":15", 0.5: ":30", 0.75: ":45"}.get(part, "")
    return f"UTC{sign}{int(whole)}{minutes}"


def zone_groups() -> list[ZoneGroup]:
    """Named zones by region ("Argentina - Buenos Aires" under America), then UTC, then the
    manual offsets: WordPress's ``wp_timezone_choice``."""
    by_region: dict[str, list[tuple[str, str]]] = {region: [] for region in REGIONS}
    for name in available_timezones():
        region, _, city = name.partition("/")
        if region in by_region and city:
            by_region[region].append((name, city.replace("_", " ").replace("/", " - ")))
    groups = [ZoneGroup(r, tuple(sorted(z, key=lambda c: c[1]))) for r, z in by_region.items()]
    groups.append(ZoneGroup("UTC", (("UTC", "UTC"),)))
    groups.append(
        ZoneGroup("Manual Offsets", tuple((_offset_value(h), _offset_label(h)) for h in OFFSETS))
    )
    return groups


def _chosen_zone(timezone_string: str, gmt_offset: object) -> str:
    """The select's value for the stored options (a manual offset when no zone is named)."""
    if timezone_string:
        return timezone_string
    try:
        return _offset_value(float(str(gmt_offset or 0)))
    except ValueError:
        return "UTC+0"


def _form(
    status: int = 200, errors: dict[str, str] | None = None, values: dict[str, str] | None = None
) -> Response:
    options = load_options()
    if values is None:
        values = stored_values(FIELDS)
        values["timezone_string"] = _chosen_zone(
            values["timezone_string"], options.get("gmt_offset")
        )
    now = site_now(options, now_gmt())
    return page(
        "admin/options-general.html",
        status=status,
        title="General Settings",
        errors=errors or {},
        values=values,
        zones=zone_groups(),
        date_formats=DATE_FORMATS,
        time_formats=TIME_FORMATS,
        custom=CUSTOM,
        example=lambda fmt: format_date(now, fmt),
        utc_now=format_date(now_gmt(), "Y-m-d H:i:s"),
        local_now=format_date(now, "Y-m-d H:i:s"),
        # start_of_week counts from Sunday (0), Python's day names from Monday.
        weekdays=[(str(day), calendar.day_name[(day + 6) % 7]) for day in range(7)],
    )


@admin_route("/options-general.php", "manage_options", menu="Settings")
def options_general() -> Response:
    """The form, filled with the site's options."""
    return _form()


def _format(field: str) -> str:
    """A format radio's value, or the custom box's when "Custom:" is chosen (options.php)."""
    chosen = request.form.get(field, "")
    if chosen == CUSTOM:
        return request.form.get(f"{field}_custom", "").strip()
    return chosen.strip()


@admin_route("/options-general.php", "manage_options", methods=("POST",))
def options_general_save() -> Response:
    """Check every field, then save all of them or none."""
    shown = typed(FIELDS)
    shown["date_format"], shown["time_format"] = _format("date_format"), _format("time_format")
    options: dict[str, object] = dict(shown)
    zone = shown["timezone_string"]
    if zone.startswith(("UTC+", "UTC-")):
        # A manual offset, saved as WordPress saves it: no zone name, the hours apart.
        options["timezone_string"] = ""
        options["gmt_offset"] = zone.removeprefix("UTC")
    return save(options, {}, shown, _form, URL, shown_at={"gmt_offset": "timezone_string"})
