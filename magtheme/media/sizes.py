"""WordPress's image sizes and its arithmetic for them, rule for rule (wp-includes/media.php).

:data:`DEFAULT_SIZES` are the sizes every WordPress site makes (its ``thumbnail_size_w`` …
options at their defaults, and the two ``_wp_add_additional_image_sizes`` adds); a theme's
``[[image_sizes]]`` add to them or replace one by name. A width or height of 0 means "any":
the image is scaled to the other. ``crop`` cuts the image to the size's shape (centered)
instead of fitting it inside.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from ..themes.schema import ImageSize
from .metadata import AttachmentMetadata, SubSize

DEFAULT_SIZES: tuple[ImageSize, ...] = (
    ImageSize("thumbnail", 150, 150, True),
    ImageSize("medium", 300, 300, False),
    ImageSize("medium_large", 768, 0, False),
    ImageSize("large", 1024, 1024, False),
    ImageSize("1536x1536", 1536, 1536, False),
    ImageSize("2048x2048", 2048, 2048, False),
)

#: ``big_image_size_threshold``: an upload wider or taller than this is scaled down to it,
#: and the scaled copy (``pic-scaled.jpg``) becomes the full image.
BIG_IMAGE_SIZE_THRESHOLD = 2560

#: ``max_srcset_image_width``: wider copies are left out of a ``srcset``.
MAX_SRCSET_IMAGE_WIDTH = 2048


def registered_sizes(theme_sizes: Iterable[Iterable[ImageSize]] = ()) -> dict[str, ImageSize]:
    """WordPress's sizes, then each theme's (parents first, so a child's size of the same
    name wins): ``wp_get_registered_image_subsizes``. Sizes of 0×0 are left out."""
    sizes = {size.name: size for size in DEFAULT_SIZES}
    for declared in theme_sizes:
        for size in declared:
            sizes[size.name] = size
    return {name: size for name, size in sizes.items() if size.width or size.height}


def chain_sizes(chain: object) -> dict[str, ImageSize]:
    """The sizes of a theme chain (child first, as ``ThemeChain.themes`` lists it)."""
    themes = list(getattr(chain, "themes", ()))
    return registered_sizes(t.info.image_sizes for t in reversed(themes))


def php_round(value: float) -> int:
    """PHP's ``round``: halves away from zero (Python's ``round`` goes to the even one)."""
    return int(math.floor(value + 0.5)) if value >= 0 else -int(math.floor(-value + 0.5))


def fuzzy_match(a: float, b: float, precision: float = 1) -> bool:
    """``wp_fuzzy_number_match``: within *precision* of each other."""
    return abs(a - b) <= precision


def constrain_dimensions(
    width: int, height: int, max_w: int = 0, max_h: int = 0
) -> tuple[int, int]:
    """``wp_constrain_dimensions``: *width*×*height* scaled down to fit max_w×max_h (0: any)."""
    if not max_w and not max_h:
        return width, height
    width_ratio = height_ratio = 1.0
    did_width = did_height = False
    if max_w > 0 and width > 0 and width > max_w:
        width_ratio, did_width = max_w / width, True
    if max_h > 0 and height > 0 and height > max_h:
        height_ratio, did_height = max_h / height, True
    smaller, larger = min(width_ratio, height_ratio), max(width_ratio, height_ratio)
    if php_round(width * larger) > max_w or php_round(height * larger) > max_h:
        ratio = smaller  # the larger ratio would overflow
    else:
        ratio = larger
    w = max(1, php_round(width * ratio))
    h = max(1, php_round(height * ratio))
    # Rounding can leave a result one pixel short of the box (465x700 in 177x177 → 117x176).
    if did_width and w == max_w - 1:
        w = max_w
    if did_height and h == max_h - 1:
        h = max_h
    return w, h


@dataclass(frozen=True)
class Resize:
    """``image_resize_dimensions``'s answer: cut *box* (left, top, width, height) out of the
    image, then scale it to width×height."""

    width: int
    height: int
    box: tuple[int, int, int, int]


def resize_dimensions(
    orig_w: int, orig_h: int, dest_w: int, dest_h: int, crop: bool = False
) -> Resize | None:
    """``image_resize_dimensions``: how to make a dest_w×dest_h copy, or None when there is
    nothing to make (the image is smaller than the size, or would come out the same)."""
    if orig_w <= 0 or orig_h <= 0 or (dest_w <= 0 and dest_h <= 0):
        return None
    # Never upscale: stop when the size is larger than the image.
    if not dest_h:
        if orig_w < dest_w:
            return None
    elif not dest_w:
        if orig_h < dest_h:
            return None
    elif orig_w < dest_w and orig_h < dest_h:
        return None
    if crop:
        # The largest part of the image that scales to the size; an image narrower (or
        # shorter) than the size keeps its width (height): 600x300 for 400x400 gives 400x300.
        aspect = orig_w / orig_h
        new_w, new_h = min(dest_w, orig_w), min(dest_h, orig_h)
        if not new_w:
            new_w = php_round(new_h * aspect)
        if not new_h:
            new_h = php_round(new_w / aspect)
        size_ratio = max(new_w / orig_w, new_h / orig_h)
        crop_w, crop_h = php_round(new_w / size_ratio), php_round(new_h / size_ratio)
        s_x, s_y = (orig_w - crop_w) // 2, (orig_h - crop_h) // 2
    else:
        crop_w, crop_h, s_x, s_y = orig_w, orig_h, 0, 0
        new_w, new_h = constrain_dimensions(orig_w, orig_h, dest_w, dest_h)
    if fuzzy_match(new_w, orig_w) and fuzzy_match(new_h, orig_h):
        return None  # virtually the image itself: WordPress makes no copy
    return Resize(int(new_w), int(new_h), (int(s_x), int(s_y), int(crop_w), int(crop_h)))


def matches_ratio(source_w: int, source_h: int, target_w: int, target_h: int) -> bool:
    """``wp_image_matches_ratio``: the larger image scaled to the smaller's width comes
    within a pixel of it."""
    if source_w > target_w:
        constrained = constrain_dimensions(source_w, source_h, target_w)
        expected = (target_w, target_h)
    else:
        constrained = constrain_dimensions(target_w, target_h, source_w)
        expected = (source_w, source_h)
    return fuzzy_match(constrained[0], expected[0]) and fuzzy_match(constrained[1], expected[1])


def intermediate_size(meta: AttachmentMetadata, width: int, height: int) -> SubSize | None:
    """``image_get_intermediate_size`` for a size given as pixels: the copy of exactly
    *width*×*height*, else the smallest larger copy of that shape, else the ``thumbnail``
    copy when it is at least as wide as both; None when no copy will do (the caller shows
    the full image, as ``image_downsize`` does)."""
    candidates: dict[int, SubSize] = {}
    for copy in meta.sizes.values():
        if copy.width == width and copy.height == height:
            candidates[copy.width * copy.height] = copy
            break
        if copy.width >= width and copy.height >= height:
            if width == 0 or height == 0:
                same = matches_ratio(copy.width, copy.height, meta.width, meta.height)
            else:
                same = matches_ratio(copy.width, copy.height, width, height)
            if same:
                candidates[copy.width * copy.height] = copy
    if candidates:
        return candidates[min(candidates)]
    thumbnail = meta.sizes.get("thumbnail")
    if thumbnail is not None and thumbnail.width >= width and thumbnail.width >= height:
        return thumbnail
    return None
