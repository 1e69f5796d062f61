"""magtheme theme check: one bad theme per rule, child themes, the cache, the docs, the command."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from magtheme.cli import main
from magtheme.themes import ThemeError, discover_themes
from magtheme.themes import check as check_module
from magtheme.themes.check import (
    RULES,
    RULES_BY_CODE,
    check_theme,
    clear_check_cache,
    rules_markdown,
)
from magtheme.themes.manifest import MANIFEST_CODES
from magtheme.themes.rules_names import NAME_CODES
from magtheme.themes.rules_templates import TEMPLATE_CODES, html_skeleton, setting_references

SECRET = "secret-key-material-never-for-visitors"

ROOT = Path(__file__).resolve().parents[1]

MANIFEST = """\
name = "Good"
slug = "good"
version = "1.0.0"
requires = ">=0.1"

[[widget_areas]]
id = "sidebar"
name = "Sidebar"

[[menu_locations]]
id = "primary"
name = "Primary menu"

[[templates]]
name = "Wide page"
file = "page-wide.html"

[[settings]]
id = "colors"
title = "Colors"

[[settings.controls]]
id = "accent"
type = "color"
label = "Accent"
default = "#1a73e8"
"""

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32

#: A theme every rule is happy with; each case below breaks it in one way.
GOOD: dict[str, str | bytes] = {
    "theme.toml": MANIFEST,
    "screenshot.png": PNG,
    "static/css/style.css": "body { color: var(--accent); }\n",
    "templates/base.html": (
        "<!doctype html>\n"
        "{# <img src='in-a-comment.png'> is not an image #}\n"
        '<body style="--accent: {{ theme.settings.accent }}">\n'
        '{{ template_part("header") }}\n'
        "{% block content %}{% endblock %}\n"
        '<aside>{{ widget_area("sidebar") }}</aside>\n'
        "</body>\n"
    ),
    "templates/index.html": '{% extends "base.html" %}{% block content %}index{% endblock %}',
    "templates/404.html": '{% extends "base.html" %}',
    "templates/search.html": '{% extends "base.html" %}',
    "templates/single.html": '{% extends "base.html" %}',
    "templates/page.html": '{% extends "base.html" %}',
    "templates/page-wide.html": '{% extends "base.html" %}',
    "templates/parts/header.html": (
        '<nav>{% for item in menu("primary") %}{{ item.title }}{% endfor %}</nav>\n'
        '<img src="{{ static("logo.png") }}"{% if site.name %} alt="{{ site.name }}"{% endif %}>\n'
    ),
}


def build(root: Path, files: dict[str, str | bytes | None], folder: str = "good") -> Path:
    """The good theme in root/folder, with *files* added, replaced or (``None``) removed."""
    theme = root / folder
    for name, content in {**GOOD, **files}.items():
        if content is None:
            continue
        path = theme / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return theme


def test_the_good_theme_checks_clean(tmp_path: Path) -> None:
    report = check_theme(build(tmp_path, {}), {})
    assert report.findings == [] and report.ok
    assert (report.theme, report.version) == ("good", "1.0.0")


@dataclass(frozen=True)
class Case:
    code: str
    files: dict[str, str | bytes | None]
    file: str
    line: int | None
    words: str = ""
    folder: str = "good"
    extra: dict[str, str] = field(default_factory=dict)
    #: Links to make: path in the theme → a file of that name made outside the theme.
    links: dict[str, str] = field(default_factory=dict)


def manifest(old: str, new: str) -> str:
    assert old in MANIFEST
    return MANIFEST.replace(old, new)


CASES = [
    Case("MT-MANIFEST-MISSING", {"theme.toml": None}, "theme.toml", None, "needs a theme.toml"),
    Case("MT-MANIFEST-SYNTAX", {"theme.toml": manifest('"Good"', '"Good')}, "theme.toml", 1),
    Case(
        "MT-MANIFEST-SCHEMA",
        {"theme.toml": manifest('type = "color"', 'type = "colour"')},
        "theme.toml",
        24,
        "Did you mean 'color'",
    ),
    Case(
        "MT-MANIFEST-SLUG",
        {"theme.toml": manifest('slug = "good"\n', "")},
        "theme.toml",
        1,
        folder="Good Theme",
    ),
    Case(
        "MT-MANIFEST-DEFAULT",
        {"theme.toml": manifest('"#1a73e8"', '"blue"')},
        "theme.toml",
        26,
        "#rgb",
    ),
    Case(
        "MT-MANIFEST-CONTROL",
        {"theme.toml": MANIFEST + "min = 5\nmax = 1\n"},
        "theme.toml",
        27,
        "min (5) is above max (1)",
    ),
    Case(
        "MT-MANIFEST-DUPLICATE",
        {"theme.toml": MANIFEST + '\n[[widget_areas]]\nid = "sidebar"\nname = "Again"\n'},
        "theme.toml",
        29,
        "widget area id 'sidebar'",
    ),
    Case(
        "MT-MANIFEST-REQUIRES",
        {"theme.toml": manifest('">=0.1"', '"latest"')},
        "theme.toml",
        4,
    ),
    Case("MT-MANIFEST-ENGINE", {"theme.toml": manifest('">=0.1"', '">=99"')}, "theme.toml", 4),
    Case(
        "MT-PARENT-MISSING",
        {"theme.toml": manifest('requires = ">=0.1"', 'parent = "ghost"')},
        "theme.toml",
        4,
        "parent 'ghost' is not installed (good → ghost)",
    ),
    Case(
        "MT-PARENT-CYCLE",
        {"theme.toml": manifest('requires = ">=0.1"', 'parent = "loop"')},
        "theme.toml",
        4,
        "the parents loop (good → loop → good)",
        extra={"loop": 'name = "Loop"\nslug = "loop"\nversion = "1.0"\nparent = "good"\n'},
    ),
    Case("MT-TPL-NO-INDEX", {"templates/index.html": None}, "templates/index.html", None),
    Case(
        "MT-TPL-SYNTAX",
        {"templates/single.html": "<main>\n{{ post.title }}\n{% for %}\n</main>\n"},
        "templates/single.html",
        3,
        "Expected an expression",
    ),
    Case(
        "MT-TPL-SYNTAX",
        {"templates/search.html": "<p>\n{{ query.search|shout }}</p>"},
        "templates/search.html",
        2,
        "No filter named 'shout'",
    ),
    Case(
        "MT-TPL-INCLUDE-MISSING",
        {"templates/page.html": '{% extends "base.html" %}\n{% include "sidebar.html" %}'},
        "templates/page.html",
        2,
        "'sidebar.html'",
    ),
    Case(
        "MT-TPL-PART-MISSING",
        {"templates/single.html": '{% extends "base.html" %}\n{{ template_part("heder") }}'},
        "templates/single.html",
        2,
        "Did you mean 'header'",
    ),
    Case(
        "MT-TPL-PART-MISSING",
        {"templates/single.html": '\n{{ template_part("content", post.format) }}'},
        "templates/single.html",
        2,
        "parts/content-<name>.html",
    ),
    Case(
        "MT-TPL-AREA-UNDECLARED",
        {"templates/page.html": '{% extends "base.html" %}\n\n{{ widget_area("footer") }}'},
        "templates/page.html",
        3,
        "(declared: sidebar)",
    ),
    Case(
        "MT-TPL-MENU-UNDECLARED",
        {"templates/parts/header.html": '\n{% set items = menu("social") %}'},
        "templates/parts/header.html",
        2,
        '[[menu_locations]] with id = "social"',
    ),
    Case(
        "MT-TPL-MENU-UNDECLARED",
        {"templates/parts/header.html": '\n\n{{ nav_menu("footer", depth=1) }}'},
        "templates/parts/header.html",
        3,
        "nav_menu('footer') uses a menu location",
    ),
    Case(
        "MT-TPL-SETTING-UNDECLARED",
        {"templates/index.html": "{{ theme.settings.accnet }}"},
        "templates/index.html",
        1,
        "Did you mean 'accent'",
    ),
    Case(
        "MT-TPL-CUSTOM-MISSING",
        {"templates/page-wide.html": None},
        "theme.toml",
        16,
        "templates/page-wide.html",
    ),
    Case(
        "MT-LAYOUT-SECTION-AREA",
        {
            "theme.toml": MANIFEST
            + '\n[[settings.controls]]\nid = "home"\ntype = "sections"\nlabel = "Home"\n'
            "default = [\n"
            '  { type = "hero" },\n'
            '  { type = "widget-area", settings = { area = "homepage" } },\n]\n'
        },
        "theme.toml",
        34,
        "block 2 places widget area 'homepage', which no theme of good declares",
    ),
    Case(
        "MT-TPL-OUTSIDE-THEME",
        {},
        "templates/leak.html",
        None,
        "outside the theme folder",
        links={"templates/leak.html": "secret_key"},
    ),
    Case(
        "MT-TPL-UNDEFINED-HELPER",
        {"templates/single.html": '{% extends "base.html" %}\n\n{{ related_posts() }}'},
        "templates/single.html",
        3,
        "related_posts(): no template is given 'related_posts'",
    ),
    Case(
        "MT-TPL-UNDEFINED-VARIABLE",
        {"templates/single.html": '{% extends "base.html" %}\n{{ sidebar_title }}'},
        "templates/single.html",
        2,
        "'sidebar_title' is not a template variable",
    ),
    Case(
        "MT-TPL-UNKNOWN-ATTRIBUTE",
        {"templates/single.html": '{% extends "base.html" %}\n\n\n{{ post.titel }}'},
        "templates/single.html",
        4,
        "Did you mean 'title'?",
    ),
    Case("MT-TPL-NO-404", {"templates/404.html": None}, "templates/404.html", None),
    Case("MT-TPL-NO-SEARCH", {"templates/search.html": None}, "templates/search.html", None),
    Case("MT-TPL-NO-SINGLE", {"templates/single.html": None}, "templates/single.html", None),
    Case("MT-TPL-NO-PAGE", {"templates/page.html": None}, "templates/page.html", None),
    Case(
        "MT-TPL-IMG-ALT",
        {"templates/parts/header.html": '{#\n  logo\n#}\n<p>\n<img\n src="{{ site.url }}">'},
        "templates/parts/header.html",
        5,
        "alt",
    ),
    Case("MT-PKG-NO-SCREENSHOT", {"screenshot.png": None}, "screenshot.png", None),
    Case(
        "MT-STATIC-LARGE",
        {"static/fonts/huge.woff2": b"\0" * (1024 * 1024 + 1)},
        "static/fonts/huge.woff2",
        None,
        "1.0 MiB",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.code}-{c.file}" for c in CASES])
def test_one_bad_theme_per_rule(tmp_path: Path, case: Case) -> None:
    folder = build(tmp_path, case.files, case.folder)
    for link, target in case.links.items():
        outside = tmp_path / "outside" / target
        outside.parent.mkdir(parents=True, exist_ok=True)
        outside.write_text("not for visitors")
        (folder / link).symlink_to(outside)
    for slug, text in case.extra.items():
        (tmp_path / slug).mkdir()
        (tmp_path / slug / "theme.toml").write_text(text)
    themes = discover_themes([tmp_path])
    report = check_theme(folder, themes)
    # Only this rule fires: the case breaks the good theme in exactly one way.
    assert {f.code for f in report.findings} == {case.code}, [str(f) for f in report.findings]
    (finding,) = report.findings
    rule = RULES_BY_CODE[case.code]
    assert (finding.file, finding.line, finding.level) == (case.file, case.line, rule.level)
    assert case.words in finding.message
    assert finding.docs == f"docs/theme-check.md#{case.code.lower()}"
    assert report.ok == (rule.level == "warning")


def test_every_rule_has_a_case_and_every_code_a_rule() -> None:
    codes = {rule.code for rule in RULES}
    assert {case.code for case in CASES} == codes
    assert set(MANIFEST_CODES) | set(TEMPLATE_CODES) | set(NAME_CODES) <= codes
    assert len(codes) == len(RULES)


def test_report_as_dict_and_summary(tmp_path: Path) -> None:
    folder = build(tmp_path, {"screenshot.png": None, "templates/index.html": "{% if %}"})
    report = check_theme(folder, {})
    data = report.as_dict()
    assert (data["ok"], data["errors"], data["warnings"]) == (False, 1, 1)
    assert data["findings"][0] == {
        "code": "MT-PKG-NO-SCREENSHOT",
        "level": "warning",
        "message": data["findings"][0]["message"],
        "file": "screenshot.png",
        "line": None,
        "docs": "docs/theme-check.md#mt-pkg-no-screenshot",
    }
    assert report.summary() == "good 1.0.0: 1 error, 1 warning"
    assert str(report.errors[0]).startswith("templates/index.html:1: ERROR MT-TPL-SYNTAX ")


def parent_and_child(root: Path, child_files: dict[str, str]) -> dict[str, object]:
    build(root, {}, folder="base")
    (root / "base" / "theme.toml").write_text(manifest('slug = "good"', 'slug = "base"'))
    child = root / "kid"
    for name, text in {
        "theme.toml": 'name = "Kid"\nslug = "kid"\nversion = "0.1.0"\nparent = "base"\n',
        **child_files,
    }.items():
        (child / name).parent.mkdir(parents=True, exist_ok=True)
        (child / name).write_text(text)
    (child / "screenshot.png").write_bytes(PNG)
    return discover_themes([root])  # type: ignore[return-value]


def test_a_clean_child_theme_uses_its_parents_declarations(tmp_path: Path) -> None:
    themes = parent_and_child(
        tmp_path,
        {
            # Overrides the parent's single.html and extends the parent's own copy.
            "templates/single.html": (
                '{% extends "!base/single.html" %}\n'
                "{% block content %}{{ theme.settings['accent'] }}"
                '{{ template_part("header") }}{{ widget_area("sidebar") }}'
                '{{ menu("primary") }}{{ theme.settings.get("accent") }}{% endblock %}'
            ),
        },
    )
    report = check_theme("kid", themes)  # type: ignore[arg-type]
    assert report.findings == []
    # The parent's own files (base.html …) are the parent's business, not the child's.
    broken = dict(themes)  # type: ignore[call-overload]
    (tmp_path / "base" / "templates" / "base.html").write_text("{% if %}")
    assert check_theme("kid", broken).ok


def test_a_child_theme_reports_what_no_theme_of_its_chain_has(tmp_path: Path) -> None:
    themes = parent_and_child(
        tmp_path,
        {"templates/single.html": '{{ template_part("byline") }}\n{{ theme.settings.layout }}'},
    )
    report = check_theme("kid", themes)  # type: ignore[arg-type]
    assert [(f.code, f.line) for f in report.findings] == [
        ("MT-TPL-PART-MISSING", 1),
        ("MT-TPL-SETTING-UNDECLARED", 2),
    ]
    assert "templates/ of kid → base" in report.findings[0].message


def test_an_unreadable_manifest_still_gets_its_templates_checked(tmp_path: Path) -> None:
    folder = build(tmp_path, {"theme.toml": "name = ", "templates/404.html": "{% endif %}"})
    report = check_theme(folder, {})
    assert [(f.code, f.file, f.line) for f in report.findings] == [
        ("MT-MANIFEST-SYNTAX", "theme.toml", 1),
        ("MT-TPL-SYNTAX", "templates/404.html", 1),
    ]
    assert report.theme == "good"


@pytest.mark.parametrize(
    ("source", "refs"),
    [
        ("{{ theme.settings.accent }}", [("accent", 1)]),
        ("\n{{ theme.settings['accent'] }}", [("accent", 2)]),
        ('{{ theme.settings.get("logo", "") }}', [("logo", 1)]),
        ("{{ theme['settings'].accent }}", [("accent", 1)]),
        ("{% for k, v in theme.settings.items() %}{% endfor %}", []),
        ("{{ theme.settings[name] }}{{ other.settings.x }}{{ theme.slug }}", []),
    ],
)
def test_setting_references(source: str, refs: list[tuple[str, int]]) -> None:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    tree = ImmutableSandboxedEnvironment().parse(source)
    assert list(setting_references(tree)) == refs


@pytest.mark.parametrize(
    ("source", "skeleton"),
    [
        ('<img src="{{ u }}"{% if a %} alt="{{ t }}"{% endif %}>', '<img src=" "  alt=" " >'),
        ("{# a\ncomment #}<img>", "\n<img>"),
        ("{% raw %}<img>{% endraw %}", "<img>"),
    ],
)
def test_html_skeleton_keeps_lines_and_blanks_out_code(source: str, skeleton: str) -> None:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    assert html_skeleton(ImmutableSandboxedEnvironment().parse(source)) == skeleton


def test_results_are_cached_until_a_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clear_check_cache()
    calls = []
    real = check_module.parse_templates

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(check_module, "parse_templates", counting)
    folder = build(tmp_path, {})
    assert check_theme(folder, {}).ok
    first = check_theme(folder, {})
    first.findings.append(first.findings[0] if first.findings else None)  # type: ignore[arg-type]
    assert check_theme(folder, {}).findings == []  # a caller cannot spoil the cache
    assert len(calls) == 1
    index = folder / "templates" / "index.html"
    index.write_text("{% if %}")
    later = os.stat(index).st_mtime_ns + 10**9
    os.utime(index, ns=(later, later))
    assert not check_theme(folder, {}).ok
    assert len(calls) == 2


def test_an_unknown_target_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ThemeError, match="neither an installed theme"):
        check_theme("nope", {})
    with pytest.raises(ThemeError):
        check_theme(tmp_path / "missing", {})


def test_the_docs_are_generated_from_the_rules() -> None:
    committed = (ROOT / "docs" / "theme-check.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), (
        "docs/theme-check.md is stale: run "
        ".venv/bin/python -m magtheme.themes.check > docs/theme-check.md"
    )
    for rule in RULES:
        assert f"\n## {rule.code}\n" in committed


def test_every_bundled_theme_checks_clean() -> None:
    themes = discover_themes([ROOT / "themes"])
    assert "classic" in themes
    for slug in themes:
        report = check_theme(slug, themes)
        assert report.findings == [], [str(f) for f in report.findings]


# The command ------------------------------------------------------------------------------


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("MAGTHEME_INSTANCE", str(tmp_path / "site"))
    monkeypatch.delenv("MAGTHEME_DATABASE_URL", raising=False)
    return CliRunner()


def test_command_checks_the_bundled_theme(runner: CliRunner) -> None:
    result = runner.invoke(main, ["theme", "check", "classic"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output and result.output.count("classic ") >= 1
    result = runner.invoke(main, ["theme", "check", "classic", "--json"])
    data = json.loads(result.output)
    assert (result.exit_code, data["theme"], data["ok"], data["findings"]) == (
        0,
        "classic",
        True,
        [],
    )


def test_command_groups_findings_by_file_and_fails_on_errors(
    runner: CliRunner, tmp_path: Path
) -> None:
    build(
        tmp_path / "site" / "themes",
        {"templates/single.html": "\n{% for %}", "screenshot.png": None},
    )
    result = runner.invoke(main, ["theme", "check", "good"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "screenshot.png" in lines and "templates/single.html" in lines
    assert (
        "  templates/single.html:2: ERROR MT-TPL-SYNTAX Expected an expression, got 'end of "
        "statement block'; fix the template syntax. (docs/theme-check.md#mt-tpl-syntax)"
    ) in lines
    assert (
        lines[-1] == "good 1.0.0: 1 error, 1 warning: fix the errors before activating the theme."
    )
    result = runner.invoke(
        main, ["theme", "check", str(tmp_path / "site" / "themes" / "good"), "--json"]
    )
    assert result.exit_code == 1 and json.loads(result.output)["errors"] == 1


def test_command_checks_a_theme_whose_manifest_is_broken_by_folder_name(
    runner: CliRunner, tmp_path: Path
) -> None:
    build(tmp_path / "site" / "themes", {"theme.toml": manifest('"1.0.0"', "1.0.0")}, "broken")
    result = runner.invoke(main, ["theme", "check", "broken"])
    assert result.exit_code == 1
    assert "theme.toml:3: ERROR MT-MANIFEST-SYNTAX" in result.output
    result = runner.invoke(main, ["theme", "check", "nothing-here"])
    assert result.exit_code == 1 and "neither an installed theme" in result.output


def test_templates_are_parsed_never_run(tmp_path: Path) -> None:
    # Reading config, walking __mro__ and huge loops are the sandbox's business at render
    # time; the checker only parses, so it neither runs them nor calls them syntax errors.
    hostile = (
        '{% extends "base.html" %}{% block content %}{{ config }}'
        "{{ ''.__class__.__mro__[1].__subclasses__() }}"
        "{% for i in range(10**9) %}{{ i }}{% endfor %}{% endblock %}"
    )
    report = check_theme(build(tmp_path, {"templates/single.html": hostile}), {})
    # Only the name: `config` is no template variable (Flask's own templates have it).
    assert [(f.code, f.line) for f in report.findings] == [("MT-TPL-UNDEFINED-VARIABLE", 1)]
    assert "'config'" in report.findings[0].message


def test_markup_html_parser_gives_up_on_is_not_a_crash(tmp_path: Path) -> None:
    folder = build(
        tmp_path, {"templates/404.html": '<img src="a.png">\n<![ {{ site.name }} ]>\n<img>'}
    )
    report = check_theme(folder, {})
    assert [(f.code, f.line) for f in report.findings] == [("MT-TPL-IMG-ALT", 1)]


def _outside(tmp_path: Path) -> Path:
    """Files outside any theme: the site's secret key, a folder of templates."""
    outside = tmp_path / "site"
    (outside / "shared" / "parts").mkdir(parents=True)
    (outside / "secret_key").write_text(SECRET)
    (outside / "shared" / "parts" / "header.html").write_text(GOOD["templates/parts/header.html"])
    (outside / "shared" / "footer.html").write_text(SECRET)
    return outside


@pytest.mark.parametrize(
    ("link", "target", "reported"),
    [
        ("templates/index.html", "secret_key", "templates/index.html"),
        ("templates/parts/secret.html", "/etc/passwd", "templates/parts/secret.html"),
        ("templates/parts", "shared/parts", "templates/parts"),  # a linked folder
        ("templates/more", "shared", "templates/more"),
        ("templates/deep/x.html", "secret_key", "templates/deep/x.html"),
    ],
)
def test_every_link_out_of_the_theme_is_an_error(
    tmp_path: Path, link: str, target: str, reported: str
) -> None:
    folder = build(tmp_path, {})
    outside = _outside(tmp_path)
    path = folder / link
    if path.is_dir():
        import shutil

        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target if target.startswith("/") else outside / target)
    report = check_theme(folder, {})
    errors = [f for f in report.errors if f.code == "MT-TPL-OUTSIDE-THEME"]
    assert [f.file for f in errors] == [reported], [str(f) for f in report.findings]
    assert not report.ok
    assert SECRET not in json.dumps(report.as_dict())  # never read, so never quoted


def test_templates_folder_linked_elsewhere_is_an_error(tmp_path: Path) -> None:
    folder = build(tmp_path, {})
    elsewhere = tmp_path / "elsewhere"
    (folder / "templates").rename(elsewhere)
    (folder / "templates").symlink_to(elsewhere)
    report = check_theme(folder, {})
    assert [f.file for f in report.errors] == ["templates"]


def test_links_inside_the_theme_are_fine(tmp_path: Path) -> None:
    folder = build(tmp_path, {})
    (folder / "templates" / "home.html").symlink_to(folder / "templates" / "index.html")
    (folder / "templates" / "alias.html").symlink_to("page.html")
    assert check_theme(folder, {}).findings == []


def test_a_parent_with_a_link_out_makes_its_children_fail(tmp_path: Path) -> None:
    parent = build(tmp_path, {}, folder="good")
    (parent / "templates" / "leak.html").symlink_to(_outside(tmp_path) / "secret_key")
    child = tmp_path / "kid"
    (child / "templates").mkdir(parents=True)
    (child / "screenshot.png").write_bytes(PNG)
    (child / "theme.toml").write_text(
        'name = "Kid"\nslug = "kid"\nversion = "1"\nparent = "good"\n'
    )
    report = check_theme(child, discover_themes([tmp_path]))
    (finding,) = [f for f in report.errors if f.code == "MT-TPL-OUTSIDE-THEME"]
    assert (finding.file, finding.line) == ("theme.toml", 4)
    assert "parent 'good' has templates/leak.html" in finding.message


# Names a template reads -----------------------------------------------------------------


def check_sources(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, int | None]]:
    """(code, file, line) of each name finding once *files* are added to the good theme."""
    report = check_theme(build(tmp_path, {f"templates/{k}": v for k, v in files.items()}), {})
    return [(f.code, f.file, f.line) for f in report.findings if f.code in NAME_CODES]


CLEAN_SOURCES = {
    "optional, tested": "{% if foo is defined %}{{ foo.x }}{{ foo() }}{% endif %}",
    "optional, defaulted": "{{ baz|default('none') }}{{ baz|d('') }}",
    "optional variable of a render": "{% if comment_errors is defined %}{{ comment_errors }}{% endif %}",
    "set first": "{% set label = 'x' %}{{ label }}{% set ns = namespace(n=1) %}{{ ns.n }}",
    "macros": "{% macro card(p) %}{{ p.title }}{{ caller() }}{% endmacro %}"
    "{% call card(post) %}x{% endcall %}",
    "loops": "{% for item in posts %}{{ item.title }}{{ loop.index }}"
    "{% for c in item.categories %}{{ c.name }}{% endfor %}{% endfor %}",
    "jinja globals": "{{ range(3)|list }}{{ lipsum(1) }}{{ dict(a=1) }}{{ cycler('a').next() }}",
    "every helper": "{{ body_class() }}{{ post_class(post) }}{{ menu('primary') }}"
    "{{ paginate_links() }}{{ format_date(post.date) }}{{ format_time(post.date, 'g') }}"
    "{{ permalink(post) }}{{ search_url() }}{{ static('a.css') }}{{ ticker() }}"
    "{{ comment_form() }}{{ widget_area('sidebar') }}{{ template_part('header') }}",
    "views": "{{ post.author.display_name }}{{ post.terms('genre') }}{{ post.excerpt_html }}"
    "{{ query.is_home }}{{ query.archive_date }}{{ query.queried_object.whatever }}"
    "{{ site.options.date_format }}{{ theme.slug }}{{ template }}{{ content_styles }}",
    "guarded attribute": "{% if post.subtitle is defined %}{{ post.subtitle }}{% endif %}",
    "shadowed page variable": "{% set post = {'titel': 1} %}{{ post.titel }}",
}


@pytest.mark.parametrize("source", CLEAN_SOURCES.values(), ids=CLEAN_SOURCES.keys())
def test_names_every_render_provides_check_clean(tmp_path: Path, source: str) -> None:
    files = {
        "single.html": '{% extends "base.html" %}{% block content %}' + source + "{% endblock %}"
    }
    assert check_sources(tmp_path, files) == []


def test_names_related_templates_provide_check_clean(tmp_path: Path) -> None:
    files = {
        # A part reads what template_part passes it (for any of its names).
        "index.html": '{% extends "base.html" %}{% block content %}{% for p in posts %}'
        '{{ template_part("card", p.format, item=p, wide=true) }}{% include "row.html" %}'
        "{% endfor %}{% endblock %}",
        "parts/card.html": "{{ item.title }}{{ wide }}",
        "parts/card-quote.html": "{{ item.title }}",
        # An included template reads the includer's loop variable.
        "row.html": "{{ p.title }}",
        # A parent reads what the child sets; the child what the parent sets.
        "page.html": '{% extends "layout.html" %}{% set heading = "Pages" %}'
        "{% block body %}{{ year }}{% endblock %}",
        "layout.html": "{% set year = 2025 %}<h1>{{ heading }}</h1>{% block body %}{% endblock %}",
    }
    assert check_sources(tmp_path, files) == []


@pytest.mark.parametrize(
    ("source", "code", "words"),
    [
        ("{{ related_posts() }}", "MT-TPL-UNDEFINED-HELPER", "related_posts()"),
        ("{{ body_clas() }}", "MT-TPL-UNDEFINED-HELPER", "Did you mean 'body_class'?"),
        ("{{ nothing.title }}", "MT-TPL-UNDEFINED-HELPER", "nothing.title"),
        ("{{ nothing['title'] }}", "MT-TPL-UNDEFINED-HELPER", "nothing"),
        ("{{ pots|length }}", "MT-TPL-UNDEFINED-VARIABLE", "Did you mean 'posts'?"),
        ("{% if sidebar %}x{% endif %}", "MT-TPL-UNDEFINED-VARIABLE", "'sidebar'"),
        ("{{ post.titel }}", "MT-TPL-UNKNOWN-ATTRIBUTE", "Did you mean 'title'?"),
        ("{{ site.nmae }}", "MT-TPL-UNKNOWN-ATTRIBUTE", "Did you mean 'name'?"),
        ("{{ query.is_hom }}", "MT-TPL-UNKNOWN-ATTRIBUTE", "Did you mean 'is_home'?"),
        (
            "{% for p in posts %}{{ p.author.display_nam }}{% endfor %}",
            "MT-TPL-UNKNOWN-ATTRIBUTE",
            "Did you mean 'display_name'?",
        ),
        (
            "{% for p in posts %}{% for c in p.categories %}{{ c.nme }}{% endfor %}{% endfor %}",
            "MT-TPL-UNKNOWN-ATTRIBUTE",
            "a TermView has no attribute 'nme'",
        ),
    ],
)
def test_names_no_render_provides_are_reported_with_their_line(
    tmp_path: Path, source: str, code: str, words: str
) -> None:
    files = {
        "single.html": '{% extends "base.html" %}\n{% block content %}\n\n'
        + source
        + "{% endblock %}"
    }
    report = check_theme(build(tmp_path, {f"templates/{k}": v for k, v in files.items()}), {})
    (finding,) = [f for f in report.findings if f.code in NAME_CODES]
    assert (finding.code, finding.file, finding.line) == (code, "templates/single.html", 4)
    assert words in finding.message
    assert report.ok == (finding.level == "warning")


def test_the_known_names_are_the_documented_ones() -> None:
    from magtheme.render import OPTIONAL_VARIABLES, PAGE_HELPERS, PAGE_VARIABLES

    guide = (ROOT / "docs" / "themes.md").read_text(encoding="utf-8")
    for name in [*PAGE_VARIABLES, *PAGE_HELPERS, *OPTIONAL_VARIABLES]:
        assert f"`{name}" in guide, name


def test_the_built_in_templates_read_only_known_names() -> None:
    from magtheme.themes.chain import BUILTIN_DIR, ThemeChain
    from magtheme.themes.rules_names import RenderContext, name_issues

    env = ThemeChain([]).env
    context = RenderContext.of(env)
    for path in sorted(BUILTIN_DIR.rglob("*.html")):
        name = path.relative_to(BUILTIN_DIR).as_posix()
        tree = env.parse(path.read_text(encoding="utf-8"), name)
        assert name_issues(f"templates/{name}", tree, context) == [], name
