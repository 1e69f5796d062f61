"""The bundled themes' pages are valid HTML by the Nu HTML checker (``vnu.jar``, the W3C validator).

The demo site with every built-in widget in the sidebar and footer (see ``tests/checkers.py``);
every page is checked in one run of the jar, since starting Java is slow. Skipped, with the
reason, when the jar (``make checkers``) or ``java`` is missing.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.checkers import (
    PAGES,
    assert_page_holds_what_is_checked,
    load_demo_with_every_widget,
    vnu_or_skip,
)


def where(pages: dict[str, str], message: dict[str, Any]) -> str:
    """The page and line a message of the checker is about."""
    url = str(message.get("url", ""))
    page = pages.get(url.rsplit("/", 1)[-1], url or "the checker")
    return f"{page}, line {message['lastLine']}" if "lastLine" in message else page


@pytest.mark.parametrize("theme", ["classic", "magazine"])
def test_every_page_is_valid_html(app: Flask, tmp_path: Path, theme: str) -> None:
    java, jar = vnu_or_skip()
    load_demo_with_every_widget(theme)
    client = app.test_client()
    pages: dict[str, str] = {}  # file name -> the page it holds
    for name, (path, status) in PAGES.items():
        response = client.get(path)
        assert response.status_code == status, path
        assert_page_holds_what_is_checked(name, response.get_data(as_text=True), theme)
        (tmp_path / f"{name}.html").write_bytes(response.get_data())
        pages[f"{name}.html"] = f"{theme}'s {name} page ({path})"

    run = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json"]
        + [str(tmp_path / file) for file in pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # The report goes to stderr, {"messages": [...]}; the exit status is 1 when there are errors.
    assert run.stderr.strip(), f"the Nu HTML checker printed no report (exit {run.returncode})"
    messages = json.loads(run.stderr)["messages"]
    errors = [
        f"{where(pages, message)}: {message['message']}\n"
        f"    {' '.join(message.get('extract', '').split())}"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]
    assert not errors, f"the Nu HTML checker finds {len(errors)} error(s):\n" + "\n".join(errors)
    assert run.returncode == 0, run.stderr
