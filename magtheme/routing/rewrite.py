"""WordPress's rewrite rules: a request path in, query vars out.

This is ``WP_Rewrite`` and ``WP::parse_request`` done again. The permalink *structures*
(:class:`Permastructs`: the post structure, the date, author, search and page structures and
the extra ones of taxonomies and post types) are computed once from the options and the
registry; :class:`RewriteRules` turns them into WordPress's ordered list of regular
expressions with the very algorithm of ``generate_rewrite_rules``, so the order in which
rules compete (and therefore which one wins for an ambiguous path) is WordPress's.

Nothing here touches Flask or the database: the one question that needs data ("is there a
page at this path?", WordPress's verbose page-rule check) is a callback the caller passes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import unquote_plus, unquote_to_bytes

from ..context import QueryVars
from ..numbers import MAX_ID, is_id, is_id_list
from ..slugs import encode_slug
from ..types import PostType, Registry, Taxonomy

#: WordPress's feed names (``WP_Rewrite::$feeds``).
FEEDS = ("feed", "rdf", "rss", "rss2", "atom")
#: The structure tags a ``permalink_structure`` may use.
STRUCTURE_TAGS = (
    "%year%", "%monthnum%", "%day%", "%hour%", "%minute%", "%second%", "%post_id%",
    "%postname%", "%category%", "%author%",
)  # fmt: skip
_DATE_ENDIANS = ("%year%/%monthnum%/%day%", "%day%/%monthnum%/%year%", "%monthnum%/%day%/%year%")
#: Longest request path we read (WordPress's servers cut far earlier).
MAX_PATH = 2000
#: Largest page number (``paged``, ``page``, ``cpage``) a request may ask for.
MAX_PAGE = 10**9

# Endpoint masks (``EP_*``): only the ones that change which rules exist are kept.
EP_NONE = 0
EP_PERMALINK = 1
EP_ROOT = 64
EP_PAGES = 4096

_TOKEN = re.compile(r"%.+?%")
_REGEX_SPECIAL = re.compile(r"([.^$*+?{}\[\]\\|()])")
_FEED_ALT = "(" + "|".join(FEEDS) + ")"


class BadRequestPath(ValueError):
    """A request that cannot name anything: malformed, hostile or absurd. The message says why.

    The view answers it with a 404 (or 400), never a 500.
    """


#: One piece of a rule's query: a query var and either a regex group number or a literal.
QueryPart = tuple[str, int | str]
Query = tuple[QueryPart, ...]


@dataclass(frozen=True)
class RewriteTag:
    """A structure tag: the regex it stands for (one group) and the query var it fills."""

    regex: str
    var: str

    @property
    def bare(self) -> str:
        """The regex without its group, for WordPress's attachment sub-rules."""
        return self.regex.replace("(", "").replace(")", "")


_BUILTIN_TAGS: dict[str, RewriteTag] = {
    "%year%": RewriteTag("([0-9]{4})", "year"),
    "%monthnum%": RewriteTag("([0-9]{1,2})", "monthnum"),
    "%day%": RewriteTag("([0-9]{1,2})", "day"),
    "%hour%": RewriteTag("([0-9]{1,2})", "hour"),
    "%minute%": RewriteTag("([0-9]{1,2})", "minute"),
    "%second%": RewriteTag("([0-9]{1,2})", "second"),
    "%postname%": RewriteTag("([^/]+)", "name"),
    "%post_id%": RewriteTag("([0-9]+)", "p"),
    "%author%": RewriteTag("([^/]+)", "author_name"),
    # page_rewrite_rules() widens %pagename% to this before generating the page rules; the
    # extra ".?" keeps it from clashing with other rules.
    "%pagename%": RewriteTag("(.?.+?)", "pagename"),
    "%search%": RewriteTag("(.+)", "s"),
}


@dataclass(frozen=True)
class ExtraPermastruct:
    """A structure added with ``add_permastruct``: a taxonomy's or a post type's."""

    name: str
    struct: str
    ep_mask: int = EP_NONE
    feed: bool = True
    #: Whether the term path may span several segments (``rewrite['hierarchical']``).
    hierarchical: bool = False


@dataclass(frozen=True)
class ArchiveRoute:
    """A post type archive's own rules (``has_archive``), added at the top like WordPress."""

    post_type: str
    #: The archive's path, without slashes at either end (``books``, ``archives/books``).
    path: str
    feeds: bool


@dataclass(frozen=True)
class Permastructs:
    """Every permalink structure of a site, as ``WP_Rewrite`` derives them from the options.

    Permalinks (object → URL) and rewrite rules (URL → query vars) both read these, so a
    structure is computed in one place. All structures start with "/" (the ``root`` is
    always empty: Magtheme has no ``index.php`` permalinks).
    """

    structure: str = ""
    page_on_front: int = 0
    extra: tuple[ExtraPermastruct, ...] = ()
    archives: tuple[ArchiveRoute, ...] = ()
    #: Custom post types whose tag marks a single (name, hierarchical).
    custom_types: tuple[tuple[str, bool], ...] = ()
    #: The structure tags of taxonomies and post types (the built-ins are always known).
    extra_tags: tuple[tuple[str, RewriteTag], ...] = ()

    @property
    def tags(self) -> dict[str, RewriteTag]:
        """Every structure tag this site knows, with its regex and query var."""
        return {**_BUILTIN_TAGS, **dict(self.extra_tags)}

    @property
    def using_permalinks(self) -> bool:
        return bool(self.structure)

    @property
    def front(self) -> str:
        """The static part of the post structure before its first tag (``/archives/``)."""
        pos = self.structure.find("%")
        return self.structure[:pos] if pos >= 0 else ""

    @property
    def use_trailing_slashes(self) -> bool:
        return self.structure.endswith("/")

    @property
    def use_verbose_page_rules(self) -> bool:
        """Whether a post URL could be confused with a page's (WordPress's ``init``)."""
        return bool(re.match(r"^[^%]*%(?:postname|category|tag|author)%", self.structure))

    @property
    def date(self) -> str:
        """The day archive structure; moved under ``date/`` when %post_id% comes early."""
        if not self.structure:
            return ""
        endian = next((e for e in _DATE_ENDIANS if e in self.structure), _DATE_ENDIANS[0])
        front = self.front
        if "%post_id%" in _TOKEN.findall(self.structure)[:3]:
            front += "date/"
        return front + endian

    @property
    def year(self) -> str:
        return _squash(self.date.replace("%monthnum%", "").replace("%day%", ""))

    @property
    def month(self) -> str:
        return _squash(self.date.replace("%day%", ""))

    @property
    def author(self) -> str:
        return self.front + "author/%author%" if self.structure else ""

    @property
    def search(self) -> str:
        return "/search/%search%" if self.structure else ""

    @property
    def page(self) -> str:
        return "%pagename%" if self.structure else ""

    def extra_struct(self, name: str) -> str:
        """The structure of taxonomy or post type *name* ("" when it has none)."""
        for extra in self.extra:
            if extra.name == name:
                return extra.struct
        return ""

    def archive(self, post_type: str) -> ArchiveRoute | None:
        return next((a for a in self.archives if a.post_type == post_type), None)


def _squash(path: str) -> str:
    return re.sub(r"/+", "/", path)


def _base(value: Any) -> str:
    return str(value or "").strip().strip("/")


def _int_option(value: Any) -> int:
    try:
        return max(0, int(str(value or 0).strip()))
    except ValueError:
        return 0


def build_permastructs(options: Mapping[str, Any], registry: Registry) -> Permastructs:
    """The structures for these options and this registry (cached: call it freely)."""
    return _cached_permastructs(
        str(options.get("permalink_structure") or ""),
        _base(options.get("category_base")),
        _base(options.get("tag_base")),
        _int_option(options.get("page_on_front")),
        tuple(registry.post_types.values()),
        tuple(registry.taxonomies.values()),
    )


@lru_cache(maxsize=32)
def _cached_permastructs(
    structure: str,
    category_base: str,
    tag_base: str,
    page_on_front: int,
    post_types: tuple[PostType, ...],
    taxonomies: tuple[Taxonomy, ...],
) -> Permastructs:
    tags: dict[str, RewriteTag] = {}
    if not structure:
        return Permastructs("", page_on_front)
    front = Permastructs(structure).front
    extra: list[ExtraPermastruct] = []
    archives: list[ArchiveRoute] = []
    custom_types: list[tuple[str, bool]] = []
    by_name = {tx.name: tx for tx in taxonomies}

    def add_taxonomy(tx: Taxonomy, slug: str, with_front: bool, hierarchical: bool) -> None:
        tags[f"%{tx.name}%"] = RewriteTag("(.+?)" if hierarchical else "([^/]+)", tx.query_var)
        struct = (front if with_front else "/") + slug + f"/%{tx.name}%"
        extra.append(ExtraPermastruct(tx.name, _squash(struct), hierarchical=hierarchical))

    # create_initial_taxonomies(): a base set by the site drops the structure's front.
    if "category" in by_name:
        add_taxonomy(by_name["category"], category_base or "category", not category_base, True)
    if "post_tag" in by_name:
        add_taxonomy(by_name["post_tag"], tag_base or "tag", not tag_base, False)
    if "post_format" in by_name:
        add_taxonomy(by_name["post_format"], "type", True, False)
    # Then what the site registers, post types first (Magtheme registers them in that order).
    for pt in post_types:
        if pt.builtin or not pt.publicly_queryable:
            continue
        custom_types.append((pt.name, pt.hierarchical))
        slug = pt.rewrite_slug or pt.name
        tags[f"%{pt.name}%"] = RewriteTag("(.+?)" if pt.hierarchical else "([^/]+)", pt.name)
        struct = (front if pt.with_front else "/") + slug + f"/%{pt.name}%"
        extra.append(
            ExtraPermastruct(pt.name, _squash(struct), EP_PERMALINK, feed=bool(pt.has_archive))
        )
        if pt.archive_slug:
            path = (front if pt.with_front else "/") + pt.archive_slug
            archives.append(ArchiveRoute(pt.name, _squash(path).strip("/"), bool(pt.has_archive)))
    for tx in taxonomies:
        if not tx.builtin and tx.public and tx.query_var:
            add_taxonomy(tx, tx.rewrite_slug or tx.name, tx.with_front, tx.hierarchical)
    return Permastructs(
        structure,
        page_on_front,
        tuple(extra),
        tuple(archives),
        tuple(custom_types),
        tuple(tags.items()),
    )


@dataclass(frozen=True)
class Rule:
    """One rewrite rule: WordPress's regex (anchored at the start) and its query."""

    regex: str
    query: Query
    pattern: re.Pattern[str] = field(compare=False, repr=False)

    @property
    def pagename_group(self) -> int:
        """The group a verbose page check reads (0 when the rule names no page)."""
        for var, source in self.query:
            if var == "pagename" and isinstance(source, int):
                return source
        return 0

    def query_string(self) -> str:
        """The query as WordPress writes it (``year=$matches[1]&…``), for explaining."""
        return "&".join(
            f"{var}=$matches[{src}]" if isinstance(src, int) else f"{var}={src}"
            for var, src in self.query
        )


@dataclass(frozen=True)
class RuleMatch:
    """The rule a path matched and the query vars it produced."""

    rule: Rule
    query_vars: QueryVars


class RewriteRules:
    """WordPress's ordered rewrite rules for one site; build once, match per request."""

    def __init__(self, structs: Permastructs) -> None:
        self.structs = structs
        self.rules: tuple[Rule, ...] = tuple(
            Rule(regex, query, re.compile(regex)) for regex, query in _all_rules(structs).items()
        )

    @classmethod
    def build(cls, options: Mapping[str, Any], registry: Registry) -> RewriteRules:
        """The (cached) rules for these options and this registry."""
        return _cached_rules(build_permastructs(options, registry))

    @property
    def using_permalinks(self) -> bool:
        return self.structs.using_permalinks

    def match(self, path: str, page_exists: Callable[[str], bool]) -> RuleMatch | None:
        """The first rule *path* matches, as ``WP::parse_request`` looks for it.

        *path* may be raw UTF-8 or percent-encoded; it is normalised first (raising
        :class:`BadRequestPath` when it cannot be). Under verbose page rules a rule that
        names a page only wins when ``page_exists(path)`` says such a page exists.
        """
        request = normalise_path(path).strip("/")
        if request in ("", "index.php"):
            return None
        verbose = self.structs.use_verbose_page_rules
        for rule in self.rules:
            found = rule.pattern.match(request)
            if found is None:
                continue
            group = rule.pagename_group if verbose else 0
            if group and not page_exists(found.group(group) or ""):
                continue
            query_vars: QueryVars = {}
            for var, source in rule.query:
                value = (found.group(source) or "") if isinstance(source, int) else source
                if var and value != "":
                    query_vars[var] = value
            return RuleMatch(rule, query_vars)
        return None


@lru_cache(maxsize=32)
def _cached_rules(structs: Permastructs) -> RewriteRules:
    return RewriteRules(structs)


# -- generating the rules (WP_Rewrite::rewrite_rules and generate_rewrite_rules) -------------


def _all_rules(structs: Permastructs) -> dict[str, Query]:
    """Every rule in WordPress's order; an empty dict for plain permalinks."""
    if not structs.using_permalinks:
        return {}
    gen = _Generator(structs)
    top: dict[str, Query] = {}
    # Post type archives are added with add_rewrite_rule(…, 'top') when the type registers,
    # so they come before every permastruct.
    for archive in structs.archives:
        base = _escape(archive.path)
        top[base + "/?$"] = (("post_type", archive.post_type),)
        if archive.feeds:
            feed_query: Query = (("post_type", archive.post_type), ("feed", 1))
            top[f"{base}/feed/{_FEED_ALT}/?$"] = feed_query
            top[f"{base}/{_FEED_ALT}/?$"] = feed_query
        top[base + "/page/([0-9]{1,})/?$"] = (("post_type", archive.post_type), ("paged", 1))
    for extra in structs.extra:
        top.update(gen.rules(extra.struct, extra.ep_mask, feed=extra.feed))
    root = gen.rules("/", EP_ROOT)
    comments = gen.rules("comments", EP_NONE, paged=False, forcomments=True, walk_dirs=False)
    search = gen.rules(structs.search, EP_NONE)
    author = gen.rules(structs.author, EP_NONE)
    date = gen.rules(structs.date, EP_NONE)
    page = gen.rules(structs.page, EP_PAGES, walk_dirs=False)
    post = gen.rules(structs.structure, EP_PERMALINK)
    order = [top, root, comments, search, author, date]
    order += [page, post] if structs.use_verbose_page_rules else [post, page]
    rules: dict[str, Query] = {}
    for part in order:
        rules.update(part)  # PHP's array_merge: a repeated key keeps its place, takes the value
    return rules


def _merged(first: Mapping[str, Query], second: Mapping[str, Query]) -> dict[str, Query]:
    """PHP's ``array_merge`` of two rule lists."""
    result = dict(first)
    result.update(second)
    return result


def _escape(literal: str) -> str:
    """Escape regex syntax in a structure's literal text (WordPress leaves it raw)."""
    return _REGEX_SPECIAL.sub(r"\\\1", literal)


class _Generator:
    """``generate_rewrite_rules`` for one site's tags."""

    def __init__(self, structs: Permastructs) -> None:
        self.tags = structs.tags
        self.page_on_front = structs.page_on_front
        self.custom_types = structs.custom_types

    def _regex(self, struct: str, *, bare: bool = False) -> str:
        out = []
        for piece in re.split(r"(%.+?%)", struct):
            tag = self.tags.get(piece)
            if tag is not None:
                out.append(tag.bare if bare else tag.regex)
            elif _TOKEN.fullmatch(piece):
                out.append("[^/]+" if bare else "([^/]+)")  # unknown tag: a segment, no var
            else:
                out.append(_escape(piece))
        return "".join(out)

    def rules(
        self,
        permalink_structure: str,
        ep_mask: int = EP_NONE,
        paged: bool = True,
        feed: bool = True,
        forcomments: bool = False,
        walk_dirs: bool = True,
    ) -> dict[str, Query]:
        if not permalink_structure:
            return {}
        feedregex2 = _FEED_ALT + "/?$"
        feedregex = "feed/" + feedregex2
        trackbackregex = "trackback/?$"
        pageregex = "page/?([0-9]{1,})/?$"
        commentregex = "comment-page-([0-9]{1,})/?$"
        embedregex = "embed/?$"

        pos = permalink_structure.find("%")
        front = permalink_structure[:pos] if pos >= 0 else ""
        tokens = _TOKEN.findall(permalink_structure)
        queries: list[Query] = []
        for i, token in enumerate(tokens):
            tag = self.tags.get(token)
            previous = queries[i - 1] if i else ()
            queries.append((*previous, (tag.var if tag else "", i + 1)))

        structure = permalink_structure if front == "/" else permalink_structure.replace(front, "")
        structure = structure.strip("/")
        dirs = structure.split("/") if walk_dirs else [structure]
        front = front.lstrip("/")

        post_rewrite: dict[str, Query] = {}
        struct = front
        for directory in dirs:
            struct = (struct + directory + "/").lstrip("/")
            match = self._regex(struct)
            num_toks = len(_TOKEN.findall(struct))
            query: Query = queries[num_toks - 1] if 0 < num_toks <= len(queries) else ()
            nxt = num_toks + 1

            feedquery: Query = (*query, ("feed", nxt))
            if forcomments:
                feedquery = (*feedquery, ("withcomments", "1"))
            embedmatch, embedquery = match + embedregex, (*query, ("embed", "true"))
            rewrite: dict[str, Query] = {}
            if feed:
                rewrite = {
                    match + feedregex: feedquery,
                    match + feedregex2: feedquery,
                    embedmatch: embedquery,
                }
            if paged:
                rewrite[match + pageregex] = (*query, ("paged", nxt))
            if ep_mask & (EP_PAGES | EP_PERMALINK):
                rewrite[match + commentregex] = (*query, ("cpage", nxt))
            elif ep_mask & EP_ROOT and self.page_on_front:
                rewrite[match + commentregex] = (
                    *query,
                    ("page_id", str(self.page_on_front)),
                    ("cpage", nxt),
                )

            if num_toks:
                post, page = self._is_single(struct)
                if post:
                    trackback = {match + trackbackregex: (*query, ("tb", "1"))}
                    match = match.rstrip("/")
                    base = self._regex(struct, bare=True).rstrip("/")
                    sub1 = _attachment_rules(base + "/([^/]+)/")
                    sub2 = _attachment_rules(base + "/attachment/([^/]+)/")
                    match += "(?:/([0-9]+))?/?$"
                    query = (*query, ("page", nxt))
                else:
                    match += "?$"
                rewrite[match] = query
                if post:
                    rewrite = _merged(trackback, rewrite)
                    rewrite = _merged({embedmatch: embedquery}, rewrite)
                    if not page:
                        # Pages need the explicit /attachment/ form: a bare one is a subpage.
                        rewrite = _merged(rewrite, sub1)
                    rewrite = _merged(sub2, rewrite)
            post_rewrite = _merged(rewrite, post_rewrite)
        return post_rewrite

    def _is_single(self, struct: str) -> tuple[bool, bool]:
        """Whether *struct* names one post, and whether that post is page-like."""
        if any(t in struct for t in ("%postname%", "%post_id%", "%pagename%")) or all(
            t in struct for t in ("%year%", "%monthnum%", "%day%", "%hour%", "%minute%", "%second%")
        ):
            return True, "%pagename%" in struct
        for name, hierarchical in self.custom_types:
            if f"%{name}%" in struct:
                return True, hierarchical
        return False, False


def _attachment_rules(sub: str) -> dict[str, Query]:
    """The attachment rules under a single (``<permalink>/att/`` and its endpoints)."""
    attachment: Query = (("attachment", 1),)
    feed: Query = (*attachment, ("feed", 2))
    return {
        sub + "?$": attachment,
        sub + "trackback/?$": (*attachment, ("tb", "1")),
        sub + "feed/" + _FEED_ALT + "/?$": feed,
        sub + _FEED_ALT + "/?$": feed,
        sub + "comment-page-([0-9]{1,})/?$": (*attachment, ("cpage", 2)),
        sub + "embed/?$": (*attachment, ("embed", "true")),
    }


# -- the request path ------------------------------------------------------------------------

_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
#: ASCII that stays encoded in a normalised path: it would change how the path splits.
_KEEP_ENCODED = set("%/?#") | {" "}


def _check_text(text: str, what: str) -> None:
    for ch in text:
        code = ord(ch)
        if code < 32 or code == 127 or 0x80 <= code < 0xA0:
            raise BadRequestPath(f"{what} holds a control character (U+{code:04X}).")
        if ch == "\ufffd":
            raise BadRequestPath(f"{what} is not valid UTF-8.")


def normalise_path(path: str) -> str:
    """*path* in the form slugs are stored in: non-ASCII as lowercase ``%xx``, ASCII plain.

    Raw UTF-8 and percent-encoding (any hex case) give the same result. Raises
    :class:`BadRequestPath` for an overlong path, a broken ``%`` escape, bytes that are not
    UTF-8, or control characters.
    """
    if len(path) > MAX_PATH:
        raise BadRequestPath(f"The path is longer than {MAX_PATH} characters.")
    path = path.split("?", 1)[0].split("#", 1)[0]
    if _BAD_ESCAPE.search(path):
        raise BadRequestPath("The path has a '%' that does not start a %XX escape.")
    _check_text(path, "The path")
    segments = []
    for segment in path.split("/"):
        try:
            text = unquote_to_bytes(segment).decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequestPath("The path's percent-encoded bytes are not UTF-8.") from None
        _check_text(text, "The path")
        segments.append(
            "".join(
                ch
                if ch.isascii() and ch not in _KEEP_ENCODED
                else "".join(f"%{b:02x}" for b in ch.encode("utf-8"))
                for ch in text
            )
        )
    return "/".join(segments)


# -- WP::parse_request ------------------------------------------------------------------------

#: WordPress's public query vars Magtheme reads, in WordPress's order.
PUBLIC_QUERY_VARS = (
    "m", "p", "w", "cat", "withcomments", "s", "page", "paged", "tb", "author", "year",
    "monthnum", "day", "hour", "minute", "second", "name", "category_name", "tag", "feed",
    "author_name", "pagename", "page_id", "attachment", "attachment_id", "preview", "cpage",
    "post_type", "embed", "taxonomy", "term", "tag_id", "post_format",
)  # fmt: skip
#: Post formats WordPress knows (get_post_format_slugs).
POST_FORMATS = (
    "standard", "aside", "chat", "gallery", "link", "image", "quote", "status", "video", "audio",
)  # fmt: skip

_IDS = {"p", "page_id", "attachment_id", "tag_id"}
_ID_LISTS = {"cat", "author"}
_PAGES = {"paged": 1, "page": 0, "cpage": 0}
_DATE_PARTS = {"year", "monthnum", "day", "hour", "minute", "second", "w"}
_SLUG_VARS = {"name", "pagename", "attachment", "category_name", "tag", "author_name", "term"}


def public_query_vars(registry: Registry) -> list[str]:
    """WordPress's public vars plus each public taxonomy's query var and post type's name."""
    names = list(PUBLIC_QUERY_VARS)
    for tx in registry.custom_taxonomies():
        if tx.public and tx.query_var and tx.query_var not in names:
            names.append(tx.query_var)
    for pt in registry.custom_post_types():
        if pt.publicly_queryable and pt.name not in names:
            names.append(pt.name)
    return names


def _checked(var: str, value: str) -> str:
    """*value* of query var *var* if it is well formed; raises :class:`BadRequestPath`."""
    if len(value) > MAX_PATH:
        raise BadRequestPath(f"The value of {var!r} is longer than {MAX_PATH} characters.")
    _check_text(value, f"The value of {var!r}")
    if var in _IDS:
        if not is_id(value):
            raise BadRequestPath(f"{var} must be an ID (digits, at most {MAX_ID}), not {value!r}.")
    elif var in _ID_LISTS:
        if not is_id_list(value):
            raise BadRequestPath(f"{var} must be an ID or a comma-separated list of IDs.")
    elif var in _PAGES:
        if not value.isdigit() or not value.isascii() or len(value) > 12:
            raise BadRequestPath(f"{var} must be a page number, not {value!r}.")
        number = int(value)
        if number < _PAGES[var] or number > MAX_PAGE:
            raise BadRequestPath(f"{var} must be between {_PAGES[var]} and {MAX_PAGE}.")
    elif var in _DATE_PARTS:
        if not value.isdigit() or not value.isascii() or len(value) > 4:
            raise BadRequestPath(f"{var} must be a number of at most 4 digits, not {value!r}.")
    elif var == "m" and (not value.isdigit() or not value.isascii() or len(value) > 14):
        raise BadRequestPath(f"m must be digits (YYYY[MM[DD[hh[mm[ss]]]]]), not {value!r}.")
    return value


def parse_request(
    path: str,
    args: Mapping[str, str],
    rules: RewriteRules,
    registry: Registry,
    page_exists: Callable[[str], bool],
) -> QueryVars:
    """The query vars of a request, as ``WP::parse_request`` makes them.

    *path* is the request path (raw UTF-8 or percent-encoded), *args* the query string.
    A query string var beats the same var from the path. A path no rule matches gives
    ``error=404`` (as in WordPress); so does any path under plain permalinks. Unknown query
    args are ignored. Raises :class:`BadRequestPath` for malformed or hostile input.
    """
    request = normalise_path(path).strip("/")
    perma: QueryVars = {}
    error = ""
    if request and request != "index.php":
        found = rules.match(request, page_exists) if rules.using_permalinks else None
        if found is None:
            error = "404"
        else:
            perma = dict(found.query_vars)
            if "s" in perma:
                # WP_Query urldecodes a search term that came from the path.
                perma["s"] = unquote_plus(perma["s"])

    query_vars: QueryVars = {}
    post_type_vars = {pt.name for pt in registry.custom_post_types() if pt.publicly_queryable}
    for var in public_query_vars(registry):
        if var in args:
            value = str(args[var])
            if value == "" and var != "s":
                continue  # an empty var is no var (a bare "?s=" still searches)
            value = _checked(var, value)
            if var in _SLUG_VARS or var in post_type_vars:
                value = encode_slug(value)
        elif var in perma:
            value = _checked(var, perma[var])
        else:
            continue
        query_vars[var] = value
        if var in post_type_vars and value:
            query_vars["post_type"] = var
            query_vars["name"] = value

    for tx in registry.taxonomies.values():
        if tx.query_var and tx.query_var in query_vars:
            query_vars[tx.query_var] = query_vars[tx.query_var].replace(" ", "+")

    taxonomy = query_vars.get("taxonomy")
    if taxonomy is not None:
        found_tax = registry.taxonomy(taxonomy)
        if found_tax is None or not found_tax.public:
            # Non-public taxonomies cannot be queried from the front end.
            query_vars.pop("taxonomy")
            query_vars.pop("term", None)

    post_type = query_vars.get("post_type")
    if post_type is not None:
        pt = registry.post_type(post_type)
        if pt is None or not pt.publicly_queryable:
            del query_vars["post_type"]

    post_format = query_vars.get("post_format")
    if post_format in POST_FORMATS:
        query_vars["post_format"] = "post-format-" + post_format

    if error:
        query_vars["error"] = error
    return query_vars


__all__ = [
    "FEEDS",
    "MAX_PAGE",
    "MAX_PATH",
    "STRUCTURE_TAGS",
    "BadRequestPath",
    "Permastructs",
    "RewriteRules",
    "Rule",
    "RuleMatch",
    "build_permastructs",
    "normalise_path",
    "parse_request",
    "public_query_vars",
]
