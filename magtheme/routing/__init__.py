"""Routing: WordPress's URLs both ways, with no Flask and (outside ``lookup``) no SQL.

- :mod:`.rewrite`: request path and query string → query vars (``WP::parse_request``).
- :mod:`.permalinks`: object → absolute URL (``get_permalink`` and friends).
- :mod:`.canonical`: the URL a request should have been (``redirect_canonical``).
- :mod:`.notfound`: where a 404 should have gone (old slugs, WordPress's 404 guess).
- :mod:`.lookup`: the SQLAlchemy data the linker and the verbose page rules need (import it
  by name; this package does not, so that the rest stays free of SQL).
"""

from __future__ import annotations

from .canonical import canonical_url
from .permalinks import Linker, Lookup, PermalinkError, validate_structure
from .rewrite import BadRequestPath, RewriteRules, parse_request

__all__ = [
    "BadRequestPath",
    "Linker",
    "Lookup",
    "PermalinkError",
    "RewriteRules",
    "canonical_url",
    "parse_request",
    "validate_structure",
]
