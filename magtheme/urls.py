"""The request side of routing: the glue between Flask's request and ``magtheme.routing``.

``routing`` is pure (no Flask); this module builds its objects from the site's options
(routing compiles the rewrite rules once per permalink setting).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from .models import db
from .routing import canonical as _canonical
from .routing import lookup as _lookup
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


def linker(options: Mapping[str, Any], registry: Registry, host_url: str) -> Any:
    """The permalink builder for this request (absolute URLs on the ``home`` option or host)."""
    home = str(options.get("home") or host_url).rstrip("/")
    return _permalinks.Linker(options, registry, _lookup.DbLookup(db.session), home, now=now_gmt())


def raw_path(environ: Mapping[str, Any], decoded: str) -> str:
    """The path as the client sent it (still percent-encoded), so ``%25`` stays ``%25``."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        path = str(raw).split("?", 1)[0]
        if path.startswith("/"):
            # WSGI hands bytes over as latin-1 text; raw UTF-8 gets percent-encoded here.
            return quote(path.encode("latin-1", "replace"), safe=_PATH_SAFE + "%")
    return quote(decoded, safe=_PATH_SAFE)


def canonical(requested: str, ctx: Any, link: Any) -> str | None:
    return _canonical.canonical_url(requested, ctx, link)


__all__ = ["BadRequestPath", "canonical", "linker", "parse", "raw_path", "rules"]
