"""How imported rows are named: their IDs, slugs and logins, as WordPress gives them."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from ..slugs import encode_slug, remove_accents

MAX_SLUG = 200


def allocate_ids(
    wanted: Sequence[int],
    *,
    keep: bool,
    site_max: int,
    kind: str,
    taken: Collection[int] = (),
) -> list[tuple[int, str]]:
    """An ID for each of *wanted* (the export's IDs, in file order), and why it differs.

    With *keep*, an export ID is kept unless it is missing (0), in *taken* (the site's
    IDs) or already given to an earlier row; those rows, and every row without *keep*, get
    the next IDs after the largest in use, in file order (as WordPress's importer would).
    The reason is ``""`` for a kept ID.
    """
    used: set[int] = set()
    kept: list[bool] = []
    for export_id in wanted:
        ok = keep and export_id > 0 and export_id not in used and export_id not in taken
        if ok:
            used.add(export_id)
        kept.append(ok)
    next_id = max([site_max, *used]) + 1
    out: list[tuple[int, str]] = []
    for export_id, ok in zip(wanted, kept, strict=True):
        if ok:
            out.append((export_id, ""))
            continue
        if not keep:
            reason = f"the site already has {kind}s"
        elif export_id <= 0:
            reason = "no ID in the file"
        elif export_id in taken:
            reason = f"the site has another {kind} with that ID"
        else:
            reason = "ID repeated in the file"
        out.append((next_id, reason))
        next_id += 1
    return out


def unique_slug(slug: str, is_taken: Callable[[str], bool]) -> str:
    """*slug*, else *slug* ``-2``, ``-3``… whichever is free (WordPress's suffixes)."""
    candidate, number = slug, 2
    while is_taken(candidate):
        suffix = f"-{number}"
        candidate = clip_slug(slug[: MAX_SLUG - len(suffix)]) + suffix
        number += 1
    return candidate


def sanitize_user(login: str) -> str:
    """WordPress's ``sanitize_user($login, true)``: exports carry stray ``<``, ``>`` and spaces."""
    login = remove_accents(re.sub(r"<[^>]*>?", "", login))
    login = re.sub(r"%[0-9a-fA-F]{2}|&.+?;|[^a-zA-Z0-9 _.\-@]", "", login)
    return re.sub(r"\s+", " ", login.strip())


def clip_slug(slug: str) -> str:
    """At most 200 characters, never cutting a ``%xx`` escape in two."""
    if len(slug) <= MAX_SLUG:
        return slug
    cut = slug[:MAX_SLUG]
    percent = cut.rfind("%", len(cut) - 2)
    return cut[:percent] if percent != -1 else cut


def stored_slug(raw: str) -> str:
    """A slug as stored: percent-encoded, lowercase, at most 200 characters."""
    return clip_slug(encode_slug(raw.strip()).lower())
