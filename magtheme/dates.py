"""Dates in the site's formats: WordPress's PHP ``date()`` letters (``F j, Y``, ``g:i a``)."""

from __future__ import annotations

import calendar
from datetime import datetime


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
