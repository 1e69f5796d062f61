"""Switching the active theme, atomically.

WordPress keeps the active theme in two options: ``stylesheet`` (the theme itself) and
``template`` (its root parent). :func:`activate` changes both, in one transaction, and only
after the new theme has proved itself:

1. its chain is built (a missing parent or a loop raises :class:`ThemeError` naming the
   chain);
2. the theme checker runs (:func:`magtheme.themes.check.check_theme`); any error refuses the
   switch, with every finding in the message;
3. then both options are written together.

A refused theme changes nothing: the site keeps serving the theme it had. Options are read
per request, so every worker of a running server serves the new theme from its next request
on, without a restart.

What carries over on a switch (theme settings, widgets, menu locations) is done by the
listeners of the :data:`magtheme.signals.theme_activated` signal, sent once the options are
saved (see :mod:`magtheme.themes.switching`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from flask import current_app

from ..models import db
from ..options import load_options, update_options
from ..signals import theme_activated
from .chain import ThemeChain, build_chain
from .manifest import Theme, ThemeError

log = logging.getLogger(__name__)


class CheckReport(Protocol):
    """What a theme checker returns: whether it passed, and the errors that block it."""

    @property
    def ok(self) -> bool: ...

    @property
    def errors(self) -> Sequence[Any]: ...


#: A theme checker: ``check(slug, themes)`` → report.
Checker = Callable[[str, Mapping[str, Theme]], CheckReport]


@dataclass(frozen=True)
class ActivationResult:
    """What a switch changed: the options before and after, and the new chain."""

    previous_stylesheet: str
    previous_template: str
    stylesheet: str
    template: str
    chain: ThemeChain

    @property
    def changed(self) -> bool:
        return (self.previous_stylesheet, self.previous_template) != (
            self.stylesheet,
            self.template,
        )


def default_checker() -> Checker:
    """The theme checker activation runs: :func:`magtheme.themes.check.check_theme`."""
    from .check import check_theme  # imported late: check.py builds chains of its own

    checker: Checker = check_theme
    return checker


def run_check(
    slug: str,
    themes: Mapping[str, Theme],
    check: Checker | None,
    *,
    refused: str = "was not activated",
) -> None:
    """Raise :class:`ThemeError` listing every error *check* finds in *slug*; *refused* says
    what did not happen (``"cannot be previewed"`` for a preview)."""
    if check is None:
        log.warning("theme %r activated without a check: the checker is not installed.", slug)
        return
    report = check(slug, themes)
    if report.ok:
        return
    findings = "\n".join(f"  - {finding}" for finding in report.errors)
    count = len(report.errors)
    raise ThemeError(
        f"theme {slug!r} {refused}: the check found {count} "
        f"error{'s' if count != 1 else ''}:\n{findings}\n"
        f"Fix them (see 'magtheme theme check {slug}'); the site keeps its current theme."
    )


_UNSET: Any = object()


def activate(
    slug: str,
    themes: Mapping[str, Theme],
    *,
    check: Checker | None = _UNSET,
    auto_reload: bool = False,
) -> ActivationResult:
    """Make *slug* the active theme, or raise :class:`ThemeError` and change nothing.

    *check* defaults to :func:`magtheme.themes.check.check_theme`; pass ``None`` to skip the
    check (the chain is still built). Needs an app context (it writes options).
    """
    chain = build_chain(slug, dict(themes), auto_reload=auto_reload)
    run_check(slug, themes, default_checker() if check is _UNSET else check)
    options = load_options()
    previous_stylesheet = str(options.get("stylesheet") or "")
    previous_template = str(options.get("template") or "")
    template = chain.themes[-1].slug
    try:
        update_options({"stylesheet": slug, "template": template})
    except Exception:
        # Leave the session usable and the stored options as they were.
        db.session.rollback()
        raise
    result = ActivationResult(previous_stylesheet, previous_template, slug, template, chain)
    if result.changed:
        # Settings, widgets and menus follow the switch (magtheme.themes.switching listens).
        theme_activated.send(
            current_app._get_current_object(),  # type: ignore[attr-defined]
            previous=previous_stylesheet,
            current=slug,
            chain=chain,
            themes=themes,
        )
    return result
