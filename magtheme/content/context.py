"""What content filters may know about the post they format.

Blocks and shortcodes that show site data (a gallery of the post's images, latest posts,
a category list) need the database and links; everything else is pure text work. Filters
receive a :class:`ContentContext` and must not reach for Flask globals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class ContentContext:
    """The post being formatted and the site around it."""

    #: The ``Post`` model being formatted (``None`` for text that is not a post, e.g. a widget).
    post: Any = None
    #: A SQLAlchemy session (plain or scoped), or ``None`` where no data may be loaded.
    session: Any = None
    #: The request's permalink builder (``magtheme.routing.permalinks.Linker``), or ``None``.
    linker: Any = None
    #: Site options (``magtheme.options.load_options()``).
    options: dict[str, Any] = field(default_factory=dict)
    #: The current UTC time (naive), for visibility of scheduled posts.
    now: datetime | None = None
    #: Where media files are served from (WordPress's uploads base URL).
    uploads_url: str = "/wp-content/uploads"
    #: The theme's content width in pixels (WordPress's ``$content_width``), for embeds.
    content_width: int = 750
    #: What could not be formatted (a block renderer or shortcode handler that raised): the
    #: output is shown without it but never cached.
    failures: list[str] = field(default_factory=list)
