"""What every benchmark writes: when, on which machine, in ``bench/results/KIND-STAMP.json``."""

from __future__ import annotations

import json
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def now() -> str:
    """The time a result is taken, to the second, in UTC."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def machine() -> dict[str, str]:
    """The interpreter and machine a figure was measured on."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def result_path(kind: str) -> Path:
    """A new result file for *kind* (``bench``, ``timings``, ``parity``, ``import-memory``)."""
    return RESULTS / f"{kind}-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}.json"


def write_result(path: Path, report: dict[str, Any]) -> Path:
    """Write *report* as indented JSON to *path* (made by :func:`result_path`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return path
