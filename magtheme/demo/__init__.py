"""The demo site: a news magazine shipped as a WordPress export and loaded like any other.

``demo.xml`` is written by ``bench/make_demo.py``. WXR carries no options, so
:func:`load_demo` sets the two the demo needs after importing it, in the same
transaction: the privacy policy page and the primary menu location. Nor does it carry
pictures: every story gets a featured image drawn on the site (:mod:`.pictures`),
imported into the uploads folder like any other, with WordPress's and the active theme's
sizes.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..media.editor import Written, make_subsizes, uploads_path
from ..media.metadata import AttachmentMetadata
from ..models import PostMeta, db
from ..options import forget_options, get_option, update_option
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
#: The caption (attachment excerpt) of every demo picture.
PICTURE_CREDIT = "Illustration: The Daily Meridian"


def load_demo(*, registry: Registry | None = None, pictures: bool = True) -> ImportReport:
    """Import the demo site, then point the privacy policy and primary menu at its content
    and give every story a featured image (unless *pictures* is false, or it has one).

    Works on any site (IDs are remapped when content exists); all or nothing: a failure
    leaves no rows and removes the pictures' files. Raises
    :class:`~magtheme.wxr.WXRError` like any import.
    """
    if registry is None:
        registry = current_app.extensions["magtheme.registry"]
    document = read_wxr(DEMO_WXR, timezone=site_timezone())
    privacy = next(
        item.post_id
        for item in document.items
        if item.post_type == "page" and item.slug == PRIVACY_POLICY_SLUG
    )
    written = Written()
    try:
        report = import_document(document, registry=registry, commit=False)
        page_id = report.post_ids[privacy]
        menu_id = report.term_ids[("nav_menu", MAIN_MENU_SLUG)]
        locations = dict(get_option("nav_menu_locations") or {})
        locations["primary"] = menu_id
        report.options["wp_page_for_privacy_policy"] = update_option(
            "wp_page_for_privacy_policy", page_id, commit=False
        )
        report.options["nav_menu_locations"] = update_option(
            "nav_menu_locations", locations, commit=False
        )
        _place_demo_widgets(report)
        if pictures:
            _add_pictures(document, report, written)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        forget_options()
        written.remove()
        raise
    return report


def _add_pictures(document: WXRDocument, report: ImportReport, written: Written) -> None:
    """A drawn featured image for each story of *document* that has none yet, in the
    uploads folder of the story's month; its files are added to *written*."""
    from .. import site
    from ..media.library import import_file
    from ..media.sizes import chain_sizes
    from .pictures import section_of, story_picture

    uploads = Path(current_app.instance_path) / "uploads"
    sizes = chain_sizes(site.theme_chain(str(get_option("stylesheet") or "classic")))
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


#: What a new site shows in classic's areas: (type, area, settings).
DEMO_WIDGETS: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("search", "sidebar", {}),
    ("recent-posts", "sidebar", {"number": 5, "show_date": True}),
    (
        "popular-posts",
        "sidebar",
        {"title": "Most discussed", "orderby": "comments", "period": "all"},
    ),
    ("recent-comments", "sidebar", {"number": 4}),
    ("categories", "sidebar", {"count": True}),
    ("archives", "footer", {}),
    ("tag-cloud", "footer", {}),
)


def _place_demo_widgets(report: ImportReport) -> None:
    """Put a few widgets in the sidebar and footer, unless the site has widgets already."""
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
        areas=["sidebar", "footer"],
        widgets=DEMO_WIDGETS,
    )
    report.options[INSTANCES_OPTION] = update_option(INSTANCES_OPTION, instances, commit=False)
    report.options[SIDEBARS_OPTION] = update_option(SIDEBARS_OPTION, sidebars, commit=False)


__all__ = ["DEMO_WXR", "MAIN_MENU_SLUG", "PICTURE_CREDIT", "PRIVACY_POLICY_SLUG", "load_demo"]
