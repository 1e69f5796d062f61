"""The request side of routing: the glue between Flask's request and ``magtheme.routing``.

``routing`` is pure (no Flask); this module builds its objects from the site's options
(routing compiles the rewrite rules once per permalink setting).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from . import hosts
from .models import db
from .routing import canonical as _canonical
from .routing import lookup as _lookup
from .routing import notfound as _notfound
from .routing import permalinks as _permalinks
from .routing import rewrite as _rewrite
from .types import Registry
from .visibility import now_gmt

BadRequestPath = _rewrite.BadRequestPath

_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def rules(options: Mapping[str, Any], registry: Registry) -> Any:
    """The site's rewrite rules (``RewriteRules.build`` caches them per setting)."""
    return _rewrite.RewriteRules.build(options, registry)


def parse(
    path: str, args: Mapping[str, str], options: Mapping[str, Any], registry: Registry
) -> dict[str, str]:
    """URL → query vars (raises :class:`BadRequestPath` for hostile or malformed input)."""
    session = db.session

    def page_exists(page_path: str) -> bool:
        return _lookup.page_exists_by_path(session, page_path)

    qv = _rewrite.parse_request(path, args, rules(options, registry), registry, page_exists)
    if path.strip("/") == "":
        qv["_root"] = "1"
    return qv


def linker(options: Mapping[str, Any], registry: Registry) -> Any:
    """The permalink builder for this request: absolute URLs on the site's own address
    (``home``, never the request's ``Host``; see :func:`magtheme.hosts.home_url`)."""
    home = hosts.home_url(options)
    return _permalinks.Linker(options, registry, _lookup.DbLookup(db.session), home, now=now_gmt())


def raw_path(environ: Mapping[str, Any], decoded: str) -> str:
    """The path as the client sent it (still percent-encoded), so ``%25`` stays ``%25``.

    ``RAW_URI`` (gunicorn, ``magtheme run``) or ``REQUEST_URI`` hold the request target as
    sent, bytes as latin-1 text (PEP 3333); raw UTF-8 is percent-encoded here. The path is
    relative to where the site is mounted (``SCRIPT_NAME``), like *decoded*.
    """
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        path = str(raw).split("?", 1)[0]
        if path.startswith("/"):
            path = quote(path.encode("latin-1", "replace"), safe=_PATH_SAFE + "%")
            script_name = str(environ.get("SCRIPT_NAME") or "").rstrip("/")
            mount = quote(script_name.encode("latin-1", "replace"), safe=_PATH_SAFE + "%")
            if mount and (path == mount or path.startswith(mount + "/")):
                path = path[len(mount) :] or "/"
            return path
    return quote(decoded, safe=_PATH_SAFE)


def canonical(requested: str, ctx: Any, link: Any) -> str | None:
    return _canonical.canonical_url(requested, ctx, link)


def moved_url(
    path: str,
    args: Mapping[str, str],
    requested: str,
    options: Mapping[str, Any],
    registry: Registry,
    link: Any,
) -> str | None:
    """Where a URL that 404s now lives, if an earlier permalink setting made it.

    After a change of ``permalink_structure`` (or a category or tag base) the old URLs name
    nothing under the new rules; :func:`magtheme.options.update_options` keeps the settings
    it replaced. The request is read again under each of them, newest first, and when one
    finds what the URL meant (a post, a category, tag or author archive), the answer is that
    thing's URL today (``None`` when no earlier setting finds anything).
    """
    from .options import PERMALINK_OPTIONS
    from .query import MainQuery

    for earlier in options.get("magtheme_old_permalinks") or ():
        then = {**options, **{name: earlier.get(name, "") for name in PERMALINK_OPTIONS}}
        try:
            query_vars = parse(path, args, then, registry)
        except BadRequestPath:
            return None
        found = MainQuery(db.session, then, registry, now_gmt()).run(query_vars)
        target = _notfound.moved_url(requested, found, link)
        if target is not None:
            return target
    return None


__all__ = ["BadRequestPath", "canonical", "linker", "moved_url", "parse", "raw_path", "rules"]
