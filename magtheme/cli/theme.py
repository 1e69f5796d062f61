"""``magtheme theme …``: list, activate, check, install, delete and scaffold themes.

The group lives here; each family of subcommands is a module of its own in this package
(``theme_check.py``, ``theme_manage.py``) that adds itself to :data:`theme`.
"""

from __future__ import annotations

import click


@click.group()
def theme() -> None:
    """Work with themes."""
