"""Resized copies of an image in the uploads folder, made with Pillow the way WordPress's
``wp_create_image_subsizes`` makes them.

Every path is relative to the site's uploads folder and checked by :func:`uploads_path`
before anything touches the disk. An image is opened only after its header says it is one
of the formats below and not a decompression bomb; copies keep the original's format, are
never larger than it, are turned upright by its EXIF orientation, and are named as
WordPress names them (``pic-300x200.jpg``).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps, UnidentifiedImageError

from ..themes.schema import ImageSize
from .metadata import IMAGE_META_DEFAULTS, AttachmentMetadata, SubSize
from .sizes import BIG_IMAGE_SIZE_THRESHOLD, constrain_dimensions, resize_dimensions

#: The formats WordPress's image editors resize, with their MIME types.
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
#: The largest image opened, in pixels (width × height): 50 megapixels, a large camera's
#: photo. A file claiming more is refused before its pixels are decoded.
MAX_PIXELS = 50_000_000
#: WordPress's ``wp_editor_set_quality`` default for JPEG and WebP copies.
QUALITY = 82
#: EXIF tags copied into ``image_meta`` (WordPress's ``wp_read_image_metadata``).
_EXIF_ORIENTATION, _EXIF_MODEL, _EXIF_COPYRIGHT = 0x0112, 0x0110, 0x8298


class ImageError(ValueError):
    """An image that cannot be used: not an image, too large, or outside the uploads folder.
    The message names the file and says what to do."""


def uploads_path(uploads: Path, relative: str) -> Path:
    """*relative* (``2024/05/pic.jpg``) inside *uploads*, or :class:`ImageError` when it
    would lead anywhere else (``..``, an absolute path, a link out of the folder)."""
    parts = PurePosixPath(relative.replace("\\", "/")).parts
    if (
        not relative
        or "\x00" in relative
        or relative.startswith(("/", "\\"))
        or ":" in (parts[0] if parts else "")
        or any(part in ("..", ".") for part in parts)
    ):
        raise ImageError(f"{relative!r} is not a path inside the uploads folder.")
    root = uploads.resolve()
    path = root.joinpath(*parts)
    resolved = path.resolve()
    if not resolved.is_relative_to(root):
        raise ImageError(f"{relative!r} leads out of the uploads folder ({root}).")
    return path


@contextmanager
def open_image(
    path: Path, *, max_pixels: int | None = None, name: str | None = None
) -> Iterator[Image.Image]:
    """The image at *path*, decoded, or :class:`ImageError` saying why it is not usable
    (naming the file *name*, or its own name: an upload's temporary file has another)."""
    name = name or path.name
    max_pixels = MAX_PIXELS if max_pixels is None else max_pixels
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(path)
        except FileNotFoundError:
            raise ImageError(f"{name}: there is no such file ({path}).") from None
        except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
            raise _refusal(name, exc) from None
        except (Image.DecompressionBombWarning, OSError, ValueError) as exc:
            raise _refusal(name, exc) from None
        with image:
            if image.format not in MIME_TYPES:
                raise ImageError(
                    f"{name}: a {image.format} image; Magtheme resizes JPEG, PNG, GIF and WebP "
                    "images. Convert it to one of those and import it again."
                )
            width, height = image.size
            if width * height > max_pixels:
                raise ImageError(
                    f"{name}: {width}×{height} pixels is more than the {max_pixels:,} an image "
                    "may have (it could be a decompression bomb). Scale it down and import it "
                    "again."
                )
            try:
                image.load()
            except (OSError, ValueError, Image.DecompressionBombWarning) as exc:
                raise ImageError(
                    f"{name}: the image data is damaged or incomplete ({exc}). "
                    "Save it again with an image editor."
                ) from None
            yield image


def _refusal(name: str, exc: Exception) -> ImageError:
    if isinstance(exc, Image.DecompressionBombError | Image.DecompressionBombWarning):
        return ImageError(
            f"{name}: too many pixels to open safely (it could be a decompression bomb). "
            "Scale it down and import it again."
        )
    return ImageError(
        f"{name}: not an image Magtheme can read (JPEG, PNG, GIF or WebP). "
        "Check that the file is the picture you meant."
    )


def mime_type_of(path: Path) -> str:
    """The MIME type of the image at *path* (its content decides, never its name)."""
    with open_image(path) as image:
        return MIME_TYPES[str(image.format)]


@dataclass
class Written:
    """Files one run wrote, so a failure can take them back (a file that was there before
    and was only replaced stays: it is a copy of the same image, made again), and the
    folders it made for them (removed when they are left empty)."""

    paths: list[Path] = field(default_factory=list)
    replaced: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)

    def remove(self) -> None:
        for path in self.paths:
            path.unlink(missing_ok=True)
        self.paths.clear()
        for folder in sorted(self.folders, key=lambda f: len(f.parts), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        self.folders.clear()


def make_subsizes(
    uploads: Path,
    meta: AttachmentMetadata,
    sizes: Mapping[str, ImageSize],
    written: Written,
    *,
    keep: Mapping[str, SubSize] | None = None,
    max_pixels: int | None = None,
) -> AttachmentMetadata:
    """*meta* with a copy of the image for each of *sizes* (``sizes`` replaced).

    The source is the upload as it came (``original_image`` when WordPress or Magtheme made
    a rotated or scaled copy of it). Copies in *keep* whose files exist are kept as they are
    when they still have the size's dimensions (``--only-missing``). New files are added to
    *written*.
    """
    full_path = uploads_path(uploads, meta.file)
    source_name = meta.original_image or full_path.name
    source = uploads_path(uploads, meta.relative(source_name))
    with open_image(source, max_pixels=max_pixels) as opened:
        fmt = str(opened.format)
        orientation = _exif(opened).get(_EXIF_ORIENTATION, 1)
        image = ImageOps.exif_transpose(opened)
    stem, ext = os.path.splitext(source_name)
    result = AttachmentMetadata(
        width=image.width,
        height=image.height,
        file=meta.file,
        filesize=meta.filesize,
        image_meta=meta.image_meta,
        original_image=meta.original_image,
        extra=meta.extra,
    )
    if meta.original_image is None:
        # A first run: WordPress scales a very large upload down, and turns a sideways
        # one upright, in a copy that becomes the full image.
        suffix = ""
        if max(image.size) > BIG_IMAGE_SIZE_THRESHOLD:
            scaled = constrain_dimensions(
                *image.size, BIG_IMAGE_SIZE_THRESHOLD, BIG_IMAGE_SIZE_THRESHOLD
            )
            image, suffix = image.resize(scaled, Image.Resampling.LANCZOS), "scaled"
        elif orientation not in (0, 1):
            suffix = "rotated"
        if suffix:
            copy = full_path.with_name(f"{stem}-{suffix}{ext}")
            _save(image, copy, fmt, written)
            result.file = meta.relative(copy.name)
            result.original_image = source_name
            result.filesize = copy.stat().st_size
        result.width, result.height = image.size
    elif (uploads_path(uploads, meta.file)).exists():
        with open_image(full_path, max_pixels=max_pixels) as current:
            result.width, result.height = current.size
    made: dict[tuple[int, int, tuple[int, int, int, int]], SubSize] = {}
    for name, size in sizes.items():
        plan = resize_dimensions(image.width, image.height, size.width, size.height, size.crop)
        if plan is None:
            continue
        kept = (keep or {}).get(name)
        if (
            kept is not None
            and (kept.width, kept.height) == (plan.width, plan.height)
            and uploads_path(uploads, meta.relative(kept.file)).exists()
        ):
            result.sizes[name] = kept  # still the size's copy: --only-missing leaves it
            continue
        key = (plan.width, plan.height, plan.box)
        if key not in made:
            left, top, width, height = plan.box
            # Resizing the box in place spares a copy of the cut; a large reduction starts
            # with a cheap integer one (Pillow's reducing_gap), as fine to the eye.
            resized = image.resize(
                (plan.width, plan.height),
                Image.Resampling.LANCZOS,
                box=(left, top, left + width, top + height),
                reducing_gap=3.0,
            )
            path = full_path.with_name(f"{stem}-{plan.width}x{plan.height}{ext}")
            _save(resized, path, fmt, written)
            made[key] = SubSize(
                path.name, plan.width, plan.height, MIME_TYPES[fmt], path.stat().st_size
            )
        result.sizes[name] = made[key]
    return result


def read_image_meta(path: Path) -> dict[str, object]:
    """``image_meta`` for the image at *path*: WordPress's keys, with the camera, copyright
    and orientation its EXIF data gives."""
    meta = dict(IMAGE_META_DEFAULTS)
    with open_image(path) as image:
        exif = _exif(image)
    if exif.get(_EXIF_MODEL):
        meta["camera"] = str(exif[_EXIF_MODEL]).strip()[:200]
    if exif.get(_EXIF_COPYRIGHT):
        meta["copyright"] = str(exif[_EXIF_COPYRIGHT]).strip()[:200]
    orientation = exif.get(_EXIF_ORIENTATION, 0)
    meta["orientation"] = str(orientation if isinstance(orientation, int) else 0)
    return meta


def _exif(image: Image.Image) -> dict[int, object]:
    try:
        return dict(image.getexif())
    except (OSError, ValueError, SyntaxError):
        return {}


def _save(image: Image.Image, path: Path, fmt: str, written: Written) -> None:
    """Write *image* to *path* in *fmt* (replacing an older copy of the same name)."""
    if fmt == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    options: dict[str, object] = {}
    if fmt in ("JPEG", "WEBP"):
        options["quality"] = QUALITY
    existed = path.exists()
    tmp = path.with_name(f".{path.name}.part")
    try:
        image.save(tmp, format=fmt, **options)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ImageError(f"{path.name}: could not be written ({exc}).") from None
    if not existed:
        written.paths.append(path)
    elif path not in written.paths:
        written.replaced.append(path)
