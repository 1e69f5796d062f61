"""Page views per post and day, the counts behind "popular posts" (see magtheme.popularity).

Not a WordPress table: WordPress core counts no views. One row per post and UTC day keeps the
table small (a post read every day for ten years is 3,650 rows) and lets a period be summed
with one index range.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from . import Base


class PostViews(Base):
    """``post_views``: how many counted views post ``post_id`` had on UTC day ``day``."""

    __tablename__ = "post_views"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    views: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        # A period's totals: the day range, then each post's views, without the table.
        Index("ix_post_views_day", "day", "post_id", "views"),
    )

    def __repr__(self) -> str:
        return f"<PostViews post={self.post_id} {self.day} {self.views}>"
