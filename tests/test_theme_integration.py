"""Theme packages end to end: what a designer and a site owner do, through the command and the site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from magtheme import create_app
from magtheme.cli import main
from magtheme.models import db
from magtheme.options import DEFAULT_THEME, update_option
from tests.checkers import SEED_PATH
from tests.conftest import write_theme
from tests.factories import make_post, make_term


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[CliRunner, Path]:
    folder = tmp_path / "site"
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(folder))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    runner = CliRunner()
    result = runner.invoke(main, ["init", "--demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return runner, folder


def cli(runner: CliRunner, *args: str, code: int = 0) -> str:
    result = runner.invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def get(folder: Path, url: str):  # type: ignore[no-untyped-def]
    app = create_app(folder)
    return app.test_client().get(url)


def test_child_theme_overrides_a_template_and_a_setting_default(site) -> None:  # type: ignore[no-untyped-def]
    runner, folder = site
    cli(runner, "theme", "new", "mychild", "--parent", "classic")
    cli(runner, "theme", "activate", "mychild")
    # It renders the site at once, inheriting everything.
    response = get(folder, SEED_PATH)
    assert response.status_code == 200 and "15 Comments" in response.get_data(as_text=True)
    data = json.loads(cli(runner, "resolve", SEED_PATH, "--json"))
    assert (data["template"], data["theme"]) == ("single.html", "classic")
    # Override one template…
    child = folder / "themes" / "mychild"
    (child / "templates" / "single.html").write_text(
        '{% extends "!classic/single.html" %}{% block content %}<p class="kicker">Newsroom</p>'
        "{{ super() }}{% endblock %}"
    )
    data = json.loads(cli(runner, "resolve", SEED_PATH, "--json"))
    assert (data["template"], data["theme"]) == ("single.html", "mychild")
    body = get(folder, SEED_PATH).get_data(as_text=True)
    assert '<p class="kicker">Newsroom</p>' in body and "Russian President Vladimir Putin" in body
    # …and one setting default: the child redeclares the parent's accent color.
    manifest = (child / "theme.toml").read_text()
    assert "accent_color" in manifest  # the scaffold overrides one parent setting
    assert "--mt-accent-color" in body
    listed = cli(runner, "theme", "mod", "list")
    assert "accent_color" in listed


def test_settings_survive_switching_back_and_forth(site) -> None:  # type: ignore[no-untyped-def]
    runner, folder = site
    cli(runner, "theme", "activate", "classic")  # accent_color is Classic's setting
    cli(runner, "theme", "mod", "set", "accent_color", "#aa3300")
    cli(runner, "theme", "new", "other")
    cli(runner, "theme", "activate", "other")
    assert "#aa3300" not in get(folder, "/").get_data(as_text=True)
    cli(runner, "theme", "activate", "classic")
    assert "--mt-accent-color:#aa3300" in get(folder, "/").get_data(as_text=True).replace(" ", "")
    assert cli(runner, "theme", "mod", "get", "accent_color").strip() == "#aa3300"


def test_menus_survive_a_switch(site) -> None:  # type: ignore[no-untyped-def]
    runner, folder = site
    assert 'href="http://localhost/about/"' in get(folder, "/").get_data(as_text=True)
    cli(runner, "theme", "new", "other")
    cli(runner, "theme", "activate", "other")
    cli(runner, "theme", "activate", "classic")
    assert 'href="http://localhost/about/"' in get(folder, "/").get_data(as_text=True)


def test_bad_themes_are_refused_and_the_site_keeps_serving(site) -> None:  # type: ignore[no-untyped-def]
    runner, folder = site
    themes = folder / "themes"
    write_theme(themes, "broken", {"index.html": "{% for x in posts %}"})
    write_theme(themes, "orphan", {"index.html": "ok"}, parent="nowhere")
    write_theme(themes, "snoop", {"index.html": "{{ config }}{{ ''.__class__.__mro__ }}"})
    out = cli(runner, "theme", "activate", "broken", code=1)
    assert "index.html" in out and "MT-TPL-SYNTAX" in out
    out = cli(runner, "theme", "activate", "orphan", code=1)
    assert "nowhere" in out
    assert get(folder, "/").status_code == 200
    assert cli(runner, "option", "get", "stylesheet").strip() == DEFAULT_THEME
    # A template that reaches for internals passes the checker but is contained at render.
    cli(runner, "theme", "activate", "snoop")
    response = get(folder, "/")
    assert response.status_code == 500
    assert "__mro__" not in response.get_data(as_text=True)
    assert "index.html" in response.get_data(as_text=True)


def test_runaway_template_is_stopped_with_a_clear_error(tmp_path: Path, probe_app: Flask) -> None:
    from magtheme.site import theme_chain

    make_post("Only")
    chain = theme_chain("probe")
    (chain.active.templates_dir / "index.html").write_text(
        "{% for i in range(10**9) %}{{ i }}{% endfor %}"
    )
    probe_app.extensions.pop("magtheme.chains", None)
    response = probe_app.test_client().get("/")
    assert response.status_code == 500
    assert "index.html" in response.get_data(as_text=True)


def test_widget_area_and_ticker_helpers(probe_app: Flask) -> None:
    from magtheme.site import theme_chain

    news = make_term("Breaking News", slug="breaking-news")
    make_post("Ceasefire agreed", terms=[news])
    make_post("Weather")
    update_option(
        "widget_instances",
        {"recent-posts-2": {"type": "recent-posts", "settings": {"title": "Latest", "number": 5}}},
    )
    update_option("sidebars_widgets", {"sidebar": ["recent-posts-2"], "wp_inactive_widgets": []})
    chain = theme_chain("probe")
    (chain.active.templates_dir / "index.html").write_text(
        "<aside>{{ widget_area('sidebar') }}</aside>"
        "{% for item in ticker() %}<t>{{ item.title }}</t>{% endfor %}"
    )
    probe_app.extensions.pop("magtheme.chains", None)
    body = probe_app.test_client().get("/").get_data(as_text=True)
    assert 'class="widget widget_recent-posts' in body and "Latest" in body
    assert "<t>Ceasefire agreed</t>" in body and "<t>Weather</t>" not in body


def test_static_files_are_hashed_and_cached(tmp_path: Path, instance: Path) -> None:
    themes = tmp_path / "themes"
    write_theme(themes, "base", {"index.html": "{{ static('css/a.css') }}|{{ static('js/b.js') }}"})
    write_theme(themes, "kid", {}, parent="base")
    for theme, name, text in (
        ("base", "css/a.css", "a{}"),
        ("base", "js/b.js", "x()"),
        ("kid", "css/a.css", "a{color:red}"),
    ):
        path = themes / theme / "static" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    app = create_app(instance, {"TESTING": True, "SITE_THEME_DIRS": [str(themes)]})
    with app.app_context():
        db.create_all()
        update_option("stylesheet", "kid")
        make_post("Only")
        client = app.test_client()
        css_url, js_url = client.get("/").get_data(as_text=True).split("|")
        assert css_url.startswith("/themes/kid/static/css/a.css?v=")
        css = client.get(css_url)
        assert css.get_data(as_text=True) == "a{color:red}"  # the child's file wins
        assert css.headers["Content-Type"].startswith("text/css")
        assert "immutable" in css.headers["Cache-Control"]
        assert client.get(js_url).get_data(as_text=True) == "x()"  # the parent's, through the child
        assert client.get("/themes/kid/static/../theme.toml").status_code == 404
        assert client.get("/themes/kid/static/%2e%2e/theme.toml").status_code == 404


def test_debug_mode_reloads_templates_and_manifests(probe_app: Flask) -> None:
    from magtheme.site import theme_chain

    make_post("Only")
    probe_app.debug = True
    client = probe_app.test_client()
    folder = theme_chain("probe").active.path
    assert "TEMPLATE=index" in client.get("/").get_data(as_text=True)
    (folder / "templates" / "index.html").write_text("edited while serving")
    assert client.get("/").get_data(as_text=True) == "edited while serving"
    manifest = folder / "theme.toml"
    manifest.write_text(manifest.read_text().replace('name = "Probe"', 'name = "Renamed"'))
    (folder / "templates" / "index.html").write_text("{{ theme.name }}")
    assert client.get("/").get_data(as_text=True) == "Renamed"


def test_theme_sets_the_excerpt_length_and_more_text(tmp_path: Path, instance: Path) -> None:
    themes = tmp_path / "themes"
    folder = write_theme(
        themes, "brief", {"index.html": "{% for p in posts %}[{{ p.excerpt }}]{% endfor %}"}
    )
    manifest = folder / "theme.toml"
    manifest.write_text(manifest.read_text() + '\n[excerpt]\nlength = 5\nmore = " (more…)"\n')
    write_theme(themes, "brief-kid", {}, parent="brief")
    app = create_app(instance, {"TESTING": True, "SITE_THEME_DIRS": [str(themes)]})
    with app.app_context():
        db.create_all()
        update_option("stylesheet", "brief-kid")  # the child inherits its parent's setting
        make_post("Long", content="one two three four five six seven eight")
        body = app.test_client().get("/").get_data(as_text=True)
        assert "[one two three four five (more…)]" in body


def test_a_theme_linking_out_of_its_folder_is_refused_and_never_prints_the_file(site) -> None:  # type: ignore[no-untyped-def]
    runner, folder = site
    secret = (folder / "secret_key").read_text().strip()
    assert secret
    themes = folder / "themes"
    leak = write_theme(themes, "leak", {"index.html": "{% include 'parts/footer.html' %}"})
    (leak / "screenshot.png").write_bytes(b"")
    (leak / "templates" / "parts").mkdir()
    (leak / "templates" / "parts" / "footer.html").symlink_to(folder / "secret_key")
    out = cli(runner, "theme", "check", "leak", code=1)
    assert "templates/parts/footer.html" in out and "MT-TPL-OUTSIDE-THEME" in out
    assert secret not in out
    out = cli(runner, "theme", "activate", "leak", code=1)
    assert "MT-TPL-OUTSIDE-THEME" in out
    assert cli(runner, "option", "get", "stylesheet").strip() == DEFAULT_THEME
    # A link added after activation is refused by the site itself.
    cli(runner, "option", "set", "stylesheet", "leak")
    response = get(folder, "/")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert secret not in body and "Traceback" not in body
    assert "leak/templates/index.html:1" in body


@pytest.mark.parametrize(
    ("templates", "where"),
    [
        ({"index.html": "<p>\n\n{{ posts|tojson }}</p>"}, "probe/templates/index.html:3"),
        ({"index.html": "\n{{ related_posts() }}"}, "probe/templates/index.html:2"),
        ({"index.html": "{{ nothing.title }}"}, "probe/templates/index.html:1"),
        ({"index.html": "{{ ''.__class__.__name__ }}"}, "probe/templates/index.html:1"),
        ({"index.html": "{{ (posts|length) // 0 }}"}, "probe/templates/index.html:1"),
        (
            {
                "index.html": "{{ template_part('card') }}",
                "parts/card.html": "x\n{{ 1|tojson(z=1) }}",
            },
            "probe/templates/parts/card.html:2",
        ),
        (
            {"index.html": "{% include 'broken.html' %}", "broken.html": "ok\n\n{% if %}"},
            "probe/templates/broken.html:3",
        ),
    ],
)
def test_a_failing_template_answers_500_naming_theme_file_and_line(
    probe_app: Flask, caplog: pytest.LogCaptureFixture, templates: dict[str, str], where: str
) -> None:
    from magtheme.site import theme_chain

    make_post("Only")
    folder = theme_chain("probe").active.templates_dir
    for name, source in templates.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(source)
    probe_app.extensions.pop("magtheme.chains", None)
    response = probe_app.test_client().get("/")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert response.headers["Content-Type"].startswith("text/plain")
    assert where in body and "Traceback" not in body
    assert any(where in record.getMessage() for record in caplog.records)
    # Debug mode adds what went wrong, still without a traceback.
    probe_app.debug = True
    response = probe_app.test_client().get("/")
    body = response.get_data(as_text=True)
    assert where in body and "Error)" in body and "Traceback" not in body
    assert response.headers["X-Magtheme-Template-Error"] == where


def test_a_page_renders_however_slow_the_machine_is(
    probe_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sandbox counts steps, so load (every clock read an hour later) never makes a 500."""
    import time as time_module

    from magtheme.site import theme_chain

    for n in range(12):
        make_post(f"Post {n}")
    folder = theme_chain("probe").active.templates_dir
    (folder / "index.html").write_text(
        "{% for p in posts %}{{ template_part('card', post=p) }}{% endfor %}"
        "{{ body_class() }}{{ slow() }}"
    )
    (folder / "parts").mkdir()
    (folder / "parts" / "card.html").write_text(
        "<h2>{{ post.title }}</h2>{{ format_date(post.date) }}{{ slow() }}"
    )
    probe_app.extensions.pop("magtheme.chains", None)
    clock = iter(range(10**6))
    real_monotonic = time_module.monotonic

    def slow() -> str:
        # What a query on a loaded server looks like to a wall clock: an hour gone.
        monkeypatch.setattr(time_module, "monotonic", lambda: real_monotonic() + 3600 * next(clock))
        monkeypatch.setattr(time_module, "thread_time", lambda: 3600.0 * next(clock))
        return ""

    import magtheme.render as render_module

    original = render_module.Page.variables

    def with_slow(self, template):  # type: ignore[no-untyped-def]
        variables = original(self, template)
        variables["slow"] = slow
        return variables

    monkeypatch.setattr(render_module.Page, "variables", with_slow)
    response = probe_app.test_client().get("/")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("<h2>Post") == 10


def test_a_runaway_template_stops_at_its_line_without_a_clock(probe_app: Flask) -> None:
    from magtheme.site import theme_chain

    make_post("Only")
    folder = theme_chain("probe").active.templates_dir
    (folder / "index.html").write_text(
        "<p>fine</p>\n"
        "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
    )
    probe_app.extensions.pop("magtheme.chains", None)
    response = probe_app.test_client().get("/")
    assert response.status_code == 500
    assert "probe/templates/index.html:2" in response.get_data(as_text=True)


def test_theme_check_knows_exactly_the_names_a_page_gets(
    probe_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checker's tables (render.PAGE_VARIABLES, PAGE_HELPERS) are what a render passes."""
    import magtheme.render as render_module

    seen: list[set[str]] = []
    original = render_module.Page.variables

    def recording(self, template):  # type: ignore[no-untyped-def]
        variables = original(self, template)
        seen.append(set(variables))
        return variables

    monkeypatch.setattr(render_module.Page, "variables", recording)
    post = make_post("Only")
    client = probe_app.test_client()
    assert client.get("/").status_code == 200
    assert client.get(f"/?p={post.id}", follow_redirects=True).status_code == 200
    tables = set(render_module.PAGE_VARIABLES) | set(render_module.PAGE_HELPERS)
    assert seen and all(names == tables for names in seen)


@pytest.mark.parametrize("theme", ["classic", "magazine"])
def test_every_theme_unit_test_page_renders_within_a_hundredth_of_the_step_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    """However loaded the machine, a normal page of a bundled theme is far from the limit:
    it counts work."""
    from urllib.parse import urlsplit

    from magtheme.site import installed_themes
    from magtheme.themes import sandbox
    from magtheme.themes.activation import activate
    from magtheme.wxr import import_wxr
    from tests.conftest import unit_test_wxr

    wxr = unit_test_wxr()
    expected = json.loads(
        (wxr.parent / "wordpress-theme-unit-test.wordpress-output.json").read_text()
    )["posts"]
    tight = sandbox.Limits(max_steps=sandbox.DEFAULT_LIMITS.max_steps // 100)
    monkeypatch.setattr(sandbox, "DEFAULT_LIMITS", tight)
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    app = create_app(tmp_path / "site", {"TESTING": True})
    with app.app_context():
        db.create_all()
        import_wxr(wxr, registry=app.extensions["magtheme.registry"])
        activate(theme, installed_themes(app))
        db.session.commit()
        db.session.remove()
    client = app.test_client()
    assert f"/themes/{theme}/static/" in client.get("/").get_data(as_text=True)
    urls = [e["permalink"] for e in expected if e["status"] == "publish"]
    urls += ["/", "/page/2/", "/?s=post", "/category/uncategorized/", "/2012/", "/missing-page/"]
    failed = []
    for url in urls:
        parts = urlsplit(url)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        if response.status_code not in (200, 404):
            failed.append((url, response.status_code, response.get_data(as_text=True)[:200]))
    assert len(urls) > 70 and failed == []
