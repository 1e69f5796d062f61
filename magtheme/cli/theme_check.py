"""``magtheme theme check SLUG|PATH [--json]``: report what is wrong with a theme.

Human output groups findings by file, one ``file:line: LEVEL CODE message (docs)`` per line,
then a summary. The exit status is 1 when there are errors (what blocks activation), 0
otherwise — warnings alone do not fail, so the command fits in a theme's CI.
"""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path

import click

from ..site import installed_themes, theme_folders
from ..themes import ThemeError
from ..themes.check import CheckReport, check_theme
from . import _app
from .theme import theme


@theme.command("check")
@click.argument("target", metavar="SLUG|PATH")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check(target: str, as_json: bool) -> None:
    """Check a theme (an installed slug or a folder): errors block activation."""
    app = _app()
    themes = installed_themes(app)
    if target not in themes:
        # A theme whose manifest is broken is not installed, but can still be checked by
        # its folder name in one of the theme folders.
        for folder in theme_folders(app):
            if not Path(target).is_dir() and (folder / target).is_dir():
                target = str(folder / target)
                break
    try:
        report = check_theme(target, themes)
    except ThemeError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        _print(report)
    if not report.ok:
        raise SystemExit(1)


def _print(report: CheckReport) -> None:
    click.echo(f"Checking {report.theme} ({report.path})")
    for file, findings in groupby(report.findings, key=lambda f: f.file):
        click.echo(f"\n{file}")
        for finding in findings:
            color = "red" if finding.level == "error" else "yellow"
            click.echo("  " + click.style(finding.format(), fg=color))
    click.echo("")
    if report.ok and not report.findings:
        click.echo(f"{report.summary()}: the theme checks clean.")
    elif report.ok:
        click.echo(f"{report.summary()}: usable; the warnings are advice.")
    else:
        click.echo(f"{report.summary()}: fix the errors before activating the theme.")
