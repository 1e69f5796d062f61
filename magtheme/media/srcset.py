"""``srcset`` and ``sizes`` for an image, by WordPress's ``wp_calculate_image_srcset`` and
``wp_calculate_image_sizes`` rules.

A copy goes into the ``srcset`` when it has the shape of the image shown (within a pixel,
``wp_image_matches_ratio``) and is at most :data:`~.sizes.MAX_SRCSET_IMAGE_WIDTH` wide; the
full image counts as one of the copies; the image shown comes first; with fewer than two
candidates there is no ``srcset``. Animated GIFs keep their one file: a GIF's copies are
flattened, so the full GIF is never offered beside them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .metadata import AttachmentMetadata
from .sizes import MAX_SRCSET_IMAGE_WIDTH, matches_ratio


@dataclass(frozen=True)
class Source:
    url: str
    width: int


def calculate_srcset(
    meta: AttachmentMetadata,
    src: str,
    width: int,
    height: int,
    base_url: str,
    *,
    max_width: int = MAX_SRCSET_IMAGE_WIDTH,
) -> str:
    """The ``srcset`` of the image *src* shown at width×height, or "" when there is none.

    *base_url* is the uploads folder's URL (``/wp-content/uploads``).
    """
    if not meta.sizes or width < 1 or len(meta.file) < 4:
        return ""
    candidates = [(s.file, s.width, s.height) for s in meta.sizes.values()]
    full_name = meta.file.rpartition("/")[2]
    thumb = meta.sizes.get("thumbnail")
    if thumb is None or thumb.mime_type != "image/gif":
        candidates.append((full_name, meta.width, meta.height))
    elif src.endswith("/" + meta.file):
        return ""  # a full-size GIF: the copies would stop its animation
    folder = f"{base_url}/{meta.folder}/" if meta.folder else f"{base_url}/"
    sources: dict[int, Source] = {}
    src_matched = False
    for file, w, h in candidates:
        is_src = False
        if not src_matched and src.endswith(folder + file):
            src_matched = is_src = True
        if max_width and w > max_width and not is_src:
            continue
        if w > 0 and h > 0 and matches_ratio(width, height, w, h):
            source = Source(folder + file, w)
            if is_src:
                # The image shown goes first (iOS 8 took the first one; WordPress #35030).
                sources = {w: source} | {k: v for k, v in sources.items() if k != w}
            else:
                sources[w] = source
    if not src_matched or len(sources) < 2:
        return ""
    # A space would end the URL in a srcset; WordPress encodes it and nothing else.
    return ", ".join(f"{s.url.replace(' ', '%20')} {s.width}w" for s in sources.values())


def calculate_sizes(width: int) -> str:
    """``wp_calculate_image_sizes``: the image fills the screen up to its own width."""
    return f"(max-width: {width}px) 100vw, {width}px" if width > 0 else ""
