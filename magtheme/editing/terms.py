"""Terms of every taxonomy: create, change, delete, attach to posts, keep counted.

WordPress's ``wp_insert_term``, ``wp_update_term`` and ``wp_delete_term``, with their
messages: a name is required; a slug is unique in its taxonomy (a new term's is made
unique, a changed one that is taken is refused); a parent only in a hierarchical taxonomy,
never the term itself or one of its children. Deleting a term moves its children up to its
parent, and a post left without a category goes to the default one
(``default_category``), which cannot be deleted.

``count`` is WordPress's ``_update_post_term_count``: the published posts of the
taxonomy's types in the term (a menu counts every item).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

from sqlalchemy import Table, delete, func, select, update

from ..models import AnySession, Option, Post, PostMeta, Term, TermRelationship
from ..slugs import decode_slug, encode_slug, sanitize_title
from ..types import Registry
from ..wxr.identity import clip_slug
from . import EditError, Editor, term_saved
from .slugs import unique_term_slug

#: WordPress's column limit for names.
MAX_NAME = 200
#: The default category a site without one gets when a post needs it (WordPress installs it).
UNCATEGORIZED = "Uncategorized"


# -- counting ---------------------------------------------------------------------------------


def recount_terms(session: AnySession, registry: Registry, term_ids: Iterable[int]) -> None:
    """Set ``count`` of each of *term_ids* from the posts now in it."""
    ids = sorted({int(i) for i in term_ids if i})
    if not ids:
        return
    session.flush()
    terms = cast(Table, Term.__table__)
    relationships = cast(Table, TermRelationship.__table__)
    posts = cast(Table, Post.__table__)
    by_taxonomy: dict[str, list[int]] = {}
    for term_id, taxonomy in session.execute(
        select(terms.c.id, terms.c.taxonomy).where(terms.c.id.in_(ids))
    ):
        by_taxonomy.setdefault(taxonomy, []).append(term_id)
    for taxonomy, members in by_taxonomy.items():
        counted = (
            select(func.count())
            .select_from(relationships.join(posts, posts.c.id == relationships.c.post_id))
            .where(relationships.c.term_id == terms.c.id)
        )
        if taxonomy != "nav_menu":  # a menu counts all its items (_update_generic_term_count)
            counted = counted.where(posts.c.status == "publish")
            tax = registry.taxonomy(taxonomy)
            if tax is not None:
                counted = counted.where(posts.c.post_type.in_(tax.object_type))
        session.execute(
            update(terms).where(terms.c.id.in_(members)).values(count=counted.scalar_subquery())
        )
    # The ORM objects of those terms hold the old counts: read them again when next used.
    for term_id in ids:
        found = session.identity_map.get(session.identity_key(Term, term_id))  # type: ignore[arg-type]
        if found is not None:
            session.expire(found, ["count"])


def post_term_ids(session: AnySession, post_id: int, taxonomy: str | None = None) -> list[int]:
    """The terms *post_id* is in (of *taxonomy*, or of every taxonomy), in term order."""
    stmt = (
        select(TermRelationship.term_id)
        .join(Term, Term.id == TermRelationship.term_id)
        .where(TermRelationship.post_id == post_id)
        .order_by(TermRelationship.term_order, Term.id)
    )
    if taxonomy is not None:
        stmt = stmt.where(Term.taxonomy == taxonomy)
    return list(session.scalars(stmt))


def set_post_terms(
    session: AnySession, post_id: int, taxonomy: str, term_ids: Sequence[int]
) -> set[int]:
    """Make *term_ids* the post's terms of *taxonomy*; returns every term touched."""
    before = post_term_ids(session, post_id, taxonomy)
    wanted = list(dict.fromkeys(term_ids))
    gone = [t for t in before if t not in wanted]
    if gone:
        session.execute(
            delete(TermRelationship).where(
                TermRelationship.post_id == post_id, TermRelationship.term_id.in_(gone)
            )
        )
    for term_id in wanted:
        if term_id not in before:
            session.add(TermRelationship(post_id=post_id, term_id=term_id, term_order=0))
    session.flush()
    return set(before) | set(wanted)


# -- finding ----------------------------------------------------------------------------------


def find_term(session: AnySession, taxonomy: str, ref: int | str) -> Term | None:
    """The term of *taxonomy* *ref* names: an ID, else a slug, else a name (``term_exists``)."""
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        found = session.get(Term, int(ref))
        if found is not None and found.taxonomy == taxonomy:
            return found
        if isinstance(ref, int):
            return None
    text = str(ref).strip()
    if not text:
        return None
    slug = encode_slug(sanitize_title(text))
    if slug:
        found = session.scalar(select(Term).where(Term.taxonomy == taxonomy, Term.slug == slug))
        if found is not None:
            return found
    return session.scalar(
        select(Term).where(Term.taxonomy == taxonomy, Term.name == text).order_by(Term.id).limit(1)
    )


def default_category(editor: Editor, *, create: bool = True) -> Term | None:
    """The default category (``default_category``).

    A site that never chose one has WordPress's Uncategorized: the category with that slug
    (an import from WordPress brings it), else a new one when *create*; the option is then
    stored, so it names that term from then on.
    """
    session = editor.session
    if session.get(Option, "default_category") is not None:
        try:
            term_id = int(editor.option("default_category") or 0)
        except (TypeError, ValueError):
            term_id = 0
        found = session.get(Term, term_id) if term_id else None
        if found is not None and found.taxonomy == "category":
            return found
    found = session.scalar(
        select(Term).where(Term.taxonomy == "category", Term.slug == "uncategorized")
    )
    if found is None:
        if not create:
            return None
        found = Term(taxonomy="category", name=UNCATEGORIZED, slug="uncategorized")
        session.add(found)
        session.flush()
    if create:
        editor.store_option("default_category", found.id)
    return found


# -- checking ---------------------------------------------------------------------------------


def check_taxonomy(editor: Editor, taxonomy: str) -> None:
    """An :class:`EditError` unless *taxonomy* is registered (menus have their own commands)."""
    tax = editor.registry.taxonomy(taxonomy)
    if tax is None or taxonomy == "nav_menu":
        names = [t for t in editor.registry.taxonomies if t != "nav_menu"]
        hint = " (menus are edited with magtheme menu)" if taxonomy == "nav_menu" else ""
        raise EditError(
            {
                "taxonomy": f"{taxonomy!r} is not a registered taxonomy{hint}; "
                f"use one of {', '.join(names)}."
            }
        )


def _descends(session: AnySession, term_id: int, ancestor: int) -> bool:
    """Whether *term_id* is *ancestor* or below it."""
    seen: set[int] = set()
    current = term_id
    while current and current not in seen:
        if current == ancestor:
            return True
        seen.add(current)
        row = session.get(Term, current)
        current = row.parent_id if row is not None else 0
    return False


def _check_fields(
    editor: Editor,
    taxonomy: str,
    errors: dict[str, str],
    *,
    name: str | None,
    slug: str | None,
    parent: int | None,
    term: Term | None,
) -> tuple[str | None, str | None]:
    """Checked name and slug (stored form) of a new or changed term; problems in *errors*."""
    tax = editor.registry.taxonomy(taxonomy)
    clean_name = None
    if name is not None:
        clean_name = " ".join(name.split()) if name.strip() else ""
        if not clean_name:
            errors["name"] = "A name is required for this term."
        elif len(clean_name) > MAX_NAME:
            errors["name"] = (
                f"A name is at most {MAX_NAME} characters; this one has {len(clean_name)}."
            )
    clean_slug = None
    if slug is not None and slug.strip():
        clean_slug = clip_slug(encode_slug(sanitize_title(slug)))
        if not clean_slug:
            errors["slug"] = "A slug needs letters or digits, e.g. 'world-news'."
    if parent:
        if tax is not None and not tax.hierarchical:
            errors["parent"] = (
                f"{taxonomy} terms have no parents: the taxonomy is not hierarchical."
            )
        else:
            row = editor.session.get(Term, parent)
            if row is None or row.taxonomy != taxonomy:
                errors["parent"] = "Parent term does not exist."
            elif term is not None and _descends(editor.session, parent, term.id):
                errors["parent"] = (
                    f"{row.name!r} is this term or one of its children; a term cannot be "
                    "its own parent. Choose another parent, or 0 for none."
                )
    return clean_name, clean_slug


def _name_taken(editor: Editor, taxonomy: str, name: str, parent: int, term_id: int) -> Term | None:
    tax = editor.registry.taxonomy(taxonomy)
    stmt = select(Term).where(Term.taxonomy == taxonomy, Term.name == name, Term.id != term_id)
    if tax is not None and tax.hierarchical:
        stmt = stmt.where(Term.parent_id == parent)
    return editor.session.scalar(stmt.limit(1))


# -- writing ----------------------------------------------------------------------------------


def create_term(
    editor: Editor,
    taxonomy: str,
    name: str,
    *,
    slug: str | None = None,
    description: str = "",
    parent: int = 0,
) -> Term:
    """``wp_insert_term``: a new term of *taxonomy*."""
    check_taxonomy(editor, taxonomy)
    errors: dict[str, str] = {}
    clean_name, clean_slug = _check_fields(
        editor, taxonomy, errors, name=name, slug=slug, parent=parent, term=None
    )
    if clean_name and "parent" not in errors:
        twin = _name_taken(editor, taxonomy, clean_name, parent, 0)
        explicit = clean_slug is not None
        if twin is not None and (not explicit or twin.slug == clean_slug):
            tax = editor.registry.taxonomy(taxonomy)
            where = (
                "with this parent" if tax is not None and tax.hierarchical else "in this taxonomy"
            )
            errors["name"] = f"A term with the name provided already exists {where} (ID {twin.id})."
    if errors:
        raise EditError(errors)
    assert clean_name is not None
    base = clean_slug or clip_slug(encode_slug(sanitize_title(clean_name))) or "term"
    stored = unique_term_slug(editor.session, base, taxonomy, parent_id=parent)
    term = Term(
        taxonomy=taxonomy,
        name=clean_name,
        slug=stored,
        description=description.strip(),
        parent_id=parent or 0,
        count=0,
    )
    editor.session.add(term)
    editor.session.flush()
    term_saved.send(term, action="created")
    return term


def term_or_error(editor: Editor, taxonomy: str, term_id: int, field: str = "term_id") -> Term:
    """The term *term_id* of *taxonomy*, or an :class:`EditError` naming it."""
    check_taxonomy(editor, taxonomy)
    term = editor.session.get(Term, term_id)
    if term is None or term.taxonomy != taxonomy:
        raise EditError(
            {field: f"there is no {taxonomy} with ID {term_id} (magtheme term list {taxonomy})."}
        )
    return term


def update_term(
    editor: Editor,
    taxonomy: str,
    term_id: int,
    *,
    name: str | None = None,
    slug: str | None = None,
    description: str | None = None,
    parent: int | None = None,
) -> Term:
    """``wp_update_term``: change what is given, keep the rest."""
    term = term_or_error(editor, taxonomy, term_id)
    errors: dict[str, str] = {}
    if slug is not None and not slug.strip():
        slug = None
    clean_name, clean_slug = _check_fields(
        editor, taxonomy, errors, name=name, slug=slug, parent=parent, term=term
    )
    if clean_slug is not None and clean_slug != term.slug:
        other = editor.session.scalar(
            select(Term.id).where(
                Term.taxonomy == taxonomy, Term.slug == clean_slug, Term.id != term.id
            )
        )
        if other is not None:
            errors["slug"] = (
                f"The slug “{decode_slug(clean_slug)}” is already in use by another term "
                f"(ID {other}); choose another."
            )
    if errors:
        raise EditError(errors)
    if clean_name is not None:
        term.name = clean_name
    if clean_slug is not None:
        term.slug = clean_slug
    if description is not None:
        term.description = description.strip()
    if parent is not None:
        term.parent_id = parent
    editor.session.flush()
    term_saved.send(term, action="updated")
    return term


def delete_term(editor: Editor, taxonomy: str, term_id: int) -> None:
    """``wp_delete_term``: the term goes; its children move up to its parent; posts left
    without a category go to the default category; menu items pointing to it go too."""
    session = editor.session
    term = term_or_error(editor, taxonomy, term_id)
    if taxonomy == "category":
        default = default_category(editor, create=False)
        if default is not None and default.id == term.id:
            raise EditError(
                {
                    "term_id": f"{term.name!r} is the default category and cannot be deleted; "
                    "make another category the default first "
                    "(magtheme option set default_category ID)."
                }
            )
    post_ids = list(
        session.scalars(select(TermRelationship.post_id).where(TermRelationship.term_id == term.id))
    )
    session.execute(
        update(Term)
        .where(Term.taxonomy == taxonomy, Term.parent_id == term.id)
        .values(parent_id=term.parent_id)
    )
    session.execute(delete(TermRelationship).where(TermRelationship.term_id == term.id))
    touched: set[int] = set()
    if taxonomy == "category" and post_ids:
        have = set(
            session.scalars(
                select(TermRelationship.post_id)
                .join(Term, Term.id == TermRelationship.term_id)
                .where(TermRelationship.post_id.in_(post_ids), Term.taxonomy == "category")
            )
        )
        orphans = [
            p
            for p in session.scalars(
                select(Post.id).where(Post.id.in_(post_ids), Post.post_type == "post")
            )
            if p not in have
        ]
        if orphans:
            fallback = default_category(editor)
            assert fallback is not None
            for post_id in orphans:
                session.add(TermRelationship(post_id=post_id, term_id=fallback.id))
            touched.add(fallback.id)
    _delete_menu_items(session, "taxonomy", taxonomy, term.id)
    session.delete(term)
    session.flush()
    recount_terms(session, editor.registry, touched)
    term_saved.send(term, action="deleted")


def _delete_menu_items(session: AnySession, kind: str, obj: str, object_id: int) -> None:
    """Menu items that lead to a deleted post or term go with it (``_wp_delete_*_menu_item``)."""
    from ..menus.store import delete_items

    by_object = select(PostMeta.post_id).where(
        PostMeta.key == "_menu_item_object_id", PostMeta.value == str(object_id)
    )
    of_kind = select(PostMeta.post_id).where(
        PostMeta.key == "_menu_item_type", PostMeta.value == kind
    )
    stmt = select(Post.id).where(
        Post.post_type == "nav_menu_item", Post.id.in_(by_object), Post.id.in_(of_kind)
    )
    if kind == "taxonomy":
        stmt = stmt.where(
            Post.id.in_(
                select(PostMeta.post_id).where(
                    PostMeta.key == "_menu_item_object", PostMeta.value == obj
                )
            )
        )
    items = list(session.scalars(stmt))
    if items:
        delete_items(session, items)


def resolve_terms(
    editor: Editor,
    taxonomy: str,
    refs: Sequence[int | str],
    *,
    create: bool,
    field: str,
    errors: dict[str, str],
) -> tuple[list[int], list[str]]:
    """The IDs of the terms *refs* name, and the names of those to create (when *create*);
    unknown ones are reported in *errors* under *field*."""
    ids: list[int] = []
    missing: list[str] = []
    unknown: list[str] = []
    for ref in refs:
        if isinstance(ref, str) and not ref.strip():
            continue
        found = find_term(editor.session, taxonomy, ref)
        if found is not None:
            ids.append(found.id)
        elif create and not isinstance(ref, int) and not str(ref).strip().isdigit():
            name = " ".join(str(ref).split())
            if name not in missing:
                missing.append(name)
        else:
            unknown.append(str(ref))
    if unknown:
        label = {"category": "post category", "post_tag": "tag"}.get(taxonomy, f"{taxonomy} term")
        listed = ", ".join(f"'{u}'" for u in unknown)
        errors[field] = f"No such {label} {listed}."
    return ids, missing
