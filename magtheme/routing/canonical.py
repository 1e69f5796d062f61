"""Canonical redirects: the URL a request should have used, as ``redirect_canonical`` finds it.

Given the requested path and query string and the main query that answered it, return the
absolute URL to send a 301 to, or ``None`` when the request is already canonical. Plain
links (``?p=``, ``?page_id=``, ``?attachment_id=``, ``?cat=``, ``?tag=``, ``?author=``,
``?m=``, ``?paged=``) become pretty ones, a static front page's own address becomes ``/``,
``/page/1/`` its base, and a missing (or extra) trailing slash is fixed. Query args that
are not consumed are kept. Searches, previews, trackbacks and 404s are never redirected
here; where a 404 should have gone (old slugs, WordPress's guess) is :mod:`.notfound`'s.

Where this knowingly differs from WordPress:

- ``?post_type=book`` (alone) goes to the type's pretty archive; WordPress leaves it.
- A single post whose URL carries date parts that do not match its date goes to its
  permalink (WordPress's query 404s there, so only a lenient main query gets here).
- Paging added to a URL that another rule already rewrote is added to *that* URL
  (``/?author=1&paged=2`` → ``/author/name/page/2/``); WordPress appends it to the
  requested path instead.
- ``?author=N`` is redirected without checking that the author has published posts.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from .permalinks import Linker, trailingslashit
from .rewrite import FEEDS

_PUNCTUATION = re.compile(
    r"(?:\s|%20|!|%21|\"|%22|'|%27|\(|%28|\)|%29|,|%2C|\.|%2E|;|%3B|\{|%7B|\}|%7D"
    r"|%E2%80%9C|%E2%80%9D)+$",
    re.IGNORECASE,
)
_PAGING = (
    re.compile(r"/page/?[0-9]+?(/+)?$"),
    re.compile(r"/(comments/?)?(feed|rss2?|rdf|atom)(/+|$)"),
    re.compile(r"/comment-page-[0-9]+?(/+)?$"),
)
_OCTET = re.compile(r"%[0-9a-fA-F]{2}")


class _Query:
    """A raw query string as an ordered list of ``name=value`` pieces (encoding kept)."""

    def __init__(self, query: str) -> None:
        self.pairs = [p for p in query.split("&") if p]

    def remove(self, *names: str) -> None:
        self.pairs = [p for p in self.pairs if p.split("=", 1)[0] not in names]

    def add(self, name: str, value: str | int) -> None:
        self.remove(name)
        self.pairs.append(f"{name}={value}")

    def names(self) -> set[str]:
        return {p.split("=", 1)[0] for p in self.pairs}

    def __str__(self) -> str:
        return "&".join(self.pairs)


def _flag(ctx: Any, name: str) -> bool:
    return bool(getattr(ctx, name, False))


def _int(value: Any) -> int:
    try:
        return int(str(value or "0"))
    except ValueError:
        return 0


def _encode_path(path: str) -> str:
    """The path as a URL carries it: non-ASCII and spaces escaped, all hex in lowercase."""
    path = quote(path, safe="/%:@!$&'()*+,;=-._~")
    return _OCTET.sub(lambda m: m.group(0).lower(), path)


def canonical_url(requested: str, ctx: Any, linker: Linker) -> str | None:
    """The absolute URL to 301 *requested* to, or ``None`` when it is canonical.

    *requested* is the path and query string (an absolute URL also works); *ctx* is the
    main query, read duck-typed (``is_single``, ``is_page``, ``queried_object``,
    ``query_vars``, …); *linker* makes the URLs.
    """
    skip = ("is_404", "is_search", "is_preview", "is_robots", "is_trackback")
    if any(_flag(ctx, f) for f in skip):
        return None
    query_vars: dict[str, str] = {
        k: str(v) for k, v in (getattr(ctx, "query_vars", None) or {}).items() if k[:1] != "_"
    }
    if query_vars.get("preview") or not linker.using_permalinks:
        return None
    parts = urlsplit(requested)
    original_path = _encode_path(parts.path or "/")
    original_query = parts.query
    get = dict(parse_qsl(original_query, keep_blank_values=True))
    redirect = _Redirect(linker, ctx, query_vars, get, original_path, original_query)
    return redirect.result()


class _Redirect:
    """One run of ``redirect_canonical``: the redirect's path and query, step by step."""

    def __init__(
        self,
        linker: Linker,
        ctx: Any,
        query_vars: dict[str, str],
        get: dict[str, str],
        path: str,
        query: str,
    ) -> None:
        self.linker = linker
        self.ctx = ctx
        self.qv = query_vars
        self.get = get
        self.original = (path, query)
        self.path = path
        self.query = _Query(query)
        self.url: str | None = None
        self.obj: Any = None
        home = urlsplit(linker.home_url)
        self.origin = f"{home.scheme}://{home.netloc}"
        self.home_path = home.path or "/"

    def given(self, name: str) -> bool:
        """PHP's ``! empty( $_GET[name] )``."""
        return self.get.get(name, "") not in ("", "0")

    def is_(self, *flags: str) -> bool:
        return any(_flag(self.ctx, flag) for flag in flags)

    def to_post(self, post: Any) -> None:
        self.url = self.linker.post(post)
        self.obj = post

    # -- the steps -------------------------------------------------------------------------

    def result(self) -> str | None:
        self.plain_links()
        self.wrong_date()
        self.post_paging()
        self.paging_and_feeds()
        return self.finish()

    def plain_links(self) -> None:
        """Old-style and shorthand requests with a pretty permalink."""
        obj = getattr(self.ctx, "queried_object", None)
        options = self.linker.options
        static_front = options.get("show_on_front") == "page"
        if obj is None:
            # Date archives name no object; every other rule below needs one.
            if self.given("m") and self.is_("is_year", "is_month", "is_day"):
                self.date_from_m(self.qv.get("m", ""))
            elif self.is_("is_date", "is_year", "is_month", "is_day"):
                self.date_parts()
            return
        if self.is_("is_attachment") and set(self.qv) <= {"attachment", "attachment_id"}:
            self.to_post(obj)
            if self.given("attachment_id"):
                self.query.remove("attachment_id")
        elif self.is_("is_single") and self.given("p"):
            self.to_post(obj)
            self.query.remove("p", "post_type")
        elif self.is_("is_single") and self.given("name"):
            self.to_post(obj)
            self.query.remove("name")
        elif self.is_("is_page") and self.given("page_id"):
            self.to_post(obj)
            self.query.remove("page_id")
        elif (
            self.is_("is_page")
            and not self.is_("is_feed")
            and static_front
            and getattr(obj, "id", None) == _int(options.get("page_on_front"))
        ):
            self.url = self.linker.home()
        elif (
            self.is_("is_home")
            and self.given("page_id")
            and static_front
            and _int(self.get["page_id"]) == _int(options.get("page_for_posts"))
        ):
            self.to_post(obj)
            self.query.remove("page_id")
        elif self.is_("is_author") and self.get.get("author", "").isdigit():
            self.url = self.linker.author(obj)
            self.query.remove("author")
        elif self.is_("is_category", "is_tag", "is_tax"):
            self.term(obj)
        elif self.is_("is_single") and "%category%" in self.linker.structs.structure:
            self.category_in_path(obj)
        elif (
            self.is_("is_post_type_archive")
            and self.given("post_type")
            and not self.is_("is_author", "is_date", "is_search")
        ):
            url = self.linker.post_type_archive(str(getattr(obj, "name", "")))
            if url:
                self.url = url
                self.query.remove("post_type")

    def date_from_m(self, m: str) -> None:
        links = {
            4: lambda: self.linker.year(m),
            6: lambda: self.linker.month(m[:4], m[4:6]),
            8: lambda: self.linker.day(m[:4], m[4:6], m[6:8]),
        }
        if len(m) in links:
            self.url = links[len(m)]()
            self.query.remove("m")

    def date_parts(self) -> None:
        year, month, day = (self.qv.get(k, "") for k in ("year", "monthnum", "day"))
        if self.is_("is_day") and year and month and self.given("day"):
            self.url = self.linker.day(year, month, day)
            self.query.remove("year", "monthnum", "day")
        elif self.is_("is_month") and year and self.given("monthnum"):
            self.url = self.linker.month(year, month)
            self.query.remove("year", "monthnum")
        elif self.is_("is_year") and self.given("year"):
            self.url = self.linker.year(year)
            self.query.remove("year")

    def term(self, term: Any) -> None:
        """A term archive asked for by query string moves to the term's own path."""
        if not str(self.query) or not getattr(term, "id", None):
            return
        taxonomy = getattr(term, "taxonomy", "")
        if self.is_("is_category"):
            own = ["category_name", "cat"]
        elif self.is_("is_tag"):
            own = ["tag", "tag_id"]
        else:
            tax = self.linker.registry.taxonomy(taxonomy)
            own = [tax.query_var] if tax is not None and tax.query_var else []
        if any("," in self.qv.get(v, "") or "+" in self.qv.get(v, "") for v in own):
            return  # several terms: no single archive to go to
        if any(name not in self.get for name in self.qv):
            return  # part of the request came from the path: leave it
        self.query.remove("term", "taxonomy", *own)
        link = urlsplit(self.linker.term(term))
        if link.query:
            for name, value in parse_qsl(link.query):
                self.query.add(name, value)
        else:
            self.path = link.path

    def category_in_path(self, post: Any) -> None:
        """A %category% in the URL that is not one of the post's categories."""
        category_name = self.qv.get("category_name", "").strip("/")
        if not category_name:
            return
        paths = {
            self.linker.term_path(term).lower() for term in self.linker.lookup.categories(post.id)
        }
        if category_name.lower() not in paths:
            self.to_post(post)

    def wrong_date(self) -> None:
        """Magtheme's extra: date parts in a single's URL that are not the post's date."""
        obj = getattr(self.ctx, "queried_object", None)
        date = getattr(obj, "date", None)
        if self.url or not self.is_("is_single") or date is None:
            return
        if getattr(obj, "post_type", "") in ("page", "attachment"):
            return
        for var, actual in (
            ("year", date.year),
            ("monthnum", date.month),
            ("day", date.day),
            ("hour", date.hour),
            ("minute", date.minute),
            ("second", date.second),
        ):
            if self.qv.get(var, "") != "" and _int(self.qv[var]) != actual:
                self.to_post(obj)
                return

    def post_paging(self) -> None:
        """``/post/1/`` is ``/post/``; ``?page=2`` becomes ``/post/2/``."""
        page = _int(self.qv.get("page"))
        obj = getattr(self.ctx, "queried_object", None)
        if not self.is_("is_singular") or not page or obj is None:
            return
        if not self.url:
            self.to_post(obj)
        assert self.url is not None
        if page > 1:
            suffix = f"page/{page}" if self.is_("is_front_page") else str(page)
            self.url = trailingslashit(self.url) + self.linker.user_trailingslashit(suffix)
        self.query.remove("page")

    def paging_and_feeds(self) -> None:
        """``paged``, ``feed`` and ``cpage`` as path suffixes, in WordPress's order."""
        linker = self.linker
        paged = _int(self.qv.get("paged"))
        cpage = _int(self.qv.get("cpage"))
        feed = self.qv.get("feed", "")
        is_feed = self.is_("is_feed") or bool(feed)
        if not (paged or is_feed or cpage):
            return
        path = urlsplit(self.url).path if self.url else self.path
        while any(p.search(path) for p in _PAGING):
            for pattern in _PAGING:
                path = pattern.sub("/", path)
        addl = ""
        if is_feed and feed in FEEDS:
            if not self.is_("is_singular") and self.qv.get("withcomments"):
                addl += "comments/"
            fmt = "" if feed in ("feed", "rss", "rss2") else feed
            addl += linker.user_trailingslashit("feed/" + fmt)
            self.query.remove("feed")
        if paged > 0:
            self.query.remove("paged")
            if not is_feed:
                if not self.is_("is_single"):
                    addl = trailingslashit(addl) if addl else ""
                    if paged > 1:
                        addl += linker.user_trailingslashit(f"page/{paged}")
            elif paged > 1:
                self.query.add("paged", paged)
        newest = linker.options.get("default_comments_page", "newest") == "newest"
        if linker.options.get("page_comments") and (cpage > 0 if newest else cpage > 1):
            addl = trailingslashit(addl) if addl else ""
            addl += linker.user_trailingslashit(f"comment-page-{cpage}")
            self.query.remove("cpage")
        path = linker.user_trailingslashit(path)
        if addl:
            path = trailingslashit(path) + addl
        self.url = self.origin + path

    def finish(self) -> str | None:
        linker = self.linker
        if self.url:
            target = urlsplit(self.url)
            merged = _Query(target.query)
            leftover = self.query.pairs
            if target.query and "name" not in merged.names():
                leftover = [p for p in leftover if p.split("=", 1)[0] != "name"]
            for pair in leftover:
                name, _, value = pair.partition("=")
                merged.add(name, value)
            self.path, self.query = _encode_path(target.path or "/"), merged
        path = _PUNCTUATION.sub("", self.path)
        query = str(self.query)
        if query:
            query = re.sub(
                r"((?:^|&)(?:p|page_id|cat|tag)=[^&]*?)" + _PUNCTUATION.pattern,
                r"\1",
                query,
                flags=re.IGNORECASE,
            )
            query = re.sub(r"(^|&)(p|page_id|cat|tag)=?(&|$)", "&", query).strip("&")
            query = re.sub(r"(^|&)feed=rss(&|$)", r"\1feed=rss2\2", query)
        front = self.is_("is_front_page")
        if not front or _int(self.qv.get("paged")) > 1:
            path = linker.user_trailingslashit(path)
        else:
            path = trailingslashit(path)
        path = re.sub(r"/+", "/", path) or "/"
        if trailingslashit(path) == trailingslashit(self.home_path):
            path = trailingslashit(path)
        if (path, query) == self.original:
            return None
        if self.obj is not None and not linker.is_publicly_viewable(self.obj):
            return None  # never reveal where a hidden post lives
        return self.origin + path + ("?" + query if query else "")


__all__ = ["canonical_url"]
