"""Site options under WordPress's option names."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from . import Base


class Option(Base):
    """``wp_options``: one site setting. ``value`` holds JSON text."""

    __tablename__ = "options"

    name: Mapped[str] = mapped_column(String(191), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="null")
