"""``magtheme views …``: write waiting page views and see the most read posts.

    magtheme views flush                                  write the counts waiting in Redis now
    magtheme views top [--period day|week|month|all] [--number N] [--by views|comments]
                       [--format table|json|ids]

Without Redis each server process keeps its own counts and writes them itself (every
``flush_interval`` seconds and when it stops); ``flush`` then has nothing to write from here.
"""

from __future__ import annotations

from operator import itemgetter

import click
from sqlalchemy.exc import SQLAlchemyError

from ..content.titles import title_text
from ..models import db
from ..popularity import counter, ensure_table
from ..visibility import now_gmt
from ..widgets.popular import ORDERS, PERIODS, popular_rows
from . import _app, _require_tables, emit_rows, main


@main.group()
def views() -> None:
    """Page views: write the waiting counts, list the most read posts."""


@views.command("flush")
def views_flush() -> None:
    """Write the page views waiting in Redis (or in this process) to the database."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        views_counter = counter(app)
        try:
            report = views_counter.flush()
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc)
            raise click.ClickException(
                f"the page views could not be written ({reason}); they are kept for the next flush."
            ) from None
    if report.rows == 0 and not views_counter.store.shared:
        click.echo(
            "Success: nothing to write. This site keeps views in each server process (no "
            "redis_url), and each writes its own."
        )
        return
    click.echo(f"Success: wrote {report.views} views ({report.rows} rows).")


@views.command("top")
@click.option(
    "--period",
    type=click.Choice(list(PERIODS)),
    default="week",
    show_default=True,
    help="Today, the last 7 or 30 days, or all time.",
)
@click.option("--number", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--by", "orderby", type=click.Choice(ORDERS), default="views", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "ids"]), default="table")
def views_top(period: str, number: int, orderby: str, fmt: str) -> None:
    """The most read (or most commented) public posts: ID, title and count."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        ensure_table(db.session)
        rows = popular_rows(db.session, [(orderby, period, number)], now_gmt())[0]
        items = [
            {"ID": row.id, "post_title": title_text(row.title or ""), orderby: int(row.score)}
            for row in rows
        ]
    columns = ("ID", "post_title", orderby)
    emit_rows(items, fmt, "ID", {key: itemgetter(key) for key in columns})
