"""Revisions: saved on each change, the last N kept, compared, restored."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask

from magtheme.config import ConfigError
from magtheme.editing import EditError, current_editor, revisions_setting
from magtheme.editing.posts import PostInput, create_post, update_post
from magtheme.editing.revisions import compare_revisions, list_revisions, restore_revision
from magtheme.models import db
from tests.conftest import serve_site

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def test_each_change_of_title_content_or_excerpt_saves_a_revision(app: Flask) -> None:
    editor = current_editor(now=NOW)
    post = create_post(editor, PostInput(post_title="Draft", post_content="One"))
    update_post(editor, post.id, PostInput(post_content="Two"))
    update_post(editor, post.id, PostInput(menu_order=3))  # no text changed: no revision
    update_post(editor, post.id, PostInput(post_content="Two\r\n"))  # whitespace only: none
    revisions = list_revisions(db.session, post.id)
    assert [r.content for r in revisions] == ["Two", "One"]
    assert {(r.post_type, r.status, r.parent_id, r.slug) for r in revisions} == {
        ("revision", "inherit", post.id, f"{post.id}-revision-v1")
    }


def test_only_the_last_n_are_kept(app: Flask) -> None:
    editor = replace(current_editor(now=NOW), revisions_to_keep=3)
    post = create_post(editor, PostInput(post_title="v0"))
    for n in range(1, 6):
        update_post(
            replace(editor, now=NOW + timedelta(minutes=n)), post.id, PostInput(post_title=f"v{n}")
        )
    assert [r.title for r in list_revisions(db.session, post.id)] == ["v5", "v4", "v3"]
    off = replace(editor, revisions_to_keep=0)
    update_post(off, post.id, PostInput(post_title="v6"))
    assert len(list_revisions(db.session, post.id)) == 3


def test_the_limit_comes_from_config_toml(instance: Path) -> None:
    (instance / "config.toml").write_text("post_revisions = 2\n")
    for _site in serve_site(instance):
        editor = current_editor(now=NOW)
        assert editor.revisions_to_keep == 2
        post = create_post(editor, PostInput(post_title="a"))
        for title in "bcd":
            update_post(editor, post.id, PostInput(post_title=title))
        assert [r.title for r in list_revisions(db.session, post.id)] == ["d", "c"]
    assert revisions_setting({}) == 25 and revisions_setting({"POST_REVISIONS": True}) == -1
    with pytest.raises(ConfigError, match="post_revisions must be a whole number"):
        revisions_setting({"POST_REVISIONS": "many"})


def test_compare_two_revisions_line_by_line(app: Flask) -> None:
    editor = current_editor(now=NOW)
    post = create_post(editor, PostInput(post_title="Menu", post_content="eggs\nham"))
    update_post(editor, post.id, PostInput(post_content="eggs\nspam"))
    new, old = list_revisions(db.session, post.id)
    title, content, excerpt = compare_revisions(db.session, old.id, new.id)
    assert not title.changed and not excerpt.changed
    assert content.field == "post_content" and content.changed
    assert [line for line in content.diff if line[:1] in "+-" and line[:2] not in ("++", "--")] == [
        "-ham",
        "+spam",
    ]
    other = create_post(editor, PostInput(post_title="Other"))
    with pytest.raises(EditError, match="not revisions of the same post"):
        compare_revisions(db.session, old.id, list_revisions(db.session, other.id)[0].id)


def test_restoring_brings_the_content_back_and_is_itself_a_revision(app: Flask) -> None:
    editor = current_editor(now=NOW)
    post = create_post(
        editor, PostInput(post_title="Poem", post_content="Roses", post_status="publish")
    )
    update_post(editor, post.id, PostInput(post_title="Poem (bad)", post_content="Weeds"))
    db.session.commit()
    first = list_revisions(db.session, post.id)[-1]
    restore_revision(editor, first.id)
    db.session.commit()
    assert (post.title, post.content) == ("Poem", "Roses")
    assert [r.content for r in list_revisions(db.session, post.id)] == ["Roses", "Weeds", "Roses"]
    client = app.test_client()
    page = client.get(f"/?p={post.id}", follow_redirects=True).get_data(as_text=True)
    assert "Roses" in page and "Weeds" not in page
    with pytest.raises(EditError, match="there is no revision with ID 999"):
        restore_revision(editor, 999)
