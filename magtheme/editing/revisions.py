"""Revisions: every saved state of a post's title, content and excerpt, the last N kept.

WordPress's ``wp_save_post_revision``: after each save of a post whose type keeps
revisions (posts, pages, and types that list ``revisions`` in ``supports``) whose title,
content or excerpt differs from its latest revision, a copy is stored as a post of type
``revision``, status ``inherit``, parent the post, slug ``<ID>-revision-v1``, dated when the
post was modified. The oldest go once there are more than the limit
(``post_revisions`` in config.toml, WordPress's ``WP_POST_REVISIONS``; 25 by default, -1
keeps all, 0 none). Restoring one saves the post, which saves a revision in turn.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sqlalchemy import delete, select

from ..models import AnySession, Post, PostMeta
from ..types import Registry
from . import EditError, Editor

#: What a revision keeps (``_wp_post_revision_fields``): attribute → WordPress's name.
REVISION_FIELDS = {"title": "post_title", "content": "post_content", "excerpt": "post_excerpt"}


def revisions_enabled(registry: Registry, post_type: str) -> bool:
    """Whether posts of *post_type* keep revisions (WordPress's built-ins post and page do)."""
    if post_type in ("post", "page"):
        return True
    pt = registry.post_type(post_type)
    return pt is not None and not pt.builtin and pt.supports_feature("revisions")


def list_revisions(session: AnySession, post_id: int) -> list[Post]:
    """The post's revisions, newest first (``wp_get_post_revisions``)."""
    return list(
        session.scalars(
            select(Post)
            .where(Post.post_type == "revision", Post.parent_id == post_id)
            .order_by(Post.date_gmt.desc(), Post.id.desc())
        )
    )


def _same(a: str, b: str) -> bool:
    """WordPress compares with ``normalize_whitespace``: line endings and spacing aside."""
    return " ".join((a or "").split()) == " ".join((b or "").split())


def save_revision(editor: Editor, post: Post) -> Post | None:
    """Store *post*'s current title, content and excerpt as a revision, unless its type
    keeps none, the limit is 0, or they match the latest revision; then drop the oldest
    beyond the limit. Returns the new revision."""
    keep = editor.revisions_to_keep
    if keep == 0 or post.status == "auto-draft":
        return None
    if not revisions_enabled(editor.registry, post.post_type):
        return None
    session = editor.session
    session.flush()
    history = list_revisions(session, post.id)
    if history and all(
        _same(getattr(post, attr), getattr(history[0], attr)) for attr in REVISION_FIELDS
    ):
        return None
    revision = Post(
        post_type="revision",
        status="inherit",
        parent_id=post.id,
        slug=f"{post.id}-revision-v1",
        title=post.title,
        content=post.content,
        excerpt=post.excerpt,
        author_id=editor.user_id if editor.user_id is not None else post.author_id,
        date=post.modified,
        date_gmt=post.modified_gmt,
        modified=post.modified,
        modified_gmt=post.modified_gmt,
        comment_status="closed",
        ping_status="closed",
        guid="",
    )
    session.add(revision)
    session.flush()
    if keep > 0:
        history.insert(0, revision)
        _drop(session, [r.id for r in history[keep:]])
    return revision


def _drop(session: AnySession, ids: list[int]) -> None:
    if ids:
        session.execute(delete(PostMeta).where(PostMeta.post_id.in_(ids)))
        session.execute(delete(Post).where(Post.id.in_(ids), Post.post_type == "revision"))


def delete_revisions(session: AnySession, post_id: int) -> None:
    """Every revision of *post_id* (when the post is deleted for good)."""
    _drop(
        session,
        list(
            session.scalars(
                select(Post.id).where(Post.post_type == "revision", Post.parent_id == post_id)
            )
        ),
    )


def revision_or_error(session: AnySession, revision_id: int, field: str = "revision") -> Post:
    found = session.get(Post, revision_id)
    if found is None or found.post_type != "revision":
        raise EditError({field: f"there is no revision with ID {revision_id}."})
    return found


@dataclass(frozen=True)
class FieldDiff:
    """One field compared: its WordPress name, both texts, and a unified diff of them."""

    field: str
    old: str
    new: str
    diff: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.old != self.new


def compare_revisions(session: AnySession, old_id: int, new_id: int) -> list[FieldDiff]:
    """Title, content and excerpt of two revisions of one post (or a revision and the post
    itself, by its ID), line by line (``wp_get_revision_ui_diff``)."""
    old = _comparable(session, old_id, "from")
    new = _comparable(session, new_id, "to")
    old_parent = old.parent_id if old.post_type == "revision" else old.id
    new_parent = new.parent_id if new.post_type == "revision" else new.id
    if old_parent != new_parent:
        raise EditError({"to": f"{old_id} and {new_id} are not revisions of the same post."})
    out: list[FieldDiff] = []
    for attr, name in REVISION_FIELDS.items():
        a, b = getattr(old, attr) or "", getattr(new, attr) or ""
        lines = difflib.unified_diff(
            a.splitlines(),
            b.splitlines(),
            fromfile=f"{name} ({old_id})",
            tofile=f"{name} ({new_id})",
            lineterm="",
        )
        out.append(FieldDiff(name, a, b, tuple(lines)))
    return out


def _comparable(session: AnySession, post_id: int, field: str) -> Post:
    found = session.get(Post, post_id)
    if found is None or found.post_type in ("nav_menu_item", "attachment"):
        raise EditError({field: f"there is no revision or post with ID {post_id}."})
    return found


def restore_revision(editor: Editor, revision_id: int) -> Post:
    """``wp_restore_post_revision``: the post takes the revision's title, content and
    excerpt again, saved like any edit (so the restored state is the newest revision)."""
    from .posts import PostInput, update_post

    revision = revision_or_error(editor.session, revision_id)
    return update_post(
        editor,
        revision.parent_id,
        PostInput(
            post_title=revision.title,
            post_content=revision.content,
            post_excerpt=revision.excerpt,
        ),
    )
