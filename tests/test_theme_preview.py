"""Previews: another theme or unsaved settings shown, validated as a save is, stored nowhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask, request

from magtheme import site
from magtheme.cache import widget_cache
from magtheme.cli import main
from magtheme.demo import load_demo
from magtheme.models import db
from magtheme.options import forget_options, load_options
from magtheme.themes import mods
from magtheme.themes.preview import Preview, PreviewError, begin_preview, validated_settings
from tests.conftest import write_theme

PRIMARY = re.compile(r"--mt-primary-color:(#[0-9a-f]{6})")


@pytest.fixture
def demo(app: Flask) -> Iterator[Flask]:
    """The demo site (Magazine active), where a request with ``?preview-test`` shows the
    preview in ``app.config["TEST_PREVIEW"]`` (as the admin's customizer starts one)."""

    @app.before_request
    def _start() -> None:
        if request.args.get("preview-test"):
            begin_preview(app.config["TEST_PREVIEW"])

    load_demo()
    db.session.commit()
    yield app


def shown(app: Flask, preview: Preview, path: str = "/") -> str:
    """*path* rendered inside *preview* (the layer every previewing front end uses)."""
    app.config["TEST_PREVIEW"] = preview
    return app.test_client().get(path + "?preview-test=1").get_data(as_text=True)


def primary_color(html: str) -> str:
    found = PRIMARY.search(html)
    assert found, "no --mt-primary-color in the page"
    return found[1]


def test_a_preview_shows_unsaved_settings_only_to_its_own_requests(demo: Flask) -> None:
    chain = site.theme_chain("magazine")
    values = validated_settings(chain, {"primary_color": "#1F5FA8", "header_solid": "yes"})
    assert values == {"primary_color": "#1f5fa8", "header_solid": True}
    html = shown(demo, Preview("magazine", values))
    assert primary_color(html) == "#1f5fa8" and "header-solid" in html
    # The next visitor sees the site as stored, and nothing was stored.
    normal = demo.test_client().get("/").get_data(as_text=True)
    assert primary_color(normal) == "#b3001b" and "header-solid" not in normal
    forget_options()
    assert mods.get_mods("magazine") == {}


def test_a_preview_leaves_no_widget_output_in_the_shared_cache(demo: Flask) -> None:
    client = demo.test_client()
    client.get("/")  # the shared cache now holds the public home page's widgets
    held = len(widget_cache())
    assert held > 0
    sections = (
        '[{"type": "category-posts", "settings": '
        '{"title": "Only in the preview", "category": "world", "count": 2}}]'
    )
    values = validated_settings(site.theme_chain("magazine"), {"home_sections": sections})
    assert "Only in the preview" in shown(demo, Preview("magazine", values))
    assert len(widget_cache()) == held
    assert "Only in the preview" not in client.get("/").get_data(as_text=True)


def test_another_theme_is_previewed_while_visitors_keep_the_active_one(demo: Flask) -> None:
    html = shown(demo, Preview("classic", {}), "/about/")
    assert "/themes/classic/" in html and "/themes/magazine/" not in html
    assert "/themes/magazine/" in demo.test_client().get("/about/").get_data(as_text=True)
    assert load_options()["stylesheet"] == "magazine"


def test_every_refused_value_is_reported_at_once(demo: Flask) -> None:
    chain = site.theme_chain("magazine")
    with pytest.raises(PreviewError) as refused:
        validated_settings(
            chain,
            {
                "primary_color": "red",
                "sidebar": "middle",
                "category_colors": '{"no-such-section": "#123456"}',
                "primary-colour": "#123456",
            },
        )
    problems = refused.value.problems
    assert len(problems) == 4
    assert "'red' is not a color" in problems[0]
    assert "'middle'" in problems[1]
    assert "the site has no category 'no-such-section'" in problems[2]
    assert "no setting 'primary-colour'" in problems[3]


# -- magtheme theme preview ---------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["theme", "preview", *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_command_renders_a_page_with_the_values_and_stores_nothing(demo: Flask) -> None:
    code, out, _ = run("--set", "primary_color=#1f5fa8", "--set", "header_solid=yes", "--url", "/")
    assert code == 0
    assert primary_color(out) == "#1f5fa8" and "header-solid" in out
    forget_options()
    assert mods.get_mods("magazine") == {}
    assert primary_color(demo.test_client().get("/").get_data(as_text=True)) == "#b3001b"


def test_the_command_previews_another_theme_into_a_file(demo: Flask, tmp_path: Path) -> None:
    target = tmp_path / "classic.html"
    code, _, err = run("classic", "--url", "/", "--output", str(target))
    assert code == 0 and "theme classic" in err
    assert "/themes/classic/" in target.read_text(encoding="utf-8")
    forget_options()
    assert load_options()["stylesheet"] == "magazine"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--set", "primary_color=red", "--url", "/"), "'red' is not a color"),
        (("--set", "primary_color", "--url", "/"), "is not ID=VALUE"),
        (("no-such-theme", "--url", "/"), "there is no theme 'no-such-theme'; installed themes:"),
        (("--url", "about"), "is not a path on this site"),
    ],
)
def test_the_command_refuses_bad_input_and_says_what_to_do(
    demo: Flask, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(*args)
    assert code == 1 and message in err and "<html" not in out


def test_a_served_preview_marks_every_response_uncacheable(demo: Flask) -> None:
    from magtheme.cli.theme_preview import PREVIEW_HEADER, install_preview

    install_preview(demo, Preview("magazine", {"header_solid": True}))
    response = demo.test_client().get("/")
    assert response.headers[PREVIEW_HEADER] == "theme magazine with header_solid=true"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert "header-solid" in response.get_data(as_text=True)


def test_a_theme_with_check_errors_cannot_be_previewed(demo: Flask, instance: Path) -> None:
    write_theme(instance / "themes", "broken", {"index.html": "{% if %}"})
    code, out, err = run("broken", "--url", "/")
    assert code == 1 and "<html" not in out
    assert "theme 'broken' cannot be previewed: the check found 1 error" in err
    assert "index.html:1" in err
