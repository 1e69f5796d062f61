"""docs/themes.md holds the generated references as the code makes them, and they are true."""

from __future__ import annotations

from pathlib import Path

import pytest

from magtheme import create_app
from magtheme.demo import load_demo
from magtheme.docsgen import DOC, TEMPLATE_REFERENCE, render
from magtheme.models import db
from magtheme.views.public import resolve_request


def test_committed_guide_is_up_to_date() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert render(text) == text, "run: .venv/bin/python -m magtheme.docsgen"


def test_every_hierarchy_getter_has_a_reference_row() -> None:
    names = " ".join(row[0] for row in TEMPLATE_REFERENCE)
    for fixed in (
        "front-page",
        "home",
        "privacy-policy",
        "single",
        "page",
        "singular",
        "category",
        "tag",
        "taxonomy",
        "author",
        "date",
        "archive",
        "search",
        "404",
        "embed",
        "attachment",
        "index",
    ):
        assert f"{fixed}" in names, fixed


@pytest.mark.parametrize(
    ("url", "concrete"), [(row[2], row[3]) for row in TEMPLATE_REFERENCE if row[2]]
)
def test_reference_examples_are_what_the_engine_tries(
    tmp_path: Path, url: str, concrete: str
) -> None:
    app = create_app(tmp_path, {"TESTING": True})
    with app.app_context():
        db.create_all()
        load_demo(pictures=False)
        with app.test_request_context(url):
            resolution = resolve_request()
            assert resolution.choice is not None, url
            assert concrete in resolution.choice.candidates, (url, resolution.choice.candidates)
