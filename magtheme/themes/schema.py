"""The theme manifest (``theme.toml``): its JSON Schema and its typed form.

The schema is the single source: validation checks a manifest against it, and the manifest
reference in docs/themes.md is generated from it. :func:`parse_manifest` turns a manifest
that passed validation into the typed :class:`Manifest` the engine uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Setting (customizer control) types a theme may declare.
SETTING_TYPES = (
    "text",
    "textarea",
    "color",
    "number",
    "range",
    "boolean",
    "select",
    "radio",
    "image",
    "font",
    "sections",
    "category-colors",
)

#: Fonts a ``font`` setting may choose from: name → CSS font stack. No remote fonts.
FONT_STACKS: dict[str, str] = {
    "system": 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    "sans-serif": '"Helvetica Neue", Helvetica, Arial, sans-serif',
    "serif": 'Georgia, Cambria, "Times New Roman", Times, serif',
    "humanist": 'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", sans-serif',
    "geometric": 'Avenir, Montserrat, Corbel, "URW Gothic", source-sans-pro, sans-serif',
    "old-style": '"Iowan Old Style", "Palatino Linotype", "URW Palladio L", P052, serif',
    "slab": 'Rockwell, "Rockwell Nova", "Roboto Slab", "DejaVu Serif", "Sitka Small", serif',
    "monospace": 'ui-monospace, "Cascadia Code", "Source Code Pro", Menlo, Consolas, monospace',
}

#: Features a theme may declare in ``supports`` (WordPress's add_theme_support names).
SUPPORTS = (
    "post-thumbnails",
    "custom-logo",
    "post-formats",
    "dark-mode",
    "ticker",
    "menus",
    "widgets",
    "html5",
    "title-tag",
    "responsive-embeds",
)

#: Where a layout puts the sidebar (the ``sidebar`` setting, a template's or a post's choice).
SIDEBAR_PLACEMENTS = ("left", "right", "none")
#: The setting id a theme declares to let the owner place the sidebar.
SIDEBAR_SETTING = "sidebar"

_ID = {"type": "string", "pattern": "^[a-z][a-z0-9_-]{0,63}$"}
_SLUG = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$"}
_TEXT = {"type": "string", "maxLength": 2000}

SETTING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "type", "label"],
    "additionalProperties": False,
    "properties": {
        "id": _ID,
        "type": {"enum": list(SETTING_TYPES)},
        "label": _TEXT,
        "help": _TEXT,
        # Arrays only for a ``sections`` setting, tables only for ``category-colors`` (both
        # checked beside the schema).
        "default": {"type": ["string", "number", "boolean", "array", "object"]},
        "min": {"type": "number"},
        "max": {"type": "number"},
        "step": {"type": "number", "exclusiveMinimum": 0},
        "max_length": {"type": "integer", "minimum": 1},
        "choices": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {"type": "string"},
        },
        "css_var": {"type": "string", "pattern": "^--[a-z][a-z0-9-]{0,63}$"},
        "inherit": {"type": "boolean"},
    },
}

#: Most categories a ``category-colors`` setting may color.
MAX_CATEGORY_COLORS = 200
#: Least contrast a ``category-colors`` color must have with white text on it (WCAG AA).
CATEGORY_COLOR_CONTRAST = 4.5

MANIFEST_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Magtheme theme manifest (theme.toml)",
    "type": "object",
    "required": ["name", "slug", "version"],
    "additionalProperties": False,
    "properties": {
        "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "description": "The name people see.",
        },
        "slug": {
            **_SLUG,
            "description": "The theme's identifier: its folder name, used in URLs and options.",
        },
        "version": {
            "type": "string",
            "pattern": r"^\d+(\.\d+){0,2}([.-]?[a-z0-9.]+)?$",
            "description": "The theme's version, e.g. 1.2.0; check results are cached per version.",
        },
        "description": {**_TEXT, "description": "One or two sentences on what the theme is for."},
        "author": {**_TEXT, "description": "Who made it."},
        "author_url": {**_TEXT, "description": "Where to find its author."},
        "license": {**_TEXT, "description": "An SPDX licence name, e.g. GPL-2.0-or-later."},
        "tags": {
            "type": "array",
            "items": _SLUG,
            "uniqueItems": True,
            "description": "Words to find the theme by (one-column, news, dark …).",
        },
        "requires": {
            "type": "string",
            "maxLength": 100,
            "description": "The engine versions it works with, as a version specifier (>=0.1,<1).",
        },
        "parent": {**_SLUG, "description": "The slug of the parent theme, for a child theme."},
        "supports": {
            "type": "array",
            "items": {"enum": list(SUPPORTS)},
            "uniqueItems": True,
            "description": "Features the theme uses (WordPress's add_theme_support names).",
        },
        "excerpt": {
            "type": "object",
            "additionalProperties": False,
            "description": (
                "Automatic excerpts: `length` in words (default 55) and the `more` text after "
                "a cut one (default ` [&hellip;]`), WordPress's excerpt_length/excerpt_more."
            ),
            "properties": {
                "length": {"type": "integer", "minimum": 1, "maximum": 500},
                "more": {"type": "string", "maxLength": 200},
            },
        },
        "widget_areas": {
            "type": "array",
            "description": "Places for widgets ([[widget_areas]] with id, name, description).",
            "items": {
                "type": "object",
                "required": ["id", "name"],
                "additionalProperties": False,
                "properties": {"id": _ID, "name": _TEXT, "description": _TEXT},
            },
        },
        "menu_locations": {
            "type": "array",
            "description": "Places for menus ([[menu_locations]] with id, name, description).",
            "items": {
                "type": "object",
                "required": ["id", "name"],
                "additionalProperties": False,
                "properties": {"id": _ID, "name": _TEXT, "description": _TEXT},
            },
        },
        "image_sizes": {
            "type": "array",
            "description": "Named image sizes ([[image_sizes]] with name, width, height, crop).",
            "items": {
                "type": "object",
                "required": ["name", "width", "height"],
                "additionalProperties": False,
                "properties": {
                    "name": _ID,
                    "width": {"type": "integer", "minimum": 0, "maximum": 10000},
                    "height": {"type": "integer", "minimum": 0, "maximum": 10000},
                    "crop": {"type": "boolean"},
                },
            },
        },
        "templates": {
            "type": "array",
            "description": (
                "Custom page/post templates people can pick per post ([[templates]] with name, "
                'file under templates/, post_types (default ["page"]) and an optional '
                "sidebar placement that overrides the theme's `sidebar` setting)."
            ),
            "items": {
                "type": "object",
                "required": ["name", "file"],
                "additionalProperties": False,
                "properties": {
                    "name": _TEXT,
                    "file": {"type": "string", "pattern": r"^[a-z0-9_/-]+\.html$"},
                    "post_types": {
                        "type": "array",
                        "items": {"type": "string", "pattern": "^[a-z0-9_-]{1,20}$"},
                        "minItems": 1,
                        "uniqueItems": True,
                    },
                    "sidebar": {"enum": list(SIDEBAR_PLACEMENTS)},
                },
            },
        },
        "settings": {
            "type": "array",
            "description": (
                "The customizer: sections ([[settings]] with id, title) of controls "
                "([[settings.controls]]) — see Settings below."
            ),
            "items": {
                "type": "object",
                "required": ["id", "title", "controls"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "title": _TEXT,
                    "description": _TEXT,
                    "controls": {"type": "array", "items": SETTING_SCHEMA},
                },
            },
        },
    },
}


@dataclass(frozen=True)
class Area:
    """A widget area or a menu location: an id, a name and what it is for."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class ImageSize:
    name: str
    width: int
    height: int
    crop: bool = False


@dataclass(frozen=True)
class CustomTemplate:
    """A custom page/post template (WordPress's "Template Name" / "Template Post Type")."""

    name: str
    file: str
    post_types: tuple[str, ...] = ("page",)
    #: The sidebar placement this template imposes (None: the theme's setting decides).
    sidebar: str | None = None


@dataclass(frozen=True)
class Setting:
    """One customizer control: a theme mod with its type, bounds and default."""

    id: str
    type: str
    label: str
    section: str
    default: Any = None
    help: str = ""
    min: float | None = None
    max: float | None = None
    step: float | None = None
    max_length: int | None = None
    choices: tuple[tuple[str, str], ...] = ()
    css_var: str | None = None
    #: False: a child theme's redeclaration is read from the child's own stored value or its
    #: default, never from a value stored for a parent theme (see ``resolve_values``).
    inherit: bool = True


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    description: str = ""
    settings: tuple[Setting, ...] = ()


@dataclass(frozen=True)
class Manifest:
    """A validated theme.toml, typed."""

    name: str
    slug: str
    version: str
    description: str = ""
    author: str = ""
    author_url: str = ""
    license: str = ""
    tags: tuple[str, ...] = ()
    requires: str = ""
    parent: str | None = None
    supports: tuple[str, ...] = ()
    widget_areas: tuple[Area, ...] = ()
    menu_locations: tuple[Area, ...] = ()
    image_sizes: tuple[ImageSize, ...] = ()
    templates: tuple[CustomTemplate, ...] = ()
    sections: tuple[Section, ...] = field(default=())
    #: Automatic excerpts: words kept, and the text after a cut one (None: inherit/default).
    excerpt_length: int | None = None
    excerpt_more: str | None = None

    @property
    def settings(self) -> dict[str, Setting]:
        """Every setting by id, across sections."""
        return {s.id: s for section in self.sections for s in section.settings}


def _setting(data: dict[str, Any], section: str) -> Setting:
    choices = data.get("choices") or {}
    return Setting(
        id=data["id"],
        type=data["type"],
        label=data["label"],
        section=section,
        default=data.get("default"),
        help=data.get("help", ""),
        min=data.get("min"),
        max=data.get("max"),
        step=data.get("step"),
        max_length=data.get("max_length"),
        choices=tuple((str(k), str(v)) for k, v in choices.items()),
        css_var=data.get("css_var"),
        inherit=bool(data.get("inherit", True)),
    )


def parse_manifest(data: dict[str, Any]) -> Manifest:
    """The typed form of a manifest that already passed :data:`MANIFEST_SCHEMA`."""
    return Manifest(
        name=data["name"],
        slug=data["slug"],
        version=data["version"],
        description=data.get("description", ""),
        author=data.get("author", ""),
        author_url=data.get("author_url", ""),
        license=data.get("license", ""),
        tags=tuple(data.get("tags", ())),
        requires=data.get("requires", ""),
        parent=data.get("parent") or None,
        supports=tuple(data.get("supports", ())),
        widget_areas=tuple(Area(**a) for a in data.get("widget_areas", ())),
        menu_locations=tuple(Area(**a) for a in data.get("menu_locations", ())),
        image_sizes=tuple(ImageSize(**s) for s in data.get("image_sizes", ())),
        templates=tuple(
            CustomTemplate(
                t["name"], t["file"], tuple(t.get("post_types", ("page",))), t.get("sidebar")
            )
            for t in data.get("templates", ())
        ),
        excerpt_length=data.get("excerpt", {}).get("length"),
        excerpt_more=data.get("excerpt", {}).get("more"),
        sections=tuple(
            Section(
                id=s["id"],
                title=s["title"],
                description=s.get("description", ""),
                settings=tuple(_setting(c, s["id"]) for c in s.get("controls", ())),
            )
            for s in data.get("settings", ())
        ),
    )
