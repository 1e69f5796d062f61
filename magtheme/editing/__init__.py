"""Writing content: posts and pages of every type, their revisions, and terms.

The one service the admin's editor and the ``magtheme post``/``magtheme term`` commands
both call, with WordPress's rules (``wp_insert_post``, ``wp_unique_post_slug``,
``wp_trash_post``, ``wp_save_post_revision``, ``wp_insert_term``, ``wp_delete_term``).

Every function takes an :class:`Editor` — the session, the site's registry, the clock, who
writes — and plain inputs. It checks everything first and raises one :class:`EditError`
carrying a message per field, so a form can show every problem at once; only then does it
write, into the session, without committing: the caller commits (or rolls back), so a
refusal never leaves anything half-written.

What a write changes on the site is known at once: the widget and ticker caches hear of
it through the session's own events (:mod:`magtheme.cache`), formatted content is cached
per ``modified_gmt`` (which every write moves on), and :data:`post_saved`,
:data:`post_trashed`, :data:`post_deleted` and :data:`term_saved` tell extensions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from blinker import Namespace

from ..models import AnySession, Option
from ..options import DEFAULT_OPTIONS
from ..types import Registry

#: Revisions kept per post unless ``post_revisions`` in config.toml says otherwise
#: (WordPress's ``WP_POST_REVISIONS``: -1 keeps every one, 0 keeps none).
DEFAULT_REVISIONS = 25

_events = Namespace()
#: Sent after a post was created or updated (before the commit): ``sender`` = the post,
#: kwargs ``created`` (bool) and ``previous_status`` (``"new"`` for a new post).
post_saved = _events.signal("post-saved")
#: Sent after a post went to the trash (``sender`` = the post) or came back (``restored``).
post_trashed = _events.signal("post-trashed")
#: Sent after a post was deleted for good: ``sender`` = its former ID, kwarg ``post_type``.
post_deleted = _events.signal("post-deleted")
#: Sent after a term was created, changed or deleted: ``sender`` = the term, kwarg ``action``.
term_saved = _events.signal("term-saved")


class EditError(ValueError):
    """A change that cannot be made: *errors* maps each field at fault to what to fix.

    Field names are WordPress's (``post_title``, ``post_name``, ``post_status``, ``name``,
    ``slug``, ``parent``…), the names WP-CLI's options and the editor's form use.
    """

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))


@dataclass(frozen=True)
class Editor:
    """Everything an edit needs besides its input: where, on which site, when, by whom.

    *now* is an instant (aware, or naive UTC); *user_id* is who writes (the author of the
    revisions saved); *revisions_to_keep* is WordPress's ``WP_POST_REVISIONS``.
    """

    session: AnySession
    registry: Registry
    now: datetime
    user_id: int | None = None
    revisions_to_keep: int = DEFAULT_REVISIONS

    @property
    def now_gmt(self) -> datetime:
        """*now* as stored in ``date_gmt`` columns: naive UTC."""
        if self.now.tzinfo is None:
            return self.now
        return self.now.astimezone(UTC).replace(tzinfo=None)

    def option(self, name: str) -> Any:
        """One option as stored now (read through the session, so this edit's own writes
        show), else WordPress's default."""
        row = self.session.get(Option, name)
        if row is None:
            return DEFAULT_OPTIONS.get(name)
        try:
            return json.loads(row.value)
        except ValueError:
            return row.value

    def store_option(self, name: str, value: Any) -> None:
        """Write one option into this edit's transaction (the request's cached options
        are dropped, so the next read sees it)."""
        from ..options import forget_options

        row = self.session.get(Option, name)
        if row is None:
            self.session.add(Option(name=name, value=json.dumps(value)))
        else:
            row.value = json.dumps(value)
        forget_options()


def revisions_setting(config: Mapping[str, Any]) -> int:
    """``post_revisions`` from config.toml: a whole number (-1 for all, 0 for none)."""
    raw = config.get("POST_REVISIONS", DEFAULT_REVISIONS)
    if isinstance(raw, bool):  # WordPress's WP_POST_REVISIONS accepts true/false too
        return -1 if raw else 0
    if isinstance(raw, int) and raw >= -1:
        return raw
    from ..config import ConfigError

    raise ConfigError(
        f"config.toml: post_revisions must be a whole number of revisions to keep per post "
        f"(-1 keeps all, 0 none), not {raw!r}."
    )


def current_editor(user_id: int | None = None, now: datetime | None = None) -> Editor:
    """An :class:`Editor` for the current app: its session, registry and revision limit."""
    from flask import current_app

    from ..models import db

    return Editor(
        session=db.session,
        registry=current_app.extensions["magtheme.registry"],
        now=now or datetime.now(UTC),
        user_id=user_id,
        revisions_to_keep=revisions_setting(current_app.config),
    )


from .posts import (  # noqa: E402
    PostInput,
    create_post,
    delete_post,
    trash_post,
    untrash_post,
    update_post,
)
from .revisions import (  # noqa: E402
    compare_revisions,
    list_revisions,
    restore_revision,
)
from .terms import create_term, delete_term, update_term  # noqa: E402

__all__ = [
    "DEFAULT_REVISIONS",
    "EditError",
    "Editor",
    "PostInput",
    "compare_revisions",
    "create_post",
    "create_term",
    "current_editor",
    "delete_post",
    "delete_term",
    "list_revisions",
    "post_deleted",
    "post_saved",
    "post_trashed",
    "restore_revision",
    "revisions_setting",
    "term_saved",
    "trash_post",
    "untrash_post",
    "update_post",
    "update_term",
]
