"""The demo site: a newspaper, The Daily Meridian, shipped as a WordPress export and loaded
like any other.

``demo.xml`` is written by ``bench/make_demo.py``. WXR carries no options, so
:func:`load_demo` sets those the demo needs after importing it, in the same transaction:
the privacy policy page, the menus' locations (``primary``, ``footer``, ``social``), the
``breaking`` ticker and the widgets of the Magazine and Classic themes' areas. Nor does it
carry pictures or user meta: every story gets a featured image and every author a portrait
for their avatar (:mod:`magtheme.avatars`), drawn on the site (:mod:`.pictures`) and
imported into the uploads folder like any other image, with WordPress's and the active
theme's sizes; the paper's site icon (:mod:`magtheme.siteicon`) is drawn and imported the
same way, with the site icon's sizes. Nothing comes from another host.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..media.editor import Written, make_subsizes, uploads_path
from ..media.metadata import AttachmentMetadata
from ..models import PostMeta, db
from ..options import DEFAULT_THEME, forget_options, get_option, update_option
from ..themes.schema import ImageSize
from ..types import Registry
from ..wxr import ImportReport, WXRDocument, import_document, read_wxr
from ..wxr.importer import site_timezone

#: The demo site's export (WXR 1.2).
DEMO_WXR: Path = Path(__file__).with_name("demo.xml")
#: The page that :func:`load_demo` makes the privacy policy.
PRIVACY_POLICY_SLUG = "privacy-policy"
#: The menu that :func:`load_demo` puts in the theme's ``primary`` location.
MAIN_MENU_SLUG = "main-menu"
#: The paper's editor runs the site; everyone else writes for it (the importer's default).
DEMO_ROLES = {"amara": "administrator"}
#: Each menu location :func:`load_demo` fills, with the slug of the demo's menu for it.
MENU_LOCATIONS = {"primary": MAIN_MENU_SLUG, "footer": "footer-menu", "social": "social-menu"}
#: The demo's ``breaking`` ticker: the newest stories of Breaking News.
DEMO_TICKER: dict[str, object] = {
    "source": "category",
    "term": "breaking-news",
    "count": 6,
    "label": "BREAKING",
}
#: The caption (attachment excerpt) of every demo picture.
PICTURE_CREDIT = "Illustration: The Daily Meridian"


#: The clock the load is timed by (seconds, only differences count).
_clock = time.perf_counter


def load_demo(*, registry: Registry | None = None, pictures: bool = True) -> ImportReport:
    """Import the demo site, then point the privacy policy and the menu locations at its
    content, set its ticker and widgets, and give every story a featured image and every
    author an avatar (unless *pictures* is false, or they have one).

    Works on any site (IDs are remapped when content exists); all or nothing: a failure
    leaves no rows and removes the pictures' files. Raises
    :class:`~magtheme.wxr.WXRError` like any import.
    """
    if registry is None:
        registry = current_app.extensions["magtheme.registry"]
    started = _clock()
    document = read_wxr(DEMO_WXR, timezone=site_timezone())
    privacy = next(
        item.post_id
        for item in document.items
        if item.post_type == "page" and item.slug == PRIVACY_POLICY_SLUG
    )
    written = Written()
    try:
        report = import_document(document, registry=registry, commit=False, roles=DEMO_ROLES)
        page_id = report.post_ids[privacy]
        locations = dict(get_option("nav_menu_locations") or {})
        for location, slug in MENU_LOCATIONS.items():
            locations[location] = report.term_ids[("nav_menu", slug)]
        report.options["wp_page_for_privacy_policy"] = update_option(
            "wp_page_for_privacy_policy", page_id, commit=False
        )
        report.options["nav_menu_locations"] = update_option(
            "nav_menu_locations", locations, commit=False
        )
        _place_demo_widgets(report)
        _define_ticker(report)
        if pictures:
            _add_pictures(document, report, written)
            _add_portraits(document, report, written)
            _add_site_icon(report, written)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        forget_options()
        written.remove()
        raise
    # The whole load, pictures included: what the person waiting at `make run` sat through.
    report.seconds = _clock() - started
    return report


def _add_pictures(document: WXRDocument, report: ImportReport, written: Written) -> None:
    """A drawn featured image for each story of *document* that has none yet, in the
    uploads folder of the story's month; its files are added to *written*."""
    from .. import site
    from ..media.library import import_file
    from ..media.sizes import chain_sizes
    from .pictures import section_of, story_picture

    uploads = Path(current_app.instance_path) / "uploads"
    sizes = chain_sizes(site.theme_chain(str(get_option("stylesheet") or DEFAULT_THEME)))
    site_url = str(get_option("siteurl") or get_option("home") or "")
    stories = [
        (item, report.post_ids[item.post_id])
        for item in document.items
        if item.post_type == "post" and item.post_id in report.post_ids
    ]
    featured = set(
        db.session.scalars(
            select(PostMeta.post_id).where(
                PostMeta.key == "_thumbnail_id",
                PostMeta.post_id.in_([post_id for _, post_id in stories]),
            )
        )
    )
    with tempfile.TemporaryDirectory(prefix="magtheme-demo-") as scratch:
        for item, post_id in stories:
            if post_id in featured:
                continue
            categories = [t for t in item.terms if t.taxonomy == "category"]
            section = section_of([t.slug for t in categories])
            label = next((t.name for t in categories if t.slug == section), section.title())
            picture = story_picture(item.slug, section, label)
            source = Path(scratch) / f"{item.slug or f'story-{item.post_id}'}.jpg"
            source.write_bytes(picture.data)
            now = datetime.now(UTC).replace(tzinfo=None)
            import_file(
                db.session,
                uploads,
                source,
                sizes,
                title=f"Illustration for {item.title}",
                alt=f"Illustration for “{item.title}”: {picture.description}.",
                caption=PICTURE_CREDIT,
                parent_id=post_id,
                featured=True,
                now=item.post_date_gmt or now,
                local_now=item.post_date or now,
                site_url=site_url,
                written=written,
                make_copies=_remembered_copies,
            )
            report.items["attachment/inherit"] += 1


def _add_portraits(document: WXRDocument, report: ImportReport, written: Written) -> None:
    """A drawn portrait as the avatar of each author of *document* who has none yet."""
    from .. import site
    from ..avatars import AVATAR_META, set_avatar
    from ..media.library import import_file
    from ..media.sizes import chain_sizes
    from ..models import User, UserMeta
    from .pictures import author_portrait

    uploads = Path(current_app.instance_path) / "uploads"
    sizes = chain_sizes(site.theme_chain(str(get_option("stylesheet") or DEFAULT_THEME)))
    site_url = str(get_option("siteurl") or get_option("home") or "")
    logins = [author.login for author in document.authors]
    users = db.session.execute(select(User.id, User.login).where(User.login.in_(logins))).all()
    pictured = set(
        db.session.scalars(
            select(UserMeta.user_id).where(
                UserMeta.key == AVATAR_META, UserMeta.user_id.in_([u.id for u in users])
            )
        )
    )
    names = {author.login: author.display_name or author.login for author in document.authors}
    when = datetime(2025, 3, 30, 12, 0)
    with tempfile.TemporaryDirectory(prefix="magtheme-demo-") as scratch:
        for user in users:
            if user.id in pictured:
                continue
            picture = author_portrait(user.login, names[user.login])
            source = Path(scratch) / f"avatar-{user.login}.jpg"
            source.write_bytes(picture.data)
            made = import_file(
                db.session,
                uploads,
                source,
                sizes,
                title=f"Portrait of {names[user.login]}",
                alt=f"Portrait of {names[user.login]}: {picture.description}.",
                caption=PICTURE_CREDIT,
                now=when,
                local_now=when,
                site_url=site_url,
                written=written,
                make_copies=_remembered_copies,
            )
            set_avatar(db.session, user.id, made.attachment_id)
            report.items["attachment/inherit"] += 1


def _add_site_icon(report: ImportReport, written: Written) -> None:
    """The paper's drawn icon as the site icon (``site_icon``), unless the site has one."""
    from ..media.library import import_file
    from ..siteicon import SITE_ICON_IMAGE_SIZES, SITE_ICON_OPTION
    from .pictures import paper_icon

    if get_option(SITE_ICON_OPTION):
        return
    uploads = Path(current_app.instance_path) / "uploads"
    site_url = str(get_option("siteurl") or get_option("home") or "")
    picture = paper_icon()
    when = datetime(2025, 3, 30, 12, 0)
    with tempfile.TemporaryDirectory(prefix="magtheme-demo-") as scratch:
        source = Path(scratch) / "meridian-icon.png"
        source.write_bytes(picture.data)
        made = import_file(
            db.session,
            uploads,
            source,
            SITE_ICON_IMAGE_SIZES,
            title="The Daily Meridian",
            alt=f"The Daily Meridian's icon: {picture.description}.",
            now=when,
            local_now=when,
            site_url=site_url,
            written=written,
            make_copies=_remembered_copies,
        )
    report.options[SITE_ICON_OPTION] = update_option(
        SITE_ICON_OPTION, made.attachment_id, commit=False
    )
    report.items["attachment/inherit"] += 1


class RememberedCopies:
    """``make_subsizes`` that remembers, for the life of the process, the copies it made of
    each picture for each set of sizes, and writes them again instead of resizing.

    Resizing is most of the time a demo load takes, and the pictures are the same every
    time: a process that loads the demo into many sites (the test suite) resizes once.
    A picture whose full image is a scaled or rotated copy is not remembered.
    """

    def __init__(self) -> None:
        #: (picture digest, sizes) → (metadata made, each size's file name after the
        #: picture's name, the bytes of each such file).
        self._made: dict[
            tuple[bytes, tuple[ImageSize, ...]],
            tuple[AttachmentMetadata, dict[str, str], dict[str, bytes]],
        ] = {}

    def __call__(
        self,
        uploads: Path,
        meta: AttachmentMetadata,
        sizes: Mapping[str, ImageSize],
        written: Written,
    ) -> AttachmentMetadata:
        full = uploads_path(uploads, meta.file)
        key = (hashlib.sha256(full.read_bytes()).digest(), tuple(sizes[n] for n in sorted(sizes)))
        stem = full.stem
        if key not in self._made:
            made = make_subsizes(uploads, meta, sizes, written)
            if made.original_image is None:
                # Copies are named after the full image (pic-300x169.jpg): keep the rest.
                tails = {name: size.file[len(stem) :] for name, size in made.sizes.items()}
                files = {
                    tail: (full.parent / f"{stem}{tail}").read_bytes() for tail in tails.values()
                }
                self._made[key] = (made, tails, files)
            return made
        made, tails, files = self._made[key]
        for tail, data in files.items():
            path = full.with_name(f"{stem}{tail}")
            if not path.exists():
                written.paths.append(path)
            path.write_bytes(data)
        return replace(
            made,
            file=meta.file,
            filesize=meta.filesize,
            image_meta=meta.image_meta,
            sizes={
                name: replace(size, file=f"{stem}{tails[name]}")
                for name, size in made.sizes.items()
            },
        )


_remembered_copies = RememberedCopies()


#: The sidebar's box about the paper.
ABOUT_TEXT = (
    "The Daily Meridian is Magtheme's demo newspaper: five journalists, seven sections and "
    "one lead story, laid out by the Magazine theme.\n\n"
    "Everything here is made up for the demonstration but the lead, adapted from a news "
    "report of 11 May 2025."
)
#: The sidebar's newsletter box. Honest: the link opens the reader's own email program with
#: a message to the newsroom; the site posts nothing anywhere, and no form sends an address.
NEWSLETTER_HTML = (
    "<p>The morning's top stories, Monday to Saturday. Subscribing is a message to the "
    "newsroom: this demo keeps no mailing list.</p>\n"
    '<p><a href="mailto:briefing@demo.magtheme.test?subject=Subscribe%20to%20the%20morning'
    '%20briefing">Subscribe by email</a></p>'
)
#: The first footer column: who the paper is and how to reach it.
FOOTER_TEXT = (
    "The Daily Meridian\n12 Harbour Street, Meridian Quay\n\n"
    "Tips and letters: news@demo.magtheme.test"
)

#: What a new site shows: (type, area, settings). The sidebar is Magazine's and Classic's;
#: ``footer-1`` to ``footer-3`` are Magazine's columns, ``footer`` Classic's footer.
DEMO_WIDGETS: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("text", "sidebar", {"title": "About the Meridian", "text": ABOUT_TEXT}),
    (
        "popular-posts",
        "sidebar",
        {"title": "Most discussed", "orderby": "comments", "period": "all"},
    ),
    ("recent-comments", "sidebar", {"number": 4}),
    ("custom-html", "sidebar", {"title": "The morning briefing", "content": NEWSLETTER_HTML}),
    ("tag-cloud", "sidebar", {"title": "Topics"}),
    ("text", "footer-1", {"title": "Contact", "text": FOOTER_TEXT}),
    ("categories", "footer-2", {"title": "Sections", "count": True}),
    ("recent-posts", "footer-3", {"title": "Latest stories", "number": 5}),
    ("search", "footer", {}),
    ("recent-posts", "footer", {"number": 5, "show_date": True}),
    ("categories", "footer", {"count": True}),
    ("archives", "footer", {}),
)
#: The areas :data:`DEMO_WIDGETS` fills.
DEMO_AREAS = ("sidebar", "footer-1", "footer-2", "footer-3", "footer")


def _place_demo_widgets(report: ImportReport) -> None:
    """Put :data:`DEMO_WIDGETS` in their areas, unless the site has widgets already."""
    from ..widgets import INSTANCES_OPTION, SIDEBARS_OPTION, default_registry
    from ..widgets.store import add_widgets

    instances = dict(get_option(INSTANCES_OPTION) or {})
    if instances:
        return
    sidebars: dict[str, list[str]] = {
        k: list(v) for k, v in (get_option(SIDEBARS_OPTION) or {}).items() if isinstance(v, list)
    }
    instances, sidebars = add_widgets(
        instances,
        sidebars,
        registry=default_registry(),
        areas=list(DEMO_AREAS),
        widgets=DEMO_WIDGETS,
    )
    report.options[INSTANCES_OPTION] = update_option(INSTANCES_OPTION, instances, commit=False)
    report.options[SIDEBARS_OPTION] = update_option(SIDEBARS_OPTION, sidebars, commit=False)


def _define_ticker(report: ImportReport) -> None:
    """Make :data:`DEMO_TICKER` the ``breaking`` ticker, unless the site defined that one."""
    from ..tickers import DEFAULT_TICKER, TICKERS_OPTION, create_ticker, is_stored

    options = {TICKERS_OPTION: get_option(TICKERS_OPTION)}
    if is_stored(options, DEFAULT_TICKER):
        return
    tickers = create_ticker(options[TICKERS_OPTION], DEFAULT_TICKER, DEMO_TICKER)
    report.options[TICKERS_OPTION] = update_option(TICKERS_OPTION, tickers, commit=False)


__all__ = [
    "DEMO_TICKER",
    "DEMO_WIDGETS",
    "DEMO_WXR",
    "MAIN_MENU_SLUG",
    "MENU_LOCATIONS",
    "PICTURE_CREDIT",
    "PRIVACY_POLICY_SLUG",
    "load_demo",
]
