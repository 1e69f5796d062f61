"""The theme chain: WordPress's locate_template order across child, parents and built-ins."""

from __future__ import annotations

from pathlib import Path

import pytest

from magtheme.themes import ThemeError, build_chain, discover_themes
from magtheme.themes.chain import BUILTIN
from tests.conftest import write_theme


@pytest.fixture
def themes(tmp_path: Path):  # type: ignore[no-untyped-def]
    write_theme(
        tmp_path,
        "parent",
        {
            "index.html": "parent index",
            "category-news.html": "parent news",
            "single.html": "parent single {% block body %}P{% endblock %}",
            "parts/content.html": "parent content",
            "parts/content-quote.html": "parent quote",
        },
    )
    write_theme(
        tmp_path,
        "child",
        {
            "category.html": "child category",
            "single.html": '{% extends "!parent/single.html" %}{% block body %}C{% endblock %}',
            "parts/content.html": "child content",
        },
        parent="parent",
    )
    write_theme(tmp_path, "grandchild", {"index.html": "gc index"}, parent="child")
    write_theme(tmp_path, "orphan", {"index.html": "x"}, parent="missing")
    write_theme(tmp_path, "loop-a", {"index.html": "a"}, parent="loop-b")
    write_theme(tmp_path, "loop-b", {"index.html": "b"}, parent="loop-a")
    return discover_themes([tmp_path])


def test_candidate_order_beats_theme_order(themes) -> None:  # type: ignore[no-untyped-def]
    chain = build_chain("child", themes)
    choice = chain.locate(["category-news.html", "category-3.html", "category.html", "index.html"])
    assert (choice.template, choice.theme) == ("category-news.html", "parent")
    choice = chain.locate(["category-sport.html", "category.html", "index.html"])
    assert (choice.template, choice.theme) == ("category.html", "child")


def test_same_name_child_wins_and_can_extend_parent(themes) -> None:  # type: ignore[no-untyped-def]
    chain = build_chain("child", themes)
    assert chain.locate(["single.html"]).theme == "child"
    assert chain.template("single.html").render() == "parent single C"


def test_grandchild_inherits_through_the_chain(themes) -> None:  # type: ignore[no-untyped-def]
    chain = build_chain("grandchild", themes)
    assert [t.slug for t in chain.themes] == ["grandchild", "child", "parent"]
    assert chain.locate(["category-news.html"]).theme == "parent"
    assert chain.locate(["index.html"]).theme == "grandchild"


def test_template_parts_follow_the_same_rule(themes) -> None:  # type: ignore[no-untyped-def]
    chain = build_chain("child", themes)
    quote = chain.part("parts/content", "quote")
    assert (quote.template, quote.theme) == ("parts/content-quote.html", "parent")
    plain = chain.part("parts/content", "gallery")
    assert (plain.template, plain.theme) == ("parts/content.html", "child")
    zero = chain.part("parts/content", "0")
    assert zero.candidates == ("parts/content-0.html", "parts/content.html")
    assert chain.part("parts/nothing").template is None


def test_builtin_embed_fallback(themes) -> None:  # type: ignore[no-untyped-def]
    chain = build_chain("parent", themes)
    choice = chain.locate(["embed-post-quote.html", "embed-post.html", "embed.html"])
    assert (choice.template, choice.theme) == ("embed.html", BUILTIN)


def test_missing_parent_and_cycles_name_the_chain(themes) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ThemeError, match=r"parent 'missing' is not installed \(orphan → missing\)"):
        build_chain("orphan", themes)
    with pytest.raises(ThemeError, match=r"loop \(loop-a → loop-b → loop-a\)"):
        build_chain("loop-a", themes)
    with pytest.raises(ThemeError, match="not installed"):
        build_chain("nope", themes)


def test_sandbox_blocks_python_internals(themes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from jinja2.exceptions import SecurityError

    from magtheme.themes.sandbox import TemplateRenderError

    chain = build_chain("parent", themes)
    template = chain.env.from_string("{{ ''.__class__.__mro__ }}")
    with pytest.raises(TemplateRenderError) as caught:
        template.render()
    assert isinstance(caught.value.original, SecurityError)


def test_autoescape_is_on(themes) -> None:  # type: ignore[no-untyped-def]
    chain = build_chain("parent", themes)
    assert chain.env.from_string("{{ x }}").render(x="<script>") == "&lt;script&gt;"


SECRET = "secret-key-material-never-for-visitors"


@pytest.mark.parametrize(
    ("templates", "links", "page"),
    [
        ({}, {"index.html": "secret_key"}, "index.html"),
        ({}, {"index.html": "/etc/passwd"}, "index.html"),
        ({"index.html": "{% include 'leak.html' %}"}, {"leak.html": "secret_key"}, "index.html"),
        ({"index.html": "{% include 'parts/x.html' %}"}, {"parts": "shared"}, "index.html"),
        ({"index.html": "{% extends 'parts/base.html' %}"}, {"parts": "shared"}, "index.html"),
        (
            {"index.html": "{% import 'parts/m.html' as m %}{{ m.x() }}"},
            {"parts": "shared"},
            "index.html",
        ),
        (
            {"index.html": "{% from 'parts/m.html' import x %}{{ x() }}"},
            {"parts": "shared"},
            "index.html",
        ),
        ({}, {"widgets/search.html": "secret_key"}, "widgets/search.html"),
        (
            {"index.html": "{% extends '!probe/leak.html' %}"},
            {"leak.html": "secret_key"},
            "index.html",
        ),
    ],
)
def test_no_template_is_read_from_outside_its_theme(
    tmp_path: Path, templates: dict[str, str], links: dict[str, str], page: str
) -> None:
    from jinja2 import TemplateError

    outside = tmp_path / "site"
    (outside / "shared").mkdir(parents=True)
    (outside / "secret_key").write_text(SECRET)
    for name in ("x.html", "base.html"):
        (outside / "shared" / name).write_text(SECRET)
    (outside / "shared" / "m.html").write_text("{% macro x() %}" + SECRET + "{% endmacro %}")
    folder = write_theme(tmp_path / "themes", "probe", {"index.html": "fine", **templates})
    for name, target in links.items():
        path = folder / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        path.symlink_to(target if target.startswith("/") else outside / target)
    chain = build_chain("probe", discover_themes([tmp_path / "themes"]))
    with pytest.raises(TemplateError) as caught:
        chain.template(page).render()
    assert "leads out of its theme folder" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_links_within_the_theme_still_work(tmp_path: Path) -> None:
    folder = write_theme(
        tmp_path, "probe", {"index.html": "{% include 'alias.html' %}", "real.html": "real"}
    )
    (folder / "templates" / "alias.html").symlink_to("real.html")
    (folder / "shared").mkdir()
    (folder / "shared" / "p.html").write_text("part")
    (folder / "templates" / "parts").symlink_to(folder / "shared")
    chain = build_chain("probe", discover_themes([tmp_path]))
    assert chain.template("index.html").render() == "real"
    assert chain.template("parts/p.html").render() == "part"
