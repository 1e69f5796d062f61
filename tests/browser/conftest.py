"""Fixtures of the browser suite: the sites, the browser, and the checkers' reports."""

from __future__ import annotations

import fcntl
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.browser.harness import chromium
from tests.browser.sites import DemoSites
from tests.checkers import PAGES, axe_or_skip, bundled_themes, page_lacks, run_vnu, vnu_or_skip


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[DemoSites]:
    """The demo site in each bundled theme, each built and served when first asked for."""
    demo_sites = DemoSites(tmp_path_factory.mktemp("sites"), worker_id)
    yield demo_sites
    demo_sites.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, one per test module (skips, saying why, without it)."""
    with chromium() as started:
        yield started


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's script (the tests skip, before building a site, without it)."""
    return axe_or_skip()


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on *path* (a file), across the session's worker processes."""
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:  # the 404 page: its status and its body
        return error.code, error.read()


@pytest.fixture(scope="session")
def vnu_report(
    sites: DemoSites, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> dict[str, dict[str, Any]]:
    """The Nu HTML checker's report on every checked page of every bundled theme, made by one
    run of the jar for the whole session (starting Java is slow): the first worker to ask
    fetches the pages from their servers, checks them and writes the report where the other
    workers read it. By page key ``<theme>/<page>``: the status the page answered with, what it
    lacks of what is checked, and the checker's errors about it."""
    java, jar = vnu_or_skip()
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent  # the session's, not the worker's
    folder = shared / "nu-html-checker"
    report_path = folder / "report.json"
    with _exclusive(shared / "nu-html-checker.lock"):
        if not report_path.is_file():
            folder.mkdir(exist_ok=True)
            report: dict[str, dict[str, Any]] = {}
            files: dict[Path, str] = {}  # file checked -> page key
            for theme in bundled_themes():
                site = sites[theme]
                for name, (path, _status) in PAGES.items():
                    status, body = _fetch(site.url + path)
                    file = folder / f"{theme}--{name}.html"
                    file.write_bytes(body)
                    files[file] = f"{theme}/{name}"
                    report[f"{theme}/{name}"] = {
                        "status": status,
                        "lacks": page_lacks(name, body.decode("utf-8", "replace"), site.placed),
                        "errors": [],
                    }
            by_name = {file.name: key for file, key in files.items()}
            for message in run_vnu(java, jar, list(files)):
                key = by_name.get(str(message.get("url", "")).rsplit("/", 1)[-1])
                if key is None:  # about no page (the checker itself failing): every page's
                    for entry in report.values():
                        entry["errors"].append(message)
                else:
                    report[key]["errors"].append(message)
            report_path.write_text(json.dumps(report))
    loaded: dict[str, dict[str, Any]] = json.loads(report_path.read_text())
    return loaded
