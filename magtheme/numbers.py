"""Whole numbers read from requests: URL paths, query strings and forms.

A number is ASCII digits, with a leading ``-`` where a sign means something. Python's
``int()`` also takes ``" 1"``, ``"+1"``, ``"1_000"`` and other scripts' digits (``"١"``);
none of those is a number here. A value outside the range the database can store names
nothing: the tables' ID columns are ``INTEGER``, 32-bit on PostgreSQL (SQLite stores 64),
so the largest ID any request may name is :data:`MAX_ID`.

What a caller does with ``None`` depends on where the value came from, as in WordPress:

- query vars (``p``, ``page_id``, ``attachment_id``, ``cat``, ``author``, ``tag_id``,
  ``paged``, ``page``, ``cpage``, ``year``…``second``, ``m``, ``w``) name nothing, so the
  page is the theme's 404 (routing refuses them with ``BadRequestPath``);
- fields of Magtheme's own forms (``post_id`` of ``/postpass``) are a 400 naming the field;
- ``comment_post_ID`` is "no such post" (404), ``comment_parent`` "no such comment" (the
  refusal of a reply to a comment that is not there), ``replytocom`` is ignored.
"""

from __future__ import annotations

import re

#: Largest ID a request may name (what a PostgreSQL ``INTEGER`` column holds).
MAX_ID = 2**31 - 1
#: Largest signed 64-bit integer (what SQLite and a ``BIGINT`` hold).
MAX_INT64 = 2**63 - 1

_NUMBER = re.compile(r"-?[0-9]+")


def parse_int(value: object, *, minimum: int, maximum: int) -> int | None:
    """*value* as an integer in ``minimum..maximum``, or ``None`` when it is not one.

    A sign is only read where *minimum* is negative. At most 20 digits are read, so an
    absurdly long value costs nothing to refuse.
    """
    text = value if isinstance(value, str) else ""
    if len(text) > 21 or not _NUMBER.fullmatch(text) or (minimum >= 0 and text[0] == "-"):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def parse_id(value: object) -> int | None:
    """A post, term, user or comment ID (``0`` included: "none"), or ``None``."""
    return parse_int(value, minimum=0, maximum=MAX_ID)


def is_id(value: object) -> bool:
    """Whether *value* is an ID :func:`parse_id` accepts."""
    return parse_id(value) is not None


def is_id_list(value: object) -> bool:
    """Whether *value* is a comma-separated list of IDs, each optionally negated
    (``cat=3,-7``, ``author=-2``)."""
    if not isinstance(value, str) or not value:
        return False
    return all(
        parse_int(part, minimum=-MAX_ID, maximum=MAX_ID) is not None for part in value.split(",")
    )


__all__ = ["MAX_ID", "MAX_INT64", "is_id", "is_id_list", "parse_id", "parse_int"]
