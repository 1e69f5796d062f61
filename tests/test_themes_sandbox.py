"""The template sandbox: Python internals out of reach, and time, depth and size limited."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import DictLoader, TemplateNotFound, UndefinedError, select_autoescape
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from magtheme.themes.sandbox import (
    Limits,
    MagthemeSandbox,
    TemplateLimitError,
    TemplateRenderError,
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
    with pytest.raises(TemplateRenderError) as caught:
        sandbox().from_string(source).render(leaky=Leaky(), posts=[])
    assert isinstance(caught.value.original, SecurityError)


def test_the_configuration_is_not_a_template_variable() -> None:
    """Flask's own Jinja environment hands templates ``config``; ours does not."""
    env = sandbox()
    assert env.from_string("[{{ config }}]").render() == "[]"
    with pytest.raises(TemplateRenderError) as caught:
        env.from_string("{{ config.SECRET_KEY }}").render()
    assert isinstance(caught.value.original, UndefinedError)


class Opaque:
    """Something no JSON encoder knows."""


@pytest.mark.parametrize(
    ("source", "original"),
    [
        ("{{ thing|tojson }}", TypeError),
        ("{{ {'a': thing}|tojson }}", TypeError),
        ("{{ related_posts() }}", UndefinedError),
        ("{{ nothing.title }}", UndefinedError),
        ("{{ ''.__class__.__name__ }}", SecurityError),
        ("{{ n // zero }}", ZeroDivisionError),
        ("{{ '%d'|format('x') }}", TypeError),
        ("{{ 'é'.encode('ascii') }}", UnicodeEncodeError),
        ("{{ helper() }}", ValueError),
        ("{% include 'missing.html' %}", TemplateNotFound),
    ],
)
def test_every_failure_of_a_templates_code_names_its_file_and_line(
    source: str, original: type[Exception]
) -> None:
    def helper() -> str:
        raise ValueError("a helper was handed something it cannot use")

    env = sandbox(
        {"page.html": "<p>fine</p>\n\n" + source, "outer.html": "{% include 'page.html' %}"}
    )
    for name in ("page.html", "outer.html"):
        with pytest.raises(TemplateRenderError) as caught:
            env.get_template(name).render(thing=Opaque(), n=1, zero=0, helper=helper)
        error = caught.value
        assert isinstance(error.original, original)
        assert (error.name, error.lineno) == ("page.html", 3)
        assert str(error).startswith("template 'page.html', line 3: ")
        assert type(error.original).__name__ in str(error)


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


@pytest.mark.parametrize(
    "source",
    [
        "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
        "{% for i in range(10000) %}{% for j in range(10000) %}{{ j }}{% endfor %}{% endfor %}",
        # A macro that branches: each call stays shallow, the calls add up.
        "{% macro m(n) %}{% for i in range(3) %}{{ m(n + 1) if n < 40 }}{% endfor %}"
        "{% endmacro %}{{ m(0) }}",
        # Scanning a long string again and again.
        "{% for i in range(10000) %}{{ big.count('x') }}{{ big|length }}{% endfor %}",
    ],
)
def test_a_template_doing_too_much_work_stops_at_its_step_budget(source: str) -> None:
    env = sandbox({"slow.html": "<p>fine</p>\n" + source}, max_steps=20_000)
    with pytest.raises(TemplateLimitError) as caught:
        env.get_template("slow.html").render(big="<" * 1_000_000)
    assert caught.value.limit == "steps"
    assert (caught.value.name, caught.value.lineno) == ("slow.html", 2)
    assert "template 'slow.html', line 2" in str(caught.value)
    assert "20,000 steps" in str(caught.value)


def test_the_step_budget_is_the_same_on_every_machine() -> None:
    """Steps are counted, not timed: the same template stops at the same place every time."""
    env = sandbox(max_steps=1000)
    source = "{% for i in range(5000) %}{{ i }},{% endfor %}"
    outcomes = set()
    for _ in range(3):
        with pytest.raises(TemplateLimitError) as caught:
            env.from_string(source).render()
        outcomes.add(str(caught.value))
    assert len(outcomes) == 1
    assert env.from_string("{% for i in range(900) %}.{% endfor %}").render() == "." * 900


def test_no_clock_is_read_while_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine so loaded that every clock read jumps an hour still renders the page."""
    import time as time_module

    def is_clock(name: str) -> bool:
        try:
            time_module.get_clock_info(name.removesuffix("_ns"))
        except (ValueError, TypeError):
            return False
        return True

    # Every clock the time module has (each get_clock_info knows, and its _ns twin).
    clocks = [name for name in dir(time_module) if is_clock(name)]
    assert len(clocks) >= 10
    hours = iter(range(0, 10**9, 3600))
    for clock in clocks:
        monkeypatch.setattr(time_module, clock, lambda: float(next(hours)))

    def slow_helper() -> str:
        time_module.monotonic()  # a helper waiting on a slow query
        return "ok"

    env = sandbox(NORMAL)
    html = env.get_template("page.html").render(NORMAL_VARS, helper=slow_helper)
    assert "<b>A &amp; B</b>" in html
    assert (
        env.from_string("{% for i in range(50) %}{{ helper() }}{% endfor %}").render(
            helper=slow_helper
        )
        == "ok" * 50
    )


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


def test_a_render_inside_a_render_shares_the_budget() -> None:
    """A part or widget rendered by a helper is on the page's budget, not a fresh one."""
    env = sandbox(
        {
            "page.html": "{% for i in range(5) %}{{ part() }}{% endfor %}",
            "part.html": "{% for j in range(300) %}{% endfor %}",
        },
        max_steps=1000,
    )

    def part() -> str:
        return env.get_template("part.html").render()

    assert env.get_template("part.html").render() == ""  # one part alone fits
    with pytest.raises(TemplateLimitError) as caught:
        env.get_template("page.html").render(part=part)
    assert caught.value.limit == "steps"
    assert caught.value.name == "part.html"


def test_a_stopped_render_leaves_the_next_one_alone() -> None:
    env = sandbox(max_steps=1000)
    with pytest.raises(TemplateLimitError):
        env.from_string(
            "{% for i in range(9999) %}{% for j in range(9999) %}{% endfor %}{% endfor %}"
        ).render()
    assert env.from_string("{% for i in range(3) %}{{ i }}{% endfor %}").render() == "012"
