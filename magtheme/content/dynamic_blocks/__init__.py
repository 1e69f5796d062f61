"""WordPress's dynamic core blocks, drawn on the server from the site's data.

Each renderer is WordPress 6.1's ``render_block_core_*`` (``src/wp-includes/blocks/*.php``)
with its markup and classes, and loads what it shows in a fixed number of SQL statements
through ``context.session`` whatever the size of the site; links come from
``context.linker``. Only what the public may see is listed (``visibility.visible_clause``).

Where Magtheme differs on purpose: the archives and categories dropdowns are plain GET forms
(``?m=`` and ``?cat=``) with a submit button instead of WordPress's inline ``onchange``
script; latest comments draw a local initials avatar instead of asking Gravatar; social
links show their service name as text (no icon set is bundled); the search block's field is
empty (the block cannot know the request's query).
"""

from __future__ import annotations

from . import dates, forms, posts, terms  # noqa: F401  (each registers its blocks)
