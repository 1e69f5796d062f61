"""Appearance → Themes: the cards, live preview for one person, activate, upload, delete."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from magtheme.models import db
from magtheme.options import forget_options, get_option
from magtheme.themes.scaffold import new_theme

from .adminkit import make_person, post_form, signed_in
from .conftest import write_theme
from .factories import make_post, make_term

pytestmark = pytest.mark.usefixtures("app")

CLASSIC_CSS = "/themes/classic/static/"
MAGAZINE_CSS = "/themes/magazine/static/"


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return signed_in(app.test_client(), make_person("administrator", "ada"))


def _zip(folder: Path) -> io.BytesIO:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{folder.name}/{path.relative_to(folder)}")
    data.seek(0)
    return data


def test_every_installed_theme_has_a_card(admin: FlaskClient) -> None:
    page = admin.get("/wp-admin/themes.php")
    assert page.status_code == 200
    text = page.text
    for name in ("Magazine", "Magazine Dark", "Classic"):
        assert f"{name}</h2>" in text
    assert '<span class="badge">Active:</span> Magazine</h2>' in text
    assert "<dt>Child theme of</dt><dd>magazine</dd>" in text
    assert "<dt>By</dt><dd>Magtheme</dd>" in text
    assert 'alt="Screenshot of Classic"' in text
    shot = admin.get("/wp-admin/theme-screenshot.php?theme=classic")
    assert shot.status_code == 200 and shot.data.startswith(b"\x89PNG")
    assert admin.get("/wp-admin/theme-screenshot.php?theme=nope").status_code == 404


def test_a_preview_is_seen_by_its_admin_alone_on_every_page(app: Flask, admin: FlaskClient) -> None:
    news = make_term("News")
    post = make_post("Hello preview", terms=[news])
    visitor = app.test_client()
    started = post_form(admin, "/wp-admin/themes.php", {"action": "preview", "theme": "classic"})
    assert started.status_code == 303
    assert started.headers["Location"] == "/wp-admin/customize.php"
    for path in ("/", f"/?p={post.id}", "/category/news/", "/?s=hello", "/no-such-page/"):
        shown = admin.get(path, follow_redirects=True)
        assert CLASSIC_CSS in shown.text, path
        assert MAGAZINE_CSS not in shown.text, path
        assert "Previewing <strong" in shown.text and "Classic" in shown.text
        assert shown.headers["Cache-Control"] == "no-store"
        assert shown.headers["X-Robots-Tag"] == "noindex"
        assert "classic" in shown.headers["X-Magtheme-Preview"]
        seen = visitor.get(path, follow_redirects=True)
        assert MAGAZINE_CSS in seen.text and CLASSIC_CSS not in seen.text, path
        assert "magtheme-preview-bar" not in seen.text
    # The previewed theme's assets load for everyone (they are only files).
    asset = admin.get("/", follow_redirects=True).text.split(CLASSIC_CSS, 1)[1].split('"', 1)[0]
    assert admin.get(CLASSIC_CSS + asset).status_code == 200
    assert get_option("stylesheet") == "magazine"  # nothing was activated


def test_a_preview_ends_when_its_admin_may_no_longer_switch_themes(app: Flask) -> None:
    ada = make_person("administrator", "ada")
    client = signed_in(app.test_client(), ada)
    post_form(client, "/wp-admin/themes.php", {"action": "preview", "theme": "classic"})
    assert CLASSIC_CSS in client.get("/").text
    ada.role = "editor"
    db.session.commit()
    assert MAGAZINE_CSS in client.get("/").text


def test_stop_previewing(admin: FlaskClient) -> None:
    post_form(admin, "/wp-admin/themes.php", {"action": "preview", "theme": "classic"})
    assert "You are previewing <strong>Classic</strong>" in admin.get("/wp-admin/themes.php").text
    done = post_form(admin, "/wp-admin/themes.php", {"action": "stop-preview"})
    assert done.status_code == 303
    assert "Preview ended" in admin.get("/wp-admin/themes.php").text
    assert MAGAZINE_CSS in admin.get("/").text


def test_activate_switches_the_site_for_everyone(app: Flask, admin: FlaskClient) -> None:
    post_form(admin, "/wp-admin/themes.php", {"action": "preview", "theme": "classic"})
    done = post_form(admin, "/wp-admin/themes.php", {"action": "activate", "theme": "classic"})
    assert done.status_code == 303
    assert "New theme activated: Classic." in admin.get("/wp-admin/themes.php").text
    forget_options()
    assert get_option("stylesheet") == "classic"
    assert CLASSIC_CSS in app.test_client().get("/").text
    assert "magtheme-preview-bar" not in admin.get("/").text  # the preview is over


def test_a_theme_with_errors_cannot_be_previewed_or_activated(
    app: Flask, admin: FlaskClient, instance: Path
) -> None:
    write_theme(instance / "themes", "broken", {"index.html": "{% if %}"})
    page = admin.get("/wp-admin/themes.php")
    assert "cannot be activated" in page.text
    assert "templates/index.html:1" in page.text
    for action in ("preview", "activate"):
        refused = post_form(admin, "/wp-admin/themes.php", {"action": action, "theme": "broken"})
        assert refused.status_code == 422, action
        assert "templates/index.html:1" in refused.text
    forget_options()
    assert get_option("stylesheet") == "magazine"
    assert MAGAZINE_CSS in admin.get("/").text


def test_an_uploaded_theme_is_checked_then_installed(admin: FlaskClient, tmp_path: Path) -> None:
    folder = new_theme("harbour", tmp_path, name="Harbour")
    sent = admin.post(
        "/wp-admin/theme-install.php",
        data={
            "csrf_token": _token(admin),
            "themezip": (_zip(folder), "harbour.zip"),
        },
        content_type="multipart/form-data",
    )
    assert sent.status_code == 303, sent.text[:800]
    page = admin.get("/wp-admin/themes.php")
    assert "Theme installed: Harbour" in page.text
    assert "Harbour</h2>" in page.text


def test_an_upload_with_errors_is_refused_with_every_message(
    admin: FlaskClient, tmp_path: Path, instance: Path
) -> None:
    folder = write_theme(
        tmp_path, "leaky", {"index.html": "{% if %}", "single.html": "{{ x.__class__ }"}
    )
    sent = admin.post(
        "/wp-admin/theme-install.php",
        data={"csrf_token": _token(admin), "themezip": (_zip(folder), "leaky.zip")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 422
    assert "was not installed" in sent.text
    assert "templates/index.html:1" in sent.text and "templates/single.html:1" in sent.text
    assert not (instance / "themes" / "leaky").exists()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (None, "Choose a theme"),
        ((io.BytesIO(b"not a zip"), "theme.zip"), "neither a zip nor a tar archive"),
    ],
)
def test_a_bad_upload_says_what_to_do(admin: FlaskClient, payload: object, message: str) -> None:
    data: dict[str, object] = {"csrf_token": _token(admin)}
    if payload is not None:
        data["themezip"] = payload
    sent = admin.post("/wp-admin/theme-install.php", data=data, content_type="multipart/form-data")
    assert sent.status_code == 422
    assert message in sent.text


def test_deleting_an_inactive_site_theme(admin: FlaskClient, instance: Path) -> None:
    new_theme("harbour", instance / "themes", name="Harbour")
    page = admin.get("/wp-admin/themes.php").text
    assert page.count('value="delete"') == 1  # bundled themes have no Delete button
    done = post_form(admin, "/wp-admin/themes.php", {"action": "delete", "theme": "harbour"})
    assert done.status_code == 303
    assert "Theme deleted: Harbour." in admin.get("/wp-admin/themes.php").text
    assert not (instance / "themes" / "harbour").exists()


@pytest.mark.parametrize("slug", ["magazine", "classic"])
def test_the_active_theme_and_bundled_themes_cannot_be_deleted(
    admin: FlaskClient, slug: str
) -> None:
    refused = post_form(admin, "/wp-admin/themes.php", {"action": "delete", "theme": slug})
    assert refused.status_code == 422
    assert ("active theme" if slug == "magazine" else "bundled themes cannot be deleted") in (
        refused.text
    )


def test_an_unknown_theme_or_action_is_refused(admin: FlaskClient) -> None:
    assert (
        post_form(admin, "/wp-admin/themes.php", {"action": "activate", "theme": "x"}).status_code
        == 422
    )
    odd = post_form(admin, "/wp-admin/themes.php", {"action": "explode", "theme": "classic"})
    assert odd.status_code == 422 and "Unknown action" in odd.text


def _token(client: FlaskClient) -> str:
    from .adminkit import token_in

    return token_in(client.get("/wp-admin/theme-install.php"))
