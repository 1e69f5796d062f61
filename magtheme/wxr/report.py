"""What an import did: counts, skipped items, remapped IDs — the import's report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SkippedItem:
    """An item of the export that was not imported, and why."""

    post_id: int
    post_type: str
    title: str
    reason: str

    def __str__(self) -> str:
        return f"{self.post_type} {self.post_id} {self.title!r}: {self.reason}"


@dataclass(frozen=True)
class RemappedId:
    """A row whose ID differs from the export's."""

    kind: str
    old: int
    new: int
    reason: str

    def __str__(self) -> str:
        return f"{self.kind} {self.old} -> {self.new} ({self.reason})"


@dataclass
class ImportReport:
    """What an import did: counts, what was skipped or remapped, and the ID maps."""

    path: str
    #: Imported items by ``type/status`` (``post/publish``: 49).
    items: Counter[str] = field(default_factory=Counter)
    #: Terms created, by taxonomy.
    terms: Counter[str] = field(default_factory=Counter)
    #: Terms of the export the site already had (same taxonomy and slug), reused.
    existing_terms: int = 0
    users: int = 0
    #: Authors matched by login to users the site already had.
    existing_users: int = 0
    #: Items of the export the site already had (same type, title and date; menu items
    #: with the same place in the same menu), by post type: nothing was written for them.
    existing_items: Counter[str] = field(default_factory=Counter)
    #: Imported comments by status (``approved``, ``pending``, ``spam``, ``trash``).
    comments: Counter[str] = field(default_factory=Counter)
    #: Comments of posts already there that the site already had (same author and date).
    existing_comments: int = 0
    #: Login → role of each user the import created.
    roles: dict[str, str] = field(default_factory=dict)
    #: Tables whose PostgreSQL ID sequence was moved past the imported IDs, with the
    #: largest ID (empty on other databases).
    sequences: dict[str, int] = field(default_factory=dict)
    skipped: list[SkippedItem] = field(default_factory=list)
    remapped: list[RemappedId] = field(default_factory=list)
    #: Whether the export's IDs were kept, per kind: ``posts``, ``terms``, ``comments``,
    #: ``users`` (IDs missing or repeated in the file aside).
    ids_kept: dict[str, bool] = field(default_factory=dict)
    #: Taxonomies of the export that the site does not register (their terms are stored).
    unknown_taxonomies: list[str] = field(default_factory=list)
    #: Site IDs of the posts the export marks sticky.
    sticky: list[int] = field(default_factory=list)
    #: Options the import set, with their values.
    options: dict[str, Any] = field(default_factory=dict)
    #: Post meta and term meta not stored (``_edit_lock``; term meta has no table yet).
    skipped_meta: int = 0
    warnings: list[str] = field(default_factory=list)
    #: Export post ID → site post ID (of the first item with that ID).
    post_ids: dict[int, int] = field(default_factory=dict)
    #: ``(taxonomy, slug)`` → site term ID, for every term of the export.
    term_ids: dict[tuple[str, str], int] = field(default_factory=dict)
    #: Author login → site user ID.
    user_ids: dict[str, int] = field(default_factory=dict)
    #: Export comment ID → site comment ID.
    comment_ids: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        """A few human lines for the command line."""
        items = ", ".join(f"{n} {key}" for key, n in sorted(self.items.items())) or "none"
        terms = ", ".join(f"{n} {tax}" for tax, n in sorted(self.terms.items())) or "none"
        there = sum(self.existing_items.values())
        roles = Counter(self.roles.values())
        as_roles = ", ".join(f"{n} {role}" for role, n in sorted(roles.items()))
        lines = [
            f"Imported {self.path} in {self.seconds:.1f}s.",
            f"Items: {items} ({there} already there).",
            f"Terms: {terms} ({self.existing_terms} already there).",
            f"Users: {self.users} new{f' ({as_roles})' if as_roles else ''}, "
            f"{self.existing_users} already there.",
            f"Comments: {sum(self.comments.values())} ({self.existing_comments} already there).",
        ]
        if self.remapped:
            lines.append(f"{len(self.remapped)} IDs differ from the export's.")
        if self.unknown_taxonomies:
            names = ", ".join(self.unknown_taxonomies)
            lines.append(f"Terms of unregistered taxonomies were stored: {names}.")
        lines += [f"Skipped {skip}" for skip in self.skipped]
        lines += [f"Warning: {warning}" for warning in self.warnings]
        return "\n".join(lines)
