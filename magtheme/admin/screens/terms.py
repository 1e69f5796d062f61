"""Posts → Categories and Tags (``/wp-admin/edit-tags.php?taxonomy=…``), and any public
taxonomy: the list with counts, add, edit (``term.php?taxonomy=…&tag_ID=N``), delete.

The screen needs ``manage_categories`` (editors and administrators, as WordPress); the
changes are :mod:`magtheme.editing.terms`'s, the service ``magtheme term`` uses.
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, request
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from ... import site
from ...editing import EditError, current_editor
from ...editing.terms import create_term, delete_term, term_or_error, update_term
from ...models import Term, db
from .. import access, notify
from ..routes import admin_route, menu_link
from . import page

menu_link(
    "Categories", "/wp-admin/edit-tags.php?taxonomy=category", "manage_categories", parent="Posts"
)
menu_link("Tags", "/wp-admin/edit-tags.php?taxonomy=post_tag", "manage_categories", parent="Posts")
PER_PAGE = 40


def _taxonomy() -> Any:
    name = request.values.get("taxonomy", "category")
    tax = site.registry().taxonomy(name)
    if tax is None or not tax.public or name in ("nav_menu", "post_format"):
        abort(404)
    return tax


def _list(
    tax: Any,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    search = request.args.get("s", "").strip()[:100]
    query = select(Term).where(Term.taxonomy == tax.name)
    if search:
        query = query.where(Term.name.ilike(f"%{search}%"))
    terms = list(db.session.scalars(query.order_by(Term.name).limit(1000)))
    by_id = {t.id: t for t in terms}
    total = db.session.scalar(select(func.count()).where(Term.taxonomy == tax.name)) or 0
    return page(
        "admin/terms.html",
        status=status,
        title=tax.label or tax.name,
        tax=tax,
        terms=_tree(terms) if tax.hierarchical and not search else [(t, 0) for t in terms],
        parents=by_id,
        total=total,
        search=search,
        errors=errors or {},
        values=values or {},
    )


def _tree(terms: list[Term]) -> list[tuple[Term, int]]:
    """Parents before their children, each with its depth."""
    ids = {t.id for t in terms}
    children: dict[int, list[Term]] = {}
    for term in terms:
        children.setdefault(term.parent_id if term.parent_id in ids else 0, []).append(term)
    out: list[tuple[Term, int]] = []

    def walk(parent: int, depth: int) -> None:
        for term in children.get(parent, []):
            out.append((term, depth))
            walk(term.id, depth + 1)

    walk(0, 0)
    return out


@admin_route("/edit-tags.php", "manage_categories")
def terms() -> Response:
    """The terms of ``?taxonomy=`` (categories by default) and the form to add one."""
    return _list(_taxonomy())


def _editor() -> Any:
    return current_editor(access.person().id)  # type: ignore[union-attr]


def _form_fields() -> dict[str, str]:
    return {k: request.form.get(k, "") for k in ("name", "slug", "description", "parent")}


@admin_route("/edit-tags.php", "manage_categories", methods=("POST",))
def terms_save() -> Response:
    """Add, update or delete a term."""
    tax = _taxonomy()
    action = request.form.get("action", "add-tag")
    values = _form_fields()
    parent = int(values["parent"]) if values["parent"].isdigit() else 0
    back = f"/wp-admin/edit-tags.php?taxonomy={tax.name}"
    noun = "Category" if tax.name == "category" else "Tag" if tax.name == "post_tag" else "Term"
    raw_id = request.form.get("tag_ID", "")
    try:
        if action == "add-tag":
            create_term(
                _editor(),
                tax.name,
                values["name"],
                slug=values["slug"] or None,
                description=values["description"],
                parent=parent,
            )
            said = f"{noun} added."
        elif action == "editedtag" and raw_id.isdigit():
            update_term(
                _editor(),
                tax.name,
                int(raw_id),
                name=values["name"],
                slug=values["slug"] or None,
                description=values["description"],
                parent=parent if tax.hierarchical else None,
            )
            said = f"{noun} updated."
            back = f"/wp-admin/term.php?taxonomy={tax.name}&tag_ID={raw_id}"
        elif action == "delete" and raw_id.isdigit():
            delete_term(_editor(), tax.name, int(raw_id))
            said = f"{noun} deleted."
        else:
            abort(400)
    except EditError as exc:
        db.session.rollback()
        errors = {k: v[0].upper() + v[1:] for k, v in exc.errors.items()}
        if action == "editedtag":
            return _edit_page(tax, int(raw_id), 422, errors, values)
        return _list(tax, 422, errors, values)
    db.session.commit()
    notify(said)
    return redirect(back, 303)


def _edit_page(
    tax: Any,
    term_id: int,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    try:
        term = term_or_error(_editor(), tax.name, term_id)
    except EditError:
        abort(404)
    others = [
        t
        for t in db.session.scalars(
            select(Term).where(Term.taxonomy == tax.name).order_by(Term.name)
        )
        if t.id != term.id
    ]
    return page(
        "admin/term_edit.html",
        status=status,
        title=f"Edit {'Category' if tax.name == 'category' else 'Tag' if tax.name == 'post_tag' else 'Term'}",
        tax=tax,
        term=term,
        others=others,
        errors=errors or {},
        values=values
        or {
            "name": term.name,
            "slug": term.slug,
            "description": term.description,
            "parent": str(term.parent_id),
        },
    )


@admin_route("/term.php", "manage_categories")
def term_edit() -> Response:
    """``?taxonomy=…&tag_ID=N``: one term's form."""
    raw = request.args.get("tag_ID", "")
    if not raw.isdigit() or len(raw) > 12:
        return redirect("/wp-admin/edit-tags.php", 302)
    return _edit_page(_taxonomy(), int(raw))
