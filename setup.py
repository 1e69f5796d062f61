"""Which packages the wheel holds; the rest of the packaging is in pyproject.toml.

The bundled themes live in ``themes/`` at the top of the source tree, where theme designers
look for them; the wheel carries that folder inside the package as ``magtheme/bundled_themes``,
where ``magtheme.themes.discovery.BUNDLED_DIR`` finds it once installed.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["magtheme", "magtheme.*"], exclude=["*.__pycache__"]),
        "magtheme.bundled_themes",
    ],
    package_dir={"magtheme.bundled_themes": "themes"},
)
