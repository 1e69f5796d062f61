"""Block markup from modern WordPress: ``<!-- wp:paragraph -->`` comments, parsed and rendered.

Three parts, each WordPress's:

* the parser (``WP_Block_Parser``): the block grammar exactly, best-effort on bad input
  (unclosed blocks are closed at the end, a stray closer turns the rest into HTML);
* the render pipeline (``do_blocks`` → ``render_block`` → ``WP_Block::render``): a static
  block prints its saved HTML, a dynamic block calls its renderer, then the render-time
  filters of WordPress 6.1 for a classic theme run (layout classes and ``wp-container-N``,
  the gallery's ``wp-block-gallery-N``, the group's inner container, the aligned image's
  outer ``div``);
* a :class:`BlockRegistry` of dynamic renderers that extensions extend through the
  :func:`dynamic` decorator or the ``magtheme.blocks`` entry-point group.

When content has blocks WordPress skips ``wpautop`` for it (``do_blocks`` removes the
filter for the rest of ``the_content``): callers ask :func:`content_has_blocks` first.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from ..extensions import load_entry_points
from .context import ContentContext

log = logging.getLogger(__name__)

#: The entry-point group whose functions receive the registry to add block renderers.
ENTRY_POINT_GROUP = "magtheme.blocks"


# -- the parser --------------------------------------------------------------------------------


@dataclass
class Block:
    """One parsed block (``WP_Block_Parser_Block``); ``name`` is ``None`` for freeform HTML.

    ``inner_content`` holds the saved HTML chunks with ``None`` where an inner block goes.
    """

    name: str | None
    attrs: dict[str, Any] = field(default_factory=dict)
    inner_blocks: list[Block] = field(default_factory=list)
    inner_html: str = ""
    inner_content: list[str | None] = field(default_factory=list)


# The block delimiter, WordPress's expression (PCRE's possessive ``*+`` included, which keeps
# invalid comments from backtracking catastrophically).
_TOKEN = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)\s+"
    r"(?P<attrs>\{(?:(?:[^}]+|\}+(?=\})|(?!\}\s+/?-->).)*+)?\}\s+)?(?P<void>/)?-->",
    re.S,
)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _decode_attrs(text: str) -> dict[str, Any]:
    """The attributes' JSON as PHP's ``json_decode`` reads it; anything invalid is ``{}``.

    WordPress gets ``null`` for invalid JSON and then treats it as no attributes.
    """
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


@dataclass
class _Frame:
    block: Block
    token_start: int
    token_length: int
    prev_offset: int
    leading_html_start: int | None


class _Parser:
    """``WP_Block_Parser``: a loop over delimiter tokens with a stack of open blocks."""

    def __init__(self, document: str) -> None:
        self.document = document
        self.offset = 0
        self.output: list[Block] = []
        self.stack: list[_Frame] = []

    def parse(self) -> list[Block]:
        while self._proceed():
            pass
        return self.output

    def _next_token(self) -> tuple[str, str, dict[str, Any], int, int]:
        match = _TOKEN.search(self.document, self.offset)
        if match is None:
            return "no-more-tokens", "", {}, -1, 0
        name = (match.group("namespace") or "core/") + match.group("name")
        attrs_text = match.group("attrs")
        attrs = _decode_attrs(attrs_text) if attrs_text is not None else {}
        start, length = match.start(), match.end() - match.start()
        # A closer with attributes or a void slash is invalid; WordPress ignores the extras
        # (and a void slash wins over the closer's).
        if match.group("void") is not None:
            return "void-block", name, attrs, start, length
        if match.group("closer") is not None:
            return "block-closer", name, {}, start, length
        return "block-opener", name, attrs, start, length

    def _proceed(self) -> bool:
        kind, name, attrs, start, length = self._next_token()
        depth = len(self.stack)
        leading_html_start = self.offset if start > self.offset else None

        if kind == "no-more-tokens":
            if depth == 0:
                self._add_freeform()
                return False
            # Unclosed blocks: assume the missing closers at the end of the document. WordPress
            # pushes each open block to the top level with the rest of the document as its
            # HTML, which repeats text and grows quadratically with the nesting; here each
            # closes into its parent, the way an explicit closer at the end would.
            end = len(self.document)
            while len(self.stack) > 1:
                top = self.stack.pop()
                html = self.document[top.prev_offset :]
                if _php_nonempty(html):
                    top.block.inner_html += html
                    top.block.inner_content.append(html)
                self._add_inner_block(top.block, top.token_start, top.token_length, end)
            self._add_block_from_stack()
            return False

        if kind == "void-block":
            block = Block(name, attrs)
            if depth == 0:
                if leading_html_start is not None:
                    self.output.append(_freeform(self.document[leading_html_start:start]))
                self.output.append(block)
            else:
                self._add_inner_block(block, start, length)
            self.offset = start + length
            return True

        if kind == "block-opener":
            self.stack.append(
                _Frame(Block(name, attrs), start, length, start + length, leading_html_start)
            )
            self.offset = start + length
            return True

        # A block closer.
        if depth == 0:
            # A closer with no opener: WordPress gives up and keeps the rest as HTML.
            self._add_freeform()
            return False
        if depth == 1:
            self._add_block_from_stack(start)
            self.offset = start + length
            return True
        top = self.stack.pop()
        html = self.document[top.prev_offset : start]
        top.block.inner_html += html
        top.block.inner_content.append(html)
        top.prev_offset = start + length
        self._add_inner_block(top.block, top.token_start, top.token_length, start + length)
        self.offset = start + length
        return True

    def _add_freeform(self) -> None:
        if self.offset < len(self.document):
            self.output.append(_freeform(self.document[self.offset :]))

    def _add_inner_block(
        self, block: Block, token_start: int, token_length: int, last_offset: int | None = None
    ) -> None:
        parent = self.stack[-1]
        parent.block.inner_blocks.append(block)
        html = self.document[parent.prev_offset : token_start]
        if _php_nonempty(html):
            parent.block.inner_html += html
            parent.block.inner_content.append(html)
        parent.block.inner_content.append(None)
        parent.prev_offset = last_offset if last_offset else token_start + token_length

    def _add_block_from_stack(self, end_offset: int | None = None) -> None:
        top = self.stack.pop()
        end = len(self.document) if end_offset is None else end_offset
        html = self.document[top.prev_offset : end]
        if _php_nonempty(html):
            top.block.inner_html += html
            top.block.inner_content.append(html)
        if top.leading_html_start is not None:
            self.output.append(_freeform(self.document[top.leading_html_start : top.token_start]))
        self.output.append(top.block)


def _php_nonempty(text: str) -> bool:
    # PHP's empty() is true for "" and for "0": WordPress drops a lone "0" between blocks.
    return text not in ("", "0")


def _freeform(html: str) -> Block:
    return Block(None, {}, [], html, [html])


def parse_blocks(text: str) -> list[Block]:
    """The blocks of *text* (WordPress's ``parse_blocks``), freeform HTML as nameless blocks."""
    return _Parser(text or "").parse()


def has_blocks(text: str | None) -> bool:
    """WordPress's ``has_blocks``: whether *text* holds a block delimiter at all."""
    return bool(text) and "<!-- wp:" in str(text)


def content_has_blocks(text: str | None) -> bool:
    """Whether ``the_content`` must skip autop for *text* (WordPress does when it has blocks).

    WordPress's ``do_blocks`` removes ``wpautop`` from the running ``the_content`` filter when
    the content has blocks (``_restore_wpautop_hook`` puts it back afterwards), so block
    content is never auto-paragraphed while classic content still is.
    """
    return has_blocks(text)


def iter_blocks(blocks: list[Block]) -> Iterator[Block]:
    """Every block of *blocks* and their inner blocks, depth first (no recursion)."""
    stack = list(reversed(blocks))
    while stack:
        block = stack.pop()
        yield block
        stack.extend(reversed(block.inner_blocks))


# -- the registry ------------------------------------------------------------------------------


@dataclass
class RenderState:
    """What one page's block rendering shares: WordPress's ``wp_unique_id`` counter and the
    block-support CSS (``core-block-supports`` styles) the rendered blocks need.

    Give one state to every ``do_blocks`` call of a page so ``wp-container-N`` classes stay
    unique on it, and print :meth:`stylesheet` in the page's ``<head>``.
    """

    counter: int = 0
    styles: list[str] = field(default_factory=list)
    #: Per-renderer counters (WordPress's ``static $block_id`` in some renderers).
    counters: dict[str, int] = field(default_factory=dict)
    #: A theme without theme.json (WordPress's classic themes): restore the legacy wrappers.
    classic_theme: bool = True

    def unique_id(self, prefix: str = "") -> str:
        """WordPress's ``wp_unique_id``: one counter for every prefix."""
        self.counter += 1
        return f"{prefix}{self.counter}"

    def next(self, name: str) -> int:
        """A counter of its own for *name* (1, 2, 3…)."""
        self.counters[name] = self.counters.get(name, 0) + 1
        return self.counters[name]

    def stylesheet(self) -> str:
        """The CSS the rendered blocks need, one rule per line."""
        return "\n".join(dict.fromkeys(self.styles))


@dataclass
class BlockInstance:
    """A block being rendered (WordPress's ``WP_Block``): what a renderer may know."""

    block: Block
    #: The attributes with the block type's defaults filled in.
    attrs: dict[str, Any]
    context: ContentContext
    state: RenderState
    #: The enclosing block's attributes (WordPress passes some down as block context).
    parent_attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.block.name or ""


#: A dynamic block's renderer: (attributes, rendered inner content, the block) → HTML.
Renderer = Callable[[dict[str, Any], str, BlockInstance], str]


@dataclass
class BlockType:
    """A registered block: its renderer (for dynamic blocks) and what WordPress adds to it."""

    name: str
    render: Renderer | None = None
    #: Attribute defaults from the block's ``block.json``.
    defaults: dict[str, Any] = field(default_factory=dict)
    #: The default layout when the block supports layout (``None``: no layout support).
    layout: dict[str, Any] | None = None


#: Blocks with layout support in WordPress 6.1 and their default layouts (from block.json).
LAYOUT_BLOCKS: dict[str, dict[str, Any]] = {
    "core/group": {},
    "core/column": {},
    "core/columns": {"type": "flex", "flexWrap": "nowrap"},
    "core/buttons": {"type": "flex"},
    "core/social-links": {"type": "flex"},
    "core/gallery": {"type": "flex"},
    "core/navigation": {"type": "flex"},
    "core/post-content": {},
    "core/comments": {},
}


class BlockRegistry:
    """Block types by name (``core/latest-posts``); unknown blocks render as saved."""

    def __init__(self) -> None:
        self._types: dict[str, BlockType] = {
            name: BlockType(name, layout=layout) for name, layout in LAYOUT_BLOCKS.items()
        }

    def register(
        self, name: str, render: Renderer, *, defaults: dict[str, Any] | None = None
    ) -> None:
        """Make *name* a dynamic block drawn by *render* (replacing an earlier renderer)."""
        if "/" not in name:
            name = "core/" + name
        known = self._types.get(name)
        self._types[name] = BlockType(
            name, render, dict(defaults or {}), known.layout if known else None
        )

    def dynamic(
        self, name: str, *, defaults: dict[str, Any] | None = None
    ) -> Callable[[Renderer], Renderer]:
        """Decorator form of :meth:`register`."""

        def decorate(render: Renderer) -> Renderer:
            self.register(name, render, defaults=defaults)
            return render

        return decorate

    def get(self, name: str | None) -> BlockType | None:
        return self._types.get(name) if name else None

    def is_dynamic(self, name: str | None) -> bool:
        block_type = self.get(name)
        return block_type is not None and block_type.render is not None

    def __contains__(self, name: object) -> bool:
        return name in self._types


#: The registry the core dynamic blocks (``dynamic_blocks``) register on.
default_registry = BlockRegistry()


def dynamic(name: str, *, defaults: dict[str, Any] | None = None) -> Callable[[Renderer], Renderer]:
    """Register a dynamic block renderer on the default registry::

    @blocks.dynamic("acme/hello")
    def hello(attrs, content, block):
        return "<p>Hello</p>"
    """
    return default_registry.dynamic(name, defaults=defaults)


def load_entry_point_blocks(
    registry: BlockRegistry | None = None, group: str = ENTRY_POINT_GROUP
) -> list[str]:
    """Let every installed package of entry-point *group* register its blocks.

    Each entry point names a function that takes the registry. One that fails is logged and
    skipped, so a broken extension cannot take the site down. Returns the names loaded.
    """
    return load_entry_points(group, registry or default_registry, "block")


# -- rendering ---------------------------------------------------------------------------------


#: Below this nesting depth blocks render as saved, without the render-time filters: each
#: filter reads its block's whole HTML, so hostile nesting would cost quadratic time.
MAX_FILTERED_DEPTH = 100


def do_blocks(
    text: str,
    context: ContentContext | None = None,
    *,
    state: RenderState | None = None,
    registry: BlockRegistry | None = None,
) -> str:
    """WordPress's ``do_blocks``: every block of *text* rendered, freeform HTML kept.

    The caller must skip autop for *text* when :func:`content_has_blocks` says so.
    """
    from . import dynamic_blocks  # noqa: F401 — registers the core dynamic blocks

    if not has_blocks(text):
        return text or ""
    context = context or ContentContext()
    state = state or RenderState()
    registry = registry or default_registry
    return "".join(render_block(block, context, state, registry) for block in parse_blocks(text))


def render_block(
    block: Block,
    context: ContentContext,
    state: RenderState,
    registry: BlockRegistry | None = None,
) -> str:
    """WordPress's ``render_block``: one block and its inner blocks, inner first.

    Rendering walks the tree with an explicit stack, so any depth of nesting is safe.
    """
    registry = registry or default_registry
    # Each frame: the block, its inner blocks' rendered HTML so far.
    stack: list[tuple[Block, list[str]]] = [(prepare_block(block), [])]
    result = ""
    while stack:
        current, done = stack[-1]
        if len(done) < len(current.inner_blocks):
            stack.append((prepare_block(current.inner_blocks[len(done)]), []))
            continue
        stack.pop()
        parent = stack[-1][0].attrs if stack else {}
        html = _render_one(current, done, context, state, registry, parent)
        if len(stack) < MAX_FILTERED_DEPTH:
            html = apply_render_filters(html, current, state, registry)
        if stack:
            stack[-1][1].append(html)
        else:
            result = html
    return result


def _render_one(
    block: Block,
    inner: list[str],
    context: ContentContext,
    state: RenderState,
    registry: BlockRegistry,
    parent_attrs: dict[str, Any],
) -> str:
    """``WP_Block::render`` before the filters: saved HTML with inner blocks, or the renderer."""
    pieces = iter(inner)
    content = "".join(
        chunk if chunk is not None else next(pieces, "") for chunk in block.inner_content
    )
    block_type = registry.get(block.name)
    if block_type is None or block_type.render is None:
        return content
    attrs = {**block_type.defaults, **block.attrs}
    instance = BlockInstance(block, attrs, context, state, parent_attrs)
    try:
        return str(block_type.render(attrs, content, instance))
    except SQLAlchemyError:
        raise  # the site's data is out of reach: the page cannot be drawn honestly
    except Exception:  # one broken block must not take the page down
        log.exception("block %s failed to render", block.name)
        context.failures.append(f"block {block.name}")
        return ""


# -- what WordPress 6.1 adds at render time (block supports and per-block filters) ------------


def prepare_block(block: Block) -> Block:
    """The ``render_block_data`` filters: old latest-posts blocks saved one category ID."""
    categories = block.attrs.get("categories")
    if block.name == "core/latest-posts" and categories and isinstance(categories, str):
        attrs = {**block.attrs, "categories": [{"id": _absint(categories)}]}
        return Block(block.name, attrs, block.inner_blocks, block.inner_html, block.inner_content)
    return block


def _absint(value: Any) -> int:
    match = re.match(r"\s*[-+]?\d+", str(value))
    return abs(int(match.group(0))) if match else 0


def default_classname(name: str) -> str:
    """``wp_get_block_default_classname``: ``core/latest-posts`` → ``wp-block-latest-posts``."""
    return "wp-block-" + re.sub(r"^core-", "", name.replace("/", "-"))


def add_classes(html: str, classes: str) -> str:
    """Put *classes* first in the first ``class="`` of *html*, as WordPress's filters do."""
    return html.replace('class="', f'class="{classes} ', 1) if classes else html


def sanitize_class(value: str) -> str:
    """A class name from free text, roughly WordPress's ``sanitize_title`` for ASCII."""
    value = re.sub(r"[^a-z0-9 _-]", "", str(value).lower())
    return re.sub(r"[\s-]+", "-", value).strip("-")


def css_rules(rules: list[tuple[str, dict[str, str]]]) -> str:
    """The style engine's compact stylesheet: ``.a{b:c;}`` per rule."""
    return "".join(
        selector + "{" + "".join(f"{k}:{v};" for k, v in declarations.items()) + "}"
        for selector, declarations in rules
        if declarations
    )


_UNSAFE_CSS = re.compile(r"[\\(&=}]|/\*")
_LAYOUT_CLASSES = {
    "default": "is-layout-flow",
    "constrained": "is-layout-constrained",
    "flex": "is-layout-flex",
}


def layout_style(selector: str, layout: dict[str, Any]) -> str:
    """``wp_get_layout_style`` for a classic theme (no block gap support)."""
    kind = layout.get("type", "default")
    rules: list[tuple[str, dict[str, str]]] = []
    if kind == "constrained":
        content = str(layout.get("contentSize") or "")
        wide = str(layout.get("wideSize") or "")
        justify = layout.get("justifyContent") or "center"
        children = f"{selector} > :where(:not(.alignleft):not(.alignright):not(.alignfull))"
        if content or wide:
            all_max = (content or wide).split(";")[0]
            wide_max = (wide or content).split(";")[0]
            if _UNSAFE_CSS.search(all_max + wide_max) or "<" in all_max + wide_max:
                all_max = wide_max = ""
            rules += [
                (
                    children,
                    {
                        "max-width": all_max,
                        "margin-left": "0 !important" if justify == "left" else "auto !important",
                        "margin-right": "0 !important" if justify == "right" else "auto !important",
                    },
                ),
                (f"{selector} > .alignwide", {"max-width": wide_max}),
                (f"{selector} .alignfull", {"max-width": "none"}),
            ]
        if justify == "left":
            rules.append((children, {"margin-left": "0 !important"}))
        if justify == "right":
            rules.append((children, {"margin-right": "0 !important"}))
    elif kind == "flex":
        orientation = layout.get("orientation", "horizontal")
        justify_options = {"left": "flex-start", "right": "flex-end", "center": "center"}
        vertical_options = {"top": "flex-start", "center": "center", "bottom": "flex-end"}
        if orientation == "horizontal":
            justify_options["space-between"] = "space-between"
        if layout.get("flexWrap") == "nowrap":
            rules.append((selector, {"flex-wrap": "nowrap"}))
        justify = layout.get("justifyContent")
        if orientation == "horizontal":
            if justify in justify_options:
                rules.append((selector, {"justify-content": justify_options[justify]}))
            vertical = layout.get("verticalAlignment")
            if vertical in vertical_options:
                rules.append((selector, {"align-items": vertical_options[vertical]}))
        else:
            rules.append((selector, {"flex-direction": "column"}))
            align = justify_options.get(justify, "flex-start") if justify else "flex-start"
            rules.append((selector, {"align-items": align}))
    return css_rules(rules)


def render_layout_support(html: str, block: Block, state: RenderState, default: dict) -> str:
    """``wp_render_layout_support_flag``: ``is-layout-*`` classes and a ``wp-container-N``
    class with its CSS when the layout needs some. The ID is taken even when unused, which
    is how WordPress numbers them (a page's first columns block is often ``wp-container-6``).
    """
    attrs_layout = block.attrs.get("layout")
    attrs_layout = attrs_layout if isinstance(attrs_layout, dict) else {}
    used = dict(attrs_layout or default)
    container = state.unique_id("wp-container-")
    if used.get("inherit") or used.get("contentSize"):
        used["type"] = "constrained"
    classes = []
    if attrs_layout.get("orientation"):
        classes.append("is-" + sanitize_class(attrs_layout["orientation"]))
    if attrs_layout.get("justifyContent"):
        classes.append("is-content-justification-" + sanitize_class(attrs_layout["justifyContent"]))
    if attrs_layout.get("flexWrap") == "nowrap":
        classes.append("is-nowrap")
    layout_class = _LAYOUT_CLASSES.get(str(used.get("type", "default")), "")
    if layout_class:
        classes.append(layout_class)
    style = layout_style(f".{default_classname(block.name or '')}.{container}", used)
    if style:
        classes.append(container)
        state.styles.append(style)
    return add_classes(html, " ".join(classes))


def restore_group_inner_container(html: str, block: Block) -> str:
    """``wp_restore_group_inner_container``: classic themes keep the group's inner ``div``."""
    tag = re.escape(str(block.attrs.get("tagName") or "div"))
    has_inner = re.search(
        rf"^\s*<{tag}\b[^>]*wp-block-group(\s|\")[^>]*>\s*<div\b[^>]*"
        r"wp-block-group__inner-container(\s|\")[^>]*>",
        html,
    )
    layout = block.attrs.get("layout")
    if has_inner or (isinstance(layout, dict) and layout.get("type") == "flex"):
        return html
    return re.sub(
        rf"(^\s*<{tag}\b[^>]*wp-block-group[^>]*>)(.*)(</{tag}>\s*$)",
        lambda m: f'{m[1]}<div class="wp-block-group__inner-container">{m[2]}</div>{m[3]}',
        html,
        flags=re.M | re.S,
    )


# PHP's /iUx expression, with its ungreedy quantifiers written out lazily and no DOTALL.
_ALIGNED_IMAGE = re.compile(
    r"""^\s*?
    (<figure\b[^>]*?\bclass=[\"'])
    ([^\"']*?\bwp-block-image\b[^\"']*?\b(?:alignleft|alignright|aligncenter)\b[^\"']*?)
    ([\"'][^>]*?>.*?</figure>)""",
    re.I | re.X,
)


def restore_image_outer_container(html: str, block: Block) -> str:
    """``wp_restore_image_outer_container``: classic themes wrap an aligned image in a
    ``div.wp-block-image`` and keep the alignment on the figure."""
    match = _ALIGNED_IMAGE.search(html)
    if match is None:
        return html
    wrapper = ["wp-block-image"]
    class_name = block.attrs.get("className")
    if class_name and isinstance(class_name, str):
        wrapper += class_name.split(" ")
    kept = [c for c in match[2].split(" ") if c not in wrapper]
    return f'<div class="{" ".join(wrapper)}">{match[1]}{" ".join(kept)}{match[3]}</div>'


def apply_render_filters(
    html: str, block: Block, state: RenderState, registry: BlockRegistry
) -> str:
    """The ``render_block`` filters of WordPress 6.1 that change markup for a classic theme."""
    block_type = registry.get(block.name)
    if block_type is not None and block_type.layout is not None:
        html = render_layout_support(html, block, state, block_type.layout)
    if state.classic_theme:
        if block.name == "core/group":
            html = restore_group_inner_container(html, block)
        elif block.name == "core/image":
            html = restore_image_outer_container(html, block)
    return html


def render_gallery(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``block_core_gallery_render``: a ``wp-block-gallery-N`` class and its gap CSS."""
    style = attrs.get("style")
    spacing = style.get("spacing") if isinstance(style, dict) else None
    gap: Any = spacing.get("blockGap") if isinstance(spacing, dict) else None
    if isinstance(gap, str) and _UNSAFE_CSS.search(gap):
        gap = None
    name = block.state.unique_id("wp-block-gallery-")
    content = add_classes(content, name)
    fallback = (
        "var( --wp--style--gallery-gap-default, var( --gallery-block--gutter-size, "
        "var( --wp--style--block-gap, 0.5em ) ) )"
    )
    if isinstance(gap, dict):
        row = _preset(gap.get("top")) or fallback
        column = _preset(gap.get("left")) or fallback
        value = row if row == column else f"{row} {column}"
    else:
        value = column = _preset(gap) or fallback
    block.state.styles.append(
        f".wp-block-gallery.{name}{{ --wp--style--unstable-gallery-gap: {column}; gap: {value}}}"
    )
    return content


def _preset(value: Any) -> str:
    """``var:preset|spacing|40`` → ``var(--wp--preset--spacing--40)``."""
    if not value or not isinstance(value, str):
        return ""
    if "var:preset|spacing|" in value:
        return f"var(--wp--preset--spacing--{value.rsplit('|', 1)[1]})"
    return value


_PDF_LABEL = re.compile(r'<object.+(?P<attribute>aria-label="(?P<filename>[^"]+)?")', re.I)


def render_file(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_file``: the PDF preview's label names the file."""

    def label(match: re.Match[str]) -> str:
        filename = match["filename"] or ""
        text = f"Embed of {filename}." if filename and filename != "PDF embed" else "PDF embed"
        return match[0].replace(match["attribute"], f'aria-label="{text}"')

    return _PDF_LABEL.sub(label, content)


def render_shortcode(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_shortcode``: the shortcode block's text gets paragraphs (the
    shortcodes themselves run later in ``the_content``)."""
    from .autop import wpautop

    return wpautop(content)


default_registry.register("core/gallery", render_gallery)
default_registry.register("core/file", render_file)
default_registry.register("core/shortcode", render_shortcode)


__all__ = [
    "ENTRY_POINT_GROUP",
    "Block",
    "BlockInstance",
    "BlockRegistry",
    "BlockType",
    "Renderer",
    "RenderState",
    "content_has_blocks",
    "default_registry",
    "do_blocks",
    "dynamic",
    "has_blocks",
    "iter_blocks",
    "load_entry_point_blocks",
    "parse_blocks",
    "render_block",
]
