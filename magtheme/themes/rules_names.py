"""Template rules about names: what a template reads that no render gives it.

A template that calls ``related_posts()`` or reads ``nothing.title`` parses fine and fails
only when a visitor asks for the page. These rules find such names before: each template's
syntax tree (never its text) is asked which names it reads from outside
(:func:`jinja2.meta.find_undeclared_variables`, which knows Jinja's scoping of ``set``,
``for``, macros and imports), and those are checked against what renders provide — the page
variables and helpers of :mod:`magtheme.render` (:data:`~magtheme.render.PAGE_VARIABLES`,
:data:`~magtheme.render.PAGE_HELPERS`, :data:`~magtheme.render.OPTIONAL_VARIABLES`), the
sandbox's globals (``range``, ``namespace`` …), the keyword arguments ``template_part``
calls pass to parts, and what related templates (those it extends or includes, or that
extend or include it) set.

Attributes of the page's views are checked too: ``post.titel`` and ``site.nmae`` read
nothing, so they are warnings with a "did you mean". The attributes of each view are read
from its class in :mod:`magtheme.present` and :mod:`magtheme.render` (dataclass fields,
properties, methods and what ``__init__`` assigns), not from a copy.

The codes' levels, docs and fixes live in :data:`magtheme.themes.check.RULES`.
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import inspect
import sys
import textwrap
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jinja2 import Environment, nodes
from jinja2.meta import find_undeclared_variables

from .rules_templates import TemplateIssue

UNDEFINED_HELPER = "MT-TPL-UNDEFINED-HELPER"
UNDEFINED_VARIABLE = "MT-TPL-UNDEFINED-VARIABLE"
UNKNOWN_ATTRIBUTE = "MT-TPL-UNKNOWN-ATTRIBUTE"

#: Every code this module reports.
NAME_CODES = (UNDEFINED_HELPER, UNDEFINED_VARIABLE, UNKNOWN_ATTRIBUTE)

#: Names Jinja itself gives a template in some places (blocks, loops, macros).
JINJA_SPECIALS = frozenset({"self", "super", "loop", "caller", "varargs", "kwargs"})

#: Where widget templates live; their widget type's data adds and replaces variables.
WIDGETS = "templates/widgets/"
#: Where menu templates live; ``nav_menu()`` gives them the menu and its items.
MENUS = "templates/menus/"

#: Tests and filters that make reading an undefined name safe (``foo is defined``,
#: ``foo|default("x")``).
_GUARD_TESTS = frozenset({"defined", "undefined"})
_GUARD_FILTERS = frozenset({"default", "d"})


# ---------------------------------------------------------------------------------------------
# What renders provide


@dataclass(frozen=True)
class RenderContext:
    """The names a chain's templates are given, and the kind of value of the page's."""

    #: Page variables and the kind of their value (a view class, ``list[PostView]`` …).
    variables: Mapping[str, Any]
    helpers: frozenset[str]
    optional: frozenset[str]
    globals: frozenset[str]
    widget: frozenset[str]
    #: What ``nav_menu()`` adds for the templates under ``menus/``.
    menu: frozenset[str] = frozenset()
    #: Names set by each group of related templates (file → names), see :func:`related`.
    related: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: Keyword arguments ``template_part`` calls pass, by part file (``parts/x.html``);
    #: under ``"*"`` those of calls whose part is only known at render time.
    part_kwargs: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, env: Environment) -> RenderContext:
        """The names :mod:`magtheme.render` gives every page, and *env*'s globals."""
        from .. import render  # late: render imports the theme package

        return cls(
            variables=dict(render.PAGE_VARIABLES),
            helpers=frozenset(render.PAGE_HELPERS),
            optional=frozenset(render.OPTIONAL_VARIABLES),
            globals=frozenset(env.globals),
            widget=frozenset(render.WIDGET_VARIABLES),
            menu=frozenset(render.MENU_VARIABLES),
        )

    def known(self, file: str) -> frozenset[str]:
        """Every name a template *file* (``templates/x.html``) may read."""
        name = file.removeprefix("templates/")
        known = set(self.variables) | self.helpers | self.optional | self.globals
        known |= JINJA_SPECIALS | self.related.get(file, frozenset())
        if name.startswith("widgets/"):
            known |= self.widget
        if name.startswith("menus/"):
            known |= self.menu
        if name.startswith("parts/"):
            known |= self.part_kwargs.get("*", frozenset())
            for part, kwargs in self.part_kwargs.items():
                stem = part.removesuffix(".html")
                if name == part or (name.startswith(stem + "-") and name.endswith(".html")):
                    known |= kwargs
        return frozenset(known)


def _stored(tree: nodes.Template) -> set[str]:
    """Names a template sets for others: ``set``, loop targets, macros, imports."""
    names = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    names |= {m.name for m in tree.find_all(nodes.Macro)}
    names |= {i.target for i in tree.find_all(nodes.Import)}
    for imp in tree.find_all(nodes.FromImport):
        names |= {n[1] if isinstance(n, tuple) else n for n in imp.names}
    return names


def _targets(tree: nodes.Template) -> Iterator[str]:
    """The constant template names *tree* extends, includes or imports."""
    for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        target = node.template  # type: ignore[attr-defined]
        consts = target.items if isinstance(target, nodes.List | nodes.Tuple) else [target]
        for const in consts:
            if isinstance(const, nodes.Const) and isinstance(const.value, str):
                name = const.value
                if name.startswith("!"):
                    name = name.partition("/")[2]
                yield f"templates/{name}"


def related(trees: Mapping[str, nodes.Template]) -> dict[str, frozenset[str]]:
    """For each file, the names set by the templates it is joined to by extends/include/import.

    A child's blocks see what its parent sets and the parent what the child sets; an included
    template sees what its includer sets. Groups are taken whole (a child, its parent and
    what either includes), which errs on the side of silence.
    """
    group = {file: file for file in trees}

    def find(file: str) -> str:
        while group[file] != file:
            group[file] = group[group[file]]
            file = group[file]
        return file

    for file, tree in trees.items():
        for target in _targets(tree):
            if target in group:
                group[find(target)] = find(file)
    names: dict[str, set[str]] = {}
    for file, tree in trees.items():
        names.setdefault(find(file), set()).update(_stored(tree))
    return {file: frozenset(names[find(file)]) for file in trees}


def part_kwargs(trees: Iterable[nodes.Template]) -> dict[str, frozenset[str]]:
    """The keyword arguments of every ``template_part`` call, by the part they render."""
    found: dict[str, set[str]] = {}
    for tree in trees:
        for call in tree.find_all(nodes.Call):
            if not (isinstance(call.node, nodes.Name) and call.node.name == "template_part"):
                continue
            slug = call.args[0] if call.args else None
            key = (
                f"parts/{slug.value}.html"
                if isinstance(slug, nodes.Const) and isinstance(slug.value, str)
                else "*"
            )
            found.setdefault(key, set()).update(kw.key for kw in call.kwargs)
    return {key: frozenset(names) for key, names in found.items()}


# ---------------------------------------------------------------------------------------------
# The attributes of the views templates see


def _hints(obj: Any, module: types.ModuleType) -> dict[str, Any]:
    try:
        return typing.get_type_hints(obj, globalns=vars(module))
    except Exception:  # an annotation that names something not importable here: unknown
        return {}


def _infer(value: ast.expr, module: types.ModuleType) -> Any:
    """The kind of ``self.x = value``: a class it constructs, a list of them, or ``None``."""
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        made = vars(module).get(value.func.id)
        return made if inspect.isclass(made) else None
    if isinstance(value, ast.IfExp):
        return _infer(value.body, module) or _infer(value.orelse, module)
    if isinstance(value, ast.BoolOp):
        return next((k for k in (_infer(v, module) for v in value.values) if k), None)
    if isinstance(value, ast.ListComp):
        element = _infer(value.elt, module)
        return list[element] if element is not None else None  # type: ignore[valid-type]
    return None


def _init_attributes(cls: type, module: types.ModuleType) -> dict[str, Any]:
    """What ``cls.__init__`` assigns to ``self``, with the kinds it can tell."""
    init = cls.__dict__.get("__init__")
    if not inspect.isfunction(init):
        return {}
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(init)))
    except (OSError, TypeError, SyntaxError):
        return {}
    found: dict[str, Any] = {}
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == "self"
            ):
                found[target.attr] = _infer(value, module)
        # for name in TABLE: setattr(self, name, …) — the names are TABLE's.
        if isinstance(node, ast.For) and isinstance(node.iter, ast.Name):
            table = vars(module).get(node.iter.id)
            sets_self = any(
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id == "setattr"
                and call.args
                and isinstance(call.args[0], ast.Name)
                and call.args[0].id == "self"
                for call in ast.walk(node)
            )
            if sets_self and isinstance(table, Iterable):
                found.update(dict.fromkeys(str(name) for name in table))
    return found


@cache
def view_attributes(cls: type) -> dict[str, Any]:
    """Public attributes of the view class *cls*, each with its kind when it can be told."""
    module = sys.modules[cls.__module__]
    attributes: dict[str, Any] = {}
    if dataclasses.is_dataclass(cls):
        hints = _hints(cls, module)
        attributes.update({f.name: hints.get(f.name) for f in dataclasses.fields(cls)})
    attributes.update(_init_attributes(cls, module))
    for name in dir(cls):
        if name.startswith("_"):
            continue
        member = inspect.getattr_static(cls, name)
        if isinstance(member, property):
            attributes[name] = _hints(member.fget, module).get("return")
        else:
            attributes.setdefault(name, None)
    return {name: kind for name, kind in attributes.items() if not name.startswith("_")}


def _view(kind: Any) -> type | None:
    """The view class a kind stands for (``PostView | None`` is ``PostView``), if any."""
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        kind = options[0] if len(options) == 1 else None
    if inspect.isclass(kind) and kind.__module__.startswith("magtheme."):
        return kind
    return None


def _element(kind: Any) -> Any:
    """What a loop over a value of *kind* yields (``list[PostView]`` → ``PostView``)."""
    if typing.get_origin(kind) in (list, tuple) and typing.get_args(kind):
        return typing.get_args(kind)[0]
    return None


# ---------------------------------------------------------------------------------------------
# The rules


def _parents(tree: nodes.Node) -> dict[int, nodes.Node]:
    parents: dict[int, nodes.Node] = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        for child in node.iter_child_nodes():
            parents[id(child)] = node
            stack.append(child)
    return parents


def _use(node: nodes.Name, parent: nodes.Node | None) -> str:
    """How a name is used: ``call``, ``object`` (attribute or item read), ``guard`` or ``read``."""
    if isinstance(parent, nodes.Call) and parent.node is node:
        return "call"
    if isinstance(parent, nodes.Getattr | nodes.Getitem) and parent.node is node:
        return "object"
    if isinstance(parent, nodes.Test) and parent.node is node and parent.name in _GUARD_TESTS:
        return "guard"
    if isinstance(parent, nodes.Filter) and parent.node is node and parent.name in _GUARD_FILTERS:
        return "guard"
    return "read"


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(options), n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


def _lines(lines: list[int]) -> str:
    rest = sorted(set(lines))[1:]
    return f" (also line{'s' if len(rest) > 1 else ''} {', '.join(map(str, rest))})" if rest else ""


def name_issues(file: str, tree: nodes.Template, context: RenderContext) -> list[TemplateIssue]:
    """Names *tree* reads that no render provides, and unknown attributes of the page's views."""
    parents = _parents(tree)
    issues = _undefined_issues(file, tree, context, parents)
    issues += _attribute_issues(file, tree, context)
    return issues


def _undefined_issues(
    file: str, tree: nodes.Template, context: RenderContext, parents: dict[int, nodes.Node]
) -> list[TemplateIssue]:
    if file.startswith(WIDGETS):
        return []  # widget types add variables of their own, known only to their code
    known = context.known(file)
    undeclared = find_undeclared_variables(tree) - known
    uses: dict[str, dict[str, list[int]]] = {}
    shown: dict[str, str] = {}  # how the first call or read into the name is written
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name in undeclared:
            parent = parents.get(id(node))
            how = _use(node, parent)
            uses.setdefault(node.name, {}).setdefault(how, []).append(node.lineno)
            if how == "call":
                shown.setdefault(node.name, f"{node.name}()")
            elif how == "object":
                text = _dotted(parent) if parent is not None else node.name
                shown.setdefault(node.name, text.replace("…", f"{node.name}[…]"))
    issues = []
    for name, ways in sorted(uses.items()):
        if "guard" in ways:
            continue  # the template checks for it: `{% if foo is defined %}`
        hint = _suggest(name, known)
        if "call" in ways or "object" in ways:
            lines = ways.get("call", []) + ways.get("object", [])
            what = shown[name]
            issues.append(
                TemplateIssue(
                    UNDEFINED_HELPER,
                    file,
                    min(lines),
                    f"{what}: no template is given {name!r}, so this fails when the page is "
                    f"shown{_lines(lines)}. Use a helper from docs/themes.md, pass it to the part "
                    f"(template_part(..., {name}=...)) or set it first.{hint}",
                )
            )
        else:
            lines = ways["read"]
            issues.append(
                TemplateIssue(
                    UNDEFINED_VARIABLE,
                    file,
                    min(lines),
                    f"{name!r} is not a template variable, so it prints as nothing{_lines(lines)}; "
                    f"fix the name, or test it with `{name} is defined` if a render may "
                    f"pass it.{hint}",
                )
            )
    return issues


def _kinds(tree: nodes.Template, context: RenderContext) -> dict[str, Any]:
    """The kind of each name the template reads whose kind can be told.

    Page variables keep theirs unless the template sets them; a loop target takes what its
    loop yields (``for item in posts`` → ``PostView``), when every loop setting it agrees.
    """
    loops: dict[str, list[nodes.Node]] = {}
    loop_targets: set[int] = set()
    for loop in tree.find_all(nodes.For):
        if isinstance(loop.target, nodes.Name):
            loops.setdefault(loop.target.name, []).append(loop.iter)
            loop_targets.add(id(loop.target))
    others = {
        n.name
        for n in tree.find_all(nodes.Name)
        if n.ctx in ("store", "param") and id(n) not in loop_targets
    }
    kinds = {name: kind for name, kind in context.variables.items() if name not in others}
    for _ in range(3):  # nested loops: `for c in p.categories` inside `for p in posts`
        for name, iters in loops.items():
            if name in others:
                continue
            found = {_view(_element(_kind_of(it, kinds))) for it in iters}
            if name in context.variables:
                found.add(_view(context.variables[name]))
            kinds[name] = found.pop() if len(found) == 1 else None
    return kinds


def _kind_of(node: nodes.Node, kinds: Mapping[str, Any]) -> Any:
    if isinstance(node, nodes.Name):
        return kinds.get(node.name)
    if isinstance(node, nodes.Getattr):
        view = _view(_kind_of(node.node, kinds))
        return view_attributes(view).get(node.attr) if view is not None else None
    return None


def _attribute_issues(
    file: str, tree: nodes.Template, context: RenderContext
) -> list[TemplateIssue]:
    if file.startswith((WIDGETS, MENUS)):
        return []  # a widget's or menu's data may reuse a page variable's name for its own
    kinds = _kinds(tree, context)
    # `{% if post.subtitle is defined %}` makes every `post.subtitle` of the template safe.
    guarded = {
        _dotted(test.node)
        for test in tree.find_all(nodes.Test)
        if test.name in _GUARD_TESTS and isinstance(test.node, nodes.Getattr)
    }
    issues = []
    for node in tree.find_all(nodes.Getattr):
        view = _view(_kind_of(node.node, kinds))
        if view is None:
            continue
        attributes = view_attributes(view)
        if node.attr in attributes:
            continue
        if _dotted(node) in guarded:
            continue
        owner = _dotted(node.node)
        issues.append(
            TemplateIssue(
                UNKNOWN_ATTRIBUTE,
                file,
                node.lineno,
                f"{owner}.{node.attr}: a {view.__name__} has no attribute {node.attr!r}, so it "
                f"prints as nothing (it has: {', '.join(sorted(attributes))})."
                f"{_suggest(node.attr, attributes)}",
            )
        )
    return issues


def _dotted(node: nodes.Node) -> str:
    """``post.author.name`` for a chain of attribute reads; ``…`` for anything else."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    return "…"
