"""Every checked page of every bundled theme is valid HTML by the Nu HTML checker (``vnu.jar``,
the W3C validator).

The demo site with every built-in widget (see ``tests/checkers.py``), each theme's pages
fetched from its server and checked in one run of the jar for the whole session (the
``vnu_report`` fixture), since starting Java is slow. Skipped, with the reason, when the jar
(``make checkers``) or ``java`` is missing.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.checkers import PAGES, bundled_themes

CASES = [(theme, name) for theme in bundled_themes() for name in PAGES]


def describe(message: dict[str, Any]) -> str:
    """A message of the checker: the line it is about, what it says, the source it quotes."""
    line = f"line {message['lastLine']}" if "lastLine" in message else "the document"
    extract = " ".join(str(message.get("extract", "")).split())
    return f"{line}: {message['message']}" + (f"\n    {extract}" if extract else "")


@pytest.mark.parametrize(("theme", "name"), CASES, ids=[f"{t}-{n}" for t, n in CASES])
def test_page_is_valid_html(vnu_report: dict[str, dict[str, Any]], theme: str, name: str) -> None:
    path, status = PAGES[name]
    checked = vnu_report[f"{theme}/{name}"]
    assert checked["status"] == status, (
        f"{theme}'s {name} page ({path}) answered {checked['status']}"
    )
    assert not checked["lacks"], f"{theme}: {checked['lacks']}"
    errors = checked["errors"]
    assert not errors, (
        f"the Nu HTML checker finds {len(errors)} error(s) in {theme}'s {name} page ({path}):\n"
        + "\n".join(describe(message) for message in errors)
    )
