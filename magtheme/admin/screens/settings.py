"""What the Settings screens share: each field checked, all saved or none, and the answer.

Every Settings screen (General, Reading, Discussion, Permalinks) posts WordPress's option
names; each value goes through :func:`magtheme.options.coerce_option`, the check ``magtheme
option set`` uses, so the admin and the command line accept exactly the same values. A
screen may add checks of its own (a page that must exist); when anything is wrong nothing is
saved and the form comes back with every message beside its field and every typed value
kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import redirect, request
from werkzeug.wrappers import Response

from ...options import OptionError, coerce_option, forget_options, load_options, update_options
from .. import notify

#: Renders a screen's form: (status, errors, values as typed or stored) → the page.
FormRenderer = Callable[[int, dict[str, str], dict[str, str]], Response]


def as_text(value: Any) -> str:
    """An option as a form shows it (booleans as "1"/"0", like WordPress's checkboxes)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


def stored_values(names: tuple[str, ...]) -> dict[str, str]:
    """The current values of *names*, as the form shows them."""
    options = load_options()
    return {name: as_text(options.get(name)) for name in names}


def typed(names: tuple[str, ...], checkboxes: tuple[str, ...] = ()) -> dict[str, str]:
    """What the request typed for *names*; a checkbox left unticked is sent as nothing, so
    it reads "0" (WordPress's options.php saves such an option as empty)."""
    values = {name: request.form.get(name, "").strip() for name in names}
    for name in checkboxes:
        values[name] = "1" if request.form.get(name) else "0"
    return values


def check(
    values: Mapping[str, Any],
    errors: dict[str, str],
    shown_at: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Each option through the engine's check; a refusal's message goes to *errors* under
    the option's name (the field's ``id``), or under the field *shown_at* names for it."""
    checked: dict[str, Any] = {}
    for name, value in values.items():
        try:
            checked[name] = coerce_option(name, value)
        except OptionError as exc:
            errors.setdefault((shown_at or {}).get(name, name), str(exc))
    return checked


def save(
    options: Mapping[str, Any],
    errors: dict[str, str],
    shown: dict[str, str],
    render: FormRenderer,
    url: str,
    *,
    shown_at: Mapping[str, str] | None = None,
) -> Response:
    """Save *options* when neither the screen (*errors*) nor the engine found a problem, and
    say so on the screen at *url*; else re-render with status 422 and *shown* (as typed)."""
    checked = check(options, errors, shown_at)
    if errors:
        return render(422, errors, shown)
    update_options(checked)
    forget_options()  # this request's later reads (and the redirect's page) see the change
    notify("Settings saved.")
    return redirect(url, 303)


__all__ = ["FormRenderer", "as_text", "check", "save", "stored_values", "typed"]
