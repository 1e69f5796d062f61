"""Reading WordPress exports (WXR 1.0, 1.1 and 1.2) into plain dataclasses.

A WXR file is RSS 2.0 with WordPress's own namespace. The reader streams it with
``lxml.etree.iterparse``, building one object per ``<item>``, ``<wp:author>``,
``<wp:category>``, ``<wp:tag>`` or ``<wp:term>`` and clearing each element (and the ones
before it) once read, so memory grows with one item, not with the file. With
``light=True`` the long texts (content, excerpts, comments, most meta values) are dropped
as soon as they are read: the importer plans a whole file that way, then reads it a second
time to write the texts.

Text is kept exactly as the file has it: CDATA sections are joined as any XML parser joins
them (WordPress splits a literal ``]]>`` across two), nothing is stripped or re-encoded.

Exports are untrusted input: entities are never resolved, nothing is fetched from the
network, and a file with a DOCTYPE is refused outright (no WordPress export has one; an
entity bomb needs one). Any well-formed file is read, whatever the size of its text nodes
and even when a namespace URI is not an RFC 3986 URI (non-ASCII characters, spaces), which
libxml2's strict mode refuses although XML allows it; every other libxml2 error refuses
the file. Every problem surfaces as :class:`WXRError`, whose message names the file, the
line and what to do about it.
"""

from __future__ import annotations

import mimetypes
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any

from lxml import etree

#: ``http://wordpress.org/export/1.2/`` and friends (http or https, any version).
_WP_NS = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/$")
_EXCERPT_NS = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
_OTHER_NS = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
#: The channel's own fields that the reader keeps.
_CHANNEL_FIELDS = {
    "title": "title",
    "link": "link",
    "description": "description",
    "language": "language",
    "wp:wxr_version": "wxr_version",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}
_ZERO_DATE = "0000-00-00 00:00:00"
#: libxml2 reports a namespace URI that is not an RFC 3986 URI as an error; XML 1.0's
#: namespaces only ask for a string, so these two are not reasons to refuse a file.
_TOLERATED_ERRORS = frozenset({etree.ErrorTypes.WAR_NS_URI, etree.ErrorTypes.WAR_NS_URI_RELATIVE})
#: Meta an importer needs before it writes anything (references to other rows); with
#: ``light=True`` every other meta value is dropped on the first reading.
PLAN_META_KEYS = frozenset(
    {
        "_menu_item_type",
        "_menu_item_object",
        "_menu_item_object_id",
        "_menu_item_menu_item_parent",
        "_menu_item_url",
        "_thumbnail_id",
        "_wp_attached_file",
    }
)

#: What :func:`iter_wxr` reads: a path, or a binary file object (read from where it is).
Source = str | os.PathLike[str] | IO[bytes]


class WXRError(ValueError):
    """A file that cannot be read as a WordPress export; the message says where and why."""


@dataclass
class WXRChannel:
    """The export's ``<channel>``: the site it came from."""

    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""


@dataclass
class WXRAuthor:
    """A ``<wp:author>``: a user who wrote something in the export."""

    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    #: ``wp:author_id`` (WXR 1.1+); ``None`` in older exports.
    author_id: int | None = None
    #: ``wp:author_description``: a Magtheme extension (WordPress exports no biography).
    description: str = ""


@dataclass
class WXRTerm:
    """A ``<wp:category>``, ``<wp:tag>`` or ``<wp:term>``."""

    taxonomy: str
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""
    #: The term's ID on the exporting site; 0 when the export has none.
    term_id: int = 0
    meta: list[tuple[str, str]] = field(default_factory=list)
    line: int = 0


@dataclass
class WXRItemTerm:
    """One ``<category domain="…" nicename="…">Name</category>`` of an item."""

    taxonomy: str
    slug: str
    name: str


@dataclass
class WXRComment:
    """A ``<wp:comment>`` with its ``<wp:commentmeta>``."""

    comment_id: int = 0
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    date: datetime | None = None
    date_gmt: datetime | None = None
    content: str = ""
    #: WordPress's ``comment_approved``: ``1``, ``0``, ``spam``, ``trash``, …
    approved: str = "1"
    #: WordPress's ``comment_type``; empty for ordinary comments in most exports.
    type: str = ""
    parent: int = 0
    user_id: int = 0
    meta: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class WXRItem:
    """An ``<item>``: one post of any type, with its terms, meta and comments."""

    post_id: int = 0
    post_type: str = "post"
    status: str = ""
    #: ``wp:post_name`` as found in the file (may be empty).
    slug: str = ""
    title: str = ""
    content: str = ""
    excerpt: str = ""
    post_parent: int = 0
    menu_order: int = 0
    post_password: str = ""
    comment_status: str = "open"
    ping_status: str = "open"
    #: ``dc:creator``: the author's login.
    creator: str = ""
    #: Local (site timezone) date; ``None`` when the file has none.
    post_date: datetime | None = None
    #: UTC date; derived from ``post_date`` when the file says ``0000-00-00 00:00:00``.
    post_date_gmt: datetime | None = None
    guid: str = ""
    link: str = ""
    attachment_url: str = ""
    is_sticky: bool = False
    terms: list[WXRItemTerm] = field(default_factory=list)
    meta: list[tuple[str, str]] = field(default_factory=list)
    comments: list[WXRComment] = field(default_factory=list)
    #: Line of the ``<item>`` in the file, for messages.
    line: int = 0

    def attached_file(self) -> str:
        """An attachment's ``_wp_attached_file``: its URL's path below the uploads folder."""
        url = self.attachment_url or self.guid
        path = url.split("?", 1)[0].split("#", 1)[0]
        for marker in ("/wp-content/uploads/", "/files/"):
            if marker in path:
                return path.split(marker, 1)[1]
        parts = path.rstrip("/").split("/")
        # https://example.files.wordpress.com/2008/06/a.jpg → 2008/06/a.jpg
        if len(parts) >= 3 and parts[-3].isdigit() and parts[-2].isdigit():
            return "/".join(parts[-3:])
        return parts[-1] if "." in parts[-1] else ""

    def mime_type(self) -> str:
        """An attachment's MIME type, guessed from its file name ("" for other items)."""
        if self.post_type != "attachment":
            return ""
        guessed, _ = mimetypes.guess_type(self.attachment_url or self.guid)
        return guessed or ""


@dataclass
class WXRDocument:
    """A whole export, read into memory."""

    path: str
    channel: WXRChannel
    authors: list[WXRAuthor]
    terms: list[WXRTerm]
    items: list[WXRItem]


WXRRecord = WXRAuthor | WXRTerm | WXRItem


def read_wxr(path: Source, *, timezone: tzinfo = UTC, light: bool = False) -> WXRDocument:
    """Read the export at *path* whole; raises :class:`WXRError` if it is not one.

    *timezone* is the site's time zone, used to derive a UTC date for items whose
    ``wp:post_date_gmt`` is ``0000-00-00 00:00:00`` (drafts, in most exports). With
    *light*, items come without their long texts (see :func:`iter_wxr`).
    """
    channel = WXRChannel()
    authors: list[WXRAuthor] = []
    terms: list[WXRTerm] = []
    items: list[WXRItem] = []
    for record in iter_wxr(path, channel=channel, timezone=timezone, light=light):
        if isinstance(record, WXRItem):
            items.append(record)
        elif isinstance(record, WXRTerm):
            terms.append(record)
        else:
            authors.append(record)
    return WXRDocument(_name(path), channel, authors, terms, items)


def iter_wxr(
    path: Source,
    *,
    channel: WXRChannel | None = None,
    timezone: tzinfo = UTC,
    light: bool = False,
) -> Iterator[WXRRecord]:
    """Stream the authors, terms and items of the export at *path*, in file order.

    The channel's fields are filled into *channel* as they are met (the title and
    description come first in WordPress's exports). The version check happens at the end,
    so a consumer that must not act on a non-export should collect first (as
    :func:`read_wxr` does). With *light*, items come without their content, excerpt,
    comment texts and meta values other than :data:`PLAN_META_KEYS`.
    """
    name = _name(path)
    channel = channel if channel is not None else WXRChannel()
    if not hasattr(path, "read"):
        file = Path(name)
        if not file.is_file():
            raise WXRError(f"{name}: no such file. Check the path of the WordPress export.")
        if file.stat().st_size == 0:
            raise WXRError(
                f"{name}: the file is empty. Export the site again from WordPress "
                "(Tools → Export → All content) and import the downloaded .xml file."
            )
    tags = _TagNames()
    depth = 0
    seen_root = False
    try:
        events = etree.iterparse(
            path if hasattr(path, "read") else name,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            # A post of tens of megabytes is one text node; libxml2 refuses those otherwise.
            huge_tree=True,
            # Only so that a non-URI namespace does not stop the parser: every other
            # error is raised by _check_errors below.
            recover=True,
            remove_comments=True,
            remove_pis=True,
        )
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    _check_root(name, element)
                    _check_errors(name, events)
                    seen_root = True
                continue
            depth -= 1
            if depth != 2:
                continue
            _check_errors(name, events)
            tag = tags.of(element)
            record: WXRRecord | None = None
            if tag == "item":
                record = _item(element, tags, timezone, light)
            elif tag == "wp:author":
                record = _author(element, tags)
            elif tag in ("wp:category", "wp:tag", "wp:term"):
                record = _term(element, tags, tag)
            elif tag in _CHANNEL_FIELDS:
                setattr(channel, _CHANNEL_FIELDS[tag], _text(element).strip())
            # Drop what has been read: the element and every earlier sibling.
            element.clear()
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
            if record is not None:
                yield record
        _check_errors(name, events)
    except OSError as exc:
        raise WXRError(
            f"{name}: the file cannot be read ({exc.strerror or exc}). Check that it exists "
            "and that you may read it, or export the site again."
        ) from None
    except etree.XMLSyntaxError as exc:
        raise _malformed(name, exc.lineno or 0, exc.msg) from None
    if not seen_root:
        raise _malformed(name, 1, "no root element")
    if not re.fullmatch(r"\d+\.\d+", channel.wxr_version):
        raise WXRError(
            f"{name}: no valid <wp:wxr_version> in the channel (found "
            f"{channel.wxr_version or 'none'!r}). This does not look like a complete "
            "WordPress export; export it again from WordPress."
        )


def _name(path: Source) -> str:
    """How messages name *path*: the path, or a file object's ``name``."""
    if hasattr(path, "read"):
        return str(getattr(path, "name", "<stream>"))
    return str(path)


def _malformed(name: str, line: int, reason: str) -> WXRError:
    return WXRError(
        f"{name}, line {line}: not well-formed XML ({reason}). The export may be "
        "truncated or edited by hand: export it again from WordPress, or fix the XML "
        f"near line {line}."
    )


def _check_errors(name: str, events: Any) -> None:
    """Raise for the first error libxml2 logged, unless it is one XML itself allows."""
    for error in events.error_log:
        if error.type not in _TOLERATED_ERRORS and error.level >= etree.ErrorLevels.ERROR:
            raise _malformed(name, error.line, error.message.strip())


def parse_wp_date(text: str) -> datetime | None:
    """``YYYY-MM-DD HH:MM:SS`` as WordPress writes it; ``None`` for empty or zero dates."""
    text = text.strip()
    if not text or text.startswith("0000-00-00"):
        return None
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def local_to_gmt(local: datetime, timezone: tzinfo) -> datetime:
    """A naive local date in *timezone* as a naive UTC date."""
    return local.replace(tzinfo=timezone).astimezone(UTC).replace(tzinfo=None)


def gmt_to_local(gmt: datetime, timezone: tzinfo) -> datetime:
    """A naive UTC date as a naive local date in *timezone*."""
    return gmt.replace(tzinfo=UTC).astimezone(timezone).replace(tzinfo=None)


class _TagNames:
    """``{uri}local`` → ``prefix:local`` with WordPress's prefixes, whatever the version."""

    def __init__(self) -> None:
        self._cache: dict[str, str] = {}

    def of(self, element: etree._Element) -> str:
        tag = element.tag
        if not isinstance(tag, str):
            return ""
        known = self._cache.get(tag)
        if known is not None:
            return known
        name = tag
        if tag.startswith("{"):
            uri, _, local = tag[1:].partition("}")
            if _WP_NS.match(uri):
                name = f"wp:{local}"
            elif _EXCERPT_NS.match(uri):
                name = f"excerpt:{local}"
            elif uri in _OTHER_NS:
                name = f"{_OTHER_NS[uri]}:{local}"
        self._cache[tag] = name
        return name


def _check_root(name: str, root: etree._Element) -> None:
    """Refuse a DOCTYPE and anything but ``<rss>`` with WordPress's export namespace."""
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise WXRError(
            f"{name}, line {root.sourceline or 1}: the file has a DOCTYPE declaration. "
            "WordPress exports never do, and entity declarations can be used to attack the "
            "reader, so the file is refused. Export the site again from WordPress."
        )
    local = etree.QName(root).localname if isinstance(root.tag, str) else ""
    namespaces = [uri for uri in root.nsmap.values() if uri]
    if local != "rss" or not any(_WP_NS.match(uri) for uri in namespaces):
        found = f"<{local}>" if local else "no root element"
        raise WXRError(
            f"{name}, line {root.sourceline or 1}: this is XML but not a WordPress export "
            f"(WXR): found {found} without WordPress's export namespace "
            "(http://wordpress.org/export/1.2/). Export the site from WordPress with "
            "Tools → Export and import that file."
        )


def _text(element: etree._Element) -> str:
    return element.text or ""


def _int(text: str, default: int = 0) -> int:
    try:
        return int(text.strip())
    except ValueError:
        return default


def _meta(element: etree._Element, tags: _TagNames) -> tuple[str, str]:
    key = value = ""
    for child in element:
        tag = tags.of(child)
        if tag == "wp:meta_key":
            key = _text(child)
        elif tag == "wp:meta_value":
            value = _text(child)
    return key, value


def _author(element: etree._Element, tags: _TagNames) -> WXRAuthor:
    fields: dict[str, str] = {}
    for child in element:
        fields[tags.of(child)] = _text(child).strip()
    raw_id = fields.get("wp:author_id", "")
    return WXRAuthor(
        login=fields.get("wp:author_login", ""),
        email=fields.get("wp:author_email", ""),
        display_name=fields.get("wp:author_display_name", ""),
        first_name=fields.get("wp:author_first_name", ""),
        last_name=fields.get("wp:author_last_name", ""),
        author_id=_int(raw_id) or None if raw_id else None,
        description=fields.get("wp:author_description", ""),
    )


#: Per element kind: (taxonomy or ``None`` to read it, slug, name, parent, description).
_TERM_FIELDS = {
    "wp:category": (
        "category",
        "wp:category_nicename",
        "wp:cat_name",
        "wp:category_parent",
        "wp:category_description",
    ),
    "wp:tag": ("post_tag", "wp:tag_slug", "wp:tag_name", "", "wp:tag_description"),
    "wp:term": (
        None,
        "wp:term_slug",
        "wp:term_name",
        "wp:term_parent",
        "wp:term_description",
    ),
}


def _term(element: etree._Element, tags: _TagNames, kind: str) -> WXRTerm:
    taxonomy, slug_tag, name_tag, parent_tag, description_tag = _TERM_FIELDS[kind]
    fields: dict[str, str] = {}
    meta: list[tuple[str, str]] = []
    for child in element:
        tag = tags.of(child)
        if tag == "wp:termmeta":
            meta.append(_meta(child, tags))
        else:
            fields[tag] = _text(child).strip()
    return WXRTerm(
        taxonomy=taxonomy or fields.get("wp:term_taxonomy", ""),
        slug=fields.get(slug_tag, ""),
        name=fields.get(name_tag, ""),
        parent_slug=fields.get(parent_tag, "") if parent_tag else "",
        description=fields.get(description_tag, ""),
        term_id=_int(fields.get("wp:term_id", "")),
        meta=meta,
        line=element.sourceline or 0,
    )


#: Comment children: tag → (attribute of :class:`WXRComment`, how to read it).
_COMMENT_FIELDS = {
    "wp:comment_id": ("comment_id", "int"),
    "wp:comment_author": ("author", "text"),
    "wp:comment_author_email": ("author_email", "strip"),
    "wp:comment_author_url": ("author_url", "strip"),
    "wp:comment_author_IP": ("author_ip", "strip"),
    "wp:comment_date": ("date", "date"),
    "wp:comment_date_gmt": ("date_gmt", "date"),
    "wp:comment_content": ("content", "text"),
    "wp:comment_approved": ("approved", "strip"),
    "wp:comment_type": ("type", "strip"),
    "wp:comment_parent": ("parent", "int"),
    "wp:comment_user_id": ("user_id", "int"),
}


def _convert(kind: str, text: str) -> Any:
    if kind == "int":
        return _int(text)
    if kind == "strip":
        return text.strip()
    if kind == "date":
        return parse_wp_date(text)
    return text


def _comment(element: etree._Element, tags: _TagNames, light: bool) -> WXRComment:
    comment = WXRComment()
    for child in element:
        tag = tags.of(child)
        if tag == "wp:commentmeta":
            key, value = _meta(child, tags)
            comment.meta.append((key, "" if light else value))
        elif tag in _COMMENT_FIELDS:
            attribute, kind = _COMMENT_FIELDS[tag]
            if not (light and attribute == "content"):
                setattr(comment, attribute, _convert(kind, _text(child)))
    return comment


#: Item children read as plain strings: tag → attribute of :class:`WXRItem`.
_ITEM_TEXT = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "dc:creator": "creator",
    "wp:post_password": "post_password",
}
#: Item children read stripped.
_ITEM_STRIPPED = {
    "wp:post_type": "post_type",
    "wp:status": "status",
    "wp:post_name": "slug",
    "wp:comment_status": "comment_status",
    "wp:ping_status": "ping_status",
    "wp:attachment_url": "attachment_url",
}
_ITEM_INT = {
    "wp:post_id": "post_id",
    "wp:post_parent": "post_parent",
    "wp:menu_order": "menu_order",
}


#: Item texts that ``light`` reading drops.
_LONG_TEXTS = frozenset({"content", "excerpt"})


def _item(element: etree._Element, tags: _TagNames, timezone: tzinfo, light: bool) -> WXRItem:
    # No default type: WordPress refuses an item without one.
    item = WXRItem(post_type="", line=element.sourceline or 0)
    raw_date = raw_gmt = pub_date = ""
    for child in element:
        tag = tags.of(child)
        if tag in _ITEM_TEXT:
            if not (light and _ITEM_TEXT[tag] in _LONG_TEXTS):
                setattr(item, _ITEM_TEXT[tag], _text(child))
        elif tag in _ITEM_STRIPPED:
            setattr(item, _ITEM_STRIPPED[tag], _text(child).strip())
        elif tag in _ITEM_INT:
            setattr(item, _ITEM_INT[tag], _int(_text(child)))
        elif tag == "category":
            term = _item_term(child)
            if term is not None:
                item.terms.append(term)
        elif tag == "wp:postmeta":
            key, value = _meta(child, tags)
            item.meta.append((key, "" if light and key not in PLAN_META_KEYS else value))
        elif tag == "wp:comment":
            item.comments.append(_comment(child, tags, light))
        elif tag == "wp:post_date":
            raw_date = _text(child)
        elif tag == "wp:post_date_gmt":
            raw_gmt = _text(child)
        elif tag == "wp:is_sticky":
            item.is_sticky = _text(child).strip() == "1"
        elif tag == "pubDate":
            pub_date = _text(child).strip()
    item.creator = item.creator.strip()
    item.post_date, item.post_date_gmt = _item_dates(raw_date, raw_gmt, pub_date, timezone)
    return item


def _item_term(element: etree._Element) -> WXRItemTerm | None:
    """An item's ``<category>``; ``None`` for WXR 1.0's duplicate name-only entries."""
    domain = (element.get("domain") or "").strip()
    slug = (element.get("nicename") or "").strip()
    if not domain or not slug:
        return None
    if domain == "tag":  # WXR 1.0 called tags "tag".
        domain = "post_tag"
    return WXRItemTerm(domain, slug, (element.text or "").strip())


def _item_dates(
    raw_date: str, raw_gmt: str, pub_date: str, timezone: tzinfo
) -> tuple[datetime | None, datetime | None]:
    """Local and UTC dates of an item, each derived from the other when missing."""
    local = parse_wp_date(raw_date)
    gmt = parse_wp_date(raw_gmt)
    if local is None and gmt is None and pub_date:
        try:
            parsed = parsedate_to_datetime(pub_date)
        except (TypeError, ValueError):
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            gmt = parsed.astimezone(UTC).replace(tzinfo=None)
    if gmt is None and local is not None:
        gmt = local_to_gmt(local, timezone)
    if local is None and gmt is not None:
        local = gmt_to_local(gmt, timezone)
    return local, gmt
