"""Site configuration: defaults, then the instance's ``config.toml``, then the environment.

A site is a folder (``MAGTHEME_INSTANCE``, default ``./instance``) holding ``config.toml``,
the SQLite database (unless ``MAGTHEME_DATABASE_URL`` points elsewhere), media and themes.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "SITE_THEME_DIRS": [],
    "DEBUG": False,
    # Custom post types and taxonomies, WordPress's register_post_type/register_taxonomy args.
    "POST_TYPES": {},
    "TAXONOMIES": {},
}


class ConfigError(Exception):
    """The instance configuration cannot be read; the message says which file and why."""


def instance_path(value: str | os.PathLike[str] | None = None) -> Path:
    """The site's folder: the argument, else ``MAGTHEME_INSTANCE``, else ``./instance``."""
    raw = value or os.environ.get("MAGTHEME_INSTANCE") or "instance"
    return Path(raw).resolve()


def database_url(instance: Path) -> str:
    """``MAGTHEME_DATABASE_URL``, else SQLite inside the instance folder."""
    url = os.environ.get("MAGTHEME_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{instance / 'magtheme.db'}"


def load_config(instance: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Merge defaults, ``instance/config.toml`` and *overrides* into one Flask config mapping."""
    config: dict[str, Any] = dict(DEFAULTS)
    toml_path = instance / "config.toml"
    if toml_path.is_file():
        try:
            data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{toml_path}: {exc}. Fix the file or remove it.") from exc
        config["POST_TYPES"] = data.pop("post_types", {})
        config["TAXONOMIES"] = data.pop("taxonomies", {})
        for key, value in data.items():
            config[key.upper()] = value
    config["SQLALCHEMY_DATABASE_URI"] = database_url(instance)
    config.setdefault("SECRET_KEY", None)
    if overrides:
        config.update(overrides)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _instance_secret(instance)
    return config


def _instance_secret(instance: Path) -> str:
    """A per-site secret kept in the instance folder, made on first use."""
    path = instance / "secret_key"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    try:
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(key, encoding="utf-8")
        path.chmod(0o600)
    except OSError:
        # A read-only instance still runs; sessions simply do not survive a restart.
        pass
    return key
