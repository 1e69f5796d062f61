"""Post types and taxonomies declared in config.toml: bad declarations are clear errors.

Every command and the app factory refuse a config.toml whose post types or taxonomies
cannot be used, saying what is wrong, where (file, line, table) and what to do.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from magtheme import create_app
from magtheme.cli import main
from magtheme.config import ConfigError
from magtheme.types import RegistryError, build_registry

GOOD = """
[post_types.book]
public = true
has_archive = "library"
rewrite = { slug = "books", with_front = false }
taxonomies = ["genre"]
supports = ["title", "editor", "thumbnail"]

[taxonomies.genre]
object_type = ["book"]
hierarchical = true
"""

#: (config.toml, the line named, what the message must say)
BAD: list[tuple[str, int | None, str]] = [
    (
        '[post_types.book]\npublic = true\ntaxonomies = ["genre"]\n',
        1,
        "[post_types.book]: taxonomies names an unknown taxonomy 'genre'; "
        "declare it as [taxonomies.genre]",
    ),
    (
        'title = "x"\n\n[taxonomies.genre]\nobject_type = ["movie"]\n',
        3,
        "[taxonomies.genre]: object_type names an unknown post type 'movie'; "
        "declare it as [post_types.movie]",
    ),
    ('[taxonomies.genre]\nobject_type = "movie"\n', 1, "unknown post type 'movie'"),
    ('[post_types.book]\npublic = "yes"\n', 1, 'public must be true or false, not "yes"'),
    ("[post_types.book]\nhierarchical = 1\n", 1, "hierarchical must be true or false, not 1"),
    ('[post_types.book]\ntaxonomies = "genre"\n', 1, "taxonomies must be a list of names"),
    ("[post_types.book]\nsupports = [1, 2]\n", 1, "supports must be a list of features"),
    ("[post_types.book]\nhas_archive = 3\n", 1, "has_archive must be true, false or an archive"),
    ('[post_types.book]\nrewrite = "books"\n', 1, "rewrite must be false or a table like { slug"),
    ("[post_types.book]\nrewrite = { slug = 3 }\n", 1, "rewrite must be false or a table"),
    ('[post_types.book]\nrewrite = { slugg = "b" }\n', 1, "rewrite must be false or a table"),
    ("[post_types.book]\nlabel = 5\n", 1, "label must be a string, not 5"),
    ('[post_types.book]\ntaxonomy = ["genre"]\n', 1, "unknown setting 'taxonomy'; the settings"),
    ('[taxonomies.genre]\nobject_typ = ["post"]\n', 1, "unknown setting 'object_typ'"),
    ("[taxonomies.genre]\nquery_var = false\n", 1, "query_var must be a string, not false"),
    ("[post_types]\nbook = 3\n", None, "[post_types.book]: must be a table of settings, not 3"),
    ("post_types = 3\n", None, "'post_types' must hold tables such as [post_types.NAME]"),
    ("taxonomies = [1]\n", None, "'taxonomies' must hold tables such as [taxonomies.NAME]"),
    ("[post_types.Book]\n", 1, "a post type name is 1–20 lowercase letters"),
    ("[post_types.page]\n", 1, "'page' is built in; choose another name"),
    ('[taxonomies."Genre!"]\n', 1, "a taxonomy name is 1–32 lowercase letters"),
    ("[taxonomies.category]\n", 1, "'category' is built in; choose another name"),
]


def site_with(tmp_path: Path, config: str) -> Path:
    folder = tmp_path / "site"
    folder.mkdir(exist_ok=True)
    (folder / "config.toml").write_text(config, encoding="utf-8")
    return folder


def test_a_good_declaration_registers_its_types() -> None:
    import tomllib

    data = tomllib.loads(GOOD)
    registry = build_registry(data["post_types"], data["taxonomies"])
    book = registry.post_types["book"]
    assert (book.public, book.archive_slug, book.rewrite_slug, book.with_front) == (
        True,
        "library",
        "books",
        False,
    )
    assert [tx.name for tx in registry.taxonomies_for("book")] == ["genre"]
    assert registry.taxonomies["genre"].hierarchical is True


def test_a_post_type_attaches_a_declared_taxonomy_to_itself() -> None:
    registry = build_registry(
        {"book": {"taxonomies": ["genre", "category"]}}, {"genre": {"object_type": "post"}}
    )
    assert registry.taxonomies["genre"].object_type == ("post", "book")
    assert "book" in registry.taxonomies["category"].object_type


@pytest.mark.parametrize(("config", "line", "message"), BAD)
def test_the_app_factory_names_the_file_the_line_and_the_fix(
    tmp_path: Path, config: str, line: int | None, message: str
) -> None:
    folder = site_with(tmp_path, config)
    with pytest.raises(RegistryError) as raised:
        create_app(folder, {"TESTING": True})
    where = f"{folder / 'config.toml'}:{line} " if line else f"{folder / 'config.toml'}"
    assert str(raised.value).startswith(where), str(raised.value)
    assert message in str(raised.value)
    assert isinstance(raised.value, ConfigError)


def leaf_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command line of ``magtheme``, with a placeholder for each required argument."""
    lines = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            lines += leaf_commands(command, (*prefix, name))
            continue
        args: list[str] = []
        for param in command.params:
            value = "1" if isinstance(param.type, click.types.IntParamType) else "x"
            if param.required and isinstance(param, click.Argument):
                args += [value] * (param.nargs if param.nargs > 0 else 1)
            elif param.required:
                args += [param.opts[0], value]
        lines.append((*prefix, name, *args))
    return lines


COMMANDS = leaf_commands(main)


def test_every_command_is_covered() -> None:
    names = {" ".join(word for word in line if word not in ("x", "1")) for line in COMMANDS}
    assert {"init", "run", "import", "resolve", "option get", "post list"} <= names
    assert any(name.startswith("theme ") for name in names)
    assert any(name.startswith("comment ") for name in names)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_refuses_an_unknown_taxonomy_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    folder = site_with(tmp_path, BAD[0][0])
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(folder))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x").write_text("")  # for commands that want an existing file
    result = CliRunner().invoke(main, list(command))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert f"Error: {folder / 'config.toml'}:1 [post_types.book]: " in result.output
    assert "declare it as [taxonomies.genre]" in result.output
    assert not (folder / "magtheme.db").exists()  # nothing half made


def test_magtheme_init_in_a_shell_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    folder = site_with(tmp_path, '[taxonomies.genre]\nobject_type = ["movie"]\n')
    env: dict[str, Any] = {k: v for k, v in os.environ.items() if not k.startswith("MAGTHEME_")}
    env["MAGTHEME_INSTANCE"] = str(folder)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "magtheme"), "init", "--demo-if-empty"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"Error: {folder / 'config.toml'}:1 [taxonomies.genre]: object_type names an unknown "
        "post type 'movie'; declare it as [post_types.movie] or use one of post, page, "
        "attachment, nav_menu_item, revision."
    ]
