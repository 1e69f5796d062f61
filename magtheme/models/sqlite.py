"""Case-insensitive LIKE for every script on every database, as MySQL's collations make it.

:func:`folded_like` is ``column LIKE pattern`` ignoring case: ``ILIKE`` on PostgreSQL,
``lower() LIKE lower()`` on other databases, and on SQLite — whose LIKE folds only ASCII
letters, so ``ελλάδα`` would miss ``Ελλάδα`` — SQLite's own fast LIKE for an ASCII pattern
and, for any other, :func:`unicode_like`, registered on every SQLite connection.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from sqlalchemy import Boolean, event, literal
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

ESCAPE = "\\"


class FoldedLike(ColumnElement[bool]):
    """``column LIKE pattern ESCAPE '\\'``, case-insensitive in every script."""

    type = Boolean()
    inherit_cache = True
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("pattern", InternalTraversal.dp_clauseelement),
        ("ascii", InternalTraversal.dp_boolean),
    ]

    def __init__(self, column: Any, pattern: str) -> None:
        self.column = column
        self.pattern = literal(pattern)
        self.ascii = pattern.isascii()


def folded_like(column: Any, pattern: str) -> FoldedLike:
    """A case-insensitive ``LIKE`` of *column* against *pattern* (``\\`` escapes ``%``, ``_``)."""
    return FoldedLike(column, pattern)


@compiles(FoldedLike)
def _compile_default(element: FoldedLike, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.column.ilike(element.pattern, escape=ESCAPE), **kw)


@compiles(FoldedLike, "sqlite")
def _compile_sqlite(element: FoldedLike, compiler: Any, **kw: Any) -> str:
    if element.ascii:
        return compiler.process(element.column.like(element.pattern, escape=ESCAPE), **kw)
    column = compiler.process(element.column, **kw)
    pattern = compiler.process(element.pattern, **kw)
    return f"unicode_like({pattern}, {column}, '{ESCAPE}')"


@lru_cache(maxsize=512)
def _matcher(pattern: str, escape: str | None) -> Callable[[str], Any]:
    """A test of one case-folded string against *pattern*."""
    folded = pattern.casefold()
    if escape is None or escape not in pattern:
        inner = folded[1:-1]
        if len(folded) >= 2 and folded[0] == folded[-1] == "%" and not set("%_") & set(inner):
            return lambda value: inner in value
    parts: list[str] = []
    chars = iter(folded)
    for char in chars:
        if escape and char == escape.casefold():
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL).fullmatch


def unicode_like(pattern: str | None, value: str | None, escape: str | None = None) -> bool | None:
    """SQL ``value LIKE pattern [ESCAPE escape]`` with Unicode case folding (NULL in, NULL out)."""
    if pattern is None or value is None:
        return None
    return bool(_matcher(pattern, escape)(str(value).casefold()))


@event.listens_for(Engine, "connect")
def _register_unicode_like(dbapi_connection: Any, connection_record: Any) -> None:
    if "sqlite" in type(dbapi_connection).__module__:
        dbapi_connection.create_function("unicode_like", 3, unicode_like, deterministic=True)
