"""Storing theme settings (WordPress's theme mods): one option per theme.

A theme's values live in the option ``theme_mods_{slug}``, as in WordPress, so they belong to
that theme: switching to another theme and back finds them untouched. What to store and what
a template sees is decided by the pure functions of :mod:`magtheme.themes.settings`; this
module reads the options, calls them and saves what they return.

Reading costs no SQL of its own: every option is loaded in one statement per request by
:func:`magtheme.options.load_options`, so :func:`theme_settings` reads each chain member's
mods from that cache.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from flask import g, has_app_context
from markupsafe import Markup

from ..options import get_option, load_options, update_option
from .chain import ThemeChain
from .manifest import Theme, ThemeError
from .schema import Manifest, Setting, parse_manifest
from .settings import (
    EffectiveValue,
    SettingError,
    SyncResult,
    css_custom_properties,
    declaring_themes,
    known_ids,
    resolve_values,
    schema_for_chain,
    stored_values,
    sync_on_activation,
    validate_value,
    with_value,
    without_value,
)

OPTION_PREFIX = "theme_mods_"

# A chain is built once per app (rebuilt per request in debug mode), so its merged schema is
# cached beside it and goes away with it.
_SCHEMAS: WeakKeyDictionary[ThemeChain, dict[str, Setting]] = WeakKeyDictionary()
_OWNERS: WeakKeyDictionary[ThemeChain, dict[str, str]] = WeakKeyDictionary()


def option_name(slug: str) -> str:
    """The option that holds theme *slug*'s mods (WordPress's ``theme_mods_{stylesheet}``)."""
    return OPTION_PREFIX + slug


def theme_manifest(theme: Theme) -> Manifest:
    """The typed manifest of *theme*: ``Theme.info`` when the theme has it, else parsed here."""
    info = getattr(theme, "info", None)
    if isinstance(info, Manifest):
        return info
    data = {"name": theme.name, "slug": theme.slug, "version": theme.version, **theme.manifest}
    try:
        return parse_manifest(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ThemeError(
            f"theme {theme.slug!r}: {theme.path / 'theme.toml'} cannot be read as a manifest "
            f"({type(exc).__name__}: {exc}); run 'magtheme theme check {theme.slug}'."
        ) from None


def chain_schema(chain: ThemeChain) -> dict[str, Setting]:
    """The settings schema of *chain*: every member's settings, a child's declaration winning."""
    schema = _SCHEMAS.get(chain)
    if schema is None:
        schema = schema_for_chain([theme_manifest(t) for t in chain.themes])
        _SCHEMAS[chain] = schema
    return schema


def _stored(slug: str) -> dict[str, Any]:
    """Theme *slug*'s stored mods object (``{}`` when none, or when it is not an object)."""
    mods = get_option(option_name(slug))
    return dict(mods) if isinstance(mods, dict) else {}


def get_mods(slug: str) -> dict[str, Any]:
    """The values stored for theme *slug*, by setting id (bookkeeping keys left out)."""
    return stored_values(_stored(slug))


def _save(slug: str, mods: dict[str, Any]) -> None:
    update_option(option_name(slug), mods)


def setting_for(schema: dict[str, Setting], setting_id: str) -> Setting:
    """The setting *setting_id* of *schema*, or :class:`SettingError` listing the known ids."""
    setting = schema.get(setting_id)
    if setting is None:
        raise SettingError(
            setting_id,
            "MT-SETTING-UNKNOWN",
            f"this theme has no setting {setting_id!r}; its settings are: {known_ids(schema)}.",
        )
    return setting


def set_mod(slug: str, setting_id: str, raw: Any, schema: dict[str, Setting]) -> Any:
    """Validate *raw* for *setting_id* and store it for theme *slug*; returns the stored value.

    *schema* is the schema of *slug*'s chain (:func:`chain_schema`). A bad value raises
    :class:`SettingError` and nothing is stored.
    """
    setting = setting_for(schema, setting_id)
    value = validate_value(setting, raw)
    _save(slug, with_value(_stored(slug), setting, value))
    return value


class SiteRefusal(SettingError):
    """A value the schema accepts but the site makes wrong (a home section naming a category
    the site lacks); ``detail`` is the message without its code."""

    def __init__(self, setting_id: str, detail: str) -> None:
        super().__init__(setting_id, "MT-SETTING-SITE", detail)
        self.detail = detail


def checked_value(chain: ThemeChain, setting_id: str, raw: Any) -> Any:
    """The value *raw* gives setting *setting_id* of *chain*, checked against the schema and
    the site: home sections must name widget areas the theme has and categories that exist,
    category colours categories that exist. :class:`SettingError` (or :class:`SiteRefusal`)
    says what is wrong; ``magtheme theme mod set`` and previews accept exactly the same."""
    setting = setting_for(chain_schema(chain), setting_id)
    value = validate_value(setting, raw)
    if setting.type == "sections":
        from ..models import db
        from ..sections import check_sections

        areas = [area.id for theme in chain.themes for area in theme.info.widget_areas]
        problems = check_sections(value, areas=dict.fromkeys(areas), session=db.session)
        if problems:
            raise SiteRefusal(setting_id, "; ".join(problems) + ".")
    if setting.type == "category-colors" and value:
        known = _category_slugs()
        unknown = [slug for slug in value if slug not in known]
        if unknown:
            names = ", ".join(repr(slug) for slug in unknown)
            raise SiteRefusal(
                setting_id,
                f"setting {setting_id!r} (category-colors): the site has no category {names}; "
                f"its categories are: {', '.join(known) or 'none'}.",
            )
    return value


def _category_slugs() -> list[str]:
    from sqlalchemy import select

    from ..models import Term, db
    from ..slugs import decode_slug

    return sorted(
        decode_slug(slug)
        for slug in db.session.scalars(select(Term.slug).where(Term.taxonomy == "category"))
    )


def remove_mod(slug: str, setting_id: str) -> bool:
    """Forget theme *slug*'s value for *setting_id*; True when there was one."""
    mods = _stored(slug)
    if setting_id not in stored_values(mods):
        return False
    _save(slug, without_value(mods, setting_id))
    return True


def resolved_settings(chain: ThemeChain) -> dict[str, EffectiveValue]:
    """Each setting of *chain* with its value and the theme it came from (None: the default)."""
    slugs = [t.slug for t in chain.themes]
    stored = {slug: _stored(slug) for slug in slugs}
    owners = _OWNERS.get(chain)
    if owners is None:
        owners = _OWNERS[chain] = declaring_themes(slugs, [theme_manifest(t) for t in chain.themes])
    return resolve_values(slugs, chain_schema(chain), stored, owners)


def theme_settings(chain: ThemeChain) -> dict[str, Any]:
    """``theme.settings`` for templates: each setting's effective value.

    Own stored value, else the nearest parent's, else the default. Computed once per request
    and chain (templates parts rebuild their variables; this stays one computation).
    """
    if not has_app_context():
        return {key: item.value for key, item in resolved_settings(chain).items()}
    from .preview import current_preview, overlay

    if current_preview() is not None:
        values = {key: item.value for key, item in resolved_settings(chain).items()}
        return overlay(chain, values)
    # The options dict is replaced after every write, so holding it makes the cache exact.
    options = load_options()
    cache: dict[int, tuple[ThemeChain, dict[str, Any], dict[str, Any]]] = g.setdefault(
        "magtheme_theme_settings", {}
    )
    hit = cache.get(id(chain))
    if hit is None or hit[0] is not chain or hit[1] is not options:
        values = {key: item.value for key, item in resolved_settings(chain).items()}
        hit = cache[id(chain)] = (chain, options, values)
    return dict(hit[2])  # a copy: a caller that changes it cannot change the next render


def css_variables(chain: ThemeChain) -> Markup:
    """``theme.css_variables``: a ``<style>`` element with the chain's color and font settings.

    Empty markup when the theme has no color or font setting with a value.
    """
    css = css_custom_properties(chain_schema(chain), theme_settings(chain))
    return Markup(f"<style>{css}</style>") if css else Markup("")


def on_activate(chain: ThemeChain, previous_chain: ThemeChain | None = None) -> SyncResult:
    """Sync the newly active theme's stored mods with its current schema, and save them.

    Only the active theme's own mods change (see
    :func:`~magtheme.themes.settings.sync_on_activation`); a parent's values are checked when
    read. *previous_chain* is not needed: each stored value records the type it was saved
    under, which says more than the schema of whatever theme was active before (often another
    theme entirely). It is accepted so activation code can pass both chains.
    """
    del previous_chain
    slug = chain.active.slug
    stored = _stored(slug)
    result = sync_on_activation(chain_schema(chain), stored)
    if result.mods() != stored:
        _save(slug, result.mods())
    return result
