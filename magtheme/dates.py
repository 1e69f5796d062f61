"""Dates in the site's formats: WordPress's PHP ``date()`` letters (``F j, Y``, ``g:i a``)."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _suffix(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _hour12(dt: datetime) -> int:
    return dt.hour % 12 or 12


_LETTERS = {
    "d": lambda d: f"{d.day:02d}",
    "D": lambda d: calendar.day_abbr[d.weekday()],
    "j": lambda d: str(d.day),
    "l": lambda d: calendar.day_name[d.weekday()],
    "N": lambda d: str(d.isoweekday()),
    "S": lambda d: _suffix(d.day),
    "w": lambda d: str(d.isoweekday() % 7),
    "z": lambda d: str(d.timetuple().tm_yday - 1),
    "W": lambda d: f"{d.isocalendar()[1]:02d}",
    "F": lambda d: calendar.month_name[d.month],
    "m": lambda d: f"{d.month:02d}",
    "M": lambda d: calendar.month_abbr[d.month],
    "n": lambda d: str(d.month),
    "t": lambda d: str(calendar.monthrange(d.year, d.month)[1]),
    "L": lambda d: "1" if calendar.isleap(d.year) else "0",
    "o": lambda d: str(d.isocalendar()[0]),
    "Y": lambda d: str(d.year),
    "y": lambda d: f"{d.year % 100:02d}",
    "a": lambda d: "am" if d.hour < 12 else "pm",
    "A": lambda d: "AM" if d.hour < 12 else "PM",
    "g": lambda d: str(_hour12(d)),
    "G": lambda d: str(d.hour),
    "h": lambda d: f"{_hour12(d):02d}",
    "H": lambda d: f"{d.hour:02d}",
    "i": lambda d: f"{d.minute:02d}",
    "s": lambda d: f"{d.second:02d}",
    "u": lambda d: f"{d.microsecond:06d}",
    "v": lambda d: f"{d.microsecond // 1000:03d}",
    "c": lambda d: d.isoformat(timespec="seconds"),
    "r": lambda d: d.strftime("%a, %d %b %Y %H:%M:%S"),
    "U": lambda d: str(int(d.timestamp())),
}


def format_date(value: datetime | None, fmt: str) -> str:
    """*value* formatted with PHP date letters; a backslash escapes the next character."""
    if value is None:
        return ""
    out: list[str] = []
    escaped = False
    for ch in fmt:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in _LETTERS:
            out.append(_LETTERS[ch](value))
        else:
            out.append(ch)
    return "".join(out)


# -- the site's clock: ``today()`` in templates -----------------------------------------------


def site_zone(options: Mapping[str, Any]) -> tzinfo:
    """The site's time zone: ``timezone_string`` (``Europe/Paris``), else the ``gmt_offset``
    hours (``-5``, ``5.5``), else UTC, as WordPress's ``wp_timezone()``."""
    name = str(options.get("timezone_string") or "").strip()
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        offset = float(options.get("gmt_offset") or 0)
    except (TypeError, ValueError):
        offset = 0.0
    return timezone(timedelta(hours=offset)) if offset else UTC


def site_now(options: Mapping[str, Any] | None = None, now: datetime | None = None) -> datetime:
    """The current time in the site's time zone, an aware datetime (``today()`` in templates).

    *options* default to the request's (read with every other option, no statement of its
    own); *now*, an aware or naive-UTC instant, to the clock.
    """
    if options is None:
        from .options import load_options

        options = load_options()
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(site_zone(options))
