"""Posts and pages of every type: create, update, trash, restore, delete for good.

WordPress's ``wp_insert_post``/``wp_update_post`` rules, field by field (WordPress's names):

- ``post_name`` is ``sanitize_title`` of what is given, else of the title, made unique by
  :func:`~magtheme.editing.slugs.unique_post_slug` once the post is not a draft; a trashed
  post holding the slug gives it up (``foo__trashed``) and gets it back when restored.
- ``post_date`` (the site's local time) and ``post_date_gmt`` are kept in step through the
  site's time zone; a draft whose date nobody set takes the time it is published. Publishing
  with a date a minute or more ahead schedules the post (``future``); a ``future`` post whose
  date has come is published.
- ``post_modified``/``post_modified_gmt`` move on with every write (formatted content is
  cached per modification time, so the site shows the change at once).
- A post needs a title, content or excerpt ("Content, title, and excerpt are empty.") when
  its type supports all three; a post of type ``post`` always has a category (the default
  one when none is given).
- Categories by ID, slug or name (created when asked), tags by name (created when missing,
  WordPress's ``tags_input``), the featured image (``_thumbnail_id``), the post format (the
  ``post_format`` term ``post-format-<x>``), sticky (the ``sticky_posts`` option), the
  template (``_wp_page_template``, one the active theme declares) and the sidebar
  placement (``_magtheme_sidebar``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update

from ..context import SIDEBAR_META
from ..dates import site_zone
from ..models import Comment, CommentMeta, Post, PostMeta, PostViews, Term, TermRelationship, User
from ..routing.rewrite import POST_FORMATS
from ..slugs import encode_slug, sanitize_title
from ..wxr.identity import clip_slug
from . import EditError, Editor, post_deleted, post_saved, post_trashed
from .revisions import delete_revisions, save_revision
from .slugs import DESIRED_SLUG_META, TRASHED_SUFFIX, UNCHECKED_STATUSES, unique_post_slug
from .terms import (
    _delete_menu_items,
    create_term,
    default_category,
    post_term_ids,
    recount_terms,
    resolve_terms,
    set_post_terms,
)

#: The statuses a writer may give (trash has :func:`trash_post`).
STATUSES = ("publish", "future", "draft", "pending", "private")
#: The date of a draft nobody dated yet (WordPress's ``0000-00-00 00:00:00`` in
#: ``post_date_gmt``): it takes the time it is published.
FLOATING_DATE_GMT = datetime(1970, 1, 1)
PAGE_TEMPLATE_META = "_wp_page_template"
THUMBNAIL_META = "_thumbnail_id"
TRASH_STATUS_META = "_wp_trash_meta_status"
TRASH_TIME_META = "_wp_trash_meta_time"
DEFAULT = "default"
#: Types written elsewhere: menu items (magtheme menu), media (magtheme media), revisions.
NOT_WRITTEN_HERE = {
    "nav_menu_item": "menu items are edited with magtheme menu item",
    "attachment": "media is added with magtheme media import",
    "revision": "revisions are saved with the post they belong to",
}
_MAX_PASSWORD = 255


@dataclass
class PostInput:
    """What to write; ``None`` leaves a field as it is (or WordPress's default, when new).

    ``post_date``/``post_date_gmt`` take a ``datetime`` or ``YYYY-MM-DD HH:MM[:SS]`` text;
    ``post_category`` IDs, slugs or names; ``tags_input`` names (IDs as ints);
    ``thumbnail_id=0``, ``post_format="standard"`` and ``page_template``/``sidebar``
    ``"default"`` remove what was set.
    """

    post_title: str | None = None
    post_name: str | None = None
    post_content: str | None = None
    post_excerpt: str | None = None
    post_status: str | None = None
    post_type: str | None = None
    post_date: datetime | str | None = None
    post_date_gmt: datetime | str | None = None
    post_author: int | None = None
    post_category: Sequence[int | str] | None = None
    #: Create categories ``post_category`` names that do not exist yet.
    create_categories: bool = False
    tags_input: Sequence[int | str] | None = None
    post_parent: int | None = None
    menu_order: int | None = None
    post_password: str | None = None
    comment_status: str | None = None
    ping_status: str | None = None
    page_template: str | None = None
    sidebar: str | None = None
    thumbnail_id: int | None = None
    post_format: str | None = None
    sticky: bool | None = None

    def given(self) -> list[str]:
        """The names of the fields that say something."""
        return [
            f.name
            for f in fields(self)
            if f.name != "create_categories" and getattr(self, f.name) is not None
        ]


@dataclass
class _Plan:
    """A checked change, ready to write."""

    values: dict[str, Any]
    categories: list[int] | None = None
    new_categories: list[str] | None = None
    tags: list[int] | None = None
    new_tags: list[str] | None = None
    post_format: str | None = None


# -- dates ------------------------------------------------------------------------------------


def _zone(editor: Editor) -> Any:
    return site_zone(
        {
            "timezone_string": editor.option("timezone_string"),
            "gmt_offset": editor.option("gmt_offset"),
        }
    )


def local_to_gmt(editor: Editor, local: datetime) -> datetime:
    """``get_gmt_from_date``: a site-local naive time as naive UTC."""
    return local.replace(tzinfo=_zone(editor)).astimezone(UTC).replace(tzinfo=None)


def gmt_to_local(editor: Editor, gmt: datetime) -> datetime:
    """``get_date_from_gmt``: naive UTC as the site's local naive time."""
    return gmt.replace(tzinfo=UTC).astimezone(_zone(editor)).replace(tzinfo=None)


def _parse_date(value: datetime | str, field: str, errors: dict[str, str]) -> datetime | None:
    if isinstance(value, datetime):
        return value
    text = value.strip().replace("T", " ")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        errors[field] = (
            f"{value!r} is not a date; write YYYY-MM-DD HH:MM:SS, e.g. 2030-12-01 07:00:00."
        )
        return None
    if not 1000 <= parsed.year <= 9999:
        errors[field] = f"{value!r} is out of range; give a year from 1000 to 9999."
        return None
    return parsed


def _dates(
    editor: Editor, post: Post | None, data: PostInput, status: str, errors: dict[str, str]
) -> tuple[datetime, datetime] | None:
    """``(post_date, post_date_gmt)`` for the change, or None when unchanged."""
    local = _parse_date(data.post_date, "post_date", errors) if data.post_date is not None else None
    gmt = (
        _parse_date(data.post_date_gmt, "post_date_gmt", errors)
        if data.post_date_gmt is not None
        else None
    )
    if local is not None and local.tzinfo is not None:
        local = gmt_to_local(editor, local.astimezone(UTC).replace(tzinfo=None))
    if gmt is not None and gmt.tzinfo is not None:
        gmt = gmt.astimezone(UTC).replace(tzinfo=None)
    if local is not None:
        return local, gmt if gmt is not None else local_to_gmt(editor, local)
    if gmt is not None:
        return gmt_to_local(editor, gmt), gmt
    now = editor.now_gmt
    floating = post is None or post.date_gmt == FLOATING_DATE_GMT
    if not floating:
        return None
    # Undated: a draft is dated "now" but keeps floating; anything else is dated now for good.
    if status in UNCHECKED_STATUSES:
        return gmt_to_local(editor, now), FLOATING_DATE_GMT
    return gmt_to_local(editor, now), now


# -- checking ---------------------------------------------------------------------------------


def _template_problem(post_type: str, template: str) -> str | None:
    """Why the active theme does not offer *template* for *post_type* (None: it does)."""
    from .. import site
    from ..layouts import declared_templates, templates_for
    from ..options import DEFAULT_THEME, load_options

    slug = str(load_options().get("stylesheet") or DEFAULT_THEME)
    chain = site.theme_chain(slug)
    offered = [t.file for t in templates_for(chain, post_type)]
    if template in offered:
        return None
    elsewhere = [t for t in declared_templates(chain) if t.file == template]
    why = (
        f"theme {slug!r} declares {template!r} only for {', '.join(elsewhere[0].post_types)}"
        if elsewhere
        else f"theme {slug!r} declares no template {template!r}"
    )
    return f"{why}; for a {post_type} use one of: {', '.join([*offered, DEFAULT])}."


def _descends(editor: Editor, post_id: int, ancestor: int) -> bool:
    seen: set[int] = set()
    current = post_id
    while current and current not in seen:
        if current == ancestor:
            return True
        seen.add(current)
        current = editor.session.scalar(select(Post.parent_id).where(Post.id == current)) or 0
    return False


def _check(editor: Editor, post: Post | None, data: PostInput) -> _Plan:
    """Every problem with *data* at once (an :class:`EditError`), else what to write."""
    errors: dict[str, str] = {}
    registry = editor.registry
    session = editor.session
    post_type = post.post_type if post is not None else (data.post_type or "post")
    if post is not None and data.post_type is not None and data.post_type != post.post_type:
        errors["post_type"] = (
            f"post {post.id} is a {post.post_type}; a post's type cannot be changed."
        )
    pt = registry.post_type(post_type)
    if pt is None:
        errors["post_type"] = (
            f"{post_type!r} is not a registered post type; use one of "
            f"{', '.join(n for n in registry.post_types if n not in NOT_WRITTEN_HERE)}."
        )
    elif post_type in NOT_WRITTEN_HERE:
        errors["post_type"] = f"{post_type}: {NOT_WRITTEN_HERE[post_type]}."
    if errors.get("post_type"):
        raise EditError(errors)
    assert pt is not None
    values: dict[str, Any] = {}

    # Status (and the trash, which has its own functions).
    previous = post.status if post is not None else "new"
    status = (
        data.post_status
        if data.post_status is not None
        else (post.status if post is not None else "draft")
    )
    if data.post_status is not None and data.post_status not in STATUSES:
        hint = (
            " (to trash a post, delete it: magtheme post delete ID)"
            if data.post_status == "trash"
            else ""
        )
        errors["post_status"] = (
            f"{data.post_status!r} is not a status a post can be given{hint}; use one of "
            f"{', '.join(STATUSES)}."
        )
        status = previous if previous in STATUSES else "draft"
    if previous == "trash" and data.post_status is None:
        errors["post_status"] = (
            f"post {post.id if post else ''} is in the trash; restore it first "
            "(or give a status to take it out)."
        )

    # Title, content, excerpt.
    for name, attr in (
        ("post_title", "title"),
        ("post_content", "content"),
        ("post_excerpt", "excerpt"),
    ):
        value = getattr(data, name)
        if value is not None:
            values[attr] = value
    title = values.get("title", post.title if post else "")
    content = values.get("content", post.content if post else "")
    excerpt = values.get("excerpt", post.excerpt if post else "")
    if not (title.strip() or content.strip() or excerpt.strip()) and all(
        pt.supports_feature(f) for f in ("title", "editor", "excerpt")
    ):
        errors["post_content"] = "Content, title, and excerpt are empty."

    # Dates, then the schedule they imply (wp_insert_post's one-minute rule).
    dates = _dates(editor, post, data, status, errors)
    if dates is not None:
        values["date"], values["date_gmt"] = dates
    date_gmt = dates[1] if dates is not None else (post.date_gmt if post else editor.now_gmt)
    if status == "publish" and date_gmt - editor.now_gmt >= timedelta(minutes=1):
        status = "future"
    elif status == "future" and date_gmt - editor.now_gmt < timedelta(minutes=1):
        status = "publish"
    values["status"] = status

    # Author, parent, order.
    if data.post_author is not None:
        if data.post_author and session.get(User, data.post_author) is None:
            errors["post_author"] = (
                f"there is no user with ID {data.post_author} (magtheme user list shows them)."
            )
        values["author_id"] = data.post_author or None
    parent_id = post.parent_id if post is not None else 0
    if data.post_parent is not None:
        parent_id = data.post_parent
        if data.post_parent:
            parent = session.get(Post, data.post_parent)
            if not pt.hierarchical:
                errors["post_parent"] = (
                    f"a {post_type} has no parent: the type is not hierarchical."
                )
            elif parent is None or parent.post_type != post_type:
                errors["post_parent"] = (
                    f"there is no {post_type} with ID {data.post_parent} to be the parent."
                )
            elif post is not None and _descends(editor, data.post_parent, post.id):
                errors["post_parent"] = (
                    f"{post_type} {data.post_parent} is this {post_type} or one below it; "
                    "choose another parent, or 0 for none."
                )
        values["parent_id"] = data.post_parent
    if data.menu_order is not None:
        values["menu_order"] = data.menu_order

    # Password, discussion.
    if data.post_password is not None:
        if len(data.post_password) > _MAX_PASSWORD:
            errors["post_password"] = f"a password is at most {_MAX_PASSWORD} characters."
        values["password"] = data.post_password
    for name in ("comment_status", "ping_status"):
        value = getattr(data, name)
        if value is not None:
            if value not in ("open", "closed"):
                errors[name] = f"{value!r} is not a {name}; use open or closed."
            values[name] = value
    if post is None:
        # get_default_comment_status: pages are closed, as are types without the feature.
        for name, option, feature in (
            ("comment_status", "default_comment_status", "comments"),
            ("ping_status", "default_ping_status", "trackbacks"),
        ):
            if name in values:
                continue
            supported = pt.supports_feature(feature) or post_type == "post"
            default = str(editor.option(option) or "open")
            values[name] = default if supported and post_type != "page" else "closed"

    # Slug.
    values["slug"] = _slug(editor, post, data, values, status, parent_id, errors)

    plan = _Plan(values)
    _check_terms(editor, post_type, data, plan, errors)
    _check_extras(editor, pt, post, data, status, errors)
    if errors:
        raise EditError(errors)
    return plan


def _slug(
    editor: Editor,
    post: Post | None,
    data: PostInput,
    values: dict[str, Any],
    status: str,
    parent_id: int,
    errors: dict[str, str],
) -> str:
    current = post.slug if post is not None else ""
    if data.post_name is not None and data.post_name.strip():
        slug = clip_slug(encode_slug(sanitize_title(data.post_name)))
        if not slug:
            errors["post_name"] = "a slug needs letters or digits, e.g. 'my-first-post'."
            return current
    elif post is not None and current and data.post_name is None:
        slug = current
    else:
        slug = ""
    if post is not None and post.status == "trash" and status != "trash":
        desired = editor.session.scalar(
            select(PostMeta.value).where(
                PostMeta.post_id == post.id, PostMeta.key == DESIRED_SLUG_META
            )
        )
        if desired and data.post_name is None:
            slug = desired
    if not slug and status not in UNCHECKED_STATUSES:
        slug = clip_slug(
            encode_slug(sanitize_title(values.get("title", post.title if post else "")))
        )
    return slug


def _check_terms(
    editor: Editor, post_type: str, data: PostInput, plan: _Plan, errors: dict[str, str]
) -> None:
    taxonomies = {t.name for t in editor.registry.taxonomies_for(post_type)}
    if data.post_category is not None:
        if "category" not in taxonomies:
            errors["post_category"] = f"a {post_type} has no categories."
        else:
            plan.categories, plan.new_categories = resolve_terms(
                editor,
                "category",
                list(data.post_category),
                create=data.create_categories,
                field="post_category",
                errors=errors,
            )
    if data.tags_input is not None:
        if "post_tag" not in taxonomies:
            errors["tags_input"] = f"a {post_type} has no tags."
        else:
            plan.tags, plan.new_tags = resolve_terms(
                editor,
                "post_tag",
                list(data.tags_input),
                create=True,
                field="tags_input",
                errors=errors,
            )
    if data.post_format is not None:
        pt = editor.registry.post_type(post_type)
        if pt is None or not pt.supports_feature("post-formats"):
            errors["post_format"] = f"a {post_type} has no post formats."
        elif data.post_format not in POST_FORMATS:
            errors["post_format"] = (
                f"{data.post_format!r} is not a post format; use one of {', '.join(POST_FORMATS)}."
            )
        else:
            plan.post_format = data.post_format


def _check_extras(
    editor: Editor, pt: Any, post: Post | None, data: PostInput, status: str, errors: dict[str, str]
) -> None:
    from ..themes.schema import SIDEBAR_PLACEMENTS

    if data.thumbnail_id:
        image = editor.session.get(Post, data.thumbnail_id)
        if not pt.supports_feature("thumbnail"):
            errors["thumbnail_id"] = f"a {pt.name} has no featured image."
        elif (
            image is None
            or image.post_type != "attachment"
            or not image.mime_type.startswith("image/")
        ):
            errors["thumbnail_id"] = (
                f"there is no image with ID {data.thumbnail_id} in the media library "
                "(magtheme media import FILE adds one)."
            )
    if data.sticky and pt.name != "post":
        errors["sticky"] = f"only posts can be sticky, not a {pt.name}."
    if data.page_template is not None and data.page_template != DEFAULT:
        problem = _template_problem(pt.name, data.page_template)
        if problem:
            errors["page_template"] = problem
    if data.sidebar is not None and data.sidebar not in (*SIDEBAR_PLACEMENTS, DEFAULT):
        errors["sidebar"] = (
            f"{data.sidebar!r} is not a sidebar placement; use one of "
            f"{', '.join((*SIDEBAR_PLACEMENTS, DEFAULT))}."
        )


# -- writing ----------------------------------------------------------------------------------


def _set_meta(editor: Editor, post_id: int, key: str, value: str | None) -> None:
    """One meta value (None: none)."""
    editor.session.execute(delete(PostMeta).where(PostMeta.post_id == post_id, PostMeta.key == key))
    if value is not None:
        editor.session.add(PostMeta(post_id=post_id, key=key, value=value))


def _meta(editor: Editor, post_id: int, key: str) -> str | None:
    return editor.session.scalar(
        select(PostMeta.value).where(PostMeta.post_id == post_id, PostMeta.key == key).limit(1)
    )


def _touch(editor: Editor, post: Post) -> None:
    """Move ``modified`` on: later than before, even for two writes within one tick, since
    formatted content is cached per modification time."""
    moment = editor.now_gmt
    if post.modified_gmt is not None and moment <= post.modified_gmt:
        moment = post.modified_gmt + timedelta(microseconds=1)
    post.modified_gmt = moment
    post.modified = gmt_to_local(editor, moment)


def _free_slug_from_trash(editor: Editor, post: Post) -> None:
    """``wp_add_trashed_suffix_to_post_name_for_trashed_posts``: a trashed post holding the
    slug gives it up (and remembers it, to take it back if restored)."""
    holders = editor.session.scalars(
        select(Post).where(
            Post.slug == post.slug,
            Post.status == "trash",
            Post.post_type == post.post_type,
            Post.id != post.id,
        )
    )
    for holder in holders:
        _add_trashed_suffix(editor, holder)


def _add_trashed_suffix(editor: Editor, post: Post) -> None:
    if not post.slug or post.slug.endswith(TRASHED_SUFFIX):
        return
    _set_meta(editor, post.id, DESIRED_SLUG_META, post.slug)
    post.slug = clip_slug(post.slug[:191]) + TRASHED_SUFFIX


def _write(editor: Editor, post: Post | None, data: PostInput, plan: _Plan) -> Post:
    session = editor.session
    created = post is None
    previous = "new" if post is None else post.status
    old_slug = "" if post is None else post.slug
    if post is None:
        post = Post(post_type=data.post_type or "post", guid="", author_id=None)
        session.add(post)
    terms_before = set(post_term_ids(session, post.id)) if not created else set()
    values = dict(plan.values)
    slug = values.pop("slug")
    for attr, value in values.items():
        setattr(post, attr, value)
    _touch(editor, post)
    session.flush()
    if not slug and post.status not in UNCHECKED_STATUSES:
        slug = str(post.id)  # sanitize_title( $title, $post_id ): no letters, so the ID
    if previous == "trash" and post.status != "trash":
        _set_meta(editor, post.id, DESIRED_SLUG_META, None)
        _set_meta(editor, post.id, TRASH_STATUS_META, None)
        _set_meta(editor, post.id, TRASH_TIME_META, None)
    post.slug = slug
    if slug and post.status != "trash":
        _free_slug_from_trash(editor, post)
        session.flush()
    post.slug = unique_post_slug(
        session,
        editor.registry,
        slug,
        post_id=post.id,
        status=post.status,
        post_type=post.post_type,
        parent_id=post.parent_id,
        permalink_structure=str(editor.option("permalink_structure") or ""),
        current=old_slug,
    )
    if created:
        post.guid = _guid(editor, post)
    touched = set(terms_before)
    touched |= _write_terms(editor, post, plan)
    _write_extras(editor, post, data)
    session.flush()
    touched |= set(post_term_ids(session, post.id))
    recount_terms(session, editor.registry, touched)
    save_revision(editor, post)
    session.flush()
    post_saved.send(post, created=created, previous_status=previous)
    return post


def _guid(editor: Editor, post: Post) -> str:
    """WordPress's GUID for a new post: its plain link, which never changes."""
    from flask import has_app_context

    home = ""
    if has_app_context():
        from ..hosts import home_url
        from ..options import load_options

        home = home_url(load_options())
    query = {"page": f"?page_id={post.id}", "post": f"?p={post.id}"}.get(
        post.post_type, f"?post_type={post.post_type}&p={post.id}"
    )
    return f"{home}/{query}"


def _write_terms(editor: Editor, post: Post, plan: _Plan) -> set[int]:
    touched: set[int] = set()
    if plan.categories is not None or plan.new_categories:
        ids = list(plan.categories or [])
        for name in plan.new_categories or []:
            ids.append(create_term(editor, "category", name).id)
        touched |= set_post_terms(editor.session, post.id, "category", ids)
    if post.post_type == "post" and not post_term_ids(editor.session, post.id, "category"):
        # wp_set_post_categories: a post always has a category.
        fallback = default_category(editor)
        assert fallback is not None
        touched |= set_post_terms(editor.session, post.id, "category", [fallback.id])
    if plan.tags is not None:
        ids = list(plan.tags)
        for name in plan.new_tags or []:
            ids.append(create_term(editor, "post_tag", name).id)
        touched |= set_post_terms(editor.session, post.id, "post_tag", ids)
    if plan.post_format is not None:
        ids = []
        if plan.post_format != "standard":
            slug = f"post-format-{plan.post_format}"
            term = editor.session.scalar(
                select(Term).where(Term.taxonomy == "post_format", Term.slug == slug)
            )
            if term is None:
                term = Term(taxonomy="post_format", name=slug, slug=slug)
                editor.session.add(term)
                editor.session.flush()
            ids.append(term.id)
        touched |= set_post_terms(editor.session, post.id, "post_format", ids)
    return touched


def _write_extras(editor: Editor, post: Post, data: PostInput) -> None:
    if data.thumbnail_id is not None:
        _set_meta(
            editor, post.id, THUMBNAIL_META, str(data.thumbnail_id) if data.thumbnail_id else None
        )
    if data.page_template is not None:
        _set_meta(
            editor,
            post.id,
            PAGE_TEMPLATE_META,
            None if data.page_template == DEFAULT else data.page_template,
        )
    if data.sidebar is not None:
        _set_meta(editor, post.id, SIDEBAR_META, None if data.sidebar == DEFAULT else data.sidebar)
    if data.sticky is not None:
        _set_sticky(editor, post.id, data.sticky)


def _sticky_ids(editor: Editor) -> list[int]:
    out: list[int] = []
    for value in editor.option("sticky_posts") or []:
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return out


def _set_sticky(editor: Editor, post_id: int, sticky: bool) -> None:
    """``stick_post``/``unstick_post``."""
    current = _sticky_ids(editor)
    wanted = [*current, post_id] if sticky and post_id not in current else current
    if not sticky:
        wanted = [i for i in current if i != post_id]
    if wanted != current:
        editor.store_option("sticky_posts", wanted)


# -- the public surface ------------------------------------------------------------------------


def create_post(editor: Editor, data: PostInput) -> Post:
    """``wp_insert_post``: a new post of ``data.post_type`` (``post`` by default), a draft
    unless a status is given."""
    plan = _check(editor, None, data)
    return _write(editor, None, data, plan)


def post_or_error(editor: Editor, post_id: int, field: str = "ID") -> Post:
    """The post *post_id* (of a type written here), or an :class:`EditError` naming it."""
    post = editor.session.get(Post, post_id)
    if post is None or post.post_type in NOT_WRITTEN_HERE:
        raise EditError({field: f"there is no post with ID {post_id}."})
    return post


def update_post(editor: Editor, post_id: int, data: PostInput) -> Post:
    """``wp_update_post``: change the fields *data* gives, keep the rest."""
    post = post_or_error(editor, post_id)
    plan = _check(editor, post, data)
    return _write(editor, post, data, plan)


def trash_post(editor: Editor, post_id: int) -> Post:
    """``wp_trash_post``: out of sight, its status and the time kept to restore it, its slug
    freed for another post."""
    post = post_or_error(editor, post_id)
    if post.status == "trash":
        raise EditError({"ID": f"post {post_id} is already in the trash."})
    _set_meta(editor, post.id, TRASH_STATUS_META, post.status)
    _set_meta(
        editor, post.id, TRASH_TIME_META, str(int(editor.now_gmt.replace(tzinfo=UTC).timestamp()))
    )
    _add_trashed_suffix(editor, post)
    post.status = "trash"
    _touch(editor, post)
    _reset_front_page(editor, post.id)
    editor.session.flush()
    recount_terms(editor.session, editor.registry, post_term_ids(editor.session, post.id))
    post_trashed.send(post, restored=False)
    return post


def untrash_post(editor: Editor, post_id: int) -> Post:
    """``wp_untrash_post``: back with the status it had (``_wp_trash_meta_status``) and its
    slug, unless another post took that meanwhile."""
    post = post_or_error(editor, post_id)
    if post.status != "trash":
        raise EditError({"ID": f"post {post_id} is not in the trash."})
    status = _meta(editor, post.id, TRASH_STATUS_META) or "draft"
    if status not in STATUSES:
        status = "draft"
    restored = update_post(editor, post_id, PostInput(post_status=status))
    post_trashed.send(restored, restored=True)
    return restored


def delete_post(editor: Editor, post_id: int) -> None:
    """``wp_delete_post(…, force)``: the post, its meta, terms, comments, revisions, views
    and menu items go; its children and attachments move up to its parent."""
    session = editor.session
    post = post_or_error(editor, post_id)
    terms = post_term_ids(session, post.id)
    pt = editor.registry.post_type(post.post_type)
    if pt is not None and pt.hierarchical:
        session.execute(
            update(Post)
            .where(Post.parent_id == post.id, Post.post_type == post.post_type)
            .values(parent_id=post.parent_id)
        )
    session.execute(
        update(Post)
        .where(Post.parent_id == post.id, Post.post_type == "attachment")
        .values(parent_id=post.parent_id)
    )
    comment_ids = list(session.scalars(select(Comment.id).where(Comment.post_id == post.id)))
    if comment_ids:
        session.execute(delete(CommentMeta).where(CommentMeta.comment_id.in_(comment_ids)))
        session.execute(delete(Comment).where(Comment.id.in_(comment_ids)))
    delete_revisions(session, post.id)
    _delete_menu_items(session, "post_type", post.post_type, post.id)
    session.execute(delete(TermRelationship).where(TermRelationship.post_id == post.id))
    session.execute(delete(PostViews).where(PostViews.post_id == post.id))
    session.execute(delete(PostMeta).where(PostMeta.post_id == post.id))
    _reset_front_page(editor, post.id)
    _set_sticky(editor, post.id, False)
    post_type = post.post_type
    session.delete(post)
    session.flush()
    recount_terms(session, editor.registry, terms)
    post_deleted.send(post_id, post_type=post_type)


def _reset_front_page(editor: Editor, post_id: int) -> None:
    """``_reset_front_page_settings_for_post``: a trashed or deleted page stops being the
    front page or the posts page."""
    if _int(editor.option("page_on_front")) == post_id:
        editor.store_option("show_on_front", "posts")
        editor.store_option("page_on_front", 0)
    if _int(editor.option("page_for_posts")) == post_id:
        editor.store_option("page_for_posts", 0)


def _int(value: Any) -> int:
    try:
        return int(str(value or 0))
    except ValueError:
        return 0
