"""SQLite's LIKE, made case-insensitive for every script, as MySQL's and PostgreSQL's are.

SQLite's built-in LIKE folds only ASCII letters, so a search for ``ελλάδα`` would miss
``Ελλάδα`` on SQLite while PostgreSQL (``ILIKE``) and WordPress on MySQL find it. Each new
SQLite connection gets a ``like()`` of its own that compares case-folded text; the pattern is
compiled once per distinct pattern, and the common ``%word%`` shape is a substring test.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


@lru_cache(maxsize=512)
def _matcher(pattern: str, escape: str | None) -> Any:
    """A function of one folded string answering whether it matches *pattern*."""
    folded = pattern.casefold()
    parts: list[str] = []
    literal = True
    chars = iter(folded)
    for char in chars:
        if escape and char == escape.casefold():
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
            literal = False
        elif char == "_":
            parts.append(".")
            literal = False
        else:
            parts.append(re.escape(char))
    if escape is None or escape not in pattern:
        inner = folded[1:-1]
        if len(folded) >= 2 and folded[0] == folded[-1] == "%" and not set("%_") & set(inner):
            return lambda value: inner in value
        if literal:
            return folded.__eq__
    return re.compile("".join(parts), re.DOTALL).fullmatch


def unicode_like(pattern: str | None, value: str | None, escape: str | None = None) -> bool | None:
    """SQL ``value LIKE pattern [ESCAPE escape]`` with Unicode case folding (NULL in, NULL out)."""
    if pattern is None or value is None:
        return None
    return bool(_matcher(pattern, escape)(str(value).casefold()))


@event.listens_for(Engine, "connect")
def _register_like(dbapi_connection: Any, connection_record: Any) -> None:
    if "sqlite" not in type(dbapi_connection).__module__:
        return
    dbapi_connection.create_function("like", 2, unicode_like, deterministic=True)
    dbapi_connection.create_function("like", 3, unicode_like, deterministic=True)
