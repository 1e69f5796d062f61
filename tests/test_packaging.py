"""A regular (non-editable) install works: the wheel carries every file the site reads.

The wheel is built from a copy of the source tree with this environment's own setuptools (no
network), installed into a fresh virtual environment that sees this one's packages only as
dependencies, and asked to create a site and serve its pages from outside the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: What the wheel is built from; everything else in the checkout stays out of it.
SOURCES = ("pyproject.toml", "setup.py", "README.md", "magtheme", "themes")

#: Run inside the installed package: one page, one theme asset, one missing page.
SERVE = """
import sys
import magtheme
from magtheme import create_app
print("package:", magtheme.__file__)
client = create_app().test_client()
for path in ("/", "/themes/classic/static/css/style.css", "/no-such-page/"):
    response = client.get(path)
    print(path, response.status_code, len(response.data))
    sys.stdout.flush()
    if path == "/":
        print(response.get_data(as_text=True))
"""


def data_files(root: Path) -> set[str]:
    """Every file of the package and the bundled themes that is not Python, as the wheel names it."""
    found = set()
    for source, inside in (("magtheme", "magtheme"), ("themes", "magtheme/bundled_themes")):
        for path in (root / source).rglob("*"):
            if (
                path.is_file()
                and path.suffix not in (".py", ".pyc")
                and "__pycache__" not in path.parts
            ):
                found.add(f"{inside}/{path.relative_to(root / source).as_posix()}")
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    tree = work / "src"
    tree.mkdir()
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tree / name)
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--wheel-dir", str(dist), str(tree)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    (built,) = dist.glob("magtheme-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel; this environment's packages serve as its dependencies."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # A .pth line appends a folder to sys.path after the venv's own site-packages: the
    # dependencies come from here, magtheme from the wheel (this environment's editable
    # magtheme is reached through its own .pth files, which are not read from there).
    (Path(site_packages) / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return venv


def run_in(venv: Path, *args: str, instance: Path) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MAGTHEME_", "PYTHON"))
    }
    env["MAGTHEME_INSTANCE"] = str(instance)
    return subprocess.run(
        args, cwd=instance.parent, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_wheel_carries_every_data_file_and_the_bundled_themes(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = data_files(ROOT)
    assert "magtheme/bundled_themes/classic/theme.toml" in expected
    assert "magtheme/demo/demo.xml" in expected
    assert expected - names == set()
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_an_installed_wheel_creates_the_demo_site_and_serves_it(
    installed: Path, tmp_path: Path
) -> None:
    instance = tmp_path / "site"
    init = run_in(installed, str(installed / "bin" / "magtheme"), "init", "--demo-if-empty",
                  instance=instance)  # fmt: skip
    assert init.returncode == 0, init.stderr
    served = run_in(installed, str(installed / "bin" / "python"), "-c", SERVE, instance=instance)
    assert served.returncode == 0, served.stderr
    out = served.stdout
    package = out.splitlines()[0].removeprefix("package: ")
    assert Path(package).is_relative_to(installed), out[:500]
    assert "\n/ 200 " in out, out[:2000]
    assert "\n/themes/classic/static/css/style.css 200 " in out
    assert "\n/no-such-page/ 404 " in out
    # The classic theme's own markup, with its stylesheet, and the demo site's content.
    assert '<link rel="stylesheet" href="' in out and "/themes/classic/static/css/style.css" in out
    assert "Putin Proposes Direct Peace Talks" in out
