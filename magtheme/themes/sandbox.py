"""The sandbox theme templates run in: Jinja's, plus limits on work, depth and size.

Jinja's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` already keeps templates away
from Python internals (no ``_`` attributes, no mutation of lists and dicts). A theme is data
uploaded by someone else, so :class:`MagthemeSandbox` also makes sure a template cannot keep
a worker busy or fill its memory:

- **work**: one render may take so many steps (500,000 by default): every call, loop
  iteration, attribute or item lookup and filter is one, and a string method or filter given a
  long value counts one more per 4 KiB it reads, so ``{% for i in range(9999) %}{% for j in
  range(9999) %}`` stops. Steps are counted, not timed: a page renders or stops the same on an
  idle machine and on one under load, where a wall-clock deadline would turn slowness (a slow
  query inside a helper, a busy CPU) into errors;
- **depth**: calls (macros, helpers, ``loop()``) nest at most 50 deep and
  include/extends/import at most 20, so a macro or template that uses itself stops — and a
  Python :class:`RecursionError` that slips past is reported the same way;
- **size**: ``range()`` makes at most 10,000 numbers; ``*``, ``**``, ``%``, padding and
  format widths are checked *before* they allocate; every value a template makes (outputs,
  filter and call results, joins, slices) is counted, alone and in total.

Every limit raises :class:`TemplateLimitError`, which names the template, its file and line,
and what to look for; any other failure of a template at run time (``tojson`` of something
that is not JSON, a call of an undefined name, a refused attribute, a missing include) is a
:class:`TemplateRenderError` that says the same. :func:`render_limited` is the one way to
render with these limits; templates of a :class:`MagthemeSandbox` use it from
``Template.render`` too, so a part or a widget rendered inside a page shares the page's
budget.
"""

from __future__ import annotations

import inspect
import math
import re
import string
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from types import FrameType, TracebackType
from typing import Any

from jinja2 import Template, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import TemplateError, TemplateRuntimeError, TemplateSyntaxError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum
from markupsafe import Markup

from .filters import highlight

#: Attribute names refused on every object (Jinja already refuses every ``_`` name and
#: ``mro`` of classes): the frame, code and globals handles of functions, generators,
#: coroutines and tracebacks, under their Python 2 and 3 names.
BLOCKED_ATTRIBUTES = frozenset(
    "mro func_globals func_code func_closure func_defaults im_func im_self im_class "
    "gi_frame gi_code gi_yieldfrom cr_frame cr_code cr_await ag_frame ag_code ag_await "
    "f_globals f_locals f_builtins f_back f_code tb_frame tb_next co_code".split()
)

#: What each limit means for the person reading the error, and what to look for.
_ADVICE = {
    "steps": "look for loops over large ranges, or macros and includes that repeat themselves",
    "range": "loop over the items you have (posts, menu items) instead of large ranges",
    "calls": "a macro (or a template_part/widget_area) probably calls itself without end",
    "templates": "a template probably includes, imports or extends itself",
    "recursion": "a macro, loop or include probably calls itself without end",
    "size": "a template should not make values this large; print less, or print it in parts",
    "memory": "a template should not make values this large",
}


@dataclass(frozen=True)
class Limits:
    """The limits of one sandbox; every render of its templates gets the same."""

    #: Steps one page may take, parts and widgets included (a step: a call, a loop
    #: iteration, an attribute or item lookup, a filter; plus one per 4 KiB a string method
    #: or filter reads). A page of the Theme Unit Test takes well under a thousand.
    max_steps: int = 500_000
    #: Most numbers ``range()`` may make.
    max_range: int = 10_000
    #: Deepest nesting of calls (macros, helpers, recursive loops).
    max_call_depth: int = 50
    #: Deepest nesting of include/extends/import.
    max_template_depth: int = 20
    #: Largest single value (characters of a string, items of a list) and whole page.
    max_size: int = 5_000_000
    #: All the values one render makes, added up: what bounds its memory.
    max_total: int = 50_000_000
    #: Widest padding or format width (``center``, ``%10s``, ``{:>10}``).
    max_width: int = 10_000
    #: Largest integer, in bits.
    max_int_bits: int = 4096


DEFAULT_LIMITS = Limits()


class TemplateFault(TemplateRuntimeError):
    """A template failed at run time; says where: template, theme, file and line.

    ``name`` is the template's name, ``filename`` its path on disk, ``lineno`` the line,
    ``theme`` the slug of the theme whose file it is and ``file`` that file relative to the
    theme folder (both ``None`` outside a theme chain). :attr:`where` puts them together.
    """

    def __init__(
        self,
        detail: str,
        *,
        name: str | None = None,
        filename: str | None = None,
        lineno: int | None = None,
        theme: str | None = None,
        file: str | None = None,
        advice: str = "",
    ) -> None:
        self.detail = detail
        self.name = name
        self.filename = filename
        self.lineno = lineno
        self.theme = theme
        self.file = file
        text = f"{self.where}: {detail}"
        super().__init__(text + (f"; {advice}." if advice else "" if text.endswith(".") else "."))

    @property
    def where(self) -> str:
        """``classic/templates/single.html:12``, or ``template 'x.html', line 12``."""
        if self.theme and self.file:
            return f"{self.theme}/{self.file}" + (f":{self.lineno}" if self.lineno else "")
        where = f"template {self.name!r}" if self.name else "a template"
        if self.lineno:
            where += f", line {self.lineno}"
        if self.filename and self.filename != self.name and not self.filename.startswith("<"):
            where += f" ({self.filename})"
        return where


class TemplateLimitError(TemplateFault):
    """A template went over one of the sandbox's limits.

    ``limit`` is which one (``steps``, ``range``, ``calls``, ``templates``, ``recursion``,
    ``size``, ``memory``); ``name``, ``filename`` and ``lineno`` say where, when known.
    """

    def __init__(self, limit: str, detail: str, **where: Any) -> None:
        self.limit = limit
        super().__init__(detail, advice=_ADVICE.get(limit, ""), **where)


class TemplateRenderError(TemplateFault):
    """Any other failure while a template rendered, with the template's file and line.

    ``original`` is the exception the template (or a helper it called) raised:
    a ``TypeError`` of ``tojson``, an ``UndefinedError``, a sandbox ``SecurityError``, a
    missing include. It is also the ``__cause__``, for the log.
    """

    def __init__(self, original: BaseException, **where: Any) -> None:
        self.original = original
        kind = type(original).__name__
        super().__init__(f"{original} ({kind})", **where)


#: What a template's own code can raise at run time (and a helper handed bad arguments):
#: these become a :class:`TemplateRenderError`. Anything else (a database that went away)
#: passes through untouched, for the application's own handlers.
TEMPLATE_FAULTS: tuple[type[BaseException], ...] = (
    TemplateError,
    TypeError,
    ValueError,
    LookupError,
    ArithmeticError,
    AttributeError,
)


@dataclass
class _Budget:
    """What one render (and every part rendered inside it) may still spend."""

    limits: Limits
    steps: int = 0
    depth: int = 0
    made: int = 0


_BUDGET: ContextVar[_Budget | None] = ContextVar("magtheme_template_budget", default=None)

#: Characters (or items) a string method or filter may read for one step.
_STEP_SIZE = 4096

#: Values counted by :meth:`MagthemeSandbox.limit_size` (exact types, for speed).
_SIZED = frozenset({str, Markup, list, tuple, dict})

_PRINTF_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")
_DIGITS = re.compile(r"\d+")


# -- where a limit was hit ---------------------------------------------------------------


def _template_line(frame_globals: Mapping[str, Any], code_line: int) -> int:
    """The template line of line *code_line* of a compiled template (Jinja's debug_info)."""
    info = str(frame_globals.get("debug_info") or "")
    pairs = [tuple(int(n) for n in item.split("=")) for item in info.split("&") if "=" in item]
    for template_line, compiled_line in reversed(pairs):
        if compiled_line <= code_line:
            return template_line
    return 1


def _is_template_frame(frame: FrameType, env: Any) -> bool:
    return frame.f_globals.get("environment") is env and "debug_info" in frame.f_globals


def _file_location(
    env: Any, name: str | None, filename: str | None, lineno: int | None
) -> dict[str, Any]:
    """Name, file, line and (in a theme chain) theme of a template file."""
    found: dict[str, Any] = {"name": name, "filename": filename, "lineno": lineno}
    source_of = getattr(env, "source_of", None)
    source = source_of(filename) if source_of is not None and filename else None
    if source is not None:
        found["theme"], found["file"] = source
    return found


def _where(env: Any, frame: FrameType, code_line: int) -> dict[str, Any]:
    """Where the template running in *frame* is, at line *code_line* of its compiled code."""
    return _file_location(
        env,
        frame.f_globals.get("name"),
        frame.f_code.co_filename,
        _template_line(frame.f_globals, code_line),
    )


def _location(env: Any, frame: FrameType | None) -> dict[str, Any]:
    """Name, file, line and theme of the innermost template running at *frame*, or nothing."""
    while frame is not None:
        if _is_template_frame(frame, env):
            return _where(env, frame, frame.f_lineno)
        frame = frame.f_back
    return {}


def _traceback_location(env: Any, tb: TracebackType | None) -> dict[str, Any]:
    """Name, file, line and theme of the deepest template frame of a traceback."""
    found: dict[str, Any] = {}
    while tb is not None:
        if _is_template_frame(tb.tb_frame, env):
            found = _where(env, tb.tb_frame, tb.tb_lineno)
        tb = tb.tb_next
    return found


# -- the code generator: loops, joins, filters, slices and outputs go through the limits ----


#: The hidden filter every ``{% for %}`` iterable goes through (Jinja forbids new node types).
GUARD_FILTER = "_magtheme_guard_iter"


class LimitedCodeGenerator(CodeGenerator):
    """Jinja's code generator with the sandbox's hooks written into the compiled template."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        # Before Jinja collects the filters a template uses: wrap every loop's iterable.
        for loop in node.find_all(nodes.For):
            if not (isinstance(loop.iter, nodes.Filter) and loop.iter.name == GUARD_FILTER):
                loop.iter = nodes.Filter(
                    loop.iter, GUARD_FILTER, [], [], None, None, lineno=loop.iter.lineno
                )
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.limit_size(")
        super().visit_Concat(node, frame)
        self.write(")")

    def visit_Filter(self, node: nodes.Filter, frame: Frame) -> None:
        self.write("environment.limit_size(")
        super().visit_Filter(node, frame)
        self.write(")")

    def visit_Getitem(self, node: nodes.Getitem, frame: Frame) -> None:
        if isinstance(node.arg, nodes.Slice):  # slices bypass environment.getitem
            self.write("environment.limit_size(")
            super().visit_Getitem(node, frame)
            self.write(")")
        else:
            super().visit_Getitem(node, frame)

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.limit_size(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        super()._output_child_post(node, frame, finalize)
        self.write(")")


# -- the environment -------------------------------------------------------------------


#: How many (type, attribute) answers an environment remembers (templates name a few hundred).
_SAFE_ATTRIBUTE_MEMORY = 4096


class MagthemeSandbox(ImmutableSandboxedEnvironment):
    """The environment of a theme chain: Jinja's immutable sandbox with :class:`Limits`.

    Takes every :class:`~jinja2.Environment` argument, plus ``limits``.
    """

    code_generator_class = LimitedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, limits: Limits | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_async:
            raise ValueError("MagthemeSandbox renders synchronously; drop enable_async.")
        self.limits = limits or DEFAULT_LIMITS
        self._safe_attributes: dict[tuple[type, str], bool] = {}
        #: ``source_of(filename)`` → (theme slug, file relative to the theme folder), or
        #: ``None``: how errors name a template's theme (the theme chain sets it).
        self.source_of: Callable[[str], tuple[str, str] | None] | None = None
        self.globals["range"] = self._range
        self.globals["lipsum"] = self._lipsum
        self.filters[GUARD_FILTER] = self.guard_iter
        self.filters["highlight"] = highlight
        for name, check in _FILTER_CHECKS.items():
            if name in self.filters:
                self.filters[name] = self._checked_filter(self.filters[name], check)
        for name, func in list(self.filters.items()):
            if name != GUARD_FILTER:
                self.filters[name] = self._counted_filter(func)

    # -- raising ----------------------------------------------------------------------

    def limit_error(self, limit: str, detail: str) -> TemplateLimitError:
        """A :class:`TemplateLimitError` located at the template running now."""
        return TemplateLimitError(limit, detail, **_location(self, sys._getframe(1)))

    def _spend(self, budget: _Budget, steps: int = 1) -> None:
        """Count *steps* of work; refuse the render once it has taken ``max_steps``."""
        budget.steps += steps
        if budget.steps > budget.limits.max_steps:
            raise self.limit_error(
                "steps",
                f"the page took more than {budget.limits.max_steps:,} steps (loop iterations, "
                "calls, lookups) to render",
            )

    def _tick(self) -> None:
        """One cheap operation happened (a lookup, a loop iteration)."""
        budget = _BUDGET.get()
        if budget is not None:
            self._spend(budget)

    # -- attributes -------------------------------------------------------------------

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Jinja's answer depends only on the object's type and the name (its checks are
        # isinstance tests and name rules), so it is decided once per (type, name).
        key = (type(obj), attr)
        safe = self._safe_attributes.get(key)
        if safe is None:
            safe = attr not in BLOCKED_ATTRIBUTES and super().is_safe_attribute(obj, attr, value)
            if len(self._safe_attributes) < _SAFE_ATTRIBUTE_MEMORY:
                self._safe_attributes[key] = safe
        return safe

    def getattr(self, obj: Any, attribute: str) -> Any:
        self._tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self._tick()
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is not None:
            self._check_format_string(str(value.__self__))
        return wrapper

    # -- calls ------------------------------------------------------------------------

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call *obj* for a template: a step, its depth and its arguments' sizes checked."""
        budget = _BUDGET.get()
        owner = getattr(obj, "__self__", None)
        if budget is not None:
            self._spend(budget, 1 + (len(owner) // _STEP_SIZE if isinstance(owner, str) else 0))
            if budget.depth >= budget.limits.max_call_depth:
                raise self.limit_error(
                    "calls", f"calls nest more than {budget.limits.max_call_depth} deep"
                )
        if isinstance(owner, str):
            check = _STR_METHOD_CHECKS.get(getattr(obj, "__name__", ""))
            if check is not None:
                check(self, owner, args)
        if budget is None:
            return self.limit_size(super().call(context, obj, *args, **kwargs))
        budget.depth += 1
        try:
            result = super().call(context, obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        return self.limit_size(result)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``*``, ``**``, ``%`` and ``+``, refused before they would make something huge."""
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int):
                    self.check_size(len(seq) * max(times, 0))
            if isinstance(left, int) and isinstance(right, int):
                self._check_bits(left.bit_length() + right.bit_length())
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
                self._check_bits(math.ceil(right * math.log2(abs(left))))
        elif operator == "%" and isinstance(left, str):
            self._check_printf(left)
        elif operator == "+" and isinstance(left, str | list | tuple):
            if isinstance(right, str | list | tuple):
                self.check_size(len(left) + len(right))
        return self.limit_size(super().call_binop(context, operator, left, right))

    # -- template loading (include, extends, import) ----------------------------------

    def _enter_template(self) -> None:
        """Refuse a template nested deeper than ``max_template_depth``; loading is a step."""
        budget = _BUDGET.get()
        if budget is not None:
            self._spend(budget)
        depth = 0
        frame: FrameType | None = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_name == "root" and frame.f_globals.get("environment") is self:
                depth += 1
            frame = frame.f_back
        if depth >= self.limits.max_template_depth:
            raise TemplateLimitError(
                "templates",
                f"include/extends/import nest more than {self.limits.max_template_depth} deep",
                **_location(self, sys._getframe(2)),
            )

    def get_template(self, *args: Any, **kwargs: Any) -> Template:
        self._enter_template()
        return super().get_template(*args, **kwargs)

    def select_template(self, *args: Any, **kwargs: Any) -> Template:
        self._enter_template()
        return super().select_template(*args, **kwargs)

    def get_or_select_template(self, *args: Any, **kwargs: Any) -> Template:
        self._enter_template()
        return super().get_or_select_template(*args, **kwargs)

    # -- sizes ------------------------------------------------------------------------

    def check_size(self, size: int, what: str = "a value") -> None:
        """Refuse a value of *size* characters or items before it is made."""
        if size > self.limits.max_size:
            raise self.limit_error(
                "size", f"{what} of {size:,} characters or items (most: {self.limits.max_size:,})"
            )

    def _check_bits(self, bits: int) -> None:
        if bits > self.limits.max_int_bits:
            raise self.limit_error(
                "size", f"a number of about {bits:,} bits (most: {self.limits.max_int_bits:,})"
            )

    def _check_width(self, width: Any) -> None:
        if isinstance(width, int) and width > self.limits.max_width:
            raise self.limit_error(
                "size", f"a width of {width:,} (most: {self.limits.max_width:,})"
            )

    def _check_printf(self, template: str) -> None:
        """``"%10s" % x``: widths and precisions within ``max_width``; no ``*``."""
        for match in _PRINTF_SPEC.finditer(template):
            for number in match.groups():
                if number == "*":
                    raise self.limit_error("size", "a '*' width in a % format")
                if number:
                    self._check_width(int(number))

    def _check_format_string(self, template: str) -> None:
        """``"{:>10}".format(x)``: widths within ``max_width``; no nested fields in a spec."""
        try:
            parsed = list(string.Formatter().parse(template))
        except ValueError:
            return  # str.format raises the same error itself
        for _literal, _field, spec, _conversion in parsed:
            if not spec:
                continue
            if "{" in spec:
                raise self.limit_error("size", "a nested {…} in a format spec")
            for number in _DIGITS.findall(spec):
                self._check_width(int(number))

    def limit_size(self, value: Any) -> Any:
        """Count a value the template made; refuse it if it, or all of them, are too large."""
        kind = type(value)
        if kind in _SIZED:  # exact types: this runs for every output, so it must be cheap
            size = len(value)
            budget = _BUDGET.get()
            if budget is None:
                if size > self.limits.max_size:
                    self.check_size(size)
                return value
            budget.made += size
            if size > budget.limits.max_size:
                self.check_size(size)
            if budget.made > budget.limits.max_total:
                raise self.limit_error(
                    "memory",
                    f"the values made add up to more than {budget.limits.max_total:,} "
                    "characters or items",
                )
        elif kind is int and value.bit_length() > self.limits.max_int_bits:
            self._check_bits(value.bit_length())
        return value

    def concat(self, parts: Iterable[str]) -> str:  # type: ignore[override]
        """Join a template's output, refusing to make more than ``max_size``."""
        if not isinstance(parts, list):
            joined: list[str] = []
            size = 0
            for part in parts:
                size += len(part)
                self.check_size(size, "the output")
                joined.append(part)
            return "".join(joined)
        self.check_size(sum(map(len, parts)), "the output")
        return "".join(parts)

    # -- globals and filters ----------------------------------------------------------

    def guard_iter(self, iterable: Any) -> Any:
        """A loop's iterable, each item counted as a step."""
        if _BUDGET.get() is None:
            return iterable
        return _CountedIter(self, iterable)

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        try:
            count = len(numbers)
        except OverflowError:
            count = sys.maxsize
        if count > self.limits.max_range:
            raise self.limit_error(
                "range",
                f"range() would make {count:,} numbers (most: {self.limits.max_range:,})",
            )
        return numbers

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
        if n > 100 or max > 1000:
            raise self.limit_error("size", "lipsum() of more than 100 paragraphs of 1,000 words")
        return generate_lorem_ipsum(n, html, min, max)

    def _checked_filter(
        self, filter_func: Callable[..., Any], check: Callable[[MagthemeSandbox, Any], None]
    ) -> Callable[..., Any]:
        inner = inspect.unwrap(filter_func)
        signature = inspect.signature(inner)
        # Jinja's async-capable filters take an eval context their sync function does not.
        marker = "jinja_pass_arg"
        skip = 1 if hasattr(filter_func, marker) and not hasattr(inner, marker) else 0

        @wraps(filter_func)  # keeps Jinja's pass_context/pass_environment marker
        def checked(*args: Any, **kwargs: Any) -> Any:
            try:
                bound = signature.bind(*args[skip:], **kwargs)
            except TypeError:
                return filter_func(*args, **kwargs)  # the filter reports its own misuse
            bound.apply_defaults()
            check(self, bound.arguments)
            return filter_func(*args, **kwargs)

        return checked

    def _counted_filter(self, filter_func: Callable[..., Any]) -> Callable[..., Any]:
        """*filter_func*, counted as a step, plus one per ``_STEP_SIZE`` of a long value."""

        @wraps(filter_func)  # keeps Jinja's pass_context/pass_environment marker
        def counted(*args: Any, **kwargs: Any) -> Any:
            budget = _BUDGET.get()
            if budget is not None:
                steps = 1
                for arg in args:
                    if type(arg) in _SIZED:
                        steps += len(arg) // _STEP_SIZE
                self._spend(budget, steps)
            return filter_func(*args, **kwargs)

        return counted


class _CountedIter:
    """Iterates like its iterable, counting a step per item."""

    def __init__(self, env: MagthemeSandbox, iterable: Any) -> None:
        self._env = env
        self._iterable = iterable

    def __iter__(self) -> Iterator[Any]:
        tick = self._env._tick
        for item in self._iterable:
            tick()
            yield item

    def __len__(self) -> int:
        return len(self._iterable)  # TypeError when unsized, as LoopContext expects


# -- argument checks for filters and str methods that pad, repeat or replace ----------------


def _replace_size(env: MagthemeSandbox, text: Any, old: Any, new: Any, count: Any) -> None:
    text, old, new = str(text), str(old), str(new)
    hits = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    env.check_size(len(text) + hits * max(len(new) - len(old), 0))


def _join_size(env: MagthemeSandbox, items: Any, separator: Any) -> None:
    if hasattr(items, "__len__"):
        env.check_size(len(items) * len(str(separator)))


def _indent_check(env: MagthemeSandbox, a: Mapping[str, Any]) -> None:
    width = a["width"]
    per_line = len(width) if isinstance(width, str) else width
    env._check_width(per_line)
    if isinstance(per_line, int):
        text = str(a["s"])
        env.check_size(len(text) + (text.count("\n") + 1) * per_line)


def _wordwrap_check(env: MagthemeSandbox, a: Mapping[str, Any]) -> None:
    text, width = str(a["s"]), a["width"]
    if isinstance(width, int) and width > 0:
        lines = len(text) // width + 1
        env.check_size(len(text) + lines * len(a["wrapstring"] or "\n"))


def _fill_check(count_arg: str) -> Callable[[MagthemeSandbox, Mapping[str, Any]], None]:
    def check(env: MagthemeSandbox, a: Mapping[str, Any]) -> None:
        count = a[count_arg]
        if isinstance(count, int) and count > env.limits.max_range:
            raise env.limit_error(
                "range", f"{count_arg}={count:,} (most: {env.limits.max_range:,})"
            )

    return check


_FILTER_CHECKS: dict[str, Callable[[MagthemeSandbox, Any], None]] = {
    "center": lambda env, a: env._check_width(a["width"]),
    "indent": _indent_check,
    "wordwrap": _wordwrap_check,
    "format": lambda env, a: env._check_printf(str(a["value"])),
    "replace": lambda env, a: _replace_size(env, a["s"], a["old"], a["new"], a["count"]),
    "join": lambda env, a: _join_size(env, a["value"], a["d"]),
    "batch": lambda env, a: (
        _fill_check("linecount")(env, a) if a["fill_with"] is not None else None
    ),
    "slice": _fill_check("slices"),
}


def _width_arg(env: MagthemeSandbox, text: str, args: tuple[Any, ...]) -> None:
    if args:
        env._check_width(args[0])


def _expandtabs(env: MagthemeSandbox, text: str, args: tuple[Any, ...]) -> None:
    size = args[0] if args and isinstance(args[0], int) else 8
    env.check_size(len(text) + text.count("\t") * size)


def _str_replace(env: MagthemeSandbox, text: str, args: tuple[Any, ...]) -> None:
    if len(args) >= 2:
        _replace_size(env, text, args[0], args[1], args[2] if len(args) > 2 else -1)


def _str_join(env: MagthemeSandbox, text: str, args: tuple[Any, ...]) -> None:
    if args:
        _join_size(env, args[0], text)


_STR_METHOD_CHECKS: dict[str, Callable[[MagthemeSandbox, str, tuple[Any, ...]], None]] = {
    "center": _width_arg,
    "ljust": _width_arg,
    "rjust": _width_arg,
    "zfill": _width_arg,
    "expandtabs": _expandtabs,
    "replace": _str_replace,
    "join": _str_join,
}


# -- rendering ---------------------------------------------------------------------------


class LimitedTemplate(Template):
    """A template whose :meth:`render` always runs under :func:`render_limited`."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        return render_limited(self, dict(*args, **kwargs))


MagthemeSandbox.template_class = LimitedTemplate


def render_limited(template: Template, variables: Mapping[str, Any]) -> str:
    """Render *template* with *variables* within the sandbox's limits.

    A render inside a render (a template part, a widget) shares the outer render's budgets.
    Raises :class:`TemplateLimitError` naming the template and line on any limit, a Python
    :class:`RecursionError` or :class:`MemoryError` included, and :class:`TemplateRenderError`
    naming them for any other failure of the template's code (see :data:`TEMPLATE_FAULTS`).
    """
    env = template.environment
    limits: Limits = getattr(env, "limits", DEFAULT_LIMITS)
    if _BUDGET.get() is not None:
        return _render(template, variables, limits)
    token = _BUDGET.set(_Budget(limits))
    try:
        return _render(template, variables, limits)
    except RecursionError as exc:
        raise TemplateLimitError(
            "recursion",
            "Python's recursion limit was reached",
            **_traceback_location(env, exc.__traceback__),
        ) from None
    except MemoryError as exc:
        raise TemplateLimitError(
            "memory", "the server ran out of memory", **_traceback_location(env, exc.__traceback__)
        ) from None
    finally:
        _BUDGET.reset(token)


def _render(template: Template, variables: Mapping[str, Any], limits: Limits) -> str:
    env = template.environment
    context = template.new_context(dict(variables))
    try:
        parts: list[str] = []
        size = 0
        for part in template.root_render_func(context):
            size += len(part)
            if size > limits.max_size:
                raise TemplateLimitError(
                    "size",
                    f"the page is longer than {limits.max_size:,} characters",
                    name=template.name,
                    filename=template.filename,
                )
            parts.append(part)
        return "".join(parts)
    except (RecursionError, MemoryError):
        raise  # turned into TemplateLimitError by the outermost render, where the stack is short
    except TemplateFault:
        raise  # already says where (an inner part's own failure, or a limit)
    except TEMPLATE_FAULTS as exc:
        if isinstance(exc, TemplateSyntaxError) and exc.filename:
            # An included template that does not parse: where it is broken, not where it
            # was included.
            where = _file_location(env, exc.name, exc.filename, exc.lineno)
        else:
            where = _traceback_location(env, exc.__traceback__) or _file_location(
                env, template.name, template.filename, None
            )
        try:
            env.handle_exception()  # the traceback with template lines, for the log
        except TEMPLATE_FAULTS as rewritten:
            raise TemplateRenderError(rewritten, **where) from rewritten
        raise  # handle_exception always raises; this line is for type checkers
    except Exception:
        env.handle_exception()
        raise


__all__ = [
    "BLOCKED_ATTRIBUTES",
    "DEFAULT_LIMITS",
    "LimitedCodeGenerator",
    "LimitedTemplate",
    "Limits",
    "MagthemeSandbox",
    "TEMPLATE_FAULTS",
    "TemplateFault",
    "TemplateLimitError",
    "TemplateRenderError",
    "render_limited",
]
