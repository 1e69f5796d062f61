"""Appearance → Tickers (``/wp-admin/tickers.php``): the breaking-news tickers, edited.

Each ticker (``breaking`` always, built in until changed) is a form of its settings, made from
:data:`magtheme.tickers.TICKER_FIELDS`; create, update and delete go through the same pure
functions as ``magtheme ticker create|update|delete``, so the screen refuses what the command
refuses, and the option is written whole or not at all.
"""

from __future__ import annotations

from typing import Any

from flask import redirect, request
from werkzeug.wrappers import Response

from ...models import db
from ...options import load_options, update_options
from ...tickers import (
    DEFAULT_TICKER,
    TICKER_FIELDS,
    TICKERS_OPTION,
    TickerError,
    create_ticker,
    delete_ticker,
    is_stored,
    ticker_definitions,
    update_ticker,
)
from ...widgets.registry import WidgetError
from .. import notify
from ..routes import admin_route
from . import page


def _stored() -> dict[str, Any]:
    value = load_options().get(TICKERS_OPTION)
    return dict(value) if isinstance(value, dict) else {}


def _screen(
    status: int = 200,
    errors: dict[str, str] | None = None,
    typed: dict[str, Any] | None = None,
    failed: str | None = None,
) -> Response:
    options = load_options()
    tickers = []
    for name, settings in sorted(ticker_definitions(options).items()):
        values = {**settings, **(typed or {})} if name == failed else settings
        tickers.append({"name": name, "values": values, "built_in": not is_stored(options, name)})
    new_values = {f.id: f.default for f in TICKER_FIELDS}
    if failed == "":
        new_values.update(typed or {})
    return page(
        "admin/tickers.html",
        status=status,
        title="Tickers",
        tickers=tickers,
        fields=TICKER_FIELDS,
        errors=errors or {},
        failed=failed,
        new_values=new_values,
        new_name=(typed or {}).get("__name", ""),
        default=DEFAULT_TICKER,
    )


@admin_route("/tickers.php", "edit_theme_options", menu="Tickers", parent="Appearance")
def tickers() -> Response:
    """Every ticker as a form, and one to make a new ticker."""
    return _screen()


def _given() -> tuple[dict[str, Any], dict[str, str]]:
    """The settings posted, each coerced by its field (errors by field id)."""
    given: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in TICKER_FIELDS:
        sent = request.form.getlist(spec.id)
        if not sent:
            continue
        try:
            given[spec.id] = spec.coerce(sent[-1])
        except WidgetError as exc:
            errors[spec.id] = str(exc)
    return given, errors


@admin_route("/tickers.php", "edit_theme_options", methods=("POST",))
def tickers_save() -> Response:
    """Create, update or delete one ticker."""
    action = request.form.get("action", "")
    name = request.form.get("ticker", "").strip()
    try:
        if action == "delete":
            tickers = delete_ticker(_stored(), name)
            message = f"Ticker {name} deleted." + (
                " It is back to its built-in settings." if name == DEFAULT_TICKER else ""
            )
        elif action in ("create", "update"):
            given, errors = _given()
            if errors:
                typed = {k: request.form.get(k, "") for k in errors} | given
                typed["__name"] = name
                failed = "" if action == "create" else name
                return _screen(422, errors, typed, failed)
            change = create_ticker if action == "create" else update_ticker
            tickers = change(_stored(), name, given)
            message = (
                f"Ticker {name} created; its feed is /wp-json/magtheme/v1/tickers/{name}."
                if action == "create"
                else f"Ticker {name} updated."
            )
        else:
            return _screen(422, {"": f"Unknown action {action!r}."})
    except TickerError as exc:
        typed = dict(request.form.items()) | {"__name": name}
        failed = "" if action == "create" else name
        return _screen(422, {"": str(exc)[0].upper() + str(exc)[1:]}, typed, failed)
    update_options({TICKERS_OPTION: tickers}, commit=False)
    db.session.commit()
    notify(message)
    return redirect("/wp-admin/tickers.php", 303)
