"""Embeds without third parties: ``[embed]`` and bare URLs on their own line.

WordPress turns a URL of a known oEmbed provider that stands alone on its line (or alone in
a paragraph) into the provider's player, fetched from the provider — an iframe and usually
a script, and a request to the third party from every visitor's browser. Magtheme keeps the
same rule for *which* URLs become embeds (WordPress's ``WP_Embed::autoembed`` regexes and
its provider table, ``class-wp-oembed.php``) but prints a privacy-friendly placeholder: the
figure WordPress's embed block uses, holding a plain link to the URL (named "Watch on
YouTube: …" for assistive technology). Nothing
loads from the provider until the visitor follows the link.

Where we differ from WordPress, deliberately:

- known providers get the placeholder, never an ``<iframe>`` or ``<script>``;
- Instagram, Facebook and X (``x.com``) count as known (WordPress 6.1 dropped them from
  core because their oEmbed needs an API key; the link placeholder needs none);
- URLs of unknown sites stay as WordPress leaves them when oEmbed discovery finds nothing:
  plain text for a bare URL, a link for ``[embed]URL[/embed]``. We never run discovery
  (that would be a request to an arbitrary host while rendering).

A bare URL to an audio or video file becomes the ``[audio]``/``[video]`` player, as
WordPress's built-in embed handlers do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .context import ContentContext
from .shortcodes import ShortcodeRegistry, do_shortcode, esc_html, esc_url, replace_in_html_tags


@dataclass(frozen=True)
class Provider:
    """A site whose URLs embed: its name, class slug, kind (``video``, ``rich``…) and URLs."""

    name: str
    slug: str
    kind: str
    patterns: tuple[re.Pattern[str], ...]

    @property
    def verb(self) -> str:
        """What the visitor does there: watch a video, listen to audio, view anything else."""
        return {"video": "Watch", "audio": "Listen"}.get(self.kind, "View")

    def matches(self, url: str) -> bool:
        return any(pattern.search(url) for pattern in self.patterns)


def _provider(name: str, slug: str, kind: str, *patterns: str) -> Provider:
    return Provider(name, slug, kind, tuple(re.compile(p, re.I) for p in patterns))


#: Known providers, WordPress 6.1's list (``WP_oEmbed::__construct``) plus Instagram,
#: Facebook and X. The first whose pattern matches a URL wins.
PROVIDERS: tuple[Provider, ...] = (
    _provider(
        "YouTube",
        "youtube",
        "video",
        r"^https?://((m|www)\.)?youtube\.com/watch.*",
        r"^https?://((m|www)\.)?youtube\.com/playlist.*",
        r"^https?://((m|www)\.)?youtube\.com/shorts/.*",
        r"^https?://youtu\.be/.*",
    ),
    _provider("Vimeo", "vimeo", "video", r"^https?://(.+\.)?vimeo\.com/.*"),
    _provider(
        "Dailymotion",
        "dailymotion",
        "video",
        r"^https?://(www\.)?dailymotion\.com/.*",
        r"^https?://dai\.ly/.*",
    ),
    _provider(
        "Flickr", "flickr", "photo", r"^https?://(www\.)?flickr\.com/.*", r"^https?://flic\.kr/.*"
    ),
    _provider("SmugMug", "smugmug", "photo", r"^https?://(.+\.)?smugmug\.com/.*"),
    _provider("Scribd", "scribd", "rich", r"^https?://(www\.)?scribd\.com/(doc|document)/.*"),
    _provider("WordPress.tv", "wordpress-tv", "video", r"^https?://wordpress\.tv/.*"),
    _provider(
        "Crowdsignal",
        "crowdsignal",
        "rich",
        r"^https?://(.+\.)?polldaddy\.com/.*",
        r"^https?://poll\.fm/.*",
        r"^https?://(.+\.)?survey\.fm/.*",
    ),
    _provider(
        "Twitter",
        "twitter",
        "rich",
        r"^https?://(www\.)?twitter\.com/\w{1,15}/status(es)?/.*",
        r"^https?://(www\.)?twitter\.com/\w{1,15}$",
        r"^https?://(www\.)?twitter\.com/\w{1,15}/likes$",
        r"^https?://(www\.)?twitter\.com/\w{1,15}/lists/.*",
        r"^https?://(www\.)?twitter\.com/\w{1,15}/timelines/.*",
        r"^https?://(www\.)?twitter\.com/i/moments/.*",
    ),
    _provider("X", "x", "rich", r"^https?://(www\.)?x\.com/\w{1,15}/status(es)?/.*"),
    _provider("SoundCloud", "soundcloud", "audio", r"^https?://(www\.)?soundcloud\.com/.*"),
    _provider("Slideshare", "slideshare", "rich", r"^https?://(.+?\.)?slideshare\.net/.*"),
    _provider("Spotify", "spotify", "audio", r"^https?://(open|play)\.spotify\.com/.*"),
    _provider("Imgur", "imgur", "rich", r"^https?://(.+\.)?imgur\.com/.*"),
    _provider("Issuu", "issuu", "rich", r"^https?://(www\.)?issuu\.com/.+/docs/.+"),
    _provider("Mixcloud", "mixcloud", "audio", r"^https?://(www\.)?mixcloud\.com/.*"),
    _provider("TED", "ted", "video", r"^https?://(www\.|embed\.)?ted\.com/talks/.*"),
    _provider("Animoto", "animoto", "video", r"^https?://(www\.)?(animoto|video214)\.com/play/.*"),
    _provider("Tumblr", "tumblr", "rich", r"^https?://(.+)\.tumblr\.com/post/.*"),
    _provider(
        "Kickstarter",
        "kickstarter",
        "rich",
        r"^https?://(www\.)?kickstarter\.com/projects/.*",
        r"^https?://kck\.st/.*",
    ),
    _provider("Cloudup", "cloudup", "rich", r"^https?://cloudup\.com/.*"),
    _provider("ReverbNation", "reverbnation", "audio", r"^https?://(www\.)?reverbnation\.com/.*"),
    _provider("VideoPress", "videopress", "video", r"^https?://videopress\.com/v/.*"),
    _provider("Reddit", "reddit", "rich", r"^https?://(www\.)?reddit\.com/r/[^/]+/comments/.*"),
    _provider("Speaker Deck", "speaker-deck", "rich", r"^https?://(www\.)?speakerdeck\.com/.*"),
    _provider("Screencast", "screencast", "video", r"^https?://(www\.)?screencast\.com/.*"),
    _provider(
        "Amazon",
        "amazon",
        "rich",
        r"^https?://([a-z0-9-]+\.)?amazon\.(com|com\.mx|com\.br|ca)/.*",
        r"^https?://([a-z0-9-]+\.)?amazon\.(co\.uk|de|fr|it|es|in|nl|ru)/.*",
        r"^https?://([a-z0-9-]+\.)?amazon\.(co\.jp|com\.au)/.*",
        r"^https?://([a-z0-9-]+\.)?amazon\.cn/.*",
        r"^https?://(www\.)?(a\.co|amzn\.to|amzn\.eu|amzn\.in|amzn\.asia|z\.cn)/.*",
    ),
    _provider(
        "Someecards",
        "someecards",
        "rich",
        r"^https?://www\.someecards\.com/.+-cards/.+",
        r"^https?://www\.someecards\.com/usercards/viewcard/.+",
        r"^https?://some\.ly/.+",
    ),
    _provider("TikTok", "tiktok", "video", r"^https?://(www\.)?tiktok\.com/.*/video/.*"),
    _provider(
        "Pinterest", "pinterest", "rich", r"^https?://([a-z]{2}|www)\.pinterest\.com(\.(au|mx))?/.*"
    ),
    _provider(
        "Wolfram Cloud", "wolfram-cloud", "rich", r"^https?://(www\.)?wolframcloud\.com/obj/.+"
    ),
    _provider("Pocket Casts", "pocket-casts", "audio", r"^https?://pca\.st/.+"),
    _provider(
        "Instagram",
        "instagram",
        "rich",
        r"^https?://(www\.)?instagr(\.am|am\.com)/(p|tv|reel)/.*",
    ),
    _provider("Facebook", "facebook", "rich", r"^https?://(www\.)?facebook\.com/.*"),
)

_MEDIA_FILE = re.compile(r"^https?://.+?\.(?P<ext>[a-z0-9]+)$", re.I)


def find_provider(url: str) -> Provider | None:
    """The known provider of *url*, or ``None``."""
    url = url.replace("&amp;", "&")
    for provider in PROVIDERS:
        if provider.matches(url):
            return provider
    return None


def embed_placeholder(url: str, provider: Provider | None = None, *, wrapper: bool = True) -> str:
    """The privacy-friendly stand-in for an embed: a figure holding a link to *url*.

    The classes are WordPress's embed-block classes (``wp-block-embed is-type-video
    is-provider-youtube``), so themes that style embeds style this too. With
    ``wrapper=False`` only the link, for a URL already inside an embed block's wrapper.
    """
    url = url.replace("&amp;", "&")
    provider = provider or find_provider(url)
    href = esc_url(url)
    # The visible text is the URL alone, as WordPress shows an embed it cannot fetch (so the
    # post reads the same, excerpts included); the accessible name says where it leads.
    if provider is None:
        label = f"View: {esc_html(url)}"
        classes = "wp-block-embed"
    else:
        label = f"{provider.verb} on {esc_html(provider.name)}: {esc_html(url)}"
        classes = (
            f"wp-block-embed wp-block-embed-{provider.slug} is-type-{provider.kind} "
            f"is-provider-{provider.slug}"
        )
    link = (
        f'<a href="{href}" class="magtheme-embed" rel="noopener" aria-label="{label}">'
        f"{esc_html(url)}</a>"
    )
    if not wrapper:
        return link
    return (
        f'<figure class="{classes} magtheme-embed-placeholder">'
        f'<div class="wp-block-embed__wrapper">{link}</div></figure>'
    )


def _media_player(url: str, context: ContentContext) -> str | None:
    """WordPress's audio and video embed handlers: a bare file URL becomes a player."""
    from .media_shortcodes import (
        AUDIO_EXTENSIONS,
        VIDEO_EXTENSIONS,
        audio_shortcode,
        video_shortcode,
    )

    match = _MEDIA_FILE.match(url)
    if match is None:
        return None
    ext = match.group("ext").lower()
    if ext in AUDIO_EXTENSIONS:
        return audio_shortcode({"src": url}, None, "audio", context)
    if ext in VIDEO_EXTENSIONS:
        return video_shortcode({"src": url}, None, "video", context)
    return None


def embed_url(
    url: str, context: ContentContext, *, link_unknown: bool, wrapper: bool = True
) -> str:
    """What ``WP_Embed::shortcode`` prints for *url*, with our placeholder for providers.

    Unknown URLs become a link with *link_unknown* (``[embed]``), else stay as they are
    (autoembed), ``&amp;`` decoded as WordPress does.
    """
    url = url.strip().replace("&amp;", "&")
    if not url:
        return ""
    player = _media_player(url, context)
    if player is not None:
        return player
    provider = find_provider(url)
    if provider is not None:
        return embed_placeholder(url, provider, wrapper=wrapper)
    if link_unknown:
        return f'<a href="{esc_url(url)}">{esc_html(url)}</a>'
    return url


def embed_shortcode(
    attrs: dict[str, str], content: str | None, tag: str, context: ContentContext
) -> str:
    """``[embed]https://youtu.be/…[/embed]`` (or ``[embed src="…"]``): the embed of the URL."""
    url = (content or "").strip() or attrs.get("src", "")
    return embed_url(url, context, link_unknown=True)


def register_embed_shortcode(registry: ShortcodeRegistry) -> None:
    """Add ``[embed]``."""
    registry.add("embed", embed_shortcode)


def run_embed_shortcode(text: str, context: ContentContext) -> str:
    """WordPress's ``WP_Embed::run_shortcode``: only ``[embed]``, before autop (priority 8).

    Running it early keeps autop from wrapping the embed's markup in paragraphs.
    """
    if "[embed" not in text:
        return text
    only_embed = ShortcodeRegistry()
    register_embed_shortcode(only_embed)
    return do_shortcode(text, only_embed, context)


_LINE_BREAK = "<!-- wp-line-break -->"
_HAS_URL = re.compile(r"(^|\s|>)https?://", re.I)
_URL_LINE = re.compile(r'^(\s*)(https?://[^\s<>"]+)(\s*)$', re.I | re.M)
_URL_PARAGRAPH = re.compile(r'(<p(?: [^>]*)?>\s*)(https?://[^\s<>"]+)(\s*</p>)', re.I)
_IN_EMBED_WRAPPER = re.compile(r"""class=["'][^"']*wp-block-embed__wrapper[^"']*["']>\s*$""")


def autoembed(html: str, context: ContentContext) -> str:
    """WordPress's ``WP_Embed::autoembed``: URLs alone on a line or in a paragraph, embedded.

    Line breaks inside tags are hidden first, so a URL in a multi-line attribute is not
    "alone on its line". A URL in an embed block's wrapper becomes the link only (the block
    already made the figure); a known URL alone in a ``<p>`` replaces the paragraph.
    """
    html = replace_in_html_tags(html, {"\n": _LINE_BREAK})
    if _HAS_URL.search(html):

        def line(match: re.Match[str]) -> str:
            # Only the text just before the URL matters: is it the wrapper's opening tag?
            start = match.start(2)
            inside = bool(_IN_EMBED_WRAPPER.search(html, max(0, start - 200), start))
            replaced = embed_url(match.group(2), context, link_unknown=False, wrapper=not inside)
            return match.group(1) + replaced + match.group(3)

        html = _URL_LINE.sub(line, html)

        def paragraph(match: re.Match[str]) -> str:
            url = match.group(2)
            replaced = embed_url(url, context, link_unknown=False)
            if replaced.startswith(("<figure", "<div", "<audio")):
                return replaced  # block-level markup does not belong inside a <p>
            return match.group(1) + replaced + match.group(3)

        html = _URL_PARAGRAPH.sub(paragraph, html)
    return html.replace(_LINE_BREAK, "\n")


__all__ = [
    "PROVIDERS",
    "Provider",
    "autoembed",
    "embed_placeholder",
    "embed_shortcode",
    "embed_url",
    "find_provider",
    "register_embed_shortcode",
    "run_embed_shortcode",
]
