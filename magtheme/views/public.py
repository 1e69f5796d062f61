"""The public site (placeholder until the main view lands)."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    pass
