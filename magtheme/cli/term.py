"""``magtheme term …``: categories, tags and every registered taxonomy's terms, shaped like
WP-CLI's ``wp term``.

    magtheme term create TAXONOMY TERM [--slug= --description= --parent= --porcelain]
    magtheme term list TAXONOMY... [--field= --fields= --format table|csv|json|ids|count|yaml]
    magtheme term update TAXONOMY TERM [--by=id|slug] [--name= --slug= --description= --parent=]
    magtheme term delete TAXONOMY TERM... [--by=id|slug]

Deleting a category moves posts it leaves without one to the default category, which
cannot itself be deleted. Every refusal names what to fix and changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import click
from sqlalchemy import select

from ..editing import EditError
from ..editing.terms import check_taxonomy, create_term, delete_term, term_or_error, update_term
from ..models import Term, db
from . import _app, _require_tables, emit_rows, main
from .post_edit import FieldErrors, _editor, edit_errors

#: What ``list`` shows, WP-CLI's names (``term_taxonomy_id`` is the term's ID: Magtheme keeps
#: WordPress's two term tables as one).
FIELDS = ("term_id", "term_taxonomy_id", "name", "slug", "description", "parent", "count")
OPTIONAL_FIELDS = ("taxonomy", "url")


@main.group()
def term() -> None:
    """Manage categories, tags and other taxonomies' terms (WP-CLI's ``wp term``)."""


def _find(editor: Any, taxonomy: str, ref: str, by: str) -> Term:
    if by == "slug":
        from ..slugs import encode_slug

        found = db.session.scalar(
            select(Term).where(Term.taxonomy == taxonomy, Term.slug == encode_slug(ref))
        )
        if found is None:
            check_taxonomy(editor, taxonomy)  # an unknown taxonomy is named first
            raise FieldErrors(
                [f"Invalid value for TERM: there is no {taxonomy} with the slug {ref!r}."]
            )
        return found
    if not ref.isdigit():
        raise FieldErrors(
            [f"Invalid value for TERM: {ref!r} is not a term ID (use --by=slug for a slug)."]
        )
    return term_or_error(editor, taxonomy, int(ref), field="term")


@term.command("create")
@click.argument("taxonomy")
@click.argument("name", metavar="TERM")
@click.option("--slug", default=None, help="The slug (else made from the name).")
@click.option("--description", default="", help="What the term is about.")
@click.option("--parent", type=int, default=0, help="The parent term's ID (hierarchical only).")
@click.option("--porcelain", is_flag=True, help="Print only the new term's ID.")
def term_create(
    taxonomy: str, name: str, slug: str | None, description: str, parent: int, porcelain: bool
) -> None:
    """Create a term."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        editor = _editor(app)
        try:
            row = create_term(
                editor, taxonomy, name, slug=slug, description=description, parent=parent
            )
            db.session.commit()
        except EditError as exc:
            db.session.rollback()
            raise edit_errors(exc) from None
        term_id = row.id
    click.echo(term_id if porcelain else f"Success: Created {taxonomy} {term_id}.")


@term.command("list")
@click.argument("taxonomies", nargs=-1, required=True, metavar="TAXONOMY...")
@click.option("--field", default=None, help="Print this one field of each term.")
@click.option("--fields", default=None, help="Comma-separated fields to show.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "ids", "count", "yaml"]),
    default="table",
)
def term_list(taxonomies: tuple[str, ...], field: str | None, fields: str | None, fmt: str) -> None:
    """List terms by name: ID, name, slug, description, parent, count."""
    app = _app()
    _require_tables(app)
    asked = [field] if field else [f.strip() for f in fields.split(",")] if fields else FIELDS
    unknown = [name for name in asked if name not in (*FIELDS, *OPTIONAL_FIELDS)]
    if unknown:
        raise FieldErrors(
            [
                f"Invalid value for {'--field' if field else '--fields'}: there is no field "
                f"{', '.join(map(repr, unknown))}; choose from "
                f"{', '.join((*FIELDS, *OPTIONAL_FIELDS))}."
            ]
        )
    with app.app_context():
        editor = _editor(app)
        try:
            for taxonomy in taxonomies:
                check_taxonomy(editor, taxonomy)
        except EditError as exc:
            raise edit_errors(exc) from None
        terms = list(
            db.session.scalars(
                select(Term).where(Term.taxonomy.in_(taxonomies)).order_by(Term.name, Term.id)
            )
        )
        link = _linker() if "url" in asked else None
        rows = [_row(t, link) for t in terms]
    if fmt == "count":
        click.echo(len(rows))
    elif fmt == "ids":
        emit_rows(rows, "ids", "term_id", {})
    elif field is not None:
        for row in rows:
            click.echo(json.dumps(row[field]) if fmt == "json" else row[field])
    else:
        shown = [{name: row[name] for name in asked} for row in rows]
        if fmt == "csv":
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=list(asked), lineterminator="\n")
            writer.writeheader()
            writer.writerows(shown)
            click.echo(out.getvalue(), nl=False)
        elif fmt == "yaml":
            click.echo("---")
            for row in shown:
                for i, (key, value) in enumerate(row.items()):
                    text = value if isinstance(value, int) else json.dumps(str(value))
                    click.echo(f"{'- ' if i == 0 else '  '}{key}: {text}")
        else:
            emit_rows(shown, fmt, "term_id", {name: _getter(name) for name in asked})


def _getter(name: str) -> Any:
    return lambda row: str(row[name]).replace("\n", "\\n")


def _linker() -> Any:
    from flask import current_app

    from ..options import load_options
    from ..urls import linker

    return linker(load_options(), current_app.extensions["magtheme.registry"])


def _row(row: Term, link: Any) -> dict[str, Any]:
    return {
        "term_id": row.id,
        "term_taxonomy_id": row.id,
        "name": row.name,
        "slug": row.slug,
        "description": row.description,
        "parent": row.parent_id,
        "count": row.count,
        "taxonomy": row.taxonomy,
        "url": link.term(row) if link is not None else "",
    }


@term.command("update")
@click.argument("taxonomy")
@click.argument("ref", metavar="TERM")
@click.option(
    "--by", type=click.Choice(["id", "slug"]), default="id", help="TERM is an ID or a slug."
)
@click.option("--name", default=None, help="A new name.")
@click.option("--slug", default=None, help="A new slug (refused when another term has it).")
@click.option("--description", default=None, help="A new description.")
@click.option("--parent", type=int, default=None, help="A new parent's ID (0: none).")
def term_update(
    taxonomy: str,
    ref: str,
    by: str,
    name: str | None,
    slug: str | None,
    description: str | None,
    parent: int | None,
) -> None:
    """Change a term's name, slug, description or parent."""
    app = _app()  # a broken site configuration is reported first, as by every command
    if name is None and slug is None and description is None and parent is None:
        raise click.UsageError(
            "nothing to change; give --name, --slug, --description or --parent "
            "(see magtheme term update --help)."
        )
    _require_tables(app)
    with app.app_context():
        editor = _editor(app)
        try:
            found = _find(editor, taxonomy, ref, by)
            update_term(
                editor,
                taxonomy,
                found.id,
                name=name,
                slug=slug,
                description=description,
                parent=parent,
            )
            db.session.commit()
        except EditError as exc:
            db.session.rollback()
            raise edit_errors(exc) from None
    click.echo("Success: Term updated.")


@term.command("delete")
@click.argument("taxonomy")
@click.argument("refs", nargs=-1, required=True, metavar="TERM...")
@click.option(
    "--by", type=click.Choice(["id", "slug"]), default="id", help="TERM is an ID or a slug."
)
def term_delete(taxonomy: str, refs: tuple[str, ...], by: str) -> None:
    """Delete terms; posts a category leaves without one go to the default category."""
    app = _app()
    _require_tables(app)
    done: list[int] = []
    with app.app_context():
        editor = _editor(app)
        try:
            ids = list(dict.fromkeys(_find(editor, taxonomy, ref, by).id for ref in refs))
            for term_id in ids:
                delete_term(editor, taxonomy, term_id)
                done.append(term_id)
            db.session.commit()
        except EditError as exc:
            db.session.rollback()
            raise edit_errors(exc) from None
    for term_id in done:
        click.echo(f"Deleted {taxonomy} {term_id}.")
    click.echo(f"Success: Deleted {len(done)} of {len(refs)} terms.")
