"""``magtheme ticker …``: the site's breaking-news tickers.

    magtheme ticker list [--format table|json]
    magtheme ticker create NAME [--source S] [--term SLUG] [--posts IDS] [--count N]
                                [--max-age HOURS] [--label TEXT] [--speed PX] [--direction D]
                                [--refresh SECONDS]
    magtheme ticker update NAME [the same options]
    magtheme ticker delete NAME

Tickers are the option ``magtheme_tickers``; every change is checked whole (each option, then
how they fit together) before the option is written, so nothing is ever half-written. A bad
value is a usage error (exit status 2) naming the option and what it accepts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from ..models import db
from ..options import load_options, update_options
from ..tickers import (
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
from ..widgets.registry import WidgetError
from . import Refused, _app, _require_tables, emit_rows, main

_FIELDS = {spec.id: spec for spec in TICKER_FIELDS}


def _describe(field_id: str) -> str:
    spec = _FIELDS[field_id]
    if spec.type == "select":
        accepted = f"one of {', '.join(key for key, _ in spec.choices)}"
    elif spec.type == "number":
        accepted = f"{spec.min}–{spec.max}"
    else:
        accepted = f"text, at most {spec.max_length} characters"
    return f"{spec.label} ({accepted}; default {spec.default!r}). {spec.help}".strip()


def settings_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--source`` … ``--refresh`` options, one per ticker setting, all optional."""
    for field_id in reversed(list(_FIELDS)):
        flag = "--" + field_id.replace("_", "-")
        function = click.option(flag, field_id, default=None, help=_describe(field_id))(function)
    return function


def _given(values: dict[str, Any]) -> dict[str, Any]:
    """The options given on the command line, each checked on its own (naming the option)."""
    given: dict[str, Any] = {}
    for field_id, value in values.items():
        if value is None:
            continue
        try:
            given[field_id] = _FIELDS[field_id].coerce(value)
        except WidgetError as exc:
            raise Refused(str(exc), "--" + field_id.replace("_", "-")) from None
    return given


def _save_change(change: Callable[..., dict[str, Any]], name: str, given: dict[str, Any]) -> None:
    """Apply *change* (create or update) to the stored tickers and save them; a refused
    setting is an error naming it, and writes nothing."""
    try:
        tickers = change(_stored(), name, given)
    except TickerError as exc:
        raise Refused(str(exc)) from None
    update_options({TICKERS_OPTION: tickers}, commit=False)
    db.session.commit()
    _warn_missing_term(tickers[name])


def _warn_missing_term(settings: dict[str, Any]) -> None:
    """Say so when the category or tag a ticker names does not exist (yet)."""
    from sqlalchemy import select

    from ..models import Term
    from ..slugs import encode_slug

    taxonomy = {"category": "category", "tag": "post_tag"}.get(str(settings["source"]))
    if taxonomy is None or not settings["term"]:
        return
    found = db.session.scalar(
        select(Term.id).where(Term.taxonomy == taxonomy, Term.slug == encode_slug(settings["term"]))
    )
    if found is None:
        kind = "category" if taxonomy == "category" else "tag"
        click.echo(
            f"Warning: there is no {kind} {settings['term']!r} yet; the ticker shows it once "
            "there is"
            + (" (until then: sticky, then the newest posts)." if kind == "category" else "."),
            err=True,
        )


def _stored() -> dict[str, Any]:
    value = load_options().get(TICKERS_OPTION)
    return dict(value) if isinstance(value, dict) else {}


@main.group()
def ticker() -> None:
    """List, create, change and delete breaking-news tickers."""


@ticker.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def ticker_list(fmt: str) -> None:
    """Every ticker with its settings (breaking is always there; built in until changed)."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        options = load_options()
        rows = [
            {"name": name, "built_in": not is_stored(options, name), **settings}
            for name, settings in sorted(ticker_definitions(options).items())
        ]
    columns: dict[str, Any] = {"name": lambda r: r["name"]}
    for field_id in _FIELDS:
        columns[field_id] = lambda r, f=field_id: r[f]
    columns["built_in"] = lambda r: "yes" if r["built_in"] else "no"
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    emit_rows(rows, fmt, "name", columns)


@ticker.command("create")
@click.argument("name")
@settings_options
def ticker_create(name: str, **values: Any) -> None:
    """Create ticker NAME (a lowercase id such as 'sport'); unset options take defaults."""
    app = _app()
    _require_tables(app)
    given = _given(values)
    with app.app_context():
        _save_change(create_ticker, name, given)
    click.echo(f"Success: created ticker {name}; its feed is /wp-json/magtheme/v1/tickers/{name}.")


@ticker.command("update")
@click.argument("name")
@settings_options
def ticker_update(name: str, **values: Any) -> None:
    """Change settings of ticker NAME; the settings not given are kept."""
    app = _app()
    _require_tables(app)
    given = _given(values)
    if not given:
        accepted = ", ".join("--" + f.replace("_", "-") for f in _FIELDS)
        raise click.UsageError(f"give at least one setting to change: {accepted}.")
    with app.app_context():
        _save_change(update_ticker, name, given)
    click.echo(f"Success: updated ticker {name}.")


@ticker.command("delete")
@click.argument("name")
def ticker_delete(name: str) -> None:
    """Delete ticker NAME (deleting breaking gives it back its built-in settings)."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        try:
            tickers = delete_ticker(_stored(), name)
        except TickerError as exc:
            raise Refused(str(exc)) from None
        update_options({TICKERS_OPTION: tickers}, commit=False)
        db.session.commit()
    note = " (it is back to its built-in settings)" if name == DEFAULT_TICKER else ""
    click.echo(f"Success: deleted ticker {name}{note}.")
