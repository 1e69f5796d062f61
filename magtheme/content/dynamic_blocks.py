"""WordPress's dynamic core blocks, drawn from the site's data."""

from __future__ import annotations
