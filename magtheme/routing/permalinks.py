"""Permalinks: objects in, absolute URLs out, one function per kind of link.

These are WordPress's ``get_permalink``, ``get_page_link``, ``get_attachment_link``,
``get_post_permalink``, ``get_term_link``, ``get_author_posts_url``, the date, search and
archive links and ``get_pagenum_link``, computed from the same :class:`Permastructs` the
rewrite rules are built from, so a link always routes back to its object.

Objects are duck-typed (the models' attribute names: ``id``, ``post_type``, ``slug``,
``status``, ``date``, ``parent_id``, ``author_id``, ``taxonomy``, ``nicename``…). What is
not on the object (a post's categories, a page's ancestors, an author's nicename) comes from
a :class:`Lookup`; ``routing.lookup.DbLookup`` is the SQLAlchemy one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import quote_plus

from ..types import Registry
from .rewrite import STRUCTURE_TAGS, Permastructs, build_permastructs


class PermalinkError(ValueError):
    """A permalink option value that cannot be used; the message says why."""


class Lookup(Protocol):
    """What the :class:`Linker` asks for that is not on the object itself."""

    def categories(self, post_id: int) -> list[Any]:
        """The categories (terms) of a post."""
        ...

    def term(self, term_id: int) -> Any | None:
        """A term by ID (for parent paths and the default category)."""
        ...

    def post(self, post_id: int) -> Any | None:
        """A post of any type by ID (for ancestors and an attachment's parent)."""
        ...

    def user_nicename(self, user_id: int) -> str:
        """An author's URL slug ("" when unknown)."""
        ...


_UNIQUE_TAGS = ("%postname%", "%post_id%")
_LITERAL = re.compile(r"^[A-Za-z0-9._~/-]*$")


def validate_structure(option_name: str, value: str) -> str:
    """*value* normalised for option *option_name* the way WordPress saves it.

    ``permalink_structure``: "" (plain permalinks) or a path with a leading slash, single
    slashes, known structure tags only and %postname% or %post_id% (so a URL names one
    post). ``category_base`` and ``tag_base``: "" or ``/base`` without a trailing slash and
    without tags. Raises :class:`PermalinkError` naming the option and the problem.
    """
    value = value.strip().replace("#", "")
    if not value.strip("/"):
        return ""
    value = re.sub(r"/+", "/", "/" + value)
    tags = re.findall(r"%[^/%]+%", value)
    literal = re.sub(r"%[^/%]+%", "", value)
    if not _LITERAL.match(literal):
        raise PermalinkError(
            f"{option_name} may only use ASCII letters, digits, '-', '_', '.', '~' and '/' "
            f"besides its structure tags (got {value!r})."
        )
    if option_name != "permalink_structure":
        if tags:
            raise PermalinkError(f"{option_name} cannot contain structure tags ({tags[0]}).")
        return value.rstrip("/")
    unknown = [tag for tag in tags if tag not in STRUCTURE_TAGS]
    if unknown:
        raise PermalinkError(
            f"permalink_structure: unknown tag {unknown[0]}; use " + ", ".join(STRUCTURE_TAGS) + "."
        )
    if not any(tag in tags for tag in _UNIQUE_TAGS):
        raise PermalinkError(
            "permalink_structure needs %postname% or %post_id% so that every post has its "
            f"own URL (got {value!r})."
        )
    return value


# -- URL helpers (WordPress's trailingslashit, add_query_arg, remove_query_arg) --------------


def trailingslashit(url: str) -> str:
    return url.rstrip("/\\") + "/"


def untrailingslashit(url: str) -> str:
    return url.rstrip("/\\")


def _split(url: str) -> tuple[str, str, str]:
    url, _, fragment = url.partition("#")
    base, _, query = url.partition("?")
    return base, query, fragment


def _join(base: str, pairs: list[str], fragment: str) -> str:
    url = base + ("?" + "&".join(pairs) if pairs else "")
    return url + ("#" + fragment if fragment else "")


def add_query_arg(url: str, name: str, value: str | int) -> str:
    """*url* with ``name=value`` set (replacing an existing *name*), fragment kept."""
    base, query, fragment = _split(url)
    pairs = [p for p in query.split("&") if p]
    item = f"{name}={value}"
    for i, pair in enumerate(pairs):
        if pair.split("=", 1)[0] == name:
            pairs[i] = item
            break
    else:
        pairs.append(item)
    return _join(base, pairs, fragment)


def remove_query_arg(url: str, *names: str) -> str:
    """*url* without the query args *names*."""
    base, query, fragment = _split(url)
    pairs = [p for p in query.split("&") if p and p.split("=", 1)[0] not in names]
    return _join(base, pairs, fragment)


def php_urlencode(text: str) -> str:
    """PHP's ``urlencode``: spaces as "+", everything but ``[A-Za-z0-9_.-]`` escaped."""
    return quote_plus(text, safe="").replace("~", "%7E")


# -- the linker --------------------------------------------------------------------------------


class Linker:
    """Absolute URLs for the objects and archives of one site.

    *options* are the site's options (``permalink_structure``, ``show_on_front``,
    ``page_on_front``, ``page_for_posts``, ``default_category``, …), *home_url* the site's
    address (``http://127.0.0.1:5000``; a trailing slash is dropped). Give *now* (UTC,
    naive) to treat scheduled posts whose time has come as published, as Magtheme shows them.
    """

    def __init__(
        self,
        options: Mapping[str, Any],
        registry: Registry,
        lookup: Lookup,
        home_url: str,
        *,
        now: datetime | None = None,
    ) -> None:
        self.options = options
        self.registry = registry
        self.lookup = lookup
        self.home_url = home_url.rstrip("/")
        self.now = now
        self.structs: Permastructs = build_permastructs(options, registry)

    # -- basics ----------------------------------------------------------------------------

    @property
    def using_permalinks(self) -> bool:
        return self.structs.using_permalinks

    def absolute(self, path: str = "") -> str:
        """WordPress's ``home_url(path)``: the home URL, then "/" and *path* when given."""
        return self.home_url + ("/" + path.lstrip("/") if path else "")

    def user_trailingslashit(self, url: str) -> str:
        """*url* ending the way the permalink structure ends (with or without a slash)."""
        if self.structs.use_trailing_slashes:
            return trailingslashit(url)
        return untrailingslashit(url)

    def _option_int(self, name: str) -> int:
        try:
            return int(str(self.options.get(name) or 0))
        except ValueError:
            return 0

    def _static_front(self) -> bool:
        return self.options.get("show_on_front") == "page"

    # -- visibility of links (wp_force_plain_post_permalink) -------------------------------

    def _status(self, post: Any) -> str:
        """``get_post_status``: an attachment inherits its parent's status."""
        status = str(getattr(post, "status", "") or "")
        if getattr(post, "post_type", "") != "attachment":
            return status
        if status == "inherit":
            parent_id = getattr(post, "parent_id", 0) or 0
            parent = self.lookup.post(parent_id) if parent_id and parent_id != post.id else None
            return "publish" if parent is None else self._status(parent)
        return status if status in ("private", "trash", "auto-draft") else "publish"

    def _published(self, post: Any) -> bool:
        status = self._status(post)
        if status == "future" and self.now is not None:
            date_gmt = getattr(post, "date_gmt", None)
            return date_gmt is not None and date_gmt <= self.now
        return status == "publish"

    def is_viewable_type(self, post_type: str) -> bool:
        """``is_post_type_viewable``."""
        pt = self.registry.post_type(post_type)
        return pt is not None and (pt.publicly_queryable or (pt.builtin and pt.public))

    def is_publicly_viewable(self, post: Any) -> bool:
        """Whether anyone may follow a pretty link to *post* (type and status viewable)."""
        return self.is_viewable_type(post.post_type) and self._published(post)

    def _force_plain(self, post: Any) -> bool:
        return self.registry.post_type(post.post_type) is None or not self._published(post)

    # -- singles ---------------------------------------------------------------------------

    def post(self, post: Any) -> str:
        """The permalink of a post of any type (``get_permalink``)."""
        if post.post_type == "page":
            return self.page(post)
        if post.post_type == "attachment":
            return self.attachment(post)
        pt = self.registry.post_type(post.post_type)
        if pt is not None and not pt.builtin:
            return self._custom_post(post)
        structure = self.structs.structure
        if not structure or self._force_plain(post):
            return self.absolute(f"?p={post.id}")
        date: datetime = post.date
        values = {
            "%year%": f"{date.year:04d}",
            "%monthnum%": f"{date.month:02d}",
            "%day%": f"{date.day:02d}",
            "%hour%": f"{date.hour:02d}",
            "%minute%": f"{date.minute:02d}",
            "%second%": f"{date.second:02d}",
            "%postname%": post.slug,
            "%post_id%": str(post.id),
        }
        if "%category%" in structure:
            values["%category%"] = self._category_path(post)
        if "%author%" in structure:
            values["%author%"] = self.lookup.user_nicename(post.author_id or 0)
        path = structure
        for tag, value in values.items():
            path = path.replace(tag, value)
        return self.user_trailingslashit(self.absolute(path))

    def _category_path(self, post: Any) -> str:
        """%category%: the lowest-ID category with its parents, or the default category."""
        categories = sorted(self.lookup.categories(post.id), key=lambda term: term.id)
        if categories:
            return self.term_path(categories[0])
        default = self.lookup.term(self._option_int("default_category"))
        return str(default.slug) if default is not None else ""

    def _custom_post(self, post: Any) -> str:
        """``get_post_permalink``: a post of a custom type."""
        pt = self.registry.post_type(post.post_type)
        assert pt is not None
        slug = self.page_uri(post) if pt.hierarchical else post.slug
        struct = self.structs.extra_struct(post.post_type)
        force_plain = self._force_plain(post)
        if struct and not force_plain:
            return self.absolute(self.user_trailingslashit(struct.replace(f"%{pt.name}%", slug)))
        if pt.publicly_queryable and not force_plain:
            return self.absolute(f"?{pt.name}={slug}")
        return self.absolute(f"?post_type={pt.name}&p={post.id}")

    def page(self, post: Any) -> str:
        """A page's permalink (``get_page_link``): the static front page links to home."""
        if self._static_front() and self._option_int("page_on_front") == post.id:
            return self.absolute("/")
        return self._page_link(post)

    def _page_link(self, post: Any) -> str:
        """``_get_page_link``: the page's own path, ignoring ``page_on_front``."""
        if self.structs.page and not self._force_plain(post):
            return self.user_trailingslashit(self.absolute(self.page_uri(post)))
        return self.absolute(f"?page_id={post.id}")

    def page_uri(self, post: Any) -> str:
        """``get_page_uri``: the slugs of the ancestors and the post, joined by "/"."""
        uri = post.slug
        seen = {post.id}
        parent_id = getattr(post, "parent_id", 0) or 0
        while parent_id and parent_id not in seen:
            seen.add(parent_id)
            parent = self.lookup.post(parent_id)
            if parent is None:
                break
            if parent.slug:
                uri = f"{parent.slug}/{uri}"
            parent_id = getattr(parent, "parent_id", 0) or 0
        return str(uri)

    def attachment(self, post: Any) -> str:
        """An attachment page's permalink (``get_attachment_link``)."""
        parent_id = getattr(post, "parent_id", 0) or 0
        parent = self.lookup.post(parent_id) if parent_id else None
        parent_valid = not parent_id or (
            parent_id != post.id and parent is not None and self.is_viewable_type(parent.post_type)
        )
        link = ""
        if self._force_plain(post) or not parent_valid:
            link = ""
        elif self.using_permalinks and parent is not None:
            if parent.post_type == "page":
                parent_link = self._page_link(parent)
            else:
                parent_link = self.post(parent)
            name = post.slug
            if post.slug.isdigit() or "%category%" in self.structs.structure:
                name = "attachment/" + post.slug  # <permalink>/<number>/ is a page number
            if "?" not in parent_link:
                link = self.user_trailingslashit(trailingslashit(parent_link) + name)
        elif self.using_permalinks:
            link = self.absolute(self.user_trailingslashit(post.slug))
        return link or self.absolute(f"/?attachment_id={post.id}")

    # -- archives --------------------------------------------------------------------------

    def post_type_archive(self, name: str) -> str | None:
        """A post type's archive (``get_post_type_archive_link``); ``None`` when it has none."""
        pt = self.registry.post_type(name)
        if pt is None:
            return None
        if name == "post":
            page_for_posts = self._option_int("page_for_posts")
            if self._static_front() and page_for_posts:
                page = self.lookup.post(page_for_posts)
                if page is not None:
                    return self.post(page)
            return self.home_url
        if not pt.has_archive:
            return None
        archive = self.structs.archive(name)
        if archive is not None:
            return self.absolute(self.user_trailingslashit("/" + archive.path))
        return self.absolute(f"?post_type={name}")

    def term(self, term: Any) -> str:
        """A term archive (``get_term_link``), post formats as ``/type/aside/``."""
        tax = self.registry.taxonomy(term.taxonomy)
        struct = self.structs.extra_struct(term.taxonomy)
        is_format = term.taxonomy == "post_format"
        if not struct:
            if term.taxonomy == "category":
                return self.absolute(f"?cat={term.id}")
            if is_format:
                return self.absolute(f"?post_format={term.slug.removeprefix('post-format-')}")
            if tax is not None and tax.query_var:
                return self.absolute(f"?{tax.query_var}={term.slug}")
            return self.absolute(f"?taxonomy={term.taxonomy}&term={term.slug}")
        extra = next(e for e in self.structs.extra if e.name == term.taxonomy)
        slug = self.term_path(term) if extra.hierarchical else term.slug
        if is_format:
            slug = slug.removeprefix("post-format-")
        path = struct.replace(f"%{term.taxonomy}%", slug)
        return self.absolute(self.user_trailingslashit(path))

    def term_path(self, term: Any) -> str:
        """The slugs of a term's ancestors and the term, joined by "/"."""
        slugs = [term.slug]
        seen = {term.id}
        parent_id = getattr(term, "parent_id", 0) or 0
        while parent_id and parent_id not in seen:
            seen.add(parent_id)
            parent = self.lookup.term(parent_id)
            if parent is None:
                break
            slugs.append(parent.slug)
            parent_id = getattr(parent, "parent_id", 0) or 0
        return "/".join(reversed(slugs))

    def author(self, user: Any) -> str:
        """An author archive (``get_author_posts_url``)."""
        if not self.structs.author:
            return self.absolute(f"/?author={user.id}")
        nicename = getattr(user, "nicename", "") or self.lookup.user_nicename(user.id)
        path = self.structs.author.replace("%author%", nicename)
        return self.absolute(self.user_trailingslashit(path))

    def year(self, year: int | str) -> str:
        """A year archive (``get_year_link``)."""
        if not self.structs.year:
            return self.absolute(f"?m={year}")
        return self.absolute(
            self.user_trailingslashit(self.structs.year.replace("%year%", f"{year}"))
        )

    def month(self, year: int | str, month: int | str) -> str:
        """A month archive (``get_month_link``)."""
        mm = f"{int(month):02d}"
        if not self.structs.month:
            return self.absolute(f"?m={year}{mm}")
        path = self.structs.month.replace("%year%", f"{year}").replace("%monthnum%", mm)
        return self.absolute(self.user_trailingslashit(path))

    def day(self, year: int | str, month: int | str, day: int | str) -> str:
        """A day archive (``get_day_link``)."""
        mm, dd = f"{int(month):02d}", f"{int(day):02d}"
        if not self.structs.date:
            return self.absolute(f"?m={year}{mm}{dd}")
        path = (
            self.structs.date.replace("%year%", f"{year}")
            .replace("%monthnum%", mm)
            .replace("%day%", dd)
        )
        return self.absolute(self.user_trailingslashit(path))

    def search(self, query: str) -> str:
        """A search results page (``get_search_link``)."""
        encoded = php_urlencode(query)
        if not self.structs.search:
            return self.absolute(f"?s={encoded}")
        path = self.structs.search.replace("%search%", encoded.replace("%2F", "/"))
        return self.absolute(self.user_trailingslashit(path))

    def home(self) -> str:
        """The front page: ``home_url('/')``."""
        return self.absolute("/")

    # -- pieces of a URL -------------------------------------------------------------------

    def paged(self, url: str, n: int) -> str:
        """Page *n* of the list at *url* (``get_pagenum_link``); page 1 is *url*'s base."""
        request = url[len(self.home_url) :] if url.startswith(self.home_url) else url
        request = remove_query_arg(request, "paged").lstrip("/")
        base = trailingslashit(self.home_url)
        if not self.using_permalinks:
            return add_query_arg(base + request, "paged", n) if n > 1 else base + request
        request, _, query = request.partition("?")
        query_string = "?" + query if query else ""
        request = re.sub(r"page/\d+/?$", "", request)
        request = re.sub(r"^index\.php", "", request, flags=re.I).lstrip("/")
        if n > 1:
            request = (trailingslashit(request) if request else "") + self.user_trailingslashit(
                f"page/{n}"
            )
        return base + request + query_string

    def part(self, post_url: str, n: int) -> str:
        """Part *n* of a ``<!--nextpage-->`` post at *post_url* (``_wp_link_page``)."""
        if n <= 1:
            return post_url
        if not self.using_permalinks or "?" in post_url:
            return add_query_arg(post_url, "page", n)
        if trailingslashit(post_url) == trailingslashit(self.home_url):
            # The static front page: its parts are /page/N/, like the posts' pages.
            return trailingslashit(post_url) + self.user_trailingslashit(f"page/{n}")
        return trailingslashit(post_url) + self.user_trailingslashit(str(n))

    def embed(self, post_url: str) -> str:
        """The embed URL of the single at *post_url* (``get_post_embed_url``)."""
        if not self.using_permalinks or "?" in post_url:
            return add_query_arg(post_url, "embed", "true")
        return trailingslashit(post_url) + self.user_trailingslashit("embed")

    def comment_page(self, url: str, n: int, max_page: int = 0) -> str:
        """Comment page *n* of the single at *url* (``get_comments_pagenum_link``, no fragment).

        With ``default_comments_page = newest`` the last page (*max_page*) is the base URL;
        otherwise page 1 is.
        """
        if self.options.get("default_comments_page", "newest") == "newest":
            if max_page and n == max_page:
                return url
        elif n <= 1:
            return url
        if self.using_permalinks and "?" not in url:
            return self.user_trailingslashit(trailingslashit(url) + f"comment-page-{n}")
        return add_query_arg(url, "cpage", n)


__all__ = [
    "Linker",
    "Lookup",
    "PermalinkError",
    "add_query_arg",
    "php_urlencode",
    "remove_query_arg",
    "trailingslashit",
    "untrailingslashit",
    "validate_structure",
]
