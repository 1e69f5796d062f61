"""``magtheme user …``: WP-CLI's commands and arguments, every refusal, no hash ever shown."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask

from magtheme.auth.passwords import check_password
from magtheme.cli import main
from magtheme.models import Post, User, UserMeta, db
from tests.conftest import serve_site


@pytest.fixture
def runner(instance: Path) -> CliRunner:
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    return runner


@pytest.fixture
def site(instance: Path, runner: CliRunner) -> Iterator[Flask]:
    """The same site's database, to look at."""
    yield from serve_site(instance)


def run(runner: CliRunner, *args: str, ok: bool = True) -> Result:
    result = runner.invoke(main, ["user", *args])
    assert (result.exit_code == 0) is ok, result.output
    if not ok:
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
    assert "$argon2" not in result.output
    return result


def person(login: str) -> User:
    db.session.expire_all()
    return db.session.scalars(db.select(User).where(User.login == login)).one()


def test_the_first_administrator_gets_a_password_shown_once(runner: CliRunner, site: None) -> None:
    out = run(runner, "create", "admin", "you@example.com", "--role=administrator").output
    first, second = out.splitlines()
    assert first == "Success: Created user 1."
    assert second.startswith("Password: ") and len(second) == len("Password: ") + 24
    admin = person("admin")
    assert check_password(second.removeprefix("Password: "), admin.password_hash)
    assert (admin.role, admin.display_name, admin.nicename) == ("administrator", "admin", "admin")


def test_create_with_a_password_and_porcelain(runner: CliRunner, site: None) -> None:
    out = run(
        runner, "create", "Jane Doe", "jane@example.com", "--user_pass=s3cret words",
        "--display_name=Jane", "--first_name=Jane", "--last_name=Doe", "--porcelain",
    ).output  # fmt: skip
    assert out == "1\n"
    jane = person("Jane Doe")
    assert check_password("s3cret words", jane.password_hash)
    assert (jane.role, jane.nicename, jane.last_name) == ("subscriber", "jane-doe", "Doe")
    # A made-up password goes to stderr with --porcelain, so stdout stays the ID alone.
    result = CliRunner().invoke(main, ["user", "create", "bob", "bob@example.com", "--porcelain"])
    assert result.stdout == "2\n" and result.stderr.startswith("Password: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["café", "a@example.com"], "not a valid login"),
        (["<b>x</b>", "a@example.com"], "not a valid login"),
        ([" x", "a@example.com"], "not a valid login"),
        (["x" * 61, "a@example.com"], "at most 60 characters"),
        (["taken", "b@example.com"], "is taken"),
        (["new", "TAKEN@example.com"], "already the address of taken"),
        (["new", "not-an-email"], "not an email address"),
        (["new", "a@localhost"], "not a domain name"),
        (["new", "a@-x.com"], "not a domain name"),
        (["new", "new@example.com", "--role=owner"], "there is no role 'owner'"),
        (["new", "new@example.com", "--user_pass= pad "], "may not begin or end with spaces"),
        (["new", "new@example.com", "--user_pass="], "cannot be empty"),
        (["new", "new@example.com", "--user_pass=" + "x" * 4097], "at most 4096 bytes"),
    ],
)
def test_create_refuses_with_the_reason(
    runner: CliRunner, site: None, args: list[str], message: str
) -> None:
    run(runner, "create", "taken", "taken@example.com")
    out = run(runner, "create", *args, ok=False).output
    assert message in out
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1


def test_list_and_get_in_every_format_never_show_the_hash(runner: CliRunner, site: None) -> None:
    run(runner, "create", "zed", "zed@example.com", "--role=editor", "--user_pass=pw-zed")
    run(runner, "create", "amy", "amy@example.com", "--role=author", "--user_pass=pw-amy")
    table = run(runner, "list").output.splitlines()
    assert table[0] == "ID\tuser_login\tdisplay_name\tuser_email\tuser_registered\troles"
    assert [line.split("\t")[1] for line in table[1:]] == ["amy", "zed"]
    assert run(runner, "list", "--format=ids").output == "2 1\n"
    assert run(runner, "list", "--format=count", "--role=editor").output == "1\n"
    assert run(runner, "list", "--field=user_email").output == "amy@example.com\nzed@example.com\n"
    rows = json.loads(run(runner, "list", "--format=json", "--fields=ID,roles").output)
    assert rows == [{"ID": 2, "roles": "author"}, {"ID": 1, "roles": "editor"}]
    assert run(runner, "list", "--format=csv", "--fields=user_login,ID").output == (
        "user_login,ID\namy,2\nzed,1\n"
    )
    got = json.loads(run(runner, "get", "zed@example.com", "--format=json").output)
    assert got["ID"] == 1 and got["user_nicename"] == "zed" and "user_pass" not in got
    assert run(runner, "get", "2", "--field=user_login").output == "amy\n"
    assert "user_login\tzed" in run(runner, "get", "zed").output.splitlines()
    assert "never shown" in run(runner, "get", "zed", "--field=user_pass", ok=False).output
    assert "never shown" in run(runner, "list", "--fields=ID,user_pass", ok=False).output
    assert "no field 'age'" in run(runner, "list", "--fields=age", ok=False).output
    assert "no user 'nobody'" in run(runner, "get", "nobody", ok=False).output


def test_update_set_role_and_reset_password(runner: CliRunner, site: None) -> None:
    run(runner, "create", "admin", "admin@example.com", "--role=administrator")
    run(runner, "create", "jane", "jane@example.com", "--user_pass=old-one")
    run(runner, "create", "bob", "bob@example.com", "--user_pass=bobs")
    out = run(
        runner, "update", "jane", "--user_pass=new-one", "--display_name=Jane D",
        "--user_email=jd@example.com", "--role=editor",
    ).output  # fmt: skip
    assert out == "Success: Updated user 2.\n"
    jane = person("jane")
    assert check_password("new-one", jane.password_hash)
    assert (jane.display_name, jane.email, jane.role) == ("Jane D", "jd@example.com", "editor")
    assert run(runner, "update", "2", "3", "--role=author").output.count("Success") == 2
    nothing = runner.invoke(main, ["user", "update", "jane"])
    assert nothing.exit_code == 2 and "nothing to change" in nothing.output
    assert (
        "already the address"
        in run(runner, "update", "jane", "--user_email=bob@example.com", ok=False).output
    )
    out = run(runner, "set-role", "jane", "editor").output
    assert out == "Success: Added jane (2) to this site as editor.\n"
    run(runner, "set-role", "jane")
    assert person("jane").role == "subscriber"
    assert "no role 'boss'" in run(runner, "set-role", "jane", "boss", ok=False).output

    out = run(runner, "reset-password", "jane", "bob@example.com").output.splitlines()
    assert out[0] == "Success: Reset password for jane." and out[2].startswith("Success")
    assert check_password(out[1].removeprefix("Password: "), person("jane").password_hash)
    assert check_password(out[3].removeprefix("Password: "), person("bob").password_hash)
    (password,) = run(runner, "reset-password", "jane", "--porcelain").output.split()
    assert check_password(password, person("jane").password_hash)


def test_the_last_administrator_stays(runner: CliRunner, site: None) -> None:
    run(runner, "create", "admin", "admin@example.com", "--role=administrator")
    for args in (["delete", "admin"], ["set-role", "admin", "editor"],
                 ["update", "admin", "--role=author"]):  # fmt: skip
        assert "last administrator" in run(runner, *args, ok=False).output
    run(runner, "update", "admin", "--role=administrator")
    run(runner, "create", "second", "second@example.com", "--role=administrator")
    assert "last administrator" in run(runner, "delete", "admin", "second", ok=False).output
    run(runner, "set-role", "admin", "editor")
    assert person("admin").role == "editor"


def test_delete_reassigns_posts_and_refuses_to_orphan_them(runner: CliRunner, site: None) -> None:
    from tests.factories import make_post

    run(runner, "create", "admin", "admin@example.com", "--role=administrator")
    run(runner, "create", "jane", "jane@example.com", "--role=author")
    jane = person("jane")
    db.session.add(UserMeta(user_id=jane.id, key="nickname", value="J"))
    db.session.commit()
    make_post("One", author_id=jane.id)
    make_post("Two", author_id=jane.id)
    out = run(runner, "delete", "jane", "--yes", ok=False).output
    assert "jane has 2 posts" in out and "--reassign" in out
    assert "no user with ID 99" in run(runner, "delete", "jane", "--reassign=99", ok=False).output
    assert "being deleted" in run(runner, "delete", "jane", "--reassign=2", ok=False).output
    assert run(runner, "delete", "jane", "--reassign=1").output == (
        "Success: Removed user 2 from this site.\n"
    )
    db.session.expire_all()
    assert set(db.session.scalars(db.select(Post.author_id))) == {1}
    assert db.session.scalar(db.select(db.func.count()).select_from(UserMeta)) == 0
    run(runner, "create", "bob", "bob@example.com")
    run(runner, "delete", "bob")
    assert run(runner, "list", "--format=ids").output == "1\n"
