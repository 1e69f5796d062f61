"""Terms through magtheme.editing: names, unique slugs, parents, deletion's consequences."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from magtheme.editing import EditError, current_editor
from magtheme.editing.posts import PostInput, create_post
from magtheme.editing.terms import create_term, delete_term, update_term
from magtheme.models import Term, TermRelationship, db
from magtheme.options import update_option

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def categories_of(post_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(Term.name)
            .join(TermRelationship)
            .where(TermRelationship.post_id == post_id, Term.taxonomy == "category")
            .order_by(Term.name)
        )
    )


def test_create_makes_a_unique_slug_per_taxonomy(app: Flask) -> None:
    editor = current_editor(now=NOW)
    fruit = create_term(editor, "category", "Fruit")
    apple = create_term(editor, "category", "Apple", parent=fruit.id)
    tag = create_term(editor, "post_tag", "Apple")
    again = create_term(editor, "category", "Apple tree", slug="apple", parent=fruit.id)
    top_apple = create_term(editor, "category", "Apple")  # at another level: allowed
    assert [apple.slug, tag.slug, again.slug, top_apple.slug] == [
        "apple",
        "apple",
        "apple-fruit",  # wp_unique_term_slug tries the parent's slug first
        "apple-2",
    ]
    assert create_term(editor, "category", "Café Crème").slug == "cafe-creme"


def test_create_refuses_with_wordpress_messages(app: Flask) -> None:
    editor = current_editor(now=NOW)
    create_term(editor, "post_tag", "Travel")
    cases = [
        (("post_tag", "  "), {}, {"name": "A name is required for this term."}),
        (
            ("post_tag", "Travel"),
            {},
            {"name": "A term with the name provided already exists in this taxonomy (ID 1)."},
        ),
        (("category", "X"), {"parent": 42}, {"parent": "Parent term does not exist."}),
        (
            ("post_tag", "Y"),
            {"parent": 1},
            {"parent": "post_tag terms have no parents: the taxonomy is not hierarchical."},
        ),
    ]
    for args, kwargs, errors in cases:
        with pytest.raises(EditError) as caught:
            create_term(editor, *args, **kwargs)  # type: ignore[arg-type]
        assert caught.value.errors == errors
    with pytest.raises(EditError) as caught:
        create_term(editor, "genre", "Jazz")
    assert caught.value.errors["taxonomy"].startswith("'genre' is not a registered taxonomy")


def test_update_refuses_a_taken_slug_and_a_loop(app: Flask) -> None:
    editor = current_editor(now=NOW)
    world = create_term(editor, "category", "World")
    europe = create_term(editor, "category", "Europe", parent=world.id)
    france = create_term(editor, "category", "France", parent=europe.id)
    with pytest.raises(EditError) as caught:
        update_term(editor, "category", france.id, slug="europe", parent=0)
    assert caught.value.errors == {
        "slug": "The slug “europe” is already in use by another term (ID 2); choose another."
    }
    with pytest.raises(EditError) as caught:
        update_term(editor, "category", world.id, parent=france.id)
    assert "cannot be its own parent" in caught.value.errors["parent"]
    update_term(editor, "category", france.id, name="La France", slug="fr", description="Hexagone")
    assert (france.name, france.slug, france.description) == ("La France", "fr", "Hexagone")


def test_deleting_a_category_moves_lone_posts_to_uncategorized(app: Flask) -> None:
    editor = current_editor(now=NOW)
    sport = create_term(editor, "category", "Sport")
    local = create_term(editor, "category", "Local")
    child = create_term(editor, "category", "Football", parent=sport.id)
    only = create_post(
        editor, PostInput(post_title="Match", post_status="publish", post_category=[sport.id])
    )
    both = create_post(
        editor,
        PostInput(post_title="Derby", post_status="publish", post_category=[sport.id, local.id]),
    )
    db.session.commit()
    delete_term(editor, "category", sport.id)
    db.session.commit()
    assert categories_of(only.id) == ["Uncategorized"]
    assert categories_of(both.id) == ["Local"]
    assert child.parent_id == 0
    uncategorized = db.session.scalar(select(Term).where(Term.slug == "uncategorized"))
    assert uncategorized is not None and uncategorized.count == 1
    assert app.test_client().get("/category/uncategorized/").status_code == 200
    assert app.test_client().get("/category/sport/").status_code == 404


def test_the_default_category_cannot_be_deleted(app: Flask) -> None:
    editor = current_editor(now=NOW)
    news = create_term(editor, "category", "News")
    db.session.commit()
    update_option("default_category", news.id)
    with pytest.raises(EditError) as caught:
        delete_term(current_editor(now=NOW), "category", news.id)
    assert caught.value.errors["term_id"].startswith(
        "'News' is the default category and cannot be deleted"
    )
