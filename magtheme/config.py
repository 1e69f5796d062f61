"""Site configuration: defaults, then the instance's ``config.toml``, then the environment.

A site is a folder (``MAGTHEME_INSTANCE``, default ``./instance``) holding ``config.toml``,
the SQLite database (unless ``MAGTHEME_DATABASE_URL`` points elsewhere), media and themes.
``site_url`` (or ``MAGTHEME_SITE_URL``) is the address links use until the ``home`` option is
set; ``trusted_hosts`` lists the only hosts the site answers for (see :mod:`magtheme.hosts`).
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
    # The site's address until the ``home`` option is set (magtheme.hosts); None: unset.
    "SITE_URL": None,
    # ``trusted_hosts``: the hosts the site answers for (magtheme.hosts); None: any.
    "SITE_TRUSTED_HOSTS": None,
    # ``redis_url`` (or MAGTHEME_REDIS_URL): shared state across workers (magtheme.redisconn).
    "REDIS_URL": None,
    # ``[views]``: page-view counting (magtheme.popularity.ViewSettings); None: the defaults.
    "VIEWS": None,
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
        if "trusted_hosts" in data:
            # Not Flask's TRUSTED_HOSTS: that check compares host names case-sensitively.
            config["SITE_TRUSTED_HOSTS"] = data.pop("trusted_hosts")
        for key, value in data.items():
            config[key.upper()] = value
    config["SQLALCHEMY_DATABASE_URI"] = database_url(instance)
    config["SITE_URL"] = os.environ.get("MAGTHEME_SITE_URL") or config["SITE_URL"]
    config["REDIS_URL"] = os.environ.get("MAGTHEME_REDIS_URL") or config["REDIS_URL"]
    config.setdefault("SECRET_KEY", None)
    if overrides:
        config.update(overrides)
    _check_addresses(config, toml_path)
    _check_views(config, toml_path)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _instance_secret(instance)
    return config


def _check_addresses(config: dict[str, Any], toml_path: Path) -> None:
    """``site_url`` must be an absolute http(s) URL, ``trusted_hosts`` a list of host names."""
    from .hosts import address_problem

    site_url = config.get("SITE_URL")
    if site_url is not None:
        problem = address_problem(site_url) if isinstance(site_url, str) else "it is not text"
        if problem:
            raise ConfigError(
                f"{toml_path} (or MAGTHEME_SITE_URL): site_url {site_url!r} cannot be used: "
                f"{problem}."
            )
    trusted = config.get("SITE_TRUSTED_HOSTS")
    if trusted is not None and (
        not isinstance(trusted, list) or not all(isinstance(h, str) and h for h in trusted)
    ):
        raise ConfigError(
            f"{toml_path}: trusted_hosts must be a list of host names, such as "
            f'["example.com", "www.example.com"], not {trusted!r}.'
        )


def _check_views(config: dict[str, Any], toml_path: Path) -> None:
    """``redis_url`` must be a Redis URL; ``[views]`` is checked key by key (and kept parsed)."""
    from .popularity import view_settings
    from .redisconn import check_url

    if config.get("REDIS_URL") is not None:
        check_url(config["REDIS_URL"], f"{toml_path} (or MAGTHEME_REDIS_URL)")
    config["VIEWS"] = view_settings(config.get("VIEWS"), str(toml_path))


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
