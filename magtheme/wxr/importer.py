"""Importing a WordPress export into the content model, all or nothing, in bounded memory.

The import runs in stages, each with one job: read the whole file once without its long
texts (so a broken file changes nothing, and memory grows with the number of items, not
with their size), take one snapshot of the site
(:class:`~magtheme.wxr.existing.SiteSnapshot`, with what is already there), plan every row
with the ID it will have (:class:`~magtheme.wxr.plan.Plan`), then read the file a second
time and write each item with its texts, in batches, recount terms and commit, in one
transaction.

Text is stored exactly as the export has it, as WordPress's importer (run by an
administrator, who has ``unfiltered_html``) stores it: what reaches a page is filtered when
it is shown, by the trust of whoever wrote it (see :mod:`magtheme.content.sanitize`).

IDs: a post keeps its export ID unless a post of the site already has it (WordPress's
``import_id``); on a site without terms (comments, users) those keep theirs too, so
``?p=123``, ``?cat=7`` and ``?author=2`` keep working after a move. An ID repeated in the
file, or missing from it, gets the next free one; every reference is remapped: post parents,
``_thumbnail_id``, menu item meta, comment parents, term parents and sticky posts. On
PostgreSQL the ID sequences are then moved past the IDs written
(:func:`~magtheme.wxr.sequences.advance_sequences`).

Importing a file again creates nothing twice (see :mod:`magtheme.wxr.existing`); the
report counts what was already there.

Authors: WXR carries no roles. A user the site already has keeps its role; a new one gets
*author_role* (``author`` unless the caller says otherwise), or the role *roles* names for its
login. No author is made an administrator unless asked to be.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import SQLAlchemyError

from ..models import db
from ..models.users import ROLES
from ..options import forget_options, get_option
from ..types import Registry
from .existing import SiteSnapshot
from .identity import allocate_ids, sanitize_user, unique_slug
from .plan import COMMENT_STATUS_MAP, DEFAULT_AUTHOR_ROLE, Plan
from .reader import WXRDocument, WXRError, WXRItem, iter_wxr, read_wxr
from .report import ImportReport

__all__ = [
    "COMMENT_STATUS_MAP",
    "DEFAULT_AUTHOR_ROLE",
    "allocate_ids",
    "check_roles",
    "import_document",
    "import_wxr",
    "sanitize_user",
    "site_timezone",
    "unique_slug",
]


def site_timezone() -> tzinfo:
    """The site's time zone: ``timezone_string``, else ``gmt_offset``, else UTC."""
    name = str(get_option("timezone_string") or "")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        offset = float(get_option("gmt_offset") or 0)
    except (TypeError, ValueError):
        offset = 0.0
    return timezone(timedelta(hours=offset)) if offset else UTC


def import_wxr(
    path: str | os.PathLike[str],
    *,
    registry: Registry,
    now: datetime | None = None,
    commit: bool = True,
    author_role: str = DEFAULT_AUTHOR_ROLE,
    roles: Mapping[str, str] | None = None,
) -> ImportReport:
    """Import the WordPress export at *path*; on any error raise, having changed nothing.

    The file is read twice: once without its long texts, to plan, then again to write.
    Raises :class:`~magtheme.wxr.reader.WXRError` for a file that is not a readable export,
    a role that does not exist, or a database that refuses the rows. See
    :func:`import_document` for the other arguments.
    """
    tz = site_timezone()
    document = read_wxr(path, timezone=tz, light=True)

    def items() -> Iterator[WXRItem]:
        for record in iter_wxr(path, timezone=tz):
            if isinstance(record, WXRItem):
                yield record

    return _run(document, items(), registry, now, commit, author_role, roles)


def import_document(
    document: WXRDocument,
    *,
    registry: Registry,
    now: datetime | None = None,
    commit: bool = True,
    author_role: str = DEFAULT_AUTHOR_ROLE,
    roles: Mapping[str, str] | None = None,
) -> ImportReport:
    """Write an export read by :func:`~magtheme.wxr.reader.read_wxr` into the site.

    *now* (naive UTC, default the current time) decides which published posts are really
    scheduled. With ``commit=False`` the caller commits, to add its own changes to the same
    transaction; on any error the session is rolled back either way. New users get
    *author_role*, or ``roles[login]``; users the site has keep their role.
    """
    return _run(document, iter(document.items), registry, now, commit, author_role, roles)


def check_roles(author_role: str, roles: Mapping[str, str]) -> None:
    """Raise :class:`WXRError` naming any role that is not one of WordPress's."""
    for who, role in [("--author-role", author_role), *roles.items()]:
        if role not in ROLES:
            raise WXRError(
                f"{who}: unknown role {role!r}; use one of {', '.join(ROLES)}. "
                "Nothing was imported."
            )


def _run(
    document: WXRDocument,
    items: Iterable[WXRItem],
    registry: Registry,
    now: datetime | None,
    commit: bool,
    author_role: str,
    roles: Mapping[str, str] | None,
) -> ImportReport:
    roles = dict(roles or {})
    check_roles(author_role, roles)
    started = time.perf_counter()
    now = now or datetime.now(UTC).replace(tzinfo=None)
    try:
        site = SiteSnapshot.load(registry, document)
        plan = Plan(document, registry, site, now, site_timezone(), author_role, roles)
        plan.build()
        plan.write(items)
        if commit:
            db.session.commit()
    except SQLAlchemyError as exc:
        db.session.rollback()
        forget_options()
        cause = getattr(exc, "orig", None) or exc
        raise WXRError(
            f"{document.path}: the database refused the import, so nothing was written "
            f"({cause}). Check that the database is writable and its tables are current."
        ) from exc
    except BaseException:
        db.session.rollback()
        forget_options()
        raise
    plan.report.seconds = time.perf_counter() - started
    return plan.report
