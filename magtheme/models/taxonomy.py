"""Terms of every taxonomy (category, post_tag, post_format, nav_menu, custom)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from . import Base


class Term(Base):
    """A term in one taxonomy: WordPress's ``wp_terms`` joined with ``wp_term_taxonomy``."""

    __tablename__ = "terms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taxonomy: Mapped[str] = mapped_column(String(32))
    #: Stored percent-encoded (lowercase hex), like WordPress's.
    slug: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int] = mapped_column(Integer, default=0)
    #: Published objects in this term, kept up to date like WordPress's ``count``.
    count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        UniqueConstraint("taxonomy", "slug", name="uq_terms_taxonomy_slug"),
        Index("ix_terms_taxonomy_parent", "taxonomy", "parent_id"),
    )

    def __repr__(self) -> str:
        return f"<Term {self.id} {self.taxonomy}:{self.slug}>"


class TermRelationship(Base):
    """``wp_term_relationships``: which posts are in which terms."""

    __tablename__ = "term_relationships"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    term_id: Mapped[int] = mapped_column(
        ForeignKey("terms.id", ondelete="CASCADE"), primary_key=True
    )
    term_order: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_term_relationships_term", "term_id", "post_id"),)
