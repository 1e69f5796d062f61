"""Rendering a page: the template variables and helpers every theme template gets.

The set of names here is the documented, stable template surface (docs/themes.md). Helpers
that touch the database (``menu``) say so and cost a fixed number of statements. The tables
:data:`PAGE_VARIABLES`, :data:`PAGE_HELPERS` and :data:`OPTIONAL_VARIABLES` list that
surface; ``magtheme theme check`` reads them to find names a template uses that no render
provides.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup

from .context import QueryContext
from .dates import format_date, site_now
from .layouts import Layout
from .menus.stories import menu_stories
from .present import PostView, QueryView
from .themes import ThemeChain, mods
from .themes.sandbox import render_limited
from .visibility import now_gmt


@dataclass
class SiteView:
    name: str
    description: str
    url: str
    language: str
    options: dict[str, Any]


#: The variables every page template gets, with the kind of value (views, lists of views).
PAGE_VARIABLES: dict[str, Any] = {
    "site": SiteView,
    "query": QueryView,
    "posts": list[PostView],
    "post": PostView | None,
    "theme": dict,
    "template": str,
    "content_styles": Markup,
    "layout": Layout,
}

#: The helpers (functions) every page template gets.
PAGE_HELPERS: tuple[str, ...] = (
    "template_part",
    "menu",
    "nav_menu",
    "has_nav_menu",
    "paginate_links",
    "format_date",
    "format_time",
    "body_class",
    "post_class",
    "permalink",
    "search_url",
    "static",
    "widget_area",
    "has_widgets",
    "ticker",
    "comment_form",
    "home_sections",
    "the_widget",
    "adjacent_posts",
    "breadcrumbs",
    "today",
    "menu_stories",
    "site_icon",
)

#: Variables only some renders have; test them with ``is defined``.
OPTIONAL_VARIABLES: dict[str, str] = {
    "comment_errors": "after a refused comment, the reasons it was refused",
}

#: What a widget template (``widgets/<type>.html``) gets besides the page's variables; the
#: widget type's data function adds its own.
WIDGET_VARIABLES: tuple[str, ...] = ("widget",)

#: What a menu template (``menus/nav-menu.html``, ``menus/page-menu.html``) gets besides the
#: page's variables: the menu, its item tree (or the pages of the fallback) and the
#: arguments ``nav_menu()`` was given.
MENU_VARIABLES: tuple[str, ...] = ("menu", "items", "pages", "args")


def _html_class(text: str) -> str:
    """WordPress's sanitize_html_class: percent-encoded octets and other characters dropped."""
    return re.sub(r"[^A-Za-z0-9_-]", "", re.sub(r"%[a-fA-F0-9][a-fA-F0-9]", "", text))


def template_classes(post_type: str, page_template: str) -> list[str]:
    """WordPress's custom-template body classes of a singular page.

    ``{type}-template-default`` without a chosen template (or with ``default``); else
    ``{type}-template``, one class per part of the stored name, and one for the whole
    (``page-templates/full-width.php`` → ``page-template-page-templates``,
    ``page-template-full-width``, ``page-template-page-templatesfull-width-php``: WordPress
    turns dots into dashes in the whole name and then drops the slash).
    """
    if not page_template or page_template == "default":
        return [f"{post_type}-template-default"]
    classes = [f"{post_type}-template"]
    for part in page_template.split("/"):
        base = posixpath.basename(part)
        base = base.removesuffix(".php") if base != ".php" else base
        classes.append(f"{post_type}-template-" + _html_class(base.replace(".", "-")))
    classes.append(f"{post_type}-template-" + _html_class(page_template.replace(".", "-")))
    return classes


def body_class(ctx: QueryContext, page_template: str = "") -> str:
    """WordPress's body classes for this request (*page_template*: the post's stored
    ``_wp_page_template``, on singular pages)."""
    classes: list[str] = []
    obj = ctx.queried_object
    if ctx.is_front_page:
        classes.append("home")
    if ctx.is_home:
        classes.append("blog")
    if ctx.is_privacy_policy:
        classes.append("privacy-policy")
    if ctx.is_archive:
        classes.append("archive")
    if ctx.is_date:
        classes.append("date")
    if ctx.is_search:
        classes.append("search")
        classes.append("search-results" if ctx.posts else "search-no-results")
    if ctx.is_paged:
        classes.append("paged")
    if ctx.is_attachment:
        classes.append("attachment")
    if ctx.is_404:
        classes.append("error404")
    if ctx.is_singular and obj is not None:
        classes += template_classes(obj.post_type, page_template)
    if ctx.is_single and obj is not None:
        classes += ["single", f"single-{obj.post_type}", f"postid-{obj.id}"]
    if ctx.is_attachment and obj is not None:
        classes.append(f"attachmentid-{obj.id}")
        classes.append("attachment-" + obj.mime_type.replace("/", "-").replace("+", "-"))
    if ctx.is_page and obj is not None:
        classes += ["page", f"page-id-{obj.id}"]
        if obj.parent_id:
            classes += ["page-child", f"parent-pageid-{obj.parent_id}"]
    if ctx.is_post_type_archive:
        classes += ["post-type-archive", f"post-type-archive-{ctx.post_type}"]
    if (ctx.is_category or ctx.is_tag or ctx.is_tax) and obj is not None:
        prefix = {"category": "category", "post_tag": "tag"}.get(obj.taxonomy)
        if prefix:
            classes += [prefix, f"{prefix}-{obj.slug}", f"{prefix}-{obj.id}"]
        else:
            classes += ["tax-" + obj.taxonomy, f"term-{obj.slug}", f"term-{obj.id}"]
    if ctx.is_author and obj is not None:
        classes += ["author", f"author-{obj.nicename}", f"author-{obj.id}"]
    if ctx.is_paged:
        kind = next(
            (k for k in ("category", "tag", "date", "author", "search") if getattr(ctx, f"is_{k}")),
            "home" if ctx.is_home else "",
        )
        if kind:
            classes.append(f"{kind}-paged-{ctx.paged}")
        classes.append(f"paged-{ctx.paged}")
    return " ".join(dict.fromkeys(classes))


def post_class(post: PostView, ctx: QueryContext) -> str:
    """WordPress's post classes for one post."""
    classes = [f"post-{post.id}", post.post_type, f"type-{post.post_type}", f"status-{post.status}"]
    if post.post_type == "post":
        classes.append(f"format-{post.format or 'standard'}")
    if post.password_required:
        classes.append("post-password-required")
    if post.thumbnail is not None:
        classes.append("has-post-thumbnail")
    if post.sticky and ctx.is_home and not ctx.is_paged:
        classes.append("sticky")
    classes.append("hentry")
    classes += [f"category-{t.slug}" for t in post.categories]
    classes += [f"tag-{t.slug}" for t in post.tags]
    return " ".join(dict.fromkeys(classes))


@dataclass
class Page:
    """Everything one render needs."""

    chain: ThemeChain
    ctx: QueryContext
    site: SiteView
    posts: list[PostView]
    query: QueryView
    linker: Any
    menu: Callable[[str], list[Any]]
    pagination: Callable[[], list[dict[str, Any]]]
    static: Callable[[str], str]
    widget_area: Callable[[str, dict[str, Any]], Markup]
    ticker: Callable[..., Any]
    #: WordPress's is_active_sidebar: whether an area has any widget placed in it.
    has_widgets: Callable[[str], bool] = lambda _area: False
    #: wp_nav_menu's markup for a location (magtheme.menus.PageMenus.nav_menu).
    nav_menu: Callable[..., Markup] = lambda _location, **_args: Markup("")
    #: WordPress's has_nav_menu: whether a menu is assigned to a location.
    has_nav_menu: Callable[[str], bool] = lambda _location: False
    page_template: str = ""
    #: Extra variables for this render (a refused comment's form, say).
    extra: dict[str, Any] = field(default_factory=dict)
    comment_form: Callable[[], dict[str, Any]] | None = None
    #: CSS the page's rendered blocks need (layout containers), printed in <head>.
    content_css: list[str] = field(default_factory=list)
    #: Where the sidebar goes and which template renders (``layout`` in templates).
    layout: Layout = field(default_factory=lambda: Layout("none", "default"))
    #: ``home_sections(setting_id)``: a sections setting's blocks, rendered.
    home_sections: Callable[[str, dict[str, Any]], Markup] = lambda _id, _variables: Markup("")
    #: ``the_widget(type, **settings)``: one widget outside any area, (type, settings,
    #: instance id, page variables) → markup.
    the_widget: Callable[[str, dict[str, Any], str, dict[str, Any]], Markup] = (
        lambda _type, _settings, _instance, _variables: Markup("")
    )
    #: ``adjacent_posts()``: the previous and next post of a singular page (magtheme.navigation).
    adjacent_posts: Callable[[], dict[str, Any]] = lambda: {"previous": None, "next": None}
    #: ``breadcrumbs(home_label, exclude_categories)``: the page's trail (magtheme.navigation).
    breadcrumbs: Callable[..., list[Any]] = lambda **_args: []
    #: ``site_icon()``: the site icon's <head> tags, WordPress's wp_site_icon (magtheme.siteicon).
    site_icon: Callable[[], Markup] = lambda: Markup("")
    #: The moment the page is rendered at (UTC, naive), read from the clock once: ``today()``
    #: and the mega menu's stories use it, and the view gives the same to the page's widgets,
    #: so a page rendered across midnight never has two dates.
    now: datetime = field(default_factory=now_gmt)
    _widgets_printed: dict[str, int] = field(default_factory=dict, init=False, repr=False)
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False)
    _theme_info: dict[str, Any] | None = field(default=None, init=False, repr=False)

    def variables(self, template: str) -> dict[str, Any]:
        singular = self.posts[0] if self.ctx.is_singular and self.posts else None
        opts = self.site.options
        variables: dict[str, Any] = {
            "site": self.site,
            "query": self.query,
            "posts": self.posts,
            "post": singular,
            "theme": self.theme_info(),
            "template": template,
            "template_part": self.template_part,
            "menu": self.menu,
            "paginate_links": self.pagination,
            "format_date": lambda dt, fmt=None: format_date(dt, fmt or opts["date_format"]),
            "format_time": lambda dt, fmt=None: format_date(dt, fmt or opts["time_format"]),
            "body_class": lambda: " ".join(
                dict.fromkeys(
                    [*body_class(self.ctx, self.page_template).split(), *self.layout.body_classes]
                )
            ),
            "layout": self.layout,
            "post_class": lambda p: post_class(p, self.ctx),
            "permalink": lambda obj: getattr(obj, "permalink", ""),
            "search_url": lambda: self.site.url.rstrip("/") + "/",
            "static": self.static,
        }
        variables["widget_area"] = lambda area_id: self.widget_area(str(area_id), variables)
        variables["has_widgets"] = lambda area_id: self.has_widgets(str(area_id))
        variables["nav_menu"] = lambda location, **args: self.nav_menu(
            str(location), page_context=variables, **args
        )
        variables["has_nav_menu"] = lambda location: self.has_nav_menu(str(location))
        variables["home_sections"] = lambda setting_id="home_sections": self.home_sections(
            str(setting_id), variables
        )
        variables["the_widget"] = lambda type_id, **settings: self.print_widget(
            str(type_id), settings, variables
        )
        variables["adjacent_posts"] = self.adjacent
        variables["breadcrumbs"] = self.trail
        variables["site_icon"] = self.icon_tags
        variables["ticker"] = self.ticker
        variables["comment_form"] = self.comment_form or (lambda: {})
        variables["content_styles"] = self.content_styles()
        # today(): the page's moment in the site's time zone; menu_stories(items): a mega
        # menu's stories, loaded at once.
        variables["today"] = lambda: site_now(now=self.now)
        variables["menu_stories"] = lambda items, count=4: menu_stories(
            items, self.linker, count, now=self.now
        )
        variables.update(self.extra)
        return variables

    def print_widget(
        self, type_id: str, settings: dict[str, Any], variables: dict[str, Any]
    ) -> Markup:
        """``the_widget()``: each print on a page gets its own id (``author-box-the-1``…),
        the same on every render of the page, so its output is cached and ids never repeat."""
        number = self._widgets_printed.get(type_id, 0) + 1
        self._widgets_printed[type_id] = number
        return self.the_widget(type_id, settings, f"{type_id}-the-{number}", variables)

    def adjacent(self) -> dict[str, Any]:
        """``adjacent_posts()``: computed once per page, however many parts print it."""
        if "adjacent" not in self._memo:
            self._memo["adjacent"] = self.adjacent_posts()
        return dict(self._memo["adjacent"])

    def trail(self, home_label: str = "Home", exclude_categories: Any = ()) -> list[Any]:
        """``breadcrumbs()``: computed once per page and set of arguments."""
        if isinstance(exclude_categories, str):
            exclude_categories = [exclude_categories]
        skip = tuple(str(slug) for slug in exclude_categories or () if slug)
        key = ("breadcrumbs", str(home_label), skip)
        if key not in self._memo:
            self._memo[key] = self.breadcrumbs(home_label=str(home_label), exclude_categories=skip)
        return list(self._memo[key])

    def icon_tags(self) -> Markup:
        """``site_icon()``: loaded once per page, however many templates print it."""
        if "site_icon" not in self._memo:
            self._memo["site_icon"] = self.site_icon()
        return Markup(self._memo["site_icon"])

    def content_styles(self) -> Markup:
        """A ``<style>`` element with the CSS of the page's blocks (``""`` when none)."""
        css = "\n".join(dict.fromkeys(c for c in self.content_css if c))
        if not css:
            return Markup("")
        # Generated from checked block attributes; "<" could still never close the element.
        return Markup(f'<style id="magtheme-block-styles">{css.replace("<", "")}</style>')

    def theme_info(self) -> dict[str, Any]:
        """The ``theme`` variable: the active theme, its settings and their CSS variables."""
        if self._theme_info is None:
            active = self.chain.active
            self._theme_info = {
                "slug": active.slug,
                "name": active.name,
                "version": active.version,
                "settings": mods.theme_settings(self.chain),
                "css_variables": mods.css_variables(self.chain),
            }
        return self._theme_info

    def template_part(self, slug: str, name: Any = None, **extra: Any) -> Markup:
        """WordPress's get_template_part, from ``parts/``; ``""`` when no theme has it."""
        choice = self.chain.part(f"parts/{slug}", None if name is None else str(name))
        if choice.template is None:
            return Markup("")
        variables = self.variables(choice.template)
        variables.update(extra)
        return Markup(self.chain.template(choice.template).render(variables))

    def render(self, template: str) -> str:
        """The page, within the sandbox's limits (time, loop sizes, nesting)."""
        return render_limited(self.chain.template(template), self.variables(template))
