"""Parts of docs/themes.md generated from the code's own tables, so the guide cannot drift.

``python -m magtheme.docsgen`` rewrites the generated blocks in docs/themes.md; a test fails
when the committed file differs from what this module makes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from .themes.schema import FONT_STACKS, MANIFEST_SCHEMA, SETTING_SCHEMA, SETTING_TYPES, SUPPORTS

DOC = Path(__file__).resolve().parent.parent / "docs" / "themes.md"

#: Every template name of the hierarchy: (name, when it is tried, an example URL of the demo
#: site whose candidate list holds the concrete name, that concrete name). The example column
#: is checked against the engine by tests/test_docsgen.py.
TEMPLATE_REFERENCE: tuple[tuple[str, str, str, str], ...] = (
    ("index.html", "Every request, last. The only required template.", "/", "index.html"),
    (
        "front-page.html",
        "The front page: the posts list, or the static page chosen as front page.",
        "/",
        "front-page.html",
    ),
    (
        "home.html",
        "The posts list (the front page, or the page chosen as posts page).",
        "/",
        "home.html",
    ),
    (
        "privacy-policy.html",
        "The page chosen as privacy policy page.",
        "/privacy-policy/",
        "privacy-policy.html",
    ),
    (
        "single-{post_type}-{slug}.html",
        "One post of a type, by slug (decoded, then as stored).",
        "/2025/05/11/putin-proposes-direct-peace-talks-with-ukraine-in-istanbul-to-restore-lasting-peace/",
        "single-post-putin-proposes-direct-peace-talks-with-ukraine-in-istanbul-to-restore-lasting-peace.html",
    ),
    (
        "single-{post_type}.html",
        "Any post of that type (`single-post.html`, `single-book.html`).",
        "/2025/05/11/putin-proposes-direct-peace-talks-with-ukraine-in-istanbul-to-restore-lasting-peace/",
        "single-post.html",
    ),
    (
        "single.html",
        "Any single post, custom post type item or attachment.",
        "/2025/05/11/putin-proposes-direct-peace-talks-with-ukraine-in-istanbul-to-restore-lasting-peace/",
        "single.html",
    ),
    (
        "{custom template}",
        "A page or post whose custom template (a manifest `[[templates]]` file) "
        "was chosen; it is tried first.",
        "",
        "",
    ),
    (
        "page-{slug}.html",
        "One page, by its own slug (a child page uses its own, not its path).",
        "/about/",
        "page-about.html",
    ),
    ("page-{id}.html", "One page, by ID.", "/about/", "page-2.html"),
    ("page.html", "Any page.", "/about/", "page.html"),
    ("singular.html", "Any single post or page.", "/about/", "singular.html"),
    (
        "{type}-{subtype}.html, {subtype}.html, {type}.html",
        "An attachment by MIME type (`image-jpeg.html`, `jpeg.html`, `image.html`).",
        "",
        "",
    ),
    ("attachment.html", "Any attachment page.", "", ""),
    (
        "category-{slug}.html",
        "One category archive, by slug.",
        "/category/world/",
        "category-world.html",
    ),
    (
        "category-{id}.html",
        "One category archive, by term ID.",
        "/category/world/",
        "category-2.html",
    ),
    ("category.html", "Any category archive.", "/category/world/", "category.html"),
    ("tag-{slug}.html", "One tag archive, by slug.", "/tag/ukraine/", "tag-ukraine.html"),
    ("tag-{id}.html", "One tag archive, by term ID.", "", ""),
    ("tag.html", "Any tag archive.", "/tag/ukraine/", "tag.html"),
    (
        "taxonomy-{taxonomy}-{slug}.html",
        "One term of a custom taxonomy or post format "
        "(`taxonomy-post_format-post-format-quote.html`).",
        "",
        "",
    ),
    ("taxonomy-{taxonomy}-{id}.html", "One term of a custom taxonomy, by term ID.", "", ""),
    ("taxonomy-{taxonomy}.html", "Any term of that taxonomy.", "", ""),
    ("taxonomy.html", "Any custom taxonomy archive.", "", ""),
    (
        "author-{nicename}.html",
        "One author's archive, by URL name.",
        "/author/amara/",
        "author-amara.html",
    ),
    ("author-{id}.html", "One author's archive, by user ID.", "/author/amara/", "author-1.html"),
    ("author.html", "Any author archive.", "/author/amara/", "author.html"),
    ("date.html", "Year, month and day archives.", "/2025/05/", "date.html"),
    (
        "archive-{post_type}.html",
        "A custom post type's archive (`has_archive`), also searches "
        "and term archives limited to that type.",
        "",
        "",
    ),
    (
        "archive.html",
        "Any archive: category, tag, taxonomy, author, date, post type.",
        "/category/world/",
        "archive.html",
    ),
    ("search.html", "Search results (`/?s=…`, `/search/…/`).", "/?s=peace", "search.html"),
    ("404.html", "Nothing found at the URL.", "/no-such-page/", "404.html"),
    ("embed-{post_type}-{format}.html", "An embed of a post with a post format.", "", ""),
    (
        "embed-{post_type}.html",
        "An embed (`…/embed/`) of a post of that type.",
        "/2025/05/11/putin-proposes-direct-peace-talks-with-ukraine-in-istanbul-to-restore-lasting-peace/embed/",
        "embed-post.html",
    ),
    (
        "embed.html",
        "Any embed; Magtheme has a built-in one.",
        "/2025/05/11/putin-proposes-direct-peace-talks-with-ukraine-in-istanbul-to-restore-lasting-peace/embed/",
        "embed.html",
    ),
)


def template_reference() -> str:
    rows = ["| template | tried for | example URL (demo site) |", "|---|---|---|"]
    for name, when, url, _concrete in TEMPLATE_REFERENCE:
        rows.append(f"| `{name}` | {when} | {f'`{url}`' if url else '—'} |")
    return "\n".join(rows)


def _type_of(spec: dict[str, Any]) -> str:
    if "enum" in spec:
        return "one of " + ", ".join(f"`{v}`" for v in spec["enum"])
    kind = spec.get("type", "")
    if kind == "array":
        items = spec.get("items", {})
        if "enum" in items:
            return "list of " + ", ".join(f"`{v}`" for v in items["enum"])
        return "list of tables" if items.get("type") == "object" else "list of strings"
    if isinstance(kind, list):
        return " or ".join(kind)
    return str(kind)


def manifest_reference() -> str:
    required = set(MANIFEST_SCHEMA["required"])
    rows = ["| key | type | required | what it is |", "|---|---|---|---|"]
    for key, spec in MANIFEST_SCHEMA["properties"].items():
        rows.append(
            f"| `{key}` | {_type_of(spec)} | {'yes' if key in required else ''} | "
            f"{spec.get('description', '')} |"
        )
    return "\n".join(rows)


def settings_reference() -> str:
    props = SETTING_SCHEMA["properties"]
    rows = ["| control key | type | what it is |", "|---|---|---|"]
    notes = {
        "id": "The setting's id: `theme.settings.<id>` in templates. Unique across sections.",
        "type": "The kind of control (below).",
        "label": "What the site owner sees.",
        "help": "A sentence of help under the control.",
        "default": (
            "The value until the owner sets one (a child theme may override it); a list of "
            "blocks for `sections`, a table of slug = colour for `category-colors`."
        ),
        "min": "Lowest value (number, range).",
        "max": "Highest value (number, range).",
        "step": "Values snap to multiples of this (number, range).",
        "max_length": "Longest text accepted (text, textarea).",
        "choices": "Table of value = label (select, radio).",
        "css_var": (
            "The CSS custom property a color or font becomes, or that a category-colors "
            "setting sets on `.category-<slug>` (default `--mt-<id>`)."
        ),
        "inherit": (
            "In a child theme that redeclares a parent's setting: `false` reads only the "
            "child's own stored value or its default, never a value stored for the parent "
            "(default `true`)."
        ),
    }
    for key, spec in props.items():
        rows.append(f"| `{key}` | {_type_of(spec)} | {notes.get(key, '')} |")
    rows.append("")
    rows.append("Setting types: " + ", ".join(f"`{t}`" for t in SETTING_TYPES) + ".")
    rows.append("")
    rows.append("Fonts a `font` setting may use (no remote fonts):")
    rows.append("")
    rows += [f"- `{name}`: `{stack}`" for name, stack in FONT_STACKS.items()]
    rows.append("")
    rows.append("`supports` values: " + ", ".join(f"`{s}`" for s in SUPPORTS) + ".")
    return "\n".join(rows)


BLOCKS = {
    "templates": template_reference,
    "manifest": manifest_reference,
    "settings": settings_reference,
}


def render(text: str) -> str:
    """*text* with every generated block replaced by its current content."""
    for name, build in BLOCKS.items():
        pattern = re.compile(
            rf"(<!-- BEGIN GENERATED: {name} -->\n).*?(<!-- END GENERATED: {name} -->)", re.S
        )
        text = pattern.sub(lambda m, b=build: m.group(1) + b() + "\n" + m.group(2), text)  # type: ignore[misc]
    return text


def main() -> int:
    DOC.write_text(render(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
