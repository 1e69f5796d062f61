"""The demo's featured images, drawn on the site with Pillow: no photograph leaves or enters it.

Each story gets an editorial illustration in its section's colours: a gradient, a motif
for the section (a globe's meridians for World, a hemicycle of seats for Politics, a rising
chart for Business…), a few loose shapes, and the section's name large and faint. Every
choice comes from a generator seeded with the story's slug, so one story always gets the
same picture, byte for byte, and two stories rarely get the same one.

Drawing takes a few tens of milliseconds a picture; :func:`story_picture` keeps what it
drew for the life of the process, as the demo is loaded again by every test that wants it.
"""

from __future__ import annotations

import hashlib
import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

#: The pictures' size in pixels: 16:9, wide enough for the largest size themes ask for.
WIDTH, HEIGHT = 1600, 900
#: JPEG quality, WordPress's default for the copies it makes.
QUALITY = 82

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """Two gradient ends, an accent for the motif and a light ink; *name* is for alt text."""

    name: str
    start: RGB
    end: RGB
    accent: RGB
    ink: RGB


def _rgb(value: str) -> RGB:
    return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))


def _palette(name: str, start: str, end: str, accent: str, ink: str = "#f7f3ea") -> Palette:
    return Palette(name, _rgb(start), _rgb(end), _rgb(accent), _rgb(ink))


#: Palettes by section; a story takes one of its section's.
PALETTES: dict[str, tuple[Palette, ...]] = {
    "world": (
        _palette("deep blue and teal", "#0d2b45", "#1f6f78", "#f2c14e"),
        _palette("navy and slate", "#14213d", "#3d5a80", "#e0fbfc"),
        _palette("ocean blue and sand", "#1b4965", "#5fa8d3", "#f4d35e"),
    ),
    "politics": (
        _palette("burgundy and plum", "#4a0e2e", "#7b2d4f", "#f2d0a4"),
        _palette("crimson and charcoal", "#2b2d42", "#8d0801", "#edf2f4"),
        _palette("royal purple and rose", "#3c1642", "#86395a", "#f6e7cb"),
    ),
    "business": (
        _palette("forest green and gold", "#0b3d2e", "#2d6a4f", "#e9c46a"),
        _palette("emerald and ivory", "#081c15", "#40916c", "#f1faee"),
        _palette("bottle green and copper", "#173f35", "#3a7d6b", "#e07a5f"),
    ),
    "technology": (
        _palette("midnight and electric cyan", "#0b0c2a", "#1b2a6b", "#00d1ff"),
        _palette("indigo and violet", "#1a1440", "#4b2c91", "#7df9ff"),
        _palette("graphite and lime", "#111418", "#2e3a48", "#b8f34a"),
    ),
    "science": (
        _palette("ink blue and amber", "#0f1c3f", "#264b8c", "#ffb703"),
        _palette("deep teal and coral", "#022b3a", "#1f7a8c", "#ff8066"),
        _palette("night violet and mint", "#1c1333", "#46306b", "#98f5e1"),
    ),
    "sport": (
        _palette("pitch green and white", "#1e5128", "#4e9f3d", "#f8f8f2"),
        _palette("track red and cream", "#6a040f", "#d00000", "#fff3e0"),
        _palette("court blue and yellow", "#023e8a", "#0077b6", "#ffd60a"),
    ),
    "culture": (
        _palette("terracotta and ochre", "#6b2d1a", "#c8553d", "#f6bd60"),
        _palette("mustard and teal", "#2a4d4a", "#d4a017", "#fdf0d5"),
        _palette("magenta and saffron", "#5c1a4a", "#b83280", "#ffc857"),
    ),
    "breaking-news": (
        _palette("signal red and black", "#1a0000", "#b5121b", "#ffffff"),
        _palette("scarlet and charcoal", "#222222", "#c1121f", "#fdf0d5"),
    ),
    "uncategorized": (
        _palette("stone and slate", "#3a3a3a", "#6c757d", "#f8f9fa"),
        _palette("sand and clay", "#7f5539", "#b08968", "#ede0d4"),
    ),
}

#: Sections that draw as their parent (the word on the picture stays their own).
PARENT_SECTION = {"europe": "world", "football": "sport"}


@dataclass(frozen=True)
class Picture:
    """A drawn picture: its JPEG bytes and what it shows, for alternative text."""

    data: bytes
    #: "a globe's meridians in deep blue and teal, with the word WORLD".
    description: str


def section_of(categories: list[str]) -> str:
    """The section whose look a story with *categories* (slugs, in order) takes: its first
    category with one, Breaking News only when it has no other."""
    known = [slug for slug in categories if slug in PALETTES or slug in PARENT_SECTION]
    ordinary = [slug for slug in known if slug != "breaking-news"]
    return (ordinary or known or ["uncategorized"])[0]


@lru_cache(maxsize=128)
def story_picture(slug: str, section: str, label: str) -> Picture:
    """The picture for the story *slug* in *section* (a category slug), with *label* (the
    section's name) written large and faint across it. The same arguments always give the
    same bytes."""
    seed = int.from_bytes(hashlib.sha256(f"magtheme-demo|{slug}".encode()).digest()[:8], "big")
    rng = random.Random(seed)
    look = PARENT_SECTION.get(section, section)
    palette = rng.choice(PALETTES.get(look, PALETTES["uncategorized"]))
    image = _gradient(palette.start, palette.end, rng.uniform(0, 360))
    # An RGBA pen on the RGB picture blends each shape as it is drawn: no overlay to merge.
    draw = ImageDraw.Draw(image, "RGBA")
    _loose_shapes(draw, rng, palette)
    motif_name, motif = MOTIFS.get(look, MOTIFS["uncategorized"])
    motif(draw, rng, palette)
    _word(image, rng, palette, label.upper())
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=QUALITY)
    description = f"{motif_name} in {palette.name}, with the word {label.upper()}"
    return Picture(out.getvalue(), description)


def _gradient(start: RGB, end: RGB, angle: float) -> Image.Image:
    """A linear gradient from *start* to *end*, turned by *angle* degrees."""
    ramp = Image.linear_gradient("L").rotate(angle, resample=Image.Resampling.BICUBIC)
    # Rotating leaves corners empty: keep the middle, which the ramp fills.
    ramp = ramp.crop((48, 48, 208, 208)).resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    return Image.composite(
        Image.new("RGB", (WIDTH, HEIGHT), end), Image.new("RGB", (WIDTH, HEIGHT), start), ramp
    )


def _rgba(colour: RGB, alpha: int) -> tuple[int, int, int, int]:
    return (*colour, alpha)


def _loose_shapes(draw: ImageDraw.ImageDraw, rng: random.Random, palette: Palette) -> None:
    """Large soft discs and a band behind the motif, so no two pictures share a layout."""
    for _ in range(rng.randint(2, 4)):
        r = rng.randint(160, 520)
        x, y = rng.randint(-100, WIDTH + 100), rng.randint(-100, HEIGHT + 100)
        colour = rng.choice((palette.start, palette.end, palette.accent))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_rgba(colour, rng.randint(22, 48)))
    if rng.random() < 0.6:
        y = rng.randint(HEIGHT // 4, HEIGHT * 3 // 4)
        h = rng.randint(40, 140)
        slope = rng.randint(-220, 220)
        draw.polygon(
            [(0, y), (WIDTH, y + slope), (WIDTH, y + slope + h), (0, y + h)],
            fill=_rgba(palette.ink, rng.randint(14, 30)),
        )


def _word(image: Image.Image, rng: random.Random, palette: Palette, word: str) -> None:
    """*word* large and faint, running off one edge of the picture."""
    size = rng.randint(230, 330)
    font = ImageFont.load_default(size=size)
    # Text is not blended by an RGBA pen: draw it as a mask of its opacity instead.
    mask = Image.new("L", image.size, 0)
    pen = ImageDraw.Draw(mask)
    left, top, right, bottom = pen.textbbox((0, 0), word, font=font)
    x = rng.choice((rng.randint(-60, 40), WIDTH - (right - left) + rng.randint(-40, 80)))
    y = rng.choice((-top + rng.randint(-20, 30), HEIGHT - bottom + rng.randint(10, 50)))
    pen.text((x, y), word, font=font, fill=rng.randint(26, 40))
    image.paste(palette.ink, mask=mask)


def _centre(rng: random.Random) -> tuple[int, int]:
    return rng.randint(WIDTH * 3 // 10, WIDTH * 7 // 10), rng.randint(
        HEIGHT * 2 // 5, HEIGHT * 3 // 5
    )


def _meridians(draw: ImageDraw.ImageDraw, rng: random.Random, p: Palette) -> None:
    cx, cy = _centre(rng)
    r = rng.randint(260, 380)
    line = _rgba(p.ink, 150)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_rgba(p.accent, 40), outline=line, width=5)
    for k in range(1, rng.randint(4, 6)):
        w = int(r * math.cos(k * math.pi / 12 * rng.uniform(0.9, 1.6)))
        draw.ellipse((cx - abs(w), cy - r, cx + abs(w), cy + r), outline=_rgba(p.ink, 90), width=3)
    for k in (-2, -1, 0, 1, 2):
        y = cy + k * r // 3
        half = int(math.sqrt(max(r * r - (y - cy) ** 2, 0)))
        draw.line((cx - half, y, cx + half, y), fill=_rgba(p.ink, 90), width=3)
    dot = rng.randint(14, 22)
    px, py = cx + rng.randint(-r // 2, r // 2), cy + rng.randint(-r // 2, r // 2)
    draw.ellipse((px - dot, py - dot, px + dot, py + dot), fill=_rgba(p.accent, 230))


def _hemicycle(draw: ImageDraw.ImageDraw, rng: random.Random, p: Palette) -> None:
    cx, cy = (
        rng.randint(WIDTH * 2 // 5, WIDTH * 3 // 5),
        rng.randint(HEIGHT * 3 // 5, HEIGHT * 4 // 5),
    )
    split = rng.uniform(0.35, 0.65)
    for row in range(rng.randint(5, 7)):
        radius = 180 + row * 52
        seats = 11 + row * 5
        for seat in range(seats):
            angle = math.pi * (1 - seat / (seats - 1))
            x, y = cx + radius * math.cos(angle), cy - radius * math.sin(angle)
            colour = p.accent if seat / (seats - 1) < split else p.ink
            draw.ellipse((x - 15, y - 15, x + 15, y + 15), fill=_rgba(colour, 200))


def _chart(draw: ImageDraw.ImageDraw, rng: random.Random, p: Palette) -> None:
    bars = rng.randint(7, 11)
    base = rng.randint(HEIGHT * 3 // 4, HEIGHT - 80)
    left = rng.randint(120, 420)
    step = rng.randint(70, 95)
    height = rng.randint(80, 160)
    points = []
    for n in range(bars):
        height = max(60, height + rng.randint(-40, 90))
        x = left + n * step
        draw.rectangle((x, base - height, x + step * 3 // 5, base), fill=_rgba(p.ink, 70))
        points.append((x + step * 3 // 10, base - height - 40))
    draw.line(points, fill=_rgba(p.accent, 230), width=9, joint="curve")
    for x, y in points:
        draw.ellipse((x - 12, y - 12, x + 12, y + 12), fill=_rgba(p.accent, 255))


def _circuit(draw: ImageDraw.ImageDraw, rng: random.Random, p: Palette) -> None:
    grid = rng.choice((60, 80, 100))
    for x in range(0, WIDTH, grid):
        for y in range(0, HEIGHT, grid):
            draw.ellipse((x - 3, y - 3, x + 3, y + 3), fill=_rgba(p.ink, 60))
    for _ in range(rng.randint(9, 15)):
        x, y = rng.randrange(0, WIDTH, grid), rng.randrange(0, HEIGHT, grid)
        path = [(x, y)]
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.5:
                x += rng.choice((-1, 1)) * grid * rng.randint(1, 4)
            else:
                y += rng.choice((-1, 1)) * grid * rng.randint(1, 3)
            path.append((x, y))
        draw.line(path, fill=_rgba(p.accent, 190), width=6)
        ex, ey = path[-1]
        draw.ellipse((ex - 12, ey - 12, ex + 12, ey + 12), outline=_rgba(p.accent, 230), width=5)


def _orbits(draw: ImageDraw.ImageDraw, rng: random.Random, p: Palette) -> None:
    cx, cy = _centre(rng)
    core = rng.randint(40, 70)
    draw.ellipse((cx - core, cy - core, cx + core, cy + core), fill=_rgba(p.accent, 235))
    for n in range(1, rng.randint(4, 6)):
        rx, ry = core + n * rng.randint(70, 95), core + n * rng.randint(40, 60)
        draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=_rgba(p.ink, 110), width=3)
        angle = rng.uniform(0, 2 * math.pi)
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        r = rng.randint(10, 24)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_rgba(p.ink, 220))


def _lanes(draw: ImageDraw.ImageDraw, rng: random.Random, p: Palette) -> None:
    cx = rng.choice((-200, WIDTH + 200))
    cy = rng.randint(HEIGHT // 3, HEIGHT * 2 // 3)
    for lane in range(rng.randint(6, 9)):
        r = 420 + lane * 70
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=_rgba(p.ink, 120), width=6)
    bx, by = rng.randint(WIDTH // 3, WIDTH * 2 // 3), rng.randint(HEIGHT // 4, HEIGHT * 3 // 4)
    r = rng.randint(50, 80)
    draw.ellipse((bx - r, by - r, bx + r, by + r), fill=_rgba(p.accent, 235))


def _bauhaus(draw: ImageDraw.ImageDraw, rng: random.Random, p: Palette) -> None:
    for _ in range(rng.randint(3, 5)):
        x, y = rng.randint(200, WIDTH - 200), rng.randint(150, HEIGHT - 150)
        r = rng.randint(110, 240)
        kind = rng.random()
        colour = _rgba(rng.choice((p.accent, p.ink)), rng.randint(120, 200))
        if kind < 0.4:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        elif kind < 0.7:
            start = rng.choice((0, 90, 180, 270))
            draw.pieslice((x - r, y - r, x + r, y + r), start, start + 180, fill=colour)
        else:
            draw.rectangle((x - r, y - r // 2, x + r, y + r // 2), fill=colour)


def _stripes(draw: ImageDraw.ImageDraw, rng: random.Random, p: Palette) -> None:
    width = rng.randint(50, 80)
    offset = rng.randint(0, width * 2)
    for x in range(-HEIGHT - offset, WIDTH, width * 2):
        draw.polygon(
            [(x, HEIGHT), (x + width, HEIGHT), (x + width + HEIGHT, 0), (x + HEIGHT, 0)],
            fill=_rgba(p.ink, 22),
        )
    y = rng.randint(HEIGHT // 3, HEIGHT * 2 // 3)
    draw.rectangle((0, y, WIDTH, y + rng.randint(90, 130)), fill=_rgba(p.accent, 200))


def _blobs(draw: ImageDraw.ImageDraw, rng: random.Random, p: Palette) -> None:
    for _ in range(rng.randint(4, 7)):
        x, y, r = rng.randint(0, WIDTH), rng.randint(0, HEIGHT), rng.randint(60, 200)
        draw.ellipse((x - r, y - r, x + r, y + r), outline=_rgba(p.ink, 120), width=4)


Motif = Callable[[ImageDraw.ImageDraw, random.Random, Palette], None]

#: Each section's motif, with the words alt text uses for it.
MOTIFS: dict[str, tuple[str, Motif]] = {
    "world": ("a globe's meridians", _meridians),
    "politics": ("a hemicycle of parliament seats", _hemicycle),
    "business": ("a rising bar chart", _chart),
    "technology": ("circuit traces on a grid", _circuit),
    "science": ("planets on their orbits", _orbits),
    "sport": ("running-track lanes and a ball", _lanes),
    "culture": ("circles, half-discs and blocks", _bauhaus),
    "breaking-news": ("bold diagonal stripes and a banner", _stripes),
    "uncategorized": ("rings", _blobs),
}

#: The portraits' size in pixels: square, twice the largest avatar themes show.
PORTRAIT_SIZE = 400
#: Background colours of the portraits (dark enough for the light figure on them).
PORTRAIT_BACKDROPS: tuple[tuple[RGB, RGB], ...] = (
    (_rgb("#14213d"), _rgb("#3d5a80")),
    (_rgb("#4a0e2e"), _rgb("#86395a")),
    (_rgb("#0b3d2e"), _rgb("#2d6a4f")),
    (_rgb("#6b2d1a"), _rgb("#c8553d")),
    (_rgb("#1a1440"), _rgb("#4b2c91")),
    (_rgb("#022b3a"), _rgb("#1f7a8c")),
)
#: Skin, hair and clothing tones a portrait takes one of each of.
SKIN_TONES: tuple[RGB, ...] = tuple(
    _rgb(c) for c in ("#f1c7a5", "#e0ac84", "#c68a62", "#a06a44", "#7a4b2c", "#5a3620")
)
HAIR_TONES: tuple[RGB, ...] = tuple(
    _rgb(c) for c in ("#1c1410", "#3b2416", "#6b4226", "#a8743f", "#c9b28a", "#8a8a8a")
)
CLOTHES: tuple[RGB, ...] = tuple(
    _rgb(c) for c in ("#f7f3ea", "#e9c46a", "#e07a5f", "#98f5e1", "#f2d0a4", "#b8f34a")
)


@lru_cache(maxsize=32)
def author_portrait(login: str, name: str) -> Picture:
    """A head-and-shoulders portrait for the user *login*, flat shapes on a gradient (no
    face, no likeness): a JPEG of :data:`PORTRAIT_SIZE` pixels square, the same bytes for
    the same arguments. *name* is for the description."""
    seed = int.from_bytes(hashlib.sha256(f"magtheme-portrait|{login}".encode()).digest()[:8], "big")
    rng = random.Random(seed)
    size = PORTRAIT_SIZE
    start, end = rng.choice(PORTRAIT_BACKDROPS)
    ramp = Image.linear_gradient("L").resize((size, size), Image.Resampling.BICUBIC)
    image = Image.composite(
        Image.new("RGB", (size, size), end), Image.new("RGB", (size, size), start), ramp
    )
    draw = ImageDraw.Draw(image, "RGBA")
    skin, hair, cloth = rng.choice(SKIN_TONES), rng.choice(HAIR_TONES), rng.choice(CLOTHES)
    cx = size // 2 + rng.randint(-12, 12)
    top = int(size * rng.uniform(0.70, 0.75))  # where the shoulders start
    neck = rng.randint(30, 38)
    rx, ry = rng.randint(64, 72), rng.randint(80, 88)
    cy = top - 48 - ry + 20
    cut = rng.choice(("short", "long", "bun", "crop"))
    if cut == "long":  # behind the head, down to the shoulders
        draw.rounded_rectangle(
            (cx - rx - 16, cy - ry + 20, cx + rx + 16, top + 24), radius=60, fill=hair
        )
    # Shoulders: a wide rounded block running off the bottom edge, with a neckline.
    draw.rounded_rectangle((cx - 150, top, cx + 150, size + 80), radius=110, fill=cloth)
    draw.rectangle((cx - neck, top - 60, cx + neck, top + 10), fill=skin)
    draw.polygon([(cx - neck - 8, top + 4), (cx + neck + 8, top + 4), (cx, top + 50)], fill=skin)
    draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=skin)
    if cut == "bun":
        draw.ellipse((cx - 34, cy - ry - 52, cx + 34, cy - ry + 16), fill=hair)
    # The hair's cap: the top of an ellipse round the head, cut flat at the hairline.
    hairline = cy - int(ry * {"short": 0.4, "long": 0.35, "bun": 0.45, "crop": 0.55}[cut])
    y0 = cy - ry - 12
    draw.chord((cx - rx - 6, y0, cx + rx + 6, 2 * hairline - y0), 180, 360, fill=hair)
    if rng.random() < 0.4:  # glasses
        ink = (*_rgb("#111418"), 230)
        for side in (-1, 1):
            gx = cx + side * rx // 2
            draw.ellipse((gx - 21, cy - 14, gx + 21, cy + 16), outline=ink, width=5)
        draw.line((cx - rx // 2 + 21, cy, cx + rx // 2 - 21, cy), fill=ink, width=5)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=QUALITY)
    return Picture(out.getvalue(), f"a drawn head-and-shoulders figure standing for {name}")


#: The demo paper's icon: pixels square (WordPress asks for at least 512), and its colours,
#: Magazine's navy and the world section's amber.
ICON_SIZE = 512
ICON_NAVY = "#14213d"
ICON_AMBER = "#f2c14e"


@lru_cache(maxsize=1)
def paper_icon() -> Picture:
    """The Daily Meridian's site icon: an amber globe with its meridians on a navy square,
    a PNG of :data:`ICON_SIZE` pixels square (the same bytes every time)."""
    size = ICON_SIZE
    navy, amber = _rgb(ICON_NAVY), _rgb(ICON_AMBER)
    image = Image.new("RGB", (size, size), navy)
    draw = ImageDraw.Draw(image)
    margin, width = 72, 26
    box = (margin, margin, size - margin, size - margin)
    draw.ellipse(box, outline=amber, width=width)
    centre, radius = size // 2, size // 2 - margin
    # The meridians: ellipses ever narrower about the vertical axis, and the equator.
    for half in (radius * 0.55, radius * 0.12):
        draw.ellipse(
            (centre - half, margin, centre + half, size - margin), outline=amber, width=width
        )
    draw.line((margin, centre, size - margin, centre), fill=amber, width=width)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return Picture(out.getvalue(), "an amber globe with its meridians on navy")


__all__ = [
    "HEIGHT",
    "MOTIFS",
    "PALETTES",
    "PORTRAIT_SIZE",
    "WIDTH",
    "Picture",
    "author_portrait",
    "paper_icon",
    "section_of",
    "story_picture",
]
