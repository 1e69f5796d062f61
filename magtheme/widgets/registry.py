"""Widget types and the registry they are found in.

A widget type is what WordPress calls a widget class: a name, a settings schema (fields with
defaults), a ``data(session, settings, context)`` function that loads what the widget shows in
a fixed number of SQL statements, and a template, ``widgets/<type>.html``, looked up through
the theme chain so any theme can restyle any widget.

Types register on a :class:`WidgetRegistry` with a decorator::

    @registry.widget("weather", name="Weather", fields=[Field("city", "text", "City")])
    def weather(session, settings, context):
        return {"city": settings["city"]}

A type whose data needs SQL should load every instance of an area at once, so that an area
costs the same number of statements whether it holds one such widget or ten: register it with
``many=True`` and the function receives the settings of all of them and returns one result
per settings, in order::

    @registry.widget("weather", fields=[...], many=True, depends=("posts",))
    def weather(session, settings_list, context):
        rows = session.execute(...one statement for every instance...)
        return [{"city": s["city"], ...} for s in settings_list]

``depends`` names what the output is made from (:data:`DEPENDENCY_TOPICS`), so cached output
is dropped exactly when one of those changes; ``vary`` names what else besides the settings
makes two renders differ (``"page"``: the page being shown, for widgets that mark the current
item).

Packages add types through the entry-point group ``magtheme.widgets``; the entry point names a
function that takes the registry (:func:`load_entry_point_widgets`)::

    [project.entry-points."magtheme.widgets"]
    weather = "magtheme_weather:register"

Themes never add widget types: a theme is data, a widget is code the site owner installed.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from ..cache import TOPICS as DEPENDENCY_TOPICS
from ..extensions import load_entry_points
from ..models import AnySession

log = logging.getLogger(__name__)

#: The entry-point group packages register widget types in.
ENTRY_POINT_GROUP = "magtheme.widgets"

# DEPENDENCY_TOPICS: what a widget's output can be made from (the cache's topics); a change
# to one drops the cached output of every widget that names it in ``depends``. ``options``
# is always implied (settings live there).
#: What a widget's output can vary with besides its settings (see ``WidgetType.vary``).
VARY_KEYS = ("page",)

#: Data keys a widget may return for its heading: the title to show when the title setting
#: is empty (a category block's category name), and a link for the heading (its archive).
DEFAULT_TITLE = "default_title"
TITLE_URL = "title_url"

#: Kinds of widget settings.
FIELD_TYPES = ("text", "textarea", "number", "boolean", "select", "url")
#: The schemes a ``url`` field may accept (``Field.schemes``); never ``javascript:`` or
#: ``data:``, whatever a field asks for.
URL_SCHEMES = ("http", "https", "mailto")

_TYPE_ID = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
# Characters no address in a link may hold, besides whitespace and control characters:
# what HTML or a browser would read as the end of the attribute or another path.
_URL_FORBIDDEN = frozenset('<>"`\\')
_EMAIL = re.compile(r"^[^@\s:/?#]+@[^@\s:/?#]+\.[^@\s:/?#]+$")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


class WidgetError(ValueError):
    """A widget type or widget settings that cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Field:
    """One setting of a widget type (a control of WordPress's widget form)."""

    id: str
    type: str
    label: str
    default: Any = None
    min: int | None = None
    max: int | None = None
    max_length: int = 1000
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    #: What a ``url`` field accepts: ``http``/``https`` addresses, and with ``mailto`` an
    #: email address (a bare ``name@example.com`` is stored as ``mailto:name@example.com``).
    schemes: tuple[str, ...] = ("http", "https")

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise WidgetError(
                f"widget field {self.id!r}: type {self.type!r} is not one of "
                f"{', '.join(FIELD_TYPES)}."
            )
        unknown = [s for s in self.schemes if s not in URL_SCHEMES]
        if unknown or not self.schemes:
            raise WidgetError(
                f"widget field {self.id!r}: schemes must be among {', '.join(URL_SCHEMES)}, "
                f"not {', '.join(map(repr, unknown)) or 'none'}."
            )

    def coerce(self, value: Any) -> Any:
        """*value* as this field stores it; raises :class:`WidgetError` saying why not."""
        if self.type == "boolean":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in _TRUE or text in _FALSE:
                return text in _TRUE
            raise WidgetError(f"{self.id} must be true or false, not {value!r}.")
        if self.type == "number":
            if isinstance(value, bool):
                raise WidgetError(f"{self.id} must be a whole number, not {value!r}.")
            try:
                number = int(str(value).strip())
            except ValueError:
                raise WidgetError(f"{self.id} must be a whole number, not {value!r}.") from None
            low = "" if self.min is None else self.min
            high = "" if self.max is None else self.max
            if (self.min is not None and number < self.min) or (
                self.max is not None and number > self.max
            ):
                raise WidgetError(f"{self.id} must be between {low} and {high}, not {number}.")
            return number
        text = "" if value is None else str(value)
        if self.type == "select":
            allowed = [key for key, _label in self.choices]
            if text not in allowed:
                raise WidgetError(f"{self.id} must be one of {', '.join(allowed)}, not {text!r}.")
            return text
        if len(text) > self.max_length:
            raise WidgetError(f"{self.id} is longer than {self.max_length} characters.")
        if self.type == "url":
            found = link_address(text, self.schemes)
            if found is None:
                raise WidgetError(
                    f"{self.id} must be {describe_schemes(self.schemes)}, not {text!r}."
                )
            return found
        return text


def link_address(value: str, schemes: Sequence[str] = ("http", "https")) -> str | None:
    """*value* as a safe address to link to, ``""`` for none, or None when it is not one.

    An address is absolute: ``http://`` or ``https://`` with a host, or (when *schemes* has
    ``mailto``) ``mailto:name@example.com``, a bare ``name@example.com`` standing for it.
    Whitespace around it is dropped; whitespace or a control character inside refuses it
    (browsers drop them, so ``java\tscript:`` would run), as do ``javascript:``, ``data:``,
    relative and scheme-relative (``//host``) addresses and user names before the host.
    """
    text = value.strip()
    if not text:
        return ""
    if any(
        char in _URL_FORBIDDEN or char.isspace() or unicodedata.category(char)[0] == "C"
        for char in text
    ):
        return None
    if "mailto" in schemes and _EMAIL.match(text):
        return f"mailto:{text}"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        return None
    if scheme == "mailto":
        address = parts.path
        return text if _EMAIL.match(address) and not parts.netloc else None
    if not parts.hostname or "@" in parts.netloc:
        return None
    return text


def describe_schemes(schemes: Sequence[str]) -> str:
    """What a ``url`` field accepts, in words: "an http:// or https:// address"."""
    web = [f"{s}://" for s in schemes if s != "mailto"]
    kinds = " or ".join(web)
    if "mailto" not in schemes:
        return f"an {kinds} address"
    if not web:
        return "an email address (name@example.com or mailto:name@example.com)"
    return f"an email address (name@example.com or mailto:name@example.com) or an {kinds} address"


def clean_settings(
    fields: Sequence[Field], raw: Mapping[str, Any] | None, *, strict: bool = False
) -> dict[str, Any]:
    """Stored settings made whole: every field present, valid, unknown keys dropped.

    Lenient by default (for rendering what is stored): a missing or invalid value becomes
    the field's default, a number out of bounds is clamped. With *strict* (for saving what
    a person typed) any invalid value raises :class:`WidgetError` naming every problem.
    """
    raw = raw or {}
    clean: dict[str, Any] = {}
    problems: list[str] = []
    for spec in fields:
        if spec.id not in raw:
            clean[spec.id] = spec.default
            continue
        try:
            clean[spec.id] = spec.coerce(raw[spec.id])
        except WidgetError as exc:
            if strict:
                problems.append(str(exc))
            clean[spec.id] = _lenient(spec, raw[spec.id])
    if problems:
        raise WidgetError(" ".join(problems))
    return clean


def _lenient(spec: Field, value: Any) -> Any:
    """The closest valid value: a clamped number, cut text, else the default."""
    if spec.type == "number":
        try:
            number = int(str(value).strip())
        except ValueError:
            return spec.default
        if spec.min is not None:
            number = max(number, spec.min)
        if spec.max is not None:
            number = min(number, spec.max)
        return number
    if spec.type in ("text", "textarea") and value is not None:
        return str(value)[: spec.max_length]
    if spec.type == "url":
        return ""  # an address that is not a safe one is never printed
    return spec.default


@dataclass(frozen=True)
class WidgetContext:
    """What a widget's data function may use besides the database and its settings."""

    linker: Any
    options: Mapping[str, Any]
    now: datetime
    #: The URL of the page being rendered (to mark the current item).
    current_url: str = ""
    #: The page's query view (``query`` in templates), or None.
    query: Any = None
    area: str = ""


#: ``data(session, settings, context)``: what the template shows, or None to show nothing.
DataFunction = Callable[[AnySession, Mapping[str, Any], WidgetContext], "dict[str, Any] | None"]
#: ``data_many(session, [settings, ...], context)``: one result (or None) per settings, in
#: order, loaded together in a fixed number of statements.
ManyDataFunction = Callable[
    [AnySession, Sequence[Mapping[str, Any]], WidgetContext], "list[dict[str, Any] | None]"
]
#: ``check(session, settings)``: what is wrong with cleaned settings that only the site's
#: content can tell (a user that must exist), as messages; ``[]`` when nothing is.
CheckFunction = Callable[[AnySession, Mapping[str, Any]], list[str]]


@dataclass(frozen=True)
class WidgetType:
    """One kind of widget."""

    type: str
    name: str
    data: DataFunction
    fields: tuple[Field, ...] = ()
    description: str = ""
    #: WordPress's class for this widget (``widget_recent_entries``), added to ``widget_<type>``.
    classname: str = ""
    #: The heading used when the title setting is empty (WordPress shows "Recent Posts").
    default_title: str | Callable[[Mapping[str, Any]], str] = ""
    #: Template source used when no theme and no built-in has ``widgets/<type>.html``.
    default_template: str | None = field(default=None, repr=False)
    #: Loads every instance of an area at once (``many=True``); ``data`` then wraps it.
    data_many: ManyDataFunction | None = field(default=None, repr=False)
    #: What the output is made from (:data:`DEPENDENCY_TOPICS`); drives cache invalidation.
    depends: tuple[str, ...] = ("posts", "terms")
    #: What else the output varies with (:data:`VARY_KEYS`).
    vary: tuple[str, ...] = ()
    #: Checks settings against the site's content when a person saves them (never when
    #: rendering: what was valid then may since have been deleted, and shows nothing).
    check: CheckFunction | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        unknown = [t for t in self.depends if t not in DEPENDENCY_TOPICS]
        if unknown:
            raise WidgetError(
                f"widget type {self.type!r}: depends names {', '.join(map(repr, unknown))}; "
                f"the topics are {', '.join(DEPENDENCY_TOPICS)}."
            )
        bad_vary = [v for v in self.vary if v not in VARY_KEYS]
        if bad_vary:
            raise WidgetError(
                f"widget type {self.type!r}: vary names {', '.join(map(repr, bad_vary))}; "
                f"it may name {', '.join(VARY_KEYS)}."
            )

    def load(
        self,
        session: AnySession,
        settings_list: Sequence[Mapping[str, Any]],
        context: WidgetContext,
    ) -> list[dict[str, Any] | None]:
        """The data of several instances (cleaned settings), together when the type can."""
        if self.data_many is not None:
            results = list(self.data_many(session, settings_list, context))
            if len(results) != len(settings_list):
                raise WidgetError(
                    f"widget type {self.type!r} returned {len(results)} results for "
                    f"{len(settings_list)} widgets; data_many must return one per settings."
                )
            return results
        return [self.data(session, settings, context) for settings in settings_list]

    @property
    def template(self) -> str:
        """The template name, looked up child theme → parents → built-ins."""
        return f"widgets/{self.type}.html"

    @property
    def css_classes(self) -> str:
        classes = [f"widget_{self.type}"]
        if self.classname and self.classname not in classes:
            classes.append(self.classname)
        return " ".join(classes)

    def clean(self, raw: Mapping[str, Any] | None, *, strict: bool = False) -> dict[str, Any]:
        """Settings for this type (see :func:`clean_settings`)."""
        return clean_settings(self.fields, raw, strict=strict)

    def problems(self, session: AnySession, settings: Mapping[str, Any]) -> list[str]:
        """What :attr:`check` finds wrong with cleaned *settings* (``[]`` without a check)."""
        return list(self.check(session, settings)) if self.check is not None else []

    def title(self, settings: Mapping[str, Any]) -> str:
        """The heading to print: the title setting, else the type's default title."""
        title = str(settings.get("title") or "").strip()
        if title:
            return title
        if callable(self.default_title):
            return self.default_title(settings)
        return self.default_title


class WidgetRegistry:
    """The widget types a site can use, by type id."""

    def __init__(self, types: Iterable[WidgetType] = ()) -> None:
        self._types: dict[str, WidgetType] = {}
        for widget_type in types:
            self.register(widget_type)

    def register(self, widget_type: WidgetType, *, replace: bool = False) -> WidgetType:
        """Add *widget_type*; a second type with the same id is refused unless *replace*."""
        if not _TYPE_ID.match(widget_type.type):
            raise WidgetError(
                f"widget type id {widget_type.type!r} must be lowercase letters, digits and '-'."
            )
        existing = self._types.get(widget_type.type)
        if existing is not None and not replace:
            raise WidgetError(
                f"widget type {widget_type.type!r} is already registered (by "
                f"{_origin(existing.data_many or existing.data)}); "
                f"{_origin(widget_type.data_many or widget_type.data)} cannot register it "
                "again. Pick another id, or pass replace=True to override it on purpose."
            )
        self._types[widget_type.type] = widget_type
        return widget_type

    def widget(
        self,
        type_id: str,
        *,
        name: str | None = None,
        fields: Iterable[Field] = (),
        description: str = "",
        classname: str = "",
        default_title: str | Callable[[Mapping[str, Any]], str] = "",
        default_template: str | None = None,
        replace: bool = False,
        many: bool = False,
        depends: Iterable[str] = ("posts", "terms"),
        vary: Iterable[str] = (),
        check: CheckFunction | None = None,
    ) -> Callable[[Any], Any]:
        """Decorator: register the decorated function as widget type *type_id*.

        The function is ``data(session, settings, context)``, or with *many*
        ``data_many(session, settings_list, context)`` (see the module's docs). *check*
        looks at settings being saved against the site's content (:attr:`WidgetType.check`).
        """

        def decorate(function: Any) -> Any:
            data: DataFunction
            data_many: ManyDataFunction | None = None
            if many:
                data_many = function

                def data(
                    session: AnySession, settings: Mapping[str, Any], context: WidgetContext
                ) -> Any:
                    return function(session, [settings], context)[0]

            else:
                data = function
            self.register(
                WidgetType(
                    type=type_id,
                    name=name or type_id.replace("-", " ").title(),
                    data=data,
                    fields=tuple(fields),
                    description=description or (function.__doc__ or "").strip().split("\n")[0],
                    classname=classname,
                    default_title=default_title,
                    default_template=default_template,
                    data_many=data_many,
                    depends=tuple(depends),
                    vary=tuple(vary),
                    check=check,
                ),
                replace=replace,
            )
            return function

        return decorate

    def get(self, type_id: str) -> WidgetType | None:
        return self._types.get(type_id)

    def __contains__(self, type_id: object) -> bool:
        return type_id in self._types

    def __iter__(self) -> Iterator[WidgetType]:
        return iter(self._types.values())

    def __len__(self) -> int:
        return len(self._types)


def _origin(function: Callable[..., Any]) -> str:
    return f"{getattr(function, '__module__', '?')}.{getattr(function, '__qualname__', '?')}"


def load_entry_point_widgets(registry: WidgetRegistry, group: str = ENTRY_POINT_GROUP) -> list[str]:
    """Let every installed package of entry-point *group* register its widget types.

    Each entry point names a function that takes the registry. A package that fails to load
    or register is logged (naming the package and the error) and skipped, so one broken
    extension cannot take the site down. Returns the names of the entry points loaded.
    """
    return load_entry_points(group, registry, "widget")


__all__ = [
    "DEFAULT_TITLE",
    "CheckFunction",
    "DEPENDENCY_TOPICS",
    "ENTRY_POINT_GROUP",
    "FIELD_TYPES",
    "URL_SCHEMES",
    "VARY_KEYS",
    "DataFunction",
    "ManyDataFunction",
    "TITLE_URL",
    "Field",
    "WidgetContext",
    "WidgetError",
    "WidgetRegistry",
    "WidgetType",
    "clean_settings",
    "describe_schemes",
    "link_address",
    "load_entry_point_widgets",
]
