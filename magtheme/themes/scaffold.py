"""``magtheme theme new``: a working starter theme, or a child theme of an installed one.

A starter theme is a complete, small theme written to the template contract of
docs/themes.md: a ``base.html`` layout, the loop with ``template_part("content", …)``,
pagination from ``paginate_links()``, the ``primary`` menu location, ``body_class()`` and
``post_class()``, one settings section with an accent color that reaches the stylesheet as
``var(--mt-accent-color)``, and a screenshot.

A child theme names its parent and inherits everything; it starts with an empty
``templates/`` folder (add a file there to override the parent's), a ``static/css/child.css``
to fill, and — when the parent declares settings — one of them redeclared with a new default,
so the child is visibly its own from the start and shows how overriding works.

The files are written to a temporary folder beside *dest* and renamed into place in one step.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import tempfile
import zlib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from .manifest import Theme, ThemeError
from .schema import FONT_STACKS

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
DEFAULT_ACCENT = "#0b57d0"
#: Colors a child's redeclared color setting may take (the first that differs is used).
_CHILD_COLORS = ("#8a1c1c", "#1c5d8a", "#2e7d32")

STARTER_TEMPLATES: dict[str, str] = {
    "base.html": """\
{#- The layout every page template extends: fill {% block content %}. -#}
<!doctype html>
<html lang="{{ (site.language or 'en')|replace('_', '-') }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% if query.is_singular and post %}{{ post.title_text }} – {% endif %}{{ site.name }}{% endblock %}</title>
<link rel="stylesheet" href="{{ static('css/style.css') }}">
{{ theme.css_variables }}
{{ site_icon() }}
{% block head %}{% endblock %}
</head>
<body class="{{ body_class() }}">
<a class="skip-link" href="#content">Skip to content</a>
{{ template_part("header") }}
<main id="content" class="site-main" tabindex="-1">
{% block content %}{% endblock %}
</main>
{{ template_part("footer") }}
</body>
</html>
""",
    "index.html": """\
{#- The fallback for every request: the loop, with pagination. -#}
{% extends "base.html" %}
{% block content %}
{% if query.is_singular and post %}
{{ template_part("content", post=post) }}
{% elif posts %}
{% for item in posts %}
{{ template_part("content", item.format, post=item) }}
{% endfor %}
{{ template_part("pagination") }}
{% else %}
<p class="no-results">Nothing here yet.</p>
{% endif %}
{% endblock %}
""",
    "single.html": """\
{#- A single post. -#}
{% extends "base.html" %}
{% block content %}
{{ template_part("content", post=post) }}
{{ template_part("comments", post=post) }}
{% endblock %}
""",
    "page.html": """\
{#- A page: like a post, without date and byline (parts/content.html leaves them out). -#}
{% extends "base.html" %}
{% block content %}
{{ template_part("content", post=post) }}
{% endblock %}
""",
    "archive.html": """\
{#- Category, tag, author and date archives. -#}
{% extends "base.html" %}
{% block content %}
{% set obj = query.queried_object %}
<header class="page-header">
<h1 class="page-title">
{%- if (query.is_category or query.is_tag or query.is_tax) and obj %}{{ obj.name }}
{%- elif query.is_author and obj %}Posts by {{ obj.display_name }}
{%- elif query.is_date and posts %}{{ format_date(posts[0].date, "F Y") }}
{%- else %}Archives{% endif -%}
</h1>
</header>
{% for item in posts %}
{{ template_part("content", item.format, post=item) }}
{% else %}
<p class="no-results">Nothing here yet.</p>
{% endfor %}
{{ template_part("pagination") }}
{% endblock %}
""",
    "search.html": """\
{#- Search results. -#}
{% extends "base.html" %}
{% block content %}
<header class="page-header">
<h1 class="page-title">{% if query.search %}Search results for “{{ query.search }}”{% else %}Search{% endif %}</h1>
</header>
{% for item in posts %}
{{ template_part("content", item.format, post=item) }}
{% else %}
<p class="no-results">Nothing matched your search. Try other words.</p>
{% endfor %}
{{ template_part("pagination") }}
{% endblock %}
""",
    "404.html": """\
{#- Nothing at this address. -#}
{% extends "base.html" %}
{% block title %}Page not found – {{ site.name }}{% endblock %}
{% block content %}
<h1 class="page-title">Page not found</h1>
<p>There is nothing at this address. Try the <a href="{{ site.url }}">home page</a> or a search.</p>
{% endblock %}
""",
    "parts/header.html": """\
{#- The site header: name, description, the primary menu and a search form. -#}
{% set primary = menu("primary") %}
<header class="site-header">
<p class="site-title"><a href="{{ site.url }}" rel="home">{{ site.name }}</a></p>
{% if site.description %}<p class="site-description">{{ site.description }}</p>{% endif %}
{% if primary %}
<nav class="primary-menu" aria-label="Primary">
<ul>
{% for item in primary %}
<li><a href="{{ item.url }}"{% if item.current %} aria-current="page"{% endif %}>{{ item.title }}</a>
{% if item.children %}
<ul>
{% for child in item.children %}
<li><a href="{{ child.url }}"{% if child.current %} aria-current="page"{% endif %}>{{ child.title }}</a></li>
{% endfor %}
</ul>
{% endif %}
</li>
{% endfor %}
</ul>
</nav>
{% endif %}
<form role="search" method="get" action="{{ search_url() }}">
<label>Search <input type="search" name="s" value="{{ query.search or '' }}"></label>
<button type="submit">Search</button>
</form>
</header>
""",
    "parts/footer.html": """\
{#- The site footer. -#}
<footer class="site-footer">
<p><a href="{{ site.url }}" rel="home">{{ site.name }}</a> · Powered by Magtheme</p>
</footer>
""",
    "parts/content.html": """\
{#- One post: in full on its own page, as a summary in lists. Pages get no byline. -#}
<article id="post-{{ post.id }}" class="{{ post_class(post) }}">
<header class="entry-header">
{% if query.is_singular %}
<h1 class="entry-title">{{ post.title or "(no title)" }}</h1>
{% else %}
<h2 class="entry-title"><a href="{{ post.permalink }}" rel="bookmark">{{ post.title or "(no title)" }}</a></h2>
{% endif %}
{% if post.post_type != "page" %}
<p class="entry-meta">
<time datetime="{{ post.date.isoformat(timespec='seconds') }}">{{ format_date(post.date) }}</time>
{% if post.author %} · <a href="{{ post.author.permalink }}">{{ post.author.display_name }}</a>{% endif %}
</p>
{% endif %}
</header>
{% if query.is_singular %}
<div class="entry-content">{{ post.content }}</div>
{% if post.tags %}
<p class="tag-links">Tagged: {% for term in post.tags %}<a href="{{ term.permalink }}" rel="tag">{{ term.name }}</a>{% if not loop.last %}, {% endif %}{% endfor %}</p>
{% endif %}
{% else %}
<div class="entry-summary">
<p>{{ post.excerpt }}</p>
<p><a class="more-link" href="{{ post.permalink }}">Continue reading</a></p>
</div>
{% endif %}
</article>
""",
    "parts/pagination.html": """\
{#- Links to the other pages of the list. -#}
{% set links = paginate_links() %}
{% if links|length > 1 %}
<nav class="pagination" aria-label="Pages">
{% for link in links %}
{% if link.current %}<span class="current" aria-current="page">{{ link.label }}</span>
{% elif link.url %}<a href="{{ link.url }}"{% if link.rel %} rel="{{ link.rel }}"{% endif %}>{{ link.label }}</a>
{% else %}<span>{{ link.label }}</span>
{% endif %}
{% endfor %}
</nav>
{% endif %}
""",
    "parts/comments.html": """\
{#- The approved comments of `post`, threaded. -#}
{% macro thread(items) %}
<ol class="comment-list">
{% for c in items %}
<li id="comment-{{ c.id }}" class="comment depth-{{ c.depth }}">
<p class="comment-author">{{ c.author or "Anonymous" }} · <time datetime="{{ c.date.isoformat(timespec='seconds') }}">{{ format_date(c.date) }}</time></p>
<div class="comment-content">{{ c.content }}</div>
{% if c.children %}{{ thread(c.children) }}{% endif %}
</li>
{% endfor %}
</ol>
{% endmacro %}
{% if post.comments %}
<section class="comments" aria-label="Comments">
<h2>Comments</h2>
{{ thread(post.comments) }}
</section>
{% endif %}
""",
}

STARTER_CSS = """\
/* The accent color comes from the theme's "accent_color" setting (theme.toml), which the
   engine prints as the custom property --mt-accent-color; the value after the comma is used
   until then. */
:root {
	--accent: var(--mt-accent-color, %(accent)s);
	--fg: #1e1e1e;
	--bg: #ffffff;
	--muted: #595959;
}
body {
	margin: 0 auto;
	max-width: 44rem;
	padding: 0 1rem;
	color: var(--fg);
	background: var(--bg);
	font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
}
a { color: var(--accent); }
.skip-link { position: absolute; left: -999rem; }
.skip-link:focus { left: 1rem; top: 1rem; }
.site-header { border-bottom: 3px solid var(--accent); padding: 1rem 0; }
.site-title { font-size: 1.5rem; font-weight: 700; margin: 0; }
.site-title a { color: inherit; text-decoration: none; }
.site-description, .entry-meta { color: var(--muted); }
.primary-menu ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }
.primary-menu ul ul { display: none; }
.entry-content img { max-width: 100%%; height: auto; }
.pagination { display: flex; gap: .75rem; margin: 2rem 0; }
.pagination .current { font-weight: 700; }
.site-footer { border-top: 1px solid #d6d6d6; margin-top: 3rem; color: var(--muted); }
"""

CHILD_CSS = """\
/* %(name)s: styles on top of %(parent)s.
   To load this file, add templates/base.html to the child:
     {%% extends "!%(parent)s/base.html" %%}
     {%% block head %%}<link rel="stylesheet" href="{{ static('css/child.css') }}">{%% endblock %%}
   (or copy the parent's template that links its stylesheet and add a line). */
"""


class ScaffoldError(ThemeError):
    """A theme that cannot be created: a bad or taken slug, or an unwritable folder."""


def _toml_string(text: str) -> str:
    """*text* as a TOML basic string (quotes, backslashes and control characters escaped)."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Mapping):
        items = ", ".join(f"{_toml_string(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return _toml_string(str(value))


def _table(header: str, values: Mapping[str, Any], indent: str = "") -> str:
    lines = [f"{indent}{header}"] + [f"{indent}{k} = {_toml_value(v)}" for k, v in values.items()]
    return "\n".join(lines) + "\n"


def check_slug(slug: str, dest: Path, existing: Collection[str] = ()) -> None:
    """Refuse a slug that is malformed, already installed, or already a folder in *dest*."""
    if not _SLUG.match(slug):
        raise ScaffoldError(
            f"{slug!r} is not a valid theme slug: use lowercase letters, digits, '-' and '_' "
            "(starting with a letter or digit, at most 64 characters)."
        )
    if slug in existing:
        raise ScaffoldError(f"a theme {slug!r} is already installed; choose another slug.")
    if (dest / slug).exists():
        raise ScaffoldError(f"{dest / slug} already exists; choose another slug.")


def _title(slug: str) -> str:
    return re.sub(r"[-_]+", " ", slug).strip().title() or slug


def child_setting_override(parent: Theme) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """One of *parent*'s declared settings with a different, valid default.

    Returns ``(section, control)`` — the parent's section id and title, and a copy of the
    control with its new default — or ``None`` when the parent declares no setting whose
    default can be changed. Colors are preferred (the change is visible), then fonts, then
    the first number, boolean or choice setting.
    """
    candidates: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    preference = {"color": 0, "font": 1}
    for section in parent.manifest.get("settings") or []:
        for control in section.get("controls") or []:
            default = _different_default(control)
            if default is not None:
                rank = preference.get(control.get("type", ""), 2)
                candidates.append((rank, section, {**control, "default": default}))
    if not candidates:
        return None
    _, section, control = min(candidates, key=lambda c: c[0])
    return {"id": section["id"], "title": section.get("title", section["id"])}, control


def _different_default(control: Mapping[str, Any]) -> Any:
    """A valid value for *control* other than its default, or ``None``."""
    kind = control.get("type")
    default = control.get("default")
    if kind == "color":
        current = str(default or "").lower()
        return next(c for c in _CHILD_COLORS if c != current)
    if kind == "font":
        return next((f for f in FONT_STACKS if f != default), None)
    if kind == "boolean":
        return not bool(default)
    if kind in ("select", "radio"):
        return next((k for k in (control.get("choices") or {}) if k != default), None)
    if kind in ("number", "range") and isinstance(default, int | float):
        step = control.get("step") or 1
        low, high = control.get("min"), control.get("max")
        for value in (default + step, default - step):
            if (low is None or value >= low) and (high is None or value <= high):
                return value
    return None


def _starter_manifest(slug: str, name: str) -> str:
    head = {
        "name": name,
        "slug": slug,
        "version": "0.1.0",
        "description": f"{name}: a starter theme made with 'magtheme theme new'.",
        "author": "Your name",
        "license": "GPL-2.0-or-later",
        "supports": ["menus", "title-tag", "html5"],
    }
    return (
        _table("# The theme's manifest: see docs/themes.md for every key.", head)
        + "\n"
        + _table("[[menu_locations]]", {"id": "primary", "name": "Primary menu"})
        + "\n"
        + _table("[[settings]]", {"id": "colors", "title": "Colors"})
        + "\n"
        + _table(
            "[[settings.controls]]",
            {
                "id": "accent_color",
                "type": "color",
                "label": "Accent color",
                "default": DEFAULT_ACCENT,
                "help": "Links, the header rule and buttons (CSS: var(--mt-accent-color)).",
            },
            indent="  ",
        )
    )


def _child_manifest(slug: str, name: str, parent: Theme) -> str:
    head = {
        "name": name,
        "slug": slug,
        "version": "0.1.0",
        "description": f"A child theme of {parent.name}.",
        "author": "Your name",
        "license": str(parent.manifest.get("license") or "GPL-2.0-or-later"),
        "parent": parent.slug,
    }
    text = _table(
        f"# A child of {parent.slug!r}: it inherits every template, part, static file and "
        "setting;\n# a file of the same name here overrides the parent's.",
        head,
    )
    override = child_setting_override(parent)
    if override is not None:
        section, control = override
        text += (
            f"\n# Redeclares {parent.slug!r}'s setting {control['id']!r} with a new default.\n"
            + _table("[[settings]]", section)
            + "\n"
            + _table("[[settings.controls]]", control, indent="  ")
        )
    return text


def _png(width: int, height: int, band: tuple[int, int, int], rest: tuple[int, int, int]) -> bytes:
    """A two-color PNG (a band on top), written by hand: no imaging library needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    top = b"\x00" + bytes(band) * width
    bottom = b"\x00" + bytes(rest) * width
    split = height // 6
    raw = top * split + bottom * (height - split)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _write(root: Path, files: Mapping[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def new_theme(
    slug: str,
    dest: Path,
    *,
    parent: Theme | None = None,
    name: str | None = None,
    existing: Collection[str] = (),
) -> Path:
    """Create the theme *slug* in *dest* (the site's themes folder) and return its folder.

    Without *parent*: a complete starter theme. With *parent*: a child theme of it.
    *existing* are the slugs already installed anywhere (bundled, packages, site); they are
    refused like an existing folder.
    """
    check_slug(slug, dest, existing)
    name = (name or "").strip() or _title(slug)
    files: dict[str, str | bytes] = {}
    if parent is None:
        files["theme.toml"] = _starter_manifest(slug, name)
        files.update({f"templates/{n}": source for n, source in STARTER_TEMPLATES.items()})
        files["static/css/style.css"] = STARTER_CSS % {"accent": DEFAULT_ACCENT}
        accent = DEFAULT_ACCENT
    else:
        files["theme.toml"] = _child_manifest(slug, name, parent)
        files["static/css/child.css"] = CHILD_CSS % {"name": name, "parent": parent.slug}
        override = child_setting_override(parent)
        color = override[1]["default"] if override and override[1]["type"] == "color" else None
        accent = str(color or _CHILD_COLORS[0])
    files["screenshot.png"] = _png(1200, 900, _rgb(accent), (250, 250, 248))
    dest.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".magtheme-new-", dir=dest.parent))
    try:
        folder = staging / slug
        _write(folder, files)
        # A child may have no template yet, but the folder must exist for the chain.
        (folder / "templates").mkdir(exist_ok=True)
        os.rename(folder, dest / slug)
    except OSError as exc:
        raise ScaffoldError(f"cannot create {dest / slug}: {exc.strerror or exc}.") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dest / slug
