"""``magtheme post create|update|get|delete``: writing posts, shaped like WP-CLI's ``wp post``.

    magtheme post create [--post_title= --post_content= --post_excerpt= --post_status=
                          --post_type= --post_author= --post_date= --post_date_gmt=
                          --post_name= --post_parent= --menu_order= --post_password=
                          --comment_status= --ping_status= --post_category= --tags_input=
                          --page_template= --sidebar= --post_format= --featured_image=
                          --sticky= --create-categories --porcelain] [FILE]
    magtheme post update ID... [the same fields] [FILE]
    magtheme post get ID [--field= --fields= --format table|json|csv|yaml]
    magtheme post delete ID... [--force]

FILE holds the content (``-`` reads it from standard input). ``--post_category`` takes
names, slugs or IDs separated by commas (unknown ones are refused unless
``--create-categories``), ``--tags_input`` names (created when missing). Every change is
made with the rules of :mod:`magtheme.editing`, for every ID at once or not at all: each
problem is reported on a line of its own, naming the option to fix, and nothing is written.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import click
from flask import Flask
from sqlalchemy import func, select

from ..context import SIDEBAR_META
from ..editing import EditError, Editor, current_editor
from ..editing.posts import (
    DEFAULT,
    PAGE_TEMPLATE_META,
    STATUSES,
    PostInput,
    create_post,
    delete_post,
    post_or_error,
    trash_post,
    update_post,
)
from ..models import Post, PostMeta, User, db
from ..themes.schema import SIDEBAR_PLACEMENTS
from . import _app, _require_tables, post


class FieldErrors(click.ClickException):
    """Values the service refused: one ``Error:`` line per option, exit status 2 (a value
    that cannot be used, as click reports a bad choice)."""

    exit_code = 2

    def __init__(self, lines: Iterable[str]) -> None:
        super().__init__("\n".join(lines))

    def show(self, file: Any = None) -> None:
        for line in self.format_message().splitlines():
            click.echo(f"Error: {line}", err=True, file=file)


#: The service's field names that are no option of their own on the command line.
_ARGUMENTS = {"ID": "ID", "term_id": "TERM", "taxonomy": "TAXONOMY", "term": "TERM"}
_RENAMED = {"thumbnail_id": "--featured_image", "name": "--name"}


def edit_errors(exc: EditError, *, content_from: str | None = None) -> FieldErrors:
    """*exc* as command-line errors, each naming the option or argument to fix."""
    lines = []
    for field, message in exc.errors.items():
        if field in _ARGUMENTS:
            where = _ARGUMENTS[field]
        elif field == "post_content" and content_from:
            where = content_from
        else:
            where = _RENAMED.get(field, f"--{field}")
        if field == "post_category" and message.startswith("No such"):
            message += (
                " Create it with magtheme term create category NAME, or pass --create-categories."
            )
        lines.append(f"Invalid value for {where}: {message}")
    return FieldErrors(lines)


def _editor(app: Flask) -> Editor:
    from ..config import ConfigError

    try:
        return current_editor()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


# -- the fields both create and update take ---------------------------------------------------


def _fields(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add WP-CLI's ``wp_insert_post`` options (and Magtheme's few extras) to *command*."""
    options = [
        click.option("--post_title", default=None, help="The title."),
        click.option("--post_content", default=None, help="The content (HTML); FILE wins."),
        click.option("--post_excerpt", default=None, help="The excerpt."),
        click.option("--post_status", default=None, help="One of: " + ", ".join(STATUSES) + "."),
        click.option("--post_author", default=None, metavar="USER", help="ID, email or login."),
        click.option("--post_date", default=None, help="Local date: 'YYYY-MM-DD HH:MM:SS'."),
        click.option("--post_date_gmt", default=None, help="The same date in UTC."),
        click.option("--post_name", default=None, help="The slug (else made from the title)."),
        click.option("--post_parent", type=int, default=None, help="The parent's ID, 0: none."),
        click.option("--menu_order", type=int, default=None, help="Order among siblings."),
        click.option("--post_password", default=None, help="Password to read the post."),
        click.option("--comment_status", type=click.Choice(["open", "closed"]), default=None),
        click.option("--ping_status", type=click.Choice(["open", "closed"]), default=None),
        click.option(
            "--post_category", default=None, help="Category names, slugs or IDs, comma-separated."
        ),
        click.option("--tags_input", default=None, help="Tag names, comma-separated."),
        click.option(
            "--page_template",
            default=None,
            metavar="FILE",
            help="A custom template the theme declares for the post's type, or 'default'.",
        ),
        click.option(
            "--sidebar",
            type=click.Choice([*SIDEBAR_PLACEMENTS, DEFAULT]),
            default=None,
            help="The post's own sidebar placement; 'default' leaves it to the template and theme.",
        ),
        click.option("--post_format", default=None, help="aside, gallery, link, … or standard."),
        click.option("--featured_image", type=int, default=None, help="An image's ID, 0: none."),
        click.option("--sticky", type=bool, default=None, help="true or false."),
        click.option(
            "--create-categories",
            "create_categories",
            is_flag=True,
            help="Create the --post_category names that do not exist yet.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _split(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [part.strip() for part in text.split(",") if part.strip()]


def _author_id(ref: str | None) -> int | None:
    """The user *ref* names (ID, email, login) as WP-CLI's user fetcher finds them."""
    if ref is None:
        return None
    if ref.strip() in ("", "0"):
        return 0
    person = db.session.get(User, int(ref)) if ref.isdigit() else None
    if person is None and "@" in ref:
        person = db.session.scalar(select(User).where(func.lower(User.email) == ref.lower()))
    if person is None:
        person = db.session.scalar(select(User).where(User.login == ref))
    if person is None:
        raise FieldErrors(
            [
                f"Invalid value for --post_author: there is no user {ref!r}; give an ID, email "
                "address or login (magtheme user list shows them)."
            ]
        )
    return person.id


def _read_content(file: str | None) -> str | None:
    if file is None:
        return None
    if file == "-":
        return sys.stdin.read()
    path = Path(file)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise FieldErrors(
            [f"Invalid value for FILE: unable to read content from '{file}' ({reason})."]
        ) from None


def _input(values: Mapping[str, Any], content: str | None, post_type: str | None) -> PostInput:
    return PostInput(
        post_title=values["post_title"],
        post_name=values["post_name"],
        post_content=content if content is not None else values["post_content"],
        post_excerpt=values["post_excerpt"],
        post_status=values["post_status"],
        post_type=post_type,
        post_date=values["post_date"],
        post_date_gmt=values["post_date_gmt"],
        post_author=_author_id(values["post_author"]),
        post_category=_split(values["post_category"]),
        create_categories=values["create_categories"],
        tags_input=_split(values["tags_input"]),
        post_parent=values["post_parent"],
        menu_order=values["menu_order"],
        post_password=values["post_password"],
        comment_status=values["comment_status"],
        ping_status=values["ping_status"],
        page_template=values["page_template"],
        sidebar=values["sidebar"],
        thumbnail_id=values["featured_image"],
        post_format=values["post_format"],
        sticky=values["sticky"],
    )


def _scheduled_note(row: Post, asked: str | None) -> str | None:
    if asked == "publish" and row.status == "future":
        return (
            f"Post {row.id} is scheduled for {row.date:%Y-%m-%d %H:%M:%S} (its date is ahead), "
            "so it stays hidden until then."
        )
    return None


# -- commands ---------------------------------------------------------------------------------


@post.command("create")
@click.argument("file", required=False, metavar="[FILE]")
@click.option("--post_type", default=None, help="The post type (default: post).")
@_fields
@click.option("--porcelain", is_flag=True, help="Print only the new post's ID.")
def post_create(file: str | None, post_type: str | None, porcelain: bool, **values: Any) -> None:
    """Create a post (a draft unless --post_status says otherwise)."""
    app = _app()
    _require_tables(app)
    content = _read_content(file)
    with app.app_context():
        editor = _editor(app)
        try:
            row = create_post(editor, _input(values, content, post_type))
            note = _scheduled_note(row, values["post_status"])
            db.session.commit()
        except EditError as exc:
            db.session.rollback()
            raise edit_errors(exc, content_from="FILE" if file else None) from None
        post_id = row.id
    if porcelain:
        click.echo(post_id)
        return
    click.echo(f"Success: Created post {post_id}.")
    if note:
        click.echo(f"Warning: {note}", err=True)


@post.command("update")
@click.argument("refs", nargs=-1, required=True, metavar="ID... [FILE]")
@click.option("--post_type", default=None, hidden=True)
@_fields
def post_update(refs: tuple[str, ...], post_type: str | None, **values: Any) -> None:
    """Change posts: the fields given, for every ID (content from FILE, '-' for stdin)."""
    app = _app()  # a broken site configuration is reported first, as by every command
    ids = [int(r) for r in refs if r.isdigit()]
    files = [r for r in refs if not r.isdigit()]
    if len(files) > 1 or not ids:
        raise click.UsageError(
            "give the IDs of the posts to change, then at most one FILE holding the content."
        )
    file = files[0] if files else None
    given = [k for k, v in values.items() if v is not None and k != "create_categories"]
    if not given and file is None and post_type is None:
        raise click.UsageError(
            "nothing to change; give --page_template=FILE or --sidebar=PLACEMENT, or a field "
            "such as --post_title= or --post_status= (see magtheme post update --help)."
        )
    _require_tables(app)
    content = _read_content(file)
    with app.app_context():
        editor = _editor(app)
        notes: list[str] = []
        try:
            for post_id in ids:
                post_or_error(editor, post_id)
            for post_id in ids:
                row = update_post(editor, post_id, _input(values, content, post_type))
                note = _scheduled_note(row, values["post_status"])
                if note:
                    notes.append(note)
            db.session.commit()
        except EditError as exc:
            db.session.rollback()
            raise edit_errors(exc, content_from="FILE" if file else None) from None
    for post_id in ids:
        click.echo(f"Success: Updated post {post_id}.")
    for note in notes:
        click.echo(f"Warning: {note}", err=True)


#: What ``post get`` shows: WordPress's ``WP_Post`` fields, and the permalink.
GET_FIELDS: dict[str, Callable[[Post], Any]] = {
    "ID": lambda p: p.id,
    "post_author": lambda p: p.author_id or 0,
    "post_date": lambda p: p.date.isoformat(sep=" ", timespec="seconds"),
    "post_date_gmt": lambda p: _gmt(p.date_gmt),
    "post_content": lambda p: p.content,
    "post_title": lambda p: p.title,
    "post_excerpt": lambda p: p.excerpt,
    "post_status": lambda p: p.status,
    "comment_status": lambda p: p.comment_status,
    "ping_status": lambda p: p.ping_status,
    "post_password": lambda p: p.password,
    "post_name": lambda p: p.slug,
    "post_modified": lambda p: p.modified.isoformat(sep=" ", timespec="seconds"),
    "post_modified_gmt": lambda p: p.modified_gmt.isoformat(sep=" ", timespec="seconds"),
    "post_parent": lambda p: p.parent_id,
    "guid": lambda p: p.guid,
    "menu_order": lambda p: p.menu_order,
    "post_type": lambda p: p.post_type,
    "post_mime_type": lambda p: p.mime_type,
    "comment_count": lambda p: p.comment_count,
}


def _gmt(value: Any) -> str:
    from ..editing.posts import FLOATING_DATE_GMT

    if value == FLOATING_DATE_GMT:
        return "0000-00-00 00:00:00"  # a draft nobody dated, as WordPress shows it
    return str(value.isoformat(sep=" ", timespec="seconds"))


@post.command("get")
@click.argument("post_id", metavar="ID", type=int)
@click.option("--field", default=None, help="Print only this field.")
@click.option("--fields", default=None, help="Comma-separated fields to show.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv", "yaml"]), default="table"
)
def post_get(post_id: int, field: str | None, fields: str | None, fmt: str) -> None:
    """Show one post's fields (WordPress's names), its URL, template and terms."""
    app = _app()
    _require_tables(app)
    with app.app_context():
        editor = _editor(app)
        try:
            row = post_or_error(editor, post_id)
        except EditError as exc:
            raise edit_errors(exc) from None
        data = {name: get(row) for name, get in GET_FIELDS.items()}
        data.update(_extras(row))
    every = list(data)
    asked = [field] if field else [f.strip() for f in fields.split(",")] if fields else every
    unknown = [name for name in asked if name not in data]
    if unknown:
        raise FieldErrors(
            [
                f"Invalid value for {'--field' if field else '--fields'}: there is no field "
                f"{', '.join(map(repr, unknown))}; choose from {', '.join(every)}."
            ]
        )
    shown = {name: data[name] for name in asked}
    if field is not None:
        value = shown[field]
        click.echo(json.dumps(value, ensure_ascii=False) if fmt == "json" else value)
    elif fmt == "json":
        click.echo(json.dumps(shown, ensure_ascii=False))
    elif fmt == "yaml":
        click.echo("---")
        for key, value in shown.items():
            text = value if isinstance(value, int) else json.dumps(str(value), ensure_ascii=False)
            click.echo(f"{key}: {text}")
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["Field", "Value"])
        writer.writerows(shown.items())
        click.echo(out.getvalue(), nl=False)
    else:
        click.echo("Field\tValue")
        for key, value in shown.items():
            click.echo(f"{key}\t{_one_line(value)}")


def _one_line(value: Any) -> str:
    return str(value).replace("\r", "").replace("\n", "\\n")


def _extras(row: Post) -> dict[str, Any]:
    """The permalink, the template and sidebar, the categories and tags."""
    from ..editing.terms import post_term_ids
    from ..models import Term
    from ..options import load_options
    from ..urls import linker

    registry = _registry()
    meta = dict(
        db.session.execute(
            select(PostMeta.key, PostMeta.value).where(
                PostMeta.post_id == row.id,
                PostMeta.key.in_([PAGE_TEMPLATE_META, SIDEBAR_META, "_thumbnail_id"]),
            )
        ).all()
    )
    terms = [db.session.get(Term, t) for t in post_term_ids(db.session, row.id)]
    names = {
        tax: ",".join(t.name for t in terms if t is not None and t.taxonomy == tax)
        for tax in ("category", "post_tag")
    }
    fmt = next((t.slug for t in terms if t is not None and t.taxonomy == "post_format"), "")
    sticky = row.id in [
        int(i) for i in load_options().get("sticky_posts") or [] if str(i).isdigit()
    ]
    return {
        "url": linker(load_options(), registry).post(row),
        "page_template": meta.get(PAGE_TEMPLATE_META, DEFAULT),
        "sidebar": meta.get(SIDEBAR_META, DEFAULT),
        "featured_image": int(meta.get("_thumbnail_id") or 0),
        "post_category": names["category"],
        "tags_input": names["post_tag"],
        "post_format": fmt.removeprefix("post-format-") or "standard",
        "sticky": sticky,
    }


def _registry() -> Any:
    from flask import current_app

    return current_app.extensions["magtheme.registry"]


@post.command("delete")
@click.argument("post_ids", nargs=-1, required=True, type=int, metavar="ID...")
@click.option("--force", is_flag=True, help="Delete for good instead of moving to the trash.")
def post_delete(post_ids: tuple[int, ...], force: bool) -> None:
    """Move posts to the trash, or with --force delete them for good (with their meta,
    terms, comments and revisions). A post already in the trash is deleted for good, as
    WP-CLI does."""
    app = _app()
    _require_tables(app)
    done: list[str] = []
    with app.app_context():
        editor = _editor(app)
        try:
            rows = [post_or_error(editor, post_id) for post_id in dict.fromkeys(post_ids)]
            for row in rows:
                post_id = row.id
                if force or row.status == "trash":
                    delete_post(editor, post_id)
                    done.append(f"Deleted post {post_id}.")
                else:
                    trash_post(editor, post_id)
                    done.append(f"Trashed post {post_id}.")
            db.session.commit()
        except EditError as exc:
            db.session.rollback()
            raise edit_errors(exc) from None
    for line in done:
        click.echo(f"Success: {line}")
