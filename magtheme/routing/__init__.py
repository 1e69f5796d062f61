"""Routing: WordPress's URLs both ways, with no Flask and (outside ``lookup``) no SQL.

- :mod:`.rewrite`: request path and query string → query vars (``WP::parse_request``).
"""

from __future__ import annotations

from .rewrite import BadRequestPath, RewriteRules, parse_request

__all__ = ["BadRequestPath", "RewriteRules", "parse_request"]
