"""The template sandbox: Python internals out of reach, and time, depth and size limited."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import DictLoader, UndefinedError, select_autoescape
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from magtheme.themes.sandbox import (
    Limits,
    MagthemeSandbox,
    TemplateLimitError,
    render_limited,
)


def sandbox(templates: dict[str, str] | None = None, **limits: Any) -> MagthemeSandbox:
    """The environment the way the theme chain builds it, with *limits* changed."""
    return MagthemeSandbox(
        loader=DictLoader(templates or {}),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        limits=Limits(**limits),
    )


class Leaky:
    """An object with Python-2-style internals a template must not read."""

    func_globals = {"secret": "hunter2"}
    f_locals = {"secret": "hunter2"}

    def mro(self) -> str:
        return "hunter2"


NORMAL = {
    "base.html": "<main>{% block body %}{% endblock %}</main>",
    "page.html": (
        '{% extends "base.html" %}{% import "macros.html" as m %}'
        "{% block body %}"
        "{% for p in posts %}{{ m.card(p) }}{% if not loop.last %},{% endif %}{% else %}none"
        "{% endfor %}|{{ posts|length }} of {{ range(3)|list|length }}"
        '|{% include "tree.html" %}|{{ "%05.1f"|format(3.14159) }}|{{ "{:>4}".format("x") }}'
        "|{{ title|center(9) }}|{{ (title ~ '!') * 2 }}|{{ title[1:3] }}"
        "|{% for k, v in counts|dictsort %}{{ k }}={{ v }}/{{ loop.revindex }}{% endfor %}"
        "|{% for n in range(10) if n is odd %}{{ n }}{% if loop.last %}.{% endif %}{% endfor %}"
        "{% endblock %}"
    ),
    "macros.html": "{% macro card(p) %}<b>{{ p.title }}</b>{% endmacro %}",
    "tree.html": (
        "{% for node in tree recursive %}{{ node.name }}"
        "{% if node.children %}({{ loop(node.children) }}){% endif %}{% endfor %}"
    ),
}
NORMAL_VARS = {
    "posts": [{"title": "A & B"}, {"title": "C"}],
    "title": "news",
    "counts": {"b": 2, "a": 1},
    "tree": [{"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}],
}


def test_a_normal_template_renders_unchanged() -> None:
    html = sandbox(NORMAL).get_template("page.html").render(NORMAL_VARS)
    assert html == (
        "<main><b>A &amp; B</b>,<b>C</b>|2 of 3|a(b(c))|003.1|   x|   news  |news!news!|ew"
        "|a=1/2b=2/1|13579.</main>"
    )


def test_the_limits_change_nothing_jinja_would_render() -> None:
    plain = ImmutableSandboxedEnvironment(
        loader=DictLoader(NORMAL), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    expected = plain.get_template("page.html").render(NORMAL_VARS)
    assert sandbox(NORMAL).get_template("page.html").render(NORMAL_VARS) == expected


def test_render_limited_is_what_render_uses() -> None:
    env = sandbox(NORMAL)
    template = env.get_template("page.html")
    assert render_limited(template, NORMAL_VARS) == template.render(NORMAL_VARS)


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ self.__init__.__globals__ }}",
        "{{ [].__class__.__base__.__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ range.__self__.globals }}",
        "{{ self._TemplateReference__context.environment }}",
        "{{ leaky.func_globals.secret }}",
        "{{ leaky.f_locals.secret }}",
        "{{ leaky.mro() }}",
        "{{ posts.append(1) }}",
    ],
)
def test_python_internals_are_out_of_reach(source: str) -> None:
    with pytest.raises(SecurityError):
        sandbox().from_string(source).render(leaky=Leaky(), posts=[])


def test_the_configuration_is_not_a_template_variable() -> None:
    """Flask's own Jinja environment hands templates ``config``; ours does not."""
    env = sandbox()
    assert env.from_string("[{{ config }}]").render() == "[]"
    with pytest.raises(UndefinedError):
        env.from_string("{{ config.SECRET_KEY }}").render()


@pytest.mark.parametrize(
    ("source", "limit"),
    [
        ("{% for i in range(10**9) %}{% endfor %}", "range"),
        ("{{ range(0, 10**20, 1)|length }}", "range"),
        ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "calls"),
        ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "calls"),
        ("{{ 'x' * 10**9 }}", "size"),
        ("{{ [0] * 10**9 }}", "size"),
        ("{{ 10 ** (10 ** 10) }}", "size"),
        ("{{ '%1000000000s' % '' }}", "size"),
        ("{{ '%*s' % (5, '') }}", "size"),
        ("{{ '{:>1000000000}'.format('') }}", "size"),
        ("{{ 'x'|center(1000000000) }}", "size"),
        ("{{ 'x'.ljust(1000000000) }}", "size"),
        ("{{ 'a'|indent(1000000000) }}", "size"),
        ("{{ [1]|slice(1000000000)|list }}", "range"),
        ("{{ lipsum(1000000) }}", "size"),
        ("{{ ('a' * 4000000)|replace('a', 'aa') }}", "size"),
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(100) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "size",
        ),
        (
            "{% set ns = namespace(n=3) %}{% for i in range(60) %}"
            "{% set ns.n = ns.n * ns.n %}{% endfor %}",
            "size",
        ),
        (
            "{% set kept %}{% for i in range(10000) %}{{ big }}{% endfor %}{% endset %}",
            "memory",
        ),
        (
            "{% set kept %}{% for i in range(10000) %}{{ big[1:] }}{% endfor %}{% endset %}",
            "memory",
        ),
    ],
)
def test_templates_that_would_run_away_are_stopped(source: str, limit: str) -> None:
    big = "<" * 1_000_000  # escaped anew on every print
    with pytest.raises(TemplateLimitError) as caught:
        sandbox().from_string(source).render(big=big)
    assert caught.value.limit == limit


def test_a_loop_that_runs_too_long_stops_at_the_deadline() -> None:
    env = sandbox(
        {
            "slow.html": (
                "<p>fine</p>\n"
                "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
            )
        },
        deadline_s=0.2,
    )
    with pytest.raises(TemplateLimitError) as caught:
        env.get_template("slow.html").render()
    assert caught.value.limit == "deadline"
    assert (caught.value.name, caught.value.lineno) == ("slow.html", 2)
    assert "template 'slow.html', line 2" in str(caught.value)
    assert "0.2 s" in str(caught.value)


def test_the_deadline_can_be_given_per_render() -> None:
    env = sandbox()
    template = env.from_string(
        "{% for i in range(9999) %}{% for j in range(9999) %}{% endfor %}{% endfor %}"
    )
    with pytest.raises(TemplateLimitError):
        render_limited(template, {}, deadline_s=0.05)


def test_a_template_that_includes_itself_is_stopped_with_its_name() -> None:
    env = sandbox({"loop.html": "x\n{% include 'loop.html' %}"})
    with pytest.raises(TemplateLimitError) as caught:
        env.get_template("loop.html").render()
    assert caught.value.limit == "templates"
    assert (caught.value.name, caught.value.lineno) == ("loop.html", 2)
    assert "includes, imports or extends itself" in str(caught.value)


def test_include_depth_allows_real_nesting_and_stops_at_the_limit() -> None:
    chain = {f"level{i}.html": f"{i}{{% include 'level{i + 1}.html' %}}" for i in range(30)}
    chain["level30.html"] = "end"
    env = sandbox({**chain, "level10.html": "10"})
    assert env.get_template("level0.html").render() == "012345678910"
    with pytest.raises(TemplateLimitError) as caught:
        sandbox(chain).get_template("level0.html").render()
    assert caught.value.limit == "templates"
    assert caught.value.name == "level19.html"


def test_pythons_recursion_error_becomes_a_limit_error() -> None:
    env = sandbox(max_call_depth=1_000_000)
    with pytest.raises(TemplateLimitError) as caught:
        env.from_string("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}").render()
    assert caught.value.limit == "recursion"


def test_the_whole_page_has_a_size_limit() -> None:
    env = sandbox(max_size=1000)
    assert len(env.from_string("{% for i in range(99) %}0123456789{% endfor %}").render()) == 990
    with pytest.raises(TemplateLimitError) as caught:
        env.from_string("{% for i in range(101) %}0123456789{% endfor %}").render()
    assert caught.value.limit == "size"


def test_a_render_inside_a_render_shares_the_deadline() -> None:
    """A part or widget rendered by a helper is on the page's clock, not a fresh one."""
    env = sandbox(
        {
            "page.html": "{% for i in range(5) %}{{ part() }}{% endfor %}",
            "part.html": "{% for j in range(9999) %}{% for k in range(200) %}{% endfor %}{% endfor %}",
        },
        deadline_s=0.3,
    )

    def part() -> str:
        return env.get_template("part.html").render()

    with pytest.raises(TemplateLimitError) as caught:
        env.get_template("page.html").render(part=part)
    assert caught.value.limit == "deadline"


def test_a_stopped_render_leaves_the_next_one_alone() -> None:
    env = sandbox(deadline_s=0.1)
    with pytest.raises(TemplateLimitError):
        env.from_string(
            "{% for i in range(9999) %}{% for j in range(9999) %}{% endfor %}{% endfor %}"
        ).render()
    assert env.from_string("{% for i in range(3) %}{{ i }}{% endfor %}").render() == "012"
