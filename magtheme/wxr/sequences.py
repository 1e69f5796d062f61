"""Moving PostgreSQL's ID sequences past rows written with explicit IDs.

An import keeps the export's IDs (``?p=123`` keeps working), so it writes ``id`` itself.
SQLite and MySQL then hand out the next ID after the largest in the table; PostgreSQL's
sequences do not notice, and the next row added without an ID (a visitor's comment, a new
post) would get one that is taken. :func:`advance_sequences` fixes that for every table with
an integer autoincrement primary key, so no table can be forgotten.
"""

from __future__ import annotations

from sqlalchemy import func, select, text

from ..models import AnySession, db


def advance_sequences(session: AnySession) -> dict[str, int]:
    """On PostgreSQL, move each table's ID sequence past the table's largest ID.

    Never moves a sequence backwards. Returns the table names whose sequence was set,
    with the largest ID found; an empty dict on other databases. Sequences are not
    transactional in PostgreSQL: a later rollback leaves a gap in the IDs, nothing worse.
    """
    if session.get_bind().dialect.name != "postgresql":
        return {}
    preparer = session.get_bind().dialect.identifier_preparer
    moved: dict[str, int] = {}
    for table in db.metadata.sorted_tables:
        column = table.autoincrement_column
        if column is None:
            continue
        largest = session.scalar(select(func.max(column)))
        if largest is None:
            continue
        session.execute(
            text(
                "SELECT setval(seq, GREATEST(:largest, COALESCE(pg_sequence_last_value(seq), 0)))"
                " FROM (SELECT pg_get_serial_sequence(:table, :column)::regclass AS seq) AS s"
                " WHERE seq IS NOT NULL"
            ),
            {"largest": largest, "table": preparer.format_table(table), "column": column.name},
        )
        moved[table.name] = int(largest)
    return moved
